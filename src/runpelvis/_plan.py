"""The plan model: the runner's profile, sessions and their items, days and programs.

What the planner makes and the surfaces (JSON, text, HTML, iCal, schema) show. Every
class is frozen and checked on construction, like the catalog's content, so a plan
read back from JSON is as sound as one the planner made. The planning itself is in
``_planner``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import attrs

from ._adaptation import Adjustment
from ._checks import (
    Checked,
    checked,
    checks,
    freeze,
    instance,
    integer,
    one_of,
    optional,
    set_of,
    string,
    texts,
    tuple_of,
    with_schema,
)
from ._disposition import Disposition
from ._errors import InvalidInput
from ._vocabulary import (
    ACTIVITY_KINDS,
    LEVELS,
    SESSION_KINDS,
    WEEKDAYS,
    ActivityKind,
    Level,
    SessionKind,
)

__all__ = [
    "MAX_SESSION_ITEMS",
    "MAX_SESSION_MINUTES",
    "MAX_WEEKLY_RUN_MINUTES",
    "MAX_WEEKS",
    "WEEK",
    "Activity",
    "ActivityKind",
    "Day",
    "Exclusion",
    "Program",
    "RunnerProfile",
    "Session",
    "SessionItem",
]

#: Programs run in weeks of seven days; the last day of each week is a full rest day.
WEEK = 7
MAX_WEEKS = 52
MAX_SESSION_MINUTES = 180
#: The most exercises one session holds, however short they are.
MAX_SESSION_ITEMS = 50
MAX_WEEKLY_RUN_MINUTES = 1500


def _runs_per_week(value: object) -> str | None:
    if type(value) is int and value == WEEK:
        return "must be from 0 to 6: one day a week is always a rest day, got 7"
    return integer(0, WEEK - 1)(value)


@attrs.frozen
class RunnerProfile(Checked):
    """Who the plan is for: causes to work on, level, equipment and time.

    ``session_minutes`` is the time budget of one session; ``runs_per_week`` is
    0-6 (a seventh day is always rest); ``weekly_run_minutes`` is the running the
    runner does now (0: not running now, so no runs are planned).
    """

    causes: frozenset[str] = attrs.field(metadata=checks(set_of(string(64))), converter=freeze)
    level: Level = attrs.field(metadata=checks(one_of(LEVELS)))
    equipment: frozenset[str] = attrs.field(metadata=checks(set_of(string(64))), converter=freeze)
    session_minutes: int = attrs.field(metadata=checks(integer(5, MAX_SESSION_MINUTES)))
    runs_per_week: int = attrs.field(
        metadata=checks(with_schema(_runs_per_week, integer(0, WEEK - 1)))
    )
    weekly_run_minutes: int = attrs.field(metadata=checks(integer(0, MAX_WEEKLY_RUN_MINUTES)))


def _dose_words(item: SessionItem) -> str:
    """The dose in words; ``""`` while the fields are unsound (their checks report it)."""
    sets, reps, hold = item.sets, item.reps, item.hold_seconds
    if type(sets) is not int or not (type(reps) is int or type(hold) is int):
        return ""
    if type(reps) is int:
        words = f"{sets} x {reps} reps"
        if type(hold) is int and hold:
            words += f", {hold} s hold each"
    else:
        words = f"{hold} s hold"
        if sets > 1:
            words = f"{sets} x {words}"
    return words + (", each side" if item.per_side is True else "")


def _derived(_: object) -> str | None:
    return None


#: A value of a record: what ``to_records`` rows hold.
Cell = str | int | bool | None


@attrs.frozen
class SessionItem(Checked):
    """One exercise of a session and its dose: ``sets`` of ``reps`` and/or a ``hold_seconds``.

    ``per_side`` means every set is done on each side; ``rest_seconds`` is the rest
    between sets. ``dose`` is the dose in words (``"3 x 12 reps, 5 s hold each, each
    side"`` or ``"30 s hold"``), derived from the other fields; ``steps`` and ``cues``
    are the catalog exercise's instructions (empty in plans written before they were
    carried).
    """

    exercise: str = checked(string(64))
    name: str = checked(string(80))
    sets: int = checked(integer(1, 5))
    reps: int | None = checked(optional(integer(1, 30)))
    hold_seconds: int | None = checked(optional(integer(1, 300)))
    per_side: bool = checked(instance(bool))
    rest_seconds: int = checked(integer(0, 600))
    dose: str = checked(with_schema(_derived, string(200)), init=False)
    steps: tuple[str, ...] = checked(texts(), default=())
    cues: tuple[str, ...] = checked(texts(), default=())

    @dose.default
    def _dose(self) -> str:
        return _dose_words(self)

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.reps is None and self.hold_seconds is None:
            yield "reps", "an item needs reps, hold_seconds or both"


@attrs.frozen
class Exclusion(Checked):
    """An exercise the planner left out, and why."""

    exercise: str = checked(string(64))
    reason: str = checked(string(500))


@attrs.frozen
class Session(Checked):
    """A warm-up, cool-down, strength or recovery session that fits the runner's time.

    ``minutes`` follows the duration model in ``docs/planner.md``; ``excluded``
    lists the exercises left out and why; ``notes`` says what the runner should know.
    """

    kind: SessionKind = checked(one_of(SESSION_KINDS))
    minutes: int = checked(integer(0, MAX_SESSION_MINUTES))
    items: tuple[SessionItem, ...] = checked(tuple_of(instance(SessionItem), MAX_SESSION_ITEMS))
    excluded: tuple[Exclusion, ...] = checked(tuple_of(instance(Exclusion), 500))
    notes: tuple[str, ...] = checked(texts())
    catalog_version: str = checked(string(200))

    def to_records(self) -> list[dict[str, Cell]]:
        """One flat dict per item, ready for ``pandas.DataFrame(session.to_records())``.

        Keys: ``exercise``, ``name``, ``sets``, ``reps``, ``hold_seconds``, ``per_side``,
        ``rest_seconds``, ``dose``; values are str, int, bool or None.
        """
        return [
            {
                "exercise": item.exercise,
                "name": item.name,
                "sets": item.sets,
                "reps": item.reps,
                "hold_seconds": item.hold_seconds,
                "per_side": item.per_side,
                "rest_seconds": item.rest_seconds,
                "dose": item.dose,
            }
            for item in self.items
        ]

    def _repr_html_(self) -> str:
        from ._html import session_html

        return session_html(self)


@attrs.frozen
class Activity(Checked):
    """One thing to do on a day: a run, a session or a cross-training activity.

    ``session`` is set for the four session kinds, ``cross_training`` (an activity id)
    for cross-training; a run carries a form ``cue`` to focus on, and a ``note``
    such as the walk-run pattern on the way back to running.
    """

    kind: ActivityKind = checked(one_of(ACTIVITY_KINDS))
    minutes: int = checked(integer(0, MAX_SESSION_MINUTES))
    session: Session | None = checked(optional(instance(Session)), default=None)
    cross_training: str | None = checked(optional(string(64)), default=None)
    cue: str | None = checked(optional(string()), default=None)
    note: str | None = checked(optional(string()), default=None)

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.kind in SESSION_KINDS and self.session is None:
            yield "session", f"a {self.kind} activity needs a session"
        elif self.kind not in SESSION_KINDS and self.session is not None:
            yield "session", f"a {self.kind} activity has no session"
        elif self.session is not None and self.session.kind != self.kind:
            yield "session", f"must be a {self.kind} session, got {self.session.kind}"
        if self.kind == "cross_training" and self.cross_training is None:
            yield "cross_training", "a cross_training activity names the activity"
        elif self.kind != "cross_training" and self.cross_training is not None:
            yield "cross_training", f"only a cross_training activity names one, not a {self.kind}"


@attrs.frozen
class Day(Checked):
    """One calendar day of a program and what to do on it."""

    date: datetime.date = checked(instance(datetime.date))
    activities: tuple[Activity, ...] = checked(tuple_of(instance(Activity), 10), default=())
    is_rest: bool = attrs.field(init=False)

    @is_rest.default
    def _is_rest(self) -> bool:
        """No run, strength or cross-training that day (gentle recovery allowed)."""
        # runs before the checks: bad activities are reported by them, not here
        activities = self.activities if isinstance(self.activities, tuple) else ()
        return not any(
            getattr(a, "kind", None) in ("run", "strength", "cross_training") for a in activities
        )

    @property
    def run_minutes(self) -> int:
        return sum(a.minutes for a in self.activities if a.kind == "run")


@attrs.frozen
class Program(Checked):
    """A multi-week plan: ``7 * weeks`` consecutive days from ``start``.

    ``disposition`` is the triage the plan respects (``self_care`` when there was none);
    ``adjustments`` what the runner's logs decided, one per judged week (``week`` is the
    1-based week whose load it set).
    """

    start: datetime.date = checked(instance(datetime.date))
    weeks: int = checked(integer(1, MAX_WEEKS))
    disposition: Disposition = checked(instance(Disposition))
    profile: RunnerProfile = checked(instance(RunnerProfile))
    days: tuple[Day, ...] = checked(tuple_of(instance(Day), WEEK * MAX_WEEKS))
    notes: tuple[str, ...] = checked(texts())
    catalog_version: str = checked(string(200))
    adjustments: tuple[Adjustment, ...] = checked(
        tuple_of(instance(Adjustment), MAX_WEEKS), default=()
    )

    def _problems(self) -> Iterable[tuple[str, str]]:
        if len(self.days) != WEEK * self.weeks:
            yield "days", f"must hold {WEEK * self.weeks} days, got {len(self.days)}"
        for index, day in enumerate(self.days):
            if day.date != self.start + datetime.timedelta(days=index):
                yield f"days[{index}].date", "days must run consecutively from start"
                break

    def week(self, number: int) -> tuple[Day, ...]:
        """The seven days of week ``number`` (1-based, as :attr:`Adjustment.week`).

        Raises :class:`~runpelvis.InvalidInput` at ``"week"`` outside ``1..weeks``.
        """
        if type(number) is not int or not 1 <= number <= self.weeks:
            raise InvalidInput.at("week", f"must be from 1 to {self.weeks}, got {number!r}")
        return self.days[WEEK * (number - 1) : WEEK * number]

    def day(self, date: datetime.date) -> Day:
        """The day of ``date``; :class:`~runpelvis.InvalidInput` at ``"date"`` outside the plan."""
        if type(date) is not datetime.date:
            raise InvalidInput.at("date", f"must be a datetime.date, got {type(date).__name__}")
        index = (date - self.start).days
        if not 0 <= index < len(self.days):
            last = self.start + datetime.timedelta(days=len(self.days) - 1)
            raise InvalidInput.at(
                "date", f"{date.isoformat()} is outside the program ({self.start} to {last})"
            )
        return self.days[index]

    def weekly_run_minutes(self) -> tuple[int, ...]:
        """Minutes of running planned in each week."""
        return tuple(sum(day.run_minutes for day in self.week(w)) for w in range(1, self.weeks + 1))

    def to_records(self) -> list[dict[str, Cell]]:
        """One flat dict per activity, ready for ``pandas.DataFrame(program.to_records())``.

        Keys: ``date`` (ISO), ``week`` (1-based), ``weekday`` (``"Mon"``...), ``kind`` (an
        activity kind, or ``"rest"`` for the one row of a day with no activity),
        ``minutes``, ``session_kind`` and ``exercises`` (the session's kind and number of
        items; None and 0 without a session), ``cross_training``, ``cue``, ``note``,
        ``is_rest`` (the day's flag), ``disposition`` and ``catalog_version``; values are
        str, int, bool or None.
        """
        records: list[dict[str, Cell]] = []
        for index, day in enumerate(self.days):
            shared: dict[str, Cell] = {
                "date": day.date.isoformat(),
                "week": index // WEEK + 1,
                "weekday": WEEKDAYS[day.date.weekday()],
            }
            for activity in day.activities or (None,):
                records.append({**shared, **self._activity_record(day, activity)})
        return records

    def _activity_record(self, day: Day, activity: Activity | None) -> dict[str, Cell]:
        session = activity.session if activity is not None else None
        return {
            "kind": activity.kind if activity is not None else "rest",
            "minutes": activity.minutes if activity is not None else 0,
            "session_kind": session.kind if session is not None else None,
            "exercises": len(session.items) if session is not None else 0,
            "cross_training": activity.cross_training if activity is not None else None,
            "cue": activity.cue if activity is not None else None,
            "note": activity.note if activity is not None else None,
            "is_rest": day.is_rest,
            "disposition": self.disposition.value,
            "catalog_version": self.catalog_version,
        }

    def _repr_html_(self) -> str:
        from ._html import program_html

        return program_html(self)
