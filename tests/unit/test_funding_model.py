import pandas as pd
import pytest

from stargate_report import data
from stargate_report.models import funding as f


@pytest.mark.parametrize("profile", f.PROFILES)
@pytest.mark.parametrize("total, years", [(300, 5), (120, 3), (50, 1)])
def test_every_profile_sums_to_the_total(profile, total, years):
    weights = ",".join(str(i + 1) for i in range(years))
    s = f.schedule(total, years, 2027, profile, first_year_bn_usd=total / years / 2,
                   custom_weights=weights)
    assert s["payment_bn_usd"].sum() == pytest.approx(total)
    assert list(s["year"]) == list(range(2027, 2027 + years))
    assert (s["payment_bn_usd"] >= 0).all()


def test_the_linear_ramp_reconciles_both_articles():
    s = f.schedule(300, 5, 2027, "linear", first_year_bn_usd=30)
    assert list(s["payment_bn_usd"]) == pytest.approx([30, 45, 60, 75, 90])
    table = f.reconcile(300, 5, 2027, 30, 60, "1,1,2,3,3").set_index("profile")
    assert table.loc["linear", "matches_first_year"]
    assert table.loc["linear", "matches_annual_on_average"]
    assert not table.loc["linear", "matches_annual_every_year"]
    assert table.loc["flat", "matches_annual_every_year"]
    assert not table.loc["flat", "matches_first_year"]
    assert not table.loc["back_loaded", "matches_first_year"]


def test_a_first_year_too_high_for_a_linear_schedule_is_refused():
    with pytest.raises(f.ScheduleError, match=r"first_year_bn_usd = 130 is too high.*at most 120"):
        f.schedule(300, 5, 2027, "linear", first_year_bn_usd=130)


@pytest.mark.parametrize("weights, message", [
    ("1,2,3", r"custom_weights has 3 weights; contract_years is 5"),
    ("a,b", r"give numbers separated by commas"),
    ("0,0,0,0,0", r"not all zero"),
])
def test_bad_custom_weights_are_named(weights, message):
    with pytest.raises(f.ScheduleError, match=message):
        f.schedule(300, 5, 2027, "custom", custom_weights=weights)


def test_revenue_growth_decays_as_stated():
    r = f.revenue_path(2025, 10.0, 1.0, 0.5, 2028)
    assert list(r["revenue_bn_usd"]) == pytest.approx([10, 20, 30, 37.5])
    assert list(r["growth"].iloc[1:]) == pytest.approx([1.0, 0.5, 0.25])


def test_coverage_and_the_first_covered_year():
    payments = pd.DataFrame({"year": [2027, 2028], "payment_bn_usd": [30.0, 45.0]})
    revenue = pd.DataFrame({"year": [2027, 2028], "revenue_bn_usd": [20.0, 50.0]})
    cov = f.coverage(payments, revenue)
    assert list(cov["share_of_revenue"]) == pytest.approx([1.5, 0.9])
    assert list(cov["cumulative_gap_bn_usd"]) == pytest.approx([10.0, 5.0])
    assert f.first_covered_year(cov) == 2028
    assert f.first_covered_year(cov.iloc[:1]) is None


def test_spread_uses_disclosed_terms_and_flags_assumed_ones():
    pkg = data.load()
    c = pkg.commitments.set_index("commitment_id").loc[["aws", "azure"]].reset_index()
    s = f.spread(c, start_year=2026, default_years=6)
    aws, azure = s[s["commitment_id"] == "aws"], s[s["commitment_id"] == "azure"]
    assert len(aws) == 7 and aws["payment_bn_usd"].sum() == pytest.approx(38)
    assert not aws["term_assumed"].any()
    assert len(azure) == 6 and azure["year"].min() == 2026 and azure["term_assumed"].all()


def test_the_contract_is_not_in_backlogs_reported_before_it_was_signed():
    pkg = data.load()
    rpo = f.rpo_concentration(pkg, 300, f.RPO_IDS, f.CONTRACT_BOOKED_IN_ID)
    rpo = rpo.set_index("reference_id")
    assert rpo.loc["OR1b", "contract_share"] == 0
    assert rpo.loc["O5", "contract_share"] == pytest.approx(300 / 455)


def test_payments_are_placed_in_oracle_fiscal_years():
    pkg = data.load()
    oci = f.oci_comparison(pkg, f.schedule(300, 5, 2027, "linear", 30)).set_index("fiscal_year")
    assert oci.loc[2028, "contract_payment_bn_usd"] == pytest.approx(30)  # calendar 2027
    assert oci.loc[2027, "contract_payment_bn_usd"] == 0
    assert oci.loc[2030, "oci_outlook_bn_usd"] == 144


def test_other_compute_purchases_leave_out_the_modelled_contract():
    others = f.other_compute_purchases(data.load().commitments)
    assert set(others["commitment_id"]) == {"azure", "aws", "coreweave", "aws_2026", "cerebras"}
