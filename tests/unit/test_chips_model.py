import pytest

from stargate_report import data, params
from stargate_report.models import chips as c


@pytest.fixture(scope="module")
def pkg():
    return data.load()


def test_power_per_accelerator_at_each_level(pkg):
    power = c.preset_power(pkg, gpus_per_server=8).set_index(["accelerator", "level"])[
        "kw_per_accelerator"]
    assert power["h100", "chip"] == pytest.approx(0.7)
    assert power["h100", "server"] == pytest.approx(10.2 / 8)
    assert power["b200", "server"] == pytest.approx(14.3 / 8)
    assert power["gb200_nvl72", "rack"] == pytest.approx(120 / 72)
    assert c.gpus_per_rack(pkg) == 72  # 18 trays × 4 GPUs


def test_counts_and_prices(pkg):
    assert c.accelerator_count(1.0, 2.5) == pytest.approx(400_000)
    assert c.preset_price(pkg, "h100")["mid"] == 27_500
    gb200 = c.preset_price(pkg, "gb200_nvl72")
    assert gb200["low"] == pytest.approx(3_000_000 / 72) and gb200["high"] == pytest.approx(100_000)
    assert c.oracle_order_usd_per_gpu(pkg) == pytest.approx(100_000)


def test_the_default_assumptions_land_within_two_cross_checks_and_above_abilene(pkg):
    P = params.defaults("chips")
    kw = c.system_kw(pkg, P["accelerator"], P["gpus_per_server"], P["kw_per_accelerator"])
    all_in = kw * P["pue"]
    checks = c.cross_checks(pkg, all_in)
    # 2.33 kW all in: Reuters and Huang fit; Abilene's campus would hold 514,000, more
    # than 400,000 + 25%
    assert list(checks["status"]) == ["within", "within", "above"]
    # at chip level (no system, no PUE) the count would be far above Huang's range
    assert c.cross_checks(pkg, 1.2).set_index("statement")["status"].iloc[1] == "above"


def test_a_fleet_splits_capacity_by_custom_share():
    f = c.fleet(10.0, main_kw=2.0, main_price_usd=40_000, custom_kw=1.0, custom_price_usd=10_000,
                custom_share=0.5).set_index("part")
    assert f.loc["main", "count"] == pytest.approx(2.5e6)
    assert f.loc["custom", "count"] == pytest.approx(5e6)
    assert f["chips_bn_usd"].sum() == pytest.approx(100 + 50)
    with pytest.raises(ValueError, match="custom_share = 1.5"):
        c.fleet(1, 1, 1, 1, 1, 1.5)


def test_capex_keeps_overlapping_capacities_apart(pkg):
    spend = c.capex(pkg, 4.5, 50).set_index("what")
    assert spend.loc["This capacity", "capex_bn_usd"] == 225
    assert spend.loc["Chip deals together", "gw"] == 26  # 10 + 6 + 10
    # shown beside the deals, not summed with them
    assert "Stargate, as last announced" in spend.index
    assert c.envelope_bn_usd_per_gw(pkg) == pytest.approx(1400 / 30)


def test_custom_chip_statuses_come_from_the_audit(pkg):
    tl = c.custom_timeline(pkg).set_index("id")
    assert tl.loc["C003-18", "status"] == "contradicted"  # the $10 bn Broadcom deal
    assert tl.loc["C001-18", "status"] == "consistent"  # from 2026
    assert (tl.loc[["C11.6", "C11.7", "C11.8"], "lane"] == "public record").all()


@pytest.mark.parametrize("accelerator, noun", [
    ("h100", "chips"), ("b200", "chips"),  # GPU prices (C10.1a–C10.2b)
    ("gb200_nvl72", "accelerator systems"),  # a rack price and an order with its systems
    ("custom", "accelerators"),  # priced by assumption
])
def test_the_spending_says_what_its_prices_buy(pkg, accelerator, noun):
    assert c.spend_noun(accelerator) == noun
    P = {**params.defaults("chips"), "accelerator": accelerator}
    assert c.key_numbers(pkg, P)["spend_noun"] == noun
