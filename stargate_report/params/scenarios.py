"""Scenario files: named sets of parameter values, each with its story and sources.

A file gives `common:` values (applied to every chapter that declares the parameter)
and `chapters.<name>:` values (one chapter); every value is checked against the
chapter declarations in `chapters.py`, and errors name the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import fmt
from .chapters import CHAPTERS, SHARED, defaults, specs, validate
from .spec import ParameterError, _did_you_mean, describe_values

SHARED_NAMES = frozenset(p.name for p in SHARED)

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
        changes = self.changes()
        common = {k: v for values in changes.values() for k, v in values.items()
                  if k in SHARED_NAMES}
        chapters = {ch: {k: v for k, v in values.items() if k not in SHARED_NAMES}
                    for ch, values in changes.items()}
        body = {"name": self.name, "title": self.title, "description": self.description,
                "common": common, "chapters": {ch: v for ch, v in chapters.items() if v}}
        return ("# Written by `python -m stargate_report run`; only values that differ from "
                "the base case are listed.\n"
                + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=88))


def describe_changes(changes: Mapping[str, Mapping[str, Any]]) -> str:
    """Changed values as text: "energy: pue = 1.5; chips: custom_share = 0.38"."""
    return "; ".join(f"{chapter}: {describe_values(values)}"
                     for chapter, values in changes.items()) or "none (the defaults)"


def describe_changes_for_readers(changes: Mapping[str, Mapping[str, Any]]) -> str:
    """Changed values in readers' words, from the default, each once however many
    chapters read it: "Capacity 4.5 GW → 8 GW and Custom-chip share 0 → 0.38"."""
    shown: dict[str, str] = {}
    for chapter, values in changes.items():
        by_name = {spec.name: spec for spec in specs(chapter)}
        for name, value in values.items():
            spec = by_name[name]
            shown.setdefault(name, f"{spec.label} {spec.shown(spec.default)} → {spec.shown(value)}")
    return fmt.listing(shown.values(), empty="none")


def with_overrides(start: Scenario, chapter: str, overrides: Mapping[str, Any],
                   name: str | None = None) -> Scenario:
    """A new scenario: `start` with some of one chapter's values changed.

    A shared assumption (PUE, capacity, …) changes in every chapter that declares it,
    so that the book never assumes two values for the same thing. The default name
    says what changed ("energy-pue-1.5"), so that two different reruns never overwrite
    each other's book.
    """
    validate(chapter, overrides)  # names the chapter in errors about its own values
    parameters = dict(start.parameters)
    for other in CHAPTERS:
        mine = {k: v for k, v in overrides.items()
                if k in defaults(other) and (other == chapter or k in SHARED_NAMES)}
        if mine:
            parameters[other] = validate(other, {**start.for_chapter(other), **mine})
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
        path=start.path, parameters=parameters)


def shared_conflicts(parameters: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Shared assumptions that two chapters would read with different values."""
    problems = []
    for spec in SHARED:
        values = {ch: v[spec.name] for ch, v in parameters.items() if spec.name in v}
        if len(set(map(repr, values.values()))) > 1:
            problems.append(f"{spec.name} is shared by {', '.join(values)} and must have one "
                            f"value (got {describe_values(values)}): set it under common:")
    return problems


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
                every = sorted({p.name for ch in CHAPTERS.values() for p in ch.params})
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
        conflicts = shared_conflicts(parameters)
        if conflicts:
            raise ParameterError("; ".join(conflicts))
    except ParameterError as exc:
        raise ParameterError(f"{path}: {exc}") from None
    return Scenario(parsed.name, parsed.title, parsed.description, path, parameters)


def scenario_files(directory: Path, names: str = "all") -> list[Path]:
    """The scenario files to compare: every `*.yaml` in `directory`, or those named
    (file stems, separated by commas); raise ParameterError for an unknown name."""
    available = {path.stem: path for path in sorted(Path(directory).glob("*.yaml"))}
    if names.strip() == "all":
        return list(available.values())
    chosen = [name.strip() for name in names.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in available]
    if unknown or not chosen:
        raise ParameterError(
            f"parameter scenarios = {names!r}: no scenario file "
            f"{', '.join(repr(u) for u in unknown) or '(none named)'} in {directory}; "
            f"known: {', '.join(available)}")
    return [available[name] for name in chosen]


def load_scenarios(directory: Path, names: str = "all",
                   baseline: str = "base") -> list[Scenario]:
    """Load and validate the chosen scenarios, the baseline first."""
    scenarios = [load_scenario(path) for path in scenario_files(directory, names)]
    by_name = {s.name: s for s in scenarios}
    if baseline not in by_name:
        raise ParameterError(
            f"parameter baseline = {baseline!r} is not among the scenarios compared "
            f"({', '.join(by_name)})")
    if len(by_name) < 2:
        raise ParameterError(
            f"parameter scenarios = {names!r}: choose at least one scenario besides the "
            f"baseline {baseline!r}")
    return [by_name[baseline]] + [s for s in scenarios if s.name != baseline]


def check_files(root: Path, chapter: str, values: Mapping[str, Any]) -> None:
    """Check a chapter's values against the scenario files they name, before anything
    executes: a chapter that reads `scenarios/` chooses files by its `scenarios` and
    `baseline` parameters, which a parameter's spec alone cannot check."""
    if "scenarios" in CHAPTERS[chapter].reads:
        load_scenarios(Path(root) / "scenarios", values["scenarios"], values["baseline"])
