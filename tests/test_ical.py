"""iCalendar export: one event per activity, stable uids, a clear error without the extra."""

from __future__ import annotations

import datetime
import subprocess
import sys

import attrs
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import runpelvis as rp
from runpelvis._ical import MISSING_EXTRA

START = datetime.date(2026, 1, 5)
PROFILE = rp.RunnerProfile(
    causes=frozenset({"weak_core", "overuse"}),
    level="beginner",
    equipment=frozenset({"mat", "pool"}),
    session_minutes=20,
    runs_per_week=3,
    weekly_run_minutes=90,
)


def _program(
    profile: rp.RunnerProfile = PROFILE, weeks: int = 2, start: datetime.date = START
) -> rp.Program:
    return rp.plan_program(profile, weeks=weeks, start=start)


def _events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_one_event_per_activity_on_its_day() -> None:
    program = _program()
    events = _events(rp.to_ical(program))
    planned = [(day, activity) for day in program.days for activity in day.activities]
    assert len(planned) > 14
    assert len(events) == len(planned)
    kinds = {activity.kind for _, activity in planned}
    assert {"run", "warm_up", "cool_down", "strength", "cross_training"} <= kinds
    for event, (day, activity) in zip(events, planned, strict=True):
        assert event.decoded("dtstart") == day.date
        assert event.decoded("dtend") == day.date + datetime.timedelta(days=1)
        assert str(event["transp"]) == "TRANSPARENT"  # an all-day plan does not block time
        summary = str(event["summary"])
        assert summary.endswith(f", {activity.minutes} min")
        assert str(event["categories"].cats[1]) == activity.kind
        description = str(event["description"])
        if activity.session is not None:
            for item in activity.session.items:
                assert f"- {item.name}: {item.dose}" in description.splitlines()
        if activity.kind == "run":
            assert summary.startswith("Run, ")
            assert f"Focus: {activity.cue}" in description
        if activity.kind == "cross_training":
            assert summary.startswith(f"Cross-training: {activity.note}, ")
        assert description.endswith(f"Planned by runpelvis (catalog {program.catalog_version}).")


def test_the_calendar_carries_the_notes_and_a_name() -> None:
    program = _program()
    calendar = icalendar.Calendar.from_ical(rp.to_ical(program))
    assert str(calendar["prodid"]) == "-//runpelvis//runpelvis//EN"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Running plan from 2026-01-05"
    assert str(calendar["description"]) == " ".join(program.notes)


def test_uids_are_unique_and_stable() -> None:
    first = rp.to_ical(_program())
    again = rp.to_ical(_program())
    assert first == again
    uids = [str(event["uid"]) for event in _events(first)]
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@runpelvis") for uid in uids)
    # same runner, same day and place: same uid, even in a longer plan or after a new triage
    report = rp.SymptomReport(
        symptoms=frozenset({"pain_while_running"}), pain=3, days_since_onset=2
    )
    rested = rp.plan_program(PROFILE, weeks=3, start=START, triage=rp.triage(report))
    later = {str(event["uid"]) for event in _events(rp.to_ical(rested))}
    day_one = f"-{START:%Y%m%d}-0@runpelvis"
    assert [uid for uid in uids if uid.endswith(day_one)] == [
        uid for uid in later if uid.endswith(day_one)
    ]
    # another runner: other uids
    other = rp.RunnerProfile(
        causes=frozenset(),
        level="advanced",
        equipment=frozenset(),
        session_minutes=30,
        runs_per_week=3,
        weekly_run_minutes=90,
    )
    assert not set(uids) & {str(event["uid"]) for event in _events(rp.to_ical(_program(other)))}


def test_uids_do_not_depend_on_the_process() -> None:
    """No ``hash()`` in a uid: another interpreter, another hash seed, the same uids."""
    code = (
        "import datetime, runpelvis as rp\n"
        "p = rp.RunnerProfile(causes={'weak_core', 'overuse'}, level='beginner',"
        " equipment={'mat', 'pool'}, session_minutes=20, runs_per_week=3, weekly_run_minutes=90)\n"
        "import sys; sys.stdout.buffer.write(rp.to_ical("
        "rp.plan_program(p, weeks=2, start=datetime.date(2026, 1, 5))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        env={"PYTHONHASHSEED": "12345"},
        timeout=60,
    )
    assert done.stdout == rp.to_ical(_program())


def test_start_time_places_activities_back_to_back() -> None:
    program = _program(weeks=1)
    events = _events(rp.to_ical(program, start_time=datetime.time(7, 30)))
    by_day: dict[datetime.date, list[icalendar.Event]] = {}
    for event in events:
        by_day.setdefault(event.decoded("dtstart").date(), []).append(event)
    for day in program.days:
        placed = by_day.get(day.date, [])
        assert len(placed) == len(day.activities)
        moment = datetime.datetime.combine(day.date, datetime.time(7, 30))
        for event, activity in zip(placed, day.activities, strict=True):
            assert event.decoded("dtstart") == moment  # floating local time
            moment += datetime.timedelta(minutes=activity.minutes)
            assert event.decoded("dtend") == moment
            assert "transp" not in event


def test_stamp() -> None:
    program = _program(weeks=1)
    (first, *_) = _events(rp.to_ical(program))
    assert first.decoded("dtstamp") == datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    tz = datetime.timezone(datetime.timedelta(hours=2))
    stamp = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=tz)
    (first, *_) = _events(rp.to_ical(program, stamp=stamp))
    assert first.decoded("dtstamp") == datetime.datetime(2026, 1, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"program": "plan"}, "program: must be a Program, got str"),
        ({"start_time": "07:00"}, "start_time: must be a naive datetime.time"),
        ({"start_time": datetime.time(7, tzinfo=datetime.UTC)}, "start_time: must be a naive"),
        ({"stamp": datetime.datetime(2026, 1, 1)}, "stamp: must be a timezone-aware"),
        ({"stamp": datetime.date(2026, 1, 1)}, "stamp: must be a timezone-aware"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], problem: str) -> None:
    arguments: dict[str, object] = {"program": _program(weeks=1), **kwargs}
    with pytest.raises(rp.InvalidInput) as caught:
        rp.to_ical(**arguments)  # type: ignore[arg-type]
    assert caught.value.errors[0].startswith(problem)


def test_without_icalendar_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    program = _program(weeks=1)
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(ImportError) as caught:
        rp.to_ical(program)
    assert str(caught.value) == MISSING_EXTRA
    assert "pip install 'runpelvis[ical]'" in str(caught.value)
    assert caught.value.name == "icalendar"


@settings(max_examples=25, deadline=None)
@given(
    weeks=st.integers(1, 3),
    start=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 1)),
    runs=st.integers(0, 6),
    minutes=st.integers(0, 300),
)
def test_any_program_round_trips_one_event_per_activity(
    weeks: int, start: datetime.date, runs: int, minutes: int
) -> None:
    profile = rp.RunnerProfile(
        causes=frozenset({"weak_glutes"}),
        level="intermediate",
        equipment=frozenset({"bike"}),
        session_minutes=15,
        runs_per_week=runs,
        weekly_run_minutes=minutes,
    )
    program = rp.plan_program(profile, weeks=weeks, start=start)
    events = _events(rp.to_ical(program))
    assert [event.decoded("dtstart") for event in events] == [
        day.date for day in program.days for _ in day.activities
    ]


# -- the ends of the calendar --------------------------------------------------------------------

LAST_DAY = datetime.date.max  # 9999-12-31
EAST = datetime.timezone(datetime.timedelta(hours=5))
WEST = datetime.timezone(datetime.timedelta(hours=-5))


def _ending_on_the_last_day(weeks: int = 1, runs: int = 3) -> rp.Program:
    profile = attrs.evolve(PROFILE, runs_per_week=runs)
    start = LAST_DAY - datetime.timedelta(days=7 * weeks - 1)
    return rp.plan_program(profile, weeks=weeks, start=start)


def _busy_last_day(program: rp.Program) -> rp.Program:
    """The program with the day before last's activities moved onto 9999-12-31 too."""
    *days, before, last = program.days
    assert before.activities
    moved = attrs.evolve(last, activities=before.activities)
    return attrs.evolve(program, days=(*days, before, moved))


@settings(max_examples=10, deadline=None)
@given(weeks=st.integers(1, 3), runs=st.integers(0, 6))
def test_a_program_ending_on_9999_12_31_exports(weeks: int, runs: int) -> None:
    """The planner accepts such a program; to_ical used to overflow computing the day after."""
    program = _ending_on_the_last_day(weeks, runs)
    assert program.days[-1].date == LAST_DAY
    events = _events(rp.to_ical(program))
    assert [event.decoded("dtstart") for event in events] == [
        day.date for day in program.days for _ in day.activities
    ]


def test_an_all_day_event_on_9999_12_31_lasts_a_day_by_duration() -> None:
    program = _busy_last_day(_ending_on_the_last_day())
    events = _events(rp.to_ical(program))
    last = [event for event in events if event.decoded("dtstart") == LAST_DAY]
    assert len(last) == len(program.days[-1].activities) > 0
    for event in last:  # no DTEND: 10000-01-01 cannot be written
        assert "dtend" not in event
        assert event.decoded("duration") == datetime.timedelta(days=1)
    for event in events:
        if event.decoded("dtstart") != LAST_DAY:
            assert "duration" not in event
            assert event.decoded("dtend") == event.decoded("dtstart") + datetime.timedelta(days=1)


def test_timed_events_may_not_run_past_9999_12_31() -> None:
    program = _busy_last_day(_ending_on_the_last_day())
    minutes = sum(activity.minutes for activity in program.days[-1].activities)
    latest = (datetime.datetime.max - datetime.timedelta(minutes=minutes)).time()
    events = _events(rp.to_ical(program, start_time=latest.replace(microsecond=0)))
    assert events[-1].decoded("dtend").date() == LAST_DAY
    too_late = (datetime.datetime.max - datetime.timedelta(minutes=minutes - 1)).time()
    with pytest.raises(rp.InvalidInput) as caught:
        rp.to_ical(program, start_time=too_late.replace(second=0, microsecond=0))
    assert caught.value.errors == [
        f"start_time: the activities of 9999-12-31 from {too_late:%H:%M}:00 would end after "
        "9999-12-31, the last day a calendar can hold: start earlier"
    ]


@pytest.mark.parametrize(
    ("stamp", "written"),
    [
        (datetime.datetime(1, 1, 1, 5, tzinfo=EAST), "00010101T000000Z"),
        (datetime.datetime(9999, 12, 31, 18, tzinfo=WEST), "99991231T230000Z"),
    ],
)
def test_stamps_at_the_ends_of_the_calendar(stamp: datetime.datetime, written: str) -> None:
    ics = rp.to_ical(_program(weeks=1), stamp=stamp)
    assert f"DTSTAMP:{written}" in ics.decode("utf-8").splitlines()


@pytest.mark.parametrize(
    "stamp",
    [
        datetime.datetime(1, 1, 1, tzinfo=EAST),
        datetime.datetime.min.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=1))),
        datetime.datetime(9999, 12, 31, 23, tzinfo=WEST),
    ],
)
def test_a_stamp_outside_the_utc_calendar_is_refused_up_front(stamp: datetime.datetime) -> None:
    """It was accepted, then overflowed converting to UTC."""
    with pytest.raises(rp.InvalidInput) as caught:
        rp.to_ical(_program(weeks=1), stamp=stamp)
    assert caught.value.errors == [
        f"stamp: must be between 0001-01-01 and 9999-12-31 in UTC, got {stamp.isoformat()}"
    ]


def test_every_problem_is_reported_at_once() -> None:
    far = datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    with pytest.raises(rp.InvalidInput) as caught:
        rp.to_ical("plan", start_time="7", stamp=far)  # type: ignore[arg-type]
    assert [path for path, _ in caught.value.problems] == ["program", "start_time", "stamp"]
