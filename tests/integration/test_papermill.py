"""Plain papermill, as an analyst would run it: from another directory, with -p."""

import subprocess
import sys
from pathlib import Path

import pytest

from stargate_report import data
from stargate_report.models import sources
from tests.conftest import ROOT, glued

pytestmark = pytest.mark.integration
NOTEBOOK = ROOT / "chapters" / "sources.ipynb"


def papermill(tmp_path, *args):
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(NOTEBOOK), str(out), *args],
        cwd=tmp_path, capture_output=True, text=True)
    return proc, out


def expected(topic="all", include_number_words=True):
    pkg = data.load()
    arts = sources.select_articles(pkg, topic)
    figs = sources.figures(pkg, arts, include_number_words)
    return arts, figs, sources.key_numbers(arts, figs, sources.counts(pkg, arts, figs))


def test_defaults_from_another_directory(tmp_path):
    proc, out = papermill(tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    arts, figs, key = expected()
    assert values["n_articles"] == len(arts) == values["n_articles_all"]
    assert values["n_figures"] == len(figs)
    assert values["money_share_pct"] == pytest.approx(key["money_share_pct"])
    assert values["scope"] == "all topics"


def test_parameters_change_the_glued_numbers(tmp_path):
    proc, out = papermill(tmp_path, "-p", "topic", "chips", "-p", "include_number_words", "False")
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    arts, figs, key = expected("chips", include_number_words=False)
    all_arts, all_figs, _ = expected()
    assert values["n_articles"] == len(arts) < len(all_arts)
    assert values["n_figures"] == len(figs) < len(all_figs)
    assert values["densest_per_1000"] == pytest.approx(key["densest_per_1000"])
    assert values["topics_summary"] == ", ".join(
        f"{t} {n}" for t, n in key["articles_by_topic"].items())
    assert values["n_in_words"] == 0
    assert values["scope"] == "the topic *chips*"


def test_a_bad_value_fails_naming_the_parameter_and_what_is_allowed(tmp_path):
    proc, _ = papermill(tmp_path, "-p", "topic", "enrgy")
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "ParameterError: parameter topic = 'enrgy' is not allowed" in output
    assert "one of 'all', 'funding', 'energy'" in output and "did you mean 'energy'" in output


def test_a_bad_type_fails_before_any_analysis(tmp_path):
    proc, out = papermill(tmp_path, "-p", "include_number_words", "maybe")
    assert proc.returncode != 0
    assert "include_number_words = 'maybe' has the wrong type" in proc.stdout + proc.stderr


def run_claims(tmp_path, *args):
    out = tmp_path / "claims.ipynb"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(ROOT / "chapters" / "claims.ipynb"),
         str(out), *args], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return glued(out)


def test_as_of_changes_the_audit_as_the_model_says(tmp_path):
    from stargate_report.models import audit

    pkg = data.load()
    for as_of in ("2025-09-30", "2026-06-30"):
        values = run_claims(tmp_path, "-p", "as_of", as_of)
        claims = audit.select_claims(pkg)
        tensions = audit.tensions_in_view(pkg, claims, "C", as_of)
        key = audit.key_numbers(pkg.claims, claims, tensions, audit.record(pkg, "C", as_of),
                                audit.what_happened_next(pkg, tensions))
        for name in ("n_record_rows", "n_not_established", "n_later_revised", "n_next"):
            assert values[name] == key[name], (as_of, name)
    early = run_claims(tmp_path, "-p", "as_of", "2025-09-30")
    late = run_claims(tmp_path)
    assert early["n_not_established"] > late["n_not_established"] == 0
    assert early["n_record_rows"] < late["n_record_rows"]
