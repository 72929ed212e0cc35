"""Funding: the Oracle contract's yearly payments, OpenAI's revenue, and who can carry what.

The payment arithmetic (schedules, revenue paths, coverage) is in `payments`; this
module reads the record for the chapter and computes what its page prints.

All amounts are in billions of US dollars (bn USD), by calendar year unless a name
says otherwise (Oracle's fiscal year ends on 31 May).
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import Package
from .payments import (
    PROFILES,
    ScheduleError,
    coverage,
    first_covered_year,
    reconcile,
    revenue_multiples,
    revenue_path,
    schedule,
    spread,
)

#: Re-exported: the payment arithmetic the chapter is built on (see `payments`).
__all__ = ["PROFILES", "ScheduleError", "coverage", "first_covered_year", "reconcile",
           "revenue_path", "schedule", "spread"]

def rpo_concentration(pkg: Package, contract_total_bn_usd: float, rpo_ids: tuple[str, ...],
                      booked_from_id: str) -> pd.DataFrame:
    """Oracle's remaining performance obligations over time, and the contract's share.

    The contract counts only in backlogs reported from `booked_from_id` on (the first
    report after it was signed); before that its share is zero.
    """
    booked_from = pkg.ref(booked_from_id)["date"]
    rows = []
    for rid in rpo_ids:
        ref = pkg.ref(rid)
        in_backlog = ref["date"] >= booked_from
        share = min(contract_total_bn_usd / ref["value"], 1.0) if in_backlog else 0.0
        rows.append({"reference_id": rid, "date": ref["date"], "rpo_bn_usd": ref["value"],
                     "grade": ref["grade"], "contract_share": share})
    return pd.DataFrame(rows).sort_values("date").reset_index(drop=True)


#: The public-record rows the chapter reads, by role (every one is cited on the page).
RPO_IDS = ("OR1b", "O5", "O8", "O9", "O10")
#: The first backlog reported after the contract was signed: Oracle's quarter to
#: 31 August 2025, whose backlog jumped the day before the WSJ report (O3).
CONTRACT_BOOKED_IN_ID = "O5"
OCI_OUTLOOK_IDS = {2026: "O6a", 2027: "O6b", 2028: "O6c", 2029: "O6d", 2030: "O6e"}
ORACLE_REVENUE_IDS = {2025: "OR1", 2026: "O10b"}
OCI_REVENUE_IDS = {2025: "OR2"}
FINANCING_IDS = ("OR3", "OR4a", "OR4b", "OR4c", "OR5", "OR6a", "OR6b", "OR7")
FIRST_YEAR_CLAIM, ANNUAL_CLAIM = "C003-24", "C004-04"
#: Commitments that are purchases of compute by OpenAI, the ones its revenue must carry.
COMPUTE_KIND = "compute purchase"
#: The contract this chapter models year by year (the others are spread evenly).
CONTRACT_ID = "oracle_contract"


def other_compute_purchases(commitments: pd.DataFrame) -> pd.DataFrame:
    """OpenAI's compute purchases other than the modelled Oracle contract."""
    return commitments[(commitments["kind"] == COMPUTE_KIND)
                       & (commitments["commitment_id"] != CONTRACT_ID)]


def oracle_fiscal_year(calendar_year: int) -> int:
    """Oracle's fiscal year that holds most of a calendar year (FY ends on 31 May):
    calendar 2027 falls mostly in FY2028 (June 2027 to May 2028)."""
    return calendar_year + 1


def oci_comparison(pkg: Package, payments: pd.DataFrame) -> pd.DataFrame:
    """Contract payments, mapped to Oracle fiscal years, against OCI revenue guidance."""
    rows = []
    by_fy = {oracle_fiscal_year(int(y)): p for y, p in
             zip(payments["year"], payments["payment_bn_usd"], strict=True)}
    for fy, rid in OCI_OUTLOOK_IDS.items():
        rows.append({"fiscal_year": fy, "oci_outlook_bn_usd": pkg.value(rid),
                     "contract_payment_bn_usd": by_fy.get(fy, 0.0), "reference_id": rid})
    out = pd.DataFrame(rows)
    out["contract_share_of_oci"] = out["contract_payment_bn_usd"] / out["oci_outlook_bn_usd"]
    return out


#: OpenAI revenue figures shown beside the commitments for scale (not commitments), with
#: what each measures: a year's revenue or an annualised run-rate are not the same thing.
REVENUE_SCALE_LABELS = {
    "OA1": "OpenAI revenue 2024, projected",
    "OA7b": "OpenAI run-rate, end of 2024",
    "OA3": "OpenAI run-rate, summer 2025",
    "OA3b": "OpenAI revenue 2025, target",
    "OA7": "OpenAI run-rate, end of 2025",
}
REVENUE_SCALE_IDS = tuple(REVENUE_SCALE_LABELS)


def revenue_for_scale(pkg: Package) -> pd.DataFrame:
    """OpenAI's revenue figures in the record, labelled by basis (run-rate or full year)."""
    rows = []
    for rid in REVENUE_SCALE_IDS:
        ref = pkg.ref(rid)
        rows.append({"reference_id": rid, "label": REVENUE_SCALE_LABELS[rid],
                     "amount_bn_usd": ref["value"], "grade": ref["grade"]})
    return pd.DataFrame(rows)


def against_oracle_revenue(pkg: Package, payments: pd.DataFrame) -> pd.DataFrame:
    """The contract's mean and peak yearly payment as a share of Oracle's reported revenue."""
    mean, peak = payments["payment_bn_usd"].mean(), payments["payment_bn_usd"].max()
    rows = []
    for label, ids in (("Oracle total revenue", ORACLE_REVENUE_IDS),
                       ("Oracle cloud-infrastructure revenue", OCI_REVENUE_IDS)):
        for fiscal_year, rid in ids.items():
            value = pkg.value(rid)
            rows.append({"what": f"{label}, FY{fiscal_year}", "reference_id": rid,
                         "revenue_bn_usd": value, "mean_payment_share": mean / value,
                         "peak_payment_share": peak / value})
    return pd.DataFrame(rows)


WSJ_TOTAL_ID, ORACLE_ANNUAL_ID = "O3", "O1"
#: The contract's total, term and start as reported (the parameters' sources).
CONTRACT_TERM_IDS = ("O3", "O4", "C000-01", "C003-01", "C004-01", "C000-02", "C003-23")
REVENUE_BASE_ID = "OA3b"
#: The Oracle fiscal year whose revenue an average payment is set against in the prose.
ORACLE_FY_COMPARED = 2025
#: Each chart's source line: what it draws on, by id.
CHART_SOURCES = {
    "commitments": "data/commitments.csv; revenue: data/reference.csv; each bar's source in "
                   "the tooltip and in the table at the end",
    "profiles": "Total, term and start: O3, O4, articles 000/003/004; first-year and annual "
                "figures: C003-24, C004-04",
    "rpo": "Oracle results releases and filings: " + ", ".join(RPO_IDS) + "; contract: O3",
    "oci": "OCI guidance: " + ", ".join(OCI_OUTLOOK_IDS.values()) + "; contract: O3, O4, C003-24",
}


def unconfirmed_text(commitments: pd.DataFrame, include_unconfirmed: bool) -> str:
    """Which compute purchases are unconfirmed, and whether they count: "the unconfirmed
    Oracle and Cerebras figures included"."""
    compute = commitments[commitments["kind"] == COMPUTE_KIND]
    payees = list(dict.fromkeys(compute.loc[compute["status"] != "confirmed", "payee"]))
    if not payees:
        return "every figure confirmed"
    figures = "figure" if len(payees) == 1 else "figures"
    return (f"the unconfirmed {fmt.listing(payees)} {figures} "
            f"{'included' if include_unconfirmed else 'left out'}")


def revenue_source_line(commitments: pd.DataFrame) -> str:
    """The revenue chart's source line: the revenue base, the contract, and the rows behind
    the other purchases in view."""
    others = ", ".join(dict.fromkeys(other_compute_purchases(commitments)["source_id"]))
    return (f"Revenue base: {REVENUE_BASE_ID}; contract: O3, O4, {FIRST_YEAR_CLAIM}; other "
            f"purchases: {others or 'none in view'} (data/commitments.csv)")


def in_view(commitments: pd.DataFrame, include_unconfirmed: bool) -> pd.DataFrame:
    """The commitments counted in totals: all of them, or only those the parties confirmed."""
    return commitments if include_unconfirmed else commitments[commitments["status"] == "confirmed"]


def contract_counted(pkg: Package, include_unconfirmed: bool) -> bool:
    """Whether the Oracle contract's payments count in the totals: it is unconfirmed
    (reported from unnamed sources), so only when unconfirmed figures are included."""
    return CONTRACT_ID in set(in_view(pkg.commitments, include_unconfirmed)["commitment_id"])


def profile_schedules(profiles: pd.DataFrame, P: dict) -> pd.DataFrame:
    """Every profile's yearly payments that can be built, and which one is in effect."""
    ok = profiles.loc[profiles["error"].eq(""), "profile"]
    out = pd.concat([
        schedule(P["contract_total_bn_usd"], P["contract_years"], P["contract_start_year"],
                 profile, P["first_year_bn_usd"], P["custom_weights"]).assign(profile=profile)
        for profile in ok])
    out["in_effect"] = out["profile"] == P["schedule_profile"]
    return out.reset_index(drop=True)


def owed_per_year(contract: pd.DataFrame, others: pd.DataFrame, counted: bool,
                  P: dict) -> pd.DataFrame:
    """What OpenAI owes each year that the comparison with revenue covers: the contract
    (when counted) and its other purchases, from the first year owed to the contract's last.

    Every year of that window is in it, with nothing owed if no purchase falls in it, so
    that "at worst" and "in total" cover the same years, and a year of other purchases
    before the contract is not left out.
    """
    end_year = int(contract["year"].max())
    payments = pd.concat(([contract] if counted else []) + [others])
    start = coverage_start_year(P, others)
    window = payments[payments["year"] >= start][["year", "payment_bn_usd"]]
    years = pd.DataFrame({"year": range(start, end_year + 1), "payment_bn_usd": 0.0})
    return pd.concat([years, window]).groupby("year", as_index=False)["payment_bn_usd"].sum()


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`.

    When unconfirmed figures are left out, the contract is still modelled year by year
    (the chapter is about it), but its payments are not counted in the totals.
    """
    commitments, counted, contract, others = _purchases(pkg, P)
    profiles = reconcile(P["contract_total_bn_usd"], P["contract_years"],
                         P["contract_start_year"], pkg.value(FIRST_YEAR_CLAIM),
                         pkg.value(ANNUAL_CLAIM), P["custom_weights"])
    end_year = int(contract["year"].max())
    revenue = revenue_path(P["revenue_base_year"], P["revenue_base_bn_usd"],
                           P["revenue_growth_rate"], P["revenue_growth_decay"], end_year)
    owed = owed_per_year(contract, others, counted, P)
    return {
        "commitments": commitments, "contract": contract, "contract_counted": counted,
        "profiles": profiles, "schedules": profile_schedules(profiles, P),
        "revenue": revenue, "cov_contract": coverage(contract, revenue), "owed": owed,
        "cov_all": coverage(owed, revenue),
        "rpo": rpo_concentration(pkg, P["contract_total_bn_usd"], RPO_IDS,
                                 CONTRACT_BOOKED_IN_ID),
        "oci": oci_comparison(pkg, contract),
        "vs_oracle": against_oracle_revenue(pkg, contract),
        "scale": revenue_for_scale(pkg),
        "financing": financing(pkg),
    }


def _purchases(pkg: Package, P: dict) -> tuple[pd.DataFrame, bool, pd.DataFrame, pd.DataFrame]:
    """The commitments in view, whether the contract counts in the totals, its yearly
    schedule, and the other purchases spread over their terms up to its last year."""
    commitments = in_view(pkg.commitments, P["include_unconfirmed"])
    contract = schedule(P["contract_total_bn_usd"], P["contract_years"],
                        P["contract_start_year"], P["schedule_profile"],
                        P["first_year_bn_usd"], P["custom_weights"])
    others = spread(other_compute_purchases(commitments), P["other_commitments_start_year"],
                    P["other_commitments_years"])
    others = others[others["year"] <= int(contract["year"].max())]
    return commitments, contract_counted(pkg, P["include_unconfirmed"]), contract, others


def owed_in_view(pkg: Package, P: dict) -> pd.DataFrame:
    """`owed_per_year` from the parameters alone (none of its inputs is drawn)."""
    _, counted, contract, others = _purchases(pkg, P)
    return owed_per_year(contract, others, counted, P)


def headline(pkg: Package, P: dict, owed: pd.DataFrame | None = None) -> dict:
    """The chapter's headline numbers from its parameters, in arithmetic that also runs on
    arrays of revenue growth and slowdown (one value per draw): `key_numbers` prints them,
    and the uncertainty ranges draw them for many values at once."""
    owed = owed_in_view(pkg, P) if owed is None else owed
    years = owed["year"].to_numpy()
    pay = owed["payment_bn_usd"].to_numpy(float)
    revenue = revenue_multiples(P["revenue_base_bn_usd"], P["revenue_growth_rate"],
                                P["revenue_growth_decay"], int(years[-1]) - P["revenue_base_year"])
    in_window = revenue[..., years - P["revenue_base_year"]]
    return {"cumulative_gap_all": (pay - in_window).sum(axis=-1),
            "max_share_all_pct": 100 * (pay / in_window).max(axis=-1),
            "revenue_end": revenue[..., -1]}


def commitments_bars(pkg: Package, commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments in view beside OpenAI's revenue for scale, one labelled bar each,
    with its status (for revenue, its source's grade) and its citation."""
    scale = revenue_for_scale(pkg)
    scale = scale.assign(kind="OpenAI revenue (for scale)", status="grade " + scale["grade"],
                         payer="", payee="", source_id=scale["reference_id"])
    bars = pd.concat([commitments, scale], ignore_index=True)
    return bars.assign(
        shown=bars["label"] + " (" + bars["status"] + ")",
        firm=bars["status"].eq("confirmed") | bars["status"].str.startswith("grade"),
        source=[pkg.source(sid)["citation"] for sid in bars["source_id"]])


def revenue_vs_payments(frames: dict, P: dict) -> pd.DataFrame:
    """Revenue from the year before the contract, the contract's payments and all
    payments counted, one series each (long form, for a line chart)."""
    revenue = frames["revenue"]
    contract_label = ("Oracle contract payments" if frames["contract_counted"]
                      else "Oracle contract payments (unconfirmed: not counted)")
    parts = [
        revenue[revenue["year"] >= P["contract_start_year"] - 1]
        .rename(columns={"revenue_bn_usd": "bn_usd"})
        .assign(series="OpenAI revenue (path in effect)"),
        frames["cov_contract"].rename(columns={"payment_bn_usd": "bn_usd"})
        .assign(series=contract_label),
        frames["cov_all"].rename(columns={"payment_bn_usd": "bn_usd"})
        .assign(series="All disclosed compute purchases counted"),
    ]
    return pd.concat([p[["year", "bn_usd", "series"]] for p in parts], ignore_index=True)


def rpo_split(rpo: pd.DataFrame) -> pd.DataFrame:
    """Each backlog split into the contract (if all of it is in the backlog) and the rest,
    long form, for stacked bars."""
    parts = rpo.assign(contract=rpo["rpo_bn_usd"] * rpo["contract_share"],
                       rest=rpo["rpo_bn_usd"] * (1 - rpo["contract_share"]),
                       when=rpo["date"].dt.strftime("%b %Y"))
    out = parts.melt(id_vars=["when", "reference_id", "grade", "rpo_bn_usd", "contract_share"],
                     value_vars=["contract", "rest"], var_name="part", value_name="bn_usd")
    out["part"] = out["part"].map({"contract": "OpenAI contract (if all in the backlog)",
                                   "rest": "Other obligations"})
    return out


def _fit(profiles: pd.DataFrame, what: str) -> str:
    """"the linear and custom profiles fit …", "the flat profile fits …", "no profile
    fits …": which profiles fit `what`, as a clause."""
    names = [p.replace("_", "-") for p in profiles["profile"]]
    if not names:
        return f"no profile fits {what}"
    many = len(names) > 1
    return (f"the {fmt.listing(names)} profile{'s fit' if many else ' fits'} {what}")


def coverage_start_year(P: dict, others: pd.DataFrame) -> int:
    """The first year the comparison of all purchases with revenue covers: the first year
    anything is owed, the contract or another purchase, but not before the first year of
    projected revenue (the base year's revenue is a reported figure, not a projection)."""
    first_owed = min([P["contract_start_year"], *others["year"]])
    return max(P["revenue_base_year"] + 1, int(first_owed))


def _cover_text(year: int | None, end_year: int, what: str) -> str:
    """"first covers X in 2028", or "does not cover X in any year up to 2031"."""
    if year:
        return f"first covers {what} in {year}"
    return f"does not cover {what} in any year up to {end_year}"


def _gap_text(gap_bn_usd: float) -> str:
    """The cumulative gap as a clause that reads right whatever its sign."""
    if gap_bn_usd > 0:
        return f"exceed revenue by {fmt.money_bn(gap_bn_usd)} in total"
    if gap_bn_usd < 0:
        return f"stay {fmt.money_bn(-gap_bn_usd)} below revenue in total"
    return "match revenue exactly in total"


def gap_range_text(low_bn_usd: float, high_bn_usd: float) -> str:
    """What the 90% range of the purchases beyond revenue says about which is larger, in a
    sentence that reads right whichever side of zero each end falls."""
    net = ("The total is net: a year in which revenue exceeds the purchases counts against "
           "the others.")
    if low_bn_usd > 0:
        return f"{net} Across its 90% range, the purchases exceed revenue."
    if high_bn_usd < 0:
        return f"{net} Across its 90% range, revenue exceeds the purchases."
    return (f"{net} Its 90% range runs from revenue ahead to purchases ahead: which is larger "
            "depends on the estimates.")


#: How the page prints each key number (the others are text already, or glued raw).
FORMATS = {
    **{name: fmt.money_bn for name in (
        "contract_total", "wsj_total", "first_payment", "peak_payment", "mean_payment",
        "compute_total", "peak_all_payment", "cumulative_gap_all", "revenue_end", "rpo_q1",
        "oracle_fy25_revenue", "o1_annual")},
    **{name: fmt.percent for name in (
        "max_share_contract_pct", "max_share_all_pct", "rpo_share_q1_pct",
        "rpo_share_last_pct", "oci_share_peak_pct", "mean_vs_oracle_fy25_pct")},
    "contract_years": lambda n: fmt.plural(n, "year"),
    "n_compute": lambda n: fmt.plural(n, "provider"),
}


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the funding chapter prints, and the scenario comparison shows."""
    a = frames or analysis(pkg, P)
    pay = a["contract"]["payment_bn_usd"]
    profiles, rpo, cov_all = a["profiles"], a["rpo"], a["cov_all"]
    fits = profiles["error"].eq("") & profiles["matches_first_year"]
    compute = a["commitments"][a["commitments"]["kind"] == COMPUTE_KIND]
    end_year = int(a["contract"]["year"].max())
    booked = rpo[rpo["reference_id"] == CONTRACT_BOOKED_IN_ID].iloc[0]
    fy = a["vs_oracle"][a["vs_oracle"]["reference_id"]
                        == ORACLE_REVENUE_IDS[ORACLE_FY_COMPARED]].iloc[0]
    numbers = {name: float(value) for name, value in headline(pkg, P, a["owed"]).items()}
    return numbers | {
        "contract_total": P["contract_total_bn_usd"], "contract_years": P["contract_years"],
        "first_payment": float(pay.iloc[0]), "peak_payment": float(pay.max()),
        "mean_payment": float(pay.mean()),
        "first_year_claim": pkg.value(FIRST_YEAR_CLAIM), "annual_claim": pkg.value(ANNUAL_CLAIM),
        "profile": P["schedule_profile"].replace("_", "-"),
        "profiles_both": _fit(profiles[fits & profiles["matches_annual_on_average"]],
                              "the first-year figure and the yearly one on average"),
        "profiles_strict": _fit(profiles[fits & profiles["matches_annual_every_year"]],
                                "both in every year"),
        "compute_total": float(compute["amount_bn_usd"].sum()),
        # providers, not contracts: AWS has two, CoreWeave three (in one row)
        "n_compute": int(compute["payee"].nunique()),
        "contract_counted": "included" if a["contract_counted"] else "left out",
        "unconfirmed_text": unconfirmed_text(pkg.commitments, P["include_unconfirmed"]),
        "max_share_all_year": int(cov_all.loc[cov_all["share_of_revenue"].idxmax(), "year"]),
        "max_share_contract_pct": 100 * float(a["cov_contract"]["share_of_revenue"].max()),
        "peak_all_payment": float(cov_all["payment_bn_usd"].max()),
        "contract_cover_text": _cover_text(first_covered_year(a["cov_contract"]), end_year,
                                           "the contract's payment"),
        "all_cover_text": _cover_text(first_covered_year(cov_all), end_year,
                                      "all its disclosed compute purchases counted"),
        "gap_text": _gap_text(numbers["cumulative_gap_all"]),
        "all_years_text": fmt.year_span(int(cov_all["year"].min()), int(cov_all["year"].max())),
        "end_year": end_year,
        "rpo_q1": float(booked["rpo_bn_usd"]), "rpo_q1_date": f"{booked['date']:%B %Y}",
        "rpo_share_q1_pct": 100 * float(booked["contract_share"]),
        "rpo_share_last_pct": 100 * float(rpo["contract_share"].iloc[-1]),
        "rpo_last_date": f"{rpo['date'].iloc[-1]:%B %Y}",
        "oci_share_peak_pct": 100 * float(a["oci"]["contract_share_of_oci"].max()),
        "mean_vs_oracle_fy25_pct": 100 * float(fy["mean_payment_share"]),
        "oracle_fy25_revenue": float(fy["revenue_bn_usd"]),
        "oracle_fy25": f"fiscal {ORACLE_FY_COMPARED}",
        "wsj_total": pkg.value(WSJ_TOTAL_ID), "o1_annual": pkg.value(ORACLE_ANNUAL_ID),
    }


def financing(pkg: Package) -> pd.DataFrame:
    """How Oracle and its developers pay for the build-out, one row per record figure."""
    rows = []
    for rid in FINANCING_IDS:
        ref = pkg.ref(rid)
        rows.append({"reference_id": rid,
                     "what": f"{ref['subject']}: {fmt.words(ref['metric'])}",
                     "bn_usd": float(ref["value"]), "source": pkg.source(rid)["citation"]})
    return pd.DataFrame(rows)


def cited_ids(pkg: Package) -> set[str]:
    """Every claim and record id the chapter cites (its parameters' sources aside)."""
    commitments = pkg.commitments
    return (set(commitments["source_id"]) | set(commitments["term_source_id"].dropna())
            | set(RPO_IDS) | set(OCI_OUTLOOK_IDS.values()) | set(FINANCING_IDS)
            | {FIRST_YEAR_CLAIM, ANNUAL_CLAIM, WSJ_TOTAL_ID, ORACLE_ANNUAL_ID, REVENUE_BASE_ID}
            | set(CONTRACT_TERM_IDS) | set(REVENUE_SCALE_IDS)
            | set(ORACLE_REVENUE_IDS.values()) | set(OCI_REVENUE_IDS.values()))
