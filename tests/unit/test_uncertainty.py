"""The uncertainty ranges: the draws, the one truth they share with `key_numbers`, the
percentiles, the swings, the ranges' own checks and the command line."""

import numpy as np
import pandas as pd
import pytest

from stargate_report import cli, data, params, uncertainty
from stargate_report.models import compare
from stargate_report.params.spec import Param, Range
from tests.conftest import ROOT

BASE = params.load_scenario(ROOT / "scenarios" / "base.yaml")


@pytest.fixture(scope="module")
def pkg():
    return data.load()


def test_each_draw_gives_what_key_numbers_prints_for_the_same_values(pkg):
    """One truth: the arrays are the chapters' own numbers, draw by draw."""
    values = uncertainty.draw(BASE, draws=40, seed=7)
    drawn = uncertainty.evaluate(pkg, BASE, values)
    for i in (0, 13, 39):
        for chapter in uncertainty.HEADLINES:
            P = {**BASE.for_chapter(chapter)}
            P.update({k: float(v[i]) for k, v in values.items() if k in P})
            printed = compare.KEY_NUMBERS[chapter](pkg, P)
            for o in uncertainty.OUTPUTS:
                if o.chapter == chapter:
                    assert drawn[(chapter, o.name)][i] == pytest.approx(printed[o.name]), o


def test_the_draws_are_a_seeded_latin_hypercube_within_each_range():
    a = uncertainty.draw(BASE, draws=100, seed=1)
    assert set(a) == {"pue", "load_factor", "household_kwh_per_year", "capex_bn_usd_per_gw",
                      "price_position", "warrant_share_price_usd", "revenue_growth_rate",
                      "revenue_growth_decay"}  # each shared one once
    again, other = uncertainty.draw(BASE, draws=100, seed=1), uncertainty.draw(BASE, 100, 2)
    assert all(np.array_equal(a[k], again[k]) for k in a)
    assert not np.array_equal(a["pue"], other["pue"])
    # a Latin hypercube puts exactly one draw in each hundredth of a uniform range
    lf = a["load_factor"]
    assert sorted(np.floor((lf - 0.5) / 0.5 * 100).astype(int)) == list(range(100))
    for name, values in a.items():
        spec = next(p for ch in uncertainty.HEADLINES for p in params.specs(ch)
                    if p.name == name)
        assert values.min() >= spec.range.low and values.max() <= spec.range.high


def test_the_spreads_follow_their_distribution():
    u = np.array([0.0, 0.5, 1.0])
    even = Range(1.0, 3.0, "uniform", basis="b")
    assert uncertainty.spread(even, 2.0, u).tolist() == [1.0, 2.0, 3.0]
    logs = Range(10.0, 1000.0, "log-uniform", basis="b")
    assert uncertainty.spread(logs, 100.0, u) == pytest.approx([10, 100, 1000])
    peak = Range(1.1, 1.54, "triangular", basis="b")
    # the mode's quantile is (mode − low) ÷ (high − low): there the spread gives the mode
    c = (1.4 - 1.1) / 0.44
    assert uncertainty.spread(peak, 1.4, np.array([0.0, c, 1.0])) == pytest.approx(
        [1.1, 1.4, 1.54])
    # half the mass lies below the median: F(m) = (m − a)² ÷ ((b − a)(c − a)) = 0.5
    median = float(uncertainty.spread(peak, 1.4, np.array([0.5]))[0])
    assert (median - 1.1) ** 2 / (0.44 * 0.3) == pytest.approx(0.5)


def test_percentiles_bracket_the_base_case(pkg):
    table = uncertainty.summary(pkg, BASE, draws=1000).set_index("metric")
    assert (table["p5"] <= table["p50"]).all() and (table["p50"] <= table["p95"]).all()
    assert ((table["p5"] <= table["base"]) & (table["base"] <= table["p95"])).all()
    # 4.5 GW of facility power, 8,760 h: the load factor alone spans 0.5–1.0 (uniform),
    # so the 5th and 95th percentiles are near 0.525 and 0.975 of 39.42 TWh
    assert table.loc["twh", "base"] == pytest.approx(4.5 * 8.76 * 0.8)
    assert table.loc["twh", "p5"] == pytest.approx(4.5 * 8.76 * 0.525, rel=0.01)
    assert table.loc["twh", "p95"] == pytest.approx(4.5 * 8.76 * 0.975, rel=0.01)


def test_swings_set_one_estimate_at_its_ends(pkg):
    s = uncertainty.swings(pkg, BASE).set_index(["metric", "parameter"])
    twh = s.loc[("twh", "load_factor")]
    assert (twh["at_low"], twh["at_high"]) == (pytest.approx(4.5 * 8.76 * 0.5),
                                              pytest.approx(4.5 * 8.76 * 1.0))
    # facility power does not depend on PUE: no swing
    assert s.loc[("twh", "pue"), "swing"] == 0
    # the capex per GW alone moves the top-down build: 4.5 × (60 − 40)
    assert s.loc[("top_down_bn", "capex_bn_usd_per_gw"), "swing"] == pytest.approx(90)
    # a number's swings come largest first
    chips_bn = s.loc["chips_bn"]["swing"].tolist()
    assert chips_bn == sorted(chips_bn, reverse=True)


def test_an_estimate_a_scenario_sets_is_held_not_drawn(pkg):
    lower = params.with_overrides(BASE, "energy", {"pue": 1.3})
    assert "pue" not in uncertainty.estimates(lower)
    assert "pue" in uncertainty.estimates(BASE)
    values = uncertainty.draw(lower, draws=50)
    assert "pue" not in values
    drawn = uncertainty.evaluate(pkg, lower, values)
    # PUE, the only estimate the accelerator count reads, is held at 1.3: the count is fixed
    assert np.ptp(drawn[("chips", "count_m")]) == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"range": Range(1.5, 2.0, basis="b")}, "the default 1.4 is outside 1.5–2"),
    ({"range": Range(2.0, 1.0, basis="b")}, "low 2 is not below high 1"),
    ({"range": Range(0.5, 2.0, basis="b")}, "leaves the allowed values"),
    ({"range": Range(1.1, 1.5, "normal", basis="b")}, "distribution 'normal'"),
    ({"range": Range(1.1, 1.5)}, "a range needs its basis"),
])
def test_a_bad_range_is_refused_where_it_is_declared(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Param("x", float, 1.4, help="h", basis="b", min=1.0, max=3.0, **kwargs)


def test_a_log_uniform_range_starts_above_zero():
    with pytest.raises(ValueError, match="must start above 0"):
        Param("x", float, 1.0, help="h", basis="b", min=0.0,
              range=Range(0.0, 5.0, "log-uniform", basis="b"))


def test_the_command_prints_and_writes_the_table(tmp_path, capsys):
    out = tmp_path / "ranges.csv"
    assert cli.main(["uncertainty", "--draws", "200", "--seed", "3", "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "200 Latin hypercube draws, seed 3" in printed
    assert "Electricity used in a year (TWh)" in printed
    table = pd.read_csv(out)
    assert list(table.columns) == ["chapter", "metric", "label", "unit", "base", "p5", "p50",
                                   "p95"]
    assert len(table) == len(uncertainty.OUTPUTS)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["uncertainty", "--draws", "1"])
    assert exit_.value.code == 2


def test_a_chapter_draws_the_same_values_as_the_whole_book(pkg):
    """The page's range and the command's are one number: each estimate's draws depend on
    the seed and its name only, not on which other estimates are drawn."""
    table = uncertainty.summary(pkg, BASE).set_index("metric")
    for chapter in uncertainty.HEADLINES:
        for name, (low, high) in uncertainty.chapter_ranges(
                pkg, chapter, BASE.for_chapter(chapter)).items():
            assert (low, high) == (table.loc[name, "p5"], table.loc[name, "p95"])


def test_range_texts_print_each_range_or_say_why_there_is_none(pkg):
    from stargate_report.models import chips, energy

    texts = uncertainty.range_texts(pkg, "energy", params.defaults("energy"), energy.FORMATS)
    low, high = uncertainty.chapter_ranges(pkg, "energy", params.defaults("energy"))["twh"]
    assert texts["twh_range"] == f"{low:.3g} to {high:.3g}\u00a0TWh"
    assert texts["ranges_draws"] == "2,000"
    # a rerun that sets both of the chips' estimates holds them: nothing is left to draw
    held = {**params.defaults("chips"), "pue": 1.3, "price_position": 0.7,
            "capex_bn_usd_per_gw": 55.0}
    texts = uncertainty.range_texts(pkg, "chips", held, chips.FORMATS)
    assert texts["chips_bn_range"].startswith("none drawn")


def test_the_tornado_puts_the_largest_swing_first(pkg):
    import json

    from stargate_report import charts

    swings = uncertainty.chapter_swings(pkg, "chips", params.defaults("chips"), "chips_bn")
    assert list(swings["parameter"][:2]) == ["price_position", "pue"]
    assert swings.loc[0, "low_text"] == "0%" and swings.loc[0, "high_text"] == "100%"
    spec = json.loads(charts.tornado(swings, number="the spending", axis_title="$ bn",
                                     source="s").to_json())
    assert spec["title"]["text"] == "What moves the spending"
    assert spec["layer"][0]["encoding"]["y"]["sort"] == list(swings["label"])


def test_the_moves_sentence_names_the_largest_and_the_still(pkg):
    swings = uncertainty.chapter_swings(pkg, "energy", params.defaults("energy"), "twh")
    assert uncertainty.moves_text(swings) == (
        "Load factor moves it most. Household electricity use and PUE do not move it at all "
        "under the values in effect.")
    assert uncertainty.moves_text(swings.iloc[0:0]).startswith("No estimate is drawn")
