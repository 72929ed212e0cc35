"""The project's command line: `python -m stargate_report COMMAND`.

Exit status: 0 on success; 2 for bad input (a parameter, a scenario file, a data row),
reported before anything is executed; 1 when a chapter or jupyter-book fails. In both
failure cases the published book is left as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build, data, params

EXIT_BAD_INPUT = 2
EXIT_BUILD_FAILED = 1


def _cmd_build(args) -> int:
    result = build.build(Path(args.root), args.scenario)
    print(f"book ({result.scenario.name}): {result.html / 'index.html'}")
    return 0


def _cmd_params(args) -> int:
    chapters = [args.chapter] if args.chapter else params.chapter_names()
    for chapter in chapters:
        print(f"{chapter}:")
        for spec in params.specs(chapter):
            unit = f" [{spec.unit}]" if spec.unit else ""
            print(f"  {spec.name} ({spec.type.__name__}{unit}) = {spec.default!r}")
            print(f"      {spec.help}; allowed: {spec.allowed()}")
            print(f"      basis: {spec.basis}")
    return 0


def _cmd_check(args) -> int:
    root = Path(args.root)
    scenario_files = args.scenario or sorted((root / "scenarios").glob("*.yaml"))
    data.load(root / "data")
    print("data package: valid")
    build.chapter_notebooks(root)
    for path in scenario_files:
        scenario = params.load_scenario(path)
        print(f"scenario {scenario.name} ({path}): valid")
    return 0


def _cmd_rehash(args) -> int:
    changed = data.rehash(Path(args.root) / "data")
    print("updated hashes: " + (", ".join(changed) if changed else "none (all up to date)"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m stargate_report",
                                     description="Build and rerun Stargate by the Numbers.")
    parser.add_argument("--root", default=str(build.ROOT),
                        help="the book's root directory (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="execute every chapter and publish the book")
    p_build.add_argument("--scenario", help="scenario file (default: scenarios/base.yaml)")
    p_build.set_defaults(func=_cmd_build)
    p_params = sub.add_parser("params", help="list chapter parameters")
    p_params.add_argument("chapter", nargs="?")
    p_params.set_defaults(func=_cmd_params)
    p_check = sub.add_parser("check", help="validate data and scenario files, execute nothing")
    p_check.add_argument("--scenario", action="append", help="a scenario file (repeatable)")
    p_check.set_defaults(func=_cmd_check)
    p_rehash = sub.add_parser("rehash", help="update data/datapackage.json hashes after an "
                                             "intended data edit")
    p_rehash.set_defaults(func=_cmd_rehash)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (params.ParameterError, data.DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was executed; the published book is unchanged", file=sys.stderr)
        return EXIT_BAD_INPUT
    except build.BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the published book is unchanged", file=sys.stderr)
        return EXIT_BUILD_FAILED
