"""Training logs and the pain-monitoring model: what a week's logs say about the next week.

A runner logs what they did (:class:`SessionLog`): the activity, whether it was
completed, its minutes, the pain during it (0-10) and, the next morning, whether the
pain had settled. The pain-monitoring model (Silbernagel et al. 2007; Thomee 1997)
judges each week that has logs, and that decides the next week's running load
(:class:`Adjustment`):

``progress``
    every logged run stayed at or under ``progress_max_pain`` (3/10) and settled by
    the next morning: the plan's own progression goes on.
``hold``
    a run reached ``hold_max_pain`` (4-5/10) but settled, or under half the week's
    planned runs were logged as completed: next week runs no more than this week.
``step_back``
    a run went above ``hold_max_pain`` (6/10 or more), or next-morning pain had not
    settled: next week runs at most ``step_back_percent`` (80%) of this week, and less.
``stop_running``
    a log reported new symptoms, and a new triage says the runner should not run
    (the planner re-triages and blocks the runs; ``urgent`` or ``emergency`` stops the
    whole plan with :class:`~runpelvis.CareRequired`).

"Settled" means the next-morning pain is no higher than the runner's baseline: the
previous log's next-morning pain, or, for the first log, the pain of the triage
report (0 without one). A next-morning pain not yet known (``None``) is not judged.
This module only judges; the planner (``_planner``) applies the decisions.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Literal, get_args

import attrs

from ._catalog import Catalog
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
    show,
    string,
    unknown_ids,
)
from ._checks import texts as _texts
from ._disposition import Disposition
from ._errors import CareRequired, InvalidInput
from ._settings import PlannerSettings
from ._triage import MAX_DAYS, SymptomReport, TriageResult, triage

__all__ = [
    "DECISIONS",
    "LOG_KINDS",
    "Adjustment",
    "Decision",
    "LogKind",
    "SessionLog",
    "Verdict",
]

LogKind = Literal[
    "run", "warm_up", "cool_down", "strength", "recovery", "cross_training", "readiness_check"
]
Decision = Literal["progress", "hold", "step_back", "stop_running"]
#: What a log may record, and the decisions a week's logs can lead to (mildest first).
LOG_KINDS: tuple[LogKind, ...] = get_args(LogKind)
DECISIONS: tuple[Decision, ...] = get_args(Decision)
#: The longest activity a log may record, in minutes (as a planned activity).
MAX_LOG_MINUTES = 180
#: The most symptoms one log may add.
MAX_NEW_SYMPTOMS = 64
#: The most logs one plan takes: one of each kind a day for the longest program.
MAX_LOGS = 7 * 52 * len(LOG_KINDS)


@attrs.frozen
class SessionLog(Checked):
    """What the runner did on one day: one activity, and how it felt.

    ``pain_during`` is the worst pain during it (0-10); ``pain_next_morning`` the pain on
    waking the next day, or ``None`` while not yet known; ``new_symptoms`` any symptom
    ids that appeared (the planner triages them). A run on a day that planned none is
    still evidence, and its minutes count toward that week's load.
    """

    date: datetime.date = attrs.field(metadata=checks(instance(datetime.date)))
    kind: LogKind = attrs.field(metadata=checks(one_of(LOG_KINDS)))
    completed: bool = attrs.field(metadata=checks(instance(bool)))
    minutes: int = attrs.field(metadata=checks(integer(0, MAX_LOG_MINUTES)))
    pain_during: int = attrs.field(metadata=checks(integer(0, 10)))
    pain_next_morning: int | None = attrs.field(
        metadata=checks(optional(integer(0, 10))), default=None
    )
    new_symptoms: frozenset[str] = attrs.field(
        metadata=checks(set_of(string(64), MAX_NEW_SYMPTOMS)), converter=freeze, factory=frozenset
    )


@attrs.frozen
class Adjustment(Checked):
    """A decision about one week's running load, and why, in plain words.

    ``week`` is the (1-based) week whose load the decision sets: logs of week 2 decide
    week 3.
    """

    week: int = checked(integer(1, 53))
    decision: Decision = checked(one_of(DECISIONS))
    reasons: tuple[str, ...] = checked(_texts())


@attrs.frozen
class Verdict:
    """One week's judgement: the decision and its reasons (``stop_running`` is the planner's)."""

    decision: Decision
    reasons: tuple[str, ...]


def _settled(log: SessionLog, baseline: int) -> bool | None:
    """Whether the next-morning pain was back at or under the baseline (``None``: unknown)."""
    if log.pain_next_morning is None:
        return None
    return log.pain_next_morning <= baseline


def baselines(logs: Sequence[SessionLog], first: int) -> list[int]:
    """Each log's baseline: the last known next-morning pain before it, else ``first``."""
    found: list[int] = []
    baseline = first
    for log in logs:
        found.append(baseline)
        if log.pain_next_morning is not None:
            baseline = log.pain_next_morning
    return found


def _step_back_reasons(log: SessionLog, baseline: int, limits: PlannerSettings) -> Iterator[str]:
    where = f"{log.kind.replace('_', ' ')} on {log.date.isoformat()}"
    if log.kind == "run" and log.pain_during > limits.hold_max_pain:
        yield (
            f"The {where} hurt at {log.pain_during}/10, above the {limits.hold_max_pain}/10 the "
            f"pain-monitoring model accepts: next week runs at most {limits.step_back_percent}% "
            "of this week's minutes."
        )
    if _settled(log, baseline) is False:
        yield (
            f"Pain the morning after the {where} was {log.pain_next_morning}/10, higher than "
            f"{baseline}/10 before: it had not settled, so next week steps back."
        )


def _hold_reasons(log: SessionLog, limits: PlannerSettings) -> Iterator[str]:
    if log.kind == "run" and limits.progress_max_pain < log.pain_during <= limits.hold_max_pain:
        yield (
            f"The run on {log.date.isoformat()} hurt at {log.pain_during}/10: acceptable under "
            f"the pain-monitoring model (up to {limits.hold_max_pain}/10) as it settled, but "
            "next week holds this week's running instead of adding more."
        )


def _completion_reason(completed: int, planned: int, limits: PlannerSettings) -> Iterator[str]:
    if planned and 100 * completed < limits.min_completed_percent * planned:
        yield (
            f"{completed} of {planned} planned runs were logged as completed, under "
            f"{limits.min_completed_percent}%: next week holds this week's running."
        )


def judge_week(
    logs: Sequence[SessionLog],
    week_baselines: Sequence[int],
    planned_runs: int,
    limits: PlannerSettings,
) -> Verdict:
    """The pain-monitoring decision for one week's logs (at least one)."""
    step_back = [
        reason
        for log, baseline in zip(logs, week_baselines, strict=True)
        for reason in _step_back_reasons(log, baseline, limits)
    ]
    if step_back:
        return Verdict("step_back", tuple(step_back))
    completed = sum(1 for log in logs if log.kind == "run" and log.completed)
    hold = [reason for log in logs for reason in _hold_reasons(log, limits)]
    hold += _completion_reason(completed, planned_runs, limits)
    if hold:
        return Verdict("hold", tuple(hold))
    return Verdict(
        "progress",
        (
            f"Every logged run stayed at or under {limits.progress_max_pain}/10 and settled by "
            "the next morning: the plan's progression goes on (pain-monitoring model).",
        ),
    )


# --- applying the logs to a plan -----------------------------------------------------


def read_logs(
    logs: object, start: datetime.date, days: int, symptoms: Collection[str]
) -> tuple[SessionLog, ...]:
    """The logs, in date order, once each is a :class:`SessionLog` that makes sense here.

    Every problem is reported at once, at ``logs[i]...``: not a log, a date outside the
    ``days`` from ``start``, two logs of one kind on one date, an unknown symptom.
    """
    if isinstance(logs, str | bytes | Mapping) or not isinstance(logs, Iterable):
        raise InvalidInput.at("logs", f"must be an iterable of SessionLog, got {show(logs)}")
    given = list(logs)
    problems: list[tuple[str, str]] = []
    seen: dict[tuple[datetime.date, str], int] = {}
    for index, log in enumerate(given):
        problems += _log_problems(f"logs[{index}]", log, start, days, symptoms)
        if isinstance(log, SessionLog):
            first = seen.setdefault((log.date, log.kind), index)
            if first != index:
                problems.append(
                    (
                        f"logs[{index}]",
                        f"duplicate logs for one activity: logs[{first}] is also a {log.kind} "
                        f"on {log.date.isoformat()}",
                    )
                )
    if problems:
        raise InvalidInput(problems)
    return tuple(sorted(given, key=lambda log: (log.date, LOG_KINDS.index(log.kind))))


def _log_problems(
    path: str, log: object, start: datetime.date, days: int, symptoms: Collection[str]
) -> list[tuple[str, str]]:
    if not isinstance(log, SessionLog):
        return [(path, f"must be a SessionLog, got {type(log).__name__}")]
    problems = unknown_ids(f"{path}.new_symptoms", log.new_symptoms, symptoms, "symptom")
    if not 0 <= (log.date - start).days < days:
        last = start + datetime.timedelta(days=days - 1)
        problems.append(
            (f"{path}.date", f"{log.date.isoformat()} is outside the program ({start} to {last})")
        )
    return problems


@attrs.frozen
class Evidence:
    """What the logs tell the planner, ready to apply week by week (weeks are 0-based)."""

    #: Each judged week's logs, with each log's baseline.
    weeks: Mapping[int, tuple[tuple[SessionLog, int], ...]]
    #: Days on which no run is planned (a new triage, or no readiness pass yet).
    blocked: frozenset[datetime.date]
    #: Days a readiness check is planned.
    checks: frozenset[datetime.date]
    #: Why runs stopped, by the week of the log that stopped them.
    stops: Mapping[int, tuple[str, ...]]

    def verdict(self, week: int, planned_runs: int, settings: PlannerSettings) -> Verdict | None:
        """The decision of ``week``'s logs (``None``: no logs, not judged)."""
        found = self.weeks.get(week)
        if not found:
            return None
        return judge_week(
            [log for log, _ in found], [base for _, base in found], planned_runs, settings
        )

    def adjustment(self, week: int, verdict: Verdict) -> Adjustment:
        """The adjustment ``week``'s verdict makes to the next week (new symptoms first)."""
        stops = self.stops.get(week, ())
        decision: Decision = "stop_running" if stops else verdict.decision
        return Adjustment(week + 2, decision, stops + verdict.reasons)

    def logs(self, week: int) -> Iterator[SessionLog]:
        return (log for log, _ in self.weeks.get(week, ()))


def evidence(
    logs: Sequence[SessionLog],
    start: datetime.date,
    days: int,
    original: TriageResult | None,
    catalog: Catalog,
) -> Evidence:
    """The evidence of date-ordered ``logs``; a log whose new triage needs care now raises
    :class:`~runpelvis.CareRequired` with that triage."""
    weeks: dict[int, list[tuple[SessionLog, int]]] = {}
    first = 0 if original is None else original.report.pain
    for log, baseline in zip(logs, baselines(logs, first), strict=True):
        weeks.setdefault((log.date - start).days // 7, []).append((log, baseline))
    blocked: set[datetime.date] = set()
    stops: dict[int, list[str]] = {}
    for log in logs:
        if log.new_symptoms:
            result = retriage(log, original, start, catalog)
            if result.disposition.needs_care_now:
                raise CareRequired(result)
            stop = _stop(log, result, start, days, catalog)
            if stop is not None:
                blocked.update(stop[0])
                stops.setdefault((log.date - start).days // 7, []).append(stop[1])
    checks = frozenset[datetime.date]()
    if original is not None and original.disposition is Disposition.REST:
        checks, waiting = _readiness(logs, start, days, catalog.planner_settings)
        blocked |= waiting
    return Evidence(
        weeks={week: tuple(found) for week, found in weeks.items()},
        blocked=frozenset(blocked),
        checks=checks,
        stops={week: tuple(found) for week, found in stops.items()},
    )


def retriage(
    log: SessionLog, original: TriageResult | None, start: datetime.date, catalog: Catalog
) -> TriageResult:
    """The triage of the original report with the log's new symptoms and pain, days later."""
    days = (log.date - start).days
    if original is None:
        report = SymptomReport(
            symptoms=log.new_symptoms, pain=log.pain_during, days_since_onset=days
        )
    else:
        was = original.report
        report = attrs.evolve(
            was,
            symptoms=was.symptoms | log.new_symptoms,
            unsure=was.unsure - log.new_symptoms,
            pain=log.pain_during,
            days_since_onset=min(MAX_DAYS, was.days_since_onset + days),
        )
    return triage(report, catalog=catalog)


def _stop(
    log: SessionLog, result: TriageResult, start: datetime.date, days: int, catalog: Catalog
) -> tuple[list[datetime.date], str] | None:
    """The days a new triage blocks, and why, or ``None`` when it lets the runner run."""
    disposition = result.disposition
    if disposition < Disposition.REST:
        return None
    end = start + datetime.timedelta(days=days)
    if disposition is Disposition.REST:
        span, words = range(1, 8), "no run for the 7 days after that log"
    else:
        span, words = range((end - log.date).days), "no run at all until a clinician has seen you"
    named = ", ".join(catalog.symptoms[id_].name for id_ in sorted(log.new_symptoms))
    reason = (
        f"New symptoms logged on {log.date.isoformat()} ({named}): a new triage with them says "
        f"{disposition.value.replace('_', ' ')}, so {words}."
    )
    return [log.date + datetime.timedelta(days=n) for n in span], reason


def _readiness(
    logs: Sequence[SessionLog], start: datetime.date, days: int, settings: PlannerSettings
) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """After a ``rest`` triage: the readiness checks planned, and the days without runs.

    A check on the last non-rest day of the first week and the first day of every later
    week, until a logged pass; runs only on the days after the pass.
    """
    passed = next(
        (
            log.date
            for log in logs
            if log.kind == "readiness_check"
            and log.completed
            and log.pain_during <= settings.readiness_max_pain
        ),
        None,
    )
    every = [start + datetime.timedelta(days=n) for n in range(days)]
    candidates = [every[5], *every[7::7]]
    checks = frozenset(d for d in candidates if passed is None or d <= passed)
    waiting = frozenset(d for d in every if passed is None or d <= passed)
    return checks, waiting


def readiness_note(settings: PlannerSettings) -> str:
    return (
        f"Readiness check: a brisk {settings.readiness_walk_minutes}-minute walk, then "
        f"{settings.readiness_hops} single-leg hops on each side; it passes if pain stays at "
        f"{settings.readiness_max_pain}/10 or less. Log it: runs come back the day after a pass."
    )


def run_load(logs: Iterable[SessionLog], planned_runs: int, per_run: int) -> int:
    """A week's running as logged: the logged runs' minutes, plus the planned minutes of
    the planned runs not logged (a run logged on a swapped day counts once)."""
    runs = [log for log in logs if log.kind == "run"]
    return sum(log.minutes for log in runs) + per_run * max(0, planned_runs - len(runs))


def run_cap(verdict: Verdict | None, this_week: int, settings: PlannerSettings) -> int | None:
    """The most next week may run after ``verdict`` on ``this_week``'s minutes (``None``: any)."""
    if verdict is None or verdict.decision == "progress":
        return None
    if verdict.decision == "hold":
        return this_week
    return max(0, min(this_week * settings.step_back_percent // 100, this_week - 1))


def dose_step(logs: Iterable[SessionLog], settings: PlannerSettings) -> int:
    """How far strength doses move next week: on (1), held (0) or eased back a week (-1)."""
    worst = max((log.pain_during for log in logs if log.kind == "strength"), default=0)
    if worst > settings.hold_max_pain:
        return -1
    return 0 if worst > settings.progress_max_pain else 1
