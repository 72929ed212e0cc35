import pytest

from stargate_report import data, ledger
from tests.conftest import drop_row, edit_csv


@pytest.mark.parametrize("text, value", [
    ("4,5", 4.5), ("1,2", 1.2), ("750 000", 750_000), ("300 milliards", 300e9),
    ("quatre millions", 4e6), ("dix milliards", 10e9), ("cinq", 5), ("2027", 2027),
])
def test_french_figures_are_read_as_numbers(text, value):
    assert ledger.figure_value(text) == pytest.approx(value)


@pytest.mark.parametrize("value, unit, quote, ok", [
    (300, "USD bn", "un accord de 300 milliards de dollars", True),
    (301, "USD bn", "un accord de 300 milliards de dollars", False),
    (4.5, "GW", "estimée à environ 4,5 gigawatts", True),
    (45, "GW", "estimée à environ 4,5 gigawatts", False),
    (4_000_000, "persons", "une ville de quatre millions d’habitants", True),
    (10, "USD bn", "L’accord se chiffre à dix milliards de dollars", True),
    (1, "years", "collaborent sur ce projet depuis environ un an", True),
    (1, "GW", "un réacteur nucléaire", False),  # an article "un" states no number
    (38, "%", "une hausse cumulée de près de 38 % cette année", True),
])
def test_values_are_recovered_from_quotes(value, unit, quote, ok):
    assert ledger.value_recoverable(value, unit, quote) is ok


def test_the_ledger_is_exhaustive_and_verified():
    pkg = data.load()  # raises if any quote, value or coverage check fails
    assert len(pkg.claims) > 60
    assert set(pkg.claims["article_id"]) == set(pkg.articles["article_id"])
    numeric = pkg.claims[pkg.claims["value"].notna()]
    assert len(numeric) > 40 and numeric["unit"].notna().all()
    assert pkg.claims["quote_en"].notna().all()


@pytest.mark.parametrize("file, line, field, value, message", [
    # ' instead of ’: a quote changed by one character
    ("claims.csv", 2, "quote_fr",
     "OpenAI a conclu un accord d'une valeur de 300 milliards de dollars avec Oracle",
     r"claims.csv, line 2, field 'quote_fr': claim C000-01: quote_fr is not a verbatim "
     r"substring of article 000"),
    ("claims.csv", 2, "value", "30",
     r"field 'value': claim C000-01: value 30 USD bn cannot be read from its quote "
     r"\(numbers stated: 3e\+11\)"),
    ("claims_ignored.csv", 4, "excerpt", "des années 2001",
     r"claims_ignored.csv, line 4, field 'excerpt'"),
    ("claims.csv", 2, "article_id", "009", r"claims.csv"),
    ("tensions.csv", 2, "reference_ids", "F1;ZZ9",
     r"tensions.csv, line 2, field 'reference_ids': tension T01: unknown reference 'ZZ9'"),
])
def test_a_bad_ledger_cell_names_the_claim(data_copy, file, line, field, value, message):
    edit_csv(data_copy / file, line, field, value)
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=message):
        data.load(data_copy)


@pytest.mark.parametrize("file, row, message", [
    ("claims.csv", "C001-21", r"article 001: the figure '19' is in no claim's quote"),
    ("tensions.csv", "T01",
     r"candidate tension with no verdict: across articles, Stargate / investment_total"),
])
def test_a_missing_row_leaves_a_gap_that_is_reported(data_copy, file, row, message):
    drop_row(data_copy / file, row)
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=message):
        data.load(data_copy)


def test_candidates_are_found_automatically():
    pkg = data.load()
    found = ledger.candidate_tensions(pkg.claims, pkg.reference)
    across = found[found["kind"] == "across articles"]
    assert {"Stargate"} <= set(across["subject"])  # 50 vs 500
    assert ledger.uncurated(found, pkg.tensions) == []


def test_every_verdict_is_explained_and_every_record_row_is_cited():
    pkg = data.load()
    assert set(pkg.tensions["verdict"]) <= set(ledger.VERDICTS)
    assert pkg.tensions["explanation"].str.len().min() > 40
    ref = pkg.reference
    assert ref[["publisher", "title", "url", "date", "excerpt", "grade"]].notna().all().all()
    assert ref.loc[ref["grade"] == "C", "caveat"].notna().all()


@pytest.mark.parametrize("text, number", [
    ("for $1.4 trillion.", 1.4e12), ("an incremental $250B of Azure", 250e9),
    ("about four million homes", 4e6), ("over the next seven years", 7),
    ("10,715 kilowatthours (kWh)", 10715), ("The five-year contract", 5),
    ("its 1.2GW data centre", 1.2),
    ("more than a gigawatt of capacity", 1), ("of 8 million U.S. households", 8e6),
    ("stood at 1.58.", 1.58), ("about 4.07 trillion kWh", 4.07e12),
])
def test_english_figures_in_reference_excerpts(text, number):
    assert any(n == pytest.approx(number) for n in ledger.english_numbers(text))


def test_a_reference_value_must_be_in_its_excerpt(data_copy):
    edit_csv(data_copy / "reference.csv", 2, "value", "450")  # F1 says $500 billion
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"reference.csv, line 2, field 'value': reference F1: "
                                             r"value 450 USD bn cannot be read"):
        data.load(data_copy)
