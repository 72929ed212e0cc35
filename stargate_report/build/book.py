"""The book's sources, how they are staged, and the jupyter-book run that renders them.

`book_sources` is the one list of what a build reads; copies of the book (the tests',
the benchmark's) are made from it. `stage` lays the sources out with the executed
notebooks in place of the chapters, and `run_jupyter_book` renders that staged copy:
jupyter-book never executes anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .. import params
from .result import BuildError

#: Book sources copied as they are (notebooks are replaced by their executed copies).
BOOK_FILES = ("_config.yml", "_toc.yml")
#: Folders the chapters read while they execute: the data package, and the scenarios
#: (the base case every build starts from, and those the comparison chapter compares).
INPUT_DIRS = ("data", "scenarios")
#: Files of the environment that can change what a chapter outputs.
ENVIRONMENT_FILES = ("requirements.txt", "pyproject.toml")
#: The page the build writes (a placeholder of the same name is in the sources).
PROVENANCE_DOC = "provenance"


def toc_files(root: Path) -> list[str]:
    """Every document in `_toc.yml` (root first), as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def chapter_notebooks(root: Path) -> dict[str, Path]:
    """The chapter notebooks of the book, by chapter name (the file's stem)."""
    notebooks = {}
    for doc in toc_files(root):
        path = root / f"{doc}.ipynb"
        if path.is_file():
            params.specs(path.stem)  # every chapter notebook must declare its parameters
            notebooks[path.stem] = path
    return notebooks


def book_sources(root: Path) -> list[str]:
    """What a build of the book at `root` reads, as paths under `root` (files and folders).

    A copy of these builds the same book: the configuration, each document of
    `_toc.yml` (a chapter's notebook, or a page's markdown, the provenance placeholder
    included), the folders chapters read, and the environment files that are part of
    every cache key (when present). Not `_build/`, the package or the tests.
    """
    docs = [f"{doc}.ipynb" if (root / f"{doc}.ipynb").is_file() else f"{doc}.md"
            for doc in toc_files(root)]
    environment = [name for name in ENVIRONMENT_FILES if (root / name).is_file()]
    return [*BOOK_FILES, *docs, *INPUT_DIRS, *environment]


def stage(root: Path, executed: dict[str, Path], stage_dir: Path,
          generated: dict[str, str] | None = None,
          substitutions: dict[str, str] | None = None) -> None:
    """Lay out the book sources in `stage_dir`, with executed copies of the notebooks.

    `executed` maps a book document ("chapters/sources") to its executed notebook;
    `generated` maps a document to markdown written by the build (it replaces the
    placeholder of the same name); `substitutions` are added to the MyST substitutions
    of `_config.yml` (the scenario's name and title, used on every chapter page).
    """
    generated = generated or {}
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy2(root / name, stage_dir / name)
    if substitutions:
        config_path = stage_dir / "_config.yml"
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        parse = config.setdefault("parse", {})
        parse.setdefault("myst_substitutions", {}).update(substitutions)
        config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                               encoding="utf-8")
    for doc in toc_files(root):
        target = stage_dir / doc
        target.parent.mkdir(parents=True, exist_ok=True)
        if doc in executed:
            shutil.copy2(executed[doc], target.with_suffix(".ipynb"))
        elif doc in generated:
            target.with_suffix(".md").write_text(generated[doc], encoding="utf-8")
        elif (root / f"{doc}.md").is_file():
            shutil.copy2(root / f"{doc}.md", target.with_suffix(".md"))
        else:
            raise BuildError(f"_toc.yml lists '{doc}', which is neither a chapter notebook "
                             "nor a markdown file")


def run_jupyter_book(stage_dir: Path, out_dir: Path, source_epoch: str | None = None,
                     cache_dir: Path | None = None) -> Path:
    """Build HTML from the staged sources into a fresh `out_dir`; warnings are errors.

    `source_epoch` (Unix seconds) dates the pages' "Last updated" line, unless the
    caller's environment already sets `SOURCE_DATE_EPOCH`; `cache_dir` keeps the Vega
    bundle between builds.
    """
    if out_dir.exists():  # a fresh environment: -W on an incremental build can pass falsely
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
           "build", str(stage_dir), "--path-output", str(out_dir), "--builder", "html",
           "-W", "-n", "--keep-going"]
    env = _quiet_env()
    if cache_dir:
        from .. import render  # Altair: imported only when a book is rendered

        env.setdefault(render.CACHE_ENV, str(cache_dir))
    if source_epoch and "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = source_epoch
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    log = out_dir / "jupyter-book.log"
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # colour codes
        problems = [line.strip() for line in output.splitlines()
                    if "WARNING" in line or "ERROR" in line or "Error" in line]
        details = "\n".join(f"  {line}" for line in problems[:20]) or "  (see the log)"
        raise BuildError(f"jupyter-book failed (exit {proc.returncode}):\n{details}\n"
                         f"  full log: {log}")
    return out_dir / "_build" / "html"


def _quiet_env() -> dict:
    """This process's environment for jupyter-book, without colour codes in its log."""
    env = dict(os.environ)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env["NO_COLOR"] = "1"
    return env
