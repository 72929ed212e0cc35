"""Pins every key number of the Microsoft chapter (`microsoft.key_numbers`) for the base case.

Each expected value is derived here, independently of the model: amounts from the rows of
data/events.csv (by event id), Microsoft's figures and dates from data/reference.csv (by
id), and the switches from the chapter's parameter defaults. The arithmetic is written out
in the comments. The file also tests `microsoft.concentration_over_time` directly, on
hand-made purchase frames and on the real record.
"""

import datetime as dt

import pandas as pd
import pytest

from stargate_report.models import microsoft

CHAPTER, MODEL = "microsoft", microsoft

# The compute purchases with a disclosed amount (data/events.csv): event id → its source.
PURCHASE_IDS = ("coreweave_1", "coreweave_2", "oracle_contract", "coreweave_3", "azure_250",
                "aws", "aws_2026", "cerebras")


def event(pkg, event_id):
    """One row of data/events.csv by event id."""
    rows = pkg.events[pkg.events["event_id"] == event_id]
    assert len(rows) == 1, event_id
    return rows.iloc[0]


def amount(pkg, event_id):
    return float(event(pkg, event_id)["amount_bn_usd"])


def disclosed(pkg):
    """The base case's disclosed purchases, bn USD by provider name, derived from the rows.

    Base case: all six providers, unconfirmed figures included, record as of 1 July 2026
    (every purchase is dated by then, so all count).
    """
    coreweave = (amount(pkg, "coreweave_1") + amount(pkg, "coreweave_2")
                 + amount(pkg, "coreweave_3"))  # CC3a 11.9 + CC3c 4 + CC3 6.5 = 22.4
    return {
        "Oracle": amount(pkg, "oracle_contract"),  # O3: 300 (reported, not confirmed)
        "Microsoft Azure": amount(pkg, "azure_250"),  # CC4: 250
        # CC2: 38, and the 2026 expansion, FN26.8: 100, added as Tom's Hardware words it
        "Amazon Web Services": amount(pkg, "aws") + amount(pkg, "aws_2026"),  # 138
        "CoreWeave": coreweave,  # 22.4
        "Cerebras": amount(pkg, "cerebras"),  # FN26.22: 20 (reported)
    }


def test_the_base_case_is_every_provider_unconfirmed_included_hhi_mid_2026(P):
    # the derivations below rest on these defaults (params/chapters.py)
    assert P == {"as_of": "2026-07-01", "include_unconfirmed": True,
                 "providers": "azure,oracle,coreweave,aws,google,cerebras",
                 "concentration_metric": "hhi"}


def test_the_disclosed_purchases_are_the_eight_priced_contracts(pkg, P):
    # every compute purchase with an amount, dated by the as-of date; the Oracle 4.5 GW
    # partnership (E7.6) has no amount, and no Google Cloud purchase is priced
    ev = pkg.events
    priced = ev[(ev["kind"] == "compute purchase") & ev["amount_bn_usd"].notna()
                & (ev["date"] <= pd.Timestamp(P["as_of"]))]
    assert sorted(priced["event_id"]) == sorted(PURCHASE_IDS)
    assert event(pkg, "oracle_contract")["status"] == "reported"  # counted: unconfirmed in
    assert set(priced["provider"]) == set(disclosed(pkg))


def test_concentration_is_the_hhi_of_five_providers_led_by_oracle(pkg, key):
    by_provider = disclosed(pkg)
    total = sum(by_provider.values())  # 300 + 250 + 138 + 22.4 + 20 = 730.4 bn USD
    assert total == pytest.approx(730.4, rel=1e-12)
    shares_pct = {p: 100 * v / total for p, v in by_provider.items()}
    # HHI = 100² × (300² + 250² + 138² + 22.4² + 20²) / 730.4²
    #     = 10,000 × (90,000 + 62,500 + 19,044 + 501.76 + 400) / 533,484.16 ≈ 3,232.4
    hhi = sum(s ** 2 for s in shares_pct.values())
    assert hhi == pytest.approx(10_000 * 172_445.76 / 533_484.16, rel=1e-12)
    assert key["concentration_now"] == pytest.approx(hhi, rel=1e-9)
    assert key["n_providers"] == 5  # Oracle, Azure, AWS, CoreWeave, Cerebras
    assert key["disclosed_total"] == pytest.approx(total, rel=1e-9)
    # Oracle's 300 of 730.4 ≈ 41.1%, ahead of Azure's 250
    assert key["top_share_pct"] == pytest.approx(100 * 300 / 730.4, rel=1e-9)
    assert key["top_share_pct"] == pytest.approx(shares_pct["Oracle"], rel=1e-9)
    assert key["top_provider"] == "Oracle"
    assert max(by_provider, key=by_provider.get) == "Oracle"
    # the same figures in the "In short" sentence, as readers read them
    assert key["purchases_text"] == (
        "OpenAI's disclosed compute purchases total $730\u00a0bn across 5 providers; the "
        "largest, Oracle, holds 41%, and the Herfindahl–Hirschman index stands at 3,232")
    assert key["top_share_text"] == (
        "Oracle's share of OpenAI's disclosed compute purchases, the largest")


def test_the_terms_in_force_are_the_latest_event_of_each_term(pkg, P, key):
    # the events that set a term, up to 1 July 2026; the latest of each is in force
    ev = pkg.events[pkg.events["term"].notna() & (pkg.events["date"] <= P["as_of"])]
    latest = {t: g.sort_values("date").iloc[-1]["event_id"] for t, g in ev.groupby("term")}
    assert latest == {"cloud and API": "ms_amend_cloud",  # 27 April 2026
                      "IP licence": "ms_amend_licence",  # non-exclusive, through 2032
                      "AGI clause": "ms_agi",  # the expert panel, October 2025
                      "revenue share": "ms_revenue_cap",  # $38 bn cap, reported May 2026
                      "stake": "ms_10q_2026"}  # about 27%, April 2026 10-Q
    # one of the five rests on a report (the cap): the sentence names it
    assert key["terms_text"] == (
        "The record sets 5 terms of the relationship by this date; the revenue share term "
        "rests on reports the companies have not confirmed.")
    table = microsoft.terms_in_force(pkg, P["as_of"])
    assert list(table["Term"]) == ["Cloud and API", "IP licence", "AGI clause",
                                   "Revenue share", "Stake"]
    assert list(table["Since"]) == ["2026-04-27", "2026-04-27", "2025-10-28", "2026-05-11",
                                    "2026-04-29"]
    # the best grade among each term's sources: only the AGI panel has the company's text
    assert list(table["Grade"]) == ["C", "C", "A", "C", "C"]
    # before the first term, the table is empty and the sentence says so
    assert microsoft.terms_in_force(pkg, "2019-01-01").empty
    assert microsoft._terms_text(microsoft.terms_in_force(pkg, "2019-01-01")) == (
        "No term of the relationship is in the record yet at this date.")


def test_the_words_follow_the_parameters(P, key):
    assert P["concentration_metric"] == "hhi"
    assert key["metric_name"] == "Herfindahl–Hirschman index"
    as_of = dt.date.fromisoformat(P["as_of"])  # 2026-07-01
    assert key["as_of_text"] == f"{as_of.day} {as_of:%B} {as_of.year}" == "1 July 2026"
    assert key["unconfirmed_text"] == ("included" if P["include_unconfirmed"] else "left out")
    assert key["unconfirmed_text"] == "included"


def test_the_azure_contract_and_the_dates_of_microsofts_figures(pkg, key):
    azure = event(pkg, "azure_250")  # CC4; M11: $250 bn more of Azure, 28 October 2025
    assert azure["provider"] == "Microsoft Azure"
    assert key["azure_amount"] == pytest.approx(250.0, rel=1e-12)
    assert key["azure_amount"] == pytest.approx(float(azure["amount_bn_usd"]), rel=1e-12)
    assert azure["date"] == pd.Timestamp("2025-10-28")
    assert key["azure_date"] == f"{azure['date']:%B %Y}" == "October 2025"
    rpo_date = pkg.ref("C1a")["date"]  # MarketWatch, 28 January 2026
    assert key["rpo_date"] == f"{rpo_date:%B %Y}" == "January 2026"
    # Microsoft's 10-Q for the quarter to 31 March 2026 (OR26.21): dated by the balance it
    # reports, not by the undated page that summarises it (2026, year precision)
    assert pkg.ref("OR26.21")["event_date"] == "2026-03-31"
    assert key["funded_date"] == "March 2026"


def test_azure_was_exclusive_for_2010_days_about_five_and_a_half_years(pkg, key):
    start, end = pkg.ref("M1")["date"], pkg.ref("M5")["date"]  # 2019-07-22 → 2025-01-21
    days = (end - start).days
    # 22 Jul 2019 → 22 Jul 2024: 5 × 365 + 2 leap days (2020, 2024) = 1,827;
    # 22 Jul 2024 → 21 Jan 2025: 31+31+30+31+30+31 − 1 = 183; 1,827 + 183 = 2,010
    assert days == 2010
    # 2,010 / 365.25 (Julian year) ≈ 5.503
    assert key["exclusive_years"] == pytest.approx(2010 / 365.25, rel=1e-9)


def test_microsofts_side_of_the_ledger(pkg, key):
    rpo, share = pkg.value("C1a"), pkg.value("C1b")  # 625 bn USD; 45 %
    assert key["rpo"] == pytest.approx(rpo, rel=1e-12) == 625
    assert key["openai_share_pct"] == pytest.approx(share, rel=1e-12) == 45
    # 625 × 45 / 100 = 281.25 bn USD of the backlog is OpenAI's
    assert key["openai_rpo"] == pytest.approx(rpo * share / 100, rel=1e-9)
    assert key["openai_rpo"] == pytest.approx(281.25, rel=1e-12)
    stake_value, committed = pkg.value("M7b"), pkg.value("M4")  # 135; 13 bn USD
    assert key["stake_value"] == pytest.approx(stake_value, rel=1e-12) == 135
    assert key["stake_pct"] == pytest.approx(pkg.value("M7"), rel=1e-12) == 27
    assert key["committed"] == pytest.approx(committed, rel=1e-12) == 13
    # the latest vintage: $11.8 bn paid by March 2026 (OR26.21), not $11.6 bn (M4b, 2025)
    assert key["funded"] == pytest.approx(pkg.value("OR26.21"), rel=1e-12) == 11.8
    # 135 / 13 ≈ 10.38 dollars of stake per dollar committed
    assert key["value_per_dollar_committed"] == pytest.approx(stake_value / committed, rel=1e-9)
    assert key["value_per_dollar_committed"] == pytest.approx(135 / 13, rel=1e-12)


PINNED = {
    "concentration_now", "n_providers", "disclosed_total", "top_share_pct", "top_provider",
    "metric_name", "as_of_text", "unconfirmed_text", "azure_amount", "azure_date",
    "rpo_date", "funded_date", "exclusive_years", "rpo", "openai_share_pct", "openai_rpo",
    "stake_value", "stake_pct", "committed", "funded", "value_per_dollar_committed",
    "purchases_text", "top_share_text", "terms_text",
}


def test_every_key_number_is_pinned(key):
    assert set(key) == PINNED


# --- concentration_over_time, directly -------------------------------------------------

def buys(rows):
    """A purchases frame as `microsoft.purchases` returns it: date, provider, amount."""
    return pd.DataFrame(
        [{"date": pd.Timestamp(d), "provider": p, "amount_bn_usd": a} for d, p, a in rows],
        columns=["date", "provider", "amount_bn_usd"])


HAND = buys([
    ("2025-01-01", "A", 30.0),
    ("2025-02-01", "B", 10.0),
    ("2025-02-01", "A", 10.0),  # same date as B's: one step, not two
    ("2025-03-01", "C", 50.0),
])


def test_over_time_gives_one_row_per_purchase_date_up_to_as_of():
    out = microsoft.concentration_over_time(HAND, "hhi", "2025-02-15")
    assert list(out.columns) == ["date", "value", "providers", "total_bn_usd"]
    assert pd.to_datetime(out["date"]).tolist() == [pd.Timestamp("2025-01-01"),
                                                   pd.Timestamp("2025-02-01")]
    # 1 Jan: A alone, 30 → 100² = 10,000
    # 1 Feb: A 30 + 10 = 40, B 10, total 50 → 80² + 20² = 6,400 + 400 = 6,800
    assert out["value"].tolist() == pytest.approx([10_000, 6_800], rel=1e-12)
    assert out["providers"].tolist() == [1, 2]
    assert out["total_bn_usd"].tolist() == pytest.approx([30, 50], rel=1e-12)


def test_over_time_counts_a_purchase_on_the_as_of_date_and_measures_top_share():
    out = microsoft.concentration_over_time(HAND, "top_share", "2025-03-01")
    assert len(out) == 3
    # top share: 30/30 = 100 %; 40/50 = 80 %; then A 40, B 10, C 50 of 100 → C's 50 %
    assert out["value"].tolist() == pytest.approx([100, 80, 50], rel=1e-12)
    assert out["providers"].tolist() == [1, 2, 3]
    assert out["total_bn_usd"].tolist() == pytest.approx([30, 50, 100], rel=1e-12)
    last = microsoft.concentration_over_time(HAND, "hhi", "2030-01-01")["value"].iloc[-1]
    assert last == pytest.approx(40 ** 2 + 10 ** 2 + 50 ** 2, rel=1e-12)  # 1,600+100+2,500


def test_over_time_is_empty_with_nothing_disclosed_by_the_date():
    before = microsoft.concentration_over_time(HAND, "hhi", "2024-12-31")
    assert before.empty
    assert list(before.columns) == ["date", "value", "providers", "total_bn_usd"]
    none = microsoft.concentration_over_time(buys([]), "hhi", "2026-06-30")
    assert none.empty
    assert list(none.columns) == ["date", "value", "providers", "total_bn_usd"]


def test_over_time_refuses_an_unknown_metric():
    with pytest.raises(ValueError, match="concentration_metric = 'gini'"):
        microsoft.concentration_over_time(HAND, "gini", "2025-12-31")


def test_over_time_on_the_record_ends_at_the_chapters_concentration(pkg, P):
    ev = pkg.events.set_index("event_id").loc[list(PURCHASE_IDS)].reset_index()
    record = ev[["date", "provider", "amount_bn_usd"]].sort_values("date")
    out = microsoft.concentration_over_time(record, "hhi", P["as_of"])
    assert pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d").tolist() == [
        "2025-03-10", "2025-05-15", "2025-09-10", "2025-09-25", "2025-10-28", "2025-11-03",
        "2026-02-27", "2026-04-16"]
    assert out["providers"].tolist() == [1, 1, 2, 2, 3, 4, 4, 5]
    # running totals: 11.9; +4 = 15.9; +300 = 315.9; +6.5 = 322.4; +250 = 572.4; +38 = 610.4;
    # +100 (AWS, 2026) = 710.4; +20 (Cerebras) = 730.4
    assert out["total_bn_usd"].tolist() == pytest.approx(
        [11.9, 15.9, 315.9, 322.4, 572.4, 610.4, 710.4, 730.4], rel=1e-12)
    # after Oracle's 300: 10,000 × (300² + 15.9²) / 315.9² ≈ 9,044.0
    # after Azure's 250: 10,000 × (300² + 250² + 22.4²) / 572.4² ≈ 4,669.8
    expected = [10_000, 10_000,
                10_000 * (300 ** 2 + 15.9 ** 2) / 315.9 ** 2,
                10_000 * (300 ** 2 + 22.4 ** 2) / 322.4 ** 2,
                10_000 * (300 ** 2 + 250 ** 2 + 22.4 ** 2) / 572.4 ** 2,
                10_000 * (300 ** 2 + 250 ** 2 + 38 ** 2 + 22.4 ** 2) / 610.4 ** 2,
                10_000 * (300 ** 2 + 250 ** 2 + 138 ** 2 + 22.4 ** 2) / 710.4 ** 2,
                10_000 * (300 ** 2 + 250 ** 2 + 138 ** 2 + 22.4 ** 2 + 20 ** 2) / 730.4 ** 2]
    assert out["value"].tolist() == pytest.approx(expected, rel=1e-9)


def test_a_term_set_only_by_an_article_claim_reads_article_as_its_grade(pkg):
    import dataclasses
    events = pkg.events.copy()
    agi = events["event_id"] == "ms_agi"
    events.loc[agi, "source_ids"] = "C003-11"  # a claim, not a record row
    table = microsoft.terms_in_force(dataclasses.replace(pkg, events=events), "2026-07-01")
    assert table.set_index("Term").loc["AGI clause", "Grade"] == "article"
