"""FHIR R4 resources: valid R4B models, a lossless questionnaire round trip, strict reading."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.riskassessment import RiskAssessment
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._fhir import ANSWER_SYSTEM, DISPOSITION_SYSTEM

CATALOG = rp.default_catalog()
FIRST_GROUP = next(i["linkId"] for i in rp.to_fhir_questionnaire()["item"] if i["type"] == "group")
PROFILE = rp.RunnerProfile(
    causes=frozenset({"weak_core"}),
    level="beginner",
    equipment=frozenset({"mat"}),
    session_minutes=20,
    runs_per_week=3,
    weekly_run_minutes=90,
)


def _answer(code: str) -> list[dict[str, Any]]:
    return [{"valueCoding": {"system": ANSWER_SYSTEM, "code": code}}]


def filled(report: rp.SymptomReport) -> dict[str, Any]:
    """A QuestionnaireResponse to the check-in that says exactly ``report``."""

    def answer(item: dict[str, Any]) -> dict[str, Any]:
        link_id = item["linkId"]
        if item["type"] == "group":
            return {"linkId": link_id, "item": [answer(child) for child in item["item"]]}
        if item["type"] == "choice":
            said = report.symptoms | report.risk_factors
            code = "yes" if link_id in said else "unsure" if link_id in report.unsure else "no"
            return {"linkId": link_id, "answer": _answer(code)}
        if item["type"] == "boolean":
            return {"linkId": link_id, "answer": [{"valueBoolean": "age" in report.unsure}]}
        value = getattr(report, link_id)
        return {
            "linkId": link_id,
            **({} if value is None else {"answer": [{"valueInteger": value}]}),
        }

    questionnaire = rp.to_fhir_questionnaire()
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire["url"],
        "status": "completed",
        "item": [answer(item) for item in questionnaire["item"]],
    }


def _link_ids(items: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for item in items:
        found.append(item["linkId"])
        found += _link_ids(item.get("item", []))
    return found


def test_questionnaire_is_a_valid_r4_resource_with_every_question() -> None:
    questionnaire = rp.to_fhir_questionnaire()
    Questionnaire.model_validate(questionnaire)
    assert questionnaire["version"] == CATALOG.version
    link_ids = _link_ids(questionnaire["item"])
    assert len(link_ids) == len(set(link_ids))
    assert set(CATALOG.symptoms) | set(CATALOG.risk_factors) <= set(link_ids)
    numbers = {i["linkId"]: i for i in questionnaire["item"] if i["type"] == "integer"}
    assert set(numbers) == {"pain", "days_since_onset", "age"}
    assert [e["valueInteger"] for e in numbers["pain"]["extension"]] == [0, 10]
    assert numbers["pain"]["required"]
    assert not numbers["age"]["required"]


def test_choice_items_offer_yes_no_unsure_in_the_runpelvis_system() -> None:
    groups = [i for i in rp.to_fhir_questionnaire()["item"] if i["type"] == "group"]
    assert groups
    for group in groups:
        for item in group["item"]:
            assert item["type"] == "choice"
            codes = [
                (o["valueCoding"]["system"], o["valueCoding"]["code"]) for o in item["answerOption"]
            ]
            assert codes == [
                (ANSWER_SYSTEM, "yes"),
                (ANSWER_SYSTEM, "no"),
                (ANSWER_SYSTEM, "unsure"),
            ]
            entry = CATALOG.symptoms.get(item["linkId"]) or CATALOG.risk_factors[item["linkId"]]
            assert item["text"] == (entry.question or entry.name)


def test_declining_the_age_is_enabled_only_while_no_age_is_given() -> None:
    (item,) = [i for i in rp.to_fhir_questionnaire()["item"] if i["linkId"] == "age_unsure"]
    assert item["enableWhen"] == [{"question": "age", "operator": "exists", "answerBoolean": False}]


@given(s.reports())
def test_a_response_filled_from_any_truth_gives_that_report(report: rp.SymptomReport) -> None:
    response = filled(report)
    QuestionnaireResponse.model_validate(response)
    assert rp.report_from_fhir(response) == report


def test_missing_choice_answers_and_age_mean_no_and_none() -> None:
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {"linkId": "pain", "answer": [{"valueInteger": 3}]},
            {"linkId": "days_since_onset", "answer": [{"valueInteger": 2}]},
            {"linkId": FIRST_GROUP, "item": [{"linkId": "fever", "answer": _answer("yes")}]},
        ],
    }
    report = rp.report_from_fhir(response)
    assert report == rp.SymptomReport(symptoms=frozenset({"fever"}), pain=3, days_since_onset=2)
    assert report.age is None


def _base() -> dict[str, Any]:
    return filled(rp.SymptomReport(symptoms=frozenset(), pain=2, days_since_onset=1))


def _errors(response: object) -> list[str]:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.report_from_fhir(response)
    return caught.value.errors


def test_bad_responses_name_every_problem_by_path() -> None:
    response = _base()
    response["status"] = "in-progress"
    response["item"][0]["answer"] = [{"valueInteger": 11}]  # pain
    response["item"][1]["answer"] = [{"valueString": "2"}]  # days
    group = response["item"][4]["item"]
    group[0]["answer"] = _answer("maybe")
    group[1]["answer"] = [{"valueCoding": {"system": "http://example.org", "code": "yes"}}]
    group.append({"linkId": "fevr", "answer": _answer("yes")})
    group.append({"linkId": group[2]["linkId"], "answer": _answer("no")})
    errors = _errors(response)
    assert "status: must be 'completed' or 'amended'" in errors
    assert "item[0].answer[0].valueInteger: must be from 0 to 10, got 11" in errors
    assert "item[1].answer[0].valueString: must be a valueInteger" in errors
    assert (
        "item[4].item[0].answer[0].valueCoding.code: must be one of yes, no, unsure, got 'maybe'"
        in errors
    )
    assert f"item[4].item[1].answer[0].valueCoding.system: must be {ANSWER_SYSTEM!r}" in errors
    assert f"item[4].item[{len(group) - 2}].linkId: unknown question 'fevr'" in errors
    assert f"item[4].item[{len(group) - 1}].linkId: {group[2]['linkId']!r} answered twice" in errors


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda r: r.update(resourceType="Questionnaire"),
            "resourceType: must be 'QuestionnaireResponse'",
        ),
        (lambda r: r.update(modifierExtension=[]), "modifierExtension: unknown or unsupported key"),
        (lambda r: r.update(item={}), "item: must be an array, got an object"),
        (lambda r: r["item"].insert(0, 3), "item[0]: must be an object, got int"),
        (lambda r: r["item"].insert(0, {"answer": []}), "item[0].linkId: must be a string"),
        (
            lambda r: r["item"][0].update(answer=[]),
            "item[0].answer: must be an array of exactly one answer",
        ),
        (
            lambda r: r["item"][0].update(answer=[1]),
            "item[0].answer[0]: must be an object, got int",
        ),
        (
            lambda r: r["item"][0].update(answer=[{}]),
            "item[0].answer[0]: must hold exactly one value[x]",
        ),
        (
            lambda r: r["item"][0].update(answer=[{"valueInteger": True}]),
            "item[0].answer[0].valueInteger: must be a valueInteger",
        ),
        (lambda r: r["item"][0].update(item=[]), "item[0].item: only a group holds items"),
        (
            lambda r: r["item"][3].update(answer=[{"valueInteger": 1}]),
            "item[3].answer[0].valueInteger: must be a valueBoolean",
        ),
        (
            lambda r: r["item"][4].update(answer=[]),
            "item[4].answer: a group has no answer of its own",
        ),
        (
            lambda r: r["item"][4]["item"][0].update(answer=[{"valueString": "yes"}]),
            "item[4].item[0].answer[0].valueString: must be a valueCoding object",
        ),
        (
            lambda r: r["item"][4]["item"][0]["answer"][0]["valueCoding"].update(x=1),
            "item[4].item[0].answer[0].valueCoding.x: unknown key",
        ),
        (lambda r: r["item"].pop(0), "item: no answer to 'pain'"),
    ],
)
def test_each_kind_of_malformed_response_is_invalid_input(change: Any, error: str) -> None:
    response = _base()
    change(response)
    assert error in _errors(response)


def test_age_both_given_and_declined_is_invalid() -> None:
    response = filled(rp.SymptomReport(symptoms=frozenset(), pain=2, days_since_onset=1, age=40))
    response["item"][3]["answer"] = [{"valueBoolean": True}]
    assert any(error.startswith("item") and "age" in error for error in _errors(response))


def test_a_red_flag_in_a_bad_response_comes_with_its_triage() -> None:
    response = filled(
        rp.SymptomReport(symptoms=frozenset({"saddle_numbness"}), pain=2, days_since_onset=1)
    )
    response["item"][0]["answer"] = [{"valueInteger": 99}]
    with pytest.raises(rp.InvalidInput) as caught:
        rp.report_from_fhir(response)
    assert caught.value.triage is not None
    assert caught.value.triage.disposition is rp.Disposition.EMERGENCY


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_garbage_is_invalid_input(value: object) -> None:
    with pytest.raises(rp.InvalidInput):
        rp.report_from_fhir(value)


@given(s.reports(), st.data())
def test_a_damaged_response_is_invalid_input_or_a_report(
    report: rp.SymptomReport, data: st.DataObject
) -> None:
    response = filled(report)
    items = response["item"]
    index = data.draw(st.integers(0, len(items) - 1))
    items[index] = {
        **items[index],
        data.draw(st.sampled_from(["answer", "linkId", "item"])): data.draw(json_values),
    }
    try:
        outcome: object = rp.report_from_fhir(response)
    except rp.InvalidInput as error:
        outcome = error.errors
    assert isinstance(outcome, rp.SymptomReport) or outcome


@given(s.reports())
def test_risk_assessment_is_valid_and_carries_the_triage(report: rp.SymptomReport) -> None:
    result = rp.triage(report)
    resource = rp.to_fhir_risk_assessment(result)
    RiskAssessment.model_validate(resource)
    assert resource["status"] == "final"
    assert resource["subject"] == {"display": "runner"}
    (risk,) = resource["prediction"][0]["qualitativeRisk"]["coding"]
    assert (risk["system"], risk["code"], risk["version"]) == (
        DISPOSITION_SYSTEM,
        result.disposition.value,
        result.catalog_version,
    )
    assert [c["coding"][0]["code"] for c in resource["reasonCode"]] == [
        r.rule_id for r in result.reasons
    ]
    notes = [note["text"] for note in resource["note"]]
    for reason, note in zip(result.reasons, notes, strict=False):
        assert reason.source in note
        assert reason.message in note
    assert result.catalog_version in notes[-1]


def test_subject_is_a_reference() -> None:
    result = rp.triage(rp.SymptomReport(symptoms=frozenset(), pain=0, days_since_onset=0))
    subject = {"reference": "Patient/123", "display": "Sam"}
    assert rp.to_fhir_risk_assessment(result, subject=subject)["subject"] == subject
    for bad in ({}, {"reference": 3}, {"who": "x"}, "Patient/1"):
        with pytest.raises(rp.InvalidInput, match="subject"):
            rp.to_fhir_risk_assessment(result, subject=bad)  # type: ignore[arg-type]
    with pytest.raises(rp.InvalidInput, match="result"):
        rp.to_fhir_risk_assessment("self_care")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "report",
    [
        None,
        rp.SymptomReport(symptoms=frozenset({"pain_while_running"}), pain=3, days_since_onset=2),
    ],
)
def test_care_plan_is_valid_with_every_activity_scheduled(report: rp.SymptomReport | None) -> None:
    result = None if report is None else rp.triage(report)
    program = rp.plan_program(PROFILE, weeks=3, start=datetime.date(2026, 1, 5), triage=result)
    plan = rp.to_fhir_care_plan(program, subject={"reference": "Patient/1"})
    CarePlan.model_validate(plan)
    assert (plan["status"], plan["intent"], plan["subject"]) == (
        "active",
        "plan",
        {"reference": "Patient/1"},
    )
    assert plan["period"] == {"start": "2026-01-05", "end": "2026-01-25"}
    expected = [(day.date.isoformat(), a.kind) for day in program.days for a in day.activities]
    got = [
        (a["detail"]["scheduledPeriod"]["start"], a["detail"]["code"]["coding"][0]["code"])
        for a in plan["activity"]
    ]
    assert got == expected
    for activity, (_, kind) in zip(plan["activity"], expected, strict=True):
        assert activity["detail"]["status"] == "scheduled"
        assert activity["detail"]["description"].startswith(kind.replace("_", " ").capitalize())
    sessions = [
        a.session for day in program.days for a in day.activities if a.session and a.session.items
    ]
    assert sessions
    assert any(sessions[0].items[0].name in a["detail"]["description"] for a in plan["activity"])


def test_care_plan_refuses_what_is_not_a_program() -> None:
    with pytest.raises(rp.InvalidInput, match="program"):
        rp.to_fhir_care_plan({"days": []})  # type: ignore[arg-type]


def test_questionnaire_of_a_custom_catalog_and_a_bad_catalog() -> None:
    assert rp.to_fhir_questionnaire(CATALOG) == rp.to_fhir_questionnaire()
    with pytest.raises(rp.InvalidInput, match="catalog"):
        rp.to_fhir_questionnaire("bundled")  # type: ignore[arg-type]


def test_the_questionnaire_is_a_fresh_dict() -> None:
    first = rp.to_fhir_questionnaire()
    kept = copy.deepcopy(first)
    first["item"].clear()
    assert rp.to_fhir_questionnaire() == kept
