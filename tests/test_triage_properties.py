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
    SEVERE_PAIN,
    SYMPTOM_MINIMUM,
    spec_disposition,
    spec_rules,
)

D = rp.Disposition


def report_of(request: dict[str, Any]) -> rp.SymptomReport:
    return rp.SymptomReport(
        symptoms=frozenset(request["symptoms"]),
        pain=request["pain"],
        days_since_onset=request["days_since_onset"],
    )


def test_the_oracle_covers_the_catalog_vocabulary() -> None:
    assert set(SYMPTOM_MINIMUM) == set(rp.default_catalog().symptoms)


# -- totality, agreement with SPEC ----------------------------------------------------------


@given(s.reports())
def test_triage_is_total_and_fires_exactly_the_spec_rules(report: rp.SymptomReport) -> None:
    result = rp.triage(report)
    assert isinstance(result, rp.TriageResult)
    fired = {reason.rule_id: reason.disposition for reason in result.reasons}
    assert fired == spec_rules(report.symptoms, report.pain, report.days_since_onset)
    assert result.disposition is spec_disposition(
        report.symptoms, report.pain, report.days_since_onset
    )
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


@given(s.reports(), s.symptom_sets(), st.integers(0, 10), st.integers(0, 3650))
def test_more_never_lowers_the_disposition(
    report: rp.SymptomReport, extra: frozenset[str], more_pain: int, more_days: int
) -> None:
    worse = rp.SymptomReport(
        symptoms=report.symptoms | extra,
        pain=min(10, report.pain + more_pain),
        days_since_onset=min(3650, report.days_since_onset + more_days),
    )
    before, after = rp.triage(report), rp.triage(worse)
    assert after.disposition >= before.disposition
    # every SPEC rule only asks for more, so a rule that fired keeps firing
    assert {r.rule_id for r in before.reasons} <= {r.rule_id for r in after.reasons}


@given(s.reports(), s.symptom_ids())
def test_one_more_symptom_never_lowers_the_disposition(
    report: rp.SymptomReport, symptom: str
) -> None:
    more = rp.SymptomReport(report.symptoms | {symptom}, report.pain, report.days_since_onset)
    assert rp.triage(more).disposition >= rp.triage(report).disposition


@given(s.reports())
def test_one_more_point_of_pain_or_day_never_lowers_the_disposition(
    report: rp.SymptomReport,
) -> None:
    base = rp.triage(report).disposition
    if report.pain < 10:
        more = rp.SymptomReport(report.symptoms, report.pain + 1, report.days_since_onset)
        assert rp.triage(more).disposition >= base
    if report.days_since_onset < 3650:
        later = rp.SymptomReport(report.symptoms, report.pain, report.days_since_onset + 1)
        assert rp.triage(later).disposition >= base


# -- the SPEC tables, rule by rule ----------------------------------------------------------


@pytest.mark.parametrize("symptom", sorted(SYMPTOM_MINIMUM))
@given(report=s.reports())
def test_every_symptom_reaches_its_minimum_whatever_else(
    symptom: str, report: rp.SymptomReport
) -> None:
    with_it = rp.SymptomReport(report.symptoms | {symptom}, report.pain, report.days_since_onset)
    result = rp.triage(with_it)
    assert result.disposition >= SYMPTOM_MINIMUM[symptom]
    reason = next(r for r in result.reasons if r.rule_id == f"symptom.{symptom}")
    assert reason.disposition is SYMPTOM_MINIMUM[symptom]


@pytest.mark.parametrize("flag", RED_FLAGS)
@given(request=s.json_requests())
def test_every_red_flag_reaches_its_level_on_the_json_path(
    flag: str, request: dict[str, Any]
) -> None:
    response = rp.triage_json({**request, "symptoms": [*request["symptoms"], flag]})
    assert D(response["disposition"]) >= SYMPTOM_MINIMUM[flag]
    assert D(response["disposition"]) >= D.URGENT
    assert response["may_run"] is False


def test_red_flags_are_the_spec_ones() -> None:
    spec = sorted(
        [
            "difficulty_walking_or_standing",
            "fever",
            "chills",
            "nausea",
            "leg_weakness",
            "recent_trauma",
            "history_of_cancer",
            "saddle_numbness",
            "bladder_or_bowel_change",
        ]
    )
    assert spec == RED_FLAGS


@pytest.mark.parametrize("rule_id", sorted(COMBINATIONS))
@given(report=s.reports())
def test_combination_rules(rule_id: str, report: rp.SymptomReport) -> None:
    needed, level = COMBINATIONS[rule_id]
    with_both = rp.SymptomReport(report.symptoms | needed, report.pain, report.days_since_onset)
    result = rp.triage(with_both)
    assert result.disposition >= level
    assert rule_id in {reason.rule_id for reason in result.reasons}
    # one half alone never fires the combination
    for half in needed:
        alone = rp.SymptomReport(report.symptoms - {half}, report.pain, report.days_since_onset)
        assert rule_id not in {reason.rule_id for reason in rp.triage(alone).reasons}


@given(report=s.reports(), pain=st.integers(SEVERE_PAIN, 10))
def test_severe_pain_means_at_least_rest(report: rp.SymptomReport, pain: int) -> None:
    result = rp.triage(rp.SymptomReport(report.symptoms, pain, report.days_since_onset))
    assert result.disposition >= D.REST
    assert not result.may_run


@given(
    symptoms=s.symptom_sets(),
    pain=st.integers(0, 10),
    days=st.integers(LONG_DAYS, 3650),
)
def test_two_weeks_of_complaints_means_see_clinician(
    symptoms: frozenset[str], pain: int, days: int
) -> None:
    result = rp.triage(rp.SymptomReport(symptoms, pain, days))
    if pain >= 1 or symptoms:
        assert result.disposition >= D.SEE_CLINICIAN
    else:
        assert result.disposition is D.SELF_CARE
        assert result.reasons == ()


@given(pain=st.integers(0, SEVERE_PAIN - 1), days=st.integers(0, 3650))
def test_no_symptom_and_bearable_pain_is_self_care_until_two_weeks(pain: int, days: int) -> None:
    result = rp.triage(rp.SymptomReport(frozenset(), pain, days))
    if pain == 0 or days < LONG_DAYS:
        assert result.disposition is D.SELF_CARE
        assert result.reasons == ()
        assert result.may_run
    else:
        assert result.disposition is D.SEE_CLINICIAN


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
