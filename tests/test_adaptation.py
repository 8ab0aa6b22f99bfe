"""Training logs and adaptation (SPEC section 9): properties of the pain-monitoring model.

The oracles are the SPEC's words and the planner settings as data: a week's logs decide
the next week's running load; every invariant of section 4 still holds with any logs
(the checks of ``test_planner_properties`` run on programs planned with generated logs).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import planner_strategies as ps
import runpelvis as rp
import test_planner_properties as tp
from runpelvis._convert import unstructure
from spec import RED_FLAGS

WEEK = 7
SETTINGS = tp.SETTINGS
MONDAY = datetime.date(2026, 1, 5)
RUNNER = rp.RunnerProfile(
    causes=frozenset({"weak_core"}),
    level="intermediate",
    equipment=frozenset(),
    session_minutes=30,
    runs_per_week=3,
    weekly_run_minutes=90,
)
KINDS = ("run", "strength", "cross_training", "recovery", "readiness_check")


def log(day: int, kind: str = "run", **changes: Any) -> rp.SessionLog:
    fields: dict[str, Any] = {
        "date": MONDAY + datetime.timedelta(days=day),
        "kind": kind,
        "completed": True,
        "minutes": 30,
        "pain_during": 1,
        "pain_next_morning": 0,
    }
    return rp.SessionLog(**(fields | changes))


def plan(*logs: rp.SessionLog, weeks: int = 4, **kwargs: Any) -> rp.Program:
    return rp.plan_program(RUNNER, weeks=weeks, start=MONDAY, logs=logs, **kwargs)


def run_days(program: rp.Program, week: int) -> list[int]:
    """0-based days in the program of the runs of 1-based ``week``."""
    return [
        (day.date - program.start).days
        for day in program.week(week)
        if any(a.kind == "run" for a in day.activities)
    ]


@st.composite
def session_logs(draw: st.DrawFn, start: datetime.date, weeks: int) -> tuple[rp.SessionLog, ...]:
    """Logs of distinct (date, kind) inside the program, sometimes with new symptoms."""
    keys = draw(
        st.lists(
            st.tuples(st.integers(0, WEEK * weeks - 1), st.sampled_from(KINDS)),
            unique=True,
            max_size=12,
        )
    )
    symptoms = st.just(frozenset()) | st.frozensets(
        st.sampled_from(sorted(ps.NON_RED_FLAG_SYMPTOMS)), max_size=2
    )
    return tuple(
        rp.SessionLog(
            date=start + datetime.timedelta(days=day),
            kind=kind,
            completed=draw(st.booleans()),
            minutes=draw(st.integers(0, 180)),
            pain_during=draw(st.integers(0, 10)),
            pain_next_morning=draw(st.none() | st.integers(0, 10)),
            new_symptoms=draw(st.just(frozenset()) | symptoms),
        )
        for day, kind in keys
    )


@st.composite
def logged_plans(draw: st.DrawFn, result: Any = tp.TRIAGES, profile: Any = tp.PROFILES) -> tp.Plans:
    case: tp.Plans = draw(tp.plans(result=result, profile=profile))
    logs = draw(session_logs(case.start, case.weeks))
    return tp.Plans(case.profile, case.triage, case.weeks, case.start, case.catalog, logs)


def replan(case: tp.Plans, *logs: rp.SessionLog) -> rp.Program:
    return rp.plan_program(
        case.profile,
        weeks=case.weeks,
        start=case.start,
        triage=case.triage,
        catalog=case.catalog,
        logs=logs,
    )


def _planned(case: tp.Plans) -> rp.Program:
    try:
        return case.program
    except rp.CareRequired:
        assume(False)
        raise


# -- section 4 with any logs ---------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(logged_plans(profile=tp.RUNNERS | tp.PROFILES))
def test_every_planner_invariant_holds_with_any_logs(case: tp.Plans) -> None:
    _planned(case)
    stopped = any(entry.new_symptoms for entry in case.logs)
    for check in tp.ALL_CHECKS:
        # liveness (runs when allowed) is not owed after a log's new triage stops them
        if not (stopped and check is tp.check_runs_planned_when_allowed):
            check(case)


@settings(deadline=None)
@given(tp.plans(profile=tp.RUNNERS))
def test_no_logs_plans_exactly_as_without(case: tp.Plans) -> None:
    without = rp.plan_program(
        case.profile, weeks=case.weeks, start=case.start, triage=case.triage, catalog=case.catalog
    )
    assert case.program == without
    assert without.adjustments == ()


def _weekly_logs(program: rp.Program, pain: int, morning: int) -> list[rp.SessionLog]:
    return [
        rp.SessionLog(
            date=day.date,
            kind="run",
            completed=True,
            minutes=day.run_minutes,
            pain_during=pain,
            pain_next_morning=morning,
        )
        for day in program.days
        if day.run_minutes
    ]


@settings(deadline=None)
@given(tp.plans(result=ps.triages(tp.SELF_CARE), profile=tp.RUNNERS), st.integers(0, 3))
def test_all_good_logs_change_nothing(case: tp.Plans, pain: int) -> None:
    program = case.program
    logs = _weekly_logs(program, pain, 0)
    again = rp.plan_program(
        case.profile,
        weeks=case.weeks,
        start=case.start,
        triage=case.triage,
        catalog=case.catalog,
        logs=logs,
    )
    assert again.days == program.days
    assert {a.decision for a in again.adjustments} <= {"progress"}


@settings(deadline=None)
@given(
    tp.plans(result=ps.triages(tp.SELF_CARE), profile=tp.RUNNERS),
    st.integers(0, 11),
    st.sampled_from(["pain", "unsettled"]),
)
def test_a_bad_run_steps_the_next_week_back(case: tp.Plans, day: int, how: str) -> None:
    program = case.program
    assume(case.weeks >= 2)
    date = case.start + datetime.timedelta(days=day % (WEEK * (case.weeks - 1)))
    baseline = case.triage.report.pain if case.triage else 0
    assume(baseline < 10)
    bad = rp.SessionLog(
        date=date,
        kind="run",
        completed=True,
        minutes=program.day(date).run_minutes,
        pain_during=6 if how == "pain" else 2,
        # unsettled: higher next morning than the baseline, the report's pain
        pain_next_morning=0 if how == "pain" else baseline + 1,
    )
    week = (date - case.start).days // WEEK  # 0-based
    after = replan(case, bad)
    this_week = after.weekly_run_minutes()[week]
    following = after.weekly_run_minutes()[week + 1]
    assert 100 * following <= SETTINGS["step_back_percent"] * this_week
    if this_week:
        assert following < this_week
    assert after.adjustments[0].decision == "step_back"
    assert after.adjustments[0].week == week + 2


@settings(deadline=None)
@given(
    tp.plans(result=ps.triages(tp.SELF_CARE), profile=tp.RUNNERS),
    st.integers(0, 11),
    st.sampled_from([4, 5]),
)
def test_pain_4_or_5_that_settled_means_no_increase(case: tp.Plans, day: int, pain: int) -> None:
    assume(case.weeks >= 2)
    date = case.start + datetime.timedelta(days=day % (WEEK * (case.weeks - 1)))
    held = rp.SessionLog(
        date=date, kind="run", completed=True, minutes=20, pain_during=pain, pain_next_morning=0
    )
    week = (date - case.start).days // WEEK
    after = replan(case, held)
    minutes = after.weekly_run_minutes()
    assert minutes[week + 1] <= minutes[week]
    assert after.adjustments[0].decision == "hold"


@settings(deadline=None)
@given(tp.plans(result=ps.triages(tp.SELF_CARE, tp.REST)), st.sampled_from(sorted(RED_FLAGS)))
def test_a_red_flag_in_a_log_raises_care_required(case: tp.Plans, flag: str) -> None:
    flagged = rp.SessionLog(
        date=case.start,
        kind="run",
        completed=True,
        minutes=20,
        pain_during=3,
        new_symptoms=frozenset({flag}),
    )
    with pytest.raises(rp.CareRequired) as raised:
        replan(case, flagged)
    assert raised.value.triage.disposition.needs_care_now
    assert flag in raised.value.triage.report.symptoms


def unstructure_log(entry: rp.SessionLog) -> dict[str, Any]:
    return {
        "date": entry.date,
        "kind": entry.kind,
        "completed": entry.completed,
        "minutes": entry.minutes,
        "pain_during": entry.pain_during,
        "pain_next_morning": entry.pain_next_morning,
        "new_symptoms": entry.new_symptoms,
    }


@settings(max_examples=40, deadline=None)
@given(logged_plans(result=ps.triages(tp.SELF_CARE, tp.REST), profile=tp.RUNNERS))
def test_json_and_python_agree(case: tp.Plans) -> None:
    assume(case.catalog is tp.BUNDLED)
    program = _planned(case)
    request: dict[str, Any] = {
        "profile": ps.profile_json(case.profile),
        "weeks": case.weeks,
        "start": case.start.isoformat(),
        "logs": [
            unstructure_log(entry)
            | {
                "date": entry.date.isoformat(),
                "new_symptoms": sorted(entry.new_symptoms),
            }
            for entry in case.logs
        ],
    }
    if case.triage is not None:
        request["report"] = ps.report_json(case.triage.report)
    assert rp.plan_program_json(request) == unstructure(program)


# -- the readiness check after rest ----------------------------------------------------------


@settings(deadline=None)
@given(tp.plans(result=ps.triages(tp.REST, none=False), profile=tp.RUNNERS), st.integers(5, 40))
def test_after_rest_runs_follow_only_a_readiness_pass(case: tp.Plans, day: int) -> None:
    assume(day < WEEK * case.weeks)
    date = case.start + datetime.timedelta(days=day)
    passed = rp.SessionLog(
        date=date, kind="readiness_check", completed=True, minutes=30, pain_during=2
    )
    program = replan(case, passed)
    for day_ in program.days:
        kinds = {a.kind for a in day_.activities}
        if "run" in kinds:
            assert day_.date > date
        if "readiness_check" in kinds:
            assert day_.date <= date
    assert not any(a.kind == "run" for d in case.program.days for a in d.activities)


def test_rest_plans_a_readiness_check_until_a_pass() -> None:
    resting = rp.triage(
        rp.SymptomReport(symptoms=frozenset({"pain_while_running"}), pain=4, days_since_onset=2)
    )
    assert resting.disposition is rp.Disposition.REST
    program = plan(weeks=3, triage=resting)
    checks = [
        (day.date - MONDAY).days
        for day in program.days
        if any(a.kind == "readiness_check" for a in day.activities)
    ]
    assert checks == [5, 7, 14]
    (check,) = (a for a in program.days[5].activities if a.kind == "readiness_check")
    assert check.minutes == 30
    assert check.note is not None
    assert "10 single-leg hops" in check.note
    assert program.weekly_run_minutes() == (0, 0, 0)
    # a failed check (pain 3) is no pass; a pass on day 7 brings runs back from day 8
    failed = log(5, "readiness_check", pain_during=3)
    program = plan(failed, log(7, "readiness_check", pain_during=2), weeks=3, triage=resting)
    assert program.weekly_run_minutes()[0] == 0
    assert run_days(program, 2)
    assert min(run_days(program, 2)) > 7
    assert all(a.note and "Walk-run" in a.note for a in program.week(2)[2].activities[1:2])


# -- examples: each decision's reasons -------------------------------------------------------


def test_a_good_week_progresses_with_its_reason() -> None:
    program = plan(log(0), log(2), log(4))
    (adjustment,) = program.adjustments
    assert adjustment == rp.Adjustment(
        week=2,
        decision="progress",
        reasons=(
            "Every logged run stayed at or under 3/10 and settled by the next morning: the "
            "plan's progression goes on (pain-monitoring model).",
        ),
    )
    assert program.weekly_run_minutes() == plan().weekly_run_minutes()


def test_a_painful_run_steps_back_saying_why() -> None:
    program = plan(log(0), log(2, pain_during=6), log(4))
    (adjustment,) = program.adjustments
    assert adjustment.decision == "step_back"
    assert adjustment.reasons == (
        "The run on 2026-01-07 hurt at 6/10, above the 5/10 the pain-monitoring model accepts: "
        "next week runs at most 80% of this week's minutes.",
    )
    assert program.weekly_run_minutes()[:2] == (90, 72)


def test_the_last_weeks_logs_adjust_no_week_after_the_plan() -> None:
    week_one = (log(0), log(2, pain_during=6), log(4))
    assert plan(*week_one, weeks=1).adjustments == ()
    week_two = (log(7), log(9, pain_during=6), log(11))
    (adjustment,) = plan(*week_one, *week_two, weeks=2).adjustments
    assert (adjustment.week, adjustment.decision) == (2, "step_back")


def test_pain_that_has_not_settled_steps_back() -> None:
    program = plan(log(0, pain_next_morning=3))
    (adjustment,) = program.adjustments
    assert adjustment.reasons == (
        "Pain the morning after the run on 2026-01-05 was 3/10, higher than 0/10 before: it "
        "had not settled, so next week steps back.",
    )


def test_pain_of_4_that_settled_holds() -> None:
    program = plan(log(0), log(2, pain_during=4), log(4))
    (adjustment,) = program.adjustments
    assert adjustment.decision == "hold"
    assert "hurt at 4/10" in adjustment.reasons[0]
    assert program.weekly_run_minutes()[:2] == (90, 90)


def test_too_few_completed_runs_hold() -> None:
    program = plan(log(0, completed=False), log(2, completed=False), log(4))
    (adjustment,) = program.adjustments
    assert adjustment.reasons == (
        "1 of 3 planned runs were logged as completed, under 50%: next week holds this week's "
        "running.",
    )


def test_a_run_on_a_swapped_day_counts_toward_the_load_once() -> None:
    # planned 3 x 30; logged 2 runs of 10 minutes, one on a day without a run: load 50
    program = plan(log(1, minutes=10, pain_during=6), log(2, minutes=10))
    assert program.weekly_run_minutes()[:2] == (90, 39)


def test_new_symptoms_that_call_for_rest_stop_runs_for_7_days() -> None:
    program = plan(log(2, new_symptoms=frozenset({"pain_while_running"}), pain_during=4))
    (adjustment,) = program.adjustments
    assert adjustment.decision == "stop_running"
    assert adjustment.reasons[0].startswith("New symptoms logged on 2026-01-07 (")
    assert "says rest, so no run for the 7 days after that log" in adjustment.reasons[0]
    assert run_days(program, 1) == [0, 2]
    assert run_days(program, 2) == [11]  # days 3-9 have no run


def test_strength_logged_as_painful_holds_then_eases_the_doses() -> None:
    def doses(program: rp.Program, week: int) -> list[str]:
        return [
            item.dose
            for day in program.week(week)
            for a in day.activities
            if a.kind == "strength" and a.session
            for item in a.session.items
        ]

    plain = plan()
    held = plan(log(1, "strength", pain_during=4))
    eased = plan(log(1, "strength", pain_during=6), log(8, "strength", pain_during=6))
    assert doses(held, 2) == doses(plain, 1)
    assert doses(eased, 3) == doses(plain, 1)


# -- Program.day and Program.week ------------------------------------------------------------


def test_program_day_and_week() -> None:
    program = plan(weeks=2)
    assert program.day(MONDAY) is program.days[0]
    assert program.week(2) == program.days[7:]
    last = MONDAY + datetime.timedelta(days=13)
    assert program.day(last) is program.days[-1]
    for outside in (MONDAY - datetime.timedelta(days=1), last + datetime.timedelta(days=1)):
        with pytest.raises(rp.InvalidInput) as raised:
            program.day(outside)
        assert raised.value.problems == (
            ("date", f"{outside} is outside the program ({MONDAY} to {last})"),
        )
    with pytest.raises(rp.InvalidInput) as raised:
        program.day("2026-01-05")  # type: ignore[arg-type]
    assert raised.value.problems == (("date", "must be a datetime.date, got str"),)
    for bad in (0, 3, "1"):
        with pytest.raises(rp.InvalidInput) as raised:
            program.week(bad)  # type: ignore[arg-type]
        assert raised.value.problems[0][0] == "week"


# -- logs that make no sense -----------------------------------------------------------------


def test_bad_logs_are_invalid_input_at_their_path() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        plan(
            log(0),
            log(40),
            log(0),
            "run",  # type: ignore[arg-type]
            log(1, new_symptoms=frozenset({"pain_while_runing"})),
        )
    paths = [path for path, _ in raised.value.problems]
    assert paths == ["logs[1].date", "logs[2]", "logs[3]", "logs[4].new_symptoms"]
    messages = dict(raised.value.problems)
    assert "duplicate logs for one activity" in messages["logs[2]"]
    assert "pain_while_running" in messages["logs[4].new_symptoms"]
    with pytest.raises(rp.InvalidInput):
        log(0, pain_during=11)
    with pytest.raises(rp.InvalidInput):
        log(0, minutes=181)


def test_json_logs_with_bad_fields_name_their_path() -> None:
    request = {
        "profile": ps.profile_json(RUNNER),
        "weeks": 2,
        "start": "2026-01-05",
        "logs": [
            {
                "date": "2026-01-05",
                "kind": "run",
                "completed": True,
                "minutes": 30,
                "pain_during": 11,
            }
        ],
    }
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_program_json(request)
    assert [path for path, _ in raised.value.problems] == ["logs[0].pain_during"]
