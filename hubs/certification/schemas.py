"""The certification API's contract, declared once (pydantic): what each endpoint takes and
answers. The operations (:mod:`.operations`) still check what only the database knows (the
hub exists, the track belongs to the criteria version, the state allows the change).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from hubs.certification.models import DECISIONS, STATUSES
from hubs.core.params import BodyModel, CsvEncoding, QueryModel, custom_error
from hubs.core.routing import MAX_ID

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


class CriteriaRequest(QueryModel):
    version: str | None = Field(None, max_length=40, description="An older published version")


class ScorePreview(BodyModel):
    track: str = Field(max_length=40)
    values: Values = Field(default_factory=dict)


class ApplicationsRequest(QueryModel):
    status: Literal["submitted"] | None = Field(None, description="Coordinators: the review queue")


class HubInput(BodyModel):
    name_ja: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    university_id: Id | None = None
    prefecture_code: str | None = Field(None, max_length=2)


class ApplicationInput(BodyModel):
    """A new draft: an existing hub (``hub_id``) or a new one (``hub``), a track, values."""

    hub_id: Id | None = None
    hub: HubInput | None = None
    track: str | None = Field(None, max_length=40)
    values: Values = Field(default_factory=dict)
    renewal_of: Id | None = Field(None, description="The certification this application renews")


class ApplicationChange(BodyModel):
    track: str | None = Field(None, max_length=40)
    values: Values = Field(default_factory=dict)


class DecisionInput(BodyModel):
    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    comment: str = Field("", max_length=5000)
    tier: str | None = Field(None, max_length=20)
    rubric_scores: dict[Annotated[str, Field(max_length=80)], Annotated[int, Field(ge=0, le=4)]] | None = None


class CertificationsRequest(QueryModel):
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
    decision: str | None
    tier: str | None
    comment: str
    revision: int
    created_at: str | None


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
    url: str | None


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
    revisions: list[RevisionSummary]
    reviews: list[ReviewSummary]
    certifications: list[Certification]
    created_at: str | None
    updated_at: str | None
    submitted_at: str | None
    url: str


class ApplicationList(BaseModel):
    applications: list[Application]


class CertificationList(BaseModel):
    certifications: list[Certification]
