"""Pins, for each scenario file, every key number the scenario changes from the base case.

Each expected value is derived here from the scenario's parameter values and the data rows,
with the arithmetic in a comment (the base case's own derivations are in the
`test_pinned_<chapter>.py` files, whose small helpers for the revenue path and the other
purchases are reused). A last test per scenario checks that the keys pinned here are exactly
the keys the scenario moves, so a new effect cannot go unpinned.
"""

import pandas as pd
import pytest

from stargate_report import params
from stargate_report.models import compare
from tests.conftest import ROOT
from tests.unit.pinned import assert_values
from tests.unit.test_pinned_chips import _mid_price, _rack_kw
from tests.unit.test_pinned_funding import contract_payments, others_per_year, revenue

HOURS = 365 * 24  # 8,760 h


def scenario(name):
    return params.load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def moved(pkg, name) -> dict:
    """What the scenario's key numbers are where they differ from the base case's."""
    base = compare.chapter_numbers(pkg, scenario("base"))
    out = compare.chapter_numbers(pkg, scenario(name))
    return {(ch, k): v for ch in out for k, v in out[ch].items()
            if not (v == base[ch][k] or (isinstance(v, float)
                                         and v == pytest.approx(base[ch][k], rel=1e-12)))}


def check(got: dict, expected: dict) -> None:
    """Exactly the keys the scenario moves, each with its derived value."""
    assert set(got) == set(expected), set(got) ^ set(expected)
    assert_values(got, expected)


def energy_at(pkg, gw: float) -> dict:
    """The energy chapter's numbers that follow the capacity (facility basis, PUE 1.4,
    load factor 0.8, Texas at 66 USD/MWh, 367.41 g CO2 per kWh, 10,380 kWh a
    home, 865 a month, E3.2)."""
    twh = gw * HOURS * 0.8 / 1000  # GW × 8,760 h × 0.8
    homes = twh * 1e9 / (12 * pkg.value("E3.2"))  # kWh ÷ 10,380 kWh a home
    return {
        ("energy", "capacity_gw"): gw, ("energy", "power_gw"): gw,
        ("energy", "it_gw"): gw / 1.4, ("energy", "overhead_gw"): gw - gw / 1.4,
        ("energy", "twh"): twh,
        ("energy", "cost_bn"): twh * 1e6 * pkg.value("E5.3") * 10 / 1e9,  # MWh × 66 USD
        ("energy", "co2_mt"): twh * 1e9 * 367.41 / 1e12,  # kWh × g ÷ 1e12 g per Mt
        ("energy", "share_us_dc_2023_pct"): 100 * twh / pkg.value("E1.1"),  # ÷ 176 TWh
        # E8.3 in thousand MWh: ÷ 3,861.342 TWh sold in 2023
        ("energy", "share_us_total_pct"): 100 * twh / (pkg.value("E8.3") / 1000),
        ("energy", "homes_annual_m"): homes / 1e6,
        ("energy", "homes_peak_m"): gw * 1000 * pkg.value("E3.6") / 1e6,  # MW × 250 homes
        ("energy", "persons_annual_m"): homes * 2.5 / 1e6,  # 2.5 people a home
    }


def test_stargate_as_planned_builds_8_gw_with_a_custom_chip_share(pkg):
    it_gw = 8 / 1.4  # 8 GW of facility power ÷ PUE 1.4 = 5.714 GW reach the IT
    # 62% on GB200 at 120 kW ÷ 72 = 1.667 kW each; 38% on custom chips at 1.5 kW each
    gb200 = 0.62 * it_gw * 1e6 / _rack_kw(pkg)  # 2,125,714
    custom = 0.38 * it_gw * 1e6 / 1.5  # 1,447,619
    chips_bn = (gb200 * _mid_price(pkg) + custom * 20_000) / 1e9  # 150.57 + 28.95 = 179.52
    expected = {
        **energy_at(pkg, 8.0),  # 56.064 TWh, 1.38% of US use, 5.2 million homes
        ("chips", "capacity_gw"): 8.0, ("chips", "it_gw"): it_gw,
        ("chips", "count_m"): (gb200 + custom) / 1e6,  # 3.573 million
        ("chips", "chips_bn"): chips_bn,
        ("chips", "top_down_bn"): 8 * 50.0,  # 8 GW × $50 bn per GW (E3.3b)
        ("chips", "chips_share_pct"): 100 * chips_bn / 400,  # 44.9%
        ("chips", "custom_share_pct"): 38.0,
    }
    check(moved(pkg, "as-planned"), expected)


def test_only_what_is_signed_and_running(pkg):
    # funding: the $300 bn contract and Cerebras's reported $20 bn leave the totals; the
    # confirmed purchases stay: 250/6 + 38/7 + 22.4/6 + 100/8 = 63.33 a year in 2026–2031
    # (nothing is owed before 2026, when they start)
    P = scenario("signed-only").for_chapter("funding")
    years = range(2026, 2032)
    owed = {y: others_per_year(pkg, P, y) for y in years}
    rev = revenue(P, 2031)  # 25.4 in 2026, 43.18 in 2027, 64.34 in 2028, …, 125.16 in 2031
    gap = sum(owed[y] - rev[y] for y in years)  # 379.97 − 451.63 = −71.7
    first = min(y for y in years if rev[y] >= owed[y])  # 2027: 43.18 < 63.33; 2028: 64.34
    # microsoft: Azure 250, AWS 38 + 100, CoreWeave 11.9 + 4 + 6.5 = 22.4, without Oracle
    # and Cerebras
    amounts = {"Microsoft Azure": 250.0, "Amazon Web Services": 138.0, "CoreWeave": 22.4}
    total = sum(amounts.values())  # 410.4
    hhi = sum((100 * a / total) ** 2 for a in amounts.values())  # 4,844
    # chips at 1.2 GW: 1.2 ÷ 1.4 = 0.857 GW of IT ÷ 1.667 kW = 514,286 GB200
    it_gw = 1.2 / 1.4
    count = it_gw * 1e6 / _rack_kw(pkg)
    chips_bn = count * _mid_price(pkg) / 1e9  # × $70,833 = $36.4 bn
    ref = pkg.reference
    # claims: only grade-A record rows dated by 30 June 2026 are in view
    grade_a = ref[(ref["grade"] == "A") & (ref["date"] <= pd.Timestamp("2026-07-01"))]
    expected = {
        **energy_at(pkg, 1.2),  # 8.41 TWh, 0.21% of US use
        ("chips", "capacity_gw"): 1.2, ("chips", "it_gw"): it_gw,
        ("chips", "count_m"): count / 1e6, ("chips", "chips_bn"): chips_bn,
        # the chips' share of the build stays 61%: both scale with the capacity
        ("chips", "top_down_bn"): 1.2 * 50.0,
        # providers: Microsoft, Amazon, CoreWeave
        ("funding", "compute_total"): total, ("funding", "n_compute"): 3,
        ("funding", "contract_counted"): "left out",
        ("funding", "unconfirmed_text"): "the unconfirmed Oracle and Cerebras figures left out",
        ("funding", "peak_all_payment"): max(owed.values()),
        ("funding", "max_share_all_pct"): max(100 * owed[y] / rev[y] for y in years),  # 2026
        ("funding", "all_cover_text"):
            f"first covers all its disclosed compute purchases counted in {first}",
        ("funding", "cumulative_gap_all"): gap,
        ("funding", "gap_text"): f"stay ${-gap:.1f}\u00a0bn below revenue in total",  # $71.7 bn
        ("microsoft", "concentration_now"): hhi, ("microsoft", "n_providers"): 3,
        ("microsoft", "disclosed_total"): total,
        ("microsoft", "top_share_pct"): 100 * 250 / total,  # 60.9%
        ("microsoft", "top_provider"): "Microsoft Azure",
        ("microsoft", "unconfirmed_text"): "left out",
        ("microsoft", "purchases_text"):
            f"OpenAI's disclosed compute purchases total ${total:.0f}\u00a0bn across 3 "
            f"providers; the largest, Microsoft Azure, holds {100 * 250 / total:.0f}%, and the "
            f"Herfindahl–Hirschman index stands at {hhi:,.0f}",  # $410 bn, 61%, 4,844
        ("microsoft", "top_share_text"):
            "Microsoft Azure's share of OpenAI's disclosed compute purchases, the largest",
        ("claims", "n_record_rows"): len(grade_a),
        ("claims", "n_record_pages"): grade_a["url"].nunique(),
        ("claims", "record_text"): f"{len(grade_a)} entries of the public record, from "
                                   f"{grade_a['url'].nunique()} web pages",
        ("claims", "grades_text"): "grade A only",
        # circular: reported, non-binding and conditional flows leave the totals, CoreWeave's
        # «up to» 11.9 and 6.5 too; what is bought in dollars all goes to firms that also
        # fund OpenAI (Microsoft 250, Amazon 138, CoreWeave 4): 392 of 392, against
        # 13 + 15 + 0.35 = 28.35 put in by them
        ("circular", "purchases_bn"): 392.0, ("circular", "to_funders_bn"): 392.0,
        ("circular", "funder_share_pct"): 100.0,
        ("circular", "in_from_sellers_bn"): 28.35,
        ("circular", "back_per_dollar"): 392 / 28.35,  # 13.8
        ("circular", "back_per_firm_dollar"): 392 / 28.35,  # nothing conditional is left
        # in: Microsoft 13, CoreWeave 0.35, NVIDIA 30, Amazon 15, SoftBank 30 + 30
        ("circular", "into_bn"): 118.35, ("circular", "from_bn"): 392.0,
        # 29 flows, less 12: Oracle's contract, Cerebras, the cap, the two Stargate stakes
        # (reported); the LOI and its GPUs (non-binding); AMD's warrant and GPUs, Amazon's
        # contingent $35 bn, CoreWeave's two «up to» contracts (conditional)
        ("circular", "n_counted"): 17,
        ("circular", "unconfirmed_text"): "left out", ("circular", "nonbinding_text"): "left out",
        ("circular", "share_text"):
            "of the $392\u00a0bn of compute OpenAI has committed to buy, $392\u00a0bn (100%) "
            "goes to Microsoft, Amazon and CoreWeave, firms that also put money or shares "
            "into OpenAI: $28.4\u00a0bn in all",
        ("circular", "unpriced_text"): "Purchases stated only in gigawatts, with no price, "
                                       "are in no dollar total: Broadcom 10\u00a0GW.",
        # around OpenAI: the loans for Oracle's build, 18 + 23.25 + 14.75 + 18 + 25 + 16,
        # without SoftBank's reported $19 bn in Stargate
        ("circular", "around_bn"): 115.0,
        # AWS's 38 taken out of both sides: still all to funders
        ("circular", "aws_alt_share_pct"): 100.0,
        # AMD's warrant is conditional: only NVIDIA's 30 and SoftBank's 60 fund without selling
        ("circular", "funders_only_text"):
            "NVIDIA and SoftBank also put money or shares into OpenAI, but OpenAI buys nothing "
            "from them that is priced in dollars, so the share cannot count them.",
        # AWS's 38 (3 Nov 2025) comes before Amazon funds OpenAI: 254 of 292 = 87%; from
        # 27 Feb 2026, when Amazon invests, all of it again
        ("circular", "moves_text"):
            "It fell most on 3 November 2025, from 100% to 87%, with OpenAI → Amazon "
            "$38\u00a0bn. It rose most on 27 February 2026, from 87% to 100%, with Amazon → "
            "OpenAI $15\u00a0bn, OpenAI → Amazon $100\u00a0bn, NVIDIA → OpenAI $30\u00a0bn and "
            "SoftBank → OpenAI $30\u00a0bn.",
    }
    got = moved(pkg, "signed-only")
    # the verdicts: a tension keeps its verdict only if every record row it cites is in view
    tensions = pkg.tensions
    in_view = set(grade_a["id"])

    def refs(row) -> list[str]:  # T08 and T31 cite no record row (unverifiable)
        return [] if pd.isna(row["reference_ids"]) else row["reference_ids"].split(";")

    def kept(row) -> bool:
        return all(i in in_view for i in refs(row))

    verdicts = tensions.apply(lambda r: r["verdict"] if kept(r)
                              else "not established with the record in view", axis=1)
    counts = verdicts.value_counts()
    names = {"n_consistent": "consistent", "n_holds_on_some_bases": "holds on some bases",
             "n_differs_in_basis": "differs in basis",
             "n_contradicted": "contradicted", "n_later_revised": "later revised",
             "n_not_established": "not established with the record in view"}
    for name, verdict in names.items():
        expected[("claims", name)] = int(counts.get(verdict, 0))
    assert (expected[("claims", "n_contradicted")],
            expected[("claims", "n_not_established")]) == (0, 27)
    expected[("claims", "verdicts_text")] = (
        "the 31 points of tension stand as follows: 1 differing in basis, 3 unverifiable "
        "and 27 not established with the record in view")
    # what happened next: (claim, record row) pairs of a kept tension whose grade-A row is
    # dated after the claim's article
    published = dict(zip(pkg.articles["article_id"], pkg.articles["date_earliest"],
                         strict=True))
    article_of = dict(zip(pkg.claims["claim_id"], pkg.claims["article_id"], strict=True))
    dated = dict(zip(ref["id"], ref["date"], strict=True))
    later = {(c, r) for _, t in tensions.iterrows() if kept(t)
             for c in str(t["claim_ids"]).split(";")
             for r in refs(t) if dated[r] > published[article_of[c]]}
    expected[("claims", "n_next")] = len(later)
    expected[("claims", "n_next_claims")] = len({c for c, _ in later})
    expected[("claims", "next_text")] = "1 link for 1 claim"
    assert (len(later), len({c for c, _ in later})) == (1, 1)  # against 19 and 15 in the base
    check(got, expected)


def test_revenue_growing_half_as_fast(pkg):
    P = scenario("slow-revenue").for_chapter("funding")
    assert P["revenue_growth_rate"] == 0.5
    years = range(2027, 2032)
    # 12.7 in 2025, × 1.5 = 19.05, × 1.35 = 25.72, × 1.245 = 32.02, × 1.1715 = 37.51,
    # × 1.12005 = 42.01, × 1.084 = 45.54 in 2031
    rev = revenue(P, 2031)
    contract = dict(zip(years, contract_payments(P), strict=True))  # 30, 45, 60, 75, 90
    # all purchases from 2026, when the others start: 70.0 a year in 2026–2028 and 63.33
    # after (see others_per_year), the contract on top from 2027
    all_years = range(2026, 2032)
    owed = {y: contract.get(y, 0.0) + others_per_year(pkg, P, y) for y in all_years}
    gap = sum(owed[y] - rev[y] for y in all_years)  # 699.97 − 202.37 = 497.6
    expected = {
        ("funding", "max_share_contract_pct"): max(100 * contract[y] / rev[y] for y in years),
        # 2026: 70.0 ÷ 19.05 = 367%; 2027: 100.0 ÷ 25.72 = 389%, the worst year here
        ("funding", "max_share_all_pct"): max(100 * owed[y] / rev[y] for y in all_years),
        ("funding", "max_share_all_year"): max(all_years, key=lambda y: owed[y] / rev[y]),
        ("funding", "contract_cover_text"):
            "does not cover the contract's payment in any year up to 2031",
        ("funding", "cumulative_gap_all"): gap,
        ("funding", "gap_text"): f"exceed revenue by ${gap:.0f}\u00a0bn in total",
        ("funding", "revenue_end"): rev[2031],
    }
    assert rev[2031] == pytest.approx(45.543, rel=1e-4)
    check(moved(pkg, "slow-revenue"), expected)
