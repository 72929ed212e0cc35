import pandas as pd

from stargate_report import data, report


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
