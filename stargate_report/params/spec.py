"""The parameter contract: a `Param`'s type, default, unit, range and basis, and its checks.

The same checks serve every entry point: the notebook's first cell after the
parameters (so plain `papermill -p` fails fast), the project CLI and scenario files.
Errors name the parameter, the value, what is allowed and, for a misspelt name or
choice, what was probably meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class ParameterError(ValueError):
    """A parameter value, name or chapter is not acceptable."""


#: How a range's values are spread: evenly, peaked at the default, or evenly in log scale
#: (for a quantity known only to an order of magnitude, such as a share price).
DISTRIBUTIONS = ("uniform", "triangular", "log-uniform")


@dataclass(frozen=True)
class Range:
    """The plausible values of an estimate: low, high, how they are spread, and why.

    Only estimates have one; a choice (a schedule profile, a state, a switch) does not, and
    the uncertainty ranges never draw it. A triangular range peaks at the default.
    """

    low: float
    high: float
    distribution: str = "uniform"
    basis: str = ""
    sources: tuple[str, ...] = ()

    def problems(self, param: Param, value: float | None = None) -> list[str]:
        """What is wrong with this range for `param` (empty when it is sound); `value` is
        the one in effect, which it must contain (the default when not given)."""
        found = []
        what = "the default" if value is None else "the value in effect"
        value = param.default if value is None else value
        if self.distribution not in DISTRIBUTIONS:
            found.append(f"unknown distribution {self.distribution!r}; allowed: "
                         f"{', '.join(DISTRIBUTIONS)}")
        if not self.low < self.high:
            found.append(f"low {self.low:g} is not below high {self.high:g}")
        elif not self.low <= value <= self.high:
            found.append(f"{what} {value:g} is outside {self.low:g}–{self.high:g}")
        if (param.min is not None and self.low < param.min) or (
                param.max is not None and self.high > param.max):
            found.append(f"{self.low:g}–{self.high:g} leaves the allowed values, "
                         f"{param.allowed()}")
        if self.distribution == "log-uniform" and self.low <= 0:
            found.append("a log-uniform range must start above 0")
        if not self.basis.strip():
            found.append("a range needs its basis")
        return found

    def shown(self, param: Param) -> str:
        """The range as the parameters table prints it: "1.1–1.54 (triangular)"."""
        return f"{param.shown(self.low)}–{param.shown(self.high)} ({self.distribution})"


@dataclass(frozen=True)
class Rule:
    """A check across several of a chapter's parameters, declared with them and run before
    anything executes: `problem(values)` says what is wrong with the values together, or
    returns None. The error names every parameter in `names`."""

    names: tuple[str, ...]
    what: str  # the rule in words, for the parameters list and the robustness table
    problem: Callable[[Mapping[str, Any]], str | None]

    def check(self, values: Mapping[str, Any], where: str = "") -> None:
        """Raise ParameterError naming the parameters if the values break the rule."""
        found = self.problem(values)
        if found:
            shown = ", ".join(f"{where}{n} = {values[n]!r}" for n in self.names)
            raise ParameterError(f"parameters {shown} do not go together: {found}")


#: Units short enough to follow a value in a sentence ("8 GW"); others go without.
READER_UNITS = ("GW", "years", "kW", "GPUs")


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
    #: What readers see in the parameters table and the summary line; the name is for `-p`.
    label: str = ""
    #: For an estimate: its plausible values, which the uncertainty ranges draw from.
    range: Range | None = None

    def __post_init__(self) -> None:
        if self.range is not None and self.range.problems(self):
            raise ValueError(f"parameter {self.name}: " + "; ".join(self.range.problems(self)))

    def shown(self, value: Any) -> str:
        """A value as readers read it: "yes"/"no" for a switch, "8 GW", a share as "38%"."""
        if self.type is bool:
            return "yes" if value else "no"
        if isinstance(value, str) and not value.strip():
            return "none"
        if self.unit in ("fraction", "per year"):
            return f"{100 * value:.3g}%"
        text = f"{value:,g}" if isinstance(value, float) else str(value)
        return f"{text}\u00a0{self.unit}" if self.unit in READER_UNITS else text

    def allowed(self) -> str:
        """Say in words what values are allowed."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.type is bool:
            return "True or False"
        if self.is_date:
            return f"a date (YYYY-MM-DD) from {self.min} to {self.max}"
        kind = {int: "a whole number", float: "a number", str: "text"}[self.type]
        low, high = (v if v is None else f"{v:,}" if self.type is int else f"{v:g}"
                     for v in (self.min, self.max))
        if self.min is not None and self.max is not None:
            return f"{kind} from {low} to {high}"
        if self.min is not None:
            return f"{kind} of at least {low}"
        if self.max is not None:
            return f"{kind} of at most {high}"
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


def describe_values(values: Mapping[str, Any]) -> str:
    """Parameter values as text: "pue = 1.5, load_factor = 0.9"."""
    return ", ".join(f"{name} = {value}" for name, value in values.items())
