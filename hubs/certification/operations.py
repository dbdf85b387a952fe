"""The certification process: every change of state happens here, once, for pages and API.

Each operation validates everything first, then writes, audits and commits once; on bad
input it raises :class:`~hubs.core.errors.InvalidInput` having written nothing, and on a
request that does not fit the application's state it raises :class:`StateConflict`.
Scoring itself is the pure engine in :mod:`hubs.certification.scoring`.
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, UTC
from pathlib import Path
from typing import Any

from babel.lists import format_list
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hubs.accounts.models import User
from hubs.certification.models import (
    MAX_NARRATIVE, STATUSES, ApplicationRevision, AuditLog, Certification, CriteriaVersion, EvidenceFile,
    HubApplication, Review
)
from hubs.certification import affiliations, notices, wording
from hubs.certification.periods import REMINDER_MONTHS, add_months, certification_period
from hubs.core.extensions import db, utcnow
from hubs.organizations.models import Organization, Prefecture
from hubs.certification.scoring import (
    MIN_PEERS, Criteria, CriteriaError, IndicatorBand, ScoreResult, indicator_bands, load_criteria,
    quartile_band, score_application, validate_values
)
from hubs.core.config import SEED_DIR
from hubs.core.i18n import current_language
from hubs.core.errors import AtlasError, Conflict, FieldError, InvalidInput, NotFound

SEED_CRITERIA = SEED_DIR / "criteria" / "v1.json"
SAMPLES = SEED_DIR / "sample_applications.json"
MAX_NAME = 200
MAX_COMMENT = 5000
SAMPLE_OWNER = "samples@atlas.invalid"

_loaded: dict[str, Criteria] = {}


class StateConflict(Conflict):
    """The request does not fit the application's state (e.g. editing after submission)."""

    def __init__(self, application: HubApplication, message: Any) -> None:
        super().__init__(message, id=application.id, status_now=application.status)


def _status(application: HubApplication) -> str:
    return str(STATUSES[application.status])


def today() -> date:
    return datetime.now(UTC).astimezone().date()


def audit(actor: User | None, action: str, obj: Any, **detail: Any) -> None:
    """Record a state change; committed with the operation that made it."""
    db.session.add(AuditLog(
        actor_id=actor.id if actor else None, action=action, object_type=type(obj).__name__,
        object_id=obj.id, detail_json=json.dumps(detail, ensure_ascii=False, default=str),
    ))


def record_admin_action(actor: User | None, action: str, object_type: str, object_id: int | None = None,
                        **detail: Any) -> None:
    """Put an admin action done outside certification (an import, a staff change, a backbone
    import) into the same audit log, and commit it; ``actor`` is ``None`` for the CLI."""
    db.session.add(AuditLog(
        actor_id=actor.id if actor else None, action=action, object_type=object_type, object_id=object_id,
        detail_json=json.dumps(detail, ensure_ascii=False, default=str),
    ))
    db.session.commit()


# ---------------------------------------------------------------------------------------
# Criteria versions


def criteria_of(version: CriteriaVersion) -> Criteria:
    """The parsed criteria of a stored version (parsed once per process, keyed by digest)."""
    if version.digest not in _loaded:
        _loaded[version.digest] = load_criteria(version.data)
    return _loaded[version.digest]


def current_criteria_version() -> CriteriaVersion:
    """The newest published criteria; the shipped file is published first if there is none."""
    version = db.session.scalar(select(CriteriaVersion).order_by(CriteriaVersion.id.desc()).limit(1))
    if version is None:
        version = publish_criteria(json.loads(SEED_CRITERIA.read_text(encoding="utf-8")), None)
    return version


def all_criteria_versions() -> list[CriteriaVersion]:
    return list(db.session.scalars(select(CriteriaVersion).order_by(CriteriaVersion.id.desc())))


def publish_criteria(document: Any, actor: User | None) -> CriteriaVersion:
    """Publish a new criteria document (a mapping or JSON text); it becomes current."""
    if isinstance(document, str | bytes):
        try:
            document = json.loads(document)
        except ValueError as error:
            raise InvalidInput.single("document", "not_json", _l("Not valid JSON: %(error)s", error=str(error))) from None
    if not isinstance(document, Mapping):
        raise InvalidInput.single("document", "not_object", _l("Expected a JSON object."))
    try:
        criteria = load_criteria(document)
    except CriteriaError as error:
        raise InvalidInput(errors=wording.criteria_problems(error)) from None
    if db.session.scalar(select(CriteriaVersion).where(CriteriaVersion.version == criteria.version)):
        raise InvalidInput.single("document", "version_exists",
                                  _l("Version %(version)s is already published.", version=criteria.version), status=409)
    version = CriteriaVersion(
        version=criteria.version, digest=criteria.digest, published_by_id=actor.id if actor else None,
        document=json.dumps(dict(document), ensure_ascii=False),
    )
    db.session.add(version)
    db.session.flush()
    audit(actor, "criteria_published", version, version=criteria.version, digest=criteria.digest)
    db.session.commit()
    return version


# ---------------------------------------------------------------------------------------
# Reading values


def _engine_errors(errors: Mapping[str, list]) -> list[FieldError]:
    return wording.field_errors(errors)


def _number(value: Any) -> int | float | None:
    """A validated value as a JSON number (the engine has already accepted its form)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = float(value.strip().replace(",", ""))
    number = float(value)
    return int(number) if number.is_integer() else number


#: What a draft may still be: incomplete, or inconsistent between related values (more SME
#: partners than partner companies); submission requires neither.
DRAFT_TOLERATES = ("required", "exceeds_related")


def clean_values(criteria: Criteria, track: str, values: Any, *, complete: bool) -> dict[str, int | float]:
    """Validated values as numbers; drafts (``complete=False``) may be incomplete or inconsistent."""
    errors = _engine_errors(validate_values(criteria, track, values))
    if not complete:
        errors = [e for e in errors if e.code not in DRAFT_TOLERATES]
    if errors:
        raise InvalidInput(errors=errors)
    return {str(k): n for k, v in values.items() if (n := _number(v)) is not None}


def _read_hub(data: Mapping[str, Any], errors: list[FieldError]) -> dict[str, Any]:
    """``hub_id`` of an existing hub, or ``hub: {name_ja, name_en, university_id, prefecture_code}``."""
    def bad(field: str, code: str, message: Any) -> None:
        errors.append(FieldError(field, code, message))

    if data.get("hub_id") not in (None, ""):
        try:
            hub_id = int(data["hub_id"])
        except (TypeError, ValueError):
            bad("hub_id", "wrong_type", _l("hub_id must be a whole number."))
            return {}
        org = db.session.get(Organization, hub_id)
        if org is None or org.kind != "hub":
            raise NotFound(_l("There is no hub with this id."))
        return {"organization_id": org.id, "prefecture_code": org.prefecture_code}
    hub = data.get("hub")
    if not isinstance(hub, Mapping):
        bad("hub", "required", _l("Give hub_id or a hub object."))
        return {}
    out: dict[str, Any] = {}
    for name in ("name_ja", "name_en"):
        text = hub.get(name, "")
        if not isinstance(text, str):
            bad(f"hub.{name}", "wrong_type", _l("Must be text."))
            continue
        text = text.strip()
        if len(text) > MAX_NAME:
            bad(f"hub.{name}", "too_long", _l("Must be at most %(limit)s characters.", limit=MAX_NAME))
        out[f"hub_{name}"] = text
    if "hub_name_ja" in out and not out["hub_name_ja"]:
        bad("hub.name_ja", "required", _l("The hub's Japanese name is required."))
    university_id = hub.get("university_id")
    if university_id not in (None, ""):
        try:
            university = db.session.get(Organization, int(university_id))
        except (TypeError, ValueError):
            university = None
        if university is None or university.kind != "university":
            raise NotFound(_l("There is no university with this id."))
        else:
            out["university_id"] = university.id
            out["prefecture_code"] = university.prefecture_code
    if "prefecture_code" not in out:
        code = str(hub.get("prefecture_code") or "").strip().zfill(2)
        if code == "00" or db.session.get(Prefecture, code) is None:
            bad("hub.prefecture_code", "required", _l("Give the university or the prefecture (01-47)."))
        else:
            out["prefecture_code"] = code
    return out


def _track_error(criteria: Criteria, track: Any) -> list[FieldError]:
    if isinstance(track, str) and track in criteria.tracks:
        return []
    return _engine_errors({"track": validate_values(criteria, track if isinstance(track, str) else "", {}).get("track", [])})


# ---------------------------------------------------------------------------------------
# Applications


def may_read(owner_id: int, user: User) -> bool:
    """Whether ``user`` may see an application of ``owner_id``: its owner, and reviewers."""
    return user.is_reviewer or owner_id == user.id


def get_application(application_id: int, user: User) -> HubApplication:
    """The application if ``user`` may see it (:func:`may_read`); otherwise 404, never 403, so
    that applicants cannot even learn that someone else's application exists."""
    application = db.session.get(HubApplication, application_id)
    if application is None or not may_read(application.owner_id, user):
        raise NotFound(_l("No application %(id)s.", id=application_id))
    return application


def applications_of(user: User) -> list[HubApplication]:
    return list(db.session.scalars(
        select(HubApplication).where(HubApplication.owner_id == user.id).order_by(HubApplication.id.desc())
    ))


def review_queue(limit: int | None = None) -> list[HubApplication]:
    """Applications waiting for review, oldest submission first (at most ``limit``)."""
    return list(db.session.scalars(
        select(HubApplication).where(HubApplication.status == "submitted")
        .order_by(HubApplication.submitted_at, HubApplication.id).limit(limit)
    ))


def review_queue_size() -> int:
    """How many applications wait for review."""
    return db.session.scalar(select(func.count()).select_from(HubApplication)
                             .where(HubApplication.status == "submitted")) or 0


def create_application(user: User, data: Mapping[str, Any]) -> HubApplication:
    """A new draft application with its first revision.

    With ``renewal_of`` (a certification id) it is a renewal (継続審査) of that certification's
    hub: the hub is the certified one, and the values, unless given, are those of the revision
    that was certified. See :func:`renewable_certification` for who may renew what.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput.single("body", "not_object", _l("Send a JSON object."), 400)
    version = current_criteria_version()
    criteria = criteria_of(version)
    renewal_of = None
    if data.get("renewal_of") not in (None, ""):
        renewal_of = renewable_certification(user, data["renewal_of"])
        data = {**_renewal_defaults(renewal_of), **{k: v for k, v in data.items() if k not in ("hub_id", "hub")}}
    track = data.get("track")
    errors = _track_error(criteria, track)
    hub = _read_hub(data, errors)
    values: dict[str, Any] = {}
    if not errors:
        try:
            values = clean_values(criteria, track, data.get("values") or {}, complete=False)
        except InvalidInput as error:
            errors.extend(error.errors)
    if errors:
        raise InvalidInput(errors=errors)
    # Linked to the hub (or the new hub's university): asked for now if need be, refused stays refused.
    affiliations.require_applicable(user, hub.get("organization_id") or hub.get("university_id"))
    application = HubApplication(owner_id=user.id, criteria_version_id=version.id, track=track,
                                 renewal_of_id=renewal_of.id if renewal_of else None, **hub)
    application.revisions.append(ApplicationRevision(number=1, values_json=json.dumps(values), created_by_id=user.id))
    db.session.add(application)
    db.session.flush()
    audit(user, "application_created", application, track=track, renewal_of=application.renewal_of_id)
    db.session.commit()
    notices.deliver()
    return application


#: Applications of a renewal still under way (a rejected one leaves the way open for another).
OPEN_STATUSES = ("draft", "submitted", "returned")


def certified_revision(cert: Certification) -> ApplicationRevision:
    """The revision a certification was granted on (else its application's last submitted one)."""
    revision = db.session.get(ApplicationRevision, cert.revision_id) if cert.revision_id else None
    if revision is None:
        revision = next((r for r in reversed(cert.application.revisions) if r.frozen), cert.application.current_revision)
    return revision


def _renewal_defaults(cert: Certification) -> dict[str, Any]:
    """A renewal's starting point: the certified hub and track, and the certified revision's values."""
    application = cert.application
    # Only what today's criteria still ask for (a renewal is judged by the current version).
    asked = {i.key for i in criteria_of(current_criteria_version()).indicators if not i.is_rubric}
    values = {k: v for k, v in certified_revision(cert).values.items() if k in asked}
    out: dict[str, Any] = {"track": cert.track, "values": values}
    if cert.organization_id:
        out["hub_id"] = cert.organization_id
    else:
        out["hub"] = {"name_ja": application.hub_name_ja, "name_en": application.hub_name_en,
                      "university_id": application.university_id, "prefecture_code": application.prefecture_code}
    return out


def renewable_certification(user: User, cert_id: Any) -> Certification:
    """The certification ``user`` may renew now, or the reason why not (changes nothing).

    A renewal continues a certification that is still valid (today, or later for a
    continuation not yet begun) and is the hub's latest: an expired one is applied for afresh,
    one already continued is not continued twice, and one renewal at a time may be under way.
    Only the holder of the certification, or someone whose link to the hub a coordinator has
    confirmed, may renew it (403 ``not_affiliated``).
    """
    try:
        cert = db.session.get(Certification, int(cert_id))
    except (TypeError, ValueError):
        cert = None
    if cert is None or cert.sample:
        raise NotFound(_l("No certification %(id)s.", id=cert_id))
    organization = cert.organization
    name = (organization.name_ja if organization else cert.application.hub_name("ja"))
    if cert.application.owner_id != user.id and not affiliations.confirmed_with(user, organization):
        raise AtlasError(_l("You are not affiliated with %(name)s, so you cannot renew its certification.",
                            name=name), status=403, code="not_affiliated")
    later = db.session.scalar(select(Certification).where(
        Certification.id != cert.id, Certification.valid_to > cert.valid_to,
        (Certification.renewal_of_id == cert.id) | ((Certification.organization_id == cert.organization_id)
                                                     & Certification.organization_id.is_not(None))).limit(1))
    if later is not None:
        raise Conflict(_l("The certification of %(name)s has already been continued until %(date)s.",
                          name=name, date=later.valid_to.isoformat()), code="already_renewed")
    day = today()
    if cert.valid_to < day:
        raise Conflict(_l("The certification of %(name)s ended on %(date)s; an expired certification cannot be "
                          "continued, apply for a new one instead.", name=name, date=cert.valid_to.isoformat()),
                       code="not_renewable")
    under_way = db.session.scalar(select(HubApplication.id).where(
        HubApplication.renewal_of_id == cert.id, HubApplication.status.in_(OPEN_STATUSES)).limit(1))
    if under_way is not None:
        raise Conflict(_l("A renewal of %(name)s is already under way (application #%(id)s).",
                          name=name, id=under_way), code="renewal_under_way", application_id=under_way)
    return cert


def _draft_revision(application: HubApplication, user: User) -> ApplicationRevision:
    revision = application.current_revision
    if revision.frozen:
        # Never touch a submitted revision: a change starts the next one, carrying its values,
        # narratives and evidence (the rows are copied; the stored files are shared).
        frozen = revision
        revision = ApplicationRevision(number=frozen.number + 1, values_json=frozen.values_json,
                                       narratives_json=frozen.narratives_json, created_by_id=user.id)
        for item in frozen.evidence:
            revision.evidence.append(EvidenceFile(
                indicator=item.indicator, original_name=item.original_name, sha256=item.sha256,
                content_type=item.content_type, size=item.size, uploaded_by_id=item.uploaded_by_id,
                created_at=item.created_at))
        application.revisions.append(revision)
    return revision


def refuse_frozen(application: HubApplication) -> None:
    """409 unless the application is a draft (or returned): a submitted revision's narratives
    and evidence stay as submitted."""
    if not application.editable:
        raise StateConflict(application, _l(
            "Application %(id)s is %(status)s: its narratives and evidence are frozen with the submitted "
            "revision.", id=application.id, status=_status(application)))


def rubric_keys(criteria: Criteria) -> list[str]:
    """The rubric indicators: the ones applicants describe in a narrative and support with evidence."""
    return [i.key for i in criteria.indicators if i.is_rubric]


def clean_narratives(criteria: Criteria, given: Any) -> dict[str, str]:
    """Narratives by rubric indicator key, each at most :data:`MAX_NARRATIVE` characters
    (a line break counts one); an empty text removes the narrative."""
    if not isinstance(given, Mapping):
        raise InvalidInput.single("narratives", "wrong_type",
                                  _l("Narratives must be an object of rubric indicator keys and texts."))
    keys = set(rubric_keys(criteria))
    errors: list[FieldError] = []
    out: dict[str, str] = {}
    for key, text in given.items():
        field_name = f"narrative-{key}"
        if key not in keys:
            errors.append(FieldError(field_name, "unknown", _l("%(key)s is not a rubric indicator of these criteria.",
                                                               key=str(key)[:80])))
            continue
        if not isinstance(text, str):
            errors.append(FieldError(field_name, "wrong_type", _l("Must be text.")))
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
        if len(text) > MAX_NARRATIVE:
            errors.append(FieldError(field_name, "too_long", _l(
                "Must be at most %(limit)s characters (now %(n)s).", limit=f"{MAX_NARRATIVE:,}", n=f"{len(text):,}")))
            continue
        out[str(key)] = text
    if errors:
        raise InvalidInput(errors=errors)
    return out


def update_application(application: HubApplication, user: User, data: Mapping[str, Any], *, merge: bool = False) -> HubApplication:
    """Change a draft's track and/or values (``merge`` keeps values not given, for the step form)."""
    if not application.editable:
        raise StateConflict(application, _l("Application %(id)s is %(status)s; only drafts can change.",
                                            id=application.id, status=_status(application)))
    if not isinstance(data, Mapping):
        raise InvalidInput.single("body", "not_object", _l("Send a JSON object."), 400)
    criteria = criteria_of(application.criteria_version)
    track = data.get("track", application.track)
    errors = _track_error(criteria, track)
    if errors:
        raise InvalidInput(errors=errors)
    given = data.get("values", {})
    if not isinstance(given, Mapping):
        raise InvalidInput.single("values", "wrong_type", _l("Application values must be an object of indicator keys and numbers."))
    raw = {**application.current_revision.values, **given} if merge else dict(given)
    values = clean_values(criteria, track, raw, complete=False)
    # Narratives given are set (an empty one is removed); the others stay.
    narratives = clean_narratives(criteria, data["narratives"]) if "narratives" in data else {}
    revision = _draft_revision(application, user)
    revision.values_json = json.dumps(values)
    if narratives:
        merged = {**revision.narratives, **narratives}
        revision.narratives_json = json.dumps({k: v for k, v in merged.items() if v}, ensure_ascii=False)
    application.track = track
    application.updated_at = utcnow()
    audit(user, "draft_saved", application, revision=revision.number, fields=sorted(given),
          **({"narratives": sorted(narratives)} if narratives else {}))
    db.session.commit()
    return application


def submit_application(application: HubApplication, user: User) -> HubApplication:
    """Freeze the current revision and put the application in the coordinators' queue."""
    if not application.editable:
        raise StateConflict(application, _l("Application %(id)s is already %(status)s.",
                                            id=application.id, status=_status(application)))
    criteria = criteria_of(application.criteria_version)
    clean_values(criteria, application.track, application.current_revision.values, complete=True)
    revision = _draft_revision(application, user)
    revision.submitted_at = application.submitted_at = utcnow()
    application.status = "submitted"
    audit(user, "submitted", application, revision=revision.number)
    notices.notify(notices.reviewers(excluding=(application.owner_id,)), "submitted", application,
                   revision=revision.number)
    db.session.commit()
    notices.deliver()
    return application


# ---------------------------------------------------------------------------------------
# Scores


#: Quartile bands, best first (1 = top quarter).
BANDS = {1: _l("top quarter"), 2: _l("second quarter"), 3: _l("third quarter"), 4: _l("bottom quarter")}


@dataclass
class ScoreView:
    """A score with what it was computed from, for the score page and its JSON twin.

    (:data:`MIN_PEERS`, from the engine: fewest certified peers of the track for any standing.)

    Peers' standing is a quartile ``band`` among the certified hubs of the same track, shown
    only for a submitted (frozen) revision and only with at least :data:`MIN_PEERS` of them:
    a draft, however its values are swept, never learns anything about other hubs' scores.
    ``band_withheld`` says why there is none (``draft`` or ``too_few_peers``). ``benchmarks``
    does the same per reported indicator: the band of the hub's value among the values the
    certified peers were certified with, never a peer's value nor an exact percentile.
    """

    result: ScoreResult
    missing: list[str]
    revision: int
    band: int | None
    peers: int | None
    band_withheld: str | None = None
    problems: list[FieldError] = field(default_factory=list)
    benchmarks: list[IndicatorBand] = field(default_factory=list)

    @property
    def band_label(self) -> str | None:
        return str(BANDS[self.band]) if self.band else None

    def benchmark_of(self, key: str) -> IndicatorBand | None:
        return next((b for b in self.benchmarks if b.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {**wording.score_dict(self.result), "missing_values": self.missing, "revision": self.revision,
                "band": self.band, "band_label": self.band_label, "peers": self.peers,
                "band_withheld": self.band_withheld, "problems": [p.to_dict() for p in self.problems],
                "benchmarks": {
                    "min_peers": MIN_PEERS, "withheld": self.band_withheld if self.band_withheld == "draft" else None,
                    "indicators": [{"key": b.key, "band": b.band, "band_label": str(BANDS[b.band]) if b.band else None,
                                    "peers": b.peers, "withheld": b.withheld} for b in self.benchmarks]}}


def latest_rubric_scores(application: HubApplication) -> dict[str, int]:
    for review in reversed(application.reviews):
        if review.rubric_scores:
            return review.rubric_scores
    return {}


def _filled_values(criteria: Criteria, track: str, values: Any) -> tuple[dict[str, Any], list[str], list[FieldError]]:
    """A draft's values as scored: an unreported required value counts as 0 (listed as missing);
    a value inconsistent with a related one is left out (0) and listed as a problem."""
    clean = clean_values(criteria, track, values, complete=False)
    missing = [i.key for i in criteria.indicators if i.required and not i.is_rubric and i.key not in clean]
    filled: dict[str, Any] = {**clean, **dict.fromkeys(missing, 0)}
    # Checked on the filled values: a missing ceiling counts as 0 too.
    problems = [e for e in _engine_errors(validate_values(criteria, track, filled)) if e.code == "exceeds_related"]
    for problem in problems:
        filled[problem.field] = 0  # left out of the score (0 never exceeds its ceiling)
    return filled, missing, problems


def preview_score(criteria: Criteria, track: str, values: Any, rubric_scores: Mapping[str, Any] | None = None
                  ) -> tuple[ScoreResult, list[str], list[FieldError]]:
    """Score a draft's values as they stand: an unreported required value counts as 0 and is
    listed as missing; a value inconsistent with a related one is left out and listed as a problem."""
    filled, missing, problems = _filled_values(criteria, track, values)
    return score_application(criteria, track, filled, rubric_scores or None), missing, problems


def application_score(application: HubApplication) -> ScoreView:
    criteria = criteria_of(application.criteria_version)
    result, missing, problems = preview_score(criteria, application.track, application.current_revision.values,
                                    latest_rubric_scores(application))
    number = application.current_revision.number
    if not application.current_revision.frozen:
        return ScoreView(result, missing, number, None, None, "draft", problems)
    peers = peer_certifications(application)
    keys = [i.key for i in criteria.indicators if not i.is_rubric]
    benchmarks = indicator_bands(keys, application.current_revision.values, _certified_values(peers))
    band = quartile_band(result.percent, [c.percent for c in peers])
    if band is None:
        return ScoreView(result, missing, number, None, None, "too_few_peers", problems, benchmarks)
    return ScoreView(result, missing, number, band, len(peers), problems=problems, benchmarks=benchmarks)


def peer_certifications(application: HubApplication) -> list[Certification]:
    """The other currently certified real hubs of the same track and criteria version.

    Only their numbers are used (for quartile bands); no other hub's score or value is ever shown.
    """
    day = today()
    rows = db.session.scalars(select(Certification).where(
        Certification.track == application.track, Certification.sample.is_(False),
        Certification.criteria_version == application.criteria_version.version,
        Certification.valid_from <= day, Certification.valid_to >= day,
        Certification.application_id != application.id,
    ))
    return [c for c in rows if application.organization_id is None or c.organization_id != application.organization_id]


def _certified_values(certifications: list[Certification]) -> list[dict[str, Any]]:
    """The values each certification was granted on (its certified revision)."""
    ids = [c.revision_id for c in certifications if c.revision_id is not None]
    if not ids:
        return []
    return [r.values for r in db.session.scalars(select(ApplicationRevision).where(ApplicationRevision.id.in_(ids)))]


def self_assessment(application: HubApplication, lang: str) -> dict[str, Any]:
    """The private self-assessment (the printable A4 report and its JSON twin): the score as on
    the score page, and for each tier a hub can be certified at whether it is reached, the
    weighted points still missing and what else stands in the way. Only the owner and staff
    get here (:func:`get_application`)."""
    criteria = criteria_of(application.criteria_version)
    view = application_score(application)
    filled, _missing, _problems = _filled_values(criteria, application.track, application.current_revision.values)
    rubric = latest_rubric_scores(application) or None
    labels = track_and_tier_names(criteria, lang)
    reached_rank = [t.key for t in criteria.tiers].index(view.result.tier)
    tiers = []
    for rank, tier in enumerate(criteria.tiers[:-1]):
        towards = score_application(criteria, application.track, filled, rubric, target_tier=tier.key)
        reached = reached_rank <= rank
        tiers.append({"tier": tier.key, "tier_label": labels.get(tier.key, tier.key),
                      "min_percent": float(tier.min_percent), "reached": reached,
                      "gap_points": 0.0 if reached else towards.gap_points,
                      "blockers": [] if reached else [wording.text(b.message) for b in towards.blockers]})
    return {"application_id": application.id, "hub_name": application.hub_name(lang), "sample": application.sample,
            "track": application.track, "track_label": labels.get(application.track, application.track),
            "status": application.status, "revision": view.revision, "draft": not application.current_revision.frozen,
            "criteria_version": criteria.version, "generated_on": today().isoformat(),
            "score": view.to_dict(), "tiers": tiers}


# ---------------------------------------------------------------------------------------
# Publicity and reminders

#: Decisions named for people (the audit log and the API keep the keys).
DECISION_LABELS: dict[str, Any] = {"certify": _l("Certified"), "return": _l("Returned for changes"),
                                   "reject": _l("Rejected")}


def current_certifications(day: date | None = None) -> list[Certification]:
    day = day or today()
    return list(db.session.scalars(select(Certification).where(
        Certification.valid_from <= day, Certification.valid_to >= day).order_by(Certification.valid_to)))


def certification_version() -> tuple:
    """Changes whenever the set of certified hubs may have: a certification added, or a day passed."""
    count, highest = db.session.execute(select(func.count(Certification.id), func.max(Certification.id))).one()
    return (count, highest, today().isoformat())


#: A certification's result: 認定 (a first certification) or 継続 (a renewal's continuation).
RESULTS: dict[str, Any] = {"certified": _l("Certified"), "continued": _l("Continued")}


def certification_result(cert: Certification) -> str:
    """``continued`` for a renewal's certification (継続), else ``certified`` (認定)."""
    return "continued" if cert.renewal_of_id is not None else "certified"


def result_label(cert: Certification) -> str:
    return str(RESULTS[certification_result(cert)])


def decision_label(decision: str, application: HubApplication) -> str:
    """A decision named for people; certifying a renewal is 継続 (continued)."""
    if decision == "certify" and application.renewal_of_id is not None:
        return str(RESULTS["continued"])
    return str(DECISION_LABELS.get(decision, decision))


def track_and_tier_names(criteria: Criteria, lang: str) -> dict[str, str]:
    """``{key: name}`` of the tracks and tiers of ``criteria`` in ``lang``."""
    index = 1 if lang == "en" else 0
    tracks = criteria.tracks.values() if isinstance(criteria.tracks, dict) else criteria.tracks
    return {t.key: (t.name_ja, t.name_en)[index] for t in (*tracks, *criteria.tiers)}


def certification_labels(cert: Certification, lang: str) -> dict[str, str]:
    """The certification's track and tier named as its criteria name them, in ``lang``."""
    criteria = criteria_of(cert.application.criteria_version)
    tracks = criteria.tracks.values() if isinstance(criteria.tracks, dict) else criteria.tracks
    names = {t.key: (t.name_ja, t.name_en) for t in (*tracks, *criteria.tiers)}
    track = names.get(cert.track, (cert.track, cert.track))
    tier = names.get(cert.tier, (cert.tier, cert.tier))
    index = 1 if lang == "en" else 0
    return {"track_label": track[index], "tier_label": tier[index]}


def tier_names(criteria: Criteria, keys: Iterable[str]) -> LazyString:
    """The tiers ``keys`` by name, as a list in the reader's language (ゴールド、シルバー、ブロンズ)."""
    pairs = [(criteria.tier(key).name_ja, criteria.tier(key).name_en) for key in keys]

    def render() -> str:
        english = current_language() == "en"
        return format_list([en if english else ja for ja, en in pairs], locale="en" if english else "ja")

    return LazyString(render)


def criteria_label(key: str, version: CriteriaVersion | None = None, lang: str | None = None) -> str:
    """A track's or tier's name (``regional`` → 地域貢献型, ``silver`` → シルバー) as the criteria
    ``version`` (default: the current one) name it, in ``lang`` (default: the reader's)."""
    criteria = criteria_of(version or current_criteria_version())
    tracks = criteria.tracks.values() if isinstance(criteria.tracks, dict) else criteria.tracks
    names = {t.key: (t.name_ja, t.name_en) for t in (*tracks, *criteria.tiers)}
    pair = names.get(key, (key, key))
    return pair[1] if (lang or current_language()) == "en" else pair[0]


def certification_tiers() -> dict[int, str]:
    """``{organization id: tier}`` of hubs certified today (for the map)."""
    return {c.organization_id: c.tier for c in current_certifications() if c.organization_id is not None}


def certification_history(organization_id: int) -> list[Certification]:
    return list(db.session.scalars(select(Certification).where(
        Certification.organization_id == organization_id).order_by(Certification.valid_from.desc())))


def expiring_certifications(day: date | None = None, months: int = REMINDER_MONTHS) -> list[Certification]:
    """Current certifications ending within ``months`` that no renewal has replaced yet."""
    day = day or today()
    renewed = select(Certification.renewal_of_id).where(Certification.renewal_of_id.is_not(None))
    return list(db.session.scalars(select(Certification).where(
        Certification.valid_to >= day, Certification.valid_to <= add_months(day, months),
        Certification.id.not_in(renewed)).order_by(Certification.valid_to)))


#: Steps among reviewers that the applicant's history leaves out (only decisions that took effect show).
REVIEWERS_ONLY = ("decision_proposed", "decision_sent_back")


def audit_trail(application: HubApplication, user: User | None = None) -> list[AuditLog]:
    """The application's history; for anyone but a reviewer (``user`` given) without the
    proposals and send-backs among reviewers."""
    rows = list(db.session.scalars(select(AuditLog).where(
        AuditLog.object_type == "HubApplication", AuditLog.object_id == application.id).order_by(AuditLog.id)))
    if user is not None and not (user.is_reviewer and application.owner_id != user.id):
        rows = [r for r in rows if r.action not in REVIEWERS_ONLY]
    return rows


# ---------------------------------------------------------------------------------------
# Samples


def load_samples(path: Path = SAMPLES) -> int:
    """Load the shipped fictional sample hubs (marked ``sample``) once; returns how many."""
    if db.session.scalar(select(func.count()).select_from(HubApplication).where(HubApplication.sample.is_(True))):
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    version = current_criteria_version()
    if data.get("criteria_version") != version.version:
        return 0
    owner = db.session.scalar(select(User).where(User.email == SAMPLE_OWNER))
    if owner is None:
        owner = User(email=SAMPLE_OWNER, role="applicant", active=False)
        owner.set_password(secrets.token_urlsafe(32))  # nobody can log in as the samples
        db.session.add(owner)
        db.session.flush()
    criteria = criteria_of(version)
    for item in data["applications"]:
        result = score_application(criteria, item["track"], item["values"], item.get("rubric_scores"))
        application = HubApplication(
            owner_id=owner.id, criteria_version_id=version.id, track=item["track"], status="certified",
            hub_name_ja=item["name_ja"], hub_name_en=item["name_en"], sample=True,
            submitted_at=utcnow(),
        )
        application.revisions.append(ApplicationRevision(number=1, values_json=json.dumps(item["values"]),
                                                         submitted_at=utcnow()))
        db.session.add(application)
        db.session.flush()
        db.session.add(Review(application_id=application.id, revision_id=application.revisions[0].id,
                              rubric_scores_json=json.dumps(item.get("rubric_scores") or {}),
                              comment="Sample data (fictional hub).", decision="certify", tier=result.tier,
                              proposal_state="confirmed"))
        start = date(int(item.get("fiscal_year", today().year)), 4, 1)
        valid_from, valid_to = certification_period(start)
        cert = Certification(application_id=application.id, track=item["track"], tier=result.tier,
                             percent=result.percent, criteria_version=version.version, valid_from=valid_from,
                             valid_to=valid_to, sample=True)
        db.session.add(cert)
        audit(None, "sample_loaded", application, key=item.get("key"))
    db.session.commit()
    return len(data["applications"])


def tier_properties(organization_ids: list[int]) -> dict[int, dict[str, str | None]]:
    """``certification_tier`` of each organisation (``None`` unless certified today) and its name in
    the reader's language, for the map."""
    lang = current_language()
    current = {c.organization_id: c for c in current_certifications() if c.organization_id is not None}
    out: dict[int, dict[str, str | None]] = {}
    for org_id in organization_ids:
        cert = current.get(org_id)
        out[org_id] = {"certification_tier": cert.tier if cert else None,
                       "certification_tier_label": certification_labels(cert, lang)["tier_label"] if cert else None}
    return out
