"""The uncertainty ranges: the draws, the one truth they share with `key_numbers`, the
percentiles, the swings, the ranges' own checks and the command line."""

import numpy as np
import pandas as pd
import pytest

from stargate_report import cli, data, params, uncertainty
from stargate_report.models import compare
from stargate_report.params.spec import Param, Range
from tests.conftest import ROOT
from tests.robustness import case

BASE = params.load_scenario(ROOT / "scenarios" / "base.yaml")


@pytest.fixture(scope="module")
def pkg():
    return data.load()


def test_each_draw_gives_what_key_numbers_prints_for_the_same_values(pkg):
    """One truth: the arrays are the chapters' own numbers, draw by draw."""
    values = uncertainty.draw(BASE, draws=100, seed=7)
    drawn = uncertainty.evaluate(pkg, BASE, values)
    for i in (0, 37, 99):
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
    def swings(chapter, metric):
        return uncertainty.chapter_swings(pkg, chapter, BASE.for_chapter(chapter),
                                          metric).set_index("parameter")

    twh = swings("energy", "twh").loc["load_factor"]
    assert (twh["at_low"], twh["at_high"]) == (pytest.approx(4.5 * 8.76 * 0.5),
                                              pytest.approx(4.5 * 8.76 * 1.0))
    # facility power does not depend on PUE: no swing
    assert swings("energy", "twh").loc["pue", "swing"] == 0
    # the capex per GW alone moves the top-down build: 4.5 × (60 − 40)
    assert swings("chips", "top_down_bn").loc["capex_bn_usd_per_gw", "swing"] == \
        pytest.approx(90)
    # a number's swings come largest first
    chips_bn = swings("chips", "chips_bn")["swing"].tolist()
    assert chips_bn == sorted(chips_bn, reverse=True)


def test_an_estimate_a_scenario_sets_is_held_not_drawn(pkg):
    lower = params.with_overrides(BASE, "energy", {"pue": 1.3})
    assert "pue" not in uncertainty.estimates(lower)
    assert "pue" in uncertainty.estimates(BASE)
    values = uncertainty.draw(lower, draws=100)
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
@case("A range declared in the code with a default outside it, low above high, values "
      "outside the parameter's bounds, an unknown distribution or no basis",
      "ValueError at import, naming the parameter and what is wrong", None, "none")
def test_a_bad_range_is_refused_where_it_is_declared(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Param("x", float, 1.4, help="h", basis="b", min=1.0, max=3.0, **kwargs)


def test_a_log_uniform_range_starts_above_zero():
    with pytest.raises(ValueError, match="must start above 0"):
        Param("x", float, 1.0, help="h", basis="b", min=0.0,
              range=Range(0.0, 5.0, "log-uniform", basis="b"))


@case("`uncertainty --draws 99`, `--draws 1000001` or `--seed -1`",
      "the bound broken, \"range_draws … allowed: a whole number from 100 to 1,000,000\"; no "
      "file written", 2, "none")
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
    for bad in (["--draws", "99"], ["--draws", "1000001"], ["--seed", "-1"]):
        assert cli.main(["uncertainty", *bad, "--csv", str(tmp_path / "no.csv")]) == 2
        assert "range_" in capsys.readouterr().err
    assert not (tmp_path / "no.csv").exists()


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
    assert texts["chips_bn_range"].startswith("none: no estimate drawn")


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
        "Load factor alone moves it; household electricity use and PUE do not move it at all "
        "under the values in effect.")
    assert uncertainty.moves_text(swings.iloc[0:0]).startswith("No estimate is drawn")
    # one estimate, alone; several moving, the largest first and the still ones after
    assert uncertainty.moves_text(swings.iloc[0:1]) == (
        "Load factor is the only estimate drawn, so it alone moves the number.")
    chips = uncertainty.chapter_swings(pkg, "chips", params.defaults("chips"), "chips_bn")
    assert uncertainty.moves_text(chips) == (
        "Price within the reported range moves it most. Capex per GW does not move it at all "
        "under the values in effect.")
    # a label keeps its acronym's capitals mid-sentence, and loses a plain word's
    assert uncertainty.moves_text(chips.iloc[[2]]) == (
        "No estimate moves it: capex per GW does not move it at all under the values in "
        "effect.")


# --------------------------------------------------------------------- the "Done when" cases

def _estimate(name, low, high, distribution="uniform", mode=None):
    spec = Param(name, float, mode if mode is not None else (low + high) / 2, help="h",
                 basis="Assumption", label=name.title(),
                 range=Range(low, high, distribution, basis="b"))
    return uncertainty.Estimate(spec, spec.range, spec.default)


def test_a_model_with_known_quantiles_gets_them():
    """y = 3a + 1 with a uniform on 10–20: the 5th and 95th percentiles are 3·10.5 + 1 and
    3·19.5 + 1; a log-uniform on 1–100 has its 5th percentile at 100^0.05 and its 95th
    at 100^0.95; a triangular on 0–1 peaked at 0 has its 95th at 1 − √0.05."""
    chosen = {"a": _estimate("a", 10.0, 20.0), "g": _estimate("g", 1.0, 100.0, "log-uniform"),
              "t": _estimate("t", 0.0, 1.0, "triangular", mode=0.0)}
    ranges = uncertainty.percentile_ranges(
        lambda P: {"y": 3 * P["a"] + 1, "g": P["g"], "t": P["t"]}, {}, chosen,
        ["y", "g", "t"], draws=10_000, seed=11)
    assert ranges["y"] == pytest.approx((32.5, 59.5), abs=0.01)
    assert ranges["g"] == pytest.approx((100 ** 0.05, 100 ** 0.95), rel=1e-3)
    assert ranges["t"] == pytest.approx((1 - np.sqrt(0.95), 1 - np.sqrt(0.05)), abs=1e-3)


def test_the_dominant_driver_comes_first_in_the_tornado():
    """y = a + 10·z: z moves y ten times as far as a, whatever the names' order."""
    chosen = {"a": _estimate("a", 0.0, 1.0), "z": _estimate("z", 0.0, 1.0)}
    swings = uncertainty.one_at_a_time(lambda P: {"y": P["a"] + 10 * P["z"]},
                                       {"a": 0.5, "z": 0.5}, chosen, "y")
    assert list(swings["parameter"]) == ["z", "a"]
    assert swings["swing"].tolist() == pytest.approx([10.0, 1.0])
    assert swings.loc[0, ["at_low", "at_high"]].tolist() == pytest.approx([0.5, 10.5])
    assert uncertainty.moves_text(swings) == "Z moves it most."


def test_a_changed_range_moves_the_interval(pkg, tmp_path):
    """Narrowing PUE to its upper part raises the accelerator count's range (more power per
    chip leaves fewer chips); a scenario file does it with its draws and seed."""
    P = params.defaults("chips")
    base_low, base_high = uncertainty.chapter_ranges(pkg, "chips", P)["count_m"]
    high_pue = params.validate("chips", {"ranges": "pue=1.4..1.54"})
    low, high = uncertainty.chapter_ranges(pkg, "chips", high_pue)["count_m"]
    assert high < base_high and low < base_low
    # widening the load factor's range below its declared low widens the electricity's range
    wide = params.validate("energy", {"ranges": "load_factor=0.3..1.0"})
    assert uncertainty.chapter_ranges(pkg, "energy", wide)["twh"][0] < \
        uncertainty.chapter_ranges(pkg, "energy", params.defaults("energy"))["twh"][0]
    scenario = tmp_path / "narrow.yaml"
    scenario.write_text("name: narrow\ntitle: Narrow\ndescription: PUE known better.\n"
                        "common:\n  ranges: pue=1.4..1.54\n  range_draws: 500\n"
                        "  range_seed: 9\n", encoding="utf-8")
    loaded = params.load_scenario(scenario)
    assert uncertainty.settings(loaded) == (500, 9)
    table = uncertainty.summary(pkg, loaded).set_index("metric")
    P500 = params.validate("chips", {"ranges": "pue=1.4..1.54", "range_draws": 500,
                                     "range_seed": 9})
    assert (table.loc["count_m", "p5"], table.loc["count_m", "p95"]) == \
        uncertainty.chapter_ranges(pkg, "chips", P500)["count_m"]


@case("A value set outside the range changed around it (`pue=1.45`, `ranges=pue=1.2..1.3`)",
      "\"the value in effect 1.45 is outside 1.2–1.3\"", 2)
def test_every_value_in_effect_lies_inside_its_range():
    for name, spec in params.estimate_specs().items():
        assert spec.range.low <= spec.default <= spec.range.high, name
    # a range changed around a value set in the same run must contain it, or it is refused
    with pytest.raises(params.ParameterError, match=r"ranges: 'pue=1.2..1.3'.*value in "
                                                     r"effect 1.45 is outside 1.2–1.3"):
        params.validate("energy", {"pue": 1.45, "ranges": "pue=1.2..1.3"})
    # and a value set with its own range is drawn around it, not held
    P = params.validate("energy", {"pue": 1.45, "ranges": "pue=1.3..1.5"})
    drawn = uncertainty.chapter_estimates("energy", P)["pue"]
    assert (drawn.range.low, drawn.range.high, drawn.mode) == (1.3, 1.5, 1.45)


def _range(what, *args):
    return pytest.param(*args, marks=case(f"A changed range with {what} (`ranges={args[0]}`)",
                                          f"the estimate named: \"{args[1]}\"", 2))


@pytest.mark.parametrize("text, message", [
    _range("its low above its high", "pue=1.5..1.2", "low 1.5 is not below high 1.2"),
    _range("an unknown distribution", "pue=1.2..1.5 normal", "unknown distribution 'normal'"),
    _range("a misspelt estimate", "peu=1.2..1.5", "did you mean 'pue'"),
    _range("one number", "pue=1.2", "low..high, two numbers"),
    _range("the same estimate twice", "pue=1.2..1.5; pue=1.3..1.4", "given a range twice"),
    _range("a choice, not an estimate", "capacity_gw=1..9", "not an estimate with a range"),
])
def test_a_bad_changed_range_names_the_estimate(text, message):
    with pytest.raises(params.ParameterError, match=message):
        params.validate("energy", {"ranges": text})


def test_a_fixed_seed_reproduces_the_table_byte_for_byte(tmp_path):
    paths = [tmp_path / f"{i}.csv" for i in range(3)]
    for path, seed in zip(paths, ("5", "5", "6"), strict=True):
        assert cli.main(["uncertainty", "--draws", "300", "--seed", seed,
                         "--csv", str(path)]) == 0
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()


@case("A rerun whose changed range leaves out the value in effect (`ranges=pue=1.5..1.6`)",
      "\"the value in effect 1.4 is outside 1.5–1.6\"; nothing executed", 2)
def test_a_rerun_with_a_bad_range_stops_before_any_kernel(capsys, tmp_path):
    assert cli.main(["--root", str(ROOT), "run", "energy", "-p", "ranges=pue=1.5..1.6"]) == 2
    err = capsys.readouterr().err
    assert "ranges: 'pue=1.5..1.6': the value in effect 1.4 is outside 1.5–1.6" in err
    assert "nothing was executed" in err


def test_each_scenario_gets_its_own_ranges(pkg):
    """The comparison's error bars are the chapters' ranges under each scenario's values: a
    scenario that sets the revenue growth holds it, so its gap's range is narrower."""
    chosen = params.load_scenarios(ROOT / "scenarios")
    frame = uncertainty.scenario_ranges(pkg, chosen).set_index(["scenario", "metric"])
    assert len(frame) == len(chosen) * len(uncertainty.OUTPUTS)
    for s in chosen:
        for chapter in uncertainty.HEADLINES:
            for name, (low, high) in uncertainty.chapter_ranges(
                    pkg, chapter, s.for_chapter(chapter)).items():
                assert (frame.loc[(s.name, name), "p5"], frame.loc[(s.name, name), "p95"]) == \
                    (low, high)
    width = frame["p95"] - frame["p5"]
    assert width[("slow-revenue", "cumulative_gap_all")] < width[("base", "cumulative_gap_all")]


@case("A scenario file with 50 draws, or a range whose low is above its high",
      "the file and the key: \"common.range_draws = 50 is out of range\"", 2)
def test_a_scenario_file_with_a_bad_range_is_refused_naming_file_and_key(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: Bad\ndescription: d\ncommon:\n  ranges: pue=1.6..1.2\n"
                   "  range_draws: 50\n", encoding="utf-8")
    with pytest.raises(params.ParameterError, match=r"bad.yaml: parameter common.range_draws = 50"
                                                      r" is out of range"):
        params.load_scenario(bad)
    bad.write_text("name: bad\ntitle: Bad\ndescription: d\ncommon:\n  ranges: pue=1.6..1.2\n",
                   encoding="utf-8")
    with pytest.raises(params.ParameterError, match=r"bad.yaml: parameter common.ranges: "
                                                      r"'pue=1.6..1.2': low 1.6 is not below"):
        params.load_scenario(bad)
    assert cli.main(["uncertainty", "--scenario", str(bad)]) == 2
    assert "nothing was executed" in capsys.readouterr().err


def test_the_gap_range_says_which_side_is_larger_at_either_end(pkg):
    from stargate_report.models import funding

    assert funding.gap_range_text(10.0, 50.0).endswith("the purchases exceed revenue.")
    assert funding.gap_range_text(-50.0, -10.0).endswith("revenue exceeds the purchases.")
    assert "which is larger depends on the estimates" in funding.gap_range_text(-5.0, 5.0)
    # the page's sentence is the range's: the base case's range crosses zero, the
    # slow-revenue scenario's (growth held at half) does not
    texts = uncertainty.range_texts(pkg, "funding", params.defaults("funding"), funding.FORMATS)
    low, high = uncertainty.chapter_ranges(pkg, "funding",
                                           params.defaults("funding"))["cumulative_gap_all"]
    assert texts["gap_range_text"] == funding.gap_range_text(low, high) and low < 0 < high
    slow = params.load_scenario(ROOT / "scenarios" / "slow-revenue.yaml").for_chapter("funding")
    assert uncertainty.range_texts(pkg, "funding", slow, funding.FORMATS)[
        "gap_range_text"].endswith("the purchases exceed revenue.")
