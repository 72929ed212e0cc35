"""Every chapter's parameters, declared once, and the assumptions chapters share.

A parameter read by more than one chapter (capacity, its basis, PUE, load factor,
unconfirmed figures, the as-of date, the topic filter) is one `Param` object below,
placed in each chapter's tuple: one default, unit, meaning, basis and source list.
The assumptions among them (`SHARED`) also take one value across the book, so that
two pages can never assume different values for the same thing.
Each notebook's `parameters` cell mirrors its chapter's tuple (a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..data import TOPICS
from ..models import chips as _chips
from ..models import energy as _energy
from ..models import microsoft as _microsoft
from ..models.payments import PROFILES, ScheduleError, linear_weights, parse_weights
from .spec import Param, ParameterError, Range, Rule, _did_you_mean

# Shared assumptions: one declaration each, used by every chapter that reads them.

CAPACITY_GW = Param(
    "capacity_gw", float, 4.5, label="Capacity",
    help="Capacity under study", unit="GW",
    basis="The Oracle–OpenAI agreement of July 2025 (articles 002 and 003; Reuters).",
    min=0.1, max=50, sources=("E7.6", "C002-01", "C003-05"))
CAPACITY_BASIS = Param(
    "capacity_basis", str, "facility",
    label="Capacity basis",
    help="Facility power, or IT load (then times PUE)",
    basis="Facility power is drawn from the grid; IT load reaches the chips and servers. The "
          "announcements do not say which; the WSJ calls the 4.5 GW «power capacity» (E3.5), "
          "read here as facility power.",
    choices=_energy.BASES, sources=("E3.5",))
PUE = Param(
    "pue", float, 1.4, label="PUE",
    help="Power usage effectiveness: facility power over IT power",
    unit="ratio",
    basis="Assumption for a new liquid-cooled AI campus: between Google's fleet, 1.10 "
          "(E4.4), and the industry average, 1.54 in 2025 (E4.5; 1.58 in 2023, E4.1), which "
          "is mostly older air-cooled sites. Both the energy and the chips chapter convert "
          "with it.",
    min=1.0, max=3.0,
    range=Range(1.10, 1.54, "triangular",
                basis="From Google's fleet, the best reported (E4.4), to the 2025 industry "
                      "average (E4.5), peaked at the default.",
                sources=("E4.4", "E4.5", "E4.1")))
LOAD_FACTOR = Param(
    "load_factor", float, 0.8, label="Load factor",
    help="Share of the year the capacity runs at full power",
    unit="fraction",
    basis="Assumption: AI campuses are built to run near full load; 1.0 is the ceiling.",
    min=0.05, max=1.0,
    range=Range(0.5, 1.0, "uniform",
                basis="Assumption: at least half the year-equivalent for a campus built to run "
                      "near full load, up to full load all year. The energy chapter tests its "
                      "verdicts over the same range."))
INCLUDE_UNCONFIRMED = Param(
    "include_unconfirmed", bool, True,
    label="Include unconfirmed figures",
    help="Count unconfirmed figures (the Oracle contract) in totals",
    basis="Unconfirmed: reported or non-binding. The $300 bn Oracle contract is known from "
          "unnamed sources (O3); Oracle declined to comment. Left out, it is in no total and "
          "no chart of commitments or purchases; the funding chapter still shows its schedule "
          "as reported, on its own.")
INCLUDE_NONBINDING = Param(
    "include_nonbinding", bool, True,
    label="Include letters of intent and «up to» figures",
    help="Count non-binding and conditional amounts in totals",
    basis="Non-binding: a letter of intent, such as NVIDIA's of September 2025 (C11.1; its "
          "CEO later said it «was never a commitment», FN26.11), whose GPUs still have no "
          "contract. Conditional: a maximum, owed only if conditions are met («up to» contract "
          "values, AMD's warrant, Amazon's contingent $35 bn, the revenue-share cap). "
          "Narrower than the unconfirmed switch, which also leaves out reported figures.",
    sources=("C11.1", "FN26.11", "FN26.7", "CR1"))
AS_OF = Param(
    "as_of", str, "2026-07-01", label="Record as of",
    help="Read the public record as it stood on this date",
    basis="The newest day of the record gathered for this book (a test keeps the two "
          "equal); an earlier date hides what was published after it.",
    min="2019-01-01", max="2026-12-31", is_date=True)
RANGE_DRAWS = Param(
    "range_draws", int, 2000, label="Draws for the ranges",
    help="How many sets of estimate values the 90% ranges draw",
    basis="A choice of steadiness against time: more draws give steadier percentiles and "
          "take longer.",
    min=100, max=1_000_000)
RANGE_SEED = Param(
    "range_seed", int, 20250121, label="Seed of the draws",
    help="The seed of the Latin hypercube draws",
    basis="A choice: the day Stargate was announced. The same seed gives the same ranges.",
    min=0, max=2**32 - 1)
RANGES = Param(
    "ranges", str, "", label="Ranges changed",
    help="Estimate ranges to narrow or widen (the form is in the basis)",
    basis="No range changed: every estimate keeps the range declared with it, and its basis. "
          "Written as "
          "pue=1.2..1.5; load_factor=0.6..0.9 uniform: several separated by semicolons, a "
          "distribution after the range keeps or changes the declared one.")
TOPIC = Param(
    "topic", str, "all", label="Topic",
    help="Show only the articles and claims on this topic, or 'all'",
    basis="Topics are assigned by hand in data/articles.csv and data/claims.csv.",
    choices=("all", *TOPICS))

#: Assumptions about the world: one value for the whole book (a scenario that gives
#: two chapters different values is refused, and a rerun applies one to every chapter).
SHARED = (CAPACITY_GW, CAPACITY_BASIS, PUE, LOAD_FACTOR, INCLUDE_UNCONFIRMED,
          INCLUDE_NONBINDING, AS_OF, RANGE_DRAWS, RANGE_SEED, RANGES)
#: How the uncertainty ranges are drawn: the last parameters of every chapter with estimates.
RANGE_SETTINGS = (RANGE_DRAWS, RANGE_SEED, RANGES)
#: Filters of what a page shows: declared once, but each chapter may set its own.
FILTERS = (TOPIC,)


@dataclass(frozen=True)
class Chapter:
    """A chapter's parameters, and any files it reads besides the data package.

    `reads` (paths under the book's root) go into the chapter's cache key; a chapter
    that reads `scenarios/` has its choice of files checked before anything executes
    (`scenarios.check_files`), as a misspelt value of any other parameter is.
    """

    params: tuple[Param, ...]
    reads: tuple[str, ...] = ()
    #: Checks across its parameters (weights against years, a low below a high).
    rules: tuple[Rule, ...] = ()


def _custom_weights(v: Mapping[str, Any]) -> str | None:
    """The custom profile needs one non-negative weight per contract year."""
    if v["schedule_profile"] != "custom":
        return None
    try:
        weights = parse_weights(v["custom_weights"])
    except ScheduleError as exc:
        return str(exc).split(": ", 1)[-1]
    if len(weights) != v["contract_years"]:
        return (f"the custom profile needs one weight per contract year: {len(weights)} "
                f"weight{'s' if len(weights) != 1 else ''} for {v['contract_years']} years")
    return None


def _linear_first_year(v: Mapping[str, Any]) -> str | None:
    """A linear schedule cannot start above the payment that leaves nothing for its end."""
    if v["schedule_profile"] != "linear":
        return None
    try:
        linear_weights(v["contract_total_bn_usd"], v["contract_years"], v["first_year_bn_usd"])
    except ScheduleError as exc:
        return "the first year is " + str(exc).split(" is ", 1)[-1]
    return None


def _revenue_before_last_payment(v: Mapping[str, Any]) -> str | None:
    """Revenue is projected from the year after its base; the contract must end later."""
    last = v["contract_start_year"] + v["contract_years"] - 1
    if v["revenue_base_year"] >= last:
        return (f"the contract's last payment ({last}) must fall after the revenue base "
                "year, or no year is left to compare")
    return None


def _load_factor_bounds(v: Mapping[str, Any]) -> str | None:
    """The verdicts' range of load factors runs from its low to its high."""
    if v["load_factor_low"] > v["load_factor_high"]:
        return "the low end of the load factors tested is above the high end"
    return None


#: Every chapter's parameters, in the order of its parameters cell.
CHAPTERS: dict[str, Chapter] = {
    "sources": Chapter((
        TOPIC,
        Param("include_number_words", bool, True,
              label="Numbers written in words",
              help="Count numbers written in words («quatre millions») as figures",
              basis="A reading choice: the articles write some amounts in words "
                    "(«dix milliards»), which a digit count misses."),
    )),
    "claims": Chapter((
        TOPIC,
        Param("min_grade", str, "C",
              label="Lowest source grade",
              help="Use only public-record sources of at least this grade (A best)",
              basis="Grades in data/reference.csv: A company text or filing, B wire or "
                    "mainstream outlet, C aggregator (always with a caveat).",
              choices=("A", "B", "C")),
        AS_OF,
    )),
    "funding": Chapter((
        Param("contract_total_bn_usd", float, 300.0,
              label="Oracle contract value",
              help="Total value of the OpenAI–Oracle contract", unit="bn USD",
              basis="The WSJ's figure from unnamed sources, repeated by articles 000, 003 "
                    "and 004; Oracle declined to comment.",
              min=0, max=2000, sources=("O3", "C000-01", "C003-01", "C004-01")),
        Param("contract_years", int, 5, label="Contract length",
              help="Length of the contract", unit="years",
              basis="«cinq ans» (000, 003, 004); «roughly five years» (WSJ).",
              min=1, max=15, sources=("C000-02", "O4")),
        Param("contract_start_year", int, 2027, label="First payment year",
              help="First year of payments", unit="year",
              basis="«à partir de 2027» (000), «doit débuter en 2027» (003); Oracle's "
                    "filing gives its fiscal 2028, from June 2027.",
              min=2025, max=2035, sources=("C000-03", "C003-23", "O4")),
        Param("schedule_profile", str, "linear",
              label="Payment profile",
              help="How payments are spread over the years",
              basis="Assumption: the terms are not public. A linear ramp is the simplest "
                    "profile that fits both «30 milliards la première année» and the "
                    "total.",
              choices=PROFILES),
        Param("first_year_bn_usd", float, 30.0,
              label="First-year payment",
              help="First-year payment (used by the linear profile)", unit="bn USD",
              basis="«30 milliards de dollars la première année» (003).",
              min=0, max=2000, sources=("C003-24",)),
        Param("custom_weights", str, "1,1,2,3,3",
              label="Custom yearly weights",
              help="Relative weight of each year (used by the custom profile)",
              basis="Assumption, to try other shapes; one weight per contract year."),
        Param("revenue_base_year", int, 2025, label="Revenue base year",
              help="Year of the revenue starting point",
              unit="year", basis="The latest full-year revenue target in the record.",
              min=2024, max=2030, sources=("OA3b",)),
        Param("revenue_base_bn_usd", float, 12.7,
              label="OpenAI revenue in base year",
              help="OpenAI's revenue in the base year", unit="bn USD",
              basis="The 2025 target reported by The Information (grade C, relayed); "
                    "no audited figure is public.",
              min=0, max=1000, sources=("OA3b",)),
        Param("revenue_growth_rate", float, 1.0,
              label="Revenue growth in the first year",
              help="Growth the year after the base (1.0, i.e. 100%, doubles it)",
              unit="per year",
              basis="Assumption. For scale, compare the 2024 projection (OA1) with the 2025 "
                    "target (OA3b) in the record.",
              min=-0.5, max=5,
              range=Range(0.75, 1.65, "triangular",
                          basis="From the pace of the first quarter of 2026 ($5.7 bn, FN26.19, "
                                "four times over is 75% above 2025's $13 bn, FN26.17) to the "
                                "pace at which, with the slowdown at its default, revenue "
                                "passes OpenAI's own projection for 2030, above $280 bn "
                                "(FN26.23); peaked at the default.",
                          sources=("FN26.19", "FN26.17", "FN26.23"))),
        Param("revenue_growth_decay", float, 0.3,
              label="Growth slowdown per year",
              help="Fraction the growth rate shrinks by each later year",
              unit="fraction", basis="Assumption: growth slows as revenue grows.",
              min=0, max=1,
              range=Range(0.2, 0.4, "uniform",
                          basis="Assumption: a third either side of the default; no source in "
                                "the record forecasts the slowdown.")),
        INCLUDE_UNCONFIRMED,
        Param("other_commitments_start_year", int, 2026,
              label="Start year where undisclosed",
              help="First payment year where a start is not disclosed",
              unit="year", basis="Assumption: the Azure and CoreWeave terms are not public.",
              min=2025, max=2035),
        Param("other_commitments_years", int, 6,
              label="Term where undisclosed",
              help="Term of commitments whose term is not disclosed", unit="years",
              basis="Assumption: AWS's disclosed term is seven years; Azure's and "
                    "CoreWeave's are not public.",
              min=1, max=15),
        *RANGE_SETTINGS,
    ), rules=(
        Rule(("schedule_profile", "custom_weights", "contract_years"),
             "the custom profile gives one non-negative weight per contract year",
             _custom_weights),
        Rule(("schedule_profile", "first_year_bn_usd", "contract_total_bn_usd", "contract_years"),
             "a linear schedule's first year leaves a payment for its last",
             _linear_first_year),
        Rule(("revenue_base_year", "contract_start_year", "contract_years"),
             "the contract's last payment falls after the revenue base year",
             _revenue_before_last_payment),
    )),
    "energy": Chapter((
        CAPACITY_GW,
        CAPACITY_BASIS,
        PUE,
        LOAD_FACTOR,
        Param("household_kwh_per_year", float, 10380.0, label="Household electricity use",
              help="A US home's yearly electricity use",
              unit="kWh per year", basis="The latest vintage in the record: 865 kWh a month "
                                         "in 2024 (EIA, reported by EnerKnol), × 12. The 2020 "
                                         "figure, 10,715 kWh a year (E3.1), is the other basis "
                                         "a verdict is tested on.",
              min=1000, max=30000, sources=("E3.2",), conversion=12.0,
              range=Range(10380.0, 10715.0, "uniform",
                          basis="The two vintages in the record: 865 kWh a month in 2024 "
                                "(E3.2, × 12) and 10,715 kWh a year in 2020 (E3.1).",
                          sources=("E3.2", "E3.1"))),
        Param("load_factor_low", float, LOAD_FACTOR.range.low,
              label="Lowest plausible load factor",
              help="Low end of the plausible load factors",
              unit="fraction",
              basis="Assumption: a campus built to run near full load runs at least half the "
                    "year-equivalent; the verdict on each statement must hold over the whole "
                    "range, or it says at which load factors it holds.",
              min=0.05, max=1.0),
        Param("load_factor_high", float, LOAD_FACTOR.range.high,
              label="Highest plausible load factor",
              help="High end of the plausible load factors",
              unit="fraction", basis="Assumption: full load all year, the ceiling.", min=0.05,
              max=1.0),
        Param("homes_per_mw_at_peak", float, 250.0, label="Homes per MW at peak",
              help="Homes one MW serves at peak demand",
              unit="homes per MW", basis="ERCOT, Texas, at peak hours (quoted by Business "
                                         "Insider).",
              min=50, max=2000, sources=("E3.6",)),
        Param("persons_per_household", float, 2.5, label="People per household",
              help="People per US household",
              unit="persons", basis="Assumption: no household-size figure is in the record "
                                    "gathered for this report; a round value for the US.",
              min=1, max=6),
        Param("state", str, "texas", label="Host state",
              help="Host state whose industrial price is used, or 'custom'",
              basis="Abilene, the first site, is in Texas (E7.3); prices from the EIA.",
              choices=(*_energy.STATE_PRICE_IDS, "custom")),
        Param("price_usd_per_mwh", float, 66.0,
              label="Electricity price (custom)",
              help="Electricity price, used when state is 'custom'", unit="USD per MWh",
              basis="Texas industrial average revenue in 2023: 6.60 ¢/kWh (EIA).",
              min=1, max=500, sources=("E5.3",), conversion=10.0),
        Param("grid_co2_g_per_kwh", float, 367.41, label="Grid carbon intensity",
              help="Grid carbon intensity",
              unit="g CO2 per kWh", basis="US average for utility-scale generation in 2023: "
                                          "0.81 lb per kWh (EIA), in grams.",
              min=0, max=1200, sources=("E6.1",), conversion=_energy.GRAMS_PER_POUND),
        *RANGE_SETTINGS,
    ), rules=(
        Rule(("load_factor_low", "load_factor_high"),
             "the low end of the load factors tested is not above the high end",
             _load_factor_bounds),
    )),
    "chips": Chapter((
        CAPACITY_GW,
        CAPACITY_BASIS,
        PUE,
        Param("accelerator", str, "gb200_nvl72", label="Accelerator",
              help="Accelerator preset, or 'custom'",
              basis="Abilene is being filled with GB200 (the reported Oracle order, C10.4a).",
              choices=_chips.ACCELERATORS, sources=("C10.4a",)),
        Param("gpus_per_server", int, 8, label="GPUs per server",
              help="GPUs per DGX server (H100, B200 presets)",
              unit="GPUs", basis="Assumption: DGX systems carry eight GPUs; no excerpt in the "
                                 "record states it.",
              min=1, max=16),
        Param("kw_per_accelerator", float, 1.5,
              label="Power per custom accelerator",
              help="System-level power of a custom accelerator", unit="kW",
              basis="Assumption: no figure for OpenAI's own accelerator is public.",
              min=0.1, max=10),
        Param("price_usd_per_accelerator", float, 20000.0,
              label="Price per custom accelerator",
              help="Price of a custom accelerator", unit="USD",
              basis="Assumption: no price is public; custom chips aim to cut costs (003).",
              min=100, max=1000000),
        Param("capex_bn_usd_per_gw", float, 50.0, label="Capex per GW",
              help="All-in data-centre capex per GW",
              unit="bn USD per GW", basis="«around $50 billion» per GW (Reuters); Huang: "
                                          "$35 bn of NVIDIA hardware plus $15 bn.",
              min=1, max=200, sources=("E3.3b", "C10.5a", "C10.5b"),
              range=Range(40.0, 60.0, "uniform",
                          basis="Assumption: 20% either side of the «around $50 billion» that "
                                "Reuters and NVIDIA's CEO give (E3.3b, C10.5a, C10.5b); no "
                                "source in the record gives a range.",
                          sources=("E3.3b",))),
        Param("price_position", float, 0.5, label="Price within the reported range",
              help="Preset's price: 0 the lowest reported, 1 the highest",
              unit="fraction",
              basis="Assumption: midway, since no source says which end is nearer.",
              min=0.0, max=1.0,
              range=Range(0.0, 1.0, "uniform",
                          basis="From the lowest to the highest price reported for the preset "
                                "(its sources are in the chapter's price table).")),
        Param("custom_share", float, 0.0,
              label="Custom-chip share",
              help="Share of the capacity running custom accelerators", unit="fraction",
              basis="Assumption: the Oracle capacity runs NVIDIA GB200 today; custom chips "
                    "deploy from the second half of 2026 (C11.8).",
              min=0.0, max=1.0),
        *RANGE_SETTINGS,
    )),
    "microsoft": Chapter((
        AS_OF,
        INCLUDE_UNCONFIRMED,
        Param("providers", str, ",".join(_microsoft.PROVIDERS),
              label="Cloud providers",
              help="Cloud providers, comma-separated",
              basis="The providers with a disclosed contract or a named role in the record."),
        Param("concentration_metric", str, "hhi",
              label="Concentration measure",
              help="How to measure concentration: hhi, or top_share",
              basis="The Herfindahl–Hirschman index (sum of squared % shares) is the usual "
                    "measure; the top share is simpler to read.",
              choices=_microsoft.METRICS),
    )),
    "circular": Chapter((
        AS_OF,
        INCLUDE_UNCONFIRMED,
        INCLUDE_NONBINDING,
        Param("warrant_share_price_usd", float, 203.71,
              label="AMD share price for the warrant",
              help="AMD share price at which the warrant is valued", unit="USD",
              basis="AMD's close on 6 October 2025, the day the warrant was announced "
                    "(CR3, a copy of TMTPost). It had closed at $169.73 four days before "
                    "(CR6) and stood near a $503.89 record in May 2026 (CR7); the last "
                    "tranche vests only at $600 (CR5).",
              min=0.01, max=5000, sources=("CR3", "CR6", "CR7", "CR5"),
              range=Range(169.73, 503.89, "log-uniform",
                          basis="From AMD's close before the deal (CR6) to its record of May "
                                "2026 (CR7), spread evenly in log scale, as a share price moves "
                                "in proportion.",
                          sources=("CR6", "CR7"))),
        Param("partners", str, "all",
              label="Partners",
              help="Partners to show, comma-separated, or all",
              basis="The firms in the record that sell OpenAI compute, fund it, or borrow "
                    "to build for it."),
        *RANGE_SETTINGS,
    )),
    "scenarios": Chapter((
        Param("scenarios", str, "all",
              label="Scenarios compared",
              help="Scenario files to compare: names separated by commas, or all",
              basis="Every scenario file in scenarios/, each with its story and sources."),
        Param("baseline", str, "base", label="Baseline scenario",
              help="The scenario the changes are measured from",
              basis="The base case: every parameter at its default."),
    ), reads=("scenarios",)),
}


def chapter_names() -> list[str]:
    """The chapters that declare parameters."""
    return list(CHAPTERS)


def chapter(name: str) -> Chapter:
    """A chapter's declaration; raise ParameterError for an unknown chapter."""
    if name not in CHAPTERS:
        raise ParameterError(f"unknown chapter {name!r}; known: "
                             f"{', '.join(CHAPTERS)}{_did_you_mean(name, list(CHAPTERS))}")
    return CHAPTERS[name]


def specs(name: str) -> tuple[Param, ...]:
    """The parameter specs of a chapter; raise ParameterError for an unknown chapter."""
    return chapter(name).params


def defaults(name: str) -> dict[str, Any]:
    """The default value of each of a chapter's parameters."""
    return {p.name: p.default for p in specs(name)}


def validate(name: str, values: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """Check overrides for a chapter; return every parameter's value (defaults filled in)."""
    declared = {p.name: p for p in specs(name)}
    for key in values:
        if key not in declared:
            raise ParameterError(
                f"unknown parameter {where}{key} for chapter {name!r}; known: "
                f"{', '.join(declared)}{_did_you_mean(key, list(declared))}")
    checked = {key: spec.check(values[key], where) if key in values else spec.default
               for key, spec in declared.items()}
    if RANGES.name in checked:
        changed_ranges(checked[RANGES.name], checked, where)
    for rule in chapter(name).rules:
        rule.check(checked, where)
    return checked


def estimate_specs() -> dict[str, Param]:
    """Every parameter that is an estimate (it declares a range), by name."""
    return {p.name: p for ch in CHAPTERS.values() for p in ch.params if p.range is not None}


def changed_ranges(text: str, values: Mapping[str, Any] | None = None,
                   where: str = "") -> dict[str, Range]:
    """The ranges that the `ranges` parameter narrows or widens ("pue=1.2..1.5;
    load_factor=0.6..0.9 uniform"), by estimate; each is checked as a declared range is,
    against the value in effect, and an error names the estimate and what is wrong."""
    estimates, found = estimate_specs(), {}
    for part in (t.strip() for t in text.split(";")):
        if not part:
            continue
        label = f"parameter {where}ranges: {part!r}"
        name, sep, rest = (x.strip() for x in part.partition("="))
        if not sep:
            raise ParameterError(f"{label} is not of the form name=low..high")
        if name not in estimates:
            raise ParameterError(f"{label}: {name!r} is not an estimate with a range; estimates: "
                                 f"{', '.join(estimates)}{_did_you_mean(name, list(estimates))}")
        if name in found:
            raise ParameterError(f"{label}: {name} is given a range twice")
        spec = estimates[name]
        bounds, _, distribution = rest.partition(" ")
        low_text, dots, high_text = bounds.partition("..")
        try:
            low, high = float(low_text), float(high_text)
        except ValueError:
            low = high = None
        if not dots or low is None:
            raise ParameterError(f"{label}: give the range as low..high, two numbers")
        changed = Range(low, high, distribution.strip() or spec.range.distribution,
                        basis=f"Changed by the values in effect from {spec.range.shown(spec)}.")
        value = (values or {}).get(name, spec.default)
        problems = changed.problems(spec, value)
        if problems:
            raise ParameterError(f"{label}: {'; '.join(problems)}")
        found[name] = changed
    return found


def from_namespace(name: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the parameters a notebook holds in its namespace after papermill injection."""
    missing = [p.name for p in specs(name) if p.name not in namespace]
    if missing:
        raise ParameterError(f"the notebook does not define parameter(s) {', '.join(missing)}; "
                             "its parameters cell must mirror stargate_report.params")
    return validate(name, {p.name: namespace[p.name] for p in specs(name)})


def parse_overrides(name: str, assignments: list[str]) -> dict[str, Any]:
    """Read `name=value` pairs typed on the command line for a chapter; check each one."""
    declared = {p.name: p for p in specs(name)}
    values = {}
    for text in assignments:
        key, sep, raw = text.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"-p {text!r} is not of the form name=value")
        if key not in declared:
            raise ParameterError(
                f"unknown parameter {key} for chapter {name!r}; known: "
                f"{', '.join(declared)}{_did_you_mean(key, list(declared))}")
        values[key] = declared[key].parse(raw.strip())
    return values
