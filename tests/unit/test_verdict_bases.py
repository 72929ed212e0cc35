"""A verdict on an equivalence holds on every plausible basis, on some, or on none, and
where in its range an assumption sits never moves it: the load factor in effect, the
vintage of household use, the people per household the page assumes. A tension that
rests on such an equivalence carries the same verdict."""

import itertools

import pytest

from stargate_report import params
from stargate_report.models import energy

BASE = params.defaults("energy")
LOW, HIGH = BASE["load_factor_low"], BASE["load_factor_high"]
#: Each basis assumption over its plausible range: load factors across the stated range,
#: household use of each vintage in the record (2020 yearly; 2024 monthly × 12).
RANGES = {
    "load_factor": [LOW + (HIGH - LOW) * i / 10 for i in range(11)],
    "household_kwh_per_year": [10715.0, 865.0 * 12],
}
#: The tensions whose verdict is that of an equivalence statement over its bases.
BASIS_TENSIONS = {"T05": ("C003-07",), "T06": ("C002-04", "E3.3")}


def _verdicts(pkg, **changed):
    P = {**BASE, **changed}
    checks = energy.equivalence_checks(
        pkg, P["capacity_basis"], P["pue"], P["load_factor"], P["household_kwh_per_year"],
        P["homes_per_mw_at_peak"], P["persons_per_household"], P["load_factor_low"],
        P["load_factor_high"])
    return dict(zip(checks["source_id"], checks["verdict"], strict=True))


def test_the_household_vintages_swept_are_those_of_the_record(pkg):
    assert sorted(RANGES["household_kwh_per_year"]) == sorted(
        energy.household_kwh_per_year(pkg, rid) for rid in energy.HOUSEHOLD_VINTAGE_IDS)


def test_no_verdict_moves_as_an_assumption_moves_within_its_range(pkg):
    base = _verdicts(pkg)
    assert set(base) == set(energy.EQUIVALENCE_STATEMENTS)
    for name, values in RANGES.items():
        for value in values:
            assert _verdicts(pkg, **{name: value}) == base, (name, value)
    for lf, kwh in itertools.product(RANGES["load_factor"], RANGES["household_kwh_per_year"]):
        assert _verdicts(pkg, load_factor=lf, household_kwh_per_year=kwh) == base


def test_the_wsj_four_million_homes_holds_only_near_full_load(pkg):
    checks = energy.analysis(pkg, BASE)["checks"].set_index("source_id")
    # 4.5 GW × 8,760 h = 39.42 TWh at full load: 3.68 million homes at 10,715 kWh, 3.80
    # million at 10,380; 4 million is within 25% of k·lf from lf = 4 / (1.25 × k)
    assert checks.loc["E3.5", "verdict"] == "holds on some bases"
    why = checks.loc["E3.5", "decided_by"]
    assert why == ("on yearly energy at a load factor of 0.87 or more (2020 household use) or "
                   "0.84 or more (2024 household use)")
    assert "peak" not in checks.loc["E3.5", "decided_by"]  # 1.1 million at peak: too few


def test_four_million_inhabitants_holds_per_french_inhabitant_not_per_american(pkg):
    why = energy.analysis(pkg, BASE)["checks"].set_index("source_id").loc["C003-07",
                                                                            "decided_by"]
    # 39.42 TWh / 6,457 kWh = 6.1 million at full load: 4 million is within 25% for
    # lf from 4 / (1.25 × 6.105) = 0.52 to 4 / (0.75 × 6.105) = 0.87; per US inhabitant
    # (12,645 kWh) 3.1 million at most, 28% short
    assert "yearly energy per French inhabitant at a load factor of 0.52 to 0.87" in why
    assert "US inhabitant" not in why


@pytest.mark.parametrize("stated, verdict", [
    (700_000, "holds"),  # 800,000 × lf runs 560,000–720,000: within 25% all along
    (5_000_000, "contradicted"),
])
def test_the_classes_at_the_ends(stated, verdict):
    lines = [{"basis": "yearly energy", "per_load_factor": 800_000.0, "fixed": None},
             {"basis": "peak demand", "per_load_factor": None, "fixed": 250_000.0}]
    got, why = energy.range_verdict(stated, lines, 0.7, 0.9)
    assert got == verdict
    assert ("0.7 to 0.9" in why) if verdict == "holds" else "no basis" in why


def test_a_range_that_is_empty_is_refused(pkg):
    with pytest.raises(ValueError, match="load_factor_low = 0.9 is above load_factor_high = 0.6"):
        energy.analysis(pkg, {**BASE, "load_factor_low": 0.9, "load_factor_high": 0.6})


def test_a_tension_on_an_equivalence_carries_its_verdict_over_the_bases(pkg):
    verdicts = _verdicts(pkg)
    tensions = pkg.tensions.set_index("tension_id")["verdict"]
    for tid, statements in BASIS_TENSIONS.items():
        for sid in statements:
            assert tensions[tid] == verdicts[sid], (tid, sid)


def test_the_bases_that_hold_are_named_once_each_with_their_vintages():
    lines = [{"basis": "yearly energy, 2020", "family": "yearly energy",
              "variant": "2020 household use", "per_load_factor": 1_000_000.0, "fixed": None},
             {"basis": "yearly energy, 2024", "family": "yearly energy",
              "variant": "2024 household use", "per_load_factor": 900_000.0, "fixed": None},
             {"basis": "peak demand", "per_load_factor": None, "fixed": 800_000.0}]
    # 900,000 stated: within 25% of 1,000,000 × lf for lf 0.72–1.2, of 900,000 × lf for
    # lf 0.8–1.33, and of 800,000 at peak
    got, why = energy.range_verdict(900_000, lines, 0.5, 1.0)
    assert got == "holds on some bases"
    assert why == ("on yearly energy at a load factor of 0.72 or more (2020 household use) "
                   "or 0.80 or more (2024 household use); or peak demand")


def test_the_sites_sentence_reads_right_at_none_one_and_many(pkg):
    sites = pkg.sites  # 8 in the United States (rows 0–7), then 4 abroad
    assert energy.sites_text(sites.iloc[:0]) == "no site named in connection with Stargate"
    assert energy.sites_text(sites.iloc[:1]) == (
        "1 site named in connection with Stargate, in the United States")
    assert energy.sites_text(sites.iloc[8:]) == (
        "4 sites named in connection with Stargate, all abroad")
    assert energy.sites_text(sites.iloc[7:9]) == (
        "2 sites named in connection with Stargate: 1 in the United States and 1 abroad")
