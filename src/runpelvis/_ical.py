"""A program as an iCalendar file, one event per activity (needs the ``ical`` extra).

Events are all-day by default (runpelvis does not know when the runner trains);
with ``start_time`` each day's activities follow one another from that local time.
Output is deterministic: the same program gives the same bytes. Each event's
``UID`` is derived from the runner's profile, the day and the activity's position
that day, so importing an updated plan for the same runner updates its events
instead of adding copies. ``DTSTAMP`` is ``stamp`` (default: midnight UTC of the
program's start).

Every program the planner makes exports, even one that ends on 9999-12-31, the
last day Python (and iCalendar's four-digit years) can write: an all-day event
ends the next day (``DTEND``), but that day has no next day, so its events say
``DURATION:P1D`` instead, which RFC 5545 reads the same. What cannot be written is
refused up front with :class:`~runpelvis.InvalidInput`: a ``stamp`` outside
0001-01-01 to 9999-12-31 once in UTC, or a ``start_time`` that would make the last
day's activities end after 9999-12-31.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator

from ._convert import unstructure
from ._errors import InvalidInput
from ._plan import Activity, Day, Program
from ._vocabulary import ACTIVITY_LABELS

__all__ = ["MISSING_EXTRA", "to_ical"]

MISSING_EXTRA = "to_ical needs the optional 'ical' extra: pip install 'runpelvis[ical]'"
PRODID = "-//runpelvis//runpelvis//EN"

#: A day, and how long an all-day event lasts.
ONE_DAY = datetime.timedelta(days=1)

#: How each activity kind reads in an event's summary.
LABELS = ACTIVITY_LABELS


def to_ical(
    program: Program,
    *,
    start_time: datetime.time | None = None,
    stamp: datetime.datetime | None = None,
) -> bytes:
    """``program`` as iCalendar (RFC 5545) bytes: one ``VEVENT`` per activity.

    ``start_time`` (a naive local time) makes the events timed, back to back from
    that time each day; without it they are all-day. ``stamp`` (timezone-aware,
    between 0001-01-01 and 9999-12-31 once in UTC) is every event's ``DTSTAMP``.
    Raises :class:`~runpelvis.InvalidInput` for arguments that cannot be written (see
    the module's notes), and :class:`ImportError` naming the ``ical`` extra when the
    ``icalendar`` package is not installed.
    """
    _check(program, start_time, stamp)
    try:
        import icalendar
    except ImportError as error:
        raise ImportError(MISSING_EXTRA, name="icalendar") from error

    if stamp is None:
        stamp = datetime.datetime.combine(program.start, datetime.time(), datetime.UTC)
    utc_stamp = stamp.astimezone(datetime.UTC)
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
            event.add("dtstamp", utc_stamp)
            event.add("dtstart", start)
            if isinstance(end, datetime.timedelta):  # on 9999-12-31: no next day to end on
                event.add("duration", end)
            else:
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
    """Every argument that cannot be written, at once."""
    problems = []
    if not isinstance(program, Program):
        problems.append(("program", f"must be a Program, got {type(program).__name__}"))
    if start_time is not None and (
        not isinstance(start_time, datetime.time) or start_time.tzinfo is not None
    ):
        problems.append(("start_time", "must be a naive datetime.time (local time) or None"))
    elif isinstance(program, Program) and start_time is not None:
        late = _past_the_calendar(program, start_time)
        if late is not None:
            problems.append(
                (
                    "start_time",
                    f"the activities of {late} from {start_time.isoformat()} would end after "
                    "9999-12-31, the last day a calendar can hold: start earlier",
                )
            )
    if stamp is not None and (message := _stamp_problem(stamp)) is not None:
        problems.append(("stamp", message))
    if problems:
        raise InvalidInput(problems)


def _stamp_problem(stamp: object) -> str | None:
    if not isinstance(stamp, datetime.datetime) or stamp.utcoffset() is None:
        return "must be a timezone-aware datetime.datetime or None"
    try:
        stamp.astimezone(datetime.UTC)
    except OverflowError:  # e.g. 0001-01-01 00:00 at UTC+05:00 is still year 0 in UTC
        return f"must be between 0001-01-01 and 9999-12-31 in UTC, got {stamp.isoformat()}"
    return None


def _past_the_calendar(program: Program, start_time: datetime.time) -> datetime.date | None:
    """The first day whose timed activities would end after the last representable moment."""
    for day in program.days:
        minutes = sum(activity.minutes for activity in day.activities)
        try:
            datetime.datetime.combine(day.date, start_time) + datetime.timedelta(minutes=minutes)
        except OverflowError:
            return day.date
    return None


def _profile_key(program: Program) -> str:
    text = json.dumps(unstructure(program.profile), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _placed(
    day: Day, start_time: datetime.time | None
) -> Iterator[tuple[int, Activity, datetime.date, datetime.date | datetime.timedelta]]:
    """Each activity with its start and end: the whole day, or back to back from ``start_time``.

    An all-day event on 9999-12-31 has no next day to end on: its end is a duration.
    """
    if start_time is None:
        end = ONE_DAY if day.date == datetime.date.max else day.date + ONE_DAY
        for index, activity in enumerate(day.activities):
            yield index, activity, day.date, end
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
