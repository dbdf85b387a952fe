"""The certification API's contract, declared once (pydantic): what each endpoint takes and
answers. The operations (:mod:`.operations`) still check what only the database knows (the
hub exists, the track belongs to the criteria version, the state allows the change).
"""
from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator, PlainValidator, WithJsonSchema, create_model

from hubs.certification.models import DECISIONS, MAX_NARRATIVE, MAX_PUBLIC_EVALUATION, PROPOSAL_STATES, STATUSES
from hubs.certification import scoring
from hubs.certification.scoring.criteria import INTEGRAL_TYPES
from hubs.core.config import SEED_DIR
from hubs.core.params import BodyModel, CsvEncoding, PageQuery, QueryModel, custom_error
from hubs.core.routing import MAX_ID
from hubs.organizations.queries import PrefectureCode

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: A value as typed: a number, or text such as "1,200" or "１２" that the engine reads.
def _value(value: Any) -> Any:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and len(value) <= 40:
        return value
    raise custom_error("wrong_type", "A number, or a number written as text (at most 40 characters).")


Value = Annotated[Any, PlainValidator(_value), WithJsonSchema(
    {"anyOf": [{"type": "number"}, {"type": "string", "maxLength": 40}, {"type": "null"}]})]
Values = Annotated[dict[Annotated[str, Field(max_length=80)], Value], Field(max_length=200)]
Status = Literal[tuple(STATUSES)]  # type: ignore[valid-type]


# ------------------------------------------------------------------------- requests


def _shipped_criteria() -> scoring.Criteria:
    return scoring.load_criteria(json.loads((SEED_DIR / "criteria" / "v1.json").read_text(encoding="utf-8")))


def _whole(value: Any) -> Any:
    # JSON Schema's "integer" is any number without a fraction (3.0 included), never a boolean.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise custom_error("not_integer", "Must be a whole number.")


def _number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise custom_error("wrong_type", "Must be a number.")


def _values_model(name: str, criteria: scoring.Criteria) -> type[BaseModel]:
    """Indicator values as the API takes them: numbers within each indicator's published range
    (a whole number where the indicator counts). Text such as "1,200" is for forms and files."""
    fields: dict[str, Any] = {}
    for indicator in criteria.indicators:
        if indicator.is_rubric:
            continue
        low, high = (int(v) if v == int(v) else float(v) for v in (indicator.min, indicator.max))
        # Bounds before the validator, so that the JSON Schema says minimum and maximum.
        number = (Annotated[int, Field(ge=low, le=high), BeforeValidator(_whole)] if indicator.type in INTEGRAL_TYPES
                  else Annotated[float, Field(ge=low, le=high), BeforeValidator(_number)])
        fields[indicator.key] = (number | None, Field(
            None, description=f"{indicator.name_en} ({indicator.unit_en})"))
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


#: The API's values and tracks follow the shipped criteria (a later version's new indicators
#: are taken by the pages and uploads; the document is regenerated when the shipped file changes).
_CRITERIA = _shipped_criteria()
ApiValues = _values_model("IndicatorValues", _CRITERIA)
TrackKey = Literal[tuple(_CRITERIA.tracks)]  # type: ignore[valid-type]


class CriteriaRequest(QueryModel):
    version: str | None = Field(None, max_length=40, description="An older published version")


class ScorePreview(BodyModel):
    track: TrackKey
    values: ApiValues = Field(default_factory=ApiValues)  # type: ignore[valid-type]


class ApplicationsRequest(PageQuery):
    """Pages in ascending id order (``limit``, ``cursor``)."""

    status: Literal["submitted"] | None = Field(None, description="Coordinators: the review queue")


def _no_default(schema: dict[str, Any]) -> None:
    """An optional member that is absent when not given: no ``null`` default in the document."""
    schema.pop("default", None)


class HubInput(BodyModel):
    """A hub not yet on the map: its name, and its university or its prefecture."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["university_id"]},
                                                           {"required": ["prefecture_code"]}]})
    name_ja: str = Field(min_length=1, max_length=200, pattern=r"\S")
    name_en: str = Field("", max_length=200)
    university_id: Id = Field(None, json_schema_extra=_no_default)  # type: ignore[assignment]
    prefecture_code: PrefectureCode = Field(None, json_schema_extra=_no_default)  # type: ignore[assignment]

    @model_validator(mode="after")
    def _placed(self) -> HubInput:
        if self.university_id is None and self.prefecture_code is None:
            raise custom_error("required", "Give the university or the prefecture (01-47).")
        return self


class ApplicationInput(BodyModel):
    """A new draft: an existing hub (``hub_id``), a new one (``hub``) or a renewal (``renewal_of``)."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["hub_id"]}, {"required": ["hub"]},
                                                           {"required": ["renewal_of"]}]})
    # Absent when not given, never null: an explicit null would satisfy "required" in JSON Schema.
    hub_id: Id = Field(None, json_schema_extra=_no_default)  # type: ignore[assignment]
    hub: HubInput = Field(None, json_schema_extra=_no_default)  # type: ignore[assignment]
    track: TrackKey
    values: ApiValues = Field(default_factory=ApiValues)  # type: ignore[valid-type]
    renewal_of: Id = Field(None, description="The certification this application renews",  # type: ignore[assignment]
                           json_schema_extra=_no_default)

    @model_validator(mode="after")
    def _names_a_hub(self) -> ApplicationInput:
        if self.hub_id is None and self.hub is None and self.renewal_of is None:
            raise custom_error("required", "Give hub_id or a hub object.")
        return self


class ApplicationChange(BodyModel):
    track: TrackKey | None = None
    values: ApiValues = Field(default_factory=ApiValues)  # type: ignore[valid-type]


#: The rubric indicators (vision, organisation and security, innovation process, outcomes):
#: each takes a narrative and evidence files.
RubricKey = Literal[tuple(i.key for i in _CRITERIA.indicators if i.is_rubric)]  # type: ignore[valid-type]
Narrative = Annotated[str, Field(max_length=MAX_NARRATIVE)]


class NarrativesInput(BodyModel):
    narratives: dict[RubricKey, Narrative] = Field(  # type: ignore[valid-type]
        description=f"Rubric indicator → narrative (at most {MAX_NARRATIVE} characters); the narratives "
                    "given are set, an empty one is removed, the others stay")


class EvidenceUpload(BaseModel):
    """An evidence file for one rubric indicator (multipart/form-data): PDF, xlsx, PNG or JPEG,
    detected from the content; caps on size (413) and count (422) as configured."""

    indicator: RubricKey  # type: ignore[valid-type]
    file: bytes = Field(json_schema_extra={"format": "binary"})


class DecisionInput(BodyModel):
    """A proposed decision; it takes effect when a second coordinator or an admin confirms it."""

    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    comment: str = Field("", max_length=5000, description="To the applicant (required to return)")
    tier: str | None = Field(None, max_length=20, description="Certify: the tier (default: the computed one)")
    public_evaluation: str = Field("", max_length=MAX_PUBLIC_EVALUATION,
                                   description="Certify (required): one line published with the certification")
    rubric_scores: dict[Annotated[str, Field(max_length=80)], Annotated[int, Field(ge=0, le=4)]] | None = None
    revision: Id | None = Field(None, description="The revision decided on; 409 if the application has moved on")


class ConfirmInput(BodyModel):
    proposal: Id = Field(description="The id of the proposal awaiting confirmation")
    note: str = Field("", max_length=5000, description="A note for the record")


class SendBackInput(BodyModel):
    proposal: Id = Field(description="The id of the proposal awaiting confirmation")
    note: str = Field(min_length=1, max_length=5000, pattern=r"\S", description="Why it goes back (to the proposer)")


class DecisionsRequest(PageQuery):
    """Pages newest first (``limit``, ``cursor``), keyed by the audit log entry."""

    application: Id | None = Field(None, description="Only this application's decisions")


class CertificationsRequest(PageQuery):
    """JSON in pages in ascending id order (``limit``, ``cursor``); ``format=csv`` has them all."""

    format: Literal["json", "csv"] = "json"
    encoding: CsvEncoding = "utf-8"


# ------------------------------------------------------------------------ responses


class Criteria(BaseModel):
    """The criteria document as published (viewpoints, tracks, indicators, tiers)."""

    model_config = ConfigDict(extra="allow")
    version: str
    published_at: str | None
    versions: list[str]
    viewpoints: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    tiers: list[dict[str, Any]]


class JsonSchemaDocument(BaseModel):
    """A JSON Schema (draft 2020-12)."""

    model_config = ConfigDict(extra="allow")


class Score(BaseModel):
    model_config = ConfigDict(extra="allow")
    total: float
    maximum: float
    percent: float
    tier: str | None
    viewpoints: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    improvements: list[dict[str, Any]]


class TierGap(BaseModel):
    tier: str
    tier_label: str
    min_percent: float
    reached: bool
    gap_points: float = Field(description="Weighted points still missing for this tier (0 once reached)")
    blockers: list[str] = Field(description="What else stands in the way, in the asker's language")


class SelfAssessment(BaseModel):
    """A private self-assessment: the score and the gap to each tier."""

    application_id: int
    hub_name: str
    sample: bool
    track: str
    track_label: str
    status: Status
    revision: int
    draft: bool
    criteria_version: str
    generated_on: str
    score: Score
    tiers: list[TierGap]


class HubSummary(BaseModel):
    id: int | None
    name: str
    name_ja: str | None
    name_en: str | None
    university_id: int | None
    prefecture_code: str | None


class RevisionSummary(BaseModel):
    number: int
    submitted_at: str | None
    created_at: str | None


class ReviewSummary(BaseModel):
    """A review; applicants see only decisions that took effect, reviewers every proposal."""

    id: int
    decision: str | None
    tier: str | None
    comment: str
    public_evaluation: str
    proposal_state: Literal[PROPOSAL_STATES] | None  # type: ignore[valid-type]
    revision: int
    created_at: str | None
    decided_at: str | None


class Certification(BaseModel):
    id: int
    tier: str
    tier_label: str
    track: str
    track_label: str
    valid_from: str | None
    valid_to: str | None
    criteria_version: str
    renewal_of: int | None
    organization_id: int | None
    hub_name: str
    sample: bool
    public_evaluation: str
    result: Literal["certified", "continued"] = Field(
        description="certified (認定) for a first certification, continued (継続) for a renewal's")
    result_label: str
    url: str | None


class EvidenceItem(BaseModel):
    """An evidence file's facts; ``url`` sends it (owner and reviewers only, as an attachment)."""

    id: int
    indicator: str
    name: str = Field(description="The name it was uploaded with")
    size: int = Field(description="Bytes")
    content_type: Literal["application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          "image/png", "image/jpeg"] = Field(description="Detected from the content")
    kind: str
    sha256: str
    uploaded_at: str | None
    url: str


class Application(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    status: Status
    track: str
    criteria_version: str
    hub: HubSummary
    sample: bool
    renewal_of: int | None
    revision: int
    values: dict[str, float]
    narratives: dict[str, str] = Field(description="The current revision's narrative per rubric indicator")
    evidence: list[EvidenceItem] = Field(description="The current revision's evidence files")
    revisions: list[RevisionSummary]
    reviews: list[ReviewSummary]
    certifications: list[Certification]
    awaiting_confirmation: bool = Field(description="A proposed decision awaits a second reviewer")
    affiliation: AffiliationState | None = Field(description="The owner's link to the organisation applied for")
    proposal: ReviewSummary | None = Field(description="Reviewers: the proposal awaiting confirmation")
    created_at: str | None
    updated_at: str | None
    submitted_at: str | None
    url: str


class AffiliationState(BaseModel):
    """The owner's link to the organisation applied for; decisions wait for ``confirmed``."""

    organization_id: int
    status: Literal["pending", "confirmed", "refused", "missing"]


class AffiliationInput(BodyModel):
    organization_id: Id = Field(description="A university or a hub")


class Affiliation(BaseModel):
    id: int
    organization_id: int
    organization_name: str
    status: Literal["pending", "confirmed", "refused"]
    domain_match: bool = Field(description="The email domain matches the organisation's website (a hint)")
    email: str
    created_at: str | None
    decided_at: str | None


class Suggestion(BaseModel):
    id: int
    kind: str
    name: str
    website: str


class AffiliationList(BaseModel):
    affiliations: list[Affiliation] = Field(description="Your links: the paged collection, ascending id")
    suggestions: list[Suggestion] = Field(description="Every page: organisations your email domain matches")
    pending: list[Affiliation] = Field(description="Every page: coordinators' links awaiting confirmation")
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class AffiliationsRequest(PageQuery):
    """Your links in pages in ascending id order (``limit``, ``cursor``)."""


class Notice(BaseModel):
    id: int
    kind: str
    title: str
    detail: str
    application_id: int | None
    url: str | None
    created_at: str | None
    read: bool


class NoticeList(BaseModel):
    unread: int
    notices: list[Notice]
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class NoticesRequest(PageQuery):
    """Pages newest first (``limit``, ``cursor``)."""


class NoticesRead(BodyModel):
    ids: list[Id] | None = Field(None, max_length=500, description="Only these (default: all)")


class NoticesReadAnswer(BaseModel):
    marked: int
    unread: int


class ApplicationList(BaseModel):
    applications: list[Application]
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class CertificationList(BaseModel):
    certifications: list[Certification]
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class QueueScore(BaseModel):
    """The provisional score: computed from the submitted values and the rubric scores saved so far."""

    total: float
    maximum: float
    percent: float
    tier: str
    tier_label: str
    provisional: bool = Field(description="True while required rubric indicators are not yet scored")


class QueueRow(BaseModel):
    id: int
    hub_name: str
    sample: bool
    renewal: bool
    track: str
    track_label: str
    prefecture_code: str | None
    prefecture: str
    submitted_at: str | None
    submitted_on: str | None = Field(description="Date of submission (YYYY-MM-DD, UTC)")
    days_waiting: int | None = Field(description="Whole days since submission")
    revision: int
    applicant: str
    score: QueueScore
    url: str = Field(description="The review page")
    application_url: str
    history_url: str = Field(description="The application's decision history")


class ReviewQueue(BaseModel):
    """Applications waiting for review, oldest first (the JSON twin of ``/review``): not paged,
    at most the largest page (``ATLAS_MAX_FEATURES``); all of them in pages by id at
    ``/api/v1/applications?status=submitted``."""

    applications: list[QueueRow]
    total: int = Field(description="How many applications wait (more than `applications` holds when capped)")


class DecisionRow(BaseModel):
    id: int = Field(description="The audit log entry")
    at: str
    decided_on: str
    actor: str | None = Field(description="Who decided (email; null for the system)")
    actor_role: str | None
    actor_role_label: str | None
    application_id: int
    hub_name: str
    step: Literal["proposed", "confirmed", "sent_back"] = Field(
        description="Four eyes: a reviewer proposes, a second coordinator or an admin confirms or sends back")
    step_label: str
    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    decision_label: str
    tier: str | None
    tier_label: str | None
    revision: int | None = Field(description="The revision the decision was made on")
    comment: str
    application_url: str


class DecisionHistory(BaseModel):
    """Decisions, newest first (the JSON twin of ``/review/decisions``)."""

    application_id: int | None
    hub_name: str | None
    decisions: list[DecisionRow]
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class AwaitingRow(BaseModel):
    id: int
    hub_name: str
    decision: Literal[DECISIONS] | None  # type: ignore[valid-type]
    decision_label: str
    proposer: str | None
    proposed_at: str | None
    url: str = Field(description="The proposal on the review page")


class ExpiringRow(BaseModel):
    id: int
    hub_name: str
    sample: bool
    tier: str
    tier_label: str
    track: str
    track_label: str
    valid_to: str
    days_left: int
    applicant: str
    url: str | None = Field(description="The hub's certification history (null for a hub not on the map)")
    application_url: str


class QueueSection(BaseModel):
    count: int = Field(description="All applications in the queue")
    rows: list[QueueRow] = Field(description="The oldest few")
    url: str = Field(description="The full list")


class AwaitingSection(BaseModel):
    count: int
    rows: list[AwaitingRow]
    url: str


class AffiliationSection(BaseModel):
    count: int
    rows: list[Affiliation]
    url: str


class ExpiringSection(BaseModel):
    count: int
    rows: list[ExpiringRow] = Field(description="Those ending first")
    url: str


class DecisionSection(BaseModel):
    count: int = Field(description="Every decision step recorded")
    rows: list[DecisionRow] = Field(description="The latest few")
    url: str


class PrefectureCount(BaseModel):
    prefecture_code: str | None = Field(description="JIS X 0401 code; null where no prefecture is known")
    prefecture: str
    certified: int = Field(description="Hubs certified today")
    open: int = Field(description="Applications submitted or returned for changes")


class TrackCount(BaseModel):
    track: str
    track_label: str
    certified: int
    open: int


class DashboardTotals(BaseModel):
    certified: int
    open: int
    samples_left_out: int = Field(description="Fictional sample hubs certified today, not counted")


class Dashboard(BaseModel):
    """The coordinators' dashboard (the JSON twin of ``/review/dashboard``): each list's count,
    first rows and full list, and counts by prefecture and track (sample hubs left out)."""

    queue: QueueSection
    awaiting_confirmation: AwaitingSection
    affiliations_to_confirm: AffiliationSection
    expiring: ExpiringSection
    decisions: DecisionSection
    by_prefecture: list[PrefectureCount]
    by_track: list[TrackCount]
    totals: DashboardTotals
