"""Cache keys over everything a chapter reads, and the cache of executed chapters.

A chapter's key (`chapter_key`) hashes its notebook without outputs, its parameter
values, the inputs every chapter shares (`shared_inputs`) and the files it alone reads
(its `reads`, declared with its parameters in `params.chapters`): when the key is
unchanged, its earlier execution is reused. The book's key (`book_key`) adds what the
pages read as they are, so that a build with nothing changed publishes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from .. import params
from .book import BOOK_FILES, ENVIRONMENT_FILES, toc_files

if TYPE_CHECKING:
    from .result import ChapterRun

#: The `stargate_report` package, whose source is part of every key.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Cached executions kept per chapter (the most recently used).
CACHE_KEEP = 12


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files_digest(paths, base: Path) -> dict[str, str]:
    """sha256 of every file under `paths` (files or directories), by path under `base`."""
    digest = {}
    for path in paths:
        path = Path(path)
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                try:
                    name = file.relative_to(base).as_posix()
                except ValueError:
                    name = file.as_posix()
                digest[name] = _sha256(file.read_bytes())
    return digest


def notebook_fingerprint(notebook: Path) -> str:
    """What a notebook will run: cell types, sources and tags; outputs and ids ignored."""
    nb = nbformat.read(notebook, as_version=4)
    cells = [(cell.cell_type, cell.source, sorted(cell.metadata.get("tags", [])))
             for cell in nb.cells]
    kernel = nb.metadata.get("kernelspec", {}).get("name", "")
    return _sha256(json.dumps([kernel, cells], ensure_ascii=False).encode())


def canonical_parameters(values: dict) -> str:
    """Parameter values as canonical JSON: sorted names, dates as ISO text."""
    return json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)


def shared_inputs(root: Path) -> dict[str, str]:
    """Digest of what every chapter reads: data package, package source, environment."""
    inputs = _files_digest([root / "data"], root)
    inputs.update({f"package/{name}": digest
                   for name, digest in _files_digest([PACKAGE_DIR], PACKAGE_DIR).items()})
    inputs.update(_files_digest([root / name for name in ENVIRONMENT_FILES], root))
    inputs["python"] = sys.version
    return inputs


def chapter_key(root: Path, chapter: str, notebook: Path, values: dict,
                shared: dict[str, str]) -> str:
    """The cache key of one chapter execution: it changes when anything it reads does.

    Hashed: the notebook without outputs, the canonical parameter values, the data
    package's files, this package's source, the requirements and Python's version,
    and any files the chapter's declaration says it reads (`params.Chapter.reads`).
    """
    extra = _files_digest([root / p for p in params.chapter(chapter).reads], root)
    payload = {"chapter": chapter, "notebook": notebook_fingerprint(notebook),
               "parameters": canonical_parameters(values), "shared": shared, "extra": extra}
    return _sha256(json.dumps(payload, sort_keys=True).encode())


def book_key(root: Path, scenario: params.Scenario, runs: list[ChapterRun],
             shared: dict[str, str]) -> str:
    """What the published pages depend on: chapter keys, page sources, scenario naming."""
    docs = [root / f"{doc}.md" for doc in toc_files(root)]
    payload = {
        "chapters": {run.chapter: run.key for run in runs},
        "sources": _files_digest([root / name for name in BOOK_FILES] + docs, root),
        "shared": shared,
        "scenario": [scenario.name, scenario.title, scenario.description],
    }
    return _sha256(json.dumps(payload, sort_keys=True).encode())


class Cache:
    """Executed notebooks by chapter and key: `<dir>/<chapter>/<key>.ipynb` + `.json`."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _paths(self, chapter: str, key: str) -> tuple[Path, Path]:
        base = self.directory / chapter / key
        return base.with_suffix(".ipynb"), base.with_suffix(".json")

    def get(self, chapter: str, key: str) -> tuple[Path, dict] | None:
        """The cached notebook and its record, or None. A hit is marked as recently used."""
        notebook, record = self._paths(chapter, key)
        if not (notebook.is_file() and record.is_file()):
            return None
        try:
            meta = json.loads(record.read_text(encoding="utf-8"))
        except ValueError:  # a damaged record: treat as a miss, it will be rewritten
            return None
        # a notebook cut short or grown since it was stored (a disk error, a stray edit):
        # a miss too, checked by size so that a hit costs no read of the notebook
        if meta.get("notebook_bytes", notebook.stat().st_size) != notebook.stat().st_size:
            return None
        os.utime(record)
        return notebook, meta

    def put(self, chapter: str, key: str, executed: Path, meta: dict) -> None:
        """Store an execution; each file appears whole or not at all (write, then rename)."""
        notebook, record = self._paths(chapter, key)
        notebook.parent.mkdir(parents=True, exist_ok=True)
        meta = {**meta, "notebook_bytes": executed.stat().st_size}
        for target, write in ((notebook, lambda t: shutil.copyfile(executed, t)),
                              (record, lambda t: t.write_text(json.dumps(meta, indent=2),
                                                              encoding="utf-8"))):
            tmp = target.with_name(f".{target.name}.{os.getpid()}")
            write(tmp)
            os.replace(tmp, target)
        self.prune(chapter)

    def prune(self, chapter: str, keep: int = CACHE_KEEP) -> None:
        """Keep the `keep` most recently used executions of a chapter."""
        records = sorted((self.directory / chapter).glob("*.json"),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for record in records[keep:]:
            record.unlink(missing_ok=True)
            record.with_suffix(".ipynb").unlink(missing_ok=True)
