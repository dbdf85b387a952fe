"""The equipment API's contract: the search parameters (parsed by the page and the API with the
same model) and the answer's shape, both written into the OpenAPI document.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import annotated_types

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from hubs.core.params import BodyModel, CsvEncoding, PageQuery, QueryModel, ascii_number, custom_error
from hubs.core.routing import MAX_ID
from hubs.equipment.vocabulary import CATEGORIES
from hubs.organizations.queries import PrefectureCode, Region, ResearchField

Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]

#: Farther than Japan is long: a radius beyond it means "anywhere".
MAX_WITHIN_KM = 3000.0
#: Longer than any modelled one-way latency across Japan: a bound beyond it means "anywhere on SINET".
MAX_WITHIN_MS = 1000.0
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
    within_ms: float | None = Field(None, gt=0, le=MAX_WITHIN_MS, allow_inf_nan=False,
                                    description="Only machines whose site is within this estimated one-way SINET "
                                                "latency of `near` (ms, modelled backbone); needs `near`")
    requester_prefecture: PrefectureCode | None = Field(
        None, description="The requester's prefecture: fees include the lab's out-of-prefecture rule")
    hours: float = Field(1.0, gt=0, le=MAX_HOURS, allow_inf_nan=False, description="Hours of use the fee is for")
    max_fee: int | None = Field(None, ge=0, le=MAX_FEE_JPY,
                                description="Fee ceiling in yen for `requester_prefecture` (in-prefecture fee without one; machines with a fee only)")
    bookable: bool | None = Field(None, description="Only machines that take booking requests (1) or only others (0)")
    limit: int = Field(1000, ge=1, le=MAX_LIMIT, description="At most this many machines")
    synthetic: Literal["include", "exclude"] = Field(
        "exclude", description="Include synthetic (load-test) machines at synthetic organisations")
    format: Literal["json", "csv"] = "json"
    encoding: CsvEncoding = "utf-8"

    @field_validator("organization", "near", "within_km", "within_ms", "hours", "max_fee", "limit", mode="before")
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
    latency_ms: float | None = Field(None, description="Estimated one-way SINET latency from `near` (ms, modelled; "
                                                       "null without `near` or off the network)")
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
    latency_modelled: bool | None = Field(None, description="With `near`: the latencies come from a modelled backbone")
    latency_notice: str | None = Field(None, description="With `near`: what the latency figures rest on")


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


#: How many machines a testbed joins.
MIN_TESTBED, MAX_TESTBED = 2, 6

MachineId = Annotated[int, annotated_types.Ge(1), annotated_types.Le(MAX_ID),
                      BeforeValidator(lambda v: ascii_number(v) if isinstance(v, str) else v)]


class TestbedQuery(QueryModel):
    """What ``/equipment/testbed`` and ``GET /api/v1/equipment/testbed`` compose: the URL is the testbed."""

    __test__ = False  # not a pytest class

    machine: tuple[MachineId, ...] = Field(min_length=MIN_TESTBED, max_length=MAX_TESTBED,
                                           json_schema_extra={"uniqueItems": True},
                                           description="Ids of two to six machines, each once, in the order of the chain")
    layout: Literal["chain", "pairwise"] = Field(
        "chain", description="`chain`: a path between each site and the next; `pairwise`: between every two sites")
    requester_prefecture: PrefectureCode | None = Field(
        None, description="The requester's prefecture: fees include each lab's out-of-prefecture rule")
    hours: float = Field(1.0, gt=0, le=MAX_HOURS, allow_inf_nan=False,
                         description="Hours of use the cost is for (1: the hourly cost)")

    @field_validator("machine")
    @classmethod
    def _distinct(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        seen: set[int] = set()
        for machine in value:
            if machine in seen:
                raise custom_error("duplicate", "Machine %(id)s is listed more than once.", id=machine)
            seen.add(machine)
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _ascii(cls, value: Any) -> Any:
        return ascii_number(value) if isinstance(value, str) else value


class TestbedLink(BaseModel):
    """The modelled SINET path between two sites of the testbed."""

    __test__ = False

    from_site: int = Field(description="Organisation id")
    to_site: int = Field(description="Organisation id")
    from_name: str
    to_name: str
    status: str = Field(description="`ok`, or `off_network` when a site is not on SINET (no figures)")
    latency_ms: float | None = Field(description="Estimated one-way latency (ms), modelled")
    bottleneck_gbps: float | None = Field(description="Smallest capacity on the route (Gbps), modelled")
    distance_km: float | None = Field(description="Fibre km of the route, modelled")
    hop_count: int | None
    hops: list[str] = Field(description="SINET node codes of the route")
    message: str = Field(description="What the path is, in the reader's language")
    coordinates: list[list[float]] = Field(description="EPSG:4326 lon/lat of the route (empty off the network)")
    modelled: bool
    path: str = Field(description="The path's page")


class TestbedSite(Site):
    machines: list[int] = Field(description="Ids of the testbed's machines at this site")


class TestbedCost(BaseModel):
    """What the testbed costs this requester for `hours`, from each lab's published fee and rules."""

    total_jpy: int = Field(description="Sum over the machines with a published fee")
    hours: float
    requester_prefecture: str | None
    complete: bool = Field(description="Every machine has a published fee (otherwise the total leaves some out)")
    without_fee: list[int] = Field(description="Machines whose lab publishes no fee")
    not_hourly: list[int] = Field(description="Machines charged per sample or case, counted once")


class Testbed(BaseModel):
    """Two to six machines joined over SINET, with their paths and their cost."""

    __test__ = False

    machines: list[Item]
    sites: list[TestbedSite]
    layout: Literal["chain", "pairwise"]
    links: list[TestbedLink]
    max_latency_ms: float | None = Field(description="Largest one-way latency among the links (modelled)")
    chain_latency_ms: float | None = Field(description="Chain: sum of the links' latencies end to end (modelled)")
    bottleneck_gbps: float | None = Field(description="Smallest bottleneck among the links (modelled)")
    cost: TestbedCost
    modelled: bool = Field(description="The SINET figures come from a modelled backbone")
    notice: str = Field(description="What the SINET figures rest on")
    url: str = Field(description="The shareable testbed page")


class BookingInput(BodyModel):
    """A request for a slot. Times are ISO 8601 with an offset (``2027-01-15T09:00:00+09:00``);
    without one they are read as Japan time."""

    start: datetime = Field(description="Start of the slot (ISO 8601)")
    end: datetime = Field(description="End of the slot (ISO 8601), after start")
    purpose: str = Field(min_length=1, max_length=2000, description="What the machine is needed for")


class DecisionInput(BodyModel):
    """Lab staff's decision: approve, decline, or propose another slot (``start`` and ``end`` then required;
    ISO 8601, Japan time without an offset)."""

    decision: Literal["approve", "decline", "propose"]
    comment: str = Field("", max_length=2000)
    start: datetime | None = Field(None, description="With `propose`: start of the slot offered instead")
    end: datetime | None = Field(None, description="With `propose`: end of the slot offered instead")


class ResponseInput(BodyModel):
    """The requester's answer to a proposed slot: accept (approved at that slot unless it is taken) or decline."""

    answer: Literal["accept", "decline"]
    comment: str = Field("", max_length=2000)


class BookingStep(BaseModel):
    at: str = Field(description="ISO 8601, UTC")
    action: Literal["requested", "approved", "declined", "proposed", "accepted"]
    action_label: str
    by: Literal["requester", "lab_staff"] = Field(description="Who acted, by role (no names)")
    comment: str
    start: str | None = Field(description="The slot a `proposed` or `accepted` step is about (ISO 8601, UTC)")
    end: str | None


class BookingOut(BaseModel):
    id: int
    equipment_id: int
    equipment_name: str
    organization_id: int
    start: str = Field(description="ISO 8601, UTC")
    end: str = Field(description="ISO 8601, UTC")
    purpose: str
    status: Literal["requested", "approved", "declined", "proposed"]
    status_label: str
    comment: str
    proposed_start: str | None = Field(description="With status `proposed`: the slot the lab offers (ISO 8601, UTC)")
    proposed_end: str | None
    fee: Fee | None = Field(description="In-prefecture estimate for the slot's hours (null: no published fee)")
    calendar: str = Field(description="The machine's iCal feed")
    history: list[BookingStep] = Field(description="Every step of the request, oldest first")


class BookingList(BaseModel):
    bookings: list[BookingOut]
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class BookingsRequest(PageQuery):
    """Pages in ascending id order (``limit``, ``cursor``)."""


class LabEquipmentQuery(PageQuery):
    """Pages in ascending id order (``limit``, ``cursor``); the CSV (``/lab/equipment.csv``) has them all."""

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
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class FeedOut(BaseModel):
    """A person's private calendar feed: the URL holds the secret and is shown only now."""

    url: str = Field(description="iCalendar feed of your own bookings; subscribe to it in a calendar program")
