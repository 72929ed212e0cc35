"""What every data table shares: the topic vocabulary, list-valued cells, a row's line
in its file, a source row by id, and the problems a check reports.

The lowest layer of the package: `checks` reports with it and `data` loads with it,
so neither has to import the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .fmt import record_date

#: The report's topic vocabulary: one per topic chapter, plus the sites.
TOPICS = ("funding", "energy", "chips", "microsoft", "sites")

#: What the record calls a page that shows no title of its own.
UNTITLED = "untitled page"

#: Separator of list-valued cells (topics, cited sources, reference ids).
LIST_SEP = ";"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data package, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """The data package is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid data package ({len(problems)} problem(s)):\n{lines}")


def split_list(cell: object) -> list[str]:
    """Split a list-valued cell ("a;b") into its items; empty or missing gives []."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [item.strip() for item in str(cell).split(LIST_SEP) if item.strip()]


def event_start(text: object) -> pd.Timestamp:
    """The first day of a reference row's event date, known to the day ("2026-03-31"),
    the month ("2025-07") or the year ("2021"); NaT when the row gives none."""
    if pd.isna(text):
        return pd.NaT
    return pd.Timestamp(str(text) + {4: "-01-01", 7: "-01"}.get(len(str(text)), ""))


def described_day(ref: pd.Series) -> pd.Timestamp:
    """The day a reference row's figure describes: the event it reports where the row
    gives that day (an announcement, a balance at a quarter's end), else the day the page
    was published."""
    event = ref["event_date"]
    return event_start(event) if pd.notna(event) and len(str(event)) == 10 else ref["date"]


def line_of(df: pd.DataFrame, index: int) -> int:
    """The file line of a data row: the header is line 1."""
    return int(index) + 2


def find_source(claims_df: pd.DataFrame, reference: pd.DataFrame, source_id: str) -> dict:
    """A claim or reference row by id: its value, unit, text and a short citation."""
    claim = claims_df[claims_df["claim_id"] == source_id]
    if not claim.empty:
        c = claim.iloc[0]
        return {"id": source_id, "kind": "claim", "value": c["value"], "unit": c["unit"],
                "text": c["quote_fr"], "citation": f"article {c['article_id']} ({source_id})"}
    ref = reference[reference["id"] == source_id]
    if not ref.empty:
        r = ref.iloc[0]
        return {"id": source_id, "kind": "reference", "value": r["value"], "unit": r["unit"],
                "text": r["excerpt"] if r["title"] == UNTITLED else f"{r['excerpt']} {r['title']}",
                "citation": f"{r['publisher']}, "
                            f"{record_date(r['date'], r['date_precision'])} ({source_id})"}
    raise KeyError(f"no claim or reference row with id {source_id!r}")
