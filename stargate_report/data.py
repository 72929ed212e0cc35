"""Load and validate the data package (`data/datapackage.json`) into typed DataFrames.

Every check names the file, the line and the field it is about, so that a bad row
can be found and fixed without reading code. Frictionless checks what the schema
declares (types, required, unique, patterns, hashes); the checks below cover what
a Table Schema cannot say (cross-file references, vocabulary, verbatim text).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: Set by the build for the kernels it starts, so that a copy of the book (a test's, or
#: a checkout elsewhere) reads its own data and scenario files, not this checkout's.
ROOT_ENV = "STARGATE_ROOT"


def book_root() -> Path:
    """The book being built: `$STARGATE_ROOT` when the build set it, else this checkout."""
    return Path(os.environ.get(ROOT_ENV) or DATA_DIR.parent)

#: The report's topic vocabulary: one per topic chapter, plus the sites.
TOPICS = ("funding", "energy", "chips", "microsoft", "sites")

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


def descriptor(data_dir: Path | str | None = None) -> dict:
    """The parsed datapackage.json (resource paths are relative to `data_dir`)."""
    data_dir = Path(data_dir or book_root() / "data")
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def _frictionless_problems(data_dir: Path) -> list[Problem]:
    from frictionless import validate

    report = validate(str(data_dir / "datapackage.json"))
    problems = []
    for task in report.tasks:
        for error in task.errors:
            file = f"data/{task.place}"
            if error.type == "hash-count":
                message = (
                    "content does not match the sha256 in datapackage.json; "
                    "if the change is intended, update the resource's 'hash'"
                )
            else:
                message = error.message
            problems.append(
                Problem(file, message, getattr(error, "row_number", None),
                        getattr(error, "field_name", None))
            )
    for error in report.errors:  # package-level (descriptor) errors
        problems.append(Problem("data/datapackage.json", error.message))
    return problems


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


def _line(df: pd.DataFrame, index: int) -> int:
    """The file line of a data row: the header is line 1."""
    return int(index) + 2


def _article_problems(data_dir: Path, articles: pd.DataFrame,
                      reference: pd.DataFrame) -> list[Problem]:
    file = "data/articles.csv"
    problems = []
    ref_ids = set(reference["id"])
    for i, row in articles.iterrows():
        line = _line(articles, i)
        path = data_dir / str(row["file"])
        if not path.is_file():
            problems.append(Problem(file, f"no such file: data/{row['file']}", line, "file"))
            continue
        text = path.read_text(encoding="utf-8")
        if not str(row["file"]).split("/")[-1].startswith(str(row["article_id"]) + "_"):
            problems.append(Problem(file, f"article_id {row['article_id']} is not the prefix "
                                          f"of the file name {row['file']}", line, "article_id"))
        if str(row["title"]) not in text:
            problems.append(Problem(file, "title is not a verbatim substring of the article",
                                    line, "title"))
        for source in split_list(row["cited_sources"]):
            if source not in text:
                problems.append(Problem(file, f"cited source {source!r} does not occur "
                                              "verbatim in the article", line, "cited_sources"))
        topics = split_list(row["topics"])
        for topic in topics:
            if topic not in TOPICS:
                problems.append(Problem(file, f"unknown topic {topic!r}; allowed: "
                                              f"{', '.join(TOPICS)}", line, "topics"))
        if not topics:
            problems.append(Problem(file, "at least one topic is required", line, "topics"))
        for ref_id in split_list(row["date_reference_ids"]):
            if ref_id not in ref_ids:
                problems.append(Problem(file, f"reference id {ref_id!r} is not in "
                                              "data/reference.csv", line, "date_reference_ids"))
        if pd.notna(row["date_latest"]) and row["date_latest"] < row["date_earliest"]:
            problems.append(Problem(file, "date_latest is before date_earliest", line,
                                    "date_latest"))
    return problems


def _reference_problems(reference: pd.DataFrame) -> list[Problem]:
    problems = []
    for i, row in reference.iterrows():
        if row["grade"] == "C" and pd.isna(row["caveat"]):
            problems.append(Problem("data/reference.csv", "grade C figures need a caveat",
                                    _line(reference, i), "caveat"))
    return problems


def _claim_problems(data_dir: Path, articles: pd.DataFrame, claims_df: pd.DataFrame,
                    ignored: pd.DataFrame) -> list[Problem]:
    from . import claims

    texts = {}
    for _, row in articles.iterrows():
        path = data_dir / str(row["file"])
        if path.is_file():
            texts[str(row["article_id"])] = path.read_text(encoding="utf-8")
    return [Problem(file, message, line, field)
            for file, line, field, message in claims.problems(claims_df, ignored, texts)]


def _source(claims_df: pd.DataFrame, reference: pd.DataFrame, source_id: str) -> dict:
    claim = claims_df[claims_df["claim_id"] == source_id]
    if not claim.empty:
        c = claim.iloc[0]
        return {"id": source_id, "kind": "claim", "value": c["value"], "unit": c["unit"],
                "text": c["quote_fr"], "citation": f"article {c['article_id']} ({source_id})"}
    ref = reference[reference["id"] == source_id]
    if not ref.empty:
        r = ref.iloc[0]
        return {"id": source_id, "kind": "reference", "value": r["value"], "unit": r["unit"],
                "text": f"{r['excerpt']} {r['title']}",
                "citation": f"{r['publisher']}, {r['date']:%Y-%m-%d} ({source_id})"}
    raise KeyError(f"no claim or reference row with id {source_id!r}")


def _commitment_problems(claims_df, reference, commitments) -> list[Problem]:
    from . import claims

    file, problems = "data/commitments.csv", []
    for i, row in commitments.iterrows():
        line, cid = int(i) + 2, row["commitment_id"]
        try:
            src = _source(claims_df, reference, str(row["source_id"]))
        except KeyError as exc:
            problems.append(Problem(file, f"{cid}: {exc.args[0]}", line, "source_id"))
            continue
        if pd.isna(src["value"]) or abs(float(src["value"]) - row["amount_bn_usd"]) > 1e-9:
            problems.append(Problem(file, f"{cid}: amount {row['amount_bn_usd']:g} is not the value "
                                    f"of {row['source_id']} ({src['value']})", line, "amount_bn_usd"))
        if pd.notna(row["term_source_id"]):
            try:
                term_src = _source(claims_df, reference, str(row["term_source_id"]))
            except KeyError as exc:
                problems.append(Problem(file, f"{cid}: {exc.args[0]}", line, "term_source_id"))
                continue
            stated = (claims.numbers_in(term_src["text"]) if term_src["kind"] == "claim"
                      else claims.english_numbers(term_src["text"]))
            if pd.isna(row["term_years"]) or float(row["term_years"]) not in stated:
                problems.append(Problem(file, f"{cid}: term {row['term_years']} years is not stated "
                                        f"by {row['term_source_id']}", line, "term_years"))
    return problems


def _site_problems(reference: pd.DataFrame, sites: pd.DataFrame) -> list[Problem]:
    ref = reference.set_index("id")
    problems = []
    for i, site in sites.iterrows():
        ids = split_list(site["source_ids"])
        unknown = [s for s in ids if s not in ref.index]
        if unknown:
            problems.append(Problem("data/sites.csv", f"{site['site_id']}: unknown reference id(s) "
                                    f"{', '.join(unknown)}", int(i) + 2, "source_ids"))
        elif pd.notna(site["capacity_gw"]) and not any(
                ref.loc[s, "unit"] == "GW" and ref.loc[s, "value"] == site["capacity_gw"] for s in ids):
            problems.append(Problem("data/sites.csv", f"{site['site_id']}: capacity "
                                    f"{site['capacity_gw']:g} GW is the value of none of its sources",
                                    int(i) + 2, "capacity_gw"))
    return problems


def _event_problems(claims_df, reference, events) -> list[Problem]:
    from . import claims

    problems = []
    for i, ev in events.iterrows():
        line, ids = int(i) + 2, split_list(ev["source_ids"])
        try:
            sources = [_source(claims_df, reference, s) for s in ids]
        except KeyError as exc:
            problems.append(Problem("data/events.csv", f"{ev['event_id']}: {exc.args[0]}", line,
                                    "source_ids"))
            continue
        if pd.notna(ev["amount_bn_usd"]):
            amount = float(ev["amount_bn_usd"])
            stated = [n for s in sources for n in claims.english_numbers(s["text"])]
            stated += [float(s["value"]) for s in sources
                       if str(s["unit"]) == "USD bn" and pd.notna(s["value"])]
            if not any(abs(n - c) <= 1e-9 * c for n in stated for c in (amount, amount * 1e9)):
                problems.append(Problem("data/events.csv", f"{ev['event_id']}: amount {amount:g} bn "
                                        "USD is stated by none of its sources", line, "amount_bn_usd"))
        if ev["kind"] == "compute purchase" and pd.isna(ev["provider"]):
            problems.append(Problem("data/events.csv", f"{ev['event_id']}: a compute purchase "
                                    "needs its provider", line, "provider"))
    return problems


def _tension_problems(claims_df, reference, tensions) -> list[Problem]:
    from . import claims

    found = list(claims.tension_problems(claims_df, reference, tensions))
    found += claims.reference_problems(reference)
    return [Problem(file, message, line, field) for file, line, field, message in found]


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

    def source(self, source_id: str) -> dict:
        """A claim or reference row by id: its value, unit, text and a short citation."""
        return _source(self.claims, self.reference, source_id)

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
    problems = _frictionless_problems(data_dir)
    if problems:  # the tables cannot be trusted enough to read further
        raise DataError(problems)
    resources = descriptor(data_dir)["resources"]
    tables = {r["name"]: _read_table(data_dir, r) for r in resources
              if r.get("format") == "csv"}
    articles, reference = tables["articles"], tables["reference"]
    problems = _article_problems(data_dir, articles, reference) + _reference_problems(reference)
    problems += _claim_problems(data_dir, articles, tables["claims"], tables["claims_ignored"])
    problems += _tension_problems(tables["claims"], reference, tables["tensions"])
    problems += _commitment_problems(tables["claims"], reference, tables["commitments"])
    problems += _site_problems(reference, tables["sites"])
    problems += _event_problems(tables["claims"], reference, tables["events"])
    article_files = {r["path"] for r in resources if r.get("format") == "txt"}
    for i, row in articles.iterrows():
        if str(row["file"]) not in article_files:
            problems.append(Problem("data/articles.csv", f"{row['file']} is not declared as a "
                                    "resource in data/datapackage.json", _line(articles, i), "file"))
    if problems:
        raise DataError(problems)
    return Package(data_dir, articles, reference, tables["claims"], tables["claims_ignored"],
                   tables["tensions"], tables["commitments"], tables["sites"], tables["events"])


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
