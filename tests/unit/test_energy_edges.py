"""Edges of the energy model: exact unit conversions, the year in a metric's name, and the
sentence on how many statements hold, at none, one, some and all."""

from types import SimpleNamespace

import pandas as pd
import pytest

from stargate_report import params
from stargate_report.models import energy


def test_conversions_are_exact_at_round_numbers():
    # 1 TWh = 1e9 kWh; at 1,000 g/kWh that is 1e12 g = 1 Mt, exactly
    assert energy.co2_mt(1.0, 1000.0) == 1.0
    # 1 TWh = 1e6 MWh; at $1,000/MWh that is $1e9 = $1 bn, exactly
    assert energy.cost_bn_usd(1.0, 1000.0) == 1.0


def test_the_year_is_the_last_part_of_a_metric_name():
    pkg = SimpleNamespace(ref=lambda rid: {"metric": {"a": "us_dc_electricity_2023",
                                                      "b": "electricity_2028"}[rid]})
    assert energy.data_year(pkg, "a") == 2023
    assert energy.data_year(pkg, "b") == 2028


def _checks(verdicts):
    return pd.DataFrame({"verdict": verdicts})


@pytest.mark.parametrize("verdicts, text", [
    (["holds on some bases"] * 3,
     "of the 3 statements in the table, all hold on some bases only."),
    (["holds", "holds on some bases", "contradicted", "holds on some bases"],
     "of the 4 statements in the table, 1 holds on every plausible basis, 2 hold on some "
     "bases only and 1 is contradicted on every basis."),
    (["contradicted", "contradicted"],
     "of the 2 statements in the table, all are contradicted on every basis."),
    # one statement is "1", not "all"
    (["holds"], "of the 1 statement in the table, 1 holds on every plausible basis."),
    ([], "no statement is in the table."),
])
def test_the_sentence_counts_the_verdicts_over_the_bases(verdicts, text):
    assert energy._holds_text(_checks(verdicts)) == text


def test_the_state_is_named_as_readers_write_it_or_as_the_price_given(pkg):
    P = params.defaults("energy")
    assert energy.key_numbers(pkg, {**P, "state": "new_mexico"})["state_text"] == "New Mexico"
    custom = energy.key_numbers(pkg, {**P, "state": "custom", "price_usd_per_mwh": 80.0})
    assert custom["state_text"] == "the price given"
    assert custom["price"] == 80.0


def test_a_price_in_thousands_of_dollars_reads_in_dollars():
    from stargate_report.models import chips
    assert chips._usd(70.8) == "$70,800"
    assert chips._usd(3.14159) == "$3,140"  # three significant figures
