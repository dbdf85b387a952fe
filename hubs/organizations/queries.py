"""Questions about organisations, asked once and answered for both HTML pages and the API.

:class:`OrganizationQuery` declares the filters (it parses ``/organizations`` and
``/api/v1/organizations`` alike and documents them); :func:`find_organizations` runs it.
Coordinates are EPSG:4326 longitude/latitude.
"""
from __future__ import annotations

import math
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BeforeValidator, Field, field_validator
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from geo.grid import in_bbox
from hubs.core.extensions import db
from hubs.core.params import QueryModel, ascii_number, custom_error
from hubs.organizations.models import Organization, OrganizationField, Prefecture
from hubs.organizations.spatial import box_condition
from hubs.organizations.vocabulary import FIELDS, KINDS, PREFECTURE_CODES, REGIONS, SINET_STATES

MAX_QUERY_LENGTH = 200

Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
Region = Literal[tuple(REGIONS)]  # type: ignore[valid-type]
ResearchField = Literal[tuple(FIELDS)]  # type: ignore[valid-type]
SinetState = Literal[tuple(SINET_STATES)]  # type: ignore[valid-type]
PrefectureCode = Annotated[Literal[PREFECTURE_CODES],  # type: ignore[valid-type]
                           BeforeValidator(lambda v: ascii_number(v).zfill(2) if isinstance(v, str) and v else v)]
"""A JIS X 0401 code; ``1`` and full-width ``０１`` read as ``01``."""
BBox = tuple[Annotated[float, Field(ge=-180, le=180)], Annotated[float, Field(ge=-90, le=90)],
             Annotated[float, Field(ge=-180, le=180)], Annotated[float, Field(ge=-90, le=90)]]


class OrganizationQuery(QueryModel):
    """Filters on organisations; an empty list means no filter on that attribute."""

    kind: list[Kind] = Field(default_factory=list, description="Organisation kinds")
    prefecture: list[PrefectureCode] = Field(default_factory=list, description="JIS X 0401 codes 01..47")
    region: list[Region] = Field(default_factory=list, description="産技連 regions")
    field: list[ResearchField] = Field(default_factory=list, description="Research fields")
    sinet: list[SinetState] = Field(default_factory=list, description="SINET connection states")
    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Text in name, city or address")
    bbox: BBox | None = Field(None, description=(
        "minlon,minlat,maxlon,maxlat in EPSG:4326, edges inclusive; the two corners may come in "
        "either order"), json_schema_extra={"style": "form", "explode": False})
    synthetic: Literal["include", "exclude"] = Field("include", description="Count synthetic (load-test) rows")

    @field_validator("bbox", mode="before")
    @classmethod
    def _four_numbers(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple) or len(value) != 4:
            raise custom_error("bbox", "Expected four numbers: minlon,minlat,maxlon,maxlat.")
        try:
            numbers = [float(ascii_number(str(v)).strip()) for v in value]
        except ValueError:
            raise custom_error("bbox", "Expected four numbers: minlon,minlat,maxlon,maxlat.") from None
        if not all(math.isfinite(n) for n in numbers):
            raise custom_error("bbox", "Expected four numbers: minlon,minlat,maxlon,maxlat.")
        return numbers

    @field_validator("bbox")
    @classmethod
    def _corners_in_order(cls, value: BBox | None) -> BBox | None:
        if value is None:
            return None
        lon1, lat1, lon2, lat2 = value
        return (min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2))

    def filters_key(self) -> str:
        """:meth:`cache_key` of the filters alone (not how the answer is paged or formatted)."""
        return OrganizationQuery.model_validate(self.model_dump(include=set(OrganizationQuery.model_fields), exclude_none=True)).cache_key()

    @property
    def include_synthetic(self) -> bool:
        return self.synthetic == "include"

    def frame_mask(self, orgs: pd.DataFrame) -> np.ndarray:
        """The same filters (but ``sinet`` and ``text``) over :mod:`hubs.organizations.frame`'s table."""
        mask = np.ones(len(orgs), dtype=bool)
        if self.kind:
            mask &= orgs["kind"].isin(self.kind).to_numpy()
        prefectures = set(self.prefecture)
        if self.region:
            in_regions = set(db.session.scalars(select(Prefecture.code).where(Prefecture.region.in_(self.region))))
            prefectures = prefectures & in_regions if prefectures else in_regions
        if self.prefecture or self.region:
            mask &= orgs["prefecture_code"].isin(prefectures).to_numpy()
        if self.field:
            pattern = "(?:^|;)(?:" + "|".join(self.field) + ")(?:;|$)"
            mask &= orgs["fields"].str.contains(pattern, regex=True).to_numpy()
        if self.bbox:
            mask &= in_bbox(orgs["lon"].to_numpy(), orgs["lat"].to_numpy(), self.bbox)
        if not self.include_synthetic:
            mask &= ~orgs["synthetic"].to_numpy()
        return mask

    def statement(self) -> Select:
        stmt = select(Organization)
        if self.kind:
            stmt = stmt.where(Organization.kind.in_(self.kind))
        if self.prefecture:
            stmt = stmt.where(Organization.prefecture_code.in_(self.prefecture))
        if self.region:
            stmt = stmt.where(Organization.prefecture_code.in_(
                select(Prefecture.code).where(Prefecture.region.in_(self.region))
            ))
        if self.field:
            stmt = stmt.where(Organization.id.in_(
                select(OrganizationField.organization_id).where(OrganizationField.field.in_(self.field))
            ))
        if self.sinet:
            stmt = stmt.where(Organization.sinet_connected.in_(self.sinet))
        if self.q:
            pattern = "%" + self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(or_(*(
                column.ilike(pattern, escape="\\")
                for column in (Organization.name_ja, Organization.name_en, Organization.city, Organization.address)
            )))
        if self.bbox:
            stmt = stmt.where(box_condition(db.session.connection(), self.bbox))
        if not self.include_synthetic:
            stmt = stmt.where(Organization.synthetic.is_(False))
        return stmt


def find_organizations(query: OrganizationQuery, limit: int | None = None, offset: int = 0) -> list[Organization]:
    """Organisations matching ``query``, ordered by prefecture, kind and Japanese name."""
    stmt = query.statement().order_by(Organization.prefecture_code, Organization.kind, Organization.name_ja, Organization.id)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(db.session.scalars(stmt.options(selectinload(Organization.parent))))


def count_organizations(query: OrganizationQuery) -> int:
    return db.session.scalar(select(func.count()).select_from(query.statement().subquery()))


def get_organization(org_id: int) -> Organization | None:
    return db.session.get(Organization, org_id)


def all_prefectures() -> list[Prefecture]:
    return list(db.session.scalars(select(Prefecture).order_by(Prefecture.code)))


