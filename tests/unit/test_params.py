import ast
import re

import nbformat
import pytest
import yaml

from stargate_report import build, params
from tests.conftest import ROOT
from tests.robustness import case

CHAPTERS = build.chapter_notebooks(ROOT)


def parameters_cell(notebook):
    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{notebook.name}: exactly one cell must be tagged 'parameters'"
    return cells[0].source


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_parameters_cell_mirrors_the_package(chapter):
    source = parameters_cell(CHAPTERS[chapter])
    tree = ast.parse(source)
    declared = []
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), f"{chapter}: only annotated literals allowed"
        assert isinstance(node.value, ast.Constant), f"{chapter}: nothing derived in the cell"
        declared.append((node.target.id, node.annotation.id, node.value.value))
    expected = [(p.name, p.type.__name__, p.default) for p in params.specs(chapter)]
    assert declared == expected
    for line, spec in zip(source.splitlines(), params.specs(chapter), strict=True):
        assert line.split("#", 1)[1].strip() == spec.help, f"{chapter}.{spec.name}: help comment"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_the_cell_after_parameters_validates_them(chapter):
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"]
    assert f'report.start("{chapter}", globals())' in code[1].source


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_notebooks_are_committed_clean_and_hide_their_code(chapter):
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not cell.outputs and cell.execution_count is None, "outputs must be stripped"
        tags = set(cell.metadata.get("tags", []))
        assert tags & {"hide-input", "remove-input", "remove-cell"}, cell.source[:60]


def test_every_parameter_has_a_label_for_readers():
    for chapter in params.chapter_names():
        for spec in params.specs(chapter):
            assert spec.label and "_" not in spec.label, spec.name


def test_defaults_are_valid():
    for chapter in params.chapter_names():
        assert params.validate(chapter, {}) == params.defaults(chapter)


@case("A misspelt parameter name", "unknown parameter, with \"did you mean 'topic'?\"", 2)
def test_a_misspelt_name_suggests_the_right_one():
    with pytest.raises(params.ParameterError,
                       match=r"unknown parameter tpoic.*did you mean 'topic'"):
        params.validate("sources", {"tpoic": "energy"})


@case("A value outside a parameter's choices", "the value, and every allowed choice", 2)
def test_a_value_outside_the_choices_names_what_is_allowed():
    with pytest.raises(params.ParameterError,
                       match=r"topic = 'enrgy' is not allowed; allowed: one of 'all'.*'energy'"):
        params.validate("sources", {"topic": "enrgy"})


@case("A value of the wrong type (a number for a switch, a number for text)",
      "the parameter, the value and its type, and what is allowed", 2)
def test_wrong_types_are_refused():
    with pytest.raises(params.ParameterError, match=r"include_number_words = 1 has the wrong type"):
        params.validate("sources", {"include_number_words": 1})
    with pytest.raises(params.ParameterError, match=r"topic = 3 has the wrong type"):
        params.validate("sources", {"topic": 3})


@case("A number out of its range", "\"out of range; allowed: a number from 1 to 3\"", 2)
def test_numeric_ranges():
    pue = params.Param("pue", float, 1.3, help="h", basis="b", min=1.0, max=3.0)
    assert pue.check(2) == 2.0 and isinstance(pue.check(2), float)
    with pytest.raises(params.ParameterError,
                       match=r"pue = 3.5 is out of range; allowed: a number from 1 to 3"):
        pue.check(3.5)
    with pytest.raises(params.ParameterError, match=r"wrong type"):
        pue.check(True)


@case("An unknown chapter", "unknown chapter, with \"did you mean 'sources'?\"", 2)
def test_unknown_chapter():
    with pytest.raises(params.ParameterError,
                       match=r"unknown chapter 'sorces'.*did you mean 'sources'"):
        params.specs("sorces")


def test_the_base_scenario_is_the_defaults():
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    assert base.name == "base"
    for chapter in params.chapter_names():
        assert base.for_chapter(chapter) == params.defaults(chapter)


def _scenario(what, sees, *args):
    return pytest.param(*args, marks=case(f"A scenario file with {what}",
                                          f"the file and the key: {sees}", 2))


@pytest.mark.parametrize("content, message", [
    _scenario("a misspelt choice", "\"did you mean 'chips'?\"",
              "name: x\ntitle: t\ndescription: d\nchapters: {sources: {topic: chip}}\n",
              r"x.yaml: parameter chapters.sources.topic = 'chip' is not allowed.*did you mean "
              r"'chips'"),
    _scenario("a chapter the book does not have", "unknown chapter",
              "name: x\ntitle: t\ndescription: d\nchapters: {sourcs: {}}\n",
              r"unknown chapter 'sourcs'"),
    _scenario("a common value no chapter declares", "declared by no chapter",
              "name: x\ntitle: t\ndescription: d\ncommon: {wattage: 1.2}\n",
              r"common.wattage is declared by no chapter"),
    _scenario("a required field missing", "Field required",
              "name: x\ntitle: t\n", r"x.yaml: description: Field required"),
    _scenario("an unknown top-level key", "Extra inputs are not permitted",
              "name: x\ntitle: t\ndescription: d\nextra: 1\n",
              r"extra: Extra inputs are not permitted"),
    _scenario("a name that cannot be a folder", "the pattern a name must match",
              "name: X Y\ntitle: t\ndescription: d\n", r"name: String should match pattern"),
    _scenario("malformed YAML", "not valid YAML, with the position", "name: [unclosed\n",
              r"x.yaml: not valid YAML"),
])
def test_bad_scenario_files_say_what_and_where(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(params.ParameterError, match=message):
        params.load_scenario(path)


def test_common_values_apply_to_chapters_that_declare_them(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: s\ntitle: t\ndescription: d\ncommon: {topic: energy}\n")
    assert params.load_scenario(path).for_chapter("sources")["topic"] == "energy"


def test_scenario_files_round_trip(tmp_path):
    start = params.load_scenario(ROOT / "scenarios" / "signed-only.yaml")
    rerun = params.with_overrides(start, "energy", {"load_factor": 0.5})
    assert rerun.name == "signed-only-energy-load_factor-0.5"
    path = tmp_path / "s.yaml"
    path.write_text(rerun.to_yaml(), encoding="utf-8")
    again = params.load_scenario(path)
    assert again.parameters == rerun.parameters
    written = yaml.safe_load(path.read_text())
    # shared assumptions are written once, under common:
    assert written["common"] == {"include_unconfirmed": False, "include_nonbinding": False,
                                 "capacity_gw": 1.2, "load_factor": 0.5}
    assert written["chapters"] == {"claims": {"min_grade": "A"}}


@pytest.mark.parametrize("chapter,text,expected", [
    ("energy", "pue=1.5", {"pue": 1.5}),
    ("energy", "capacity_gw=2", {"capacity_gw": 2.0}),
    ("funding", "contract_years=7", {"contract_years": 7}),
    ("funding", "include_unconfirmed=no", {"include_unconfirmed": False}),
    ("claims", "as_of=2025-12-31", {"as_of": "2025-12-31"}),
    ("microsoft", "providers=azure,oracle", {"providers": "azure,oracle"}),
])
def test_command_line_values_are_read_by_type(chapter, text, expected):
    assert params.parse_overrides(chapter, [text]) == expected


def _typed(what, *args):
    return pytest.param(*args, marks=case(f"On the command line, {what}",
                                          f"-p value refused: \"{args[-1]}\"", 2))


@pytest.mark.parametrize("chapter,text,message", [
    _typed("a decimal for a whole number", "funding", "contract_years=7.5",
           "contract_years = '7.5' is not a whole number"),
    _typed("a switch that is neither true nor false", "funding", "include_unconfirmed=maybe",
           "is not True or False"),
    _typed("a date not in ISO form", "claims", "as_of=31/12/2025", "is not a date"),
    _typed("a value with no name", "energy", "=1", "is not of the form name=value"),
])
def test_bad_command_line_values_say_what_is_allowed(chapter, text, message):
    with pytest.raises(params.ParameterError, match=re.escape(message)):
        params.parse_overrides(chapter, [text])


def test_a_rerun_scenario_is_named_after_its_changes():
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    rerun = params.with_overrides(base, "energy", {"pue": 1.5})
    assert rerun.name == "energy-pue-1.5"
    # PUE is shared: the chips chapter converts power with the same value
    assert rerun.changes() == {"energy": {"pue": 1.5}, "chips": {"pue": 1.5}}
    assert rerun.for_chapter("funding") == base.for_chapter("funding")
    only_energy = params.with_overrides(base, "energy", {"household_kwh_per_year": 9000.0})
    assert only_energy.changes() == {"energy": {"household_kwh_per_year": 9000.0}}
    with pytest.raises(params.ParameterError, match="not 'base'"):
        params.with_overrides(base, "energy", {"pue": 1.5}, name="base")
    with pytest.raises(params.ParameterError, match="is not allowed"):
        params.with_overrides(base, "energy", {}, name="../escape")


def test_changes_are_described_in_one_line():
    assert params.describe_changes({}) == "none (the defaults)"
    assert params.describe_changes({"energy": {"pue": 1.5, "load_factor": 0.9},
                                    "chips": {"custom_share": 0.38}}) == (
        "energy: pue = 1.5, load_factor = 0.9; chips: custom_share = 0.38")


def test_a_name_used_by_several_chapters_is_one_declaration():
    """Two chapters never declare the same parameter with a different default or meaning."""
    by_name = {}
    for chapter in params.chapter_names():
        for spec in params.specs(chapter):
            by_name.setdefault(spec.name, []).append((chapter, spec))
    shared = {name: uses for name, uses in by_name.items() if len(uses) > 1}
    assert {"capacity_gw", "capacity_basis", "pue", "include_unconfirmed", "as_of"} <= set(shared)
    for name, uses in shared.items():
        first = uses[0][1]
        for chapter, spec in uses[1:]:
            assert spec == first, f"{name}: {uses[0][0]} and {chapter} declare it differently"
        assert first in params.SHARED + params.FILTERS, (
            f"{name} is used by several chapters but is neither SHARED nor a FILTER")


@case("A scenario giving a shared assumption two values (PUE 1.2 in energy, 1.5 in chips)",
      "\"pue is shared by energy, chips and must have one value … set it under common:\"", 2)
def test_a_scenario_cannot_give_a_shared_assumption_two_values(tmp_path):
    path = tmp_path / "split.yaml"
    path.write_text("name: split\ntitle: t\ndescription: d\nchapters:\n  energy:\n"
                    "    pue: 1.2\n  chips:\n    pue: 1.5\n", encoding="utf-8")
    with pytest.raises(params.ParameterError, match=re.escape(
            "pue is shared by energy, chips and must have one value "
            "(got energy = 1.2, chips = 1.5): set it under common:")) as err:
        params.load_scenario(path)
    assert str(path) in str(err.value)


def test_changes_read_in_labels_for_the_scenario_table():
    changes = {"energy": {"capacity_gw": 8.0}, "chips": {"capacity_gw": 8.0, "custom_share": 0.38},
               "funding": {"include_unconfirmed": False}}
    assert params.describe_changes_for_readers(changes) == (
        "Capacity 4.5\u00a0GW → 8\u00a0GW, Custom-chip share 0% → 38% and "
        "Include unconfirmed figures yes → no")
    assert params.describe_changes_for_readers({}) == "none"
