"""Edges found by mutation testing that the other tests passed over: thresholds of the
formats, verdict and range boundaries, and values the frames carry but no chart checked."""

import re

import pandas as pd
import pytest

from stargate_report import fmt, params
from stargate_report.models import audit, chips, energy, funding, microsoft, sources

NB = fmt.NBSP


@pytest.mark.parametrize("value, text", [
    (1000.0, f"$1{NB}tn"), (1451.0, f"$1.5{NB}tn"), (999.0, f"$999{NB}bn"),
    (1.0, f"$1{NB}bn"), (1.5, f"$1.5{NB}bn"), (0.0, f"$0{NB}bn"),
])
def test_money_switches_to_trillions_at_1000_and_to_millions_under_1(value, text):
    assert fmt.money_bn(value) == text


def test_numbers_round_to_two_figures_unless_asked_and_print_no_stray_point():
    assert fmt.significant(654_036) == 650_000
    assert fmt.number(10) == "10" and fmt.number(1234.5, 1) == "1,234.5"


def test_a_verdict_holds_up_to_the_tolerance_itself():
    assert energy.verdict(1.25, 1.0, 0.25) == "holds"  # off by exactly 25%
    assert energy.verdict(1.0, 1.0, 0.0) == "holds"
    assert energy.verdict(1.3, 1.0, 0.25) == "overstates"
    assert energy.verdict(0.7, 1.0, 0.25) == "understates"


@pytest.mark.parametrize("grid, value, out", [
    ([1.0, 2.0, 3.0], 2.45, [1.0, 2.45, 3.0]),      # within half a step: replaces 2
    ([1.0, 2.0, 3.0], 2.5, [1.0, 2.0, 2.5, 3.0]),   # exactly half a step: kept beside it
    ([1.0, 2.0, 3.0], 3.7, [1.0, 2.0, 3.0, 3.7]),   # beyond the grid: added
    ([2.0], 2.3, [2.0, 2.3]),                        # one point: no step, nothing replaced
])
def test_the_value_in_effect_joins_the_grid_replacing_a_near_point(grid, value, out):
    assert energy._with_value(grid, value) == out


def test_the_basis_grid_reads_facility_rows_first_then_it_load_by_falling_pue():
    out = energy.basis_sensitivity(1.0, "it", 1.2, 0.8, [1.1, 1.2, 1.3], [0.5, 0.8, 1.0], 50.0)
    facility, it = out[out["basis"] == "facility"], out[out["basis"] == "it"]
    assert (facility["reading"] == "Facility power (any PUE)").all()
    assert facility["pue"].isna().all() and not facility["in_effect"].any()
    assert facility["load_factor"].tolist() == [0.5, 0.8, 1.0]
    assert out.index.tolist() == list(range(len(out)))
    assert out["basis"].tolist()[:3] == ["facility"] * 3
    assert it["pue"].tolist() == [1.3] * 3 + [1.2] * 3 + [1.1] * 3
    assert it["reading"].iloc[0] == "IT load, PUE 1.30"
    chosen = it[it["in_effect"]]
    assert chosen[["pue", "load_factor"]].values.tolist() == [[1.2, 0.8]]
    on_facility = energy.basis_sensitivity(1.0, "facility", 1.2, 0.8, [1.2], [0.8], 50.0)
    assert on_facility.loc[on_facility["in_effect"], "basis"].tolist() == ["facility"]


def test_state_and_capacity_labels_read_as_words(pkg):
    prices = energy.state_prices(pkg).set_index("state")
    assert prices.loc["new_mexico", "state_name"] == "New Mexico"
    planned = energy.planned_capacity(pkg)
    for row in planned.itertuples():
        ref = pkg.ref(row.reference_id)
        assert row.what == f"{ref['subject']}: {fmt.words(ref['metric'])}"
    assert planned["what"].str.contains("_").sum() == 0


def test_the_sites_table_dates_read_as_far_as_they_are_known(pkg):
    table = energy.sites_table(pkg).set_index("Name")
    sites = pkg.sites.set_index("name")
    pattern = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    for name, site in sites.iterrows():
        shown = re.search(r"\(([\d-]+)\)$", table.loc[name, "Status (as of)"]).group(1)
        assert re.fullmatch(pattern[site["status_date_precision"]], shown)
    assert set(sites["status_date_precision"]) == {"day", "month", "year"}


def test_the_planned_capacity_gets_its_own_line_in_the_context(pkg):
    a = energy.analysis(pkg, params.defaults("energy"))
    row = a["context"].set_index("reference_id").loc[energy.PLANNED_CAPACITY_IDS[-1]]
    assert row["twh"] == a["planned_twh"] and row["twh"] > 0


def test_preset_prices_give_a_low_a_high_and_their_middle(pkg):
    for accelerator in chips.PRESETS:
        price = chips.preset_price(pkg, accelerator)
        assert set(price) == {"low", "high", "mid", "source_ids"}
        assert price["mid"] == (price["low"] + price["high"]) / 2 and price["low"] < price["high"]


def test_a_custom_accelerator_takes_the_power_given(pkg):
    assert chips.system_kw(pkg, "custom", 8, 2.5) == 2.5
    P = {**params.defaults("chips"), "accelerator": "custom", "kw_per_accelerator": 2.5}
    assert chips.key_numbers(pkg, P)["system_kw"] == 2.5


def test_a_count_exactly_at_the_low_end_of_a_statement_is_within_it(pkg):
    # 5 GW ÷ 2.5 kW = 2,000,000: exactly Reuters' «more than 2 million»
    assert chips.cross_checks(pkg, 2.5).iloc[0]["status"] == "within"


def test_the_grid_runs_from_low_to_high_in_21_steps():
    steps = chips.grid(1.0, 2.0)
    assert len(steps) == 21 and steps[0] == 1.0 and steps[-1] == 2.0 and steps[10] == 1.5


def test_chip_frames_carry_their_own_units(pkg):
    P = params.defaults("chips")
    a = chips.analysis(pkg, P)
    levels = chips.count_levels(pkg, P)
    facility = energy.facility_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    # count = GW × 1e6 ÷ kW, in millions: count_m × kW gives the GW back
    for row in levels.itertuples():
        assert row.count_m * row.kw_per_accelerator == pytest.approx(facility, rel=1e-12)
    assert "chip" not in set(a["all_in"]["level"])
    assert (a["all_in"]["kw"] == a["all_in"]["kw_per_accelerator"] * P["pue"]).all()
    assert a["capex"].iloc[0]["gw"] == P["capacity_gw"]
    sens = a["count_sensitivity"]
    assert (sens["count_m"] * 1e6).tolist() == pytest.approx(sens["count"].tolist(), rel=1e-12)


def test_claims_on_one_topic_say_so_with_the_whole(pkg):
    P = {**params.defaults("claims"), "topic": "chips"}
    n = int((pkg.claims["topic"] == "chips").sum())
    assert audit.key_numbers(pkg, P)["claims_text"] == (
        f"{n} claims on *chips* (of {len(pkg.claims)} in all)")


def test_tensions_and_what_happened_next_carry_their_texts(pkg):
    P = params.defaults("claims")
    a = audit.analysis(pkg, P)
    tensions = pkg.tensions.set_index("tension_id")
    for row in a["tensions"].itertuples():
        assert row.explanation == tensions.loc[row.tension_id, "explanation"]
    for row in a["next"].itertuples():
        assert row.claim == pkg.claim(row.claim_id)["quote_en"]
        ref = pkg.ref(row.reference_id)
        assert row.record.startswith(f"{ref['publisher']}: ")
        cited = f"{tensions.loc[row.tension_id, 'reference_ids']};" \
                f"{tensions.loc[row.tension_id, 'later_ids']}"
        assert row.reference_id in cited.split(";")
    early = audit.analysis(pkg, {**P, "as_of": "2025-06-30"})
    assert early["record"]["date"].max() <= pd.Timestamp("2025-06-30")


def test_revenue_bars_have_no_payer_or_payee_and_a_clean_index(pkg):
    P = params.defaults("funding")
    a = funding.analysis(pkg, P)
    bars = funding.commitments_bars(pkg, a["commitments"])
    scale = bars[bars["kind"] == "OpenAI revenue (for scale)"]
    # tolist: a comparison with a missing value is itself missing, which .all() skips
    assert len(scale) and scale["payer"].tolist() == scale["payee"].tolist() == [""] * len(scale)
    assert bars.index.tolist() == list(range(len(bars)))
    lines = funding.revenue_vs_payments(a, P)
    assert lines.index.tolist() == list(range(len(lines)))


def test_every_contract_year_is_in_the_all_purchases_coverage(pkg):
    P = {**params.defaults("funding"), "include_unconfirmed": False}
    a = funding.analysis(pkg, P)
    assert set(a["contract"]["year"]) <= set(a["cov_all"]["year"])
    assert a["cov_all"]["payment_bn_usd"].notna().all()


def test_microsoft_errors_list_every_unknown_and_every_choice():
    with pytest.raises(ValueError, match=r"unknown ibm, hp;"):
        microsoft.parse_providers("ibm, hp")
    with pytest.raises(ValueError, match=r"allowed: " + ", ".join(microsoft.METRIC_NAMES) + "$"):
        microsoft.concentration(pd.Series([1.0]), "bad")


def test_article_statements_on_the_timeline_have_their_dates(pkg):
    out = microsoft.timeline(pkg, "2026-12-31")
    assert out["date"].notna().all()


def test_a_selection_with_no_article_has_no_density(pkg):
    none = pkg.articles.iloc[0:0]
    figs = sources.figures(pkg, none)
    s = sources.summary(none, figs, sources.counts(pkg, none, figs))
    assert (s["densest_id"], s["densest_per_1000"]) == ("none", 0.0)


def test_formats_do_not_follow_the_locale_of_the_machine(monkeypatch):
    import babel.numbers

    # Babel's default, read from the environment when it is imported: a French machine
    monkeypatch.setattr(babel.numbers, "LC_NUMERIC", "fr_FR")
    assert fmt.number(1234.5, 1) == "1,234.5"
    assert fmt.stated(1234.5, "count") == "1,234.5"


def test_the_pue_grid_keeps_three_decimals():
    from types import SimpleNamespace
    pkg = SimpleNamespace(value=lambda rid: {energy.PUE_LOW_ID: 1.0,
                                             energy.PUE_HIGH_ID: 1.001}[rid])
    # 1.0 to 1.001 in 5 steps of 0.0002, each rounded to 3 decimals
    assert energy.pue_grid(pkg) == [1.0, 1.0, 1.0, 1.001, 1.001, 1.001]


def test_a_custom_profile_shapes_the_contract_from_its_weights(pkg):
    P = {**params.defaults("funding"), "schedule_profile": "custom",
         "custom_weights": "1,1,2,3,3"}
    contract = funding.analysis(pkg, P)["contract"]
    # $300 bn in shares 1/10, 1/10, 2/10, 3/10, 3/10
    assert contract["payment_bn_usd"].tolist() == pytest.approx([30, 30, 60, 90, 90])


def test_contract_years_with_nothing_counted_still_appear_with_zero(pkg):
    # the contract left out, and starting after every other purchase has been paid
    P = {**params.defaults("funding"), "include_unconfirmed": False,
         "contract_start_year": 2035}
    cov = funding.analysis(pkg, P)["cov_all"].set_index("year")
    # the window runs from the first purchase owed (2026) to the contract's last year
    assert cov.index.tolist() == list(range(2026, 2040))
    # AWS's 2026 expansion, the longest, runs 8 years to 2033; 2034 on, nothing is owed
    assert (cov.loc[2034:, "payment_bn_usd"] == 0).all()
    assert (cov.loc[:2033, "payment_bn_usd"] > 0).all()


def test_a_custom_chip_claim_outside_every_tension_is_not_assessed(pkg):
    import dataclasses
    tensions = pkg.tensions.copy()
    t12 = tensions["tension_id"] == "T12"
    tensions.loc[t12, "claim_ids"] = tensions.loc[t12, "claim_ids"].str.replace("C001-18;", "")
    status = chips.custom_timeline(dataclasses.replace(pkg, tensions=tensions)
                                   ).set_index("id")["status"]
    assert status["C001-18"] == "not assessed" and status["C003-18"] == "contradicted"


def test_claims_default_to_every_topic_and_no_tension_in_view_keeps_its_columns(pkg):
    assert len(audit.select_claims(pkg)) == len(pkg.claims)
    none = audit.tensions_in_view(pkg, pkg.claims.iloc[0:0], "C", "2026-06-30")
    assert none.empty and none.columns.tolist() == [
        "tension_id", "claim_ids", "reference_ids", "verdict", "later_ids", "explanation"]
