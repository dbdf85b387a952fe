"""The collaboration API's contract, declared once (pydantic): backbone layers, paths, partners.

The pages parse their parameters with the same models (:func:`hubs.core.params.parse_query`).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hubs.core.params import CsvEncoding, QueryModel
from hubs.core.routing import MAX_ID
from hubs.organizations.queries import Kind, ResearchField

MAX_TEXT = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 500
OrganizationId = Annotated[int, Field(ge=1, le=MAX_ID, description="An organisation's id")]


class SuggestQuery(QueryModel):
    q: str = Field("", max_length=MAX_TEXT, description="Text in the organisation's name")
    limit: int = Field(10, ge=1, le=50)


class PathQuery(QueryModel):
    model_config = ConfigDict(populate_by_name=True)

    origin: OrganizationId = Field(alias="from")
    destination: OrganizationId = Field(alias="to")


class PartnerQuery(QueryModel):
    """What a coordinator asks the partner finder."""

    org: OrganizationId = Field(description="The organisation looking for partners")
    field: ResearchField | None = Field(None, description="Research field the partner should work in")
    kind: tuple[Kind, ...] = Field((), description="Kinds of partner")
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
