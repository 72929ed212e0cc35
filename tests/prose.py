"""A prose lint for the built book: what a reader should never see on a page.

It reads each page's visible text, leaving out code (`<pre>`, `<code>`, hidden code
cells), the parameters table (where code names belong, for `-p`) and the theme's
navigation, and reports:
- a table cell that is a raw value: True, False, nan, None, NaT, <NA>;
- a count printed with ".0" (a bare number cell, or a number before a counted noun);
- a code name (snake_case) in prose or a table;
- a phrase known to read wrongly ("1 years", "bn USD", "0 tensions are", …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

#: Elements whose text is code or chrome, not prose.
_SKIP_TAGS = {"script", "style", "pre", "code", "kbd", "samp", "svg", "head", "nav"}
#: Classes whose text is code, chrome, or the parameters table.
_SKIP_CLASSES = ("cell_input", "sg-params", "bd-header", "bd-sidebar", "bd-footer",
                 "prev-next", "bd-toc", "highlight", "headerlink")
_VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col"}
_BLOCKS = {"p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "figcaption", "summary",
           "caption", "dd", "dt", "blockquote", "section"}

RAW_CELLS = {"True", "False", "nan", "NaN", "None", "NaT", "<NA>"}
COUNT_NOUNS = (r"(?:claims?|articles?|tensions?|sources?|providers?|contracts?|years?|homes|"
               r"accelerators?|people|persons|scenarios?|sites?)")
PHRASES = ("1 years", "1 claims", "1 tensions", "1 providers", "0 tensions are", "bn USD",
           "USD bn", "in no year up to", "654,036", "3 ratio", "4,000,000 persons", "True",
           "False", "nan", "NaN")


@dataclass(frozen=True)
class Finding:
    page: str
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: {self.text!r}"


class _Reader(HTMLParser):
    """The visible prose of a page, and the text of each table cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []
        self.chunks: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.open)

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        classes = dict(attrs).get("class") or ""
        skip = tag in _SKIP_TAGS or any(c in classes for c in _SKIP_CLASSES)
        self.open.append((tag, skip))
        if tag in ("td", "th") and not self._skipping():
            self._cell = []

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self.open:
            if self.open.pop()[0] == tag:
                break
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag in _BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if self._skipping():
            return
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


def lint_html(text: str, page: str = "page") -> list[Finding]:
    """Every finding on one page's HTML."""
    reader = _Reader()
    reader.feed(text)
    prose = re.sub(r"[ \t\u00a0\u202f]+", " ", "".join(reader.chunks))
    found = [Finding(page, "raw value in a table", c) for c in reader.cells if c in RAW_CELLS]
    found += [Finding(page, "count printed with .0", c) for c in reader.cells
              if re.fullmatch(r"−?-?\d{1,3}(?:,\d{3})*\.0", c)]

    def around(m: re.Match) -> str:
        return prose[max(0, m.start() - 40):m.end() + 20].replace("\n", " ")

    for m in re.finditer(r"(?<![\d.])\d[\d,]*\.0 " + COUNT_NOUNS + r"\b", prose):
        found.append(Finding(page, "count printed with .0", around(m)))
    for m in re.finditer(r"(?<![\w./-])[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9](?![\w/.-])", prose):
        found.append(Finding(page, "code name outside code", around(m)))
    for phrase in PHRASES:
        for m in re.finditer(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", prose):
            found.append(Finding(page, f"phrase {phrase!r}", around(m)))
    return found


def lint_book(html_dir: Path) -> list[Finding]:
    """Every finding on every page of a built book."""
    found = []
    for page in sorted(Path(html_dir).rglob("*.html")):
        rel = page.relative_to(html_dir)
        if "_static" in rel.parts or rel.name in ("genindex.html", "search.html"):
            continue
        found += lint_html(page.read_text(encoding="utf-8"), rel.as_posix())
    return found
