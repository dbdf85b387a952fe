"""What scoring returns: per indicator, per viewpoint, the tier, blockers, advice and a plan.

Every result is a frozen dataclass; ``to_dict()`` is its JSON form. Explanations and blockers
are :class:`~.messages.Message` codes with parameters: the portal adds their wording in the
reader's language (the criteria's own ``advice_ja``/``advice_en`` are data and stay here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .exact import ZERO, json_number, percent_for_display, round2
from .messages import Explanation, Message, Param



@dataclass(frozen=True)
class NextStep:
    """The next value of an indicator that earns more points."""

    value: float
    points: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"value": json_number(self.value), "points": round2(self.points)}


@dataclass(frozen=True)
class IndicatorScore:
    """How one indicator scored, and the explanation of it.

    ``status`` is ``reported`` / ``not_reported`` for quantitative indicators and
    ``reviewed`` / ``pending_review`` for rubric indicators.
    """

    key: str
    viewpoint: str
    name_ja: str
    name_en: str
    type: str
    status: str
    value: float | None
    points: float
    max_points: float
    weight: float
    weighted_points: float
    weighted_max: float
    minimum: float
    minimum_met: bool
    next_step: NextStep | None
    explanation: Explanation
    advice_ja: str
    advice_en: str

    @property
    def pending_review(self) -> bool:
        """A rubric indicator that reviewers have not scored yet (counts 0)."""
        return self.status == "pending_review"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "viewpoint": self.viewpoint,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "type": self.type,
            "status": self.status,
            "pending_review": self.pending_review,
            "value": json_number(self.value),
            "points": round2(self.points),
            "max_points": round2(self.max_points),
            "weight": round2(self.weight),
            "weighted_points": round2(self.weighted_points),
            "weighted_max": round2(self.weighted_max),
            "minimum": round2(self.minimum),
            "minimum_met": self.minimum_met,
            "next_step": self.next_step.to_dict() if self.next_step else None,
            "advice_ja": self.advice_ja,
            "advice_en": self.advice_en,
        }


@dataclass(frozen=True)
class ViewpointScore:
    """Weighted points of one review viewpoint."""

    key: str
    name_ja: str
    name_en: str
    points: float
    max_points: float
    percent: float
    exact_percent: Fraction = field(default=ZERO, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "points": round2(self.points),
            "max_points": round2(self.max_points),
            "percent": percent_for_display(self.exact_percent),
        }


@dataclass(frozen=True)
class TierBlocker:
    """One condition of the target tier that is not yet met.

    ``code``: ``percent_below``, ``too_many_minimums_missed``, ``must_meet_missed`` or
    ``viewpoint_below``.
    """

    message: Message

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def params(self) -> Mapping[str, Param]:
        return self.message.params

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the code and its parameters."""
        return self.message.to_dict()


@dataclass(frozen=True)
class Improvement:
    """What moving one indicator to its next step would do, all else unchanged."""

    key: str
    viewpoint: str
    name_ja: str
    name_en: str
    from_value: float | None
    to_value: float
    points_gain: float
    weighted_gain: float
    total_after: float
    percent_after: float
    tier_after: str
    reaches_target_tier: bool
    fixes_minimum: bool
    reviewer_assessed: bool
    explanation: Message
    advice_ja: str
    advice_en: str
    exact_percent_after: Fraction = field(default=ZERO, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "viewpoint": self.viewpoint,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "from_value": json_number(self.from_value),
            "to_value": json_number(self.to_value),
            "points_gain": round2(self.points_gain),
            "weighted_gain": round2(self.weighted_gain),
            "total_after": round2(self.total_after),
            "percent_after": percent_for_display(self.exact_percent_after),
            "tier_after": self.tier_after,
            "reaches_target_tier": self.reaches_target_tier,
            "fixes_minimum": self.fixes_minimum,
            "reviewer_assessed": self.reviewer_assessed,
            "advice_ja": self.advice_ja,
            "advice_en": self.advice_en,
        }


@dataclass(frozen=True)
class PlanStep:
    """One indicator change in a plan to reach the target tier."""

    key: str
    name_ja: str
    name_en: str
    from_value: float | None
    to_value: float
    weighted_gain: float
    reviewer_assessed: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "from_value": json_number(self.from_value),
            "to_value": json_number(self.to_value),
            "weighted_gain": round2(self.weighted_gain),
            "reviewer_assessed": self.reviewer_assessed,
        }


@dataclass(frozen=True)
class TierPlan:
    """A short set of changes that together reach ``target_tier`` (greedy, not unique)."""

    target_tier: str
    steps: tuple[PlanStep, ...]
    reaches_target_tier: bool
    total_after: float
    percent_after: float
    exact_percent_after: Fraction = field(default=ZERO, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "target_tier": self.target_tier,
            "steps": [step.to_dict() for step in self.steps],
            "reaches_target_tier": self.reaches_target_tier,
            "total_after": round2(self.total_after),
            "percent_after": percent_for_display(self.exact_percent_after),
        }


@dataclass(frozen=True)
class ScoreResult:
    """The scored application. ``to_dict()`` is what the API returns and what is stored."""

    criteria_version: str
    criteria_digest: str
    track: str
    total: float
    maximum: float
    percent: float
    tier: str
    tier_name_ja: str
    tier_name_en: str
    tier_rank: int
    provisional: bool
    pending_review: tuple[str, ...]
    viewpoints: tuple[ViewpointScore, ...]
    indicators: tuple[IndicatorScore, ...]
    minimums_met: tuple[str, ...]
    minimums_missed: tuple[str, ...]
    next_tier: str | None
    target_tier: str | None
    gap_points: float
    blockers: tuple[TierBlocker, ...]
    improvements: tuple[Improvement, ...]
    plan: TierPlan | None
    exact_percent: Fraction = field(default=ZERO, repr=False, compare=False)

    def indicator(self, key: str) -> IndicatorScore:
        """The score of indicator ``key``."""
        for item in self.indicators:
            if item.key == key:
                return item
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; points rounded to 2 decimals, percents floored to 1 decimal."""
        return {
            "criteria_version": self.criteria_version,
            "criteria_digest": self.criteria_digest,
            "track": self.track,
            "total": round2(self.total),
            "maximum": round2(self.maximum),
            "percent": percent_for_display(self.exact_percent),
            "tier": self.tier,
            "tier_name_ja": self.tier_name_ja,
            "tier_name_en": self.tier_name_en,
            "tier_rank": self.tier_rank,
            "provisional": self.provisional,
            "pending_review": list(self.pending_review),
            "viewpoints": [v.to_dict() for v in self.viewpoints],
            "indicators": [i.to_dict() for i in self.indicators],
            "minimums": {"met": list(self.minimums_met), "missed": list(self.minimums_missed)},
            "next_tier": self.next_tier,
            "target_tier": self.target_tier,
            "gap_points": round2(self.gap_points),
            "blockers": [b.to_dict() for b in self.blockers],
            "improvements": [i.to_dict() for i in self.improvements],
            "plan": self.plan.to_dict() if self.plan else None,
        }
