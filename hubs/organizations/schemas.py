"""What the organisations' API answers, declared once (pydantic): the OpenAPI document is
written from these models. The query the API takes is :class:`hubs.organizations.queries.OrganizationQuery`.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hubs.organizations.queries import Kind, PrefectureCode, Region, ResearchField, SinetState
from hubs.organizations.vocabulary import LOCATION_PRECISIONS

Precision = Literal[tuple(LOCATION_PRECISIONS)]  # type: ignore[valid-type]


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="EPSG:4326 [lon, lat]")


class OrganizationProperties(BaseModel):
    """One organisation's record; missing values are ``null``, never ``""``."""

    model_config = ConfigDict(extra="allow")

    id: int
    key: str | None
    kind: Kind
    kind_label: str
    name_ja: str
    name_en: str | None
    name: str
    prefecture_code: PrefectureCode
    prefecture: str
    region: Region
    city: str | None
    address: str | None
    fields: list[ResearchField]
    sinet_connected: SinetState
    website: str | None
    parent_id: int | None
    ror_id: str | None
    corporate_number: str | None
    source: str
    location_precision: Precision
    synthetic: bool
    checked_on: str | None = Field(description="ISO date the record was last checked against its source")
    lab_domain: str | None = Field(description="a public test laboratory's domain: industrial, food, agriculture, ...")
    agency: str | None = Field(description="parent agency of a national R&D or inter-university site")
    company: str | None = Field(description="company that names an AIST 冠ラボ")
    started_on: str | None = Field(description="ISO year, month or day an OIL or 冠ラボ opened")
    ended_on: str | None
    hub_track: str | None
    selected_on: str | None = Field(description="ISO month or day a J-Innovation HUB selection was announced")
    valid_until: str | None = Field(description="ISO date the selection (or its renewal) is valid until")
    renewal_state: str | None
    selection_current: bool | None = Field(description="whether the selection is in force today; null if none")
    url: str


class OrganizationFeature(BaseModel):
    type: Literal["Feature"]
    id: int
    geometry: Point
    properties: OrganizationProperties


class CellProperties(BaseModel):
    aggregate: Literal[True]
    count: int = Field(ge=1)
    counts_by_kind: dict[str, int]
    bounds: list[float] = Field(min_length=4, max_length=4, description="minlon, minlat, maxlon, maxlat")


class Cell(BaseModel):
    type: Literal["Feature"]
    geometry: Point
    properties: CellProperties


class OrganizationCollection(BaseModel):
    """Matching organisations, or with ``zoom`` and many matches, counts per map grid cell."""

    type: Literal["FeatureCollection"]
    aggregated: bool
    total: int = Field(ge=0, description="organisations matching the filters (all pages together)")
    features: list[OrganizationFeature | Cell]
    next: str | None = Field(None, description="without zoom: the URL of the next page (null on the last)")


class OrganizationExport(BaseModel):
    """Every matching organisation (an export file: no pages, no aggregation)."""

    type: Literal["FeatureCollection"]
    features: list[OrganizationFeature]


class PrefectureProperties(BaseModel):
    code: PrefectureCode
    name_ja: str
    name_en: str
    name: str
    region: Region
    population_2020: int | None
    counts: dict[str, int]
    total: int
    label_point: list[float] | None = Field(min_length=2, max_length=2,
                                            description="Where the name goes on a map: EPSG:4326 [lon, lat]")


class PrefectureFeature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: dict[str, Any] | None = Field(description="RFC 7946 Polygon or MultiPolygon")
    properties: PrefectureProperties


class PrefectureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[PrefectureFeature]


class PlaceProperties(BaseModel):
    name: str
    name_ja: str
    name_en: str
    role: Literal["capital", "designated_city"] = Field(description="Prefectural capital, or designated city")
    prefecture_code: PrefectureCode


class PlaceFeature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: dict[str, Any] = Field(description="RFC 7946 Point, EPSG:4326")
    properties: PlaceProperties


class PlaceCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[PlaceFeature]


class KindCount(BaseModel):
    kind: Kind
    label: str
    count: int = Field(ge=0)


class PrefectureCount(BaseModel):
    code: PrefectureCode
    name: str
    counts: dict[str, int] = Field(description="organisations per kind")
    total: int = Field(ge=0)


class PrecisionShare(BaseModel):
    precision: Precision
    label: str
    count: int = Field(ge=0)
    share: float = Field(ge=0, le=1)


class SourceDomain(BaseModel):
    domain: str | None = Field(description="host name of the cited source URL")
    count: int = Field(ge=1)


class CheckDates(BaseModel):
    kind: Kind
    label: str
    oldest: str | None = Field(description="ISO date of the least recently checked record")
    latest: str | None
    checked: int = Field(ge=0, description="records with a check date")


class KnownGaps(BaseModel):
    markdown: str = Field(description="seed_data/known_gaps.md as shipped (known_gaps.ja.md, its translation, in Japanese)")
    blocks: list[dict[str, Any]] = Field(description="the same as heading, paragraph, list and table blocks")
    lang: str = Field(description="language of the text: ja or en")


class Licence(BaseModel):
    data: str
    source: str
    licence: str


class DataSummary(BaseModel):
    """How complete the map is (real records only; synthetic load-test rows are not counted)."""

    total: int = Field(ge=0)
    kinds: list[KindCount]
    prefectures: list[PrefectureCount]
    precision: list[PrecisionShare]
    sources: list[SourceDomain]
    last_checked: list[CheckDates]
    known_gaps: KnownGaps
    licences: list[Licence]
