"""Microsoft and OpenAI's other compute suppliers: the timeline, concentration, and
Microsoft's side of the ledger.

Concentration is measured on *disclosed* compute-purchase commitments (bn USD), by
provider, as of a date. That leaves out what was never priced in public, above all
OpenAI's Azure use before October 2025, when Azure was by Microsoft's own filing its
exclusive provider: the numbers describe the disclosed contracts, not the real split.
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import Package, split_list
from ..rows import described_day

PROVIDERS = ("azure", "oracle", "coreweave", "aws", "google", "cerebras")
PROVIDER_NAMES = {"azure": "Microsoft Azure", "oracle": "Oracle", "coreweave": "CoreWeave",
                  "aws": "Amazon Web Services", "google": "Google Cloud", "cerebras": "Cerebras"}
METRICS = ("hhi", "top_share")
RPO_TOTAL_ID, RPO_OPENAI_SHARE_ID = "C1a", "C1b"
#: Funded to date: the latest vintage (Microsoft's 10-Q for March 2026; M4b had $11.6 bn
#: at September 2025).
STAKE_VALUE_ID, STAKE_ID, COMMITTED_ID, FUNDED_ID = "M7b", "M7", "M4", "OR26.21"


def parse_providers(text: str) -> list[str]:
    """Providers from "azure,oracle" (papermill and YAML friendly); names them if unknown."""
    chosen = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PROVIDERS]
    if unknown or not chosen:
        raise ValueError(f"providers = {text!r}: unknown {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(PROVIDERS)}")
    return chosen


def purchases(pkg: Package, providers: list[str], include_unconfirmed: bool) -> pd.DataFrame:
    """Disclosed compute purchases with an amount, for the chosen providers."""
    by_name = {v: k for k, v in PROVIDER_NAMES.items()}
    ev = pkg.events[(pkg.events["kind"] == "compute purchase")
                    & pkg.events["amount_bn_usd"].notna()]
    ev = ev.assign(provider_id=ev["provider"].map(by_name))
    ev = ev[ev["provider_id"].isin(providers)]
    if not include_unconfirmed:
        ev = ev[ev["status"] == "confirmed"]
    return ev.sort_values("date").reset_index(drop=True)


def shares_as_of(purchases_df: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Each provider's cumulative disclosed commitments and share, as of a date."""
    upto = purchases_df[purchases_df["date"] <= pd.Timestamp(as_of)]
    totals = upto.groupby("provider", as_index=False)["amount_bn_usd"].sum()
    totals["share"] = totals["amount_bn_usd"] / totals["amount_bn_usd"].sum() if len(totals) else []
    return totals.sort_values("amount_bn_usd", ascending=False).reset_index(drop=True)


def concentration(shares: pd.Series, metric: str) -> float:
    """Herfindahl–Hirschman index (sum of squared % shares, 0–10,000) or the top share (%)."""
    if metric not in METRICS:
        raise ValueError(f"concentration_metric = {metric!r}; allowed: {', '.join(METRICS)}")
    if shares.empty:
        return float("nan")
    pct = shares * 100
    return float((pct ** 2).sum()) if metric == "hhi" else float(pct.max())


def concentration_over_time(purchases_df: pd.DataFrame, metric: str, as_of: str) -> pd.DataFrame:
    """The metric after each disclosed purchase, up to `as_of`."""
    rows = []
    for date in sorted(purchases_df["date"].unique()):
        if date > pd.Timestamp(as_of):
            break
        s = shares_as_of(purchases_df, str(pd.Timestamp(date).date()))
        rows.append({"date": date, "value": concentration(s["share"], metric),
                     "providers": len(s), "total_bn_usd": float(s["amount_bn_usd"].sum())})
    return pd.DataFrame(rows, columns=["date", "value", "providers", "total_bn_usd"])


def purchases_source_line(buys: pd.DataFrame) -> str:
    """The source line of the purchase charts: the rows behind the purchases in view."""
    ids = [i for ids in buys["source_ids"] for i in split_list(ids)]
    return "Purchases in data/events.csv: " + (", ".join(dict.fromkeys(ids)) or "none in view")


def microsoft_side(pkg: Package) -> dict:
    """OpenAI in Microsoft's backlog, and Microsoft's money in against its stake's value."""
    v = {k: pkg.value(i) for k, i in (
        ("rpo", RPO_TOTAL_ID), ("openai_share_pct", RPO_OPENAI_SHARE_ID),
        ("stake_value", STAKE_VALUE_ID),
        ("stake_pct", STAKE_ID), ("committed", COMMITTED_ID), ("funded", FUNDED_ID))}
    v["openai_rpo"] = v["rpo"] * v["openai_share_pct"] / 100
    v["value_per_dollar_committed"] = v["stake_value"] / v["committed"]
    return v


#: What the articles said about Microsoft and OpenAI, placed on the timeline.
ARTICLE_CLAIM_IDS = ("C003-11", "C003-14", "C003-13", "C000-10", "C001-11")


def timeline(pkg: Package, as_of: str) -> pd.DataFrame:
    """Events up to `as_of`, with the articles' own statements placed on the same axis.
    Each date is also given as far as it is known (`date_shown`), for tooltips."""
    ev = pkg.events[pkg.events["date"] <= pd.Timestamp(as_of)]
    rows = [{"date": e["date"], "date_shown": fmt.record_date(e["date"], e["date_precision"]),
             "lane": e["kind"], "title": e["title"],
             "sources": ", ".join(split_list(e["source_ids"]))} for _, e in ev.iterrows()]
    published = pkg.articles.set_index("article_id")["date_earliest"]
    for cid in ARTICLE_CLAIM_IDS:
        claim = pkg.claim(cid)
        when = published[claim["article_id"]]
        if when <= pd.Timestamp(as_of):
            rows.append({"date": when, "date_shown": fmt.record_date(when),
                         "lane": "what the articles said", "title": claim["quote_en"],
                         "sources": cid})
    # an as-of date before the first event leaves the timeline empty, not broken
    columns = ["date", "date_shown", "lane", "title", "sources"]
    return pd.DataFrame(rows, columns=columns).sort_values("date").reset_index(drop=True)


#: The terms of the relationship, in the order a reader meets them.
TERMS = ("cloud and API", "IP licence", "AGI clause", "revenue share", "stake")


def terms_in_force(pkg: Package, as_of: str) -> pd.DataFrame:
    """The terms of the OpenAI–Microsoft relationship in force on `as_of`: for each term,
    the latest event that set it, with its date as far as known, status and sources."""
    ev = pkg.events[pkg.events["term"].notna() & (pkg.events["date"] <= pd.Timestamp(as_of))]
    latest = ev.sort_values("date", kind="stable").groupby("term").tail(1).set_index("term")
    grade = pkg.reference.set_index("id")["grade"]
    rows = [{"Term": term[0].upper() + term[1:],
             "In force": latest.loc[term, "title"],
             "Since": fmt.record_date(latest.loc[term, "date"],
                                      latest.loc[term, "date_precision"]),
             "Status": latest.loc[term, "status"],
             # the best page the record has for it: A company text, B press, C a copy
             "Grade": min((grade[i] for i in split_list(latest.loc[term, "source_ids"])
                           if i in grade.index), default="article"),
             "Sources": ", ".join(split_list(latest.loc[term, "source_ids"]))}
            for term in TERMS if term in latest.index]
    return pd.DataFrame(rows, columns=["Term", "In force", "Since", "Status", "Grade",
                                       "Sources"])


def span_text(dates: pd.Series) -> str:
    """The years a timeline covers, for its description: "from 2019 to 2026", "in 2025",
    or "with no event yet" before the first one."""
    if dates.empty:
        return "with no event yet"
    first, last = dates.min().year, dates.max().year
    return f"in {first}" if first == last else f"from {first} to {last}"


DAYS_PER_YEAR = 365.25  # Julian year: averages leap years over four
EXCLUSIVE_FROM_ID, EXCLUSIVE_TO_ID = "M1", "M5"  # Azure exclusive (2019) → right of first refusal


def exclusive_years(pkg: Package) -> float:
    """How long Azure was OpenAI's exclusive cloud: from the 2019 deal to the right of
    first refusal that replaced exclusivity."""
    dates = pkg.reference.set_index("id")["date"]
    return (dates[EXCLUSIVE_TO_ID] - dates[EXCLUSIVE_FROM_ID]).days / DAYS_PER_YEAR


#: The Azure contract that first priced OpenAI's use of Azure (an event id of events.csv).
AZURE_EVENT_ID = "azure_250"
#: Microsoft's filing that Azure powers all of OpenAI's workloads (cited in the prose).
AZURE_ALL_WORKLOADS_ID = "S2"
METRIC_NAMES = {"hhi": "Herfindahl–Hirschman index",
                "top_share": "share of the largest provider (%)"}
#: Each chart's source line: what it draws on, by id.
CHART_SOURCES = {
    "timeline": "data/events.csv (sources per event in the tooltip); claims "
                + ", ".join(sorted(ARTICLE_CLAIM_IDS)),
    "books": "MarketWatch via a mirror (C1a, C1b); Microsoft filings (M4, M7); RTTNews (M7b); "
             "The Daily Scout, summarising Microsoft's 10-Q (OR26.21)",
}


def books(side: dict) -> pd.DataFrame:
    """OpenAI in Microsoft's books, one bar per figure, with its source."""
    return pd.DataFrame([
        {"what": "Microsoft's commercial backlog", "bn_usd": side["rpo"], "part": "backlog",
         "source": RPO_TOTAL_ID},
        {"what": "of which OpenAI (about)", "bn_usd": side["openai_rpo"], "part": "backlog",
         "source": f"{RPO_TOTAL_ID} × {RPO_OPENAI_SHARE_ID}"},
        {"what": "Microsoft's funding commitments", "bn_usd": side["committed"],
         "part": "Microsoft's money", "source": COMMITTED_ID},
        {"what": "of which paid", "bn_usd": side["funded"], "part": "Microsoft's money",
         "source": f"{FUNDED_ID} (grade {{grade}})"},
        {"what": "Value of Microsoft's stake", "bn_usd": side["stake_value"],
         "part": "Microsoft's money", "source": STAKE_VALUE_ID},
    ])


def _terms_text(terms: pd.DataFrame) -> str:
    """How many terms the record sets by the date, and how many rest on reports only."""
    if terms.empty:
        return "No term of the relationship is in the record yet at this date."
    reported = [t.lower() for t in terms.loc[terms["Status"] == "reported", "Term"]]
    n = len(terms)
    if not reported:
        tail = ""
    elif len(reported) == n:
        tail = "; it rests" if n == 1 else "; all of them rest"
    else:
        tail = (f"; the {fmt.listing(reported)} term{'s rest' if len(reported) > 1 else ' rests'}")
    tail += " on reports the companies have not confirmed" if reported else ""
    return f"The record sets {fmt.plural(n, 'term')} of the relationship by this date{tail}."


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`."""
    buys = purchases(pkg, parse_providers(P["providers"]), P["include_unconfirmed"])
    side = microsoft_side(pkg)
    ledger = books(side)
    ledger["source"] = ledger["source"].str.replace("{grade}", pkg.ref(FUNDED_ID)["grade"])
    return {"purchases": buys, "shares": shares_as_of(buys, P["as_of"]),
            "over_time": concentration_over_time(buys, P["concentration_metric"], P["as_of"]),
            "side": side, "books": ledger, "events": timeline(pkg, P["as_of"]),
            "terms": terms_in_force(pkg, P["as_of"])}


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the Microsoft chapter prints, and the scenario comparison shows."""
    a = frames or analysis(pkg, P)
    shares = a["shares"]
    azure = pkg.events.set_index("event_id").loc[AZURE_EVENT_ID]
    numbers = {
        "concentration_now": concentration(shares["share"], P["concentration_metric"]),
        "n_providers": len(shares), "disclosed_total": float(shares["amount_bn_usd"].sum()),
        "top_share_pct": 100 * float(shares["share"].max()) if len(shares) else 0.0,
        "top_provider": shares["provider"].iloc[0] if len(shares) else "none",
        "metric_name": METRIC_NAMES[P["concentration_metric"]],
        "azure_amount": float(azure["amount_bn_usd"]), "azure_date": f"{azure['date']:%B %Y}",
        "rpo_date": f"{pkg.ref(RPO_TOTAL_ID)['date']:%B %Y}",
        "funded_date": f"{described_day(pkg.ref(FUNDED_ID)):%B %Y}",
        "exclusive_years": exclusive_years(pkg),
        "as_of_text": f"{pd.Timestamp(P['as_of']):%-d %B %Y}",
        "unconfirmed_text": "included" if P["include_unconfirmed"] else "left out",
        "terms_text": _terms_text(a["terms"]),
    }
    numbers["purchases_text"] = _purchases_text(shares, numbers["metric_name"],
                                                numbers["concentration_now"])
    numbers["top_share_text"] = (
        f"{numbers['top_provider']}'s share of OpenAI's disclosed compute purchases, the "
        "largest" if len(shares) else "share of the largest provider: no purchase disclosed yet")
    numbers.update({name: a["side"][name] for name in (
        "openai_rpo", "rpo", "openai_share_pct", "stake_value", "stake_pct", "committed",
        "funded", "value_per_dollar_committed")})
    return numbers


def _purchases_text(shares: pd.DataFrame, metric_name: str, concentration_now: float) -> str:
    """The purchases by the as-of date in a clause that reads right with none, one and
    several providers."""
    if shares.empty:
        return ("no compute purchase had been disclosed yet, so there is no concentration "
                "to measure")
    total = fmt.money_bn(float(shares["amount_bn_usd"].sum()))
    level = FORMATS["concentration_now"](concentration_now)
    if len(shares) == 1:
        return (f"OpenAI's disclosed compute purchases total {total}, all with "
                f"{shares['provider'].iloc[0]}, and the {metric_name} stands at {level}")
    top = shares.iloc[0]
    return (f"OpenAI's disclosed compute purchases total {total} across "
            f"{fmt.plural(len(shares), 'provider')}; the largest, {top['provider']}, holds "
            f"{fmt.percent(100 * float(top['share']))}, and the {metric_name} stands at "
            f"{level}")


def cited_ids(pkg: Package) -> set[str]:
    """Every claim and record id the chapter cites (its parameters' sources aside)."""
    return ({s for ids in pkg.events["source_ids"] for s in split_list(ids)}
            | {RPO_TOTAL_ID, RPO_OPENAI_SHARE_ID, STAKE_VALUE_ID, STAKE_ID, COMMITTED_ID,
               FUNDED_ID, EXCLUSIVE_FROM_ID, EXCLUSIVE_TO_ID, AZURE_ALL_WORKLOADS_ID}
            | set(ARTICLE_CLAIM_IDS))


#: How the page prints each key number; units in words stay in the prose.
FORMATS = {
    **{name: fmt.money_bn for name in (
        "disclosed_total", "azure_amount", "openai_rpo", "rpo", "stake_value", "committed",
        "funded")},
    **{name: fmt.percent for name in ("top_share_pct", "openai_share_pct", "stake_pct")},
    # no purchase disclosed by the date: no concentration to measure
    "concentration_now": lambda v: fmt.count(v) if v == v else "not defined",
    "n_providers": lambda n: fmt.plural(n, "provider"),
    **{name: fmt.approx for name in ("exclusive_years", "value_per_dollar_committed")},
}
