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
    result = build.build(Path(args.root), args.scenario, jobs=args.jobs,
                         cache=not args.no_cache)
    _summary(result)
    return 0


def _summary(result) -> None:
    executed = ", ".join(result.executed) or "none"
    reused = ", ".join(result.reused) or "none"
    print(f"executed: {executed}; reused from the cache: {reused}")
    print(f"book ({result.scenario.name}): {result.html / 'index.html'}")


def _cmd_run(args) -> int:
    root = Path(args.root)
    start = params.load_scenario(args.scenario or root / build.BASE_SCENARIO)
    overrides = params.parse_overrides(args.chapter, args.p or [])
    scenario = params.with_overrides(start, args.chapter, overrides, args.name)
    build.check_inputs(root, scenario)  # before anything is written
    for spec in params.SHARED:
        if spec.name in overrides:
            readers = [ch for ch in params.chapter_names() if spec.name in params.defaults(ch)]
            print(f"{spec.name} is shared: applied to {', '.join(readers)}")
    result = build.build(root, scenario, jobs=args.jobs)
    record = result.html.parent / "scenario.yaml"
    record.write_text(scenario.to_yaml(), encoding="utf-8")
    _summary(result)
    print(f"scenario file (to rerun or edit): {record}")
    return 0


def _cmd_compare(args) -> int:
    import pandas as pd

    from .models import compare

    root = Path(args.root)
    files = args.scenario or [str(p) for p in params.scenario_files(root / "scenarios")]
    scenarios = [params.load_scenario(path) for path in files]
    names = [s.name for s in scenarios]
    baseline = args.baseline or ("base" if "base" in names else names[0])
    if baseline not in {s.name for s in scenarios}:
        raise params.ParameterError(f"--baseline {baseline!r} is not among the scenarios "
                                    f"compared ({', '.join(s.name for s in scenarios)})")
    scenarios.sort(key=lambda s: s.name != baseline)
    long = compare.compare(data.load(root / "data"), scenarios, baseline)
    table = compare.wide(long)
    table.insert(1, "output", table.pop("label") + " (" + table.pop("unit") + ")")
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.max_colwidth", 70):
        print(table.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    if args.csv:
        long.to_csv(args.csv, index=False)
        print(f"written: {args.csv}")
    return 0


def _cmd_uncertainty(args) -> int:
    import pandas as pd

    from . import uncertainty

    root = Path(args.root)
    scenario = params.load_scenario(args.scenario or root / build.BASE_SCENARIO)
    own_draws, own_seed = uncertainty.settings(scenario)
    draws = own_draws if args.draws is None else args.draws
    seed = own_seed if args.seed is None else args.seed
    table = uncertainty.summary(data.load(root / "data"), scenario, draws, seed)
    shown = table.assign(output=table["label"] + " (" + table["unit"] + ")")[
        ["chapter", "output", "base", "p5", "p50", "p95"]]
    print(f"scenario {scenario.name}: {draws} Latin hypercube draws, seed {seed}; "
          "p5–p95 is the 90% range")
    with pd.option_context("display.width", 200, "display.max_columns", None):
        print(shown.to_string(index=False, float_format=lambda v: f"{v:,.3g}"))
    if args.csv:
        table.to_csv(args.csv, index=False)
        print(f"written: {args.csv}")
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
            if spec.range is not None:
                print(f"      range: {spec.range.shown(spec)}: {spec.range.basis}")
        for rule in params.chapter(chapter).rules:
            print(f"  rule ({', '.join(rule.names)}): {rule.what}")
    return 0


def _cmd_check(args) -> int:
    root = Path(args.root)
    scenario_files = args.scenario or sorted((root / "scenarios").glob("*.yaml"))
    data.load(root / "data")
    print("data package: valid")
    build.chapter_notebooks(root)
    for path in scenario_files:
        scenario = params.load_scenario(path)
        for chapter in build.chapter_notebooks(root):
            build.check_chapter_inputs(root, chapter, scenario.for_chapter(chapter))
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
    p_build = sub.add_parser("build", help="execute the chapters whose inputs changed and "
                                           "publish the book")
    p_build.add_argument("--scenario", help="scenario file (default: scenarios/base.yaml)")
    p_build.add_argument("--no-cache", action="store_true",
                         help="execute every chapter, even those whose inputs are unchanged")
    p_run = sub.add_parser("run", help="rerun one chapter with new values: a scenario book "
                                       "under _build/scenarios/<name>/html")
    p_run.add_argument("chapter", help="the chapter to rerun (see `params`)")
    p_run.add_argument("-p", action="append", metavar="NAME=VALUE",
                       help="a parameter value (repeatable)")
    p_run.add_argument("--scenario", help="start from this scenario file (default: base)")
    p_run.add_argument("--name", help="the new scenario's name (default: from the values)")
    p_run.set_defaults(func=_cmd_run)
    for p in (p_build, p_run):
        p.add_argument("--jobs", type=int, default=build.DEFAULT_JOBS,
                       help=f"chapters executed at once (default {build.DEFAULT_JOBS})")
    p_build.set_defaults(func=_cmd_build)
    p_compare = sub.add_parser("compare", help="key outputs of scenarios side by side, "
                                               "from the models (nothing executed)")
    p_compare.add_argument("scenario", nargs="*",
                           help="scenario files (default: every file in scenarios/)")
    p_compare.add_argument("--baseline", help="the scenario changes are measured from "
                                              "(default: the first given, or base)")
    p_compare.add_argument("--csv", help="also write the comparison (long form) to this file")
    p_compare.set_defaults(func=_cmd_compare)
    p_unc = sub.add_parser("uncertainty", help="the 90% range of each headline number, "
                                                "from the estimates' ranges (nothing executed)")
    p_unc.add_argument("--draws", type=int,
                       help="Latin hypercube draws, 100 to 1,000,000 (default: the scenario's "
                            "range_draws)")
    p_unc.add_argument("--seed", type=int, help="the draws' seed (default: the scenario's "
                                                "range_seed)")
    p_unc.add_argument("--scenario", help="scenario file (default: scenarios/base.yaml)")
    p_unc.add_argument("--csv", help="also write the table to this file")
    p_unc.set_defaults(func=_cmd_uncertainty)
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
