"""Pins every key number of the chips chapter's base case, and tests `chips.count_sensitivity`.

Each expected value is derived here, independently of `stargate_report.models.chips` (and
of `energy`, whose facility-to-IT conversion chips uses): from the data rows by id
(data/reference.csv) and the chapter's parameter defaults, with the arithmetic written out
in a comment. Nothing in the model modules is called to compute an expected value; only
`key_numbers` (the values under test) and `count_sensitivity` (under its own direct
tests) are called.
"""

from __future__ import annotations

import pytest

from stargate_report import params
from stargate_report.models import chips
from tests.unit.pinned import approx, assert_values

CHAPTER, MODEL = "chips", chips


def _rack_kw(pkg) -> float:
    """System-level kW per GPU of a GB200 NVL72 rack: 120 kW ÷ (18 trays × 4 GPUs)."""
    gpus = pkg.value("C9.7a") * pkg.value("C9.7b")  # 18 × 4 = 72 GPUs
    return pkg.value("C9.8") / gpus  # 120 kW ÷ 72 = 1.6667 kW


def _it_gw(P) -> float:
    assert P["capacity_basis"] == "facility"  # the base case reads 4.5 GW as facility power
    return P["capacity_gw"] / P["pue"]  # 4.5 GW ÷ 1.4 = 3.2142857 GW


def _count(pkg, P) -> float:
    # 3.2142857 GW = 3.2142857e6 kW ÷ 1.6667 kW = 1,928,571 GPUs
    # (the same as 4.5e6 kW of facility power ÷ 2.3333 kW all-in)
    return _it_gw(P) * 1e6 / _rack_kw(pkg)


def _mid_price(pkg) -> float:
    gpus = pkg.value("C9.7a") * pkg.value("C9.7b")  # 18 trays × 4 GPUs = 72 a rack
    low = pkg.value("C10.3") / gpus  # $3 million a rack ÷ 72 GPUs = $41,667
    high = pkg.value("C10.4b") * 1e9 / pkg.value("C10.4a")  # $40 bn ÷ 400,000 = $100,000
    return (low + high) / 2  # ($41,667 + $100,000) ÷ 2 = $70,833


# Expected values, one group per test, from the data rows and parameter defaults only.

def _expected_power(pkg, P) -> dict:
    assert P["accelerator"] == "gb200_nvl72"
    return {
        "capacity_gw": 4.5,  # parameter default, the Oracle capacity of E7.6
        "system_kw": _rack_kw(pkg),
        "all_in_kw": _rack_kw(pkg) * P["pue"],  # 1.6667 kW × 1.4 = 2.3333 kW
        "it_gw": _it_gw(P),
        "label": pkg.ref("C9.8")["subject"],  # "GB200 NVL72", as NVIDIA names the rack
        # the GB200 prices are for whole systems: a rack price (C10.3), an order with its
        # systems (C10.4b)
        "spend_noun": "accelerator systems",
        "price_basis_text": "the price in effect is midway between a whole rack's reported "
                            "price per GPU, $41,700, and the price per GB200 of the Abilene "
                            "order",
    }


def _expected_count(pkg, P) -> dict:
    all_in = _rack_kw(pkg) * P["pue"]  # 2.3333 kW
    # Reuters (E7.7b, E7.7): more than 2 million chips for more than 5 GW: 5e6 kW ÷
    # 2.3333 kW = 2,142,857, above 2 million (no upper bound) → within
    reuters = pkg.value("E7.7") * 1e6 / all_in
    # Huang (C9.9a–c): 10 GW is 4 to 5 million GPUs: 10e6 kW ÷ 2.3333 = 4,285,714 → within
    huang = pkg.value("C9.9c") * 1e6 / all_in
    # Abilene (C10.4a, E7.3): about 400,000 GB200 for 1.2 GW, read as ± 25% (the energy
    # chapter's tolerance): 1.2e6 kW ÷ 2.3333 = 514,286, above 500,000 → above
    abilene = pkg.value("E7.3") * 1e6 / all_in
    within = [reuters >= pkg.value("E7.7b"),
              pkg.value("C9.9a") <= huang <= pkg.value("C9.9b"),
              abilene <= pkg.value("C10.4a") * 1.25]
    assert within == [True, True, False]
    return {
        "count_m": _count(pkg, P) / 1e6,  # 1.9286 million
        "n_checks": 3, "checks_tolerance_pct": 25.0,
        "checks_text": "The count falls within the range of 2 of the 3 independent "
                       "statements, and above the range of Abilene.",
    }


def _expected_spending(pkg, P) -> dict:
    assert P["custom_share"] == 0.0  # no custom chips: the whole fleet is GB200
    return {
        "price_k": _mid_price(pkg) / 1e3,  # 70.833 thousand USD
        "oracle_order_k": pkg.value("C10.4b") * 1e9 / pkg.value("C10.4a") / 1e3,  # $100k
        # 1,928,571 GPUs × $70,833 = $136.607 bn (+ 0 custom chips × $20,000)
        "chips_bn": _count(pkg, P) * _mid_price(pkg) / 1e9,
        "custom_share_pct": 0.0,  # 100 × 0.0
    }


def _expected_capex(pkg, P) -> dict:
    top_down = P["capacity_gw"] * P["capex_bn_usd_per_gw"]  # 4.5 GW × $50 bn = $225 bn
    chips_bn = _count(pkg, P) * _mid_price(pkg) / 1e9  # $136.607 bn
    deals_gw = pkg.value("CC5a") + pkg.value("CC5b") + pkg.value("CC5c")  # 10 + 6 + 10 = 26
    return {
        "top_down_bn": top_down,
        "chips_share_pct": 100 * chips_bn / top_down,  # 136.607 ÷ 225 = 60.71%
        "nvidia_share_pct": 100 * pkg.value("C10.5b") / P["capex_bn_usd_per_gw"],  # 35 ÷ 50
        "envelope_per_gw": pkg.value("CC1") / pkg.value("CC1c"),  # $1,400 bn ÷ 30 GW = 46.67
        "deals_gw": deals_gw,
        # of which NVIDIA's letter of intent (CC5a, 10 GW), never binding (FN26.11, Feb 2026)
        "deals_nonbinding_gw": pkg.value("CC5a"),
        "deals_nonbinding_said": "February 2026",
        "deals_bn": deals_gw * P["capex_bn_usd_per_gw"],  # 26 GW × $50 bn = $1,300 bn
        "capex_src": pkg.value("E3.3b"),  # Reuters: about $50 bn per GW
    }


EXPECTED = (_expected_power, _expected_count, _expected_spending, _expected_capex)


def test_the_gb200_rack_sets_the_power_per_accelerator(pkg, P, key):
    assert_values(key, _expected_power(pkg, P))


def test_the_count_is_it_power_over_system_kw_and_fits_two_of_three_statements(pkg, P, key):
    assert_values(key, _expected_count(pkg, P))


def test_chip_spending_is_the_count_times_the_mid_price(pkg, P, key):
    assert_values(key, _expected_spending(pkg, P))


def test_top_down_capex_and_the_chip_deals(pkg, P, key):
    assert_values(key, _expected_capex(pkg, P))


def test_the_shared_parameters_agree_with_the_energy_chapter(pkg, P):
    energy_P = params.defaults("energy")
    for name in ("capacity_gw", "capacity_basis", "pue"):
        assert P[name] == energy_P[name], name
    # read as IT load, the 4.5 GW is the IT power itself: 4.5e6 kW ÷ 1.6667 = 2.7 million
    it_key = chips.key_numbers(pkg, {**P, "capacity_basis": "it"})
    assert it_key["it_gw"] == approx(4.5)
    assert it_key["count_m"] == approx(4.5e6 / (120 / 72) / 1e6)


def test_every_key_is_pinned(pkg, P, key):
    pinned = set().union(*(f(pkg, P) for f in EXPECTED))
    assert pinned == set(key)


# Direct tests of `chips.count_sensitivity`.

def test_count_sensitivity_divides_the_power_by_each_kw():
    out = chips.count_sensitivity(1.0, [0.5, 1.0, 2.5])
    assert list(out.columns) == ["kw_per_accelerator", "count"]
    assert list(out["kw_per_accelerator"]) == [0.5, 1.0, 2.5]
    # 1 GW = 1e6 kW: ÷ 0.5 = 2,000,000; ÷ 1 = 1,000,000; ÷ 2.5 = 400,000
    assert list(out["count"]) == pytest.approx([2_000_000, 1_000_000, 400_000])


def test_count_sensitivity_at_the_base_case(pkg):
    # 4.5 GW of facility power at 2.3333 kW all in (120 ÷ 72 × 1.4) = 1,928,571 GPUs
    out = chips.count_sensitivity(4.5, [120 / 72 * 1.4])
    assert out["count"].iloc[0] == approx(4.5e6 / (120 / 72 * 1.4))
    assert out["count"].iloc[0] == pytest.approx(1_928_571, abs=1)


def test_count_sensitivity_edge_cases():
    empty = chips.count_sensitivity(4.5, [])
    assert len(empty) == 0 and list(empty.columns) == ["kw_per_accelerator", "count"]
    # no power feeds no accelerators, whatever each draws
    assert list(chips.count_sensitivity(0.0, [0.7, 2.5])["count"]) == [0.0, 0.0]
    # a single point; and zero kW per accelerator has no count
    assert list(chips.count_sensitivity(2.0, [4.0])["count"]) == [500_000.0]  # 2e6 ÷ 4
    with pytest.raises(ZeroDivisionError):
        chips.count_sensitivity(1.0, [0.0])
