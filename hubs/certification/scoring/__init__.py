"""Certification scoring engine for regional innovation hubs.

Pure domain code: it turns a published criteria set (``seed_data/criteria/*.json`` or
``.yaml``) and one application's values into points, a tier and advice. Nothing here imports
Flask or the database, so the HTML view, the JSON API, the CLI and the tests all call the same
functions.

The model follows J-Innovation HUB's four review viewpoints (vision and strategy; base and
inputs; the innovation management process; outputs and outcomes) and the way European cluster
labels (ESCA/EUCLES) score: every indicator has its own minimum and the tier is set by the
share of the maximum reached. J-Innovation HUB does not publish numeric thresholds; the numbers
in the criteria file are this portal's own published model.

How a score is built
--------------------
* Each indicator maps its value to ``0..max_points`` raw points with a non-decreasing points
  function: ``thresholds`` (the points of the highest step reached) or ``linear`` (0 at
  ``from``, ``max_points`` at ``to``, clamped).
* Its weight on a track is ``track.viewpoint_weights[viewpoint]`` (default 1) times
  ``track.indicator_weights[key]`` (default: the indicator's own ``weight``).
* ``total`` is the sum of weighted points, ``maximum`` the sum of weighted maxima, ``percent``
  their ratio. An indicator's minimum is in raw points (a track may override it).
* Tiers are listed best first; the tier is the first whose conditions all hold. Every condition
  only gets easier as points rise, so a better value can never lower the total or the tier.

Arithmetic is exact (``fractions.Fraction``) so that a hub at exactly 80% is Gold; results are
reported as floats.

The package, by job
-------------------
``criteria``  the published criteria document and reading it
``values``    reading an application's submitted values, field by field
``engine``    scoring: points, tiers, blockers, advice and a plan; percentiles
``benchmarks`` anonymous standing among peers: quartile bands only, hidden below ten peers
``results``   the result types and their JSON form
``messages``  the sentences that explain a score
``exact``     exact numbers in, display numbers out
"""

from .criteria import (
    Criteria, CriteriaDocument, CriteriaError, CriteriaProblem, Indicator, LinearPoints, RubricLevel,
    ThresholdPoints, Tier, Track, Viewpoint, criteria_json_schema, load_criteria
)
from .benchmarks import MIN_PEERS, IndicatorBand, indicator_bands, quartile_band
from .engine import percentile, score_application
from .results import Improvement, IndicatorScore, NextStep, PlanStep, ScoreResult, TierBlocker, TierPlan, ViewpointScore
from .values import FieldError, ScoringInputError, errors_to_dict, validate_values

__all__ = [
    "Criteria",
    "CriteriaDocument",
    "CriteriaError",
    "CriteriaProblem",
    "FieldError",
    "Improvement",
    "IndicatorBand",
    "Indicator",
    "IndicatorScore",
    "NextStep",
    "PlanStep",
    "LinearPoints",
    "MIN_PEERS",
    "RubricLevel",
    "ScoreResult",
    "ScoringInputError",
    "ThresholdPoints",
    "Tier",
    "TierBlocker",
    "TierPlan",
    "Track",
    "Viewpoint",
    "ViewpointScore",
    "criteria_json_schema",
    "errors_to_dict",
    "load_criteria",
    "indicator_bands",
    "percentile",
    "quartile_band",
    "score_application",
    "validate_values",
]
