"""Certification pages: applicants' applications and score pages, the coordinators' queue and
review page, the public list of certified hubs, and the admin's criteria page.

Views stay thin: they read the request, call one operation from
:mod:`hubs.certification.operations` and render. ``get_application`` answers 404 for
anything the person may not see.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_babel import gettext as _
from sqlalchemy import select

from hubs.core.access import current_user, login_required, roles_required
from hubs.accounts.forms import EmptyForm
from hubs.certification import operations as ops
from hubs.certification.charts import radar_svg
from hubs.certification.models import HubApplication
from hubs.certification.uploads import read_values
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.organizations.models import Organization
from hubs.core.errors import AtlasError, InvalidInput
from hubs.core.params import parse_query
from hubs.certification.schemas import DecisionsRequest

bp = Blueprint("certification", __name__)


def _lang_index() -> int:
    return 1 if current_language() == "en" else 0


def _short(name: str) -> str:
    """A viewpoint name without its parenthesised detail, for chart labels."""
    return name.split("（")[0].split("(")[0].strip()


def _steps(criteria) -> list[dict[str, Any]]:
    """The form's steps: one per review viewpoint, with the indicators applicants report."""
    return [
        {"viewpoint": v, "indicators": [i for i in criteria.indicators if i.viewpoint == v.key and not i.is_rubric]}
        for v in criteria.viewpoints
    ]


def _hub_choices() -> tuple[list[Organization], list[Organization]]:
    orgs = list(db.session.scalars(select(Organization).where(Organization.kind.in_(("hub", "university")))
                                   .order_by(Organization.prefecture_code, Organization.name_ja)))
    return [o for o in orgs if o.kind == "hub"], [o for o in orgs if o.kind == "university"]


# ---------------------------------------------------------------------------------------
# Applicants


def _require_fresh(form: EmptyForm) -> None:
    """A posted form whose CSRF token is still valid, or a 400 that says so."""
    if not form.validate_on_submit():
        abort(400, description=_("The form has expired; please try again."))


def _owned_posted(application_id: int) -> HubApplication:
    """The current user's own application, posted with a valid form (403 for anyone else's)."""
    application = ops.get_application(application_id, current_user())
    if application.owner_id != current_user().id:
        abort(403)
    _require_fresh(EmptyForm())
    return application


@bp.get("/applications")
@login_required
def my_applications() -> ResponseReturnValue:
    user = current_user()
    return render_template("certification/my_applications.html", applications=ops.applications_of(user))


@bp.route("/applications/new", methods=["GET", "POST"])
@login_required
def new_application() -> ResponseReturnValue:
    form = EmptyForm()
    criteria = ops.criteria_of(ops.current_criteria_version())
    hubs, universities = _hub_choices()
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        _require_fresh(form)
        data: dict[str, Any] = {"track": request.form.get("track", "")}
        if request.form.get("hub_choice") == "existing":
            data["hub_id"] = request.form.get("hub_id", "")
        else:
            data["hub"] = {k: request.form.get(k, "") for k in ("name_ja", "name_en", "university_id", "prefecture_code")}
        try:
            application = ops.create_application(current_user(), data)
        except InvalidInput as error:
            errors, status = error.messages(), error.status
        else:
            flash(_("Draft created. You can save it at any time and submit when it is complete."), "info")
            return redirect(url_for("certification.edit_application", application_id=application.id))
    return render_template("certification/new.html", form=form, criteria=criteria, hubs=hubs,
                           universities=universities, errors=errors, values=request.form), status


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit_application(application_id: int) -> ResponseReturnValue:
    application = ops.get_application(application_id, current_user())
    if application.owner_id != current_user().id:
        abort(403)  # reviewers may read an application but never fill it in
    if not application.editable:
        return redirect(url_for("certification.application", application_id=application.id))
    criteria = ops.criteria_of(application.criteria_version)
    steps = _steps(criteria)
    try:
        step = min(max(int(request.args.get("step", "1")), 1), len(steps))
    except ValueError:
        step = 1
    form = EmptyForm()
    errors: dict[str, list[str]] = {}
    status = 200
    submitted_values: dict[str, str] = {}
    if request.method == "POST":
        _require_fresh(form)
        keys = [i.key for i in steps[step - 1]["indicators"]]
        submitted_values = {k: request.form.get(k, "") for k in keys}
        try:
            ops.update_application(application, current_user(), {"values": submitted_values}, merge=True)
        except InvalidInput as error:
            errors, status = error.messages(), error.status
        else:
            action = request.form.get("action", "save")
            if action == "next" and step < len(steps):
                return redirect(url_for("certification.edit_application", application_id=application.id, step=step + 1))
            if action == "prev" and step > 1:
                return redirect(url_for("certification.edit_application", application_id=application.id, step=step - 1))
            if action == "finish":
                return redirect(url_for("certification.application", application_id=application.id))
            flash(_("Draft saved."), "info")
            return redirect(url_for("certification.edit_application", application_id=application.id, step=step))
    return render_template(
        "certification/edit.html", application=application, criteria=criteria, steps=steps, step=step,
        form=form, errors=errors, values={**application.current_revision.values, **submitted_values},
    ), status


@bp.post("/applications/<int:application_id>/upload")
@login_required
def upload_values(application_id: int) -> ResponseReturnValue:
    application = _owned_posted(application_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput.single("file", "required", _l("Choose a file."), status=400)
    if not application.editable:
        raise ops.StateConflict(application, _("Application %(id)s is %(status)s; only drafts can change.",
                                                id=application.id, status=ops._status(application)))
    criteria = ops.criteria_of(application.criteria_version)
    try:
        values = read_values(upload.filename, upload.read(), criteria)
        ops.update_application(application, current_user(), {"values": values}, merge=True)
    except InvalidInput as error:
        steps = _steps(criteria)
        return render_template(
            "certification/edit.html", application=application, criteria=criteria, steps=steps, step=1,
            form=EmptyForm(), errors=error.messages(),
            values=application.current_revision.values, upload_failed=True,
        ), error.status
    flash(_("%(n)s values read from %(name)s and saved in the draft.", n=len(values), name=upload.filename), "info")
    return redirect(url_for("certification.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/submit")
@login_required
def submit_application(application_id: int) -> ResponseReturnValue:
    application = _owned_posted(application_id)
    try:
        ops.submit_application(application, current_user())
    except InvalidInput as error:
        return _application_page(application, error.messages(), error.status)
    flash(_("Submitted. Coordinators will review your application."), "info")
    return redirect(url_for("certification.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/renew")
@login_required
def renew(application_id: int) -> ResponseReturnValue:
    """Start a renewal: a new draft for the same hub, prefilled with the last values."""
    application = _owned_posted(application_id)
    if application.status != "certified" or not application.certifications:
        raise ops.StateConflict(application, _("Application %(id)s is not certified.", id=application.id))
    certification = application.certifications[-1]
    data: dict[str, Any] = {"track": application.track, "renewal_of": certification.id,
                            "values": application.current_revision.values}
    if application.organization_id:
        data["hub_id"] = application.organization_id
    else:
        data["hub"] = {"name_ja": application.hub_name_ja, "name_en": application.hub_name_en,
                       "university_id": application.university_id, "prefecture_code": application.prefecture_code}
    renewal = ops.create_application(current_user(), data)
    return redirect(url_for("certification.edit_application", application_id=renewal.id))


def _application_page(application, errors: dict[str, list[str]] | None = None, status: int = 200) -> ResponseReturnValue:
    criteria = ops.criteria_of(application.criteria_version)
    return render_template(
        "certification/application.html", application=application, criteria=criteria, steps=_steps(criteria),
        form=EmptyForm(), errors=errors or {}, trail=ops.audit_trail(application),
        score=ops.application_score(application),
    ), status


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    return _application_page(ops.get_application(application_id, current_user()))


@bp.get("/applications/<int:application_id>/score")
@login_required
def score(application_id: int) -> ResponseReturnValue:
    """The explanation: radar per viewpoint, bars per indicator, minimums, percentile, advice."""
    application = ops.get_application(application_id, current_user())
    criteria = ops.criteria_of(application.criteria_version)
    view = ops.application_score(application)
    result = view.result
    li = _lang_index()
    target = criteria.tier(result.target_tier) if result.target_tier else None
    chart = radar_svg(
        [(_short((v.name_ja, v.name_en)[li]), v.percent) for v in result.viewpoints],
        title=_("Points per review viewpoint, in percent of the maximum"),
        floor=float(target.min_viewpoint_percent) if target and target.min_viewpoint_percent else None,
    )
    return render_template("certification/score.html", application=application, criteria=criteria,
                           view=view, result=result, chart=chart, target=target, min_peers=ops.MIN_PEERS)


# ---------------------------------------------------------------------------------------
# Coordinators


@bp.get("/review")
@roles_required("coordinator", "admin")
def queue() -> ResponseReturnValue:
    """Where coordinators land: what waits for review (oldest first) and what expires soon."""
    lang = current_language()
    expiring = ops.expiring_certifications()
    return render_template("certification/queue.html", rows=ops.review_queue_rows(lang), expiring=expiring,
                           expiring_labels={c.id: ops.certification_labels(c, lang) for c in expiring},
                           json_twin=url_for("certification_api.review_queue"))


@bp.get("/review/decisions")
@roles_required("coordinator", "admin")
def decisions() -> ResponseReturnValue:
    """Who decided what, when, on which revision (``?application=<id>``: one application's)."""
    query = parse_query(DecisionsRequest, request.args, form=True)
    return render_template("certification/decisions.html",
                           history=ops.decision_history(current_language(), query.application),
                           json_twin=url_for("certification_api.decision_history", **request.args))


@bp.route("/review/<int:application_id>", methods=["GET", "POST"])
@login_required
def review(application_id: int) -> ResponseReturnValue:
    application = ops.get_application(application_id, current_user())
    if not current_user().is_reviewer:
        abort(403)
    criteria = ops.criteria_of(application.criteria_version)
    form = EmptyForm()
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        _require_fresh(form)
        rubric = {i.key: request.form.get(f"rubric-{i.key}", "") for i in criteria.indicators if i.is_rubric}
        data = {"rubric_scores": {k: v for k, v in rubric.items() if v != ""}, "comment": request.form.get("comment", ""),
                "decision": request.form.get("decision") or None, "tier": request.form.get("tier") or None}
        try:
            saved = ops.record_review(application, current_user(), data)
        except AtlasError as error:  # bad fields, or a decision the application's state refuses
            errors, status = error.messages() or {"": [error.text()]}, error.status
        else:
            flash(_("Decision recorded.") if saved.decision else _("Review saved."), "info")
            if saved.decision:
                return redirect(url_for("certification.queue"))
            return redirect(url_for("certification.review", application_id=application.id))
    return render_template(
        "certification/review.html", application=application, criteria=criteria, form=form, errors=errors,
        view=ops.application_score(application), rubric=ops.latest_rubric_scores(application),
        tiers=ops.certifying_tiers(criteria), steps=_steps(criteria), posted=request.form,
    ), status


# ---------------------------------------------------------------------------------------
# Public


@bp.get("/certified")
def certified() -> ResponseReturnValue:
    """Hubs certified today, with tier and period (no scores: there is no league table)."""
    certifications, lang = ops.current_certifications(), current_language()
    labels = {c.id: ops.certification_labels(c, lang) for c in certifications}
    return render_template("certification/certified.html", certifications=certifications, labels=labels)


@bp.get("/org/<int:org_id>/certification")
def hub_history(org_id: int) -> ResponseReturnValue:
    org = db.session.get(Organization, org_id) or abort(404)
    return render_template("certification/hub.html", org=org, history=ops.certification_history(org.id),
                           today=ops.today())


# ---------------------------------------------------------------------------------------
# Admin


@bp.route("/admin/criteria", methods=["GET", "POST"])
@roles_required("admin")
def criteria_admin() -> ResponseReturnValue:
    form = EmptyForm()
    errors: dict[str, list[str]] = {}
    status = 200
    current = ops.current_criteria_version()
    if request.method == "POST":
        _require_fresh(form)
        upload = request.files.get("file")
        document = upload.read() if upload and upload.filename else request.form.get("document", "")
        try:
            version = ops.publish_criteria(document, current_user())
        except InvalidInput as error:
            errors, status = error.messages(), error.status
        else:
            flash(_("Criteria version %(v)s published.", v=version.version), "info")
            return redirect(url_for("certification.criteria_admin"))
    return render_template("certification/criteria_admin.html", form=form, errors=errors, current=current,
                           versions=ops.all_criteria_versions()), status
