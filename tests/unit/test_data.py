import pandas as pd
import pytest

from stargate_report import data
from tests.conftest import ROOT, edit_csv
from tests.robustness import case


def test_the_package_loads_with_typed_tables():
    pkg = data.load()
    assert list(pkg.articles["article_id"]) == ["000", "001", "002", "003", "004"]
    assert pd.api.types.is_datetime64_any_dtype(pkg.articles["date_earliest"])
    assert pd.api.types.is_float_dtype(pkg.reference["value"])
    assert pkg.article_text("003").startswith("Le montant est pharaonique")


def test_articles_are_the_seeds_as_received():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    for seed in seeds.glob("*.txt"):
        assert (ROOT / "data" / "articles" / seed.name).read_bytes() == seed.read_bytes()


def _cell(what, *args):
    return pytest.param(*args, marks=case(
        f"A data row with {what}", "DataError naming data/articles.csv, the line and the field",
        2))


@pytest.mark.parametrize("line, field, value, message", [
    _cell("an impossible date", 4, "date_earliest", "2025-13-01",
          r"line 4, field 'date_earliest'"),
    _cell("an unknown topic", 2, "topics", "funding;energie",
          r"line 2, field 'topics': unknown topic 'energie'"),
    # the article writes "Techcrunch"
    _cell("a cited source its article does not name", 6, "cited_sources", "TechCrunch",
          r"line 6, field 'cited_sources'.*'TechCrunch'"),
    _cell("a title that is not the article's", 3, "title", "OpenAI s'associe à SoftBank",
          r"line 3, field 'title'"),  # ’ in the text
    _cell("a reference id that does not exist", 5, "date_reference_ids", "O3;X9",
          r"line 5, field 'date_reference_ids'.*'X9'"),
    _cell("dates in the wrong order", 3, "date_latest", "2025-01-01",
          r"line 3, field 'date_latest'"),
])
def test_a_bad_cell_is_reported_with_file_line_and_field(data_copy, line, field, value, message):
    edit_csv(data_copy / "articles.csv", line, field, value)
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"data/articles.csv, " + message):
        data.load(data_copy)


@case("An article's text edited by mistake", "DataError: the file's sha256 differs from "
      "datapackage.json", 2)
def test_an_edited_article_fails_its_hash(data_copy):
    path = data_copy / "articles" / "003_45c650aea9635bb7.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("300 milliards", "301 milliards"),
                    encoding="utf-8")
    with pytest.raises(data.DataError, match=r"data/articles/003_45c650aea9635bb7.txt.*sha256"):
        data.load(data_copy)


@case("A grade-C record row with no caveat", "DataError naming reference.csv, line and "
      "field 'caveat'", 2)
def test_grade_c_needs_a_caveat(data_copy):
    edit_csv(data_copy / "reference.csv", 2, "grade", "C")
    edit_csv(data_copy / "reference.csv", 2, "caveat", "")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"reference.csv, line 2, field 'caveat'"):
        data.load(data_copy)


@case("Several bad cells at once", "One DataError listing every problem, not only the first",
      2)
def test_every_problem_is_reported_at_once(data_copy):
    edit_csv(data_copy / "articles.csv", 2, "topics", "nope")
    edit_csv(data_copy / "articles.csv", 3, "date_reference_ids", "ZZ1")
    data.rehash(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert len(err.value.problems) == 2


def test_every_reference_row_is_cited():
    ref = data.load().reference
    for column in ("publisher", "title", "url", "excerpt", "grade", "date"):
        assert ref[column].notna().all(), column
    assert ref["url"].str.match(r"https?://").all()  # as archived (one page is http)


def test_the_descriptor_describes_every_data_file():
    described = {r["path"] for r in data.descriptor()["resources"]}
    on_disk = {str(p.relative_to(ROOT / "data")) for p in (ROOT / "data").rglob("*")
               if p.is_file() and p.name != "datapackage.json"}
    assert on_disk == described
    for resource in data.descriptor()["resources"]:
        assert resource.get("licenses") and resource.get("sources"), resource["name"]


def _cut_in_half(path):
    raw = path.read_bytes()
    path.write_bytes(raw[:len(raw) // 2])


@case("A data file truncated mid-row by an interrupted copy",
      "DataError: its sha256 differs from datapackage.json", 2)
def test_a_truncated_file_fails_its_hash(data_copy):
    _cut_in_half(data_copy / "claims.csv")
    with pytest.raises(data.DataError, match=r"data/claims.csv.*sha256"):
        data.load(data_copy)


@case("A truncated data file whose hash was updated anyway",
      "DataError naming data/claims.csv, the cut line and each missing field", 2)
def test_a_truncated_file_is_named_by_line_and_field(data_copy):
    _cut_in_half(data_copy / "claims.csv")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"data/claims.csv, line \d+, field '\w+'"):
        data.load(data_copy)


@case("A data file saved in Latin-1 instead of UTF-8",
      "DataError naming the file: \"could not be successfully decoded: 'utf-8' codec…\"", 2)
def test_a_file_in_the_wrong_encoding_is_named(data_copy):
    path = data_copy / "claims.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=r"data/claims.csv: .*could not be successfully "
                                             r"decoded.*utf-8"):
        data.load(data_copy)


@case("Two record rows with the same id", "DataError naming reference.csv, the line of the "
      "copy and field 'id'", 2)
def test_a_duplicate_id_is_named_with_both_lines(data_copy):
    path = data_copy / "reference.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    data.rehash(data_copy)
    with pytest.raises(data.DataError, match=rf"data/reference.csv, line {len(lines) + 1}, "
                                             r"field 'id'.*the same as in the row at position 2"):
        data.load(data_copy)
