"""Pins every key number of the energy chapter's base case, and tests `energy.comparison`.

Each expected value is derived here, independently of `stargate_report.models.energy`:
from the data rows by id (data/reference.csv, data/claims.csv) and the chapter's
parameter defaults, with the arithmetic written out in a comment. Nothing in the model
module is called to compute an expected value; only `key_numbers` (the values under
test) and `comparison` (under its own direct tests) are called.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from stargate_report.models import energy
from tests.unit.pinned import approx, assert_values

CHAPTER, MODEL = "energy", energy

HOURS = 365 * 24  # 8,760 h: a year, leap days ignored


# Expected values, one group per test. Each function derives its group from the data
# rows and the parameter defaults only.

def _expected_power(pkg, P) -> dict:
    assert P["capacity_basis"] == "facility"  # the base case reads 4.5 GW as facility power
    capacity, pue = P["capacity_gw"], P["pue"]
    it = capacity / pue  # 4.5 GW ÷ 1.4 = 3.2142857 GW reaches the IT equipment
    return {
        "capacity_gw": 4.5,  # parameter default, the Oracle capacity of E7.6
        "power_gw": capacity,  # facility basis: drawn from the grid as stated, 4.5 GW
        "it_gw": it,
        "overhead_gw": capacity - it,  # 4.5 − 3.2142857 = 1.2857143 GW (cooling, losses)
        "pue": 1.4,  # parameter default (an assumption between E4.4's 1.10 and E4.5's 1.54)
        "load_factor_pct": 100 * P["load_factor"],  # 100 × 0.8 = 80%
        "basis_text": "facility power",
    }


def _expected_energy(pkg, P) -> dict:
    # 4.5 GW × 8,760 h × 0.8 = 31,536 GWh = 31.536 TWh
    twh = P["capacity_gw"] * HOURS * P["load_factor"] / 1000
    # the plan latest announced among E7.3, E7.7, E7.9, E7.16, ST26.1, by date: ST26.1,
    # 10 GW secured (OpenAI, 29 April 2026, relayed by a vendor blog)
    ids = ["E7.3", "E7.7", "E7.9", "E7.16", "ST26.1"]
    planned = pkg.reference[pkg.reference["id"].isin(ids)]
    latest = planned.sort_values("date").iloc[-1]
    assert latest["id"] == "ST26.1"
    planned_gw = float(latest["value"])
    return {
        "twh": twh,
        "hours_per_year": 8760,  # 365 × 24
        "planned_gw": planned_gw,  # ST26.1: 10 GW
        "planned_date_text": "April 2026",  # OpenAI's post of 29 April 2026 (event date)
        "planned_grade": latest["grade"],  # C: a vendor blog's summary
        # data/sites.csv: abilene … piketon in the US; UAE, Norway, UK, India abroad
        "sites_text": "12 sites named in connection with Stargate: 8 in the United States "
                      "and 4 abroad",
        # 10 GW × 8,760 h × 0.8 = 70,080 GWh = 70.08 TWh (facility basis, as the capacity)
        "planned_twh": planned_gw * HOURS * P["load_factor"] / 1000,
    }


def _expected_bill_and_co2(pkg, P) -> dict:
    twh = P["capacity_gw"] * HOURS * P["load_factor"] / 1000  # 31.536 TWh
    assert P["state"] == "texas"
    price = pkg.value("E5.3") * 10  # 6.60 ¢/kWh = 66 USD/MWh (1 ¢/kWh = 10 USD/MWh)
    # the parameter is E6.1's 0.81 lb/kWh in grams, rounded to 367.41
    assert P["grid_co2_g_per_kwh"] == pytest.approx(pkg.value("E6.1") * 453.59237, abs=0.005)
    return {
        "price": price,
        # 31.536 TWh = 31.536e6 MWh × 66 USD = 2.081376e9 USD = 2.081376 bn USD
        "cost_bn": twh * 1e6 * price / 1e9,
        # 31.536e9 kWh × 367.41 g = 1.1586642e13 g = 11.586642 Mt
        "co2_mt": twh * 1e9 * P["grid_co2_g_per_kwh"] / 1e12,
        "state_text": "Texas",
    }


def _expected_shares(pkg, P) -> dict:
    twh = P["capacity_gw"] * HOURS * P["load_factor"] / 1000  # 31.536 TWh
    # the year E1.1's figure refers to, from its metric name "electricity_2023"
    year = re.fullmatch(r"electricity_(\d{4})", pkg.ref("E1.1")["metric"]).group(1)
    return {
        "share_us_dc_2023_pct": 100 * twh / pkg.value("E1.1"),  # 31.536 ÷ 176 = 17.918%
        # E8.3 is in thousand MWh: 3,861,342 ÷ 1,000 = 3,861.342 TWh sold in 2023
        "share_us_total_pct": 100 * twh / (pkg.value("E8.3") / 1000),  # 0.8167%
        "us_dc_year": year,
        "us_total_year": re.fullmatch(r"retail_sales_(\d{4})", pkg.ref("E8.3")["metric"]).group(1),
    }


def _expected_homes(pkg, P) -> dict:
    assert P["household_kwh_per_year"] == 12 * pkg.value("E3.2")  # 865 kWh a month, 2024
    assert P["homes_per_mw_at_peak"] == pkg.value("E3.6")  # 250 homes per MW
    twh = P["capacity_gw"] * HOURS * P["load_factor"] / 1000  # 31.536 TWh
    homes = twh * 1e9 / P["household_kwh_per_year"]  # 31.536e9 kWh ÷ 10,380 = 3,038,150
    peak = P["capacity_gw"] * 1000 * P["homes_per_mw_at_peak"]  # 4,500 MW × 250 = 1,125,000
    return {
        "homes_annual_m": homes / 1e6,
        "homes_peak_m": peak / 1e6,  # 1.125 million
        "persons_annual_m": homes * P["persons_per_household"] / 1e6,  # × 2.5 = 7.595 M
        "homes_annual_per_gw": homes / P["capacity_gw"],  # 3,038,150 ÷ 4.5 = 675,145
        "homes_peak_per_gw": peak / P["capacity_gw"],  # 250 × 1,000 MW = 250,000
    }


def _holds_at(stated: float, count: float) -> bool:
    # «holds» within 25% of the computed figure (the chapter's stated tolerance)
    return abs(stated - count) <= 0.25 * count


def _range_verdict(stated: float, per_lf: list[float], fixed: list[float], low: float,
                   high: float) -> str:
    # a count k·lf holds for lf in [stated / 1.25k, stated / 0.75k]; checked here on a
    # fine grid of load factors instead of by that formula
    grid = [low + (high - low) * i / 1000 for i in range(1001)]
    on_grid = [[_holds_at(stated, k * lf) for lf in grid] for k in per_lf]
    if all(all(row) for row in on_grid):
        return "holds"
    if any(any(row) for row in on_grid) or any(_holds_at(stated, c) for c in fixed):
        return "holds on some bases"
    return "contradicted"


def _expected_statements(pkg, P) -> dict:
    claims = pkg.claims.set_index("claim_id")
    oracle_gw = pkg.value("E7.6")  # 4.5 GW
    low, high = P["load_factor_low"], P["load_factor_high"]  # 0.5 and 1.0
    vintages = [pkg.value("E3.1"), 12 * pkg.value("E3.2")]  # 10,715 (2020); 10,380 (2024)
    per_person = [pkg.value("E9.1"), pkg.value("E9.2")]  # 12,645 (US); 6,457 (France)
    people = P["persons_per_household"]

    def bases(gw: float, counts_people: bool) -> tuple[list[float], list[float]]:
        kwh = gw * HOURS * 1e6  # at a load factor of 1: GW × 8,760 h, in kWh
        factor = people if counts_people else 1.0
        per_lf = [kwh / v * factor for v in vintages]
        if counts_people:
            per_lf += [kwh / v for v in per_person]
        return per_lf, [gw * 1000 * P["homes_per_mw_at_peak"] * factor]

    statements = [
        (float(claims.loc["C002-04", "value"]), 1.0, False),  # 750,000 homes per GW
        (pkg.value("E3.3"), 1.0, False),  # 750,000 households per GW
        (pkg.value("E3.4"), 10.0, False),  # 8 million households per 10 GW
        (pkg.value("E3.5"), oracle_gw, False),  # 4 million homes for 4.5 GW
        (float(claims.loc["C003-07", "value"]), oracle_gw, True),  # 4 million people
    ]
    verdicts = [_range_verdict(s, *bases(gw, p), low, high) for s, gw, p in statements]
    # 750,000 per GW: 817,500 × lf (2020) holds from lf 0.73; 8 M per 10 GW from 0.78;
    # 4 M homes for 4.5 GW from 0.87; 4 M people: 6.1 M × lf per French inhabitant holds
    # from 0.52 to 0.87. None holds at every load factor from 0.5, none at none.
    assert verdicts == ["holds on some bases"] * 5
    return {
        "oracle_gw": oracle_gw,
        "tolerance_pct": 25.0,  # the 25% tolerance of `_holds_at` above, in per cent
        "load_factor_low": low, "load_factor_high": high,
        "holds_text": "of the 5 statements in the table, all hold on some bases only.",
        "quote_reactor": claims.loc["C002-03", "quote_fr"],
        "quote_homes": claims.loc["C002-04", "quote_fr"],
        "quote_city": claims.loc["C003-07", "quote_fr"],
    }


EXPECTED = (_expected_power, _expected_energy, _expected_bill_and_co2, _expected_shares,
            _expected_homes, _expected_statements)


def test_the_base_case_reads_the_capacity_as_facility_power(pkg, P, key):
    assert_values(key, _expected_power(pkg, P))


def test_a_years_energy_is_capacity_times_hours_times_load(pkg, P, key):
    assert_values(key, _expected_energy(pkg, P))


def test_the_bill_and_the_co2_follow_from_the_energy(pkg, P, key):
    assert_values(key, _expected_bill_and_co2(pkg, P))


def test_the_shares_compare_the_energy_with_us_use(pkg, P, key):
    assert_values(key, _expected_shares(pkg, P))


def test_homes_and_people_on_each_basis(pkg, P, key):
    assert_values(key, _expected_homes(pkg, P))


def test_the_statements_verdicts_and_the_quotes(pkg, P, key):
    assert_values(key, _expected_statements(pkg, P))


def test_an_it_load_capacity_is_multiplied_by_pue(pkg, P):
    # the same 4.5 GW read as IT load: 4.5 × 1.4 = 6.3 GW from the grid
    it_key = energy.key_numbers(pkg, {**P, "capacity_basis": "it"})
    assert it_key["power_gw"] == approx(6.3)
    assert it_key["it_gw"] == approx(4.5)
    assert it_key["twh"] == approx(6.3 * 8760 * 0.8 / 1000)  # 44.1504 TWh
    assert it_key["basis_text"] == "IT load, times a PUE of 1.4"


def test_every_key_is_pinned(pkg, P, key):
    pinned = set().union(*(f(pkg, P) for f in EXPECTED))
    assert pinned == set(key)


# Direct tests of `energy.comparison`.

class _Values:
    """A stand-in for the package: `value(id)` from a small hand-made table."""

    def __init__(self, values: dict[str, float]):
        self.values = values

    def value(self, source_id: str) -> float:
        return self.values[source_id]

    def ref(self, source_id: str) -> dict:
        return {"metric": "retail_sales_2023"}  # only the US total's year is read


_SMALL = _Values({"E1.1": 100.0, "E1.3a": 200.0, "E1.3b": 300.0, "E2.1": 400.0,
                  "E2.2": 800.0, "E8.3": 4_000_000.0})  # thousand MWh: 4,000 TWh


def test_comparison_puts_each_figure_beside_the_capacitys_energy():
    out = energy.comparison(_SMALL, 10.0, 25.0)
    assert list(out["twh"]) == [10.0, 25.0, 100.0, 200.0, 300.0, 400.0, 800.0, 4000.0]
    # each ÷ 10 TWh
    assert list(out["multiple_of_this"]) == pytest.approx(
        [1.0, 2.5, 10.0, 20.0, 30.0, 40.0, 80.0, 400.0])
    assert list(out["reference_id"]) == ["", "ST26.1", "E1.1", "E1.3a", "E1.3b", "E2.1",
                                         "E2.2", "E8.3"]
    assert list(out["kind"]) == ["this report"] * 2 + ["data centres"] * 5 + ["all uses"]
    assert list(out["what"]) == [
        "This capacity, a year (parameters in effect)",
        "Stargate as last announced, a year (same assumptions)",
        "US data centres, 2023", "US data centres, 2028 (low)",
        "US data centres, 2028 (high)", "Global data centres, 2024",
        "Global data centres, 2030", "All US electricity sales, 2023"]


def test_comparison_with_the_real_package(pkg):
    out = energy.comparison(pkg, 31.536, 70.08).set_index("reference_id")
    assert out.loc["E1.1", "twh"] == 176  # LBNL, US data centres 2023
    assert out.loc["E1.1", "multiple_of_this"] == approx(176 / 31.536)  # 5.58×
    assert out.loc["E8.3", "multiple_of_this"] == approx(3861.342 / 31.536)  # 122×
    assert out.loc["E2.2", "twh"] == 945  # IEA, global data centres 2030
    assert out.loc["ST26.1", "multiple_of_this"] == approx(70.08 / 31.536)  # 10 ÷ 4.5


def test_comparison_edge_cases():
    # a plan of zero is 0× the capacity's energy
    out = energy.comparison(_SMALL, 10.0, 0.0)
    assert out["multiple_of_this"].iloc[1] == 0.0
    # no energy at all: pandas divides without raising; 0 ÷ 0 is NaN, the rest infinite
    zero = energy.comparison(_SMALL, 0.0, 0.0)
    assert zero["multiple_of_this"].iloc[:2].isna().all()
    assert (zero["multiple_of_this"].iloc[2:] == math.inf).all()
    assert isinstance(zero, pd.DataFrame) and len(zero) == 8
