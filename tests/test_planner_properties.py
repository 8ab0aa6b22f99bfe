"""Property tests for the planner invariants of SPEC section 4.

Each test plans every session kind with ``plan_session`` and a 1-12 week program with
``plan_program`` from generated profiles, triaged reports and start dates, then checks
one invariant. The oracles read the catalog's exercise data (contraindications,
equipment, level, gentle, doses), the SPEC's numbers and the planner settings the docs
name, never the planner's own helpers, so a bug in the planner fails a test here.

Plans are drawn over the bundled catalog and over an extension of it
(``planner_strategies.EXTENSION``) whose gentle, symptom-contraindicated and long
exercises make rules observable that the bundled data alone never exercises.
"""

from __future__ import annotations

import copy
import datetime
import functools
import itertools
import json
import math
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner_strategies as ps
import runpelvis as rp
from runpelvis._convert import structure, unstructure

BUNDLED = rp.default_catalog()
EXTENDED = ps.extended_catalog()
#: The planner settings the docs name (docs/planner.md), read as data.
SETTINGS = {setting.id: setting.value for setting in BUNDLED.planner.values()}

#: SPEC section 2: runner levels, easiest first.
LEVEL_RANK = {level: rank for rank, level in enumerate(ps.LEVELS)}
#: SPEC section 1: every stretch is held 30-60 s.
STRETCH_HOLD = (30, 60)
#: docs/planner.md: which kinds of exercise each session draws from.
POOLS = {
    "warm_up": {"mobility"},
    "cool_down": {"stretch"},
    "strength": {"strength"},
    "recovery": {"mobility", "stretch"},
}
#: docs/planner.md: the warm-up and cool-down caps, as planner settings.
CAPS = {
    "warm_up": SETTINGS["warm_up_max_minutes"],
    "cool_down": SETTINGS["cool_down_max_minutes"],
}
#: The shipped JSON Schemas of the planner's requests and responses.
SCHEMAS = {
    name: jsonschema.Draft202012Validator(rp.json_schema(name))
    for name in ("session_request", "session_response", "program_request", "program_response")
}
SESSION_ACTIVITIES = frozenset(ps.SESSION_KINDS)
BUSY = frozenset({"run", "strength", "cross_training"})
WEEK = 7

SELF_CARE = rp.Disposition.SELF_CARE
REST = rp.Disposition.REST
SEE_CLINICIAN = rp.Disposition.SEE_CLINICIAN


# -- helpers ---------------------------------------------------------------------------------


def symptoms_of(result: rp.TriageResult | None) -> frozenset[str]:
    return frozenset() if result is None else result.report.symptoms


def risks_of(result: rp.TriageResult | None) -> frozenset[str]:
    return frozenset() if result is None else result.report.risk_factors


def disposition_of(result: rp.TriageResult | None) -> rp.Disposition:
    return SELF_CARE if result is None else result.disposition


def sessions_of(program: rp.Program) -> Iterator[rp.Session]:
    """Every session of the program (one per activity that has one)."""
    for day in program.days:
        for activity in day.activities:
            if activity.session is not None:
                yield activity.session


def activities_of(program: rp.Program, kind: str) -> Iterator[tuple[int, rp.Activity]]:
    """``(day index, activity)`` for every activity of ``kind``."""
    for index, day in enumerate(program.days):
        for activity in day.activities:
            if activity.kind == kind:
                yield index, activity


def run_minutes_by_week(program: rp.Program) -> list[int]:
    totals = [0] * (len(program.days) // WEEK)
    for index, activity in activities_of(program, "run"):
        totals[index // WEEK] += activity.minutes
    return totals


def usable(needs: frozenset[str], have: frozenset[str]) -> bool:
    """SPEC: bodyweight needs nothing; otherwise any one of the listed equipment will do."""
    return not needs or bool(needs & have)


def item_seconds(item: rp.SessionItem) -> int:
    """The duration model of docs/planner.md, written from the docs, with the settings."""
    hold = item.hold_seconds or 0
    per_set = item.reps * (SETTINGS["seconds_per_rep"] + hold) if item.reps else hold
    if item.per_side:
        per_set *= 2
    rests = (item.sets - 1) * item.rest_seconds
    return SETTINGS["transition_seconds"] + item.sets * per_set + rests


class Plans:
    """One generated case: every session kind and a program, each planned once on first use.

    Planning waits for the test body, so that hypothesis draws the inputs and the
    planner runs (and fails) inside the test.
    """

    def __init__(  # noqa: PLR0917 (one argument per generated input)
        self,
        profile: rp.RunnerProfile,
        result: rp.TriageResult | None,
        weeks: int,
        start: datetime.date,
        catalog: rp.Catalog,
        logs: tuple[rp.SessionLog, ...] = (),
    ) -> None:
        self.profile, self.weeks, self.start, self.logs = profile, weeks, start, logs
        # the planner takes only a triage of its own catalog (SPEC section 7)
        self.triage = None if result is None else rp.triage(result.report, catalog=catalog)
        self.catalog = catalog
        self.exercises = catalog.exercises

    @functools.cached_property
    def sessions(self) -> dict[str, rp.Session]:
        return {
            kind: rp.plan_session(self.profile, kind, triage=self.triage, catalog=self.catalog)
            for kind in ps.SESSION_KINDS
        }

    @functools.cached_property
    def program(self) -> rp.Program:
        return rp.plan_program(
            self.profile,
            weeks=self.weeks,
            start=self.start,
            triage=self.triage,
            catalog=self.catalog,
            logs=self.logs,
        )

    def __repr__(self) -> str:
        return (
            f"Plans({self.profile!r}, triage={disposition_of(self.triage).value} "
            f"{self.triage and self.triage.report!r}, weeks={self.weeks}, start={self.start}, "
            f"catalog={self.catalog.version}, logs={self.logs!r})"
        )

    def again(self) -> Plans:
        return Plans(self.profile, self.triage, self.weeks, self.start, self.catalog, self.logs)

    def all_sessions(self) -> Iterator[rp.Session]:
        """The four planned sessions, then each distinct session of the program."""
        yield from self.sessions.values()
        yield from dict.fromkeys(sessions_of(self.program))

    def all_items(self) -> Iterator[rp.SessionItem]:
        for session in self.all_sessions():
            yield from session.items

    def cross_trainings(self) -> Iterator[rp.CrossTraining]:
        for _, activity in activities_of(self.program, "cross_training"):
            assert activity.cross_training in self.catalog.cross_training
            yield self.catalog.cross_training[activity.cross_training]

    def why_not(self, exercise: rp.Exercise, session_kind: str, *, alone: bool) -> list[str]:
        """Words that say why ``exercise`` may not be in this session (empty: it may).

        Worked out from the catalog data alone: a symptom or cause name for a
        contraindication, the level, the equipment, "gentle" for a see_clinician
        triage (and, by docs/planner.md, on recovery days). A session planned on its
        own (``alone``) after a rest triage is gentle and holds no strength work.
        """
        resting = alone and disposition_of(self.triage) is rp.Disposition.REST
        if resting and session_kind == "strength":
            return ["rest from running"]
        catalog, profile = self.catalog, self.profile
        reported = symptoms_of(self.triage) | risks_of(self.triage) | profile.causes
        names = {
            **{k: v.name for k, v in catalog.symptoms.items()},
            **{k: v.name for k, v in catalog.risk_factors.items()},
            **{k: v.name for k, v in catalog.causes.items()},
        }
        words = []
        for item in exercise.contraindications & reported:
            caution = exercise.caution_for(item)
            # a caution says why in the runner's words; otherwise the item is named
            words.append(caution.why if caution else names[item])
        if LEVEL_RANK[exercise.level] > LEVEL_RANK[profile.level]:
            words.append(exercise.level)
        if not usable(exercise.equipment, profile.equipment):
            words += sorted(exercise.equipment)
        gentle_only = (
            resting or disposition_of(self.triage) >= SEE_CLINICIAN or session_kind == "recovery"
        )
        if gentle_only and not exercise.gentle:
            words.append("gentle")
        return [word.lower() for word in words]


#: Strategies built once: a strategy built inside a draw is validated again every time.
PROFILES = ps.profiles()
TRIAGES = ps.triages()
WEEKS = ps.weeks()
STARTS = ps.starts()
CATALOGS = st.sampled_from([BUNDLED, EXTENDED])


@st.composite
def _plans(
    draw: st.DrawFn,
    result: st.SearchStrategy[rp.TriageResult | None],
    profile: st.SearchStrategy[rp.RunnerProfile],
) -> Plans:
    return Plans(draw(profile), draw(result), draw(WEEKS), draw(STARTS), draw(CATALOGS))


def plans(
    result: st.SearchStrategy[rp.TriageResult | None] = TRIAGES,
    profile: st.SearchStrategy[rp.RunnerProfile] = PROFILES,
) -> st.SearchStrategy[Plans]:
    """Plans for a generated profile, triage (or none), 1-12 weeks, start and catalog."""
    return _plans(result, profile)


#: Profiles of runners who run now, so that the run rules have runs to judge.
RUNNERS = ps.profiles(runs_per_week=st.integers(1, 6), weekly_run_minutes=st.integers(1, 1500))


# -- the checks: one per invariant, each a no-op where its precondition does not hold -------


def check_no_contraindicated_exercise(case: Plans) -> None:
    forbidden = symptoms_of(case.triage) | risks_of(case.triage) | case.profile.causes
    for item in case.all_items():
        clash = case.exercises[item.exercise].contraindications & forbidden
        assert not clash, f"{item.exercise} planned despite {sorted(clash)}"
    for activity in case.cross_trainings():
        clash = activity.contraindications & forbidden
        assert not clash, f"{activity.id} planned despite {sorted(clash)}"


def check_no_missing_equipment(case: Plans) -> None:
    have = case.profile.equipment
    for item in case.all_items():
        assert usable(case.exercises[item.exercise].equipment, have), item.exercise
    for activity in case.cross_trainings():
        assert usable(activity.equipment, have), activity.id


def check_not_above_level(case: Plans) -> None:
    for item in case.all_items():
        exercise = case.exercises[item.exercise]
        assert LEVEL_RANK[exercise.level] <= LEVEL_RANK[case.profile.level], item.exercise


def check_exercises_from_the_catalog_and_the_sessions_pool(case: Plans) -> None:
    for session in case.all_sessions():
        ids = [item.exercise for item in session.items]
        assert len(ids) == len(set(ids)), f"an exercise repeats in {session.kind}: {ids}"
        for item in session.items:
            assert item.exercise in case.exercises
            exercise = case.exercises[item.exercise]
            assert item.name == exercise.name
            assert exercise.kind in POOLS[session.kind], (session.kind, item.exercise)
        assert session.catalog_version == case.catalog.version
    for _, activity in activities_of(case.program, "cross_training"):
        assert activity.cross_training in case.catalog.cross_training


def check_exclusions_are_not_planned_and_give_a_reason(case: Plans) -> None:
    for session in case.all_sessions():
        planned = {item.exercise for item in session.items}
        listed = [exclusion.exercise for exclusion in session.excluded]
        assert len(listed) == len(set(listed)), f"an exclusion repeats: {listed}"
        for exclusion in session.excluded:
            assert exclusion.exercise in case.exercises
            assert exclusion.exercise not in planned
            assert exclusion.reason.strip()


def check_ruled_out_exercises_are_excluded_saying_why(case: Plans) -> None:
    alone = set(map(id, case.sessions.values()))
    for session in case.all_sessions():
        excluded = {exclusion.exercise: exclusion.reason for exclusion in session.excluded}
        for exercise in case.exercises.values():
            if exercise.kind not in POOLS[session.kind]:
                assert exercise.id not in excluded, (session.kind, exercise.id)
                continue
            why = case.why_not(exercise, session.kind, alone=id(session) in alone)
            if not why:
                assert exercise.id not in excluded, (session.kind, excluded[exercise.id])
                continue
            assert exercise.id in excluded, (session.kind, exercise.id, why)
            reason = excluded[exercise.id].lower()
            assert any(word in reason for word in why), (session.kind, reason, why)


def check_see_clinician_is_gentle_without_runs_or_strength(case: Plans) -> None:
    if disposition_of(case.triage) is not SEE_CLINICIAN:
        return
    for item in case.all_items():
        assert case.exercises[item.exercise].gentle, item.exercise
    for activity in case.cross_trainings():
        assert activity.gentle, activity.id
    kinds = {activity.kind for day in case.program.days for activity in day.activities}
    assert "run" not in kinds
    assert "strength" not in kinds
    assert run_minutes_by_week(case.program) == [0] * case.weeks


def check_recovery_is_gentle(case: Plans) -> None:
    for session in case.all_sessions():
        if session.kind == "recovery":
            for item in session.items:
                assert case.exercises[item.exercise].gentle, item.exercise


def check_stretch_holds(case: Plans) -> None:
    for item in case.all_items():
        if case.exercises[item.exercise].kind == "stretch":
            assert item.hold_seconds is not None, item.exercise
            assert STRETCH_HOLD[0] <= item.hold_seconds <= STRETCH_HOLD[1], item


def check_doses_within_catalog_ranges(case: Plans) -> None:
    for item in case.all_items():
        dose = case.exercises[item.exercise].dose
        assert 1 <= item.sets <= dose.sets, item
        assert item.per_side == dose.per_side, item
        for got, span in ((item.reps, dose.reps), (item.hold_seconds, dose.hold_seconds)):
            if span is None:
                assert got is None, item
            else:
                assert got is not None, item
                assert span.low <= got <= span.high, item


def check_minutes_within_budget_and_caps(case: Plans) -> None:
    budget = case.profile.session_minutes
    for session in case.all_sessions():
        assert 0 <= session.minutes <= budget, session.kind
        if session.kind in CAPS:
            assert session.minutes <= CAPS[session.kind], session.kind
    for _, activity in activities_of(case.program, "cross_training"):
        assert 0 < activity.minutes <= budget


def check_duration_model(case: Plans) -> None:
    for session in case.all_sessions():
        seconds = sum(item_seconds(item) for item in session.items)
        assert session.minutes == math.ceil(seconds / 60), session


def check_program_calendar(case: Plans) -> None:
    program = case.program
    assert program.start == case.start
    assert program.weeks == case.weeks
    assert program.profile == case.profile
    assert program.disposition is disposition_of(case.triage)
    assert program.catalog_version == case.catalog.version
    assert len(program.days) == WEEK * case.weeks
    for offset, day in enumerate(program.days):
        assert day.date == case.start + datetime.timedelta(days=offset)


def check_is_rest(case: Plans) -> None:
    for day in case.program.days:
        busy = any(activity.kind in BUSY for activity in day.activities)
        assert day.is_rest is (not busy), day


def check_activities(case: Plans) -> None:
    for day in case.program.days:
        for activity in day.activities:
            if activity.kind in SESSION_ACTIVITIES:
                assert activity.session is not None
                assert activity.session.kind == activity.kind
                assert activity.minutes == activity.session.minutes
            else:
                assert activity.session is None
            if activity.kind == "run":
                assert activity.minutes > 0, "a run of no minutes"
            if activity.kind == "cross_training":
                # docs/planner.md: cross-training on days without a run
                assert not any(other.kind == "run" for other in day.activities)


def check_full_rest_day_in_every_7(case: Plans) -> None:
    days = case.program.days
    for first in range(len(days) - WEEK + 1):
        window = days[first : first + WEEK]
        assert any(day.is_rest for day in window), f"no rest day from {window[0].date}"
        # docs/planner.md: a full rest day has nothing planned at all
        assert any(not day.activities for day in window), f"no empty day from {window[0].date}"


def check_no_strength_on_consecutive_days(case: Plans) -> None:
    strength_days = sorted({index for index, _ in activities_of(case.program, "strength")})
    for earlier, later in itertools.pairwise(strength_days):
        assert later - earlier >= 2, (case.program.days[earlier].date, "and the next day")


def check_runs_per_week(case: Plans) -> None:
    runs = [0] * case.weeks
    for index, _ in activities_of(case.program, "run"):
        runs[index // WEEK] += 1
    assert max(runs) <= case.profile.runs_per_week, runs


def check_no_runs_without_running_now(case: Plans) -> None:
    if case.profile.weekly_run_minutes == 0:
        assert not list(activities_of(case.program, "run"))


def check_runs_planned_when_allowed(case: Plans) -> None:
    """Liveness: the run invariants are not met by planning no runs at all."""
    profile = case.profile
    if (
        disposition_of(case.triage) is SELF_CARE
        and profile.runs_per_week > 0
        and profile.weekly_run_minutes >= profile.runs_per_week
    ):
        assert run_minutes_by_week(case.program)[0] > 0


def check_running_load(case: Plans) -> None:
    usual = case.profile.weekly_run_minutes
    totals = run_minutes_by_week(case.program)
    assert list(case.program.weekly_run_minutes()) == totals
    for week, minutes in enumerate(totals):
        if week == 0:
            assert 10 * minutes <= 11 * usual, (week, totals, usual)
        elif totals[week - 1] == 0:
            assert 2 * minutes <= usual, (week, totals, usual)
        else:
            assert 10 * minutes <= 11 * totals[week - 1], (week, totals, usual)


def check_rest_then_walk_run_return(case: Plans) -> None:
    if disposition_of(case.triage) is not REST:
        return
    kinds = {activity.kind for day in case.program.days[:WEEK] for activity in day.activities}
    assert "run" not in kinds
    assert "strength" not in kinds  # docs/planner.md, the safety gates
    # SPEC section 9: runs come back only the day after a logged readiness pass
    passed = min(
        (
            log.date
            for log in case.logs
            if log.kind == "readiness_check"
            and log.completed
            and log.pain_during <= SETTINGS["readiness_max_pain"]
        ),
        default=None,
    )
    runs = list(activities_of(case.program, "run"))
    for index, _ in runs:
        assert passed is not None
        assert case.program.days[index].date > passed
    if runs:  # the first week back is walk-run, at most half the usual minutes
        first_week = runs[0][0] // WEEK
        returning = [a for i, a in runs if i // WEEK == first_week]
        assert (
            2 * sum(activity.minutes for activity in returning) <= case.profile.weekly_run_minutes
        )
        for activity in returning:
            assert activity.note is not None
            assert "walk-run" in activity.note.lower()
    elif passed is None and case.profile.runs_per_week and case.profile.weekly_run_minutes:
        checks = [i for i, _ in activities_of(case.program, "readiness_check")]
        assert checks, "no readiness check"
        assert checks[0] == WEEK - 2, "no readiness check on week 1's last day"


def check_deterministic_and_inputs_untouched(case: Plans) -> None:
    profile_before = copy.deepcopy(case.profile)
    triage_before = copy.deepcopy(case.triage)
    again = case.again()
    assert again.sessions == case.sessions
    assert again.program == case.program
    assert unstructure(again.program) == unstructure(case.program)
    assert case.profile == profile_before
    assert case.triage == triage_before


def check_round_trip(case: Plans) -> None:
    data = unstructure(case.program)
    assert json.loads(json.dumps(data)) == data
    back = structure(data, rp.Program)
    assert back == case.program
    assert unstructure(back) == data
    for session in case.sessions.values():
        assert structure(unstructure(session), rp.Session) == session


#: Every check above, for a case that should meet them all.
ALL_CHECKS = (
    check_no_contraindicated_exercise,
    check_no_missing_equipment,
    check_not_above_level,
    check_exercises_from_the_catalog_and_the_sessions_pool,
    check_exclusions_are_not_planned_and_give_a_reason,
    check_ruled_out_exercises_are_excluded_saying_why,
    check_see_clinician_is_gentle_without_runs_or_strength,
    check_recovery_is_gentle,
    check_stretch_holds,
    check_doses_within_catalog_ranges,
    check_minutes_within_budget_and_caps,
    check_duration_model,
    check_program_calendar,
    check_is_rest,
    check_activities,
    check_full_rest_day_in_every_7,
    check_no_strength_on_consecutive_days,
    check_runs_per_week,
    check_no_runs_without_running_now,
    check_runs_planned_when_allowed,
    check_running_load,
    check_rest_then_walk_run_return,
    check_round_trip,
)


# -- exercise choice -------------------------------------------------------------------------


@given(plans())
def test_never_an_exercise_contraindicated_by_symptoms_or_causes(case: Plans) -> None:
    check_no_contraindicated_exercise(case)


@given(plans())
def test_never_equipment_the_runner_lacks(case: Plans) -> None:
    check_no_missing_equipment(case)


@given(plans())
def test_never_above_the_runners_level(case: Plans) -> None:
    check_not_above_level(case)


@given(plans())
def test_every_planned_exercise_is_in_the_catalog_and_of_the_sessions_kind(case: Plans) -> None:
    check_exercises_from_the_catalog_and_the_sessions_pool(case)


@given(plans())
def test_exclusions_name_catalog_exercises_not_planned_with_a_reason(case: Plans) -> None:
    check_exclusions_are_not_planned_and_give_a_reason(case)


@given(plans())
def test_every_ruled_out_exercise_is_excluded_and_the_reason_says_why(case: Plans) -> None:
    check_ruled_out_exercises_are_excluded_saying_why(case)


@given(plans(result=ps.triages(SEE_CLINICIAN, none=False), profile=RUNNERS | PROFILES))
def test_see_clinician_plans_only_gentle_exercises_and_no_run_at_all(case: Plans) -> None:
    assert disposition_of(case.triage) is SEE_CLINICIAN
    check_see_clinician_is_gentle_without_runs_or_strength(case)


@given(plans())
def test_recovery_sessions_hold_only_gentle_exercises(case: Plans) -> None:
    check_recovery_is_gentle(case)


# -- doses and time --------------------------------------------------------------------------


@given(plans())
def test_stretch_holds_are_at_least_30_seconds(case: Plans) -> None:
    check_stretch_holds(case)


@given(plans())
def test_doses_come_from_the_catalog_ranges(case: Plans) -> None:
    check_doses_within_catalog_ranges(case)


@given(plans())
def test_session_minutes_within_the_budget_and_caps(case: Plans) -> None:
    check_minutes_within_budget_and_caps(case)


@given(plans())
def test_session_minutes_follow_the_duration_model(case: Plans) -> None:
    check_duration_model(case)


# -- the program's calendar ------------------------------------------------------------------


@given(plans())
def test_program_days_are_7_times_weeks_consecutive_days_from_start(case: Plans) -> None:
    check_program_calendar(case)


@given(plans())
def test_day_is_rest_iff_no_run_strength_or_cross_training(case: Plans) -> None:
    check_is_rest(case)


@given(plans())
def test_activities_carry_their_session_and_runs_take_time(case: Plans) -> None:
    check_activities(case)


@given(plans())
def test_a_full_rest_day_in_every_7_consecutive_days(case: Plans) -> None:
    check_full_rest_day_in_every_7(case)


@given(plans())
def test_no_strength_sessions_on_consecutive_days(case: Plans) -> None:
    check_no_strength_on_consecutive_days(case)


@given(plans())
def test_runs_per_week_at_most_runs_per_week(case: Plans) -> None:
    check_runs_per_week(case)


@given(plans(profile=ps.profiles(weekly_run_minutes=st.just(0))))
def test_weekly_run_minutes_zero_means_no_runs(case: Plans) -> None:
    check_no_runs_without_running_now(case)


@given(plans(profile=RUNNERS, result=ps.triages(SELF_CARE)))
def test_runs_are_planned_when_the_runner_runs_and_may(case: Plans) -> None:
    check_runs_planned_when_allowed(case)


# -- running load ----------------------------------------------------------------------------


@given(plans(profile=RUNNERS) | plans())
def test_weekly_run_minutes_grow_at_most_10_percent_and_return_at_half(case: Plans) -> None:
    check_running_load(case)


@given(plans(result=ps.triages(REST, none=False), profile=RUNNERS | PROFILES))
def test_after_rest_no_run_in_the_first_7_days_then_a_walk_run_return(case: Plans) -> None:
    assert disposition_of(case.triage) is REST
    check_rest_then_walk_run_return(case)


# -- red flags -------------------------------------------------------------------------------


@given(
    report=ps.red_flag_reports(),
    profile=PROFILES,
    kind=st.sampled_from(ps.SESSION_KINDS),
    weeks=WEEKS,
    start=STARTS,
    catalog=CATALOGS,
)
def test_red_flags_raise_care_required_from_every_entry_point(
    *,
    report: rp.SymptomReport,
    profile: rp.RunnerProfile,
    kind: str,
    weeks: int,
    start: datetime.date,
    catalog: rp.Catalog,
) -> None:
    result = rp.triage(report, catalog=catalog)
    assert result.disposition.needs_care_now, (sorted(report.symptoms), result.disposition)

    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_session(profile, kind, triage=result, catalog=catalog)  # type: ignore[arg-type]
    assert raised.value.triage == result

    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_program(profile, weeks=weeks, start=start, triage=result, catalog=catalog)
    assert raised.value.triage == result

    base = {"profile": ps.profile_json(profile), "report": ps.report_json(report)}
    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_session_json({**base, "kind": kind}, catalog=catalog)
    assert raised.value.triage == result

    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_program_json({**base, "weeks": weeks, "start": start.isoformat()}, catalog=catalog)
    assert raised.value.triage == result


# -- purity, JSON, round trips ---------------------------------------------------------------


@given(plans())
def test_same_inputs_same_plan_and_inputs_untouched(case: Plans) -> None:
    check_deterministic_and_inputs_untouched(case)


@given(
    profile=PROFILES,
    report=st.none() | ps.reports_triaged_as(*ps.PLANNABLE),
    kind=st.sampled_from(ps.SESSION_KINDS),
    weeks=WEEKS,
    start=STARTS,
    catalog=CATALOGS,
)
def test_json_and_python_paths_agree(
    *,
    profile: rp.RunnerProfile,
    report: rp.SymptomReport | None,
    kind: str,
    weeks: int,
    start: datetime.date,
    catalog: rp.Catalog,
) -> None:
    result = None if report is None else rp.triage(report, catalog=catalog)
    base = {"profile": ps.profile_json(profile)}
    if report is not None:
        base["report"] = ps.report_json(report)

    session_request = {**base, "kind": kind}
    kept = copy.deepcopy(session_request)
    session = rp.plan_session(profile, kind, triage=result, catalog=catalog)  # type: ignore[arg-type]
    session_response = rp.plan_session_json(session_request, catalog=catalog)
    assert session_response == unstructure(session)
    assert session_request == kept

    program_request = {**base, "weeks": weeks, "start": start.isoformat()}
    kept = copy.deepcopy(program_request)
    program = rp.plan_program(profile, weeks=weeks, start=start, triage=result, catalog=catalog)
    response = rp.plan_program_json(program_request, catalog=catalog)
    assert response == unstructure(program)
    assert program_request == kept
    assert response["start"] == start.isoformat()
    assert response["disposition"] == disposition_of(result).value
    assert len(response["days"]) == WEEK * weeks


@given(
    profile=PROFILES,
    report=st.none() | ps.reports_triaged_as(*ps.PLANNABLE),
    kind=st.sampled_from(ps.SESSION_KINDS),
    weeks=st.integers(1, 2),  # the schema does not change with the length; validation is slow
    start=STARTS,
    catalog=CATALOGS,
)
def test_json_requests_and_responses_match_the_shipped_schemas(
    *,
    profile: rp.RunnerProfile,
    report: rp.SymptomReport | None,
    kind: str,
    weeks: int,
    start: datetime.date,
    catalog: rp.Catalog,
) -> None:
    base = {"profile": ps.profile_json(profile)}
    if report is not None:
        base["report"] = ps.report_json(report)
    session_request = {**base, "kind": kind}
    program_request = {**base, "weeks": weeks, "start": start.isoformat()}
    SCHEMAS["session_request"].validate(session_request)
    SCHEMAS["program_request"].validate(program_request)
    SCHEMAS["session_response"].validate(rp.plan_session_json(session_request, catalog=catalog))
    SCHEMAS["program_response"].validate(rp.plan_program_json(program_request, catalog=catalog))


@given(plans())
def test_unstructured_plans_round_trip(case: Plans) -> None:
    check_round_trip(case)


# -- every invariant over generated catalogs -------------------------------------------------


@given(
    extension=ps.extensions(),
    profile=RUNNERS | PROFILES,
    result=TRIAGES,
    weeks=WEEKS,
    start=STARTS,
)
def test_every_invariant_holds_over_generated_catalog_extensions(
    *,
    extension: dict[str, Any],
    profile: rp.RunnerProfile,
    result: rp.TriageResult | None,
    weeks: int,
    start: datetime.date,
) -> None:
    """Exercises and activities of any mix of fields, added to the bundled catalog."""
    case = Plans(profile, result, weeks, start, ps.load_extension(extension))
    for check in ALL_CHECKS:
        check(case)
