"""Loading the shipped equipment and fee rules (``seed_data/equipment/``), a ``seed.steps`` step.

Only rows that cite their page are loaded, and only for organisations the seed holds
(``org_existing_key``); the others are listed in ``seed_data/equipment/known_gaps.csv``.
Rows are matched by ``key`` and updated in place, inside the seed's one transaction: a bad
row raises :class:`hubs.organizations.seed.SeedError` and nothing is written.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hubs.core.config import SEED_DIR
from hubs.core.extensions import db
from hubs.equipment.models import Equipment, FeeRule
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS
from hubs.organizations.models import Organization
from hubs.organizations.seed import SeedError
from hubs.organizations.vocabulary import FIELDS, PREFECTURE_CODES

EQUIPMENT_DIR = SEED_DIR / "equipment"

#: How the labs write the unit of a rate → :data:`RATE_UNITS`; the original text stays in ``fee_notes``.
#: Matched by prefix: 1試料1測定点, 1試料24時間 and 1試料3成分 are all charged per sample.
_RATE_UNIT_TEXT = {"1時間": "hour", "4時間": "four_hours", "1日": "day", "1試料": "sample", "1件": "case"}


@dataclass(frozen=True)
class Skipped:
    key: str
    org_name_ja: str
    reason: str


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _rate_unit(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    for prefix, unit in _RATE_UNIT_TEXT.items():
        if text.startswith(prefix):
            return unit
    msg = f"rate_unit: unknown unit {text!r}"
    raise ValueError(msg)


def _yes_no(text: str) -> bool | None:
    return {"yes": True, "no": False, "": None}[text.strip().lower()]


def _whole_yen(text: str) -> int | None:
    return int(text) if text.strip() else None


def _multiplier(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        msg = f"multiplier: not a number {text!r}"
        raise ValueError(msg) from None
    return value


def _cited(source: str) -> bool:
    return source.startswith(("https://", "http://"))


def equipment_rows(known_keys: set[str], folder: Path = EQUIPMENT_DIR) -> tuple[list[dict[str, Any]], list[Skipped]]:
    """The loadable equipment rows as model values, and the rows left out with why.

    Raises
    ------
    SeedError
        A row that should load does not parse; every such row is named.
    """
    rows, skipped, problems = [], [], []
    for line, raw in enumerate(_read(folder / "equipment.csv"), start=2):
        where = f"equipment.csv:{line}"
        if not _cited(raw["source"]):
            skipped.append(Skipped(raw["key"], raw["org_name_ja"], "no citable source"))
            continue
        if not raw["org_existing_key"] or raw["org_existing_key"] not in known_keys:
            skipped.append(Skipped(raw["key"], raw["org_name_ja"], "organisation not in seed_data/organizations"))
            continue
        try:
            fields = [f for f in raw["fields"].split(";") if f]
            if raw["category"] not in CATEGORIES or any(f not in FIELDS for f in fields):
                msg = f"category or fields not in the vocabulary: {raw['category']!r} {fields!r}"
                raise ValueError(msg)
            rate_unit = _rate_unit(raw["rate_unit"])
            rows.append({
                "key": raw["key"], "org_key": raw["org_existing_key"], "name_ja": raw["name_ja"],
                "name_en": raw["name_en"], "category": raw["category"], "maker": raw["maker"], "model": raw["model"],
                "year": int(raw["year"]) if raw["year"] else None, "fields": ";".join(fields),
                "training_required": _yes_no(raw["training_required"]),
                "staff_operated": _yes_no(raw["staff_operated"]),
                # Machines let by the hour (or by blocks of hours) can be asked for by slot.
                "bookable": rate_unit is not None and RATE_UNITS[rate_unit][2] is not None,
                "booking_unit": raw["booking_unit"], "setup_fee_jpy": _whole_yen(raw["setup_fee_jpy"]),
                "rate_jpy": _whole_yen(raw["rate_jpy"]), "rate_unit": rate_unit,
                "out_of_prefecture_multiplier": _multiplier(raw["out_of_prefecture_multiplier"]),
                "fee_notes": raw["fee_notes"], "source": raw["source"],
                "checked_on": date.fromisoformat(raw["checked_on"]),
            })
        except (ValueError, KeyError) as error:
            problems.append(f"{where}: {error}")
    if problems:
        raise SeedError("equipment seed rejected:\n" + "\n".join(problems))
    return rows, skipped


def fee_rule_rows(known_keys: set[str], folder: Path = EQUIPMENT_DIR) -> list[dict[str, Any]]:
    """The fee rules as model values (every shipped rule must parse)."""
    rows, problems = [], []
    for line, raw in enumerate(_read(folder / "fee_rules.csv"), start=2):
        try:
            waived = [c for c in raw["waived_for_prefecture_codes"].split(";") if c]
            multiplier = _multiplier(raw["multiplier"])
            if multiplier is None or multiplier < 1:
                msg = f"multiplier: must be a number of at least 1, not {raw['multiplier']!r}"
                raise ValueError(msg)
            if raw["prefecture_code"] not in PREFECTURE_CODES or any(c not in PREFECTURE_CODES for c in waived):
                msg = "prefecture codes must be JIS X 0401 01..47"
                raise ValueError(msg)
            if raw["org_key"] and raw["org_key"] not in known_keys:
                msg = f"org_key: unknown {raw['org_key']!r}"
                raise ValueError(msg)
            if not _cited(raw["source"]):
                msg = "source: a URL is required"
                raise ValueError(msg)
            rows.append({
                "key": raw["key"], "org_key": raw["org_key"], "prefecture_code": raw["prefecture_code"],
                "lab_name_ja": raw["lab_name_ja"], "rule_ja": raw["rule"], "multiplier": multiplier,
                "waived_for": ";".join(waived), "since": date.fromisoformat(raw["since"]) if raw["since"] else None,
                "source": raw["source"], "checked_on": date.fromisoformat(raw["checked_on"]),
            })
        except (ValueError, KeyError) as error:
            problems.append(f"fee_rules.csv:{line}: {error}")
    if problems:
        raise SeedError("fee rules rejected:\n" + "\n".join(problems))
    return rows


def seed_equipment() -> None:
    """The ``seed.steps`` step: fee rules, then equipment, updated in place by key (no commit)."""
    orgs = {o.key: o for o in db.session.scalars(select(Organization).where(Organization.key.is_not(None)))}
    rules = fee_rule_rows(set(orgs))
    items, _skipped = equipment_rows(set(orgs))
    existing_rules = {r.key: r for r in db.session.scalars(select(FeeRule).where(FeeRule.key.is_not(None)))}
    rule_of_org: dict[int, Decimal] = {}
    for values in rules:
        rule = existing_rules.get(values["key"]) or FeeRule(key=values["key"])
        org = orgs.get(values["org_key"]) if values["org_key"] else None
        rule.organization_id = org.id if org else None
        for name, value in values.items():
            if name not in ("key", "org_key"):
                setattr(rule, name, value)
        db.session.add(rule)
        if org is not None:
            rule_of_org[org.id] = values["multiplier"]
    existing = {e.key: e for e in db.session.scalars(select(Equipment).where(Equipment.key.is_not(None)))}
    for values in items:
        item = existing.get(values["key"]) or Equipment(key=values["key"])
        org = orgs[values["org_key"]]
        item.organization_id = org.id
        # A machine's own multiplier is kept only where it departs from its lab's rule (徳島's
        # machines charged the same nationwide); otherwise the rule, with its waivers, applies.
        if values["out_of_prefecture_multiplier"] == rule_of_org.get(org.id):
            values = {**values, "out_of_prefecture_multiplier": None}
        for name, value in values.items():
            if name not in ("key", "org_key"):
                setattr(item, name, value)
        db.session.add(item)
    db.session.flush()


def known_gaps(folder: Path = EQUIPMENT_DIR) -> list[Skipped]:
    """The researched rows the seed leaves out, as listed in ``known_gaps.csv``."""
    return [Skipped(row["key"], row["org_name_ja"], row["reason"]) for row in _read(folder / "known_gaps.csv")]


def write_known_gaps(known_keys: set[str], folder: Path = EQUIPMENT_DIR) -> int:
    """Rewrite ``known_gaps.csv`` from what :func:`equipment_rows` leaves out (``flask equipment gaps``)."""
    _rows, skipped = equipment_rows(known_keys, folder)
    with (folder / "known_gaps.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["key", "org_name_ja", "reason"])
        writer.writerows([s.key, s.org_name_ja, s.reason] for s in skipped)
    return len(skipped)
