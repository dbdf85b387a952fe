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
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from hubs.core.access import current_user, login_required, roles_required
from hubs.accounts.forms import EmptyForm
from hubs.certification import affiliations, evidence, notices
from hubs.certification import dashboard as board
from hubs.certification import decisions as four_eyes
from hubs.certification import operations as ops
from hubs.certification.charts import radar_svg
from hubs.certification.models import EvidenceFile, HubApplication
from hubs.certification.uploads import read_values
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.organizations.models import Organization
from hubs.core.errors import AtlasError, InvalidInput
from hubs.core.params import parse_query
from hubs.certification.schemas import DecisionsRequest
from hubs.certification.models import MAX_NARRATIVE, MAX_PUBLIC_EVALUATION

bp = Blueprint("certification", __name__)


def _lang_index() -> int:
    return 1 if current_language() == "en" else 0


def _short(name: str) -> str:
    """A viewpoint name without its parenthesised detail, for chart labels."""
    return name.split("（")[0].split("(")[0].strip()


def _steps(criteria) -> list[dict[str, Any]]:
    """The form's steps: one per review viewpoint, with the indicators applicants report and the
    rubric indicators they describe (narrative and evidence)."""
    return [
        {"viewpoint": v, "indicators": [i for i in criteria.indicators if i.viewpoint == v.key and not i.is_rubric],
         "rubric": [i for i in criteria.indicators if i.viewpoint == v.key and i.is_rubric]}
        for v in criteria.viewpoints
    ]


def _step_of(steps: list[dict[str, Any]], indicator: str) -> int:
    """The step (from 1) whose viewpoint holds the rubric ``indicator``; 1 if none does."""
    for number, s in enumerate(steps, start=1):
        if any(i.key == indicator for i in s["rubric"]):
            return number
    return 1


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
    submitted_narratives: dict[str, str] = {}
    if request.method == "POST":
        _require_fresh(form)
        keys = [i.key for i in steps[step - 1]["indicators"]]
        submitted_values = {k: request.form.get(k, "") for k in keys}
        submitted_narratives = {i.key: request.form[f"narrative-{i.key}"] for i in steps[step - 1]["rubric"]
                                if f"narrative-{i.key}" in request.form}
        try:
            ops.update_application(application, current_user(),
                                   {"values": submitted_values, "narratives": submitted_narratives}, merge=True)
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
    return _edit_page(application, step, errors, status, submitted_values, submitted_narratives)


def _edit_page(application: HubApplication, step: int, errors: dict[str, list[str]] | None = None,
               status: int = 200, values: dict[str, str] | None = None, narratives: dict[str, str] | None = None,
               **extra: Any) -> ResponseReturnValue:
    criteria = ops.criteria_of(application.criteria_version)
    revision = application.current_revision
    return render_template(
        "certification/edit.html", application=application, criteria=criteria, steps=_steps(criteria), step=step,
        form=EmptyForm(), errors=errors or {}, values={**revision.values, **(values or {})},
        narratives={**revision.narratives, **(narratives or {})}, max_narrative=MAX_NARRATIVE,
        evidence_limits=evidence.limits(), **extra,
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
        return _edit_page(application, 1, error.messages(), error.status, upload_failed=True)
    flash(_("%(n)s values read from %(name)s and saved in the draft.", n=len(values), name=upload.filename), "info")
    return redirect(url_for("certification.application", application_id=application.id))


def _evidence_posted(application_id: int) -> HubApplication:
    """The owner's application, posted with a valid form that may carry an evidence file
    (up to the evidence cap, above the portal's usual request size)."""
    request.max_content_length = evidence.request_cap()
    try:
        return _owned_posted(application_id)
    except RequestEntityTooLarge:
        # The body stays unread: the error page's forms must not try to read it again.
        request.form = request.files = ImmutableMultiDict()  # type: ignore[misc]
        raise evidence.too_large() from None


@bp.post("/applications/<int:application_id>/evidence")
@login_required
def upload_evidence(application_id: int) -> ResponseReturnValue:
    """Attach an evidence file to a rubric indicator of the draft."""
    application = _evidence_posted(application_id)
    ops.refuse_frozen(application)
    indicator = request.form.get("indicator", "")
    criteria = ops.criteria_of(application.criteria_version)
    step = _step_of(_steps(criteria), indicator)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise InvalidInput.single("file", "required", _l("Choose a file."), status=400)
        added = evidence.add_evidence(application, current_user(), indicator, upload.filename,
                                      upload.stream.read(evidence.max_bytes() + 1))
    except InvalidInput as error:
        messages = {f"evidence-{indicator}" if k == "file" else k: v for k, v in error.messages().items()}
        return _edit_page(application, step, messages, error.status)
    flash(_("%(name)s attached.", name=added.original_name), "info")
    return redirect(url_for("certification.edit_application", application_id=application.id, step=step,
                            _anchor=f"evidence-{indicator}"))


@bp.post("/applications/<int:application_id>/evidence/<int:evidence_id>/delete")
@login_required
def delete_evidence(application_id: int, evidence_id: int) -> ResponseReturnValue:
    application = _owned_posted(application_id)
    criteria = ops.criteria_of(application.criteria_version)
    found = db.session.get(EvidenceFile, evidence_id)
    indicator = found.indicator if found is not None else ""
    name = found.original_name if found is not None else ""
    evidence.remove_evidence(application, current_user(), evidence_id)
    flash(_("%(name)s removed.", name=name), "info")
    return redirect(url_for("certification.edit_application", application_id=application.id,
                            step=_step_of(_steps(criteria), indicator), _anchor=f"evidence-{indicator}"))


@bp.get("/applications/<int:application_id>/evidence/<int:evidence_id>")
@login_required
def evidence_file(application_id: int, evidence_id: int) -> ResponseReturnValue:
    """An evidence file, as an attachment, for its owner and reviewers (404 for anyone else)."""
    return evidence.download(application_id, evidence_id, current_user())


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
    """Start a renewal (継続審査): a new draft for the same hub, prefilled with the certified values.
    A refusal (not certified, expired, already continued, under way) is shown on the application page."""
    application = _owned_posted(application_id)
    if application.status != "certified" or not application.certifications:
        raise ops.StateConflict(application, _("Application %(id)s is not certified.", id=application.id))
    try:
        renewal = ops.create_application(current_user(), {"renewal_of": application.certifications[-1].id})
    except AtlasError as error:
        return _application_page(application, {"renewal": [error.text()]}, error.status)
    flash(_("Renewal started from the certified values. Update them and submit for the continuation review."), "info")
    return redirect(url_for("certification.edit_application", application_id=renewal.id))


def _application_page(application, errors: dict[str, list[str]] | None = None, status: int = 200) -> ResponseReturnValue:
    criteria = ops.criteria_of(application.criteria_version)
    return render_template(
        "certification/application.html", application=application, criteria=criteria, steps=_steps(criteria),
        form=EmptyForm(), errors=errors or {}, trail=ops.audit_trail(application, current_user()),
        score=ops.application_score(application), reviews=four_eyes.visible_reviews(application, current_user()),
        affiliation=affiliations.link_for(application), affiliated_to=affiliations.organization_of(application),
    ), status


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    return _application_page(ops.get_application(application_id, current_user()))


@bp.get("/applications/<int:application_id>/score")
@login_required
def score(application_id: int) -> ResponseReturnValue:
    """The explanation: radar per viewpoint, bars per indicator, minimums, quartile bands, advice."""
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


@bp.get("/applications/<int:application_id>/self-assessment")
@login_required
def self_assessment(application_id: int) -> ResponseReturnValue:
    """The private self-assessment as a clean A4 report (print it, or save it as PDF): score,
    radar, gap to each tier, advice and the standing per indicator. Owner and staff only."""
    application = ops.get_application(application_id, current_user())
    criteria = ops.criteria_of(application.criteria_version)
    report = ops.self_assessment(application, current_language())
    view = ops.application_score(application)
    li = _lang_index()
    chart = radar_svg([(_short((v.name_ja, v.name_en)[li]), v.percent) for v in view.result.viewpoints],
                      title=_("Points per review viewpoint, in percent of the maximum"))
    return render_template("certification/self_assessment.html", application=application, criteria=criteria,
                           report=report, view=view, result=view.result, chart=chart, min_peers=ops.MIN_PEERS,
                           json_twin=url_for("certification_api.self_assessment", application_id=application.id))


# ---------------------------------------------------------------------------------------
# Coordinators


@bp.get("/review")
@roles_required("coordinator", "admin")
def queue() -> ResponseReturnValue:
    """The review queue: what waits for review (oldest first), proposals awaiting the reader's
    confirmation, and what expires soon."""
    lang = current_language()
    expiring = ops.expiring_certifications()
    return render_template("certification/queue.html", rows=board.review_queue_rows(lang), expiring=expiring,
                           expiring_labels={c.id: ops.certification_labels(c, lang) for c in expiring},
                           awaiting=four_eyes.awaiting_confirmation(current_user()),
                           json_twin=url_for("certification_api.review_queue"))


@bp.get("/review/dashboard")
@roles_required("coordinator", "admin")
def dashboard() -> ResponseReturnValue:
    """Where coordinators land: what waits for them, in counts and first rows, each with a link
    to its full list, and certified hubs and open applications by prefecture and track."""
    return render_template("certification/dashboard.html", board=board.dashboard(current_user(), current_language()),
                           json_twin=url_for("certification_api.review_dashboard"))


@bp.get("/review/decisions")
@roles_required("coordinator", "admin")
def decisions() -> ResponseReturnValue:
    """Who decided what, when, on which revision (``?application=<id>``: one application's)."""
    query = parse_query(DecisionsRequest, request.args, form=True)
    return render_template("certification/decisions.html",
                           history=board.decision_history(current_language(), query.application),
                           json_twin=url_for("certification_api.decision_history", **request.args))


def _review_page(application: HubApplication, errors: dict[str, list[str]] | None = None, status: int = 200,
                 posted: Any = None) -> ResponseReturnValue:
    criteria = ops.criteria_of(application.criteria_version)
    return render_template(
        "certification/review.html", application=application, criteria=criteria, form=EmptyForm(),
        errors=errors or {}, view=ops.application_score(application), rubric=ops.latest_rubric_scores(application),
        tiers=four_eyes.certifying_tiers(criteria), steps=_steps(criteria), posted=posted or {},
        proposal=application.pending_proposal, max_evaluation=MAX_PUBLIC_EVALUATION,
        affiliation=affiliations.link_for(application), affiliated_to=affiliations.organization_of(application),
    ), status


def _refused(error: AtlasError, field: str) -> dict[str, list[str]]:
    """A refusal (403, 409) as a message beside the form that caused it."""
    return error.messages() or {field: [error.text()]}


def _reviewable(application_id: int) -> HubApplication:
    application = ops.get_application(application_id, current_user())
    if not current_user().is_reviewer:
        abort(403)
    return application


@bp.route("/review/<int:application_id>", methods=["GET", "POST"])
@login_required
def review(application_id: int) -> ResponseReturnValue:
    """Rubric levels, comment and a proposed decision; a second reviewer confirms it below."""
    application = _reviewable(application_id)
    if request.method == "GET":
        return _review_page(application)
    _require_fresh(EmptyForm())
    criteria = ops.criteria_of(application.criteria_version)
    rubric = {i.key: request.form.get(f"rubric-{i.key}", "") for i in criteria.indicators if i.is_rubric}
    data = {"rubric_scores": {k: v for k, v in rubric.items() if v != ""}, "comment": request.form.get("comment", ""),
            "decision": request.form.get("decision") or None, "tier": request.form.get("tier") or None,
            "public_evaluation": request.form.get("public_evaluation", ""),
            "revision": request.form.get("revision") or None}
    try:
        saved = four_eyes.record_review(application, current_user(), data)
    except AtlasError as error:
        return _review_page(application, _refused(error, "decision"), error.status, request.form)
    flash(_("Decision proposed. A second coordinator or an admin must confirm it.") if saved.decision
          else _("Review saved."), "info")
    return redirect(url_for("certification.review", application_id=application.id))


@bp.post("/review/<int:application_id>/confirm")
@login_required
def confirm_decision(application_id: int) -> ResponseReturnValue:
    application, refused = _proposal_step(application_id, four_eyes.confirm_proposal, "proposal")
    if refused is not None:
        return refused
    flash(_("Decision confirmed: %(status)s.", status=ops._status(application)), "info")
    return redirect(url_for("certification.queue"))


@bp.post("/review/<int:application_id>/send-back")
@login_required
def send_back_decision(application_id: int) -> ResponseReturnValue:
    application, refused = _proposal_step(application_id, four_eyes.send_back_proposal, "note")
    if refused is not None:
        return refused
    flash(_("The proposal was sent back; the application waits for a new proposal."), "info")
    return redirect(url_for("certification.review", application_id=application.id))


def _proposal_step(application_id: int, act: Any, field: str) -> tuple[HubApplication, ResponseReturnValue | None]:
    """Confirm or send back (``act``) the posted proposal; a refusal is the review page with its reason
    beside ``field``."""
    application = _reviewable(application_id)
    _require_fresh(EmptyForm())
    data = {"proposal": request.form.get("proposal"), "note": request.form.get("note", "")}
    try:
        act(application, current_user(), data)
    except AtlasError as error:
        return application, _review_page(application, _refused(error, field), error.status, request.form)
    return application, None


# ---------------------------------------------------------------------------------------
# Affiliations


def _affiliations_page(errors: dict[str, list[str]] | None = None, status: int = 200) -> ResponseReturnValue:
    user = current_user()
    hubs, universities = _hub_choices()
    return render_template(
        "certification/affiliations.html", mine=affiliations.affiliations_of(user),
        suggestions=affiliations.suggestions(user), choices=universities + hubs,
        pending=affiliations.pending() if user.is_reviewer else [], form=EmptyForm(), errors=errors or {},
    ), status


@bp.route("/affiliations", methods=["GET", "POST"])
@login_required
def affiliations_page() -> ResponseReturnValue:
    """Applicants ask to be linked to their university or hub; coordinators confirm the links."""
    if request.method == "POST":
        _require_fresh(EmptyForm())
        try:
            affiliations.request_link(current_user(), request.form.get("organization_id"))
        except AtlasError as error:
            return _affiliations_page(_refused(error, "organization_id"), error.status)
        flash(_("Link requested. A coordinator will confirm it."), "info")
        return redirect(url_for("certification.affiliations_page"))
    return _affiliations_page()


@bp.post("/affiliations/<int:affiliation_id>/<any(confirm, refuse):action>")
@roles_required("coordinator", "admin")
def decide_affiliation(affiliation_id: int, action: str) -> ResponseReturnValue:
    _require_fresh(EmptyForm())
    try:
        affiliations.decide(affiliations.get(affiliation_id), current_user(), action == "confirm")
    except AtlasError as error:
        return _affiliations_page({f"affiliation-{affiliation_id}": [error.text()]}, error.status)
    flash(_("Affiliation confirmed.") if action == "confirm" else _("Affiliation refused."), "info")
    return redirect(url_for("certification.affiliations_page"))


# ---------------------------------------------------------------------------------------
# Notices


@bp.get("/notices")
@login_required
def notice_list() -> ResponseReturnValue:
    """What happened for you: decisions, submissions to review, proposals to confirm, expiries."""
    user = current_user()
    return render_template("certification/notices.html", notices=notices.notices_of(user),
                           unread=notices.unread_count(user), words=notices.words, link=notices.link,
                           form=EmptyForm())


@bp.post("/notices/read")
@login_required
def notices_read() -> ResponseReturnValue:
    _require_fresh(EmptyForm())
    notices.mark_read(current_user())
    return redirect(url_for("certification.notice_list"))


def header_notices() -> list[dict[str, Any]]:
    """The header's link to the notices, with the number unread (hook ``header.items``)."""
    user = current_user()
    if user is None:
        return []
    return [{"url": url_for("certification.notice_list"), "label": _("Notices"), "count": notices.unread_count(user),
             "count_hint": _("unread")}]


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
