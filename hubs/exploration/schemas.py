"""The exploration API's parameters, declared once (pydantic): the pages parse them with the
same models (:func:`hubs.core.params.parse_query`), and the OpenAPI document is written from them.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, field_validator

from geo.clusters import MIN_STRONG_COUNT
from hubs.core.params import CsvEncoding, QueryModel, ascii_number
from hubs.organizations.queries import Kind, PrefectureCode, ResearchField
from hubs.organizations.vocabulary import FIELDS, KINDS

DEFAULT_RADIUS_KM = 5.0
DEFAULT_MIN_SIZE = 5
MAX_RADIUS_KM = 50.0
#: Below 10 m every organisation is its own cluster; smaller radii only risk float underflow.
MIN_RADIUS_KM = 0.01

MEASURES = ("total", "per_100k", "hubs", *(f"kind:{k}" for k in KINDS), *(f"field:{f}" for f in FIELDS))
Measure = Literal[MEASURES]  # type: ignore[valid-type]


class SyntheticQuery(QueryModel):
    synthetic: Literal["include", "exclude"] = Field("include", description="Count synthetic (load-test) rows")

    @property
    def include_synthetic(self) -> bool:
        return self.synthetic == "include"


class ChoroplethQuery(SyntheticQuery):
    measure: Measure = Field("total", description="What to count per prefecture; see /api/v1/explore")
    format: Literal["json", "csv"] = "json"
    encoding: CsvEncoding = "utf-8"


class SpecialisationQuery(SyntheticQuery):
    field: tuple[ResearchField, ...] = Field((), description="Research fields")
    prefecture: tuple[PrefectureCode, ...] = Field((), description="JIS X 0401 codes 01..47")
    strong: bool = Field(False, description="Only strong clusters (1, true) or all rows (0, false)")
    min_count: int = Field(MIN_STRONG_COUNT, ge=1, le=100_000,
                           description="Fewest organisations of the field in the prefecture for a strong cluster")
    format: Literal["json", "csv"] = "json"
    encoding: CsvEncoding = "utf-8"

    @field_validator("prefecture", mode="before")
    @classmethod
    def _two_digits(cls, value: Any) -> Any:
        return [ascii_number(v).zfill(2) if isinstance(v, str) else v for v in value]



class ClusterParams(SyntheticQuery):
    """What a cluster search counts; together with a cluster id it is the cluster's key."""

    radius_km: float = Field(DEFAULT_RADIUS_KM, ge=MIN_RADIUS_KM, le=MAX_RADIUS_KM, allow_inf_nan=False,
                             description="Link organisations within this distance (km)")
    min_size: int = Field(DEFAULT_MIN_SIZE, ge=2, le=100_000, description="Smallest cluster")
    kind: tuple[Kind, ...] = Field((), description="Organisation kinds counted")
    field: tuple[ResearchField, ...] = Field((), description="Research fields counted")

    @field_validator("kind", "field")
    @classmethod
    def _canonical(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))

    @field_validator("radius_km", "min_size", mode="before")
    @classmethod
    def _ascii(cls, value: Any) -> Any:
        return ascii_number(value) if isinstance(value, str) else value

    def params(self) -> ClusterParams:
        """Only the detection parameters (a page's extra arguments dropped): the cache key."""
        return ClusterParams(radius_km=self.radius_km, min_size=self.min_size, kind=self.kind, field=self.field,
                             synthetic=self.synthetic)

    def query(self, **extra: Any) -> dict[str, Any]:
        """The canonical query arguments: the same parameters always give the same key."""
        args: dict[str, Any] = {"radius_km": f"{self.radius_km:g}", "min_size": self.min_size}
        if self.kind:
            args["kind"] = ",".join(self.kind)
        if self.field:
            args["field"] = ",".join(self.field)
        if not self.include_synthetic:
            args["synthetic"] = "exclude"
        args.update(extra)
        return args

    def key(self, cluster_id: int) -> str:
        """The stable key of one cluster: the canonical query string plus its id."""
        return urlencode(self.query(id=cluster_id))


class ClusterQuery(ClusterParams):
    id: int = Field(ge=1, le=2**31 - 1, description="The cluster's id in the answer of /api/v1/clusters")


class ExplorePageQuery(ClusterParams):
    measure: Measure = "total"


# ------------------------------------------------------------------------ responses


class Document(BaseModel):
    """A JSON document; its members are described in the README's page table."""

    model_config = ConfigDict(extra="allow")


class FeatureCollection(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["FeatureCollection"]
    features: list[Annotated[dict[str, Any], Field(description="RFC 7946 Feature")]]
