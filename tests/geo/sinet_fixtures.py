"""Backbones and organisations for the SINET tests: a small constructed network and helpers.

Five nodes on a line of latitude 35°N (one a degree north), so figures can be checked by hand;
the seed model is read from ``seed_data/``. Fixtures using these are in ``conftest.py``.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODES_CSV = ROOT / "seed_data" / "sinet_nodes.csv"
LINKS_CSV = ROOT / "seed_data" / "sinet_links.csv"


def small_nodes() -> list[dict]:
    """Five nodes on a line of latitude 35°N, one a degree north; D is a 100 Gbps node."""
    return [
        {"code": "A", "prefecture_code": "01", "lon": 135.0, "lat": 35.0, "capacity_gbps": 400},
        {"code": "B", "prefecture_code": "02", "lon": 136.0, "lat": 35.0, "capacity_gbps": 400},
        {"code": "C", "prefecture_code": "03", "lon": 137.0, "lat": 35.0, "capacity_gbps": 400},
        {"code": "D", "prefecture_code": "04", "lon": 136.0, "lat": 36.0, "capacity_gbps": 100},
        {"code": "E", "prefecture_code": "05", "lon": 138.0, "lat": 35.0, "capacity_gbps": 400},
    ]


def small_links() -> list[dict]:
    """A square A-B-C-D-A and a spur C-E (a bridge); lengths chosen for easy sums."""
    return [
        {"a": "A", "b": "B", "capacity_gbps": 400, "length_km": 100},
        {"a": "B", "b": "C", "capacity_gbps": 400, "length_km": 100},
        {"a": "A", "b": "D", "capacity_gbps": 100, "length_km": 150},
        {"a": "D", "b": "C", "capacity_gbps": 400, "length_km": 150},
        {"a": "C", "b": "E", "capacity_gbps": 400, "length_km": 50},
    ]


def org(ident: str, node: dict, *, connected: str | None = "yes", **extra) -> dict:
    """An organisation sitting exactly on ``node`` (access leg 0 km)."""
    record = {
        "id": ident,
        "lon": node["lon"],
        "lat": node["lat"],
        "prefecture_code": node["prefecture_code"],
        "sinet_connected": connected,
    }
    record.update(extra)
    return record


def place(ident: str, lon: float, lat: float, prefecture_code: str) -> dict:
    """A connected organisation at (lon, lat), EPSG:4326."""
    return {
        "id": ident,
        "lon": lon,
        "lat": lat,
        "prefecture_code": prefecture_code,
        "sinet_connected": "yes",
    }


def at(code: str) -> dict:
    """The small network's node ``code``."""
    return next(n for n in small_nodes() if n["code"] == code)


def candidates() -> list[dict]:
    """Partner candidates on the small network: labs and a university, one off SINET, one unknown."""
    return [
        org("lab-b", at("B"), kind="public_lab", fields="materials", name_ja="B県工業技術センター"),
        org("lab-c", at("C"), kind="public_lab", fields=["materials", "bio"]),
        org("uni-b", at("B"), kind="university", fields="bio"),
        org("lab-d-off", at("D"), connected="no", kind="public_lab", fields="materials"),
        org("lab-e-unknown", at("E"), connected="unknown", kind="public_lab", fields="materials"),
        org("origin", at("A"), kind="university", fields="materials"),
    ]
