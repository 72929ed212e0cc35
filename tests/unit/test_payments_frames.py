"""The payments model's frames on small inputs written out by hand: the even spread of
commitments, the reconciliation of a schedule with the articles' figures (errors kept as
rows), coverage, and the words of its errors."""

import math

import pandas as pd
import pytest

from stargate_report.models import payments


def _commitments():
    return pd.DataFrame({
        "commitment_id": ["a", "b", "c"], "label": ["A", "B", "C"],
        "amount_bn_usd": [30.0, 20.0, 12.0], "term_years": [3, None, 4],
        "start_year": [2027, 2026, None]})


def test_each_commitment_is_spread_evenly_over_its_term_or_the_assumed_one():
    out = payments.spread(_commitments(), start_year=2030, default_years=2)
    assert out.to_dict("records") == [
        # a: 30 over its 3 disclosed years from 2027
        {"commitment_id": "a", "label": "A", "year": 2027, "payment_bn_usd": 10.0,
         "term_assumed": False},
        {"commitment_id": "a", "label": "A", "year": 2028, "payment_bn_usd": 10.0,
         "term_assumed": False},
        {"commitment_id": "a", "label": "A", "year": 2029, "payment_bn_usd": 10.0,
         "term_assumed": False},
        # b: no term, so the default 2 years from its own start, 2026: flagged
        {"commitment_id": "b", "label": "B", "year": 2026, "payment_bn_usd": 10.0,
         "term_assumed": True},
        {"commitment_id": "b", "label": "B", "year": 2027, "payment_bn_usd": 10.0,
         "term_assumed": True},
        # c: no start, so from 2030 over its own 4 years: flagged
        *[{"commitment_id": "c", "label": "C", "year": y, "payment_bn_usd": 3.0,
           "term_assumed": True} for y in (2030, 2031, 2032, 2033)],
    ]
    empty = payments.spread(_commitments().iloc[0:0], 2030, 2)
    assert empty.columns.tolist() == ["commitment_id", "label", "year", "payment_bn_usd",
                                      "term_assumed"]


def test_coverage_adds_the_payments_of_a_year_and_compares_them_with_revenue():
    pay = pd.DataFrame({"year": [2027, 2027, 2028], "payment_bn_usd": [10.0, 20.0, 30.0]})
    revenue = pd.DataFrame({"year": [2026, 2027, 2028], "revenue_bn_usd": [5.0, 20.0, 40.0],
                            "other": [0, 0, 0]})
    out = payments.coverage(pay, revenue)
    assert out.to_dict("records") == [
        {"year": 2027, "payment_bn_usd": 30.0, "revenue_bn_usd": 20.0,
         "share_of_revenue": 1.5, "gap_bn_usd": 10.0, "cumulative_gap_bn_usd": 10.0},
        {"year": 2028, "payment_bn_usd": 30.0, "revenue_bn_usd": 40.0,
         "share_of_revenue": 0.75, "gap_bn_usd": -10.0, "cumulative_gap_bn_usd": 0.0},
    ]


def test_reconcile_reads_each_profile_against_the_articles_figures():
    # $300 bn over 5 years from 2027, «30 the first year», «60 a year»
    out = payments.reconcile(300, 5, 2027, 30, 60, "1,1,2,3,3").set_index("profile")
    flat, linear = out.loc["flat"], out.loc["linear"]
    assert (flat["first_year_bn_usd"], flat["peak_bn_usd"], flat["mean_bn_usd"]) == (
        60.0, 60.0, 60.0)
    assert not flat["matches_first_year"] and flat["matches_annual_every_year"]
    # linear from 30: 30, 45, 60, 75, 90
    assert (linear["first_year_bn_usd"], linear["peak_bn_usd"]) == (30.0, 90.0)
    assert linear["matches_first_year"] and linear["matches_annual_on_average"]
    assert not linear["matches_annual_every_year"]
    assert out["error"].tolist() == [""] * len(out)


def test_a_match_is_within_the_tolerance_ends_included():
    # flat 60 a year against «55 a year»: off by 5, and 10% of 50 is exactly 5
    out = payments.reconcile(300, 5, 2027, 50, 50, "1", tolerance=0.2).set_index("profile")
    assert out.loc["flat", "matches_annual_every_year"]  # |60 − 50| = 10 = 0.2 × 50
    strict = payments.reconcile(300, 5, 2027, 50, 50, "1", tolerance=0.19)
    assert not strict.set_index("profile").loc["flat", "matches_annual_every_year"]


def test_a_profile_that_cannot_be_built_is_a_row_with_its_error():
    # a first year of 200 is more than a linear ramp over 5 years allows (2 × 300 ÷ 5)
    out = payments.reconcile(300, 5, 2027, 200, 60, "1,1,2,3,3")
    rows = out.set_index("profile")
    assert rows.loc["linear", "error"] == (
        "first_year_bn_usd = 200 is too high for a linear schedule of 300 over 5 years: "
        "at most 120")
    assert math.isnan(rows.loc["linear", "peak_bn_usd"])
    assert out["profile"].tolist() == list(payments.PROFILES)  # every profile, in order


def test_schedule_errors_say_what_is_wrong():
    with pytest.raises(payments.ScheduleError,
                       match=r"^unknown schedule profile 'steep'; known: flat, linear, "
                             r"back_loaded, custom$"):
        payments.schedule(300, 5, 2027, "steep")
    with pytest.raises(payments.ScheduleError, match=r"such as '1,2,3,4,5'$"):
        payments.parse_weights("a,b")
    with pytest.raises(payments.ScheduleError, match="not all zero"):
        payments.parse_weights("0,0")
    with pytest.raises(payments.ScheduleError, match="non-negative"):
        payments.parse_weights("-1,2")


def test_a_custom_schedule_needs_its_weights():
    with pytest.raises(payments.ScheduleError, match=r"^custom_weights = '': weights must be "
                                                     r"non-negative and not all zero$"):
        payments.schedule(300, 3, 2027, "custom")
