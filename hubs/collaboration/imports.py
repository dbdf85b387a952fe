"""Replacing the SINET backbone: validating node and link CSVs and writing them atomically.

An import is all or nothing. Every row of both files is checked with the validation of
:class:`geo.sinet.Backbone` (numbers, EPSG:4326 lon/lat range, positive capacities and
lengths, known node codes, no self-links, no duplicates), all problems are collected so
that one upload names every bad row, and only then is the whole backbone built (which
also checks that it is connected). The tables are replaced in one transaction and the
generation number goes up, so every worker's cached backbone is rebuilt.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select

from geo.sinet import Backbone
from hubs.collaboration.backbone import SEED_LINKS, SEED_NODES, link_rows, node_rows
from hubs.collaboration.models import SinetBackboneVersion, SinetLink, SinetNode
from hubs.core.extensions import db
from hubs.core.tables import TableError, TableLimits, read_records

REQUIRED_NODE_COLUMNS = ("code", "lat", "lon", "capacity_gbps")
REQUIRED_LINK_COLUMNS = ("a", "b", "capacity_gbps", "length_km")
#: Origin recorded for the shipped model, so that ``flask seed`` knows it may refresh it.
SEED_ORIGIN = "seed_data/sinet_nodes.csv + seed_data/sinet_links.csv"
MAX_ROWS = 10_000


class BackboneImportError(ValueError):
    """The uploaded backbone is invalid; ``problems`` names every bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    nodes: int
    links: int
    generation: int
    changed: bool = True
    notes: list[str] = field(default_factory=list)


def read_csv_text(data: bytes | str, name: str) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV (a BOM is allowed) as dicts; BackboneImportError if unreadable."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BackboneImportError([f"{name}: not UTF-8 text (byte {error.start})"]) from None
    else:
        data = data.removeprefix("\ufeff")
    # The one table reader: row, column, cell and time caps, formula quotes undone.
    try:
        records = read_records(f"{name}.csv", data.encode("utf-8"), TableLimits.current(rows=MAX_ROWS + 1))
    except TableError as error:
        raise BackboneImportError([f"{name}: {error.text('en')}"]) from None
    return [{key: str(value) for key, value in row.items()} for _, row in records]


def _missing_columns(rows: list[Mapping[str, Any]], required: tuple[str, ...], name: str) -> list[str]:
    if not rows:
        return [f"{name}: no data rows"]
    missing = [c for c in required if c not in rows[0]]
    return [f"{name}: missing column(s) {', '.join(missing)}"] if missing else []


def _row_problem(error: ValueError, table: str, number: int) -> str | None:
    """The engine's message for a one-row table, renumbered to the row in the file."""
    text = str(error)
    if text.startswith(f"{table} row 1 "):
        # Data row n is line n + 1 of the file (after the header).
        return f"{table} row {number} (line {number + 1}) " + text[len(f"{table} row 1 "):]
    return None


def validate_backbone(nodes: list[Mapping[str, Any]], links: list[Mapping[str, Any]]) -> Backbone:
    """Check every row and build the backbone; BackboneImportError listing all problems.

    Parameters
    ----------
    nodes, links : list of mappings
        Rows as read from ``sinet_nodes.csv`` / ``sinet_links.csv`` (EPSG:4326 lon/lat).
    """
    problems = _missing_columns(nodes, REQUIRED_NODE_COLUMNS, "nodes") + _missing_columns(
        links, REQUIRED_LINK_COLUMNS, "links")
    if problems:
        raise BackboneImportError(problems)

    # Nodes one at a time: a one-node table with no links fails on the node itself if the
    # row is bad, and otherwise on the empty link table, which means the row is fine.
    good_nodes: list[Mapping[str, Any]] = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(nodes, start=1):
        try:
            Backbone([row], [])
        except ValueError as error:
            problem = _row_problem(error, "nodes", number)
            if problem:
                problems.append(problem)
                continue
        code = (row.get("code") or "").strip()
        if code in first_row:
            problems.append(f"nodes row {number} (line {number + 1}) (code={code!r}): duplicate node code, "
                            f"first in row {first_row[code]}")
            continue
        first_row[code] = number
        good_nodes.append(row)

    # Links one at a time between two stand-in nodes, so that a link is judged on its own
    # values (a bad node row is reported once, not again for each of its links); a bad
    # row fails while it is parsed, a good one builds a two-node backbone.
    seen: dict[frozenset[str], int] = {}
    known = {(row.get("code") or "").strip() for row in nodes} - {""}
    for number, row in enumerate(links, start=1):
        a, b = (row.get("a") or "").strip(), (row.get("b") or "").strip()
        unknown = [end for end in (a, b) if end not in known]
        if unknown:
            problems.append(f"links row {number} (line {number + 1}) (a={a!r}, b={b!r}): "
                            f"unknown node {', '.join(map(repr, unknown))}")
            continue
        try:
            Backbone([{"code": end, "lat": 0, "lon": 0, "capacity_gbps": 1} for end in dict.fromkeys((a, b))], [row])
        except ValueError as error:
            problem = _row_problem(error, "links", number)
            if problem:
                problems.append(problem)
                continue
        pair = frozenset((a, b))
        if pair in seen:
            problems.append(f"links row {number} (line {number + 1}) (a={a!r}, b={b!r}): duplicate link, "
                            f"first in row {seen[pair]}")
            continue
        seen[pair] = number
    if problems:
        raise BackboneImportError(problems)
    try:
        return Backbone(nodes, links)
    except ValueError as error:  # whole-table problems, e.g. a disconnected backbone
        raise BackboneImportError([str(error)]) from None


def _bump_generation(origin: str, imported_by: str) -> int:
    version = db.session.scalar(select(SinetBackboneVersion).limit(1))
    if version is None:
        version = SinetBackboneVersion(generation=0)
        db.session.add(version)
    version.generation = (version.generation or 0) + 1
    version.origin = origin[:200]
    version.imported_by = imported_by[:200]
    version.imported_at = datetime.now(UTC)
    return version.generation


def _write(backbone: Backbone) -> None:
    db.session.execute(delete(SinetLink))
    db.session.execute(delete(SinetNode))
    db.session.flush()
    for position, n in enumerate(backbone.nodes):
        db.session.add(SinetNode(
            code=n.code, position=position, prefecture_code=n.prefecture_code, name_ja=n.name_ja,
            name_en=n.name_en, city=n.city, lat=n.lat, lon=n.lon, location_precision=n.location_precision,
            capacity_gbps=n.capacity_gbps, core=n.core, modelled=n.modelled, source=n.source))
    for link in backbone.links:
        db.session.add(SinetLink(
            a=link.a, b=link.b, capacity_gbps=link.capacity_gbps, length_km=link.length_km,
            kind=link.kind, modelled=link.modelled, source=link.source))


def import_backbone(nodes: bytes | str | list, links: bytes | str | list, *, origin: str,
                    imported_by: str = "", commit: bool = True) -> ImportReport:
    """Validate and replace the backbone tables in one transaction.

    Parameters
    ----------
    nodes, links
        CSV bytes or text (UTF-8), or already-read rows.
    origin
        Where the data came from (file names), kept with the generation.
    imported_by
        Who imported it (an email, ``cli`` or ``seed``).
    commit
        Commit here (default) or leave it to the caller's transaction.

    Raises
    ------
    BackboneImportError
        Listing every bad row; nothing is written then.
    """
    node_table = nodes if isinstance(nodes, list) else read_csv_text(nodes, "nodes")
    link_table = links if isinstance(links, list) else read_csv_text(links, "links")
    backbone = validate_backbone(node_table, link_table)
    try:
        _write(backbone)
        generation = _bump_generation(origin, imported_by)
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportReport(nodes=len(backbone.nodes), links=len(backbone.links), generation=generation)


def import_backbone_files(nodes_path: str | Path, links_path: str | Path, *, imported_by: str = "cli") -> ImportReport:
    """:func:`import_backbone` from two files on disk."""
    nodes_path, links_path = Path(nodes_path), Path(links_path)
    cap = current_app.config.get("ATLAS_IMPORT_MAX_BYTES", 8 * 1024 * 1024)
    too_large = [f"{p.name}: larger than {cap} bytes" for p in (nodes_path, links_path) if p.stat().st_size > cap]
    if too_large:
        raise BackboneImportError(too_large)
    return import_backbone(nodes_path.read_bytes(), links_path.read_bytes(),
                           origin=f"{nodes_path.name} + {links_path.name}", imported_by=imported_by)


def _same(rows: list[dict[str, Any]], backbone_rows: list[dict[str, Any]]) -> bool:
    return rows == backbone_rows


def seed_sinet_tables(*, commit: bool = False) -> ImportReport:
    """Load the shipped SINET model into empty tables, or refresh it if it is still in use.

    Idempotent: when the tables already hold exactly the seed model nothing changes; when
    an admin has imported another backbone it is left alone (say ``flask sinet import`` with
    the seed files to go back). Joins the caller's transaction unless ``commit``.
    """
    version = db.session.scalar(select(SinetBackboneVersion).limit(1))
    count = db.session.scalar(select(func.count()).select_from(SinetNode))
    seed = validate_backbone(read_csv_text(SEED_NODES.read_bytes(), "nodes"),
                             read_csv_text(SEED_LINKS.read_bytes(), "links"))
    if count and version is not None and version.origin != SEED_ORIGIN:
        return ImportReport(nodes=count, links=db.session.scalar(select(func.count()).select_from(SinetLink)),
                            generation=version.generation, changed=False,
                            notes=[f"kept the imported backbone ({version.origin})"])
    if count and version is not None:
        wanted_nodes = [{**_node_dict(n)} for n in seed.nodes]
        wanted_links = [_link_dict(link) for link in seed.links]
        if _same(node_rows(), wanted_nodes) and _same(link_rows(), wanted_links):
            return ImportReport(nodes=len(seed.nodes), links=len(seed.links), generation=version.generation,
                                changed=False)
    _write(seed)
    generation = _bump_generation(SEED_ORIGIN, "seed")
    if commit:
        db.session.commit()
    return ImportReport(nodes=len(seed.nodes), links=len(seed.links), generation=generation)


def _node_dict(n: Any) -> dict[str, Any]:
    return {"code": n.code, "prefecture_code": n.prefecture_code, "name_ja": n.name_ja, "name_en": n.name_en,
            "city": n.city, "lat": n.lat, "lon": n.lon, "location_precision": n.location_precision,
            "capacity_gbps": n.capacity_gbps, "core": n.core, "modelled": n.modelled, "source": n.source}


def _link_dict(link: Any) -> dict[str, Any]:
    return {"a": link.a, "b": link.b, "capacity_gbps": link.capacity_gbps, "length_km": link.length_km,
            "kind": link.kind, "modelled": link.modelled, "source": link.source}


def backbone_status() -> dict[str, Any]:
    """What is in the tables now: counts, generation, origin, when and by whom."""
    version = db.session.scalar(select(SinetBackboneVersion).limit(1))
    return {
        "nodes": db.session.scalar(select(func.count()).select_from(SinetNode)),
        "links": db.session.scalar(select(func.count()).select_from(SinetLink)),
        "generation": version.generation if version else None,
        "origin": version.origin if version else "",
        "imported_by": version.imported_by if version else "",
        "imported_at": version.imported_at if version else None,
    }


