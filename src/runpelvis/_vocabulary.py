"""The words every part of runpelvis shares: levels, kinds of session and activity, dates.

One table each, read by the model, the planner and every surface (JSON, text, HTML,
iCal), so that a new kind or a new label is added in one place. Plain data only:
this module imports nothing of runpelvis.
"""

from collections.abc import Mapping
from typing import Literal, get_args

__all__ = [
    "ACTIVITY_KINDS",
    "ACTIVITY_LABELS",
    "LEVELS",
    "MONTHS",
    "SESSION_KINDS",
    "WEEKDAYS",
    "ActivityKind",
    "Level",
    "SessionKind",
]

Level = Literal["beginner", "intermediate", "advanced"]
SessionKind = Literal["warm_up", "cool_down", "strength", "recovery"]
ActivityKind = Literal[
    "run", "warm_up", "cool_down", "strength", "recovery", "cross_training", "readiness_check"
]

#: Runner levels, easiest first.
LEVELS: tuple[Level, ...] = get_args(Level)
SESSION_KINDS: tuple[SessionKind, ...] = get_args(SessionKind)
ACTIVITY_KINDS: tuple[ActivityKind, ...] = get_args(ActivityKind)

#: How each activity kind is named to a person: a title (HTML, iCal); text shows it lowercase.
ACTIVITY_LABELS: Mapping[ActivityKind, str] = {
    "run": "Run",
    "warm_up": "Warm-up",
    "cool_down": "Cool-down",
    "strength": "Strength",
    "recovery": "Recovery",
    "cross_training": "Cross-training",
    "readiness_check": "Readiness check",
}

#: English names, whatever the locale, so that every output is the same everywhere.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
