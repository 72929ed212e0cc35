"""The chips chapter's frames, row by row from the data rows: the top-down capex, the
cross-checks of the count, the custom-chip timeline and the sentence on the checks."""

import math

import pandas as pd
import pytest

from stargate_report import fmt
from stargate_report.models import chips


def test_capex_rows_are_this_capacity_stargate_each_deal_the_deals_and_the_envelope(pkg):
    out = chips.capex(pkg, 4.5, 50.0)
    # ST26.1: 10 GW, the latest announced (as in energy); CC5a/b/c: 10, 6 and 10 GW;
    # CC1/CC1c: $1,400 bn for 30 GW
    assert out.to_dict("records") == [
        {"what": "This capacity", "gw": 4.5, "group": "this report", "source_ids": "",
         "capex_bn_usd": 225.0},  # 4.5 × 50
        {"what": "Stargate, as last announced", "gw": 10.0, "group": "Stargate sites",
         "source_ids": "ST26.1", "capex_bn_usd": 500.0},
        {"what": "Chip deal: NVIDIA (letter of intent)", "gw": 10.0, "group": "chip deals",
         "source_ids": "CC5a", "capex_bn_usd": 500.0},
        {"what": "Chip deal: AMD", "gw": 6.0, "group": "chip deals", "source_ids": "CC5b",
         "capex_bn_usd": 300.0},
        {"what": "Chip deal: Broadcom (OpenAI-designed)", "gw": 10.0, "group": "chip deals",
         "source_ids": "CC5c", "capex_bn_usd": 500.0},
        {"what": "Chip deals together", "gw": 26.0, "group": "chip deals",
         "source_ids": "CC5a;CC5b;CC5c", "capex_bn_usd": 1300.0},
        {"what": "OpenAI's stated envelope (about)", "gw": 30.0, "group": "stated",
         "source_ids": "CC1;CC1c", "capex_bn_usd": 1400.0},
    ]
    assert out.index.tolist() == list(range(7))


@pytest.mark.parametrize("kw, reuters, huang, abilene", [
    # 5 GW ÷ 2 kW = 2.5 million; 10 GW ÷ 2 kW = 5 million; 1.2 GW ÷ 2 kW = 600,000
    (2.0, "within", "within", "above"),
    (3.0, "below", "below", "within"),  # 1.67 m < 2 m; 3.33 m < 4 m; 400,000 exactly
    (1.5, "within", "above", "above"),  # 3.33 million; 6.67 million > 5 million; 800,000
    (5.0, "below", "below", "below"),   # 1.2 GW ÷ 5 kW = 240,000 < 400,000 × 0.75
])
def test_cross_checks_against_reuters_huang_and_abilene(pkg, kw, reuters, huang, abilene):
    out = chips.cross_checks(pkg, kw)
    first, second, third = out.to_dict("records")
    assert first["statement"] == "Reuters: more than 2 million chips for more than 5 GW"
    assert (first["gw"], first["stated_low"], first["stated_high"]) == (5.0, 2e6, math.inf)
    assert first["implied_count"] == pytest.approx(5e6 / kw)
    assert first["status"] == reuters
    # «more than 2 million» for 5 GW: any kW up to 5e6 ÷ 2e6 = 2.5 fits; no lower bound
    assert (first["implied_kw_low"], first["implied_kw_high"]) == (0.0, 2.5)
    assert first["source_ids"] == "E7.7b;E7.7"
    assert second["statement"] == "Huang: 10 GW is 4 to 5 million GPUs"
    assert (second["gw"], second["stated_low"], second["stated_high"]) == (10.0, 4e6, 5e6)
    assert second["implied_count"] == pytest.approx(1e7 / kw)
    assert second["status"] == huang
    assert (second["implied_kw_low"], second["implied_kw_high"]) == (2.0, 2.5)
    assert second["source_ids"] == "C9.9a;C9.9b;C9.9c"
    # «about 400,000» GB200 for Abilene's 1.2 GW, read as ± 25%: 300,000 to 500,000
    assert third["statement"] == "Abilene: about 400,000 GB200 for 1.2 GW"
    assert (third["gw"], third["stated_low"], third["stated_high"]) == pytest.approx(
        (1.2, 300_000, 500_000))
    assert third["implied_count"] == pytest.approx(1.2e6 / kw)
    assert third["status"] == abilene
    assert (third["implied_kw_low"], third["implied_kw_high"]) == pytest.approx((2.4, 4.0))
    assert third["source_ids"] == "C10.4a;E7.3"


def test_an_about_count_takes_the_tolerance_given(pkg):
    # 1.2 GW ÷ 3.5 kW ≈ 343,000: inside ± 25% of 400,000 but outside ± 10%
    assert chips.cross_checks(pkg, 3.5).iloc[2]["status"] == "within"
    assert chips.cross_checks(pkg, 3.5, tolerance=0.1).iloc[2]["status"] == "below"


def test_the_checks_sentence_names_the_statements_the_count_misses(pkg):
    text = chips._checks_text
    assert text(chips.cross_checks(pkg, 2.0)) == (
        "The count falls within the range of 2 of the 3 independent statements, and above "
        "the range of Abilene.")
    assert text(chips.cross_checks(pkg, 1.5)) == (
        "The count falls within the range of 1 of the 3 independent statements, and above "
        "the ranges of Huang and Abilene.")
    assert text(chips.cross_checks(pkg, 5.0)) == (
        "The count falls below the ranges of Reuters, Huang and Abilene: outside every "
        "independent statement.")
    assert text(chips.cross_checks(pkg, 2.45)) == (  # the only band all three share: 2.4–2.5
        "The count falls within the range of all 3 independent statements.")


def test_the_custom_chip_timeline_puts_claims_and_record_in_date_order(pkg):
    out = chips.custom_timeline(pkg)
    published = pkg.articles.set_index("article_id")["date_earliest"]
    # T11 (contradicted): C003-18, C004-05; T12 (consistent): C001-18, C003-17, C003-19
    expected = {"C001-18": "consistent", "C003-17": "consistent", "C003-18": "contradicted",
                "C003-19": "consistent", "C004-05": "contradicted",
                "C11.6": "record", "C11.7": "record", "C11.8": "record"}
    assert dict(zip(out["id"], out["status"], strict=True)) == expected
    assert out.columns.tolist() == ["date", "lane", "id", "text", "status"]
    for row in out.itertuples():
        if row.id.startswith("C0"):
            claim = pkg.claim(row.id)
            assert row.lane == "articles" and row.text == claim["quote_en"]
            assert row.date == published[claim["article_id"]]
        else:
            ref = pkg.ref(row.id)
            assert row.lane == "public record"
            assert row.text == f"{ref['publisher']}: {ref['excerpt']}"
            assert row.date == ref["date"]
    keys = list(zip(out["date"], out["id"], strict=True))
    assert keys == sorted(keys) and out.index.tolist() == list(range(8))


@pytest.mark.parametrize("statuses, text", [
    ([], "No independent statement is in the record to check the count against."),
    (["within"], "The count falls within the range of the one independent statement."),
    (["above"], "The count falls above the range of the one independent statement."),
    (["within", "within"], "The count falls within the range of both independent statements."),
    (["below", "above"],
     "The count falls below the range of A and above the range of B: outside every "
     "independent statement."),
    (["within"] * 3, "The count falls within the range of all 3 independent statements."),
    (["below"] * 3,
     "The count falls below the ranges of A, B and C: outside every independent statement."),
    (["within", "below", "within"],
     "The count falls within the range of 2 of the 3 independent statements, and below the "
     "range of B."),
])
def test_the_checks_sentence_reads_right_at_none_one_two_and_many(statuses, text):
    names = [f"{chr(65 + i)}: a statement" for i in range(len(statuses))]
    checks = pd.DataFrame({"statement": names, "status": statuses}, dtype=object)
    assert chips._checks_text(checks) == text


def test_the_checks_table_prints_counts_and_statuses_for_readers():
    checks = pd.DataFrame({"statement": ["a", "b", "c"], "implied_count": [2.5e6, 5e5, 1e6],
                           "status": ["within", "below", "above"],
                           "source_ids": ["E7.7b;E7.7", "X", "Y;Z"]})
    assert chips.checks_table(checks).to_dict("records") == [
        {"Statement": "a", "Count at the kW in effect": "2.5 million",
         "Against the statement": "within its range", "Sources": "E7.7b, E7.7"},
        {"Statement": "b", "Count at the kW in effect": "500,000",
         "Against the statement": "below its range", "Sources": "X"},
        {"Statement": "c", "Count at the kW in effect": "1 million",
         "Against the statement": "above its range", "Sources": "Y, Z"},
    ]
    assert fmt.millions(1.0) == "1 million"
