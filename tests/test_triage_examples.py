"""One example per triage rule, the boundaries, and bad input for triage and triage_json.

SPEC section 1, second edition: symptoms, risk factors, age, unsure answers, the
combination rules and the numeric rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
from runpelvis import _rules, _triage
from spec import SYMPTOM_MINIMUM, spec_of

D = rp.Disposition


def report_of(request: dict[str, Any]) -> rp.SymptomReport:
    """The Python report of a JSON request (the optional keys included)."""
    return rp.SymptomReport(
        symptoms=frozenset(request["symptoms"]),
        pain=request["pain"],
        days_since_onset=request["days_since_onset"],
        age=request.get("age"),
        risk_factors=frozenset(request.get("risk_factors", ())),
        unsure=frozenset(request.get("unsure", ())),
    )


def _request(symptoms: list[str], pain: int, days: int, **optional: object) -> dict[str, Any]:
    return {"symptoms": symptoms, "pain": pain, "days_since_onset": days, **optional}


# -- one example per rule (SPEC section 1) --------------------------------------------------
#: rule id -> (a request that fires it and nothing more urgent, the rule's "at least").
RULE_EXAMPLES: dict[str, tuple[dict[str, Any], rp.Disposition]] = {
    # the symptoms, first edition
    "symptom.stiffness_or_soreness": (_request(["stiffness_or_soreness"], 2, 1), D.SELF_CARE),
    "symptom.pain_after_running": (_request(["pain_after_running"], 3, 2), D.SELF_CARE),
    "symptom.pain_while_running": (_request(["pain_while_running"], 4, 1), D.REST),
    "symptom.pain_persists_after_rest": (
        _request(["pain_persists_after_rest"], 3, 6),
        D.SEE_CLINICIAN,
    ),
    "symptom.pain_worse_with_activity": (
        _request(["pain_worse_with_activity"], 4, 3),
        D.SEE_CLINICIAN,
    ),
    "symptom.numbness_or_tingling": (_request(["numbness_or_tingling"], 4, 3), D.SEE_CLINICIAN),
    "symptom.pain_radiating_down_leg": (
        _request(["pain_radiating_down_leg"], 5, 4),
        D.SEE_CLINICIAN,
    ),
    "symptom.leaking_when_running": (_request(["leaking_when_running"], 0, 10), D.SEE_CLINICIAN),
    "symptom.night_pain": (_request(["night_pain"], 5, 5), D.SEE_CLINICIAN),
    "symptom.unexplained_weight_loss": (
        _request(["unexplained_weight_loss"], 3, 7),
        D.SEE_CLINICIAN,
    ),
    "symptom.pain_on_hopping": (_request(["pain_on_hopping"], 4, 5), D.SEE_CLINICIAN),
    "symptom.both_legs": (_request(["both_legs"], 3, 2), D.SEE_CLINICIAN),
    "symptom.difficulty_walking_or_standing": (
        _request(["difficulty_walking_or_standing"], 6, 1),
        D.URGENT,
    ),
    "symptom.fever": (_request(["fever"], 5, 2), D.URGENT),
    "symptom.chills": (_request(["chills"], 4, 2), D.URGENT),
    "symptom.nausea": (_request(["nausea"], 5, 1), D.URGENT),
    "symptom.leg_weakness": (_request(["leg_weakness"], 3, 3), D.URGENT),
    "symptom.recent_trauma": (_request(["recent_trauma"], 6, 0), D.URGENT),
    "symptom.saddle_numbness": (_request(["saddle_numbness"], 4, 1), D.EMERGENCY),
    "symptom.bladder_or_bowel_change": (_request(["bladder_or_bowel_change"], 5, 1), D.EMERGENCY),
    # the symptoms, second edition
    "symptom.regular_tightening_or_cramps": (
        _request(["regular_tightening_or_cramps"], 1, 0),
        D.SELF_CARE,
    ),
    "symptom.groin_pain": (_request(["groin_pain"], 4, 3), D.REST),
    "symptom.pain_on_arching_back": (_request(["pain_on_arching_back"], 3, 5, age=24), D.REST),
    "symptom.sudden_pain_after_minor_strain": (
        _request(["sudden_pain_after_minor_strain"], 5, 0, age=41),
        D.REST,
    ),
    "symptom.prolonged_morning_stiffness": (
        _request(["prolonged_morning_stiffness"], 3, 10),
        D.SEE_CLINICIAN,
    ),
    "symptom.painful_or_frequent_urination": (
        _request(["painful_or_frequent_urination"], 3, 2),
        D.SEE_CLINICIAN,
    ),
    "symptom.one_sided_pelvic_pain": (_request(["one_sided_pelvic_pain"], 4, 2), D.SEE_CLINICIAN),
    "symptom.vaginal_bleeding": (_request(["vaginal_bleeding"], 2, 1), D.SEE_CLINICIAN),
    "symptom.blood_in_urine": (_request(["blood_in_urine"], 3, 1), D.URGENT),
    "symptom.dark_urine_after_exertion": (_request(["dark_urine_after_exertion"], 5, 1), D.URGENT),
    "symptom.colicky_flank_pain": (_request(["colicky_flank_pain"], 8, 0), D.URGENT),
    "symptom.rash_on_painful_area": (_request(["rash_on_painful_area"], 5, 3), D.URGENT),
    "symptom.sudden_severe_pain": (_request(["sudden_severe_pain"], 8, 0, age=34), D.URGENT),
    "symptom.throbbing_in_belly": (_request(["throbbing_in_belly"], 3, 1, age=49), D.URGENT),
    "symptom.faint_or_collapse": (_request(["faint_or_collapse"], 7, 0), D.EMERGENCY),
    "symptom.confusion_or_fast_breathing": (
        _request(["confusion_or_fast_breathing"], 5, 2),
        D.EMERGENCY,
    ),
    "symptom.chest_pain": (_request(["chest_pain"], 6, 0), D.EMERGENCY),
    "symptom.new_sexual_dysfunction": (_request(["new_sexual_dysfunction"], 4, 2), D.EMERGENCY),
    # symptom combinations
    "combo.both_legs_numbness": (
        _request(["both_legs", "numbness_or_tingling"], 4, 2),
        D.EMERGENCY,
    ),
    "combo.both_legs_weakness": (_request(["leg_weakness", "both_legs"], 3, 1), D.EMERGENCY),
    "combo.both_legs_radiating": (
        _request(["both_legs", "pain_radiating_down_leg"], 5, 3),
        D.URGENT,
    ),
    "combo.fever_leg_weakness": (_request(["fever", "leg_weakness"], 4, 2), D.EMERGENCY),
    "combo.femoral_neck_stress": (_request(["pain_on_hopping", "groin_pain"], 5, 6), D.URGENT),
    "combo.flank_pain_fever": (_request(["colicky_flank_pain", "fever"], 8, 1), D.EMERGENCY),
    # risk factors, with or without a symptom
    "risk.cancer_any_complaint": (
        _request([], 3, 5, risk_factors=["history_of_cancer"]),
        D.URGENT,
    ),
    "risk.cancer_nerve_symptoms": (
        _request(["numbness_or_tingling"], 3, 4, risk_factors=["history_of_cancer"]),
        D.EMERGENCY,
    ),
    "risk.bone_stress_hopping": (
        _request(["pain_on_hopping"], 4, 5, risk_factors=["previous_stress_fracture"]),
        D.URGENT,
    ),
    "risk.low_energy": (
        _request([], 2, 3, risk_factors=["absent_or_irregular_periods"]),
        D.SEE_CLINICIAN,
    ),
    "risk.previous_stress_fracture_groin": (
        _request(["groin_pain"], 3, 4, risk_factors=["previous_stress_fracture"]),
        D.SEE_CLINICIAN,
    ),
    "risk.pregnancy_any_complaint": (
        _request([], 3, 2, risk_factors=["pregnant"]),
        D.SEE_CLINICIAN,
    ),
    "risk.pregnancy_labour_or_bleeding": (
        _request(["regular_tightening_or_cramps"], 4, 0, risk_factors=["pregnant"]),
        D.EMERGENCY,
    ),
    "risk.pregnant_one_sided_pain": (
        _request(["one_sided_pelvic_pain"], 4, 1, risk_factors=["pregnant"]),
        D.URGENT,
    ),
    "risk.possible_pregnancy_one_sided_pain": (
        _request(["one_sided_pelvic_pain"], 5, 1, risk_factors=["could_be_pregnant"]),
        D.URGENT,
    ),
    "risk.possible_pregnancy_bleeding": (
        _request(["vaginal_bleeding"], 2, 1, risk_factors=["could_be_pregnant"]),
        D.URGENT,
    ),
    "risk.postpartum": (
        _request([], 0, 0, risk_factors=["postpartum_under_12_weeks"]),
        D.SEE_CLINICIAN,
    ),
    "risk.fragility_fracture": (
        _request(["sudden_pain_after_minor_strain"], 5, 1, age=58, risk_factors=["osteoporosis"]),
        D.URGENT,
    ),
    "risk.infection_night_pain": (
        _request(["night_pain"], 5, 6, risk_factors=["long_term_steroids"]),
        D.URGENT,
    ),
    "risk.immunosuppressed_fever": (
        _request(["chills"], 4, 2, risk_factors=["immunosuppressed"]),
        D.EMERGENCY,
    ),
    "risk.injects_drugs": (_request([], 4, 3, risk_factors=["injects_drugs"]), D.URGENT),
    "risk.injects_drugs_fever": (
        _request(["fever"], 4, 3, risk_factors=["injects_drugs"]),
        D.EMERGENCY,
    ),
    # age
    "age.aortic_aneurysm": (_request(["sudden_severe_pain"], 8, 0, age=67), D.EMERGENCY),
    "age.fragility_fracture": (
        _request(["sudden_pain_after_minor_strain"], 5, 0, age=72),
        D.URGENT,
    ),
    "age.spondylolysis": (_request(["pain_on_arching_back"], 3, 6, age=15), D.SEE_CLINICIAN),
    # pain and days
    "pain.severe": (_request([], 7, 0), D.REST),
    "pain.very_severe": (_request([], 9, 1), D.SEE_CLINICIAN),
    "duration.two_weeks": (_request([], 2, 14), D.SEE_CLINICIAN),
    "duration.two_weeks_symptoms": (_request(["pain_after_running"], 1, 14), D.SEE_CLINICIAN),
}

#: Rules of the SPEC's combination table that hold with a risk factor and "any complaint".
ANY_COMPLAINT_RULES = {
    "risk.cancer_any_complaint",
    "risk.low_energy",
    "risk.pregnancy_any_complaint",
    "risk.injects_drugs",
}


def _reasons(request: dict[str, Any]) -> tuple[str, list[str]]:
    """The disposition and the fired rule ids, in order, of a JSON request."""
    response = rp.triage_json(request)
    return response["disposition"], [reason["rule_id"] for reason in response["reasons"]]


def _in_reporting_order(fired: dict[str, rp.Disposition]) -> list[str]:
    return sorted(fired, key=lambda rule_id: (-fired[rule_id].rank, rule_id))


def test_there_is_one_example_for_every_rule_of_the_catalog() -> None:
    assert len(RULE_EXAMPLES) == 67
    assert {rule.rule_id for rule in rp.default_catalog().rules} == set(RULE_EXAMPLES)
    for request, _ in RULE_EXAMPLES.values():
        assert set(request) <= {
            "symptoms",
            "pain",
            "days_since_onset",
            "age",
            "risk_factors",
            "unsure",
        }


@pytest.mark.parametrize("rule_id", list(RULE_EXAMPLES))
def test_each_rule_fires_with_its_disposition(rule_id: str) -> None:
    request, at_least = RULE_EXAMPLES[rule_id]
    catalog = rp.default_catalog()
    response = rp.triage_json(request)
    fired = {reason["rule_id"]: reason["disposition"] for reason in response["reasons"]}
    assert fired[rule_id] == at_least.value
    assert response["disposition"] == at_least.value
    assert response["may_run"] is (at_least is D.SELF_CARE)
    advice = catalog.dispositions[at_least]
    assert response["headline"] == advice.headline
    assert response["advice"] == advice.advice
    assert response["catalog_version"] == catalog.version
    result = rp.triage(report_of(request))
    assert result.disposition is at_least
    # every rule that fires is one the SPEC fires, in reporting order, and no other
    assert [r.rule_id for r in result.reasons] == _in_reporting_order(spec_of(result.report))
    assert [r.rule_id for r in result.reasons] == list(fired)
    (reason,) = [r for r in result.reasons if r.rule_id == rule_id]
    (rule,) = [r for r in catalog.rules if r.rule_id == rule_id]
    assert reason == rp.Reason(rule_id, at_least, rule.message, rule.source)
    assert rule.disposition is at_least
    assert reason.message.strip()
    assert reason.source.strip()


@pytest.mark.parametrize("rule_id", [r for r in RULE_EXAMPLES if r.startswith("combo.")])
def test_a_combination_needs_both_symptoms(rule_id: str) -> None:
    request, at_least = RULE_EXAMPLES[rule_id]
    assert len(request["symptoms"]) == 2
    for symptom in request["symptoms"]:
        alone = {**request, "symptoms": [symptom]}
        disposition, rules = _reasons(alone)
        assert rule_id not in rules
        assert rules[0] == f"symptom.{symptom}"
        assert D(disposition) < at_least
        assert D(disposition) is SYMPTOM_MINIMUM[symptom]


@pytest.mark.parametrize(
    "rule_id",
    [r for r in RULE_EXAMPLES if r.startswith(("risk.", "age.")) and r != "risk.postpartum"],
)
def test_a_risk_or_age_combination_needs_both_halves(rule_id: str) -> None:
    request, _ = RULE_EXAMPLES[rule_id]
    # the symptoms (or the complaint) without the risk factor or the age
    without_risk = {
        key: value for key, value in request.items() if key not in {"risk_factors", "age"}
    }
    assert rule_id not in _reasons(without_risk)[1]
    # the risk factor or the age without any complaint
    no_complaint = {**request, "symptoms": [], "pain": 0}
    assert _reasons(no_complaint) == ("self_care", [])
    if rule_id in ANY_COMPLAINT_RULES:
        assert request["symptoms"] == []
        # pain 1 is a complaint, and so is a symptom without pain
        assert rule_id in _reasons({**request, "pain": 1})[1]
        assert rule_id in _reasons({**no_complaint, "symptoms": ["stiffness_or_soreness"]})[1]
    else:
        # pain, however bad, does not stand in for the symptom the rule names
        assert rule_id not in _reasons({**request, "symptoms": [], "pain": 10})[1]


def test_postpartum_fires_alone_and_only_with_its_risk_factor() -> None:
    request = _request([], 0, 0, risk_factors=["postpartum_under_12_weeks"])
    assert _reasons(request) == ("see_clinician", ["risk.postpartum"])
    assert _reasons(_request([], 0, 0)) == ("self_care", [])
    assert _reasons(_request([], 0, 0, risk_factors=["pregnant"])) == ("self_care", [])


@pytest.mark.parametrize(
    ("rule_id", "request_", "disposition"),
    [
        ("combo.fever_leg_weakness", _request(["leg_weakness", "chills"], 3, 1), "emergency"),
        ("combo.femoral_neck_stress", _request(["pain_on_hopping", "night_pain"], 5, 6), "urgent"),
        (
            "risk.cancer_nerve_symptoms",
            _request(["leg_weakness"], 3, 2, risk_factors=["history_of_cancer"]),
            "emergency",
        ),
        (
            "risk.bone_stress_hopping",
            _request(["pain_on_hopping"], 4, 5, risk_factors=["absent_or_irregular_periods"]),
            "urgent",
        ),
        (
            "risk.bone_stress_hopping",
            _request(["pain_on_hopping"], 4, 5, risk_factors=["restricted_eating_or_low_weight"]),
            "urgent",
        ),
        (
            "risk.low_energy",
            _request([], 2, 3, risk_factors=["restricted_eating_or_low_weight"]),
            "see_clinician",
        ),
        (
            "risk.pregnancy_labour_or_bleeding",
            _request(["vaginal_bleeding"], 1, 0, risk_factors=["pregnant"]),
            "emergency",
        ),
        (
            "risk.fragility_fracture",
            _request(["sudden_pain_after_minor_strain"], 5, 1, risk_factors=["long_term_steroids"]),
            "urgent",
        ),
        (
            "risk.infection_night_pain",
            _request(["night_pain"], 5, 6, risk_factors=["immunosuppressed"]),
            "urgent",
        ),
        (
            "risk.immunosuppressed_fever",
            _request(["fever"], 4, 2, risk_factors=["immunosuppressed"]),
            "emergency",
        ),
        ("age.aortic_aneurysm", _request(["throbbing_in_belly"], 3, 1, age=71), "emergency"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else None,
)
def test_each_alternative_of_a_rule_fires_it(
    rule_id: str, request_: dict[str, Any], disposition: str
) -> None:
    got, rules = _reasons(request_)
    assert got == disposition
    assert rule_id in rules
    assert rules == _in_reporting_order(spec_of(report_of(request_)))


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        # "pregnant" rules do not fire for "could_be_pregnant"
        (
            _request(["regular_tightening_or_cramps"], 2, 0, risk_factors=["could_be_pregnant"]),
            ("self_care", ["symptom.regular_tightening_or_cramps"]),
        ),
        # injecting drugs with chills (not fever) stays urgent
        (
            _request(["chills"], 3, 1, risk_factors=["injects_drugs"]),
            ("urgent", ["risk.injects_drugs", "symptom.chills"]),
        ),
        # a previous stress fracture alone, without a complaint
        (_request([], 0, 0, risk_factors=["previous_stress_fracture"]), ("self_care", [])),
        # long-term steroids with fever is urgent from the fever, not an emergency
        (
            _request(["fever"], 3, 1, risk_factors=["long_term_steroids"]),
            ("urgent", ["symptom.fever"]),
        ),
        # every risk factor at once, with no complaint: only the postpartum rule
        (
            _request([], 0, 0, risk_factors=sorted(rp.default_catalog().risk_factors)),
            ("see_clinician", ["risk.postpartum"]),
        ),
    ],
    ids=["could-be-pregnant", "drugs-chills", "stress-fracture", "steroids-fever", "every-risk"],
)
def test_risk_factors_do_only_what_their_rules_say(
    request_: dict[str, Any], expected: tuple[str, list[str]]
) -> None:
    assert _reasons(request_) == expected


# -- age --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symptom", "age", "disposition", "age_rule"),
    [
        ("sudden_severe_pain", 10, "urgent", None),
        ("sudden_severe_pain", 49, "urgent", None),
        ("sudden_severe_pain", 50, "emergency", "age.aortic_aneurysm"),
        ("sudden_severe_pain", 110, "emergency", "age.aortic_aneurysm"),
        ("throbbing_in_belly", 49, "urgent", None),
        ("throbbing_in_belly", 50, "emergency", "age.aortic_aneurysm"),
        ("sudden_pain_after_minor_strain", 64, "rest", None),
        ("sudden_pain_after_minor_strain", 65, "urgent", "age.fragility_fracture"),
        ("sudden_pain_after_minor_strain", 110, "urgent", "age.fragility_fracture"),
        ("pain_on_arching_back", 10, "see_clinician", "age.spondylolysis"),
        ("pain_on_arching_back", 19, "see_clinician", "age.spondylolysis"),
        ("pain_on_arching_back", 20, "rest", None),
        ("pain_on_arching_back", 110, "rest", None),
    ],
)
def test_the_age_edges(symptom: str, age: int, disposition: str, age_rule: str | None) -> None:
    request = _request([symptom], 3, 1, age=age)
    expected = [f"symptom.{symptom}"] if age_rule is None else [age_rule, f"symptom.{symptom}"]
    assert _reasons(request) == (disposition, expected)


@pytest.mark.parametrize("rule_id", [r for r in RULE_EXAMPLES if r.startswith("age.")])
def test_no_age_fires_no_age_rule(rule_id: str) -> None:
    request, _ = RULE_EXAMPLES[rule_id]
    without_age = {key: value for key, value in request.items() if key != "age"}
    (symptom,) = request["symptoms"]
    severe = ["pain.severe"] if request["pain"] >= 6 else []
    assert _reasons(without_age) == (
        SYMPTOM_MINIMUM[symptom].value,
        [f"symptom.{symptom}", *severe],
    )
    assert _reasons({**request, "age": None}) == _reasons(without_age)


def test_no_age_fires_no_age_rule_whatever_else_is_reported() -> None:
    everything = sorted(rp.default_catalog().symptoms)
    risks = sorted(rp.default_catalog().risk_factors)
    _, rules = _reasons(_request(everything, 10, 3650, risk_factors=risks))
    assert not [rule for rule in rules if rule.startswith("age.")]
    _, young = _reasons(_request(everything, 10, 3650, age=10, risk_factors=risks))
    assert [rule for rule in young if rule.startswith("age.")] == ["age.spondylolysis"]
    _, old = _reasons(_request(everything, 10, 3650, age=110, risk_factors=risks))
    assert [rule for rule in old if rule.startswith("age.")] == [
        "age.aortic_aneurysm",
        "age.fragility_fracture",
    ]


# -- unsure answers -------------------------------------------------------------------------


def _unsure_message(name: str) -> str:
    return rp.default_catalog().unsure.message.replace("{item}", name)


def test_an_unsure_red_flag_asks_for_a_clinician() -> None:
    result = rp.triage(rp.SymptomReport(frozenset(), 0, 0, unsure=frozenset({"saddle_numbness"})))
    assert result.disposition is D.SEE_CLINICIAN
    assert result.may_run is False
    (reason,) = result.reasons
    assert reason.rule_id == "unsure.saddle_numbness"
    assert reason.disposition is D.SEE_CLINICIAN
    assert "saddle numbness" in reason.message
    assert reason.message == _unsure_message("saddle numbness")
    assert reason.source == rp.default_catalog().unsure.source
    # never counted as a yes: not the emergency that saddle numbness itself is
    response = rp.triage_json(_request([], 0, 0, unsure=["saddle_numbness"]))
    assert response["disposition"] == "see_clinician"
    assert [r["rule_id"] for r in response["reasons"]] == ["unsure.saddle_numbness"]


@pytest.mark.parametrize(
    "item", ["pain_after_running", "pain_while_running", "groin_pain", "night_pain", "pregnant"]
)
def test_an_unsure_answer_that_could_not_be_urgent_changes_nothing(item: str) -> None:
    assert _reasons(_request([], 0, 0, unsure=[item])) == ("self_care", [])
    assert _reasons(_request(["stiffness_or_soreness"], 3, 2, unsure=[item])) == (
        "self_care",
        ["symptom.stiffness_or_soreness"],
    )


def test_an_unsure_age_is_tried_at_every_age() -> None:
    # with sudden severe pain, some age (50 or over) would be an emergency
    disposition, rules = _reasons(_request(["sudden_severe_pain"], 8, 0, unsure=["age"]))
    assert (disposition, rules) == (
        "urgent",
        ["symptom.sudden_severe_pain", "unsure.age", "pain.severe"],
    )
    # after a minor strain, an age of 65 or over would be urgent: not sure raises rest
    result = rp.triage(
        rp.SymptomReport(
            frozenset({"sudden_pain_after_minor_strain"}), 4, 0, unsure=frozenset({"age"})
        )
    )
    assert result.disposition is D.SEE_CLINICIAN
    assert [r.rule_id for r in result.reasons] == [
        "unsure.age",
        "symptom.sudden_pain_after_minor_strain",
    ]
    assert result.reasons[0].message == _unsure_message("your age")
    # no age makes pain on arching back urgent (under 20 is see_clinician): no unsure reason
    assert _reasons(_request(["pain_on_arching_back"], 3, 2, unsure=["age"])) == (
        "rest",
        ["symptom.pain_on_arching_back"],
    )
    # nothing at all to report: no age matters
    assert _reasons(_request([], 0, 0, unsure=["age"])) == ("self_care", [])


def test_an_unsure_risk_factor() -> None:
    # with a complaint, a history of cancer would be urgent
    result = rp.triage(rp.SymptomReport(frozenset(), 3, 2, unsure=frozenset({"history_of_cancer"})))
    assert result.disposition is D.SEE_CLINICIAN
    (reason,) = result.reasons
    assert reason.rule_id == "unsure.history_of_cancer"
    assert reason.message == _unsure_message("history of cancer")
    # without any complaint it would not be: nothing fires
    assert _reasons(_request([], 0, 2, unsure=["history_of_cancer"])) == ("self_care", [])
    # pregnant, not sure, with one-sided pelvic pain: urgent if yes
    assert _reasons(_request(["one_sided_pelvic_pain"], 4, 1, unsure=["pregnant"])) == (
        "see_clinician",
        ["symptom.one_sided_pelvic_pain", "unsure.pregnant"],
    )


def test_an_unsure_symptom_is_judged_at_the_given_age() -> None:
    # at 65 or over, a sudden pain after a minor strain would be urgent (fragility fracture)
    assert _reasons(_request([], 2, 1, age=70, unsure=["sudden_pain_after_minor_strain"])) == (
        "see_clinician",
        ["unsure.sudden_pain_after_minor_strain"],
    )
    assert _reasons(_request([], 2, 1, age=40, unsure=["sudden_pain_after_minor_strain"])) == (
        "self_care",
        [],
    )


def test_the_unsure_rule_reads_pain_and_days_in_a_clinic_rule(tmp_path: Any) -> None:
    # no bundled rule of urgent or above reads pain or days: a clinic's rules can
    extension = {
        "version": "clinic.7",
        "extends": "runpelvis",
        "rules": [
            {
                "rule_id": "clinic.month_of_night_pain",
                "disposition": "urgent",
                "when": {"symptoms": ["night_pain"], "days_at_least": 30},
                "message": "A month of pain at night needs a doctor today.",
                "source": "clinic protocol 7",
            },
            {
                "rule_id": "clinic.severe_pain_over_60",
                "disposition": "urgent",
                "when": {"pain_at_least": 7, "days_at_least": 3, "age_at_least": 60},
                "message": "Three days of severe pain at 60 or over needs a doctor today.",
                "source": "clinic protocol 7",
            },
            {
                "rule_id": "clinic.osteoporosis_over_80",
                "disposition": "urgent",
                "when": {"risk_factors": ["osteoporosis"], "age_at_least": 80},
                "message": "Any back pain at 80 or over with osteoporosis needs a doctor today.",
                "source": "clinic protocol 7",
            },
        ],
    }
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(extension), encoding="utf-8")
    clinic = rp.load_catalog(path)

    def unsure_rules(pain: int, days: int, unsure: str, *risks: str) -> list[str]:
        report = rp.SymptomReport(
            frozenset(), pain, days, risk_factors=frozenset(risks), unsure=frozenset({unsure})
        )
        found = rp.triage(report, catalog=clinic).reasons
        return [reason.rule_id for reason in found if reason.rule_id.startswith("unsure.")]

    assert unsure_rules(2, 40, "night_pain") == ["unsure.night_pain"]
    assert unsure_rules(2, 29, "night_pain") == []
    assert unsure_rules(8, 3, "age") == ["unsure.age"]
    assert unsure_rules(8, 2, "age") == []
    assert unsure_rules(6, 3, "age") == []
    assert unsure_rules(2, 1, "age", "osteoporosis") == ["unsure.age"]
    assert unsure_rules(2, 1, "age", "long_term_steroids") == []


def test_each_unsure_item_is_judged_on_its_own() -> None:
    # immunosuppressed is an emergency only with a fever; the fever is unsure too, and an
    # unsure answer never counts as a yes for another one
    assert _reasons(_request([], 0, 0, unsure=["immunosuppressed", "fever"])) == (
        "see_clinician",
        ["unsure.fever"],
    )
    assert _reasons(_request([], 0, 0, unsure=["immunosuppressed", "osteoporosis"])) == (
        "self_care",
        [],
    )
    assert _reasons(
        _request(["night_pain"], 4, 3, unsure=["long_term_steroids", "immunosuppressed"])
    ) == (
        "see_clinician",
        ["symptom.night_pain", "unsure.immunosuppressed", "unsure.long_term_steroids"],
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"symptoms": frozenset({"fever"}), "unsure": frozenset({"fever"})},
            ["unsure: 'fever' is reported and unsure at once: it can only be one"],
        ),
        (
            {"risk_factors": frozenset({"pregnant"}), "unsure": frozenset({"pregnant"})},
            ["unsure: 'pregnant' is reported and unsure at once: it can only be one"],
        ),
        (
            {"age": 40, "unsure": frozenset({"age"})},
            ["unsure: 'age' is given and unsure at once: it can only be one"],
        ),
    ],
    ids=["symptom", "risk-factor", "age"],
)
def test_an_answer_is_given_or_unsure_not_both(fields: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(**{"symptoms": frozenset(), "pain": 3, "days_since_onset": 2, **fields})
    assert caught.value.errors == expected
    request = {
        key: sorted(value) if isinstance(value, frozenset) else value
        for key, value in fields.items()
    }
    assert errors_of({"symptoms": [], "pain": 3, "days_since_onset": 2, **request}) == expected


# -- pain and days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symptoms", "pain", "days", "expected"),
    [
        ([], 1, 13, []),
        ([], 1, 14, []),  # pain 1 alone never fires it
        ([], 1, 3650, []),
        ([], 2, 13, []),
        ([], 2, 14, ["duration.two_weeks"]),
        ([], 0, 14, []),
        ([], 0, 3650, []),
        (["stiffness_or_soreness"], 0, 14, []),
        (["stiffness_or_soreness"], 1, 3650, []),  # long-standing mild stiffness alone
        (["stiffness_or_soreness"], 2, 14, ["duration.two_weeks"]),
        (["pain_after_running"], 0, 13, []),
        (["pain_after_running"], 0, 14, ["duration.two_weeks_symptoms"]),
        (["pain_after_running"], 1, 3650, ["duration.two_weeks_symptoms"]),
        (
            ["stiffness_or_soreness", "pain_after_running"],
            2,
            14,
            ["duration.two_weeks", "duration.two_weeks_symptoms"],
        ),
        ([], 6, 15, ["duration.two_weeks"]),
    ],
)
def test_the_two_week_boundary(
    symptoms: list[str], pain: int, days: int, expected: list[str]
) -> None:
    disposition, rules = _reasons(_request(symptoms, pain, days))
    assert [rule for rule in rules if rule.startswith("duration.")] == expected
    assert disposition == ("see_clinician" if expected else "rest" if pain >= 6 else "self_care")


@pytest.mark.parametrize(
    ("pain", "disposition", "expected"),
    [
        (0, "self_care", []),
        (5, "self_care", []),
        (6, "rest", ["pain.severe"]),
        (8, "rest", ["pain.severe"]),
        (9, "see_clinician", ["pain.very_severe", "pain.severe"]),
        (10, "see_clinician", ["pain.very_severe", "pain.severe"]),
    ],
)
def test_the_severe_pain_boundaries(pain: int, disposition: str, expected: list[str]) -> None:
    assert _reasons(_request([], pain, 0)) == (disposition, expected)


def test_nothing_reported_is_self_care_with_no_reasons() -> None:
    response = rp.triage_json(_request([], 0, 0))
    assert response["disposition"] == "self_care"
    assert response["may_run"] is True
    assert response["reasons"] == []
    assert response["catalog_version"] == rp.default_catalog().version
    # nor with an age, or with only answers the runner was unsure of that cannot matter
    assert _reasons(_request([], 0, 0, age=35)) == ("self_care", [])
    assert _reasons(_request([], 0, 0, age=None, risk_factors=[], unsure=[])) == ("self_care", [])


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


def test_the_second_edition_spec_example() -> None:
    report = rp.SymptomReport(
        symptoms=frozenset({"sudden_severe_pain"}),
        pain=8,
        days_since_onset=0,
        age=67,
        risk_factors=frozenset({"long_term_steroids"}),
        unsure=frozenset({"faint_or_collapse"}),
    )
    result = rp.triage(report)
    assert result.disposition is D.EMERGENCY
    assert [r.rule_id for r in result.reasons] == [
        "age.aortic_aneurysm",
        "symptom.sudden_severe_pain",
        "unsure.faint_or_collapse",
        "pain.severe",
    ]


def test_reasons_run_most_urgent_first_then_by_rule_id() -> None:
    _, rules = _reasons(
        _request(
            ["both_legs", "leg_weakness", "fever", "saddle_numbness", "pain_while_running"], 8, 20
        )
    )
    assert rules == [
        "combo.both_legs_weakness",
        "combo.fever_leg_weakness",
        "symptom.saddle_numbness",
        "symptom.fever",
        "symptom.leg_weakness",
        "duration.two_weeks",
        "duration.two_weeks_symptoms",
        "symptom.both_legs",
        "pain.severe",
        "symptom.pain_while_running",
    ]


def test_unsure_reasons_take_their_place_in_the_order() -> None:
    request = _request(
        ["sudden_pain_after_minor_strain", "pain_while_running"],
        6,
        14,
        risk_factors=["osteoporosis"],
        unsure=["age", "fever", "stiffness_or_soreness"],
    )
    assert _reasons(request) == (
        "urgent",
        [
            "risk.fragility_fracture",
            "duration.two_weeks",
            "duration.two_weeks_symptoms",
            "unsure.age",
            "unsure.fever",
            # the report is urgent already, so it is with stiffness too (SPEC, read as written)
            "unsure.stiffness_or_soreness",
            "pain.severe",
            "symptom.pain_while_running",
            "symptom.sudden_pain_after_minor_strain",
        ],
    )


def test_duplicates_collapse() -> None:
    once = rp.triage_json(_request(["fever"], 2, 1))
    many = rp.triage_json(_request(["fever"] * 50, 2, 1))
    assert many == once
    twice = rp.triage_json(
        _request([], 2, 1, risk_factors=["pregnant"] * 2, unsure=["fever", "fever"])
    )
    assert twice == rp.triage_json(_request([], 2, 1, risk_factors=["pregnant"], unsure=["fever"]))
    every = sorted(rp.default_catalog().symptoms)
    assert len(every) == 38
    # 152 entries, but only 38 distinct symptoms: within the limit of 64
    assert rp.triage_json(_request(every * 4, 0, 0))


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
    # a risk factor is not a symptom, and a symptom is not a risk factor
    assert errors_of({**GOOD, "symptoms": ["history_of_cancer"]}) == [
        "symptoms[0]: unknown symptom 'history_of_cancer'"
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
        # the second edition's optional keys
        ("age", 9, "age: must be from 10 to 110, got 9"),
        ("age", 111, "age: must be from 10 to 110, got 111"),
        ("age", "40", "age: must be a whole number from 10 to 110, got '40'"),
        ("age", True, "age: must be a whole number from 10 to 110, got True"),
        ("age", 40.0, "age: must be a whole number from 10 to 110, got a float"),
        ("risk_factors", "pregnant", "risk_factors: must be an array, got 'pregnant'"),
        ("risk_factors", None, "risk_factors: must be an array, got None"),
        ("risk_factors", [3], "risk_factors[0]: must be a string, got 3"),
        (
            "risk_factors",
            ["pregnat"],
            "risk_factors[0]: unknown risk factor 'pregnat' (did you mean 'pregnant'?)",
        ),
        (
            "risk_factors",
            ["pregnant", "osteoporsis"],
            "risk_factors[1]: unknown risk factor 'osteoporsis' (did you mean 'osteoporosis'?)",
        ),
        ("risk_factors", ["fever"], "risk_factors[0]: unknown risk factor 'fever'"),
        ("unsure", "age", "unsure: must be an array, got 'age'"),
        ("unsure", [7], "unsure[0]: must be a string, got 7"),
        ("unsure", ["zzzz"], "unsure[0]: unknown symptom or risk factor 'zzzz'"),
        (
            "unsure",
            ["chils"],
            "unsure[0]: unknown symptom or risk factor 'chils' (did you mean 'chills'?)",
        ),
        (
            "unsure",
            ["Age"],
            "unsure[0]: unknown symptom or risk factor 'Age' (did you mean 'age'?)",
        ),
        ("unsure", ["fever"], "unsure: 'fever' is reported and unsure at once: it can only be one"),
    ],
)
def test_bad_values_are_named_with_their_path(key: str, value: object, expected: str) -> None:
    assert errors_of({**GOOD, key: value}) == [expected]


def test_a_bad_age_never_hides_the_red_flag_of_the_rest() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage_json({**_request(["sudden_severe_pain"], 8, 0), "age": "67"})
    assert caught.value.errors == ["age: must be a whole number from 10 to 110, got '67'"]
    assert caught.value.triage is not None
    assert caught.value.triage.disposition is D.URGENT
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage_json(
            _request(["one_sided_pelvic_pain"], 4, 1, risk_factors=["pregnant", "pregnat"])
        )
    assert caught.value.errors == [
        "risk_factors[1]: unknown risk factor 'pregnat' (did you mean 'pregnant'?)"
    ]
    assert caught.value.triage is not None
    assert [r.rule_id for r in caught.value.triage.reasons] == [
        "risk.pregnant_one_sided_pain",
        "risk.pregnancy_any_complaint",
        "symptom.one_sided_pelvic_pain",
    ]


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
    # the optional keys stay optional; the three first-edition keys stay required
    assert errors_of({"pain": 0, "days_since_onset": 0, "age": 30, "risk_factors": []}) == [
        "symptoms: missing"
    ]


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
        {
            "symptoms": ["fevr", 7, "chills"],
            "pain": 11,
            "days_since_onset": True,
            "colour": "red",
            "age": 9,
            "risk_factors": ["pregnat"],
            "unsure": ["zzzz"],
        }
    )
    assert sorted(errors) == sorted(
        [
            "colour: unknown key",
            "symptoms[1]: must be a string, got 7",
            "symptoms[0]: unknown symptom 'fevr' (did you mean 'fever'?)",
            "pain: must be from 0 to 10, got 11",
            "days_since_onset: must be a whole number from 0 to 3650, got True",
            "age: must be from 10 to 110, got 9",
            "risk_factors[0]: unknown risk factor 'pregnat' (did you mean 'pregnant'?)",
            "unsure[0]: unknown symptom or risk factor 'zzzz'",
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
IDS = ["fever", "fevr", "", "both_legs", "pregnant", "age", "history_of_cancer"]
FIELD_VALUES = JSON | st.lists(st.sampled_from(IDS) | JSON) | st.integers(0, 120)


@given(
    st.one_of(
        JSON,
        st.dictionaries(
            st.sampled_from(
                [
                    "symptoms",
                    "pain",
                    "days_since_onset",
                    "age",
                    "risk_factors",
                    "unsure",
                    "extra",
                    "Pain",
                ]
            ),
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


def test_triage_names_unknown_risk_factors_and_unsure_ids() -> None:
    report = rp.SymptomReport(
        frozenset({"fever"}),
        3,
        2,
        risk_factors=frozenset({"pregnat", "fever"}),
        unsure=frozenset({"chils", "zzzz"}),
    )
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage(report)
    assert caught.value.errors == [
        "risk_factors: unknown risk factor 'fever'",
        "risk_factors: unknown risk factor 'pregnat' (did you mean 'pregnant'?)",
        "unsure: unknown symptom or risk factor 'chils' (did you mean 'chills'?)",
        "unsure: unknown symptom or risk factor 'zzzz'",
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


_NONE: dict[str, Any] = {"symptoms": frozenset(), "pain": 3, "days_since_onset": 2}


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({**_NONE, "pain": 11}, "pain: must be from 0 to 10, got 11"),
        (
            {**_NONE, "days_since_onset": 2.0},
            "days_since_onset: must be a whole number from 0 to 3650, got a float",
        ),
        ({**_NONE, "symptoms": "fever"}, "symptoms: must be a set, got 'fever'"),
        (
            {**_NONE, "symptoms": frozenset({"x" * 1_000_000})},
            "symptoms: must be at most 64 characters, got 1000000",
        ),
        ({**_NONE, "age": 9}, "age: must be from 10 to 110, got 9"),
        ({**_NONE, "age": 111}, "age: must be from 10 to 110, got 111"),
        ({**_NONE, "age": "40"}, "age: must be a whole number from 10 to 110, got '40'"),
        ({**_NONE, "age": True}, "age: must be a whole number from 10 to 110, got True"),
        ({**_NONE, "risk_factors": 3}, "risk_factors: must be a set, got 3"),
        ({**_NONE, "unsure": "age"}, "unsure: must be a set, got 'age'"),
    ],
    ids=[
        "pain",
        "float-days",
        "str-symptoms",
        "huge-id",
        "age-9",
        "age-111",
        "age-str",
        "age-bool",
        "risk-int",
        "unsure-str",
    ],
)
def test_reports_are_checked_before_triage(bad: dict[str, Any], expected: str) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.SymptomReport(**bad)
    assert caught.value.errors == [expected]


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


# -- the compiled engine --------------------------------------------------------------------


def test_the_engine_remembers_at_most_4096_answers() -> None:
    engine = _triage._Engine.compile(_rules.bundled_rules())
    reports = [
        rp.SymptomReport(frozenset(), pain, days) for pain in range(11) for days in range(373)
    ]
    assert len(reports) > 4096
    for report in reports:
        assert engine.evaluate(report) == rp.triage(report)
        assert len(engine.answers) <= 4096


#: Plainly well-formed requests at every edge the JSON fast path accepts.
PLAIN_REQUESTS = [
    _request([], 0, 0),
    _request(["fever"], 10, 3650),
    _request(["pain_after_running"], 3, 2, age=10),
    _request(["pain_after_running"], 3, 2, age=110, risk_factors=["pregnant"]),
    _request([], 1, 1, age=40, unsure=["fever"]),
    _request(["night_pain"], 4, 3, risk_factors=["osteoporosis"], unsure=["age"]),
    _request(["groin_pain"], 2, 5, age=None, risk_factors=[], unsure=[]),
    _request(["fever"] * 64, 3, 1),  # at most 64 items, repeats and all
]


@pytest.mark.parametrize("request_", PLAIN_REQUESTS)
def test_a_plain_request_is_not_checked_twice(
    request_: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fast path builds the report itself; the strict reader is only for the unusual
    expected = rp.triage_json(request_)

    def strict(*args: object) -> rp.SymptomReport:
        raise AssertionError("a plain request took the strict path")

    monkeypatch.setattr(_triage, "_read_report", strict)
    assert rp.triage_json(request_) == expected


def test_the_engine_indexes_each_rule_by_the_ids_it_needs() -> None:
    # a report's call looks at only the rules its ids can fire: a rule needing a symptom
    # or a risk factor is found through that id, never tried on every report
    engine = _triage._Engine.compile(_rules.bundled_rules())
    rules = engine.rules
    unconditional = {rules[i].rule_id for i in engine.index.unconditional}
    assert unconditional == {
        "duration.two_weeks",
        "duration.two_weeks_symptoms",
        "pain.severe",
        "pain.very_severe",
    }
    for trigger, positions in engine.index.by_trigger.items():
        for position in positions:
            when = rules[position].when
            if trigger.startswith("risk:"):
                assert trigger.removeprefix("risk:") in (when.risk_factors or when.any_risk_factors)
            else:
                assert trigger in (when.symptoms or when.any_symptoms)
    combined = [rules[i].rule_id for i in engine.index.by_trigger["leg_weakness"]]
    assert "combo.fever_leg_weakness" in combined
    assert [rules[i].rule_id for i in engine.index.by_trigger["risk:injects_drugs"]] == [
        "risk.injects_drugs"
    ]


def test_the_engine_remembers_each_answer_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _triage._Engine.compile(_rules.bundled_rules())
    report = rp.SymptomReport(frozenset({"fever"}), 4, 2)
    first = engine.respond(report)

    def rebuilt(*args: object) -> dict[str, Any]:
        raise AssertionError("a remembered answer was built again")

    monkeypatch.setattr(_triage._Engine, "_response", rebuilt)
    second = engine.respond(report)
    assert second == first
    second["reasons"][0]["message"] = "changed by the caller"
    assert engine.respond(report) == first  # each caller gets a copy of its own


def test_a_runner_may_be_unsure_of_everything() -> None:
    catalog = rp.default_catalog()
    everything = frozenset({*catalog.symptoms, *catalog.risk_factors, "age"})
    result = rp.triage(rp.SymptomReport(frozenset(), 0, 0, unsure=everything))
    assert result.disposition is D.SEE_CLINICIAN
    unsure_ids = {f"unsure.{item}" for item in everything}
    assert {reason.rule_id for reason in result.reasons} <= unsure_ids


def test_triage_names_what_it_got_instead_of_a_report() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage({"symptoms": []})  # type: ignore[arg-type]
    assert raised.value.errors == ["report: must be a SymptomReport, got dict"]
