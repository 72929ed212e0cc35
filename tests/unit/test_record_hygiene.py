"""The data checks keep the public record clean: a publication date is stored with its
precision (never a 1 January standing in for an unknown day), the grade follows who
published the page, and a title is the page's own, not its URL read back."""

import re

import pandas as pd
import pytest

from stargate_report import checks, data, rows
from tests.conftest import edit_csv

# data/reference.csv line 23 is E3.1 (EIA, government, grade A, 2021-10-07, day);
# line 25 is C11.7 (a republished copy of CNBC, grade C).
EIA, COPY = 23, 25


def _load_fails(data_copy, match):
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=match):
        data.load(data_copy)


def test_a_1_january_stored_as_a_day_is_a_placeholder(data_copy):
    edit_csv(data_copy / "reference.csv", EIA, "date", "2021-01-01")
    _load_fails(data_copy, r"reference.csv, line 23, field 'date': E3.1: 2021-01-01 reads as "
                           r"a placeholder")


def test_the_same_date_with_its_precision_is_accepted(data_copy):
    edit_csv(data_copy / "reference.csv", EIA, "date", "2021-01-01")
    edit_csv(data_copy / "reference.csv", EIA, "date_precision", "year")
    data.rehash(data_copy)
    assert data.load(data_copy).ref("E3.1")["date_precision"] == "year"


@pytest.mark.parametrize("date, precision, why", [
    ("2021-10-07", "month", "has a day, but date_precision is month"),
    ("2021-10-01", "year", "has a month, but date_precision is year"),
])
def test_a_precision_that_the_date_contradicts_is_named(data_copy, date, precision, why):
    edit_csv(data_copy / "reference.csv", EIA, "date", date)
    edit_csv(data_copy / "reference.csv", EIA, "date_precision", precision)
    _load_fails(data_copy, rf"line 23, field 'date': E3.1: {date} {why}")


@pytest.mark.parametrize("line, grade, kind, expected", [
    (EIA, "B", "government", "A"),  # an agency's own page is primary
    (COPY, "B", "republisher", "C"),  # a copy of a mainstream story is not the story
    (COPY, "A", "blog", "C"),
])
def test_a_grade_that_contradicts_the_publisher_type_is_rejected(data_copy, line, grade, kind,
                                                                 expected):
    edit_csv(data_copy / "reference.csv", line, "grade", grade)
    edit_csv(data_copy / "reference.csv", line, "publisher_type", kind)
    _load_fails(data_copy, rf"line {line}, field 'grade': .*grade {grade} contradicts publisher "
                           rf"type '{kind}', which earns {expected}")


def test_an_unknown_publisher_type_is_rejected_by_the_schema(data_copy):
    edit_csv(data_copy / "reference.csv", EIA, "publisher_type", "newspaper")
    _load_fails(data_copy, r"reference.csv, line 23, field 'publisher_type'")


@pytest.mark.parametrize("title", [
    "faq",  # the URL's last segment, https://www.eia.gov/tools/faqs/faq.php?id=97&t=3
    "FAQ (title from the URL slug)",
    "title not shown",
])
def test_a_title_read_off_the_url_or_describing_a_missing_one_is_rejected(data_copy, title):
    edit_csv(data_copy / "reference.csv", EIA, "title", title)
    _load_fails(data_copy, r"reference.csv, line 23, field 'title': E3.1: title ")


def test_untitled_page_is_the_honest_title_of_a_page_without_one(data_copy):
    edit_csv(data_copy / "reference.csv", EIA, "title", checks.UNTITLED)
    data.rehash(data_copy)
    assert data.load(data_copy).ref("E3.1")["title"] == "untitled page"


@pytest.mark.parametrize("title, url, slug", [
    ("oracle stock zooms 36 in a day", "https://x.in/markets/oracle-stock-zooms-36-in-a-day.html",
     True),
    ("oracle-stock-zooms-36-in-a-day", "https://x.in/oracle-stock-zooms-36-in-a-day", True),
    ("Oracle stock zooms 36% in a day", "https://x.in/oracle-stock-zooms-36-in-a-day", False),
    ("energy and ai", "https://www.iea.org/reports/energy-and-ai/", True),
    ("Energy and AI", "https://www.iea.org/reports/energy-and-ai/", False),
    ("anything", "https://archive.ph/", False),  # no path: no slug
])
def test_a_slug_title_is_the_lower_case_words_of_the_last_path_segment(title, url, slug):
    assert checks.is_slug_title(title, url) is slug


def test_every_row_of_the_record_follows_the_rubric():
    ref = data.load().reference
    expected = ref["publisher_type"].map(checks.GRADE_OF_PUBLISHER_TYPE)
    assert (ref["grade"] == expected).all()
    assert not ((ref["date"].dt.strftime("%m-%d") == "01-01")
                & (ref["date_precision"] == "day")).any()


def test_the_rubric_and_the_schema_name_the_same_publisher_types():
    fields = {f["name"]: f for r in data.descriptor()["resources"] if r["name"] == "reference"
              for f in r["schema"]["fields"]}
    assert fields["publisher_type"]["constraints"]["enum"] == list(checks.GRADE_OF_PUBLISHER_TYPE)


def test_as_of_defaults_to_the_newest_day_of_the_record(pkg):
    from stargate_report.models import audit
    from stargate_report.params.chapters import AS_OF

    assert AS_OF.default == f"{audit.record_end(pkg):%Y-%m-%d}"


def test_a_row_counts_from_the_later_of_its_publication_and_its_event(pkg):
    from stargate_report.models import audit

    known = audit.known_from(pkg.reference).set_axis(pkg.reference["id"])
    # FN26.6: a page dated only "2026" reporting a payment made on 1 July 2026
    assert known["FN26.6"] == pd.Timestamp("2026-07-01")
    # M2: published 2023-01-23 about an investment of 2021: publication decides
    assert known["M2"] == pd.Timestamp("2023-01-23")
    assert "FN26.6" not in set(audit.record(pkg, "C", "2026-06-30")["id"])


@pytest.mark.parametrize("page, expected", [
    ("index", "Public record as of 1 July 2026: the newest source"),
    ("chapters/energy", "Public record as of 1 July 2026: the newest source"),
    ("chapters/claims", "This page reads the public record as it stood on 30 June 2025"),
])
def test_every_page_opens_with_the_date_its_record_runs_to(page, expected):
    from stargate_report.sphinx_ext import record_note

    note = record_note(page, {"record_end": "1 July 2026", "as_of_claims": "30 June 2025",
                              "as_of_microsoft": "1 July 2026"})
    assert expected in note


# data/sites.csv line 2 is Abilene (Texas, 2026-03, month); line 10 is the UAE (no state,
# 200 MW from ST26.11, stated in MW).
ABILENE, UAE = 2, 10


@pytest.mark.parametrize("line, field, value, why", [
    (UAE, "state", "Texas", "uae: a site in the United States names its state, and only"),
    (ABILENE, "state", "", "abilene: a site in the United States names its state"),
    (ABILENE, "status_date", "2026-03-09", "abilene: status_date 2026-03-09 has a day, but "
                                           "date_precision is month"),
    (UAE, "capacity_gw", "0.25", "uae: capacity 0.25 GW is the value of none of its sources"),
])
def test_a_site_row_that_breaks_a_rule_is_named(data_copy, line, field, value, why):
    edit_csv(data_copy / "sites.csv", line, field, value)
    _load_fails(data_copy, rf"sites.csv, line {line}, field '{field}': {why}")


def test_a_capacity_stated_in_mw_is_read_in_gw(data_copy):
    # ST26.11 says 200 MW: the site's 0.2 GW is its value, and loads
    assert data.load(data_copy).sites.set_index("site_id").loc["uae", "capacity_gw"] == 0.2


def test_an_event_dated_1_january_as_a_day_is_a_placeholder(data_copy):
    # data/events.csv line 3 is ms_follow_on, known only as "2021" (year precision)
    edit_csv(data_copy / "events.csv", 3, "date_precision", "day")
    _load_fails(data_copy, r"events.csv, line 3, field 'date': ms_follow_on: date 2021-01-01 "
                           r"reads as a placeholder")


def test_an_unknown_relationship_term_is_rejected_by_the_schema(data_copy):
    edit_csv(data_copy / "events.csv", 3, "term", "board seat")
    _load_fails(data_copy, r"events.csv, line 3, field 'term'")


def test_a_copy_is_rejected_where_the_record_has_the_page_it_copies(data_copy):
    # line 25 is C11.7, a republished copy of CNBC; give it the excerpt of E3.1, the EIA's
    # own page (line 23): the record now has the primary for what the copy quotes
    eia = pd.read_csv(data_copy / "reference.csv").set_index("id").loc["E3.1"]
    edit_csv(data_copy / "reference.csv", COPY, "excerpt", eia["excerpt"])
    _load_fails(data_copy, rf"line {COPY}, field 'url': C11.7: the record has the page this "
                           rf"copies \(E3.1, {re.escape(eia['url'])}\)")


def test_the_record_reaches_into_2026_mostly_on_outlets_and_company_text():
    # the record runs to mid-2026: at least 26 rows published in 2026, most of them from
    # a company, regulator, wire or mainstream outlet (grades A and B), none without a URL
    reference = data.load().reference
    recent = reference[reference["date"].dt.year == 2026]
    assert len(recent) >= 26
    assert (recent["grade"].isin(["A", "B"])).mean() > 0.5
    assert recent["url"].str.startswith("http").all()


@pytest.mark.parametrize("event, expected", [
    ("2026-03-31", "2026-03-31"),  # a day: the balance's day (OR26.21's 10-Q)
    ("2026-03", "2026-01-01"),  # only the month: the publication day stands
    (None, "2026-01-01"),
])
def test_a_figure_is_dated_by_the_day_it_describes(event, expected):
    ref = pd.Series({"date": pd.Timestamp("2026-01-01"), "event_date": event})
    assert rows.described_day(ref) == pd.Timestamp(expected)
    assert rows.event_start("2025-07") == pd.Timestamp("2025-07-01")
    assert rows.event_start("2021") == pd.Timestamp("2021-01-01")
