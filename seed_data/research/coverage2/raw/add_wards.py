"""Append to geocoding/ward_offices.csv the ward offices (from raw/localgovjp_wards.csv) that coverage2 drafts name."""
import csv
from pathlib import Path
HERE = Path(__file__).resolve().parent
SEED = HERE.parents[2]
raw = {(r["prefecture_code"], r["city"]): r for r in csv.DictReader(open(HERE / "localgovjp_wards.csv", encoding="utf-8"))}
wf = SEED / "geocoding" / "ward_offices.csv"
have = {(r["prefecture_code"], r["city"]) for r in csv.DictReader(open(wf, encoding="utf-8"))}
need = set()
for f in (HERE.parent).glob("*.csv"):
    for r in csv.DictReader(open(f, encoding="utf-8")):
        c = (r["prefecture_code"], r["city"])
        if c in raw:
            need.add(c)
add = sorted(need - have)
with open(wf, "a", encoding="utf-8") as fh:
    for c in add:
        r = raw[c]
        fh.write(",".join(r[k] for k in ("prefecture_code", "city", "lat", "lon", "lgcode")) + "\n")
print("added wards:", add)
