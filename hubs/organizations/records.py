"""Validation of organisation records arriving as text: seed CSVs, imports, forms.

One function turns a row of strings into clean values or a list of field-level errors,
so every way in checks the same rules and reports them the same way.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from hubs.core.errors import FieldError
from hubs.organizations.identifiers import corporate_number_is_valid, ror_id_is_valid
from hubs.organizations.vocabulary import (
    COLUMN_LABELS,
    FIELDS,
    HUB_TRACKS,
    KINDS,
    LAB_DOMAINS,
    LOCATION_PRECISIONS,
    PREFECTURE_CODES,
    RENEWAL_STATES,
    SINET_STATES,
)

#: Columns of an organisation row, in the order exports write them.
COLUMNS: tuple[str, ...] = (
    "key", "kind", "name_ja", "name_en", "prefecture_code", "city", "address", "lat", "lon",
    "location_precision", "fields", "website", "sinet_connected", "parent_key", "ror_id",
    "corporate_number", "source", "checked_on", "lab_domain", "agency", "company", "started_on",
    "ended_on", "hub_track", "selected_on", "valid_until", "renewal_state",
)


def column_key(heading: str) -> str:
    """The column key of a heading given as a key or as its Japanese or English label."""
    text = heading.strip().lstrip("\ufeff")
    for key, labels in COLUMN_LABELS.items():
        if text == key or text in labels or text.lower() == labels[1].lower():
            return key
    return text


REQUIRED: tuple[str, ...] = ("kind", "name_ja", "prefecture_code", "lat", "lon", "location_precision", "source")
_MAX_LENGTH = {"key": 80, "name_ja": 200, "name_en": 200, "city": 100, "address": 300, "website": 300, "source": 2000,
               "agency": 200, "company": 200}
#: Kinds that name the body they belong to: the agency of a national R&D or inter-university
#: site, the company of a 冠ラボ.
NEEDS_AGENCY = ("national_rd", "inter_university")
NEEDS_COMPANY = ("aist_joint_lab",)
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class RowResult:
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice(result: RowResult, name: str, value: str, allowed) -> None:
    if value not in allowed:
        result.errors.append(FieldError(name, "not_allowed", _l(
            "%(value)s is not allowed; use one of %(allowed)s.", value=repr(value), allowed=", ".join(allowed))))
    result.values[name] = value


def _coordinate(result: RowResult, name: str, value: str, low: float, high: float) -> None:
    try:
        number = float(value)
    except ValueError:
        result.errors.append(FieldError(name, "not_a_number", _l("Not a number.")))
        return
    if not math.isfinite(number) or not low <= number <= high:
        result.errors.append(FieldError(name, "out_of_range", _l(
            "Must be between %(low)s and %(high)s.", low=low, high=high)))
        return
    result.values[name] = number


def _date(result: RowResult, name: str, value: str) -> None:
    """A full ISO date (``YYYY-MM-DD``), stored as :class:`datetime.date`."""
    try:
        result.values[name] = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        result.values[name] = None
    if result.values[name] is None:
        result.errors.append(FieldError(name, "not_a_date", _l("Not a date (YYYY-MM-DD).")))


def _partial_date(result: RowResult, name: str, value: str) -> None:
    """An ISO date to the year, month or day (``2016``, ``2016-04``, ``2016-04-01``)."""
    ok = bool(_PARTIAL_DATE.match(value))
    if ok:
        parts = [int(p) for p in value.split("-")]
        try:
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            ok = False
    if not ok:
        result.errors.append(FieldError(name, "not_a_date", _l(
            "Not a date (YYYY, YYYY-MM or YYYY-MM-DD).")))
    result.values[name] = value


def validate_row(row: dict[str, Any]) -> RowResult:
    """Check one organisation row given as strings.

    Parameters
    ----------
    row
        Column name to text, as :data:`COLUMNS` names them. ``lat``/``lon`` are EPSG:4326.
        ``fields`` is separated by ``;``. ``parent_key`` is kept for the caller to resolve.

    Returns
    -------
    RowResult
        Clean values (``fields`` as a list, coordinates as floats) and every error found.
    """
    text = {k: ("" if v is None else str(v)).strip() for k, v in row.items()}
    result = RowResult()
    for name in REQUIRED:
        if not text.get(name):
            result.errors.append(FieldError(name, "required", _l("This field is required.")))
    for name, limit in _MAX_LENGTH.items():
        if len(text.get(name, "")) > limit:
            result.errors.append(FieldError(name, "too_long", _l(
                "Must be at most %(limit)s characters.", limit=limit)))
    if text.get("kind"):
        _choice(result, "kind", text["kind"], tuple(KINDS))
    if text.get("prefecture_code"):
        code = text["prefecture_code"].zfill(2)
        _choice(result, "prefecture_code", code, PREFECTURE_CODES)
    if text.get("location_precision"):
        _choice(result, "location_precision", text["location_precision"], tuple(LOCATION_PRECISIONS))
    _choice(result, "sinet_connected", text.get("sinet_connected") or "unknown", tuple(SINET_STATES))
    if text.get("lat"):
        _coordinate(result, "lat", text["lat"], 20.0, 46.0)
    if text.get("lon"):
        _coordinate(result, "lon", text["lon"], 122.0, 154.0)

    fields = [f.strip() for f in text.get("fields", "").split(";") if f.strip()]
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        result.errors.append(FieldError("fields", "unknown_field", _l(
            "Unknown field(s): %(fields)s.", fields=", ".join(unknown))))
    result.values["fields"] = list(dict.fromkeys(fields))

    number = text.get("corporate_number", "")
    if number and not corporate_number_is_valid(number):
        result.errors.append(FieldError("corporate_number", "invalid", _l(
            "Not a valid corporate number (13 digits with a check digit).")))
    ror = text.get("ror_id", "")
    if ror and not ror_id_is_valid(ror):
        result.errors.append(FieldError("ror_id", "invalid", _l("Not a ROR ID URL.")))
    website = text.get("website", "")
    if website and not website.startswith(("http://", "https://")):
        result.errors.append(FieldError("website", "invalid", _l("Must be an http(s) URL.")))
    track = text.get("hub_track", "")
    if track:
        _choice(result, "hub_track", track, tuple(HUB_TRACKS))
    _check_kind_attributes(result, text)

    for name in ("checked_on", "valid_until"):
        if text.get(name):
            _date(result, name, text[name])
        else:
            result.values[name] = None
    checked = result.values.get("checked_on")
    if checked is not None and checked > date.today():
        result.errors.append(FieldError("checked_on", "in_future", _l("Cannot be in the future.")))
    for name in ("started_on", "ended_on", "selected_on"):
        if text.get(name):
            _partial_date(result, name, text[name])
    started, ended = text.get("started_on", ""), text.get("ended_on", "")
    if started and ended and _PARTIAL_DATE.match(started) and _PARTIAL_DATE.match(ended) and ended < started:
        result.errors.append(FieldError("ended_on", "before_start", _l("Must not be before the start.")))

    for name in ("key", "name_ja", "name_en", "city", "address", "website", "parent_key",
                 "ror_id", "corporate_number", "source", "selected_on", "lab_domain", "agency",
                 "company", "started_on", "ended_on", "renewal_state"):
        result.values.setdefault(name, text.get(name, ""))
    result.values.setdefault("hub_track", track)
    return result


def _check_kind_attributes(result: RowResult, text: dict[str, str]) -> None:
    """Attributes that belong to some kinds only: lab domain, agency, company, hub selection."""
    kind = text.get("kind", "")
    domain = text.get("lab_domain", "")
    if domain:
        _choice(result, "lab_domain", domain, tuple(LAB_DOMAINS))
        if kind != "public_lab":
            result.errors.append(FieldError("lab_domain", "not_for_kind", _l(
                "Only a public test laboratory has a lab domain.")))
    if kind in NEEDS_AGENCY and not text.get("agency"):
        result.errors.append(FieldError("agency", "required", _l("Give the parent agency.")))
    if kind in NEEDS_COMPANY and not text.get("company"):
        result.errors.append(FieldError("company", "required", _l("Give the company that names the laboratory.")))
    state = text.get("renewal_state", "")
    if state:
        _choice(result, "renewal_state", state, tuple(RENEWAL_STATES))
    selection = ("selected_on", "valid_until", "renewal_state")
    if not text.get("hub_track") and any(text.get(name) for name in selection):
        result.errors.append(FieldError("hub_track", "required", _l(
            "A selection date, validity or renewal needs a hub track.")))
    if text.get("hub_track") and not text.get("valid_until") and text.get("selected_on"):
        result.errors.append(FieldError("valid_until", "required", _l(
            "Give the date until which the selection is valid.")))
