"""The collaboration API's contract, declared once (pydantic): backbone layers, paths, partners.

The pages parse their parameters with the same models (:func:`hubs.core.params.parse_query`).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hubs.core.params import CsvEncoding, QueryModel
from hubs.core.routing import MAX_ID
from hubs.organizations.queries import Kind, PrefectureCode, Region, ResearchField

MAX_TEXT = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 500
#: Farther than Japan is long.
MAX_WITHIN_KM = 3000.0
OrganizationId = Annotated[int, Field(ge=1, le=MAX_ID, description="An organisation's id")]


class SuggestQuery(QueryModel):
    q: str = Field("", max_length=MAX_TEXT, description="Text in the organisation's name")
    limit: int = Field(10, ge=1, le=50)


class PathQuery(QueryModel):
    model_config = ConfigDict(populate_by_name=True)

    origin: OrganizationId = Field(alias="from")
    destination: OrganizationId = Field(alias="to")


class PartnerQuery(QueryModel):
    """What a coordinator asks the partner finder: every filter given is strict."""

    org: OrganizationId = Field(description="The organisation looking for partners")
    field: tuple[ResearchField, ...] = Field((), description="Research fields: the partner lists at least one")
    kind: tuple[Kind, ...] = Field((), description="Kinds of partner")
    prefecture: tuple[PrefectureCode, ...] = Field((), description="JIS X 0401 codes 01..47 of the partner's site")
    region: tuple[Region, ...] = Field((), description="産技連 regions of the partner's site")
    within_km: float | None = Field(None, gt=0, le=MAX_WITHIN_KM, allow_inf_nan=False,
                                    description="Great-circle distance from the organisation (km)")
    q: str = Field("", max_length=MAX_TEXT, description="Text in the partner's name")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    format: Literal["json", "csv"] = "json"
    encoding: CsvEncoding = "utf-8"


class PartnerPageQuery(PartnerQuery):
    """The page also takes the organisation as typed text (resolved to ``org`` by the view)."""

    org: OrganizationId | None = None  # type: ignore[assignment]


# ------------------------------------------------------------------------ responses


class Document(BaseModel):
    model_config = ConfigDict(extra="allow")


class SinetLayer(BaseModel):
    """A GeoJSON FeatureCollection of the backbone (EPSG:4326 lon/lat); a model, and says so."""

    model_config = ConfigDict(extra="allow")
    type: Literal["FeatureCollection"]
    modelled: bool
    notice: str | None = None
    features: list[dict[str, Any]]


class SinetPath(BaseModel):
    """A GeoJSON Feature: the route as a LineString, or ``null`` geometry off the network."""

    model_config = ConfigDict(extra="allow")
    type: Literal["Feature"]
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


class Suggestions(BaseModel):
    organizations: list[dict[str, Any]]


class PartnerResult(BaseModel):
    model_config = ConfigDict(extra="allow")
    origin: dict[str, Any]
    modelled: bool
    candidates: list[dict[str, Any]]
