"""The scenario comparison: recomputed key outputs, and the scenario files themselves."""

import re

import pytest

from stargate_report import data, params
from stargate_report.models import compare
from tests.conftest import ROOT
from tests.unit.test_traceability import stated_by

SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def pkg():
    return data.load()


def test_there_are_a_base_case_and_at_least_two_alternatives():
    names = [params.load_scenario(p).name for p in SCENARIO_FILES]
    assert "base" in names and len(names) >= 3
    assert [p.stem for p in SCENARIO_FILES] == names  # file name = scenario name


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_each_scenario_tells_its_story_and_traces_its_values(path, pkg):
    """A changed number is stated by a source the description cites, or called an assumption."""
    scenario = params.load_scenario(path)
    description = " ".join(scenario.description.split())
    assert len(description) > 80, "a scenario needs a short story: what it assumes and why"
    cited = compare.cited_ids(pkg, scenario)
    for chapter, values in scenario.changes().items():
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            traced = any(stated_by(pkg, i, value) for i in cited)
            assert traced or "assumption" in description.lower(), (
                f"{path.name}: {chapter}.{name} = {value} is neither stated by a cited source "
                "nor called an assumption")


def test_base_outputs_follow_the_defaults(pkg):
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    out = compare.key_outputs(pkg, base).set_index("metric")["value"]
    assert len(out) == len(compare.METRICS)
    assert out["top_down_bn"] == 4.5 * 50  # capacity_gw × capex_bn_usd_per_gw defaults
    assert out["twh"] == pytest.approx(4.5 * 8760 * 0.8 / 1000)


def test_a_smaller_capacity_scales_the_energy_down(pkg):
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    small = params.load_scenario(ROOT / "scenarios" / "signed-only.yaml")
    long = compare.compare(pkg, [base, small], "base")
    twh = long[long["metric"] == "twh"].set_index("scenario")
    assert twh.loc["signed-only", "value"] == pytest.approx(twh.loc["base", "value"] * 1.2 / 4.5)
    assert twh.loc["signed-only", "change_pct"] == pytest.approx(100 * (1.2 / 4.5 - 1))
    assert twh.loc["base", "change_pct"] == 0


def test_a_change_from_zero_has_no_percentage(pkg):
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    small = params.load_scenario(ROOT / "scenarios" / "signed-only.yaml")
    long = compare.compare(pkg, [base, small], "base").set_index(["scenario", "metric"])
    assert long.loc[("base", "n_not_established"), "value"] == 0
    assert long.loc[("signed-only", "n_not_established"), "change_pct"] != \
        long.loc[("signed-only", "n_not_established"), "change_pct"]  # NaN


def test_the_table_puts_the_baseline_first():
    scenarios = compare.load_scenarios(ROOT / "scenarios", "slow-revenue,base", "base")
    assert [s.name for s in scenarios] == ["base", "slow-revenue"]
    wide = compare.wide(compare.compare(data.load(), scenarios, "base"))
    assert list(wide.columns) == ["chapter", "label", "unit", "base", "slow-revenue"]


@pytest.mark.parametrize("names,baseline,message", [
    ("base,nope", "base", "no scenario file 'nope'"),
    (" , ", "base", "(none named)"),
    ("slow-revenue", "base", "baseline = 'base' is not among"),
    ("base", "base", "choose at least one scenario besides the baseline"),
])
def test_bad_choices_of_scenarios_name_the_problem(names, baseline, message):
    with pytest.raises(params.ParameterError, match=re.escape(message)):
        compare.load_scenarios(ROOT / "scenarios", names, baseline)


def test_key_numbers_name_the_largest_move_and_the_ranges(pkg):
    scenarios = compare.load_scenarios(ROOT / "scenarios", "all", "base")
    long = compare.compare(pkg, scenarios, "base")
    key = compare.key_numbers(long, "base")
    moved = long.dropna(subset=["change_pct"])
    assert key["top_change_pct"] == max(moved["change_pct"], key=abs)
    assert key["n_alternatives"] == len(scenarios) - 1
    twh = long.loc[long["metric"] == "twh", "value"]
    assert (key["twh_min"], key["twh_max"]) == (twh.min(), twh.max())
    assert key["undefined_text"] == "tensions not settled by the record in view"
    unchanged = [m for m, c in moved[moved["scenario"] != "base"].groupby("metric")["change_pct"]
                 if (c == 0).all()]
    assert key["n_unchanged"] == len(unchanged)


def test_cited_ids_are_the_known_ids_a_story_names(pkg):
    scenario = params.load_scenario(ROOT / "scenarios" / "signed-only.yaml")
    assert compare.cited_ids(pkg, scenario) == ["O3", "O4b", "E7.3", "SG1", "C4"]
    assert "$300" not in compare.cited_ids(pkg, scenario)
