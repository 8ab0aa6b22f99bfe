"""Example tests for the planner: the issue's acceptance cases and the error paths.

Each test plans for one concrete runner and checks what SPEC.md and docs/planner.md
promise for them, reading the catalog's exercise data (what each exercise addresses,
needs and is ruled out by) rather than the planner's helpers.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

import planner_strategies as ps
import runpelvis as rp
from runpelvis._convert import unstructure
from spec import SPEC_PROFILE

CATALOG = rp.default_catalog()
MONDAY = datetime.date(2026, 1, 5)
WEEK = 7
ALL_EQUIPMENT = frozenset({"mat", "dumbbells", "barbell", "pool", "bike"})


def profile(**changes: Any) -> rp.RunnerProfile:
    fields: dict[str, Any] = {
        "causes": frozenset(),
        "level": "beginner",
        "equipment": frozenset({"mat"}),
        "session_minutes": 30,
        "runs_per_week": 3,
        "weekly_run_minutes": 90,
    }
    fields.update(changes)
    return rp.RunnerProfile(**fields)


def profile_json(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = copy.deepcopy(SPEC_PROFILE)
    fields.update(changes)
    return fields


#: Marks a key to leave out of a request (see :func:`session_request`).
MISSING: Any = object()


def _request(fields: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not MISSING}


def session_request(**changes: Any) -> dict[str, Any]:
    return _request({"profile": profile_json(), "kind": "strength"}, changes)


def program_request(**changes: Any) -> dict[str, Any]:
    return _request({"profile": profile_json(), "weeks": 2, "start": "2026-01-05"}, changes)


def report_json(**changes: Any) -> dict[str, Any]:
    return {"symptoms": [], "pain": 2, "days_since_onset": 1, **changes}


def report(*symptoms: str, pain: int = 4, days: int = 3) -> rp.SymptomReport:
    return rp.SymptomReport(symptoms=frozenset(symptoms), pain=pain, days_since_onset=days)


def plain_profile(**changes: Any) -> rp.RunnerProfile:
    """No causes or equipment, 30-minute sessions, 2 runs and 100 minutes a week: round numbers."""
    fields: dict[str, Any] = {
        "causes": frozenset(),
        "level": "beginner",
        "equipment": frozenset(),
        "session_minutes": 30,
        "runs_per_week": 2,
        "weekly_run_minutes": 100,
    }
    return rp.RunnerProfile(**(fields | changes))


def triaged(*symptoms: str, pain: int = 3, days: int = 2) -> rp.TriageResult:
    return rp.triage(rp.SymptomReport(frozenset(symptoms), pain, days))


def planned(session: rp.Session) -> list[str]:
    return [item.exercise for item in session.items]


def reasons(session: rp.Session) -> dict[str, str]:
    return {exclusion.exercise: exclusion.reason for exclusion in session.excluded}


def program_sessions(program: rp.Program) -> list[rp.Session]:
    return [
        activity.session
        for day in program.days
        for activity in day.activities
        if activity.session is not None
    ]


def kinds_in(days: tuple[rp.Day, ...]) -> set[str]:
    return {activity.kind for day in days for activity in day.activities}


def paths(error: rp.InvalidInput) -> list[str]:
    return [path for path, _ in error.problems]


def _problems(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(rp.InvalidInput) as caught:
        call(*args, **kwargs)
    return list(caught.value.problems)


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def weekdays(program: rp.Program, kind: str, week: int = 0) -> list[int]:
    return [
        index
        for index, day in enumerate(program.week(week + 1))
        if any(activity.kind == kind for activity in day.activities)
    ]


def kinds(program: rp.Program, week: int) -> list[list[str]]:
    return [[activity.kind for activity in day.activities] for day in program.week(week + 1)]


@pytest.fixture(scope="module")
def with_settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``with_settings(name=value, ...)``: the bundled catalog with other planner settings."""

    def build(**values: int) -> rp.Catalog:
        document = CATALOG.to_document()
        for setting in document["planner"]:
            setting["value"] = values.pop(setting["id"], setting["value"])
        assert not values, f"no such planner setting: {sorted(values)}"
        document["version"] = "settings.1"
        path = tmp_path_factory.mktemp("settings") / "catalog.json"
        return rp.load_catalog(_write(path, document))

    return build


# -- the acceptance examples ---------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "equipment"),
    [
        ("beginner", frozenset({"mat"})),
        ("intermediate", frozenset()),
        ("advanced", frozenset({"dumbbells"})),
    ],
)
def test_weak_core_and_glutes_get_exercises_for_both_in_a_30_minute_strength_session(
    level: str, equipment: frozenset[str]
) -> None:
    runner = profile(
        causes=frozenset({"weak_core", "weak_glutes"}),
        level=level,
        equipment=equipment,
        session_minutes=30,
    )
    session = rp.plan_session(runner, "strength")

    assert session.kind == "strength"
    assert 0 < session.minutes <= 30
    exercises = [CATALOG.exercises[exercise] for exercise in planned(session)]
    assert all(exercise.kind == "strength" for exercise in exercises)
    assert any("weak_core" in exercise.addresses for exercise in exercises)
    assert any("weak_glutes" in exercise.addresses for exercise in exercises)


def test_tight_hip_flexors_get_a_hip_flexor_stretch_in_a_15_minute_cool_down() -> None:
    runner = profile(causes=frozenset({"tight_hip_flexors"}), session_minutes=15)
    session = rp.plan_session(runner, "cool_down")

    assert session.kind == "cool_down"
    assert 0 < session.minutes <= 15
    assert "hip_flexor_stretch" in planned(session)
    stretch = next(item for item in session.items if item.exercise == "hip_flexor_stretch")
    assert stretch.hold_seconds is not None
    assert stretch.hold_seconds >= 30
    assert stretch.per_side  # one-sided: held on each side


def test_numbness_or_tingling_removes_deadlifts_and_says_so() -> None:
    runner = profile(level="advanced", equipment=ALL_EQUIPMENT, session_minutes=90)
    # Without the symptom, this runner does deadlifts: the removal is the symptom's doing.
    assert "deadlift" in planned(rp.plan_session(runner, "strength"))

    numb = rp.triage(report("numbness_or_tingling"))
    session = rp.plan_session(runner, "strength", triage=numb)
    assert "deadlift" not in planned(session)
    assert "numbness or tingling" in reasons(session)["deadlift"].lower()

    program = rp.plan_program(runner, weeks=4, start=MONDAY, triage=numb)
    for planned_session in program_sessions(program):
        assert "deadlift" not in planned(planned_session)

    response = rp.plan_session_json(
        {
            "profile": profile_json(
                level="advanced", equipment=sorted(ALL_EQUIPMENT), session_minutes=90
            ),
            "kind": "strength",
            "report": {"symptoms": ["numbness_or_tingling"], "pain": 4, "days_since_onset": 3},
        }
    )
    assert "deadlift" not in [item["exercise"] for item in response["items"]]
    excluded = {exclusion["exercise"]: exclusion["reason"] for exclusion in response["excluded"]}
    assert "numbness or tingling" in excluded["deadlift"].lower()


@pytest.mark.parametrize(
    ("symptom", "disposition"),
    [
        ("fever", rp.Disposition.URGENT),
        ("leg_weakness", rp.Disposition.URGENT),
        ("saddle_numbness", rp.Disposition.EMERGENCY),
        ("bladder_or_bowel_change", rp.Disposition.EMERGENCY),
    ],
)
def test_a_red_flag_raises_care_required_from_the_python_and_json_paths(
    symptom: str, disposition: rp.Disposition
) -> None:
    runner = profile()
    flagged = report(symptom)
    result = rp.triage(flagged)
    assert result.disposition is disposition

    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_session(runner, "cool_down", triage=result)
    assert raised.value.triage == result

    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_program(runner, weeks=4, start=MONDAY, triage=result)
    assert raised.value.triage == result

    wire_report = {"symptoms": [symptom], "pain": 4, "days_since_onset": 3}
    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_session_json(
            {"profile": profile_json(), "kind": "cool_down", "report": wire_report}
        )
    assert raised.value.triage.disposition is disposition
    assert raised.value.triage.report == flagged

    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_program_json(
            {"profile": profile_json(), "weeks": 4, "start": "2026-01-05", "report": wire_report}
        )
    assert raised.value.triage == result
    assert isinstance(raised.value, rp.RunpelvisError)
    assert not isinstance(raised.value, ValueError)  # a red flag is not bad input


def test_runs_per_week_7_is_invalid_input() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        profile(runs_per_week=7)
    assert isinstance(raised.value, ValueError)
    assert paths(raised.value) == ["runs_per_week"]
    assert any("runs_per_week" in error for error in raised.value.errors)

    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_session_json({"profile": profile_json(runs_per_week=7), "kind": "strength"})
    assert paths(raised.value) == ["profile.runs_per_week"]
    assert raised.value.errors[0].startswith("profile.runs_per_week: ")


@pytest.mark.parametrize(
    ("runs", "problem"),
    [
        (7, "must be from 0 to 6: one day a week is always a rest day, got 7"),
        (8, "must be from 0 to 6, got 8"),
        (7.0, "must be a whole number from 0 to 6, got a float"),
        (True, "must be a whole number from 0 to 6, got True"),
    ],
)
def test_seven_runs_a_week_is_refused_because_of_the_rest_day(runs: Any, problem: str) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        plain_profile(runs_per_week=runs)
    assert list(caught.value.problems) == [("runs_per_week", problem)]


def test_runs_per_week_6_is_valid_and_the_seventh_day_rests() -> None:
    program = rp.plan_program(profile(runs_per_week=6), weeks=2, start=MONDAY)
    for week in range(2):
        days = program.days[WEEK * week : WEEK * (week + 1)]
        runs = [day for day in days if any(a.kind == "run" for a in day.activities)]
        assert 0 < len(runs) <= 6
        assert days[-1].activities == ()
        assert days[-1].is_rest


# -- level and equipment ---------------------------------------------------------------------


def test_a_beginner_never_gets_deadlifts_and_the_exclusion_says_why() -> None:
    assert CATALOG.exercises["deadlift"].level == "advanced"
    runner = profile(
        causes=frozenset({"weak_core", "weak_glutes"}),
        equipment=ALL_EQUIPMENT,
        session_minutes=180,
    )
    session = rp.plan_session(runner, "strength")
    assert "deadlift" not in planned(session)
    assert "advanced" in reasons(session)["deadlift"].lower()

    program = rp.plan_program(runner, weeks=6, start=MONDAY)
    strength = [s for s in program_sessions(program) if s.kind == "strength"]
    assert strength
    for planned_session in strength:
        assert "deadlift" not in planned(planned_session)
        assert "deadlift" in reasons(planned_session)


def test_without_dumbbells_or_barbell_deadlifts_are_excluded_for_the_equipment() -> None:
    runner = profile(level="advanced", equipment=frozenset({"mat", "pool", "bike"}))
    session = rp.plan_session(runner, "strength")
    assert "deadlift" not in planned(session)
    reason = reasons(session)["deadlift"].lower()
    assert "dumbbells" in reason
    assert "barbell" in reason


@pytest.mark.parametrize("equipment", ["dumbbells", "barbell"])
def test_either_dumbbells_or_a_barbell_is_enough_for_deadlifts(equipment: str) -> None:
    runner = profile(level="advanced", equipment=frozenset({equipment}), session_minutes=180)
    session = rp.plan_session(runner, "strength")
    assert "deadlift" in planned(session)
    assert "deadlift" not in reasons(session)


@pytest.mark.parametrize(
    ("exercise", "because"),
    [
        ("deadlift", "numbness_or_tingling"),
        ("deadlift", "pain_radiating_down_leg"),
        ("deadlift", "herniated_disc"),
        ("deadlift", "sciatica"),
        ("crunch", "herniated_disc"),
        ("lunge", "pain_on_hopping"),
    ],
)
def test_the_specs_contraindications_exclude_and_name_their_reason(
    exercise: str, because: str
) -> None:
    runner = profile(level="advanced", equipment=ALL_EQUIPMENT, session_minutes=180)
    assert exercise in planned(rp.plan_session(runner, "strength"))
    if because in CATALOG.causes:
        runner = profile(
            level="advanced",
            equipment=ALL_EQUIPMENT,
            session_minutes=180,
            causes=frozenset({because}),
        )
        session = rp.plan_session(runner, "strength")
        name = CATALOG.causes[because].name
    else:
        session = rp.plan_session(runner, "strength", triage=rp.triage(report(because)))
        name = CATALOG.symptoms[because].name
    assert exercise not in planned(session)
    assert name.lower() in reasons(session)[exercise].lower()


# -- sessions: what is planned, dosed, left out and noted ------------------------------------


def test_every_excluded_exercise_says_why_in_plain_words() -> None:
    profile = plain_profile(
        causes=frozenset({"herniated_disc"}),
        level="advanced",
        equipment=frozenset({"mat", "dumbbells", "barbell"}),
        session_minutes=60,
    )
    nerve = triaged("numbness_or_tingling")
    assert nerve.disposition is rp.Disposition.SEE_CLINICIAN
    session = rp.plan_session(profile, "strength", triage=nerve)
    assert session.items == ()
    assert [(e.exercise, e.reason) for e in session.excluded] == [
        ("bird_dog", "Bird dog: not gentle enough until a clinician has assessed you"),
        ("crunch", "Crunch: not with herniated disc"),
        ("deadlift", "Deadlift: numbness or tingling reported"),
        ("glute_bridge", "Glute bridge: not gentle enough until a clinician has assessed you"),
        ("lunge", "Lunge: not gentle enough until a clinician has assessed you"),
        ("plank", "Plank: not gentle enough until a clinician has assessed you"),
        ("side_plank", "Side plank: not gentle enough until a clinician has assessed you"),
    ]


def test_a_recovery_day_says_why_it_leaves_out_the_livelier_moves() -> None:
    profile = plain_profile(causes=frozenset({"weak_core"}), equipment=frozenset({"mat"}))
    session = rp.plan_session(profile, "recovery")
    assert [(e.exercise, e.reason) for e in session.excluded] == [
        ("cobra_pose", "Cobra pose: recovery days keep to gentle moves"),
        ("downward_dog", "Downward dog: for intermediate runners and up"),
        ("hip_circles", "Hip circles: recovery days keep to gentle moves"),
        ("leg_swings", "Leg swings: recovery days keep to gentle moves"),
        ("pigeon_pose", "Pigeon pose: for intermediate runners and up"),
    ]


def test_an_exercise_too_long_at_full_dose_comes_as_one_set_without_rest() -> None:
    profile = plain_profile(
        causes=frozenset({"weak_core"}),
        level="intermediate",
        equipment=frozenset({"mat"}),
        session_minutes=10,
    )
    session = rp.plan_session(profile, "strength")
    # bird dog (for the weak core) at its full 3 sets with 45 s between them; crunch
    # no longer fits at 3 sets, so it comes as 1 set, and one set needs no rest
    assert [(i.exercise, i.sets, i.rest_seconds) for i in session.items] == [
        ("bird_dog", 3, 45),
        ("crunch", 1, 0),
    ]
    assert session.minutes == 10


def test_an_exercise_that_fills_the_budget_to_the_second_is_planned() -> None:
    # a beginner's bird dog (2 x 10 reps, 3 s hold each, each side) takes exactly the
    # 5 minutes of a 5-minute session
    session = rp.plan_session(plain_profile(session_minutes=5), "strength")
    assert [(i.exercise, i.sets, i.reps, i.hold_seconds) for i in session.items] == [
        ("bird_dog", 2, 10, 3)
    ]
    assert session.minutes == 5


STOP = "Stop any exercise that causes pain; mild stretching tension is fine."


def test_a_session_notes_what_it_could_not_do_and_why(tmp_path: Path) -> None:
    night_pain = triaged("night_pain")
    profile = plain_profile(causes=frozenset({"weak_core"}), equipment=frozenset({"mat"}))
    assert rp.plan_session(profile, "strength", triage=night_pain).notes == (
        "Gentle movement only until a clinician has assessed you.",
        "No exercise fits this session: see the excluded list and the time budget.",
        "Weak core: no exercise for it fitted this strength session.",
        STOP,
    )
    # a clinic adds a cause whose only stretch (30 holds of a minute a side) outlasts a
    # 5-minute cool-down even as one set
    figure_four = next(
        e for e in CATALOG.to_document()["exercises"] if e["id"] == "figure_four_stretch"
    )
    long_hold = {
        "sets": 1,
        "reps": {"low": 30, "high": 30},
        "hold_seconds": {"low": 60, "high": 60},
        "per_side": True,
    }
    extension = {
        "version": "clinic.2",
        "extends": "runpelvis",
        "causes": [
            {
                "id": "stiff_ankles",
                "name": "Stiff ankles",
                "group": "muscular",
                "summary": "Stiff.",
                "source": "c",
            }
        ],
        "exercises": [
            figure_four
            | {
                "id": "long_ankle_stretch",
                "name": "Long ankle stretch",
                "addresses": ["stiff_ankles"],
                "dose": long_hold,
            }
        ],
    }
    clinic = rp.load_catalog(_write(tmp_path / "clinic.json", extension))
    ankles = plain_profile(causes=frozenset({"stiff_ankles"}), session_minutes=5)
    assert rp.plan_session(ankles, "cool_down", catalog=clinic).notes == (
        "Stiff ankles: no exercise for it fitted this cool-down session.",
        STOP,
    )


# -- programs: the week, the progression and the notes ----------------------------------------


def test_cross_training_takes_two_free_days_a_week_and_recovery_the_rest() -> None:
    profile = plain_profile(equipment=frozenset({"pool", "bike"}), runs_per_week=1)
    program = rp.plan_program(profile, weeks=2, start=MONDAY)
    week = [
        ["warm_up", "run", "cool_down"],
        ["strength"],
        ["cross_training"],
        ["strength"],
        ["cross_training"],
        ["recovery"],
        [],
    ]
    assert kinds(program, 0) == kinds(program, 1) == week


@pytest.mark.parametrize(
    ("sessions", "runs", "days"),
    [(0, 2, []), (1, 2, [1]), (2, 2, [1, 4]), (3, 5, [0, 3, 5]), (3, 1, [1, 3, 5])],
)
def test_strength_days_keep_a_day_apart_and_off_run_days_where_they_can(
    with_settings: Any, sessions: int, runs: int, days: list[int]
) -> None:
    catalog = with_settings(strength_sessions_per_week=sessions)
    program = rp.plan_program(
        plain_profile(runs_per_week=runs), weeks=2, start=MONDAY, catalog=catalog
    )
    assert weekdays(program, "strength", 0) == days
    assert weekdays(program, "strength", 1) == days


@pytest.mark.parametrize("kind", ["warm_up", "cool_down", "recovery"])
def test_each_week_starts_its_sessions_one_exercise_further_on(kind: str) -> None:
    program = rp.plan_program(plain_profile(), weeks=2, start=MONDAY)

    def items(week: int) -> list[str]:
        sessions = [
            activity.session
            for day in program.week(week + 1)
            for activity in day.activities
            if activity.kind == kind and activity.session is not None
        ]
        return [item.exercise for item in sessions[0].items]

    first = items(0)
    assert len(first) > 1
    assert items(1) == first[1:] + first[:1]


@pytest.mark.parametrize(
    ("level", "plank_holds", "bridge_reps", "bridge_sets"),
    [
        ("beginner", [30, 34, 39, 43, 48, 52, 57, 60, 60], [10, 10, 11, 12, 13, 13, 14, 15, 15], 2),
        (
            "intermediate",
            [39, 43, 48, 52, 57, 60, 60, 60, 60],
            [11, 12, 13, 13, 14, 15, 15, 15, 15],
            3,
        ),
        ("advanced", [48, 52, 57, 60, 60, 60, 60, 60, 60], [13, 13, 14, 15, 15, 15, 15, 15, 15], 3),
    ],
)
def test_doses_climb_the_source_ranges_week_by_week_from_the_level_s_start(
    level: str, plank_holds: list[int], bridge_reps: list[int], bridge_sets: int
) -> None:
    # plank 30-60 s, glute bridge 10-15 reps (SPEC): beginners start at the bottom with a
    # set fewer, others part-way up; every week is 15% further along, up to the top
    profile = plain_profile(
        causes=frozenset({"weak_core", "weak_glutes"}),
        level=level,
        equipment=frozenset({"mat"}),
        session_minutes=60,
    )
    program = rp.plan_program(profile, weeks=len(plank_holds), start=MONDAY)
    holds, reps = [], []
    for week in range(program.weeks):
        (session,) = {
            activity.session
            for day in program.week(week + 1)
            for activity in day.activities
            if activity.kind == "strength"
        }
        assert session is not None
        items = {item.exercise: item for item in session.items}
        holds.append(items["plank"].hold_seconds)
        reps.append(items["glute_bridge"].reps)
        assert items["glute_bridge"].sets == bridge_sets
    assert (holds, reps) == (plank_holds, bridge_reps)


def test_weekly_run_minutes_grow_ten_percent_with_an_easier_fourth_week() -> None:
    # 100 a week in 2 runs; each week 10% more than the one before, every fourth week 80% of
    # the one before, and each run a whole number of minutes (rounded down)
    program = rp.plan_program(plain_profile(), weeks=9, start=MONDAY)
    assert program.weekly_run_minutes() == (100, 110, 120, 96, 104, 114, 124, 98, 106)


RECHECK = "Re-check your symptoms before each week; a new warning sign stops the plan."


NO_RUNS = "No runs are planned: the profile has no running now."


@pytest.mark.parametrize(
    ("changes", "symptoms", "notes"),
    [
        ({}, (), (RECHECK,)),
        ({"weekly_run_minutes": 0}, (), (NO_RUNS, RECHECK)),
        ({"runs_per_week": 0}, (), (NO_RUNS, RECHECK)),
        ({"weekly_run_minutes": 1}, (), (RECHECK,)),
        ({"runs_per_week": 1}, (), (RECHECK,)),
        (
            {},
            ("pain_while_running",),
            (
                "No running in the first week; runs come back the day after a passed "
                "readiness check, as walk-run at half your usual minutes.",
                RECHECK,
            ),
        ),
    ],
)
def test_a_program_notes_why_runs_are_missing(
    changes: dict[str, int], symptoms: tuple[str, ...], notes: tuple[str, ...]
) -> None:
    triage = triaged(*symptoms) if symptoms else None
    program = rp.plan_program(plain_profile(**changes), weeks=1, start=MONDAY, triage=triage)
    assert program.notes == notes


def test_runs_go_without_a_form_cue_when_the_catalog_has_none(tmp_path: Path) -> None:
    document = CATALOG.to_document()
    document["tips"] = [tip for tip in document["tips"] if tip["topic"] != "form"]
    document["version"] = "no-form.1"
    catalog = rp.load_catalog(_write(tmp_path / "no_form.json", document))
    program = rp.plan_program(plain_profile(), weeks=1, start=MONDAY, catalog=catalog)
    runs = [a for day in program.days for a in day.activities if a.kind == "run"]
    assert len(runs) == 2
    assert {run.cue for run in runs} == {None}
    with_cues = rp.plan_program(plain_profile(), weeks=1, start=MONDAY)
    assert all(a.cue for day in with_cues.days for a in day.activities if a.kind == "run")


# -- the triage gates on programs ------------------------------------------------------------


#: A readiness check passed on the first Saturday, where a rest program plans it (SPEC 9).
PASSED = (
    rp.SessionLog(
        date=MONDAY + datetime.timedelta(days=5),
        kind="readiness_check",
        completed=True,
        minutes=30,
        pain_during=1,
    ),
)


def test_rest_program_keeps_week_one_off_runs_then_returns_by_walk_run_at_half() -> None:
    runner = profile(causes=frozenset({"weak_core"}), runs_per_week=3, weekly_run_minutes=90)
    resting = rp.triage(report("pain_while_running", pain=4, days=2))
    assert resting.disposition is rp.Disposition.REST

    program = rp.plan_program(runner, weeks=3, start=MONDAY, triage=resting, logs=PASSED)
    assert program.disposition is rp.Disposition.REST
    first, second = program.days[:WEEK], program.days[WEEK : 2 * WEEK]
    assert "run" not in kinds_in(first)
    assert "strength" not in kinds_in(first)

    runs = [a for day in second for a in day.activities if a.kind == "run"]
    assert runs, "the second week returns to running"
    assert sum(run.minutes for run in runs) <= 90 // 2
    for run in runs:
        assert run.note is not None
        assert "walk-run" in run.note.lower()
    # the third week goes on running, at most 10% above the second
    third = program.weekly_run_minutes()[2]
    assert 0 < third <= sum(run.minutes for run in runs) * 1.1


def test_a_runner_who_is_running_gets_no_walk_run_note_in_the_first_week() -> None:
    # the walk-run note is for coming back after a week without runs, not for week one
    program = rp.plan_program(plain_profile(), weeks=2, start=MONDAY)
    assert program.disposition is rp.Disposition.SELF_CARE
    runs = [a for day in program.days for a in day.activities if a.kind == "run"]
    assert len(runs) == 2 * 2
    assert all(run.note is None for run in runs)


def test_after_rest_the_return_is_half_the_usual_minutes_then_grows() -> None:
    program = rp.plan_program(
        plain_profile(), weeks=5, start=MONDAY, triage=triaged("pain_while_running"), logs=PASSED
    )
    assert program.disposition is rp.Disposition.REST
    # no run in week 1 (a readiness check passed on its Saturday); week 2 at half of 100;
    # week 3 +10%; week 4 is the easier fourth week
    assert program.weekly_run_minutes() == (0, 50, 54, 42, 46)


def test_after_rest_strength_comes_back_in_the_second_week() -> None:
    profile = plain_profile(equipment=frozenset({"pool", "bike"}), runs_per_week=1)
    program = rp.plan_program(profile, weeks=2, start=MONDAY, triage=triaged("pain_while_running"))
    assert kinds(program, 0) == [
        ["cross_training"],
        ["cross_training"],
        ["recovery"],
        ["recovery"],
        ["recovery"],
        ["readiness_check"],
        [],
    ]
    assert weekdays(program, "strength", 1) == [1, 3]


def test_see_clinician_program_has_no_run_and_no_strength() -> None:
    runner = profile(
        causes=frozenset({"weak_core", "weak_glutes"}),
        level="advanced",
        equipment=ALL_EQUIPMENT,
        runs_per_week=5,
        weekly_run_minutes=200,
    )
    assessed = rp.triage(report("pain_radiating_down_leg"))
    assert assessed.disposition is rp.Disposition.SEE_CLINICIAN

    program = rp.plan_program(runner, weeks=4, start=MONDAY, triage=assessed)
    kinds = kinds_in(program.days)
    assert "run" not in kinds
    assert "strength" not in kinds
    assert kinds <= {"recovery", "cross_training"}
    assert program.weekly_run_minutes() == (0, 0, 0, 0)
    for planned_session in program_sessions(program):
        for item in planned_session.items:
            assert CATALOG.exercises[item.exercise].gentle, item.exercise
    for day in program.days:
        for activity in day.activities:
            if activity.cross_training is not None:
                assert CATALOG.cross_training[activity.cross_training].gentle


def test_a_see_clinician_program_says_why_there_is_no_running() -> None:
    program = rp.plan_program(plain_profile(), weeks=1, start=MONDAY, triage=triaged("night_pain"))
    assert program.disposition is rp.Disposition.SEE_CLINICIAN
    assert program.notes == (
        "No running until a clinician has assessed you; gentle movement only.",
        "Re-check your symptoms before each week; a new warning sign stops the plan.",
    )


def test_self_care_program_follows_the_documented_running_load() -> None:
    """docs/planner.md: the first week plans weekly_run_minutes, +10% at most, 4th week easier."""
    runner = profile(runs_per_week=3, weekly_run_minutes=90)
    program = rp.plan_program(runner, weeks=5, start=MONDAY)
    totals = program.weekly_run_minutes()
    assert totals[0] == 90
    for before, after in itertools.pairwise(totals):
        assert 0 < after <= before * 1.1
    assert totals[3] <= totals[2] * 0.8  # the easier fourth week


def test_no_running_now_plans_no_runs() -> None:
    program = rp.plan_program(profile(weekly_run_minutes=0), weeks=3, start=MONDAY)
    assert "run" not in kinds_in(program.days)
    assert program.weekly_run_minutes() == (0, 0, 0)


def test_program_json_matches_the_python_program() -> None:
    request = {
        "profile": profile_json(),
        "weeks": 2,
        "start": "2026-01-05",
        "report": {"symptoms": ["stiffness_or_soreness"], "pain": 2, "days_since_onset": 1},
    }
    kept = copy.deepcopy(request)
    response = rp.plan_program_json(request)
    assert request == kept
    expected = rp.plan_program(
        profile(causes=frozenset({"weak_core"}), session_minutes=20),
        weeks=2,
        start=MONDAY,
        triage=rp.triage(report("stiffness_or_soreness", pain=2, days=1)),
    )
    assert response == unstructure(expected)
    assert response["days"][0]["date"] == "2026-01-05"
    assert response["days"][-1]["date"] == "2026-01-18"


# -- error paths, JSON and Python ------------------------------------------------------------


@pytest.mark.parametrize(
    "request_and_plan",
    [
        (session_request(profile=profile_json(causes=["weak_cor"])), rp.plan_session_json),
        (program_request(profile=profile_json(causes=["weak_cor"])), rp.plan_program_json),
    ],
    ids=["session", "program"],
)
def test_unknown_cause_in_the_json_profile_is_named_at_its_position(
    request_and_plan: tuple[dict[str, Any], Any],
) -> None:
    request, plan = request_and_plan
    with pytest.raises(rp.InvalidInput) as raised:
        plan(request)
    assert raised.value.errors == [
        "profile.causes[0]: unknown cause 'weak_cor' (did you mean 'weak_core'?)"
    ]


def test_unknown_cause_after_a_known_one_names_its_own_position() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_session_json(
            {"profile": profile_json(causes=["weak_core", "tight_hip_flexor"]), "kind": "warm_up"}
        )
    assert paths(raised.value) == ["profile.causes[1]"]
    assert "did you mean 'tight_hip_flexors'" in raised.value.errors[0]


def test_a_python_profile_with_unknown_ids_is_told_both_with_suggestions() -> None:
    profile = plain_profile(
        causes=frozenset({"weak_cor", "overuse"}), equipment=frozenset({"matt", "pool"})
    )
    expected = [
        ("profile.causes", "unknown cause 'weak_cor' (did you mean 'weak_core'?)"),
        ("profile.equipment", "unknown equipment 'matt' (did you mean 'mat'?)"),
    ]
    assert _problems(rp.plan_session, profile, "strength") == expected
    assert _problems(rp.plan_program, profile, weeks=1, start=MONDAY) == expected


@pytest.mark.parametrize(
    ("plan", "request_", "path"),
    [
        (rp.plan_session_json, session_request(profile=MISSING), "profile"),
        (rp.plan_program_json, program_request(profile=MISSING), "profile"),
        (rp.plan_session_json, session_request(kind="nap"), "kind"),
        (rp.plan_session_json, session_request(kind="Strength"), "kind"),
        (rp.plan_session_json, session_request(kind=None), "kind"),
        (rp.plan_session_json, session_request(kind=MISSING), "kind"),
        (rp.plan_program_json, program_request(weeks=0), "weeks"),
        (rp.plan_program_json, program_request(weeks=53), "weeks"),
        (rp.plan_program_json, program_request(weeks="4"), "weeks"),
        (rp.plan_program_json, program_request(weeks=MISSING), "weeks"),
        (rp.plan_program_json, program_request(start="05/01/2026"), "start"),
        (rp.plan_program_json, program_request(start="2026-1-5"), "start"),
        (rp.plan_program_json, program_request(start="2026-02-30"), "start"),
        (rp.plan_program_json, program_request(start="2026-01-05T08:00"), "start"),
        (rp.plan_program_json, program_request(start=20260105), "start"),
        (rp.plan_program_json, program_request(start=""), "start"),
        (rp.plan_program_json, program_request(start=MISSING), "start"),
        (rp.plan_session_json, session_request(week=1), "week"),
        (
            rp.plan_session_json,
            session_request(profile=profile_json(level="expert")),
            "profile.level",
        ),
        (
            rp.plan_session_json,
            session_request(profile=profile_json(equipment=["matt"])),
            "profile.equipment[0]",
        ),
        (
            rp.plan_program_json,
            program_request(profile=profile_json(session_minutes=4)),
            "profile.session_minutes",
        ),
        (
            rp.plan_program_json,
            program_request(profile=profile_json(weekly_run_minutes=1501)),
            "profile.weekly_run_minutes",
        ),
        (
            rp.plan_session_json,
            session_request(report=report_json(symptoms=["fevr"])),
            "report.symptoms[0]",
        ),
    ],
)
def test_bad_json_requests_are_invalid_input_at_the_right_path(
    plan: Any, request_: dict[str, Any], path: str
) -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        plan(request_)
    assert paths(raised.value) == [path]
    assert raised.value.errors[0].startswith(f"{path}: ")


def test_a_missing_key_is_reported_as_missing() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_program_json({"weeks": 2})
    assert sorted(raised.value.errors) == ["profile: missing", "start: missing"]


def test_an_unknown_symptom_in_a_json_plan_request_is_named_where_it_is() -> None:
    profile = {
        "causes": [],
        "level": "beginner",
        "equipment": [],
        "session_minutes": 30,
        "runs_per_week": 2,
        "weekly_run_minutes": 100,
    }
    report = {"symptoms": ["night_pain", "fevr"], "pain": 2, "days_since_onset": 1}
    expected = [("report.symptoms[1]", "unknown symptom 'fevr' (did you mean 'fever'?)")]
    session = {"profile": profile, "kind": "cool_down", "report": report}
    assert _problems(rp.plan_session_json, session) == expected
    program = {"profile": profile, "weeks": 1, "start": "2026-01-05", "report": report}
    assert _problems(rp.plan_program_json, program) == expected


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (
            lambda: rp.plan_session("runner", "strength"),  # type: ignore[arg-type]
            ("profile", "must be a RunnerProfile, got str"),
        ),
        (
            lambda: rp.plan_program(None, weeks=1, start=MONDAY),  # type: ignore[arg-type]
            ("profile", "must be a RunnerProfile, got NoneType"),
        ),
        (
            lambda: rp.triage({"symptoms": []}),  # type: ignore[arg-type]
            ("report", "must be a SymptomReport, got dict"),
        ),
        (
            lambda: rp.plan_session(plain_profile(), "strength", triage="self_care"),  # type: ignore[arg-type]
            ("triage", "must be a TriageResult or None, got str"),
        ),
    ],
)
def test_a_wrong_argument_type_is_named_with_its_type(call: Any, problem: tuple[str, str]) -> None:
    assert _problems(call) == [problem]


@pytest.mark.parametrize("catalog", ["runpelvis", {"version": "x"}])
def test_a_catalog_argument_that_is_not_a_catalog_is_shown(catalog: Any) -> None:
    shown = repr(catalog) if isinstance(catalog, str) else "a dict"
    problem = ("catalog", f"must be a runpelvis Catalog, got {shown}")
    report = rp.SymptomReport(frozenset(), 0, 0)
    assert _problems(rp.triage, report, catalog=catalog) == [problem]
    assert _problems(rp.plan_session, plain_profile(), "strength", catalog=catalog) == [problem]


@pytest.mark.parametrize("weeks", [0, 53, -1])
def test_python_program_weeks_out_of_range_is_invalid_input(weeks: int) -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_program(profile(), weeks=weeks, start=MONDAY)
    assert paths(raised.value) == ["weeks"]


@pytest.mark.parametrize(
    "start", ["2026-01-05", datetime.datetime(2026, 1, 5, 8, 0), None, 20260105]
)
def test_python_program_start_must_be_a_date(start: Any) -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_program(profile(), weeks=2, start=start)
    assert paths(raised.value) == ["start"]


@pytest.mark.parametrize(
    ("start", "shown"),
    [("2026-01-05", "str"), (datetime.datetime(2026, 1, 5, 7, 30), "datetime"), (None, "NoneType")],
)
def test_a_program_start_that_is_not_a_date_is_named_by_its_type(start: Any, shown: str) -> None:
    assert _problems(rp.plan_program, plain_profile(), weeks=1, start=start) == [
        ("start", f"must be a datetime.date, got {shown}")
    ]


@pytest.mark.parametrize("kind", ["nap", "run", "cross_training", None])
def test_python_session_kind_must_be_a_session_kind(kind: Any) -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_session(profile(), kind)
    assert paths(raised.value) == ["kind"]


def test_an_unknown_session_kind_is_named_with_the_kinds_there_are() -> None:
    assert _problems(rp.plan_session, plain_profile(), "stretching") == [
        ("kind", "must be one of warm_up, cool_down, strength, recovery; got 'stretching'")
    ]


@pytest.mark.parametrize(
    "plan",
    [
        lambda: rp.plan_program(profile(), weeks=1, start=datetime.date.max),
        lambda: rp.plan_program_json(program_request(weeks=1, start="9999-12-31")),
        lambda: rp.plan_program(profile(), weeks=12, start=datetime.date(9999, 12, 1)),
    ],
    ids=["python", "json", "python-12-weeks"],
)
def test_a_program_running_past_the_last_date_is_invalid_input(plan: Any) -> None:
    """9999-12-31 is the last date Python has: a week from it cannot be planned.

    Regression: this raised OverflowError, not InvalidInput (fixed in affd013).
    """
    with pytest.raises(rp.InvalidInput) as raised:
        plan()
    assert paths(raised.value) == ["start"]


@pytest.mark.parametrize("weeks", [1, 12, 52])
def test_a_program_ending_on_the_last_date_is_planned_and_a_day_later_is_not(weeks: int) -> None:
    start = datetime.date.max - datetime.timedelta(days=WEEK * weeks - 1)
    program = rp.plan_program(profile(), weeks=weeks, start=start)
    assert program.days[-1].date == datetime.date.max

    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_program(profile(), weeks=weeks, start=start + datetime.timedelta(days=1))
    assert paths(raised.value) == ["start"]


# -- user catalogs ---------------------------------------------------------------------------


def test_an_extension_catalogs_exercises_are_planned_under_the_same_rules() -> None:
    catalog = ps.extended_catalog()
    runner = profile(causes=frozenset({"weak_core"}), session_minutes=60)
    sore = rp.triage(report("stiffness_or_soreness", pain=2, days=1), catalog=catalog)
    assert sore.disposition is rp.Disposition.SELF_CARE

    # A gentle strength hold for weak_core, ruled out by soreness: planned without it.
    assert "xt_soft_core_hold" in planned(rp.plan_session(runner, "strength", catalog=catalog))
    session = rp.plan_session(runner, "strength", triage=sore, catalog=catalog)
    assert "xt_soft_core_hold" not in planned(session)
    assert "stiffness or soreness" in reasons(session)["xt_soft_core_hold"].lower()
    assert session.catalog_version == f"{CATALOG.version}+planner-tests.1"

    # Long mobility moves: the warm-up still stops at its 10-minute cap.
    warm_up = rp.plan_session(runner, "warm_up", catalog=catalog)
    assert 0 < warm_up.minutes <= 10


def test_a_triage_from_another_catalog_is_refused_along_with_the_profile(
    tmp_path: Path,
) -> None:
    # a clinic's catalog knows "hip_clicking"; the bundled one, which plans here, does not
    extension = {
        "version": "clinic.5",
        "extends": "runpelvis",
        "symptoms": [
            {
                "id": "hip_clicking",
                "name": "Hip clicking",
                "description": "A click.",
                "question": "Does your hip click?",
                "source": "c",
            }
        ],
        "question_groups": [
            {"id": "hip", "kind": "symptoms", "text": "Hip?", "why": "c", "items": ["hip_clicking"]}
        ],
    }
    clinic = rp.load_catalog(_write(tmp_path / "clinic.json", extension))
    result = rp.triage(rp.SymptomReport(frozenset({"hip_clicking"}), 2, 1), catalog=clinic)
    profile = plain_profile(causes=frozenset({"weak_cor"}), equipment=frozenset({"matt"}))
    assert _problems(rp.plan_session, profile, "strength", triage=result) == [
        ("profile.causes", "unknown cause 'weak_cor' (did you mean 'weak_core'?)"),
        ("profile.equipment", "unknown equipment 'matt' (did you mean 'mat'?)"),
        ("triage.report.symptoms", "unknown symptom 'hip_clicking'"),
    ]


def test_an_exercise_needing_much_equipment_names_three_then_counts(tmp_path: Path) -> None:
    deadlift = next(e for e in CATALOG.to_document()["exercises"] if e["id"] == "deadlift")
    kit = ["band", "kettlebell", "rings"]
    extension = {
        "version": "gym.1",
        "extends": "runpelvis",
        "equipment": [{"id": name, "name": name.title()} for name in kit],
        "exercises": [
            deadlift | {"id": "three_ways", "name": "Three ways", "equipment": kit},
            deadlift | {"id": "four_ways", "name": "Four ways", "equipment": ["barbell", *kit]},
        ],
    }
    gym = rp.load_catalog(_write(tmp_path / "gym.json", extension))
    profile = plain_profile(level="advanced", session_minutes=60)
    session = rp.plan_session(profile, "strength", catalog=gym)
    reasons = {e.exercise: e.reason for e in session.excluded}
    assert reasons["three_ways"] == "Three ways: needs band or kettlebell or rings"
    assert reasons["four_ways"] == "Four ways: needs band, barbell, kettlebell or 1 more"


def test_a_clinic_exercise_ruled_out_by_a_risk_factor_without_a_caution_names_it(
    tmp_path: Path,
) -> None:
    deadlift = next(e for e in CATALOG.to_document()["exercises"] if e["id"] == "deadlift")
    extension = {
        "version": "clinic.8",
        "extends": "runpelvis",
        "exercises": [
            deadlift
            | {
                "id": "box_jump",
                "name": "Box jump",
                "contraindications": ["previous_stress_fracture"],
                "cautions": [],
            }
        ],
    }
    clinic = rp.load_catalog(_write(tmp_path / "clinic.json", extension))
    runner = plain_profile(level="advanced", equipment=frozenset({"barbell"}), session_minutes=60)
    assert "box_jump" in planned(rp.plan_session(runner, "strength", catalog=clinic))
    risky = rp.SymptomReport(
        frozenset(), 0, 0, risk_factors=frozenset({"previous_stress_fracture"})
    )
    session = rp.plan_session(
        runner, "strength", triage=rp.triage(risky, catalog=clinic), catalog=clinic
    )
    assert reasons(session)["box_jump"] == "Box jump: not with previous stress fracture"


def many_stretches(count: int) -> rp.Catalog:
    return ps.load_extension(
        {
            "version": "many.1",
            "extends": "runpelvis",
            "exercises": [
                ps.exercise_document(f"xt_stretch_{index:02d}", "stretch", hold=(30, 60))
                for index in range(count)
            ],
        }
    )


def test_a_catalog_with_many_exercises_still_gives_a_session() -> None:
    """Regression: a session filled past its 50-item limit raised InvalidInput (affd013)."""
    catalog = many_stretches(60)
    runner = profile(session_minutes=180)
    session = rp.plan_session(runner, "recovery", catalog=catalog)
    assert 0 < len(session.items) <= 50
    assert session.minutes <= 180


def test_a_catalog_with_some_more_exercises_gives_a_session() -> None:
    session = rp.plan_session(profile(session_minutes=180), "recovery", catalog=many_stretches(20))
    assert len(session.items) > 20
    assert session.minutes <= 180


def test_an_exercise_needing_long_named_equipment_is_excluded_not_an_error() -> None:
    """Regression: the reason listed every id and broke its length limit (affd013)."""
    bands = [f"resistance_band_number_{index}_heavy_duty_long_loop" for index in range(5)]
    catalog = ps.load_extension(
        {
            "version": "bands.1",
            "extends": "runpelvis",
            "equipment": [{"id": band, "name": band.replace("_", " ")} for band in bands],
            "exercises": [
                ps.exercise_document(
                    "xt_band_pull_apart", "strength", reps=(10, 15), equipment=tuple(bands)
                )
            ],
        }
    )
    session = rp.plan_session(profile(equipment=frozenset()), "strength", catalog=catalog)
    reason = reasons(session)["xt_band_pull_apart"]
    assert any(band in reason for band in bands)
