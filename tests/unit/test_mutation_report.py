"""The mutation report counts mutants per module and lists each survivor."""

from stargate_report import mutation


def test_the_report_counts_per_module_and_lists_survivors():
    rows = [{"module": "stargate_report.models.energy", "function": "co2_mt", "n": i,
             "status": status, "id": f"x{i}"}
            for i, status in enumerate(["killed", "killed", "killed", "survived"])]
    rows.append({"module": "stargate_report.fmt", "function": "words", "n": 1,
                 "status": "no tests", "id": "y1"})
    text = mutation.report(rows, seconds=120, show_lines=False)
    assert "| `stargate_report.models.energy` | 4 | 3 | 1 | 0 | 75.0% |" in text
    assert "| `stargate_report.fmt` | 1 | 0 | 0 | 1 | 0.0% |" in text
    # the models together, then everything: 3 of 4, and 3 of 5
    assert "| **All of `models/`** | 4 | 3 | 1 | 0 | 75.0% |" in text
    assert "| **All** | 5 | 3 | 1 | 1 | 60.0% |" in text
    assert "- `stargate_report.models.energy.co2_mt` (survived), mutant 3" in text
    assert "- `stargate_report.fmt.words` (no tests), mutant 1" in text
    assert "in 2 min" in text


def test_a_mutmut_results_line_is_read():
    m = mutation._LINE.match(
        "    stargate_report.models.energy.x_facility_gw__mutmut_12: survived")
    assert (m["name"], m["func"], m["n"], m["status"]) == (
        "stargate_report.models.energy", "facility_gw", "12", "survived")
    method = mutation._LINE.match(
        "    stargate_report.params.spec.xǁParamǁcheck__mutmut_3: killed")
    assert (method["cls"], method["func"], method["n"]) == ("Param", "check", "3")


def test_known_equivalent_mutants_are_named_and_others_are_not():
    zip_line = 'for v, b in zip(long["value"], long["base_value"], strict=None)]'
    assert mutation.equivalent_reason("stargate_report.models.compare.compare",
                                      zip_line).startswith("`zip` over two columns")
    assert mutation.equivalent_reason("stargate_report.fmt.money_bn",
                                      "if size >= 1001:") is None
    # a pattern tied to one function does not excuse the same change elsewhere
    assert mutation.equivalent_reason("stargate_report.models.energy.analysis",
                                      "spend = capex(pkg, 2.0, 1.0)") is None
