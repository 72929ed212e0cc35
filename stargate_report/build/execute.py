"""Chapter execution: papermill, one kernel per chapter on its own Unix sockets.

Chapters are independent, so `execute_all` runs them side by side in worker
processes; each executed notebook is tidied so that the same inputs give the same bytes.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import nbformat

from .. import data
from .result import BuildError

#: Chapters are independent (each reads only the inputs in its cache key), so any may
#: run beside any other; two workers match the two cores of the machines this is built on.
DEFAULT_JOBS = 2
#: Exceptions that mean the kernel did not start or answer (not that a cell raised):
#: retried once with fresh sockets.
_KERNEL_START_ERRORS = (RuntimeError, TimeoutError, OSError)
KERNEL_START_ATTEMPTS = 2


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
