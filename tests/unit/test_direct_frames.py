"""Direct tests of the frames the chapters draw (tables, chart data, cited ids, the
`analysis` of each chapter): each checked on values worked out by hand from the data
rows (by id) and the parameter defaults, the arithmetic in a comment."""

import pandas as pd
import pytest

from stargate_report import params
from stargate_report.models import audit, chips, energy, funding, microsoft, sources


def _exists(pkg, source_id):
    """Whether an id is a claim or a reference row of the data package."""
    try:
        pkg.source(source_id)
    except KeyError:
        return False
    return True


# --------------------------------------------------------------------------- energy


def test_sites_table_words_each_capacity_and_lists_sources(pkg):
    table = energy.sites_table(pkg)
    assert list(table.columns) == ["Name", "Operator or developer", "Capacity",
                                   "Status (as of)", "Sources", "Note"]
    assert len(table) == 12  # twelve rows in data/sites.csv
    # US sites first (eight), then the four abroad in file order
    assert list(table["Name"].iloc[8:]) == [
        "Abu Dhabi (Stargate UAE)", "Narvik (Stargate Norway)", "Stargate UK",
        "Stargate India (TCS HyperVault)"]
    by_name = table.set_index("Name")
    # abilene: 1.2 GW, qualifier "full build"; status of March 2026 (month precision)
    abilene = by_name.loc["Abilene, Texas (Stargate I)"]
    assert abilene["Capacity"] == "full build 1.2 GW"
    assert abilene["Sources"] == "E7.3, SG1, E7.17, C4, ST26.3, OR26.10"
    assert abilene["Status (as of)"] == "two buildings running; six more due by mid-2026 (2026-03)"
    assert abilene["Operator or developer"] == "Crusoe for Oracle"
    # shackelford: 1.4, "about"; saline: 1 (printed :g → "1"), "more than"
    assert by_name.loc["Shackelford County, Texas", "Capacity"] == "about 1.4 GW"
    assert by_name.loc["Saline Township, Michigan", "Capacity"] == "more than 1 GW"
    assert by_name.loc["Saline Township, Michigan", "Status (as of)"].endswith("(2026-06-01)")
    # milam: 1.2 with no qualifier
    assert by_name.loc["Milam County, Texas", "Capacity"] == "1.2 GW"
    # under 1 GW a capacity reads in MW: the UAE's first phase (ST26.11, 200 MW)
    assert by_name.loc["Abu Dhabi (Stargate UAE)", "Capacity"] == "200 MW"
    assert by_name.loc["Stargate India (TCS HyperVault)", "Capacity"] == "100 MW"
    # a status dated only to the year prints the year (ST26.9)
    assert by_name.loc["Narvik (Stargate Norway)", "Status (as of)"].endswith("(2026)")
    # no capacity in the record: a dash
    assert sorted(table.loc[table["Capacity"] == "–", "Name"]) == [
        "Doña Ana County, New Mexico (Project Jupiter)", "Lordstown, Ohio",
        "Narvik (Stargate Norway)", "Port Washington, Wisconsin", "Stargate UK"]
    assert by_name.loc["Doña Ana County, New Mexico (Project Jupiter)",
                       "Sources"] == "E7.9, OR7, ST26.6"
    assert not table.isna().any().any()


def _checks_frame():
    return pd.DataFrame({"label": ["A (X1)", "B (X2)"], "measure": ["homes per GW", "people"],
                         "gw": [2.0, 4.0], "stated": [10.0, 40.0], "annual": [8.0, 20.0],
                         "peak": [4.0, 8.0], "verdict_annual": ["holds", "overstates"]})


def test_equivalence_dots_melt_three_bases_and_divide_by_gw():
    dots = energy.equivalence_dots(_checks_frame())
    assert len(dots) == 6  # 2 statements × 3 bases
    assert set(dots.columns) == {"Source", "Measure", "gw", "basis", "n", "per_gw"}
    got = {(s, b): (n, p) for s, b, n, p in
           zip(dots["Source"], dots["basis"], dots["n"], dots["per_gw"], strict=True)}
    # A: 10, 8, 4 over 2 GW → 5, 4, 2; B: 40, 20, 8 over 4 GW → 10, 5, 2
    assert got[("A (X1)", "Stated")] == (10.0, 5.0)
    assert got[("A (X1)", "Yearly-energy basis")] == (8.0, 4.0)
    assert got[("A (X1)", "Peak basis")] == (4.0, 2.0)
    assert got[("B (X2)", "Stated")] == (40.0, 10.0)
    assert got[("B (X2)", "Yearly-energy basis")] == (20.0, 5.0)
    assert got[("B (X2)", "Peak basis")] == (8.0, 2.0)


def test_equivalence_dots_of_a_single_statement():
    dots = energy.equivalence_dots(_checks_frame().iloc[:1])
    assert list(dots["basis"]) == ["Stated", "Yearly-energy basis", "Peak basis"]
    assert list(dots["per_gw"]) == [5.0, 4.0, 2.0]


def test_equivalence_dots_from_the_chapter_checks(pkg):
    checks = energy.analysis(pkg, params.defaults("energy"))["checks"]
    dots = energy.equivalence_dots(checks).set_index(["Source", "basis"])
    assert len(dots) == 15  # 5 statements × 3 bases
    # 1 GW facility at load factor 0.8: 8,760 × 0.8 = 7,008 GWh = 7.008e9 kWh;
    # ÷ 10,380 kWh a home (865 a month in 2024, E3.2) = 675,144.5 homes; peak: 1,000 MW
    # × 250 (E3.6) = 250,000
    per_gw_annual = 7.008e9 / 10380
    # E3.5 (WSJ): 4 million homes for 4.5 GW (E7.6) → 888,888.9 per GW
    wsj = dots.loc["The Wall Street Journal (E3.5)"]
    assert wsj.loc["Stated", "per_gw"] == pytest.approx(4e6 / 4.5)
    assert wsj.loc["Yearly-energy basis", "per_gw"] == pytest.approx(per_gw_annual)
    assert wsj.loc["Peak basis", "per_gw"] == pytest.approx(250_000)
    # C003-07 counts people: × 2.5 persons a household → 1,687,861 and 625,000 per GW
    city = dots.loc["article 003 (C003-07)"]
    assert city.loc["Yearly-energy basis", "per_gw"] == pytest.approx(per_gw_annual * 2.5)
    assert city.loc["Peak basis", "per_gw"] == pytest.approx(625_000)
    # C002-04: 750,000 homes per GW as stated
    assert dots.loc[("article 002 (C002-04)", "Stated"), "per_gw"] == 750_000
    # E3.4: 8 million homes per 10 GW → 800,000; the label drops ", via …" of the publisher
    assert dots.loc[("CNBC analysis of EIA data (E3.4)", "Stated"), "per_gw"] == 800_000


def test_energy_analysis_frames_and_load_factor(pkg):
    P = params.defaults("energy")
    a = energy.analysis(pkg, P)
    assert set(a) == {"price", "twh", "planned", "planned_twh", "context", "bills", "checks",
                      "grid", "sites"}
    # Texas, E5.3: 6.6 ¢/kWh = 66 USD/MWh
    assert a["price"] == pytest.approx(66.0)
    # 4.5 GW facility × 8,760 h × 0.8 ÷ 1,000 = 31.536 TWh
    assert a["twh"] == pytest.approx(31.536)
    # planned, latest: ST26.1 = 10 GW (2026-04-29) → 10 × 8.76 × 0.8 = 70.08 TWh
    assert a["planned_twh"] == pytest.approx(70.08)
    # bill in Texas: 31.536e6 MWh × 66 USD ÷ 1e9 = 2.081376 bn USD
    bills = a["bills"].set_index("state")
    assert bills.loc["texas", "cost_bn_usd"] == pytest.approx(2.081376)
    assert list(a["bills"]["in_effect"]) == [True, False, False, False, False]
    # US data centres 2023 (E1.1): 176 TWh = 5.581 times this capacity
    context = a["context"].set_index("reference_id")
    assert context.loc["E1.1", "multiple_of_this"] == pytest.approx(176 / 31.536)
    # C002-04: 750,000 per GW holds on yearly energy from a load factor of 750,000 ÷
    # (1.25 × 8,760,000 kWh ÷ 10,380) = 0.71 (2024 use), 0.73 (2020); never at peak
    checks = a["checks"].set_index("source_id")
    assert checks.loc["C002-04", "verdict"] == "holds on some bases"
    assert checks.loc["C002-04", "decided_by"] == (
        "on yearly energy at a load factor of 0.73 or more (2020 household use) or 0.71 or "
        "more (2024 household use)")
    # grid: one cell in effect, facility power at load factor 0.8: 31.536 TWh
    grid = a["grid"]
    assert len(grid) == 42  # facility: 6 load factors; IT: 6 PUE × 6 load factors
    assert grid["in_effect"].sum() == 1
    cell = grid[grid["in_effect"]].iloc[0]
    assert cell["basis"] == "facility" and cell["load_factor"] == 0.8
    assert cell["twh"] == pytest.approx(31.536)
    # PUE 1.4 takes the place of 1.372 on the 1.10–1.54 grid (E4.4, E4.5; step 0.088)
    assert sorted(set(grid["pue"].dropna())) == pytest.approx(
        [1.1, 1.188, 1.276, 1.4, 1.452, 1.54])

    b = energy.analysis(pkg, {**P, "load_factor": 0.5})
    assert b["twh"] == pytest.approx(19.71)  # 4.5 × 8,760 × 0.5 ÷ 1,000
    assert b["planned_twh"] == pytest.approx(43.8)  # 10 × 8.76 × 0.5
    # 1 GW at 0.5: 4.38e9 kWh ÷ 10,380 = 421,965 homes in effect; the verdict, over the
    # plausible load factors, does not move
    checks_b = b["checks"].set_index("source_id")
    assert checks_b.loc["C002-04", "annual"] == pytest.approx(4.38e9 / 10380)
    assert checks_b.loc["C002-04", "verdict"] == checks.loc["C002-04", "verdict"]
    # the cell in effect moves to load factor 0.5: 19.71 TWh
    assert b["grid"].loc[b["grid"]["in_effect"], "twh"].tolist() == pytest.approx([19.71])


def test_energy_analysis_on_it_basis(pkg):
    P = {**params.defaults("energy"), "capacity_basis": "it"}
    a = energy.analysis(pkg, P)
    # IT load 4.5 GW × PUE 1.4 = 6.3 GW facility × 8.76 × 0.8 = 44.1504 TWh
    assert a["twh"] == pytest.approx(44.1504)
    cell = a["grid"][a["grid"]["in_effect"]].iloc[0]
    assert cell["basis"] == "it" and cell["pue"] == 1.4
    assert cell["twh"] == pytest.approx(44.1504)


def test_energy_cited_ids(pkg):
    ids = energy.cited_ids(pkg)
    # capacity (E7.6), Texas price (E5.3), the statements checked, the quotes, PUE ends,
    # and the sites table's sources (SG1, C4 from Abilene; OR7 from Doña Ana)
    assert {"E7.6", "E5.3", "E5.4wi", "C002-04", "C003-07", "E3.5", "C002-03", "E4.4",
            "E4.5", "E7.16", "E1.1", "E8.3", "SG1", "C4", "OR7", "E7.15", "E3.1", "E3.2",
            "E9.1", "E9.2"} <= ids
    assert all(_exists(pkg, i) for i in ids), sorted(i for i in ids if not _exists(pkg, i))


# --------------------------------------------------------------------------- funding

FUNDING_P = {"contract_total_bn_usd": 300.0, "contract_years": 5, "contract_start_year": 2027,
             "schedule_profile": "linear", "first_year_bn_usd": 30.0,
             "custom_weights": "1,1,2,3,3"}


def test_profile_schedules_builds_every_profile_and_flags_the_one_in_effect():
    profiles = pd.DataFrame({"profile": ["flat", "linear", "back_loaded", "custom"],
                             "error": ["", "", "", ""]})
    out = funding.profile_schedules(profiles, FUNDING_P)
    assert len(out) == 20 and list(out.index) == list(range(20))
    pay = {p: list(g["payment_bn_usd"]) for p, g in out.groupby("profile")}
    assert pay["flat"] == pytest.approx([60] * 5)  # 300 ÷ 5
    # step 2 × (300 − 150) ÷ 20 = 15
    assert pay["linear"] == pytest.approx([30, 45, 60, 75, 90])
    # weights 1, 4, 9, 16, 25 (sum 55): 300 ÷ 55 = 5.4545 each
    assert pay["back_loaded"] == pytest.approx([300 * w / 55 for w in (1, 4, 9, 16, 25)])
    # weights 1, 1, 2, 3, 3 (sum 10): 30 each
    assert pay["custom"] == pytest.approx([30, 30, 60, 90, 90])
    assert list(out.loc[out["profile"] == "flat", "year"]) == [2027, 2028, 2029, 2030, 2031]
    assert set(out.loc[out["in_effect"], "profile"]) == {"linear"}
    assert out["in_effect"].sum() == 5


def test_profile_schedules_leave_out_profiles_with_an_error():
    profiles = pd.DataFrame({"profile": ["flat", "linear"], "error": ["", "too high"]})
    out = funding.profile_schedules(profiles, {**FUNDING_P, "schedule_profile": "flat"})
    assert set(out["profile"]) == {"flat"}
    assert out["in_effect"].all() and len(out) == 5
    # the one in effect errored: nothing is flagged
    out = funding.profile_schedules(profiles, FUNDING_P)
    assert not out["in_effect"].any()


def test_commitments_bars(pkg):
    bars = funding.commitments_bars(pkg, pkg.commitments)
    assert len(bars) == 21  # 16 commitments + 5 revenue figures for scale
    by_label = bars.set_index("label")
    oracle = by_label.loc["OpenAI–Oracle cloud contract"]
    assert oracle["shown"] == "OpenAI–Oracle cloud contract (reported)"
    assert not oracle["firm"]
    assert oracle["source"] == "The Wall Street Journal (archive.ph copy), 2025-09-10 (O3)"
    # the revenue target OA3b: 12.7 bn, grade C, Tekedia, 2025-08-01
    target = by_label.loc["OpenAI revenue 2025, target"]
    assert target["shown"] == "OpenAI revenue 2025, target (grade C)"
    assert target["firm"] and target["amount_bn_usd"] == 12.7
    assert target["kind"] == "OpenAI revenue (for scale)"
    assert target["source"] == "Tekedia (citing The Information), 2025-08 (OA3b)"  # month
    # a claim's citation: article 002's Stargate figure (C002-05), contradicted
    assert by_label.loc["Stargate per article 002", "source"] == "article 002 (C002-05)"
    # firm: 10 confirmed commitments + 5 graded revenue rows; not firm: 2 contradicted or
    # non-binding, 4 reported
    assert int(bars["firm"].sum()) == 15


def test_commitments_bars_with_no_commitment_in_view(pkg):
    bars = funding.commitments_bars(pkg, pkg.commitments.iloc[0:0])
    assert list(bars["source_id"]) == ["OA1", "OA7b", "OA3", "OA3b", "OA7"]
    assert bars["firm"].all()
    # OA7b: 6.0 bn, grade B
    assert bars.loc[1, "shown"] == "OpenAI run-rate, end of 2024 (grade B)"


def _frames(counted):
    return {"revenue": pd.DataFrame({"year": [2025, 2026, 2027, 2028],
                                     "revenue_bn_usd": [10.0, 20.0, 30.0, 40.0]}),
            "contract_counted": counted,
            "cov_contract": pd.DataFrame({"year": [2027, 2028], "payment_bn_usd": [5.0, 6.0]}),
            "cov_all": pd.DataFrame({"year": [2027, 2028], "payment_bn_usd": [7.0, 9.0]})}


def test_revenue_vs_payments_long_form():
    out = funding.revenue_vs_payments(_frames(True), {"contract_start_year": 2027})
    assert list(out.columns) == ["year", "bn_usd", "series"]
    # revenue from 2026 (the year before the contract), then contract, then all
    assert list(zip(out["year"], out["bn_usd"], out["series"], strict=True)) == [
        (2026, 20.0, "OpenAI revenue (path in effect)"),
        (2027, 30.0, "OpenAI revenue (path in effect)"),
        (2028, 40.0, "OpenAI revenue (path in effect)"),
        (2027, 5.0, "Oracle contract payments"),
        (2028, 6.0, "Oracle contract payments"),
        (2027, 7.0, "All disclosed compute purchases counted"),
        (2028, 9.0, "All disclosed compute purchases counted")]


def test_revenue_vs_payments_names_an_uncounted_contract():
    out = funding.revenue_vs_payments(_frames(False), {"contract_start_year": 2028})
    assert list(out.loc[out["series"].str.startswith("OpenAI"), "year"]) == [2027, 2028]
    assert set(out["series"]) == {"OpenAI revenue (path in effect)",
                                  "Oracle contract payments (unconfirmed: not counted)",
                                  "All disclosed compute purchases counted"}


def test_revenue_vs_payments_from_the_chapter_frames(pkg):
    P = params.defaults("funding")
    out = funding.revenue_vs_payments(funding.analysis(pkg, P), P)
    assert len(out) == 17  # revenue 2026–2031 (6), contract 2027–2031 (5), all 2026–2031 (6)
    revenue = out[out["series"] == "OpenAI revenue (path in effect)"].set_index("year")
    # 12.7 (OA3b) doubled in 2026: 25.4; then +70 % (1.0 × 0.7): 43.18
    assert revenue.loc[2026, "bn_usd"] == pytest.approx(25.4)
    assert revenue.loc[2027, "bn_usd"] == pytest.approx(43.18)
    all_ = out[out["series"] == "All disclosed compute purchases counted"].set_index("year")
    # 2027: contract 30 + Azure 250 ÷ 6 + CoreWeave 22.4 ÷ 6 (undisclosed terms, 6 years
    # from 2026) + AWS 38 ÷ 7 (CC2b: 7 years from 2025) + AWS's 2026 expansion 100 ÷ 8
    # and Cerebras 20 ÷ 3 (their terms, from 2026) = 99.995
    assert all_.loc[2027, "bn_usd"] == pytest.approx(
        30 + 250 / 6 + 22.4 / 6 + 38 / 7 + 100 / 8 + 20 / 3)


def _rpo():
    return pd.DataFrame({"reference_id": ["R1", "R2"],
                         "date": pd.to_datetime(["2025-06-11", "2025-09-09"]),
                         "rpo_bn_usd": [138.0, 455.0], "grade": ["A", "B"],
                         "contract_share": [0.0, 300 / 455]})


def test_rpo_split_into_contract_and_rest():
    out = funding.rpo_split(_rpo())
    assert len(out) == 4
    got = {(w, p): v for w, p, v in zip(out["when"], out["part"], out["bn_usd"], strict=True)}
    contract, rest = "OpenAI contract (if all in the backlog)", "Other obligations"
    # before the contract was booked: 0 and all 138; after: 455 × 300/455 = 300, rest 155
    assert got[("Jun 2025", contract)] == 0.0
    assert got[("Jun 2025", rest)] == 138.0
    assert got[("Sep 2025", contract)] == pytest.approx(300.0)
    assert got[("Sep 2025", rest)] == pytest.approx(155.0)
    assert set(out.columns) == {"when", "reference_id", "grade", "rpo_bn_usd",
                                "contract_share", "part", "bn_usd"}


def test_rpo_split_of_a_backlog_all_contract():
    out = funding.rpo_split(_rpo().iloc[1:].assign(contract_share=1.0))
    assert list(out["bn_usd"]) == [455.0, 0.0]
    assert list(out["reference_id"]) == ["R2", "R2"]


def test_financing_rows(pkg):
    out = funding.financing(pkg)
    assert list(out["reference_id"]) == ["OR3", "OR4a", "OR4b", "OR4c", "OR5", "OR6a", "OR6b",
                                         "OR7"]
    row = out.set_index("reference_id")
    # OR4b: Oracle capex guidance, capex_fy2026, 35, CreditSights, published 2025-10-22
    assert row.loc["OR4b", "what"] == "Oracle capex guidance: capex FY2026"
    assert row.loc["OR4b", "bn_usd"] == 35.0
    assert row.loc["OR4b", "source"] == "CreditSights, 2025-10-22 (OR4b)"
    assert row.loc["OR6a", "what"] == "Oracle-leased data centres: project loan texas"
    # 21.2 + 25 + 35 + 50 + 18 + 23.25 + 14.75 + 18 = 205.2
    assert out["bn_usd"].sum() == pytest.approx(205.2)


def test_funding_analysis_frames_and_parameters(pkg):
    P = params.defaults("funding")
    a = funding.analysis(pkg, P)
    assert set(a) == {"commitments", "contract", "contract_counted", "profiles", "schedules",
                      "revenue", "cov_contract", "owed", "cov_all", "rpo", "oci", "vs_oracle",
                      "scale", "financing"}
    assert a["contract_counted"] is True and len(a["commitments"]) == 16
    assert list(a["contract"]["payment_bn_usd"]) == pytest.approx([30, 45, 60, 75, 90])
    rpo = a["rpo"].set_index("reference_id")
    # OR1b (June 2025) predates O5, the first report with the contract: share 0;
    # O5: 300 ÷ 455 = 0.6593
    assert rpo.loc["OR1b", "contract_share"] == 0.0
    assert rpo.loc["O5", "contract_share"] == pytest.approx(300 / 455)
    cov_all = a["cov_all"].set_index("year")
    assert cov_all.loc[2027, "payment_bn_usd"] == pytest.approx(
        30 + 250 / 6 + 22.4 / 6 + 38 / 7 + 100 / 8 + 20 / 3)

    b = funding.analysis(pkg, {**P, "include_unconfirmed": False})
    # the contract and Cerebras (reported) leave the totals; 10 of 16 are confirmed
    assert b["contract_counted"] is False and len(b["commitments"]) == 10
    assert b["cov_all"].set_index("year").loc[2027, "payment_bn_usd"] == pytest.approx(
        250 / 6 + 22.4 / 6 + 38 / 7 + 100 / 8)
    # a $600 bn contract is more than the O5 backlog of 455: share capped at 1
    c = funding.analysis(pkg, {**P, "contract_total_bn_usd": 600.0})
    assert c["rpo"].set_index("reference_id").loc["O5", "contract_share"] == 1.0
    assert c["contract"]["payment_bn_usd"].iloc[0] == pytest.approx(30)  # first year kept
    assert c["contract"]["payment_bn_usd"].sum() == pytest.approx(600)


def test_funding_cited_ids(pkg):
    ids = funding.cited_ids(pkg)
    # the contract (O3, O4), its first-year and annual claims, the backlogs, OCI outlook,
    # financing, revenue for scale, and the commitments' sources and terms (CC4, CC2b)
    assert {"O3", "O4", "C003-24", "C004-04", "OR1b", "O5", "O10", "O6e", "OR7", "OA3b",
            "OA7", "O10b", "OR2", "CC4", "CC2b", "C002-05", "F1"} <= ids
    assert all(_exists(pkg, i) for i in ids), sorted(i for i in ids if not _exists(pkg, i))


# --------------------------------------------------------------------------- microsoft

def test_books_one_bar_per_figure():
    side = {"rpo": 625.0, "openai_rpo": 281.25, "committed": 13.0, "funded": 11.6,
            "stake_value": 135.0}
    out = microsoft.books(side)
    assert list(out["bn_usd"]) == [625.0, 281.25, 13.0, 11.6, 135.0]
    assert list(out["source"]) == ["C1a", "C1a × C1b", "M4", "OR26.21 (grade {grade})", "M7b"]
    assert list(out["part"]) == ["backlog", "backlog", "Microsoft's money",
                                 "Microsoft's money", "Microsoft's money"]
    assert out.loc[1, "what"] == "of which OpenAI (about)"


def test_microsoft_analysis_frames_and_parameters(pkg):
    P = params.defaults("microsoft")
    a = microsoft.analysis(pkg, P)
    assert set(a) == {"purchases", "shares", "over_time", "side", "books", "events", "terms"}
    # C1a 625 × C1b 45 % = 281.25; OR26.21 is grade C
    books = a["books"].set_index("source")
    assert books.loc["C1a × C1b", "bn_usd"] == pytest.approx(281.25)
    assert "OR26.21 (grade C)" in books.index
    # purchases with an amount: CoreWeave 11.9 + 4 + 6.5 = 22.4, Oracle 300, Azure 250,
    # AWS 38 + 100, Cerebras 20: 730.4 in all
    shares = a["shares"].set_index("provider")
    assert shares["amount_bn_usd"].sum() == pytest.approx(730.4)
    assert shares.loc["Oracle", "share"] == pytest.approx(300 / 730.4)
    hhi_all = sum((100 * x / 730.4) ** 2 for x in (300, 250, 138, 22.4, 20))  # ≈ 3,232
    assert a["over_time"]["value"].iloc[-1] == pytest.approx(hhi_all)
    # the first purchase, CoreWeave alone (2025-03-10): one provider, 10,000
    assert a["over_time"]["value"].iloc[0] == pytest.approx(10_000)
    assert len(a["over_time"]) == 8  # eight dates with a priced purchase
    assert len(a["events"]) == 31  # 26 events + 5 article claims, all by mid-2026
    assert len(a["terms"]) == 5  # every term of the relationship is set by then

    b = microsoft.analysis(pkg, {**P, "include_unconfirmed": False})
    # without the reported Oracle contract and Cerebras: 250 + 138 + 22.4 = 410.4,
    # Azure 60.9 %
    assert b["shares"]["provider"].iloc[0] == "Microsoft Azure"
    assert b["shares"]["share"].iloc[0] == pytest.approx(250 / 410.4)
    hhi_confirmed = sum((100 * x / 410.4) ** 2 for x in (250, 138, 22.4))  # ≈ 4,844
    assert b["over_time"]["value"].iloc[-1] == pytest.approx(hhi_confirmed)

    c = microsoft.analysis(pkg, {**P, "concentration_metric": "top_share", "as_of": "2025-09-30"})
    # by 2025-09-30: CoreWeave 22.4 and Oracle 300 → top share 300 ÷ 322.4 = 93.05 %
    assert c["over_time"]["value"].iloc[-1] == pytest.approx(100 * 300 / 322.4)
    # events to 2025-01-01: the five Microsoft rows of 2019–2024; no article yet
    d = microsoft.analysis(pkg, {**P, "as_of": "2025-01-01"})
    assert len(d["events"]) == 5 and d["purchases"]["date"].min() > pd.Timestamp("2025-01-01")
    assert d["shares"].empty and d["over_time"].empty


def test_microsoft_cited_ids(pkg):
    ids = microsoft.cited_ids(pkg)
    # the books (C1a, C1b, M4, OR26.21, M7, M7b), exclusivity (M1, M5), the filing of S2,
    # the events' sources (CC4, M11, S1, the 2026 terms) and the articles' claims
    assert {"C1a", "C1b", "M4", "OR26.21", "M7", "M7b", "M1", "M5", "S2", "CC4", "M11", "S1",
            "OR26.15", "OR26.18", "C003-11", "C001-11", "C000-10"} <= ids
    assert all(_exists(pkg, i) for i in ids), sorted(i for i in ids if not _exists(pkg, i))


# --------------------------------------------------------------------------- chips

def test_count_levels_at_the_defaults(pkg):
    P = params.defaults("chips")
    out = chips.count_levels(pkg, P)
    assert len(out) == 9  # 3 presets × chip, system, all in
    assert list(out.index) == list(range(9))
    kw = {(a, lv): k for a, lv, k in zip(out["accelerator"], out["level"],
                                         out["kw_per_accelerator"], strict=True)}
    count = {(a, lv): c for a, lv, c in zip(out["accelerator"], out["level"], out["count_m"],
                                            strict=True)}
    sys_, all_in = "server or rack", chips.LEVEL_ALL_IN
    # H100: chip 700 W (C9.1); server 10.2 kW (C9.6) ÷ 8 = 1.275; all in × 1.4 = 1.785
    assert kw[("h100", "chip")] == pytest.approx(0.7)
    assert kw[("h100", sys_)] == pytest.approx(1.275)
    assert kw[("h100", all_in)] == pytest.approx(1.785)
    # GB200: rack 120 kW (C9.8) ÷ (18 × 4) GPUs = 1.6667; all in 2.3333
    assert kw[("gb200_nvl72", sys_)] == pytest.approx(120 / 72)
    assert kw[("gb200_nvl72", all_in)] == pytest.approx(120 / 72 * 1.4)
    # counts: 4.5 GW facility = 4.5e6 kW ÷ kW each, in millions
    assert count[("h100", "chip")] == pytest.approx(4.5 / 0.7)  # 6.43 million
    assert count[("b200", sys_)] == pytest.approx(4.5 / (14.3 / 8))  # 2.52 million
    assert count[("gb200_nvl72", all_in)] == pytest.approx(4.5 / (120 / 72 * 1.4))  # 1.93
    assert set(out["level"]) == set(chips.LEVELS)


def test_count_levels_with_the_parameters_switched(pkg):
    P = {**params.defaults("chips"), "capacity_basis": "it", "gpus_per_server": 4}
    out = chips.count_levels(pkg, P).set_index(["accelerator", "level"])
    # IT load 4.5 × PUE 1.4 = 6.3 GW facility; GB200 all in 2.3333 kW → 2.7 million
    assert out.loc[("gb200_nvl72", chips.LEVEL_ALL_IN), "count_m"] == pytest.approx(2.7)
    # four GPUs a server: 10.2 ÷ 4 = 2.55 kW an H100; 6.3e6 ÷ 2.55 = 2.47 million
    assert out.loc[("h100", "server or rack"), "kw_per_accelerator"] == pytest.approx(2.55)
    assert out.loc[("h100", "server or rack"), "count_m"] == pytest.approx(6.3 / 2.55)
    # the rack does not depend on GPUs per server: still 120 ÷ 72
    assert out.loc[("gb200_nvl72", "server or rack"), "kw_per_accelerator"] == pytest.approx(
        120 / 72)


def test_spending_sensitivity_for_the_gb200_price_range(pkg):
    P = params.defaults("chips")
    out = chips.spending_sensitivity(pkg, P, it_power_gw=1.0, kw=1.0)
    assert len(out) == 63  # 21 shares × low, high and mid price
    assert set(out["price"]) == {"low price", "mid price", "high price"}
    got = {(round(s, 2), p): v for s, p, v in
           zip(out["custom_share"], out["price"], out["chips_bn_usd"], strict=True)}
    # GB200 low: rack $3 m (C10.3) ÷ 72 = $41,667; high: $40 bn ÷ 400,000 (C10.4) = $100,000
    low, high = 3e6 / 72, 100_000.0
    # share 0: 1 GW ÷ 1 kW = 1e6 accelerators × price ÷ 1e9
    assert got[(0.0, "low price")] == pytest.approx(1e6 * low / 1e9)  # 41.67 bn
    assert got[(0.0, "high price")] == pytest.approx(100.0)
    assert got[(0.0, "mid price")] == pytest.approx(1e6 * (low + high) / 2 / 1e9)  # 70.83
    # share 1: all custom, 1e6 ÷ 1.5 kW × $20,000 = 13.33 bn whatever the main price
    for p in ("low price", "mid price", "high price"):
        assert got[(1.0, p)] == pytest.approx(1e6 / 1.5 * 20_000 / 1e9)
    # share 0.5: half at mid (35.42) + half custom (6.67) = 42.08
    assert got[(0.5, "mid price")] == pytest.approx(
        0.5e6 * (low + high) / 2 / 1e9 + 0.5e6 / 1.5 * 20_000 / 1e9)


def test_spending_sensitivity_for_a_custom_main_accelerator(pkg):
    P = {**params.defaults("chips"), "accelerator": "custom"}
    out = chips.spending_sensitivity(pkg, P, it_power_gw=2.0, kw=1.5)
    assert len(out) == 21 and set(out["price"]) == {"price in effect"}
    # main and custom alike: 2e6 kW ÷ 1.5 × $20,000 = 26.67 bn at every share
    assert out["chips_bn_usd"].tolist() == pytest.approx([2e6 / 1.5 * 20_000 / 1e9] * 21)


def test_checks_table_words_each_check():
    checks = pd.DataFrame({"statement": ["S1", "S2", "S3"],
                           "implied_count": [1_928_571.0, 510_000.0, 6_000_000.0],
                           "status": ["below", "within", "above"],
                           "source_ids": ["E7.7b;E7.7", "C9.9a;C9.9b;C9.9c", "X"]})
    out = chips.checks_table(checks)
    assert list(out.columns) == ["Statement", "Count at the kW in effect", "Against the statement",
                                 "Sources"]
    # 1,928,571 → 1.9 million (two figures); under a million the whole number
    assert list(out["Count at the kW in effect"]) == ["1.9 million", "510,000", "6 million"]
    assert list(out["Against the statement"]) == ["below its range", "within its range",
                                                  "above its range"]
    assert list(out["Sources"]) == ["E7.7b, E7.7", "C9.9a, C9.9b, C9.9c", "X"]


def test_checks_table_of_no_check():
    out = chips.checks_table(pd.DataFrame({"statement": [], "implied_count": [], "status": [],
                                           "source_ids": pd.Series([], dtype="string")}))
    assert out.empty and len(out.columns) == 4


def test_chips_analysis_frames_and_pue(pkg):
    P = params.defaults("chips")
    a = chips.analysis(pkg, P)
    assert set(a) == {"system_kw", "price", "it_power_gw", "power", "levels", "mix", "checks",
                      "all_in", "capex", "timeline", "count_sensitivity",
                      "spending_sensitivity"}
    assert a["system_kw"] == pytest.approx(120 / 72)  # GB200 NVL72 rack ÷ 72 GPUs
    assert a["price"] == pytest.approx((3e6 / 72 + 100_000) / 2)  # $70,833
    assert a["it_power_gw"] == pytest.approx(4.5 / 1.4)  # facility 4.5 ÷ PUE 1.4
    # 3.2143 GW IT ÷ 1.6667 kW = 1,928,571 GPUs × $70,833 = 136.6 bn
    count = 4.5 / 1.4 * 1e6 / (120 / 72)
    main = a["mix"].set_index("part").loc["main"]
    assert main["count"] == pytest.approx(count)
    assert main["chips_bn_usd"] == pytest.approx(count * (3e6 / 72 + 100_000) / 2 / 1e9)
    # all in 2.3333 kW: Reuters 5 GW (E7.7) → 2,142,857 ≥ 2 million (E7.7b): within;
    # Huang 10 GW (C9.9c) → 4,285,714 in 4–5 million: within;
    # Abilene 1.2 GW (E7.3) → 514,286, above about 400,000 (C10.4a) + 25% = 500,000
    table = chips.checks_table(a["checks"])
    assert list(table["Count at the kW in effect"]) == ["2.1 million", "4.3 million", "510,000"]
    assert list(a["checks"]["status"]) == ["within", "within", "above"]

    b = chips.analysis(pkg, {**P, "pue": 1.6})
    # all in 120/72 × 1.6 = 2.6667 kW: 5 GW → 1,875,000 and 10 GW → 3,750,000: both
    # below; 1.2 GW → 450,000, within 300,000–500,000
    assert list(b["checks"]["implied_count"]) == pytest.approx([1_875_000, 3_750_000, 450_000])
    assert list(b["checks"]["status"]) == ["below", "below", "within"]
    assert b["it_power_gw"] == pytest.approx(4.5 / 1.6)


def test_chips_cited_ids(pkg):
    ids = chips.cited_ids(pkg)
    # GB200 power and price (C9.4, C9.8, C9.7a/b, C10.3, the Abilene order C10.4a/b),
    # the cross-checks (E7.7b, C9.9c), the deals, the envelope, the custom-chip story
    assert {"C9.1", "C9.4", "C9.8", "C9.7a", "C9.7b", "C10.1a", "C10.3", "C10.4a", "C10.4b",
            "E7.7", "E7.7b", "C9.9a", "C9.9c", "ST26.1", "CC5a", "CC5c", "CC1", "CC1c",
            "C001-18", "C004-05", "C11.8", "E3.3b", "C10.5b"} <= ids
    assert all(_exists(pkg, i) for i in ids), sorted(i for i in ids if not _exists(pkg, i))


# --------------------------------------------------------------------------- audit, sources

def test_audit_analysis_frames_grade_and_date(pkg):
    P = params.defaults("claims")
    a = audit.analysis(pkg, P)
    assert set(a) == {"claims", "record", "tensions", "next", "matrix", "verdicts"}
    # 91 claims; every one of the 212 reference rows can be read by the as-of date, the
    # newest day of the record (2026-07-01); 31 tensions
    assert len(a["claims"]) == 91 and len(a["record"]) == 212 and len(a["tensions"]) == 31
    assert a["matrix"]["claims"].sum() == 91
    tensions = a["tensions"].set_index("tension_id")
    assert tensions.loc["T14", "verdict"] == "later revised"  # SG1, E7.16
    assert tensions.loc["T07", "verdict"] == "differs in basis"  # E3.6 (grade B)

    b = audit.analysis(pkg, {**P, "min_grade": "A"})
    assert len(b["record"]) == 27  # grade A rows of data/reference.csv
    t = b["tensions"].set_index("tension_id")
    # T07 rests on E3.6, grade B: out of view; T10 on E7.3 (Crusoe's release), grade A
    assert t.loc["T07", "verdict"] == audit.NOT_YET
    assert t.loc["T07", "reference_ids"] == []
    assert t.loc["T10", "verdict"] == "differs in basis"

    c = audit.analysis(pkg, {**P, "as_of": "2025-09-30"})
    # T14 rests on SG1 (2025-09-30, in view) and E7.16 (2025-10-30, not yet)
    t = c["tensions"].set_index("tension_id")
    assert t.loc["T14", "verdict"] == audit.NOT_YET
    assert t.loc["T14", "reference_ids"] == ["SG1"]

    d = audit.analysis(pkg, {**P, "topic": "energy"})
    assert len(d["claims"]) == 9  # nine claims on energy in data/claims.csv
    assert d["matrix"]["claims"].sum() == 9
    # C003-07 (T05), C002-04 (T06, T07), C002-03 (T08) are energy claims
    assert {"T05", "T06", "T07", "T08"} <= set(d["tensions"]["tension_id"])


def test_sources_analysis_frames_topic_and_number_words(pkg):
    P = params.defaults("sources")
    a = sources.analysis(pkg, P)
    assert set(a) == {"articles", "figures", "per_article", "topics"}
    # five articles, in date order: 001 (2025-01-21), 002 (06-30), then 000, 003, 004
    assert list(a["articles"]["article_id"]) == ["001", "002", "000", "003", "004"]
    assert len(a["topics"]) == 20  # topics per article: 3 + 5 + 3 + 5 + 4
    # article 003 writes «une ville de quatre millions d’habitants» (C003-07) in words
    in_words = a["figures"][a["figures"]["in_words"] & (a["figures"]["article_id"] == "003")]
    assert in_words["text"].str.contains("quatre millions").any()

    b = sources.analysis(pkg, {**P, "include_number_words": False})
    assert not b["figures"]["in_words"].any()
    assert not b["figures"]["text"].str.contains("quatre").any()
    assert len(b["figures"]) < len(a["figures"])

    c = sources.analysis(pkg, {**P, "topic": "chips"})
    # chips is a topic of 001, 003 and 004
    assert list(c["articles"]["article_id"]) == ["001", "003", "004"]
    assert len(c["topics"]) == 14  # 5 + 5 + 4
    assert set(c["per_article"]["article_id"]) == {"001", "003", "004"}

