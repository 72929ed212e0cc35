"""The circular-deals chapter: each number derived by hand from data/flows.csv, how the
switches, the as-of date and the partners move them, and the checks on the flows."""

import pandas as pd
import pytest

from stargate_report import data, fmt, params
from stargate_report.models import circular as m
from tests.conftest import edit_csv

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def pkg():
    return data.load()


def numbers(pkg, **overrides):
    return m.key_numbers(pkg, {**params.defaults("circular"), **overrides})


def test_base_case_numbers_derived_by_hand(pkg):
    n = numbers(pkg)
    # purchases priced in dollars: CoreWeave 11.9 + 4 + 6.5, Azure 250, Oracle 300 (reported),
    # AWS 38 + 100, Cerebras 20 (reported) = 730.4
    assert n["purchases_bn"] == pytest.approx(730.4)
    # firms that both fund OpenAI and sell it compute priced in dollars: Microsoft (Azure
    # 250), Amazon (AWS 138) and CoreWeave (22.4): 410.4, or 56.2%
    assert n["both_text"] == "Microsoft, Amazon and CoreWeave"
    assert n["to_funders_bn"] == pytest.approx(410.4)
    assert n["funder_share_pct"] == pytest.approx(100 * 410.4 / 730.4)
    # what those three put in: Microsoft 13, Amazon 15 + 35, CoreWeave's 0.35 of stock
    assert n["in_from_sellers_bn"] == pytest.approx(63.35)
    assert n["back_per_dollar"] == pytest.approx(410.4 / 63.35)  # about 6.5
    # AMD's warrant: 160 million shares × ($203.71 − $0.01) = $32.59 bn
    warrant = 160e6 * (203.71 - 0.01) / 1e9
    assert n["warrant_value_bn"] == pytest.approx(warrant)
    assert n["warrant_target_bn"] == pytest.approx(160e6 * (600 - 0.01) / 1e9)  # $96 bn
    assert n["warrant_press_bn"] == 34  # the Motley Fool's value that morning (CR4)
    # into OpenAI: Microsoft 13, CoreWeave 0.35, NVIDIA 30 (the LOI's 100 is replaced by
    # it from 27 Feb 2026), AMD's warrant, Amazon 50, SoftBank 30 + 30
    assert n["into_bn"] == pytest.approx(13 + 0.35 + 30 + warrant + 50 + 60)
    # from OpenAI: the purchases, the $38 bn revenue-share cap and $19 bn into Stargate
    assert n["from_bn"] == pytest.approx(730.4 + 38 + 19)
    # around: loans for Oracle's build (115) and SoftBank's $19 bn in Stargate
    assert n["around_bn"] == pytest.approx(18 + 23.25 + 14.75 + 18 + 25 + 16 + 19)
    assert (n["n_partners"], n["n_flows"], n["n_counted"]) == (9, 29, 28)  # the LOI is out
    assert n["share_text"] == (
        f"of the $730{NBSP}bn of compute OpenAI has committed to buy, $410{NBSP}bn (56%) goes "
        "to Microsoft, Amazon and CoreWeave, firms that also put money or shares into "
        f"OpenAI: $63.4{NBSP}bn in all")
    assert n["unpriced_text"] == ("Purchases stated only in gigawatts, with no price, are in "
                                  f"no dollar total: NVIDIA 10{NBSP}GW, AMD 6{NBSP}GW and "
                                  f"Broadcom 10{NBSP}GW.")
    # not firm: 5 reported (Stargate ×2, Oracle, Cerebras, the cap), the NVIDIA GPUs'
    # letter of intent, 5 more conditional (CoreWeave's «up to» 11.9 and 6.5, AMD's GPUs and
    # warrant, Amazon's 35); the cancelled LOI is none of these
    assert n["binding_count_text"] == ("11 of the 29 flows in view are reported, a letter of "
                                       "intent or conditional")
    # only what the three put in without conditions: 13 + 15 + 0.35
    assert n["back_per_firm_dollar"] == pytest.approx(410.4 / 28.35)


def test_leaving_out_letters_of_intent_and_conditional_amounts(pkg):
    n = numbers(pkg, include_nonbinding=False)
    # AMD's warrant and Amazon's contingent 35 leave what goes in; the cap and CoreWeave's
    # «up to» 11.9 and 6.5 leave what goes out
    assert n["into_bn"] == pytest.approx(13 + 0.35 + 30 + 15 + 60)
    assert n["from_bn"] == pytest.approx(730.4 + 19 - 11.9 - 6.5)
    assert n["in_from_sellers_bn"] == pytest.approx(28.35)
    assert n["nonbinding_text"] == "left out"
    # the NVIDIA and AMD gigawatts are a letter of intent and a most: out of every total
    assert n["unpriced_text"].endswith(f"Broadcom 10{NBSP}GW.")


def test_leaving_out_unconfirmed_flows_also_leaves_out_letters_of_intent(pkg):
    n = numbers(pkg, include_unconfirmed=False)
    # Oracle's 300 and Cerebras's 20 are reported: every dollar left goes to a funder
    assert n["purchases_bn"] == pytest.approx(410.4)
    assert n["funder_share_pct"] == pytest.approx(100)
    assert "NVIDIA" not in n["unpriced_text"]  # a letter of intent is unconfirmed
    assert "AMD" in n["unpriced_text"]  # signed, though conditional


def test_the_page_says_why_the_share_moves_and_what_the_aws_wording_changes(pkg):
    n = numbers(pkg)
    assert n["moves_text"] == (
        "It fell most on 10 September 2025, from 100% to 5%, with OpenAI → Oracle "
        f"$300{NBSP}bn. It rose most on 28 October 2025, from 7% to 48%, with OpenAI → "
        f"Microsoft $250{NBSP}bn.")
    # if AWS's $100 bn raised the $38 bn contract instead of adding to it: 38 out of both
    assert n["aws_alt_share_pct"] == pytest.approx(100 * (410.4 - 38) / (730.4 - 38))
    assert n["funders_only_text"].startswith("NVIDIA, AMD and SoftBank also put money")
    assert n["oracle_debt_bn"] == pytest.approx(18 + 23.25 + 14.75 + 18 + 25 + 16)
    def table(**overrides):
        a = m.analysis(pkg, {**params.defaults("circular"), **overrides})
        return a["table"].set_axis(a["flows"]["flow_id"])

    rows = table()
    assert rows.loc["nvidia_loi", "In the totals"] == "no: replaced"
    assert rows.loc["broadcom_chips", "In the totals"] == "no: no price"
    assert rows.loc["amd_warrant", "Status"] == "signed, conditional"
    assert rows.loc["amd_warrant", "Amount"] == "up to 160 million shares"
    assert table(include_nonbinding=False).loc["amd_warrant", "In the totals"] == "no: left out"


def test_the_share_over_time_follows_who_funds_by_each_date(pkg):
    a = m.analysis(pkg, params.defaults("circular"))
    over = a["over_time"].set_index("date")["share_pct"]
    # March 2025: CoreWeave's first contract, with its stock for OpenAI: all to a funder
    assert over[pd.Timestamp("2025-03-10")] == pytest.approx(100)
    # 10 Sep 2025: Oracle's reported 300 joins; CoreWeave's 22.4 of 322.4 goes to a funder
    assert over[pd.Timestamp("2025-09-25")] == pytest.approx(100 * 22.4 / 322.4)
    # 27 Feb 2026: Amazon invests, so AWS's 138 counts from that day
    before, after = over[pd.Timestamp("2026-02-02")], over[pd.Timestamp("2026-02-27")]
    assert before == pytest.approx(100 * 272.4 / 610.4)
    assert after == pytest.approx(100 * 410.4 / 710.4)
    # NVIDIA funds OpenAI from its letter of intent on (it sells nothing priced in dollars)
    funders = a["over_time"].set_index("date")["funders"]
    assert "NVIDIA" in funders[pd.Timestamp("2025-09-22")]
    assert "NVIDIA" not in funders[pd.Timestamp("2025-09-10")]


def test_a_replaced_flow_is_cancelled_from_the_day_of_its_replacement(pkg):
    before = m.flows_in_view(pkg, {**params.defaults("circular"), "as_of": "2026-02-26"})
    after = m.flows_in_view(pkg, params.defaults("circular"))
    loi = lambda f: f.set_index("flow_id").loc["nvidia_loi"]  # noqa: E731
    assert (loi(before)["status_now"], bool(loi(before)["counted"])) == ("non-binding", True)
    assert (loi(after)["status_now"], bool(loi(after)["counted"])) == ("cancelled", False)
    # the day before: the LOI's «up to» 100 counts, and nothing of the February round yet
    # (Microsoft 13, CoreWeave 0.35, AMD's warrant, SoftBank's 30 of 2025)
    warrant = 160e6 * (203.71 - 0.01) / 1e9
    assert numbers(pkg, as_of="2026-02-26")["into_bn"] == pytest.approx(
        13 + 0.35 + 100 + warrant + 30)


def test_before_any_flow_the_page_reads_right(pkg):
    n = numbers(pkg, as_of="2019-01-01")
    assert (n["n_flows"], n["purchases_bn"], n["into_bn"]) == (0, 0.0, 0.0)
    assert n["share_text"].startswith("no compute purchase priced in dollars")
    assert n["binding_count_text"] == "no flow is in the record by this date"
    assert m.FORMATS["back_per_dollar"](n["back_per_dollar"]) == "not defined"
    assert m.FORMATS["n_flows"](n["n_flows"]) == "no flow"


def test_partners_choose_what_is_shown(pkg):
    n = numbers(pkg, partners="oracle,nvidia")
    # Oracle sells and does not fund; NVIDIA funds and sells nothing priced in dollars
    assert n["both_text"] == "none of them"
    assert n["share_text"] == (f"of the $300{NBSP}bn of compute OpenAI has committed to buy, "
                               "none goes to a firm that also funds it")
    one = numbers(pkg, partners="microsoft")
    assert one["share_text"].endswith(f"a firm that also puts money or shares into OpenAI: "
                                      f"$13{NBSP}bn in all")
    assert m.parse_partners("all") == list(m.PARTNERS)
    with pytest.raises(ValueError, match="unknown nvdia; choose from microsoft"):
        m.parse_partners("nvdia")
    with pytest.raises(ValueError, match=r"\(none given\)"):
        m.parse_partners(" , ")


def test_the_warrant_follows_the_share_price_and_is_never_negative():
    assert m.warrant_value_bn(160, 100.01, 0.01) == pytest.approx(16.0)
    assert m.warrant_value_bn(160, 0.005, 0.01) == 0.0
    assert fmt.money_bn(m.warrant_value_bn(160, 503.89, 0.01)) == f"$80.6{NBSP}bn"


def test_claims_touching_a_flow_are_flagged_in_the_ledger(pkg):
    from stargate_report.models import audit

    touching = m.claims_touching(pkg)
    assert touching["C000-01"] == ["OpenAI → Oracle, $300\u00a0bn (purchase commitment)"]
    claims = audit.select_claims(pkg).set_index("claim_id")["flows"]
    assert claims["C003-12"] == "Microsoft → OpenAI, $13\u00a0bn (equity)"
    assert claims["C002-01"] == ""  # the 4.5 GW is capacity, not a flow of money
    assert numbers(pkg)["n_claims_touching"] == len(touching) == 9


def test_every_id_the_chapter_cites_is_in_the_record(pkg):
    for i in m.cited_ids(pkg):
        pkg.source(i)  # raises KeyError if unknown


@pytest.mark.parametrize("line, field, value, message", [
    (14, "amount", "310", "oracle_contract: amount 310 USD bn is stated by none of its sources"),
    (9, "superseded_by", "nvidia_eq", "nvidia_loi: superseded_by names no other flow"),
    (10, "currency", "USD", "nvidia_gpus: an amount of money or shares gives its currency, "
                            "and a capacity in GW gives none"),
    (14, "status", "signed", "oracle_contract: status signed disagrees with events.csv's "
                             "oracle_contract"),
    (7, "date", "2025-10-29", "events.csv's purchase azure_250"),
    (6, "claim_ids", "C003-99", "ms_funding: no claim with id 'C003-99'"),
])
def test_a_bad_flow_is_named_by_file_line_and_field(data_copy, line, field, value, message):
    edit_csv(data_copy / "flows.csv", line, field, value)
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match="data/flows.csv") as err:
        data.load(data_copy)
    assert message in str(err.value)


def test_every_flow_traces_to_a_dated_graded_reference_row_with_its_url(pkg):
    from stargate_report.data import split_list

    ref = pkg.reference.set_index("id")
    for flow_id, ids in zip(pkg.flows["flow_id"], pkg.flows["source_ids"], strict=True):
        rows = [ref.loc[i] for i in split_list(ids) if i in ref.index]
        assert rows, f"{flow_id} rests on no reference row"
        for row in rows:
            assert row["url"].startswith("http") and row["publisher"] and row["grade"] in "ABC"
            assert pd.notna(row["date"])
