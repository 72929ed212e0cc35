"""What a build did: each chapter's run, the book it published, and its one error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import params


class BuildError(RuntimeError):
    """A chapter raised, or jupyter-book failed: the published book was left as it was."""


@dataclass
class ChapterRun:
    """One chapter of a build: executed now, or reused from the cache."""

    chapter: str
    notebook: Path
    executed: Path
    seconds: float  # the execution's duration, when it happened
    key: str
    cached: bool
    executed_at: str  # UTC, ISO 8601


@dataclass
class BuildResult:
    """What a build did and where the book is."""

    scenario: params.Scenario
    html: Path
    chapters: list[ChapterRun] = field(default_factory=list)
    book_seconds: float = 0.0
    up_to_date: bool = False  # nothing changed: no chapter executed, no page rebuilt

    @property
    def executed(self) -> list[str]:
        """The chapters executed by this build."""
        return [run.chapter for run in self.chapters if not run.cached]

    @property
    def reused(self) -> list[str]:
        """The chapters copied from the cache."""
        return [run.chapter for run in self.chapters if run.cached]
