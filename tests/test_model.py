"""The domain model: round trips, immutability, validation on construction, paths in errors."""

from __future__ import annotations

import datetime
import json
from typing import Any

import attrs
import attrs.exceptions
import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._convert import structure, unstructure
from spec import SPEC_HISTORY, SPEC_PROFILE

#: Every domain class with a strategy of valid instances.
DOMAIN: list[tuple[type, st.SearchStrategy[Any]]] = [
    (rp.Symptom, s.symptoms()),
    (rp.Cause, s.causes()),
    (rp.Equipment, s.equipments()),
    (rp.IntRange, s.int_ranges()),
    (rp.Dose, s.doses()),
    (rp.Exercise, s.exercises()),
    (rp.CrossTraining, s.cross_trainings()),
    (rp.Tip, s.tips()),
    (rp.Condition, s.conditions()),
    (rp.Rule, s.rules()),
    (rp.DispositionAdvice, s.disposition_advices()),
    (rp.Threshold, s.thresholds()),
    (rp.Reason, s.reasons()),
    (rp.SymptomReport, s.reports()),
    (rp.TriageResult, s.triage_results()),
]
#: A report with nothing in it.
QUIET = rp.SymptomReport(symptoms=frozenset(), pain=0, days_since_onset=0)

DOMAIN_IDS = [cls.__name__ for cls, _ in DOMAIN]


def problems_of(error: rp.InvalidInput) -> dict[str, str]:
    return dict(error.problems)


def _problems(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(rp.InvalidInput) as caught:
        call(*args, **kwargs)
    return list(caught.value.problems)


def _profile(**changes: Any) -> rp.RunnerProfile:
    """The SPEC's example profile (``tests/spec.py``), with ``changes``."""
    return rp.RunnerProfile(**(SPEC_PROFILE | changes))


# -- round trip, immutability ---------------------------------------------------------------


@pytest.mark.parametrize(("cls", "strategy"), DOMAIN, ids=DOMAIN_IDS)
def test_unstructure_structure_round_trip(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    @given(strategy)
    def check(value: Any) -> None:
        data = unstructure(value)
        # What unstructure gives is plain JSON: it survives encoding unchanged.
        assert json.loads(json.dumps(data)) == data
        back = structure(data, cls)
        assert type(back) is cls
        assert back == value
        assert unstructure(back) == data

    check()


@pytest.mark.parametrize(("cls", "strategy"), DOMAIN, ids=DOMAIN_IDS)
def test_instances_are_frozen_attrs_classes(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    assert attrs.has(cls)

    @given(strategy)
    def check(value: Any) -> None:
        for field in attrs.fields(cls):
            before = getattr(value, field.name)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(value, field.name, before)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                delattr(value, field.name)
        # Equal values hash alike, so instances can be set members and dict keys.
        assert hash(value) == hash(structure(unstructure(value), cls))

    check()


@given(s.exercises())
def test_unstructured_sets_are_sorted(exercise: rp.Exercise) -> None:
    data = unstructure(exercise)
    for name in ("addresses", "contraindications", "equipment"):
        assert data[name] == sorted(getattr(exercise, name))


def test_unstructured_enum_is_its_wire_value() -> None:
    reason = rp.Reason("pain.severe", rp.Disposition.REST, "Rest.", "source article")
    assert unstructure(reason) == {
        "rule_id": "pain.severe",
        "disposition": "rest",
        "message": "Rest.",
        "source": "source article",
    }


# -- validation on construction -------------------------------------------------------------


def test_symptom_report_lists_every_bad_field() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(symptoms="fever", pain=True, days_since_onset=2.5)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, rp.RunpelvisError)
    assert set(problems_of(error)) == {"symptoms", "pain", "days_since_onset"}
    assert len(error.errors) == 3
    assert all(": " in line for line in error.errors)
    assert str(error) == "\n".join(error.errors)


_TOO_LONG = "x" * 1_000_000

#: (class, keyword arguments with several bad fields, the fields that must be named)
BAD_CONSTRUCTIONS: list[tuple[type, dict[str, Any], set[str]]] = [
    (
        rp.Symptom,
        {"id": "Fever", "name": "", "description": 3, "source": "s" * 301},
        {"id", "name", "description", "source"},
    ),
    (
        rp.Cause,
        {"id": "1st", "name": " ", "group": "genetic", "summary": None, "source": "x"},
        {"id", "name", "group", "summary"},
    ),
    (rp.Equipment, {"id": "foam roller", "name": _TOO_LONG}, {"id", "name"}),
    (rp.IntRange, {"low": True, "high": -1}, {"low", "high"}),
    (rp.IntRange, {"low": 10**100, "high": "5"}, {"low", "high"}),
    (
        rp.Dose,
        {"sets": 0, "reps": (10, 15), "hold_seconds": 30, "per_side": "yes"},
        {"sets", "reps", "hold_seconds", "per_side"},
    ),
    (
        rp.Exercise,
        {
            "id": "Plank",
            "name": "Plank",
            "kind": "cardio",
            "level": "expert",
            "addresses": ["weak_core", "Bad Id"],
            "contraindications": "sciatica",
            "equipment": frozenset(),
            "dose": {"sets": 3},
            "gentle": 1,
            "steps": ["a list, not a tuple"],
            "cues": (),
            "source": "",
        },
        {
            "id",
            "kind",
            "level",
            "addresses",
            "contraindications",
            "dose",
            "gentle",
            "steps",
            "source",
        },
    ),
    (
        rp.CrossTraining,
        {
            "id": "swimming",
            "name": "Swimming",
            "equipment": ["Pool"],
            "addresses": [1],
            "contraindications": None,
            "gentle": None,
            "description": "Swim.",
            "source": "s",
        },
        {"equipment", "addresses", "contraindications", "gentle"},
    ),
    (
        rp.Tip,
        {"id": "t", "topic": "gossip", "text": "", "addresses": ["x" * 65], "source": "s"},
        {"topic", "text", "addresses"},
    ),
    (
        rp.Condition,
        {"symptoms": ["Fever"], "pain_at_least": 11, "days_at_least": -1, "any_complaint": 0},
        {"symptoms", "pain_at_least", "days_at_least", "any_complaint"},
    ),
    (
        rp.Rule,
        {
            "rule_id": "",
            "disposition": "urgent",
            "when": {"symptoms": ["fever"]},
            "message": "m",
            "source": "s",
        },
        {"rule_id", "disposition", "when"},
    ),
    (
        rp.DispositionAdvice,
        {"disposition": None, "headline": "h" * 121, "advice": "", "source": "s"},
        {"disposition", "headline", "advice"},
    ),
    (
        rp.Threshold,
        {"id": "t", "cause": "Overuse", "value": 100_001, "description": "d", "source": 7},
        {"cause", "value", "source"},
    ),
    (
        rp.Reason,
        {"rule_id": 1, "disposition": "rest", "message": "", "source": "s"},
        {"rule_id", "disposition", "message"},
    ),
    (
        rp.SymptomReport,
        {"symptoms": [1, 2], "pain": 11, "days_since_onset": 3651},
        {"symptoms", "pain", "days_since_onset"},
    ),
    (
        rp.TriageResult,
        {
            "disposition": rp.Disposition.SELF_CARE,
            "reasons": [],
            "headline": "",
            "advice": "a",
            "catalog_version": "v",
            "report": {"symptoms": [], "pain": 0, "days_since_onset": 0},
        },
        {"reasons", "headline", "report"},
    ),
]


@pytest.mark.parametrize(
    ("cls", "kwargs", "bad"),
    BAD_CONSTRUCTIONS,
    ids=[f"{cls.__name__}-{n}" for n, (cls, _, _) in enumerate(BAD_CONSTRUCTIONS)],
)
def test_bad_construction_names_every_bad_field(
    cls: type, kwargs: dict[str, Any], bad: set[str]
) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        cls(**kwargs)
    found = problems_of(caught.value)
    assert set(found) == bad
    assert len(caught.value.problems) == len(bad)
    for line in caught.value.errors:
        assert len(line) < 200, line


def test_triage_result_with_a_string_disposition_is_invalid_input() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.TriageResult("self_care", (), "h", "a", "v", QUIET)  # type: ignore[arg-type]
    assert set(problems_of(caught.value)) == {"disposition"}


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize("field", ["pain", "days_since_onset"])
def test_a_bool_is_not_an_int(field: str, flag: bool) -> None:
    kwargs: dict[str, Any] = {"symptoms": frozenset(), "pain": 1, "days_since_onset": 1}
    kwargs[field] = flag
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(**kwargs)
    assert caught.value.errors == [
        f"{field}: must be a whole number from 0 to {10 if field == 'pain' else 3650}, got {flag!r}"
    ]


@pytest.mark.parametrize("huge", [10**100, -(10**100), 10**4000])
def test_huge_ints_give_short_messages(huge: int) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(symptoms=frozenset(), pain=huge, days_since_onset=huge)
    assert set(problems_of(caught.value)) == {"pain", "days_since_onset"}
    assert len(str(caught.value)) < 200
    assert "very large" in str(caught.value)


def test_huge_strings_give_short_messages() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(
            symptoms=frozenset({_TOO_LONG}), pain=_TOO_LONG, days_since_onset=_TOO_LONG
        )
    assert set(problems_of(caught.value)) == {"symptoms", "pain", "days_since_onset"}
    assert len(str(caught.value)) < 400
    with pytest.raises(rp.InvalidInput) as caught:
        rp.Symptom(id=_TOO_LONG, name=_TOO_LONG, description=_TOO_LONG, source=_TOO_LONG)
    assert set(problems_of(caught.value)) == {"id", "name", "description", "source"}
    assert len(str(caught.value)) < 500


def test_valid_values_at_the_limits_are_accepted() -> None:
    report = rp.SymptomReport(
        symptoms=frozenset(f"s{n}" for n in range(64)), pain=10, days_since_onset=3650
    )
    assert len(report.symptoms) == 64
    assert rp.SymptomReport(symptoms=(), pain=0, days_since_onset=0).symptoms == frozenset()
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(symptoms=frozenset(f"s{n}" for n in range(65)), pain=0, days_since_onset=0)
    assert set(problems_of(caught.value)) == {"symptoms"}


def test_symptoms_collapse_to_a_frozenset() -> None:
    report = rp.SymptomReport(symptoms=["fever", "chills", "fever"], pain=2, days_since_onset=1)  # type: ignore[arg-type]
    assert report.symptoms == frozenset({"fever", "chills"})
    assert isinstance(report.symptoms, frozenset)
    assert report == rp.SymptomReport(
        symptoms=("chills", "fever"),  # type: ignore[arg-type]
        pain=2,
        days_since_onset=1,
    )


def test_checks_that_span_fields() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.IntRange(low=60, high=30)
    assert problems_of(caught.value) == {"high": "must be at least low (60), got 30"}
    with pytest.raises(rp.InvalidInput) as caught:
        rp.Dose(sets=1, reps=None, hold_seconds=None)
    assert set(problems_of(caught.value)) == {"reps"}
    with pytest.raises(rp.InvalidInput) as caught:
        rp.Condition()
    assert set(problems_of(caught.value)) == {"symptoms"}
    reason = rp.Reason("symptom.fever", rp.Disposition.URGENT, "m", "s")
    with pytest.raises(rp.InvalidInput) as caught:
        rp.TriageResult(rp.Disposition.REST, (reason,), "h", "a", "v", QUIET)
    assert set(problems_of(caught.value)) == {"disposition"}
    assert "'urgent'" in problems_of(caught.value)["disposition"]


def test_a_stretch_must_be_held_30_to_60_seconds() -> None:
    stretch = rp.default_catalog().exercises["childs_pose"]
    fields = {field.name: getattr(stretch, field.name) for field in attrs.fields(rp.Exercise)}
    short = rp.Dose(sets=1, reps=None, hold_seconds=rp.IntRange(10, 20))
    with pytest.raises(rp.InvalidInput) as caught:
        rp.Exercise(**{**fields, "dose": short})
    assert problems_of(caught.value) == {"dose.hold_seconds": "a stretch is held within 30-60 s"}
    # The same dose is fine for a strength move.
    assert rp.Exercise(**{**fields, "kind": "strength", "dose": short}).dose == short


def test_a_rule_condition_with_nothing_to_test_is_refused_in_plain_words() -> None:
    assert _problems(rp.Condition) == [
        (
            "symptoms",
            "a rule needs a symptom, a risk factor, pain_at_least, days_at_least or "
            "any_symptom_except (age and any_complaint only narrow a rule)",
        )
    ]


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        ({"reps": None, "hold_seconds": None}, ("reps", "a dose needs reps, hold_seconds or both")),
        ({"reps": rp.IntRange(1, 31), "hold_seconds": None}, ("reps", "must lie within 1-30")),
        (
            {"reps": None, "hold_seconds": rp.IntRange(0, 30)},
            ("hold_seconds", "must lie within 1-300 s"),
        ),
    ],
    ids=["nothing", "reps", "hold"],
)
def test_a_dose_outside_the_source_ranges_is_refused_in_plain_words(
    dose: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert _problems(rp.Dose, sets=1, **dose) == [expected]


# -- Disposition ----------------------------------------------------------------------------

WIRE = ["self_care", "rest", "see_clinician", "urgent", "emergency"]


def test_disposition_wire_values_in_order() -> None:
    assert [member.value for member in rp.Disposition] == WIRE
    for value in WIRE:
        assert rp.Disposition(value).value == value
    assert rp.Disposition.SEE_CLINICIAN is rp.Disposition("see_clinician")


def test_disposition_ordering() -> None:
    members = list(rp.Disposition)
    shuffled = [members[2], members[4], members[0], members[3], members[1]]
    assert sorted(shuffled) == members
    assert rp.Disposition.REST < rp.Disposition.URGENT
    assert rp.Disposition.EMERGENCY > rp.Disposition.URGENT
    assert rp.Disposition.SELF_CARE <= rp.Disposition.SELF_CARE
    assert max(members) is rp.Disposition.EMERGENCY
    assert min(members) is rp.Disposition.SELF_CARE
    for i, low in enumerate(members):
        for j, high in enumerate(members):
            assert (low < high) == (i < j)
            assert (low <= high) == (i <= j)
            assert (low > high) == (i > j)
            assert (low == high) == (i == j)


def test_disposition_does_not_compare_with_strings() -> None:
    with pytest.raises(TypeError):
        _ = rp.Disposition.REST < "urgent"  # type: ignore[operator]
    assert rp.Disposition.REST != "rest"


def test_only_self_care_may_run() -> None:
    assert [member.may_run for member in rp.Disposition] == [True, False, False, False, False]


# -- usable_with ----------------------------------------------------------------------------


def test_usable_with() -> None:
    exercises = rp.default_catalog().exercises
    deadlift = exercises["deadlift"]
    assert deadlift.usable_with(frozenset({"dumbbells"}))
    assert deadlift.usable_with(frozenset({"barbell"}))
    assert deadlift.usable_with(frozenset({"mat", "barbell"}))
    assert not deadlift.usable_with(frozenset())
    assert not deadlift.usable_with(frozenset({"mat", "pool"}))
    for bodyweight in ("plank", "glute_bridge", "childs_pose"):
        assert exercises[bodyweight].usable_with(frozenset())
        assert exercises[bodyweight].usable_with(frozenset({"dumbbells"}))


EQUIPMENT_IDS = st.frozensets(
    st.sampled_from(["mat", "dumbbells", "barbell", "pool", "bike", "band"]), max_size=4
)


@given(needs=EQUIPMENT_IDS, have=EQUIPMENT_IDS)
def test_usable_with_means_no_needs_or_one_of_them(
    needs: frozenset[str], have: frozenset[str]
) -> None:
    exercise = attrs.evolve(rp.default_catalog().exercises["deadlift"], equipment=needs)
    expected = not needs or bool(needs & have)
    assert exercise.usable_with(have) is expected
    # More equipment never makes an exercise unusable.
    assert exercise.usable_with(have | needs)
    if exercise.usable_with(have):
        assert exercise.usable_with(have | {"band"})


# -- structure: paths and messages ----------------------------------------------------------


def _exercise_data() -> dict[str, Any]:
    data: dict[str, Any] = unstructure(rp.default_catalog().exercises["deadlift"])
    return data


def test_structure_paths_into_nested_objects_and_arrays() -> None:
    data = _exercise_data()
    data["addresses"] = ["weak_core", 3]
    data["dose"]["reps"]["low"] = "ten"
    data["steps"] = "one long step"
    with pytest.raises(rp.InvalidInput) as caught:
        structure(data, rp.Exercise)
    assert problems_of(caught.value) == {
        "addresses[1]": "must be a string, got 3",
        "dose.reps.low": "must be a whole number from 0 to 3600, got 'ten'",
        "steps": "must be an array, got 'one long step'",
    }
    assert "dose.reps.low: must be a whole number from 0 to 3600, got 'ten'" in caught.value.errors


def test_structure_paths_into_tuples_of_objects() -> None:
    reason = {"rule_id": "r.a", "disposition": "rest", "message": "m", "source": "s"}
    data = {
        "disposition": "rest",
        "may_run": False,
        "reasons": [reason, {**reason, "disposition": "soon"}, {**reason, "sauce": "s"}],
        "headline": "h",
        "advice": "a",
        "catalog_version": "v",
        "report": unstructure(QUIET),
    }
    with pytest.raises(rp.InvalidInput) as caught:
        structure(data, rp.TriageResult)
    found = problems_of(caught.value)
    assert set(found) == {"reasons[1].disposition", "reasons[2].sauce"}
    assert found["reasons[1].disposition"].startswith("must be one of self_care, rest,")
    assert found["reasons[2].sauce"] == "unknown key (did you mean 'source'?)"


def test_structure_rejects_unknown_keys_with_a_suggestion() -> None:
    data = _exercise_data()
    data["adresses"] = data.pop("addresses")
    data["colour"] = "red"
    with pytest.raises(rp.InvalidInput) as caught:
        structure(data, rp.Exercise)
    assert problems_of(caught.value) == {
        "adresses": "unknown key (did you mean 'addresses'?)",
        "colour": "unknown key",
        "addresses": "missing",
    }


def test_structure_reports_missing_keys_and_non_objects() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        structure({"pain": 3}, rp.SymptomReport)
    assert problems_of(caught.value) == {"symptoms": "missing", "days_since_onset": "missing"}
    for value in ([], "x", None, 3):
        with pytest.raises(rp.InvalidInput) as caught:
            structure(value, rp.SymptomReport)
        assert caught.value.errors[0].startswith("$: must be an object")


def test_structure_checks_derived_fields_agree() -> None:
    data = unstructure(rp.triage(rp.SymptomReport(frozenset({"fever"}), 5, 1)))
    assert data["may_run"] is False
    data["may_run"] = True
    with pytest.raises(rp.InvalidInput) as caught:
        structure(data, rp.TriageResult)
    assert set(problems_of(caught.value)) == {"may_run"}


def test_invalid_input_pickles_with_its_problems() -> None:
    import pickle

    error = rp.InvalidInput([("a.b[1]", "bad"), ("c", "worse")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    assert again.errors == ["a.b[1]: bad", "c: worse"]


# -- planner and screening classes ----------------------------------------------------------
# Their instances come from the public planner and screening functions.

PLANNED = [
    "RunnerProfile",
    "SessionItem",
    "Exclusion",
    "Session",
    "Activity",
    "Day",
    "Program",
    "RunnerHistory",
    "CauseFinding",
]


@pytest.fixture(scope="module")
def planned() -> dict[str, Any]:
    profile = rp.RunnerProfile(
        causes=frozenset({"weak_core", "tight_hip_flexors"}),
        level="intermediate",
        equipment=frozenset({"mat", "pool"}),
        session_minutes=25,
        runs_per_week=3,
        weekly_run_minutes=100,
    )
    result = rp.triage(rp.SymptomReport(frozenset({"stiffness_or_soreness"}), 2, 3))
    session = rp.plan_session(profile, "strength", triage=result)
    program = rp.plan_program(profile, weeks=2, start=datetime.date(2026, 1, 5), triage=result)
    activities = [activity for day in program.days for activity in day.activities]
    with_session = next(activity for activity in activities if activity.session is not None)
    excluded = next(
        s.excluded[0]
        for s in (session, *(a.session for a in activities if a.session is not None))
        if s.excluded
    )
    history = SPEC_HISTORY
    findings = rp.screen(history)
    assert session.items
    assert findings
    return {
        "RunnerProfile": profile,
        "SessionItem": session.items[0],
        "Exclusion": excluded,
        "Session": session,
        "Activity": with_session,
        "Day": program.days[0],
        "Program": program,
        "RunnerHistory": history,
        "CauseFinding": findings[0],
    }


@pytest.mark.parametrize("name", PLANNED)
def test_planner_and_screening_classes_round_trip_and_are_frozen(
    planned: dict[str, Any], name: str
) -> None:
    value = planned[name]
    cls = type(value)
    assert cls.__name__ == name
    assert attrs.has(cls)
    data = unstructure(value)
    assert json.loads(json.dumps(data)) == data
    assert structure(data, cls) == value
    for field in attrs.fields(cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field.name, getattr(value, field.name))


def test_runner_profile_lists_every_bad_field() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.RunnerProfile(
            causes=frozenset({"weak_core"}),
            level="pro",  # type: ignore[arg-type]
            equipment="mat",  # type: ignore[arg-type]
            session_minutes=True,
            runs_per_week=7,
            weekly_run_minutes=-1,
        )
    assert set(problems_of(caught.value)) == {
        "level",
        "equipment",
        "session_minutes",
        "runs_per_week",
        "weekly_run_minutes",
    }


def test_json_paths_name_the_nested_item() -> None:
    request = {
        "profile": {**SPEC_PROFILE, "causes": ["weak_core", "weak_cor"]},
        "kind": "cool_down",
    }
    with pytest.raises(rp.InvalidInput) as caught:
        rp.plan_session_json(request)
    assert caught.value.errors == [
        "profile.causes[1]: unknown cause 'weak_cor' (did you mean 'weak_core'?)"
    ]


def test_day_with_bad_activities_is_invalid_input() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.Day(date=datetime.date(2026, 1, 5), activities=("run",))  # type: ignore[arg-type]
    assert set(problems_of(caught.value)) == {"activities"}


def test_a_session_item_without_reps_or_hold_is_refused_in_plain_words() -> None:
    fields = {"exercise": "plank", "name": "Plank", "sets": 1, "per_side": False}
    assert _problems(rp.SessionItem, **fields, reps=None, hold_seconds=None, rest_seconds=0) == [
        ("reps", "an item needs reps, hold_seconds or both")
    ]


def test_an_activity_is_told_which_session_or_activity_it_lacks_or_should_not_have() -> None:
    warm_up = rp.plan_session(_profile(), "warm_up")
    cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
        ({"kind": "warm_up"}, [("session", "a warm_up activity needs a session")]),
        ({"kind": "run", "session": warm_up}, [("session", "a run activity has no session")]),
        (
            {"kind": "cool_down", "session": warm_up},
            [("session", "must be a cool_down session, got warm_up")],
        ),
        (
            {"kind": "run", "cross_training": "swimming"},
            [("cross_training", "only a cross_training activity names one, not a run")],
        ),
        (
            {"kind": "cross_training"},
            [("cross_training", "a cross_training activity names the activity")],
        ),
    ]
    for fields, problems in cases:
        assert _problems(rp.Activity, minutes=5, **fields) == problems
    assert rp.Activity("warm_up", 5, session=warm_up).session == warm_up


def test_a_program_must_hold_its_weeks_of_consecutive_days() -> None:
    program = rp.plan_program(_profile(), weeks=1, start=datetime.date(2026, 1, 5))
    days = program.days
    for wrong, problems in [
        (days[:6], [("days", "must hold 7 days, got 6")]),
        (
            (days[1], days[0], *days[2:]),
            [("days[0].date", "days must run consecutively from start")],
        ),
        ((*days[:6], days[0]), [("days[6].date", "days must run consecutively from start")]),
    ]:
        assert _problems(attrs.evolve, program, days=wrong) == problems


def _program_and_session() -> tuple[rp.Program, rp.Session]:
    profile = rp.RunnerProfile(**SPEC_PROFILE)
    program = rp.plan_program(profile, weeks=2, start=datetime.date(2026, 1, 5))
    return program, rp.plan_session(profile, "strength")


def test_session_items_carry_dose_steps_and_cues_into_the_json() -> None:
    _, session = _program_and_session()
    item = session.items[0]
    exercise = rp.default_catalog().exercises[item.exercise]
    assert (item.steps, item.cues) == (exercise.steps, exercise.cues)
    data = rp.to_json(item)
    assert data["dose"] == item.dose
    assert data["steps"] == list(exercise.steps)
    # JSON written before these keys still reads, and a wrong dose is refused
    old = {k: v for k, v in data.items() if k not in ("dose", "steps", "cues")}
    assert rp.from_json(old, rp.SessionItem).dose == item.dose
    with pytest.raises(rp.InvalidInput, match="dose"):
        rp.from_json({**data, "dose": "9 x 9 reps"}, rp.SessionItem)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"sets": 3, "reps": 12, "hold_seconds": None, "per_side": False}, "3 x 12 reps"),
        ({"sets": 2, "reps": 10, "hold_seconds": 3, "per_side": True},
         "2 x 10 reps, 3 s hold each, each side"),
        ({"sets": 1, "reps": None, "hold_seconds": 30, "per_side": False}, "30 s hold"),
        ({"sets": 2, "reps": None, "hold_seconds": 20, "per_side": True},
         "2 x 20 s hold, each side"),
    ],
)  # fmt: skip
def test_a_dose_in_words_says_each_side_only_for_one_sided_items(
    fields: dict[str, Any], words: str
) -> None:
    item = rp.SessionItem(exercise="plank", name="Plank", rest_seconds=30, **fields)
    assert item.dose == words


def test_to_records_carry_each_activitys_note() -> None:
    resting = rp.triage(
        rp.SymptomReport(symptoms=frozenset({"pain_while_running"}), pain=4, days_since_onset=2)
    )
    assert resting.disposition is rp.Disposition.REST
    program = rp.plan_program(
        rp.RunnerProfile(**SPEC_PROFILE), weeks=1, start=datetime.date(2026, 1, 5), triage=resting
    )
    activities = [a for day in program.days for a in day.activities]
    rows = [row for row in program.to_records() if row["kind"] != "rest"]
    assert [row["note"] for row in rows] == [a.note for a in activities]
    assert any(a.note for a in activities)  # the readiness check says how to do it


def test_to_records_are_flat_rows_of_plain_values() -> None:
    import pandas as pd

    program, session = _program_and_session()
    rows = program.to_records()
    plain = (str, int, bool, type(None))
    assert all(type(v) in plain for row in rows for v in row.values())
    assert len({tuple(row) for row in rows}) == 1  # every row has the same keys, in order
    expected = sum(max(1, len(day.activities)) for day in program.days)
    assert len(rows) == expected
    rest = [row for row in rows if row["kind"] == "rest"]
    assert rest == [r for r in rows if r["date"] in {
        d.date.isoformat() for d in program.days if not d.activities}]  # fmt: skip
    assert all(row["minutes"] == 0 and row["is_rest"] for row in rest)
    assert all(row["exercises"] == 0 and row["session_kind"] is None for row in rest)
    runs_only = [row for row in rows if row["kind"] == "run"]
    assert runs_only
    assert all(row["exercises"] == 0 for row in runs_only)
    with_session = [row for row in rows if row["session_kind"] is not None]
    assert with_session
    assert all(row["exercises"] >= 1 for row in with_session)
    assert {row["week"] for row in rows} == {1, 2}
    assert rows[0]["weekday"] == "Mon"
    assert rows[0]["disposition"] == program.disposition.value
    frame = pd.DataFrame(rows)
    runs = frame[frame["kind"] == "run"].groupby("week")["minutes"].sum()
    assert tuple(runs.reindex([1, 2], fill_value=0)) == program.weekly_run_minutes()
    items = session.to_records()
    assert [row["dose"] for row in items] == [item.dose for item in session.items]
    assert items[0].keys() == {
        "exercise", "name", "sets", "reps", "hold_seconds", "per_side", "rest_seconds", "dose"
    }  # fmt: skip
