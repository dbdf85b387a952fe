"""Places a map labels without tiles: the 47 prefectural capitals and the designated cities
that are not capitals (``seed_data/places.csv``, reference data; see ``seed_data/SCHEMA.md``)."""
from __future__ import annotations

import csv
from functools import lru_cache
from typing import Any

from hubs.core.config import SEED_DIR

PLACES_FILE = SEED_DIR / "places.csv"


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    with PLACES_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def places(lang: str = "ja") -> dict[str, Any]:
    """The places as an RFC 7946 FeatureCollection (EPSG:4326), named in ``lang``."""
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": f"{row['prefecture_code']}-{row['name_en']}",
        "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
        "properties": {"name": row["name_en"] if lang == "en" else row["name_ja"], "name_ja": row["name_ja"],
                       "name_en": row["name_en"], "role": row["role"], "prefecture_code": row["prefecture_code"]},
    } for row in _rows()]}
