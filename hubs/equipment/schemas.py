"""The equipment API's contract: the search parameters (parsed by the page and the API with the
same model) and the answer's shape, both written into the OpenAPI document.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from hubs.core.params import BodyModel, CsvEncoding, QueryModel, ascii_number
from hubs.core.routing import MAX_ID
from hubs.equipment.vocabulary import CATEGORIES
from hubs.organizations.queries import PrefectureCode, Region, ResearchField

Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]

#: Farther than Japan is long: a radius beyond it means "anywhere".
MAX_WITHIN_KM = 3000.0
MAX_HOURS = 1000.0
MAX_FEE_JPY = 1_000_000_000
MAX_LIMIT = 5000


class EquipmentQuery(QueryModel):
    """What ``/equipment`` and ``GET /api/v1/equipment`` search by."""

    category: tuple[Category, ...] = Field((), description="Instrument categories (see `categories` in the answer)")
    q: str = Field("", max_length=200, description="Keyword: name, maker, model, or a category synonym (電子顕微鏡)")
    field: tuple[ResearchField, ...] = Field((), description="Research fields")
    prefecture: tuple[PrefectureCode, ...] = Field((), description="JIS X 0401 codes 01..47 of the machine's site")
    region: tuple[Region, ...] = Field((), description="産技連 regions of the machine's site")
    organization: int | None = Field(None, ge=1, le=MAX_ID, description="Only machines of this organisation (id)")
    near: int | None = Field(None, ge=1, le=MAX_ID, description="Organisation id to measure distance from")
    within_km: float | None = Field(None, gt=0, le=MAX_WITHIN_KM, allow_inf_nan=False,
                                    description="Only machines within this great-circle distance of `near` (km); needs `near`")
    requester_prefecture: PrefectureCode | None = Field(
        None, description="The requester's prefecture: fees include the lab's out-of-prefecture rule")
    hours: float = Field(1.0, gt=0, le=MAX_HOURS, allow_inf_nan=False, description="Hours of use the fee is for")
    max_fee: int | None = Field(None, ge=0, le=MAX_FEE_JPY,
                                description="Fee ceiling in yen for `requester_prefecture` (in-prefecture fee without one; machines with a fee only)")
    bookable: bool | None = Field(None, description="Only machines that take booking requests (1) or only others (0)")
    limit: int = Field(1000, ge=1, le=MAX_LIMIT, description="At most this many machines")
    format: Literal["json", "csv"] = "json"
    encoding: CsvEncoding = "utf-8"

    @field_validator("organization", "near", "within_km", "hours", "max_fee", "limit", mode="before")
    @classmethod
    def _ascii(cls, value: Any) -> Any:
        return ascii_number(value) if isinstance(value, str) else value


class Fee(BaseModel):
    total_jpy: int = Field(description="What this requester pays: (setup + rate × units) × multiplier, whole yen")
    base_jpy: int = Field(description="The in-prefecture amount: setup + rate × units")
    units: int = Field(description="Rate units charged for the hours asked")
    multiplier: str = Field(description="Out-of-prefecture multiplier applied (exact decimal)")
    waived: bool = Field(description="The lab waives its surcharge for the requester's prefecture")
    requester_prefecture: str | None


class Site(BaseModel):
    id: int
    name: str
    kind: str
    prefecture_code: str
    prefecture: str
    lon: float = Field(description="EPSG:4326 longitude")
    lat: float = Field(description="EPSG:4326 latitude")
    location_precision: str
    url: str


class Item(BaseModel):
    id: int
    name: str
    name_ja: str
    name_en: str
    category: str
    category_label: str
    maker: str
    model: str
    year: int | None
    fields: list[str]
    training_required: bool | None
    staff_operated: bool | None
    bookable: bool
    booking_unit: str
    setup_fee_jpy: int | None
    rate_jpy: int | None
    rate_unit: str | None
    rate_unit_label: str
    fee: Fee | None = Field(description="Estimate for `hours` (null: the lab publishes no fee)")
    fee_rule_source: str | None = Field(description="Page of the out-of-prefecture rule applied, if any")
    distance_km: float | None = Field(description="Great-circle distance from `near` (km)")
    source: str
    checked_on: str
    organization: Site


class Lab(BaseModel):
    """A site on the map layer with how many of the found machines it holds."""

    id: int
    name: str
    lon: float
    lat: float
    machines: int
    url: str


class CategoryOption(BaseModel):
    key: str
    label: str


class Results(BaseModel):
    count: int = Field(description="Machines matching (before `limit`)")
    items: list[Item]
    labs: list[Lab]
    categories: list[CategoryOption]
    matched_categories: list[str] = Field(description="Categories the keyword named through a synonym")


class CoveredSite(Site):
    machines: int
    with_fee: int = Field(description="Machines with a published fee")


class RuleSummary(BaseModel):
    prefecture_code: str
    lab: str
    rule: str
    multiplier: str
    waived_for: list[str]
    since: str | None
    source: str


class LeftOut(BaseModel):
    key: str
    organization: str
    reason: str


class Coverage(BaseModel):
    machines: int
    with_fee: int
    organizations: list[CoveredSite]
    fee_rules: list[RuleSummary]
    left_out: list[LeftOut]


class BookingInput(BodyModel):
    """A request for a slot. Times are ISO 8601 with an offset (``2027-01-15T09:00:00+09:00``);
    without one they are read as Japan time."""

    start: datetime = Field(description="Start of the slot (ISO 8601)")
    end: datetime = Field(description="End of the slot (ISO 8601), after start")
    purpose: str = Field(min_length=1, max_length=2000, description="What the machine is needed for")


class DecisionInput(BodyModel):
    decision: Literal["approve", "decline"]
    comment: str = Field("", max_length=2000)


class BookingStep(BaseModel):
    at: str = Field(description="ISO 8601, UTC")
    action: Literal["requested", "approved", "declined"]
    by: Literal["requester", "lab_staff"] = Field(description="Who acted, by role (no names)")
    comment: str


class BookingOut(BaseModel):
    id: int
    equipment_id: int
    equipment_name: str
    organization_id: int
    start: str = Field(description="ISO 8601, UTC")
    end: str = Field(description="ISO 8601, UTC")
    purpose: str
    status: Literal["requested", "approved", "declined"]
    status_label: str
    comment: str
    fee: Fee | None = Field(description="In-prefecture estimate for the slot's hours (null: no published fee)")
    calendar: str = Field(description="The machine's iCal feed")
    history: list[BookingStep] = Field(description="Every step of the request, oldest first")


class BookingList(BaseModel):
    bookings: list[BookingOut]


class LabEquipmentQuery(QueryModel):
    org: int | None = Field(None, ge=1, le=MAX_ID, description="Admins: the organisation (lab staff: always their own)")


class LabOrganization(BaseModel):
    id: int
    name_ja: str
    name_en: str


class LabEquipmentList(BaseModel):
    """A lab's list in the columns its import reads (``id`` first)."""

    organization: LabOrganization
    columns: list[str]
    machines: list[dict[str, Any]] = Field(description="One object per machine, keyed by the columns")
