"""The routine planner: sessions and multi-week programs a runner can follow.

Everything the planner decides by is either the runner's profile, the latest
triage, or a catalog setting (``catalog.planner``): doses, the duration model,
weekly growth, easier weeks, the return to running. The planner is pure: the
same inputs give the same plan.

Safety gates, in order: an ``urgent`` or ``emergency`` triage raises
:class:`~runpelvis.CareRequired` (no plan at all); ``see_clinician`` plans no
runs and only gentle exercises; ``rest`` plans no run in the first seven days,
then a walk-run return at half the usual weekly minutes. An exercise is never
planned when the report's symptoms or the profile's causes rule it out, when
it needs equipment the runner lacks, or when it is above the runner's level;
each one dropped is listed on the session with the reason.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping

import attrs

from ._adaptation import (
    Adjustment,
    Evidence,
    SessionLog,
    dose_step,
    evidence,
    read_logs,
    readiness_note,
    run_cap,
    run_load,
)
from ._catalog import Catalog, resolve
from ._checks import integer, show, unknown_ids
from ._content import CrossTraining, Exercise, IntRange
from ._disposition import Disposition
from ._errors import CareRequired, InvalidInput
from ._plan import (
    MAX_SESSION_ITEMS,
    MAX_SESSION_MINUTES,
    MAX_WEEKS,
    WEEK,
    Activity,
    Day,
    Exclusion,
    Program,
    RunnerProfile,
    Session,
    SessionItem,
)
from ._settings import PlannerSettings
from ._triage import TriageResult, triage
from ._vocabulary import LEVELS, SESSION_KINDS, SessionKind

__all__ = ["item_seconds", "plan_program", "plan_session"]

#: Which kinds of exercise each session draws from.
_POOLS: Mapping[SessionKind, tuple[str, ...]] = {
    "warm_up": ("mobility",),
    "cool_down": ("stretch",),
    "strength": ("strength",),
    "recovery": ("mobility", "stretch"),
}
#: Why a vigorous exercise is left out, by whether the runner is resting from running.
_NOT_GENTLE = {
    True: "not gentle enough while you rest from running",
    False: "not gentle enough until a clinician has assessed you",
}
#: The last day of each week is a full rest day.
_REST_SLOT = WEEK - 1
#: An exclusion names at most this many pieces of equipment, then counts the rest.
_NAMED_EQUIPMENT = 3


# --- the planning context ----------------------------------------------------------


@attrs.frozen
class _Context:
    """What one planning call works from, checked against the catalog."""

    catalog: Catalog
    profile: RunnerProfile
    disposition: Disposition
    symptoms: frozenset[str]
    settings: PlannerSettings
    #: A single session planned during a ``rest`` triage: gentle moves, no strength work.
    resting: bool = False
    #: The triage the plan follows (logs with new symptoms are triaged again with it).
    triage: TriageResult | None = None

    @property
    def gentle_only(self) -> bool:
        return self.resting or self.disposition >= Disposition.SEE_CLINICIAN

    def _contraindicated(self, item: Exercise | CrossTraining, reported: str) -> str:
        """Why what the runner reported (a symptom, risk factor or cause) rules ``item`` out."""
        caution = item.caution_for(reported) if isinstance(item, Exercise) else None
        if caution is not None:
            return caution.why
        catalog = self.catalog
        if reported in catalog.symptoms:
            return f"{catalog.symptoms[reported].name.lower()} reported"
        if reported in catalog.risk_factors:
            return f"not with {catalog.risk_factors[reported].name.lower()}"
        return f"not with {catalog.causes[reported].name.lower()}"

    def why_not(self, item: Exercise | CrossTraining) -> str | None:
        """Why ``item`` cannot be in this runner's plan, or ``None`` if it can."""
        profile = self.profile
        # what the runner reports (symptoms, risk factors) first, then the causes
        for reported in [
            *sorted(item.contraindications & self.symptoms),
            *sorted(item.contraindications & profile.causes),
        ]:
            return self._contraindicated(item, reported)
        if isinstance(item, Exercise) and LEVELS.index(item.level) > LEVELS.index(profile.level):
            return f"for {item.level} runners and up"
        if not item.usable_with(profile.equipment):
            return f"needs {_any_of(sorted(item.equipment))}"
        if self.gentle_only and not item.gentle:
            return _NOT_GENTLE[self.resting]
        return None


def _any_of(names: list[str]) -> str:
    """``"a or b"``; past a few names, ``"a, b, c or 4 more"``."""
    if len(names) <= _NAMED_EQUIPMENT:
        return " or ".join(names)
    return f"{', '.join(names[:_NAMED_EQUIPMENT])} or {len(names) - _NAMED_EQUIPMENT} more"


def _context(
    profile: RunnerProfile, triage_result: TriageResult | None, catalog: Catalog | None
) -> _Context:
    if not isinstance(profile, RunnerProfile):
        raise InvalidInput.at("profile", f"must be a RunnerProfile, got {type(profile).__name__}")
    if triage_result is not None and not isinstance(triage_result, TriageResult):
        raise InvalidInput.at(
            "triage", f"must be a TriageResult or None, got {type(triage_result).__name__}"
        )
    chosen = resolve(catalog)
    problems = unknown_ids("profile.causes", profile.causes, chosen.causes, "cause")
    problems += unknown_ids("profile.equipment", profile.equipment, chosen.equipment, "equipment")
    if triage_result is not None:
        problems += unknown_ids(
            "triage.report.symptoms", triage_result.report.symptoms, chosen.symptoms, "symptom"
        )
    if problems:
        raise InvalidInput(problems)
    if triage_result is not None:
        _check_triage(triage_result, chosen)
        if triage_result.disposition.needs_care_now:
            raise CareRequired(triage_result)
    return _Context(
        catalog=chosen,
        profile=profile,
        disposition=Disposition.SELF_CARE if triage_result is None else triage_result.disposition,
        # risk factors rule exercises out as symptoms do (pregnancy, osteoporosis, ...)
        symptoms=frozenset()
        if triage_result is None
        else triage_result.report.symptoms | triage_result.report.risk_factors,
        settings=chosen.planner_settings,
        triage=triage_result,
    )


def _check_triage(given: TriageResult, catalog: Catalog) -> None:
    """A plan may only follow a triage of this catalog, exactly as :func:`triage` gives it.

    A result from another catalog, or one built or edited by hand, could claim
    ``self_care`` for a red flag. When the true triage calls for care now, the error
    carries it, so that the red flag is still shown.
    """
    if given.catalog_version != catalog.version:
        raise InvalidInput.at(
            "triage.catalog_version",
            f"comes from catalog {show(given.catalog_version)}, but the plan uses "
            f"{show(catalog.version)}: triage the report with the same catalog",
        )
    expected = triage(given.report, catalog=catalog)
    if given != expected:
        raise InvalidInput(
            [
                (
                    "triage",
                    "does not agree with triage(report) for its own report: pass the "
                    "result of triage() unchanged",
                )
            ],
            triage=expected if expected.disposition.needs_care_now else None,
        )


# --- sessions -----------------------------------------------------------------------


def _progress(ctx: _Context, week: int) -> int:
    """How far (0-100) along each dose range the runner is in ``week`` (0-based)."""
    start = ctx.settings.start_percent(ctx.profile.level)
    return min(100, start + week * ctx.settings.progress_percent_per_week)


def _along(span: IntRange | None, progress: int) -> int | None:
    return None if span is None else span.low + (span.high - span.low) * progress // 100


def _item(ctx: _Context, exercise: Exercise, week: int, *, sets: int | None = None) -> SessionItem:
    dose, progress = exercise.dose, _progress(ctx, week)
    if sets is None:
        sets = dose.sets
        if exercise.kind == "strength" and ctx.profile.level == "beginner":
            sets = max(1, sets - ctx.settings.beginner_fewer_sets)
    strength = exercise.kind == "strength"
    rest = ctx.settings.strength_rest_seconds if strength and sets > 1 else 0
    return _dosed(exercise, sets, progress, rest)


@functools.lru_cache(maxsize=4096)
def _dosed(exercise: Exercise, sets: int, progress: int, rest_seconds: int) -> SessionItem:
    """One exercise at one dose. Items are immutable and a program asks for the same ones
    week after week (and every program of a service for the same few): built once each."""
    dose = exercise.dose
    return SessionItem(
        exercise=exercise.id,
        name=exercise.name,
        sets=sets,
        reps=_along(dose.reps, progress),
        hold_seconds=_along(dose.hold_seconds, progress),
        per_side=dose.per_side,
        rest_seconds=rest_seconds,
        steps=exercise.steps,
        cues=exercise.cues,
    )


def item_seconds(item: SessionItem, settings: PlannerSettings) -> int:
    """The duration model: set-up, then each set's work (twice if per side), rests between sets.

    A set of reps takes ``reps * (seconds_per_rep + hold)``; a set without reps takes its hold.
    """
    hold = item.hold_seconds or 0
    work = item.reps * (settings.seconds_per_rep + hold) if item.reps else hold
    if item.per_side:
        work *= 2
    return settings.transition_seconds + item.sets * work + (item.sets - 1) * item.rest_seconds


def _budget(ctx: _Context, kind: SessionKind) -> int:
    settings = ctx.settings
    cap = {"warm_up": settings.warm_up_max_minutes, "cool_down": settings.cool_down_max_minutes}
    minutes = ctx.profile.session_minutes
    return min(minutes, cap[kind]) if kind in cap else minutes


def _session(ctx: _Context, kind: SessionKind, week: int = 0) -> Session:
    pool = [
        exercise
        for _, exercise in sorted(ctx.catalog.exercises.items())
        if exercise.kind in _POOLS[kind]
    ]
    excluded: list[Exclusion] = []
    candidates: list[Exercise] = []
    for exercise in pool:
        if kind == "strength" and ctx.resting:
            reason: str | None = "no strength work while you rest from running"
        else:
            reason = ctx.why_not(exercise)
        if reason is None and kind == "recovery" and not exercise.gentle:
            reason = "recovery days keep to gentle moves"
        if reason is None:
            candidates.append(exercise)
        else:
            excluded.append(Exclusion(exercise.id, f"{exercise.name}: {reason}"))

    causes = ctx.profile.causes
    candidates.sort(key=lambda ex: (-len(ex.addresses & causes), ex.id))
    if candidates:  # later weeks start the fill elsewhere, for variety
        shift = week % len(candidates)
        candidates = candidates[shift:] + candidates[:shift]
    chosen, seconds = _fill(ctx, candidates, causes, week, _budget(ctx, kind) * 60)

    notes = list(_session_notes(ctx, kind, chosen, candidates))
    return Session(
        kind=kind,
        minutes=math.ceil(seconds / 60),
        items=tuple(chosen),
        excluded=tuple(excluded),
        notes=tuple(notes),
        catalog_version=ctx.catalog.version,
    )


def _fill(
    ctx: _Context, candidates: list[Exercise], causes: frozenset[str], week: int, budget: int
) -> tuple[list[SessionItem], int]:
    """Cover every cause an exercise can address first, then fill the time with the rest.

    An exercise that does not fit at its full dose is tried once more with one set.
    """
    covering = [
        next((ex for ex in candidates if cause in ex.addresses), None) for cause in sorted(causes)
    ]
    chosen: list[SessionItem] = []
    seconds = 0
    for exercise in [*filter(None, covering), *candidates]:
        if len(chosen) == MAX_SESSION_ITEMS:
            break
        if any(item.exercise == exercise.id for item in chosen):
            continue
        for item in (_item(ctx, exercise, week), _item(ctx, exercise, week, sets=1)):
            cost = item_seconds(item, ctx.settings)
            if seconds + cost <= budget:
                chosen.append(item)
                seconds += cost
                break
    return chosen, seconds


def _session_notes(
    ctx: _Context, kind: SessionKind, chosen: list[SessionItem], candidates: list[Exercise]
) -> Iterator[str]:
    if ctx.resting:
        yield "A rest from running: gentle movement only, and no strength work for now."
    elif ctx.gentle_only:
        yield "Gentle movement only until a clinician has assessed you."
    if not chosen:
        yield "No exercise fits this session: see the excluded list and the time budget."
    planned = {item.exercise for item in chosen}
    addressed = {cause for ex in candidates if ex.id in planned for cause in ex.addresses}
    for cause in sorted(ctx.profile.causes - addressed):
        found = ctx.catalog.causes[cause]
        if found.medical:
            yield f"{found.name}: needs a clinician's care; these exercises do not treat it."
        elif any(cause in ex.addresses for ex in candidates) or kind == "strength":
            yield f"{found.name}: no exercise for it fitted this {kind.replace('_', '-')} session."
    yield "Stop any exercise that causes pain; mild stretching tension is fine."


def plan_session(
    profile: RunnerProfile,
    kind: SessionKind,
    *,
    triage: TriageResult | None = None,
    catalog: Catalog | None = None,
) -> Session:
    """One session of ``kind`` (warm_up, cool_down, strength, recovery) for this runner.

    Raises :class:`~runpelvis.CareRequired` when the triage is urgent or emergency,
    and :class:`~runpelvis.InvalidInput` for unknown ids or a bad kind.
    """
    if kind not in SESSION_KINDS:
        allowed = ", ".join(SESSION_KINDS)
        raise InvalidInput.at("kind", f"must be one of {allowed}; got {show(kind)}")
    ctx = _context(profile, triage, catalog)
    # a single session honours rest as a program's first week does
    return _session(attrs.evolve(ctx, resting=ctx.disposition is Disposition.REST), kind)


# --- programs -----------------------------------------------------------------------


def _run_slots(runs: int) -> tuple[int, ...]:
    """Days of the week (0-5) for ``runs`` runs, spread as evenly as they go (none for 0)."""
    return tuple(sorted({index * WEEK // runs for index in range(runs)}))


def _strength_slots(count: int, runs: tuple[int, ...]) -> tuple[int, ...]:
    """``count`` days (0-5) with a day between any two, also across weeks; off run days if can.

    Across weeks needs no check of its own: day 6 is always rest, so the last slot of a
    week and the first of the next are at least two days apart.
    """

    def apart(slots: tuple[int, ...]) -> bool:
        return all(b - a >= 2 for a, b in itertools.pairwise(slots))

    options = [c for c in itertools.combinations(range(_REST_SLOT), count) if apart(c)]
    if not options:
        return ()
    return min(options, key=lambda c: (len(set(c) & set(runs)), c))


def _target(ctx: _Context, week: int, previous: int, cap: int | None) -> int:
    """Run minutes planned in ``week`` (0-based), within the growth and return limits.

    ``previous`` is the last week's planned running, ``cap`` the most the logs allow.
    """
    profile, settings = ctx.profile, ctx.settings
    usual, runs = profile.weekly_run_minutes, profile.runs_per_week
    if (
        runs == 0
        or usual == 0
        or ctx.disposition >= Disposition.SEE_CLINICIAN
        or (ctx.disposition is Disposition.REST and week == 0)
    ):
        return 0
    if week == 0:
        target = usual
    elif previous == 0:
        target = usual * settings.return_percent // 100
    elif (week + 1) % settings.easier_week_every == 0:
        target = previous * settings.easier_week_percent // 100
    else:
        target = previous * (100 + settings.weekly_growth_percent) // 100
    if cap is not None:
        target = min(target, cap)
    per_run = min(target // runs, MAX_SESSION_MINUTES)
    return per_run * runs


def _cross_training(ctx: _Context) -> list[CrossTraining]:
    return [
        activity
        for _, activity in sorted(ctx.catalog.cross_training.items())
        if ctx.why_not(activity) is None
    ]


def _form_cues(ctx: _Context) -> list[str]:
    """Form tips to focus on during runs, those for the runner's causes first."""
    tips = [tip for tip in ctx.catalog.tips.values() if tip.topic == "form"]
    tips.sort(key=lambda tip: (tip.addresses.isdisjoint(ctx.profile.causes), tip.id))
    return [tip.text for tip in tips]


def _walk_run_note(settings: PlannerSettings) -> str:
    return (
        f"Walk-run: {settings.walk_run_repeats} rounds or more of "
        f"{settings.walk_run_jog_seconds} s easy jogging and "
        f"{settings.walk_run_walk_seconds} s walking; stop if pain returns."
    )


def _program_notes(ctx: _Context) -> Iterator[str]:
    if ctx.disposition is Disposition.SEE_CLINICIAN:
        yield "No running until a clinician has assessed you; gentle movement only."
    elif ctx.disposition is Disposition.REST:
        yield (
            "No running in the first week; runs come back the day after a passed readiness "
            "check, as walk-run at half your usual minutes."
        )
    if ctx.profile.weekly_run_minutes == 0 or ctx.profile.runs_per_week == 0:
        yield "No runs are planned: the profile has no running now."
    yield "Re-check your symptoms before each week; a new warning sign stops the plan."


@attrs.define
class _Weeks:
    """Builds a program's weeks one at a time: what does not change from week to week."""

    ctx: _Context
    start: datetime.date
    found: Evidence
    run_slots: tuple[int, ...]
    strength_slots: tuple[int, ...]
    activities: list[CrossTraining]
    cues: list[str]
    runs_so_far: int = 0

    def days(self, week: int, target: int, dose_week: int, returning: bool) -> list[Day]:
        """The seven days of ``week`` with ``target`` run minutes (fewer on blocked days)."""
        ctx = self.ctx
        sessions = {
            "warm_up": _session(ctx, "warm_up", week),
            "cool_down": _session(ctx, "cool_down", week),
            "strength": _session(ctx, "strength", dose_week),
            "recovery": _session(ctx, "recovery", week),
        }
        # after a rest triage the first week keeps to cross-training and recovery
        lifting = ctx.disposition < Disposition.SEE_CLINICIAN and (
            week > 0 or ctx.disposition < Disposition.REST
        )
        per_run = target // len(self.run_slots) if target else 0
        cross_left = ctx.settings.cross_training_per_week
        days: list[Day] = []
        for slot in range(WEEK):
            date = self.start + datetime.timedelta(days=week * WEEK + slot)
            plan: list[Activity] = []
            if per_run and slot in self.run_slots and date not in self.found.blocked:
                plan += self._run(sessions, per_run, returning)
            if lifting and slot in self.strength_slots:
                strength = sessions["strength"]
                plan.append(Activity("strength", strength.minutes, session=strength))
            if date in self.found.checks:
                plan.append(self._readiness_check())
            if not plan and slot != _REST_SLOT:
                plan.append(self._filler(week, slot, sessions["recovery"], cross_left))
                cross_left -= plan[0].kind == "cross_training"
            days.append(Day(date, tuple(plan)))
        return days

    def _run(
        self, sessions: Mapping[str, Session], minutes: int, returning: bool
    ) -> list[Activity]:
        cues = self.cues
        cue = cues[self.runs_so_far % len(cues)] if cues else None
        self.runs_so_far += 1
        note = _walk_run_note(self.ctx.settings) if returning else None
        warm_up, cool_down = sessions["warm_up"], sessions["cool_down"]
        return [
            Activity("warm_up", warm_up.minutes, session=warm_up),
            Activity("run", minutes, cue=cue, note=note),
            Activity("cool_down", cool_down.minutes, session=cool_down),
        ]

    def _readiness_check(self) -> Activity:
        settings = self.ctx.settings
        return Activity(
            "readiness_check", settings.readiness_walk_minutes, note=readiness_note(settings)
        )

    def _filler(self, week: int, slot: int, recovery: Session, cross_left: int) -> Activity:
        activities = self.activities
        if activities and cross_left:
            chosen = activities[(week + slot) % len(activities)]
            return Activity(
                "cross_training",
                self.ctx.profile.session_minutes,
                cross_training=chosen.id,
                note=chosen.name,
            )
        return Activity("recovery", recovery.minutes, session=recovery)


def _program(
    ctx: _Context, weeks: int, start: datetime.date, logs: tuple[SessionLog, ...]
) -> Program:
    """The weeks in order: each week's logs judge it, and the verdict caps the next week."""
    settings, profile = ctx.settings, ctx.profile
    found = evidence(logs, start, WEEK * weeks, ctx.triage, ctx.catalog)
    if not (profile.runs_per_week and profile.weekly_run_minutes):
        found = attrs.evolve(found, checks=frozenset())  # nothing to be ready for
    run_slots = _run_slots(profile.runs_per_week)
    builder = _Weeks(
        ctx,
        start,
        found,
        run_slots,
        _strength_slots(settings.strength_sessions_per_week, run_slots),
        _cross_training(ctx),
        _form_cues(ctx),
    )
    days: list[Day] = []
    adjustments: list[Adjustment] = []
    previous, cap, dose_week = 0, None, 0
    for week in range(weeks):
        target = _target(ctx, week, previous, cap)
        week_days = builder.days(week, target, dose_week, returning=week > 0 and previous == 0)
        days += week_days
        previous = sum(day.run_minutes for day in week_days)
        planned = sum(a.kind == "run" for day in week_days for a in day.activities)
        verdict = found.verdict(week, planned, settings)
        cap = None
        if verdict is not None:
            load = run_load(found.logs(week), planned, previous // planned if planned else 0)
            cap = run_cap(verdict, min(previous, load), settings)
            if week + 1 < weeks:
                adjustments.append(found.adjustment(week, verdict))
        dose_week = max(0, dose_week + dose_step(found.logs(week), settings))
    return Program(
        start=start,
        weeks=weeks,
        disposition=ctx.disposition,
        profile=profile,
        days=tuple(days),
        notes=tuple(_program_notes(ctx)),
        catalog_version=ctx.catalog.version,
        adjustments=tuple(adjustments),
    )


def plan_program(
    profile: RunnerProfile,
    *,
    weeks: int,
    start: datetime.date,
    triage: TriageResult | None = None,
    catalog: Catalog | None = None,
    logs: Iterable[SessionLog] = (),
) -> Program:
    """A ``weeks``-long program from ``start`` that respects the profile and the triage.

    ``logs`` (:class:`SessionLog`) are what the runner did: each week's logs decide the
    next week's load (the pain-monitoring model, ``program.adjustments``); ``logs=()``
    plans as without them.

    Raises :class:`~runpelvis.CareRequired` when the triage, or the new triage of a log
    with new symptoms, is urgent or emergency, and :class:`~runpelvis.InvalidInput` for
    unknown ids, bad numbers or logs that make no sense.
    """
    problems = []
    if (message := integer(1, MAX_WEEKS)(weeks)) is not None:
        problems.append(("weeks", message))
    if type(start) is not datetime.date:
        problems.append(("start", f"must be a datetime.date, got {type(start).__name__}"))
    elif not problems and (datetime.date.max - start).days < WEEK * weeks - 1:
        problems.append(("start", f"a {weeks}-week program from {start} runs past the calendar"))
    if problems:
        raise InvalidInput(problems)
    ctx = _context(profile, triage, catalog)
    read = read_logs(logs, start, WEEK * weeks, ctx.catalog.symptoms)
    return _program(ctx, weeks, start, read)
