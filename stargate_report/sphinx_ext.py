"""Sphinx extension for the book: the offline chart scripts and the report's styles.

The assets live in this package (`static/`), not in the book's `_static/`, because
Jupyter Book loads every script found there without `defer`. Both scripts must be
deferred: the Vega bundle (about 0.9 MB) must not block the page, and the chart
loader must run after it, once the page's chart placeholders exist. The bundle is
derived from the pinned vl-convert-python, so it is written next to the build output
at build time, never committed.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

from . import render

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _add_static(app) -> None:
    vendor_root = Path(app.doctreedir).parent / "sg-vendor"
    render.write_bundle(vendor_root)
    app.config.html_static_path.extend([str(STATIC_DIR), str(vendor_root)])


def _is_thebe(asset) -> bool:
    name = str(getattr(asset, "filename", asset) or "")
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return "sphinx-thebe" in name or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    # Live code (thebe) is off in this book, but Jupyter Book always loads sphinx-thebe,
    # which adds its inline config once per read phase: twice in one build, so the page
    # logs "THEBE_JS_URL has already been declared", and it names a CDN we never use.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


class DownloadsMime:
    """myst-nb mime plugin: a chart's downloads draw nothing where the output is shown."""

    mime_priority_overrides = [("*", render.DOWNLOADS_MIME, None)]  # never the output shown

    @staticmethod
    def handle_mime(renderer, data, inline):
        """Draw nothing for the downloads payload; leave every other output to myst-nb."""
        return [] if data.mime_type == render.DOWNLOADS_MIME else None


_DOWNLOAD_LINK = re.compile(r'href="' + re.escape(render.DOWNLOAD_SCHEME) + r'([\w-]+)\.(\w+)"')


def _publish_downloads(app, pagename, templatename, context, doctree) -> None:
    """Write each chart's CSV, PNG and SVG under `_static/charts/` and point its links there.

    The files were made when the chapter executed (see `render.mimebundle`) and travel in
    the executed notebook; a link without its file is a warning, so `-W` fails the build.
    """
    body = context.get("body", "")
    if render.DOWNLOAD_SCHEME not in body:
        return
    notebook = Path(app.srcdir) / f"{pagename}.ipynb"
    files = render.downloads_in_notebook(notebook) if notebook.is_file() else {}
    if not notebook.is_file():  # a page that pastes a chart glued by a chapter
        for other in sorted(Path(app.srcdir).glob("chapters/*.ipynb")):
            files = render.downloads_in_notebook(other) | files
    out_dir = Path(app.outdir) / render.DOWNLOADS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)

    def link(match: re.Match) -> str:
        chart_id, ext = match.group(1), match.group(2)
        content = files.get(chart_id, {}).get(ext)
        if content is None:
            logger.warning(f"no {ext} download for chart {chart_id} in {notebook.name}",
                           location=pagename)
            return 'href="#"'
        (out_dir / f"{chart_id}.{ext}").write_bytes(content)
        return f'href="{context["pathto"](f"{render.DOWNLOADS_DIR}/{chart_id}.{ext}", 1)}"'

    context["body"] = _DOWNLOAD_LINK.sub(link, body)


def record_note(pagename: str, substitutions: dict) -> str:
    """The line every page opens with: up to what date its public record runs, and the
    as-of date a chapter reads it on when that is earlier."""
    end = substitutions.get("record_end")
    if not end:
        return ""
    text = (f"Public record as of {end}: the newest source gathered for this book. "
            "Nothing published later is in it.")
    as_of = substitutions.get(f"as_of_{pagename.rsplit('/', 1)[-1]}")
    if as_of and as_of != end:
        text = (f"This page reads the public record as it stood on {as_of} (its <em>Record "
                f"as of</em> parameter); the newest source gathered for this book is dated "
                f"{end}.")
    return f'<p class="sg-record-date">{text}</p>'


def _add_record_note(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body or doctree is None:
        return
    note = record_note(pagename, app.config.myst_substitutions or {})
    if not note:
        return
    heading_end = body.find("</h1>")
    at = heading_end + len("</h1>") if heading_end >= 0 else 0
    context["body"] = body[:at] + note + body[at:]


def setup(app):
    """Register the scripts and stylesheet (Sphinx entry point)."""
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _publish_downloads)
    app.connect("html-page-context", _add_record_note)
    app.add_js_file(render.BUNDLE_PATH, defer="defer")
    app.add_js_file("sg-charts.js", defer="defer")
    app.add_js_file("sg-explorer.js", defer="defer")
    app.add_css_file("sg.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
