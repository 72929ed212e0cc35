"""Sphinx extension for the book: the offline chart scripts and the report's styles.

The assets live in this package (`static/`), not in the book's `_static/`, because
Jupyter Book loads every script found there without `defer`. Both scripts must be
deferred: the Vega bundle (about 0.9 MB) must not block the page, and the chart
loader must run after it, once the page's chart placeholders exist. The bundle is
derived from the pinned vl-convert-python, so it is written next to the build output
at build time, never committed.
"""

from __future__ import annotations

from pathlib import Path

from . import render

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


def setup(app):
    """Register the scripts and stylesheet (Sphinx entry point)."""
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _drop_thebe)
    app.add_js_file(render.BUNDLE_PATH, defer="defer")
    app.add_js_file("sg-charts.js", defer="defer")
    app.add_js_file("sg-explorer.js", defer="defer")
    app.add_css_file("sg.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
