"""One example per triage rule, the boundaries, and bad input for triage and triage_json."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp

D = rp.Disposition

# -- one example per rule (SPEC section 1) --------------------------------------------------
#: rule id -> (a request that fires it and nothing more urgent, the rule's "at least").
RULE_EXAMPLES: dict[str, tuple[dict[str, Any], rp.Disposition]] = {
    "symptom.stiffness_or_soreness": (
        {"symptoms": ["stiffness_or_soreness"], "pain": 2, "days_since_onset": 1},
        D.SELF_CARE,
    ),
    "symptom.pain_after_running": (
        {"symptoms": ["pain_after_running"], "pain": 3, "days_since_onset": 2},
        D.SELF_CARE,
    ),
    "symptom.pain_while_running": (
        {"symptoms": ["pain_while_running"], "pain": 4, "days_since_onset": 1},
        D.REST,
    ),
    "symptom.pain_persists_after_rest": (
        {"symptoms": ["pain_persists_after_rest"], "pain": 3, "days_since_onset": 6},
        D.SEE_CLINICIAN,
    ),
    "symptom.pain_worse_with_activity": (
        {"symptoms": ["pain_worse_with_activity"], "pain": 4, "days_since_onset": 3},
        D.SEE_CLINICIAN,
    ),
    "symptom.numbness_or_tingling": (
        {"symptoms": ["numbness_or_tingling"], "pain": 4, "days_since_onset": 3},
        D.SEE_CLINICIAN,
    ),
    "symptom.pain_radiating_down_leg": (
        {"symptoms": ["pain_radiating_down_leg"], "pain": 5, "days_since_onset": 4},
        D.SEE_CLINICIAN,
    ),
    "symptom.leaking_when_running": (
        {"symptoms": ["leaking_when_running"], "pain": 0, "days_since_onset": 10},
        D.SEE_CLINICIAN,
    ),
    "symptom.night_pain": (
        {"symptoms": ["night_pain"], "pain": 5, "days_since_onset": 5},
        D.SEE_CLINICIAN,
    ),
    "symptom.unexplained_weight_loss": (
        {"symptoms": ["unexplained_weight_loss"], "pain": 3, "days_since_onset": 7},
        D.SEE_CLINICIAN,
    ),
    "symptom.pain_on_hopping": (
        {"symptoms": ["pain_on_hopping"], "pain": 4, "days_since_onset": 5},
        D.SEE_CLINICIAN,
    ),
    "symptom.both_legs": (
        {"symptoms": ["both_legs"], "pain": 3, "days_since_onset": 2},
        D.SEE_CLINICIAN,
    ),
    "symptom.difficulty_walking_or_standing": (
        {"symptoms": ["difficulty_walking_or_standing"], "pain": 6, "days_since_onset": 1},
        D.URGENT,
    ),
    "symptom.fever": ({"symptoms": ["fever"], "pain": 5, "days_since_onset": 2}, D.URGENT),
    "symptom.chills": ({"symptoms": ["chills"], "pain": 4, "days_since_onset": 2}, D.URGENT),
    "symptom.nausea": ({"symptoms": ["nausea"], "pain": 5, "days_since_onset": 1}, D.URGENT),
    "symptom.leg_weakness": (
        {"symptoms": ["leg_weakness"], "pain": 3, "days_since_onset": 3},
        D.URGENT,
    ),
    "symptom.recent_trauma": (
        {"symptoms": ["recent_trauma"], "pain": 6, "days_since_onset": 0},
        D.URGENT,
    ),
    "symptom.history_of_cancer": (
        {"symptoms": ["history_of_cancer"], "pain": 3, "days_since_onset": 5},
        D.URGENT,
    ),
    "symptom.saddle_numbness": (
        {"symptoms": ["saddle_numbness"], "pain": 4, "days_since_onset": 1},
        D.EMERGENCY,
    ),
    "symptom.bladder_or_bowel_change": (
        {"symptoms": ["bladder_or_bowel_change"], "pain": 5, "days_since_onset": 1},
        D.EMERGENCY,
    ),
    "combo.both_legs_numbness": (
        {"symptoms": ["both_legs", "numbness_or_tingling"], "pain": 4, "days_since_onset": 2},
        D.EMERGENCY,
    ),
    "combo.both_legs_weakness": (
        {"symptoms": ["leg_weakness", "both_legs"], "pain": 3, "days_since_onset": 1},
        D.EMERGENCY,
    ),
    "combo.both_legs_radiating": (
        {"symptoms": ["both_legs", "pain_radiating_down_leg"], "pain": 5, "days_since_onset": 3},
        D.URGENT,
    ),
    "pain.severe": ({"symptoms": [], "pain": 7, "days_since_onset": 0}, D.REST),
    "duration.two_weeks": ({"symptoms": [], "pain": 1, "days_since_onset": 14}, D.SEE_CLINICIAN),
}


def test_there_is_one_example_for_every_rule_of_the_catalog() -> None:
    assert len(RULE_EXAMPLES) == 26
    assert {rule.rule_id for rule in rp.default_catalog().rules} == set(RULE_EXAMPLES)


@pytest.mark.parametrize("rule_id", list(RULE_EXAMPLES))
def test_each_rule_fires_with_its_disposition(rule_id: str) -> None:
    request, at_least = RULE_EXAMPLES[rule_id]
    response = rp.triage_json(request)
    fired = {reason["rule_id"]: reason["disposition"] for reason in response["reasons"]}
    assert fired[rule_id] == at_least.value
    assert response["disposition"] == at_least.value
    assert response["may_run"] is (at_least is D.SELF_CARE)
    advice = rp.default_catalog().dispositions[at_least]
    assert response["headline"] == advice.headline
    result = rp.triage(
        rp.SymptomReport(
            frozenset(request["symptoms"]), request["pain"], request["days_since_onset"]
        )
    )
    assert result.disposition is at_least
    (reason,) = [r for r in result.reasons if r.rule_id == rule_id]
    assert reason.disposition is at_least
    assert reason.message.strip()
    assert reason.source.strip()


@pytest.mark.parametrize("rule_id", [r for r in RULE_EXAMPLES if r.startswith("combo.")])
def test_a_combination_needs_both_symptoms(rule_id: str) -> None:
    request, _ = RULE_EXAMPLES[rule_id]
    for symptom in request["symptoms"]:
        alone = {**request, "symptoms": [symptom]}
        assert rule_id not in {r["rule_id"] for r in rp.triage_json(alone)["reasons"]}


def _fired(symptoms: list[str], pain: int, days: int) -> tuple[str, list[str]]:
    response = rp.triage_json({"symptoms": symptoms, "pain": pain, "days_since_onset": days})
    return response["disposition"], [reason["rule_id"] for reason in response["reasons"]]


@pytest.mark.parametrize(
    ("symptoms", "pain", "days", "fires"),
    [
        ([], 1, 13, False),
        ([], 1, 14, True),
        ([], 0, 14, False),
        ([], 0, 3650, False),
        (["stiffness_or_soreness"], 0, 13, False),
        (["stiffness_or_soreness"], 0, 14, True),
        ([], 6, 15, True),
        ([], 1, 3650, True),
    ],
)
def test_the_two_week_boundary(symptoms: list[str], pain: int, days: int, fires: bool) -> None:
    disposition, rules = _fired(symptoms, pain, days)
    assert ("duration.two_weeks" in rules) is fires
    assert disposition == ("see_clinician" if fires else "self_care")


@pytest.mark.parametrize(
    ("pain", "fires"), [(0, False), (5, False), (6, False), (7, True), (8, True), (10, True)]
)
def test_the_severe_pain_boundary(pain: int, fires: bool) -> None:
    disposition, rules = _fired([], pain, 0)
    assert ("pain.severe" in rules) is fires
    assert disposition == ("rest" if fires else "self_care")


def test_nothing_reported_is_self_care_with_no_reasons() -> None:
    response = rp.triage_json({"symptoms": [], "pain": 0, "days_since_onset": 0})
    assert response["disposition"] == "self_care"
    assert response["may_run"] is True
    assert response["reasons"] == []
    assert response["catalog_version"] == rp.default_catalog().version


def test_the_spec_example() -> None:
    request = {"symptoms": ["numbness_or_tingling"], "pain": 4, "days_since_onset": 3}
    response = rp.triage_json(request)
    assert response["disposition"] == "see_clinician"
    assert response["may_run"] is False
    assert [reason["rule_id"] for reason in response["reasons"]] == ["symptom.numbness_or_tingling"]
    report = rp.SymptomReport(
        symptoms=frozenset({"numbness_or_tingling"}), pain=4, days_since_onset=3
    )
    result = rp.triage(report)
    assert result.disposition is D.SEE_CLINICIAN
    assert result.may_run is False
    assert isinstance(result.reasons[0], rp.Reason)


def test_reasons_run_most_urgent_first_then_by_rule_id() -> None:
    _, rules = _fired(
        ["both_legs", "leg_weakness", "fever", "saddle_numbness", "pain_while_running"], 8, 20
    )
    assert rules == [
        "combo.both_legs_weakness",
        "symptom.saddle_numbness",
        "symptom.fever",
        "symptom.leg_weakness",
        "duration.two_weeks",
        "symptom.both_legs",
        "pain.severe",
        "symptom.pain_while_running",
    ]


def test_duplicates_collapse() -> None:
    once = rp.triage_json({"symptoms": ["fever"], "pain": 2, "days_since_onset": 1})
    many = rp.triage_json({"symptoms": ["fever"] * 50, "pain": 2, "days_since_onset": 1})
    assert many == once
    every = sorted(rp.default_catalog().symptoms)
    # 84 entries, but only 21 distinct symptoms: within the limit of 64
    assert rp.triage_json({"symptoms": every * 4, "pain": 0, "days_since_onset": 0})


# -- bad input: triage_json -----------------------------------------------------------------

GOOD: dict[str, Any] = {"symptoms": ["fever"], "pain": 3, "days_since_onset": 2}


def errors_of(request: object) -> list[str]:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage_json(request)
    assert isinstance(caught.value, ValueError)
    assert caught.value.errors
    return caught.value.errors


def test_unknown_symptom_with_a_suggestion() -> None:
    assert errors_of({**GOOD, "symptoms": ["fevr"]}) == [
        "symptoms[0]: unknown symptom 'fevr' (did you mean 'fever'?)"
    ]
    assert errors_of({**GOOD, "symptoms": ["fever", "chils", "zzzz"]}) == [
        "symptoms[1]: unknown symptom 'chils' (did you mean 'chills'?)",
        "symptoms[2]: unknown symptom 'zzzz'",
    ]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("pain", -1, "pain: must be from 0 to 10, got -1"),
        ("pain", 11, "pain: must be from 0 to 10, got 11"),
        ("days_since_onset", -1, "days_since_onset: must be from 0 to 3650, got -1"),
        ("days_since_onset", 3651, "days_since_onset: must be from 0 to 3650, got 3651"),
        ("pain", True, "pain: must be a whole number from 0 to 10, got True"),
        ("pain", False, "pain: must be a whole number from 0 to 10, got False"),
        ("pain", 3.0, "pain: must be a whole number from 0 to 10, got a float"),
        ("pain", 3.5, "pain: must be a whole number from 0 to 10, got a float"),
        ("pain", "3", "pain: must be a whole number from 0 to 10, got '3'"),
        ("pain", None, "pain: must be a whole number from 0 to 10, got None"),
        (
            "days_since_onset",
            "14",
            "days_since_onset: must be a whole number from 0 to 3650, got '14'",
        ),
        (
            "days_since_onset",
            [14],
            "days_since_onset: must be a whole number from 0 to 3650, got a list",
        ),
        (
            "days_since_onset",
            float("nan"),
            "days_since_onset: must be a whole number from 0 to 3650, got a float",
        ),
        ("pain", 10**100, "pain: must be from 0 to 10, got a very large integer"),
        (
            "days_since_onset",
            -(10**4000),
            "days_since_onset: must be from 0 to 3650, got a very large integer",
        ),
        ("symptoms", "fever", "symptoms: must be an array, got 'fever'"),
        ("symptoms", None, "symptoms: must be an array, got None"),
        ("symptoms", {"fever": True}, "symptoms: must be an array, got a dict"),
        ("symptoms", ["fever", 3], "symptoms[1]: must be a string, got 3"),
        ("symptoms", [None], "symptoms[0]: must be a string, got None"),
    ],
)
def test_bad_values_are_named_with_their_path(key: str, value: object, expected: str) -> None:
    assert errors_of({**GOOD, key: value}) == [expected]


def test_unknown_keys_are_rejected() -> None:
    assert errors_of({**GOOD, "catalog_version": "x"}) == ["catalog_version: unknown key"]
    assert errors_of({"symptom": ["fever"], "pain": 3, "days_since_onset": 2, "Pain": 4}) == [
        "symptom: unknown key (did you mean 'symptoms'?)",
        "Pain: unknown key (did you mean 'pain'?)",
        "symptoms: missing",
    ]


@pytest.mark.parametrize(
    ("request_", "shown"),
    [([], "a list"), ("fever", "'fever'"), (None, "None"), (3, "3"), ([GOOD], "a list")],
    ids=["list", "str", "None", "int", "list-of-request"],
)
def test_a_request_must_be_an_object(request_: object, shown: str) -> None:
    assert errors_of(request_) == [f"$: must be an object, got {shown}"]


def test_missing_keys() -> None:
    assert sorted(errors_of({})) == [
        "days_since_onset: missing",
        "pain: missing",
        "symptoms: missing",
    ]
    assert errors_of({"symptoms": [], "pain": 0}) == ["days_since_onset: missing"]


def test_more_than_64_symptoms() -> None:
    ids = [f"symptom_{n}" for n in range(65)]
    assert errors_of({**GOOD, "symptoms": ids}) == ["symptoms: must hold at most 64 items, got 65"]
    errors = errors_of({**GOOD, "symptoms": ["fever"] * 1001})
    assert errors == ["symptoms: must hold at most 1000 items, got 1001"]


def test_a_million_character_string_is_invalid_input() -> None:
    huge = "x" * 1_000_000
    for request in (
        {**GOOD, "symptoms": [huge]},
        {**GOOD, "pain": huge},
        {**GOOD, huge: 1},
    ):
        errors = errors_of(request)
        assert any(line.split(":")[0].startswith(("symptoms", "pain", "[")) for line in errors)
    assert errors_of({**GOOD, "pain": huge}) == [
        "pain: must be a whole number from 0 to 10, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"
    ]
    (line,) = errors_of({**GOOD, huge: 1})
    assert line.endswith("...']: unknown key")
    assert len(line) < 100


def test_a_million_character_symptom_gives_a_short_message() -> None:
    errors = errors_of({**GOOD, "symptoms": ["x" * 1_000_000]})
    assert all(len(line) < 200 for line in errors), [len(line) for line in errors]
    assert any(line.startswith("symptoms[0]: unknown symptom 'xxx") for line in errors)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage(rp.SymptomReport(frozenset({"z" * 64}), 1, 1))
    assert len(str(caught.value)) < 200


def test_several_problems_are_all_reported() -> None:
    errors = errors_of(
        {"symptoms": ["fevr", 7, "chills"], "pain": 11, "days_since_onset": True, "colour": "red"}
    )
    assert sorted(errors) == sorted(
        [
            "colour: unknown key",
            "symptoms[1]: must be a string, got 7",
            "symptoms[0]: unknown symptom 'fevr' (did you mean 'fever'?)",
            "pain: must be from 0 to 10, got 11",
            "days_since_onset: must be a whole number from 0 to 3650, got True",
        ]
    )


def test_the_error_message_is_every_line() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage_json({"symptoms": ["fevr"], "pain": -1, "days_since_onset": 0})
    assert str(caught.value).splitlines() == caught.value.errors
    assert len(caught.value.errors) == 2


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)
FIELD_VALUES = JSON | st.lists(st.sampled_from(["fever", "fevr", "", "both_legs"]) | JSON)


@given(
    st.one_of(
        JSON,
        st.dictionaries(
            st.sampled_from(["symptoms", "pain", "days_since_onset", "extra", "Pain"]),
            FIELD_VALUES,
        ),
    )
)
def test_nothing_but_invalid_input_escapes(request: object) -> None:
    errors: list[str] = []
    try:
        response = rp.triage_json(request)
    except rp.InvalidInput as error:
        errors = error.errors
        assert errors
    else:
        assert response["disposition"] in {member.value for member in D}
        json.dumps(response)
    assert all(isinstance(line, str) and ": " in line for line in errors)


# -- bad input: triage ----------------------------------------------------------------------


def test_triage_names_unknown_symptoms() -> None:
    report = rp.SymptomReport(frozenset({"fevr", "chils"}), 3, 2)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage(report)
    assert caught.value.errors == [
        "symptoms: unknown symptom 'chils' (did you mean 'chills'?)",
        "symptoms: unknown symptom 'fevr' (did you mean 'fever'?)",
    ]


@pytest.mark.parametrize(
    "report",
    [None, "fever", {"symptoms": ["fever"], "pain": 3, "days_since_onset": 2}, 3],
    ids=["None", "str", "dict", "int"],
)
def test_triage_wants_a_symptom_report(report: object) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage(report)  # type: ignore[arg-type]
    assert caught.value.errors[0].startswith("report: must be a SymptomReport")


@pytest.mark.parametrize(
    "bad",
    [
        {"symptoms": frozenset({"fever"}), "pain": 11, "days_since_onset": 2},
        {"symptoms": frozenset({"fever"}), "pain": 3, "days_since_onset": 2.0},
        {"symptoms": "fever", "pain": 3, "days_since_onset": 2},
        {"symptoms": frozenset({"x" * 1_000_000}), "pain": 3, "days_since_onset": 2},
    ],
    ids=["pain", "float-days", "str-symptoms", "huge-id"],
)
def test_reports_are_checked_before_triage(bad: dict[str, Any]) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(**bad)
    assert len(caught.value.errors) == 1
    assert len(caught.value.errors[0]) < 200


@pytest.mark.parametrize(
    "call",
    [
        lambda: rp.triage(rp.SymptomReport(frozenset(), 0, 0), catalog="bundled"),
        lambda: rp.triage_json(GOOD, catalog="bundled"),
    ],
    ids=["triage", "triage_json"],
)
def test_a_catalog_that_is_not_a_catalog_is_invalid_input(call: Callable[[], object]) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        call()
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith("catalog: ")
