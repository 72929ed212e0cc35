"""Energy: what a capacity in gigawatts means in a year's electricity, homes, dollars
and CO2, on a stated basis.

A capacity is either IT load (the chips and servers) or facility power (IT times the
power usage effectiveness, PUE). A year's energy is facility power × hours in a year
× load factor. "Homes" is an annual-energy equivalence (a year's energy ÷ a home's
yearly use) or a peak-demand one (homes served per MW at peak): they differ threefold.
"""

from __future__ import annotations

import itertools

import pandas as pd

from .. import fmt
from ..data import Package, split_list
from ..rows import described_day

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
#: US electricity sold to all sectors in the latest year of the record (thousand MWh).
US_TOTAL_ID = "E8.3"
MWH_THOUSANDS_PER_TWH = 1e3
HOUSEHOLD_ANNUAL_ID, HOUSEHOLD_MONTHLY_ID = "E3.1", "E3.2"
#: A household's yearly use in each vintage of the record: 2020 (yearly) and 2024 (monthly).
HOUSEHOLD_VINTAGE_IDS = (HOUSEHOLD_ANNUAL_ID, HOUSEHOLD_MONTHLY_ID)
MONTHS_PER_YEAR = 12
#: Electricity per inhabitant, all uses: for statements that count people, not homes.
PER_PERSON_IDS = {"US": "E9.1", "French": "E9.2"}
PEAK_HOMES_PER_MW_ID = "E3.6"
#: Planned Stargate capacity as announced over time, by reference id.
PLANNED_CAPACITY_IDS = ("E7.3", "E7.7", "E7.9", "E7.16", "ST26.1")


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
        cents = pkg.value(rid)
        rows.append({"state": state, "state_name": state.replace("_", " ").title(),
                     "price_usd_per_mwh": cents * USD_PER_MWH_PER_CENT_PER_KWH,
                     "reference_id": rid})
    return pd.DataFrame(rows)


def us_total_twh(pkg: Package) -> float:
    """US electricity sales to all sectors in the record's latest year, in TWh."""
    return pkg.value(US_TOTAL_ID) / MWH_THOUSANDS_PER_TWH


def household_kwh_per_year(pkg: Package, reference_id: str) -> float:
    """A household's yearly use from a record row, yearly or monthly (× 12)."""
    ref = pkg.ref(reference_id)
    months = MONTHS_PER_YEAR if ref["unit"] == "kWh per month" else 1
    return float(ref["value"]) * months


def comparison(pkg: Package, energy_twh: float, planned_twh: float) -> pd.DataFrame:
    """The capacity's yearly energy beside US and global data-centre use and US demand."""
    rows = [{"what": "This capacity, a year (parameters in effect)", "twh": energy_twh,
             "reference_id": "", "kind": "this report"},
            {"what": "Stargate as last announced, a year (same assumptions)", "twh": planned_twh,
             "reference_id": PLANNED_CAPACITY_IDS[-1], "kind": "this report"}]
    for label, rid in {**US_DC_IDS, **GLOBAL_DC_IDS}.items():
        rows.append({"what": label, "twh": pkg.value(rid), "reference_id": rid,
                     "kind": "data centres"})
    rows.append({"what": f"All US electricity sales, {data_year(pkg, US_TOTAL_ID)}",
                 "reference_id": US_TOTAL_ID, "twh": us_total_twh(pkg), "kind": "all uses"})
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
    """Stargate's planned capacity as announced, with the wording and grade of each figure.

    A figure is dated by the announcement it reports (the event date, where the row gives
    the day), not by the later page that relays it.
    """
    rows = []
    for rid in PLANNED_CAPACITY_IDS:
        ref = pkg.ref(rid)
        excerpt = ref["excerpt"]
        qualifier = ("more than" if "more than" in excerpt else
                     "nearly" if "nearly" in excerpt else "")
        rows.append({"date": described_day(ref), "capacity_gw": ref["value"],
                     "qualifier": qualifier,
                     "what": f"{ref['subject']}: {fmt.words(ref['metric'])}",
                     "grade": ref["grade"], "reference_id": rid})
    return pd.DataFrame(rows).sort_values("date").reset_index(drop=True)


def _with_value(grid: list[float], value: float) -> list[float]:
    """The grid with `value` on it: in place of the nearest point when it is closer than
    half a step (two rows 0.01 apart would read as a mistake), else added."""
    ordered = sorted(grid)
    step = min((b - a for a, b in itertools.pairwise(ordered)), default=0.0)
    nearest = min(grid, key=lambda g: abs(g - value))
    kept = [g for g in grid if not (g == nearest and abs(g - value) < step / 2)]
    return sorted({*kept, value})


def sensitivity(capacity_gw: float, basis: str, pues: list[float], load_factors: list[float],
                price_usd_per_mwh: float, in_effect: tuple[float, float] | None = None
                ) -> pd.DataFrame:
    """Yearly energy and cost over a grid of PUE × load factor; `in_effect` (PUE, load
    factor) takes the place of the nearest grid value, and is flagged."""
    if in_effect is not None:
        pues = _with_value(pues, in_effect[0])
        load_factors = _with_value(load_factors, in_effect[1])
    rows = []
    for pue in pues:
        for lf in load_factors:
            twh = annual_twh(capacity_gw, basis, pue, lf)
            rows.append({"pue": pue, "load_factor": lf, "twh": twh,
                         "cost_bn_usd": cost_bn_usd(twh, price_usd_per_mwh),
                         "in_effect": in_effect is not None and (pue, lf) == in_effect})
    return pd.DataFrame(rows)


def basis_sensitivity(capacity_gw: float, basis: str, pue: float, load_factor: float,
                      pues: list[float], load_factors: list[float],
                      price_usd_per_mwh: float) -> pd.DataFrame:
    """Yearly energy across load factor for each reading of the capacity: as facility
    power (PUE does not enter), and as IT load at each PUE of the grid. The reading,
    PUE and load factor in effect are flagged, on whichever basis is in effect."""
    it = sensitivity(capacity_gw, "it", pues, load_factors, price_usd_per_mwh,
                     in_effect=(pue, load_factor))
    it = it.assign(basis="it", reading=[f"IT load, PUE {p:.2f}" for p in it["pue"]],
                   in_effect=it["in_effect"] & (basis == "it"))
    facility = sensitivity(capacity_gw, "facility", [pue], sorted(set(it["load_factor"])),
                           price_usd_per_mwh, in_effect=(pue, load_factor))
    facility = facility.assign(basis="facility", reading="Facility power (any PUE)",
                               pue=float("nan"), in_effect=facility["in_effect"]
                               & (basis == "facility"))
    out = pd.concat([facility, it.sort_values("pue", ascending=False)], ignore_index=True)
    return out[["reading", "basis", "pue", "load_factor", "twh", "cost_bn_usd", "in_effect"]]


#: Load factors for the sensitivity view: a grid, not sources.
LOAD_FACTOR_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
PUE_LOW_ID, PUE_HIGH_ID = "E4.4", "E4.5"


def pue_grid(pkg: Package, steps: int = 6) -> list[float]:
    """PUE values from Google's fleet (E4.4) to the industry average (E4.5), evenly spaced;
    the ends are sourced, the steps between are a grid."""
    low, high = pkg.value(PUE_LOW_ID), pkg.value(PUE_HIGH_ID)
    return [round(low + (high - low) * i / (steps - 1), 3) for i in range(steps)]


#: The Oracle–OpenAI capacity the articles translate into homes and people.
ORACLE_CAPACITY_ID = "E7.6"
#: Statements of homes or people per capacity: source id → (measure, the GW it speaks of,
#: or None for the Oracle capacity, and whether it counts people rather than homes).
EQUIVALENCE_STATEMENTS = {
    "C002-04": ("homes per GW", 1.0, False),
    "E3.3": ("homes per GW", 1.0, False),
    "E3.4": ("homes per 10 GW", 10.0, False),
    "E3.5": ("homes for 4.5 GW", None, False),
    "C003-07": ("people for 4.5 GW", None, True),
}
#: The articles' wording quoted in the prose: a reactor, homes and a city per capacity.
QUOTE_IDS = {"quote_reactor": "C002-03", "quote_homes": "C002-04", "quote_city": "C003-07"}


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The equivalence checks for a table that fits the page: the source's figure as
    stated, each basis's figure with the parameters in effect (two significant figures),
    and the verdict over every plausible basis with what decides it."""
    return pd.DataFrame({
        "Source": checks["citation"],
        "Statement": checks["statement"],
        "Stated": [f"{fmt.number(v)} {m}" for v, m in zip(checks["stated"], checks["measure"],
                                                          strict=True)],
        "Yearly energy (in effect)": [fmt.approx(v) for v in checks["annual"]],
        "Peak demand (in effect)": [fmt.approx(v) for v in checks["peak"]],
        "Verdict over the plausible bases": [
            f"{v}: {why}" for v, why in zip(checks["verdict"], checks["decided_by"], strict=True)],
    })


def basis_lines(pkg: Package, gw: float, people: bool, capacity_basis: str, pue: float,
                homes_per_mw_at_peak: float, persons_per_household: float) -> list[dict]:
    """Every plausible reading of a homes-or-people statement about `gw`: yearly energy
    with each vintage of household use (people: × persons per household, or per
    inhabitant of the US and France), and peak demand. `per_load_factor` is the count at
    a load factor of 1 when the count scales with load factor, else None."""
    energy_1 = annual_twh(gw, capacity_basis, pue, 1.0)
    factor = persons_per_household if people else 1.0
    lines = []
    family = "yearly energy" + (f" × {persons_per_household:g} people a home" if people else "")
    for rid in HOUSEHOLD_VINTAGE_IDS:
        variant = f"{data_year(pkg, rid)} household use"
        lines.append({"basis": f"{family}, {variant}", "family": family, "variant": variant,
                      "per_load_factor":
                      homes_annual(energy_1, household_kwh_per_year(pkg, rid)) * factor,
                      "fixed": None, "ids": [rid]})
    if people:
        for country, rid in PER_PERSON_IDS.items():
            lines.append({"basis": f"yearly energy per {country} inhabitant",
                          "per_load_factor": energy_1 * KWH_PER_TWH / pkg.value(rid),
                          "fixed": None, "ids": [rid]})
    lines.append({"basis": "peak demand", "per_load_factor": None, "fixed":
                  homes_peak(facility_gw(gw, capacity_basis, pue), homes_per_mw_at_peak) * factor,
                  "ids": [PEAK_HOMES_PER_MW_ID]})
    return lines


def load_factors_that_hold(stated: float, per_load_factor: float, low: float, high: float,
                           tolerance: float = VERDICT_TOLERANCE) -> tuple[float, float] | None:
    """The load factors in [low, high] at which `stated` holds against a count that
    scales with load factor: |stated − k·lf| ≤ tolerance·k·lf, an interval of lf."""
    lo = max(low, stated / ((1 + tolerance) * per_load_factor))
    hi = min(high, stated / ((1 - tolerance) * per_load_factor))
    return (lo, hi) if lo <= hi else None


def _span(interval: tuple[float, float], low: float, high: float) -> str:
    """The load factors of an interval, to follow "at a load factor of"."""
    a, b = interval
    if (a, b) == (low, high):
        return f"any from {low:g} to {high:g}"
    if b == high:
        return f"{a:.2f} or more"
    if a == low:
        return f"up to {b:.2f}"
    return f"{a:.2f} to {b:.2f}"


def _holding_text(holding: list[tuple[dict, str | None]]) -> str:
    """The bases a statement holds on, the vintages of one basis together: "yearly energy
    at a load factor of 0.71 or more (2024 household use) or 0.73 or more (2020 household
    use); or peak demand"."""
    families: dict[str, list[str]] = {}
    for line, span in holding:
        family = line.get("family", line["basis"])
        variant = f" ({line['variant']})" if line.get("variant") else ""
        families.setdefault(family, []).append(f"{span}{variant}" if span else "")
    parts = [family if not spans[0] else f"{family} at a load factor of {' or '.join(spans)}"
             for family, spans in families.items()]
    return "on " + "; or ".join(parts)


def range_verdict(stated: float, lines: list[dict], low: float, high: float,
                  tolerance: float = VERDICT_TOLERANCE) -> tuple[str, str]:
    """A statement's verdict over every plausible basis, and what decides it.

    *holds*: within `tolerance` on every yearly-energy basis at every load factor in
    [low, high]; *contradicted*: on no basis at any of them; else *holds on some bases*,
    naming them. Where in the range the load factor in effect sits does not matter.
    """
    holding, every = [], True
    for line in lines:
        if line["per_load_factor"] is None:
            if verdict(stated, line["fixed"], tolerance) == "holds":
                holding.append((line, None))
            continue
        interval = load_factors_that_hold(stated, line["per_load_factor"], low, high, tolerance)
        every = every and interval == (low, high)
        if interval is not None:
            holding.append((line, _span(interval, low, high)))
    if every:
        return "holds", f"on every yearly-energy basis, at any load factor from {low:g} to {high:g}"
    if not holding:
        return "contradicted", (f"on no basis: neither yearly energy at a load factor from "
                                f"{low:g} to {high:g} nor peak demand reconciles it")
    return "holds on some bases", _holding_text(holding)


def equivalence_checks(pkg: Package, capacity_basis: str, pue: float, load_factor: float,
                       household_kwh_per_year: float, homes_per_mw_at_peak: float,
                       persons_per_household: float, load_factor_low: float = 0.5,
                       load_factor_high: float = 1.0) -> pd.DataFrame:
    """The articles' and the press's equivalences: each basis's figure with the
    parameters in effect, and a verdict over every plausible basis (`range_verdict`)."""
    oracle_gw = pkg.value(ORACLE_CAPACITY_ID)
    statements = {sid: (measure, oracle_gw if gw is None else gw, people)
                  for sid, (measure, gw, people) in EQUIVALENCE_STATEMENTS.items()}
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
                 else pkg.ref(sid)["publisher"].split(" (")[0].split(",")[0])
        lines = basis_lines(pkg, gw, people, capacity_basis, pue, homes_per_mw_at_peak,
                            persons_per_household)
        judged, why = range_verdict(stated, lines, load_factor_low, load_factor_high)
        rows.append({"source_id": sid, "citation": src["citation"], "label": f"{short} ({sid})",
                     "statement": src["text"],
                     "measure": measure, "gw": gw, "stated": stated, "annual": annual,
                     "peak": peak, "verdict": judged, "decided_by": why})
    return pd.DataFrame(rows)


def equivalence_dots(checks: pd.DataFrame) -> pd.DataFrame:
    """Each statement's stated figure and the two bases, per GW (long form, for dots)."""
    dots = checks.rename(columns={"label": "Source", "measure": "Measure", "stated": "Stated",
                                  "annual": "Yearly-energy basis", "peak": "Peak basis"}).melt(
        id_vars=["Source", "Measure", "gw"],
        value_vars=["Stated", "Yearly-energy basis", "Peak basis"],
        var_name="basis", value_name="n")
    dots["per_gw"] = dots["n"] / dots["gw"]
    return dots


def data_year(pkg: Package, reference_id: str) -> int:
    """The year a dated series' figure refers to, as its metric name states
    ("electricity_2023" → 2023); the row's `date` is when it was published."""
    metric = pkg.ref(reference_id)["metric"]
    return int(metric.rsplit("_", 1)[-1])


US_DC_LATEST = "US data centres, 2023"
#: Each chart's source line: what it draws on, by id.
CHART_SOURCES = {
    "context": "LBNL via APPA (E1.1, E1.3a, E1.3b); IEA (E2.1, E2.2); EIA (E8.3); capacity: "
               "E7.6, " + PLANNED_CAPACITY_IDS[-1],
    "equivalences": "Statements: C002-04, C003-07, E3.3, E3.4, E3.5; household use E3.1; "
                    "peak E3.6",
    "bills": "EIA, Electric Power Annual, 2023 average revenue per kWh, industrial ("
             + ", ".join(STATE_PRICE_IDS.values()) + ")",
    "heatmap": f"PUE: Google ({PUE_LOW_ID}), Uptime ({PUE_HIGH_ID}); intermediate values and "
               "load factors are a grid, not sources",
    "planned": "Crusoe (E7.3); Reuters (E7.7, E7.16); OpenAI (E7.9); OpenAI via a vendor "
               "blog (ST26.1, grade C)",
}


def price_in_effect(pkg: Package, state: str, custom_price_usd_per_mwh: float) -> float:
    """The electricity price in USD/MWh: the host state's, or the custom one."""
    if state == "custom":
        return custom_price_usd_per_mwh
    prices = state_prices(pkg)
    return float(prices.loc[prices["state"] == state, "price_usd_per_mwh"].iloc[0])


def sites_table(pkg: Package) -> pd.DataFrame:
    """The Stargate sites for a table, US sites first (the names abroad carry their
    country): operator, capacity with its wording, the newest status in the record with its
    date as far as it is known, sources."""
    sites = pkg.sites.assign(abroad=pkg.sites["country"] != "United States")
    sites = sites.sort_values("abroad", kind="stable")
    capacity = [("–" if pd.isna(gw) else f"{(q + ' ') if isinstance(q, str) else ''}"
                 f"{fmt.approx(gw * 1000, 3) + ' MW' if gw < 1 else f'{gw:g} GW'}")
                for gw, q in zip(sites["capacity_gw"], sites["capacity_qualifier"], strict=True)]
    dates = [fmt.record_date(d, p) for d, p in
             zip(sites["status_date"], sites["status_date_precision"], strict=True)]
    return pd.DataFrame({
        "Name": sites["name"], "Operator or developer": sites["operator"], "Capacity": capacity,
        "Status (as of)": [f"{s} ({d})" for s, d in zip(sites["status"], dates, strict=True)],
        "Sources": sites["source_ids"].str.replace(";", ", "), "Note": sites["note"],
    }).fillna("").reset_index(drop=True)


def sites_text(sites: pd.DataFrame) -> str:
    """How many sites the table lists, at home and abroad: "12 sites named in connection
    with Stargate: 8 in the United States and 4 abroad"."""
    abroad = int((sites["country"] != "United States").sum())
    home = len(sites) - abroad
    where = [f"{fmt.count(n)} {w}" for n, w in ((home, "in the United States"),
                                                 (abroad, "abroad")) if n]
    if not where:
        return "no site named in connection with Stargate"
    place = "in the United States" if home else "abroad"
    listed = (f": {' and '.join(where)}" if home and abroad
              else f", {'' if len(sites) == 1 else 'all '}{place}")
    return f"{fmt.plural(len(sites), 'site')} named in connection with Stargate{listed}"


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`."""
    if P["load_factor_low"] > P["load_factor_high"]:
        raise ValueError(f"load_factor_low = {P['load_factor_low']:g} is above "
                         f"load_factor_high = {P['load_factor_high']:g}: the range of "
                         "plausible load factors is empty")
    price = price_in_effect(pkg, P["state"], P["price_usd_per_mwh"])
    twh = annual_twh(P["capacity_gw"], P["capacity_basis"], P["pue"], P["load_factor"])
    planned = planned_capacity(pkg)
    planned_twh = annual_twh(float(planned["capacity_gw"].iloc[-1]), P["capacity_basis"],
                             P["pue"], P["load_factor"])
    prices = state_prices(pkg)
    bills = prices.assign(cost_bn_usd=[cost_bn_usd(twh, p) for p in prices["price_usd_per_mwh"]],
                          in_effect=prices["state"] == P["state"])
    checks = equivalence_checks(pkg, P["capacity_basis"], P["pue"], P["load_factor"],
                                P["household_kwh_per_year"], P["homes_per_mw_at_peak"],
                                P["persons_per_household"], P["load_factor_low"],
                                P["load_factor_high"])
    # The spread the basis choice spans: the capacity read as facility power, or as IT
    # load across PUE, each across load factor, with the reading in effect marked.
    grid = basis_sensitivity(P["capacity_gw"], P["capacity_basis"], P["pue"],
                             P["load_factor"], pue_grid(pkg), list(LOAD_FACTOR_GRID), price)
    return {"price": price, "twh": twh, "planned": planned, "planned_twh": planned_twh,
            "context": comparison(pkg, twh, planned_twh), "bills": bills, "checks": checks,
            "grid": grid, "sites": sites_table(pkg)}


#: Each range verdict as it reads after a count of one and of several, in the order told.
_VERDICT_PHRASES = (("holds", "holds on every plausible basis", "hold on every plausible basis"),
                    ("holds on some bases", "holds on some bases only",
                     "hold on some bases only"),
                    ("contradicted", "is contradicted on every basis",
                     "are contradicted on every basis"))


def _holds_text(checks: pd.DataFrame) -> str:
    """How the statements fare over the plausible bases, in a sentence (the table gives
    each one): "of the 5 statements in the table, 4 hold on some bases only and 1 is
    contradicted on every basis", zeros left out."""
    n = len(checks)
    if n == 0:
        return "no statement is in the table."
    counts = checks["verdict"].value_counts()
    parts = []
    for name, one, many in _VERDICT_PHRASES:
        k = int(counts.get(name, 0))
        if k:
            parts.append(f"all {many}" if k == n and n > 1 else
                         f"{fmt.count(k)} {one if k == 1 else many}")
    return f"of the {fmt.plural(n, 'statement')} in the table, {fmt.listing(parts)}."


#: How the page prints each key number; units in words stay in the prose.
FORMATS = {
    **{name: (lambda v: fmt.approx(v, 3)) for name in (
        "twh", "planned_twh", "co2_mt", "it_gw", "power_gw", "overhead_gw")},
    **{name: fmt.percent for name in (
        "share_us_dc_2023_pct", "load_factor_pct", "tolerance_pct")},
    "share_us_total_pct": lambda v: fmt.percent(v, 1),
    **{name: fmt.millions for name in ("homes_annual_m", "homes_peak_m", "persons_annual_m")},
    **{name: fmt.approx for name in ("homes_annual_per_gw", "homes_peak_per_gw")},
    "cost_bn": fmt.money_bn, "price": lambda v: f"${fmt.count(v)}",
    "hours_per_year": fmt.count,
    **{name: (lambda v: f"{v:g}") for name in ("load_factor_low", "load_factor_high")},
}


def headline(pkg: Package, P: dict) -> dict:
    """The chapter's headline numbers from its parameters, in arithmetic that also runs on
    arrays of parameter values: `key_numbers` prints them, and the uncertainty ranges draw
    them for many values at once."""
    twh = annual_twh(P["capacity_gw"], P["capacity_basis"], P["pue"], P["load_factor"])
    return {"twh": twh, "cost_bn": cost_bn_usd(twh, price_in_effect(pkg, P["state"],
                                                                    P["price_usd_per_mwh"])),
            "co2_mt": co2_mt(twh, P["grid_co2_g_per_kwh"]),
            "homes_annual_m": homes_annual(twh, P["household_kwh_per_year"]) / 1e6,
            "share_us_total_pct": 100 * twh / us_total_twh(pkg)}


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the energy chapter prints, and the scenario comparison shows."""
    a = frames or analysis(pkg, P)
    twh = a["twh"]
    power = facility_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    it_power = it_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    eq = equivalences(P["capacity_gw"], twh, power, P["household_kwh_per_year"],
                      P["homes_per_mw_at_peak"], P["persons_per_household"])
    us_dc_id = US_DC_IDS[US_DC_LATEST]
    state_name = P["state"].replace("_", " ").title()
    numbers = {
        "capacity_gw": P["capacity_gw"], "power_gw": power, "it_gw": it_power,
        "overhead_gw": power - it_power, "pue": P["pue"], "price": a["price"],
        "planned_gw": float(a["planned"]["capacity_gw"].iloc[-1]),
        "planned_date_text": f"{a['planned']['date'].iloc[-1]:%B %Y}",
        "planned_grade": str(a["planned"]["grade"].iloc[-1]),
        "sites_text": sites_text(pkg.sites),
        "planned_twh": a["planned_twh"],
        "share_us_dc_2023_pct": 100 * twh / pkg.value(us_dc_id),
        "us_total_year": str(data_year(pkg, US_TOTAL_ID)),
        "homes_peak_m": eq["homes_peak"] / 1e6,
        "persons_annual_m": eq["persons_annual"] / 1e6,
        "homes_annual_per_gw": eq["homes_annual_per_gw"],
        "homes_peak_per_gw": eq["homes_peak_per_gw"],
        "load_factor_pct": 100 * P["load_factor"],
        "load_factor_low": P["load_factor_low"], "load_factor_high": P["load_factor_high"],
        "basis_text": ("facility power" if P["capacity_basis"] == "facility"
                       else f"IT load, times a PUE of {P['pue']:g}"),
        "hours_per_year": HOURS_PER_YEAR, "us_dc_year": str(data_year(pkg, us_dc_id)),
        "oracle_gw": pkg.value(ORACLE_CAPACITY_ID), "tolerance_pct": 100 * VERDICT_TOLERANCE,
        "holds_text": _holds_text(a["checks"]),
        "state_text": "the price given" if P["state"] == "custom" else state_name,
    }
    numbers.update({name: pkg.source(cid)["text"] for name, cid in QUOTE_IDS.items()})
    numbers.update({name: float(value) for name, value in headline(pkg, P).items()})
    return numbers


def cited_ids(pkg: Package) -> set[str]:
    """Every claim and record id the chapter cites (its parameters' sources aside)."""
    return (set(STATE_PRICE_IDS.values()) | set(US_DC_IDS.values()) | set(GLOBAL_DC_IDS.values())
            | {US_TOTAL_ID, ORACLE_CAPACITY_ID, PUE_LOW_ID, PUE_HIGH_ID} | set(PLANNED_CAPACITY_IDS)
            | set(EQUIVALENCE_STATEMENTS) | set(QUOTE_IDS.values())
            | set(HOUSEHOLD_VINTAGE_IDS) | set(PER_PERSON_IDS.values())
            | {s for ids in pkg.sites["source_ids"] for s in split_list(ids)})
