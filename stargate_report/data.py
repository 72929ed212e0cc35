"""Load the data package (`data/datapackage.json`) into typed DataFrames, validated.

The checks themselves are in `checks` (every table's rows) and `ledger` (the claims'
quotes and values); a package that fails any of them is not returned. `Package` is
what models read: its tables, and one row or value by id.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import checks
from .rows import TOPICS, DataError, Problem, find_source, split_list

__all__ = ["TOPICS", "DataError", "Package", "Problem", "book_root", "descriptor", "load",
           "rehash", "split_list"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: Set by the build for the kernels it starts, so that a copy of the book (a test's, or
#: a checkout elsewhere) reads its own data and scenario files, not this checkout's.
ROOT_ENV = "STARGATE_ROOT"


def book_root() -> Path:
    """The book being built: `$STARGATE_ROOT` when the build set it, else this checkout."""
    return Path(os.environ.get(ROOT_ENV) or DATA_DIR.parent)

def descriptor(data_dir: Path | str | None = None) -> dict:
    """The parsed datapackage.json (resource paths are relative to `data_dir`)."""
    data_dir = Path(data_dir or book_root() / "data")
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def _read_table(data_dir: Path, resource: dict) -> pd.DataFrame:
    """Read a CSV resource with pandas types that follow its Table Schema."""
    fields = resource["schema"]["fields"]
    df = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False,
                     encoding="utf-8")
    for field in fields:
        name, kind = field["name"], field["type"]
        col = df[name].replace("", pd.NA)
        if kind == "date":
            df[name] = pd.to_datetime(col, format="%Y-%m-%d")
        elif kind in ("number", "integer"):
            df[name] = pd.to_numeric(col)
        else:
            df[name] = col.astype("string")
    return df


@dataclass(frozen=True)
class Package:
    """The validated tables of the data package."""

    data_dir: Path
    articles: pd.DataFrame
    reference: pd.DataFrame
    claims: pd.DataFrame
    claims_ignored: pd.DataFrame
    tensions: pd.DataFrame
    commitments: pd.DataFrame
    sites: pd.DataFrame
    events: pd.DataFrame
    flows: pd.DataFrame

    def source(self, source_id: str) -> dict:
        """A claim or reference row by id: its value, unit, text and a short citation."""
        return find_source(self.claims, self.reference, source_id)

    def value(self, source_id: str) -> float:
        """The value of a claim or reference row, as a number (its unit is the row's)."""
        return float(self.source(source_id)["value"])

    def ref(self, reference_id: str) -> pd.Series:
        """One public-record row by id: publisher, title, date, value, grade, excerpt, …"""
        rows = self.reference[self.reference["id"] == reference_id]
        if rows.empty:
            raise KeyError(f"no reference row with id {reference_id!r}")
        return rows.iloc[0]

    def claim(self, claim_id: str) -> pd.Series:
        """One claim of the ledger by id: article, quote, gloss, value, unit, …"""
        rows = self.claims[self.claims["claim_id"] == claim_id]
        if rows.empty:
            raise KeyError(f"no claim with id {claim_id!r}")
        return rows.iloc[0]

    def article_text(self, article_id: str) -> str:
        """The text of one article, exactly as received."""
        row = self.articles.loc[self.articles["article_id"] == article_id]
        if row.empty:
            raise KeyError(f"no article with id {article_id!r}")
        return (self.data_dir / str(row.iloc[0]["file"])).read_text(encoding="utf-8")


def _fingerprint(data_dir: Path) -> tuple:
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def load(data_dir: Path | str | None = None) -> Package:
    """Validate the data package and return its tables; raise DataError if invalid."""
    data_dir = Path(data_dir or book_root() / "data").resolve()
    return _load_cached(data_dir, _fingerprint(data_dir))


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path, _fingerprint: tuple) -> Package:
    problems = checks.schema_problems(data_dir)
    if problems:  # the tables cannot be trusted enough to read further
        raise DataError(problems)
    resources = descriptor(data_dir)["resources"]
    tables = {r["name"]: _read_table(data_dir, r) for r in resources
              if r.get("format") == "csv"}
    articles, reference = tables["articles"], tables["reference"]
    problems = checks.table_problems(data_dir, tables, resources)
    if problems:
        raise DataError(problems)
    return Package(data_dir, articles, reference, tables["claims"], tables["claims_ignored"],
                   tables["tensions"], tables["commitments"], tables["sites"], tables["events"],
                   tables["flows"])


def rehash(data_dir: Path | str | None = None) -> list[str]:
    """Recompute every resource's sha256 in datapackage.json; return the resources changed.

    For curators: after an intended edit of a data file, run
    `python -m stargate_report rehash`, then review the diff before committing.
    """
    import hashlib

    data_dir = Path(data_dir or book_root() / "data")
    path = data_dir / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for resource in pkg["resources"]:
        digest = "sha256:" + hashlib.sha256((data_dir / resource["path"]).read_bytes()).hexdigest()
        if resource.get("hash") != digest:
            resource["hash"] = digest
            changed.append(resource["name"])
    path.write_text(json.dumps(pkg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return changed
