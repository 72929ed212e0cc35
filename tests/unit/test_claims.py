import shutil

import pytest

from stargate_report import claims, data
from tests.conftest import ROOT
from tests.unit.test_data import edit_csv


@pytest.fixture
def data_copy(tmp_path):
    return shutil.copytree(ROOT / "data", tmp_path / "data")


@pytest.mark.parametrize("text, value", [
    ("4,5", 4.5), ("1,2", 1.2), ("750 000", 750_000), ("300 milliards", 300e9),
    ("quatre millions", 4e6), ("dix milliards", 10e9), ("cinq", 5), ("2027", 2027),
])
def test_french_figures_are_read_as_numbers(text, value):
    assert claims.figure_value(text) == pytest.approx(value)


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
    assert claims.value_recoverable(value, unit, quote) is ok


def test_the_ledger_is_exhaustive_and_verified():
    pkg = data.load()  # raises if any quote, value or coverage check fails
    assert len(pkg.claims) > 60
    assert set(pkg.claims["article_id"]) == set(pkg.articles["article_id"])
    numeric = pkg.claims[pkg.claims["value"].notna()]
    assert len(numeric) > 40 and numeric["unit"].notna().all()
    assert pkg.claims["quote_en"].notna().all()


def test_a_quote_changed_by_one_character_names_the_claim(data_copy):
    edit_csv(data_copy / "claims.csv", 2, "quote_fr",
             "OpenAI a conclu un accord d'une valeur de 300 milliards de dollars avec Oracle")
    data.rehash(data_copy)  # ' instead of ’
    with pytest.raises(data.DataError, match=r"claims.csv, line 2, field 'quote_fr': claim C000-01: "
                                             r"quote_fr is not a verbatim substring of article 000"):
        data.load(data_copy)


def test_a_value_that_disagrees_with_its_quote_names_the_claim(data_copy):
    edit_csv(data_copy / "claims.csv", 2, "value", "30")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"field 'value': claim C000-01: value 30 USD bn cannot "
                                             r"be read from its quote \(numbers stated: 3e\+11\)"):
        data.load(data_copy)


def test_a_figure_no_claim_covers_is_reported(data_copy):
    path = data_copy / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("C001-21,")]  # the 19% claim
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"article 001: the figure '19' is in no claim's quote"):
        data.load(data_copy)


def test_an_ignored_excerpt_must_be_verbatim(data_copy):
    edit_csv(data_copy / "claims_ignored.csv", 4, "excerpt", "des années 2001")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"claims_ignored.csv, line 4, field 'excerpt'"):
        data.load(data_copy)


def test_claims_point_to_known_articles(data_copy):
    edit_csv(data_copy / "claims.csv", 2, "article_id", "009")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"claims.csv"):
        data.load(data_copy)


def test_candidates_are_found_automatically():
    pkg = data.load()
    found = claims.candidate_tensions(pkg.claims, pkg.reference)
    across = found[found["kind"] == "across articles"]
    assert {"Stargate"} <= set(across["subject"])  # 50 vs 500
    assert claims.uncurated(found, pkg.tensions) == []


def test_a_candidate_without_a_verdict_is_reported(data_copy):
    path = data_copy / "tensions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("T01,")),
                    encoding="utf-8")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"candidate tension with no verdict: across articles, "
                                             r"Stargate / investment_total"):
        data.load(data_copy)


def test_tensions_name_known_claims_and_references(data_copy):
    edit_csv(data_copy / "tensions.csv", 2, "reference_ids", "F1;ZZ9")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"tensions.csv, line 2, field 'reference_ids': "
                                             r"tension T01: unknown reference 'ZZ9'"):
        data.load(data_copy)


def test_every_verdict_is_explained_and_every_record_row_is_cited():
    pkg = data.load()
    assert set(pkg.tensions["verdict"]) <= set(claims.VERDICTS)
    assert pkg.tensions["explanation"].str.len().min() > 40
    ref = pkg.reference
    assert ref[["publisher", "title", "url", "date", "excerpt", "grade"]].notna().all().all()
    assert ref.loc[ref["grade"] == "C", "caveat"].notna().all()
