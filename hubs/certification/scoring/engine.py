"""Scoring: points, weights, minimums and tiers, exactly; blockers, advice and a plan."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .criteria import Criteria, Indicator, Tier, Track
from .exact import HUNDRED, ZERO, floor1, percent_for_display, round2
from .messages import Message, Name, explain
from .messages import improvement as improvement_message
from .results import Improvement, IndicatorScore, NextStep, PlanStep, ScoreResult, TierBlocker, TierPlan, ViewpointScore
from .values import FieldError, ScoringInputError, read_values

# Enough for every step of every indicator several times over; the plan stops long before.
_PLAN_STEP_LIMIT = 1000


@dataclass
class _Tally:
    """Exact intermediate sums for one set of values."""

    points: dict[str, Fraction]
    weighted: dict[str, Fraction]
    minimum_met: dict[str, bool]
    viewpoint_points: dict[str, Fraction]
    viewpoint_max: dict[str, Fraction]
    total: Fraction
    maximum: Fraction
    tier_index: int = 0

    @property
    def percent(self) -> Fraction:
        return self.total * HUNDRED / self.maximum

    def viewpoint_percent(self, key: str) -> Fraction:
        return self.viewpoint_points[key] * HUNDRED / self.viewpoint_max[key]


def _tally(criteria: Criteria, track: Track, values: Mapping[str, Fraction | None]) -> _Tally:
    points: dict[str, Fraction] = {}
    weighted: dict[str, Fraction] = {}
    minimum_met: dict[str, bool] = {}
    vp_points = {v.key: ZERO for v in criteria.viewpoints}
    vp_max = {v.key: ZERO for v in criteria.viewpoints}
    for indicator in criteria.indicators:
        earned = indicator.earned(values.get(indicator.key))
        weight = track.weight(indicator)
        points[indicator.key] = earned
        weighted[indicator.key] = earned * weight
        minimum_met[indicator.key] = earned >= track.minimum(indicator)
        vp_points[indicator.viewpoint] += earned * weight
        vp_max[indicator.viewpoint] += indicator.max_points * weight
    tally = _Tally(
        points=points,
        weighted=weighted,
        minimum_met=minimum_met,
        viewpoint_points=vp_points,
        viewpoint_max=vp_max,
        total=sum(weighted.values(), ZERO),
        maximum=sum(vp_max.values(), ZERO),
    )
    tally.tier_index = _tier_index(criteria, tally)
    return tally


def _with_change(
    criteria: Criteria, track: Track, tally: _Tally, indicator: Indicator, value: Fraction | None
) -> _Tally:
    """``tally`` with one indicator moved to ``value``; exact, so equal to a full recount."""
    key = indicator.key
    earned = indicator.earned(value)
    weighted = earned * track.weight(indicator)
    delta = weighted - tally.weighted[key]
    viewpoint_points = dict(tally.viewpoint_points)
    viewpoint_points[indicator.viewpoint] += delta
    changed = _Tally(
        points={**tally.points, key: earned},
        weighted={**tally.weighted, key: weighted},
        minimum_met={**tally.minimum_met, key: earned >= track.minimum(indicator)},
        viewpoint_points=viewpoint_points,
        viewpoint_max=tally.viewpoint_max,
        total=tally.total + delta,
        maximum=tally.maximum,
    )
    changed.tier_index = _tier_index(criteria, changed)
    return changed


def _tier_index(criteria: Criteria, tally: _Tally) -> int:
    # The last tier has no conditions, so there is always a match.
    return next(i for i, tier in enumerate(criteria.tiers) if _tier_reached(criteria, tier, tally))


def _tier_reached(criteria: Criteria, tier: Tier, tally: _Tally) -> bool:
    """Whether ``tally`` meets every condition of ``tier`` (see :class:`Tier`)."""
    if tally.total * HUNDRED < tier.min_percent * tally.maximum:
        return False
    if tier.max_minimums_missed is not None:
        missed = sum(1 for met in tally.minimum_met.values() if not met)
        if missed > tier.max_minimums_missed:
            return False
    if not all(tally.minimum_met[key] for key in tier.must_meet):
        return False
    return all(
        tally.viewpoint_points[v.key] * HUNDRED
        >= tier.min_viewpoint_percent * tally.viewpoint_max[v.key]
        for v in criteria.viewpoints
    )


def _blockers(criteria: Criteria, tier: Tier, tally: _Tally) -> list[TierBlocker]:
    """The conditions of ``tier`` that ``tally`` does not meet (empty: tier reached)."""
    blockers: list[TierBlocker] = []
    name = Name.of(tier)
    if tally.percent < tier.min_percent:
        needed = tier.min_percent * tally.maximum / HUNDRED
        blockers.append(TierBlocker(Message("percent_below", {
            "tier": name, "needed_percent": float(tier.min_percent), "needed_points": needed,
            "gap_points": round2(float(needed - tally.total)),
        })))
    missed = tuple(Name.of(criteria.indicator(key)) for key, met in tally.minimum_met.items() if not met)
    if tier.max_minimums_missed is not None and len(missed) > tier.max_minimums_missed:
        blockers.append(TierBlocker(Message("too_many_minimums_missed", {
            "tier": name, "allowed": tier.max_minimums_missed, "count": len(missed), "missed": missed,
        })))
    must = tuple(Name.of(criteria.indicator(key)) for key in tier.must_meet if not tally.minimum_met[key])
    if must:
        blockers.append(TierBlocker(Message("must_meet_missed", {"tier": name, "keys": must})))
    for viewpoint in criteria.viewpoints:
        share = tally.viewpoint_percent(viewpoint.key)
        if share < tier.min_viewpoint_percent:
            blockers.append(TierBlocker(Message("viewpoint_below", {
                "tier": name, "viewpoint": Name.of(viewpoint),
                "needed_percent": float(tier.min_viewpoint_percent), "percent": percent_for_display(share),
            })))
    return blockers


def score_application(
    criteria: Criteria,
    track: str,
    values: Mapping[str, Any],
    rubric_scores: Mapping[str, Any] | None = None,
    *,
    target_tier: str | None = None,
) -> ScoreResult:
    """Score one application under ``criteria`` on ``track``.

    Parameters
    ----------
    criteria
        from :func:`load_criteria`; the result records its version and digest.
    track
        a track key of the criteria, e.g. ``"global"`` or ``"regional"``.
    values
        quantitative indicator values keyed by indicator key (see :func:`validate_values`).
    rubric_scores
        reviewers' rubric levels 0-4; rubric indicators left out count 0 and are flagged
        ``pending_review`` (the result is then ``provisional``).
    target_tier
        the tier that ``gap_points``, ``blockers``, ``improvements[].reaches_target_tier``
        and ``plan`` aim at; defaults to the tier just above the one reached.

    Raises
    ------
    ScoringInputError
        with errors keyed by field if the values do not validate.
    """
    errors, numbers_ = read_values(criteria, track, values, rubric_scores)
    tier_keys = tuple(tier.key for tier in criteria.tiers)
    if target_tier is not None and target_tier not in tier_keys:
        errors.setdefault("target_tier", []).append(FieldError("target_tier", "unknown_tier", Message(
            "unknown_tier", {"tier": str(target_tier), "choices": tier_keys},
        )))
    if errors:
        raise ScoringInputError(errors)

    chosen = criteria.tracks[track]
    tally = _tally(criteria, chosen, numbers_)
    tier = criteria.tiers[tally.tier_index]
    next_index = tally.tier_index - 1 if tally.tier_index > 0 else None
    if target_tier is None:
        target_index = next_index
    else:
        target_index = tier_keys.index(target_tier)
        if target_index >= tally.tier_index:  # already there or better
            target_index = None

    indicator_scores = tuple(
        _indicator_score(criteria, chosen, indicator, numbers_[indicator.key], tally)
        for indicator in criteria.indicators
    )
    viewpoint_scores = tuple(
        ViewpointScore(
            key=v.key,
            name_ja=v.name_ja,
            name_en=v.name_en,
            points=float(tally.viewpoint_points[v.key]),
            max_points=float(tally.viewpoint_max[v.key]),
            percent=float(tally.viewpoint_percent(v.key)),
            exact_percent=tally.viewpoint_percent(v.key),
        )
        for v in criteria.viewpoints
    )

    if target_index is None:
        gap = ZERO
        blockers: list[TierBlocker] = []
        plan = None
    else:
        target = criteria.tiers[target_index]
        blockers = _blockers(criteria, target, tally)
        gap = max(ZERO, target.min_percent * tally.maximum / HUNDRED - tally.total)
        plan = _plan(criteria, chosen, numbers_, target_index)

    pending = tuple(s.key for s in indicator_scores if s.pending_review)
    required_pending = [
        key for key in pending if criteria.indicator(key).required
    ]
    return ScoreResult(
        criteria_version=criteria.version,
        criteria_digest=criteria.digest,
        track=track,
        total=float(tally.total),
        maximum=float(tally.maximum),
        percent=float(tally.percent),
        tier=tier.key,
        tier_name_ja=tier.name_ja,
        tier_name_en=tier.name_en,
        tier_rank=tally.tier_index,
        provisional=bool(required_pending),
        pending_review=pending,
        viewpoints=viewpoint_scores,
        indicators=indicator_scores,
        minimums_met=tuple(k for k, met in tally.minimum_met.items() if met),
        minimums_missed=tuple(k for k, met in tally.minimum_met.items() if not met),
        next_tier=criteria.tiers[next_index].key if next_index is not None else None,
        target_tier=criteria.tiers[target_index].key if target_index is not None else None,
        gap_points=float(gap),
        blockers=tuple(blockers),
        improvements=_improvements(criteria, chosen, numbers_, tally, target_index),
        plan=plan,
        exact_percent=tally.percent,
    )


def _indicator_score(
    criteria: Criteria,
    track: Track,
    indicator: Indicator,
    value: Fraction | None,
    tally: _Tally,
) -> IndicatorScore:
    earned = tally.points[indicator.key]
    weight = track.weight(indicator)
    minimum = track.minimum(indicator)
    nxt = indicator.next_target(value)
    if value is None:
        status = "pending_review" if indicator.is_rubric else "not_reported"
    else:
        status = "reviewed" if indicator.is_rubric else "reported"
    return IndicatorScore(
        key=indicator.key,
        viewpoint=indicator.viewpoint,
        name_ja=indicator.name_ja,
        name_en=indicator.name_en,
        type=indicator.type,
        status=status,
        value=None if value is None else float(value),
        points=float(earned),
        max_points=float(indicator.max_points),
        weight=float(weight),
        weighted_points=float(earned * weight),
        weighted_max=float(indicator.max_points * weight),
        minimum=float(minimum),
        minimum_met=tally.minimum_met[indicator.key],
        next_step=NextStep(float(nxt[0]), float(nxt[1])) if nxt else None,
        explanation=explain(indicator, value, earned, weight, minimum, nxt),
        advice_ja=indicator.advice_ja,
        advice_en=indicator.advice_en,
    )


def _improvements(
    criteria: Criteria,
    track: Track,
    values: dict[str, Fraction | None],
    tally: _Tally,
    target_index: int | None,
) -> tuple[Improvement, ...]:
    found: list[tuple[Fraction, int, Improvement]] = []
    for order, indicator in enumerate(criteria.indicators):
        current = values[indicator.key]
        nxt = indicator.next_target(current)
        if nxt is None:
            continue
        target_value, _points = nxt
        after = _with_change(criteria, track, tally, indicator, target_value)
        points_gain = after.points[indicator.key] - tally.points[indicator.key]
        weighted_gain = after.total - tally.total
        tier_after = criteria.tiers[after.tier_index]
        reaches = target_index is not None and after.tier_index <= target_index
        fixes = not tally.minimum_met[indicator.key] and after.minimum_met[indicator.key]
        improvement = Improvement(
            key=indicator.key,
            viewpoint=indicator.viewpoint,
            name_ja=indicator.name_ja,
            name_en=indicator.name_en,
            from_value=None if current is None else float(current),
            to_value=float(target_value),
            points_gain=float(points_gain),
            weighted_gain=float(weighted_gain),
            total_after=float(after.total),
            percent_after=float(after.percent),
            tier_after=tier_after.key,
            reaches_target_tier=reaches,
            fixes_minimum=fixes,
            reviewer_assessed=indicator.is_rubric,
            explanation=improvement_message(
                indicator, current, target_value, points_gain, weighted_gain, after.total, floor1(after.percent),
                tier_after if reaches else None,
            ),
            advice_ja=indicator.advice_ja,
            advice_en=indicator.advice_en,
            exact_percent_after=after.percent,
        )
        found.append((weighted_gain, order, improvement))
    # Biggest weighted rise first; among equals, the one that reaches the tier, then file order.
    found.sort(key=lambda item: (-item[0], not item[2].reaches_target_tier, item[1]))
    return tuple(item[2] for item in found)


def _plan(
    criteria: Criteria,
    track: Track,
    values: dict[str, Fraction | None],
    target_index: int,
) -> TierPlan:
    """Greedy plan: take one step at a time until the target tier is reached.

    Each round prefers a step that reaches the tier outright, then one that clears a blocking
    minimum or viewpoint floor, then an indicator moved fewer times so far (one step on several
    indicators is a more realistic plan than maxing out one), then the largest weighted gain.
    """
    target = criteria.tiers[target_index]
    current = dict(values)
    changes: dict[str, list[Fraction | None]] = {}
    moved: dict[str, int] = {}
    tally = _tally(criteria, track, current)
    for _ in range(_PLAN_STEP_LIMIT):
        if tally.tier_index <= target_index:
            break
        blockers = _blockers(criteria, target, tally)
        minimum_blocked = any(
            b.code in {"too_many_minimums_missed", "must_meet_missed"} for b in blockers
        )
        low_viewpoints = {
            v.key for v in criteria.viewpoints if tally.viewpoint_percent(v.key) < target.min_viewpoint_percent
        }
        best: tuple[Any, ...] | None = None
        for order, indicator in enumerate(criteria.indicators):
            nxt = indicator.next_target(current[indicator.key])
            if nxt is None:
                continue
            after = _with_change(criteria, track, tally, indicator, nxt[0])
            clears = (
                minimum_blocked
                and not tally.minimum_met[indicator.key]
                and after.minimum_met[indicator.key]
            ) or indicator.viewpoint in low_viewpoints
            moves = -moved.get(indicator.key, 0)
            rank = (
                after.tier_index <= target_index, clears, moves, after.total - tally.total, -order
            )
            if best is None or rank > best[0]:
                best = (rank, indicator, nxt[0], after)
        if best is None:
            break
        _rank, indicator, target_value, tally = best
        changes.setdefault(indicator.key, [current[indicator.key], None])[1] = target_value
        moved[indicator.key] = moved.get(indicator.key, 0) + 1
        current[indicator.key] = target_value

    base = _tally(criteria, track, values)
    steps = []
    for key, (before, after_value) in changes.items():
        indicator = criteria.indicator(key)
        assert after_value is not None
        alone = _with_change(criteria, track, base, indicator, after_value)
        steps.append(PlanStep(
            key=key,
            name_ja=indicator.name_ja,
            name_en=indicator.name_en,
            from_value=None if before is None else float(before),
            to_value=float(after_value),
            weighted_gain=float(alone.total - base.total),
            reviewer_assessed=indicator.is_rubric,
        ))
    return TierPlan(
        target_tier=target.key,
        steps=tuple(steps),
        reaches_target_tier=tally.tier_index <= target_index,
        total_after=float(tally.total),
        percent_after=float(tally.percent),
        exact_percent_after=tally.percent,
    )


def percentile(score: float, peer_scores: Iterable[float]) -> float:
    """Percentile rank of ``score`` among peers, 0-100 (ties count half, as ESCA reports do).

    ``100 * (peers below + 0.5 * peers equal) / peers``. Compare like with like: percents
    with percents of the same criteria version and track.

    Raises
    ------
    ValueError
        if there are no peers or any score is not a finite number.
    """
    peers = list(peer_scores)
    if not peers:
        msg = "percentile needs at least one peer score"
        raise ValueError(msg)
    for item in [score, *peers]:
        if isinstance(item, bool) or not isinstance(item, numbers.Real) or not math.isfinite(item):
            msg = f"scores must be finite numbers, got {item!r}"
            raise ValueError(msg)
    below = sum(1 for peer in peers if peer < score)
    equal = sum(1 for peer in peers if peer == score)
    return 100.0 * (below + 0.5 * equal) / len(peers)
