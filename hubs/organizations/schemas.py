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
    hub_track: str | None
    selected_on: str | None
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
    total: int = Field(ge=0)
    features: list[OrganizationFeature | Cell]


class PrefectureProperties(BaseModel):
    code: PrefectureCode
    name_ja: str
    name_en: str
    name: str
    region: Region
    population_2020: int | None
    counts: dict[str, int]
    total: int


class PrefectureFeature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: dict[str, Any] | None = Field(description="RFC 7946 Polygon or MultiPolygon")
    properties: PrefectureProperties


class PrefectureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[PrefectureFeature]
