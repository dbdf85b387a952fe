"""Append to geocoding/ward_offices.csv the ward offices (from raw/localgovjp_wards.csv) that coverage2 drafts name."""
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[2]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


raw = {(r["prefecture_code"], r["city"]): r for r in _rows(HERE / "localgovjp_wards.csv")}
wf = SEED / "geocoding" / "ward_offices.csv"
have = {(r["prefecture_code"], r["city"]) for r in _rows(wf)}
need = {(r["prefecture_code"], r["city"]) for f in HERE.parent.glob("*.csv") for r in _rows(f)} & raw.keys()
add = sorted(need - have)
with wf.open("a", encoding="utf-8") as fh:
    for c in add:
        fh.write(",".join(raw[c][k] for k in ("prefecture_code", "city", "lat", "lon", "lgcode")) + "\n")
print("added wards:", add)
