"""`make coverage`: which model functions no unit test calls by name.

Line coverage says a line ran; it does not say a test checked what it returned. This map
lists each public function of `stargate_report/models/` that no file in `tests/unit/`
names as `module.function(`: those have no direct test, only indirect ones.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "stargate_report" / "models"
UNIT_TESTS = ROOT / "tests" / "unit"
#: How the tests import each model module (`from stargate_report.models import energy as e`).
_IMPORT = re.compile(r"from stargate_report\.models import ([\w, ]+?)(?: as (\w+))?$", re.M)


def public_functions(path: Path) -> list[str]:
    """The module's top-level functions whose names do not start with an underscore."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.name for n in tree.body
            if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def _defined_in(module: str, func: str) -> str:
    """The model module that defines `func` (funding re-exports payments' functions)."""
    import importlib

    obj = getattr(importlib.import_module(f"stargate_report.models.{module}"), func, None)
    return getattr(obj, "__module__", module).rsplit(".", 1)[-1]


def untested() -> dict[str, list[str]]:
    """Model module → its public functions no unit test calls directly."""
    calls: set[tuple[str, str]] = set()
    for test in UNIT_TESTS.glob("test_*.py"):
        text = test.read_text(encoding="utf-8")
        aliases = {}
        for names, alias in _IMPORT.findall(text):
            parts = [p.strip() for p in names.split(",")]
            for part in parts:
                aliases[alias or part] = part if not alias or len(parts) > 1 else parts[0]
        for alias, module in aliases.items():
            for func in re.findall(rf"\b{re.escape(alias)}\.(\w+)\(", text):
                calls.add((_defined_in(module, func), func))
    missing = {}
    for path in sorted(MODELS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        funcs = [f for f in public_functions(path) if (path.stem, f) not in calls]
        if funcs:
            missing[path.stem] = funcs
    return missing


def main() -> int:
    """Print the model functions with no direct unit test."""
    missing = untested()
    if not missing:
        print("every public model function has a direct unit test")
        return 0
    print("model functions with no direct unit test:")
    for module, funcs in missing.items():
        print(f"  models/{module}.py: {', '.join(funcs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
