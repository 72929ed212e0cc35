"""The book's chart look, registered once, and what every chart must carry.

Every chart has a title, a text description (read by screen readers), a source
line, and colours from the Okabe–Ito palette, which stays distinguishable under the
common forms of colour blindness and on dark backgrounds.
"""

from __future__ import annotations

import altair as alt

THEME = "stargate"
#: Okabe & Ito (2008), "Color Universal Design", without black (invisible in dark mode).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
#: Greys for categories that carry no finding ("unverifiable", "not established"):
#: told apart from the palette's hues by lightness alone, under any colour vision.
GREYS = ["#999999", "#BBBBBB"]
WIDTH_PX = 480
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _theme() -> dict:
    return {
        "config": {
            "background": None,
            "font": FONT,
            "view": {"continuousWidth": WIDTH_PX, "continuousHeight": 300, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"anchor": "start", "fontSize": 16, "subtitleFontSize": 13,
                      "subtitlePadding": 4, "offset": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridOpacity": 0.5},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
        }
    }


def enable_theme() -> None:
    """Register and enable the book's theme (idempotent)."""
    alt.theme.register(THEME, enable=True)(_theme)


def finalize(chart: alt.TopLevelMixin, *, title: str, subtitle: str | list[str],
             source: str, description: str) -> alt.TopLevelMixin:
    """Give a chart what every chart in the book carries.

    Args:
        chart: The Altair chart, layer or concatenation to finish.
        title: What the chart shows, in a few words.
        subtitle: Units and how to read it.
        source: Where the data comes from, as it should appear under the chart.
        description: One or two sentences for readers who cannot see the chart.
    """
    for name, value in (("title", title), ("source", source), ("description", description)):
        if not value or not str(value).strip():
            raise ValueError(f"a chart needs a non-empty {name}")
    return chart.properties(
        title=alt.TitleParams(title, subtitle=subtitle),
        description=description,
        usermeta={"stargate": {"source": source}},
    )
