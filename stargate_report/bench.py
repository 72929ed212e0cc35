"""`make bench`: our build against plain jupyter-book, on the same notebooks, same run.

Each measurement runs in a fresh copy of the book (nothing cached unless the case says
so), as a separate process, and is repeated; the table reports medians. Wall-clock
seconds, as a reader of the README would wait for them.

    python -m stargate_report.bench [--runs 3] [--out docs/benchmark.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import build

RERUN_CHAPTER = "energy"
#: A rerun whose values do not go together: refused before any kernel starts.
REFUSED = ("run", "funding", "-p", "schedule_profile=custom", "-p", "custom_weights=1,2")
#: Draws of the uncertainty benchmark (the issue's 10,000).
RANGE_DRAWS = 10_000
#: Targets from the quality-gates issue: (ratio or seconds, how to read it).
TARGETS = {
    "cold": 0.5,   # our cold build ≤ 0.5 × plain jupyter-book with execute_notebooks: force
    "noop": 2.0,   # our no-op rebuild ≤ 2 s
    "rerun": 1.5,  # a one-parameter rerun ≤ 1.5 × that chapter's own execution
    "ranges_10k": 2.0,  # 10,000 draws of every headline number ≤ 2 s
    "ranges_chapter": 1.0,  # the ranges add ≤ 1 s to any chapter's execution
    "refused": 1.0,  # a rerun with values that do not go together exits 2 within a second
}


def copy_book(root: Path, dest: Path) -> Path:
    """Copy what a build reads (`build.book_sources`: no _build/, .venv/ or tests/)."""
    dest.mkdir(parents=True)
    for name in build.book_sources(root):
        src, target = root / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        elif src.is_file():
            shutil.copy2(src, target)
    return dest


def timed(cmd: list[str], cwd: Path, env: dict | None = None, expect: int = 0) -> float:
    """Run a command to completion; return its wall-clock seconds; fail loudly if it does
    not exit with `expect` (0, or 2 for a refusal that is being timed)."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != expect:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return seconds


def ours(book: Path, *args: str) -> list[str]:
    """This project's command line on a book copy."""
    return [sys.executable, "-m", "stargate_report", "--root", str(book), *args]


def plain_jupyter_book(book: Path, mode: str) -> list[str]:
    """Make `book` a plain Jupyter Book that executes its own notebooks (`mode`)."""
    config_path = book / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": mode, "timeout": 300}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
            "build", str(book), "--builder", "html"]


def rerun_seconds(book: Path, n: int) -> tuple[float, float]:
    """A one-parameter rerun (a new value each time, so it is never a cache hit); return
    its wall-clock seconds and the rerun chapter's own execution seconds."""
    import json

    value = f"{1.3 + n / 100:.2f}"
    wall = timed(ours(book, "run", RERUN_CHAPTER, "-p", f"pue={value}"), book)
    record = json.loads(next((book / "_build" / "executed").glob(
        f"*pue-{value}/build.json")).read_text(encoding="utf-8"))
    return wall, record["chapters"][RERUN_CHAPTER]["seconds"]


def ranges_seconds(root: Path) -> tuple[float, float]:
    """The uncertainty ranges, timed in this process with the data loaded: 10,000 draws of
    every headline number (the command's work), and the most any chapter spends on its
    ranges and its tornado at the book's own draws."""
    from . import data, params, uncertainty
    from .models import compare

    pkg = data.load(root / "data")
    scenario = params.load_scenario(root / build.BASE_SCENARIO)
    start = time.perf_counter()
    uncertainty.summary(pkg, scenario, draws=RANGE_DRAWS)
    every = time.perf_counter() - start
    slowest = 0.0
    for chapter in uncertainty.HEADLINES:
        P = scenario.for_chapter(chapter)
        start = time.perf_counter()
        uncertainty.range_texts(pkg, chapter, P, compare.MODELS[chapter].FORMATS)
        slowest = max(slowest, time.perf_counter() - start)
    return every, slowest


def measure(root: Path, runs: int, log=print) -> dict[str, list[float]]:
    """Every timing, `runs` times each, on fresh copies of the book."""
    results: dict[str, list[float]] = {k: [] for k in (
        "cold", "noop", "rerun", "chapter", "plain_force", "plain_cache_cold",
        "plain_cache_noop", "ranges_10k", "ranges_chapter", "refused")}
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    for run in range(1, runs + 1):
        with tempfile.TemporaryDirectory(prefix="sg-bench-") as tmp:
            tmp = Path(tmp)
            book = copy_book(root, tmp / "ours")
            results["cold"].append(timed(ours(book, "build"), book, env))
            results["noop"].append(timed(ours(book, "build"), book, env))
            wall, chapter = rerun_seconds(book, run)
            results["rerun"].append(wall)
            results["chapter"].append(chapter)

            plain = copy_book(root, tmp / "plain-force")
            results["plain_force"].append(timed(plain_jupyter_book(plain, "force"), plain, env))
            cached = copy_book(root, tmp / "plain-cache")
            cmd = plain_jupyter_book(cached, "cache")
            results["plain_cache_cold"].append(timed(cmd, cached, env))
            results["plain_cache_noop"].append(timed(cmd, cached, env))
            results["refused"].append(timed(ours(book, *REFUSED), book, env, expect=2))
        every, slowest = ranges_seconds(root)
        results["ranges_10k"].append(every)
        results["ranges_chapter"].append(slowest)
        log(f"run {run}/{runs}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in results.items()))
    return results


def machine() -> str:
    """The machine the timings were taken on, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        memory = "RAM unknown"
    return (f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}")


def table(results: dict[str, list[float]], runs: int) -> str:
    """The timings as a Markdown table, with each target and whether it was met."""
    med = {k: statistics.median(v) for k, v in results.items()}

    def met(ok: bool) -> str:
        return "yes" if ok else "**no**"

    cold_ratio = med["cold"] / med["plain_force"]
    rerun_ratio = med["rerun"] / med["chapter"]
    rows = [
        ("Cold build (every chapter executed, book rendered)", med["cold"],
         f"{med['plain_force']:.1f} (`force`)", f"{cold_ratio:.2f}×",
         f"≤ {TARGETS['cold']}× plain `force`", met(cold_ratio <= TARGETS["cold"])),
        ("Cold build, against plain jupyter-book's `cache` mode", med["cold"],
         f"{med['plain_cache_cold']:.1f} (`cache`, first build)",
         f"{med['cold'] / med['plain_cache_cold']:.2f}×", "–", "–"),
        ("No-op rebuild (nothing changed)", med["noop"],
         f"{med['plain_cache_noop']:.1f} (`cache`, second build)",
         f"{med['noop'] / med['plain_cache_noop']:.2f}×",
         f"≤ {TARGETS['noop']:.0f} s", met(med["noop"] <= TARGETS["noop"])),
        (f"One-parameter rerun (`run {RERUN_CHAPTER} -p pue=…`)", med["rerun"],
         f"{med['chapter']:.1f} (that chapter's own execution)", f"{rerun_ratio:.2f}×",
         f"≤ {TARGETS['rerun']}× the chapter", met(rerun_ratio <= TARGETS["rerun"])),
        (f"Uncertainty ranges: {RANGE_DRAWS:,} draws of every headline number", med["ranges_10k"],
         "–", "–", f"≤ {TARGETS['ranges_10k']:.0f} s",
         met(med["ranges_10k"] <= TARGETS["ranges_10k"])),
        ("A refused rerun (`run funding -p schedule_profile=custom -p custom_weights=1,2`, "
         "exit 2)", med["refused"], "–", "–", f"≤ {TARGETS['refused']:.0f} s",
         met(med["refused"] <= TARGETS["refused"])),
        ("Uncertainty ranges and tornado, the slowest chapter's share of its execution",
         med["ranges_chapter"], "–", "–", f"≤ {TARGETS['ranges_chapter']:.0f} s",
         met(med["ranges_chapter"] <= TARGETS["ranges_chapter"])),
    ]
    lines = [
        "# Benchmark: our build against plain jupyter-book",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d', time.gmtime())}: median "
        f"wall-clock seconds of {runs} run{'s' if runs != 1 else ''}, each in a fresh copy of "
        "the book, every "
        "command a separate process. Plain jupyter-book builds the same notebooks, "
        "executing them itself (`execute_notebooks: force`, or `cache` with its "
        "jupyter-cache).",
        "",
        f"Machine: {machine()}.",
        "",
        "| Measurement | Ours (s) | Plain jupyter-book (s) | Ratio | Target | Met |",
        "|---|--:|---|--:|---|---|",
    ]
    lines += [f"| {a} | {b:.1f} | {c} | {d} | {e} | {f} |" if b >= 10 else
              f"| {a} | {b:.2f} | {c} | {d} | {e} | {f} |" for a, b, c, d, e, f in rows]
    lines += ["", "Every run (seconds):", "", "| | " + " | ".join(results) + " |",
              "|---|" + "--:|" * len(results)]
    for i in range(runs):
        lines.append(f"| run {i + 1} | " + " | ".join(f"{v[i]:.2f}" for v in results.values())
                     + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`make bench`: measure, print and write the table."""
    parser = argparse.ArgumentParser(prog="python -m stargate_report.bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(build.ROOT / "docs" / "benchmark.md"))
    args = parser.parse_args(argv)
    results = measure(build.ROOT, args.runs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table(results, args.runs), encoding="utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
