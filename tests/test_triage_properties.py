"""Property tests for every triage invariant of SPEC section 4.

The oracle is SPEC section 1 written out below (symptom minimums, combinations,
numeric rules), not the catalog's rules: a wrong rule in the data fails a test here.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
from typing import Any

import attrs.exceptions
import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._convert import structure, unstructure
from spec import (
    COMBINATIONS,
    LONG_DAYS,
    RED_FLAGS,
    RISK_FACTORS,
    SEVERE_PAIN,
    SYMPTOM_MINIMUM,
    VERY_SEVERE_PAIN,
    spec_of,
)

D = rp.Disposition


def report_of(request: dict[str, Any]) -> rp.SymptomReport:
    return rp.SymptomReport(
        symptoms=frozenset(request["symptoms"]),
        pain=request["pain"],
        days_since_onset=request["days_since_onset"],
        age=request.get("age"),
        risk_factors=frozenset(request.get("risk_factors", ())),
        unsure=frozenset(request.get("unsure", ())),
    )


def evolve(report: rp.SymptomReport, **changes: Any) -> rp.SymptomReport:
    """``report`` with ``changes``; a symptom or risk factor now reported is no longer unsure."""
    answered = {
        *changes.get("symptoms", report.symptoms),
        *changes.get("risk_factors", report.risk_factors),
        *(["age"] if changes.get("age", report.age) is not None else []),
    }
    unsure = changes.pop("unsure", report.unsure)
    return attrs.evolve(report, unsure=frozenset(unsure) - answered, **changes)


def test_the_oracle_covers_the_catalog_vocabulary() -> None:
    assert set(SYMPTOM_MINIMUM) == set(rp.default_catalog().symptoms)
    assert set(RISK_FACTORS) == set(rp.default_catalog().risk_factors)


# -- totality, agreement with SPEC ----------------------------------------------------------


@given(s.reports())
def test_triage_is_total_and_fires_exactly_the_spec_rules(report: rp.SymptomReport) -> None:
    result = rp.triage(report)
    assert isinstance(result, rp.TriageResult)
    fired = {reason.rule_id: reason.disposition for reason in result.reasons}
    assert fired == spec_of(report)
    assert result.disposition is max(fired.values(), default=D.SELF_CARE)
    assert result.catalog_version == rp.default_catalog().version
    for reason in result.reasons:
        assert reason.message.strip()
        assert reason.source.strip()


@given(s.json_requests())
def test_triage_json_is_total(request: dict[str, Any]) -> None:
    response = rp.triage_json(request)
    assert {"disposition", "may_run", "reasons", "catalog_version"} <= set(response)
    assert response["disposition"] in {member.value for member in D}
    for reason in response["reasons"]:
        assert set(reason) == {"rule_id", "disposition", "message", "source"}
    assert json.loads(json.dumps(response)) == response


@given(s.reports())
def test_disposition_is_the_max_over_the_reasons(report: rp.SymptomReport) -> None:
    result = rp.triage(report)
    expected = max((reason.disposition for reason in result.reasons), default=D.SELF_CARE)
    assert result.disposition is expected
    assert (result.disposition is D.SELF_CARE) or result.reasons


@given(s.reports())
def test_may_run_iff_self_care(report: rp.SymptomReport) -> None:
    result = rp.triage(report)
    assert result.may_run is (result.disposition is D.SELF_CARE)
    assert rp.triage_json(unstructure(report))["may_run"] is result.may_run


@given(s.reports())
def test_reasons_are_most_urgent_first_then_by_rule_id(report: rp.SymptomReport) -> None:
    reasons = rp.triage(report).reasons
    keys = [(-list(D).index(reason.disposition), reason.rule_id) for reason in reasons]
    assert keys == sorted(keys)
    assert len({reason.rule_id for reason in reasons}) == len(reasons)


# -- determinism, purity, order -------------------------------------------------------------


@given(s.reports())
def test_triage_is_deterministic(report: rp.SymptomReport) -> None:
    first = rp.triage(report)
    twin = rp.SymptomReport(
        symptoms=frozenset(sorted(report.symptoms)),
        pain=report.pain,
        days_since_onset=report.days_since_onset,
        age=report.age,
        risk_factors=list(report.risk_factors),
        unsure=tuple(report.unsure),
    )
    assert rp.triage(report) == first
    assert rp.triage(twin) == first
    assert rp.triage(report, catalog=rp.default_catalog()) == first


@given(s.json_requests())
def test_triage_json_is_deterministic(request: dict[str, Any]) -> None:
    assert rp.triage_json(request) == rp.triage_json(copy.deepcopy(request))


@given(s.reports())
def test_triage_leaves_the_report_untouched(report: rp.SymptomReport) -> None:
    before = unstructure(report)
    result = rp.triage(report)
    assert unstructure(report) == before
    assert result.report == report
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.pain = 0  # type: ignore[misc]


@given(s.json_requests())
def test_triage_json_leaves_the_request_untouched(request: dict[str, Any]) -> None:
    before = copy.deepcopy(request)
    response = rp.triage_json(request)
    assert request == before
    assert request["symptoms"] == before["symptoms"]  # same order, same repeats
    # The response shares nothing mutable with the request, nor with later responses.
    fresh = copy.deepcopy(response)
    response["reasons"].append("x")
    response["disposition"] = "tampered"
    if "report" in response:
        response["report"]["symptoms"].append("x")
    assert request == before
    assert rp.triage_json(request) == fresh


@given(s.json_requests(), st.randoms(use_true_random=False), st.integers(0, 5))
def test_order_and_repeats_of_symptoms_are_irrelevant(
    request: dict[str, Any], random: Any, repeats: int
) -> None:
    shuffled = list(request["symptoms"])
    if shuffled:
        shuffled += [random.choice(shuffled) for _ in range(repeats)]
    random.shuffle(shuffled)
    other = {**request, "symptoms": shuffled}
    assert rp.triage_json(other) == rp.triage_json(request)
    assert rp.triage(report_of(other)) == rp.triage(report_of(request))


# -- monotonicity ---------------------------------------------------------------------------


@given(
    s.reports(),
    s.symptom_sets(),
    s.risk_factor_sets(),
    st.frozensets(st.sampled_from([*s.SYMPTOM_IDS, *s.RISK_FACTOR_IDS, "age"]), max_size=3),
    st.integers(0, 10),
    st.integers(0, 3650),
)
def test_more_never_lowers_the_disposition(  # noqa: PLR0917 -- one argument per draw
    report: rp.SymptomReport,
    extra: frozenset[str],
    risks: frozenset[str],
    unsure: frozenset[str],
    more_pain: int,
    more_days: int,
) -> None:
    worse = evolve(
        report,
        symptoms=report.symptoms | extra,
        risk_factors=report.risk_factors | risks,
        pain=min(10, report.pain + more_pain),
        days_since_onset=min(3650, report.days_since_onset + more_days),
    )
    answered = worse.symptoms | worse.risk_factors | ({"age"} if worse.age else set())
    worse = attrs.evolve(worse, unsure=worse.unsure | (unsure - answered))
    before, after = rp.triage(report), rp.triage(worse)
    assert after.disposition >= before.disposition
    # every SPEC rule only asks for more, so a rule that fired keeps firing; an unsure
    # answer that became a yes gives way to the rule of the yes
    now_yes = {f"unsure.{item}" for item in worse.symptoms | worse.risk_factors}
    kept = {r.rule_id for r in before.reasons} - now_yes
    assert kept <= {r.rule_id for r in after.reasons}


@given(s.reports(), s.symptom_ids())
def test_one_more_symptom_never_lowers_the_disposition(
    report: rp.SymptomReport, symptom: str
) -> None:
    more = evolve(report, symptoms=report.symptoms | {symptom})
    assert rp.triage(more).disposition >= rp.triage(report).disposition


@given(s.reports(), s.risk_factor_ids())
def test_one_more_risk_factor_never_lowers_the_disposition(
    report: rp.SymptomReport, risk: str
) -> None:
    more = evolve(report, risk_factors=report.risk_factors | {risk})
    assert rp.triage(more).disposition >= rp.triage(report).disposition


@given(s.reports())
def test_one_more_point_of_pain_or_day_never_lowers_the_disposition(
    report: rp.SymptomReport,
) -> None:
    base = rp.triage(report).disposition
    if report.pain < 10:
        more = evolve(report, pain=report.pain + 1)
        assert rp.triage(more).disposition >= base
    if report.days_since_onset < 3650:
        later = evolve(report, days_since_onset=report.days_since_onset + 1)
        assert rp.triage(later).disposition >= base


# -- the SPEC tables, rule by rule ----------------------------------------------------------


@pytest.mark.parametrize("symptom", sorted(SYMPTOM_MINIMUM))
@given(report=s.reports())
def test_every_symptom_reaches_its_minimum_whatever_else(
    symptom: str, report: rp.SymptomReport
) -> None:
    with_it = evolve(report, symptoms=report.symptoms | {symptom})
    result = rp.triage(with_it)
    assert result.disposition >= SYMPTOM_MINIMUM[symptom]
    reason = next(r for r in result.reasons if r.rule_id == f"symptom.{symptom}")
    assert reason.disposition is SYMPTOM_MINIMUM[symptom]


@pytest.mark.parametrize("flag", RED_FLAGS)
@given(request=s.json_requests())
def test_every_red_flag_reaches_its_level_on_the_json_path(
    flag: str, request: dict[str, Any]
) -> None:
    unsure = [item for item in request.get("unsure", []) if item != flag]
    response = rp.triage_json(
        {**request, "symptoms": [*request["symptoms"], flag], "unsure": unsure}
    )
    assert D(response["disposition"]) >= SYMPTOM_MINIMUM[flag]
    assert D(response["disposition"]) >= D.URGENT
    assert response["may_run"] is False


def test_red_flags_are_the_spec_ones() -> None:
    urgent = [
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
    ]
    emergency = [
        "saddle_numbness",
        "bladder_or_bowel_change",
        "faint_or_collapse",
        "confusion_or_fast_breathing",
        "chest_pain",
        "new_sexual_dysfunction",
    ]
    assert sorted(urgent + emergency) == RED_FLAGS
    assert "history_of_cancer" not in SYMPTOM_MINIMUM  # a risk factor since the second edition


@pytest.mark.parametrize("rule_id", sorted(COMBINATIONS))
@given(report=s.reports())
def test_combination_rules(rule_id: str, report: rp.SymptomReport) -> None:
    needed, level = COMBINATIONS[rule_id]
    with_both = evolve(report, symptoms=report.symptoms | needed)
    result = rp.triage(with_both)
    assert result.disposition >= level
    assert rule_id in {reason.rule_id for reason in result.reasons}
    # one half alone never fires the combination
    for half in needed:
        alone = evolve(report, symptoms=report.symptoms - {half})
        assert rule_id not in {reason.rule_id for reason in rp.triage(alone).reasons}


@given(report=s.reports(), pain=st.integers(SEVERE_PAIN, 10))
def test_severe_pain_means_at_least_rest(report: rp.SymptomReport, pain: int) -> None:
    result = rp.triage(evolve(report, pain=pain))
    assert result.disposition >= D.REST
    assert not result.may_run
    if pain >= VERY_SEVERE_PAIN:
        assert result.disposition >= D.SEE_CLINICIAN


@given(
    symptoms=s.symptom_sets(),
    pain=st.integers(0, 10),
    days=st.integers(LONG_DAYS, 3650),
)
def test_two_weeks_of_complaints_means_see_clinician(
    symptoms: frozenset[str], pain: int, days: int
) -> None:
    result = rp.triage(rp.SymptomReport(symptoms, pain, days))
    if pain >= 2 or symptoms - {"stiffness_or_soreness"}:
        assert result.disposition >= D.SEE_CLINICIAN
    elif pain < SEVERE_PAIN:
        # long-standing mild stiffness alone keeps the runner active (NICE NG59)
        assert result.disposition is D.SELF_CARE


@given(pain=st.integers(0, SEVERE_PAIN - 1), days=st.integers(0, 3650))
def test_no_symptom_and_bearable_pain_is_self_care_until_two_weeks(pain: int, days: int) -> None:
    result = rp.triage(rp.SymptomReport(frozenset(), pain, days))
    if pain < 2 or days < LONG_DAYS:
        assert result.disposition is D.SELF_CARE
        assert result.reasons == ()
        assert result.may_run
    else:
        assert result.disposition is D.SEE_CLINICIAN


# -- second edition: risk factors, age, unsure answers -----------------------------------------


@given(s.reports())
def test_no_age_never_fires_an_age_rule(report: rp.SymptomReport) -> None:
    result = rp.triage(evolve(report, age=None))
    assert not [r for r in result.reasons if r.rule_id.startswith("age.")]


@given(s.reports(), st.sampled_from(RED_FLAGS))
def test_an_unsure_red_flag_gives_at_least_see_clinician(
    report: rp.SymptomReport, flag: str
) -> None:
    if flag in report.symptoms:
        return
    unsure = evolve(report, unsure=report.unsure | {flag})
    result = rp.triage(unsure)
    assert result.disposition >= D.SEE_CLINICIAN
    assert f"unsure.{flag}" in {reason.rule_id for reason in result.reasons}
    assert f"symptom.{flag}" not in {reason.rule_id for reason in result.reasons}


@given(s.reports())
def test_an_unsure_answer_never_counts_as_a_yes(report: rp.SymptomReport) -> None:
    """What is unsure is at most what a yes would be, and never hides what is known."""
    result = rp.triage(report)
    known = rp.triage(attrs.evolve(report, unsure=frozenset()))
    assert result.disposition >= known.disposition
    for item in report.unsure - {"age"}:
        key = "symptoms" if item in SYMPTOM_MINIMUM else "risk_factors"
        yes = evolve(report, **{key: getattr(report, key) | {item}})
        assert rp.triage(yes).disposition >= min(result.disposition, D.SEE_CLINICIAN)
    for reason in result.reasons:
        if reason.rule_id.startswith("unsure."):
            assert reason.disposition is D.SEE_CLINICIAN
            assert reason.rule_id.removeprefix("unsure.") in report.unsure


@given(s.reports())
def test_an_unsure_age_counts_if_any_age_would_reach_urgent(report: rp.SymptomReport) -> None:
    unsure = evolve(report, age=None, unsure=report.unsure | {"age"})
    fired = {reason.rule_id for reason in rp.triage(unsure).reasons}
    would = any(
        rp.triage(evolve(report, age=age, unsure=report.unsure - {"age"})).disposition >= D.URGENT
        for age in range(10, 111)
    )
    assert ("unsure.age" in fired) is would


@pytest.mark.parametrize(
    ("risk", "symptoms", "level"),
    [
        ("history_of_cancer", {"pain_after_running"}, D.URGENT),
        ("history_of_cancer", {"leg_weakness"}, D.EMERGENCY),
        ("history_of_cancer", {"numbness_or_tingling"}, D.EMERGENCY),
        ("absent_or_irregular_periods", {"pain_on_hopping"}, D.URGENT),
        ("restricted_eating_or_low_weight", {"pain_on_hopping"}, D.URGENT),
        ("previous_stress_fracture", {"pain_on_hopping"}, D.URGENT),
        ("absent_or_irregular_periods", {"stiffness_or_soreness"}, D.SEE_CLINICIAN),
        ("restricted_eating_or_low_weight", {"pain_after_running"}, D.SEE_CLINICIAN),
        ("previous_stress_fracture", {"groin_pain"}, D.SEE_CLINICIAN),
        ("pregnant", {"stiffness_or_soreness"}, D.SEE_CLINICIAN),
        ("pregnant", {"regular_tightening_or_cramps"}, D.EMERGENCY),
        ("pregnant", {"vaginal_bleeding"}, D.EMERGENCY),
        ("pregnant", {"one_sided_pelvic_pain"}, D.URGENT),
        ("could_be_pregnant", {"one_sided_pelvic_pain"}, D.URGENT),
        ("could_be_pregnant", {"vaginal_bleeding"}, D.URGENT),
        ("postpartum_under_12_weeks", set(), D.SEE_CLINICIAN),
        ("osteoporosis", {"sudden_pain_after_minor_strain"}, D.URGENT),
        ("long_term_steroids", {"sudden_pain_after_minor_strain"}, D.URGENT),
        ("long_term_steroids", {"night_pain"}, D.URGENT),
        ("immunosuppressed", {"night_pain"}, D.URGENT),
        ("immunosuppressed", {"fever"}, D.EMERGENCY),
        ("immunosuppressed", {"chills"}, D.EMERGENCY),
        ("injects_drugs", {"pain_after_running"}, D.URGENT),
        ("injects_drugs", {"fever"}, D.EMERGENCY),
    ],
)
def test_each_risk_factor_rule_at_its_spec_level(risk: str, symptoms: set[str], level: D) -> None:
    report = rp.SymptomReport(symptoms=symptoms, pain=0, days_since_onset=0, risk_factors={risk})
    assert rp.triage(report).disposition is level
    if symptoms:  # the symptoms without the risk factor are below it
        alone = rp.SymptomReport(symptoms=symptoms, pain=0, days_since_onset=0)
        assert rp.triage(alone).disposition < level


@pytest.mark.parametrize("risk", sorted(RISK_FACTORS - {"postpartum_under_12_weeks"}))
def test_a_risk_factor_alone_with_nothing_to_report_is_self_care(risk: str) -> None:
    report = rp.SymptomReport(symptoms=(), pain=0, days_since_onset=0, risk_factors={risk})
    assert rp.triage(report).disposition is D.SELF_CARE


@pytest.mark.parametrize(
    ("symptom", "age", "level"),
    [
        ("sudden_severe_pain", 50, D.EMERGENCY),
        ("sudden_severe_pain", 49, D.URGENT),
        ("throbbing_in_belly", 71, D.EMERGENCY),
        ("throbbing_in_belly", None, D.URGENT),
        ("sudden_pain_after_minor_strain", 65, D.URGENT),
        ("sudden_pain_after_minor_strain", 64, D.REST),
        ("pain_on_arching_back", 19, D.SEE_CLINICIAN),
        ("pain_on_arching_back", 20, D.REST),
        ("pain_on_arching_back", None, D.REST),
    ],
)
def test_age_rules_at_their_edges(symptom: str, age: int | None, level: D) -> None:
    report = rp.SymptomReport(symptoms={symptom}, pain=0, days_since_onset=0, age=age)
    assert rp.triage(report).disposition is level


def test_the_spec_example_report() -> None:
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
    assert {r.rule_id for r in result.reasons} == {
        "age.aortic_aneurysm",
        "symptom.sudden_severe_pain",
        "pain.severe",
        "unsure.faint_or_collapse",
    }


@pytest.mark.parametrize(
    ("report", "path"),
    [
        ({"symptoms": {"fever"}, "unsure": {"fever"}}, "unsure"),
        ({"risk_factors": {"pregnant"}, "unsure": {"pregnant"}}, "unsure"),
        ({"age": 40, "unsure": {"age"}}, "unsure"),
        ({"age": 9}, "age"),
        ({"age": 111}, "age"),
        ({"age": True}, "age"),
    ],
)
def test_contradictory_or_out_of_range_answers_are_invalid(
    report: dict[str, Any], path: str
) -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.SymptomReport(**{"symptoms": (), "pain": 0, "days_since_onset": 0, **report})
    assert [where for where, _ in raised.value.problems] == [path]


def test_unknown_risk_factors_and_unsure_ids_are_named_with_suggestions() -> None:
    with pytest.raises(rp.InvalidInput) as raised:
        rp.triage_json(
            {
                "symptoms": [],
                "pain": 0,
                "days_since_onset": 0,
                "risk_factors": ["pregnnt"],
                "unsure": ["fevr", "age"],
            }
        )
    assert raised.value.errors == [
        "risk_factors[0]: unknown risk factor 'pregnnt' (did you mean 'pregnant'?)",
        "unsure[0]: unknown symptom or risk factor 'fevr' (did you mean 'fever'?)",
    ]
    with pytest.raises(rp.InvalidInput):
        rp.triage(rp.SymptomReport((), 0, 0, risk_factors={"history_of_cancr"}))


@given(
    s.conditions(),
    st.frozensets(st.sampled_from(("a", "b", "c", "fever", "pregnant")), max_size=3),
    st.integers(0, 10),
    st.integers(0, 40_000),
    st.frozensets(st.sampled_from(("a", "b", "pregnant")), max_size=2),
    st.none() | st.integers(10, 110),
)
def test_a_compiled_condition_tests_exactly_what_holds_says(  # noqa: PLR0917 -- one per draw
    condition: rp.Condition,
    symptoms: frozenset[str],
    pain: int,
    days: int,
    risks: frozenset[str],
    age: int | None,
) -> None:
    test = condition.compile()
    assert test(symptoms, pain, days, risks, age) is condition.holds(
        symptoms, pain, days, risks, age
    )


# -- the JSON path --------------------------------------------------------------------------


@given(s.json_requests())
def test_json_and_python_paths_agree(request: dict[str, Any]) -> None:
    response = rp.triage_json(request)
    result = rp.triage(report_of(request))
    assert response == unstructure(result)
    # the bundled rules read on their own answer as the whole bundled catalog does
    assert rp.triage_json(request, catalog=rp.default_catalog()) == response
    assert response["disposition"] == result.disposition.value
    assert [r["rule_id"] for r in response["reasons"]] == [r.rule_id for r in result.reasons]


@given(s.json_requests())
def test_json_round_trip_is_lossless(request: dict[str, Any]) -> None:
    response = rp.triage_json(request)
    encoded = json.loads(json.dumps(response))
    assert structure(encoded, rp.TriageResult) == rp.triage(report_of(request))
    assert rp.triage_json(request) == encoded


@given(s.reports())
def test_result_round_trip_is_lossless(report: rp.SymptomReport) -> None:
    result = rp.triage(report)
    assert structure(json.loads(json.dumps(unstructure(result))), rp.TriageResult) == result


# -- no I/O ---------------------------------------------------------------------------------


def test_triage_does_no_io() -> None:
    # In a fresh interpreter, once the catalog is loaded, an audit hook records every
    # file, socket, process and import event while triage runs over many reports.
    code = textwrap.dedent(
        """
        import itertools, json, sys
        import runpelvis as rp

        symptoms = sorted(rp.default_catalog().symptoms)
        rp.triage(rp.SymptomReport(frozenset(), 0, 0))
        rp.triage_json({"symptoms": [], "pain": 0, "days_since_onset": 0})
        events = []
        watched = ("open", "socket.", "subprocess.", "os.", "shutil.", "import", "urllib.")
        sys.addaudithook(
            lambda event, args: events.append(event) if event.startswith(watched) else None
        )
        for pair in itertools.combinations(symptoms, 2):
            for pain, days in ((0, 0), (5, 13), (8, 30)):
                rp.triage(rp.SymptomReport(frozenset(pair), pain, days))
                rp.triage_json({"symptoms": list(pair), "pain": pain, "days_since_onset": days})
        during = sorted(set(events))
        with open(sys.executable, "rb"):  # the probe: this open must be seen
            pass
        print(json.dumps({"during": during, "probe": sorted(set(events))}))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    seen = json.loads(completed.stdout)
    assert seen["during"] == []
    assert seen["probe"] == ["open"]
