"""The whole build path: papermill → stage → jupyter-book → atomic publish."""

import re

import nbformat
import pytest

from stargate_report import build
from tests.conftest import cli, copy_with_cache, edited, tree_digest

pytestmark = pytest.mark.integration
NETWORK = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?//',
                     re.IGNORECASE)


def test_the_book_is_published_with_every_page(built_book):
    html = built_book.html
    assert html.is_symlink() and (html / "index.html").is_file()
    assert (html / "chapters" / "sources.html").is_file()
    assert (html / "_static" / "vendor" / "vega-bundle.js").is_file()


def test_no_page_loads_anything_from_the_network(built_book):
    offenders = {}
    for page in built_book.html.rglob("*.html"):
        found = NETWORK.findall(page.read_text(encoding="utf-8"))
        if found:
            offenders[str(page)] = found
    assert offenders == {}


def test_readers_see_a_report_not_plumbing(built_book):
    page = (built_book.html / "chapters" / "sources.html").read_text(encoding="utf-8")
    assert "Parameters in effect" in page and 'class="sg-params"' in page
    assert "injected-parameters" not in page and "# Parameters" not in page
    assert "report.start(" not in page  # the validation cell is removed
    assert "Show code cell source" in page  # code is hidden behind a toggle
    assert page.count('class="sg-spec"') == 2
    assert "{glue" not in page  # every glued value was resolved


def test_executed_notebooks_are_tidied(built_book):
    run = built_book.chapters[0]
    nb = nbformat.read(run.executed, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]
    assert set(nb.metadata["papermill"]) == {"parameters"}
    assert not any("papermill" in c.metadata or "execution" in c.metadata for c in nb.cells)


def raise_in_chapter(root):
    path = root / "chapters" / "sources.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell('raise RuntimeError("injected failure")')
    cell.metadata["tags"] = ["remove-cell"]
    nb.cells.insert(4, cell)
    nbformat.write(nb, path)



@pytest.fixture(scope="module")
def published(tmp_path_factory, built_book):
    """A book copy with a published base book, to break in the tests below."""
    root = copy_with_cache(tmp_path_factory.mktemp("published"), built_book.html.parents[1])
    build.build(root, log=lambda *_: None)
    return root


def test_a_chapter_that_raises_leaves_the_published_book_untouched(published):
    html = published / "_build" / "html"
    before_target, before = html.resolve(), tree_digest(html)
    with edited(published / "chapters" / "sources.ipynb"):
        raise_in_chapter(published)
        proc = cli(published, "build")
    assert proc.returncode == 1
    assert "chapter 'sources' (sources.ipynb) raised in cell" in proc.stderr
    assert "RuntimeError: injected failure" in proc.stderr
    assert "the published book is unchanged" in proc.stderr
    assert html.resolve() == before_target and tree_digest(html) == before


def test_a_bad_scenario_executes_nothing_and_exits_2(published, tmp_path):
    html = published / "_build" / "html"
    before = tree_digest(html)
    executed = published / "_build" / "executed" / "base" / "chapters" / "sources.ipynb"
    mtime = executed.stat().st_mtime_ns
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: t\ndescription: d\nchapters: {sources: {topik: energy}}\n")
    proc = cli(published, "build", "--scenario", str(bad))
    assert proc.returncode == 2
    assert "unknown parameter chapters.sources.topik" in proc.stderr
    assert "did you mean 'topic'" in proc.stderr
    assert executed.stat().st_mtime_ns == mtime and tree_digest(html) == before


def test_a_scenario_book_is_published_apart(published, tmp_path):
    scenario = tmp_path / "chips.yaml"
    scenario.write_text("name: chips-only\ntitle: Chips\ndescription: Only chip articles.\n"
                        "chapters: {sources: {topic: chips}}\n")
    base = tree_digest(published / "_build" / "html")
    proc = cli(published, "build", "--scenario", str(scenario))
    assert proc.returncode == 0, proc.stderr
    page = (published / "_build" / "scenarios" / "chips-only" / "html" / "chapters" /
            "sources.html").read_text(encoding="utf-8")
    assert "those on <em>chips</em>" in page and "sg-changed" in page
    assert tree_digest(published / "_build" / "html") == base
