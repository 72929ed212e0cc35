"""`make mutate`: run mutmut over the models, the reader formats and the parameter checks,
and write what it found to `docs/mutation.md`.

A mutant is a small change to the code (an operator flipped, a constant changed, a
string altered). The unit tests should fail on it ("killed"); one they pass on
("survived") marks a line whose result no test checks. The report gives the counts per
module and each survivor with the line it changed, so that the next test can be written
against it. The scope and the tests used are in `[tool.mutmut]` of pyproject.toml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: "pkg.mod.x_func__mutmut_3: killed", or for a method "pkg.mod.xǁClassǁmethod__mutmut_3".
_LINE = re.compile(r"^\s*(?P<name>[\w.]+)\.x(?:_|ǁ(?P<cls>\w+)ǁ)(?P<func>\w+?)__mutmut_(?P<n>\d+): "
                   r"(?P<status>.+)$")


def _mutmut(*args: str) -> str:
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def results() -> list[dict]:
    """Every mutant mutmut knows of: module, function, number and status."""
    rows = []
    for line in _mutmut("results", "--all", "true").splitlines():
        m = _LINE.match(line)
        if m:
            function = f"{m['cls']}.{m['func']}" if m["cls"] else m["func"]
            rows.append({"module": m["name"], "function": function, "n": int(m["n"]),
                         "status": m["status"].strip(), "id": line.split(":")[0].strip()})
    return rows


def changed_line(mutant_id: str) -> str:
    """The mutated line as mutmut shows it ("+ …"), for the report."""
    diff = _mutmut("show", mutant_id)
    added = [ln[1:].strip() for ln in diff.splitlines()
             if ln.startswith("+") and not ln.startswith("+++")]
    return added[0] if added else "(see `mutmut show`)"


#: Survivors known to be equivalent: (where, changed line) patterns and why no test can
#: tell the mutant from the code. Each was read by hand; a new survivor matches none
#: until someone reads it and either kills it or names it here.
EQUIVALENT = (
    (r"", r"strict=(None|False)\)|^\)\]?,?\)?$|zip\((?!.*strict)",
     "`zip` over two columns of one frame: the lengths are always equal, so `strict` "
     "never matters."),
    (r"", r'float\("(NAN|INF)"\)', "`float` reads \"NAN\" and \"INF\" as it reads "
     "\"nan\" and \"inf\"."),
    (r"", r'strip\("XX', "`strip` takes a set of characters: the added X never occurs in "
     "these strings."),
    (r"fmt\.(approx|money_bn)", r"max\(1, figures|figures \+ 1 -|figures - 1 \+ math",
     "more decimals are asked of a value already rounded to its figures; the extra zeros "
     "are stripped."),
    (r"fmt\.money_bn", r"approx\(size / 1000, \)", "2 is `approx`'s default number of "
     "figures, the number given."),
    (r"spec\._did_you_mean", r"get_close_matches", "only the best match is used, and 0.6 "
     "is difflib's default cutoff."),
    (r"chips\.cited_ids", r"", "the ids cited do not depend on the capacity, kW or price "
     "the frames are built with."),
    (r"energy\.data_year", r"rsplit", "the last part after an underscore is the same "
     "however many splits are made (the metrics end in _YYYY)."),
    (r"", r"as_index=None|on=None|how=\"left\"\)|sort=None",
     "pandas reads None as False here, and `year` is the only column the frames share."),
    (r"payments\.coverage", r"on=\"year\", \)", "the revenue path runs over every year a "
     "payment falls in, so an inner join keeps the same rows."),
    (r"payments\.schedule", r"\[2\.0\] \* years", "a flat schedule's shares do not "
     "depend on the weight every year is given."),
    (r"compare\.(key_numbers|moves|undefined)", r"\(long, None\)", "the baseline's own "
     "rows change by 0% (or have no change where every scenario has none)."),
    (r"compare\.key_outputs", r"chapter_numbers\(pkg, scenario, (None)?\)", "computes "
     "every chapter instead of the ones the metrics read: slower, the same values."),
    (r"funding\.analysis", r"years = pd\.DataFrame\(\{\"year\": contract\[\"year\"\], "
     r"\"(XXpayment_bn_usdXX|PAYMENT_BN_USD)\"", "a sum over a year treats the missing "
     "payment as 0, the value given."),
    (r"fmt\.number", r"\(digits > 0\) or True|digits >= 0", "a pattern ending in \".\" "
     "with no decimal places prints no point."),
    (r"fmt\.number", r"value <= 0 and", "a zero prints no sign either way."),
    (r"fmt\.money_bn", r"digits = 1 if rounded == 0", "\"0.0\" loses its zero decimal to "
     "the strip that follows."),
    (r"energy\.verdict", r"stated >= computed", "equal values hold before this line is "
     "reached."),
    (r"energy\.basis_sensitivity", r"pue=None", "None and NaN are both a missing value in "
     "a float column."),
    (r"energy\.sites_table", r"strftime\(None\)", "pandas's default date format is the "
     "one given."),
    (r"energy\.equivalence_checks", r"equivalences\(2\.0", "only the totals for 1 GW are "
     "read, not the per-GW ratios the first argument divides by."),
    (r"microsoft\.shares_as_of", r"or True", "with no purchase the division gives an empty "
     "column too."),
    (r"payments\.linear_weights", r"<= -1e-9", "a last payment of exactly −1e-9 is a "
     "rounding residue either way."),
    (r"chips\.cross_checks", r"ids\[\+1\]", "the ranges have two ids: index 1 is the "
     "last."),
    (r"chips\.cross_checks", r"1000001\.0", "the label prints six figures: 1.999998 "
     "million reads 2."),
    (r"chips\.cross_checks", r"implied <= low", "a count equal to the low end is "
     "\"within\" before this test is reached."),
    (r"chips\.cross_checks", r"or True", "a division by infinity gives the 0.0 the branch "
     "gives."),
)


def equivalent_reason(where: str, line: str) -> str | None:
    """Why a survivor is an equivalent mutant, if it matches a known pattern."""
    for where_pattern, line_pattern, reason in EQUIVALENT:
        if re.search(where_pattern, where) and re.search(line_pattern, line):
            return reason
    return None


def report(rows: list[dict], seconds: float | None = None, show_lines: bool = True,
           survivors_only: bool = False) -> str:
    """The Markdown report: counts per module, the kill rate, and each survivor."""
    by_module: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        by_module[r["module"]][r["status"]] += 1
    lines = ["# Mutation testing", "",
             f"Run on {dt.date.today():%-d %B %Y} with `make mutate`"
             + (f" in {seconds / 60:.0f} min" if seconds else "")
             + (" (a last pass over the previous run's survivors, with `--survivors`)"
                if survivors_only else "") + ". A mutant is *killed* "
             "when a unit test fails on it, *survived* when every test passes, *no tests* "
             "when no unit test calls the function it changed. The kill rate counts killed "
             "over killed plus survived plus no tests.", "",
             "| Module | Mutants | Killed | Survived | No tests | Kill rate |",
             "|---|--:|--:|--:|--:|--:|"]
    models: Counter = sum((c for m, c in by_module.items() if ".models." in m), Counter())
    every: Counter = sum(by_module.values(), Counter())
    for name, c in [*((f"`{m}`", c) for m, c in sorted(by_module.items())),
                    ("**All of `models/`**", models), ("**All**", every)]:
        total = sum(c.values())
        rate = c["killed"] / total if total else 0
        lines.append(f"| {name} | {total} | {c['killed']} | {c['survived']} | "
                     f"{c['no tests']} | {rate:.1%} |")
    left = [r for r in rows if r["status"] in ("survived", "no tests")]
    if show_lines:  # one `mutmut show` each: run a few at once
        with ThreadPoolExecutor(max_workers=4) as pool:
            changed = list(pool.map(changed_line, [r["id"] for r in left]))
    else:
        changed = [""] * len(left)
    named: dict[str, list[str]] = defaultdict(list)
    open_items = []
    for r, line in zip(left, changed, strict=True):
        where = f"{r['module']}.{r['function']}"
        item = (f"- `{where}` ({r['status']}): `{line}`" if show_lines
                else f"- `{where}` ({r['status']}), mutant {r['n']}")
        reason = equivalent_reason(where, line) if show_lines else None
        (named[reason] if reason else open_items).append(item)
    n_named = sum(len(v) for v in named.values())
    lines += ["", f"## Survivors not yet explained ({len(open_items)})", "",
              "Each is a change no test notices: a test to write, or an equivalent mutant "
              "to read and name in `EQUIVALENT` (stargate_report/mutation.py).", "",
              *(open_items or ["None."]),
              "", f"## Equivalent mutants ({n_named})", "",
              "Changes with no effect on any result, read one by one and named by pattern "
              "in `EQUIVALENT`.", ""]
    for reason, items in named.items():
        lines += [f"**{reason}** ({len(items)})", "", *items, ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run mutmut (unless `--report-only`), then write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/mutation.md")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--max-children", default="2")
    parser.add_argument("--survivors", action="store_true",
                        help="test again only the mutants that survived the last run "
                             "(after adding tests; mutmut keeps earlier results otherwise)")
    args = parser.parse_args(argv)
    seconds = None
    if not args.report_only:
        start = dt.datetime.now()
        exe = Path(sys.executable).with_name("mutmut")
        names = ([r["id"] for r in results() if r["status"] in ("survived", "no tests")]
                 if args.survivors else [])
        subprocess.run([str(exe), "run", "--max-children", args.max_children, *names],
                       cwd=ROOT, check=False)
        seconds = (dt.datetime.now() - start).total_seconds()
    rows = results()
    if not rows:
        print("mutmut found no mutants: is [tool.mutmut] in pyproject.toml?", file=sys.stderr)
        return 2
    out = ROOT / args.out
    out.write_text(report(rows, seconds, survivors_only=args.survivors), encoding="utf-8")
    killed = sum(r["status"] == "killed" for r in rows)
    print(f"{killed} of {len(rows)} mutants killed ({killed / len(rows):.0%}); report: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
