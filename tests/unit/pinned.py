"""How a pinned value is compared: floats to 1e-9, everything else exactly, and of the
same type (a count stays an int, a phrase a str)."""

import pytest


def approx(value: float):
    return pytest.approx(value, rel=1e-9)


def assert_values(got: dict, expected: dict) -> None:
    """Each expected key has its value in `got`; the message names the key."""
    for name, want in expected.items():
        if isinstance(want, float):
            assert got[name] == approx(want), name
        else:
            assert got[name] == want, name
            assert type(got[name]) is type(want), name
