"""The prose lint catches what a reader should never see, and nothing that is fine."""

from tests.prose import lint_html


def rules(html: str) -> list[str]:
    return [f.rule for f in lint_html(html)]


def test_raw_values_and_counts_with_a_decimal_in_tables_are_caught():
    html = ("<table><tr><td>True</td><td>nan</td><td>20.0</td><td>None</td><td>60.5</td>"
            "</tr></table>")
    found = rules(html)
    assert found.count("raw value in a table") == 3
    assert found.count("count printed with .0") == 1


def test_phrases_that_read_wrongly_are_caught():
    html = ("<p>They collaborate since 1 years, for 300 bn USD.</p>"
            "<p>Revenue covers it in no year up to 2031; 4.0 claims differ.</p>")
    assert sorted(rules(html)) == sorted(["phrase '1 years'", "phrase 'bn USD'",
                                          "phrase 'in no year up to'", "count printed with .0"])


def test_code_names_belong_in_code_and_in_the_parameters_table():
    assert rules("<p>Set capacity_gw to 8.</p>") == ["code name outside code"]
    assert rules("<p>Set <code>capacity_gw</code> to 8.</p>") == []
    assert rules('<details class="sg-params-block"><table class="sg-params"><tr><td>'
                 "capacity_gw</td><td>False</td></tr></table></details>") == []
    assert rules('<div class="cell_input"><p>x = a_b</p></div>') == []


def test_ordinary_prose_passes():
    assert rules("<p>None of them names its outlet; $300 bn, 49%, 1.9 million, 2.9 TWh; "
                 "data/claims.csv.</p><table><tr><td>yes</td><td>$60 bn</td></tr></table>") == []
