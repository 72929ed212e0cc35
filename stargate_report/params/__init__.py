"""Parameters: the contract (`spec`), every chapter's declarations (`chapters`) and
scenario files (`scenarios`). Import from here; the parts are re-exported."""

from .chapters import (
    CHAPTERS,
    FILTERS,
    RANGE_SETTINGS,
    SHARED,
    Chapter,
    changed_ranges,
    chapter,
    chapter_names,
    defaults,
    estimate_specs,
    from_namespace,
    parse_overrides,
    specs,
    validate,
)
from .scenarios import (
    SCENARIO_NAME,
    Scenario,
    check_files,
    describe_changes,
    describe_changes_for_readers,
    load_scenario,
    load_scenarios,
    scenario_files,
    shared_conflicts,
    with_overrides,
)
from .spec import Param, ParameterError, describe_values

__all__ = [
    "CHAPTERS", "FILTERS", "RANGE_SETTINGS", "SHARED", "SCENARIO_NAME", "Chapter", "Param",
    "ParameterError", "Scenario", "chapter", "chapter_names", "changed_ranges", "estimate_specs",
    "check_files", "defaults", "describe_changes",
    "describe_changes_for_readers",
    "describe_values", "from_namespace", "load_scenario", "load_scenarios", "parse_overrides",
    "scenario_files", "shared_conflicts", "specs", "validate", "with_overrides",
]
