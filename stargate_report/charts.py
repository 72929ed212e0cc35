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


def tornado(swings, *, number: str, axis_title: str, source: str) -> alt.TopLevelMixin:
    """"What moves this number": for each estimate, a bar from the number at the estimate's
    low to the number at its high (the others at their values in effect), largest first,
    with a rule at the value in effect. `swings` is `uncertainty.chapter_swings(…)`."""
    order = list(swings["label"])
    long = swings.melt(id_vars=["label", "base", "low_text", "high_text"],
                       value_vars=["at_low", "at_high"], var_name="end", value_name="value")
    long["end"] = long["end"].map({"at_low": "estimate at its low",
                                   "at_high": "estimate at its high"})
    long["setting"] = [lo if e == "estimate at its low" else hi
                       for e, lo, hi in zip(long["end"], long["low_text"], long["high_text"],
                                            strict=True)]
    bars = alt.Chart(long).mark_bar(height=14).encode(
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=axis_title, scale=alt.Scale(zero=False),
                axis=alt.Axis(tickCount=5)),
        x2="base:Q",
        color=alt.Color("end:N", title=None, scale=alt.Scale(range=[PALETTE[0], PALETTE[1]]),
                        sort=["estimate at its low", "estimate at its high"],
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title="Estimate"),
                 alt.Tooltip("setting:N", title="Set to"),
                 alt.Tooltip("value:Q", title=axis_title, format=",.3~g")])
    rule = alt.Chart(swings.head(1)).mark_rule(strokeDash=[4, 3], color=GREYS[0]).encode(
        x="base:Q")
    return finalize(
        (bars + rule).properties(width=380, height=alt.Step(30)),
        title=f"What moves {number}",
        subtitle=["Each estimate at the low and at the high end of its plausible range, the "
                  "others at their values in effect;", "the dashed line is the value in effect"],
        source=source,
        description=f"Tornado chart: how far {number} moves as each estimate goes from the "
                    "low to the high end of its plausible range, largest first.")


def range_bars(ranges, *, source: str) -> alt.TopLevelMixin:
    """Each scenario's headline numbers with their 90% ranges: one panel per number (each
    on its own scale and unit), a dot at the value in effect and a bar from the 5th to the
    95th percentile. `ranges` is `uncertainty.scenario_ranges(…)`."""
    order = list(dict.fromkeys(ranges["title"]))
    base = alt.Chart().encode(
        y=alt.Y("title:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
        color=alt.Color("title:N", title=None, sort=order, scale=alt.Scale(range=PALETTE),
                        legend=None),
        tooltip=[alt.Tooltip("title:N", title="Scenario"), alt.Tooltip("label:N", title="Output"),
                 alt.Tooltip("value:Q", title="Value in effect", format=",.3~g"),
                 alt.Tooltip("p5:Q", title="5th percentile", format=",.3~g"),
                 alt.Tooltip("p95:Q", title="95th percentile", format=",.3~g")])
    bars = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("p5:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(tickCount=4)),
        x2="p95:Q")
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(x="value:Q")
    chart = alt.layer(bars, dots, data=ranges).properties(width=300, height=alt.Step(18)).facet(
        row=alt.Row("label:N", title=None, sort=list(dict.fromkeys(ranges["label"])),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                      labelOrient="top", labelFontSize=12,
                                      labelFontWeight="bold")),
        spacing=14).resolve_scale(x="independent")
    return finalize(
        chart,
        title="How sure each scenario's numbers are",
        subtitle=["Dot: the value in effect; bar: its 90% range over the estimates' plausible "
                  "values", "Each panel has its own scale and unit"],
        source=source,
        description="For each headline number, each scenario's value in effect as a dot and "
                    "its 90% range as a horizontal bar, one panel per number.")
