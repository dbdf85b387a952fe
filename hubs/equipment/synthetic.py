"""Synthetic machines for load tests (the equipment benchmark, ``tests/bench/bench_equipment.py``).

They are generated, never real: each sits at a synthetic organisation (``flask seed --synthetic``,
:mod:`hubs.organizations.synthetic`), its name says it is synthetic and for tests, and its
source says how it was made. The search leaves them out unless asked (``synthetic=include``).
Categories, fees and units are drawn so that a search sees what the real data look like: names
carry the category's Japanese label, three in five machines publish an hourly or per-sample fee.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import delete, func, select, text

from hubs.core.bulk import bulk_cache, insert_rows
from hubs.core.extensions import db
from hubs.equipment.models import Booking, Equipment
from hubs.equipment.vocabulary import CATEGORIES
from hubs.organizations.models import Organization

SOURCE = "synthetic load-test data generated for the equipment benchmark (not a real machine)"
#: Rows written per batch: bounded memory whatever the count.
BATCH = 20_000
#: Kinds of synthetic organisation that hold machines.
HOLDERS = ("public_lab", "university", "aist_oil", "aist_centre")
#: Makers named in the generated rows (instrument makers found in the real lists).
MAKERS = ("日本電子", "日立ハイテク", "島津製作所", "リガク", "ブルカー", "サーモフィッシャー", "キーエンス", "")


def add_synthetic_equipment(count: int, seed: int = 20261203) -> int:
    """Insert ``count`` synthetic machines at the synthetic organisations, in bulk; returns how
    many were added (none without synthetic organisations)."""
    if count <= 0:
        return 0
    holders = np.array(db.session.scalars(select(Organization.id).where(
        Organization.synthetic.is_(True), Organization.kind.in_(HOLDERS)).order_by(Organization.id)).all())
    if holders.size == 0:
        return 0
    rng = np.random.default_rng(seed)
    keys = np.array(list(CATEGORIES), dtype=object)
    start = (db.session.scalar(select(func.max(Equipment.id))) or 0) + 1
    now = datetime.now(UTC)
    constants = {"key": None, "fields": "", "training_required": None, "staff_operated": None, "year": None,
                 "out_of_prefecture_multiplier": None, "fee_notes": "", "source": SOURCE,
                 "checked_on": date.today(), "created_at": now, "updated_at": now}
    connection = db.session.connection()
    for first in range(0, count, BATCH):
        size = min(BATCH, count - first)
        ids = np.arange(start + first, start + first + size)
        owners = rng.choice(holders, size=size)
        categories = rng.choice(keys, size=size)
        makers = rng.choice(np.array(MAKERS, dtype=object), size=size)
        priced = rng.random(size) < 0.6
        hourly = rng.random(size) < 0.7
        rates = (rng.integers(5, 200, size=size) * 100).tolist()
        setups = (rng.integers(0, 30, size=size) * 100).tolist()
        rows = []
        for n, machine_id in enumerate(ids.tolist()):
            category = categories[n]
            label_ja, label_en, _fields = CATEGORIES[category]
            unit = ("hour" if hourly[n] else "sample") if priced[n] else None
            rows.append((machine_id, int(owners[n]), f"{label_ja} 合成{machine_id}（テスト用）",
                         f"{label_en} synthetic {machine_id} (test)", category, makers[n],
                         f"SYN-{machine_id % 997}", unit == "hour", "1時間" if unit == "hour" else "",
                         setups[n] if priced[n] else None, rates[n] if priced[n] else None, unit))
        insert_rows(connection, Equipment.__table__,
                    ("id", "organization_id", "name_ja", "name_en", "category", "maker", "model", "bookable",
                     "booking_unit", "setup_fee_jpy", "rate_jpy", "rate_unit"), rows, constants)
    if db.engine.dialect.name == "postgresql":
        connection.execute(text(
            "SELECT setval(pg_get_serial_sequence('equipment', 'id'), (SELECT max(id) FROM equipment))"))
        connection.execute(text("ANALYZE equipment"))
    db.session.commit()
    return count


def drop_synthetic_equipment() -> int:
    """Delete every machine at a synthetic organisation (and its bookings); returns how many."""
    connection = db.session.connection()
    machines = select(Equipment.id).join(Organization, Organization.id == Equipment.organization_id).where(
        Organization.synthetic.is_(True))
    with bulk_cache(connection):
        connection.execute(delete(Booking).where(Booking.equipment_id.in_(machines)))
        removed = connection.execute(delete(Equipment).where(Equipment.id.in_(machines))).rowcount
    db.session.commit()
    return int(removed or 0)
