"""The build-provenance page: what produced this book, from which inputs, how long it took.

Written by the build as markdown and staged in place of `provenance.md` (a placeholder
in the sources). Its timings and dates differ from one build to the next by design:
they describe the build, not the world.
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

from . import params

#: What differs between two builds of the same inputs, by design: when they ran and
#: how long they took. This page is the only place these appear (pages' "Last updated"
#: is the last commit's date, see `source_date_epoch`); the determinism test masks
#: these patterns on this page, and nothing else anywhere.
VARYING = (
    re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?Z?"),  # timestamps
    re.compile(r"\b\d+\.\d s\b"),  # durations
)


def mask(text: str) -> str:
    """The page's text with what varies from build to build replaced by a marker."""
    for pattern in VARYING:
        text = pattern.sub("<varies>", text)
    return text


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time (Unix seconds), for Sphinx's "Last updated" date.

    Sphinx uses `SOURCE_DATE_EPOCH` instead of the clock when it is set, so every page
    carries the date of its sources rather than of the build. None outside a checkout.
    """
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


#: Distributions whose versions shape the book, in the order a reader would look.
DISTRIBUTIONS = ("jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme",
                 "pydata-sphinx-theme", "papermill", "nbclient", "ipykernel", "pandas",
                 "altair", "vl-convert-python", "frictionless", "pydantic", "Babel", "text2num")


def versions() -> list[tuple[str, str]]:
    """(name, version) of Python, the key distributions, and the Vega-Lite in the charts."""
    import altair as alt

    rows = [("Python", platform.python_version())]
    for name in DISTRIBUTIONS:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    rows.append(("Vega-Lite (chart specs)", alt.VEGALITE_VERSION))
    return rows


def git_revision(root: Path) -> str:
    """The checkout's commit, marked when the working tree has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              text=True, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"{commit} (with uncommitted changes)" if dirty else commit


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(root: Path, scenario, result, built_at: str) -> str:
    """The page's markdown, from a build's scenario and chapter runs."""
    lines = [
        "---",
        "nosearch: true",  # build metadata, not content: kept out of the search index
        "---",
        "",
        "# Build provenance",
        "",
        "What produced the book you are reading: the scenario, each chapter's execution, "
        "the software and the data. A chapter *reused from the cache* was not executed "
        "again because nothing it reads had changed since it was; its time is that of "
        "the execution that produced it.",
        "",
        "## This build",
        "",
        "| Item | Value |",
        "|---|---|",
        f"| Scenario | {_cell(scenario.title)} (`{scenario.name}`) |",
        f"| What it assumes | {_cell(' '.join(scenario.description.split()))} |",
        f"| Built (UTC) | {built_at} |",
        f"| Source revision | `{git_revision(root)}` |",
        f"| Machine | `{platform.machine()}`, {_cell(platform.system())} |",
        "",
        "## Chapters",
        "",
        "| Chapter | Status | Execution | Executed (UTC) | Cache key | "
        "Changed from the base case |",
        "|---|---|--:|---|---|---|",
    ]
    for run in result.chapters:
        status = "reused from the cache" if run.cached else "executed"
        changed = params.describe_values(scenario.changes().get(run.chapter, {}))
        changed_text = f"`{changed}`" if changed else "none"  # code names, for `-p`
        lines.append(f"| {run.chapter} | {status} | {run.seconds:.1f} s | "
                     f"{run.executed_at.replace('T', ' ').removesuffix('Z')} | "
                     f"`{run.key[:12]}` | {changed_text} |")
    lines += ["", "## Software", "", "| Component | Version |", "|---|---|"]
    lines += [f"| {name} | {version} |" for name, version in versions()]
    descriptor = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    lines += ["", "## Data package", "",
              "Each file of `data/` with the hash recorded in `datapackage.json` "
              "(checked on every build).", "", "| Resource | File | sha256 |", "|---|---|---|"]
    for resource in descriptor.get("resources", []):
        lines.append(f"| `{resource['name']}` | `{resource['path']}` | "
                     f"`{resource.get('hash', '').removeprefix('sha256:')[:16]}…` |")
    lines.append("")
    return "\n".join(lines)
