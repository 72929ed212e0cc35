"""Build the book: execute chapters (papermill) → stage → jupyter-book → publish atomically.

The published book is a symlink (`_build/html`) to a finished release directory, so a
reader, a server or a deploy step sees either the previous book or the new one, never
a half-written mix: the swap is a single `rename` of the link, done only after every
chapter has executed and jupyter-book has built the whole book without a warning.

Executed chapters are cached by a key over everything they read (see `chapter_key`),
so a rebuild executes only the chapters whose inputs changed, and a scenario that
changes one chapter reuses the others' executions from any earlier build. Chapters
to execute run in parallel, each kernel on its own Unix sockets.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from . import data, params, provenance, render

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
BASE_SCENARIO = "scenarios/base.yaml"
#: Book sources copied as they are (notebooks are replaced by their executed copies).
BOOK_FILES = ("_config.yml", "_toc.yml")
#: Files of the environment that can change what a chapter outputs.
ENVIRONMENT_FILES = ("requirements.txt", "pyproject.toml")


def _check_scenario_choice(root: Path, values: dict) -> None:
    from .models import compare

    compare.load_scenarios(root / "scenarios", values["scenarios"], values["baseline"])


@dataclass(frozen=True)
class ExtraInputs:
    """Files a chapter reads besides the data package and this package.

    `paths` (under the root) go into the chapter's cache key; `check` validates the
    chapter's values against those files before anything executes, as a misspelt
    value of any other parameter is.
    """

    paths: tuple[str, ...]
    check: Callable[[Path, dict], None] | None = None


EXTRA_INPUTS = {"scenarios": ExtraInputs(("scenarios",), _check_scenario_choice)}
#: Chapters are independent (each reads only the inputs above), so any may run beside
#: any other; two workers match the two cores of the machines this is built on.
DEFAULT_JOBS = 2
#: Cached executions kept per chapter (the most recently used).
CACHE_KEEP = 12
#: The page the build writes (a placeholder of the same name is in the sources).
PROVENANCE_DOC = "provenance"


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
        return [run.chapter for run in self.chapters if not run.cached]

    @property
    def reused(self) -> list[str]:
        return [run.chapter for run in self.chapters if run.cached]


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
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"  # papermill gives it a random id
            if "remove-cell" not in tags:
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


#: Exceptions that mean the kernel did not start or answer (not that a cell raised):
#: retried once with fresh sockets.
_KERNEL_START_ERRORS = (RuntimeError, TimeoutError, OSError)
KERNEL_START_ATTEMPTS = 2


def execute_chapter(chapter: str, notebook: Path, values: dict, out_path: Path) -> float:
    """Run one chapter with papermill; return the seconds it took; raise BuildError.

    A kernel that fails to start or dies before the first cell is retried once, with
    new sockets: that is a start-up race, not a fault of the chapter.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out_path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        socket_dir = tempfile.mkdtemp(prefix="sg-kernel-")
        started = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(notebook), str(out_path), parameters=values, kernel_name="python3",
                progress_bar=False, log_output=False, cwd=str(notebook.parent),
                kernel_manager_class=_ipc_kernel_manager(socket_dir),
            )
            break
        except PapermillExecutionError as exc:
            raise BuildError(
                f"chapter '{chapter}' ({notebook.name}) raised in cell {exc.exec_count}: "
                f"{exc.ename}: {exc.evalue}\n"
                f"  the executed notebook, with the traceback, is at {out_path}") from None
        except _KERNEL_START_ERRORS as exc:
            if attempt == KERNEL_START_ATTEMPTS:
                raise BuildError(
                    f"chapter '{chapter}' ({notebook.name}): the kernel failed "
                    f"{attempt} times: {type(exc).__name__}: {exc}") from None
        finally:
            shutil.rmtree(socket_dir, ignore_errors=True)
    tidy_executed(out_path)
    return time.perf_counter() - started


def _execute_job(job: tuple[str, str, dict, str, str]) -> tuple[str, float]:
    """Worker entry point (top level, so a spawned process can import it).

    The kernel inherits this process's environment: `STARGATE_ROOT` makes the chapter
    read the data and scenario files of the book being built.
    """
    chapter, notebook, values, out_path, root = job
    previous = os.environ.get(data.ROOT_ENV)
    os.environ[data.ROOT_ENV] = root
    try:
        return chapter, execute_chapter(chapter, Path(notebook), values, Path(out_path))
    finally:
        if previous is None:
            os.environ.pop(data.ROOT_ENV, None)
        else:
            os.environ[data.ROOT_ENV] = previous


def execute_all(root: Path, jobs: list[tuple[str, Path, dict, Path]], workers: int,
                log=print) -> dict[str, float]:
    """Execute chapters, `workers` at a time; return each one's seconds.

    Every chapter runs to its end even if another fails, so that one BuildError can
    name every chapter that failed.
    """
    seconds, failures = {}, []
    wire = [(ch, str(nb), values, str(out), str(root)) for ch, nb, values, out in jobs]

    def done(chapter: str, took: float) -> None:
        seconds[chapter] = took
        log(f"  executed {chapter} in {took:.1f} s")

    if workers <= 1 or len(wire) <= 1 or not _can_spawn():
        for job in wire:
            try:
                done(*_execute_job(job))
            except BuildError as exc:
                failures.append(str(exc))
    else:
        # spawn, not fork: a forked copy of a process that may hold threads (ZMQ,
        # asyncio) can deadlock; a fresh interpreter costs a fraction of a second.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(wire)),
                                 mp_context=context) as pool:
            futures = {pool.submit(_execute_job, job): job[0] for job in wire}
            for future in as_completed(futures):
                try:
                    done(*future.result())
                except BuildError as exc:
                    failures.append(str(exc))
                except BrokenProcessPool as exc:  # a worker was killed (out of memory, signal)
                    failures.append(f"chapter '{futures[future]}': its worker process died "
                                    f"({exc})")
    if failures:
        raise BuildError("\n".join(sorted(failures)))
    return seconds


def _can_spawn() -> bool:
    """Whether worker processes can be spawned: they re-import the main module, which
    must then be a file (not `python -` reading stdin)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or Path(path).is_file()


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
    and any extra inputs the chapter declares (`EXTRA_INPUTS`).
    """
    extra_paths = EXTRA_INPUTS[chapter].paths if chapter in EXTRA_INPUTS else ()
    extra = _files_digest([root / p for p in extra_paths], root)
    payload = {"chapter": chapter, "notebook": notebook_fingerprint(notebook),
               "parameters": canonical_parameters(values), "shared": shared, "extra": extra}
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
        os.utime(record)
        return notebook, meta

    def put(self, chapter: str, key: str, executed: Path, meta: dict) -> None:
        """Store an execution; each file appears whole or not at all (write, then rename)."""
        notebook, record = self._paths(chapter, key)
        notebook.parent.mkdir(parents=True, exist_ok=True)
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


def check_inputs(root: Path, scenario: params.Scenario | Path | str) -> params.Scenario:
    """Validate the data package, the scenario and the chapters before executing anything."""
    data.load(root / "data")
    if not isinstance(scenario, params.Scenario):
        scenario = params.load_scenario(scenario)
    for chapter in chapter_notebooks(root):
        check_chapter_inputs(root, chapter, scenario.for_chapter(chapter))
    return scenario


def check_chapter_inputs(root: Path, chapter: str, values: dict) -> None:
    """Run the checks a chapter's `EXTRA_INPUTS` declare (parameter specs cannot see files)."""
    extra = EXTRA_INPUTS.get(chapter)
    if extra and extra.check:
        extra.check(root, values)


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


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


def _remove_stale_work(work_root: Path) -> None:
    """Remove staging folders of builds that are no longer running (killed, or failed:
    a failed build keeps its folder, with jupyter-book's log, until the next build)."""
    if not work_root.is_dir():
        return
    for folder in work_root.iterdir():
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _record_path(root: Path, scenario: params.Scenario) -> Path:
    return root / "_build" / "executed" / scenario.name / "build.json"


def _up_to_date(root: Path, scenario: params.Scenario, key: str) -> bool:
    """True when the published book was built from exactly these inputs."""
    dest = published_dir(root, scenario)
    try:
        record = json.loads(_record_path(root, scenario).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (record.get("book_key") == key and dest.is_symlink()
            and os.readlink(dest) == record.get("release") and (dest / "index.html").is_file())


def build(root: Path = ROOT, scenario: params.Scenario | Path | str | None = None,
          log=print, jobs: int = DEFAULT_JOBS, cache: bool = True) -> BuildResult:
    """Build a scenario's book and publish it; raise ParameterError, DataError or BuildError.

    Chapters whose cache key is unchanged are reused; the others execute, `jobs` at a
    time. When every key and page source is unchanged and the published book was built
    from them, nothing is rebuilt. Nothing is published unless every chapter executed
    and jupyter-book succeeded.
    """
    root = Path(root).resolve()
    scenario = check_inputs(root, scenario or root / BASE_SCENARIO)
    build_dir = root / "_build"
    executed_dir = build_dir / "executed" / scenario.name
    store = Cache(build_dir / "cache")
    shared = shared_inputs(root)
    result = BuildResult(scenario, published_dir(root, scenario))

    todo, runs = [], {}
    for chapter, notebook in chapter_notebooks(root).items():
        values = scenario.for_chapter(chapter)
        key = chapter_key(root, chapter, notebook, values, shared)
        out_path = executed_dir / notebook.relative_to(root)
        hit = store.get(chapter, key) if cache else None
        if hit:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hit[0], out_path)
            runs[chapter] = ChapterRun(chapter, notebook, out_path, hit[1]["seconds"], key,
                                       True, hit[1]["executed_at"])
        else:
            todo.append((chapter, notebook, values, out_path))
            runs[chapter] = ChapterRun(chapter, notebook, out_path, 0.0, key, False, "")
    result.chapters = list(runs.values())

    if result.reused:
        log(f"reused from the cache (inputs unchanged): {', '.join(result.reused)}")
    if todo:
        log(f"executing {len(todo)} chapter(s) on {min(jobs, len(todo))} worker(s): "
            f"{', '.join(job[0] for job in todo)}")
        seconds = execute_all(root, todo, jobs, log)
        for chapter, took in seconds.items():
            run = runs[chapter]
            run.seconds, run.executed_at = took, _utc_now()
            store.put(chapter, run.key, run.executed,
                      {"chapter": chapter, "seconds": round(took, 2),
                       "executed_at": run.executed_at})
    else:
        log("executed no chapter: every chapter's inputs are unchanged")

    key = book_key(root, scenario, result.chapters, shared)
    if _up_to_date(root, scenario, key):
        result.up_to_date = True
        log(f"the published book is up to date: {result.html.relative_to(root)}/index.html")
        return result

    executed = {run.notebook.relative_to(root).with_suffix("").as_posix(): run.executed
                for run in result.chapters}
    _remove_stale_work(build_dir / "work")
    work = build_dir / "work" / f"{scenario.name}-{os.getpid()}"
    stage(root, executed, work / "src",
          generated={PROVENANCE_DOC: provenance.markdown(root, scenario, result, _utc_now())},
          substitutions={"scenario_name": scenario.name, "scenario_title": scenario.title})
    started = time.perf_counter()
    html = run_jupyter_book(work / "src", work / "out",  # on failure, work/ keeps the log
                            provenance.source_date_epoch(root), build_dir / "cache" / "vendor")
    result.book_seconds = time.perf_counter() - started
    log(f"built the book in {result.book_seconds:.1f} s")
    publish(html, result.html)
    shutil.rmtree(work, ignore_errors=True)
    _record_path(root, scenario).write_text(json.dumps({
        "scenario": scenario.name,
        "book_key": key,
        "release": os.readlink(result.html),
        "book_seconds": round(result.book_seconds, 2),
        "chapters": {run.chapter: {"seconds": round(run.seconds, 2), "cached": run.cached,
                                   "key": run.key, "executed_at": run.executed_at}
                     for run in result.chapters},
    }, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    log(f"published {result.html.relative_to(root)}/index.html")
    return result
