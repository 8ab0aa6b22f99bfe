"""A program as an iCalendar file, one event per activity (needs the ``ical`` extra).

Events are all-day by default (runpelvis does not know when the runner trains);
with ``start_time`` each day's activities follow one another from that local time.
Output is deterministic: the same program gives the same bytes. Each event's
``UID`` is derived from the runner's profile, the day and the activity's position
that day, so importing an updated plan for the same runner updates its events
instead of adding copies. ``DTSTAMP`` is ``stamp`` (default: midnight UTC of the
program's start).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator

from ._convert import unstructure
from ._errors import InvalidInput
from ._planner import Activity, Day, Program

__all__ = ["MISSING_EXTRA", "to_ical"]

MISSING_EXTRA = "to_ical needs the optional 'ical' extra: pip install 'runpelvis[ical]'"
PRODID = "-//runpelvis//runpelvis//EN"

#: How each activity kind reads in an event's summary.
LABELS = {
    "run": "Run",
    "warm_up": "Warm-up",
    "cool_down": "Cool-down",
    "strength": "Strength",
    "recovery": "Recovery",
    "cross_training": "Cross-training",
}


def to_ical(
    program: Program,
    *,
    start_time: datetime.time | None = None,
    stamp: datetime.datetime | None = None,
) -> bytes:
    """``program`` as iCalendar (RFC 5545) bytes: one ``VEVENT`` per activity.

    ``start_time`` (a naive local time) makes the events timed, back to back from
    that time each day; without it they are all-day. ``stamp`` (timezone-aware)
    is every event's ``DTSTAMP``. Raises :class:`ImportError` naming the ``ical``
    extra when the ``icalendar`` package is not installed.
    """
    _check(program, start_time, stamp)
    try:
        import icalendar
    except ImportError as error:
        raise ImportError(MISSING_EXTRA, name="icalendar") from error

    if stamp is None:
        stamp = datetime.datetime.combine(program.start, datetime.time(), datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    name = f"Running plan from {program.start.isoformat()}"
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", " ".join(program.notes))
    key = _profile_key(program)
    for day in program.days:
        for index, activity, start, end in _placed(day, start_time):
            event = icalendar.Event()
            event.add("uid", f"{key}-{day.date:%Y%m%d}-{index}@runpelvis")
            event.add("dtstamp", stamp.astimezone(datetime.UTC))
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("summary", _summary(activity))
            event.add("description", _description(activity, program.catalog_version))
            event.add("categories", ["runpelvis", activity.kind])
            if start_time is None:
                event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def _check(program: object, start_time: object, stamp: object) -> None:
    problems = []
    if not isinstance(program, Program):
        problems.append(("program", f"must be a Program, got {type(program).__name__}"))
    if start_time is not None and (
        not isinstance(start_time, datetime.time) or start_time.tzinfo is not None
    ):
        problems.append(("start_time", "must be a naive datetime.time (local time) or None"))
    if stamp is not None and (
        not isinstance(stamp, datetime.datetime) or stamp.utcoffset() is None
    ):
        problems.append(("stamp", "must be a timezone-aware datetime.datetime or None"))
    if problems:
        raise InvalidInput(problems)


def _profile_key(program: Program) -> str:
    text = json.dumps(unstructure(program.profile), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _placed(
    day: Day, start_time: datetime.time | None
) -> Iterator[tuple[int, Activity, datetime.date, datetime.date]]:
    """Each activity with its start and end: the whole day, or back to back from ``start_time``."""
    if start_time is None:
        next_day = day.date + datetime.timedelta(days=1)
        for index, activity in enumerate(day.activities):
            yield index, activity, day.date, next_day
        return
    moment = datetime.datetime.combine(day.date, start_time)
    for index, activity in enumerate(day.activities):
        end = moment + datetime.timedelta(minutes=activity.minutes)
        yield index, activity, moment, end
        moment = end


def _summary(activity: Activity) -> str:
    label = LABELS[activity.kind]
    if activity.kind == "cross_training":
        label = f"{label}: {activity.note or activity.cross_training}"
    return f"{label}, {activity.minutes} min"


def _description(activity: Activity, version: str) -> str:
    lines: list[str] = []
    if activity.session is not None:
        lines += [f"- {item.name}: {item.dose}" for item in activity.session.items]
        lines += activity.session.notes
    if activity.cue:
        lines.append(f"Focus: {activity.cue}")
    if activity.note and activity.kind != "cross_training":
        lines.append(activity.note)
    lines.append(f"Planned by runpelvis (catalog {version}).")
    return "\n".join(lines)
