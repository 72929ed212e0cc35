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
    return arts, sources.figures(pkg, arts, include_number_words)


def test_defaults_from_another_directory(tmp_path):
    proc, out = papermill(tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    arts, figs = expected()
    assert values["n_articles"] == len(arts) == values["n_articles_all"]
    assert values["n_figures"] == len(figs)
    assert values["scope"] == "all topics"


def test_parameters_change_the_glued_numbers(tmp_path):
    proc, out = papermill(tmp_path, "-p", "topic", "chips", "-p", "include_number_words", "False")
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = glued(out)
    arts, figs = expected("chips", include_number_words=False)
    all_arts, all_figs = expected()
    assert values["n_articles"] == len(arts) < len(all_arts)
    assert values["n_figures"] == len(figs) < len(all_figs)
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
