"""Fault injection: whatever breaks, the published book stays whole and the message
says what failed and where."""

import os
import signal
import subprocess
import sys

import pytest

from stargate_report import build
from tests.conftest import ROOT, cli, copy_with_cache, edit_csv, edited, tree_digest
from tests.robustness import case

pytestmark = pytest.mark.integration



@pytest.fixture(scope="module")
def published(tmp_path_factory, built_book):
    root = copy_with_cache(tmp_path_factory.mktemp("faults"), built_book.html.parents[1])
    build.build(root, log=lambda *_: None)
    return root


def kill_build_when(root, seen) -> str:
    """Start a full build, kill its whole process group once `seen(lines)`; return output."""
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "stargate_report", "--root", str(root), "build",
         "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if seen(lines):
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return "".join(lines)


@pytest.mark.parametrize("when", [
    pytest.param("executing", marks=case(
        "A build killed (SIGKILL) while executing chapters",
        "the next build removes its leftovers and publishes", None)),
    pytest.param("rendering", marks=case(
        "A build killed (SIGKILL) while jupyter-book renders",
        "the next build removes its leftovers and publishes", None))])
def test_a_build_killed_midway_leaves_the_book_and_the_next_build_works(published, when):
    html = published / "_build" / "html"
    target, before = html.resolve(), tree_digest(html)
    n_chapters = len(build.chapter_notebooks(published))
    if when == "executing":
        seen = lambda lines: any(line.startswith("  executed ") for line in lines)  # noqa: E731
    else:  # every chapter executed: jupyter-book is running
        seen = lambda lines: sum(line.startswith("  executed ") for line in lines) == n_chapters  # noqa: E731
    output = kill_build_when(published, seen)
    assert "published" not in output  # it was killed before publishing
    assert html.resolve() == target and tree_digest(html) == before

    proc = cli(published, "build")
    assert proc.returncode == 0, proc.stderr
    assert (html / "index.html").is_file()
    assert not list((published / "_build" / "work").iterdir())  # the killed build's leftovers


@case("Two builds started at once in the same folder",
      "the second says another build is running and waits, then finds the book up to date",
      0, "rebuilt")
def test_two_builds_at_once_publish_one_whole_book(published):
    """The second build waits for the first, then finds the book up to date: one release,
    whole, and never a mix of the two."""
    html = published / "_build" / "html"
    with edited(published / "index.md") as page:
        page.write_text(page.read_text(encoding="utf-8") + "\n<!-- concurrent -->\n",
                        encoding="utf-8")
        procs = [subprocess.Popen(
            [sys.executable, "-u", "-m", "stargate_report", "--root", str(published), "build"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
        outputs = [proc.communicate(timeout=600)[0] for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], outputs
        waited = [out for out in outputs if "another build is running" in out]
        assert len(waited) == 1, outputs
        assert "waiting for it to finish" in waited[0] and "is up to date" in waited[0]
        assert sum("published _build/html/index.html" in out for out in outputs) == 1
        releases = list((published / "_build" / ".releases" / "html").iterdir())
        assert len(releases) == 1 and html.resolve() == releases[0]
        assert (html / "index.html").is_file() and (html / "chapters" / "energy.html").is_file()
        assert "<!-- concurrent -->" in (html / "index.html").read_text(encoding="utf-8")
    assert cli(published, "build").returncode == 0  # the page as it was, for the next tests


@case("A malformed data row in a built book's folder", "the file, line and field; "
      "\"nothing was executed\"", 2)
def test_a_malformed_data_row_is_named_and_nothing_runs(published):
    html = published / "_build" / "html"
    before = tree_digest(html)
    with edited(published / "data" / "claims.csv") as claims:
        edit_csv(claims, 5, "value", "trois")
        proc = cli(published, "build")
    assert proc.returncode == 2
    assert "data/claims.csv, line 5, field 'value'" in proc.stderr
    assert "nothing was executed; the published book is unchanged" in proc.stderr
    assert tree_digest(html) == before


@case("Browser tests with no Chromium installed", "a message saying how to install it, "
      "before any book is built", None, "none")
def test_a_missing_chromium_fails_the_browser_tests_with_a_clear_message(tmp_path):
    env = {**os.environ, "SG_CHROMIUM": str(tmp_path / "no-chromium")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/browser/test_pages.py::test_the_sources_page_has_its_charts"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert f"Chromium is missing at {tmp_path / 'no-chromium'}" in proc.stdout


@case("`make test` where Chromium cannot be installed", "make says so and stops", 2, "none")
def test_make_says_when_chromium_cannot_be_installed():
    proc = subprocess.run(["make", "-s", "chromium", "CHROMIUM_BIN=sg-no-such-browser",
                           "APT_GET=false"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "Chromium (sg-no-such-browser) is missing" in proc.stdout + proc.stderr
