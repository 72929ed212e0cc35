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
            # an assumption is called one where the value is given, not anywhere in the story
            forms = {f"{value:g}", f"{100 * value:g}%"}
            near = [s for s in re.split(r"(?<=[.;:])\s+", description)
                    if any(form in s for form in forms)]
            assert traced or any("assumption" in s.lower() for s in near), (
                f"{path.name}: {chapter}.{name} = {value} is neither stated by a cited source "
                "nor called an assumption where the story gives it")


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
    scenarios = params.load_scenarios(ROOT / "scenarios", "slow-revenue,base", "base")
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
        params.load_scenarios(ROOT / "scenarios", names, baseline)


def test_key_numbers_name_the_largest_move_and_the_ranges(pkg):
    scenarios = params.load_scenarios(ROOT / "scenarios", "all", "base")
    long = compare.compare(pkg, scenarios, "base")
    key = compare.key_numbers(long, "base")
    # three files besides base.yaml: as-planned, signed-only, slow-revenue
    assert key["n_alternatives"] == 3
    # a year's electricity: Abilene's 1.2 GW (signed-only) to the planned 8 GW (as-planned),
    # both at 8,760 h × 0.8: 1.2 × 7.008 = 8.4096 TWh and 8 × 7.008 = 56.064 TWh
    assert (key["twh_min"], key["twh_max"]) == (pytest.approx(8.4096), pytest.approx(56.064))
    # the largest move: payments beyond revenue flip sign when the unconfirmed $300 bn
    # contract leaves the totals (signed-only); a sign flip is read as from–to, not a %
    assert key["top_label"] == "compute purchases beyond revenue, in total"
    assert key["top_title"] == "Only what is signed and running"
    assert key["top_move_text"].startswith("from $248")
    assert key["undefined_text"] == "tensions not settled by the record in view"
    assert key["n_unchanged"] == 0  # every output moves under at least one scenario


def test_cited_ids_are_the_known_ids_a_story_names(pkg):
    scenario = params.load_scenario(ROOT / "scenarios" / "signed-only.yaml")
    assert compare.cited_ids(pkg, scenario) == ["O3", "O4b", "C11.1", "CR1", "FN26.7", "OR26.18",
                                                "E7.3", "SG1", "C4"]
    assert "$300" not in compare.cited_ids(pkg, scenario)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_each_scenario_names_and_moves_what_it_changes(path, pkg):
    """A story names each parameter it changes, and each change moves a number the book
    prints, unless the story says it does not."""
    scenario = params.load_scenario(path)
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    description = " ".join(scenario.description.split())
    before = compare.chapter_numbers(pkg, base)
    changed = {name for values in scenario.changes().values() for name in values}
    labels = {spec.name: spec.label for ch in params.chapter_names() for spec in params.specs(ch)}
    for name in changed:  # in readers' words: by its label, as the parameters table shows it
        assert labels[name].lower() in description.lower(), (
            f"{path.name}: the story does not name {labels[name]!r} ({name})")
        alone = {ch: {**base.for_chapter(ch), **{k: v for k, v in values.items() if k == name}}
                 for ch, values in scenario.parameters.items()}
        one = params.Scenario("one", "t", "d", path, alone)
        after = compare.chapter_numbers(pkg, one)
        moved = [f"{ch}.{k}" for ch in after for k, v in after[ch].items()
                 if v != before[ch][k]]
        assert moved or f"{name} does not move" in description, (
            f"{path.name}: {name} moves no number of the book")


def test_leaving_out_unconfirmed_figures_drops_the_oracle_contract_everywhere(pkg):
    """include_unconfirmed means one thing in every chapter: the $300 bn contract leaves
    every total (funding's payments and coverage, Microsoft's purchases)."""
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    signed = params.load_scenario(ROOT / "scenarios" / "signed-only.yaml")
    b, s = compare.chapter_numbers(pkg, base), compare.chapter_numbers(pkg, signed)
    # the reported purchases: the contract (O3) and Cerebras's $20 bn (FN26.22)
    c = pkg.commitments
    reported = c[(c["kind"] == "compute purchase") & (c["status"] == "reported")]
    assert set(reported["commitment_id"]) == {"oracle_contract", "cerebras"}
    unconfirmed = float(reported["amount_bn_usd"].sum())  # 300 + 20
    assert s["funding"]["compute_total"] == pytest.approx(
        b["funding"]["compute_total"] - unconfirmed)
    assert s["microsoft"]["disclosed_total"] == pytest.approx(
        b["microsoft"]["disclosed_total"] - unconfirmed)
    assert s["funding"]["compute_total"] == pytest.approx(s["microsoft"]["disclosed_total"])
    assert s["funding"]["contract_counted"] == "left out"
    assert s["funding"]["peak_all_payment"] < b["funding"]["peak_all_payment"]
    assert s["funding"]["cumulative_gap_all"] < b["funding"]["cumulative_gap_all"]
    # the contract itself is still modelled as reported, for its own section
    assert s["funding"]["peak_payment"] == b["funding"]["peak_payment"]


def test_the_comparison_holds_no_formula_of_its_own(pkg):
    """Each output is a value of its chapter's key_numbers, for any scenario."""
    for path in SCENARIO_FILES:
        scenario = params.load_scenario(path)
        numbers = compare.chapter_numbers(pkg, scenario)
        for row in compare.key_outputs(pkg, scenario).itertuples():
            assert row.value == numbers[row.chapter][row.metric]


def test_the_readers_table_prints_each_value_with_its_unit(pkg):
    scenarios = params.load_scenarios(ROOT / "scenarios", "signed-only,base", "base")
    table = compare.wide_text(compare.compare(pkg, scenarios, "base")).set_index("Output")
    table = table.apply(lambda col: col.str.replace("\u00a0", " "))
    signed = table["Only what is signed and running"]
    assert table.columns[:2].tolist() == ["Chapter", "Base case"]
    # no grade-A row contradicts a claim: «0 tensions», not «0.0»
    assert signed["Points of tension the record contradicts"] == "0 tensions"
    assert signed["Share of the largest provider"] == "61%"  # Azure's 250 of 410.4
    assert signed["Compute purchases beyond revenue, in total"].startswith("\u2212")  # a minus sign
    assert table.loc["Electricity used in a year", "Base case"] == "31.5 TWh"
