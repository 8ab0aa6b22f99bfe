"""How fast is triage? Per-call microseconds for the Python path, the JSON path and a
hand-written if/else of the same SPEC rules, on the same mix of realistic requests.

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

#: A mix of realistic requests: mostly mild, some red flags, some long-running.
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
]

# -- the hand-written baseline: SPEC section 1 as plain if/else -----------------------------

_SEE = D.SEE_CLINICIAN


# The baseline is plain if/else on purpose, so it has many branches.
def hand_written(  # noqa: PLR0912
    symptoms: frozenset[str], pain: int, days: int
) -> tuple[D, tuple[str, ...]]:
    """The disposition and the fired rule ids (most urgent first, then by id)."""
    fired: list[tuple[int, str]] = []
    if "saddle_numbness" in symptoms:
        fired.append((4, "symptom.saddle_numbness"))
    if "bladder_or_bowel_change" in symptoms:
        fired.append((4, "symptom.bladder_or_bowel_change"))
    if "both_legs" in symptoms:
        fired.append((2, "symptom.both_legs"))
        if "numbness_or_tingling" in symptoms:
            fired.append((4, "combo.both_legs_numbness"))
        if "leg_weakness" in symptoms:
            fired.append((4, "combo.both_legs_weakness"))
        if "pain_radiating_down_leg" in symptoms:
            fired.append((3, "combo.both_legs_radiating"))
    for symptom in (
        "difficulty_walking_or_standing",
        "fever",
        "chills",
        "nausea",
        "leg_weakness",
        "recent_trauma",
        "history_of_cancer",
    ):
        if symptom in symptoms:
            fired.append((3, "symptom." + symptom))
    for symptom in (
        "pain_persists_after_rest",
        "pain_worse_with_activity",
        "numbness_or_tingling",
        "pain_radiating_down_leg",
        "leaking_when_running",
        "night_pain",
        "unexplained_weight_loss",
        "pain_on_hopping",
    ):
        if symptom in symptoms:
            fired.append((2, "symptom." + symptom))
    if "pain_while_running" in symptoms:
        fired.append((1, "symptom.pain_while_running"))
    if "stiffness_or_soreness" in symptoms:
        fired.append((0, "symptom.stiffness_or_soreness"))
    if "pain_after_running" in symptoms:
        fired.append((0, "symptom.pain_after_running"))
    if pain >= 7:
        fired.append((1, "pain.severe"))
    if days >= 14 and (pain >= 1 or symptoms):
        fired.append((2, "duration.two_weeks"))
    fired.sort(key=lambda item: (-item[0], item[1]))
    levels = list(D)
    disposition = levels[fired[0][0]] if fired else D.SELF_CARE
    return disposition, tuple(rule_id for _, rule_id in fired)


# -- measuring ------------------------------------------------------------------------------


def per_call_us(run: Callable[[], object], calls: int, repeat: int, number: int) -> float:
    """Median over ``repeat`` timings of one call, in microseconds."""
    timings = timeit.repeat(run, repeat=repeat, number=number)
    return statistics.median(timings) / (number * calls) * 1e6


def fresh_requests() -> list[dict[str, Any]]:
    """The mix at every day count from 0 to 3650: about 44,000 different requests.

    runpelvis remembers recent answers per report; cycling through this many distinct
    requests measures the work for a request it has not seen lately.
    """
    return [{**request, "days_since_onset": days} for request in REQUESTS for days in range(3651)]


def measure(requests: list[dict[str, Any]], repeat: int, number: int) -> tuple[float, float, float]:
    """Per-call microseconds of the hand-written code, ``triage`` and ``triage_json``."""
    reports = [
        rp.SymptomReport(frozenset(r["symptoms"]), r["pain"], r["days_since_onset"])
        for r in requests
    ]
    inputs = [(report.symptoms, report.pain, report.days_since_onset) for report in reports]
    triage, triage_json = rp.triage, rp.triage_json

    def python_path() -> None:
        for report in reports:
            triage(report)

    def json_path() -> None:
        for request in requests:
            triage_json(request)

    def baseline() -> None:
        for symptoms, pain, days in inputs:
            hand_written(symptoms, pain, days)

    calls = len(requests)
    return (
        per_call_us(baseline, calls, repeat, number),
        per_call_us(python_path, calls, repeat, number),
        per_call_us(json_path, calls, repeat, number),
    )


def check_agreement(requests: list[dict[str, Any]]) -> None:
    """The baseline must answer exactly as runpelvis does, or the comparison means nothing."""
    for request in requests:
        symptoms = frozenset(request["symptoms"])
        result = rp.triage(rp.SymptomReport(symptoms, request["pain"], request["days_since_onset"]))
        expected = (result.disposition, tuple(r.rule_id for r in result.reasons))
        if hand_written(symptoms, request["pain"], request["days_since_onset"]) != expected:
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
