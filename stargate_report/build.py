"""Build the book: execute chapters (papermill) → stage → jupyter-book → publish atomically.

The published book is a symlink (`_build/html`) to a finished release directory, so a
reader, a server or a deploy step sees either the previous book or the new one, never
a half-written mix: the swap is a single `rename` of the link, done only after every
chapter has executed and jupyter-book has built the whole book without a warning.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from . import data, params

ROOT = Path(__file__).resolve().parent.parent
BASE_SCENARIO = "scenarios/base.yaml"
#: Book sources copied as they are (notebooks are replaced by their executed copies).
BOOK_FILES = ("_config.yml", "_toc.yml")


class BuildError(RuntimeError):
    """A chapter raised, or jupyter-book failed: the published book was left as it was."""


@dataclass
class ChapterRun:
    """One executed chapter."""

    chapter: str
    notebook: Path
    executed: Path
    seconds: float


@dataclass
class BuildResult:
    """What a build did and where the book is."""

    scenario: params.Scenario
    html: Path
    chapters: list[ChapterRun] = field(default_factory=list)
    book_seconds: float = 0.0


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


def published_dir(root: Path, scenario: params.Scenario) -> Path:
    """Where a scenario's book is published: `_build/html` for the base case."""
    if scenario.name == "base":
        return root / "_build" / "html"
    return root / "_build" / "scenarios" / scenario.name / "html"


def tidy_executed(path: Path) -> None:
    """Hide papermill's plumbing from readers and drop what varies between runs.

    The injected-parameters cell is tagged `remove-cell` (myst-nb reads only tags);
    timestamps, durations and paths that papermill and nbclient record are removed,
    so the same inputs give the same bytes. Widget state is dropped: myst-nb would
    otherwise add RequireJS from a CDN.
    """
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
        for key in ("papermill", "execution"):
            cell.metadata.pop(key, None)
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": pm.get("parameters", {})}
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def _ipc_kernel_manager(socket_dir: str):
    """A kernel manager that talks to its kernel over Unix sockets in `socket_dir`.

    TCP would do, but every kernel then logs that it runs "over TCP without encryption",
    and kernels started side by side can race for ports (ZMQError). IPC has neither.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=os.path.join(socket_dir, "kernel"), **kwargs)

    return IPCKernelManager


def execute_chapter(chapter: str, notebook: Path, values: dict, out_path: Path) -> float:
    """Run one chapter with papermill; return the seconds it took; raise BuildError."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out_path.parent.mkdir(parents=True, exist_ok=True)
    socket_dir = tempfile.mkdtemp(prefix="sg-kernel-")
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(notebook), str(out_path), parameters=values, kernel_name="python3",
            progress_bar=False, log_output=False, cwd=str(notebook.parent),
            kernel_manager_class=_ipc_kernel_manager(socket_dir),
        )
    except PapermillExecutionError as exc:
        raise BuildError(
            f"chapter '{chapter}' ({notebook.name}) raised in cell {exc.exec_count}: "
            f"{exc.ename}: {exc.evalue}\n"
            f"  the executed notebook, with the traceback, is at {out_path}") from None
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
    tidy_executed(out_path)
    return time.perf_counter() - started


def stage(root: Path, executed: dict[str, Path], stage_dir: Path) -> None:
    """Lay out the book sources in `stage_dir`, with executed copies of the notebooks.

    `executed` maps a book document ("chapters/sources") to its executed notebook.
    """
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy2(root / name, stage_dir / name)
    for doc in toc_files(root):
        target = stage_dir / doc
        target.parent.mkdir(parents=True, exist_ok=True)
        if doc in executed:
            shutil.copy2(executed[doc], target.with_suffix(".ipynb"))
        elif (root / f"{doc}.md").is_file():
            shutil.copy2(root / f"{doc}.md", target.with_suffix(".md"))
        else:
            raise BuildError(f"_toc.yml lists '{doc}', which is neither a chapter notebook "
                             "nor a markdown file")


def run_jupyter_book(stage_dir: Path, out_dir: Path) -> Path:
    """Build HTML from the staged sources into a fresh `out_dir`; warnings are errors."""
    if out_dir.exists():  # a fresh environment: -W on an incremental build can pass falsely
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
           "build", str(stage_dir), "--path-output", str(out_dir), "--builder", "html",
           "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_quiet_env())
    log = out_dir / "jupyter-book.log"
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        problems = [line.strip() for line in (proc.stdout + proc.stderr).splitlines()
                    if "WARNING" in line or "ERROR" in line or "Error" in line]
        details = "\n".join(f"  {line}" for line in problems[:20]) or "  (see the log)"
        raise BuildError(f"jupyter-book failed (exit {proc.returncode}):\n{details}\n"
                         f"  full log: {log}")
    return out_dir / "_build" / "html"


def _quiet_env() -> dict:
    env = dict(os.environ)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env["NO_COLOR"] = "1"
    return env


def publish(new_html: Path, dest: Path) -> None:
    """Make `dest` point to `new_html` in one atomic step; remove older releases.

    `dest` is a symlink into `dest.parent/.releases/<dest.name>/`; the new release is
    moved there first, then a fresh link replaces `dest` with `os.replace` (atomic on
    POSIX). Readers of the old link keep a whole old book until the swap.
    """
    releases = dest.parent / ".releases" / dest.name
    releases.mkdir(parents=True, exist_ok=True)
    release = releases / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    shutil.move(str(new_html), str(release))
    link_tmp = dest.parent / f".{dest.name}.link-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(release.relative_to(dest.parent))
    if dest.exists() and not dest.is_symlink():  # a plain directory from elsewhere
        shutil.rmtree(dest)
    os.replace(link_tmp, dest)
    for old in releases.iterdir():
        if old != release:
            shutil.rmtree(old, ignore_errors=True)


def check_inputs(root: Path, scenario_file: Path | str) -> params.Scenario:
    """Validate the data package, the scenario and the chapters before executing anything."""
    data.load(root / "data")
    scenario = params.load_scenario(scenario_file)
    chapter_notebooks(root)
    return scenario


def build(root: Path = ROOT, scenario_file: Path | str | None = None,
          log=print) -> BuildResult:
    """Build a scenario's book and publish it; raise ParameterError, DataError or BuildError.

    Nothing is published unless every chapter executed and jupyter-book succeeded.
    """
    root = Path(root).resolve()
    scenario = check_inputs(root, scenario_file or root / BASE_SCENARIO)
    build_dir = root / "_build"
    executed_dir = build_dir / "executed" / scenario.name
    result = BuildResult(scenario, published_dir(root, scenario))
    executed = {}
    for chapter, notebook in chapter_notebooks(root).items():
        out_path = executed_dir / notebook.relative_to(root)
        seconds = execute_chapter(chapter, notebook, scenario.for_chapter(chapter), out_path)
        result.chapters.append(ChapterRun(chapter, notebook, out_path, seconds))
        executed[notebook.relative_to(root).with_suffix("").as_posix()] = out_path
        log(f"executed {chapter} in {seconds:.1f} s → {out_path.relative_to(root)}")
    work = build_dir / "work" / f"{scenario.name}-{os.getpid()}"
    stage(root, executed, work / "src")
    started = time.perf_counter()
    html = run_jupyter_book(work / "src", work / "out")  # on failure, work/ keeps the log
    result.book_seconds = time.perf_counter() - started
    log(f"built the book in {result.book_seconds:.1f} s")
    (executed_dir / "build.json").write_text(json.dumps({
        "scenario": scenario.name,
        "chapters": {run.chapter: {"seconds": round(run.seconds, 2)}
                     for run in result.chapters},
        "book_seconds": round(result.book_seconds, 2),
    }, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    publish(html, result.html)
    shutil.rmtree(work, ignore_errors=True)
    log(f"published {result.html.relative_to(root)}/index.html")
    return result
