"""The organisations' JSON API under ``/api/v1``: thin views over the same services as the pages."""
from __future__ import annotations

from typing import Literal

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from pydantic import Field

from hubs.core.limits import expensive_read, expensive_read_unless
from hubs.core.errors import NotFound, ParameterError
from hubs.core.i18n import current_language
from hubs.core.openapi import endpoint
from hubs.core.params import CsvEncoding, PageQuery, parse_query
from hubs.core.responses import (
    GEOJSON, GEOJSON_SEQ, cached_file, cached_file_ready, cached_json, geojson_response, next_link,
)
from hubs.organizations.aggregation import map_features
from hubs.organizations.frame import answer_version, data_version
from hubs.organizations.queries import OrganizationQuery, get_organization
from hubs.organizations.coverage import data_summary
from hubs.organizations.schemas import (
    DataSummary,
    OrganizationCollection,
    OrganizationExport,
    OrganizationFeature,
    PlaceCollection,
    PrefectureCollection,
)
from hubs.organizations.places import PLACES_FILE, places as place_collection
from hubs.organizations.serialisers import (
    export_file, organization_feature, organization_page, prefecture_summaries,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

class ExportRequest(OrganizationQuery):
    """The filters, and the file to write every match into."""

    format: Literal["geojson", "geojsonseq", "csv"] = Field("geojson", description=(
        "geojson: one RFC 7946 FeatureCollection; geojsonseq: RFC 8142 GeoJSON Text Sequences "
        "(application/geo+json-seq), one Feature per record; csv: the columns imports read"))
    encoding: CsvEncoding = "utf-8"
    header: Literal["keys", "ja", "en"] = Field("keys", description="CSV header row: column keys or labels")


class OrganizationsRequest(OrganizationQuery, PageQuery):
    """The filters, plus how to answer: map ``zoom`` or a page (``limit``, ``cursor``)."""

    zoom: int | None = Field(None, ge=0, le=22, description=(
        "Map zoom: many matches come as grid-cell counts. Without it the matches come in pages "
        "ordered by id: `limit` per page, the next one at `next` (also a `Link: rel=\"next\"` header)"))
    format: Literal["geojson", "csv"] = Field("geojson", description=(
        "csv: every match as CSV, now at /api/v1/organizations/export (308 there)"))
    encoding: CsvEncoding = "utf-8"
    header: Literal["keys", "ja", "en"] = Field("keys", description="CSV header row: column keys or labels")


@bp.get("/organizations")
@expensive_read
@endpoint("listOrganizations", query=OrganizationsRequest,
          responses={200: OrganizationCollection, 304: None, 308: None},
          media={200: {GEOJSON: OrganizationCollection}}, errors=(429,), tags=("organizations",))
def organizations(query: OrganizationsRequest) -> ResponseReturnValue:
    """Organisations as GeoJSON: with ``zoom`` what the map draws (cell counts when many), else
    one page ordered by id. ``format=csv`` moved to the export (a permanent redirect there)."""
    if query.format == "csv":
        kept = set(ExportRequest.model_fields)
        args = {name: value for name, value in query.query_args().items() if name in kept}
        return redirect(url_for("api.export_organizations", **args), 308)
    lang = current_language()
    if query.zoom is None:
        return cached_json("api.organizations.page", (query.cache_key(), lang), answer_version(), lambda: (
            organization_page(query, query.after, query.page_size, lang,
                              lambda last: url_for("api.organizations", **query.next_args(last)))),
            GEOJSON, headers=next_link)
    zoom = query.zoom
    return cached_json("api.organizations", (query.cache_key(), lang), answer_version(),
                       lambda: map_features(query, zoom, lang), GEOJSON)


def _range_of_a_written_export() -> bool:
    """A ``Range`` request for an export file already written: reading it costs no more than a
    static file, and GDAL's ``/vsicurl/`` sends dozens of them per file."""
    if request.range is None:
        return False
    try:
        query = parse_query(ExportRequest, request.args)
    except ParameterError:
        return False
    lang = current_language() if query.format != "csv" else ""
    return cached_file_ready("api.organizations.export", (query.cache_key(), lang), answer_version())


@bp.get("/organizations/export")
@expensive_read_unless(_range_of_a_written_export)
@endpoint("exportOrganizations", query=ExportRequest, responses={200: OrganizationExport, 206: None, 304: None},
          media={200: {GEOJSON: OrganizationExport, GEOJSON_SEQ: {"type": "string"}, "text/csv": {"type": "string"}},
                 206: {GEOJSON: {"type": "string"}, GEOJSON_SEQ: {"type": "string"}, "text/csv": {"type": "string"}}},
          errors=(416, 429), tags=("organizations",))
def export_organizations(query: ExportRequest) -> ResponseReturnValue:
    """Every organisation matching the filters, as one file: GeoJSON, GeoJSON Text Sequences or CSV.

    Written once per data version and sent with an ETag and byte ranges (``Range``), so GDAL
    reads it by URL (``/vsicurl/``) and a client that has it gets 304.
    """
    lang = current_language() if query.format != "csv" else ""  # CSV holds no labels
    write, mimetype, filename = export_file(query.statement(), query.format, lang, query.encoding, query.header)
    return cached_file("api.organizations.export", (query.cache_key(), lang), answer_version(), write,
                       mimetype, filename)


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


@bp.get("/places")
@endpoint("listPlaces", responses={200: PlaceCollection, 304: None}, media={200: {GEOJSON: PlaceCollection}},
          tags=("organizations",))
def places() -> ResponseReturnValue:
    """Prefectural capitals and designated cities, for maps to label with no tiles."""
    lang = current_language()
    return cached_json("api.places", lang, PLACES_FILE.stat().st_mtime_ns, lambda: place_collection(lang), GEOJSON)


@bp.get("/data")
@endpoint("getDataSummary", responses={200: DataSummary, 304: None}, tags=("organizations",))
def data() -> ResponseReturnValue:
    """How complete the map is: counts per kind and prefecture, precision, sources, checks, gaps, licences."""
    lang = current_language()
    return cached_json("api.data", lang, data_version(), lambda: data_summary(lang))
