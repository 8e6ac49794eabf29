"""The engine is plain Python: no web framework, no database, no clock (STYLE.md 2 and 10)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PATHWAY = Path(__file__).resolve().parents[2] / "academy" / "pathway"
FORBIDDEN_MODULES = ("flask", "sqlalchemy", "academy.extensions", "academy.models")
SOURCES = sorted(PATHWAY.rglob("*.py"))  # the kinds/ package too


def imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PATHWAY)))
def test_pathway_module_imports_no_framework_or_database(path):
    modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    bad = [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_MODULES)]
    assert bad == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PATHWAY)))
def test_pathway_module_never_reads_the_clock(path):
    text = path.read_text(encoding="utf-8")
    for call in ("date.today", "datetime.now", "datetime.utcnow", "time.time("):
        assert call not in text


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PATHWAY)))
def test_pathway_module_does_not_even_mention_them(path):
    # The review check is `grep -rn "flask\|sqlalchemy\|academy.extensions\|date.today"`.
    text = path.read_text(encoding="utf-8")
    for word in ("flask", "sqlalchemy", "academy.extensions", "date.today"):
        assert word not in text
