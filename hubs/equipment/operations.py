"""Equipment services: the one search behind the ``/equipment`` page, its JSON twin and the CSV.

Distances are great circles between the organisations' EPSG:4326 points
(:func:`geo.geodesy.great_circle_km`); fees come from the pure :func:`hubs.equipment.fees.estimate_fee`
with each lab's out-of-prefecture rule.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from flask import url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from geo.geodesy import great_circle_km
from hubs.core.cache import memo
from hubs.core.errors import FieldError, NotFound, ParameterError
from hubs.core.extensions import db
from hubs.equipment.fees import estimate_fee
from hubs.equipment.index import CATEGORY_KEYS, normalise
from hubs.equipment.index import current as current_index
from hubs.equipment.index import version as index_version
from hubs.equipment.models import Equipment, FeeRule
from hubs.equipment.network import latencies, path
from hubs.equipment.schemas import MAX_HOURS, EquipmentQuery, TestbedQuery
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS, categories_for, category_label, rate_unit_label
from hubs.organizations.models import Organization


def _check(query: EquipmentQuery) -> Organization | None:
    """The organisation ``near`` names (404 if none); ``within_km`` or ``within_ms`` without ``near`` is a 400."""
    if (query.within_km is not None or query.within_ms is not None) and query.near is None:
        raise ParameterError("near", _l("Choose the organisation to measure the distance from."))
    if query.near is None:
        return None
    origin = db.session.get(Organization, query.near)
    if origin is None:
        message = _l("No organisation %(id)s.", id=query.near)
        raise NotFound(message, errors=[FieldError("near", "unknown", message)])
    return origin


def _rules() -> tuple[dict[int, FeeRule], dict[str, FeeRule]]:
    by_org, by_prefecture = {}, {}
    for rule in db.session.scalars(select(FeeRule)):
        if rule.organization_id is not None:
            by_org[rule.organization_id] = rule
        else:
            by_prefecture[rule.prefecture_code] = rule
    return by_org, by_prefecture


def _rule_for(item: Equipment, by_org: dict[int, FeeRule], by_prefecture: dict[str, FeeRule]) -> FeeRule | None:
    rule = by_org.get(item.organization_id)
    if rule is None and item.organization.kind == "public_lab":
        rule = by_prefecture.get(item.organization.prefecture_code)
    return rule


def _fee(item: Equipment, rule: FeeRule | None, query: EquipmentQuery) -> dict[str, Any] | None:
    if item.out_of_prefecture_multiplier is not None:
        multiplier, waived_for, rule = item.out_of_prefecture_multiplier, [], None
    elif rule is not None:
        multiplier, waived_for = rule.multiplier, rule.waived_codes
    else:
        multiplier, waived_for = None, []
    unit_hours = RATE_UNITS[item.rate_unit][2] if item.rate_unit else None
    estimate = estimate_fee(item.setup_fee_jpy, item.rate_jpy, unit_hours, query.hours,
                            item.organization.prefecture_code, query.requester_prefecture, multiplier, waived_for)
    if estimate is None:
        return None
    return {"total_jpy": estimate.total_jpy, "base_jpy": estimate.base_jpy, "units": estimate.units,
            "multiplier": format(estimate.multiplier.normalize(), "f"), "waived": estimate.waived,
            "requester_prefecture": query.requester_prefecture}


def _site(org: Organization, lang: str) -> dict[str, Any]:
    return {"id": org.id, "name": (org.name_en or org.name_ja) if lang == "en" else org.name_ja, "kind": org.kind,
            "prefecture_code": org.prefecture_code,
            "prefecture": org.prefecture.name_en if lang == "en" else org.prefecture.name_ja,
            "lon": org.lon, "lat": org.lat, "location_precision": org.location_precision,
            "url": url_for("web.organization", org_id=org.id)}


#: Below this many machines left by the other filters a keyword is looked for in each one's text;
#: above, in the whole text at once (about 10 ms at 100,000 machines, then kept per keyword).
FEW = 20_000


def search_equipment(query: EquipmentQuery, lang: str = "ja") -> dict[str, Any]:
    """Machines matching ``query``, with fees for its requester and the labs that hold them.

    Without ``requester_prefecture`` fees (and ``max_fee``) are the lab's in-prefecture amounts.
    The filters run over the in-memory :mod:`hubs.equipment.index` (vectorised, exact integer
    fees); only the machines shown (``limit``) are read from the database.

    Raises
    ------
    ParameterError
        ``within_km`` without ``near``.
    NotFound
        ``near`` names no organisation.
    """
    origin = _check(query)
    index = current_index()
    keep = np.ones(len(index), dtype=bool)
    if query.synthetic == "exclude":
        keep &= ~index.synthetic
    if query.organization is not None:
        keep &= index.org_ids == query.organization
    if query.category:
        keep &= np.isin(index.category, [CATEGORY_KEYS.index(c) for c in query.category])
    if query.prefecture:
        keep &= np.isin(index.prefecture, [int(c) for c in query.prefecture])
    if query.region:
        keep &= np.isin(index.region, list(query.region))
    if query.bookable is not None:
        keep &= index.bookable == query.bookable
    matched = sorted(categories_for(query.q)) if query.q else []
    if query.q:
        by_category = np.isin(index.category, [CATEGORY_KEYS.index(c) for c in matched])
        left = np.flatnonzero(keep & ~by_category)
        if left.size <= FEW:  # the other filters left few: search their texts only
            named = index.matching_among(query.q, left)
        else:  # keywords recur: each one's matches over all machines are kept per data version
            named = memo("equipment.keyword", normalise(query.q), index_version(),
                         lambda: index.matching_text(query.q))
        keep &= named | by_category
    if query.field:
        keep &= np.logical_or.reduce([index.fields[f] for f in query.field])
    distances = None
    if origin is not None:
        distances = np.round(great_circle_km(origin.lon, origin.lat, index.lon, index.lat), 1)
        if query.within_km is not None:
            keep &= distances <= query.within_km
    if query.max_fee is not None:
        totals = index.totals(query.requester_prefecture, query.hours)
        keep &= (totals >= 0) & (totals <= query.max_fee)
    positions = np.flatnonzero(keep)  # in the listing's order: prefecture, organisation, name, id
    network: dict[str, Any] = {}
    latency = None
    if origin is not None:
        # One estimate per site, through the hook (the collaboration feature owns the SINET model).
        network = latencies(origin.id, set(index.org_ids[positions].tolist()), lang)
        known = network["latency_ms"]
        latency = np.array([np.nan if known.get(o) is None else known[o] for o in index.org_ids[positions].tolist()],
                           dtype=float)
        assert distances is not None
        if query.within_ms is not None:
            near_enough = ~np.isnan(latency) & (latency <= query.within_ms)
            positions, latency = positions[near_enough], latency[near_enough]
            order = np.lexsort((distances[positions], latency))
        else:
            order = np.argsort(distances[positions], kind="stable")
        positions, latency = positions[order], latency[order]
    shown = positions[:query.limit]
    by_org, by_prefecture = _rules()
    found = []
    for n, item in enumerate(_page(index.ids[shown].tolist())):
        distance = None if distances is None else float(distances[shown[n]])
        ms = None if latency is None or np.isnan(latency[n]) else float(latency[n])
        rule = _rule_for(item, by_org, by_prefecture)
        found.append(_item(item, item.field_list or list(CATEGORIES[item.category][2]), _fee(item, rule, query), rule,
                           distance, lang, ms))
    return {"count": int(positions.size), "items": found, "labs": _labs(found),
            "categories": [{"key": key, "label": category_label(key, lang)} for key in CATEGORIES],
            "matched_categories": matched,
            "latency_modelled": network.get("modelled") if network else None,
            "latency_notice": network.get("notice") if network else None}


def _page(ids: list[int]) -> list[Equipment]:
    """The machines ``ids`` names, in that order (one query)."""
    if not ids:
        return []
    statement = select(Equipment).where(Equipment.id.in_(ids)).options(
        joinedload(Equipment.organization).lazyload(Organization.field_rows))  # the page shows no fields
    loaded = {item.id: item for item in db.session.scalars(statement).unique()}
    return [loaded[i] for i in ids if i in loaded]


def _item(item: Equipment, fields: list[str], fee: dict[str, Any] | None, rule: FeeRule | None,
          distance: float | None, lang: str, latency: float | None = None) -> dict[str, Any]:
    en = lang == "en"
    return {
        "id": item.id, "name": (item.name_en or item.name_ja) if en else item.name_ja,
        "name_ja": item.name_ja, "name_en": item.name_en, "category": item.category,
        "category_label": category_label(item.category, lang), "maker": item.maker, "model": item.model,
        "year": item.year, "fields": fields, "training_required": item.training_required,
        "staff_operated": item.staff_operated, "bookable": item.bookable, "booking_unit": item.booking_unit,
        "setup_fee_jpy": item.setup_fee_jpy, "rate_jpy": item.rate_jpy, "rate_unit": item.rate_unit,
        "rate_unit_label": rate_unit_label(item.rate_unit, lang), "fee": fee,
        "fee_rule_source": rule.source if rule is not None and fee is not None else None,
        "distance_km": distance, "latency_ms": latency, "source": item.source, "checked_on": item.checked_on.isoformat(),
        "organization": _site(item.organization, lang),
    }


def _labs(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    labs: dict[int, dict[str, Any]] = {}
    for row in items:
        site = row["organization"]
        lab = labs.setdefault(site["id"], {"id": site["id"], "name": site["name"], "lon": site["lon"],
                                           "lat": site["lat"], "machines": 0, "url": site["url"]})
        lab["machines"] += 1
    return list(labs.values())


def csv_table(results: dict[str, Any], lang: str = "ja") -> tuple[list[str], list[Sequence[Any]]]:
    """The header (in ``lang``) and rows of a search's CSV export."""
    with force_locale(lang):
        header = ["id", _("Name"), _("Category"), _("Organisation"), _("Prefecture"), _("Maker"), _("Model"),
                  _("Setup fee (JPY)"), _("Rate (JPY)"), _("Rate unit"), _("Fee for the requester (JPY)"),
                  _("Multiplier"), _("Distance (km)"),
                  _("SINET latency (ms, modelled)"), _("Takes booking requests"), _("Source"), _("Checked on")]
        yes = _("yes")
    rows = []
    for row in results["items"]:
        fee = row["fee"] or {}
        rows.append([row["id"], row["name"], row["category_label"], row["organization"]["name"],
                     row["organization"]["prefecture"], row["maker"], row["model"], row["setup_fee_jpy"],
                     row["rate_jpy"], row["rate_unit_label"], fee.get("total_jpy"), fee.get("multiplier"),
                     row["distance_km"], row["latency_ms"], yes if row["bookable"] else "", row["source"],
                     row["checked_on"]])
    return header, rows




def coverage(lang: str = "ja") -> dict[str, Any]:
    """What the shipped data cover: machines per organisation (with a published fee or not),
    the fee rules, and the researched rows left out (``seed_data/equipment/known_gaps.csv``)."""
    from hubs.equipment.seed import known_gaps

    sites: dict[int, dict[str, Any]] = {}
    for item in db.session.scalars(select(Equipment).join(Equipment.organization)
                                   .order_by(Organization.prefecture_code, Organization.name_ja)):
        site = sites.setdefault(item.organization_id, {**_site(item.organization, lang), "machines": 0,
                                                       "with_fee": 0})
        site["machines"] += 1
        site["with_fee"] += item.rate_jpy is not None
    rules = [{"prefecture_code": r.prefecture_code, "lab": r.lab_name_ja, "rule": r.rule_ja,
              "multiplier": format(r.multiplier.normalize(), "f"), "waived_for": r.waived_codes,
              "since": r.since.isoformat() if r.since else None, "source": r.source}
             for r in db.session.scalars(select(FeeRule).order_by(FeeRule.prefecture_code, FeeRule.key))]
    listed = list(sites.values())
    return {"machines": sum(s["machines"] for s in listed), "with_fee": sum(s["with_fee"] for s in listed),
            "organizations": listed, "fee_rules": rules,
            "left_out": [{"key": g.key, "organization": g.org_name_ja, "reason": g.reason} for g in known_gaps()]}


def slot_fee(item: Equipment, hours: float) -> dict[str, Any] | None:
    """The in-prefecture estimate for ``hours`` of ``item`` (a booking's slot)."""
    return _fee(item, None, EquipmentQuery(hours=min(max(hours, 1 / 60), MAX_HOURS)))


def machines_per_organization() -> dict[int, int]:
    """``{organization id: machines open to outside users}`` (hook ``organization.equipment``)."""
    return {org_id: int(n) for org_id, n in db.session.execute(
        select(Equipment.organization_id, func.count()).group_by(Equipment.organization_id))}


# --------------------------------------------------------------------------- testbeds


def testbed_machines(ids: Sequence[int]) -> list[Equipment]:
    """The machines ``ids`` names, in that order; a 404 naming ``machine`` and every unknown id."""
    found = {item.id: item for item in db.session.scalars(select(Equipment).where(Equipment.id.in_(list(ids))))}
    missing = [i for i in ids if i not in found]
    if missing:
        problems = [FieldError("machine", "unknown", _l("No machine %(id)s.", id=i)) for i in missing]
        raise NotFound(problems[0].message, errors=problems)
    return [found[i] for i in ids]


def compose_testbed(query: TestbedQuery, lang: str = "ja") -> dict[str, Any]:
    """Two to six machines as one testbed: their sites, the modelled SINET paths joining the sites
    (a chain in the order given, or every pair), and the cost for the requester.

    Raises
    ------
    NotFound
        A machine id names no machine (every unknown id is listed under ``machine``).
    """
    machines = testbed_machines(query.machine)
    by_org, by_prefecture = _rules()
    fees = EquipmentQuery(requester_prefecture=query.requester_prefecture, hours=query.hours)
    items = []
    for item in machines:
        rule = _rule_for(item, by_org, by_prefecture)
        fields = item.field_list or list(CATEGORIES[item.category][2])
        items.append(_item(item, fields, _fee(item, rule, fees), rule, None, lang))
    sites: dict[int, dict[str, Any]] = {}
    for item, row in zip(machines, items, strict=True):
        site = sites.setdefault(item.organization_id, {**row["organization"], "machines": []})
        site["machines"].append(item.id)
    order = list(sites)
    if query.layout == "chain":
        pairs = list(zip(order, order[1:]))
    else:
        pairs = [(a, b) for n, a in enumerate(order) for b in order[n + 1:]]
    links = []
    modelled, notice = False, ""
    for a, b in pairs:
        feature = path(a, b, lang)
        props = feature["properties"]
        modelled, notice = modelled or bool(props.get("modelled")), notice or props.get("notice", "")
        links.append({
            "from_site": a, "to_site": b, "from_name": sites[a]["name"], "to_name": sites[b]["name"],
            "status": props["status"], "latency_ms": props["latency_ms"], "bottleneck_gbps": props["bottleneck_gbps"],
            "distance_km": props["distance_km"], "hop_count": props["hop_count"], "hops": props["hops"],
            "message": props["message"], "modelled": bool(props.get("modelled")),
            "coordinates": (feature["geometry"] or {}).get("coordinates", []),
            "path": props.get("page", ""),
        })
    latencies_ms = [link["latency_ms"] for link in links]
    known = [ms for ms in latencies_ms if ms is not None]
    capacities = [link["bottleneck_gbps"] for link in links if link["bottleneck_gbps"] is not None]
    with_fee = [row for row in items if row["fee"] is not None]
    return {
        "machines": items, "sites": list(sites.values()), "layout": query.layout, "links": links,
        "max_latency_ms": max(known) if known else None,
        "chain_latency_ms": round(sum(known), 3) if query.layout == "chain" and known
        and len(known) == len(latencies_ms) else None,
        "bottleneck_gbps": min(capacities) if capacities else None,
        "cost": {"total_jpy": sum(row["fee"]["total_jpy"] for row in with_fee), "hours": query.hours,
                 "requester_prefecture": query.requester_prefecture, "complete": len(with_fee) == len(items),
                 "without_fee": [row["id"] for row in items if row["fee"] is None],
                 "not_hourly": [row["id"] for row in with_fee
                                if row["rate_unit"] and RATE_UNITS[row["rate_unit"]][2] is None]},
        "modelled": modelled, "notice": notice,
        "url": url_for("equipment.testbed", **testbed_args(query)),
    }


def testbed_args(query: TestbedQuery, machines: Sequence[int] | None = None) -> dict[str, Any]:
    """The query string of a testbed page (``machines`` replaces the list)."""
    args: dict[str, Any] = {"machine": list(query.machine if machines is None else machines)}
    if query.layout != "chain":
        args["layout"] = query.layout
    if query.requester_prefecture:
        args["requester_prefecture"] = query.requester_prefecture
    if query.hours != 1.0:
        args["hours"] = format(query.hours, "g")
    return args
