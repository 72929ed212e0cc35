"""The parameter contract's words, at each of its edges: what `allowed` says for every
kind of parameter, how `shown` prints each unit, and the labels errors carry."""

import datetime as dt
import re

import pytest

from stargate_report.params.spec import Param, ParameterError, _did_you_mean


def _param(**kw):
    base = {"name": "x", "type": float, "default": 1.0, "help": "h", "basis": "b"}
    return Param(**{**base, **kw})


@pytest.mark.parametrize("kw, text", [
    ({"choices": ("a", "b")}, "one of 'a', 'b'"),
    ({"type": bool, "default": True}, "True or False"),
    ({"type": str, "default": "2026-01-01", "is_date": True, "min": "2019-01-01",
      "max": "2026-12-31"}, "a date (YYYY-MM-DD) from 2019-01-01 to 2026-12-31"),
    ({"type": str, "default": "t"}, "text"),
    ({"type": int, "default": 1}, "a whole number"),
    ({"min": 0.5, "max": 2}, "a number from 0.5 to 2"),
    ({"min": 0.5}, "a number of at least 0.5"),
    ({"max": 2}, "a number of at most 2"),
    ({}, "a number"),
])
def test_allowed_says_in_words_what_each_kind_of_parameter_takes(kw, text):
    assert _param(**kw).allowed() == text


@pytest.mark.parametrize("kw, value, text", [
    ({"unit": "fraction"}, 0.8, "80%"),
    ({"unit": "per year"}, 0.25, "25%"),
    ({"unit": "GW"}, 8.0, "8\u00a0GW"),
    ({"unit": "USD/MWh"}, 91.5, "91.5"),  # a long unit stays in its own column
    ({"type": int, "unit": "years", "default": 5}, 5, "5\u00a0years"),
    ({"type": str, "default": "texas"}, "texas", "texas"),
    ({"type": bool, "default": True}, False, "no"),
])
def test_shown_prints_a_value_as_readers_read_it(kw, value, text):
    assert _param(**kw).shown(value) == text


def test_a_date_must_be_iso_text_and_within_its_range_ends_included():
    p = _param(name="as_of", type=str, default="2026-06-30", is_date=True,
               min="2019-01-01", max="2026-12-31")
    assert p.check("2019-01-01") == "2019-01-01" and p.check("2026-12-31") == "2026-12-31"
    assert p.check(dt.date(2026, 6, 30)) == "2026-06-30"  # as YAML reads it
    with pytest.raises(ParameterError, match=r"as_of = 20260630 is not a date"):
        p.check(20260630)
    with pytest.raises(ParameterError, match=r"as_of = '2018-12-31' is out of range; "
                                             r"allowed: a date \(YYYY-MM-DD\) from 2019"):
        p.check("2018-12-31")


def test_errors_from_typed_text_name_the_parameter_where_it_was_given():
    pue = _param(name="pue", min=1.0, max=3.0)
    with pytest.raises(ParameterError, match=r"^parameter pue = 'x' is not a number"):
        pue.parse("x")
    with pytest.raises(ParameterError, match=r"^parameter energy\.pue = 9\.0 is out of range"):
        pue.parse("9", where="energy.")
    switch = _param(name="on", type=bool, default=True)
    with pytest.raises(ParameterError, match=re.escape(
            "(accepted: 0, 1, false, no, true, yes)")):
        switch.parse("maybe")


def test_a_hint_is_given_only_when_a_close_choice_exists():
    assert _did_you_mean("texs", ["texas", "ohio"]) == " (did you mean 'texas'?)"
    assert _did_you_mean("zzz", ["texas", "ohio"]) == ""


def test_check_names_the_parameter_the_type_and_accepts_both_ends_of_its_range():
    p = _param(min=1.0, max=2.0)
    assert p.check(2.0) == 2.0 and p.check(1) == 1.0
    with pytest.raises(ParameterError, match=r"^parameter x = 0\.0 is out of range"):
        p.check(0)
    whole = _param(type=int, default=1)
    with pytest.raises(ParameterError, match=r"^parameter x = 1\.5 has the wrong type \(float\)"):
        whole.check(1.5)
    with pytest.raises(ParameterError, match=r"has the wrong type \(str\)"):
        p.check("1")
