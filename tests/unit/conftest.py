"""Fixtures of the unit tests: the data package, and for a pinned-numbers module (one that
sets `CHAPTER` and `MODEL`), its chapter's base-case parameters and `key_numbers`."""

import pytest

from stargate_report import data, params


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
