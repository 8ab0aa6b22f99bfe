"""Limits: huge and hostile input is refused at once, with a short message.

A list of a million items, a ten-million-character string (as a value and as a key), an
integer of 5000 digits, an object of 100,000 keys and nesting 10,000 deep go to every
field of every JSON entry point and to the Python constructors. Each must raise
:class:`runpelvis.InvalidInput` with a few short problems at the right path. Nothing here
is timed: the work is bounded by the shape of the answer (one problem for a million
items, not a million; messages that never echo the huge value) and by this file
finishing at all. The limits themselves are documented in ``docs/batch.md``.
"""

from __future__ import annotations

import copy
import datetime
import math
from collections.abc import Callable
from typing import Any

import pytest

import runpelvis as rp
from spec import SPEC_PROFILE

CATALOG = rp.default_catalog()

#: A short message: one path and one sentence, never the value itself.
MAX_MESSAGE = 200

HUGE_TEXT = "x" * 10**7
HUGE_INT = 10**5000  # repr() of it raises ValueError under Python's default 4300-digit limit
MILLION = list(range(10**6))
MANY_KEYS = {f"k{index}": index for index in range(10**5)}


def _nested_lists(depth: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return outer


def _nested_objects(depth: int) -> dict[str, Any]:
    outer: dict[str, Any] = {}
    inner = outer
    for _ in range(depth):
        inner["a"] = {}
        inner = inner["a"]
    return outer


DEEP_LIST = _nested_lists(10**4)
DEEP_OBJECT = _nested_objects(10**4)

HOSTILE: dict[str, object] = {
    "million_items": MILLION,
    "huge_text": HUGE_TEXT,
    "huge_int": HUGE_INT,
    "minus_huge_int": -HUGE_INT,
    "many_keys": MANY_KEYS,
    "deep_list": DEEP_LIST,
    "deep_object": DEEP_OBJECT,
    "nan": math.nan,
    "inf": math.inf,
}

REPORT = {"symptoms": ["pain_after_running"], "pain": 2, "days_since_onset": 1}

#: Entry point -> (function, a valid request, the paths of its fields).
ENTRY_POINTS: dict[
    str, tuple[Callable[[object], object], dict[str, Any], list[tuple[str, ...]]]
] = {
    "triage_json": (
        rp.triage_json,
        REPORT,
        [("symptoms",), ("pain",), ("days_since_onset",)],
    ),
    "plan_session_json": (
        rp.plan_session_json,
        {"profile": SPEC_PROFILE, "kind": "cool_down", "report": REPORT},
        [
            ("profile",),
            ("kind",),
            ("report",),
            *(("profile", name) for name in SPEC_PROFILE),
            *(("report", name) for name in REPORT),
        ],
    ),
    "plan_program_json": (
        rp.plan_program_json,
        {"profile": SPEC_PROFILE, "weeks": 2, "start": "2026-01-05", "report": REPORT},
        [
            ("profile",),
            ("weeks",),
            ("start",),
            ("report",),
            *(("profile", name) for name in SPEC_PROFILE),
            *(("report", name) for name in REPORT),
        ],
    ),
}


def _with(request: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    """A copy of ``request`` with ``value`` at ``path``; the hostile value is not copied."""
    changed = copy.deepcopy(request)
    inner = changed
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = value
    return changed


def refused(call: Callable[[], object]) -> rp.InvalidInput:
    """The InvalidInput ``call`` raises, checked to be short."""
    with pytest.raises(rp.InvalidInput) as raised:
        call()
    error = raised.value
    assert error.errors
    for line in error.errors:
        assert len(line) <= MAX_MESSAGE, line[:300]
        assert "x" * 50 not in line  # the huge text is never echoed
    return error


def _field_cases() -> list[Any]:
    return [
        pytest.param(name, path, kind, id=f"{name}-{'.'.join(path)}-{kind}")
        for name, (_, _, paths) in ENTRY_POINTS.items()
        for path in paths
        for kind in HOSTILE
    ]


@pytest.mark.parametrize(("name", "path", "kind"), _field_cases())
def test_a_hostile_field_is_refused_with_a_few_short_problems_there(
    name: str, path: tuple[str, ...], kind: str
) -> None:
    call, request, _ = ENTRY_POINTS[name]
    error = refused(lambda: call(_with(request, path, HOSTILE[kind])))
    where = ".".join(path)
    for problem_path, _ in error.problems:
        assert problem_path == where or problem_path.startswith((where + ".", where + "[")), (
            error.errors
        )
    # one problem for the value as a whole; an object also gets one per missing field
    assert len(error.problems) <= 1 + len(SPEC_PROFILE), error.errors


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_a_hostile_request_is_refused_in_one_problem(name: str, kind: str) -> None:
    call = ENTRY_POINTS[name][0]
    error = refused(lambda: call(HOSTILE[kind]))
    if kind == "deep_object":  # an object: its one key is unknown, the real ones missing
        assert ("a", "unknown key") in error.problems
    else:
        assert len(error.problems) == 1, error.errors
        assert error.problems[0][0] == ""


@pytest.mark.parametrize("where", [(), ("profile",), ("report",)])
@pytest.mark.parametrize("name", ["plan_session_json", "plan_program_json"])
def test_a_huge_key_is_one_short_unknown_key_problem(name: str, where: tuple[str, ...]) -> None:
    call, request, _ = ENTRY_POINTS[name]
    changed = copy.deepcopy(request)
    inner = changed
    for key in where:
        inner = inner[key]
    inner[HUGE_TEXT] = 1
    error = refused(lambda: call(changed))
    shown = "['" + "x" * 37 + "...']"  # the key, cut short
    assert error.problems == (("".join(where) + shown, "unknown key"),)


def test_a_huge_key_in_a_triage_request_is_one_unknown_key() -> None:
    error = refused(lambda: rp.triage_json({**REPORT, HUGE_TEXT: 1}))
    assert [message for _, message in error.problems] == ["unknown key"]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("triage_json", ("symptoms",)),
        ("plan_session_json", ("profile", "causes")),
        ("plan_session_json", ("profile", "equipment")),
        ("plan_program_json", ("report", "symptoms")),
    ],
)
def test_an_id_array_holds_at_most_1000_items_and_a_set_at_most_64_ids(
    name: str, path: tuple[str, ...]
) -> None:
    call, request, _ = ENTRY_POINTS[name]
    where = ".".join(path)

    # 1001 items: one problem for the array, whatever the items are
    error = refused(lambda: call(_with(request, path, [None] * 1001)))
    assert error.problems == ((where, "must hold at most 1000 items, got 1001"),)

    # 1000 wrong items: one problem each, so a request never gives more than 1000 of them
    error = refused(lambda: call(_with(request, path, [None] * 1000)))
    assert len(error.problems) == 1000
    assert error.problems[999] == (f"{where}[999]", "must be a string, got None")

    # 65 distinct ids: one problem for the set, not one per unknown id
    error = refused(lambda: call(_with(request, path, [f"id_{n}" for n in range(65)])))
    assert error.problems == ((where, "must hold at most 64 items, got 65"),)

    # 1000 distinct ids of 10,000 characters each: still one problem
    long_ids = [f"{n:05d}" + "x" * 10_000 for n in range(1000)]
    error = refused(lambda: call(_with(request, path, long_ids)))
    assert len(error.problems) == 1


def test_an_object_has_at_most_its_fields_and_16_unknown_keys() -> None:
    fields = 6  # symptoms, pain, days_since_onset, age, risk_factors, unsure
    request = {**REPORT, **{f"extra_{n}": n for n in range(fields + 16 - len(REPORT))}}
    error = refused(lambda: rp.triage_json(request))
    assert len(error.problems) == fields + 16 - len(REPORT)
    assert {message for _, message in error.problems} == {"unknown key"}
    error = refused(lambda: rp.triage_json({**request, "one_more": 0}))
    assert error.problems == (("", f"must have at most {fields} keys, got {fields + 17}"),)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("pain", 10**18, "must be from 0 to 10, got a very large integer"),
        ("pain", 10**18 - 1, f"must be from 0 to 10, got {10**18 - 1}"),
        ("pain", HUGE_INT, "must be from 0 to 10, got a very large integer"),
        ("pain", True, "must be a whole number from 0 to 10, got True"),
        ("pain", 5.0, "must be a whole number from 0 to 10, got a float"),
        ("days_since_onset", 3651, "must be from 0 to 3650, got 3651"),
        ("symptoms", ["x" * 65], "unknown symptom 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"),
        ("symptoms", HUGE_TEXT, "must be an array, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"),
    ],
    ids=[
        "pain_10e18",
        "pain_10e18_minus_1",
        "pain_5000_digits",
        "pain_true",
        "pain_float",
        "days_3651",
        "symptom_65_chars",
        "symptoms_huge_text",
    ],
)
def test_triage_bounds_and_how_bad_values_are_shown(
    field: str, value: object, expected: str
) -> None:
    error = refused(lambda: rp.triage_json({**REPORT, field: value}))
    path = "symptoms[0]" if isinstance(value, list) else field  # an unknown id, by position
    assert error.problems == ((path, expected),)


@pytest.mark.parametrize(
    ("field", "low", "high"),
    [
        ("session_minutes", 5, 180),
        ("runs_per_week", 0, 6),
        ("weekly_run_minutes", 0, 1500),
    ],
)
def test_profile_number_bounds(field: str, low: int, high: int) -> None:
    for value in (low, high):
        rp.plan_session_json({"profile": {**SPEC_PROFILE, field: value}, "kind": "warm_up"})
    for value in (low - 1, high + 1):
        request = {"profile": {**SPEC_PROFILE, field: value}, "kind": "warm_up"}
        error = refused(lambda request=request: rp.plan_session_json(request))
        assert [path for path, _ in error.problems] == [f"profile.{field}"]


def test_program_weeks_run_from_1_to_52() -> None:
    request = {"profile": SPEC_PROFILE, "start": "2026-01-05"}
    assert len(rp.plan_program_json({**request, "weeks": 52})["days"]) == 364
    for weeks in (0, 53, HUGE_INT):
        error = refused(lambda weeks=weeks: rp.plan_program_json({**request, "weeks": weeks}))
        assert [path for path, _ in error.problems] == ["weeks"]


# -- the Python constructors and functions ---------------------------------------------------


def _python_cases() -> dict[str, Callable[[], object]]:
    profile = rp.RunnerProfile(**SPEC_PROFILE)
    start = datetime.date(2026, 1, 5)
    return {
        "report_million_symptoms": lambda: rp.SymptomReport(
            symptoms=[str(n) for n in range(10**5)] * 10, pain=1, days_since_onset=1
        ),
        "report_huge_symptom": lambda: rp.SymptomReport(
            symptoms={HUGE_TEXT}, pain=1, days_since_onset=1
        ),
        "report_deep_symptoms": lambda: rp.SymptomReport(
            symptoms=DEEP_LIST, pain=1, days_since_onset=1
        ),
        "report_huge_numbers": lambda: rp.SymptomReport(
            symptoms=[], pain=HUGE_INT, days_since_onset=-HUGE_INT
        ),
        "profile_everything_wrong": lambda: rp.RunnerProfile(
            causes=[HUGE_TEXT],
            level=HUGE_TEXT,
            equipment=DEEP_LIST,
            session_minutes=HUGE_INT,
            runs_per_week=MANY_KEYS,
            weekly_run_minutes=-HUGE_INT,
        ),
        "history_million_weeks": lambda: rp.RunnerHistory(weekly_run_minutes=MILLION),
        "history_huge_week": lambda: rp.RunnerHistory(weekly_run_minutes=[HUGE_INT]),
        "history_huge_form": lambda: rp.RunnerHistory(weekly_run_minutes=[1], form=[HUGE_TEXT]),
        "history_huge_diagnosis": lambda: rp.RunnerHistory(
            weekly_run_minutes=[1], diagnoses=[HUGE_TEXT]
        ),
        "triage_not_a_report": lambda: rp.triage(DEEP_LIST),  # type: ignore[arg-type]
        "triage_huge_catalog": lambda: rp.triage(
            rp.SymptomReport(symptoms=[], pain=1, days_since_onset=1),
            catalog=HUGE_TEXT,  # type: ignore[arg-type]
        ),
        "program_huge_weeks": lambda: rp.plan_program(profile, weeks=HUGE_INT, start=start),
        "program_huge_start": lambda: rp.plan_program(profile, weeks=1, start=HUGE_TEXT),  # type: ignore[arg-type]
        "advice_million_causes": lambda: rp.advice_for(MILLION),  # type: ignore[arg-type]
        "advice_huge_cause": lambda: rp.advice_for(frozenset({HUGE_TEXT})),
        "schema_huge_name": lambda: rp.json_schema(HUGE_TEXT),
        "schema_deep_name": lambda: rp.json_schema(DEEP_LIST),  # type: ignore[arg-type]
    }


PYTHON_CASES = _python_cases()


@pytest.mark.parametrize("case", PYTHON_CASES)
def test_the_python_api_refuses_hostile_values_in_a_few_short_problems(case: str) -> None:
    error = refused(PYTHON_CASES[case])
    assert len(error.problems) <= len(SPEC_PROFILE), error.errors


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("stretching", id="typo"),
        pytest.param(HUGE_TEXT, id="huge_text"),
        pytest.param(HUGE_INT, id="huge_int"),
        pytest.param(DEEP_LIST, id="deep_list"),
    ],
)
def test_plan_session_refuses_a_bad_kind_in_one_short_problem(kind: object) -> None:
    profile = rp.RunnerProfile(**SPEC_PROFILE)
    error = refused(lambda: rp.plan_session(profile, kind))  # type: ignore[arg-type]
    assert [path for path, _ in error.problems] == ["kind"]


def _nested_tuple(depth: int) -> tuple[Any, ...]:
    value: tuple[Any, ...] = ()
    for _ in range(depth):
        value = (value,)
    return value


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(12, id="int"),
        pytest.param(HUGE_INT, id="huge_int"),
        pytest.param(_nested_tuple(10**4), id="deep_tuple"),
    ],
)
def test_advice_for_refuses_a_set_holding_a_hostile_item(item: object) -> None:
    error = refused(lambda: rp.advice_for(frozenset({item, "weak_core"})))  # type: ignore[arg-type]
    assert [path for path, _ in error.problems] == ["causes"]
