"""The numbers the planner and screening work by, as typed records checked with the catalog.

A catalog document lists its planner settings and screening thresholds as items
(``{"id", "value", "description", "source"}``), so that each number carries its source.
When a catalog is built, those items become one :class:`PlannerSettings` and one
:class:`ScreeningThresholds`: every setting present once, no unknown ones, each value
within the bounds below. A catalog that loads can therefore always plan and screen;
a missing or nonsensical number is :class:`~runpelvis.InvalidInput` at load time,
naming the file and the item, never a ``KeyError`` or ``ZeroDivisionError`` later.

The bounds keep the planner's arithmetic and its results' own checks sound; they are
not clinical advice. Durations of work are at least a second; percentages that are a
share of something (a start within a dose range, an easier or returning week) are
0-100, and so is weekly growth (at most doubling); a screening rise is 0-200%.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

import attrs

from ._checks import (
    Check,
    Checked,
    checked,
    field_problems,
    instance,
    integer,
    show,
    suggest,
    with_schema,
)
from ._content import Cause, Level, Threshold
from ._errors import InvalidInput

__all__ = [
    "SCREENING_CAUSES",
    "PlannerSettings",
    "ScreeningThresholds",
    "planner_settings",
    "screening_problems",
    "screening_thresholds",
]

_R = TypeVar("_R")

#: The longest program, in weeks (the planner's ``MAX_WEEKS``).
_WEEKS = 52
#: Days a week, and the most strength days that fit in one with a day between each.
_DAYS = 7
_STRENGTH_DAYS = 3
#: Input bounds of screening's history (``RunnerHistory``): a threshold beyond them
#: could never be reached.
_SHOE_KM = 100_000
_PLANK_SECONDS = 3600
_BRIDGE_REPS = 1000

#: Causes screening names without a threshold: each must be a non-medical cause of the catalog.
SCREENING_CAUSES = ("skipped_stretching", "no_cross_training", "poor_form", "tight_hip_flexors")


@attrs.frozen
class PlannerSettings(Checked):
    """The planner's numbers, one typed field per setting of the catalog's ``planner`` section.

    Read it as ``catalog.planner_settings``; each setting's description and source are in
    ``catalog.planner``.
    """

    #: Time one controlled repetition takes, before any hold (1-60 s).
    seconds_per_rep: int = checked(integer(1, 60))
    #: Time to get into position for each exercise (0-300 s).
    transition_seconds: int = checked(integer(0, 300))
    #: Rest between sets of a strength exercise (0-600 s, as a session item allows).
    strength_rest_seconds: int = checked(integer(0, 600))
    #: Longest warm-up and cool-down (1-60 minutes).
    warm_up_max_minutes: int = checked(integer(1, 60))
    cool_down_max_minutes: int = checked(integer(1, 60))
    #: Weekly growth of running minutes (0-100%).
    weekly_growth_percent: int = checked(integer(0, 100))
    #: Every this many weeks an easier week (2-52: week 1 is never one).
    easier_week_every: int = checked(integer(2, _WEEKS))
    #: An easier week's share of the week before, and a returning week's of the usual (0-100%).
    easier_week_percent: int = checked(integer(0, 100))
    return_percent: int = checked(integer(0, 100))
    #: Strength sessions a week (0-3: never on consecutive days, one day always rests).
    strength_sessions_per_week: int = checked(integer(0, _STRENGTH_DAYS))
    #: Cross-training sessions a week (0-6).
    cross_training_per_week: int = checked(integer(0, _DAYS - 1))
    #: How far each week moves a dose along its range (0-100%).
    progress_percent_per_week: int = checked(integer(0, 100))
    #: The walk-run return: jog and walk intervals (1-600 s), repeats (1-30).
    walk_run_jog_seconds: int = checked(integer(1, 600))
    walk_run_walk_seconds: int = checked(integer(1, 600))
    walk_run_repeats: int = checked(integer(1, 30))
    #: Where intermediate and advanced runners start in each dose range (0-100%,
    #: advanced never before intermediate).
    intermediate_start_percent: int = checked(integer(0, 100))
    advanced_start_percent: int = checked(integer(0, 100))
    #: Strength sets fewer for beginners (0-4; a dose has 1-5 sets, never fewer than one).
    beginner_fewer_sets: int = checked(integer(0, 4))
    #: The pain-monitoring model (0-10): runs up to ``progress_max_pain`` progress, up to
    #: ``hold_max_pain`` hold (never below ``progress_max_pain``), above it step back.
    progress_max_pain: int = checked(integer(0, 10))
    hold_max_pain: int = checked(integer(0, 10))
    #: A step back's share of this week's running (0-99%: always strictly less).
    step_back_percent: int = checked(integer(0, 99))
    #: Under this share of planned runs logged as completed, next week holds (0-100%).
    min_completed_percent: int = checked(integer(0, 100))
    #: The readiness check after a rest: the most pain that passes (0-10), the brisk
    #: walk's minutes (1-180, as an activity allows) and the hops on each side (1-100).
    readiness_max_pain: int = checked(integer(0, 10))
    readiness_walk_minutes: int = checked(integer(1, 180))
    readiness_hops: int = checked(integer(1, 100))

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.advanced_start_percent < self.intermediate_start_percent:
            yield (
                "advanced_start_percent",
                f"must be at least intermediate_start_percent ({self.intermediate_start_percent}),"
                f" got {self.advanced_start_percent}",
            )
        if self.hold_max_pain < self.progress_max_pain:
            yield (
                "hold_max_pain",
                f"must be at least progress_max_pain ({self.progress_max_pain}),"
                f" got {self.hold_max_pain}",
            )

    def start_percent(self, level: Level) -> int:
        """Where in each dose range a runner of ``level`` starts (0 for beginners)."""
        if level == "advanced":
            return self.advanced_start_percent
        if level == "intermediate":
            return self.intermediate_start_percent
        return 0


def _threshold(low: int, high: int) -> Check:
    bounds = integer(low, high)

    def check(value: object) -> str | None:
        if not isinstance(value, Threshold):
            return f"must be a Threshold, got {show(value)}"
        return bounds(value.value)

    return with_schema(check, instance(Threshold), properties={"value": bounds.schema("request")})


@attrs.frozen
class ScreeningThresholds(Checked):
    """Screening's thresholds, one typed field per item of the catalog's ``screening`` section.

    Read it as ``catalog.screening_thresholds``; each field is the :class:`Threshold` item
    itself (its ``value`` and the ``cause`` it points to).
    """

    #: Week-on-week and two-week rises in running minutes (0-200%).
    weekly_rise_percent: Threshold = checked(_threshold(0, 200))
    two_week_rise_percent: Threshold = checked(_threshold(0, 200))
    #: The fewest extra minutes a rise must add to count at all (0-600): a few minutes
    #: more on a small base is a large percentage, not a load spike.
    min_rise_minutes: Threshold = checked(_threshold(0, 600))
    #: Fewest full rest days a week (0-7).
    min_rest_days_per_week: Threshold = checked(_threshold(0, _DAYS))
    #: Shoe kilometres (1-100,000), plank seconds (1-3600), bridges per side (1-1000).
    shoe_km: Threshold = checked(_threshold(1, _SHOE_KM))
    plank_seconds: Threshold = checked(_threshold(1, _PLANK_SECONDS))
    single_leg_bridge_reps: Threshold = checked(_threshold(1, _BRIDGE_REPS))


def _record(
    cls: type[_R],
    located: Iterable[tuple[str, Any]],
    where: str,
    noun: str,
    value_of: Callable[[Any], object],
) -> tuple[_R | None, list[tuple[str, str]]]:
    """The record ``cls`` made of the items ``located`` (``(path, item)`` pairs), or its problems.

    ``where`` is the path a missing item is reported at; a bad value is reported at its item.
    """
    names = [field.name for field in attrs.fields(cast(Any, cls))]
    values: dict[str, object] = {}
    paths: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for path, item in located:
        if item.id not in names:
            problems.append((f"{path}.id", f"unknown {noun} {item.id!r}{suggest(item.id, names)}"))
        elif item.id not in values:  # a repeat is reported as a duplicate id
            values[item.id], paths[item.id] = value_of(item), path
    problems += [(where, f"missing {noun} {name!r}") for name in names if name not in values]
    wrong = list(field_problems(cls, values))
    if not problems and not wrong:
        try:
            return cls(**values), []
        except InvalidInput as error:  # a problem across fields
            wrong = list(error.problems)
    return None, problems + [(f"{paths[name]}.value", message) for name, message in wrong]


def planner_settings(
    located: Iterable[tuple[str, Any]], where: str
) -> tuple[PlannerSettings | None, list[tuple[str, str]]]:
    """The planner settings of ``(path, Setting)`` items, or the problems that prevent them."""
    return _record(PlannerSettings, located, where, "planner setting", _value)


def screening_thresholds(
    located: Iterable[tuple[str, Any]], where: str
) -> tuple[ScreeningThresholds | None, list[tuple[str, str]]]:
    """The screening thresholds of ``(path, Threshold)`` items, or the problems with them."""
    return _record(ScreeningThresholds, located, where, "threshold", _itself)


def _value(item: Any) -> object:
    return item.value


def _itself(item: Any) -> object:
    return item


def screening_problems(
    located: Iterable[tuple[str, Threshold]], causes: Mapping[str, Cause], where: str
) -> list[tuple[str, str]]:
    """Causes screening would name that are missing or medical.

    Screening names a medical cause only from a clinician's diagnosis, so no threshold
    may point at one, and the causes it names without a threshold must be there.
    """
    problems = [
        (f"{path}.cause", f"{item.cause!r} is a medical cause: {_MEDICAL}")
        for path, item in located
        if item.cause in causes and causes[item.cause].medical
    ]
    for name in SCREENING_CAUSES:
        cause = causes.get(name)
        if cause is None:
            problems.append((where, f"has no cause {name!r}, which screening names"))
        elif cause.medical:
            problems.append((where, f"cause {name!r} is medical: {_MEDICAL}"))
    return problems


_MEDICAL = "screening names a medical cause only from a clinician's diagnosis"
