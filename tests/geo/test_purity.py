"""geo/ is pure spatial computation: no Flask, no database, nothing of the portal."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "geo").rglob("*.py")
)


@pytest.mark.parametrize("module", MODULES)
def test_geo_imports_no_web_or_database_code(module):
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('flask', 'flask_babel', 'sqlalchemy', 'app', 'hubs') if m in sys.modules]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
