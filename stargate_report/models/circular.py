"""Circular deals: the firms that sell OpenAI compute and also put money into it.

Every flow is a row of `data/flows.csv`, stated by its sources. What a reader can change
is what counts: flows announced after the as-of date are not yet known; unconfirmed
ones (reported from unnamed sources, or letters of intent) and conditional ones («up
to» pledges and contract values, contingent tranches, warrants that vest on milestones,
caps) can be left
out; a flow replaced by a later one stops counting from the later one's date. The one
figure that is not a source's is the value of AMD's warrant: its shares times the share
price in effect, less the exercise price, as no source can give it for every price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from ..data import Package, split_list

PARTNERS = ("microsoft", "nvidia", "amd", "amazon", "softbank", "oracle", "coreweave",
            "cerebras", "broadcom")
PARTNER_NAMES = {"microsoft": "Microsoft", "nvidia": "NVIDIA", "amd": "AMD", "amazon": "Amazon",
                 "softbank": "SoftBank", "oracle": "Oracle", "coreweave": "CoreWeave",
                 "cerebras": "Cerebras", "broadcom": "Broadcom"}
OPENAI = "OpenAI"
#: Which way a flow goes, seen from OpenAI; money around it is borrowed (or invested)
#: by a partner to build what OpenAI's contracts pay for.
INTO, FROM, AROUND = "into OpenAI", "from OpenAI", "around OpenAI"
DIRECTIONS = (INTO, FROM, AROUND)
DIRECTION_LABELS = {INTO: "Into OpenAI", FROM: "From OpenAI",
                    AROUND: "Raised by the partner to build"}
#: Kinds of flow that fund OpenAI when they go into it.
FUNDING_KINDS = ("equity", "warrant", "loan")
PURCHASE = "purchase commitment"
UNCONFIRMED = ("reported", "non-binding")
#: The exercise price of AMD's warrant (USD per share), from the warrant itself.
WARRANT_PRICE_ID = "CR2"
#: The price at which the last tranche vests, and the press's value at the announcement.
WARRANT_TARGET_ID, WARRANT_PRESS_VALUE_ID = "CR5", "CR4"
#: What critics and defenders of these deals said, by reference id: who, and which side.
VIEWS = {
    "CR10": ("Reuters, reporting the February 2026 round", "critics (as reported)"),
    "CR11": ("Stacy Rasgon, analyst, Bernstein Research", "critic"),
    "CR12": ("Moody's Ratings, on Oracle", "critic"),
    "CR13": ("Jim Chanos, short seller", "critic"),
    "CR14": ("Pierre Ferragu, New Street Research, on NVIDIA's letter of intent",
             "a measure"),
    "CR15": ("Sarah Friar, OpenAI's chief financial officer", "defender"),
    "CR16": ("Clay Magouyrk, co-CEO of Oracle", "defender"),
}
#: Each chart's source line.
CHART_SOURCES = {
    "flows": "data/flows.csv (sources per flow in the tooltip and the table below); AMD's "
             "warrant valued at the share price in effect",
    "views": "Quoted pages: " + ", ".join(VIEWS),
}


def parse_partners(text: str) -> list[str]:
    """Partners from "microsoft,amd" or "all" (papermill and YAML friendly); names them
    if unknown."""
    if str(text).strip() == "all":
        return list(PARTNERS)
    chosen = [p.strip() for p in str(text).split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PARTNERS]
    if unknown or not chosen:
        raise ValueError(f"partners = {text!r}: unknown {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(PARTNERS)}")
    return chosen


def direction(payer: str, payee: str) -> str:
    """Which way a flow goes, seen from OpenAI."""
    return INTO if payee == OPENAI else FROM if payer == OPENAI else AROUND


def warrant_value_bn(million_shares: float, share_price_usd: float,
                     exercise_price_usd: float) -> float:
    """What a warrant's shares are worth above their exercise price, in bn USD (never
    below zero: a warrant under water is not exercised). Runs on arrays of prices too."""
    return million_shares * 1e6 * np.maximum(share_price_usd - exercise_price_usd, 0.0) / 1e9


def replaced_on(flows: pd.DataFrame) -> pd.Series:
    """The day each flow stops counting: the date of the flow that replaced it (NaT if
    none did)."""
    dates = flows.set_index("flow_id")["date"]
    return flows["superseded_by"].map(lambda later: dates[later] if pd.notna(later) else pd.NaT)


def status_on(status: pd.Series, ends: pd.Series, date: pd.Timestamp) -> pd.Series:
    """Each flow's status on `date`: "cancelled" once the flow that replaced it is known."""
    return status.where(~(ends <= date), "cancelled")


def counts(status: pd.Series, conditional: pd.Series, include_unconfirmed: bool,
           include_nonbinding: bool) -> pd.Series:
    """Whether each flow counts in the totals under the two switches."""
    keep = status != "cancelled"
    if not include_unconfirmed:
        keep &= ~status.isin(UNCONFIRMED)
    if not include_nonbinding:
        keep &= (status != "non-binding") & (conditional != "yes")
    return keep


def amount_text(amount: float, unit: str) -> str:
    """A flow's amount as its source states it: "$300 bn", "160 million shares", "10 GW"."""
    if unit == "USD bn":
        return fmt.money_bn(amount)
    if unit == "million shares":
        return f"{fmt.approx(amount, 3)} million shares"
    return f"{fmt.approx(amount, 3)}{fmt.NBSP}GW"


def flows_in_view(pkg: Package, P: dict) -> pd.DataFrame:
    """The flows known by `as_of` for the chosen partners, with their direction, status
    on that day, value in bn USD (NaN for a capacity in GW) and whether they count."""
    chosen = parse_partners(P["partners"])
    exercise = pkg.value(WARRANT_PRICE_ID)
    every = pkg.flows.assign(ends=replaced_on(pkg.flows))
    f = every[(every["date"] <= pd.Timestamp(P["as_of"])) & every["partner"].isin(chosen)]
    f = f.reset_index(drop=True)
    f["status_now"] = status_on(f["status"], f["ends"], pd.Timestamp(P["as_of"]))
    f["partner_name"] = f["partner"].map(PARTNER_NAMES)
    f["direction"] = [direction(a, b) for a, b in zip(f["payer"], f["payee"], strict=True)]
    f["value_bn"] = [
        a if u == "USD bn" else warrant_value_bn(a, P["warrant_share_price_usd"], exercise)
        if u == "million shares" else float("nan")
        for a, u in zip(f["amount"], f["unit"], strict=True)]
    f["counted"] = counts(f["status_now"], f["conditional"], P["include_unconfirmed"],
                          P["include_nonbinding"])
    f["amount_text"] = [amount_text(a, u) for a, u in zip(f["amount"], f["unit"], strict=True)]
    f["amount_shown"] = [("up to " if c == "yes" else "") + t
                         for c, t in zip(f["conditional"], f["amount_text"], strict=True)]
    f["status_shown"] = [status_text(st, c) for st, c in zip(f["status_now"], f["conditional"],
                                                              strict=True)]
    f["direction_label"] = f["direction"].map(DIRECTION_LABELS)
    f["date_shown"] = [fmt.record_date(d, p) for d, p in zip(f["date"], f["date_precision"],
                                                             strict=True)]
    f["sources"] = [", ".join(split_list(s)) for s in f["source_ids"]]
    return f.sort_values(["date", "flow_id"], kind="stable").reset_index(drop=True)


def _priced(flows: pd.DataFrame) -> pd.DataFrame:
    return flows[flows["counted"] & flows["value_bn"].notna()]


def by_partner(flows: pd.DataFrame) -> pd.DataFrame:
    """For each partner and direction, the counted flows priced in dollars (bn USD)."""
    priced = _priced(flows)
    out = priced.groupby(["partner_name", "direction"], as_index=False)["value_bn"].sum()
    out["direction_label"] = out["direction"].map(DIRECTION_LABELS)
    return out.sort_values(["partner_name", "direction"]).reset_index(drop=True)


def funders_by(flows: pd.DataFrame, date: pd.Timestamp, P: dict) -> set[str]:
    """Partners with a flow of money or shares into OpenAI that counts on `date`."""
    known = flows[(flows["date"] <= date) & (flows["direction"] == INTO)
                  & flows["kind"].isin(FUNDING_KINDS)]
    live = counts(status_on(known["status"], known["ends"], date), known["conditional"],
                  P["include_unconfirmed"], P["include_nonbinding"])
    return set(known.loc[live, "partner"])


def funder_share_over_time(flows: pd.DataFrame, P: dict) -> pd.DataFrame:
    """After each flow: OpenAI's purchases priced in dollars that count by then, the part
    bought from partners that fund it by then, and that part's share (%)."""
    rows = []
    for date in sorted(flows["date"].unique()):
        upto = flows[(flows["date"] <= date) & (flows["kind"] == PURCHASE)
                     & (flows["direction"] == FROM) & flows["value_bn"].notna()]
        upto = upto[counts(status_on(upto["status"], upto["ends"], date), upto["conditional"],
                           P["include_unconfirmed"], P["include_nonbinding"])]
        if upto.empty:
            continue
        funders = funders_by(flows, date, P)
        total = float(upto["value_bn"].sum())
        to_funders = float(upto.loc[upto["partner"].isin(funders), "value_bn"].sum())
        rows.append({"date": date, "purchases_bn": total, "to_funders_bn": to_funders,
                     "share_pct": 100 * to_funders / total,
                     "funders": fmt.listing([PARTNER_NAMES[p] for p in PARTNERS
                                             if p in funders])})
    return pd.DataFrame(rows, columns=["date", "purchases_bn", "to_funders_bn", "share_pct",
                                       "funders"])


def status_text(status: str, conditional: str) -> str:
    """A flow's status for readers: "signed", "signed, conditional", "cancelled"."""
    return status + (", conditional" if conditional == "yes" and status != "cancelled" else "")


def in_totals_text(row: pd.Series) -> str:
    """Whether a flow is in the dollar totals, and if not, why."""
    if not row["counted"]:
        return "no: " + ("replaced" if row["status_now"] == "cancelled" else "left out")
    return "yes" if pd.notna(row["value_bn"]) else "no: no price"


def flows_table(flows: pd.DataFrame) -> pd.DataFrame:
    """The flows for readers, newest last."""
    return pd.DataFrame({
        "Date": flows["date_shown"], "Flow": flows["payer"] + " → " + flows["payee"],
        "Kind": flows["kind"], "Amount": flows["amount_shown"], "Status": flows["status_shown"],
        "In the totals": [in_totals_text(r) for _, r in flows.iterrows()],
        "Sources": flows["sources"], "Note": flows["note"].fillna("")})


def views_table(pkg: Package) -> pd.DataFrame:
    """What critics and defenders said, each with its source and date."""
    rows = []
    for rid, (who, side) in VIEWS.items():
        ref = pkg.ref(rid)
        when = fmt.record_date(ref["date"], ref["date_precision"])
        rows.append({"Side": side, "Who": who, "Said": ref["excerpt"],
                     "Where": f"{ref['publisher']}, {when}", "Grade": ref["grade"], "Id": rid})
    order = {"critics (as reported)": 0, "critic": 1, "a measure": 2, "defender": 3}
    table = pd.DataFrame(rows)
    return (table.assign(_order=table["Side"].map(order)).sort_values(["_order", "Id"])
            .drop(columns="_order").reset_index(drop=True))


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`."""
    flows = flows_in_view(pkg, P)
    return {"flows": flows, "by_partner": by_partner(flows),
            "over_time": funder_share_over_time(flows, P), "table": flows_table(flows),
            "views": views_table(pkg)}


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else float("nan")


def _sum(flows: pd.DataFrame, mask: pd.Series) -> float:
    return float(flows.loc[mask, "value_bn"].sum())


def _sides(f: pd.DataFrame, P: dict) -> tuple[pd.Series, pd.Series, list[str]]:
    """The counted, priced purchases OpenAI makes, the money and shares into it, and the
    partners on both sides (funders that also sell it compute priced in dollars)."""
    priced = f["counted"] & f["value_bn"].notna()
    buys = priced & (f["kind"] == PURCHASE) & (f["direction"] == FROM)
    into = priced & (f["direction"] == INTO)
    funders = funders_by(f, pd.Timestamp(P["as_of"]), P)
    sellers = set(f.loc[buys, "partner"])
    return buys, into, [p for p in PARTNERS if p in funders & sellers]


def headline(pkg: Package, P: dict, flows: pd.DataFrame | None = None) -> dict:
    """The money and shares into OpenAI, and what OpenAI buys from its funders per dollar
    they put in, in arithmetic that also runs on an array of share prices: `key_numbers`
    prints them, and the uncertainty ranges draw them for many prices."""
    # which flows count does not depend on the share price: read them at a placeholder
    # price, so that `P` may hold an array of prices
    f = flows_in_view(pkg, {**P, "warrant_share_price_usd": 1.0}) if flows is None else flows
    buys, into, both = _sides(f, P)

    def value_bn(mask: pd.Series):
        rows = f[mask]
        money = float(rows.loc[rows["unit"] == "USD bn", "amount"].sum())
        shares = float(rows.loc[rows["unit"] == "million shares", "amount"].sum())
        return money + warrant_value_bn(shares, P["warrant_share_price_usd"],
                                        pkg.value(WARRANT_PRICE_ID))

    in_from_both = np.asarray(value_bn(into & f["partner"].isin(both)), float)
    to_funders = _sum(f, buys & f["partner"].isin(both))
    return {"into_bn": value_bn(into),
            "back_per_dollar": np.where(in_from_both == 0, np.nan,
                                        to_funders / np.where(in_from_both == 0, 1.0,
                                                              in_from_both))}


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the circular-deals chapter prints, and the scenario comparison shows."""
    a = frames or analysis(pkg, P)
    f = a["flows"]
    priced = f["counted"] & f["value_bn"].notna()
    buys, into, both = _sides(f, P)
    funders = funders_by(f, pd.Timestamp(P["as_of"]), P)
    top = headline(pkg, P, f)
    purchases = _sum(f, buys)
    to_funders = _sum(f, buys & f["partner"].isin(both))
    in_from_both = _sum(f, into & f["partner"].isin(both))
    warrant = pkg.flows.set_index("flow_id").loc["amd_warrant"]
    numbers = {
        "as_of_text": f"{pd.Timestamp(P['as_of']):%-d %B %Y}",
        "n_partners": int(f["partner"].nunique()), "n_flows": len(f),
        "n_counted": int(f["counted"].sum()),
        "into_bn": float(top["into_bn"]),
        "from_bn": _sum(f, priced & (f["direction"] == FROM)),
        "around_bn": _sum(f, priced & (f["direction"] == AROUND)),
        "purchases_bn": purchases, "to_funders_bn": to_funders,
        "funder_share_pct": 100 * to_funders / purchases if purchases else 0.0,
        "in_from_sellers_bn": in_from_both,
        "back_per_dollar": float(top["back_per_dollar"]),
        "back_per_firm_dollar": _ratio(to_funders, _sum(f, into & f["partner"].isin(both)
                                                         & (f["conditional"] == "no"))),
        "both_text": fmt.listing([PARTNER_NAMES[p] for p in both], empty="none of them"),
        "n_both": len(both),
        "warrant_shares_m": float(warrant["amount"]),
        "warrant_value_bn": warrant_value_bn(float(warrant["amount"]),
                                             P["warrant_share_price_usd"],
                                             pkg.value(WARRANT_PRICE_ID)),
        "warrant_price_text": f"${P['warrant_share_price_usd']:,.2f}",
        "warrant_target_bn": warrant_value_bn(float(warrant["amount"]),
                                              pkg.value(WARRANT_TARGET_ID),
                                              pkg.value(WARRANT_PRICE_ID)),
        "warrant_press_bn": pkg.value(WARRANT_PRESS_VALUE_ID),
        "warrant_exercise_text": f"${pkg.value(WARRANT_PRICE_ID):,.2f}",
        "warrant_target_price_text": f"${pkg.value(WARRANT_TARGET_ID):,.0f}",
        "unconfirmed_text": "included" if P["include_unconfirmed"] else "left out",
        "nonbinding_text": "included" if P["include_nonbinding"] else "left out",
    }
    only_fund = [PARTNER_NAMES[p] for p in PARTNERS if p in funders - set(both)]
    numbers["funders_only_text"] = (
        f"{fmt.listing(only_fund)} also {'puts' if len(only_fund) == 1 else 'put'} money or "
        "shares into OpenAI, but OpenAI buys nothing from "
        f"{'it' if len(only_fund) == 1 else 'them'} that is priced in dollars, so the share "
        f"cannot count {'it' if len(only_fund) == 1 else 'them'}." if only_fund else
        "Every firm that funds OpenAI also sells it compute priced in dollars.")
    numbers["oracle_debt_bn"] = _sum(f, priced & (f["partner"] == "oracle")
                                     & (f["direction"] == AROUND))
    numbers["aws_alt_share_pct"] = aws_overlap_share(f, buys, both)
    aws = pkg.flows.set_index("flow_id")["amount"]
    numbers["aws_first_bn"], numbers["aws_expansion_bn"] = aws[AWS_FIRST], aws[AWS_EXPANSION]
    numbers["moves_text"] = moves_text(a["over_time"], f)
    touching = claims_touching(pkg)
    numbers["n_claims_touching"] = len(touching)
    numbers["touching_text"] = fmt.listing(sorted({f for fl in touching.values() for f in fl}),
                                           empty="none of the flows")
    numbers["binding_text"] = binding_text(f)
    numbers["binding_count_text"] = binding_count_text(f)
    numbers["unpriced_text"] = unpriced_text(f)
    numbers["share_text"] = share_text(numbers)
    return numbers


def _loose(flows: pd.DataFrame) -> pd.DataFrame:
    """Flows in view that do not bind: reported, letters of intent, or conditional."""
    return flows[(flows["status_now"].isin(UNCONFIRMED) | (flows["conditional"] == "yes"))
                 & (flows["status_now"] != "cancelled")]


#: The two AWS agreements, which pages word differently: the 2026 one added to the 2025
#: one (as flows.csv counts them) or raised it to the 2026 amount (FN26.8, events.csv).
AWS_FIRST, AWS_EXPANSION = "aws_38", "aws_100"


def aws_overlap_share(flows: pd.DataFrame, buys: pd.Series, both: list[str]) -> float:
    """The share to funders if the 2026 AWS agreement raised the 2025 one instead of adding
    to it: the first agreement's amount taken out of both sides (NaN when either is not
    counted)."""
    ids = flows.loc[buys, "flow_id"]
    if not {AWS_FIRST, AWS_EXPANSION} <= set(ids):
        return float("nan")
    first = float(flows.loc[flows["flow_id"] == AWS_FIRST, "value_bn"].iloc[0])
    total = _sum(flows, buys) - first
    to_funders = _sum(flows, buys & flows["partner"].isin(both)) - first
    return 100 * to_funders / total


def moves_text(over_time: pd.DataFrame, flows: pd.DataFrame) -> str:
    """The largest fall and the largest rise of the share to funders, each with the flows
    announced that day; "" when the share never moved."""
    if len(over_time) < 2:
        return ""
    change = over_time["share_pct"].diff()
    parts = []
    for verb, i in (("fell most", change.idxmin()), ("rose most", change.idxmax())):
        step = change[i]
        if not step or step != step or (verb == "fell most") != (step < 0):
            continue
        day = over_time.loc[i, "date"]
        news = flows[(flows["date"] == day) & flows["counted"]]
        what = fmt.listing([f"{r['payer']} → {r['payee']} {r['amount_shown']}"
                            for _, r in news.iterrows()])
        parts.append(f"It {verb} on {fmt.long_date(day, news['date_precision'].iloc[0])}, "
                     f"from {fmt.percent(over_time.loc[i, 'share_pct'] - step)} to "
                     f"{fmt.percent(over_time.loc[i, 'share_pct'])}, with {what}.")
    return " ".join(parts)


def binding_count_text(flows: pd.DataFrame) -> str:
    """How many flows in view do not bind, as a clause: "9 of the 29 flows in view …"."""
    loose = _loose(flows)
    if flows.empty:
        return "no flow is in the record by this date"
    if loose.empty:
        return "every flow in view is binding"
    return (f"{fmt.of_all(len(loose), len(flows), 'flow')} in view "
            f"{'is' if len(loose) == 1 else 'are'} reported, a letter of intent or conditional")


def binding_text(flows: pd.DataFrame) -> str:
    """Which flows in view are not binding: letters of intent, reports, conditional
    amounts; a clause that reads right with none, one or several."""
    loose = _loose(flows)
    if loose.empty:
        return "Every flow in view is firm."
    items = [f"{r['payer']} → {r['payee']} {('up to ' if r['conditional'] == 'yes' else '')}"
             f"{r['amount_text']} ({_looseness(r)})" for _, r in loose.iterrows()]
    text = (f"{fmt.of_all(len(loose), len(flows), 'flow')} in view "
            f"{'is' if len(loose) == 1 else 'are'} not firm: {fmt.listing(items)}.")
    return text[0].upper() + text[1:]


def _looseness(row: pd.Series) -> str:
    if row["status_now"] == "non-binding":
        return "a letter of intent"
    if row["status_now"] == "reported":
        return "reported" + ("; a maximum" if row["conditional"] == "yes" else "")
    return "conditional"


def unpriced_text(flows: pd.DataFrame) -> str:
    """The purchases announced in gigawatts without a price, which no dollar total holds."""
    gw = flows[(flows["unit"] == "GW") & flows["counted"]]
    if gw.empty:
        return "No purchase in view is stated only in gigawatts."
    items = [f"{r['partner_name']} {amount_text(r['amount'], r['unit'])}"
             for _, r in gw.iterrows()]
    return (f"Purchases stated only in gigawatts, with no price, are in no dollar total: "
            f"{fmt.listing(items)}.")


def share_text(n: dict) -> str:
    """How much of OpenAI's compute buying goes to firms that also fund it, as a clause
    that reads right with no purchase, no such firm, one or several."""
    if not n["purchases_bn"]:
        return "no compute purchase priced in dollars is in view, so there is no share to measure"
    total = fmt.money_bn(n["purchases_bn"])
    if not n["n_both"]:
        return (f"of the {total} of compute OpenAI has committed to buy, none goes to a firm "
                "that also funds it")
    return (f"of the {total} of compute OpenAI has committed to buy, "
            f"{fmt.money_bn(n['to_funders_bn'])} ({fmt.percent(n['funder_share_pct'])}) "
            f"goes to {n['both_text']}, "
            f"{'a firm that also puts' if n['n_both'] == 1 else 'firms that also put'} money or "
            f"shares into OpenAI: {fmt.money_bn(n['in_from_sellers_bn'])} in all")


def flow_label(row: pd.Series) -> str:
    """A flow in words: "OpenAI → Oracle, $300 bn (purchase commitment)"."""
    amount = amount_text(row["amount"], row["unit"])
    return f"{row['payer']} → {row['payee']}, {amount} ({row['kind']})"


def claims_touching(pkg: Package) -> dict[str, list[str]]:
    """The article claims that touch a flow, each with the flows it touches, in words."""
    touching: dict[str, list[str]] = {}
    for _, row in pkg.flows.iterrows():
        for cid in split_list(row["claim_ids"]):
            touching.setdefault(cid, []).append(flow_label(row))
    return touching


def cited_ids(pkg: Package) -> set[str]:
    """Every claim and record id the chapter cites (its parameters' sources aside)."""
    return ({s for ids in pkg.flows["source_ids"] for s in split_list(ids)}
            | {c for ids in pkg.flows["claim_ids"] for c in split_list(ids)}
            | {WARRANT_PRICE_ID, WARRANT_TARGET_ID, WARRANT_PRESS_VALUE_ID, "OR26.21",
               "FN26.11", "FN26.5"} | set(VIEWS))


#: How the page prints each key number; units in words stay in the prose.
FORMATS = {
    **{name: fmt.money_bn for name in (
        "into_bn", "from_bn", "around_bn", "purchases_bn", "to_funders_bn",
        "in_from_sellers_bn", "warrant_value_bn", "warrant_target_bn", "warrant_press_bn",
        "aws_first_bn", "aws_expansion_bn")},
    "funder_share_pct": fmt.percent, "oracle_debt_bn": fmt.money_bn,
    "aws_alt_share_pct": lambda v: fmt.percent(v) if v == v else "not defined",
    **{name: (lambda v: fmt.approx(v) if v == v else "not defined")
       for name in ("back_per_dollar", "back_per_firm_dollar")},
    "warrant_shares_m": lambda v: f"{fmt.approx(v, 3)} million",
    "n_partners": lambda n: fmt.plural(n, "partner"),
    "n_flows": lambda n: fmt.plural(n, "flow"),
    "n_counted": lambda n: fmt.plural(n, "flow"),
    "n_claims_touching": lambda n: fmt.plural(n, "claim"),
}
