"""Offline chart rendering: an Altair renderer that needs no network.

Altair's default HTML output loads Vega from a CDN. Ours emits a placeholder `<div>`
and the spec as inert JSON; the book's own `_static/sg-charts.js` draws it with the
Vega bundle shipped by vl-convert (`vendor/vega-bundle.js`). Each output also carries
a PNG, drawn by vl-convert, for builders that cannot run JavaScript (LaTeX, PDF).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
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


def write_bundle(static_dir: Path) -> Path:
    """Write the bundle under `static_dir` unless an identical one is there; return its path."""
    target = Path(static_dir) / BUNDLE_PATH
    content = vega_bundle_js()
    if not target.is_file() or target.read_text(encoding="utf-8") != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return target


def _chart_id(spec_json: str) -> str:
    return "sg-chart-" + hashlib.sha256(spec_json.encode("utf-8")).hexdigest()[:12]


def _meta(spec: dict) -> dict:
    return (spec.get("usermeta") or {}).get("stargate") or {}


def chart_html(spec: dict) -> str:
    """The HTML of one chart: placeholder, inert JSON spec, source line."""
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    chart_id = _chart_id(spec_json)
    meta = _meta(spec)
    title = spec.get("title", {})
    title_text = title.get("text", "") if isinstance(title, dict) else str(title)
    label = ". ".join(part for part in (title_text, spec.get("description", "")) if part)
    # JSON inside <script>: escape "<" so that no "</script>" can end the element early.
    safe_json = spec_json.replace("<", "\\u003c")
    source = meta.get("source")
    caption = (f'<figcaption class="sg-source">Source: {html.escape(source)}</figcaption>'
               if source else "")
    return (
        f'<figure class="sg-figure">'
        f'<div class="sg-chart" id="{chart_id}" role="img" aria-label="{html.escape(label)}">'
        f'</div>'
        f'<script type="application/json" class="sg-spec" data-target="{chart_id}">'
        f'{safe_json}</script>{caption}</figure>'
    )


def chart_png(spec: dict) -> bytes:
    """A static PNG of the chart, with its source line under the title."""
    spec = copy.deepcopy(spec)
    source = _meta(spec).get("source")
    if source:
        title = spec.get("title") or {}
        title = dict(title) if isinstance(title, dict) else {"text": str(title)}
        subtitle = title.get("subtitle") or []
        subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        title["subtitle"] = [*subtitle, f"Source: {source}"]
        spec["title"] = title
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, vl_version=vegalite_version(), scale=1.5,
                               allowed_base_urls=[])


def mimebundle(spec: dict, **_metadata) -> dict:
    """Altair renderer: HTML for the book, PNG for builders without JavaScript."""
    return {
        "text/html": chart_html(spec),
        "image/png": base64.b64encode(chart_png(spec)).decode("ascii"),
    }


def enable() -> None:
    """Register and switch on the offline renderer (idempotent)."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, mimebundle)
    alt.renderers.enable(RENDERER)
