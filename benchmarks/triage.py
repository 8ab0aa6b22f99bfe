"""How fast is triage? Per-call microseconds for the Python path, the JSON path and a
hand-written if/else of the same SPEC rules, on the same mix of realistic requests.

The rules are SPEC section 1, second edition: symptoms, risk factors, age, the
combination and numeric rules, and the unsure answers.

Goals: the Python path within 3x of the hand-written code, the JSON path within 10x.

    python benchmarks/triage.py [--repeat 7] [--number 2000]

Never asserted in tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable
from typing import Any

import runpelvis as rp

D = rp.Disposition

#: A mix of realistic requests: mostly mild, some red flags, some long-running, some with
#: an age, risk factors or answers the runner was not sure of.
REQUESTS: list[dict[str, Any]] = [
    {"symptoms": [], "pain": 0, "days_since_onset": 0},
    {"symptoms": ["stiffness_or_soreness"], "pain": 2, "days_since_onset": 1},
    {"symptoms": ["pain_after_running"], "pain": 3, "days_since_onset": 4},
    {"symptoms": ["stiffness_or_soreness", "pain_after_running"], "pain": 3, "days_since_onset": 2},
    {"symptoms": ["pain_while_running"], "pain": 5, "days_since_onset": 2},
    {"symptoms": [], "pain": 8, "days_since_onset": 1},
    {"symptoms": ["pain_after_running"], "pain": 2, "days_since_onset": 21},
    {"symptoms": ["numbness_or_tingling"], "pain": 4, "days_since_onset": 3},
    {"symptoms": ["pain_radiating_down_leg", "night_pain"], "pain": 6, "days_since_onset": 10},
    {"symptoms": ["fever", "chills"], "pain": 5, "days_since_onset": 2},
    {"symptoms": ["both_legs", "numbness_or_tingling"], "pain": 4, "days_since_onset": 2},
    {
        "symptoms": ["saddle_numbness", "bladder_or_bowel_change", "leg_weakness"],
        "pain": 7,
        "days_since_onset": 1,
    },
    # second edition: ages, risk factors, unsure answers
    {
        "symptoms": ["pain_after_running"],
        "pain": 3,
        "days_since_onset": 2,
        "age": 34,
        "risk_factors": ["pregnant"],
    },
    {"symptoms": ["sudden_severe_pain"], "pain": 8, "days_since_onset": 0, "age": 67},
    {
        "symptoms": ["sudden_pain_after_minor_strain"],
        "pain": 5,
        "days_since_onset": 1,
        "age": 58,
        "risk_factors": ["osteoporosis"],
    },
    {"symptoms": ["pain_on_arching_back"], "pain": 3, "days_since_onset": 5, "age": 16},
    {
        "symptoms": ["pain_on_hopping", "groin_pain"],
        "pain": 5,
        "days_since_onset": 6,
        "age": 24,
        "risk_factors": ["previous_stress_fracture", "restricted_eating_or_low_weight"],
    },
    {
        "symptoms": [],
        "pain": 4,
        "days_since_onset": 5,
        "age": 61,
        "risk_factors": ["history_of_cancer"],
    },
    {
        "symptoms": ["stiffness_or_soreness"],
        "pain": 2,
        "days_since_onset": 2,
        "unsure": ["saddle_numbness", "pain_on_hopping"],
    },
    {
        "symptoms": ["sudden_pain_after_minor_strain"],
        "pain": 4,
        "days_since_onset": 0,
        "unsure": ["age"],
    },
    {
        "symptoms": ["night_pain"],
        "pain": 5,
        "days_since_onset": 8,
        "age": 45,
        "unsure": ["long_term_steroids", "immunosuppressed"],
    },
    {
        "symptoms": ["one_sided_pelvic_pain"],
        "pain": 4,
        "days_since_onset": 1,
        "age": 29,
        "risk_factors": ["could_be_pregnant"],
    },
    {
        "symptoms": [],
        "pain": 0,
        "days_since_onset": 0,
        "risk_factors": ["postpartum_under_12_weeks"],
    },
    {
        "symptoms": ["colicky_flank_pain", "fever"],
        "pain": 8,
        "days_since_onset": 1,
        "risk_factors": ["immunosuppressed"],
        "unsure": ["age", "history_of_cancer"],
    },
]

# -- the hand-written baseline: SPEC section 1 as plain if/else -----------------------------

EMERGENCY, URGENT, SEE, REST, SELF = 4, 3, 2, 1, 0

#: Each symptom's own rule: (its level, its rule id).
_SYMPTOM_RULES = {
    symptom: (level, "symptom." + symptom)
    for level, symptoms in (
        (SELF, ("stiffness_or_soreness", "pain_after_running", "regular_tightening_or_cramps")),
        (REST, ("pain_while_running", "groin_pain", "pain_on_arching_back")),
        (REST, ("sudden_pain_after_minor_strain",)),
        (
            SEE,
            (
                "pain_persists_after_rest",
                "pain_worse_with_activity",
                "numbness_or_tingling",
                "pain_radiating_down_leg",
                "leaking_when_running",
                "night_pain",
                "unexplained_weight_loss",
                "pain_on_hopping",
                "both_legs",
                "prolonged_morning_stiffness",
                "painful_or_frequent_urination",
                "one_sided_pelvic_pain",
                "vaginal_bleeding",
            ),
        ),
        (
            URGENT,
            (
                "difficulty_walking_or_standing",
                "fever",
                "chills",
                "nausea",
                "leg_weakness",
                "recent_trauma",
                "blood_in_urine",
                "dark_urine_after_exertion",
                "colicky_flank_pain",
                "rash_on_painful_area",
                "sudden_severe_pain",
                "throbbing_in_belly",
            ),
        ),
        (
            EMERGENCY,
            (
                "saddle_numbness",
                "bladder_or_bowel_change",
                "faint_or_collapse",
                "confusion_or_fast_breathing",
                "chest_pain",
                "new_sexual_dysfunction",
            ),
        ),
    )
    for symptom in symptoms
}
_RISK_FACTORS = frozenset(
    {
        "history_of_cancer",
        "pregnant",
        "could_be_pregnant",
        "postpartum_under_12_weeks",
        "osteoporosis",
        "long_term_steroids",
        "immunosuppressed",
        "injects_drugs",
        "absent_or_irregular_periods",
        "restricted_eating_or_low_weight",
        "previous_stress_fracture",
    }
)
#: Symptoms that some age turns urgent or worse (aortic aneurysm at 50, fracture at 65).
_AGE_RED_FLAGS = frozenset(
    {"sudden_severe_pain", "throbbing_in_belly", "sudden_pain_after_minor_strain"}
)
_UNSURE_LEVEL = SEE
_LEVELS = list(D)


# The baseline is plain if/else on purpose, so it has many branches.
def _rules(  # noqa: C901, PLR0912, PLR0915 -- the hand-written baseline is one if/else by design
    symptoms: frozenset[str],
    risks: frozenset[str],
    pain: int,
    days: int,
    age: int | None,
) -> list[tuple[int, str]]:
    """(level, rule id) of every rule that fires, in no particular order."""
    fired = [_SYMPTOM_RULES[symptom] for symptom in symptoms]
    complaint = pain >= 1 or bool(symptoms)
    # symptom combinations
    if "both_legs" in symptoms:
        if "numbness_or_tingling" in symptoms:
            fired.append((EMERGENCY, "combo.both_legs_numbness"))
        if "leg_weakness" in symptoms:
            fired.append((EMERGENCY, "combo.both_legs_weakness"))
        if "pain_radiating_down_leg" in symptoms:
            fired.append((URGENT, "combo.both_legs_radiating"))
    if "leg_weakness" in symptoms and ("fever" in symptoms or "chills" in symptoms):
        fired.append((EMERGENCY, "combo.fever_leg_weakness"))
    if "pain_on_hopping" in symptoms and ("groin_pain" in symptoms or "night_pain" in symptoms):
        fired.append((URGENT, "combo.femoral_neck_stress"))
    if "colicky_flank_pain" in symptoms and "fever" in symptoms:
        fired.append((EMERGENCY, "combo.flank_pain_fever"))
    # risk factors
    if risks:
        if "history_of_cancer" in risks:
            if complaint:
                fired.append((URGENT, "risk.cancer_any_complaint"))
            if "leg_weakness" in symptoms or "numbness_or_tingling" in symptoms:
                fired.append((EMERGENCY, "risk.cancer_nerve_symptoms"))
        low_energy = "absent_or_irregular_periods" in risks or (
            "restricted_eating_or_low_weight" in risks
        )
        if "pain_on_hopping" in symptoms and (low_energy or "previous_stress_fracture" in risks):
            fired.append((URGENT, "risk.bone_stress_hopping"))
        if low_energy and complaint:
            fired.append((SEE, "risk.low_energy"))
        if "previous_stress_fracture" in risks and "groin_pain" in symptoms:
            fired.append((SEE, "risk.previous_stress_fracture_groin"))
        if "pregnant" in risks:
            if complaint:
                fired.append((SEE, "risk.pregnancy_any_complaint"))
            if "regular_tightening_or_cramps" in symptoms or "vaginal_bleeding" in symptoms:
                fired.append((EMERGENCY, "risk.pregnancy_labour_or_bleeding"))
            if "one_sided_pelvic_pain" in symptoms:
                fired.append((URGENT, "risk.pregnant_one_sided_pain"))
        if "could_be_pregnant" in risks:
            if "one_sided_pelvic_pain" in symptoms:
                fired.append((URGENT, "risk.possible_pregnancy_one_sided_pain"))
            if "vaginal_bleeding" in symptoms:
                fired.append((URGENT, "risk.possible_pregnancy_bleeding"))
        if "postpartum_under_12_weeks" in risks:
            fired.append((SEE, "risk.postpartum"))
        steroids = "long_term_steroids" in risks
        if "sudden_pain_after_minor_strain" in symptoms and (steroids or "osteoporosis" in risks):
            fired.append((URGENT, "risk.fragility_fracture"))
        immunosuppressed = "immunosuppressed" in risks
        if "night_pain" in symptoms and (steroids or immunosuppressed):
            fired.append((URGENT, "risk.infection_night_pain"))
        if immunosuppressed and ("fever" in symptoms or "chills" in symptoms):
            fired.append((EMERGENCY, "risk.immunosuppressed_fever"))
        if "injects_drugs" in risks:
            if complaint:
                fired.append((URGENT, "risk.injects_drugs"))
            if "fever" in symptoms:
                fired.append((EMERGENCY, "risk.injects_drugs_fever"))
    # age
    if age is not None:
        if age >= 50 and ("sudden_severe_pain" in symptoms or "throbbing_in_belly" in symptoms):
            fired.append((EMERGENCY, "age.aortic_aneurysm"))
        if age >= 65 and "sudden_pain_after_minor_strain" in symptoms:
            fired.append((URGENT, "age.fragility_fracture"))
        if age < 20 and "pain_on_arching_back" in symptoms:
            fired.append((SEE, "age.spondylolysis"))
    # pain and days
    if pain >= 6:
        fired.append((REST, "pain.severe"))
        if pain >= 9:
            fired.append((SEE, "pain.very_severe"))
    if days >= 14:
        if pain >= 2:
            fired.append((SEE, "duration.two_weeks"))
        if symptoms and symptoms != {"stiffness_or_soreness"}:
            fired.append((SEE, "duration.two_weeks_symptoms"))
    return fired


def _level(
    symptoms: frozenset[str], risks: frozenset[str], pain: int, days: int, age: int | None
) -> int:
    return max((level for level, _ in _rules(symptoms, risks, pain, days, age)), default=SELF)


# Plain values, not a report: the baseline does no more work than the rules need.
def hand_written(  # noqa: PLR0917
    symptoms: frozenset[str],
    risks: frozenset[str],
    pain: int,
    days: int,
    age: int | None,
    unsure: frozenset[str],
) -> tuple[rp.Disposition, tuple[str, ...]]:
    """The disposition and the fired rule ids (most urgent first, then by id)."""
    fired = _rules(symptoms, risks, pain, days, age)
    if unsure:
        level = max((level for level, _ in fired), default=SELF)
        for item in unsure:
            if item == "age":
                # no age given: only the age rules' own symptoms can make an age urgent
                could = level >= URGENT or not _AGE_RED_FLAGS.isdisjoint(symptoms)
            elif item in _RISK_FACTORS:
                could = _level(symptoms, risks | {item}, pain, days, age) >= URGENT
            else:
                could = _level(symptoms | {item}, risks, pain, days, age) >= URGENT
            if could:
                fired.append((_UNSURE_LEVEL, "unsure." + item))
    fired.sort(key=lambda item: (-item[0], item[1]))
    disposition = _LEVELS[fired[0][0]] if fired else D.SELF_CARE
    return disposition, tuple(rule_id for _, rule_id in fired)


# -- measuring ------------------------------------------------------------------------------


def per_call_us(run: Callable[[], object], calls: int, repeat: int, number: int) -> float:
    """Median over ``repeat`` timings of one call, in microseconds."""
    timings = timeit.repeat(run, repeat=repeat, number=number)
    return statistics.median(timings) / (number * calls) * 1e6


def fresh_requests() -> list[dict[str, Any]]:
    """The mix at every day count from 0 to 3650: about 88,000 different requests.

    A request that gives an age is asked at every age from 10 to 110 in turn, across
    the age rules' bounds. runpelvis remembers recent answers per report; cycling
    through this many distinct requests measures the work for a request it has not
    seen lately.
    """
    fresh = []
    for request in REQUESTS:
        for days in range(3651):
            varied = {**request, "days_since_onset": days}
            if "age" in request:
                varied["age"] = 10 + (request["age"] + days) % 101
            fresh.append(varied)
    return fresh


def report_of(request: dict[str, Any]) -> rp.SymptomReport:
    return rp.SymptomReport(
        symptoms=frozenset(request["symptoms"]),
        pain=request["pain"],
        days_since_onset=request["days_since_onset"],
        age=request.get("age"),
        risk_factors=frozenset(request.get("risk_factors", ())),
        unsure=frozenset(request.get("unsure", ())),
    )


def _inputs(
    report: rp.SymptomReport,
) -> tuple[frozenset[str], frozenset[str], int, int, int | None, frozenset[str]]:
    """The hand-written code's arguments for a report."""
    return (
        report.symptoms,
        report.risk_factors,
        report.pain,
        report.days_since_onset,
        report.age,
        report.unsure,
    )


def measure(requests: list[dict[str, Any]], repeat: int, number: int) -> tuple[float, float, float]:
    """Per-call microseconds of the hand-written code, ``triage`` and ``triage_json``."""
    reports = [report_of(r) for r in requests]
    inputs = [_inputs(report) for report in reports]
    triage, triage_json = rp.triage, rp.triage_json

    def python_path() -> None:
        for report in reports:
            triage(report)

    def json_path() -> None:
        for request in requests:
            triage_json(request)

    def baseline() -> None:
        for symptoms, risks, pain, days, age, unsure in inputs:
            hand_written(symptoms, risks, pain, days, age, unsure)

    calls = len(requests)
    return (
        per_call_us(baseline, calls, repeat, number),
        per_call_us(python_path, calls, repeat, number),
        per_call_us(json_path, calls, repeat, number),
    )


def check_agreement(requests: list[dict[str, Any]]) -> None:
    """The baseline must answer exactly as runpelvis does, or the comparison means nothing."""
    for request in requests:
        report = report_of(request)
        result = rp.triage(report)
        expected = (result.disposition, tuple(r.rule_id for r in result.reasons))
        if hand_written(*_inputs(report)) != expected:
            raise SystemExit(f"baseline disagrees with runpelvis on {request}")
        if rp.triage_json(request)["disposition"] != result.disposition.value:
            raise SystemExit(f"JSON path disagrees with the Python path on {request}")


def report(title: str, base: float, python: float, json_: float) -> None:
    print(title)
    print(f"  hand-written if/else   {base:8.2f} us/call")
    print(f"  triage(report)         {python:8.2f} us/call  {python / base:5.1f}x  (goal <= 3x)")
    print(f"  triage_json(request)   {json_:8.2f} us/call  {json_ / base:5.1f}x  (goal <= 10x)")
    for name, ratio, goal in (("Python", python / base, 3), ("JSON", json_ / base, 10)):
        print(f"  {name} path: {'meets' if ratio <= goal else 'MISSES'} its goal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args()

    fresh = fresh_requests()
    check_agreement(fresh)
    print(f"runpelvis {rp.default_catalog().version}, median of {args.repeat} runs")
    report(
        f"Repeated requests ({len(REQUESTS)} realistic requests, over and over):",
        *measure(REQUESTS, args.repeat, args.number),
    )
    report(
        f"Fresh requests ({len(fresh)} distinct requests, each seen once per pass):",
        *measure(fresh, args.repeat, 1),
    )


if __name__ == "__main__":
    main()
