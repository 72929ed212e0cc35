"""Chapter parameters: declared once here, mirrored in each notebook's `parameters` cell.

The same validation serves every entry point: the notebook's first cell after the
parameters (so plain `papermill -p` fails fast), the project CLI and scenario files.
Errors name the parameter, the value, what is allowed and, for a misspelt name or
choice, what was probably meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .data import TOPICS
from .models import chips as _chips
from .models import energy as _energy
from .models import microsoft as _microsoft
from .models.funding import PROFILES


class ParameterError(ValueError):
    """A parameter value, name or chapter is not acceptable."""


@dataclass(frozen=True)
class Param:
    """One chapter parameter: its type, default, unit, allowed values and basis."""

    name: str
    type: type
    default: Any
    help: str
    basis: str
    unit: str = ""
    choices: tuple | None = None
    min: float | str | None = None
    max: float | str | None = None
    is_date: bool = False  # a str holding an ISO date, YYYY-MM-DD
    #: Claim or reference ids the default rests on; none means the default is an
    #: assumption, and its basis must say so.
    sources: tuple[str, ...] = ()
    #: The default is a source's value times this (a unit conversion, e.g. ¢/kWh → USD/MWh).
    conversion: float = 1.0

    def allowed(self) -> str:
        """Say in words what values are allowed."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.type is bool:
            return "True or False"
        if self.is_date:
            return f"a date (YYYY-MM-DD) from {self.min} to {self.max}"
        kind = {int: "a whole number", float: "a number", str: "text"}[self.type]
        if self.min is not None and self.max is not None:
            return f"{kind} from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f"{kind} of at least {self.min:g}"
        if self.max is not None:
            return f"{kind} of at most {self.max:g}"
        return kind

    def check(self, value: Any, where: str = "") -> Any:
        """Return the value, normalised to the parameter's type, or raise ParameterError."""
        label = f"{where}{self.name}"
        if self.is_date:
            return self._check_date(value, label)
        ok_type = {
            bool: lambda v: isinstance(v, bool),
            int: lambda v: isinstance(v, int) and not isinstance(v, bool),
            float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            str: lambda v: isinstance(v, str),
        }[self.type]
        if not ok_type(value):
            raise ParameterError(
                f"parameter {label} = {value!r} has the wrong type "
                f"({type(value).__name__}); allowed: {self.allowed()}")
        if self.type is float:
            value = float(value)
        if self.choices is not None and value not in self.choices:
            hint = _did_you_mean(str(value), [str(c) for c in self.choices])
            raise ParameterError(
                f"parameter {label} = {value!r} is not allowed; allowed: "
                f"{self.allowed()}{hint}")
        if (self.min is not None and value < self.min) or (
                self.max is not None and value > self.max):
            raise ParameterError(
                f"parameter {label} = {value!r} is out of range; allowed: {self.allowed()}")
        return value


    def parse(self, text: str, where: str = "") -> Any:
        """Read a value typed on the command line (`-p name=value`), then check it."""
        label = f"{where}{self.name}"
        value: Any = text
        if self.type is bool:
            lowered = text.strip().lower()
            if lowered not in _BOOL_WORDS:
                raise ParameterError(f"parameter {label} = {text!r} is not True or False "
                                     f"(accepted: {', '.join(sorted(_BOOL_WORDS))})")
            value = _BOOL_WORDS[lowered]
        elif self.type in (int, float):
            try:
                value = self.type(text)
            except ValueError:
                raise ParameterError(f"parameter {label} = {text!r} is not "
                                     f"{self.allowed()}") from None
        return self.check(value, where)

    def _check_date(self, value: Any, label: str) -> str:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()  # YAML reads 2026-06-30 as a date
        try:
            parsed = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or len(value) != 10:
            raise ParameterError(f"parameter {label} = {value!r} is not a date; allowed: "
                                 f"{self.allowed()}")
        if not (self.min <= value <= self.max):
            raise ParameterError(f"parameter {label} = {value!r} is out of range; allowed: "
                                 f"{self.allowed()}")
        return value


_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _did_you_mean(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


#: Every chapter's parameters, in the order of its parameters cell.
CHAPTERS: dict[str, tuple[Param, ...]] = {
    "sources": (
        Param("topic", str, "all",
              help="Show only the articles tagged with this topic, or 'all'",
              basis="Topics are assigned by hand in data/articles.csv.",
              choices=("all", *TOPICS)),
        Param("include_number_words", bool, True,
              help="Count numbers written in words («quatre millions») as figures",
              basis="A reading choice: the articles write some amounts in words "
                    "(«dix milliards»), which a digit count misses."),
    ),
    "claims": (
        Param("topic", str, "all",
              help="Show only the claims on this topic, or 'all'",
              basis="Each claim's topic is assigned by hand in data/claims.csv.",
              choices=("all", *TOPICS)),
        Param("min_grade", str, "C",
              help="Use only public-record sources of at least this grade (A best)",
              basis="Grades in data/reference.csv: A company text or filing, B wire or "
                    "mainstream outlet, C aggregator (always with a caveat).",
              choices=("A", "B", "C")),
        Param("as_of", str, "2026-06-30",
              help="Read the public record as it stood on this date",
              basis="The reference set runs to mid-2026; an earlier date hides what was "
                    "published after it.",
              min="2025-01-01", max="2026-12-31", is_date=True),
    ),
    "funding": (
        Param("contract_total_bn_usd", float, 300.0,
              help="Total value of the OpenAI–Oracle contract", unit="bn USD",
              basis="The WSJ's figure from unnamed sources, repeated by articles 000, 003 "
                    "and 004; Oracle declined to comment.",
              min=0, max=2000, sources=("O3", "C000-01", "C003-01", "C004-01")),
        Param("contract_years", int, 5, help="Length of the contract", unit="years",
              basis="«cinq ans» (000, 003, 004); «roughly five years» (WSJ).",
              min=1, max=15, sources=("C000-02", "O4")),
        Param("contract_start_year", int, 2027, help="First year of payments", unit="year",
              basis="«à partir de 2027» (000), «doit débuter en 2027» (003); Oracle's "
                    "filing gives its fiscal 2028, from June 2027.",
              min=2025, max=2035, sources=("C000-03", "C003-23", "O4")),
        Param("schedule_profile", str, "linear",
              help="How payments are spread over the years",
              basis="Assumption: the terms are not public. A linear ramp is the simplest "
                    "profile that fits both «30 milliards la première année» and the "
                    "total.",
              choices=PROFILES),
        Param("first_year_bn_usd", float, 30.0,
              help="First-year payment (used by the linear profile)", unit="bn USD",
              basis="«30 milliards de dollars la première année» (003).",
              min=0, max=2000, sources=("C003-24",)),
        Param("custom_weights", str, "1,1,2,3,3",
              help="Relative weight of each year (used by the custom profile)",
              basis="Assumption, to try other shapes; one weight per contract year."),
        Param("revenue_base_year", int, 2025, help="Year of the revenue starting point",
              unit="year", basis="The latest full-year revenue target in the record.",
              min=2024, max=2030, sources=("OA3b",)),
        Param("revenue_base_bn_usd", float, 12.7,
              help="OpenAI's revenue in the base year", unit="bn USD",
              basis="The 2025 target reported by The Information (grade C, relayed); "
                    "no audited figure is public.",
              min=0, max=1000, sources=("OA3b",)),
        Param("revenue_growth_rate", float, 1.0,
              help="Revenue growth in the year after the base, as a fraction: 1.0 doubles revenue", unit="per year",
              basis="Assumption. For scale, compare the 2024 projection (OA1) with the 2025 "
                    "target (OA3b) in the record.",
              min=-0.5, max=5),
        Param("revenue_growth_decay", float, 0.3,
              help="How much the growth rate shrinks each following year, as a fraction",
              unit="fraction", basis="Assumption: growth slows as revenue grows.",
              min=0, max=1),
        Param("include_unconfirmed", bool, True,
              help="Include figures the parties have not confirmed (reported, non-binding)",
              basis="The $300 bn contract itself comes from unnamed sources."),
        Param("other_commitments_start_year", int, 2026,
              help="First year of payments for commitments whose start is not disclosed",
              unit="year", basis="Assumption: the Azure and CoreWeave terms are not public.",
              min=2025, max=2035),
        Param("other_commitments_years", int, 6,
              help="Term of commitments whose term is not disclosed", unit="years",
              basis="Assumption: AWS's disclosed term is seven years; Azure's and "
                    "CoreWeave's are not public.",
              min=1, max=15),
    ),
    "energy": (
        Param("capacity_gw", float, 4.5, help="Capacity to translate into energy", unit="GW",
              basis="The Oracle–OpenAI agreement of July 2025 (articles 002 and 003).",
              min=0.1, max=50, sources=("E7.6", "C002-01", "C003-05")),
        Param("capacity_basis", str, "facility",
              help="Whether the capacity is facility power or IT load (it is then times PUE)",
              basis="The announcements do not say; the WSJ calls the 4.5 GW «power capacity» "
                    "(E3.5), read here as facility power.",
              choices=_energy.BASES, sources=("E3.5",)),
        Param("pue", float, 1.58, help="Power usage effectiveness: facility power over IT power",
              unit="ratio", basis="Industry average in 2023 (Uptime); Google's fleet ran at "
                                  "1.10 (E4.4).",
              min=1.0, max=3.0, sources=("E4.1",)),
        Param("load_factor", float, 0.8, help="Share of the year the capacity runs at full power",
              unit="fraction", basis="Assumption: AI campuses are built to run near full "
                                     "load; 1.0 is the ceiling.",
              min=0.05, max=1.0),
        Param("household_kwh_per_year", float, 10715.0, help="A US home's yearly electricity use",
              unit="kWh per year", basis="EIA, 2020 average per residential customer.",
              min=1000, max=30000, sources=("E3.1",)),
        Param("homes_per_mw_at_peak", float, 250.0, help="Homes one MW serves at peak demand",
              unit="homes per MW", basis="ERCOT, Texas, at peak hours (quoted by Business "
                                         "Insider).",
              min=50, max=2000, sources=("E3.6",)),
        Param("persons_per_household", float, 2.5, help="People per US household",
              unit="persons", basis="Assumption: no household-size figure is in the record "
                                    "gathered for this report; a round value for the US.",
              min=1, max=6),
        Param("state", str, "texas", help="Host state whose industrial price is used, or 'custom'",
              basis="Abilene, the first site, is in Texas (E7.3); prices from the EIA.",
              choices=(*_energy.STATE_PRICE_IDS, "custom")),
        Param("price_usd_per_mwh", float, 66.0,
              help="Electricity price, used when state is 'custom'", unit="USD per MWh",
              basis="Texas industrial average revenue in 2023: 6.60 ¢/kWh (EIA).",
              min=1, max=500, sources=("E5.3",), conversion=10.0),
        Param("grid_co2_g_per_kwh", float, 367.41, help="Grid carbon intensity",
              unit="g CO2 per kWh", basis="US average for utility-scale generation in 2023: "
                                          "0.81 lb per kWh (EIA), in grams.",
              min=0, max=1200, sources=("E6.1",), conversion=_energy.GRAMS_PER_POUND),
    ),
    "chips": (
        Param("capacity_gw", float, 4.5, help="Facility capacity to fill with accelerators",
              unit="GW", basis="The Oracle–OpenAI agreement of July 2025.",
              min=0.1, max=50, sources=("E7.6", "C002-01")),
        Param("accelerator", str, "gb200_nvl72", help="Accelerator preset, or 'custom'",
              basis="Abilene is being filled with GB200 (the reported Oracle order, C10.4a).",
              choices=_chips.ACCELERATORS, sources=("C10.4a",)),
        Param("pue", float, 1.4, help="Power usage effectiveness of the facility", unit="ratio",
              basis="Assumption: between Google's fleet (E4.4) and the industry average "
                    "(E4.1), for a new liquid-cooled campus.",
              min=1.0, max=3.0),
        Param("gpus_per_server", int, 8, help="GPUs per DGX server (H100, B200 presets)",
              unit="GPUs", basis="Assumption: DGX systems carry eight GPUs; no excerpt in the "
                                 "record states it.",
              min=1, max=16),
        Param("kw_per_accelerator", float, 1.5,
              help="System-level power of a custom accelerator", unit="kW",
              basis="Assumption: no figure for OpenAI's own accelerator is public.",
              min=0.1, max=10),
        Param("price_usd_per_accelerator", float, 20000.0,
              help="Price of a custom accelerator", unit="USD",
              basis="Assumption: no price is public; custom chips aim to cut costs (003).",
              min=100, max=1000000),
        Param("capex_bn_usd_per_gw", float, 50.0, help="All-in data-centre capex per GW",
              unit="bn USD per GW", basis="«around $50 billion» per GW (Reuters); Huang: "
                                          "$35 bn of NVIDIA hardware plus $15 bn.",
              min=1, max=200, sources=("E3.3b", "C10.5a", "C10.5b")),
        Param("custom_share", float, 0.0,
              help="Share of the capacity running custom accelerators", unit="fraction",
              basis="Assumption: the Oracle capacity runs NVIDIA GB200 today; custom chips "
                    "deploy from the second half of 2026 (C11.8).",
              min=0.0, max=1.0),
    ),
    "microsoft": (
        Param("as_of", str, "2026-06-30", help="Read the record as it stood on this date",
              basis="The reference set runs to mid-2026.",
              min="2019-01-01", max="2026-12-31", is_date=True),
        Param("include_unconfirmed", bool, True,
              help="Count purchases the parties have not confirmed (the Oracle contract)",
              basis="The $300 bn Oracle figure comes from unnamed sources (O3)."),
        Param("providers", str, ",".join(_microsoft.PROVIDERS),
              help="Cloud providers to include, separated by commas",
              basis="The providers with a disclosed contract or a named role in the record."),
        Param("concentration_metric", str, "hhi",
              help="How to measure concentration: hhi, or top_share",
              basis="The Herfindahl–Hirschman index (sum of squared % shares) is the usual "
                    "measure; the top share is simpler to read.",
              choices=_microsoft.METRICS),
    ),
    "scenarios": (
        Param("scenarios", str, "all",
              help="Scenario files to compare: names separated by commas, or all",
              basis="Every scenario file in scenarios/, each with its story and sources."),
        Param("baseline", str, "base", help="The scenario the changes are measured from",
              basis="The base case: every parameter at its default."),
    ),
}


def chapter_names() -> list[str]:
    """The chapters that declare parameters."""
    return list(CHAPTERS)


def specs(chapter: str) -> tuple[Param, ...]:
    """The parameter specs of a chapter; raise ParameterError for an unknown chapter."""
    if chapter not in CHAPTERS:
        raise ParameterError(f"unknown chapter {chapter!r}; known: "
                             f"{', '.join(CHAPTERS)}{_did_you_mean(chapter, list(CHAPTERS))}")
    return CHAPTERS[chapter]


def defaults(chapter: str) -> dict[str, Any]:
    """The default value of each of a chapter's parameters."""
    return {p.name: p.default for p in specs(chapter)}


def validate(chapter: str, values: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """Check overrides for a chapter; return every parameter's value (defaults filled in)."""
    declared = {p.name: p for p in specs(chapter)}
    for name in values:
        if name not in declared:
            raise ParameterError(
                f"unknown parameter {where}{name} for chapter {chapter!r}; known: "
                f"{', '.join(declared)}{_did_you_mean(name, list(declared))}")
    result = {}
    for name, spec in declared.items():
        result[name] = spec.check(values[name], where) if name in values else spec.default
    return result


def from_namespace(chapter: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the parameters a notebook holds in its namespace after papermill injection."""
    missing = [p.name for p in specs(chapter) if p.name not in namespace]
    if missing:
        raise ParameterError(f"the notebook does not define parameter(s) {', '.join(missing)}; "
                             "its parameters cell must mirror stargate_report.params")
    return validate(chapter, {p.name: namespace[p.name] for p in specs(chapter)})


#: A scenario's name is a directory name under _build/scenarios/: no slash, no leading dot.
SCENARIO_NAME = r"^[a-z0-9][a-z0-9_.-]*$"


class _ScenarioFile(BaseModel):
    """The shape of a scenario YAML file (values are checked against the specs after)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=SCENARIO_NAME)
    title: str
    description: str
    common: dict[str, Any] = {}
    chapters: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class Scenario:
    """A named set of parameter values, validated against every chapter it touches."""

    name: str
    title: str
    description: str
    path: Path
    parameters: dict[str, dict[str, Any]]  # chapter -> every parameter's value

    def for_chapter(self, chapter: str) -> dict[str, Any]:
        """Every parameter value of a chapter under this scenario."""
        return self.parameters.get(chapter) or defaults(chapter)

    def changes(self) -> dict[str, dict[str, Any]]:
        """The values that differ from the base case (the defaults), by chapter."""
        result = {}
        for chapter in CHAPTERS:
            values = self.for_chapter(chapter)
            changed = {k: v for k, v in values.items() if v != defaults(chapter)[k]}
            if changed:
                result[chapter] = changed
        return result

    def to_yaml(self) -> str:
        """The scenario as a file `load_scenario` reads back to the same values."""
        body = {"name": self.name, "title": self.title, "description": self.description,
                "common": {}, "chapters": {ch: dict(v) for ch, v in self.changes().items()}}
        return ("# Written by `python -m stargate_report run`; only values that differ from "
                "the base case are listed.\n"
                + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=88))


def describe_values(values: Mapping[str, Any]) -> str:
    """Parameter values as text: "pue = 1.5, load_factor = 0.9"."""
    return ", ".join(f"{name} = {value}" for name, value in values.items())


def describe_changes(changes: Mapping[str, Mapping[str, Any]]) -> str:
    """Changed values as text: "energy: pue = 1.5; chips: custom_share = 0.38"."""
    return "; ".join(f"{chapter}: {describe_values(values)}"
                     for chapter, values in changes.items()) or "none (the defaults)"


def parse_overrides(chapter: str, assignments: list[str]) -> dict[str, Any]:
    """Read `name=value` pairs typed on the command line for a chapter; check each one."""
    declared = {p.name: p for p in specs(chapter)}
    values = {}
    for text in assignments:
        name, sep, raw = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"-p {text!r} is not of the form name=value")
        if name not in declared:
            raise ParameterError(
                f"unknown parameter {name} for chapter {chapter!r}; known: "
                f"{', '.join(declared)}{_did_you_mean(name, list(declared))}")
        values[name] = declared[name].parse(raw.strip())
    return values


def with_overrides(start: Scenario, chapter: str, overrides: Mapping[str, Any],
                   name: str | None = None) -> Scenario:
    """A new scenario: `start` with some of one chapter's values changed.

    Its default name says what changed ("energy-pue-1.5"), so that two different
    reruns never overwrite each other's book.
    """
    import re

    values = validate(chapter, {**start.for_chapter(chapter), **overrides})
    parts = [] if start.name == "base" else [start.name]
    parts += [chapter] + [f"{k}-{v}" for k, v in overrides.items()]
    name = name or re.sub(r"[^a-z0-9_.-]+", "_", "-".join(parts).lower()).strip("._-")
    if not re.match(SCENARIO_NAME, name) or name == "base":
        raise ParameterError(f"scenario name {name!r} is not allowed: use lower-case "
                             "letters, digits, '-', '_' or '.', and not 'base'")
    changed = describe_values(overrides) or "no change"
    return Scenario(
        name=name, title=f"{start.title}, with {chapter}: {changed}",
        description=f"{start.description.strip()} Rerun from the command line with "
                    f"{chapter}: {changed}.",
        path=start.path, parameters={**start.parameters, chapter: values})


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario file; raise ParameterError naming the file and key."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{path}: no such scenario file") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML: {exc}") from None
    try:
        parsed = _ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(part) for part in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors())
        raise ParameterError(f"{path}: {details}") from None
    try:
        for name in parsed.common:
            if not any(name in defaults(ch) for ch in CHAPTERS):
                every = sorted({p.name for ps in CHAPTERS.values() for p in ps})
                raise ParameterError(f"common.{name} is declared by no chapter"
                                     f"{_did_you_mean(name, every)}")
        parameters = {}
        for chapter in CHAPTERS:
            common = {k: v for k, v in parsed.common.items() if k in defaults(chapter)}
            parameters[chapter] = validate(chapter, common, where="common.")
        for chapter, values in parsed.chapters.items():
            specs(chapter)
            merged = {k: v for k, v in parsed.common.items() if k in defaults(chapter)}
            merged.update(values)
            parameters[chapter] = validate(chapter, merged, where=f"chapters.{chapter}.")
    except ParameterError as exc:
        raise ParameterError(f"{path}: {exc}") from None
    return Scenario(parsed.name, parsed.title, parsed.description, path, parameters)
