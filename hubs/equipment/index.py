"""The equipment search's index: every machine as columns in memory, built once per data version.

At 100,000 machines a search in SQL pays for a scan of the name columns (``LIKE '%kw%'`` finds
no index: 150 ms on SQLite) and then for loading every match as an object to work out its
fee (3 s when a keyword matches thousands). Here each machine is a position in a set of numpy
columns, in the order the search lists them (prefecture, organisation, name, id); a query is a
few vectorised masks, a substring search over one normalised text, and integer fee arithmetic
that is exact (multipliers are kept in thousandths, as the ``Numeric(6, 3)`` columns hold them,
and a fee is rounded down to the yen as the ordinances say). Only the page shown is loaded from
the database. The index is kept per process by :func:`hubs.core.cache.memo` and rebuilt when the
machines, the fee rules or the organisations change (:func:`version`).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from sqlalchemy import func, select

from hubs.core.bulk import fetch_rows
from hubs.core.cache import fresh_version, memo
from hubs.core.extensions import db
from hubs.equipment.models import Equipment, FeeRule
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS
from hubs.organizations.frame import data_version
from hubs.organizations.models import Organization, Prefecture
from hubs.organizations.vocabulary import FIELDS

#: Separates the machines' texts in :attr:`Index.text` (never in a normalised keyword).
_SEP = "\x1e"
CATEGORY_KEYS = list(CATEGORIES)
UNIT_KEYS = ["", *RATE_UNITS]


def normalise(text: str) -> str:
    """What a keyword and a machine's text are compared as: NFKC (全角 Ａ → A, ｶﾅ → カナ), case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass
class Rule:
    """One lab's (or prefecture's public labs') out-of-prefecture rule, in thousandths."""

    milli: int
    waived: frozenset[str]
    source: str


@dataclass
class Index:
    ids: np.ndarray
    org_ids: np.ndarray
    category: np.ndarray  # position in CATEGORY_KEYS
    prefecture: np.ndarray  # JIS code as an int
    region: np.ndarray  # object: region key
    synthetic: np.ndarray
    bookable: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    setup: np.ndarray  # int64 yen, 0 when none
    rate: np.ndarray  # int64 yen, -1 when the lab publishes none
    unit: np.ndarray  # position in UNIT_KEYS
    own_milli: np.ndarray  # the machine's own multiplier in thousandths, 0 when none
    rule: np.ndarray  # position in ``rules``, -1 when none applies
    rules: list[Rule]
    text: bytes  # each machine's normalised text, UTF-8, one a line
    starts: np.ndarray  # where each machine's text begins in ``text`` (byte offsets)
    fields: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def memory_usage(self, deep: bool = True) -> int:
        """Bytes held (for :func:`hubs.core.cache.sizeof`)."""
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)] + list(self.fields.values())
        return sum(a.nbytes for a in arrays) + len(self.ids) * 64 + len(self.text)

    def matching_among(self, keyword: str, among: np.ndarray) -> np.ndarray:
        """:meth:`matching_text` restricted to the positions ``among``: each machine's own text is
        searched, cheaper than the whole text when the other filters left few machines."""
        found = np.zeros(len(self), dtype=bool)
        needle_text = normalise(keyword)
        needle = needle_text.encode()
        if not needle or _SEP in needle_text or "\n" in needle_text:
            return found
        text, starts = self.text, self.starts
        ends = np.append(starts[1:] - 1, len(text))
        hits = [n for n, a, b in zip(among.tolist(), starts[among].tolist(), ends[among].tolist())
                if text.find(needle, a, b) != -1]
        found[hits] = True
        return found

    def matching_text(self, keyword: str) -> np.ndarray:
        """A mask of the machines whose name, maker or model contains ``keyword`` (normalised).
        The text is searched as UTF-8 bytes: half the memory of the str, and a byte search."""
        found = np.zeros(len(self), dtype=bool)
        needle_text = normalise(keyword)
        needle = needle_text.encode()
        if not needle or _SEP in needle_text or "\n" in needle_text:
            return found
        hits, text = [], self.text
        at = text.find(needle)
        while at != -1:
            hits.append(at)
            at = text.find(needle, at + len(needle))
        if hits:
            found[np.searchsorted(self.starts, np.array(hits), side="right") - 1] = True
        return found

    def multiplier_milli(self, requester: str | None) -> np.ndarray:
        """The multiplier (thousandths) each machine's fee takes for a requester from ``requester``."""
        if requester is None:
            return np.full(len(self), 1000, dtype=np.int64)
        per_rule = np.array([1000 if requester in r.waived else r.milli for r in self.rules] + [1000], dtype=np.int64)
        milli = per_rule[self.rule]  # rule -1 → the trailing 1000
        milli = np.where(self.own_milli > 0, self.own_milli, milli)
        return np.where(self.prefecture == int(requester), 1000, milli)

    def totals(self, requester: str | None, hours: float) -> np.ndarray:
        """Each machine's fee in yen for ``hours`` (-1 where no fee is published), exactly as
        :func:`hubs.equipment.fees.estimate_fee` works it out."""
        from hubs.equipment.fees import units_for

        units = np.array([1] + [units_for(hours, RATE_UNITS[u][2]) for u in UNIT_KEYS[1:]], dtype=np.int64)
        base = self.setup + self.rate * units[self.unit]
        total = base * self.multiplier_milli(requester) // 1000
        return np.where(self.rate >= 0, total, -1)


def read_version() -> tuple:
    """A fingerprint of the machines and fee rules: changes whenever a row does (indexed aggregates)."""
    def scalar(expression) -> object:
        return db.session.execute(select(expression)).scalar()

    return (scalar(func.count(Equipment.id)), scalar(func.max(Equipment.id)), str(scalar(func.max(Equipment.updated_at))),
            scalar(func.count(FeeRule.id)), scalar(func.max(FeeRule.id)), str(scalar(func.max(FeeRule.checked_on))))


def version() -> tuple:
    """The organisations' data version with :func:`read_version`, each kept as
    :func:`hubs.core.cache.fresh_version` keeps it (another process's edit shows within a second)."""
    return (data_version(), fresh_version("equipment", read_version))


def _milli(value: Decimal | float | str | None) -> int:
    return 0 if value is None else int(Decimal(str(value)) * 1000)


def _clean(text: str | None) -> str:
    return (text or "").replace("\n", " ").replace(_SEP, " ")


def build() -> Index:
    """Read every machine once (plain driver rows, no objects) into an :class:`Index`: column by
    column, and the text normalised in one pass (one NFKC call, line ends found by numpy)."""
    by_org: dict[int, int] = {}
    by_prefecture: dict[str, int] = {}
    rules: list[Rule] = []
    for rule in db.session.scalars(select(FeeRule).order_by(FeeRule.id)):
        rules.append(Rule(_milli(rule.multiplier), frozenset(rule.waived_codes), rule.source))
        if rule.organization_id is not None:
            by_org[rule.organization_id] = len(rules) - 1
        else:
            by_prefecture[rule.prefecture_code] = len(rules) - 1
    rows = fetch_rows(db.session.connection(), select(
        Equipment.id, Equipment.organization_id, Equipment.category, Organization.prefecture_code,
        Prefecture.region, Organization.synthetic, Equipment.bookable, Organization.lon, Organization.lat,
        Equipment.setup_fee_jpy, Equipment.rate_jpy, Equipment.rate_unit, Equipment.out_of_prefecture_multiplier,
        Organization.kind, Equipment.fields, Equipment.name_ja, Equipment.name_en, Equipment.maker, Equipment.model)
        .join(Organization, Organization.id == Equipment.organization_id)
        .join(Prefecture, Prefecture.code == Organization.prefecture_code)
        .order_by(Organization.prefecture_code, Organization.name_ja, Equipment.name_ja, Equipment.id))
    if not rows:
        rows = []
    (ids, org_ids, categories, prefectures, regions, synthetic, bookable, lon, lat, setup, rate, unit, own, kinds,
     fields, name_ja, name_en, maker, model) = (list(column) for column in zip(*rows)) if rows else ([[]] * 19)
    category_at = {key: n for n, key in enumerate(CATEGORY_KEYS)}
    unit_at = {key: n for n, key in enumerate(UNIT_KEYS)}
    text = normalise("\n".join(f"{_clean(a)}{_SEP}{_clean(b)}{_SEP}{_clean(c)}{_SEP}{_clean(d)}"
                               for a, b, c, d in zip(name_ja, name_en, maker, model))).encode()
    line_ends = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == 10)
    rule_of = [by_org.get(o, by_prefecture.get(p, -1) if k == "public_lab" else -1)
               for o, p, k in zip(org_ids, prefectures, kinds)]
    category = np.array([category_at[c] for c in categories], dtype=np.int16)
    index = Index(
        ids=np.array(ids, dtype=np.int64), org_ids=np.array(org_ids, dtype=np.int64), category=category,
        prefecture=np.array(prefectures, dtype=np.int16), region=np.array(regions, dtype=object),
        synthetic=np.array(synthetic, dtype=bool), bookable=np.array(bookable, dtype=bool),
        lon=np.array(lon, dtype=float), lat=np.array(lat, dtype=float),
        setup=np.array([v or 0 for v in setup], dtype=np.int64),
        rate=np.array([-1 if v is None else v for v in rate], dtype=np.int64),
        unit=np.array([unit_at[u or ""] for u in unit], dtype=np.int16),
        own_milli=np.array([_milli(v) for v in own], dtype=np.int64),
        rule=np.array(rule_of, dtype=np.int64), rules=rules, text=text,
        starts=np.concatenate(([0], line_ends + 1)).astype(np.int64) if ids else np.zeros(0, dtype=np.int64),
    )
    # A machine serves the fields its lab lists, or else its category's.
    listed = {n: set(f.split(";")) for n, f in enumerate(fields) if f}
    unlisted = np.ones(len(ids), dtype=bool)
    unlisted[list(listed)] = False
    for name in FIELDS:
        serving = [category_at[key] for key, (_ja, _en, served) in CATEGORIES.items() if name in served]
        mask = unlisted & np.isin(category, serving)
        mask[[n for n, names in listed.items() if name in names]] = True
        index.fields[name] = mask
    return index


def current() -> Index:
    """This process's index for the current data."""
    return memo("equipment.index", None, version(), build)
