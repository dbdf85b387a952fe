"""What scoring returns: per indicator, per viewpoint, the tier, blockers, advice and a plan.

Every result is a frozen dataclass; ``to_dict()`` is its JSON form. Explanations and blockers
are :class:`~.messages.Message` codes with parameters: the portal adds their wording in the
reader's language (the criteria's own ``advice_ja``/``advice_en`` are data and stay here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any

from .exact import ZERO, json_number, percent_for_display, round2
from .messages import Explanation, Message, Param

#: Fields that are indicator values (kept as given), not points (rounded to 2 decimals).
_VALUES = frozenset({"value", "from_value", "to_value"})
#: ``field(metadata=...)`` of what the JSON form leaves out: exact twins and explanations
#: (the portal words those in the reader's language).
NOT_IN_JSON = {"json": False}


def _exact() -> Any:
    return field(default=ZERO, repr=False, compare=False, metadata=NOT_IN_JSON)


def _json(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (float, Fraction)):
        return json_number(value) if name in _VALUES else round2(float(value))
    if isinstance(value, tuple):
        return [_json(name, item) for item in value]
    return value.to_dict()


class _JsonForm:
    """``to_dict()``: the fields in order, points rounded to 2 decimals, indicator values as
    JSON numbers, and each ``percent…`` floored to one decimal from its ``exact_percent…``."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = {}
        for item in fields(self):  # type: ignore[arg-type]
            if item.metadata.get("json", True):
                exact = getattr(self, "exact_" + item.name, None)
                value = getattr(self, item.name)
                out[item.name] = percent_for_display(exact) if exact is not None else _json(item.name, value)
        return out


@dataclass(frozen=True)
class NextStep(_JsonForm):
    """The next value of an indicator that earns more points."""

    value: float
    points: float



@dataclass(frozen=True)
class IndicatorScore(_JsonForm):
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
    explanation: Explanation = field(metadata=NOT_IN_JSON)
    advice_ja: str
    advice_en: str

    @property
    def pending_review(self) -> bool:
        """A rubric indicator that reviewers have not scored yet (counts 0)."""
        return self.status == "pending_review"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, with ``pending_review``."""
        return {**super().to_dict(), "pending_review": self.pending_review}


@dataclass(frozen=True)
class ViewpointScore(_JsonForm):
    """Weighted points of one review viewpoint."""

    key: str
    name_ja: str
    name_en: str
    points: float
    max_points: float
    percent: float
    exact_percent: Fraction = _exact()



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
class Improvement(_JsonForm):
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
    explanation: Message = field(metadata=NOT_IN_JSON)
    advice_ja: str
    advice_en: str
    exact_percent_after: Fraction = _exact()



@dataclass(frozen=True)
class PlanStep(_JsonForm):
    """One indicator change in a plan to reach the target tier."""

    key: str
    name_ja: str
    name_en: str
    from_value: float | None
    to_value: float
    weighted_gain: float
    reviewer_assessed: bool



@dataclass(frozen=True)
class TierPlan(_JsonForm):
    """A short set of changes that together reach ``target_tier`` (greedy, not unique)."""

    target_tier: str
    steps: tuple[PlanStep, ...]
    reaches_target_tier: bool
    total_after: float
    percent_after: float
    exact_percent_after: Fraction = _exact()



@dataclass(frozen=True)
class ScoreResult(_JsonForm):
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
    exact_percent: Fraction = _exact()

    def indicator(self, key: str) -> IndicatorScore:
        """The score of indicator ``key``."""
        return {item.key: item for item in self.indicators}[key]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; points rounded to 2 decimals, percents floored to 1 decimal."""
        out = super().to_dict()
        out["minimums"] = {"met": out.pop("minimums_met"), "missed": out.pop("minimums_missed")}
        return out
