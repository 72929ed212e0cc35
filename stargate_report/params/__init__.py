"""Parameters: the contract (`spec`), every chapter's declarations (`chapters`) and
scenario files (`scenarios`). Import from here; the parts are re-exported."""

from .chapters import (
    CHAPTERS,
    FILTERS,
    SHARED,
    Chapter,
    chapter,
    chapter_names,
    defaults,
    from_namespace,
    parse_overrides,
    specs,
    validate,
)
from .scenarios import (
    SCENARIO_NAME,
    Scenario,
    describe_changes,
    load_scenario,
    shared_conflicts,
    with_overrides,
)
from .spec import Param, ParameterError, describe_values

__all__ = [
    "CHAPTERS", "FILTERS", "SHARED", "SCENARIO_NAME", "Chapter", "Param", "ParameterError",
    "Scenario",
    "chapter", "chapter_names", "defaults", "describe_changes", "describe_values",
    "from_namespace", "load_scenario", "parse_overrides", "shared_conflicts", "specs",
    "validate", "with_overrides",
]
