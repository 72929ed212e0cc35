"""Shared fixtures: the repository root, a throwaway copy of the book, a built book."""

from __future__ import annotations

import contextlib
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


#: Pages' "Last updated" date for books built by the tests: fixed, so that two builds
#: made either side of midnight still match (a real build uses its last commit's date;
#: a test's copy of the book is not a git checkout).
SOURCE_DATE_EPOCH = "1790000000"


def copy_book(dest: Path) -> Path:
    """Copy what a build reads into `dest` (not _build/, .venv/ or tests/)."""
    from stargate_report.build import book_sources

    dest.mkdir(parents=True, exist_ok=True)
    for name in book_sources(ROOT):
        src, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    return dest


def copy_with_cache(dest: Path, built: Path) -> Path:
    """A book copy that starts with the build cache of the book at `built`: its first build
    reuses every chapter the sources have not changed and only renders, the real build
    path without executing again what the session's book already executed."""
    copy_book(dest)
    shutil.copytree(built / "_build" / "cache", dest / "_build" / "cache")
    return dest


@contextlib.contextmanager
def edited(path: Path):
    """Let a test break a file of a shared book copy; its bytes come back afterwards."""
    original = path.read_bytes()
    try:
        yield path
    finally:
        path.write_bytes(original)


def cli(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run the project's command line on a book copy, as a user would."""
    return subprocess.run([sys.executable, "-m", "stargate_report", "--root", str(root), *args],
                          capture_output=True, text=True, **kwargs)


def glued(notebook: Path) -> dict[str, object]:
    """The values a notebook glued with myst-nb, by name (text/plain, parsed)."""
    import ast

    values = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if not name:
                continue
            data = output["data"]
            if "application/papermill.record/text/html" in data:
                continue  # a chart glued for another page (the landing page's)
            md = data.get("application/papermill.record/text/markdown")
            text = data.get("application/papermill.record/text/plain")
            if md is not None:
                values[name] = md
            else:
                try:
                    values[name] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    values[name] = text
    return values


def tree_digest(path: Path) -> dict[str, bytes]:
    """Every file under `path` (through the published symlink) with its bytes."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """A book built from a fresh copy of the sources, through the real build path."""
    from stargate_report import build

    root = copy_book(tmp_path_factory.mktemp("book"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        return build.build(root, log=lambda *_: None)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ for breaking things on purpose."""
    return shutil.copytree(ROOT / "data", tmp_path / "data")


def edit_csv(path, line, field, value):
    """Set one cell of a CSV (file line numbers: the header is line 1)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[line - 2][field] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def drop_row(path, first_cell):
    """Remove the one row of a CSV whose first cell is `first_cell`."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(first_cell + ",")]
    assert len(kept) == len(lines) - 1, f"no single row {first_cell!r} in {path}"
    path.write_text("".join(kept), encoding="utf-8")


def chart_specs(notebook: Path) -> dict[str, dict]:
    """The Vega-Lite specs a notebook drew, by chart title."""
    import json
    import re

    specs = {}
    pattern = re.compile(r'<script type="application/json" class="sg-spec"[^>]*>(.*?)</script>',
                         re.S)
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            for match in pattern.finditer(output.get("data", {}).get("text/html", "")):
                spec = json.loads(match.group(1))
                title = spec.get("title", {})
                specs[title.get("text") if isinstance(title, dict) else title] = spec
    return specs


def chart_rows(spec: dict) -> list[dict]:
    """Every data row of a spec (all its inline datasets)."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def pytest_addoption(parser):
    parser.addoption("--robustness-table", metavar="PATH",
                     help="write the table of robustness cases the collected tests declare")


def pytest_collection_finish(session):
    path = session.config.getoption("--robustness-table")
    if path:
        from tests.robustness import table

        Path(path).write_text(table(session.items), encoding="utf-8")
