"""The engine stays pure: no Flask, no database, nothing from the rest of the portal."""

from __future__ import annotations

import ast

from tests.certification.scoring.examples import ROOT

PACKAGE = ROOT / "hubs" / "certification" / "scoring"



def test_engine_imports_nothing_from_flask_or_the_database() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert {path.stem for path in modules} >= {"criteria", "engine", "results", "messages", "values"}
    for path in modules:
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
        forbidden = imported & {"flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "sqlite3", "hubs", "app"}
        assert not forbidden, f"{path.name} imports {forbidden}"


def test_every_module_is_well_under_800_lines() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 700, path.name
