"""Benchmark of the SINET path engine and partner finder against a networkx baseline.

Run from the repository root (not collected by pytest: the name does not start with test_)::

    .venv/bin/python tests/bench/bench_sinet.py [--orgs 100000] [--queries 50000] [--seed 7]

It generates synthetic organisations (seeded RNG; points in EPSG:4326 lon/lat scattered
around the SINET nodes inside Japan's bounding box), then measures in the same run:

* path queries per second of ``geo.sinet.sinet_path`` over the precomputed backbone (warm:
  backups cached; and cold: a fresh backbone computing backups lazily), against a baseline
  that runs ``networkx.shortest_path`` per query for the main route and again for the
  link-disjoint backup, with the same routing rule and the same figures;
* partner-finder latency of ``geo.sinet.rank_partners`` over all organisations (pooled
  once), against a networkx baseline doing a single-source Dijkstra per query and a Python
  loop over the candidates, and a per-candidate ``networkx.shortest_path`` baseline timed on
  a sample and extrapolated (labelled as such).

The target is at least 10,000 path queries per second in-process.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from geo.sinet import (  # noqa: E402
    FIBRE_MS_PER_KM,
    PER_HOP_MS,
    CandidatePool,
    access_node,
    load_backbone_csv,
    rank_partners,
    sinet_path,
)

NODES_CSV = ROOT / "seed_data" / "sinet_nodes.csv"
LINKS_CSV = ROOT / "seed_data" / "sinet_links.csv"
KINDS = ["aist_centre", "aist_oil", "public_lab", "university", "hub"]
FIELDS = [
    "materials", "chemistry", "bio", "medical", "agri_food", "energy", "environment",
    "electronics", "ai_it", "manufacturing", "mobility", "measurement", "crafts_design",
]  # fmt: skip
LON_RANGE, LAT_RANGE = (122.93, 153.99), (20.42, 45.56)
TARGET_QPS = 10_000


def synthetic_organisations(backbone, count: int, seed: int) -> list[dict]:
    """``count`` organisations near random SINET nodes (EPSG:4326), seeded."""
    rng = np.random.default_rng(seed)
    nodes = backbone.nodes
    home = rng.integers(0, len(nodes), count)
    lon = np.clip(
        np.array([nodes[i].lon for i in home]) + rng.normal(0, 0.2, count), *LON_RANGE
    )
    lat = np.clip(
        np.array([nodes[i].lat for i in home]) + rng.normal(0, 0.15, count), *LAT_RANGE
    )
    known_prefecture = rng.random(count) < 0.9
    states = rng.choice(["yes", "unknown", "no"], count, p=[0.80, 0.15, 0.05])
    kinds = rng.choice(KINDS, count)
    field_count = rng.integers(1, 4, count)
    orgs = []
    for i in range(count):
        fields = rng.choice(FIELDS, field_count[i], replace=False)
        orgs.append(
            {
                "id": f"syn-{i:06d}",
                "name_en": f"Synthetic organisation {i}",
                "lon": float(lon[i]),
                "lat": float(lat[i]),
                "prefecture_code": nodes[home[i]].prefecture_code if known_prefecture[i] else None,
                "sinet_connected": str(states[i]),
                "kind": str(kinds[i]),
                "fields": ";".join(fields),
            }
        )
    return orgs


# --------------------------------------------------------------------------- baseline


def networkx_graph(backbone) -> nx.Graph:
    """The backbone as a networkx graph weighted by the engine's own routing rule."""
    router_km = PER_HOP_MS / FIBRE_MS_PER_KM if backbone.routing == "latency" else 0.0
    graph = nx.Graph()
    for node in backbone.nodes:
        graph.add_node(node.code, capacity=node.capacity_gbps)
    for link in backbone.links:
        graph.add_edge(
            link.a,
            link.b,
            length=link.length_km,
            capacity=link.capacity_gbps,
            weight=link.length_km + router_km,
        )
    return graph


def _figures(graph: nx.Graph, hops: list[str], legs: float) -> tuple[float, float, float]:
    pairs = list(zip(hops[:-1], hops[1:]))
    km = sum(graph.edges[u, v]["length"] for u, v in pairs) + legs
    caps = [graph.edges[u, v]["capacity"] for u, v in pairs]
    caps += [graph.nodes[hops[0]]["capacity"], graph.nodes[hops[-1]]["capacity"]]
    return km, FIBRE_MS_PER_KM * km + PER_HOP_MS * len(hops), min(caps)


def baseline_path(backbone, graph: nx.Graph, a: dict, b: dict, *, with_backup: bool) -> tuple:
    """One path query the plain way: networkx shortest_path per query, no precomputation."""
    if a["sinet_connected"] == "no" or b["sinet_connected"] == "no":
        return None
    xa = access_node(backbone, a["lon"], a["lat"], a["prefecture_code"])
    xb = access_node(backbone, b["lon"], b["lat"], b["prefecture_code"])
    legs = xa.leg_km + xb.leg_km
    hops = nx.shortest_path(graph, xa.node, xb.node, weight="weight")
    main = _figures(graph, hops, legs)
    backup = None
    if with_backup and len(hops) > 1:
        used = {frozenset(p) for p in zip(hops[:-1], hops[1:])}

        def weight(u, v, data):
            return None if frozenset((u, v)) in used else data["weight"]

        try:
            spare = nx.shortest_path(graph, xa.node, xb.node, weight=weight)
            backup = _figures(graph, spare, legs)
        except nx.NetworkXNoPath:
            backup = None
    return main, hops, backup


def baseline_partners(backbone, graph, origin, orgs, field, kinds, limit=20) -> list[str]:
    """Partner ranking the plain way: one Dijkstra from the origin, a loop over candidates."""
    xo = access_node(backbone, origin["lon"], origin["lat"], origin["prefecture_code"])
    dist, paths = nx.single_source_dijkstra(graph, xo.node, weight="weight")
    scored = []
    for c in orgs:
        if c["id"] == origin["id"] or (kinds and c["kind"] not in kinds):
            continue
        xc = access_node(backbone, c["lon"], c["lat"], c["prefecture_code"])
        hops = paths[xc.node]
        km = xo.leg_km + xc.leg_km + sum(
            graph.edges[u, v]["length"] for u, v in zip(hops[:-1], hops[1:])
        )
        off = c["sinet_connected"] == "no" or origin["sinet_connected"] == "no"
        latency = float("inf") if off else FIBRE_MS_PER_KM * km + PER_HOP_MS * len(hops)
        scored.append((field not in c["fields"].split(";"), latency, c["id"]))
    scored.sort()
    return [s[2] for s in scored[:limit]]


# --------------------------------------------------------------------------- timing


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50_000)
    parser.add_argument("--baseline-queries", type=int, default=2_000)
    parser.add_argument("--partner-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    t = time.perf_counter()
    backbone = load_backbone_csv(NODES_CSV, LINKS_CSV)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    backbone.precompute_backups()
    backups_s = time.perf_counter() - t
    t = time.perf_counter()
    orgs = synthetic_organisations(backbone, args.orgs, args.seed)
    gen_s = time.perf_counter() - t
    graph = networkx_graph(backbone)

    on_network = [o for o in orgs if o["sinet_connected"] != "no"]
    picks = rng.integers(0, len(on_network), (args.queries, 2))
    pairs = [(on_network[i], on_network[j]) for i, j in picks]

    # Engine, warm (every backup cached).
    t = time.perf_counter()
    for a, b in pairs:
        sinet_path(backbone, a, b)
    engine_s = time.perf_counter() - t
    engine_qps = _rate(len(pairs), engine_s)

    # Engine, cold: a fresh backbone computing backups on first use.
    cold = load_backbone_csv(NODES_CSV, LINKS_CSV)
    cold_pairs = pairs[: min(len(pairs), 10_000)]
    t = time.perf_counter()
    for a, b in cold_pairs:
        sinet_path(cold, a, b)
    cold_qps = _rate(len(cold_pairs), time.perf_counter() - t)

    # Baselines on the first pairs; check they agree with the engine.
    base_pairs = pairs[: args.baseline_queries]
    t = time.perf_counter()
    for a, b in base_pairs:
        baseline_path(backbone, graph, a, b, with_backup=False)
    base_main_qps = _rate(len(base_pairs), time.perf_counter() - t)
    t = time.perf_counter()
    results = [baseline_path(backbone, graph, a, b, with_backup=True) for a, b in base_pairs]
    base_full_qps = _rate(len(base_pairs), time.perf_counter() - t)
    disagree = 0
    for (a, b), (main, _, backup) in zip(base_pairs, results):
        ours = sinet_path(backbone, a, b)
        same = abs(ours.distance_km - main[0]) < 1e-6 and abs(ours.latency_ms - main[1]) < 1e-9
        same &= (ours.backup is None) == (backup is None)
        if backup is not None and ours.backup is not None:
            same &= abs(ours.backup.latency_ms - backup[1]) < 1e-9
        disagree += not same

    # Partner finder over all organisations.
    t = time.perf_counter()
    pool = CandidatePool(backbone, orgs)
    pool_s = time.perf_counter() - t
    queries = []
    for _ in range(args.partner_queries):
        origin = orgs[int(rng.integers(0, len(orgs)))]
        field = str(rng.choice(FIELDS))
        kinds = None
        if rng.random() < 0.5:
            kinds = [str(k) for k in rng.choice(KINDS, 2, replace=False)]
        queries.append((origin, field, kinds))
    times = []
    for origin, field, kinds in queries:
        t = time.perf_counter()
        rank_partners(backbone, origin, pool, field=field, kinds=kinds, limit=20)
        times.append(time.perf_counter() - t)
    engine_ms = statistics.median(times) * 1e3
    engine_p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)] * 1e3

    base_times = []
    partner_disagree = 0
    for origin, field, kinds in queries[:3]:
        t = time.perf_counter()
        theirs = baseline_partners(backbone, graph, origin, orgs, field, kinds)
        base_times.append(time.perf_counter() - t)
        ours = rank_partners(backbone, origin, pool, field=field, kinds=kinds, limit=20)
        # Same field group and latency for each rank (ids may differ within 0.1 ms buckets).
        partner_disagree += [m.field_match for m in ours] != [
            field in orgs[int(i[4:])]["fields"].split(";") for i in theirs
        ]
    base_partner_ms = statistics.median(base_times) * 1e3

    sample = orgs[:1_000]
    origin = queries[0][0]
    xo = access_node(backbone, origin["lon"], origin["lat"], origin["prefecture_code"])
    t = time.perf_counter()
    for c in sample:
        xc = access_node(backbone, c["lon"], c["lat"], c["prefecture_code"])
        nx.shortest_path(graph, xo.node, xc.node, weight="weight")
    per_candidate_ms = (time.perf_counter() - t) / len(sample) * args.orgs * 1e3

    rows = [
        ("setup", "load backbone + precompute all node pairs", f"{build_s * 1e3:.1f} ms", ""),
        ("setup", "precompute all backups (else lazy)", f"{backups_s * 1e3:.1f} ms", ""),
        ("setup", f"generate {args.orgs:,} synthetic organisations", f"{gen_s:.2f} s", ""),
        ("setup", f"CandidatePool of {args.orgs:,} (once)", f"{pool_s * 1e3:.0f} ms", ""),
        ("path", f"engine, warm ({len(pairs):,} queries)", f"{engine_qps:,.0f} q/s", "1.00x"),
        ("path", f"engine, cold backups ({len(cold_pairs):,})", f"{cold_qps:,.0f} q/s",
         f"{cold_qps / engine_qps:.2f}x"),
        ("path", f"networkx per query, main only ({len(base_pairs):,})",
         f"{base_main_qps:,.0f} q/s", f"engine {engine_qps / base_main_qps:.1f}x faster"),
        ("path", f"networkx per query, main + backup ({len(base_pairs):,})",
         f"{base_full_qps:,.0f} q/s", f"engine {engine_qps / base_full_qps:.1f}x faster"),
        ("partners", f"rank_partners, {args.orgs:,} candidates, median",
         f"{engine_ms:.1f} ms", "1.00x"),
        ("partners", f"rank_partners, p95 of {len(times)}", f"{engine_p95:.1f} ms", ""),
        ("partners", "networkx 1 Dijkstra + Python loop, median of 3",
         f"{base_partner_ms:,.0f} ms", f"engine {base_partner_ms / engine_ms:.0f}x faster"),
        ("partners", "networkx shortest_path per candidate (extrapolated)",
         f"{per_candidate_ms:,.0f} ms", f"engine {per_candidate_ms / engine_ms:,.0f}x faster"),
    ]  # fmt: skip
    width = max(len(r[1]) for r in rows)
    print(f"SINET benchmark: {len(backbone.nodes)} nodes, {len(backbone.links)} links, "
          f"routing={backbone.routing}, seed={args.seed}")
    print(f"{'area':<9} {'measurement':<{width}} {'result':>14}  ratio")
    print("-" * (width + 40))
    for area, what, value, ratio in rows:
        print(f"{area:<9} {what:<{width}} {value:>14}  {ratio}")
    print("-" * (width + 40))
    print(f"baseline/engine disagreements: paths {disagree} of {len(base_pairs)}, "
          f"partner field order {partner_disagree} of 3")
    verdict = "met" if engine_qps >= TARGET_QPS else "NOT met"
    print(f"target >= {TARGET_QPS:,} path queries/s in-process: {verdict} ({engine_qps:,.0f} q/s)")


if __name__ == "__main__":
    main()
