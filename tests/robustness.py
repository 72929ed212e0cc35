"""The robustness table: each hostile input or fault the suite tries, what the user sees,
the exit status, and whether the published book is left as it was.

A test declares its case with `@case(...)` (or `pytest.param(..., marks=case(...))` for
one case per parameter). `pytest --robustness-table PATH` writes the table from the
collected tests themselves; `make robustness` writes `docs/robustness.md`, and a test
fails when that file is not what the tests declare.
"""

from __future__ import annotations

import pytest

#: What each column of the table says.
BOOK = {"unchanged": "unchanged", "rebuilt": "rebuilt, whole", "none": "no book involved"}


def case(fault: str, sees: str, exit: int | None, book: str = "unchanged"):
    """Mark a test as the check of one fault: what is done wrong, what the user sees, the
    exit status (None where no command runs) and what becomes of the published book."""
    if book not in BOOK:
        raise ValueError(f"book = {book!r}; one of {', '.join(BOOK)}")
    return pytest.mark.robustness(fault=fault, sees=sees, exit=exit, book=book)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def table(items) -> str:
    """The Markdown table of every collected test that declares a case, in suite order."""
    rows = []
    # in file and line order, whatever order the run uses (pytest-randomly shuffles it)
    for item in sorted(items, key=lambda i: (i.location[0], i.location[1], i.name)):
        marker = item.get_closest_marker("robustness")
        if marker is None:
            continue
        k = marker.kwargs
        test = item.nodeid.split("::", 1)[0].removeprefix("tests/") + "::" + item.name
        exit_text = "–" if k["exit"] is None else str(k["exit"])
        rows.append(f"| {len(rows) + 1} | {_cell(k['fault'])} | {_cell(k['sees'])} | "
                    f"{exit_text} | {BOOK[k['book']]} | `{_cell(test)}` |")
    return "\n".join([
        "# Robustness: hostile inputs and faults, and what happens",
        "",
        "Written by `make robustness` from the tests that check each case (never by hand; a "
        "test fails when this file is out of date). Every case passes in `make test`.",
        "",
        f"{len(rows)} cases.",
        "",
        "| # | Input or fault | What the user sees | Exit | Published book | Test |",
        "|--:|---|---|--:|---|---|",
        *rows,
    ]) + "\n"
