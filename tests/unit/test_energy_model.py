import pandas as pd
import pytest

from stargate_report import data
from stargate_report.models import energy as e


def test_a_gigawatt_for_a_year_is_8_76_twh():
    assert e.annual_twh(1.0, "facility", pue=1.5, load_factor=1.0) == pytest.approx(8.76)
    assert e.annual_twh(1.0, "it", pue=1.5, load_factor=1.0) == pytest.approx(8.76 * 1.5)
    assert e.annual_twh(4.5, "facility", pue=9, load_factor=0.8) == pytest.approx(4.5 * 8.76 * 0.8)


def test_an_unknown_basis_is_named():
    with pytest.raises(ValueError, match="capacity_basis = 'site'; allowed: it, facility"):
        e.facility_gw(1.0, "site", 1.2)


def test_homes_on_each_basis():
    # 8.76 TWh ÷ 10,715 kWh ≈ 817,500 homes a year; 1,000 MW × 250 = 250,000 at peak
    assert e.homes_annual(8.76, 10715) == pytest.approx(817_545, rel=1e-5)
    assert e.homes_peak(1.0, 250) == 250_000
    eq = e.equivalences(2.0, 2 * 8.76, 2.0, 10715, 250, 2.5)
    assert eq["homes_annual_per_gw"] == pytest.approx(817_545, rel=1e-5)
    assert eq["persons_annual"] == pytest.approx(2 * 817_545 * 2.5, rel=1e-5)


def test_cost_and_emissions():
    assert e.cost_bn_usd(10.0, 66.0) == pytest.approx(0.66)  # 10 TWh × 66 USD/MWh
    assert e.co2_mt(10.0, 400.0) == pytest.approx(4.0)  # 10e9 kWh × 400 g
    assert 0.81 * e.GRAMS_PER_POUND == pytest.approx(367.41, abs=0.01)


def test_state_prices_are_converted_from_cents_per_kwh():
    prices = data.load() and e.state_prices(data.load()).set_index("state")
    assert prices.loc["texas", "price_usd_per_mwh"] == pytest.approx(66.0)
    assert prices.loc["new_mexico", "price_usd_per_mwh"] == pytest.approx(57.5)
    assert set(prices.index) == set(e.STATE_PRICE_IDS)


def test_verdicts():
    assert e.verdict(750_000, 654_000) == "holds"
    assert e.verdict(750_000, 250_000) == "overstates"
    assert e.verdict(4_000_000, 9_000_000) == "understates"


def test_the_articles_equivalences_on_each_basis():
    checks = e.equivalence_checks(data.load(), "facility", 1.58, 1.0, 10715, 250, 2.5)
    checks = checks.set_index("source_id")
    # in effect, at full load: 750,000 against about 817,500 a year, 250,000 at peak
    assert checks.loc["C002-04", "annual"] == pytest.approx(8.76e9 / 10715)
    assert checks.loc["C002-04", "peak"] == 250_000
    # over the plausible bases, it holds from a load factor of about 0.71 (2024 use)
    assert checks.loc["C002-04", "verdict"] == "holds on some bases"
    assert checks.loc["E3.5", "verdict"] == "holds on some bases"  # near full load only
    # 4 million people: per French inhabitant, or as households at low load factors
    assert checks.loc["C003-07", "verdict"] == "holds on some bases"


def test_sensitivity_grid_ends_are_sourced():
    pkg = data.load()
    grid = e.pue_grid(pkg)
    assert grid[0] == pkg.source("E4.4")["value"] and grid[-1] == pkg.source("E4.5")["value"]
    sens = e.sensitivity(1.0, "it", grid, list(e.LOAD_FACTOR_GRID), 66.0)
    assert len(sens) == len(grid) * len(e.LOAD_FACTOR_GRID)
    assert sens["twh"].max() == pytest.approx(8.76 * grid[-1])


def test_planned_capacity_keeps_the_wording():
    planned = e.planned_capacity(data.load())
    assert list(planned["capacity_gw"]) == [1.2, 5, 7, 8, 10]
    assert list(planned["qualifier"]) == ["", "more than", "nearly", "more than", ""]
    # dated by the announcement it reports: OpenAI's post of 29 April 2026, relayed on the
    # 30th; grades travel with each point (the 10 GW rests on a vendor blog, C)
    assert planned["date"].iloc[-1] == pd.Timestamp("2026-04-29")
    assert list(planned["grade"]) == ["A", "B", "C", "B", "C"]


def test_data_year_comes_from_the_metric_not_the_publication_date():
    pkg = data.load()
    assert e.data_year(pkg, "E1.1") == 2023  # published December 2024


def test_it_power_is_the_facility_power_over_pue():
    assert e.it_gw(4.5, "facility", 1.5) == pytest.approx(3.0)
    assert e.it_gw(4.5, "it", 1.5) == pytest.approx(4.5)  # the figure is IT load already
    facility = e.facility_gw(4.5, "it", 1.5)
    assert facility - e.it_gw(4.5, "it", 1.5) == pytest.approx(4.5 * 0.5)


def test_the_sensitivity_grid_marks_the_values_in_effect():
    grid = e.sensitivity(4.5, "it", [1.1, 1.2, 1.3, 1.4, 1.5], [0.6, 0.8, 1.0], 66.0,
                         in_effect=(1.32, 0.8))
    marked = grid[grid["in_effect"]]
    assert list(zip(marked["pue"], marked["load_factor"], strict=True)) == [(1.32, 0.8)]
    assert 1.3 not in set(grid["pue"])  # replaced, not doubled by a row 0.02 away
    assert marked["twh"].iloc[0] == pytest.approx(4.5 * 1.32 * 8760 * 0.8 / 1000)
    off_grid = e.sensitivity(4.5, "it", [1.1, 1.2], [0.8], 66.0, in_effect=(2.0, 0.8))
    assert sorted(set(off_grid["pue"])) == [1.1, 1.2, 2.0] and off_grid["in_effect"].sum() == 1


@pytest.mark.parametrize("basis", ["facility", "it"])
def test_the_basis_grid_outlines_the_reading_in_effect(basis):
    grid = e.basis_sensitivity(4.5, basis, 1.3, 0.8, [1.1, 1.3, 1.58], [0.6, 0.8], 66.0)
    marked = grid[grid["in_effect"]]
    assert len(marked) == 1 and marked["basis"].iloc[0] == basis
    assert marked["twh"].iloc[0] == pytest.approx(e.annual_twh(4.5, basis, 1.3, 0.8))
    facility = grid[grid["basis"] == "facility"]
    assert facility["twh"].tolist() == pytest.approx([4.5 * 8.76 * 0.6, 4.5 * 8.76 * 0.8])
    assert grid["reading"].iloc[0] == "Facility power (any PUE)"  # the top row
