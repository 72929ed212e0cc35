import csv

import pandas as pd

from stargate_report import data
from stargate_report.models import audit


def view(topic="all", min_grade="C", as_of="2026-06-30"):
    pkg = data.load()
    claims = audit.select_claims(pkg, topic)
    return pkg, claims, audit.tensions_in_view(pkg, claims, min_grade, as_of)


def verdict_of(tensions, tension_id):
    return tensions.set_index("tension_id").loc[tension_id, "verdict"]


def test_full_record_gives_the_curated_verdicts():
    pkg, _, tensions = view()
    assert len(tensions) == len(pkg.tensions)
    assert (tensions["verdict"].to_numpy() == pkg.tensions["verdict"].to_numpy()).all()


def test_a_verdict_needs_all_its_record_rows_in_view():
    # T09: Abilene to 2 GW, reported July 2025 (E7.17), dropped March 2026 (C4)
    _, _, before = view(as_of="2025-12-31")
    _, _, after = view(as_of="2026-03-31")
    assert verdict_of(before, "T09") == audit.NOT_YET
    assert verdict_of(after, "T09") == "later revised"
    assert verdict_of(before, "T09") != verdict_of(after, "T09")


def test_min_grade_hides_lower_graded_rows():
    pkg, _, tensions = view(min_grade="A")
    shown = {r for refs in tensions["reference_ids"] for r in refs}
    grades = pkg.reference.set_index("id").loc[sorted(shown), "grade"]
    assert set(grades) == {"A"}
    # T10 rests on Crusoe's own release (E7.3, grade A); T01 on a republished copy of
    # OpenAI's announcement (F1, grade C)
    assert verdict_of(tensions, "T10") == "differs in basis"
    assert verdict_of(tensions, "T01") == audit.NOT_YET
    assert verdict_of(tensions, "T05") == audit.NOT_YET  # rests on the WSJ (grade B)


def test_topic_keeps_only_tensions_touching_its_claims():
    pkg, claims, tensions = view(topic="chips")
    assert set(claims["topic"]) == {"chips"}
    assert set(tensions["tension_id"]) == {"T11", "T12", "T30"}  # T30: chip partners


def test_what_happened_next_is_published_after_the_article():
    pkg, _, tensions = view()
    nxt = audit.what_happened_next(pkg, tensions)
    published = pkg.articles.set_index("article_id")["date_earliest"]
    assert len(nxt) > 10
    assert (nxt["record_date"].to_numpy() > published.loc[nxt["article_id"]].to_numpy()).all()
    assert nxt["record_date"].is_monotonic_increasing
    broadcom = nxt[(nxt["claim_id"] == "C003-18") & (nxt["reference_id"] == "C11.7")]
    assert list(broadcom["verdict"]) == ["contradicted"]


def test_key_numbers_add_up():
    pkg, claims, tensions = view()
    key = audit.summary(pkg.claims, claims, tensions, audit.record(pkg),
                            audit.what_happened_next(pkg, tensions))
    verdicts = ["n_consistent", "n_holds_on_some_bases", "n_differs_in_basis",
                "n_contradicted", "n_later_revised",
                "n_unverifiable", "n_not_established"]
    # the ledger's own row counts, read here without the package: 91 claims, 31 tensions
    with open(data.DATA_DIR / "claims.csv", encoding="utf-8", newline="") as f:
        n_claims = sum(1 for _ in csv.DictReader(f))
    with open(data.DATA_DIR / "tensions.csv", encoding="utf-8", newline="") as f:
        n_tensions = sum(1 for _ in csv.DictReader(f))
    assert (n_claims, n_tensions) == (91, 31)
    assert sum(key[v] for v in verdicts) == key["n_tensions"] == n_tensions
    assert key["n_claims"] == key["n_claims_all"] == n_claims


def test_claims_matrix_is_a_complete_grid():
    pkg, claims, _ = view()
    grid = audit.claims_matrix(claims)
    assert grid["claims"].sum() == len(claims)
    assert len(grid) == claims["article_id"].nunique() * claims["topic"].nunique()


def test_the_verdict_sentence_reads_right_for_none_one_and_many():
    frame = pd.DataFrame({"verdict": ["consistent", "differs in basis", "consistent"]})
    assert audit.verdicts_text(frame) == (
        "the 3 points of tension stand as follows: 1 differing in basis and 2 consistent")
    assert audit.verdicts_text(frame.iloc[:1]) == "the one point of tension is consistent"
    assert audit.verdicts_text(frame.iloc[:0]) == "no point of tension is in view"
