"""Reader-facing formats: what a newsroom would print."""

import pytest

from stargate_report import fmt


@pytest.mark.parametrize("value,expected", [
    (300.0, "$300 bn"), (12.7, "$12.7 bn"), (610.4, "$610 bn"), (1400.0, "$1.4 tn"),
    (2.081376, "$2.08 bn"), (-172.1, "\u2212$172 bn"), (0.0, "$0 bn"), (90.0, "$90 bn"),
])
def test_money_in_billions(value, expected):
    # printed with a no-break space before the unit and no break after a minus sign
    assert fmt.money_bn(value).replace("\u00a0", " ").replace("\u2060", "") == expected


@pytest.mark.parametrize("value,figures,expected", [
    (654036.4, 2, "650,000"), (2.9431, 2, "2.9"), (0.514, 2, "0.51"), (31.536, 3, "31.5"),
    (187.19, 3, "187"), (0.0, 2, "0"), (-4.26, 2, "\u22124.3"),
])
def test_derived_quantities_keep_a_few_significant_figures(value, figures, expected):
    assert fmt.approx(value, figures) == expected


def test_counts_shares_and_words():
    assert fmt.count(20.0) == "20" and fmt.count(1250) == "1,250"
    assert fmt.percent(49.15) == "49%" and fmt.percent(0.7748, 1) == "0.8%"
    assert fmt.millions(1.93) == "1.9 million"
    assert fmt.millions(0.514) == "510,000"  # under a million: the whole number
    assert fmt.money_bn(0.555) == f"$555{fmt.NBSP}million"
    assert [fmt.plural(n, "tension") for n in (0, 1, 3)] == [
        "no tension", "1 tension", "3 tensions"]
    assert fmt.plural(2, "person", "people") == "2 people"
    assert (fmt.yes_no(True), fmt.yes_no(False)) == ("yes", "no")
    assert fmt.number(-0.0001, 1) == "0.0"  # no minus sign on a value that rounds to zero


def test_a_list_reads_as_a_sentence():
    assert fmt.listing([]) == "none"
    assert fmt.listing(["a"]) == "a"
    assert fmt.listing(["a", "b"]) == "a and b"
    assert fmt.listing(iter(["a", "b", "c"])) == "a, b and c"


def test_a_part_of_a_whole_reads_right_at_none_some_and_all():
    assert fmt.of_all(91, 91, "claim") == "all 91 claims"
    assert fmt.of_all(12, 91, "claim") == "12 of the 91 claims"
    assert fmt.of_all(0, 91, "claim") == "none of the 91 claims"
    assert fmt.of_all(1, 1, "article") == "the one article"
    assert fmt.of_all(1_200, 1_500, "row") == "1,200 of the 1,500 rows"


def test_a_sources_figure_keeps_its_precision_and_reads_in_its_unit():
    assert fmt.stated(300, "USD bn") == f"$300{fmt.NBSP}bn"
    assert fmt.stated(11.6, "USD bn") == f"$11.6{fmt.NBSP}bn"
    assert fmt.stated(60, "USD bn per year") == f"$60{fmt.NBSP}bn a year"
    assert fmt.stated(1, "years") == "1 year" and fmt.stated(5, "years") == "5 years"
    assert fmt.stated(3, "ratio") == "3×"
    assert fmt.stated(4_000_000, "persons") == "4 million people"
    assert fmt.stated(2027, "year") == "2027"
    assert fmt.stated(38, "%") == "38%"
    assert fmt.stated(750_000, "households per GW") == f"750,000{fmt.NBSP}households per GW"


def test_code_names_in_words():
    assert fmt.words("ratio_to_oci_revenue") == "ratio to OCI revenue"
    assert fmt.words("capex_fy2026") == "capex FY2026"
    assert fmt.words("households_per_gw") == "households per GW"


def test_long_date_prints_a_date_only_as_far_as_it_is_known():
    import pandas as pd

    day = pd.Timestamp("2025-09-01")
    assert fmt.long_date(day) == "1 September 2025"
    assert fmt.long_date(day, "month") == "September 2025"
    assert fmt.long_date(day, "year") == "2025"
