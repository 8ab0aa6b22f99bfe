"""SPEC section 7: safety gates that cannot be bypassed.

A red flag is never hidden by an unrelated error; the planner only follows a triage
that triage itself gave, for the same catalog; a single session honours ``rest``;
repeated JSON keys never silently drop a red flag; errors come out in one order.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
from spec import RED_FLAGS, SPEC_PROFILE, SYMPTOM_MINIMUM, hip_clicking_extension

D = rp.Disposition
START = datetime.date(2026, 1, 5)


def report(*symptoms: str, pain: int = 3, days: int = 2) -> rp.SymptomReport:
    return rp.SymptomReport(symptoms=frozenset(symptoms), pain=pain, days_since_onset=days)


# -- a red flag is never hidden by an unrelated error ----------------------------------------


def test_a_typo_beside_saddle_numbness_still_shows_the_emergency() -> None:
    request = {"symptoms": ["saddle_numbness", "fevr"], "pain": 5, "days_since_onset": 1}
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json(request)
    error = raised.value
    assert error.errors == ["symptoms[1]: unknown symptom 'fevr' (did you mean 'fever'?)"]
    assert error.triage is not None
    assert error.triage.disposition is D.EMERGENCY
    assert error.to_json() == {"errors": error.errors, "triage": rp.to_json(error.triage)}
    assert error.to_json()["triage"]["disposition"] == "emergency"


def test_bad_input_without_a_red_flag_carries_no_triage() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json({"symptoms": ["fevr"], "pain": 5, "days_since_onset": 1})
    assert raised.value.triage is None
    assert raised.value.to_json() == {"errors": raised.value.errors, "triage": None}


def test_a_see_clinician_part_is_not_reported_as_a_red_flag() -> None:
    request = {"symptoms": ["numbness_or_tingling"], "pain": 11, "days_since_onset": 1}
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json(request)
    assert raised.value.triage is None


@pytest.mark.parametrize(
    "broken",
    [
        {"pain": "five"},
        {"pain": 11},
        {"days_since_onset": -1},
        {"extra": 1},
        {"pain": None, "days_since_onset": None},
    ],
)
def test_a_red_flag_survives_any_other_broken_field(broken: dict[str, Any]) -> None:
    request = {"symptoms": ["bladder_or_bowel_change"], "pain": 4, "days_since_onset": 2}
    request.update(broken)
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json(request)
    assert raised.value.triage is not None
    assert raised.value.triage.disposition is D.EMERGENCY


def test_a_missing_number_counts_as_zero_for_the_red_flag() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json({"symptoms": ["fever"]})
    assert raised.value.triage is not None
    assert raised.value.triage.report == report("fever", pain=0, days=0)
    assert raised.value.triage.disposition is D.URGENT


@given(
    st.sampled_from(RED_FLAGS),
    st.lists(st.text(max_size=8) | st.integers() | st.none(), max_size=4),
    st.permutations(range(3)),
)
def test_any_red_flag_is_found_among_junk_in_any_order(
    red_flag: str, junk: list[object], order: list[int]
) -> None:
    symptoms: list[object] = [red_flag, *junk]
    symptoms = [symptoms[i] for i in order if i < len(symptoms)] + symptoms[3:]
    if red_flag not in symptoms:
        symptoms.append(red_flag)
    request = {"symptoms": symptoms, "pain": 3, "days_since_onset": 1}
    if all(item in rp.default_catalog().symptoms for item in symptoms):
        assert D(rp.triage_json(request)["disposition"]) >= SYMPTOM_MINIMUM[red_flag]
        return
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json(request)
    assert raised.value.triage is not None
    assert raised.value.triage.disposition >= SYMPTOM_MINIMUM[red_flag]


def test_the_valid_part_keeps_the_age_and_the_risk_factors() -> None:
    # sudden severe pain is urgent alone; at 50 or over it is an emergency (aortic aneurysm)
    request = {"symptoms": ["sudden_severe_pain"], "pain": "x", "days_since_onset": 1, "age": 70}
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json(request)
    assert raised.value.triage is not None
    assert raised.value.triage.disposition is D.EMERGENCY
    assert raised.value.triage.report.age == 70
    assert "age.aortic_aneurysm" in [reason.rule_id for reason in raised.value.triage.reasons]
    # the youngest age is an age like any other; a bad age is no age
    young = rp.red_flag({"symptoms": ["fever", 1], "age": 10, "days_since_onset": 0})
    assert young is not None
    assert young.report.age == 10
    assert young.report.days_since_onset == 0
    assert rp.red_flag({**request, "age": 9}).report.age is None  # type: ignore[union-attr]
    risky = rp.red_flag(
        {"symptoms": ["nope"], "pain": 2, "days_since_onset": 1, "risk_factors": ["injects_drugs"]}
    )
    assert risky is not None
    assert risky.disposition is D.URGENT
    assert risky.report.risk_factors == {"injects_drugs"}


def test_red_flag_of_a_valid_request_is_its_whole_triage() -> None:
    request = {"symptoms": ["fever"], "pain": 3, "days_since_onset": 1, "unsure": ["pregnant"]}
    flagged = rp.red_flag(request)
    assert flagged is not None
    assert rp.to_json(flagged) == rp.triage_json(request)
    assert flagged.report.unsure == {"pregnant"}


def test_a_clinic_red_flag_is_kept_beside_a_bad_field(tmp_path: Any) -> None:
    extension = hip_clicking_extension(
        "clinic.9", "urgent", "A painful click in the hip needs a doctor today."
    )
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(extension), encoding="utf-8")
    clinic = rp.load_catalog(path)
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json({"symptoms": ["hip_clicking"], "pain": "x"}, catalog=clinic)
    assert raised.value.triage is not None
    assert raised.value.triage.disposition is D.URGENT
    assert raised.value.triage.catalog_version == clinic.version


def test_red_flag_is_public_and_ignores_what_cannot_reach_urgent() -> None:
    assert rp.red_flag({"symptoms": ["pain_while_running"], "pain": 9}) is None
    assert rp.red_flag("not a report") is None
    flagged = rp.red_flag({"symptoms": ["leg_weakness", "nope"], "pain": "x"})
    assert flagged is not None
    assert flagged.disposition is D.URGENT


@pytest.mark.parametrize("plan", [rp.plan_session_json, rp.plan_program_json])
def test_a_typo_in_the_profile_cannot_hide_a_red_flag_in_the_report(plan: Any) -> None:
    request = {
        "profile": {**SPEC_PROFILE, "causes": ["weak_cor"]},
        "kind": "strength",
        "weeks": 2,
        "start": "2026-01-05",
        "report": {"symptoms": ["saddle_numbness"], "pain": 5, "days_since_onset": 1},
    }
    with pytest.raises(rp.CareRequired) as raised:
        plan(request)
    assert raised.value.triage.disposition is D.EMERGENCY


def test_a_broken_report_with_a_red_flag_is_refused_as_care_required() -> None:
    request = {
        "profile": SPEC_PROFILE,
        "kind": "cool_down",
        "report": {"symptoms": ["fever", "fevr"], "pain": 50, "days_since_onset": 1},
    }
    with pytest.raises(rp.CareRequired) as raised:
        rp.plan_session_json(request)
    assert raised.value.triage.disposition is D.URGENT


def test_a_profile_error_without_a_red_flag_is_still_invalid_input() -> None:
    request = {
        "profile": {**SPEC_PROFILE, "causes": ["weak_cor"]},
        "kind": "strength",
        "report": {"symptoms": ["pain_after_running"], "pain": 2, "days_since_onset": 1},
    }
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_session_json(request)
    assert raised.value.errors == [
        "profile.causes[0]: unknown cause 'weak_cor' (did you mean 'weak_core'?)"
    ]


# -- the planner checks the triage it is given ------------------------------------------------


@pytest.fixture(scope="module")
def profile() -> rp.RunnerProfile:
    return rp.from_json(SPEC_PROFILE, rp.RunnerProfile)


def test_a_hand_built_self_care_for_saddle_numbness_is_refused(profile: rp.RunnerProfile) -> None:
    true = rp.triage(report("saddle_numbness"))
    forged = attrs.evolve(
        rp.triage(report()), report=true.report
    )  # self_care, claiming the red-flag report
    assert forged.disposition is D.SELF_CARE
    for plan in (
        lambda: rp.plan_session(profile, "cool_down", triage=forged),
        lambda: rp.plan_program(profile, weeks=1, start=START, triage=forged),
    ):
        with pytest.raises(rp.InvalidInput) as raised:
            plan()
        assert [path for path, _ in raised.value.problems] == ["triage"]
        assert raised.value.triage == true  # the red flag is still shown


def test_a_triage_from_another_catalog_is_refused(profile: rp.RunnerProfile, tmp_path: Any) -> None:
    document = {"version": "clinic.1", "extends": "runpelvis"}
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    clinic = rp.load_catalog(path)
    result = rp.triage(report("pain_after_running"))
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_session(profile, "cool_down", triage=result, catalog=clinic)
    assert raised.value.problems[0][0] == "triage.catalog_version"
    assert f"'{rp.default_catalog().version}+clinic.1'" in raised.value.errors[0]
    again = rp.triage(result.report, catalog=clinic)
    assert rp.plan_session(profile, "cool_down", triage=again, catalog=clinic).items


def test_an_edited_reason_list_is_refused(profile: rp.RunnerProfile) -> None:
    result = rp.triage(report("pain_while_running"))
    edited = attrs.evolve(result, reasons=(), disposition=D.SELF_CARE)
    with pytest.raises(rp.InvalidInput) as raised:
        rp.plan_program(profile, weeks=1, start=START, triage=edited)
    assert raised.value.triage is None  # rest is no red flag: nothing to show instead
    assert raised.value.problems == (
        (
            "triage",
            "does not agree with triage(report) for its own report: pass the result of "
            "triage() unchanged",
        ),
    )


def test_an_equal_triage_rebuilt_from_json_is_accepted(profile: rp.RunnerProfile) -> None:
    result = rp.triage(report("pain_after_running"))
    rebuilt = rp.from_json(rp.to_json(result), rp.TriageResult)
    assert rebuilt is not result
    assert rp.plan_session(profile, "cool_down", triage=rebuilt).items


# -- a single session honours rest ---------------------------------------------------------


def test_a_strength_session_after_a_rest_triage_is_empty_and_says_why(
    profile: rp.RunnerProfile,
) -> None:
    advanced = attrs.evolve(profile, level="advanced", equipment=frozenset({"mat", "barbell"}))
    rest = rp.triage(report("pain_while_running"))
    assert rest.disposition is D.REST
    session = rp.plan_session(advanced, "strength", triage=rest)
    assert session.items == ()
    assert session.minutes == 0
    strength = sorted(e.id for e in rp.default_catalog().exercises.values() if e.kind == "strength")
    assert sorted(e.exercise for e in session.excluded) == strength
    assert all("no strength work while you rest from running" in e.reason for e in session.excluded)
    assert any("no strength work" in note for note in session.notes)


@pytest.mark.parametrize("kind", ["warm_up", "cool_down", "recovery"])
def test_other_sessions_after_a_rest_triage_keep_to_gentle_moves(
    profile: rp.RunnerProfile, kind: str
) -> None:
    advanced = attrs.evolve(profile, level="advanced", session_minutes=60)
    rest = rp.triage(report("pain_while_running"))
    session = rp.plan_session(advanced, kind, triage=rest)  # type: ignore[arg-type]
    exercises = rp.default_catalog().exercises
    assert session.items
    assert all(exercises[item.exercise].gentle for item in session.items)
    self_care = rp.plan_session(advanced, kind, triage=rp.triage(report()))  # type: ignore[arg-type]
    vigorous = {i.exercise for i in self_care.items} - {i.exercise for i in session.items}
    for exercise in vigorous - {e.exercise for e in session.excluded if "gentle" in e.reason}:
        assert exercises[exercise].gentle  # dropped for time only, never silently


# -- repeated keys -----------------------------------------------------------------------------


def test_a_repeated_key_is_refused_with_its_path() -> None:
    text = '{"report": {"symptoms": ["saddle_numbness"], "symptoms": []}, "kind": "x"}'
    with pytest.raises(rp.InvalidInput) as raised:
        rp.read_json(text, label="stdin")
    assert raised.value.errors == [
        "stdin: report.symptoms: repeated key: each key may appear only once"
    ]
    # what could be read keeps the red flag, for the caller that looks for one
    partial = raised.value.partial
    assert partial["report"]["symptoms"] == ["saddle_numbness"]
    assert rp.red_flag(partial["report"]) is not None


def test_repeated_keys_inside_arrays_are_named_by_position() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.read_json('[{"a": 1}, {"b": 1, "b": 2, "c": {"d": 0, "d": 9}}]')
    assert [path for path, _ in raised.value.problems] == ["[1].b", "[1].c.d"]
    assert raised.value.partial == [{"a": 1}, {"b": 2, "c": {"d": 9}}]


def test_a_repeated_number_keeps_the_larger_in_the_partial_value() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.read_json('{"age": 70, "age": 30, "pain": 2}')
    assert raised.value.partial == {"age": 70, "pain": 2}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON: "),
        (b"\xff", "not valid JSON: "),
        ("[" * 100_000, "not valid JSON: nested too deeply"),
        ("1" * 5000, "not valid JSON: "),
    ],
)
def test_bad_json_text_is_invalid_input(text: str | bytes, message: str) -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.read_json(text, label="body")
    path, said = raised.value.problems[0]
    assert path == "body"
    assert said.startswith(message)


@given(st.recursive(st.none() | st.integers() | st.text(), st.lists))
def test_json_without_repeated_keys_reads_as_json_loads_does(value: object) -> None:
    text = json.dumps({"v": value})
    assert rp.read_json(text) == json.loads(text)


def test_a_catalog_file_with_a_repeated_key_is_refused(tmp_path: Any) -> None:
    path = tmp_path / "clinic.json"
    path.write_text('{"version": "a", "version": "b", "extends": "runpelvis"}', encoding="utf-8")
    with pytest.raises(rp.InvalidInput) as raised:
        rp.load_catalog(path)
    assert raised.value.problems == (
        (f"{path}: version", "repeated key: each key may appear only once"),
    )


# -- errors come out in one order ------------------------------------------------------------

_ERRORS = """
import json, runpelvis as rp
out = []
for request in ({}, {"profile": {}}, {"symptoms": ["fevr", "chils"], "x": 1, "y": 2}):
    for call in (rp.triage_json, rp.plan_program_json):
        try:
            call(request)
        except rp.InvalidInput as error:
            out.append(error.errors)
print(json.dumps(out))
"""


def test_errors_come_out_in_the_same_order_whatever_the_hash_seed() -> None:
    answers = {
        subprocess.run(
            [sys.executable, "-c", _ERRORS],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        for seed in ("1", "2", "3", "12345")
    }
    assert len(answers) == 1
    first = json.loads(answers.pop())
    assert first[0] == ["symptoms: missing", "pain: missing", "days_since_onset: missing"]
