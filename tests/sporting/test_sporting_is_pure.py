"""The sporting engine is plain Python: no web framework, no database, no clock (STYLE.md 2 and
10), like the pathway engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SPORTING = Path(__file__).resolve().parents[2] / "academy" / "sporting"
FORBIDDEN_MODULES = ("flask", "sqlalchemy", "academy.extensions", "academy.models")
SOURCES = sorted(SPORTING.glob("*.py"))


def imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_package_has_its_modules():
    assert {path.stem for path in SOURCES} >= {
        "rules",
        "loader",
        "standings",
        "invitations",
        "crews",
        "driving_time",
        "wording",
    }


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_sporting_module_imports_no_framework_or_database(path):
    modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    bad = [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_MODULES)]
    assert bad == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_sporting_module_never_reads_the_clock(path):
    text = path.read_text(encoding="utf-8")
    for call in ("date.today", "datetime.now", "datetime.utcnow", "time.time("):
        assert call not in text
