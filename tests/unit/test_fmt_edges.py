"""Edges of the reader formats that the main tests pass over: the thresholds where one
form gives way to another, and the arguments each function must pass on."""

from stargate_report import fmt

NB = fmt.NBSP


def test_a_million_is_written_in_millions_and_less_is_written_out():
    assert fmt.millions(1.0) == "1 million"
    assert fmt.millions(0.999) == "1,000,000"  # 999,000 to 2 figures
    assert fmt.millions(-0.5) == f"{fmt.MINUS}500,000"


def test_millions_keep_the_figures_asked_for():
    assert fmt.millions(2.345, 3) == "2.35 million"  # not "2.3 million"
    assert fmt.millions(0.5123, 3) == "512,000"  # not "510,000"
    # 0.9 million is exactly 900,000, even to seven figures
    assert fmt.millions(0.9, 7) == "900,000"


def test_a_stated_figure_keeps_every_decimal_it_was_given_with_separators():
    assert fmt.stated(0.12345, "") == "0.12345"
    assert fmt.stated(1234.5, "count") == "1,234.5"
    assert fmt.stated(1250, "count") == "1,250"
    assert fmt.stated(4, "") == "4"
    assert fmt.stated(4.5, "GW") == f"4.5{NB}GW"


def test_people_are_counted_in_millions_only_in_whole_tenths_of_a_million():
    assert fmt.stated(1, "persons") == "1 person"
    assert fmt.stated(3, "persons") == "3 people"
    assert fmt.stated(1_000_000, "persons") == "1 million people"
    assert fmt.stated(4_500_000, "persons") == "4.5 million people"
    assert fmt.stated(1_050_000, "persons") == "1,050,000 people"
    assert fmt.stated(100_000, "persons") == "100,000 people"  # under a million


def test_one_of_one_and_none_of_one():
    assert fmt.of_all(1, 1, "claim") == "the one claim"
    assert fmt.of_all(0, 1, "claim") == "no claim"


def test_printed_formats_only_the_numbers_it_has_a_format_for():
    numbers = {"share": 48.6, "label": "Oracle", "n": 3}
    assert fmt.printed(numbers, {"share": fmt.percent}) == {
        "share": "49%", "label": "Oracle", "n": 3}
    assert fmt.printed(numbers, {}) == numbers
