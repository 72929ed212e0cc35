"""Pins every key number of the funding chapter (`funding.key_numbers`) for the base case.

Each expected value is derived here, independently of the model and of `payments`: the
contract's terms and the revenue path from the chapter's parameter defaults, the articles'
figures from data/claims.csv (by claim id), Oracle's backlog, revenue and guidance from
data/reference.csv (by id, or by filtering on subject and metric), and the other compute
purchases from data/commitments.csv. The schedule, revenue path, coverage and reconciling
arithmetic is redone in the test, and written out in the comments. Sentences are built
from the derived values on the model's templates.

The file also tests `funding.against_oracle_revenue` and `funding.revenue_for_scale`
directly, on a hand-made stand-in for the package and on the real record.
"""

import math

import pandas as pd
import pytest

from stargate_report.models import funding
from tests.unit.pinned import approx, assert_values

CHAPTER, MODEL = "funding", funding

NBSP = "\u00a0"


def reference_row(pkg, subject, metric):
    """The one row of data/reference.csv with this subject and metric."""
    ref = pkg.reference
    rows = ref[(ref["subject"] == subject) & (ref["metric"] == metric)]
    assert len(rows) == 1, (subject, metric)
    return rows.iloc[0]


# --- independent derivations --------------------------------------------------------------

def years(P):
    """The contract's payment years: 2027 … 2027 + 5 − 1 = 2031."""
    start = P["contract_start_year"]
    return list(range(start, start + P["contract_years"]))


def linear_payments(total, n, first):
    """A constant step from `first` summing to `total`: the mean is total/n, so the last
    payment is 2·mean − first, and the step (last − first)/(n − 1).
    Base case: mean 300/5 = 60, last 2·60 − 30 = 90, step (90 − 30)/4 = 15:
    30, 45, 60, 75, 90."""
    last = 2 * total / n - first
    step = (last - first) / (n - 1)
    return [first + step * t for t in range(n)]


def contract_payments(P):
    assert P["schedule_profile"] == "linear"  # the base case's profile
    return linear_payments(P["contract_total_bn_usd"], P["contract_years"],
                           P["first_year_bn_usd"])


def revenue(P, end_year):
    """OpenAI's revenue by year: 12.7 in 2025, growing 100% in 2026, the rate then shrinking
    by 30% a year (70%, 49%, 34.3%, 24.01%, 16.807%):
    2026 25.4, 2027 43.18, 2028 64.3382, 2029 86.406, 2030 107.15, 2031 125.16."""
    out, value = {P["revenue_base_year"]: P["revenue_base_bn_usd"]}, P["revenue_base_bn_usd"]
    for k, year in enumerate(range(P["revenue_base_year"] + 1, end_year + 1)):
        value *= 1 + P["revenue_growth_rate"] * (1 - P["revenue_growth_decay"]) ** k
        out[year] = value
    return out


def others_per_year(pkg, P, year):
    """OpenAI's other compute purchases (data/commitments.csv, kind "compute purchase",
    not the Oracle contract) owed in `year`, each spread evenly over its term, or over 6
    years from 2026 where the term or start is not disclosed:
    Azure 250/6 (2026–2031) + AWS 38/7 (2025–2031) + CoreWeave 22.4/6 (2026–2031)
    + AWS's 2026 expansion 100/8 (2026–2033) + Cerebras 20/3 (2026–2028)
    = 41.667 + 5.4286 + 3.7333 + 12.5 + 6.6667 = 69.995 in 2027 and 2028, and
    63.329 in 2029–2031."""
    c = pkg.commitments
    rows = c[(c["kind"] == "compute purchase") & (c["commitment_id"] != "oracle_contract")]
    assert set(rows["commitment_id"]) == {"azure", "aws", "coreweave", "aws_2026", "cerebras"}
    if not P["include_unconfirmed"]:  # Cerebras's $20 bn is reported, not confirmed
        rows = rows[rows["status"] == "confirmed"]
    total = 0.0
    for _, row in rows.iterrows():
        term = P["other_commitments_years"] if pd.isna(row["term_years"]) else row["term_years"]
        first = (P["other_commitments_start_year"] if pd.isna(row["start_year"])
                 else row["start_year"])
        if first <= year < first + term:
            total += row["amount_bn_usd"] / term
    return total


def near(x, target):
    """Within 10% of the stated figure (the reconciliation's tolerance)."""
    return abs(x - target) <= 0.1 * target


# --- the pinned key numbers ---------------------------------------------------------------

def expected_terms(pkg, P):
    return {
        "contract_total": P["contract_total_bn_usd"],  # 300 (O3; articles 000, 003, 004)
        "contract_years": P["contract_years"],  # 5
        "profile": "linear",  # P schedule_profile "linear" (no underscore to replace)
        "end_year": P["contract_start_year"] + P["contract_years"] - 1,  # 2027 + 5 − 1 = 2031
        "first_year_claim": float(pkg.claim("C003-24")["value"]),  # «30 milliards … 1re année»
        "annual_claim": float(pkg.claim("C004-04")["value"]),  # «60 milliards par an»
        "wsj_total": float(pkg.ref("O3")["value"]),  # WSJ: 300
        "o1_annual": float(pkg.ref("O1")["value"]),  # Oracle's unnamed customer: 30 a year
    }


def test_the_contract_terms_come_from_the_parameters_and_the_record(pkg, P, key):
    expected = expected_terms(pkg, P)
    assert expected["end_year"] == 2031
    assert (expected["first_year_claim"], expected["annual_claim"]) == (30.0, 60.0)
    assert_values(key, expected)


def expected_schedule(pkg, P):
    pay = contract_payments(P)  # 30, 45, 60, 75, 90
    return {
        "first_payment": pay[0],  # 30
        "peak_payment": max(pay),  # 90
        "mean_payment": sum(pay) / len(pay),  # 300/5 = 60
    }


def test_the_linear_schedule_ramps_by_15_a_year_from_the_first_year_figure(pkg, P, key):
    assert contract_payments(P) == approx([30, 45, 60, 75, 90])
    assert_values(key, expected_schedule(pkg, P))


def expected_profiles(pkg, P):
    """Each profile's payments for 300 over 5 years, against the articles' 30 in the first
    year (C003-24) and 60 a year (C004-04), each within 10%:
      flat        60, 60, 60, 60, 60        first 60 ≠ 30
      linear      30, 45, 60, 75, 90        first 30 ✓, mean 60 ✓, every year ✗ (30 ≠ 60)
      back-loaded 300·(1, 4, 9, 16, 25)/55  first 5.45 ≠ 30
      custom      30·(1, 1, 2, 3, 3)        first 30 ✓, mean 60 ✓, every year ✗ (30 ≠ 60)
    """
    total, n = P["contract_total_bn_usd"], P["contract_years"]
    first_claim = float(pkg.claim("C003-24")["value"])
    annual = float(pkg.claim("C004-04")["value"])
    weights = [float(w) for w in P["custom_weights"].split(",")]  # 1, 1, 2, 3, 3 (sum 10)
    squares = [float((t + 1) ** 2) for t in range(n)]  # 1, 4, 9, 16, 25 (sum 55)
    schedules = {
        "flat": [total / n] * n,
        "linear": linear_payments(total, n, first_claim),
        "back-loaded": [total * w / sum(squares) for w in squares],
        "custom": [total * w / sum(weights) for w in weights],
    }
    fits_first = {p: near(s[0], first_claim) for p, s in schedules.items()}
    on_average = [p for p, s in schedules.items()
                  if fits_first[p] and near(sum(s) / n, annual)]
    every_year = [p for p, s in schedules.items()
                  if fits_first[p] and all(near(x, annual) for x in s)]
    assert on_average == ["linear", "custom"]
    assert every_year == []
    return {
        "profiles_both": ("the linear and custom profiles fit the first-year figure and the "
                          "yearly one on average"),
        "profiles_strict": "no profile fits both in every year",
    }


def test_the_linear_and_custom_profiles_fit_the_articles_on_average_only(pkg, P, key):
    assert_values(key, expected_profiles(pkg, P))


def expected_commitments(pkg, P):
    c = pkg.commitments
    compute = c[c["kind"] == "compute purchase"]  # all in view: unconfirmed included
    assert P["include_unconfirmed"] is True
    return {
        # Oracle 300 + Azure 250 + AWS 38 + AWS 2026 100 + Cerebras 20 + CoreWeave 22.4
        # = 730.4
        "compute_total": float(compute["amount_bn_usd"].sum()),
        # providers, not rows: Oracle, Microsoft, Amazon (two rows), Cerebras, CoreWeave
        "n_compute": int(compute["payee"].nunique()),
        # the purchases the parties have not confirmed: Oracle's (O3) and Cerebras's (FN26.22)
        "unconfirmed_text": "the unconfirmed Oracle and Cerebras figures included",
        # The contract's status is "reported", not "confirmed": it counts only because the
        # base case includes unconfirmed figures.
        "contract_counted": "included",
    }


def test_the_compute_purchases_in_view_are_the_six_disclosed_ones(pkg, P, key):
    expected = expected_commitments(pkg, P)
    assert expected["compute_total"] == approx(300 + 250 + 38 + 100 + 20 + 22.4)
    assert len(pkg.commitments.query("kind == 'compute purchase'")) == 6
    assert expected["n_compute"] == 5
    status = pkg.commitments.set_index("commitment_id").loc["oracle_contract", "status"]
    assert status == "reported"
    assert_values(key, expected)


def expected_contract_coverage(pkg, P):
    """The contract's payment as a share of revenue: 30/43.18 = 69.5% (2027), 45/64.34 =
    69.9%, 60/86.41 = 69.4%, 75/107.15 = 70.0%, 90/125.16 = 71.9% (2031, the highest).
    Revenue covers it from the first year: 43.18 ≥ 30 in 2027."""
    ys, pay = years(P), contract_payments(P)
    rev = revenue(P, ys[-1])
    shares = [p / rev[y] for y, p in zip(ys, pay, strict=True)]
    covered = [y for y, p in zip(ys, pay, strict=True) if rev[y] >= p]
    assert covered[0] == 2027
    return {
        "revenue_end": rev[ys[-1]],  # 12.7·2·1.7·1.49·1.343·1.2401·1.16807 = 125.16
        "max_share_contract_pct": 100 * max(shares),  # 100 · 90/125.16 = 71.9
        "contract_cover_text": f"first covers the contract's payment in {covered[0]}",
    }


def test_revenue_growing_at_a_decaying_rate_covers_the_contract_from_2027(pkg, P, key):
    expected = expected_contract_coverage(pkg, P)
    assert expected["revenue_end"] == approx(12.7 * 2 * 1.7 * 1.49 * 1.343 * 1.2401 * 1.16807)
    assert_values(key, expected)


def expected_all_coverage(pkg, P):
    """All compute purchases counted, from the first year anything is owed (2026: the
    other purchases start then, a year before the contract) to the contract's last, 2031:
    the contract (30, 45, 60, 75, 90 in 2027–2031) plus the other purchases of each year
    (see `others_per_year`): 69.995, 99.995, 114.995, 123.329, 138.329, 153.329, against
    revenue 25.4, 43.18, 64.34, 86.41, 107.15, 125.16. Highest share 69.995/25.4 = 275.6%
    (2026); revenue falls short every year; total 699.97 − 451.63 = 248.3."""
    contract = dict(zip(years(P), contract_payments(P), strict=True))
    ys = list(range(2026, max(contract) + 1))
    assert P["other_commitments_start_year"] == 2026 == P["revenue_base_year"] + 1
    rev = revenue(P, ys[-1])
    owed = {y: contract.get(y, 0.0) + others_per_year(pkg, P, y) for y in ys}
    gap = sum(owed[y] - rev[y] for y in ys)
    assert all(rev[y] < owed[y] for y in ys)  # never covered
    end_year = ys[-1]
    # 248.3 to three significant figures is whole billions: "$248 bn"
    assert 100 <= gap < 999.5
    return {
        "peak_all_payment": max(owed.values()),  # 90 + 63.329 = 153.33 (2031)
        "max_share_all_pct": 100 * max(owed[y] / rev[y] for y in ys),  # 275.6 (2026)
        "all_cover_text": ("does not cover all its disclosed compute purchases counted in any "
                           f"year up to {end_year}"),
        "cumulative_gap_all": gap,
        "gap_text": f"exceed revenue by ${gap:.0f}{NBSP}bn in total",
        "all_years_text": "from 2026 to 2031",
        # the worst year: 2026, before the contract, on the other purchases alone
        "max_share_all_year": max(ys, key=lambda y: owed[y] / rev[y]),
    }


def test_all_compute_purchases_exceed_revenue_in_every_year_of_the_contract(pkg, P, key):
    expected = expected_all_coverage(pkg, P)
    # in 2031 Cerebras's three years (2026–2028) are over; AWS's 2026 expansion runs on
    assert expected["peak_all_payment"] == approx(90 + 250 / 6 + 38 / 7 + 22.4 / 6 + 100 / 8)
    assert expected["gap_text"] == f"exceed revenue by $248{NBSP}bn in total"
    # the worst year is 2026, before the contract starts: left out, "at worst" would say
    # 232% (2027)
    assert expected["max_share_all_pct"] == approx(100 * (250 / 6 + 38 / 7 + 22.4 / 6 + 100 / 8
                                                          + 20 / 3) / 25.4)
    assert_values(key, expected)


def expected_backlog(pkg, P):
    """Oracle's remaining performance obligations (reference rows with metric "rpo").
    The contract is booked in the quarter to 31 August 2025 (O5, reported 9 Sept 2025,
    the day before the WSJ story O3): 300/455 = 65.9%; in the latest backlog (O10, June
    2026): 300/638 = 47.0%."""
    ref = pkg.reference
    rpo = ref[(ref["subject"] == "Oracle remaining performance obligations")
              & (ref["metric"] == "rpo")].sort_values("date")
    booked, last = pkg.ref("O5"), rpo.iloc[-1]
    assert booked["date"] == pkg.ref("O3")["date"] - pd.Timedelta(days=1)
    assert last["id"] == "O10"
    total = P["contract_total_bn_usd"]
    return {
        "rpo_q1": float(booked["value"]),  # 455
        "rpo_q1_date": "September 2025",  # O5 dated 2025-09-09
        "rpo_share_q1_pct": 100 * total / booked["value"],  # 100 · 300/455 = 65.93
        "rpo_share_last_pct": 100 * total / last["value"],  # 100 · 300/638 = 47.02
        "rpo_last_date": "June 2026",  # O10 dated 2026-06-10
    }


def test_the_contract_is_two_thirds_of_the_backlog_it_entered_and_under_half_now(pkg, P,
                                                                                  key):
    expected = expected_backlog(pkg, P)
    assert pkg.ref("O5")["date"] == pd.Timestamp("2025-09-09")
    assert pkg.ref("O10")["date"] == pd.Timestamp("2026-06-10")
    assert_values(key, expected)


def expected_oracle(pkg, P):
    """Calendar year y falls mostly in Oracle's fiscal year y + 1 (FY ends 31 May), so the
    payments 30, 45, 60 of 2027–2029 meet the OCI guidance for FY2028–FY2030 (O6c 73, O6d
    114, O6e 144): 41.1%, 39.5%, 41.7%; 2030 and 2031 fall beyond the guidance. The mean
    payment 60 against Oracle's FY2025 revenue (OR1, 57.4): 104.5%."""
    ys, pay = years(P), contract_payments(P)
    oci = {int(row["metric"].removeprefix("outlook_fy")): float(row["value"])
           for _, row in pkg.reference.iterrows()
           if row["subject"] == "Oracle cloud infrastructure revenue"
           and str(row["metric"]).startswith("outlook_fy")}
    assert oci == {2026: 18.0, 2027: 32.0, 2028: 73.0, 2029: 114.0, 2030: 144.0}
    shares = [p / oci[y + 1] for y, p in zip(ys, pay, strict=True) if y + 1 in oci]
    fy25 = reference_row(pkg, "Oracle revenue", "revenue_fy2025")  # OR1
    assert fy25["id"] == "OR1"
    return {
        "oci_share_peak_pct": 100 * max(shares),  # 100 · 60/144 = 41.67 (FY2030)
        "mean_vs_oracle_fy25_pct": 100 * (sum(pay) / len(pay)) / fy25["value"],  # 104.53
        "oracle_fy25_revenue": float(fy25["value"]),  # 57.4
        "oracle_fy25": "fiscal " + fy25["metric"].removeprefix("revenue_fy"),  # fiscal 2025
    }


def test_the_contract_against_oracles_cloud_guidance_and_revenue(pkg, P, key):
    expected = expected_oracle(pkg, P)
    assert expected["oci_share_peak_pct"] == approx(100 * 60 / 144)
    assert expected["oracle_fy25"] == "fiscal 2025"
    assert_values(key, expected)


EXPECTATIONS = (expected_terms, expected_schedule, expected_profiles, expected_commitments,
                expected_contract_coverage, expected_all_coverage, expected_backlog,
                expected_oracle)


def test_every_key_number_is_pinned(pkg, P, key):
    pinned = [name for build in EXPECTATIONS for name in build(pkg, P)]
    assert len(pinned) == len(set(pinned))  # no key pinned twice
    assert set(pinned) == set(key)


# --- funding.against_oracle_revenue -------------------------------------------------------

class StubPackage:
    """A stand-in for the package: values and rows by id, from a dict."""

    def __init__(self, rows):
        self.rows = rows

    def value(self, rid):
        return float(self.rows[rid]["value"])

    def ref(self, rid):
        if rid not in self.rows:
            raise KeyError(rid)
        return pd.Series(self.rows[rid])


ORACLE_STUB = StubPackage({"OR1": {"value": 50.0}, "O10b": {"value": 80.0},
                           "OR2": {"value": 10.0}})
WHAT = ["Oracle total revenue, FY2025", "Oracle total revenue, FY2026",
        "Oracle cloud-infrastructure revenue, FY2025"]


def payments_frame(values):
    return pd.DataFrame({"year": range(2027, 2027 + len(values)),
                         "payment_bn_usd": [float(v) for v in values]})


def test_against_oracle_revenue_divides_mean_and_peak_by_each_revenue():
    out = funding.against_oracle_revenue(ORACLE_STUB, payments_frame([10, 20, 30]))
    assert list(out.columns) == ["what", "reference_id", "revenue_bn_usd",
                                 "mean_payment_share", "peak_payment_share"]
    assert list(out["what"]) == WHAT
    assert list(out["reference_id"]) == ["OR1", "O10b", "OR2"]
    assert list(out["revenue_bn_usd"]) == [50.0, 80.0, 10.0]
    # mean 20, peak 30: 20/50 = 0.4, 20/80 = 0.25, 20/10 = 2; 30/50 = 0.6, 30/80 = 0.375, 3
    assert list(out["mean_payment_share"]) == approx([0.4, 0.25, 2.0])
    assert list(out["peak_payment_share"]) == approx([0.6, 0.375, 3.0])


def test_against_oracle_revenue_with_one_payment_or_none():
    one = funding.against_oracle_revenue(ORACLE_STUB, payments_frame([5]))
    # a single payment is both the mean and the peak: 5/50, 5/80, 5/10
    assert list(one["mean_payment_share"]) == approx([0.1, 0.0625, 0.5])
    assert list(one["peak_payment_share"]) == list(one["mean_payment_share"])
    zero = funding.against_oracle_revenue(ORACLE_STUB, payments_frame([0, 0]))
    assert list(zero["mean_payment_share"]) == [0.0, 0.0, 0.0]
    assert list(zero["peak_payment_share"]) == [0.0, 0.0, 0.0]
    # no payments at all: the mean and peak of nothing are NaN, and so are the shares
    empty = funding.against_oracle_revenue(ORACLE_STUB, payments_frame([]))
    assert len(empty) == 3
    assert all(math.isnan(x) for x in empty["mean_payment_share"])
    assert all(math.isnan(x) for x in empty["peak_payment_share"])


def test_against_oracle_revenue_on_the_record(pkg):
    # The base schedule 30, 45, 60, 75, 90: mean 60, peak 90. OR1 57.4, O10b 67.4, OR2 10.2.
    out = funding.against_oracle_revenue(pkg, payments_frame([30, 45, 60, 75, 90]))
    assert list(out["what"]) == WHAT
    assert list(out["revenue_bn_usd"]) == [57.4, 67.4, 10.2]
    assert list(out["mean_payment_share"]) == approx([60 / 57.4, 60 / 67.4, 60 / 10.2])
    assert list(out["peak_payment_share"]) == approx([90 / 57.4, 90 / 67.4, 90 / 10.2])


# --- funding.revenue_for_scale ------------------------------------------------------------

SCALE = [  # data/reference.csv: id, value (bn USD), grade; the label says the basis
    ("OA1", "OpenAI revenue 2024, projected", 3.7, "B"),
    ("OA7b", "OpenAI run-rate, end of 2024", 6.0, "B"),
    ("OA3", "OpenAI run-rate, summer 2025", 12.0, "C"),
    ("OA3b", "OpenAI revenue 2025, target", 12.7, "C"),
    ("OA7", "OpenAI run-rate, end of 2025", 20.0, "B"),
]


def test_revenue_for_scale_lists_the_record_figures_with_their_basis(pkg):
    out = funding.revenue_for_scale(pkg)
    assert list(out.columns) == ["reference_id", "label", "amount_bn_usd", "grade"]
    assert [tuple(row) for row in out.itertuples(index=False)] == SCALE
    # A run-rate label for every annualised figure, a year's revenue for the others.
    for rid, label, _, _ in SCALE:
        annualised = pkg.ref(rid)["metric"].startswith("annualized_revenue")
        assert ("run-rate" in label) == annualised, rid


def test_revenue_for_scale_reads_value_and_grade_of_each_row():
    rows = {rid: {"value": float(i), "grade": "ABCAB"[i], "subject": "ignored"}
            for i, (rid, *_rest) in enumerate(SCALE)}
    out = funding.revenue_for_scale(StubPackage(rows))
    assert list(out["reference_id"]) == ["OA1", "OA7b", "OA3", "OA3b", "OA7"]
    assert list(out["amount_bn_usd"]) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert list(out["grade"]) == ["A", "B", "C", "A", "B"]
    # a row missing from the record is an error, not a silent gap
    del rows["OA3"]
    with pytest.raises(KeyError, match="OA3"):
        funding.revenue_for_scale(StubPackage(rows))
