"""Direct tests of small model functions that other tests reach only through larger ones:
each checked on values worked out by hand."""

import pandas as pd
import pytest

from stargate_report import params
from stargate_report.models import chips, compare, energy, funding, payments, sources


def test_weights_are_read_from_text_and_bad_text_is_named():
    assert payments.parse_weights("1, 2,3,") == [1.0, 2.0, 3.0]
    for bad, message in [("1,x", "give numbers separated by commas"),
                         ("0,0", "not all zero"), ("1,-1", "non-negative"), ("", "not all")]:
        with pytest.raises(payments.ScheduleError, match=message):
            payments.parse_weights(bad)


def test_linear_weights_rise_by_one_step_from_the_first_year():
    # 300 over 5 years from 30: step = 2 × (300 − 5 × 30) ÷ (5 × 4) = 15
    assert payments.linear_weights(300, 5, 30) == [30, 45, 60, 75, 90]
    # from 90 they fall by 15 instead: 90, 75, 60, 45, 30
    assert payments.linear_weights(300, 5, 90) == [90, 75, 60, 45, 30]
    assert payments.linear_weights(300, 1, 10) == [300]  # one year: the whole total
    with pytest.raises(payments.ScheduleError, match="at most 120"):  # 2 × 300 ÷ 5
        payments.linear_weights(300, 5, 121)


def test_oracle_fiscal_years_end_in_may():
    # calendar 2027 is mostly June 2027 – May 2028: Oracle's fiscal 2028
    assert funding.oracle_fiscal_year(2027) == 2028


def test_only_confirmed_commitments_count_without_unconfirmed_figures(pkg):
    frame = pd.DataFrame({"commitment_id": ["a", "b", "c"],
                          "status": ["confirmed", "reported", "non-binding"]})
    assert list(funding.in_view(frame, False)["commitment_id"]) == ["a"]
    assert list(funding.in_view(frame, True)["commitment_id"]) == ["a", "b", "c"]
    # the $300 bn Oracle contract is reported, not confirmed (O3)
    assert funding.contract_counted(pkg, True) and not funding.contract_counted(pkg, False)


def test_the_price_in_effect_is_the_states_or_the_custom_one(pkg):
    # Texas: 6.60 ¢/kWh (E5.3) = 66 USD/MWh
    assert energy.price_in_effect(pkg, "texas", 999.0) == pytest.approx(66.0)
    assert energy.price_in_effect(pkg, "custom", 81.5) == 81.5


def test_a_grid_runs_evenly_from_low_to_high():
    assert chips.grid(0.0, 1.0, 5) == [0.0, 0.25, 0.5, 0.75, 1.0]
    share = chips.SHARE_GRID
    assert (share[0], share[-1], len(share)) == (0.0, 1.0, 21)


def test_accelerators_are_named_and_priced_as_readers_know_them(pkg):
    P = params.defaults("chips")
    assert chips.label_of("custom") == "custom accelerator"
    assert chips.label_of(P["accelerator"]) == "GB200 NVL72"
    assert chips.main_price(pkg, {**P, "accelerator": "custom",
                                  "price_usd_per_accelerator": 12_345.0}) == 12_345.0
    # GB200: the mid of a rack's price per GPU, 3,000,000 USD ÷ 72 = 41,667 (C10.3), and the
    # Oracle order, 40 bn USD ÷ 400,000 = 100,000 (C10.4b ÷ C10.4a): (41,667 + 100,000) ÷ 2
    rack = pkg.value("C10.3") / 72
    order = pkg.value("C10.4b") * 1e9 / pkg.value("C10.4a")
    assert chips.main_price(pkg, P) == pytest.approx((rack + order) / 2, rel=1e-9)
    assert chips.main_price(pkg, P) == pytest.approx(70_833.33, rel=1e-6)


def _long():
    # two outputs, a baseline and one alternative; the second output is zero at baseline
    return pd.DataFrame({
        "scenario": ["base", "alt", "base", "alt"],
        "metric": ["twh", "twh", "n_x", "n_x"], "label": ["Energy", "Energy", "X", "X"],
        "value": [10.0, 15.0, 0.0, 2.0], "change_pct": [0.0, 50.0, None, None]})


def test_moves_are_the_alternatives_changes_and_undefined_ones_are_named():
    moved = compare.moves(_long(), "base")
    assert list(moved["scenario"]) == ["alt"] and list(moved["change_pct"]) == [50.0]
    assert compare.undefined(_long(), "base") == ["X"]


def test_values_read_in_their_units():
    nbsp = "\u00a0"
    assert compare.value_text(127.9, "bn USD") == f"$128{nbsp}bn"
    assert compare.value_text(49.15, "%") == "49%"
    assert compare.value_text(1.93, "million") == "1.9 million"
    assert compare.value_text(4, "tensions") == f"4{nbsp}tensions"
    assert compare.value_text(31.536, "TWh") == f"31.5{nbsp}TWh"


def test_the_equivalence_table_puts_each_figure_beside_its_verdict():
    checks = pd.DataFrame({"citation": ["article 002 (C002-04)"], "statement": ["environ"],
                           "measure": ["homes per GW"], "stated": [750_000.0],
                           "annual": [654_036.4], "peak": [250_000.0],
                           "verdict": ["holds on some bases"],
                           "decided_by": ["on yearly energy at a load factor of 0.71 or more"]})
    row = energy.checks_table(checks).iloc[0]
    assert list(row.index) == ["Source", "Statement", "Stated", "Yearly energy (in effect)",
                               "Peak demand (in effect)", "Verdict over the plausible bases"]
    assert row["Stated"] == "750,000 homes per GW"  # the source's figure as stated
    assert row["Yearly energy (in effect)"] == "650,000"  # 654,036 to two figures
    assert row["Peak demand (in effect)"] == "250,000"
    assert row["Verdict over the plausible bases"] == (
        "holds on some bases: on yearly energy at a load factor of 0.71 or more")


def test_the_article_files_show_the_start_of_their_hash():
    descriptor = {"resources": [
        {"name": "article-003", "path": "articles/003.txt", "hash": "sha256:" + "ab" * 32},
        {"name": "claims", "path": "claims.csv", "hash": "sha256:" + "cd" * 32}]}
    files = sources.article_files(descriptor)
    assert files.to_dict("records") == [{"Article": "003", "File": "data/articles/003.txt",
                                         "sha256 (first 16 digits)": "ab" * 8 + "…"}]
