"""How complete the map is: counts, precision, sources, check dates, known gaps, licences.

One function, :func:`data_summary`, answers both ``/data`` and ``GET /api/v1/data``. Only real
records count (synthetic load-test rows are left out). The known gaps come from
``seed_data/known_gaps.md``, parsed into plain blocks (headings, paragraphs, lists, tables)
that the page renders with escaping: the file is never inserted as HTML.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import func, select

from hubs.core.config import SEED_DIR
from hubs.core.extensions import db
from hubs.organizations.models import Organization, Prefecture
from hubs.organizations.vocabulary import KINDS, LOCATION_PRECISIONS, label

#: The licences of the reference data the portal ships, as their own files state them.
LICENCES: tuple[dict[str, Any], ...] = (
    {"data": _l("Prefecture boundaries"), "source": "japanmap 0.6.0 (PyPI), japan.json", "licence": "Apache-2.0"},
    {"data": _l("Municipal-office points (cities, towns, villages)"), "source": "JpGeocode 0.3.1 (PyPI)",
     "licence": "MIT"},
    {"data": _l("Ward-office points of designated cities"), "source": "code4fukui/localgovjp (GSI, J-LIS)",
     "licence": "CC0-1.0"},
    {"data": _l("Prefecture populations"), "source": _l("2020 Census, Statistics Bureau of Japan"),
     "licence": _l("Government of Japan Standard Terms of Use 2.0")},
    {"data": _l("Organisation records"), "source": _l("each record's own source page (see sources below)"),
     "licence": _l("facts, each with its source")},
)


def _licences(lang: str) -> list[dict[str, str]]:
    with force_locale(lang):
        return [{key: str(value) for key, value in lic.items()} for lic in LICENCES]

_SKIP = re.compile(r"^<!--.*-->$")


def _domain(source: str) -> str:
    match = re.search(r"https?://[^\s;]+", source)
    return (urlsplit(match.group(0)).hostname or "") if match else ""


def gap_blocks(text: str) -> list[dict[str, Any]]:
    """Markdown text as blocks: ``heading`` (level, text), ``paragraph``, ``list``, ``table``."""
    blocks: list[dict[str, Any]] = []
    after_blank = True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or _SKIP.match(stripped):
            after_blank = True
            continue
        joins = not after_blank
        after_blank = False
        plain = stripped.replace("`", "").replace("**", "")
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            blocks.append({"type": "heading", "level": min(level + 1, 4), "text": plain.lstrip("#").strip()})
        elif stripped.startswith(("- ", "* ")):
            if not blocks or blocks[-1]["type"] != "list":
                blocks.append({"type": "list", "items": []})
            blocks[-1]["items"].append(plain[2:].strip())
        elif stripped.startswith("|"):
            cells = [c.strip() for c in plain.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            if not blocks or blocks[-1]["type"] != "table":
                blocks.append({"type": "table", "header": cells, "rows": []})
            else:
                blocks[-1]["rows"].append(cells)
        elif joins and blocks and blocks[-1]["type"] in ("paragraph", "list"):
            # A continuation line: of the paragraph, or of the last list item.
            if blocks[-1]["type"] == "paragraph":
                blocks[-1]["text"] += " " + plain
            else:
                blocks[-1]["items"][-1] += " " + plain
        else:
            blocks.append({"type": "paragraph", "text": plain})
    return blocks


def data_summary(lang: str = "ja", seed_dir: Path = SEED_DIR) -> dict[str, Any]:
    """Counts per kind and prefecture, precision mix, sources, check dates, gaps and licences."""
    real = Organization.synthetic.is_(False)
    by_kind = dict(db.session.execute(
        select(Organization.kind, func.count()).where(real).group_by(Organization.kind)).all())
    kinds = [{"kind": k, "label": label(KINDS, k, lang), "count": by_kind.get(k, 0)} for k in KINDS]

    cells: dict[str, dict[str, int]] = {}
    for code, kind, n in db.session.execute(
            select(Organization.prefecture_code, Organization.kind, func.count()).where(real)
            .group_by(Organization.prefecture_code, Organization.kind)):
        cells.setdefault(code, {})[kind] = n
    prefectures = [
        {"code": p.code, "name": p.name_en if lang == "en" else p.name_ja,
         "counts": {k: cells.get(p.code, {}).get(k, 0) for k in KINDS},
         "total": sum(cells.get(p.code, {}).values())}
        for p in db.session.scalars(select(Prefecture).order_by(Prefecture.code))
    ]

    by_precision = dict(db.session.execute(
        select(Organization.location_precision, func.count()).where(real)
        .group_by(Organization.location_precision)).all())
    total = sum(by_kind.values())
    precision = [{"precision": p, "label": label(LOCATION_PRECISIONS, p, lang), "count": by_precision.get(p, 0),
                  "share": round(by_precision.get(p, 0) / total, 3) if total else 0.0} for p in LOCATION_PRECISIONS]

    domains = Counter(_domain(s) for s in db.session.scalars(select(Organization.source).where(real)))
    sources = [{"domain": d or None, "count": n} for d, n in domains.most_common()]

    checked = db.session.execute(
        select(Organization.kind, func.min(Organization.checked_on), func.max(Organization.checked_on),
               func.count(Organization.checked_on)).where(real).group_by(Organization.kind)).all()
    last_checked = [{"kind": k, "label": label(KINDS, k, lang),
                     "oldest": oldest.isoformat() if oldest else None,
                     "latest": latest.isoformat() if latest else None, "checked": n}
                    for k, oldest, latest, n in sorted(checked, key=lambda row: list(KINDS).index(row[0]))]

    # known_gaps.md is written in English; known_gaps.ja.md is its Japanese translation.
    gaps_path, gaps_lang = seed_dir / "known_gaps.md", "en"
    if lang != "en" and (seed_dir / f"known_gaps.{lang}.md").exists():
        gaps_path, gaps_lang = seed_dir / f"known_gaps.{lang}.md", lang
    gaps_text = gaps_path.read_text(encoding="utf-8") if gaps_path.exists() else ""
    return {
        "total": total,
        "kinds": kinds,
        "prefectures": prefectures,
        "precision": precision,
        "sources": sources,
        "last_checked": last_checked,
        "known_gaps": {"markdown": gaps_text, "blocks": gap_blocks(gaps_text), "lang": gaps_lang},
        "licences": _licences(lang),
    }
