"""Energy: what a capacity in gigawatts means in a year's electricity, homes, dollars
and CO2, on a stated basis.

A capacity is either IT load (the chips and servers) or facility power (IT times the
power usage effectiveness, PUE). A year's energy is facility power × hours in a year
× load factor. "Homes" is an annual-energy equivalence (a year's energy ÷ a home's
yearly use) or a peak-demand one (homes served per MW at peak): they differ threefold.
"""

from __future__ import annotations

import pandas as pd

from ..data import Package

HOURS_PER_YEAR = 8760  # 365 × 24; leap years ignored
KWH_PER_TWH = 1e9
MWH_PER_TWH = 1e6
#: Grams in an avoirdupois pound: exact by definition (international yard and pound, 1959).
GRAMS_PER_POUND = 453.59237
#: ¢/kWh → USD/MWh: 1 ¢/kWh = 10 USD/MWh.
USD_PER_MWH_PER_CENT_PER_KWH = 10.0
BASES = ("it", "facility")

#: Industrial electricity prices of the host states, by reference id.
STATE_PRICE_IDS = {"texas": "E5.3", "new_mexico": "E5.4nm", "ohio": "E5.4oh",
                   "michigan": "E5.4mi", "wisconsin": "E5.4wi"}
#: Comparison points, by reference id.
US_DC_IDS = {"US data centres, 2023": "E1.1", "US data centres, 2028 (low)": "E1.3a",
             "US data centres, 2028 (high)": "E1.3b"}
GLOBAL_DC_IDS = {"Global data centres, 2024": "E2.1", "Global data centres, 2030": "E2.2"}
US_TOTAL_ID = "E8.2"
HOUSEHOLD_ANNUAL_ID, HOUSEHOLD_MONTHLY_ID = "E3.1", "E3.2"
PEAK_HOMES_PER_MW_ID = "E3.6"
#: Planned Stargate capacity as announced over time, by reference id.
PLANNED_CAPACITY_IDS = ("E7.3", "E7.7", "E7.9", "E7.16")


def facility_gw(capacity_gw: float, basis: str, pue: float) -> float:
    """Power drawn from the grid: IT load × PUE, or the facility figure as it is."""
    if basis not in BASES:
        raise ValueError(f"capacity_basis = {basis!r}; allowed: {', '.join(BASES)}")
    return capacity_gw * pue if basis == "it" else capacity_gw


def it_gw(capacity_gw: float, basis: str, pue: float) -> float:
    """Power that reaches the IT equipment: the facility figure ÷ PUE, or the IT load."""
    return facility_gw(capacity_gw, basis, pue) / pue


def annual_twh(capacity_gw: float, basis: str, pue: float, load_factor: float) -> float:
    """A year's electricity in TWh: facility GW × 8,760 h × load factor ÷ 1,000."""
    return facility_gw(capacity_gw, basis, pue) * HOURS_PER_YEAR * load_factor / 1000


def homes_annual(energy_twh: float, household_kwh_per_year: float) -> float:
    """Homes whose yearly use adds up to the same energy."""
    return energy_twh * KWH_PER_TWH / household_kwh_per_year


def homes_peak(facility_power_gw: float, homes_per_mw_at_peak: float) -> float:
    """Homes the same power would serve at the hour of peak demand."""
    return facility_power_gw * 1000 * homes_per_mw_at_peak


def cost_bn_usd(energy_twh: float, price_usd_per_mwh: float) -> float:
    """A year's electricity bill in bn USD."""
    return energy_twh * MWH_PER_TWH * price_usd_per_mwh / 1e9


def co2_mt(energy_twh: float, grid_co2_g_per_kwh: float) -> float:
    """A year's CO2 in million tonnes (Mt) at a grid's average intensity."""
    return energy_twh * KWH_PER_TWH * grid_co2_g_per_kwh / 1e12


def state_prices(pkg: Package) -> pd.DataFrame:
    """Industrial electricity price per host state, in USD/MWh, with its source."""
    rows = []
    for state, rid in STATE_PRICE_IDS.items():
        cents = float(pkg.source(rid)["value"])
        rows.append({"state": state, "state_name": state.replace("_", " ").title(),
                     "price_usd_per_mwh": cents * USD_PER_MWH_PER_CENT_PER_KWH,
                     "reference_id": rid})
    return pd.DataFrame(rows)


def comparison(pkg: Package, energy_twh: float, planned_twh: float) -> pd.DataFrame:
    """The capacity's yearly energy beside US and global data-centre use and US demand."""
    rows = [{"what": "This capacity, a year (parameters in effect)", "twh": energy_twh,
             "reference_id": "", "kind": "this report"},
            {"what": "Stargate's planned capacity, a year (same assumptions)", "twh": planned_twh,
             "reference_id": PLANNED_CAPACITY_IDS[-1], "kind": "this report"}]
    for label, rid in {**US_DC_IDS, **GLOBAL_DC_IDS}.items():
        rows.append({"what": label, "twh": float(pkg.source(rid)["value"]), "reference_id": rid,
                     "kind": "data centres"})
    rows.append({"what": "All US electricity use, 2022", "reference_id": US_TOTAL_ID,
                 "twh": float(pkg.source(US_TOTAL_ID)["value"]), "kind": "all uses"})
    out = pd.DataFrame(rows)
    out["multiple_of_this"] = out["twh"] / energy_twh
    return out


def equivalences(capacity_gw: float, energy_twh: float, facility_power_gw: float,
                 household_kwh_per_year: float, homes_per_mw_at_peak: float,
                 persons_per_household: float) -> dict:
    """Homes and people the capacity stands for, on each basis, per GW and in all."""
    annual = homes_annual(energy_twh, household_kwh_per_year)
    peak = homes_peak(facility_power_gw, homes_per_mw_at_peak)
    return {
        "homes_annual": annual, "homes_annual_per_gw": annual / capacity_gw,
        "homes_peak": peak, "homes_peak_per_gw": peak / capacity_gw,
        "persons_annual": annual * persons_per_household,
    }


#: How far a stated equivalence may sit from the computed one and still "hold": rules of
#: thumb are rounded, and household use varies year to year (a method choice).
VERDICT_TOLERANCE = 0.25


def verdict(stated: float, computed: float, tolerance: float = VERDICT_TOLERANCE) -> str:
    """Does a stated equivalence hold against the computed one, within `tolerance`?"""
    if abs(stated - computed) <= tolerance * computed:
        return "holds"
    return "overstates" if stated > computed else "understates"


def planned_capacity(pkg: Package) -> pd.DataFrame:
    """Stargate's planned capacity as announced, with the wording of each figure."""
    rows = []
    for rid in PLANNED_CAPACITY_IDS:
        ref = pkg.reference.set_index("id").loc[rid]
        excerpt = ref["excerpt"]
        qualifier = ("more than" if "more than" in excerpt else
                     "nearly" if "nearly" in excerpt else "")
        rows.append({"date": ref["date"], "capacity_gw": ref["value"], "qualifier": qualifier,
                     "what": f"{ref['subject']}: {ref['metric'].replace('_', ' ')}",
                     "reference_id": rid})
    return pd.DataFrame(rows).sort_values("date").reset_index(drop=True)


def sensitivity(capacity_gw: float, basis: str, pues: list[float], load_factors: list[float],
                price_usd_per_mwh: float) -> pd.DataFrame:
    """Yearly energy and cost over a grid of PUE × load factor."""
    rows = []
    for pue in pues:
        for lf in load_factors:
            twh = annual_twh(capacity_gw, basis, pue, lf)
            rows.append({"pue": pue, "load_factor": lf, "twh": twh,
                         "cost_bn_usd": cost_bn_usd(twh, price_usd_per_mwh)})
    return pd.DataFrame(rows)


#: Load factors for the sensitivity view: a grid, not sources.
LOAD_FACTOR_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
PUE_LOW_ID, PUE_HIGH_ID = "E4.4", "E4.1"


def pue_grid(pkg: Package, steps: int = 6) -> list[float]:
    """PUE values from Google's fleet (E4.4) to the industry average (E4.1), evenly spaced;
    the ends are sourced, the steps between are a grid."""
    low, high = float(pkg.source(PUE_LOW_ID)["value"]), float(pkg.source(PUE_HIGH_ID)["value"])
    return [round(low + (high - low) * i / (steps - 1), 3) for i in range(steps)]


def equivalence_checks(pkg: Package, capacity_basis: str, pue: float, load_factor: float,
                       household_kwh_per_year: float, homes_per_mw_at_peak: float,
                       persons_per_household: float) -> pd.DataFrame:
    """The articles' and the press's equivalences, each against the yearly-energy and the
    peak basis, with a verdict for each."""
    oracle_gw = float(pkg.source("E7.6")["value"])
    statements = {  # source id → (measure, the capacity it speaks of in GW, counts people?)
        "C002-04": ("homes per GW", 1.0, False),
        "E3.3": ("homes per GW", 1.0, False),
        "E3.4": ("homes per 10 GW", 10.0, False),
        "E3.5": ("homes for 4.5 GW", oracle_gw, False),
        "C003-07": ("people for 4.5 GW", oracle_gw, True),
    }
    per_gw = equivalences(1.0, annual_twh(1.0, capacity_basis, pue, load_factor),
                          facility_gw(1.0, capacity_basis, pue), household_kwh_per_year,
                          homes_per_mw_at_peak, persons_per_household)
    rows = []
    for sid, (measure, gw, people) in statements.items():
        src = pkg.source(sid)
        factor = persons_per_household if people else 1.0
        annual = per_gw["homes_annual"] * gw * factor
        peak = per_gw["homes_peak"] * gw * factor
        stated = float(src["value"])
        short = (src["citation"].split(" (")[0] if src["kind"] == "claim"
                 else pkg.reference.set_index("id").loc[sid, "publisher"].split(" (")[0].split(",")[0])
        rows.append({"source_id": sid, "citation": src["citation"], "label": f"{short} ({sid})",
                     "statement": src["text"],
                     "measure": measure, "gw": gw, "stated": stated, "annual": annual,
                     "verdict_annual": verdict(stated, annual), "peak": peak,
                     "verdict_peak": verdict(stated, peak)})
    return pd.DataFrame(rows)


def data_year(pkg: Package, reference_id: str) -> int:
    """The year a dated series' figure refers to, as its metric name states
    ("electricity_2023" → 2023); the row's `date` is when it was published."""
    metric = pkg.reference.set_index("id").loc[reference_id, "metric"]
    return int(metric.rsplit("_", 1)[-1])
