"""Publishing: a finished book replaces the published one in one atomic step.

The published book is a symlink to a release directory; a new release is swapped in
with a single `rename` of the link. Each build stages its sources in a work folder of
its own, and records what it published (`build.json`) so that the next build with the
same inputs can leave the book as it is.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .. import params

if TYPE_CHECKING:
    from .result import BuildResult


@contextlib.contextmanager
def build_lock(root: Path, log=print) -> Iterator[None]:
    """One build at a time in a book's folder: a second build waits here until the first
    has published (or failed), then finds the book as the first left it.

    The lock is the kernel's (`flock`), held by the open file: a build that is killed
    releases it with its process, so no stale lock can block the next build.
    """
    path = root / "_build" / ".build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            log(f"another build is running in this folder{f' (process {holder})' if holder else ''}"
                "; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def published_dir(root: Path, scenario: params.Scenario) -> Path:
    """Where a scenario's book is published: `_build/html` for the base case."""
    if scenario.name == "base":
        return root / "_build" / "html"
    return root / "_build" / "scenarios" / scenario.name / "html"


def work_dir(root: Path, scenario: params.Scenario) -> Path:
    """A staging folder of this build's own, once those of dead builds are removed.

    Its name ends with this process's id, which is how a later build tells whether the
    build that made it is still running.
    """
    work_root = root / "_build" / "work"
    _remove_stale_work(work_root)
    return work_root / f"{scenario.name}-{os.getpid()}"


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


def _record_path(root: Path, scenario: params.Scenario) -> Path:
    return root / "_build" / "executed" / scenario.name / "build.json"


def write_record(root: Path, result: BuildResult, key: str) -> None:
    """Record what was just published, from which inputs (`key`), and how long it took."""
    _record_path(root, result.scenario).write_text(json.dumps({
        "scenario": result.scenario.name,
        "book_key": key,
        "release": os.readlink(result.html),
        "book_seconds": round(result.book_seconds, 2),
        "chapters": {run.chapter: {"seconds": round(run.seconds, 2), "cached": run.cached,
                                   "key": run.key, "executed_at": run.executed_at}
                     for run in result.chapters},
    }, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _up_to_date(root: Path, scenario: params.Scenario, key: str) -> bool:
    """True when the published book was built from exactly these inputs."""
    dest = published_dir(root, scenario)
    try:
        record = json.loads(_record_path(root, scenario).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (record.get("book_key") == key and dest.is_symlink()
            and os.readlink(dest) == record.get("release") and (dest / "index.html").is_file())
