"""Scenarios side by side: each scenario's key outputs, from the chapters' own models.

No notebook is executed and nothing is computed here: each output is a value of its
chapter model's `key_numbers(pkg, P)`, the same function the chapter glues from, with
the scenario's parameter values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .. import fmt, params
from ..data import Package
from . import audit, chips, circular, energy, funding, microsoft, sources


@dataclass(frozen=True)
class Metric:
    """One key output: the chapter that computes it and the name it is glued under."""

    chapter: str
    name: str
    label: str
    unit: str


METRICS = (
    Metric("claims", "n_contradicted", "Points of tension the record contradicts", "tensions"),
    Metric("claims", "n_not_established", "Tensions not settled by the record in view",
           "tensions"),
    Metric("funding", "peak_all_payment", "Peak yearly payment for disclosed compute",
           "bn USD"),
    Metric("funding", "max_share_all_pct",
           "Compute purchases in the worst year, share of revenue", "%"),
    Metric("funding", "cumulative_gap_all",
           "Compute purchases beyond revenue, in total", "bn USD"),
    Metric("energy", "twh", "Electricity used in a year", "TWh"),
    Metric("energy", "cost_bn", "Electricity bill in a year", "bn USD"),
    Metric("energy", "co2_mt", "CO2 emitted in a year", "Mt"),
    Metric("energy", "homes_annual_m", "US homes that use as much in a year", "million"),
    Metric("chips", "count_m", "Accelerators the capacity feeds", "million"),
    Metric("chips", "chips_bn", "Spending on those accelerators", "bn USD"),
    Metric("chips", "top_down_bn", "Whole build at the capex per GW", "bn USD"),
    Metric("microsoft", "disclosed_total", "OpenAI's disclosed compute purchases", "bn USD"),
    Metric("microsoft", "top_share_pct", "Share of the largest provider", "%"),
    Metric("circular", "funder_share_pct",
           "Share of compute purchases owed to firms that also fund OpenAI", "%"),
    Metric("circular", "into_bn", "Money and shares into OpenAI from its partners", "bn USD"),
)


#: Each chapter's model; its `key_numbers(pkg, P)` is the one place its numbers are
#: computed, and its `FORMATS` say how the page prints them.
MODELS = {"sources": sources, "claims": audit, "funding": funding, "energy": energy,
          "chips": chips, "microsoft": microsoft, "circular": circular}
KEY_NUMBERS = {chapter: model.key_numbers for chapter, model in MODELS.items()}


def chapter_numbers(pkg: Package, scenario: params.Scenario,
                    chapters: tuple[str, ...] | None = None) -> dict[str, dict]:
    """Every number each chapter prints under a scenario, by chapter."""
    return {chapter: fn(pkg, scenario.for_chapter(chapter))
            for chapter, fn in KEY_NUMBERS.items() if chapters is None or chapter in chapters}


def key_outputs(pkg: Package, scenario: params.Scenario) -> pd.DataFrame:
    """One row per metric: chapter, name, label, unit and the scenario's value."""
    computed = chapter_numbers(pkg, scenario, tuple({m.chapter for m in METRICS}))
    return pd.DataFrame([
        {"scenario": scenario.name, "chapter": m.chapter, "metric": m.name, "label": m.label,
         "unit": m.unit, "value": float(computed[m.chapter][m.name])} for m in METRICS])


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


def wide_text(long: pd.DataFrame) -> pd.DataFrame:
    """The comparison for readers: metrics as rows, scenarios (by title) as columns, each
    value printed with its unit ("$128 bn", "49%", "31.5 TWh")."""
    shown = long.assign(text=[value_text(v, u) for v, u in zip(long["value"], long["unit"],
                                                              strict=True)])
    order = list(dict.fromkeys(shown["title"]))
    table = shown.pivot(index=["chapter", "label"], columns="title", values="text")
    table = table.reindex([(m.chapter, m.label) for m in METRICS])[order].reset_index()
    return table.rename(columns={"chapter": "Chapter", "label": "Output"})


def wide(long: pd.DataFrame) -> pd.DataFrame:
    """Metrics as rows, scenarios as columns (in the order given), for a table."""
    order = list(dict.fromkeys(long["scenario"]))
    table = long.pivot_table(index=["chapter", "label", "unit"], columns="scenario",
                             values="value", sort=False)
    return table[order].reset_index()


#: Outputs whose range across scenarios the chapter's summary states.
RANGE_METRICS = ("twh", "chips_bn", "cumulative_gap_all")


def moves(long: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Every alternative scenario's outputs that have a change from the baseline."""
    return long[long["scenario"] != baseline].dropna(subset=["change_pct"])


def undefined(long: pd.DataFrame, baseline: str) -> list[str]:
    """Labels of outputs with no % change (zero in the baseline)."""
    others = long[long["scenario"] != baseline]
    return sorted(set(others.loc[others["change_pct"].isna(), "label"]))


def key_numbers(long: pd.DataFrame, baseline: str) -> dict:
    """The comparison's headline numbers from `compare()`'s result, computed once for
    the prose and the tests."""
    others = long[long["scenario"] != baseline]
    moved = moves(long, baseline)
    top = moved.loc[moved["change_pct"].abs().idxmax()]
    largest = moved.groupby("metric")["change_pct"].apply(lambda c: c.abs().max())
    n_alternatives = int(others["scenario"].nunique())
    result = {
        "n_alternatives": n_alternatives,
        "alternatives_text": f"{n_alternatives} alternative scenario"
                             + (" is" if n_alternatives == 1 else "s are"),
        "base_title": str(long.loc[long["scenario"] == baseline, "title"].iloc[0]),
        "n_metrics": len(METRICS),
        "n_unchanged": int((largest == 0).sum()),
        "top_label": top["label"].lower(), "top_change_pct": float(top["change_pct"]),
        "top_title": top["title"], "top_value": float(top["value"]),
        "top_base": float(top["base_value"]), "top_unit": top["unit"],
        "undefined_text": "; ".join(u.lower() for u in undefined(long, baseline)) or "none",
    }
    for metric in RANGE_METRICS:
        values = long.loc[long["metric"] == metric, "value"]
        result[f"{metric}_min"], result[f"{metric}_max"] = float(values.min()), float(values.max())
    result["top_move_text"] = _move_text(result["top_base"], result["top_value"],
                                         result["top_unit"], result["top_change_pct"])
    n = result["n_unchanged"]
    result["unchanged_text"] = (
        "Every output moves under at least one of them." if n == 0 else
        f"{fmt.plural(n, 'output')} {'moves' if n == 1 else 'move'} under none of them.")
    return result


def value_text(value: float, unit: str) -> str:
    """An output's value with its unit, as readers read it: "$128 bn", "49%", "31.5 TWh"."""
    if unit == "bn USD":
        return fmt.money_bn(value)
    if unit == "%":
        return fmt.percent(value)
    if unit == "million":
        return fmt.millions(value)  # as the chapter prints it: "1.9 million", "510,000"
    # a no-break space: a value and its unit stay on one line in a narrow column
    if unit in ("claims", "tensions"):
        return f"{fmt.count(value)}{fmt.NBSP}{unit}"
    return f"{fmt.approx(value, 3)}{fmt.NBSP}{unit}"


def _move_text(base: float, value: float, unit: str, change_pct: float) -> str:
    """A move as a change in per cent, or from one value to the other where a per cent
    would mislead (the sign flips)."""
    if base * value < 0:
        return f"from {value_text(base, unit)} to {value_text(value, unit)}"
    sign = "+" if change_pct > 0 else fmt.MINUS if change_pct < 0 else ""
    digits = 1 if 0 < abs(change_pct) < 1 else 0  # "+0.4%", not "+0%"
    return (f"{sign}{fmt.percent(abs(change_pct), digits)} ({value_text(value, unit)} against "
            f"{value_text(base, unit)})")


#: How the page prints each key number; units in words stay in the prose.
FORMATS = {
    **{f"{m}_{end}": (lambda v: fmt.approx(v, 3)) for m in ("twh",) for end in ("min", "max")},
    **{f"{m}_{end}": fmt.money_bn for m in ("chips_bn", "cumulative_gap_all")
       for end in ("min", "max")},
    "n_metrics": fmt.count,
}


#: A record or claim id as scenario stories cite them: "E7.16", "CC5a", "SG1", "C002-04".
_ID = re.compile(r"\b[A-Z]{1,3}[0-9][0-9a-z.-]*\b")


def cited_ids(pkg: Package, scenario: params.Scenario) -> list[str]:
    """The ids of the data package that a scenario's story cites, in order."""
    known = set(pkg.reference["id"]) | set(pkg.claims["claim_id"])
    # a match ends on a letter or digit (the pattern's closing \b), never on "." or "-"
    return list(dict.fromkeys(i for i in _ID.findall(scenario.description) if i in known))
