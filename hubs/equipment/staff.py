"""Lab staff keep their organisation's equipment list current: ``/lab/equipment``.

A lab staff account (role ``lab_staff``, tied to one organisation by an admin) sees and changes
only its own organisation's machines; an admin names the organisation with ``?org=``. Every
change goes through :func:`hubs.equipment.imports.import_equipment`: a single machine from
the form is a one-row import, so the form and the Excel list follow the same rules. The JSON
twin of the list is ``GET /api/v1/lab/equipment``.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from hubs.accounts.forms import EmptyForm
from hubs.core.access import current_user, roles_required
from hubs.core.audit import record_admin_action
from hubs.core.extensions import db
from hubs.core.openapi import endpoint
from hubs.core.responses import csv_response, keyset_page, page_response
from hubs.core.tables import ImportReport, TableError
from hubs.equipment.imports import COLUMNS, export_rows, import_equipment, read_list
from hubs.equipment.schemas import LabEquipmentList, LabEquipmentQuery
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS
from hubs.organizations.models import Organization

bp = Blueprint("equipment_staff", __name__)

#: The list's column headings, for the form and the report.
LABELS = {
    "id": _l("ID"), "key": _l("Key (your own reference)"), "name_ja": _l("Name (Japanese)"),
    "name_en": _l("Name (English)"), "category": _l("Category"), "maker": _l("Maker"), "model": _l("Model"),
    "year": _l("Year"), "fields": _l("Fields"), "training_required": _l("Training required"),
    "staff_operated": _l("Operated by staff only"), "bookable": _l("Takes booking requests"),
    "booking_unit": _l("Booking unit"), "setup_fee_jpy": _l("Setup fee (JPY)"), "rate_jpy": _l("Rate (JPY)"),
    "rate_unit": _l("Rate unit"), "fee_notes": _l("Fee notes"), "source": _l("Source page"),
    "checked_on": _l("Checked on"), "file": _l("File"),
}


class ListForm(FlaskForm):
    file = FileField(_l("Your list (CSV in UTF-8 or Shift_JIS, or Excel .xlsx)"), validators=[FileRequired()])
    dry_run = BooleanField(_l("Dry run: only report what would change"), default=True)


def _organization() -> Organization:
    """The organisation whose list this request may touch: the staff member's own; an admin's ``org``."""
    user = current_user()
    if user.role == "lab_staff":
        org = db.session.get(Organization, user.organization_id) if user.organization_id else None
    else:
        org_id = request.values.get("org", "")
        org = db.session.get(Organization, int(org_id)) if org_id.isascii() and org_id.isdigit() \
            and 0 < int(org_id) < 2**31 else None
    if org is None:
        abort(404)
    return org


def _render(org: Organization, form: ListForm, report: ImportReport | None = None, file_error: str | None = None,
            row: dict[str, str] | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template("equipment/staff.html", org=org, rows=export_rows(org), form=form, report=report,
                           file_error=file_error, columns=COLUMNS, row=row or {}, one=EmptyForm(),
                           labels={k: str(v) for k, v in LABELS.items()},
                           categories=CATEGORIES, rate_units=RATE_UNITS), status


def _applied(org: Organization, report: ImportReport, how: str) -> None:
    record_admin_action(current_user(), "equipment_list_changed", "Organization", org.id, how=how,
                        created=report.count("create"), updated=report.count("update"))


@bp.get("/lab/equipment")
@roles_required("lab_staff", "admin")
def staff_list() -> ResponseReturnValue:
    """The organisation's machines, a form for one more and the upload of a whole list."""
    return _render(_organization(), ListForm())


@bp.post("/lab/equipment")
@roles_required("lab_staff", "admin")
def upload_list() -> ResponseReturnValue:
    """Import a list: every row or none, with the row-by-row report (422 when a row is wrong)."""
    org = _organization()
    form = ListForm()
    if not form.validate_on_submit():
        return _render(org, form, status=400)
    upload = form.file.data
    try:
        report = import_equipment(org, read_list(upload.filename or "", upload.read()), dry_run=form.dry_run.data)
    except TableError as error:
        return _render(org, form, file_error=error.text(), status=error.status)
    if report.applied:
        _applied(org, report, "list")
    return _render(org, form, report=report, status=200 if report.ok else 422)


@bp.post("/lab/equipment/one")
@roles_required("lab_staff", "admin")
def save_one() -> ResponseReturnValue:
    """Add one machine, or change one (``id``), through the same rules as a list."""
    org = _organization()
    if not EmptyForm().validate_on_submit():
        return _render(org, ListForm(), status=400)
    row = {name: request.form.get(name, "").strip() for name in COLUMNS}
    report = import_equipment(org, [(1, row)])
    if not report.ok:
        return _render(org, ListForm(), report=report, row=row, status=422)
    _applied(org, report, "form")
    flash(_("Saved: %(name)s.", name=row["name_ja"]), "info")
    return redirect(url_for("equipment_staff.staff_list", **({"org": org.id} if current_user().role == "admin" else {})))


@bp.get("/lab/equipment.csv")
@roles_required("lab_staff", "admin")
def export_list() -> ResponseReturnValue:
    """The list as the import reads it back (UTF-8 with BOM, or ``encoding=cp932``)."""
    org = _organization()
    encoding = "cp932" if request.args.get("encoding") == "cp932" else "utf-8"
    return csv_response(COLUMNS, export_rows(org), f"equipment-{org.id}.csv", encoding)


@bp.get("/api/v1/lab/equipment")
@roles_required("lab_staff", "admin")
@endpoint("listLabEquipment", query=LabEquipmentQuery, responses={200: LabEquipmentList}, secured=True,
          errors=(403, 404), tags=("equipment",))
def staff_list_json(query: LabEquipmentQuery) -> ResponseReturnValue:
    """JSON twin of ``/lab/equipment``: the organisation and its list in the import's columns, in
    pages in ascending id order (the whole list at once: ``/lab/equipment.csv``)."""
    org = _organization()
    page, after = keyset_page(export_rows(org), query, "equipment_staff.staff_list_json", lambda row: row[0])
    return page_response({"organization": {"id": org.id, "name_ja": org.name_ja, "name_en": org.name_en},
                          "columns": list(COLUMNS), "machines": [dict(zip(COLUMNS, row)) for row in page],
                          "next": after})
