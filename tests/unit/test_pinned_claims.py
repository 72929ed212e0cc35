"""Pins every number and phrase of the claims chapter (`models.audit.key_numbers`), and
tests `audit.verdict_counts` directly.

The expected values are derived here from the data tables, without the model:

- claims: rows of data/claims.csv (counted from the raw CSV with the csv module too);
- the record in view: reference rows of grade A–C dated on or before the as-of date;
- verdicts: each curated tension (data/tensions.csv) keeps its verdict when every one
  of its reference rows is in view; the tension ids of each verdict are also listed
  here as read in tensions.csv;
- «what happened next»: (claim, record row) pairs of an established tension whose
  record row is dated after the claim's article (date_earliest in articles.csv),
  also listed by hand with their dates;
- text: each sentence template of the model, filled with the values derived here.
"""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from stargate_report import ledger
from stargate_report.models import audit

CHAPTER, MODEL = "claims", audit

NOT_YET = "not established with the record in view"  # audit.NOT_YET, as the page reads it

# Tensions by verdict, as read in data/tensions.csv.
VERDICT_IDS = {
    "consistent": ["T04", "T12", "T17", "T18", "T19", "T20", "T22", "T23", "T24", "T25",
                   "T27", "T28", "T29", "T30"],  # 14
    "holds on some bases": ["T05", "T06"],  # 2: homes or people per GW, over their bases
    "differs in basis": ["T02", "T03", "T07", "T10", "T16", "T21"],  # 6
    "contradicted": ["T01", "T11", "T13"],  # 3
    "later revised": ["T09", "T14", "T26"],  # 3
    "unverifiable": ["T08", "T15", "T31"],  # 3 (T08 and T31 rest on no record row)
}

# Record rows dated after the article of a claim they bear on (article dates: 001
# 2025-01-21, 002 2025-06-30, 000/003/004 2025-09-10), as read in the tables.
LATER_ROWS = {
    ("C002-04", "E3.3"),  # T06: 2025-10-31 > 2025-06-30
    ("C002-13", "E7.17"), ("C002-13", "C4"),  # T09: 2025-07-02 and 2026-03-06 > 2025-06-30
    ("C003-18", "C11.7"), ("C003-18", "C11.8"),  # T11: 2025-10-13 > 2025-09-10
    ("C004-05", "C11.7"), ("C004-05", "C11.8"),  # T11: 2025-10-13 > 2025-09-10
    ("C001-18", "C11.8"), ("C003-20", "C11.8"),  # T12: 2025-10-13 > 2025-01-21 / 09-10
    ("C003-17", "C11.8"), ("C003-19", "C11.8"),  # T12: 2025-10-13 > 2025-09-10
    ("C003-09", "SG1"), ("C003-09", "E7.16"),  # T14: 2025-09-30 and 2025-10-30
    ("C003-15", "SG1"),  # T15: 2025-09-30 > 2025-09-10
    ("C002-01", "E7.6"),  # T18: 2025-07-22 > 2025-06-30
    ("C002-09", "O7"),  # T21: 2025-09-10 > 2025-06-30
    ("C003-27", "OA7"),  # T22: 2026-01-18 > 2025-09-10
    ("C003-30", "FR4"),  # T24: 2025-12-31 > 2025-09-10
    ("C003-14", "M11"),  # T26: 2025-10-28 > 2025-09-10
    # Barron's page on Oracle's 8-K (O1) was published 2025-09-11, after every article
    ("C002-15", "O1"), ("C002-16", "O1"),  # T03: > 2025-06-30
    ("C000-03", "O1"), ("C003-23", "O1"),  # T20: > 2025-09-10
    # later_ids: rows published after a verdict was settled (2026)
    ("C002-13", "ST26.3"), ("C002-12", "ST26.3"),  # T09, T10: Abilene, March 2026
    ("C003-09", "ST26.1"),  # T14: the 10 GW target secured, April 2026
    ("C003-14", "OR26.15"),  # T26: exclusivity ended, April 2026
    ("C001-18", "FN26.20"), ("C003-20", "FN26.20"),  # T12: Broadcom, March 2026
    ("C003-17", "FN26.20"), ("C003-19", "FN26.20"),
}  # 31 pairs, on 20 claims


def _ids(cell) -> list[str]:
    return [] if pd.isna(cell) else [i for i in str(cell).split(";") if i]


@pytest.fixture(scope="module")
def in_view(pkg, P):
    """Ids of the reference rows of grade at least `min_grade`, dated up to `as_of`."""
    grades = {"A": {"A"}, "B": {"A", "B"}, "C": {"A", "B", "C"}}[P["min_grade"]]
    ref = pkg.reference
    return set(ref.loc[ref["grade"].isin(grades) & (ref["date"] <= pd.Timestamp(P["as_of"])),
                       "id"])


@pytest.fixture(scope="module")
def verdicts(pkg, in_view):
    """Tension id → verdict shown: the curated one when all its record rows are in view."""
    return {t.tension_id: t.verdict if set(_ids(t.reference_ids)) <= in_view else NOT_YET
            for t in pkg.tensions.itertuples()}  # topic "all": every tension has claims


def test_the_base_case_reads_every_claim_on_the_full_record(P):
    assert P == {"topic": "all", "min_grade": "C", "as_of": "2026-07-01"}


def test_claims_counted_from_the_ledger(pkg, key):
    with open(pkg.data_dir / "claims.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert key["n_claims_all"] == len(rows) == len(pkg.claims) == 91
    assert key["n_claims"] == 91  # topic "all" keeps all 91
    # claims with a value: 47 of 91 (the other 44 state no number)
    assert key["n_numeric"] == sum(r["value"] != "" for r in rows) == 47
    # articles with at least one claim: 000, 001, 002, 003, 004
    assert key["n_articles"] == len({r["article_id"] for r in rows}) == 5
    assert key["claims_text"] == f"{len(rows)} claims" == "91 claims"
    assert key["from_articles_text"] == "5 articles"


def test_the_record_in_view_is_every_reference_row_up_to_the_as_of_date(pkg, key, in_view):
    grades = Counter(pkg.reference["grade"])
    # 27 grade A + 100 grade B + 85 grade C = 212 rows (the circular-deals chapter added
    # CR1–CR17: 2 A, 8 B, 7 C; the revenue growth's range FN26.23, B). The latest
    # publication date is 2026-06-26; a page dated only "2026" reports a payment of
    # 2026-07-01 (FN26.6), the newest day of the record and the as-of date: every row is in
    # view
    assert grades == {"A": 27, "B": 100, "C": 85}
    assert pkg.reference["date"].max() == pd.Timestamp("2026-06-26")
    assert key["n_record_rows"] == len(in_view) == 27 + 100 + 85
    # rows are not pages: one page can give several figures (the CNA page of 27 Feb 2026
    # gives FN26.1 and FN26.2)
    pages = pkg.reference["url"].nunique()
    assert key["n_record_pages"] == pages < len(in_view)
    assert key["record_text"] == f"212 entries of the public record, from {pages} web pages"
    assert key["record_end"] == "1 July 2026"
    assert key["as_of_text"] == "1 July 2026"  # P["as_of"] = 2026-07-01
    assert key["grades_text"] == "grades A to C"  # min_grade "C": A, B and C


def test_every_tension_keeps_its_curated_verdict_on_the_full_record(pkg, key, verdicts):
    read = {tid: v for v, tids in VERDICT_IDS.items() for tid in tids}
    assert verdicts == read  # none is NOT_YET: every record row is in view
    n = Counter(verdicts.values())
    assert key["n_tensions"] == len(pkg.tensions) == 31  # T01–T31
    assert key["n_consistent"] == n["consistent"] == 14
    assert key["n_holds_on_some_bases"] == n["holds on some bases"] == 2
    assert key["n_differs_in_basis"] == n["differs in basis"] == 6
    assert key["n_contradicted"] == n["contradicted"] == 3
    assert key["n_later_revised"] == n["later revised"] == 3
    assert key["n_unverifiable"] == n["unverifiable"] == 3
    assert key["n_not_established"] == n[NOT_YET] == 0
    # 14 + 2 + 6 + 3 + 3 + 3 + 0 = 31; the sentence tells them in the order contradicted,
    # later revised, differs in basis, holds on some bases, consistent, unverifiable
    assert key["verdicts_text"] == (
        f"the {len(verdicts)} points of tension stand as follows: "
        f"{n['contradicted']} contradicted, {n['later revised']} later revised, "
        f"{n['differs in basis']} differing in basis, {n['holds on some bases']} holding on "
        f"some bases, {n['consistent']} consistent and {n['unverifiable']} unverifiable")
    assert key["verdicts_text"] == (
        "the 31 points of tension stand as follows: 3 contradicted, 3 later revised, "
        "6 differing in basis, 2 holding on some bases, 14 consistent and 3 unverifiable")


def test_what_happened_next_counts_record_rows_published_after_the_article(
        pkg, key, verdicts):
    published = dict(zip(pkg.articles["article_id"], pkg.articles["date_earliest"],
                         strict=True))
    article_of = dict(zip(pkg.claims["claim_id"], pkg.claims["article_id"], strict=True))
    dated = dict(zip(pkg.reference["id"], pkg.reference["date"], strict=True))
    later = [(c, r) for t in pkg.tensions.itertuples() if verdicts[t.tension_id] != NOT_YET
             for c in _ids(t.claim_ids)
             for r in [*_ids(t.reference_ids), *_ids(t.later_ids)]
             if dated[r] > published[article_of[c]]]
    assert len(later) == len(set(later))
    assert set(later) == LATER_ROWS
    assert key["n_next"] == len(later) == 31
    assert key["n_next_claims"] == len({c for c, _ in later}) == 20
    assert key["next_text"] == "31 links for 20 claims"


PINNED = {
    "n_claims_all", "n_claims", "n_numeric", "n_articles", "n_tensions", "n_consistent",
    "n_holds_on_some_bases",
    "n_differs_in_basis", "n_contradicted", "n_later_revised", "n_unverifiable",
    "n_not_established", "n_record_rows", "n_record_pages", "record_text", "n_next",
    "n_next_claims", "record_end",
    "as_of_text", "grades_text", "verdicts_text", "claims_text", "from_articles_text",
    "next_text",
}


def test_every_key_number_is_pinned(key):
    assert PINNED == set(key)


# Direct tests of audit.verdict_counts: every verdict listed, in the order
# consistent, differs in basis, contradicted, later revised, unverifiable, NOT_YET.

ORDER = ["consistent", "holds on some bases", "differs in basis", "contradicted",
         "later revised", "unverifiable", NOT_YET]


def _counted(frame: pd.DataFrame) -> list[tuple[str, int]]:
    out = audit.verdict_counts(frame)
    assert list(out.columns) == ["verdict", "tensions"]
    return [(str(v), int(n)) for v, n in zip(out["verdict"], out["tensions"], strict=True)]


def test_verdict_counts_lists_every_verdict_with_zeros():
    frame = pd.DataFrame({"tension_id": ["T1", "T2", "T3", "T4"],
                          "verdict": ["consistent", "contradicted", "consistent", NOT_YET]})
    # consistent 2 (T1, T3), contradicted 1 (T2), not established 1 (T4), others 0
    assert _counted(frame) == [("consistent", 2), ("holds on some bases", 0),
                               ("differs in basis", 0),
                               ("contradicted", 1), ("later revised", 0),
                               ("unverifiable", 0), (NOT_YET, 1)]


def test_verdict_counts_of_one_tension_and_of_none():
    one = pd.DataFrame({"verdict": ["later revised"]})
    assert _counted(one) == [(v, 1 if v == "later revised" else 0) for v in ORDER]
    none = pd.DataFrame({"verdict": pd.Series([], dtype="string")})
    assert _counted(none) == [(v, 0) for v in ORDER]  # six rows of zero, not an empty frame


def test_verdict_counts_on_the_real_tensions(pkg):
    claims = audit.select_claims(pkg, "all")
    full = audit.tensions_in_view(pkg, claims, "C", "2026-07-01")
    # as read in tensions.csv: 14 consistent, 2 hold on some bases, 6 differ in basis,
    # 3 contradicted, 3 later revised, 3 unverifiable; all record rows in view
    assert _counted(full) == [("consistent", 14), ("holds on some bases", 2),
                              ("differs in basis", 6),
                              ("contradicted", 3), ("later revised", 3),
                              ("unverifiable", 3), (NOT_YET, 0)]
    # As of 2025-12-31, two tensions rest on a row not yet published: T09 (later revised)
    # on C4, 2026-03-06, and T22 (consistent) on OA7, 2026-01-18; every other tension's
    # rows are dated on or before 2025-12-31 (T24's FR4 on that very day stays in view).
    # later revised 3 − 1 = 2, consistent 14 − 1 = 13, not established 0 + 2 = 2
    early = audit.tensions_in_view(pkg, claims, "C", "2025-12-31")
    assert _counted(early) == [("consistent", 13), ("holds on some bases", 2),
                               ("differs in basis", 6),
                               ("contradicted", 3), ("later revised", 2),
                               ("unverifiable", 3), (NOT_YET, 2)]


def test_a_row_published_after_the_verdict_never_holds_it_back(pkg):
    # T26 is settled by M11 (October 2025); OR26.15 (April 2026) is what happened next
    claims = audit.select_claims(pkg, "all")
    t26 = pkg.tensions.set_index("tension_id").loc["T26"]
    assert t26["later_ids"] == "OR26.15" and "OR26.15" not in t26["reference_ids"]
    early = audit.tensions_in_view(pkg, claims, "C", "2025-12-31").set_index("tension_id")
    assert early.loc["T26", "verdict"] == "later revised"
    assert early.loc["T26", "later_ids"] == []  # not yet published: not shown
    late = audit.tensions_in_view(pkg, claims, "C", "2026-07-01").set_index("tension_id")
    assert late.loc["T26", "later_ids"] == ["OR26.15"]
    # and an unknown id there is named like one in reference_ids
    bad = pkg.tensions.assign(later_ids=pkg.tensions["later_ids"].where(
        pkg.tensions["tension_id"] != "T26", "XX9"))
    problems = list(ledger.tension_problems(pkg.claims, pkg.reference, bad))
    assert ("data/tensions.csv", 27, "later_ids", "tension T26: unknown reference 'XX9'") \
        in problems
