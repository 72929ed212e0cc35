"""The map of model functions with no direct unit test reads modules and tests right."""

from stargate_report import testmap


def test_public_functions_are_the_top_level_ones_without_an_underscore(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def a():\n    def inner():\n        pass\n\n\ndef _b():\n    pass\n\n\n"
                      "class C:\n    def d(self):\n        pass\n", encoding="utf-8")
    assert testmap.public_functions(module) == ["a"]


def test_a_re_exported_function_counts_for_the_module_that_defines_it():
    assert testmap._defined_in("funding", "schedule") == "payments"
    assert testmap._defined_in("energy", "annual_twh") == "energy"


def test_functions_pinned_by_direct_tests_are_not_listed():
    missing = testmap.untested()
    assert "comparison" not in missing.get("energy", [])  # tests/unit/test_pinned_energy.py
    assert "concentration_over_time" not in missing.get("microsoft", [])
