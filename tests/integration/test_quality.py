"""Quality gates on the built book: links and anchors, accessibility of charts, palette."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from stargate_report.charts import GREYS, PALETTE
from tests.conftest import chart_specs
from tests.prose import lint_book

pytestmark = pytest.mark.integration


class _Links(HTMLParser):
    """Every link target and every id of one page."""

    def __init__(self):
        super().__init__()
        self.targets, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "preconnect"):
                self.targets.append(attrs[name])


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves(built_book):
    html = built_book.html.resolve()
    # _static/ holds theme templates (webpack-macros.html), not pages
    pages = {page: parse(page) for page in html.rglob("*.html") if "_static" not in page.parts}
    broken = []
    for page, links in pages.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("//", "mailto:", "data:", "javascript:")):
                continue  # external links are checked by test_build: none load anything
            path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(html)}: {target} (no such file)")
            elif parts.fragment and path.suffix == ".html":
                ids = pages[path].ids if path in pages else parse(path).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(html)}: {target} (no such anchor)")
    assert broken == []
    assert sum(len(links.targets) for links in pages.values()) > 500  # the check saw links


def test_every_chart_has_a_title_and_a_description_for_screen_readers(built_book):
    for page in built_book.html.rglob("chapters/*.html"):
        text = page.read_text(encoding="utf-8")
        charts = re.findall(
            r'<figure class="sg-figure" aria-label="([^"]*)"><div class="sg-chart" ', text)
        assert len(charts) == text.count('class="sg-spec"'), page.name
        for label in charts:
            assert len(label) > 40 and ". " in label, f"{page.name}: {label!r}"


NEUTRALS = {"#000000", "#ffffff", "black", "white", "grey", "gray", "currentcolor"}


def _colours(node):
    """Every literal colour in a spec (mark colours, scale ranges, values)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("color", "fill", "stroke") and isinstance(value, str):
                yield value
            elif key == "range" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif key == "value" and isinstance(value, str) and value.startswith("#"):
                yield value
            else:
                yield from _colours(value)
    elif isinstance(node, list):
        for item in node:
            yield from _colours(item)


def test_charts_use_only_the_colour_blind_safe_palette(built_book):
    allowed = {c.lower() for c in PALETTE + GREYS} | NEUTRALS
    for run in built_book.chapters:
        for title, spec in chart_specs(run.executed).items():
            used = {c.lower() for c in _colours({k: v for k, v in spec.items() if k != "config"})}
            assert used <= allowed, f"{run.chapter}: {title}: {sorted(used - allowed)}"


def test_every_chart_has_its_downloads_in_the_book(built_book):
    import csv
    import io

    html = built_book.html.resolve()
    n_charts = 0
    for run in built_book.chapters:
        page = (html / "chapters" / f"{run.chapter}.html").read_text(encoding="utf-8")
        specs = {m.group(1): m.group(2) for m in re.finditer(
            r'data-target="(sg-chart-[0-9a-f]+)">(.*?)</script>', page, re.S)}
        for chart_id in specs:
            n_charts += 1
            files = {ext: html / "_static" / "charts" / f"{chart_id}.{ext}"
                     for ext in ("csv", "png", "svg")}
            for ext, path in files.items():
                assert f'href="../_static/charts/{chart_id}.{ext}"' in page
                assert path.is_file() and path.stat().st_size > 100, path
            assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert files["svg"].read_text(encoding="utf-8").startswith("<svg")
            rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
            assert rows, f"{run.chapter}: {chart_id} has no data rows"
    assert n_charts >= 20
    assert "sg-download:" not in "".join(p.read_text(encoding="utf-8")
                                         for p in html.rglob("*.html"))


def test_the_book_reads_as_prose_not_program_output(built_book):
    """No raw True/False/nan, no count with ".0", no code name outside code, none of the
    phrases that read wrongly, on any page (see tests/prose.py)."""
    findings = lint_book(built_book.html.resolve())
    assert not findings, "\n".join(map(str, findings))
