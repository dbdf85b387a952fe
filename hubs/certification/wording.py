"""The scoring engine's messages in the reader's language.

The pure engine (:mod:`hubs.certification.scoring`) says what it means as message codes
with parameters. Here each code has its English msgid, marked for extraction into
``hubs/translations`` and translated by gettext like every other interface string. Names
and units inside the messages are the criteria document's own Japanese and English words
(data), so an indicator is never shown by its key.

Pages and the API show a score with both languages side by side (``explanation_ja`` /
``explanation_en``, ``message_ja`` / ``message_en``), as they always have; both come from
the one catalogue.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from functools import partial
from typing import Any

from babel.lists import format_list
from flask_babel import force_locale, get_locale, gettext

from hubs.certification.scoring import CriteriaError, CriteriaProblem, FieldError, ScoreResult
from hubs.certification.scoring.messages import Explanation, Message, Name, Param, Quantity, format_number
from hubs.core.i18n import current_language
from hubs.core.errors import FieldError as Problem

LANGUAGES = ("ja", "en")


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated where it is shown."""
    return msgid


def _(msgid: str, **params: str) -> str:
    """``msgid`` in the current language, with ``params`` filled in."""
    return str(gettext(msgid, **params))


#: The English msgid of every message code of the engine.
MSGIDS: dict[str, str] = {
    # TRANSLATORS: how an indicator scored, e.g. "12 contracts → 6 of 10 points".
    "points_earned": N_("%(value)s → %(points)s of %(top)s points"),
    "points_not_reported": N_("not reported → 0 of %(top)s points"),
    "points_pending_review": N_("not yet reviewed → 0 of %(top)s points (pending review)"),
    "top_step_reached": N_("top step reached"),
    # TRANSLATORS: e.g. "next step at 20 contracts → 8" (8 points).
    "next_step": N_("next step at %(value)s → %(points)s"),
    # TRANSLATORS: a rubric indicator's next level, e.g. "next: level 3 → 7.5" (7.5 points).
    "next_level": N_("next: %(value)s → %(points)s"),
    # TRANSLATORS: e.g. "linear from 10% to 50%; 35% → 6.25" (6.25 points at 35%).
    "linear_next": N_("linear from %(start)s to %(end)s; %(value)s → %(points)s"),
    # TRANSLATORS: e.g. "× 2 weight = 12" (12 weighted points).
    "weighted_points": N_("× %(weight)s weight = %(points)s"),
    "minimum_met": N_("minimum of %(minimum)s met"),
    "minimum_missed": N_("minimum of %(minimum)s not met"),
    # TRANSLATORS: advice, e.g. "Joint research contracts from 12 contracts to 20 contracts: +2 points
    # (+4 weighted, total 24, 60%)".
    "improvement": N_("%(indicator)s from %(start)s to %(end)s: +%(gain)s points (+%(weighted_gain)s weighted, "
                      "total %(total)s, %(percent)s%%)"),
    "improvement_reaches_tier": N_("%(indicator)s from %(start)s to %(end)s: +%(gain)s points "
                                   "(+%(weighted_gain)s weighted, total %(total)s, %(percent)s%%); "
                                   "enough for %(tier)s on its own"),
    "not_reported": N_("not reported"),
    "not_yet_reviewed": N_("not yet reviewed"),
    "percent_below": N_("%(tier)s needs at least %(needed_percent)s%% of the maximum (%(needed_points)s points); "
                        "%(gap_points)s points to go."),
    "too_many_minimums_missed": N_("%(tier)s allows at most %(allowed)s missed minimums (%(count)s missed now)."),
    "must_meet_missed": N_("%(tier)s requires the minimum of: %(keys)s"),
    "viewpoint_below": N_("%(tier)s needs %(needed_percent)s%% in every viewpoint (%(viewpoint)s: %(percent)s%%)."),
    "unknown_track": N_("Unknown track %(track)s; choose one of %(choices)s."),
    "track_missing": N_("Choose a track: %(choices)s."),
    "values_not_object": N_("Application values must be an object of indicator keys and numbers."),
    "rubric_scores_not_object": N_("Rubric scores must be an object of indicator keys and levels 0-4."),
    "unknown_indicator": N_("%(key)s is not an indicator of criteria %(criteria_version)s."),
    "reviewer_only": N_("%(indicator)s is scored by reviewers on the published rubric; send it in rubric_scores, "
                        "not in the application values."),
    "not_rubric": N_("%(indicator)s is a quantitative indicator; send it in the application values."),
    "value_required": N_("%(indicator)s is required."),
    # TRANSLATORS: e.g. "SMEs among partner companies cannot exceed Partner companies (10)."
    "exceeds_related": N_("%(indicator)s cannot exceed %(related)s (%(max)s)."),
    "not_a_number": N_("Enter a number for %(indicator)s."),
    "not_finite": N_("%(indicator)s must be a finite number (not NaN or infinity)."),
    "not_integer": N_("%(indicator)s must be a whole number."),
    "out_of_range": N_("%(indicator)s must be between %(min)s and %(max)s (got %(value)s)."),
    "unknown_tier": N_("Unknown tier %(tier)s."),
    # A criteria document's problems; the key path is shown before them.
    "key_required": N_("This key is required."),
    "key_unknown": N_("Unknown key."),
    "text_expected": N_("Must be text."),
    "text_empty": N_("Must not be empty."),
    "key_format": N_("Use lower-case letters, digits and underscores, starting with a letter."),
    "boolean_expected": N_("Must be true or false."),
    "number_expected": N_("Must be a number."),
    "finite_number_expected": N_("Must be a finite number."),
    "whole_number_expected": N_("Must be a whole number."),
    "must_exceed": N_("Must be greater than %(limit)s."),
    "must_be_at_least": N_("Must be at least %(limit)s."),
    "must_be_at_most": N_("Must be at most %(limit)s."),
    "list_expected": N_("Must be a list."),
    "list_empty": N_("Must not be an empty list."),
    "too_many_items": N_("Too many entries (at most %(count)s)."),
    "object_expected": N_("Must be an object."),
    "date_expected": N_("Must be an ISO date (YYYY-MM-DD)."),
    "one_of": N_("Must be one of: %(choices)s."),
    "invalid_value": N_("Invalid value (%(detail)s)."),
    "duplicate_key": N_("The key %(key)s is used more than once."),
    "unknown_viewpoint": N_("Unknown viewpoint %(key)s."),
    "unknown_indicator_key": N_("Unknown indicator %(key)s."),
    "viewpoint_without_indicator": N_("This viewpoint has no indicator."),
    "at_most_invalid": N_("Must name another quantitative indicator."),
    "max_not_above_min": N_("Must be greater than min."),
    "percent_range": N_("A percent range must lie within 0 to 100."),
    "rubric_range": N_("A rubric indicator ranges over levels 0 to 4."),
    "step_out_of_range": N_("The step's value lies outside min to max."),
    "step_points_above_max": N_("A step cannot award more than max_points."),
    "steps_not_increasing": N_("Step values and points must both increase from step to step."),
    "last_step_not_max": N_("The last step must award max_points."),
    "linear_outside_range": N_("Needs min ≤ from < to ≤ max."),
    "minimum_above_max_points": N_("Cannot exceed max_points."),
    "minimum_above_indicator_max": N_("Cannot exceed the indicator's max_points."),
    "rubric_needs_thresholds": N_("A rubric indicator scores by thresholds."),
    "rubric_levels": N_("Must describe levels 0, 1, 2, 3 and 4, in that order."),
    "rubric_not_allowed": N_("Only rubric indicators have a rubric."),
    "tiers_not_ordered": N_("Tiers are listed best first: min_percent must not rise."),
    "last_tier_has_conditions": N_("The last tier is the fallback (not certified) and must have no conditions."),
}


def text(message: Message) -> str:
    """``message`` in the current language."""
    params = {key: _param(value) for key, value in message.params.items()}
    return _(MSGIDS[message.code], **params)


def explanation_text(explanation: Explanation) -> str:
    """An indicator's explanation as one sentence in the current language."""
    sentence = text(explanation.points)
    if explanation.detail is not None:
        # TRANSLATORS: a score followed by a detail in brackets.
        sentence = _("%(text)s (%(detail)s)", text=sentence, detail=text(explanation.detail))
    for clause in explanation.clauses:
        # TRANSLATORS: a sentence followed by one more clause.
        sentence = _("%(text)s; %(clause)s", text=sentence, clause=text(clause))
    return sentence


def _param(value: Param) -> str:
    if isinstance(value, Name):
        return value.en if current_language() == "en" else value.ja
    if isinstance(value, Quantity):
        return _quantity(value)
    if isinstance(value, Message):
        return text(value)
    if isinstance(value, tuple):
        if all(isinstance(item, Name) for item in value):
            return format_list([_param(item) for item in value], locale=get_locale() or "ja")
        return format_list([str(item) for item in value], style="or", locale=get_locale() or "ja")
    if isinstance(value, Fraction | float | int) and not isinstance(value, bool):
        return format_number(value)
    return "" if value is None else str(value)


def _quantity(quantity: Quantity) -> str:
    number = format_number(quantity.value)
    if quantity.kind == "rubric":
        return _("level %(level)s", level=number)
    english = current_language() == "en"
    unit = quantity.unit_en if english else quantity.unit_ja
    if unit == "%":
        return f"{number}%"
    if english and quantity.kind == "count" and quantity.value == 1:  # English units are written in the plural
        unit = unit[:-3] + "y" if unit.endswith("ies") else unit.removesuffix("s")
    # TRANSLATORS: a number and its unit, e.g. "12 contracts" (Japanese writes them together: 12件).
    return _("%(number)s %(unit)s", number=number, unit=unit)


def in_each_language(render: Callable[[], str]) -> dict[str, str]:
    """``{"ja": ..., "en": ...}``: what ``render`` says in each language."""
    words = {}
    for language in LANGUAGES:
        with force_locale(language):
            words[language] = render()
    return words


def score_dict(result: ScoreResult) -> dict[str, Any]:
    """A score as the API answers and the pages show it: the engine's JSON plus the wording."""
    data = result.to_dict()
    for language in LANGUAGES:
        with force_locale(language):
            for item, score in zip(data["indicators"], result.indicators, strict=True):
                item[f"explanation_{language}"] = explanation_text(score.explanation)
            for item, improvement in zip(data["improvements"], result.improvements, strict=True):
                item[f"explanation_{language}"] = text(improvement.explanation)
            for item, blocker in zip(data["blockers"], result.blockers, strict=True):
                item[f"message_{language}"] = text(blocker.message)
    return data


class _Lazy:
    """Words rendered when read, in the reader's (or a forced) language."""

    def __init__(self, render: Callable[[], str]) -> None:
        self.render = render

    def __str__(self) -> str:
        return self.render()


def field_errors(errors: Mapping[str, Iterable[FieldError]]) -> list[Problem]:
    """The engine's input errors as the portal's field errors."""
    return [Problem(key, problem.code, _Lazy(partial(text, problem.message)))
            for key, problems in errors.items() for problem in problems]


def criteria_problems(error: CriteriaError) -> list[Problem]:
    """A rejected criteria document's problems, one field error of ``document`` each."""
    return [Problem("document", "criteria_invalid", _Lazy(partial(_criteria_problem, problem)))
            for problem in error.problems]


def _criteria_problem(problem: CriteriaProblem) -> str:
    if problem.path:
        return _("Criteria rejected at %(path)s: %(problem)s", path=problem.path, problem=text(problem.message))
    return _("Criteria rejected: %(problem)s", problem=text(problem.message))
