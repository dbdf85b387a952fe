"""The organisation table as one pandas DataFrame per process, rebuilt only when the data change.

Choropleths, location quotients, cluster detection and area statistics all read every
organisation. Loading 100,000 rows through the ORM on each request would cost seconds;
instead :func:`organization_frame` keeps one DataFrame per database, keyed by a cheap
*data version* (row counts, the highest id and the latest ``updated_at``), and derived
results (clusters, for instance) are memoised against the same version with :func:`hubs.core.cache.memo`.
Any insert, delete or edit changes the version, so nothing stale is ever served.

Coordinates are EPSG:4326 lon/lat.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from sqlalchemy import func, select

from hubs.core.cache import database_key, fresh_version
from hubs.core.extensions import db
from hubs.core.registry import hooks
from hubs.organizations.cells import read_stamp
from hubs.organizations.models import Organization, OrganizationField, Prefecture

T = TypeVar("T")

#: Columns of :attr:`OrganizationFrame.orgs`, the input geo.clusters expects plus labels.
COLUMNS = ("id", "kind", "prefecture_code", "fields", "lon", "lat", "synthetic", "name_ja", "name_en")

_LOCK = threading.Lock()
_FRAMES: dict[str, OrganizationFrame] = {}


@dataclass(frozen=True)
class OrganizationFrame:
    """Every organisation as of ``version``; ``fields`` is a ``;``-separated string."""

    version: tuple
    orgs: pd.DataFrame


def answer_version() -> tuple:
    """:func:`data_version` with the versions of what features add to organisations
    (hook ``organization.data_version``: the certified hubs, for instance)."""
    return (data_version(), *(version() for version in hooks("organization.data_version")))


def data_version() -> tuple:
    """The fingerprint of :func:`read_data_version`, kept as :func:`hubs.core.cache.fresh_version`
    keeps it: another process's edit is seen within a second, this process's own at once."""
    return fresh_version("organizations", read_data_version)


def read_data_version() -> tuple:
    """A cheap fingerprint of the organisation tables: changes whenever a row does.

    The :class:`~hubs.organizations.models.DataStamp` every write moves (ORM flushes and the
    bulk paths, :mod:`hubs.organizations.cells`), and, should a write pass by it, the
    highest ids and the latest ``updated_at``: each one index lookup, so a check costs
    under a millisecond at 1,000,000 rows (the row counts it read before took 0.6 s).
    """
    def scalar(expression) -> object:
        return db.session.execute(select(expression)).scalar()

    return (
        read_stamp(db.session.connection()), scalar(func.max(Organization.id)),
        str(scalar(func.max(Organization.updated_at))), scalar(func.max(OrganizationField.id)),
    )


def _load() -> pd.DataFrame:
    # Plain tuples and one dict pass: building from Row objects or a pandas groupby-join
    # costs seconds at 100,000 organisations; this takes a fraction of one.
    connection = db.session.connection()  # Core rows: no ORM loading overhead
    rows = connection.execute(select(
        Organization.id, Organization.kind, Organization.prefecture_code, Organization.lon, Organization.lat,
        Organization.synthetic, Organization.name_ja, Organization.name_en,
    ).order_by(Organization.id)).all()
    names = ["id", "kind", "prefecture_code", "lon", "lat", "synthetic", "name_ja", "name_en"]
    columns = list(zip(*rows)) if rows else [()] * len(names)
    orgs = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in zip(names, columns)})
    joined: dict[int, str] = {}
    for org_id, field_name in connection.execute(select(OrganizationField.organization_id, OrganizationField.field)
                                                 .order_by(OrganizationField.organization_id, OrganizationField.position)):
        previous = joined.get(org_id)
        joined[org_id] = field_name if previous is None else f"{previous};{field_name}"
    orgs["id"] = orgs["id"].astype("int64")
    orgs["fields"] = pd.Series([joined.get(i, "") for i in orgs["id"].tolist()], dtype=object)
    orgs["synthetic"] = orgs["synthetic"].astype(bool)
    orgs["lon"] = orgs["lon"].astype(float)
    orgs["lat"] = orgs["lat"].astype(float)
    for name in ("kind", "prefecture_code", "name_ja", "name_en"):
        orgs[name] = orgs[name].astype(object)
    return orgs[list(COLUMNS)]


def fresh_frame() -> OrganizationFrame | None:
    """The cached frame if it matches the current data version; never builds one."""
    cached = _FRAMES.get(database_key())
    return cached if cached is not None and cached.version == data_version() else None


def organization_frame() -> OrganizationFrame:
    """The cached frame for the current app's database, reloaded if the data version moved."""
    key = database_key()
    version = data_version()
    cached = _FRAMES.get(key)
    if cached is not None and cached.version == version:
        return cached
    with _LOCK:
        cached = _FRAMES.get(key)
        if cached is None or cached.version != version:
            cached = OrganizationFrame(version, _load())
            _FRAMES[key] = cached
    return cached


def prefecture_table() -> pd.DataFrame:
    """The 47 prefectures (no boundaries): ``code, name_ja, name_en, region, population_2020``."""
    rows = db.session.execute(select(
        Prefecture.code, Prefecture.name_ja, Prefecture.name_en, Prefecture.region, Prefecture.population_2020,
    ).order_by(Prefecture.code)).all()
    return pd.DataFrame(rows, columns=["code", "name_ja", "name_en", "region", "population_2020"])
