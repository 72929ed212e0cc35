"""Two clean builds of the same sources give the same bytes (after `provenance.mask`)."""

import pytest

from stargate_report import build, provenance
from tests.conftest import SOURCE_DATE_EPOCH, copy_book, tree_digest

pytestmark = pytest.mark.integration
#: The build's own record of when it ran and how long each chapter took.
BUILD_RECORDS = {"build.json"}
#: The one page that describes the build itself; compared after masking what varies.
PROVENANCE_FILES = {"provenance.html", "_sources/provenance.md"}


def test_two_clean_builds_are_byte_identical(built_book, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    second = build.build(copy_book(tmp_path / "again"), log=lambda *_: None)
    assert not second.reused  # a clean build: nothing from a cache

    first_exec = tree_digest(built_book.html.parents[1] / "_build" / "executed" / "base")
    second_exec = tree_digest(second.html.parents[1] / "_build" / "executed" / "base")
    assert set(first_exec) == set(second_exec)
    assert [n for n in first_exec if n not in BUILD_RECORDS
            and first_exec[n] != second_exec[n]] == []

    first, again = tree_digest(built_book.html), tree_digest(second.html)
    assert set(first) == set(again)
    differ = [name for name in first if first[name] != again[name]]
    assert set(differ) <= PROVENANCE_FILES
    for name in PROVENANCE_FILES:
        assert provenance.mask(first[name].decode()) == provenance.mask(again[name].decode())


def test_the_mask_hides_only_times_and_durations():
    text = "| sources | executed | 3.6 s | 2026-11-22 17:33 | `d4b948e81e94` | none |"
    assert provenance.mask(text) == (
        "| sources | executed | <varies> | <varies> | `d4b948e81e94` | none |")
    assert provenance.mask("Built (UTC) | 2026-11-22T17:33:08Z |") == "Built (UTC) | <varies> |"
    assert provenance.mask("4.5 GW, 1.58") == "4.5 GW, 1.58"
