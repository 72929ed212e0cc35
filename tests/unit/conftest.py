"""Fixtures of the unit tests: the data package, and for a pinned-numbers module (one that
sets `CHAPTER` and `MODEL`), its chapter's base-case parameters and `key_numbers`."""

import os

import pytest

from stargate_report import data, params

# Loaded once, when the tests are collected. `make mutate`'s runner collects the tests
# once and forks a fresh process per mutant from there, so each mutant's run starts with
# the package in memory (data.py is not mutated, and `load` returns the cached package).
data.load()

#: Left out of mutation runs, where they would only cost time: the tests of the tooling
#: (the coverage map, the chart renderer, the bench and mutation reports), which check no
#: model; and the whole-scenario tests of test_compare.py, which rerun every chapter for
#: every scenario file (about 10 s a mutant) to check what test_pinned_scenarios.py and
#: test_compare_frames.py check value by value.
_LEFT_OUT_OF_MUTATION = ("test_testmap.py", "test_render.py", "test_bench.py",
                         "test_mutation_report.py", "test_compare.py")


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    kept = [item for item in items if item.path.name not in _LEFT_OUT_OF_MUTATION]
    config.hook.pytest_deselected(items=[i for i in items if i not in kept])
    items[:] = kept


@pytest.fixture(scope="session")
def pkg():
    """The data package as the book loads it (read-only in the tests)."""
    return data.load()


@pytest.fixture(scope="module")
def P(request):
    """The base case's parameters of the module's `CHAPTER`."""
    return params.defaults(request.module.CHAPTER)


@pytest.fixture  # per test: mutation testing selects the tests that run the model
def key(request, pkg, P):
    """The module's `MODEL.key_numbers` for the base case."""
    return request.module.MODEL.key_numbers(pkg, P)
