"""Plain papermill, as an analyst would run it: from another directory, with -p."""

import subprocess
import sys
from pathlib import Path

import pytest

from stargate_report import data, fmt
from stargate_report.models import sources
from tests.conftest import ROOT, chart_rows, chart_specs, glued

pytestmark = pytest.mark.integration
NOTEBOOK = ROOT / "chapters" / "sources.ipynb"


def papermill(tmp_path, *args):
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(NOTEBOOK), str(out), *args],
        cwd=tmp_path, capture_output=True, text=True)
    return proc, out


def expected(topic="all", include_number_words=True):
    pkg = data.load()
    arts = sources.select_articles(pkg, topic)
    figs = sources.figures(pkg, arts, include_number_words)
    return arts, figs, sources.summary(arts, figs, sources.counts(pkg, arts, figs))


def test_defaults_from_another_directory(tmp_path):
    proc, out = papermill(tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    arts, figs, key = expected()
    assert values["n_articles"] == len(arts) == values["n_articles_all"]
    assert values["n_figures"] == len(figs)
    assert values["money_share_pct"] == pytest.approx(key["money_share_pct"])
    assert values["articles_text"] == f"{len(arts)} articles"


def test_parameters_change_the_glued_numbers(tmp_path):
    proc, out = papermill(tmp_path, "-p", "topic", "chips", "-p", "include_number_words", "False")
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    arts, figs, key = expected("chips", include_number_words=False)
    all_arts, all_figs, _ = expected()
    assert values["n_articles"] == len(arts) < len(all_arts)
    assert values["n_figures"] == len(figs) < len(all_figs)
    assert values["densest_per_1000"] == pytest.approx(key["densest_per_1000"])
    assert values["topics_summary"] == fmt.listing(
        f"{t} {n}" for t, n in key["articles_by_topic"].items())
    assert values["n_in_words"] == 0
    assert values["articles_text"] == (
        f"{len(arts)} of the {len(all_arts)} articles, those on *chips*")


def test_a_bad_value_fails_naming_the_parameter_and_what_is_allowed(tmp_path):
    proc, _ = papermill(tmp_path, "-p", "topic", "enrgy")
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "ParameterError: parameter topic = 'enrgy' is not allowed" in output
    assert "one of 'all', 'funding', 'energy'" in output and "did you mean 'energy'" in output


def test_a_bad_type_fails_before_any_analysis(tmp_path):
    proc, out = papermill(tmp_path, "-p", "include_number_words", "maybe")
    assert proc.returncode != 0
    assert "include_number_words = 'maybe' has the wrong type" in proc.stdout + proc.stderr


def run_claims(tmp_path, *args):
    out = tmp_path / "claims.ipynb"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(ROOT / "chapters" / "claims.ipynb"),
         str(out), *args], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return glued(out)


def test_as_of_changes_the_audit_as_the_model_says(tmp_path):
    from stargate_report.models import audit

    pkg = data.load()
    for as_of in ("2025-09-30", "2026-06-30"):
        values = run_claims(tmp_path, "-p", "as_of", as_of)
        claims = audit.select_claims(pkg)
        tensions = audit.tensions_in_view(pkg, claims, "C", as_of)
        key = audit.summary(pkg.claims, claims, tensions, audit.record(pkg, "C", as_of),
                                audit.what_happened_next(pkg, tensions))
        for name in ("n_record_rows", "n_not_established", "n_later_revised", "n_next"):
            assert values[name] == key[name], (as_of, name)
    early = run_claims(tmp_path, "-p", "as_of", "2025-09-30")
    late = run_claims(tmp_path)
    assert early["n_not_established"] > late["n_not_established"] == 0
    assert early["n_record_rows"] < late["n_record_rows"]


def run_chapter(tmp_path, chapter, *args):
    """Run a chapter with plain papermill; return its glued values and chart specs."""
    out = tmp_path / f"{chapter}-{'-'.join(args)}.ipynb"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"),
         str(ROOT / "chapters" / f"{chapter}.ipynb"),
         str(out), *args], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    values["_charts"] = chart_specs(out)
    return values


def funding_model(**overrides):
    from stargate_report import params
    from stargate_report.models import funding as f

    P = params.validate("funding", overrides)
    contract = f.schedule(P["contract_total_bn_usd"], P["contract_years"], P["contract_start_year"],
                          P["schedule_profile"], P["first_year_bn_usd"], P["custom_weights"])
    revenue = f.revenue_path(P["revenue_base_year"], P["revenue_base_bn_usd"],
                             P["revenue_growth_rate"], P["revenue_growth_decay"],
                             int(contract["year"].max()))
    cov = f.coverage(contract, revenue)
    return contract, revenue, cov


@pytest.mark.parametrize("profile", ["flat", "linear"])
def test_the_schedule_profile_changes_the_payments_as_the_model_says(tmp_path, profile):
    values = run_chapter(tmp_path, "funding", "-p", "schedule_profile", profile)
    contract, _, cov = funding_model(schedule_profile=profile)
    # the page prints what the model computes, as readers read it ("$60 bn", "187%")
    assert values["first_payment"] == fmt.money_bn(contract["payment_bn_usd"].iloc[0])
    assert values["peak_payment"] == fmt.money_bn(contract["payment_bn_usd"].max())
    assert values["max_share_contract_pct"] == fmt.percent(100 * cov["share_of_revenue"].max())
    assert values["profile"] == profile
    drawn = [r for r in chart_rows(values["_charts"]["The contract's payments under four profiles"])
             if r.get("in_effect")]
    assert [r["payment_bn_usd"] for r in sorted(drawn, key=lambda r: r["year"])] == pytest.approx(
        list(contract["payment_bn_usd"]))


def test_the_growth_rate_changes_coverage_as_the_model_says(tmp_path):
    slow = run_chapter(tmp_path, "funding", "-p", "revenue_growth_rate", "0.3")
    fast = run_chapter(tmp_path, "funding", "-p", "revenue_growth_rate", "1.5")
    for values, rate in ((slow, 0.3), (fast, 1.5)):
        _, revenue, cov = funding_model(revenue_growth_rate=rate)
        assert values["revenue_end"] == fmt.money_bn(revenue["revenue_bn_usd"].iloc[-1])
        assert values["max_share_contract_pct"] == fmt.percent(
            100 * cov["share_of_revenue"].max())
        drawn = [r for r in chart_rows(values["_charts"]["Revenue against compute payments"])
                 if r["series"].startswith("OpenAI revenue")]
        expected = revenue.set_index("year")["revenue_bn_usd"]
        assert {r["year"]: r["bn_usd"] for r in drawn} == pytest.approx(
            {y: expected[y] for y in (r["year"] for r in drawn)})
    # the page's words follow the rate: other revenue, other shares, another gap
    for name in ("revenue_end", "max_share_contract_pct", "gap_text"):
        assert slow[name] != fast[name], name


def test_a_bad_schedule_input_fails_naming_it(tmp_path):
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(ROOT / "chapters" / "funding.ipynb"),
         str(tmp_path / "x.ipynb"), "-p", "schedule_profile", "custom",
         "-p", "custom_weights", "1,2"],
        cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0
    # papermill's first cell after the parameters checks the rules: the same words as the CLI
    out = proc.stdout + proc.stderr
    assert "custom_weights = '1,2'" in out and "contract_years = 5" in out
    assert "one weight per contract year: 2 weights for 5 years" in out


@pytest.mark.parametrize("args", [
    ("-p", "capacity_basis", "it", "-p", "pue", "1.2", "-p", "load_factor", "0.6"),
    ("-p", "capacity_basis", "it", "-p", "pue", "1.5", "-p", "load_factor", "0.9"),
])
def test_pue_and_load_factor_change_energy_cost_and_co2_as_the_model_says(tmp_path, args):
    from stargate_report import params
    from stargate_report.models import energy as e

    values = run_chapter(tmp_path, "energy", *args)
    overrides = {"capacity_basis": "it", "pue": float(args[5]), "load_factor": float(args[8])}
    P = params.validate("energy", overrides)
    twh = e.annual_twh(P["capacity_gw"], "it", P["pue"], P["load_factor"])
    prices = e.state_prices(data.load()).set_index("state")
    price = float(prices.loc[P["state"], "price_usd_per_mwh"])
    assert values["twh"] == fmt.approx(twh, 3)
    assert values["cost_bn"] == fmt.money_bn(e.cost_bn_usd(twh, price))
    assert values["co2_mt"] == fmt.approx(e.co2_mt(twh, P["grid_co2_g_per_kwh"]), 3)
    heat = chart_rows(values["_charts"]["Yearly energy by basis, PUE and load factor"])
    # the PUE in effect takes the place of the nearest grid value (1.5 that of 1.54)
    pues = e._with_value(e.pue_grid(data.load()), P["pue"])
    assert max(r["twh"] for r in heat) == pytest.approx(
        e.annual_twh(P["capacity_gw"], "it", max(pues), 1.0))
    # the IT-load reading at the PUE and load factor in effect is the one outlined
    marked = [r for r in heat if r["in_effect"]]
    assert [(r["basis"], r["pue"], r["load_factor"]) for r in marked] == [
        ("it", P["pue"], P["load_factor"])]
    assert marked[0]["twh"] == pytest.approx(twh)


@pytest.mark.parametrize("accelerator, pue", [("h100", "1.2"), ("gb200_nvl72", "1.5")])
def test_accelerator_and_pue_change_counts_and_capex_as_the_model_says(tmp_path, accelerator, pue):
    from stargate_report import params
    from stargate_report.models import chips as c

    values = run_chapter(tmp_path, "chips", "-p", "accelerator", accelerator, "-p", "pue", pue)
    P = params.validate("chips", {"accelerator": accelerator, "pue": float(pue)})
    pkg = data.load()
    kw = c.system_kw(pkg, accelerator, P["gpus_per_server"], P["kw_per_accelerator"])
    price = c.preset_price(pkg, accelerator)["mid"]
    # facility GW ÷ PUE = IT GW, ÷ system kW per accelerator = accelerators
    count = P["capacity_gw"] / P["pue"] * 1e6 / kw
    assert values["count_m"] == fmt.millions(count / 1e6)
    assert values["chips_bn"] == fmt.money_bn(count * price / 1e9)
    assert values["all_in_kw"] == fmt.approx(kw * P["pue"], 3)
    drawn = chart_rows(values["_charts"]["Accelerators a capacity feeds, by counting level"])
    all_in = [r for r in drawn
              if r["level"].startswith("all in") and r["accelerator"] == accelerator]
    assert all_in[0]["count_m"] == pytest.approx(count / 1e6)


def test_as_of_changes_supplier_concentration_as_the_model_says(tmp_path):
    from stargate_report.models import microsoft as m

    pkg = data.load()
    buys = m.purchases(pkg, list(m.PROVIDERS), include_unconfirmed=True)
    for as_of in ("2025-09-30", "2026-06-30"):
        values = run_chapter(tmp_path, "microsoft", "-p", "as_of", as_of)
        shares = m.shares_as_of(buys, as_of)
        hhi = m.concentration(shares["share"], "hhi")
        assert values["concentration_now"] == fmt.count(hhi)
        assert values["disclosed_total"] == fmt.money_bn(shares["amount_bn_usd"].sum())
        title = "Concentration of OpenAI's disclosed compute purchases"
        drawn = chart_rows(values["_charts"][title])
        assert drawn[-1]["value"] == pytest.approx(hhi)


def test_the_comparison_follows_the_scenarios_chosen(tmp_path):
    from stargate_report import params
    from stargate_report.models import compare

    values = run_chapter(tmp_path, "scenarios", "-p", "scenarios", "slow-revenue,base")
    chosen = params.load_scenarios(ROOT / "scenarios", "slow-revenue,base", "base")
    long = compare.compare(data.load(), chosen, "base")
    moved = long.dropna(subset=["change_pct"])
    top = moved.loc[moved["change_pct"].abs().idxmax()]
    assert values["n_alternatives"] == 1
    assert values["top_title"] == "Revenue grows half as fast"
    assert values["top_change_pct"] == pytest.approx(top["change_pct"])
    dots = [r for r in chart_rows(next(iter(values["_charts"].values()))) if "scenario" in r]
    assert len(dots) == len(moved[moved["scenario"] != "base"])


def test_an_unknown_scenario_fails_naming_it(tmp_path):
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(ROOT / "chapters" / "scenarios.ipynb"),
         str(tmp_path / "out.ipynb"), "-p", "scenarios", "base,nope"],
        cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "no scenario file 'nope'" in proc.stderr + proc.stdout


@pytest.mark.parametrize("chapter", ["claims", "microsoft", "circular"])
def test_the_earliest_allowed_as_of_date_runs_and_reads_right(tmp_path, chapter):
    """Before the first event and the first article, the pages say so instead of failing."""
    from stargate_report import params

    earliest = next(p for p in params.specs(chapter) if p.name == "as_of").min
    values = run_chapter(tmp_path, chapter, "-p", "as_of", earliest)
    if chapter == "microsoft":
        assert values["n_providers"] == "no provider"
        assert values["purchases_text"].startswith("no compute purchase had been disclosed")
        assert values["concentration_now"] == "not defined"
    elif chapter == "circular":
        assert values["n_flows"] == "no flow"
        assert values["share_text"].startswith("no compute purchase priced in dollars")
    else:
        assert (values["n_record_rows"], values["n_next"]) == (0, 0)


def test_letters_of_intent_left_out_change_the_circular_totals_and_charts(tmp_path):
    from stargate_report import params
    from stargate_report.models import circular as m

    pkg = data.load()
    base = run_chapter(tmp_path, "circular")
    strict = run_chapter(tmp_path, "circular", "-p", "include_nonbinding", "False")
    for values, overrides in ((base, {}), (strict, {"include_nonbinding": False})):
        n = m.key_numbers(pkg, {**params.defaults("circular"), **overrides})
        assert values["into_bn"] == fmt.money_bn(n["into_bn"])
        assert values["share_text"] == n["share_text"]
        title = "Money into OpenAI beside money from OpenAI, by partner"
        drawn = chart_rows(values["_charts"][title])
        into = sum(r["value_bn"] for r in drawn if r["direction"] == m.INTO)
        assert into == pytest.approx(n["into_bn"])
    assert base["into_bn"] != strict["into_bn"]  # AMD's warrant, Amazon's contingent 35


@pytest.mark.parametrize("args, message", [
    (("-p", "partners", "microsoft,nvdia"), "partners = 'microsoft,nvdia': unknown nvdia"),
    (("-p", "warrant_share_price_usd", "-5"), "warrant_share_price_usd"),
])
def test_a_bad_circular_value_fails_naming_it(tmp_path, args, message):
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(ROOT / "chapters" / "circular.ipynb"),
         str(tmp_path / "x.ipynb"), *args], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
