"""Rules across parameters: declared with the chapter's parameters, checked before any
kernel starts by every entry point (the CLI, scenario files, papermill's first cell)."""

import pytest

from stargate_report import cli, params
from tests.conftest import ROOT
from tests.robustness import case


def _rule(what, *args):
    return pytest.param(*args, marks=case(
        f"Values that do not go together: {what}",
        f"every parameter named, and \"{args[-1]}\"", 2))


@pytest.mark.parametrize("chapter, values, names, message", [
    _rule("two custom weights for a five-year contract",
          "funding", {"schedule_profile": "custom", "custom_weights": "1,2"},
          ("schedule_profile", "custom_weights", "contract_years"),
          "one weight per contract year: 2 weights for 5 years"),
    _rule("custom weights that are not numbers",
          "funding", {"schedule_profile": "custom", "custom_weights": "1,x,2"},
          ("custom_weights",), "give numbers separated by commas"),
    _rule("custom weights all zero",
          "funding", {"schedule_profile": "custom", "custom_weights": "0,0,0,0,0"},
          ("custom_weights",), "not all zero"),
    _rule("a linear first year too high for the total",
          "funding", {"first_year_bn_usd": 200.0},
          ("first_year_bn_usd", "contract_total_bn_usd", "contract_years"),
          "the first year is too high for a linear schedule of 300 over 5 years: at most 120"),
    _rule("a contract that ends before revenue is projected",
          "funding", {"contract_start_year": 2025, "contract_years": 1},
          ("revenue_base_year", "contract_start_year", "contract_years"),
          "the contract's last payment (2025) must fall after the revenue base year"),
    _rule("a load-factor range whose low is above its high",
          "energy", {"load_factor_low": 0.9, "load_factor_high": 0.6},
          ("load_factor_low", "load_factor_high"), "low end of the load factors tested is above"),
])
def test_values_that_do_not_go_together_are_refused_naming_each(chapter, values, names,
                                                                 message):
    with pytest.raises(params.ParameterError) as err:
        params.validate(chapter, values)
    text = str(err.value)
    assert message in text and "do not go together" in text
    for name in names:
        assert f"{name} = " in text


def test_a_rule_only_binds_the_profile_it_is_about():
    # the weights are the custom profile's: under the linear one, two weights are fine
    assert params.validate("funding", {"custom_weights": "1,2"})["custom_weights"] == "1,2"
    # and a first year too high for a linear ramp is fine for a flat schedule
    params.validate("funding", {"first_year_bn_usd": 200.0, "schedule_profile": "flat"})


@case("`run funding -p schedule_profile=custom -p custom_weights=1,2`",
      "both parameters named; \"nothing was executed; the published book is unchanged\"", 2)
def test_the_command_refuses_before_any_kernel(capsys):
    code = cli.main(["--root", str(ROOT), "run", "funding", "-p", "schedule_profile=custom",
                     "-p", "custom_weights=1,2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "custom_weights = '1,2'" in err and "contract_years = 5" in err
    assert "nothing was executed; the published book is unchanged" in err


@case("A scenario file whose values do not go together", "the file, the chapter and the "
      "parameters named", 2)
def test_a_scenario_file_is_checked_against_the_rules(tmp_path):
    bad = tmp_path / "weights.yaml"
    bad.write_text("name: weights\ntitle: W\ndescription: d\nchapters:\n  funding:\n"
                   "    schedule_profile: custom\n    custom_weights: '1,2,3'\n",
                   encoding="utf-8")
    with pytest.raises(params.ParameterError, match=r"weights.yaml: parameters "
                       r"chapters.funding.schedule_profile = 'custom'.*3 weights for 5 years"):
        params.load_scenario(bad)


@case("Plain papermill with values that do not go together",
      "the notebook's first cell stops with the parameters named", None, "none")
def test_papermills_first_cell_checks_the_rules_too():
    namespace = {**params.defaults("energy"), "load_factor_low": 0.9, "load_factor_high": 0.6}
    with pytest.raises(params.ParameterError, match="load_factor_low = 0.9"):
        params.from_namespace("energy", namespace)


def test_every_rule_names_declared_parameters_and_passes_the_defaults():
    for chapter in params.chapter_names():
        declared = {p.name for p in params.specs(chapter)}
        for rule in params.chapter(chapter).rules:
            assert set(rule.names) <= declared, (chapter, rule.names)
            assert rule.problem(params.defaults(chapter)) is None, (chapter, rule.what)


def test_the_parameters_list_shows_the_rules(capsys):
    assert cli.main(["params", "funding"]) == 0
    assert ("rule (schedule_profile, custom_weights, contract_years): the custom profile "
            "gives one non-negative weight per contract year") in capsys.readouterr().out
