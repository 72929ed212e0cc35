"""The comparison's own arithmetic and wording, on small frames written out by hand: every
value `compare.key_numbers` returns, the per cent changes, the move texts and the tables.
(`test_compare.py` runs the real scenario files; these pin the edge cases one by one.)"""

import math

import pandas as pd
import pytest

from stargate_report import fmt, params
from stargate_report.models import compare
from tests.conftest import ROOT

NB = fmt.NBSP
BN = f"{NB}bn"


def _long(rows, base_title="Base case"):
    """A comparison in long form from (scenario, title, metric, label, unit, value,
    base_value, change_pct) rows; the base rows first, as `compare.compare` builds it."""
    cols = ["scenario", "title", "metric", "label", "unit", "value", "base_value",
            "change_pct"]
    frame = pd.DataFrame(rows, columns=cols)
    frame.loc[frame["scenario"] == "base", "title"] = base_title
    return frame


def _one_alternative():
    nan = float("nan")
    return _long([
        ("base", "", "twh", "Electricity", "TWh", 10.0, 10.0, 0.0),
        ("base", "", "chips_bn", "Chips", "bn USD", 100.0, 100.0, 0.0),
        ("base", "", "cumulative_gap_all", "Gap", "bn USD", 50.0, 50.0, 0.0),
        ("base", "", "n_not_established", "Zero thing", "tensions", 0.0, 0.0, nan),
        # +20% on 10 TWh; chips unchanged; the gap flips sign: (−25 − 50) ÷ 50 = −150%
        ("alt", "An alternative", "twh", "Electricity", "TWh", 12.0, 10.0, 20.0),
        ("alt", "An alternative", "chips_bn", "Chips", "bn USD", 100.0, 100.0, 0.0),
        ("alt", "An alternative", "cumulative_gap_all", "Gap", "bn USD", -25.0, 50.0, -150.0),
        ("alt", "An alternative", "n_not_established", "Zero thing", "tensions", 2.0, 0.0, nan),
    ])


def test_key_numbers_of_one_alternative_with_a_sign_flip_and_an_unchanged_output():
    key = compare.key_numbers(_one_alternative(), "base")
    assert key == {
        "n_alternatives": 1, "alternatives_text": "1 alternative scenario is",
        "base_title": "Base case", "n_metrics": len(compare.METRICS),
        # chips move by 0% in the only alternative: one output unchanged
        "n_unchanged": 1, "unchanged_text": "1 output moves under none of them.",
        # the largest move is the gap's −150%, read from–to because its sign flips
        "top_label": "gap", "top_change_pct": -150.0, "top_title": "An alternative",
        "top_value": -25.0, "top_base": 50.0, "top_unit": "bn USD",
        "top_move_text": f"from $50{BN} to {fmt.MINUS}\u2060$25{BN}",
        # a change from zero has no per cent
        "undefined_text": "zero thing",
        "twh_min": 10.0, "twh_max": 12.0, "chips_bn_min": 100.0, "chips_bn_max": 100.0,
        "cumulative_gap_all_min": -25.0, "cumulative_gap_all_max": 50.0,
    }


def test_key_numbers_of_several_alternatives_where_every_output_moves():
    nan = float("nan")
    long = _long([
        ("base", "", "twh", "Electricity", "TWh", 10.0, 10.0, 0.0),
        ("base", "", "chips_bn", "Chips", "bn USD", 100.0, 100.0, 0.0),
        ("base", "", "b", "B thing", "%", 0.0, 0.0, nan),
        ("base", "", "a", "A thing", "%", 0.0, 0.0, nan),
        ("low", "Lower", "twh", "Electricity", "TWh", 8.0, 10.0, -20.0),
        ("low", "Lower", "chips_bn", "Chips", "bn USD", 101.0, 100.0, 1.0),
        ("low", "Lower", "b", "B thing", "%", 1.0, 0.0, nan),
        ("low", "Lower", "a", "A thing", "%", 1.0, 0.0, nan),
        # the largest move in size is a fall of 30% (a rise of 25% elsewhere is smaller)
        ("high", "Higher", "twh", "Electricity", "TWh", 12.5, 10.0, 25.0),
        ("high", "Higher", "chips_bn", "Chips", "bn USD", 70.0, 100.0, -30.0),
        ("high", "Higher", "b", "B thing", "%", 1.0, 0.0, nan),
        ("high", "Higher", "a", "A thing", "%", 1.0, 0.0, nan),
    ], base_title="The base")
    key = compare.key_numbers(long, "base")
    assert key["n_alternatives"] == 2
    assert key["alternatives_text"] == "2 alternative scenarios are"
    assert key["base_title"] == "The base"
    assert key["n_unchanged"] == 0  # chips move by 1% in one, 30% in the other
    assert key["unchanged_text"] == "Every output moves under at least one of them."
    assert (key["top_label"], key["top_title"], key["top_change_pct"]) == (
        "chips", "Higher", -30.0)
    assert key["top_move_text"] == f"{fmt.MINUS}30% ($70{BN} against $100{BN})"
    assert key["undefined_text"] == "a thing; b thing"  # sorted, lower case
    assert (key["twh_min"], key["twh_max"]) == (8.0, 12.5)
    assert math.isnan(key["cumulative_gap_all_min"])  # not in this comparison


def test_outputs_unchanged_in_every_alternative_are_counted_and_the_base_title_is_its_own():
    long = _long([
        ("base", "", "twh", "Electricity", "TWh", 10.0, 10.0, 0.0),
        ("base", "", "x", "X", "%", 5.0, 5.0, 0.0),
        ("base", "", "y", "Y", "%", 5.0, 5.0, 0.0),
        ("alt", "Alt", "twh", "Electricity", "TWh", 11.0, 10.0, 10.0),
        ("alt", "Alt", "x", "X", "%", 5.0, 5.0, 0.0),
        ("alt", "Alt", "y", "Y", "%", 5.0, 5.0, 0.0),
    ], base_title="Only one base title")
    key = compare.key_numbers(long, "base")
    assert key["n_unchanged"] == 2
    assert key["unchanged_text"] == "2 outputs move under none of them."
    assert key["undefined_text"] == "none"
    assert key["top_move_text"] == f"+10% (11{NB}TWh against 10{NB}TWh)"
    # a comparison of a single output still names its base
    single = long[long["metric"] == "twh"].reset_index(drop=True)
    assert compare.key_numbers(single, "base")["base_title"] == "Only one base title"


@pytest.mark.parametrize("base, value, change_pct, unit, text", [
    (10.0, 12.0, 20.0, "TWh", f"+20% (12{NB}TWh against 10{NB}TWh)"),
    (10.0, 8.0, -20.0, "%", f"{fmt.MINUS}20% (8% against 10%)"),
    (10.0, 10.0, 0.0, "claims", f"0% (10{NB}claims against 10{NB}claims)"),
    # under 1% a move keeps a decimal, so that it does not read "+0%"
    (0.5, 0.502, 0.4, "TWh", f"+0.4% (0.502{NB}TWh against 0.5{NB}TWh)"),
    (2.0, 1.99, -0.5, "TWh", f"{fmt.MINUS}0.5% (1.99{NB}TWh against 2{NB}TWh)"),
    (5.0, 6.0, 1.0, "TWh", f"+1% (6{NB}TWh against 5{NB}TWh)"),
    # a zero at the end is no sign flip: a per cent still reads right
    (5.0, 0.0, -100.0, "TWh", f"{fmt.MINUS}100% (0{NB}TWh against 5{NB}TWh)"),
    (0.5, -0.5, -200.0, "TWh", f"from 0.5{NB}TWh to {fmt.MINUS}0.5{NB}TWh"),
    (-2.0, 4.0, 300.0, "million", "from \u22122 million to 4 million"),
])
def test_a_move_reads_as_a_per_cent_unless_the_sign_flips(base, value, change_pct, unit, text):
    assert compare._move_text(base, value, unit, change_pct) == text


def test_counts_of_claims_and_tensions_print_as_whole_numbers():
    assert compare.value_text(2.0, "claims") == f"2{NB}claims"
    assert compare.value_text(2.0, "tensions") == f"2{NB}tensions"
    assert compare.value_text(2.0, "Mt") == f"2{NB}Mt"
    # a count is exact, where another quantity keeps three figures
    assert compare.value_text(1234.0, "claims") == f"1,234{NB}claims"
    assert compare.value_text(1234.0, "tensions") == f"1,234{NB}tensions"
    assert compare.value_text(1234.0, "Mt") == f"1,230{NB}Mt"


def test_per_cent_changes_are_against_the_baseline_and_none_from_zero(pkg, monkeypatch):
    values = {"base": {"twh": 10.0, "chips_bn": 0.0}, "alt": {"twh": 8.0, "chips_bn": 3.0},
              "neg": {"twh": -5.0, "chips_bn": 0.0}}
    metrics = (compare.Metric("energy", "twh", "Electricity", "TWh"),
               compare.Metric("chips", "chips_bn", "Chips", "bn USD"))

    def fake_outputs(given_pkg, scenario):
        assert given_pkg is pkg
        return pd.DataFrame([{"scenario": scenario.name, "chapter": m.chapter,
                              "metric": m.name, "label": m.label, "unit": m.unit,
                              "value": values[scenario.name][m.name]} for m in metrics])

    monkeypatch.setattr(compare, "key_outputs", fake_outputs)
    scenarios = [params.Scenario(n, n.title(), "", None, {}) for n in ("base", "alt", "neg")]
    long = compare.compare(pkg, scenarios, "base")
    assert list(long["title"]) == ["Base", "Base", "Alt", "Alt", "Neg", "Neg"]
    assert long.index.tolist() == list(range(6))
    assert list(long["base_value"]) == [10.0, 0.0] * 3
    # (8 − 10) ÷ 10 = −20%; (−5 − 10) ÷ |10| = −150%; from a zero base: no per cent
    changes = list(long["change_pct"])
    assert changes[0::2] == [0.0, -20.0, -150.0]
    assert all(math.isnan(c) for c in changes[1::2])
    assert compare.moves(long, "base")["change_pct"].tolist() == [-20.0, -150.0]
    assert compare.undefined(long, "base") == ["Chips"]


def test_the_wide_tables_keep_the_metrics_order_and_the_scenarios_order():
    long = _one_alternative()
    long["chapter"] = ["energy", "chips", "funding", "claims"] * 2
    wide = compare.wide(long)
    # rows in the order given, not sorted by chapter or label
    assert wide["label"].tolist() == ["Electricity", "Chips", "Gap", "Zero thing"]
    assert wide.columns.tolist() == ["chapter", "label", "unit", "base", "alt"]
    assert wide["alt"].tolist() == [12.0, 100.0, -25.0, 2.0]


def test_an_undefined_change_is_taken_from_the_alternatives_only():
    nan = float("nan")
    long = _long([
        ("base", "", "x", "Base only undefined", "%", 1.0, 1.0, nan),
        ("alt", "Alt", "x", "Base only undefined", "%", 2.0, 1.0, 100.0),
    ])
    assert compare.undefined(long, "base") == []


def test_the_readers_table_has_an_output_per_metric_and_a_column_per_title():
    long = _long([
        ("base", "", m.name, m.label, m.unit, 2.0, 2.0, 0.0) for m in compare.METRICS
    ] + [("alt", "Alt", m.name, m.label, m.unit, 3.0, 2.0, 50.0) for m in compare.METRICS])
    long["chapter"] = [m.chapter for m in compare.METRICS] * 2
    table = compare.wide_text(long)
    assert table.columns.tolist() == ["Chapter", "Output", "Base case", "Alt"]
    assert table["Output"].tolist() == [m.label for m in compare.METRICS]
    row = table.set_index("Output").loc["Electricity used in a year"]
    assert (row["Base case"], row["Alt"]) == (f"2{NB}TWh", f"3{NB}TWh")


def test_moves_keep_rows_with_a_change_whatever_else_is_missing():
    long = _one_alternative()
    long.loc[long["metric"] == "twh", "title"] = None
    assert compare.moves(long, "base")["metric"].tolist() == [
        "twh", "chips_bn", "cumulative_gap_all"]


def test_a_story_cites_the_known_ids_it_names_without_trailing_stops(pkg):
    story = params.Scenario("s", "S", "Planned 8 GW (E7.16). Reported contract: O3. Again "
                            "E7.16-, then C002-04; not X99.", None, {})
    assert compare.cited_ids(pkg, story) == ["E7.16", "O3", "C002-04"]


def test_key_outputs_are_the_chapters_own_numbers_in_the_metrics_order(pkg):
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    out = compare.key_outputs(pkg, base)
    numbers = compare.chapter_numbers(pkg, base)
    assert out.columns.tolist() == ["scenario", "chapter", "metric", "label", "unit", "value"]
    assert out["metric"].tolist() == [m.name for m in compare.METRICS]
    assert (out["scenario"] == "base").all()
    assert out["unit"].tolist() == [m.unit for m in compare.METRICS]
    assert out["label"].tolist() == [m.label for m in compare.METRICS]
    for row in out.itertuples():
        assert row.value == float(numbers[row.chapter][row.metric])


def test_chapter_numbers_can_be_asked_for_some_chapters_only(pkg):
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    assert list(compare.chapter_numbers(pkg, base, ("energy", "chips"))) == ["energy", "chips"]
    assert list(compare.chapter_numbers(pkg, base)) == list(compare.MODELS)
