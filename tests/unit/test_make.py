"""The Makefile's set-up: a virtual environment left half-made by an interrupted install
is made again from scratch, and a whole one is kept."""

import os
import shutil
import subprocess
import time

from tests.conftest import ROOT
from tests.robustness import case


def _plan(folder, target="book"):
    """What `make` would run (dry run): its commands, one per line."""
    proc = subprocess.run(["make", "-n", target], cwd=folder, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _copy_setup(folder):
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, folder / name)


@case("A .venv left half-made by an interrupted install (no .venv/.ready)",
      "the next `make book` removes it and installs it again from scratch", None, "none")
def test_a_half_made_venv_is_made_again(tmp_path):
    _copy_setup(tmp_path)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text("", encoding="utf-8")
    plan = _plan(tmp_path)
    assert plan.index("rm -rf .venv") < plan.index("-m venv .venv") < plan.index(
        "pip install") < plan.index("touch .venv/.ready") < plan.index("stargate_report build")


def test_a_whole_venv_is_kept_until_the_requirements_change(tmp_path):
    _copy_setup(tmp_path)
    (tmp_path / ".venv").mkdir()
    ready = tmp_path / ".venv" / ".ready"
    ready.write_text("", encoding="utf-8")
    later = time.time() + 60
    os.utime(ready, (later, later))
    plan = _plan(tmp_path)
    assert "pip install" not in plan and "stargate_report build" in plan
    os.utime(tmp_path / "requirements.txt", (later + 60, later + 60))  # edited after set-up
    assert "pip install" in _plan(tmp_path)
