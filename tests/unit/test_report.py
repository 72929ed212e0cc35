import pandas as pd
from myst_nb.core.variables import format_plain_text

from stargate_report import data, report
from tests.robustness import case


@case("HTML (`<b>bold</b>`) in a table cell", "the markup as text, escaped", None, "none")
def test_tables_escape_text_format_numbers_and_link_urls():
    df = pd.DataFrame({"what": ["<b>bold</b>"], "bn": [1234.567],
                       "url": ["https://example.org/?a=1&b=2"]})
    html = df.pipe(report.table, formats={"bn": "{:,.1f}"}, links=["url"]).to_html()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert "1,234.6" in html
    assert '<a href="https://example.org/?a=1&amp;b=2">link</a>' in html
    assert 'class="sg-table"' in html


def test_sources_table_cites_every_id_once_in_order():
    pkg = data.load()
    html = report.sources_table(pkg, ["O3", "C003-01", "O3"]).to_html()
    assert html.count(">O3<") == 1 and html.index("C003-01") < html.index(">O3<")
    assert "The Wall Street Journal" in html


def test_a_chapters_sources_table_lists_its_ranges_sources():
    """FN26.23 (OpenAI's 2030 projection) is cited only by the revenue growth's range."""
    pkg = data.load()
    assert ">FN26.23<" in report.sources_table(pkg, [], chapter="funding").to_html()
    assert ">FN26.23<" not in report.sources_table(pkg, []).to_html()


def test_the_parameters_table_counts_and_highlights_changes():
    from stargate_report import params

    values = {**params.defaults("energy"), "pue": 1.5, "load_factor": 0.9}
    html = report.parameters_table("energy", values).data
    assert "2 of 15 values differ from the base case" in html
    assert html.count('class="sg-changed"') == 2
    # the line readers see without opening the block: what differs, old → new
    assert "<summary>15 assumptions; 2 differ from the base case: PUE 1.4 → 1.5, " \
           "Load factor 80% → 90%." in html
    # labels for readers first; the code name (for -p) as a secondary line
    assert '<td>Load factor<br><code class="sg-param-name">load_factor</code></td>' in html
    # a changed value's basis is the default's: the row says so
    assert html.count("<em>Basis of the default:</em>") == 2
    base = report.parameters_table("energy", params.defaults("energy")).data
    assert "Every value is the base case's." in base and 'class="sg-changed"' not in base
    assert "<summary>15 assumptions, each at the base case's value." in base
    one = report.parameters_table("energy", {**params.defaults("energy"), "pue": 1.5}).data
    assert "1 differs from the base case" in one
    off = report.parameters_table(
        "funding", {**params.defaults("funding"), "include_unconfirmed": False}).data
    assert "Include unconfirmed figures yes → no" in off and "False" not in off


def test_glued_text_reads_the_same_as_markdown_and_plain_text():
    text = report._Text("no year up to 2031")
    assert repr(text) == "'no year up to 2031'"
    assert text._repr_markdown_() == "no year up to 2031"
    # {glue:text} reads the plain text as a literal: "8,760" must stay text, not a tuple
    assert format_plain_text(repr(report._Text("8,760")), "s") == "8,760"


def test_a_yes_no_column_reads_yes_or_no():
    html = report.table(pd.DataFrame({"Fits": [True, False], "n": [1, 2]})).to_html()
    assert ">yes<" in html and ">no<" in html
    assert "True" not in html and "False" not in html
