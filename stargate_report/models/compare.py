"""Scenarios side by side: each scenario's key outputs, recomputed from the models.

No notebook is executed: each output is the same model call its chapter makes, with
the scenario's parameter values. A test holds every output equal to the value the
chapter glues when it is executed with the base case.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import params
from ..data import Package
from . import audit, chips, energy, funding, microsoft


@dataclass(frozen=True)
class Metric:
    """One key output: the chapter that computes it and the name it is glued under."""

    chapter: str
    name: str
    label: str
    unit: str


METRICS = (
    Metric("claims", "n_contradicted", "Claims contradicted by the record", "claims"),
    Metric("claims", "n_not_established", "Tensions not settled by the record in view",
           "tensions"),
    Metric("funding", "peak_payment", "Peak yearly payment under the Oracle contract",
           "bn USD"),
    Metric("funding", "max_share_all_pct",
           "Peak share of revenue owed for compute", "%"),
    Metric("funding", "cumulative_gap_all",
           "Payments beyond revenue, cumulative", "bn USD"),
    Metric("energy", "twh", "Electricity used in a year", "TWh"),
    Metric("energy", "cost_bn", "Electricity bill in a year", "bn USD"),
    Metric("energy", "co2_mt", "CO2 emitted in a year", "Mt"),
    Metric("chips", "count_m", "Accelerators the capacity feeds", "million"),
    Metric("chips", "chips_bn", "Spending on those accelerators", "bn USD"),
    Metric("chips", "top_down_bn", "Whole build at the capex per GW", "bn USD"),
    Metric("microsoft", "disclosed_total", "OpenAI's disclosed compute purchases", "bn USD"),
    Metric("microsoft", "top_share_pct", "Share of the largest provider", "%"),
)


def _claims(pkg: Package, p: dict) -> dict:
    claims = audit.select_claims(pkg, p["topic"])
    record = audit.record(pkg, p["min_grade"], p["as_of"])
    tensions = audit.tensions_in_view(pkg, claims, p["min_grade"], p["as_of"])
    return audit.key_numbers(pkg.claims, claims, tensions, record,
                             audit.what_happened_next(pkg, tensions))


def _funding(pkg: Package, p: dict) -> dict:
    commitments = pkg.commitments
    if not p["include_unconfirmed"]:
        commitments = commitments[commitments["status"] == "confirmed"]
    contract = funding.schedule(p["contract_total_bn_usd"], p["contract_years"],
                                p["contract_start_year"], p["schedule_profile"],
                                p["first_year_bn_usd"], p["custom_weights"])
    end_year = int(contract["year"].max())
    revenue = funding.revenue_path(p["revenue_base_year"], p["revenue_base_bn_usd"],
                                   p["revenue_growth_rate"], p["revenue_growth_decay"], end_year)
    others = funding.spread(funding.other_compute_purchases(commitments),
                            p["other_commitments_start_year"], p["other_commitments_years"])
    others = others[others["year"] <= end_year]
    payments = pd.concat([contract.assign(label="OpenAI–Oracle contract"), others])
    cov_all = funding.coverage(payments[payments["year"] >= p["contract_start_year"]], revenue)
    return {"peak_payment": float(contract["payment_bn_usd"].max()),
            "max_share_all_pct": 100 * float(cov_all["share_of_revenue"].max()),
            "cumulative_gap_all": float(cov_all["cumulative_gap_bn_usd"].iloc[-1])}


def _energy(pkg: Package, p: dict) -> dict:
    prices = energy.state_prices(pkg).set_index("state")
    price = (p["price_usd_per_mwh"] if p["state"] == "custom"
             else float(prices.loc[p["state"], "price_usd_per_mwh"]))
    twh = energy.annual_twh(p["capacity_gw"], p["capacity_basis"], p["pue"], p["load_factor"])
    return {"twh": twh, "cost_bn": energy.cost_bn_usd(twh, price),
            "co2_mt": energy.co2_mt(twh, p["grid_co2_g_per_kwh"])}


def _chips(pkg: Package, p: dict) -> dict:
    kw = chips.system_kw(pkg, p["accelerator"], p["gpus_per_server"], p["kw_per_accelerator"])
    price = (p["price_usd_per_accelerator"] if p["accelerator"] == "custom"
             else chips.preset_price(pkg, p["accelerator"])["mid"])
    mix = chips.fleet(p["capacity_gw"], p["pue"], kw, price, p["kw_per_accelerator"],
                      p["price_usd_per_accelerator"], p["custom_share"])
    return {"count_m": float(mix["count"].sum()) / 1e6,
            "chips_bn": float(mix["chips_bn_usd"].sum()),
            "top_down_bn": p["capacity_gw"] * p["capex_bn_usd_per_gw"]}


def _microsoft(pkg: Package, p: dict) -> dict:
    buys = microsoft.purchases(pkg, microsoft.parse_providers(p["providers"]),
                               p["include_unconfirmed"])
    shares = microsoft.shares_as_of(buys, p["as_of"])
    return {"disclosed_total": float(shares["amount_bn_usd"].sum()),
            "top_share_pct": 100 * float(shares["share"].max()) if len(shares) else 0.0}


_CHAPTER_OUTPUTS = {"claims": _claims, "funding": _funding, "energy": _energy,
                    "chips": _chips, "microsoft": _microsoft}


def key_outputs(pkg: Package, scenario: params.Scenario) -> pd.DataFrame:
    """One row per metric: chapter, name, label, unit and the scenario's value."""
    computed = {chapter: fn(pkg, scenario.for_chapter(chapter))
                for chapter, fn in _CHAPTER_OUTPUTS.items()}
    return pd.DataFrame([
        {"scenario": scenario.name, "chapter": m.chapter, "metric": m.name, "label": m.label,
         "unit": m.unit, "value": float(computed[m.chapter][m.name])} for m in METRICS])


def scenario_files(directory: Path, names: str = "all") -> list[Path]:
    """The scenario files to compare: every `*.yaml` in `directory`, or those named
    (file stems, separated by commas); raise ParameterError for an unknown name."""
    available = {path.stem: path for path in sorted(Path(directory).glob("*.yaml"))}
    if names.strip() == "all":
        return list(available.values())
    chosen = [name.strip() for name in names.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in available]
    if unknown or not chosen:
        raise params.ParameterError(
            f"parameter scenarios = {names!r}: no scenario file "
            f"{', '.join(repr(u) for u in unknown) or '(none named)'} in {directory}; "
            f"known: {', '.join(available)}")
    return [available[name] for name in chosen]


def load_scenarios(directory: Path, names: str = "all",
                   baseline: str = "base") -> list[params.Scenario]:
    """Load and validate the chosen scenarios, the baseline first."""
    scenarios = [params.load_scenario(path) for path in scenario_files(directory, names)]
    by_name = {s.name: s for s in scenarios}
    if baseline not in by_name:
        raise params.ParameterError(
            f"parameter baseline = {baseline!r} is not among the scenarios compared "
            f"({', '.join(by_name)})")
    if len(by_name) < 2:
        raise params.ParameterError(
            f"parameter scenarios = {names!r}: choose at least one scenario besides the "
            f"baseline {baseline!r}")
    return [by_name[baseline]] + [s for s in scenarios if s.name != baseline]


def compare(pkg: Package, scenarios: list[params.Scenario], baseline: str) -> pd.DataFrame:
    """Every scenario's key outputs (long form), with its title and the change from the
    baseline in %."""
    long = pd.concat([key_outputs(pkg, s) for s in scenarios], ignore_index=True)
    long["title"] = long["scenario"].map({s.name: s.title for s in scenarios})
    base = long[long["scenario"] == baseline].set_index("metric")["value"]
    long["base_value"] = long["metric"].map(base)
    long["change_pct"] = [
        100 * (v - b) / abs(b) if b and not math.isnan(b) else float("nan")
        for v, b in zip(long["value"], long["base_value"], strict=True)]
    return long


def wide(long: pd.DataFrame) -> pd.DataFrame:
    """Metrics as rows, scenarios as columns (in the order given), for a table."""
    order = list(dict.fromkeys(long["scenario"]))
    table = long.pivot_table(index=["chapter", "label", "unit"], columns="scenario",
                             values="value", sort=False)
    return table[order].reset_index()


#: Outputs whose range across scenarios the chapter's summary states.
RANGE_METRICS = ("twh", "chips_bn", "cumulative_gap_all")


def key_numbers(long: pd.DataFrame, baseline: str) -> dict:
    """The comparison's headline numbers from `compare()`'s result, computed once for
    the prose and the tests."""
    others = long[long["scenario"] != baseline]
    moves = others.dropna(subset=["change_pct"])
    top = moves.loc[moves["change_pct"].abs().idxmax()]
    largest = moves.groupby("metric")["change_pct"].apply(lambda c: c.abs().max())
    result = {
        "n_alternatives": int(others["scenario"].nunique()),
        "n_metrics": len(METRICS),
        "n_unchanged": int((largest == 0).sum()),
        "top_label": top["label"].lower(), "top_change_pct": float(top["change_pct"]),
        "top_title": top["title"], "top_value": float(top["value"]),
        "top_base": float(top["base_value"]), "top_unit": top["unit"],
        "undefined": sorted(set(others.loc[others["change_pct"].isna(), "label"])),
    }
    for metric in RANGE_METRICS:
        values = long.loc[long["metric"] == metric, "value"]
        result[f"{metric}_min"], result[f"{metric}_max"] = float(values.min()), float(values.max())
    return result


#: A record or claim id as scenario stories cite them: "E7.16", "CC5a", "SG1", "C002-04".
_ID = re.compile(r"\b[A-Z]{1,3}[0-9][0-9a-z.-]*\b")


def cited_ids(pkg: Package, scenario: params.Scenario) -> list[str]:
    """The ids of the data package that a scenario's story cites, in order."""
    known = set(pkg.reference["id"]) | set(pkg.claims["claim_id"])
    found = (match.rstrip(".-") for match in _ID.findall(scenario.description))
    return list(dict.fromkeys(i for i in found if i in known))
