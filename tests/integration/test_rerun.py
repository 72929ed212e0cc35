"""Rerunning with new parameters: the CLI, the cache, scenario books, bad input."""

import re
from pathlib import Path

import pytest

from stargate_report import build, params
from stargate_report.models import compare
from tests.conftest import (
    chart_rows,
    chart_specs,
    cli,
    copy_with_cache,
    edited,
    glued,
    tree_digest,
)
from tests.prose import lint_book

pytestmark = pytest.mark.integration



@pytest.fixture(scope="module")
def root(tmp_path_factory, built_book):
    """A book copy with the base book published (and its chapters in the cache)."""
    root = copy_with_cache(tmp_path_factory.mktemp("rerun"), built_book.html.parents[1])
    proc = cli(root, "build")
    assert proc.returncode == 0, proc.stderr
    return root


def built_dirs(root: Path) -> set[str]:
    """Scenario books and executed-notebook folders that exist."""
    return {str(p.relative_to(root)) for p in (root / "_build").glob("*/*") if p.is_dir()}


def documented_rerun() -> list[str]:
    """The rerun example the landing page and the README print (the same one)."""
    pattern = r"python -m stargate_report (run \w+(?: -p \S+)+)"
    landing = re.findall(pattern, (build.ROOT / "index.md").read_text(encoding="utf-8"))
    readme = re.findall(pattern, (build.ROOT / "README.md").read_text(encoding="utf-8"))
    assert landing and landing[0] == readme[0], "the landing page and README differ"
    return landing[0].split()


def test_the_documented_rerun_publishes_a_scenario_book_and_leaves_the_base_alone(root):
    base_html = root / "_build" / "html"
    before_target, before = base_html.resolve(), tree_digest(base_html)
    args = documented_rerun()
    assert args[:4] == ["run", "energy", "-p", "pue=1.3"]

    proc = cli(root, *args)

    assert proc.returncode == 0, proc.stderr
    book = root / "_build" / "scenarios" / "energy-pue-1.3" / "html"
    assert f"book (energy-pue-1.3): {book / 'index.html'}" in proc.stdout
    # PUE is shared: the chips chapter converts power with it too; every other chapter
    # came from the base build's cache
    assert "executed: energy, chips; reused from the cache: " in proc.stdout
    assert "pue is shared: applied to energy, chips" in proc.stdout
    assert base_html.resolve() == before_target and tree_digest(base_html) == before

    executed = root / "_build" / "executed"
    moved = 0
    for chapter in ("energy", "chips"):
        old = glued(executed / "base" / "chapters" / f"{chapter}.ipynb")
        new = glued(executed / "energy-pue-1.3" / "chapters" / f"{chapter}.ipynb")
        assert new["pue" if chapter == "energy" else "all_in_kw"] != old.get(
            "pue" if chapter == "energy" else "all_in_kw")
        moved += sum(new[k] != old[k] for k in new)
        old_charts = chart_specs(executed / "base" / "chapters" / f"{chapter}.ipynb")
        new_charts = chart_specs(executed / "energy-pue-1.3" / "chapters" / f"{chapter}.ipynb")
        changed = [t for t in new_charts if chart_rows(new_charts[t]) != chart_rows(old_charts[t])]
        assert changed, f"{chapter}: no chart's data follows the documented example"
    assert moved >= 2
    # the heatmap has a row for the PUE in effect and outlines the reading in effect: in
    # the base case the capacity is facility power, and its figure is the chapter's own
    heat = chart_rows(chart_specs(executed / "energy-pue-1.3" / "chapters" / "energy.ipynb")[
        "Yearly energy by basis, PUE and load factor"])
    assert {r["pue"] for r in heat if r["basis"] == "it"} >= {1.3}
    marked = [r for r in heat if r["in_effect"]]
    assert [(r["basis"], r["load_factor"]) for r in marked] == [("facility", 0.8)]
    new_glue = glued(executed / "energy-pue-1.3" / "chapters" / "energy.ipynb")
    page = (book / "chapters" / "energy.html").read_text(encoding="utf-8")
    row = re.search(r'<tr class="sg-changed"><td>PUE<br><code class="sg-param-name">pue</code>'
                    r'</td><td data-label="Value"><strong>([^<]*)<', page)
    assert row and row.group(1) == "1.3"
    assert f">{new_glue['it_gw']}<" in page
    assert "Base case, with energy: pue = 1.3" in page  # the table names the scenario
    # the scenario file written beside the book reads back to the same values
    written = params.load_scenario(book.parent / "scenario.yaml")
    assert written.for_chapter("energy")["pue"] == written.for_chapter("chips")["pue"] == 1.3
    assert written.changes() == {"energy": {"pue": 1.3}, "chips": {"pue": 1.3}}


def glues_exactly_its_key_numbers(executed_dir: Path, scenario: params.Scenario) -> None:
    """Every number a chapter glued is its model's key_numbers value or the range the
    package computes for it, and nothing else is glued: the prose, the comparison and the
    ranges read one function."""
    from stargate_report import data, fmt, uncertainty

    pkg = data.load()
    numbers = compare.chapter_numbers(pkg, scenario)
    for chapter, values in numbers.items():
        formats = getattr(compare.MODELS[chapter], "FORMATS", {})
        expected = fmt.printed(values, formats)
        if chapter in uncertainty.HEADLINES:  # and the 90% ranges of its headline numbers
            expected.update(uncertainty.range_texts(pkg, chapter, scenario.for_chapter(chapter),
                                                    formats))
        got = glued(executed_dir / "chapters" / f"{chapter}.ipynb")
        assert set(got) == set(expected), (chapter, set(got) ^ set(expected))
        for name, value in expected.items():
            if isinstance(value, str):
                assert got[name] == value, (chapter, name)
            else:
                assert got[name] == pytest.approx(value, nan_ok=True), (chapter, name)


def test_a_scenario_book_glues_what_compare_reports(root):
    proc = cli(root, "build", "--scenario", str(root / "scenarios" / "signed-only.yaml"))
    assert proc.returncode == 0, proc.stderr
    scenario = params.load_scenario(root / "scenarios" / "signed-only.yaml")
    glues_exactly_its_key_numbers(root / "_build" / "executed" / "signed-only", scenario)
    page = (root / "_build" / "scenarios" / "signed-only" / "html" / "chapters" /
            "funding.html").read_text(encoding="utf-8")
    # every unconfirmed purchase is named, and left out (funding.unconfirmed_text)
    assert "the unconfirmed Oracle and Cerebras figures left out" in page
    findings = lint_book(root / "_build" / "scenarios" / "signed-only" / "html")
    assert not findings, "\n".join(map(str, findings))


def test_a_second_build_with_nothing_changed_executes_nothing(root):
    release = (root / "_build" / "html").resolve()
    proc = cli(root, "build")
    assert proc.returncode == 0, proc.stderr
    assert "executed no chapter" in proc.stdout
    assert "the published book is up to date" in proc.stdout
    assert "executed: none;" in proc.stdout
    assert (root / "_build" / "html").resolve() == release


def test_a_changed_input_reexecutes_only_the_chapters_that_read_it(root):
    with edited(root / "scenarios" / "slow-revenue.yaml") as scenario_file:
        text = scenario_file.read_text(encoding="utf-8")
        scenario_file.write_text(text.replace("half as fast", "half as quickly"),
                                 encoding="utf-8")
        proc = cli(root, "build")
    assert proc.returncode == 0, proc.stderr
    assert "executed: scenarios;" in proc.stdout  # only the chapter that reads scenarios/
    page = (root / "_build" / "html" / "chapters" / "scenarios.html").read_text(encoding="utf-8")
    assert "half as quickly" in page


BAD_INPUT = [
    (["run", "energy", "-p", "peu=1.5"], ["unknown parameter peu", "did you mean 'pue'"]),
    (["run", "energy", "-p", "pue=abc"], ["pue = 'abc' is not a number"]),
    (["run", "energy", "-p", "pue=9"], ["pue = 9.0 is out of range", "from 1 to 3"]),
    (["run", "energy", "-p", "capacity_basis=grid"], ["is not allowed", "'facility'"]),
    (["run", "enrgy", "-p", "pue=1.5"], ["unknown chapter 'enrgy'", "did you mean 'energy'"]),
    (["run", "energy", "-p", "pue"], ["-p 'pue' is not of the form name=value"]),
    (["run", "scenarios", "-p", "scenarios=base,nope"], ["no scenario file 'nope'"]),
    (["build", "--scenario", "{bad_yaml}"], ["not valid YAML"]),
    (["build", "--scenario", "{bad_shape}"], ["title: Field required"]),
    (["compare", "{bad_shape}"], ["title: Field required"]),
]


@pytest.mark.parametrize("args,messages", BAD_INPUT,
                         ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_exits_2_executes_nothing_and_leaves_the_book(root, tmp_path, args, messages):
    (tmp_path / "bad.yaml").write_text("name: x\ntitle: [unclosed\n", encoding="utf-8")
    (tmp_path / "shape.yaml").write_text("name: x\ndescription: d\n", encoding="utf-8")
    args = [a.format(bad_yaml=tmp_path / "bad.yaml", bad_shape=tmp_path / "shape.yaml")
            for a in args]
    html = root / "_build" / "html"
    before, dirs = tree_digest(html), built_dirs(root)
    cache = sorted((root / "_build" / "cache").rglob("*.ipynb"))

    proc = cli(root, *args)

    assert proc.returncode == 2, proc.stdout + proc.stderr
    for message in messages:
        assert message in proc.stderr
    assert "nothing was executed" in proc.stderr
    assert tree_digest(html) == before and built_dirs(root) == dirs
    assert sorted((root / "_build" / "cache").rglob("*.ipynb")) == cache


def test_compare_prints_every_scenario_side_by_side(root):
    proc = cli(root, "compare")
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[0].split()
    assert header[:3] == ["chapter", "output", "base"]  # the baseline first
    assert {"as-planned", "signed-only", "slow-revenue"} <= set(header)
    assert "Electricity used in a year (TWh)" in proc.stdout


def test_check_validates_every_scenario_file_without_executing(root):
    dirs = built_dirs(root)
    proc = cli(root, "check")
    assert proc.returncode == 0, proc.stderr
    for name in ("base", "as-planned", "signed-only", "slow-revenue"):
        assert f"scenario {name} (" in proc.stdout
    assert built_dirs(root) == dirs


def test_the_landing_page_pastes_the_chapters_numbers(built_book):
    source = (build.ROOT / "index.md").read_text(encoding="utf-8")
    roles = re.findall(r"\{glue:text\}`(chapters/\w+)\.ipynb::(\w+):([^`]*)`", source)
    assert len(roles) >= 20
    page = (built_book.html / "index.html").read_text(encoding="utf-8")
    assert "{glue" not in page and "{{" not in page
    pasted = re.findall(r'<span class="pasted-text">([^<]*)</span>', page)
    assert len(pasted) == len(roles)
    executed = {run.notebook.relative_to(run.notebook.parents[1]).with_suffix("").as_posix():
                glued(run.executed) for run in built_book.chapters}
    for (doc, key, spec), shown in zip(roles, pasted, strict=True):
        value = executed[doc][key]
        # ":s" pastes a value the chapter glued as readers read it ("$300 bn")
        assert shown == format(value if spec != "s" else str(value), spec), (doc, key)


def test_the_landing_page_opens_on_the_numbers_and_the_headline_chart(built_book):
    page = (built_book.html / "index.html").read_text(encoding="utf-8")
    grid = page[page.index('id="stargate-by-the-numbers"'):page.index('id="key-findings"')]
    cards = grid.split('class="sd-card ')[1:]
    assert 6 <= len(cards) <= 8
    for card in cards:  # a figure, a line that says what it means, a link to its section
        assert re.search(r'<p[^>]*><span class="pasted-text">[^<]+</span>', card)
        assert re.search(r'href="chapters/\w+\.html#[\w-]+"', card), card[:300]
    # the chart is the funding chapter's own, pasted: the same spec, drawn offline
    specs = re.findall(r'class="sg-spec"[^>]*>(.*?)</script>', page, re.S)
    assert len(specs) == 1
    funding = (built_book.html / "chapters" / "funding.html").read_text(encoding="utf-8")
    assert specs[0] in funding and "Revenue against compute payments" in specs[0]
    assert 'href="_static/charts/' in page and "sg-download:" not in page


def test_the_base_book_glues_what_compare_reports(built_book):
    base = params.load_scenario(build.ROOT / build.BASE_SCENARIO)
    executed_dir = built_book.chapters[0].executed.parents[1]
    glues_exactly_its_key_numbers(executed_dir, base)


def test_the_provenance_page_lists_each_chapter_and_the_software(built_book):
    page = (built_book.html / "provenance.html").read_text(encoding="utf-8")
    for run in built_book.chapters:
        assert f"<td><p>{run.chapter}</p></td>" in page or f"<td>{run.chapter}</td>" in page
        assert run.key[:12] in page
    assert "executed" in page and "jupyter-book" in page and "Base case" in page
    assert "written by the project" not in page  # the placeholder was replaced


def test_every_chapter_page_names_the_scenario(built_book):
    for run in built_book.chapters:
        page = (built_book.html / "chapters" / f"{run.chapter}.html").read_text(encoding="utf-8")
        assert "Scenario: <strong>Base case</strong> (base)" in page, run.chapter
