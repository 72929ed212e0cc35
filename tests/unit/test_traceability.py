"""Every input number of a chapter traces to a claim or reference id, or is a named
assumption: this test walks them."""

import ast
import re

import nbformat
import papermill
import pytest

from stargate_report import build, data, ledger, params
from stargate_report.models import audit, chips, energy, funding, microsoft, sources
from tests.conftest import ROOT

CHAPTERS = build.chapter_notebooks(ROOT)
#: Keyword arguments whose numbers are layout, not data (chart sizes, fonts, limits).
LAYOUT = {"width", "height", "size", "strokeWidth", "labelLimit", "fontSize", "labelFontSize",
          "tickMinStep",
          "columns", "precision", "spacing", "strokeDash", "scale", "labelAngle", "timeout",
          "values", "dx", "opacity"}
#: Plain numbers a notebook may use: 0 and 1 (bounds, indexes), 100 (per cent) and the
#: unit scales thousand and million (for display).
ALLOWED = {0, 1, 100, 1000, 1e6}


def stated_by(pkg, source_id, value) -> bool:
    src = pkg.source(source_id)
    if src["value"] == value:
        return True
    numbers = (ledger.numbers_in(src["text"]) if src["kind"] == "claim"
               else ledger.english_numbers(src["text"]))
    return float(value) in numbers


@pytest.mark.parametrize("chapter", sorted(params.CHAPTERS))
def test_every_default_has_sources_or_is_a_named_assumption(chapter):
    pkg = data.load()
    for spec in params.specs(chapter):
        if spec.sources:
            numeric = isinstance(spec.default, (int, float)) and not isinstance(spec.default, bool)
            for sid in spec.sources:
                pkg.source(sid)  # raises KeyError for an unknown id
            if numeric and spec.conversion != 1.0:
                assert any(abs(pkg.source(s)["value"] * spec.conversion - spec.default)
                           <= 1e-4 * spec.default for s in spec.sources), spec.name
            elif numeric:
                assert any(stated_by(pkg, s, spec.default) for s in spec.sources), spec.name
        elif isinstance(spec.default, (int, float)) and not isinstance(spec.default, bool):
            # a number with no source is an assumption about the world, or a choice of method
            assert spec.basis.startswith(("Assumption", "A choice")), f"{chapter}.{spec.name}"


def test_every_record_row_the_funding_chapter_reads_exists_with_a_value():
    pkg = data.load()
    ids = [*funding.RPO_IDS, *funding.OCI_OUTLOOK_IDS.values(),
           *funding.ORACLE_REVENUE_IDS.values(),
           *funding.OCI_REVENUE_IDS.values(), *funding.FINANCING_IDS, funding.CONTRACT_BOOKED_IN_ID,
           *funding.REVENUE_SCALE_IDS,
           funding.FIRST_YEAR_CLAIM, funding.ANNUAL_CLAIM]
    for sid in ids:
        value = pkg.source(sid)["value"]
        assert value == value, f"{sid} has no value"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_notebooks_type_no_data_numbers(chapter):
    """Numbers in a chapter's code are layout or come from data and parameters."""
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        tree = ast.parse(cell.source)
        layout = {id(n) for kw in ast.walk(tree) if isinstance(kw, ast.keyword) and kw.arg in LAYOUT
                  for n in ast.walk(kw.value)}
        # x[2]: an index, not data
        layout |= {id(sub.slice) for sub in ast.walk(tree) if isinstance(sub, ast.Subscript)}
        layout |= {id(n) for call in ast.walk(tree) if isinstance(call, ast.Call)  # alt.value(…)
                   and isinstance(call.func, ast.Attribute) and call.func.attr == "value"
                   for n in ast.walk(call)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
                    and not isinstance(node.value, bool) and id(node) not in layout):
                assert node.value in ALLOWED, f"{chapter}: number {node.value} typed in code"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_papermill_reads_every_parameter_with_its_help(chapter):
    inferred = papermill.inspect_notebook(str(CHAPTERS[chapter]))
    assert list(inferred) == [p.name for p in params.specs(chapter)]
    for spec in params.specs(chapter):
        assert inferred[spec.name]["help"] == spec.help


#: A claim or record id as the data package spells them: "E7.6", "C002-03", "OR1", "C10.5b".
ID = re.compile(r"\b(?:C\d{3}-\d{2}[a-z]?|[A-Z]{1,3}\d+(?:\.\d+)?[a-z]*)\b")
#: Names that look like ids but are not (a product, a gas).
NOT_IDS = {"NVL72", "CO2"}


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_notebooks_type_no_source_id(chapter):
    """Ids a chapter cites are constants of its model; no notebook code types one."""
    pkg = data.load()
    known = set(pkg.reference["id"]) | set(pkg.claims["claim_id"])
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                typed = [i for i in ID.findall(node.value) if i in known]
                assert not typed, f"{chapter}: id(s) {typed} typed in notebook code"


def test_ids_the_id_pattern_finds_are_real():
    assert ID.findall("see C002-03, E7.6 and OR1; C10.5b, E5.4nm") == [
        "C002-03", "E7.6", "OR1", "C10.5b", "E5.4nm"]


@pytest.mark.parametrize("model", [funding, energy, chips, microsoft, audit, sources],
                         ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_id_a_model_cites_exists(model):
    pkg = data.load()
    known = set(pkg.reference["id"]) | set(pkg.claims["claim_id"])
    cited = model.cited_ids(pkg) if hasattr(model, "cited_ids") else set()
    lines = " ".join(getattr(model, "CHART_SOURCES", {}).values())
    for sid in cited | (set(ID.findall(lines)) - NOT_IDS):
        assert sid in known, f"{model.__name__} cites {sid}, which is in no data table"
