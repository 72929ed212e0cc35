"""Build the book: execute chapters (papermill) → stage → jupyter-book → publish atomically.

The published book is a symlink (`_build/html`) to a finished release directory, so a
reader, a server or a deploy step sees either the previous book or the new one, never
a half-written mix: the swap is a single `rename` of the link, done only after every
chapter has executed and jupyter-book has built the whole book without a warning.

Executed chapters are cached by a key over everything they read (see `chapter_key`),
so a rebuild executes only the chapters whose inputs changed, and a scenario that
changes one chapter reuses the others' executions from any earlier build. Chapters
to execute run in parallel, each kernel on its own Unix sockets.

The parts, in the order `build` uses them:

- `book`: what the book's sources are (`book_sources`, `chapter_notebooks`), staging
  them with the executed notebooks, and the jupyter-book run that renders them;
- `cache`: the cache keys and the cache of executed chapters;
- `execute`: papermill, kernels, and chapters executed side by side;
- `publish`: where a book is published, the atomic swap, and the record of what was.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from .. import data, params, provenance
from . import publish  # the module: `publish.publish` is the atomic swap
from .book import (
    BOOK_FILES,
    ENVIRONMENT_FILES,
    INPUT_DIRS,
    PROVENANCE_DOC,
    book_sources,
    chapter_notebooks,
    run_jupyter_book,
    stage,
    toc_files,
)
from .cache import (
    CACHE_KEEP,
    PACKAGE_DIR,
    Cache,
    book_key,
    canonical_parameters,
    chapter_key,
    notebook_fingerprint,
    shared_inputs,
)
from .execute import (
    DEFAULT_JOBS,
    KERNEL_START_ATTEMPTS,
    execute_all,
    execute_chapter,
    tidy_executed,
)
from .publish import _up_to_date, published_dir, work_dir, write_record
from .result import BuildError, BuildResult, ChapterRun

#: The repository's root: the book this checkout builds by default.
ROOT = Path(__file__).resolve().parent.parent.parent
BASE_SCENARIO = "scenarios/base.yaml"

__all__ = [
    "BASE_SCENARIO", "BOOK_FILES", "CACHE_KEEP", "DEFAULT_JOBS", "ENVIRONMENT_FILES",
    "INPUT_DIRS", "KERNEL_START_ATTEMPTS", "PACKAGE_DIR", "PROVENANCE_DOC",
    "ROOT", "BuildError", "BuildResult", "Cache", "ChapterRun", "_up_to_date",
    "book_key", "book_sources", "build", "canonical_parameters", "chapter_key",
    "chapter_notebooks", "check_chapter_inputs", "check_inputs", "execute_all",
    "execute_chapter", "notebook_fingerprint", "published_dir", "run_jupyter_book",
    "shared_inputs", "stage", "tidy_executed", "toc_files", "work_dir", "write_record",
]


def record_dates(root: Path, scenario) -> dict[str, str]:
    """What every page says of its record: the newest day of the record ("record_end"),
    and the as-of date each chapter that has one reads it on ("as_of_<chapter>")."""
    import pandas as pd

    from ..models.audit import record_end

    dates = {"record_end": f"{record_end(data.load(root / 'data')):%-d %B %Y}"}
    for chapter in params.chapter_names():
        values = scenario.for_chapter(chapter)
        if "as_of" in values:
            dates[f"as_of_{chapter}"] = f"{pd.Timestamp(values['as_of']):%-d %B %Y}"
    return dates


def check_inputs(root: Path, scenario: params.Scenario | Path | str) -> params.Scenario:
    """Validate the data package, the scenario and the chapters before executing anything."""
    data.load(root / "data")
    if not isinstance(scenario, params.Scenario):
        scenario = params.load_scenario(scenario)
    for chapter in chapter_notebooks(root):
        check_chapter_inputs(root, chapter, scenario.for_chapter(chapter))
    return scenario


def check_chapter_inputs(root: Path, chapter: str, values: dict) -> None:
    """Check a chapter's values against the files it reads (a parameter's spec cannot see
    files: a scenario name must be a file in scenarios/)."""
    params.check_files(root, chapter, values)


def build(root: Path = ROOT, scenario: params.Scenario | Path | str | None = None,
          log=print, jobs: int = DEFAULT_JOBS, cache: bool = True) -> BuildResult:
    """Build a scenario's book and publish it; raise ParameterError, DataError or BuildError.

    Chapters whose cache key is unchanged are reused; the others execute, `jobs` at a
    time. When every key and page source is unchanged and the published book was built
    from them, nothing is rebuilt. Nothing is published unless every chapter executed
    and jupyter-book succeeded.
    """
    root = Path(root).resolve()
    # Bad input stops the build here, before anything is executed or written.
    scenario = check_inputs(root, scenario or root / BASE_SCENARIO)
    # One build at a time in this folder: a second one waits, then plans from what the
    # first published (and so finds it up to date when their inputs are the same).
    with publish.build_lock(root, log):
        return _build_locked(root, scenario, log, jobs, cache)


def _build_locked(root: Path, scenario: params.Scenario, log, jobs: int,
                  cache: bool) -> BuildResult:
    """The build itself, run while this process holds the folder's build lock."""
    store = Cache(root / "_build" / "cache")
    shared = shared_inputs(root)
    result = BuildResult(scenario, published_dir(root, scenario))

    # Chapters whose key is in the cache are copied from it; the others execute.
    result.chapters, todo = _plan(root, scenario, shared, store, use_cache=cache)
    if result.reused:
        log(f"reused from the cache (inputs unchanged): {', '.join(result.reused)}")
    if todo:
        log(f"executing {len(todo)} chapter(s) on {min(jobs, len(todo))} worker(s): "
            f"{', '.join(job[0] for job in todo)}")
        _execute(root, result, todo, store, jobs, log)
    else:
        log("executed no chapter: every chapter's inputs are unchanged")

    # The published book was built from these very chapters and pages: leave it as it is.
    key = book_key(root, scenario, result.chapters, shared)
    if _up_to_date(root, scenario, key):
        result.up_to_date = True
        log(f"the published book is up to date: {result.html.relative_to(root)}/index.html")
        return result

    # Render a staged copy in this build's own folder (on failure, it keeps the log).
    work = work_dir(root, scenario)
    executed = {run.notebook.relative_to(root).with_suffix("").as_posix(): run.executed
                for run in result.chapters}
    stage(root, executed, work / "src",
          generated={PROVENANCE_DOC: provenance.markdown(root, scenario, result, _utc_now())},
          substitutions={"scenario_name": scenario.name, "scenario_title": scenario.title,
                         **record_dates(root, scenario)})
    started = time.perf_counter()
    html = run_jupyter_book(work / "src", work / "out", provenance.source_date_epoch(root),
                            root / "_build" / "cache" / "vendor")
    result.book_seconds = time.perf_counter() - started
    log(f"built the book in {result.book_seconds:.1f} s")

    # Readers see the old book or the new one, never a mix: one atomic swap of the link.
    publish.publish(html, result.html)
    shutil.rmtree(work, ignore_errors=True)
    write_record(root, result, key)
    log(f"published {result.html.relative_to(root)}/index.html")
    return result


def _plan(root: Path, scenario: params.Scenario, shared: dict[str, str], store: Cache,
          use_cache: bool) -> tuple[list[ChapterRun], list[tuple[str, Path, dict, Path]]]:
    """Each chapter's run, and the jobs of the chapters to execute.

    A chapter found in the cache is copied to `_build/executed/<scenario>/`, where the
    book is staged from; the others will be executed there.
    """
    executed_dir = root / "_build" / "executed" / scenario.name
    runs, todo = [], []
    for chapter, notebook in chapter_notebooks(root).items():
        values = scenario.for_chapter(chapter)
        key = chapter_key(root, chapter, notebook, values, shared)
        out_path = executed_dir / notebook.relative_to(root)
        hit = store.get(chapter, key) if use_cache else None
        if hit:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hit[0], out_path)
            runs.append(ChapterRun(chapter, notebook, out_path, hit[1]["seconds"], key, True,
                                   hit[1]["executed_at"]))
        else:
            todo.append((chapter, notebook, values, out_path))
            runs.append(ChapterRun(chapter, notebook, out_path, 0.0, key, False, ""))
    return runs, todo


def _execute(root: Path, result: BuildResult, todo: list[tuple[str, Path, dict, Path]],
             store: Cache, jobs: int, log) -> None:
    """Execute the planned chapters, `jobs` at a time, and cache each one under its key."""
    runs = {run.chapter: run for run in result.chapters}
    for chapter, took in execute_all(root, todo, jobs, log).items():
        run = runs[chapter]
        run.seconds, run.executed_at = took, _utc_now()
        store.put(chapter, run.key, run.executed,
                  {"chapter": chapter, "seconds": round(took, 2),
                   "executed_at": run.executed_at})


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
