"""SPEC section 1, written out by hand: the independent oracle the tests check against.

Nothing here is read from the catalog, so a wrong rule or a missing id in the
bundled data fails the tests that use it.
"""

from __future__ import annotations

from typing import Any

import runpelvis as rp

D = rp.Disposition

#: Symptom -> the minimum disposition it forces (SPEC "Symptoms" table, second edition).
SYMPTOM_MINIMUM: dict[str, rp.Disposition] = {
    "stiffness_or_soreness": D.SELF_CARE,
    "pain_after_running": D.SELF_CARE,
    "pain_while_running": D.REST,
    "pain_persists_after_rest": D.SEE_CLINICIAN,
    "pain_worse_with_activity": D.SEE_CLINICIAN,
    "numbness_or_tingling": D.SEE_CLINICIAN,
    "pain_radiating_down_leg": D.SEE_CLINICIAN,
    "leaking_when_running": D.SEE_CLINICIAN,
    "night_pain": D.SEE_CLINICIAN,
    "unexplained_weight_loss": D.SEE_CLINICIAN,
    "pain_on_hopping": D.SEE_CLINICIAN,
    "both_legs": D.SEE_CLINICIAN,
    "difficulty_walking_or_standing": D.URGENT,
    "fever": D.URGENT,
    "chills": D.URGENT,
    "nausea": D.URGENT,
    "leg_weakness": D.URGENT,
    "recent_trauma": D.URGENT,
    "saddle_numbness": D.EMERGENCY,
    "bladder_or_bowel_change": D.EMERGENCY,
    "regular_tightening_or_cramps": D.SELF_CARE,
    "groin_pain": D.REST,
    "pain_on_arching_back": D.REST,
    "sudden_pain_after_minor_strain": D.REST,
    "prolonged_morning_stiffness": D.SEE_CLINICIAN,
    "painful_or_frequent_urination": D.SEE_CLINICIAN,
    "one_sided_pelvic_pain": D.SEE_CLINICIAN,
    "vaginal_bleeding": D.SEE_CLINICIAN,
    "blood_in_urine": D.URGENT,
    "dark_urine_after_exertion": D.URGENT,
    "colicky_flank_pain": D.URGENT,
    "rash_on_painful_area": D.URGENT,
    "sudden_severe_pain": D.URGENT,
    "throbbing_in_belly": D.URGENT,
    "faint_or_collapse": D.EMERGENCY,
    "confusion_or_fast_breathing": D.EMERGENCY,
    "chest_pain": D.EMERGENCY,
    "new_sexual_dysfunction": D.EMERGENCY,
}
#: SPEC "Risk factors" table: what the runner is or has had.
RISK_FACTORS = frozenset(
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
#: Combination rule id -> (symptoms that must all be reported, minimum disposition): the
#: symptom-only pairs of the SPEC's combination table.
COMBINATIONS: dict[str, tuple[frozenset[str], rp.Disposition]] = {
    "combo.both_legs_numbness": (frozenset({"both_legs", "numbness_or_tingling"}), D.EMERGENCY),
    "combo.both_legs_weakness": (frozenset({"both_legs", "leg_weakness"}), D.EMERGENCY),
    "combo.both_legs_radiating": (frozenset({"both_legs", "pain_radiating_down_leg"}), D.URGENT),
    "combo.flank_pain_fever": (frozenset({"colicky_flank_pain", "fever"}), D.EMERGENCY),
}
SEVERE_PAIN = 6  # pain >= 6 -> at least rest
VERY_SEVERE_PAIN = 9  # pain >= 9 -> at least see_clinician
LONG_DAYS = 14  # days >= 14 and (pain >= 2 or a symptom other than stiffness) -> see_clinician

RED_FLAGS = sorted(symptom for symptom, level in SYMPTOM_MINIMUM.items() if level >= D.URGENT)
AGE = "age"


class Facts:
    """One report's facts, with the words the SPEC's tables use."""

    def __init__(
        self,
        symptoms: frozenset[str],
        pain: int,
        days: int,
        risks: frozenset[str],
        age: int | None,
    ) -> None:
        self.symptoms, self.pain, self.days, self.risks, self.age = symptoms, pain, days, risks, age

    def has(self, *symptoms: str) -> bool:
        return set(symptoms) <= self.symptoms

    def any_of(self, *symptoms: str) -> bool:
        return not self.symptoms.isdisjoint(symptoms)

    def risk(self, *risks: str) -> bool:
        return not self.risks.isdisjoint(risks)

    @property
    def complaint(self) -> bool:
        return self.pain >= 1 or bool(self.symptoms)

    def aged(self, at_least: int = 0, below: int = 1000) -> bool:
        return self.age is not None and at_least <= self.age < below


#: Every rule of the SPEC's combination table that is not a symptom pair, written out.
_RULES: dict[str, tuple[rp.Disposition, object]] = {
    "combo.fever_leg_weakness": (
        D.EMERGENCY,
        lambda f: f.has("leg_weakness") and f.any_of("fever", "chills"),
    ),
    "combo.femoral_neck_stress": (
        D.URGENT,
        lambda f: f.has("pain_on_hopping") and f.any_of("groin_pain", "night_pain"),
    ),
    "risk.cancer_any_complaint": (D.URGENT, lambda f: f.risk("history_of_cancer") and f.complaint),
    "risk.cancer_nerve_symptoms": (
        D.EMERGENCY,
        lambda f: f.risk("history_of_cancer") and f.any_of("leg_weakness", "numbness_or_tingling"),
    ),
    "risk.bone_stress_hopping": (
        D.URGENT,
        lambda f: (
            f.has("pain_on_hopping")
            and f.risk(
                "absent_or_irregular_periods",
                "restricted_eating_or_low_weight",
                "previous_stress_fracture",
            )
        ),
    ),
    "risk.low_energy": (
        D.SEE_CLINICIAN,
        lambda f: (
            f.risk("absent_or_irregular_periods", "restricted_eating_or_low_weight") and f.complaint
        ),
    ),
    "risk.previous_stress_fracture_groin": (
        D.SEE_CLINICIAN,
        lambda f: f.risk("previous_stress_fracture") and f.has("groin_pain"),
    ),
    "risk.pregnancy_any_complaint": (D.SEE_CLINICIAN, lambda f: f.risk("pregnant") and f.complaint),
    "risk.pregnancy_labour_or_bleeding": (
        D.EMERGENCY,
        lambda f: (
            f.risk("pregnant") and f.any_of("regular_tightening_or_cramps", "vaginal_bleeding")
        ),
    ),
    "risk.pregnant_one_sided_pain": (
        D.URGENT,
        lambda f: f.risk("pregnant") and f.has("one_sided_pelvic_pain"),
    ),
    "risk.possible_pregnancy_one_sided_pain": (
        D.URGENT,
        lambda f: f.risk("could_be_pregnant") and f.has("one_sided_pelvic_pain"),
    ),
    "risk.possible_pregnancy_bleeding": (
        D.URGENT,
        lambda f: f.risk("could_be_pregnant") and f.has("vaginal_bleeding"),
    ),
    "risk.postpartum": (D.SEE_CLINICIAN, lambda f: f.risk("postpartum_under_12_weeks")),
    "risk.fragility_fracture": (
        D.URGENT,
        lambda f: (
            f.risk("osteoporosis", "long_term_steroids") and f.has("sudden_pain_after_minor_strain")
        ),
    ),
    "risk.infection_night_pain": (
        D.URGENT,
        lambda f: f.risk("long_term_steroids", "immunosuppressed") and f.has("night_pain"),
    ),
    "risk.immunosuppressed_fever": (
        D.EMERGENCY,
        lambda f: f.risk("immunosuppressed") and f.any_of("fever", "chills"),
    ),
    "risk.injects_drugs": (D.URGENT, lambda f: f.risk("injects_drugs") and f.complaint),
    "risk.injects_drugs_fever": (D.EMERGENCY, lambda f: f.risk("injects_drugs") and f.has("fever")),
    "age.aortic_aneurysm": (
        D.EMERGENCY,
        lambda f: f.aged(at_least=50) and f.any_of("sudden_severe_pain", "throbbing_in_belly"),
    ),
    "age.fragility_fracture": (
        D.URGENT,
        lambda f: f.aged(at_least=65) and f.has("sudden_pain_after_minor_strain"),
    ),
    "age.spondylolysis": (
        D.SEE_CLINICIAN,
        lambda f: f.aged(below=20) and f.has("pain_on_arching_back"),
    ),
    "pain.severe": (D.REST, lambda f: f.pain >= SEVERE_PAIN),
    "pain.very_severe": (D.SEE_CLINICIAN, lambda f: f.pain >= VERY_SEVERE_PAIN),
    "duration.two_weeks": (D.SEE_CLINICIAN, lambda f: f.days >= LONG_DAYS and f.pain >= 2),
    "duration.two_weeks_symptoms": (
        D.SEE_CLINICIAN,
        lambda f: f.days >= LONG_DAYS and bool(f.symptoms - {"stiffness_or_soreness"}),
    ),
}


def spec_rules(
    symptoms: frozenset[str],
    pain: int,
    days: int,
    *,
    risks: frozenset[str] = frozenset(),
    age: int | None = None,
    unsure: frozenset[str] = frozenset(),
) -> dict[str, rp.Disposition]:
    """The rules SPEC section 1 fires for a report, by rule id, with their minimums."""
    facts = Facts(symptoms, pain, days, risks, age)
    fired = {f"symptom.{symptom}": SYMPTOM_MINIMUM[symptom] for symptom in symptoms}
    for rule_id, (needed, level) in COMBINATIONS.items():
        if needed <= symptoms:
            fired[rule_id] = level
    for rule_id, (level, holds) in _RULES.items():
        if holds(facts):  # type: ignore[operator]
            fired[rule_id] = level
    for item in unsure:
        if _unsure_fires(item, symptoms=symptoms, pain=pain, days=days, risks=risks, age=age):
            fired[f"unsure.{item}"] = D.SEE_CLINICIAN
    return fired


def _unsure_fires(
    item: str,
    *,
    symptoms: frozenset[str],
    pain: int,
    days: int,
    risks: frozenset[str],
    age: int | None,
) -> bool:
    """SPEC: the report with the item answered yes (or with some age 10-110) is urgent+."""
    tries: list[tuple[frozenset[str], frozenset[str], int | None]]
    if item == AGE:
        # the SPEC's age rules change only at 20, 50 and 65: one age on each side will do
        tries = [(symptoms, risks, candidate) for candidate in (10, 19, 20, 49, 50, 64, 65, 110)]
    elif item in SYMPTOM_MINIMUM:
        tries = [(symptoms | {item}, risks, age)]
    else:
        tries = [(symptoms, risks | {item}, age)]
    return any(
        max(spec_rules(s, pain, days, risks=r, age=a).values(), default=D.SELF_CARE) >= D.URGENT
        for s, r, a in tries
    )


def spec_disposition(
    symptoms: frozenset[str],
    pain: int,
    days: int,
    *,
    risks: frozenset[str] = frozenset(),
    age: int | None = None,
    unsure: frozenset[str] = frozenset(),
) -> rp.Disposition:
    fired = spec_rules(symptoms, pain, days, risks=risks, age=age, unsure=unsure)
    return max(fired.values(), default=D.SELF_CARE)


def spec_of(report: rp.SymptomReport) -> dict[str, rp.Disposition]:
    """:func:`spec_rules` for a report."""
    return spec_rules(
        report.symptoms,
        report.pain,
        report.days_since_onset,
        risks=report.risk_factors,
        age=report.age,
        unsure=report.unsure,
    )


SYMPTOMS = frozenset(SYMPTOM_MINIMUM)
CAUSE_GROUPS = {
    "overuse": "training_load",
    "no_cross_training": "training_load",
    "poor_form": "technique",
    "weak_core": "muscular",
    "weak_glutes": "muscular",
    "tight_hip_flexors": "muscular",
    "skipped_stretching": "habit",
    "worn_or_ill_fitting_shoes": "equipment",
    "herniated_disc": "medical",
    "sciatica": "medical",
    "pelvic_floor_dysfunction": "medical",
}
STRETCHES = {
    "childs_pose",
    "figure_four_stretch",
    "cobra_pose",
    "pigeon_pose",
    "seated_spinal_twist",
    "hip_flexor_stretch",
    "downward_dog",
}
STRENGTH = {"glute_bridge", "plank", "side_plank", "crunch", "deadlift", "lunge", "bird_dog"}
CROSS_TRAINING = {"swimming": "pool", "cycling": "bike", "yoga": None, "pilates": None}
EQUIPMENT = {"mat", "dumbbells", "barbell", "pool", "bike"}
CONTRAINDICATIONS = {
    "deadlift": {"numbness_or_tingling", "pain_radiating_down_leg", "herniated_disc", "sciatica"},
    "crunch": {"herniated_disc"},
    "lunge": {"pain_on_hopping"},
}

#: The runner profile of SPEC section 5's examples, as JSON; ``rp.RunnerProfile(**SPEC_PROFILE)``
#: is the object. Every test module shares this one dict: copy it before changing it.
SPEC_PROFILE: dict[str, Any] = {
    "causes": ["weak_core"],
    "level": "beginner",
    "equipment": ["mat"],
    "session_minutes": 20,
    "runs_per_week": 3,
    "weekly_run_minutes": 90,
}

#: The runner history of SPEC section 5's example.
SPEC_HISTORY = rp.RunnerHistory(
    weekly_run_minutes=(120, 125, 170),
    rest_days_per_week=1,
    shoe_km=900,
    stretches=False,
    cross_trains=False,
    form=frozenset({"overstriding"}),
    plank_seconds=20,
    single_leg_bridge_reps=8,
    hip_flexor_tight=True,
    diagnoses=frozenset({"sciatica"}),
)


def hip_clicking_extension(version: str, disposition: str, message: str) -> dict[str, Any]:
    """A clinic's catalog extension: a symptom the bundled catalog lacks (a painful hip
    click), its question group, and one rule that gives ``disposition`` for it."""
    return {
        "version": version,
        "extends": "runpelvis",
        "symptoms": [
            {
                "id": "hip_clicking",
                "name": "Hip clicking",
                "description": "A painful click at the front of the hip when running.",
                "question": "Does your hip click painfully when you run?",
                "source": f"clinic protocol {version}",
            }
        ],
        "question_groups": [
            {
                "id": "clinic_hip",
                "kind": "symptoms",
                "text": "About your hip.",
                "why": message,
                "items": ["hip_clicking"],
            }
        ],
        "rules": [
            {
                "rule_id": "clinic.hip_clicking",
                "disposition": disposition,
                "when": {"symptoms": ["hip_clicking"]},
                "message": message,
                "source": f"clinic protocol {version}",
            }
        ],
    }
