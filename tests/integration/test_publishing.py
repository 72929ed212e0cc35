"""Publishing: `make serve` previews the book; the GitHub Pages workflow builds and deploys it."""

import socket
import subprocess
import time
import urllib.request

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.integration
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_serve_previews_the_built_book(built_book):
    port = free_port()
    server = subprocess.Popen(["make", "-s", "serve", f"PORT={port}", f"BOOK={built_book.html}"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/chapters/energy.html") as r:
                    page = r.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("make serve did not answer")
        assert "What the gigawatts mean" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_make_serve_without_a_book_says_so(tmp_path):
    proc = subprocess.run(["make", "-s", "serve", f"BOOK={tmp_path}"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "run make book first" in proc.stdout + proc.stderr


def test_the_pages_workflow_builds_with_make_book_and_deploys_the_book():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as True
    assert "main" in triggers["push"]["branches"] and "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert "make book" in runs
    assert any("cp -rL _build/html _site" in r for r in runs)  # the link's target, not the link
    assert any(u.startswith("actions/setup-python") for u in uses)
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith(
        "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_site"
    assert runs.index("make book") < next(i for i, r in enumerate(runs) if "_site" in r)
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"
    for job in flow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert "@v" in step["uses"], f"unpinned action {step['uses']}"
