"""Lab staff keep their organisation's equipment list: one machine by form, or their own
Excel/CSV list imported with the organisation import's rules (row-by-row report, every row
written or none, a dry run that writes nothing).

Rows are matched by ``id`` (as the export writes it), else by ``key``, else created, always
within the staff member's own organisation: a row naming another organisation's machine is
an error, never an update.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hubs.core.errors import FieldError
from hubs.core.extensions import db
from hubs.core.params import ascii_number
from hubs.core.tables import ImportReport, RowOutcome, cell_text, TableLimits, read_records
from hubs.equipment.models import Equipment
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS
from hubs.organizations.imports import check_size
from hubs.organizations.models import Organization
from hubs.organizations.vocabulary import FIELDS

#: The columns of a staff list, in the order the export writes them (``id`` first).
COLUMNS: tuple[str, ...] = (
    "id", "key", "name_ja", "name_en", "category", "maker", "model", "year", "fields", "training_required",
    "staff_operated", "bookable", "booking_unit", "setup_fee_jpy", "rate_jpy", "rate_unit", "fee_notes",
    "source", "checked_on",
)
_LENGTHS = {"key": 80, "name_ja": 300, "name_en": 300, "maker": 200, "model": 200, "booking_unit": 100,
            "fee_notes": 2000, "source": 2000}
_YES = {"yes", "y", "true", "1", "はい", "要", "可", "○"}
_NO = {"no", "n", "false", "0", "いいえ", "不要", "不可", "×"}
#: Fields compared to decide whether a matched row changes anything.
_COMPARED = tuple(c for c in COLUMNS if c != "id")


@dataclass
class Checked:
    """A row's values as the model stores them, and its problems (one per field at most)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def _term(text: str, vocabulary: dict[str, tuple[Any, ...]]) -> str | None:
    """A vocabulary key given as the key or its Japanese or English label."""
    for key, entry in vocabulary.items():
        if text == key or text in entry[:2] or text.lower() == str(entry[1]).lower():
            return key
    return None


def _flag(text: str) -> bool | None | str:
    lowered = text.lower()
    if not lowered:
        return None
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return "bad"


def _yen(text: str) -> int | None | str:
    digits = ascii_number(text).replace(",", "").replace("，", "").removesuffix("円").strip()
    if not digits:
        return None
    return int(digits) if digits.isascii() and digits.isdigit() else "bad"


def check_row(row: dict[str, str], today: date | None = None) -> Checked:
    """Validate one row of a staff list (every value a string); messages in the reader's language."""
    today = today or date.today()
    out = Checked()

    def problem(name: str, code: str, message: Any) -> None:
        out.errors.append(FieldError(name, code, message))

    for name, limit in _LENGTHS.items():
        if len(row.get(name, "")) > limit:
            problem(name, "too_long", _l("At most %(n)s characters.", n=limit))
    if not row.get("name_ja"):
        problem("name_ja", "required", _l("Enter the machine's name in Japanese."))
    category = _term(row.get("category", ""), CATEGORIES)
    if category is None:
        problem("category", "unknown", _l("Unknown category %(value)s: use a key or a name from the category list.",
                                          value=row.get("category") or "—"))
    year_text = ascii_number(row.get("year", ""))
    year = None
    if year_text:
        if not (year_text.isascii() and year_text.isdigit()) or not 1900 <= int(year_text) <= today.year + 1:
            problem("year", "invalid", _l("A year between 1900 and %(max)s.", max=today.year + 1))
        else:
            year = int(year_text)
    fields = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；、,]", row.get("fields", "")))):
        key = _term(part, FIELDS)
        if key is None:
            problem("fields", "unknown", _l("Unknown field %(value)s.", value=part))
        elif key not in fields:
            fields.append(key)
    flags = {}
    for name in ("training_required", "staff_operated", "bookable"):
        value = _flag(row.get(name, ""))
        if value == "bad":
            problem(name, "invalid", _l("Write yes or no (はい / いいえ), or leave it empty."))
        flags[name] = None if value == "bad" else value
    fees = {}
    for name in ("setup_fee_jpy", "rate_jpy"):
        value = _yen(row.get(name, ""))
        if value == "bad":
            problem(name, "invalid", _l("Whole yen, e.g. 3,500."))
        fees[name] = None if value == "bad" else value
    rate_unit = _term(row.get("rate_unit", ""), RATE_UNITS) if row.get("rate_unit") else None
    if row.get("rate_unit") and rate_unit is None:
        problem("rate_unit", "unknown", _l("Unknown rate unit %(value)s.", value=row["rate_unit"]))
    if fees["rate_jpy"] is not None and rate_unit is None and not row.get("rate_unit"):
        problem("rate_unit", "required", _l("Say what the rate is charged per."))
    source = row.get("source", "")
    if not source.startswith(("https://", "http://")):
        problem("source", "required", _l("The page that lists this machine (a web address)."))
    checked_on = None
    try:
        checked_on = date.fromisoformat(ascii_number(row.get("checked_on", "")))
    except ValueError:
        problem("checked_on", "invalid", _l("The date the page was read, as YYYY-MM-DD."))
    if checked_on is not None and checked_on > today:
        problem("checked_on", "future", _l("The date cannot be in the future."))
    out.values = {
        "key": row.get("key") or None, "name_ja": row.get("name_ja", ""), "name_en": row.get("name_en", ""),
        "category": category, "maker": row.get("maker", ""), "model": row.get("model", ""), "year": year,
        "fields": ";".join(fields), "training_required": flags["training_required"],
        "staff_operated": flags["staff_operated"], "bookable": bool(flags["bookable"]),
        "booking_unit": row.get("booking_unit", ""), "setup_fee_jpy": fees["setup_fee_jpy"],
        "rate_jpy": fees["rate_jpy"], "rate_unit": rate_unit, "fee_notes": row.get("fee_notes", ""),
        "source": source, "checked_on": checked_on,
    }
    return out


def read_list(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Rows of an uploaded list (CSV in UTF-8 or Shift_JIS, or xlsx) with their line numbers."""
    check_size(len(data))
    return read_records(filename, data, TableLimits.current())


def _changes(item: Equipment, values: dict[str, Any]) -> list[str]:
    return [name for name in _COMPARED if getattr(item, name) != values[name]]


def import_equipment(organization: Organization, records: list[tuple[int, dict[str, Any]]],
                     dry_run: bool = False) -> ImportReport:
    """Validate every row, then write all of them for ``organization`` in one transaction, or none."""
    report = ImportReport(dry_run=dry_run)
    own = {e.id: e for e in db.session.scalars(select(Equipment).where(Equipment.organization_id == organization.id))}
    own_keys = {e.key: e for e in own.values() if e.key}
    file_keys = [cell_text(raw.get("key")) for _, raw in records if cell_text(raw.get("key"))]
    plans: list[tuple[Equipment | None, dict[str, Any]]] = []
    for line, raw in records:
        row = {name: cell_text(raw.get(name)) for name in COLUMNS}
        checked = check_row(row)
        item: Equipment | None = None
        if row["id"]:
            item = own.get(int(row["id"])) if row["id"].isascii() and row["id"].isdigit() else None
            if item is None:
                checked.errors.append(FieldError("id", "not_yours", _l(
                    "No machine %(id)s in your organisation's list.", id=row["id"])))
        elif row["key"]:
            item = own_keys.get(row["key"])
        if row["key"] and file_keys.count(row["key"]) > 1:
            checked.errors.append(FieldError("key", "duplicate", _l("This key is used by more than one row.")))
        elif row["key"] and item is None and db.session.scalar(select(Equipment.id).where(Equipment.key == row["key"])):
            checked.errors.append(FieldError("key", "taken", _l("This key belongs to another organisation's machine.")))
        outcome = RowOutcome(line=line, action="error", key=row["key"], name=row["name_ja"], errors=checked.errors)
        if not checked.errors:
            outcome.id = item.id if item else None
            outcome.changes = _changes(item, checked.values) if item else []
            outcome.action = "create" if item is None else ("update" if outcome.changes else "unchanged")
            plans.append((item, checked.values))
        report.rows.append(outcome)
    if not records:
        report.file_error = FieldError("file", "empty", _l("The file holds no rows."))
    if report.ok and not dry_run:
        for item, values in plans:
            if item is None:
                db.session.add(Equipment(organization_id=organization.id, **values))
            else:
                for name, value in values.items():
                    setattr(item, name, value)
        db.session.commit()
    else:
        db.session.rollback()
    return report


def export_rows(organization: Organization) -> list[list[Any]]:
    """The organisation's list in :data:`COLUMNS` order: what the import reads back unchanged."""
    items = db.session.scalars(select(Equipment).where(Equipment.organization_id == organization.id)
                               .order_by(Equipment.id))
    flag = {True: "yes", False: "no", None: ""}
    return [[e.id, e.key or "", e.name_ja, e.name_en, e.category, e.maker, e.model, e.year or "", e.fields,
             flag[e.training_required], flag[e.staff_operated], flag[e.bookable], e.booking_unit,
             "" if e.setup_fee_jpy is None else e.setup_fee_jpy, "" if e.rate_jpy is None else e.rate_jpy,
             e.rate_unit or "", e.fee_notes, e.source, e.checked_on.isoformat()] for e in items]
