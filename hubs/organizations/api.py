"""The organisations' JSON API under ``/api/v1``: thin views over the same services as the pages."""
from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response, current_app, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from pydantic import Field, field_validator

from hubs.core.limits import expensive_read
from hubs.core.errors import NotFound, ParameterError
from hubs.core.i18n import current_language
from hubs.core.openapi import endpoint
from hubs.core.params import PageQuery
from hubs.core.responses import GEOJSON, cached_json, geojson_response, next_link
from hubs.organizations.aggregation import map_features
from hubs.organizations.frame import answer_version, data_version
from hubs.organizations.queries import OrganizationQuery, count_organizations, get_organization
from hubs.organizations.coverage import data_summary
from hubs.organizations.schemas import (
    DataSummary,
    OrganizationCollection,
    OrganizationFeature,
    PrefectureCollection,
)
from hubs.organizations.serialisers import (
    organization_feature, organization_page, organizations_csv, prefecture_summaries,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

_ENCODINGS = {"utf8": "utf-8", "shift-jis": "cp932", "shift_jis": "cp932", "sjis": "cp932", "windows-31j": "cp932"}


class OrganizationsRequest(OrganizationQuery, PageQuery):
    """The filters, plus how to answer: map ``zoom``, a page (``limit``, ``cursor``), or CSV."""

    zoom: int | None = Field(None, ge=0, le=22, description=(
        "Map zoom: many matches come as grid-cell counts. Without it the matches come in pages "
        "ordered by id: `limit` per page, the next one at `next` (also a `Link: rel=\"next\"` header)"))
    format: Literal["geojson", "csv"] = "geojson"
    encoding: Literal["utf-8", "cp932"] = Field("utf-8", description="CSV: UTF-8 with BOM, or Shift_JIS (cp932)")
    header: Literal["keys", "ja", "en"] = Field("keys", description="CSV header row: column keys or labels")

    @field_validator("encoding", mode="before")
    @classmethod
    def _encoding_alias(cls, value: object) -> object:
        return _ENCODINGS.get(value.lower(), value.lower()) if isinstance(value, str) else value


@bp.get("/organizations")
@expensive_read
@endpoint("listOrganizations", query=OrganizationsRequest, responses={200: OrganizationCollection, 304: None},
          media={200: {GEOJSON: OrganizationCollection, "text/csv": {"type": "string"}}}, errors=(429,),
          tags=("organizations",))
def organizations(query: OrganizationsRequest) -> ResponseReturnValue:
    """Organisations as GeoJSON: with ``zoom`` what the map draws (cell counts when many), else
    one page ordered by id; or all of them as CSV with ``format=csv``."""
    if query.format == "csv":
        cap = current_app.config["ATLAS_MAX_CSV_ROWS"]
        if count_organizations(query) > cap:
            # Built whole in memory until exports stream: never an answer of unbounded size.
            raise ParameterError("format", _l(
                "More than %(n)s organisations match: narrow the filters or the box (bbox) to export them.",
                n=format(cap, ",")))
        return Response(
            organizations_csv(query.statement(), query.encoding, query.header),
            content_type=f"text/csv; charset={'shift_jis' if query.encoding == 'cp932' else 'utf-8'}",
            headers={"Content-Disposition": 'attachment; filename="organizations.csv"'},
        )
    lang = current_language()
    if query.zoom is None:
        return cached_json("api.organizations.page", (query.cache_key(), lang), answer_version(), lambda: (
            organization_page(query, query.after, query.page_size, lang,
                              lambda last: url_for("api.organizations", **query.next_args(last)))),
            GEOJSON, headers=next_link)
    zoom = query.zoom
    return cached_json("api.organizations", (query.cache_key(), lang), answer_version(),
                       lambda: map_features(query, zoom, lang), GEOJSON)


@bp.get("/organizations/<int:org_id>")
@endpoint("getOrganization", responses={200: OrganizationFeature, 304: None}, errors=(404,),
          media={200: {GEOJSON: OrganizationFeature}}, tags=("organizations",))
def organization(org_id: int) -> ResponseReturnValue:
    """One organisation as a GeoJSON Feature."""
    org = get_organization(org_id)
    if org is None:
        raise NotFound(_l("No organisation with id %(id)s.", id=org_id))
    return geojson_response(organization_feature(org, current_language()))


@bp.get("/prefectures")
@endpoint("listPrefectures", responses={200: PrefectureCollection, 304: None},
          media={200: {GEOJSON: PrefectureCollection}}, tags=("organizations",))
def prefectures() -> ResponseReturnValue:
    """The 47 prefecture boundaries with organisation counts per kind."""
    lang = current_language()
    return cached_json("api.prefectures", lang, data_version(), lambda: prefecture_summaries(lang), GEOJSON)


@bp.get("/data")
@endpoint("getDataSummary", responses={200: DataSummary, 304: None}, tags=("organizations",))
def data() -> ResponseReturnValue:
    """How complete the map is: counts per kind and prefecture, precision, sources, checks, gaps, licences."""
    lang = current_language()
    return cached_json("api.data", lang, data_version(), lambda: data_summary(lang))
