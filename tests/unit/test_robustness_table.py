"""docs/robustness.md is written from the tests that check each fault, and kept current."""

import subprocess
import sys

from tests.conftest import ROOT


def test_the_robustness_table_is_what_the_tests_declare(tmp_path):
    out = tmp_path / "robustness.md"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
         "-p", "no:cacheprovider", "--robustness-table", str(out), "tests"],
        cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    written = out.read_text(encoding="utf-8")
    committed = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert written == committed, "docs/robustness.md is out of date: run `make robustness`"
    rows = [line for line in written.splitlines() if line.startswith("| ") and "`" in line]
    assert f"{len(rows)} cases." in written and len(rows) >= 25
