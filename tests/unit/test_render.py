import json
import re

import altair as alt
import pandas as pd
import pytest

from stargate_report import charts, render
from tests.robustness import case


def small_chart(title="Money", source="Test data"):
    df = pd.DataFrame({"x": ["a", "b"], "y": [1, 2], "label": ["</script><b>", "ok"]})
    return charts.finalize(alt.Chart(df).mark_bar().encode(x="x", y="y", tooltip="label"),
                           title=title, subtitle="USD bn", source=source,
                           description="Two bars.")


@case("`</script><b>` in a chart's data", "the text as text: the page's script element "
      "cannot be closed early", None, "none")
def test_chart_html_is_inert_and_offline():
    html = render.chart_html(small_chart().to_dict())
    assert "</script><b>" not in html  # data cannot close the script element early
    script = re.search(r'<script type="application/json" class="sg-spec" '
                       r'data-target="(sg-chart-[0-9a-f]{12})">(.*?)</script>', html)
    assert script, html
    spec = json.loads(script.group(2))
    assert spec["datasets"] and "</script><b>" in json.dumps(spec, ensure_ascii=False)
    assert f'id="{script.group(1)}"' in html
    assert not re.search(r'<script[^>]*\ssrc=', html)
    assert 'aria-label="Money. Two bars."' in html
    assert '<figcaption class="sg-source">Source: Test data</figcaption>' in html


def test_chart_ids_are_deterministic_and_distinct():
    a1 = render.chart_html(small_chart().to_dict())
    a2 = render.chart_html(small_chart().to_dict())
    b = render.chart_html(small_chart(title="Other").to_dict())
    ident = re.compile(r'id="(sg-chart-[0-9a-f]+)"')
    assert ident.search(a1).group(1) == ident.search(a2).group(1) != ident.search(b).group(1)


def test_the_renderer_gives_html_and_a_png_fallback():
    render.enable()
    bundle = render.mimebundle(small_chart().to_dict())
    assert set(bundle) == {"text/html", "image/png", render.DOWNLOADS_MIME}
    import base64
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_vega_bundle_is_wrapped_and_exports_globals(tmp_path):
    js = render.vega_bundle_js()
    body = js.split("\n", 1)[1]
    assert body.startswith("(function () {") and body.rstrip().endswith("})();")
    assert "window.vegaEmbed=" in js.replace(" ", "")
    path = render.write_bundle(tmp_path)
    assert path == tmp_path / "vendor" / "vega-bundle.js" and path.read_text() == js


def test_the_bundle_matches_altairs_vega_lite():
    assert render.vegalite_version() == "v" + ".".join(alt.VEGALITE_VERSION.split(".")[:2])


@pytest.mark.parametrize("missing", ["title", "source", "description"])
def test_every_chart_needs_title_source_and_description(missing):
    kwargs = {"title": "t", "subtitle": "s", "source": "src", "description": "d", missing: " "}
    with pytest.raises(ValueError, match=missing):
        charts.finalize(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), **kwargs)


def test_each_chart_offers_its_data_and_images_for_download():
    spec = small_chart().to_dict()
    html = render.chart_html(spec)
    chart_id = re.search(r'id="(sg-chart-[0-9a-f]+)"', html).group(1)
    links = re.findall(r'<a href="sg-download:([\w-]+)\.(\w+)" download="([^"]+)">', html)
    assert links == [(chart_id, "csv", "money.csv"), (chart_id, "png", "money.png"),
                     (chart_id, "svg", "money.svg")]
    bundle = render.mimebundle(spec)
    files = bundle[render.DOWNLOADS_MIME]
    assert files["id"] == chart_id
    assert files["svg"].startswith("<svg") and "Source: Test data" in files["svg"]
    assert files["csv"].splitlines() == ["x,y,label", "a,1,</script><b>", "b,2,ok"]


def test_a_layered_chart_exports_every_layer_with_its_number():
    df = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    rule = alt.Chart(pd.DataFrame({"y": [1.5]})).mark_rule().encode(y="y")
    spec = (alt.Chart(df).mark_bar().encode(x="x", y="y") + rule).to_dict()
    rows = render.chart_csv(spec).splitlines()
    assert rows[0] == "layer,x,y"
    assert sorted(rows[1:]) == ["1,a,1", "1,b,2", "2,,1.5"]


def test_downloads_are_read_back_from_an_executed_notebook(tmp_path):
    import base64

    import nbformat

    bundle = render.mimebundle(small_chart().to_dict())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "chart", outputs=[nbformat.v4.new_output("display_data", data=bundle)])])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    found = render.downloads_in_notebook(path)
    chart_id = bundle[render.DOWNLOADS_MIME]["id"]
    assert set(found) == {chart_id}
    assert found[chart_id]["png"] == base64.b64decode(bundle["image/png"])
    assert found[chart_id]["png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert found[chart_id]["csv"].startswith(b"x,y,label")


def test_the_bundle_is_made_once_per_version_when_a_cache_is_given(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(render, "vega_bundle_js", lambda: calls.append(1) or "/* bundle */")
    monkeypatch.setenv(render.CACHE_ENV, str(tmp_path))
    assert render.cached_bundle_js() == "/* bundle */"
    assert render.cached_bundle_js() == "/* bundle */"
    assert len(calls) == 1
    (cached,) = tmp_path.glob("vega-bundle-vlc*-vlv*.js")
    assert cached.read_text() == "/* bundle */"
    monkeypatch.delenv(render.CACHE_ENV)
    render.cached_bundle_js()
    assert len(calls) == 2  # without a cache folder (plain jupyter-book), made each time


@case("Data text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `-2 x`, "
      "`@SUM(…)`) in a chart's CSV download",
      "the cell quoted as text ('=HYPERLINK…); numbers untouched", None, "none")
def test_a_downloaded_csv_never_carries_a_formula():
    df = pd.DataFrame({"label": ['=HYPERLINK("http://x","y")', "+1", "-2 x", "@SUM(A1)",
                                 "\u2212$5 bn", "plain"], "value": [-5, 1, 2, 3, 4, 5]})
    spec = charts.finalize(alt.Chart(df).mark_bar().encode(x="label", y="value"),
                           title="T", subtitle="s", source="S", description="D").to_dict()
    text = render.chart_csv(spec)
    lines = text.splitlines()
    assert lines[0] == "label,value"
    assert lines[2:] == ["'+1,1", "'-2 x,2", "'@SUM(A1),3", "\u2212$5 bn,4", "plain,5"]
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[1].endswith(",-5")
    assert render.safe_cell(-5) == -5 and render.safe_cell("2026-01-01") == "2026-01-01"
