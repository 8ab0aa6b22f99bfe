"""SPEC section 1, written out by hand: the independent oracle the tests check against.

Nothing here is read from the catalog, so a wrong rule or a missing id in the
bundled data fails the tests that use it.
"""

from __future__ import annotations

import runpelvis as rp

D = rp.Disposition

#: Symptom -> the minimum disposition it forces (SPEC "Symptoms" table).
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
    "history_of_cancer": D.URGENT,
    "saddle_numbness": D.EMERGENCY,
    "bladder_or_bowel_change": D.EMERGENCY,
}
#: Combination rule id -> (symptoms that must all be reported, minimum disposition).
COMBINATIONS: dict[str, tuple[frozenset[str], rp.Disposition]] = {
    "combo.both_legs_numbness": (frozenset({"both_legs", "numbness_or_tingling"}), D.EMERGENCY),
    "combo.both_legs_weakness": (frozenset({"both_legs", "leg_weakness"}), D.EMERGENCY),
    "combo.both_legs_radiating": (frozenset({"both_legs", "pain_radiating_down_leg"}), D.URGENT),
}
SEVERE_PAIN = 7  # pain >= 7 -> at least rest
LONG_DAYS = 14  # days >= 14 and (pain >= 1 or any symptom) -> at least see_clinician

RED_FLAGS = sorted(symptom for symptom, level in SYMPTOM_MINIMUM.items() if level >= D.URGENT)


def spec_rules(symptoms: frozenset[str], pain: int, days: int) -> dict[str, rp.Disposition]:
    """The rules SPEC section 1 fires for a report, by rule id, with their minimums."""
    fired = {f"symptom.{symptom}": SYMPTOM_MINIMUM[symptom] for symptom in symptoms}
    for rule_id, (needed, level) in COMBINATIONS.items():
        if needed <= symptoms:
            fired[rule_id] = level
    if pain >= SEVERE_PAIN:
        fired["pain.severe"] = D.REST
    if days >= LONG_DAYS and (pain >= 1 or symptoms):
        fired["duration.two_weeks"] = D.SEE_CLINICIAN
    return fired


def spec_disposition(symptoms: frozenset[str], pain: int, days: int) -> rp.Disposition:
    return max(spec_rules(symptoms, pain, days).values(), default=D.SELF_CARE)


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
