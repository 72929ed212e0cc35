"""Cache keys change with every input a chapter reads, and only with those."""

import json
import os
import shutil

import nbformat
import pytest

from stargate_report import build, params
from tests.conftest import ROOT, copy_book
from tests.robustness import case


@pytest.fixture
def book(tmp_path):
    root = copy_book(tmp_path / "book")
    shutil.copy2(ROOT / "requirements.txt", root / "requirements.txt")
    return root


def key(root, chapter="energy", values=None):
    values = values or params.defaults(chapter)
    notebook = root / "chapters" / f"{chapter}.ipynb"
    return build.chapter_key(root, chapter, notebook, values, build.shared_inputs(root))


def test_the_key_is_stable_for_the_same_inputs(book):
    assert key(book) == key(book)


def test_the_key_changes_with_a_parameter_value(book):
    changed = {**params.defaults("energy"), "pue": 1.5}
    assert key(book, values=changed) != key(book)


def test_the_key_changes_with_the_notebook_source_but_not_its_outputs(book):
    before = key(book)
    path = book / "chapters" / "energy.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="noise")]
    nb.cells[3].execution_count = 7
    nbformat.write(nb, path)
    assert key(book) == before
    nb.cells[0].source += " More prose."
    nbformat.write(nb, path)
    assert key(book) != before


def test_the_key_changes_with_a_data_file(book):
    before = key(book)
    with open(book / "data" / "sites.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert key(book) != before


def test_the_key_changes_with_the_requirements(book):
    before = key(book)
    with open(book / "requirements.txt", "a", encoding="utf-8") as f:
        f.write("# a comment\n")
    assert key(book) != before


def test_the_key_covers_this_package_source():
    shared = build.shared_inputs(ROOT)
    assert "package/build/cache.py" in shared and "package/models/energy.py" in shared
    assert "package/static/sg-charts.js" in shared
    assert not any("__pycache__" in name for name in shared)


def test_scenario_files_change_only_the_comparison_chapter(book):
    energy, scenarios = key(book), key(book, "scenarios")
    with open(book / "scenarios" / "slow-revenue.yaml", "a", encoding="utf-8") as f:
        f.write("# edited\n")
    assert key(book) == energy
    assert key(book, "scenarios") != scenarios


def test_the_cache_stores_finds_and_prunes(tmp_path):
    cache = build.Cache(tmp_path / "cache")
    executed = tmp_path / "x.ipynb"
    executed.write_text("{}", encoding="utf-8")
    assert cache.get("energy", "k0") is None
    for i in range(build.CACHE_KEEP + 3):
        cache.put("energy", f"k{i}", executed, {"seconds": 1.0, "executed_at": "t"})
        record = tmp_path / "cache" / "energy" / f"k{i}.json"
        os.utime(record, (1_000_000 + i, 1_000_000 + i))  # distinct, increasing use times
    kept = sorted(p.stem for p in (tmp_path / "cache" / "energy").glob("*.json"))
    assert len(kept) == build.CACHE_KEEP and "k0" not in kept
    hit = cache.get("energy", f"k{build.CACHE_KEEP + 2}")
    assert hit and hit[1]["seconds"] == 1.0
    assert not list((tmp_path / "cache" / "energy").glob(".*"))  # no temporary files left


@case("A cached notebook cut short (a disk error)", "the chapter is executed again; no error",
      None, "rebuilt")
def test_a_cached_notebook_cut_short_is_a_miss(tmp_path):
    cache = build.Cache(tmp_path)
    executed = tmp_path / "x.ipynb"
    executed.write_text('{"cells": [], "metadata": {}}', encoding="utf-8")
    cache.put("energy", "k", executed, {"seconds": 1.0, "executed_at": "t"})
    assert cache.get("energy", "k") is not None
    stored = tmp_path / "energy" / "k.ipynb"
    stored.write_bytes(stored.read_bytes()[:10])
    assert cache.get("energy", "k") is None


@case("A damaged cache record (not JSON)", "the chapter is executed again; no error", None,
      "rebuilt")
def test_a_damaged_cache_record_is_a_miss(tmp_path):
    cache = build.Cache(tmp_path)
    executed = tmp_path / "x.ipynb"
    executed.write_text("{}", encoding="utf-8")
    cache.put("energy", "k", executed, {"seconds": 1.0, "executed_at": "t"})
    (tmp_path / "energy" / "k.json").write_text("{not json", encoding="utf-8")
    assert cache.get("energy", "k") is None


def test_a_kernel_that_fails_to_start_is_retried_once(tmp_path, monkeypatch):
    import papermill

    calls = []

    def flaky(input_path, output_path, **kwargs):
        calls.append(kwargs["kernel_manager_class"])
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        shutil.copyfile(input_path, output_path)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    out = tmp_path / "out.ipynb"
    build.execute_chapter("energy", ROOT / "chapters" / "energy.ipynb", {}, out)
    assert len(calls) == 2 and out.is_file()


def test_a_kernel_that_never_starts_is_a_build_error(tmp_path, monkeypatch):
    import papermill

    def dead(*args, **kwargs):
        raise TimeoutError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(papermill, "execute_notebook", dead)
    with pytest.raises(build.BuildError, match=r"chapter 'energy' .* kernel failed 2 times: "
                                               r"TimeoutError"):
        build.execute_chapter("energy", ROOT / "chapters" / "energy.ipynb", {},
                              tmp_path / "out.ipynb")


def test_every_failing_chapter_is_reported(tmp_path, monkeypatch):
    def fail(job):
        raise build.BuildError(f"chapter '{job[0]}' raised")

    monkeypatch.setattr(build.execute, "_execute_job", fail)
    jobs = [(ch, ROOT / "chapters" / f"{ch}.ipynb", {}, tmp_path / f"{ch}.ipynb")
            for ch in ("energy", "chips")]
    with pytest.raises(build.BuildError) as err:
        build.execute_all(ROOT, jobs, workers=1, log=lambda *_: None)
    assert "chapter 'chips' raised" in str(err.value)
    assert "chapter 'energy' raised" in str(err.value)


def test_the_build_record_names_the_release(tmp_path):
    """A record that points at another release is not 'up to date'."""
    scenario = params.load_scenario(ROOT / build.BASE_SCENARIO)
    record = tmp_path / "_build" / "executed" / "base" / "build.json"
    record.parent.mkdir(parents=True)
    release = tmp_path / "_build" / ".releases" / "html" / "r1"
    release.mkdir(parents=True)
    (release / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "_build" / "html").symlink_to(release.relative_to(tmp_path / "_build"))
    record.write_text(json.dumps({"book_key": "k", "release": ".releases/html/r1"}))
    assert build._up_to_date(tmp_path, scenario, "k")
    assert not build._up_to_date(tmp_path, scenario, "other")
    record.write_text(json.dumps({"book_key": "k", "release": ".releases/html/r0"}))
    assert not build._up_to_date(tmp_path, scenario, "k")
