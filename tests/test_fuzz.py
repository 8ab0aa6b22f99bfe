"""Fuzzing the JSON boundary: whatever a caller sends, only runpelvis's own errors come back.

For ``triage_json``, ``plan_session_json``, ``plan_program_json`` and the CLI's ``--json``
mode, any decoded JSON value (whole requests and near misses: a valid request with one
key replaced, deleted or added at any depth, ``profile`` and ``report`` included) gives

* a ``dict`` that ``json.dumps(..., allow_nan=False)`` accepts, or
* :class:`runpelvis.InvalidInput` with one short ``str`` per problem, or
* for the planners, :class:`runpelvis.CareRequired` whose ``to_json()`` serializes too,

and leaves the request untouched. The CLI is fuzzed in-process through ``main(argv)``
with stdin, stdout and stderr patched: exit status 0, 2 or 3, never a traceback.
"""

from __future__ import annotations

import copy
import datetime
import io
import json
import pickle
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._cli import main

CATALOG = rp.default_catalog()
CAUSE_IDS = tuple(sorted(CATALOG.causes))
EQUIPMENT_IDS = tuple(sorted(CATALOG.equipment))
LEVELS = ("beginner", "intermediate", "advanced")
SESSION_KINDS = ("warm_up", "cool_down", "strength", "recovery")
RED_FLAGS = ("urgent", "emergency")
LAST_52_WEEK_START = datetime.date.max - datetime.timedelta(days=7 * 52 - 1)

#: Longest error line a problem may give: one path, one short message, no echo of the input.
MAX_ERROR_LENGTH = 1000

# -- strategies ------------------------------------------------------------------------------

#: Integers of every size, with the awkward ones (past 64 bits, past 4300 digits) drawn often.
#: Built with pow (not listed) so that hypothesis can show them: repr(10**5000) raises.
_INTEGERS = st.integers() | st.builds(
    pow, st.sampled_from([-10, 10]), st.sampled_from([18, 19, 63, 4301, 5000])
)
_LEAVES = (
    st.none()
    | st.booleans()
    | _INTEGERS
    | st.floats()  # nan, inf and -0.0 included
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "fever", "rest", "2026-01-05", "x" * 100, "\ud800", "\x00"])
)
#: Any decoded JSON value: None, bools, ints (huge too), floats (nan, inf), text, arrays, objects.
json_values = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)


def profile_json() -> st.SearchStrategy[dict[str, Any]]:
    """Valid runner profiles as decoded JSON, over the bundled catalog."""
    return st.fixed_dictionaries(
        {
            "causes": st.lists(st.sampled_from(CAUSE_IDS), max_size=4),
            "level": st.sampled_from(LEVELS),
            "equipment": st.lists(st.sampled_from(EQUIPMENT_IDS), max_size=5),
            "session_minutes": st.integers(5, 180),
            "runs_per_week": st.integers(0, 6),
            "weekly_run_minutes": st.integers(0, 1500),
        }
    )


def _optional_report() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.just({}), st.just({"report": None}), s.json_requests().map(lambda r: {"report": r})
    )


def session_requests() -> st.SearchStrategy[dict[str, Any]]:
    """Valid decoded ``plan_session_json`` requests, with or without a report."""
    return st.builds(
        lambda base, extra: {**base, **extra},
        st.fixed_dictionaries({"profile": profile_json(), "kind": st.sampled_from(SESSION_KINDS)}),
        _optional_report(),
    )


def program_requests() -> st.SearchStrategy[dict[str, Any]]:
    """Valid decoded ``plan_program_json`` requests (short programs, to keep the fuzz quick)."""
    return st.builds(
        lambda base, extra: {**base, **extra},
        st.fixed_dictionaries(
            {
                "profile": profile_json(),
                "weeks": st.integers(1, 6) | st.just(52),
                # valid: room for 52 weeks before 9999-12-31 (later starts are near misses)
                "start": st.dates(max_value=LAST_52_WEEK_START).map(datetime.date.isoformat),
            }
        ),
        _optional_report(),
    )


#: Keys worth adding: every field name of every request, a derived field, and junk.
_KEYS = st.sampled_from(
    [
        "symptoms",
        "pain",
        "days_since_onset",
        "profile",
        "kind",
        "report",
        "weeks",
        "start",
        "causes",
        "level",
        "equipment",
        "session_minutes",
        "runs_per_week",
        "weekly_run_minutes",
        "may_run",
        "disposition",
        "",
    ]
) | st.text(max_size=10)

#: Values a step away from valid ones: bounds, wrong types of the right value, typos.
_NEAR_VALUES = st.sampled_from(
    [
        -1,
        0,
        4,
        7,
        10,
        11,
        52,
        53,
        181,
        1501,
        3651,
        3.0,
        True,
        "3",
        "fevr",
        "weak_cor",
        "Beginner",
        "cool-down",
        "2026-02-30",
        "2026-1-5",
        "20260105",
        "0001-01-01",
        "9999-12-31",
        [],
        {},
    ]
)


def _containers(value: object) -> list[Any]:
    """Every object and array of a request, the request itself first."""
    found = [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        if isinstance(item, dict | list):
            found += _containers(item)
    return found


@st.composite
def near_misses(draw: st.DrawFn, valid: st.SearchStrategy[dict[str, Any]]) -> object:
    """A valid request with one key or item replaced, deleted or added, at any depth."""
    request = copy.deepcopy(draw(valid))
    container = draw(st.sampled_from(_containers(request)))
    keys = list(container) if isinstance(container, dict) else list(range(len(container)))
    operation = draw(st.sampled_from(["add", "replace", "delete"] if keys else ["add"]))
    event(operation)
    value = draw(_NEAR_VALUES | json_values)
    if operation == "add" and isinstance(container, dict):
        container[draw(_KEYS)] = value
    elif operation == "add":
        container.insert(draw(st.integers(0, len(container))), value)
    elif operation == "replace":
        container[draw(st.sampled_from(keys))] = value
    else:
        del container[draw(st.sampled_from(keys))]
    return request


# -- the outcome every call must have ----------------------------------------------------------

Call = Callable[[object], dict[str, Any]]


def outcome(call: Call, request: object, *, planner: bool) -> str:
    """Call; check the answer, or the error, is one a service can send back; say which."""
    before = pickle.dumps(request)  # pickle, not ==: nan != nan, and repr fails on 10**5000
    response: object = None
    error: rp.RunpelvisError | None = None
    try:
        response = call(request)
    except (rp.InvalidInput, rp.CareRequired) as raised:  # anything else fails the test
        error = raised
    assert pickle.dumps(request) == before, "the request was changed"
    if isinstance(error, rp.InvalidInput):
        assert isinstance(error, ValueError)
        assert error.errors, "an InvalidInput must say what is wrong"
        assert len(error.errors) == len(error.problems)
        for line in error.errors:
            assert isinstance(line, str)
            assert 0 < len(line) < MAX_ERROR_LENGTH, line[:200]
        return "invalid"
    if isinstance(error, rp.CareRequired):
        assert planner, "triage never refuses"
        assert error.triage.disposition >= rp.Disposition.URGENT
        document = error.to_json()
        assert document["error"] == "care_required"
        json.dumps(document, allow_nan=False)
        return "care_required"
    assert isinstance(response, dict)
    json.dumps(response, allow_nan=False)
    return "ok"


ENTRY_POINTS: dict[str, tuple[Call, st.SearchStrategy[dict[str, Any]], bool]] = {
    "triage_json": (rp.triage_json, s.json_requests(), False),
    "plan_session_json": (rp.plan_session_json, session_requests(), True),
    "plan_program_json": (rp.plan_program_json, program_requests(), True),
}


# -- the library's JSON functions --------------------------------------------------------------


@pytest.mark.parametrize("name", ENTRY_POINTS)
@given(data=st.data())
def test_valid_requests_are_answered(name: str, data: st.DataObject) -> None:
    # The near misses below start from these: they must really be valid.
    call, valid, planner = ENTRY_POINTS[name]
    request = data.draw(valid)
    report = request.get("report") if planner else None
    red_flag = report is not None and rp.triage_json(report)["disposition"] in RED_FLAGS
    assert outcome(call, request, planner=planner) == ("care_required" if red_flag else "ok")


@pytest.mark.parametrize("name", ENTRY_POINTS)
@given(request=json_values)
def test_any_json_value_gets_an_answer_or_a_runpelvis_error(name: str, request: object) -> None:
    call, _, planner = ENTRY_POINTS[name]
    event(outcome(call, request, planner=planner))


@pytest.mark.parametrize("name", ENTRY_POINTS)
@given(data=st.data())
def test_near_miss_requests_get_an_answer_or_a_runpelvis_error(
    name: str, data: st.DataObject
) -> None:
    call, valid, planner = ENTRY_POINTS[name]
    request = data.draw(near_misses(valid))
    event(outcome(call, request, planner=planner))


@pytest.mark.parametrize("name", ["plan_session_json", "plan_program_json"])
@given(data=st.data())
def test_a_near_miss_inside_a_profile_or_report_is_reported_there(
    name: str, data: st.DataObject
) -> None:
    """A wrong type inside ``profile`` or ``report`` is reported under that key."""
    call, valid, _ = ENTRY_POINTS[name]
    request = data.draw(valid)
    part = data.draw(st.sampled_from(["profile", "report"]))
    fields = ("causes", "level", "session_minutes") if part == "profile" else ("symptoms", "pain")
    field = data.draw(st.sampled_from(fields))
    request[part] = {**(request.get(part) or data.draw(s.json_requests())), field: {"x": [1]}}
    if _calls_for_care(request.get("report")):
        # a red flag in the report is answered before the profile is looked at
        with pytest.raises(rp.CareRequired):
            call(request)
        return
    with pytest.raises(rp.InvalidInput) as raised:
        call(request)
    assert f"{part}.{field}" in [path for path, _ in raised.value.problems]


def _calls_for_care(report: object) -> bool:
    """Whether what is valid of the report (known ids, sound numbers) calls for care now."""
    if not isinstance(report, dict):
        return False
    catalog = rp.default_catalog()

    def known(key: str, ids: Any) -> frozenset[str]:
        given = report.get(key)
        return frozenset(i for i in given if i in ids) if isinstance(given, list) else frozenset()

    def number(key: str, low: int, high: int) -> int | None:
        value = report.get(key)
        return value if type(value) is int and low <= value <= high else None

    valid = rp.SymptomReport(
        symptoms=known("symptoms", catalog.symptoms),
        pain=number("pain", 0, 10) or 0,
        days_since_onset=number("days_since_onset", 0, 3650) or 0,
        age=number("age", 10, 110),
        risk_factors=known("risk_factors", catalog.risk_factors),
    )
    return rp.triage(valid).disposition.needs_care_now


# -- the command line's --json mode -------------------------------------------------------------


def run_cli(argv: list[str], stdin: bytes) -> tuple[int, str, str]:
    """``main(argv)`` in-process with ``stdin`` as raw bytes; status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def check_cli(command: str, stdin: bytes) -> int:
    status, out, err = run_cli([command, "--json"], stdin)
    assert "Traceback" not in err, err
    # a real terminal or pipe is strict UTF-8: a lone surrogate printed there is a crash
    out.encode("utf-8")
    err.encode("utf-8")
    assert status in (0, 2, 3), (status, err)
    printed = json.loads(out)  # with --json, errors are JSON on stdout too (SPEC section 7)
    json.dumps(printed, allow_nan=False)
    if status == 2:
        lines = err.splitlines()
        assert lines, "exit status 2 must say why on stderr"
        assert all(0 < len(line) < MAX_ERROR_LENGTH for line in lines), err[:500]
        assert printed == {"errors": lines, "triage": None}
    elif status == 3:
        assert command != "screen"
        assert printed["triage"]["disposition"] in ("urgent", "emergency")
        if "errors" in printed:  # bad input whose valid report part needs care now
            assert err.splitlines()[: len(printed["errors"])] == printed["errors"]
            assert "needs care now" in err
        else:
            assert command in ("session", "program")
            assert printed["error"] == "care_required"
            assert "no exercise plan" in err
    else:
        assert err == ""
    return status


_CLI_VALID = {
    "triage": s.json_requests(),
    "session": session_requests(),
    "program": program_requests(),
    "screen": st.fixed_dictionaries(
        {"weekly_run_minutes": st.lists(st.integers(0, 10_080), min_size=1, max_size=6)},
        optional={
            "rest_days_per_week": st.integers(0, 7),
            "shoe_km": st.integers(0, 100_000),
            "form": st.lists(st.sampled_from(["overstriding", "leaning"])),
            "plank_seconds": st.integers(0, 3600),
            "hip_flexor_tight": st.booleans(),
        },
    ),
}


def _encoded(value: object) -> bytes:
    """``value`` as JSON text; nan and inf as NaN and Infinity, which json.loads reads back.

    Integers past 4300 digits are written out in full (so the CLI's json.loads refuses them).
    """
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(value).encode("utf-8")
    finally:
        sys.set_int_max_str_digits(limit)


@given(data=st.data(), command=st.sampled_from(sorted(_CLI_VALID)))
def test_cli_json_mode_answers_any_request_with_0_2_or_3(data: st.DataObject, command: str) -> None:
    request = data.draw(
        json_values | _CLI_VALID[command] | near_misses(_CLI_VALID[command]), label="request"
    )
    event(f"exit {check_cli(command, _encoded(request))}")


@given(command=st.sampled_from(sorted(_CLI_VALID)), stdin=st.binary(max_size=64) | st.text())
def test_cli_json_mode_takes_any_bytes_on_stdin(command: str, stdin: bytes | str) -> None:
    raw = stdin.encode("utf-8", "surrogatepass") if isinstance(stdin, str) else stdin
    event(f"exit {check_cli(command, raw)}")


#: Stdin that is not a JSON document, or is one at the edge of what json.loads takes.
HOSTILE_STDIN = {
    "empty": b"",
    "text": b"fever, chills, pain 5",
    "truncated": b'{"symptoms": ["fever"], "pain": 5',
    "nested_100000": b"[" * 100_000 + b"]" * 100_000,
    "nested_objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "number_5000_digits": b"9" * 5000,
    "pain_5000_digits": b'{"symptoms": [], "pain": ' + b"9" * 5000 + b', "days_since_onset": 1}',
    "huge_float": b'{"symptoms": [], "pain": 1e999, "days_since_onset": 1}',
    "nan": b"NaN",
    "invalid_utf8": b'{"symptoms": ["\xff\xfe"], "pain": 1, "days_since_onset": 1}',
    "lone_surrogate": b'{"symptoms": ["\\ud800"], "pain": 1, "days_since_onset": 1}',
    "surrogate_key": b'{"\\udfff": 1, "symptoms": [], "pain": 1, "days_since_onset": 1}',
    "nul_key": b'{"\\u0000": 1}',
    "million_items": b'{"symptoms": [' + b"0," * 999_999 + b'0], "pain": 1}',
    "long_symptom": b'{"symptoms": ["' + b"a" * 10**7 + b'"], "pain": 1, "days_since_onset": 1}',
}


@pytest.mark.parametrize("stdin", HOSTILE_STDIN.values(), ids=HOSTILE_STDIN)
@pytest.mark.parametrize("command", ["triage", "session", "program", "screen"])
def test_cli_json_mode_rejects_hostile_stdin_with_exit_2(command: str, stdin: bytes) -> None:
    assert check_cli(command, stdin) == 2


def test_cli_json_mode_reads_a_utf8_byte_order_mark() -> None:
    request = b'{"symptoms": ["night_pain"], "pain": 4, "days_since_onset": 20}'
    status, out, err = run_cli(["triage", "--json"], b"\xef\xbb\xbf" + request)
    assert (status, err) == (0, "")
    assert json.loads(out) == rp.triage_json(json.loads(request))


def test_cli_reports_a_nesting_error_without_echoing_the_input() -> None:
    status, out, err = run_cli(["triage", "--json"], b"[" * 100_000 + b"]" * 100_000)
    assert status == 2
    assert err == "stdin: not valid JSON: nested too deeply\n"
    assert json.loads(out) == {"errors": [err.strip()], "triage": None}


def test_cli_reports_a_5000_digit_number_as_bad_json_in_one_short_line() -> None:
    status, out, err = run_cli(["triage", "--json"], b"9" * 5000)
    assert status == 2
    (line,) = err.splitlines()
    assert json.loads(out) == {"errors": [line], "triage": None}
    assert line.startswith("stdin: not valid JSON: ")
    assert "99999" not in line


# -- a program that would run past the end of the calendar ------------------------------------


def test_cli_program_past_the_end_of_the_calendar_exits_2() -> None:
    # once an OverflowError that escaped main() as a traceback
    profile = {
        "causes": [],
        "level": "beginner",
        "equipment": [],
        "session_minutes": 20,
        "runs_per_week": 3,
        "weekly_run_minutes": 90,
    }
    request = {"profile": profile, "weeks": 1, "start": "9999-12-31"}
    status, out, err = run_cli(["program", "--json"], json.dumps(request).encode())
    assert status == 2
    assert err.startswith("start: ")
    assert json.loads(out) == {"errors": err.splitlines(), "triage": None}
