"""Write coverage2/<file>.csv from manual_rows.py (rows read one by one)."""
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from manual_rows import ROWS  # noqa: E402

COLS = ("key,kind,name_ja,name_en,prefecture_code,city,address,lat,lon,location_precision,fields,website,"
        "sinet_connected,parent_key,source,checked_on,coord_source,lab_domain,agency,company,started_on,ended_on,"
        "hub_track,selected_on,valid_until,renewal_state,notes").split(",")
by_file = {}
for file, row in ROWS:
    by_file.setdefault(file, []).append({c: row.get(c, "") for c in COLS})
keys = [r["key"] for rows in by_file.values() for r in rows]
dup = {k for k in keys if keys.count(k) > 1}
assert not dup, dup
for file, rows in by_file.items():
    with open(HERE.parent / f"{file}.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(file, len(rows))
