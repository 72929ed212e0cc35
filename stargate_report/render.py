"""Offline chart rendering: an Altair renderer that needs no network.

Altair's default HTML output loads Vega from a CDN. Ours emits a placeholder `<div>`
and the spec as inert JSON; the book's own `_static/sg-charts.js` draws it with the
Vega bundle shipped by vl-convert (`vendor/vega-bundle.js`). Each output also carries
a PNG, drawn by vl-convert, for builders that cannot run JavaScript (LaTeX, PDF).
"""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import html
import io
import json
import os
import re
from pathlib import Path

import altair as alt

RENDERER = "stargate"
#: Where the bundle lives inside the book's static directory.
BUNDLE_PATH = "vendor/vega-bundle.js"


def vegalite_version() -> str:
    """The Vega-Lite version Altair writes specs for, as vl-convert names it ("v6.4")."""
    major, minor = alt.VEGALITE_VERSION.split(".")[:2]
    return f"v{major}.{minor}"


def vega_bundle_js() -> str:
    """vl-convert's Vega + Vega-Lite + vega-embed bundle, wrapped in a function scope.

    The bundle declares short top-level names (`n`, `t`, ...) that would clash with
    Sphinx's own scripts as a classic script; the wrap keeps them local, and the
    bundle's last statements still assign `window.vegaEmbed`, `window.vega` and
    `window.vegaLite`.
    """
    import vl_convert as vlc

    header = (f"/* Vega {vlc.get_vega_version()}, Vega-Lite {vegalite_version()}, vega-embed "
              f"{vlc.get_vega_embed_version()}: bundled by vl-convert-python. */\n")
    return header + "(function () {\n" + vlc.javascript_bundle(vl_version=vegalite_version()) \
        + "\n})();\n"


#: Set by the build: a folder where the bundle is kept between builds (making it takes
#: about 2 s, as long as the rest of a small rebuild).
CACHE_ENV = "STARGATE_BUNDLE_CACHE"


def cached_bundle_js() -> str:
    """The bundle, from `$STARGATE_BUNDLE_CACHE` when a build for these versions made it."""
    import vl_convert as vlc

    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return vega_bundle_js()
    path = Path(folder) / f"vega-bundle-vlc{vlc.__version__}-vl{vegalite_version()}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    content = vega_bundle_js()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)  # whole or absent, even with builds side by side
    return content


def write_bundle(static_dir: Path) -> Path:
    """Write the bundle under `static_dir` unless an identical one is there; return its path."""
    target = Path(static_dir) / BUNDLE_PATH
    content = cached_bundle_js()
    if not target.is_file() or target.read_text(encoding="utf-8") != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return target


def _chart_id(spec_json: str) -> str:
    return "sg-chart-" + hashlib.sha256(spec_json.encode("utf-8")).hexdigest()[:12]


def _meta(spec: dict) -> dict:
    return (spec.get("usermeta") or {}).get("stargate") or {}


#: Notebook output type carrying a chart's downloads (SVG, CSV); its PNG is the output's
#: image/png. Only the book's Sphinx extension reads it; other viewers ignore it.
DOWNLOADS_MIME = "application/vnd.stargate.downloads+json"
#: Where the downloads are published in the book, and the link scheme that points there.
DOWNLOADS_DIR = "_static/charts"
DOWNLOAD_SCHEME = "sg-download:"
DOWNLOAD_FORMATS = (("csv", "data (CSV)"), ("png", "PNG"), ("svg", "SVG"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"


def _title_text(spec: dict) -> str:
    title = spec.get("title", {})
    return title.get("text", "") if isinstance(title, dict) else str(title)


def chart_html(spec: dict) -> str:
    """The HTML of one chart: placeholder, inert JSON spec, source line, download links."""
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    chart_id = _chart_id(spec_json)
    meta = _meta(spec)
    title_text = _title_text(spec)
    label = ". ".join(part for part in (title_text, spec.get("description", "")) if part)
    # JSON inside <script>: escape "<" so that no "</script>" can end the element early.
    safe_json = spec_json.replace("<", "\\u003c")
    source = meta.get("source")
    caption = (f'<figcaption class="sg-source">Source: {html.escape(source)}</figcaption>'
               if source else "")
    name = _slug(title_text)
    links = " · ".join(
        f'<a href="{DOWNLOAD_SCHEME}{chart_id}.{ext}" download="{name}.{ext}">{text}</a>'
        for ext, text in DOWNLOAD_FORMATS)
    return (
        # The label is the figure's: the drawn chart holds a focusable menu, which an
        # element with role="img" may not contain.
        f'<figure class="sg-figure" aria-label="{html.escape(label)}">'
        f'<div class="sg-chart" id="{chart_id}"></div>'
        f'<script type="application/json" class="sg-spec" data-target="{chart_id}">'
        f'{safe_json}</script>{caption}'
        f'<p class="sg-downloads">Download: {links}</p></figure>'
    )


def _with_source(spec: dict) -> dict:
    """A copy of the spec for static exports: its source line under the title, and a white
    background (the book's charts are transparent, to sit on light or dark pages)."""
    spec = copy.deepcopy(spec)
    spec.setdefault("config", {})["background"] = "white"
    source = _meta(spec).get("source")
    if source:
        title = spec.get("title") or {}
        title = dict(title) if isinstance(title, dict) else {"text": str(title)}
        subtitle = title.get("subtitle") or []
        subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        title["subtitle"] = [*subtitle, f"Source: {source}"]
        spec["title"] = title
    return spec


def chart_png(spec: dict) -> bytes:
    """A static PNG of the chart, with its source line under the title."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(_with_source(spec), vl_version=vegalite_version(), scale=1.5,
                               allowed_base_urls=[])


def chart_svg(spec: dict) -> str:
    """A static SVG of the chart, with its source line under the title."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_with_source(spec), vl_version=vegalite_version(),
                               allowed_base_urls=[])


#: How a text cell starts when a spreadsheet would run it as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell that a spreadsheet would read as a formula, quoted so that it reads as
    text ("'=HYPERLINK(…)"); numbers, and any other text, as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def chart_csv(spec: dict) -> str:
    """The data the chart draws, as CSV. A layered chart's datasets are stacked, each row
    naming its layer; columns are the union of the datasets' fields. Text that a
    spreadsheet would run as a formula is quoted (`safe_cell`)."""
    datasets = list((spec.get("datasets") or {}).values())
    if not datasets and isinstance(spec.get("data"), dict) and "values" in spec["data"]:
        datasets = [spec["data"]["values"]]
    layered = len(datasets) > 1
    rows = [({"layer": i} if layered else {}) | {k: safe_cell(v) for k, v in row.items()}
            for i, rows in enumerate(datasets, start=1) for row in rows]
    fields = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def mimebundle(spec: dict, **_metadata) -> dict:
    """Altair renderer: HTML for the book, PNG for builders without JavaScript, and the
    chart's downloads (made here, at execution time, so they are cached with it)."""
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return {
        "text/html": chart_html(spec),
        "image/png": base64.b64encode(chart_png(spec)).decode("ascii"),
        DOWNLOADS_MIME: {"id": _chart_id(spec_json), "svg": chart_svg(spec),
                         "csv": chart_csv(spec)},
    }


def downloads_in_notebook(notebook: Path) -> dict[str, dict[str, bytes]]:
    """Every chart's download files in an executed notebook: {chart id: {ext: bytes}}."""
    import nbformat

    found = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            payload = data.get(DOWNLOADS_MIME)
            if payload:
                found[payload["id"]] = {
                    "csv": payload["csv"].encode("utf-8"),
                    "svg": payload["svg"].encode("utf-8"),
                    "png": base64.b64decode(data["image/png"]),
                }
    return found


def enable() -> None:
    """Register and switch on the offline renderer (idempotent)."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, mimebundle)
    alt.renderers.enable(RENDERER)
