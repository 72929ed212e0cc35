"""How sure each headline number is: a range from the estimates it rests on, and which
estimate moves it most.

Every parameter that is an estimate declares its plausible values (`params.Range`). A
Latin hypercube draws them all at once (seeded, so the same draws every run), and each
chapter's `headline(pkg, P)`, the function its `key_numbers` prints from, computes the
headline numbers for every draw in one call, on arrays. The 5th, 50th and 95th
percentiles make the 90% range; a one-at-a-time swing sets each estimate to its low and
its high with the others at their value in the scenario.

What the ranges cover, and what they do not: the spread of the estimates that have a
range. Not the choices (a state, a basis, a profile), not a figure's own error in its
source, and not what nobody has thought of. An estimate that a scenario sets to another
value than the base case's is that scenario's choice: it is held, not drawn.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import qmc

from . import fmt, params
from .data import Package
from .models import chips, circular, compare, energy, funding
from .params.spec import Range

#: Draws and seed of the book's ranges, unless the values in effect change them.
DRAWS, SEED = params.RANGE_SETTINGS[0].default, params.RANGE_SETTINGS[1].default
#: The source line of a "What moves this number" chart.
SWINGS_SOURCE = ("Each estimate's plausible range, with its basis, in the chapter's parameters "
                 "table (How sure the numbers are)")
#: The percentiles of a 90% range, and its middle.
LOW_PCT, MID_PCT, HIGH_PCT = 5, 50, 95


@dataclass(frozen=True)
class Output:
    """One headline number with a range: its chapter, the name it is glued under, and
    what follows it in prose when its format does not print the unit. Its label and unit
    are the scenario comparison's (`compare.METRICS`), declared once."""

    chapter: str
    name: str
    suffix: str = ""

    @property
    def metric(self) -> compare.Metric:
        """Its entry in the scenario comparison."""
        return next(m for m in compare.METRICS
                    if (m.chapter, m.name) == (self.chapter, self.name))

    @property
    def label(self) -> str:
        """What it is, for readers."""
        return self.metric.label

    @property
    def unit(self) -> str:
        """Its unit."""
        return self.metric.unit


OUTPUTS = (
    Output("energy", "twh", "\u00a0TWh"),
    Output("energy", "cost_bn"),
    Output("energy", "co2_mt", "\u00a0Mt"),
    Output("energy", "homes_annual_m"),
    Output("chips", "count_m"),
    Output("chips", "chips_bn"),
    Output("chips", "top_down_bn"),
    Output("funding", "cumulative_gap_all"),
    Output("funding", "max_share_all_pct"),
    Output("circular", "into_bn"),
)
#: The number each chapter's "What moves this number" chart is drawn for.
TORNADO = {"energy": "twh", "chips": "chips_bn", "funding": "cumulative_gap_all",
           "circular": "into_bn"}
#: Sentences a chapter glues from a number's 90% range (low, high), by chapter and number.
RANGE_NOTES = {("funding", "cumulative_gap_all"): ("gap_range_text", funding.gap_range_text)}
#: Each chapter's headline function: the same arithmetic its `key_numbers` prints.
HEADLINES = {"energy": energy.headline, "chips": chips.headline, "funding": funding.headline,
             "circular": circular.headline}


@dataclass(frozen=True)
class Estimate:
    """An estimate as it is drawn: its declaration, its range (declared, or changed by the
    values in effect) and the value a triangular range peaks at (the value in effect)."""

    spec: params.Param
    range: Range
    mode: float


def chapter_estimates(chapter: str, P: dict) -> dict[str, Estimate]:
    """A chapter's estimates that are drawn under its values `P`: those with a range that
    `P` leaves at the default, and those whose range `P` changes (`ranges`). An estimate
    set to another value and given no range is a choice, held."""
    changed = params.changed_ranges(P.get("ranges", ""), P)
    found = {}
    for spec in params.specs(chapter):
        if spec.name in changed:
            found[spec.name] = Estimate(spec, changed[spec.name], P[spec.name])
        elif spec.range is not None and P[spec.name] == spec.default:
            found[spec.name] = Estimate(spec, spec.range, spec.default)
    return found


def estimates(scenario: params.Scenario) -> dict[str, Estimate]:
    """The estimates drawn under a scenario, by name, each once however many chapters
    read it."""
    found = {}
    for chapter in HEADLINES:
        found.update(chapter_estimates(chapter, scenario.for_chapter(chapter)))
    return found


def settings(scenario: params.Scenario) -> tuple[int, int]:
    """The draws and seed of a scenario's ranges (shared: every chapter has the same)."""
    P = scenario.for_chapter(next(iter(HEADLINES)))
    return P["range_draws"], P["range_seed"]


def spread(r: Range, mode: float, u: np.ndarray) -> np.ndarray:
    """Values of a range at the quantiles `u` (0–1): even, peaked at `mode`, or even in
    log scale."""
    if r.distribution == "uniform":
        return r.low + u * (r.high - r.low)
    if r.distribution == "log-uniform":
        return np.exp(np.log(r.low) + u * (np.log(r.high) - np.log(r.low)))
    # triangular: the inverse of its distribution function, on either side of the mode
    c = (mode - r.low) / (r.high - r.low)
    left = r.low + np.sqrt(u * (r.high - r.low) * (mode - r.low))
    right = r.high - np.sqrt((1 - u) * (r.high - r.low) * (r.high - mode))
    return np.where(u < c, left, right)


def quantiles(name: str, draws: int, seed: int) -> np.ndarray:
    """One estimate's column of a Latin hypercube: one draw in each of `draws` equal strata,
    in an order set by the seed and the estimate's name alone, so that a chapter drawing
    its own estimates and the book drawing all of them get the same values."""
    stream = np.random.SeedSequence([seed, zlib.crc32(name.encode("utf-8"))])
    return qmc.LatinHypercube(d=1, rng=np.random.default_rng(stream)).random(draws)[:, 0]


def draw_estimates(chosen: dict[str, Estimate], draws: int = DRAWS, seed: int = SEED
                   ) -> dict[str, np.ndarray]:
    """Latin hypercube draws of the chosen estimates, by name; a triangular range peaks at
    the value in effect. The number of draws is checked as the parameter is."""
    draws = params.RANGE_SETTINGS[0].check(draws, "--draws / ")
    seed = params.RANGE_SETTINGS[1].check(seed, "--seed / ")
    return {name: spread(e.range, e.mode, quantiles(name, draws, seed))
            for name, e in sorted(chosen.items())}


def draw(scenario: params.Scenario, draws: int | None = None, seed: int | None = None
         ) -> dict[str, np.ndarray]:
    """Latin hypercube draws of every estimate a scenario draws, by name (the same for the
    same seed); the draws and seed are the scenario's unless given."""
    own_draws, own_seed = settings(scenario)
    return draw_estimates(estimates(scenario), own_draws if draws is None else draws,
                          own_seed if seed is None else seed)


def evaluate(pkg: Package, scenario: params.Scenario, values: dict[str, np.ndarray]
             ) -> dict[tuple[str, str], np.ndarray]:
    """Every headline number for every draw, by (chapter, name): one call per chapter."""
    out = {}
    for chapter, fn in HEADLINES.items():
        P = {**scenario.for_chapter(chapter)}
        P.update({k: v for k, v in values.items() if k in P})
        numbers = fn(pkg, P)
        for o in OUTPUTS:
            if o.chapter == chapter:
                out[(chapter, o.name)] = np.broadcast_to(np.asarray(numbers[o.name], float),
                                                         (_length(values),)).copy()
    return out


def _length(values: dict[str, np.ndarray]) -> int:
    return len(next(iter(values.values()))) if values else 1


def summary(pkg: Package, scenario: params.Scenario, draws: int | None = None,
            seed: int | None = None) -> pd.DataFrame:
    """Each headline number: its value in the scenario, and the 5th, 50th and 95th
    percentiles over the draws (the scenario's draws and seed unless given)."""
    drawn = evaluate(pkg, scenario, draw(scenario, draws, seed))
    base = evaluate(pkg, scenario, {})
    rows = []
    for o in OUTPUTS:
        low, mid, high = np.percentile(drawn[(o.chapter, o.name)], [LOW_PCT, MID_PCT, HIGH_PCT])
        rows.append({"chapter": o.chapter, "metric": o.name, "label": o.label, "unit": o.unit,
                     "base": float(base[(o.chapter, o.name)][0]), "p5": float(low),
                     "p50": float(mid), "p95": float(high)})
    return pd.DataFrame(rows)


def percentile_ranges(headline, P: dict, chosen: dict[str, Estimate], names, draws: int,
                      seed: int) -> dict[str, tuple[float, float]]:
    """The 90% range of each named output of `headline(P)` over draws of the chosen
    estimates: any model whose arithmetic runs on arrays."""
    values = draw_estimates(chosen, draws, seed)
    numbers = headline({**P, **values})
    out = {}
    for name in names:
        column = np.broadcast_to(np.asarray(numbers[name], float), (_length(values),))
        low, high = np.percentile(column, [LOW_PCT, HIGH_PCT])
        out[name] = (float(low), float(high))
    return out


def chapter_ranges(pkg: Package, chapter: str, P: dict) -> dict[str, tuple[float, float]]:
    """A chapter's headline numbers' 90% ranges under its values `P` (with their draws and
    seed), by name: what its page prints beside each number (the same draws as `summary`,
    estimate by estimate)."""
    return percentile_ranges(lambda values: HEADLINES[chapter](pkg, values), P,
                             chapter_estimates(chapter, P),
                             [o.name for o in OUTPUTS if o.chapter == chapter],
                             P["range_draws"], P["range_seed"])


def range_texts(pkg: Package, chapter: str, P: dict, formats: dict) -> dict[str, str]:
    """Each headline number's 90% range as the page prints it, glued as `<name>_range`:
    "20.7 to 38.4 TWh", or why there is none."""
    texts = {"ranges_draws": f"{P['range_draws']:,}",
             "swings_text": moves_text(chapter_swings(pkg, chapter, P, TORNADO[chapter]))}
    for name, (low, high) in chapter_ranges(pkg, chapter, P).items():
        # what moves each headline number, not only the one the chapter's tornado draws
        texts[f"{name}_moves"] = moves_text(chapter_swings(pkg, chapter, P, name))
        if (chapter, name) in RANGE_NOTES:
            glued, note = RANGE_NOTES[(chapter, name)]
            texts[glued] = note(low, high)
        suffix = next(o.suffix for o in OUTPUTS if (o.chapter, o.name) == (chapter, name))
        shown = [formats[name](v) for v in (low, high)]
        texts[f"{name}_range"] = (
            "none: no estimate drawn under the values in effect moves it"
            if shown[0] == shown[1] else f"{shown[0]} to {shown[1]}{suffix}")
    return texts


def one_at_a_time(headline, P: dict, chosen: dict[str, Estimate], metric: str) -> pd.DataFrame:
    """What moves one output of `headline(P)`: each chosen estimate at its low and its
    high, the others at `P`'s values, largest swing first (for a tornado chart)."""
    base = float(np.asarray(headline(P)[metric]))
    rows = []
    for name, e in sorted(chosen.items()):
        at_low, at_high = np.broadcast_to(np.asarray(
            headline({**P, name: np.array([e.range.low, e.range.high])})[metric], float), (2,))
        rows.append({"parameter": name, "label": e.spec.label,
                     "low_text": e.spec.shown(e.range.low),
                     "high_text": e.spec.shown(e.range.high),
                     "base": base, "at_low": float(at_low), "at_high": float(at_high),
                     "swing": abs(float(at_high) - float(at_low))})
    out = pd.DataFrame(rows, columns=["parameter", "label", "low_text", "high_text", "base",
                                      "at_low", "at_high", "swing"])
    return out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def chapter_swings(pkg: Package, chapter: str, P: dict, metric: str) -> pd.DataFrame:
    """What moves one of a chapter's headline numbers, estimate by estimate."""
    return one_at_a_time(lambda values: HEADLINES[chapter](pkg, values), P,
                         chapter_estimates(chapter, P), metric)


def moves_text(swings: pd.DataFrame) -> str:
    """What the tornado shows, in a sentence that reads right for none, one or several
    estimates, and for those that do not move the number at all."""
    if swings.empty:
        return "No estimate is drawn under the values in effect: the number has no range."
    moving = list(swings.loc[swings["swing"] > 0, "label"])
    still = [_in_sentence(label) for label in swings.loc[swings["swing"] == 0, "label"]]
    verb = "does" if len(still) == 1 else "do"
    rest = f"{fmt.listing(still)} {verb} not move it at all under the values in effect."
    if not moving:
        return f"No estimate moves it: {rest}"
    if len(moving) == 1:
        if not still:
            return f"{moving[0]} is the only estimate drawn, so it alone moves the number."
        return f"{moving[0]} alone moves it; {rest}"
    return f"{moving[0]} moves it most." + (f" {rest[0].upper()}{rest[1:]}" if still else "")


def _in_sentence(label: str) -> str:
    """A label inside a sentence: "Capex per GW" → "capex per GW"; "PUE" and "AMD share
    price" keep their capitals (an acronym's second letter is a capital too)."""
    return label if len(label) < 2 or label[1].isupper() else label[0].lower() + label[1:]


def scenario_ranges(pkg: Package, scenarios: list[params.Scenario]) -> pd.DataFrame:
    """Each scenario's headline numbers with their 90% ranges, each drawn with the
    scenario's own values, draws and seed (for error bars in the scenario comparison)."""
    rows = []
    for s in scenarios:
        for chapter, fn in HEADLINES.items():
            P = s.for_chapter(chapter)
            values = fn(pkg, P)
            for name, (low, high) in chapter_ranges(pkg, chapter, P).items():
                o = next(o for o in OUTPUTS if (o.chapter, o.name) == (chapter, name))
                rows.append({"scenario": s.name, "title": s.title, "chapter": chapter,
                             "metric": name, "label": f"{o.label} ({o.unit})",
                             "value": float(values[name]), "p5": low, "p95": high})
    return pd.DataFrame(rows, columns=["scenario", "title", "chapter", "metric", "label",
                                       "value", "p5", "p95"])
