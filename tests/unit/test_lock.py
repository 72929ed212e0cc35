"""The build lock: one build at a time per book folder, released when its holder dies."""

import subprocess
import sys
import time

from stargate_report.build import publish
from tests.robustness import case

HOLD = """
import sys, time
from pathlib import Path
from stargate_report.build import publish
with publish.build_lock(Path(sys.argv[1]), log=lambda *_: None):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(root):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(root)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_build_waits_and_says_for_whom(tmp_path):
    holder = _holder(tmp_path)
    said = []
    # release the holder shortly after the second build starts to wait
    killer = subprocess.Popen([sys.executable, "-c",
                               f"import os, time; time.sleep(1); os.kill({holder.pid}, 15)"])
    started = time.monotonic()
    with publish.build_lock(tmp_path, log=said.append):
        waited = time.monotonic() - started
    killer.wait(timeout=30)
    holder.wait(timeout=30)
    assert said == [f"another build is running in this folder (process {holder.pid}); "
                    "waiting for it to finish"]
    assert waited > 0.5  # it did wait for the holder


@case("A build killed while it holds the build lock", "the next build starts at once: no "
      "stale lock", None)
def test_a_killed_build_leaves_no_stale_lock(tmp_path):
    holder = _holder(tmp_path)
    holder.kill()
    holder.wait(timeout=30)
    said = []
    with publish.build_lock(tmp_path, log=said.append):
        assert (tmp_path / "_build" / ".build.lock").read_text().strip().isdigit()
    assert said == []  # the kernel released the dead process's lock: no wait
