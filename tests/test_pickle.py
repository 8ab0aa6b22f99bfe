"""Pickling: every public result and domain object, the catalog and the errors round-trip.

Batch users fan work out to processes (``multiprocessing``, ``concurrent.futures``) or to
an engine such as Dask or Spark, and all of them move arguments, results and raised
errors with pickle. Each public class is pickled with every protocol from 2 up and must
come back equal (errors: same type, problems, message and triage) and still work. A
process pool started with ``spawn`` (cold workers, nothing inherited) then runs the
library's own functions on pickled arguments.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import functools
import multiprocessing
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from spec import SPEC_PROFILE

PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)
CATALOG = rp.default_catalog()
START = datetime.date(2026, 1, 5)


def round_trips(value: object) -> list[Any]:
    """``value`` pickled and unpickled with each protocol."""
    return [pickle.loads(pickle.dumps(value, protocol)) for protocol in PROTOCOLS]


# -- strategies for what tests/strategies.py does not build ----------------------------------


def profiles() -> st.SearchStrategy[rp.RunnerProfile]:
    return st.builds(
        rp.RunnerProfile,
        causes=st.frozensets(st.sampled_from(sorted(CATALOG.causes)), max_size=4),
        level=st.sampled_from(s.LEVELS),
        equipment=st.frozensets(st.sampled_from(sorted(CATALOG.equipment)), max_size=5),
        session_minutes=st.integers(5, 180),
        runs_per_week=st.integers(0, 6),
        weekly_run_minutes=st.integers(0, 1500),
    )


def histories() -> st.SearchStrategy[rp.RunnerHistory]:
    maybe = st.none
    return st.builds(
        rp.RunnerHistory,
        weekly_run_minutes=st.lists(st.integers(0, 10_080), min_size=1, max_size=8),
        rest_days_per_week=maybe() | st.integers(0, 7),
        shoe_km=maybe() | st.integers(0, 100_000),
        stretches=maybe() | st.booleans(),
        cross_trains=maybe() | st.booleans(),
        form=maybe()
        | st.frozensets(
            st.sampled_from(
                ["overstriding", "heel_striking", "looking_down", "hunched_shoulders", "leaning"]
            )
        ),
        plank_seconds=maybe() | st.integers(0, 3600),
        single_leg_bridge_reps=maybe() | st.integers(0, 1000),
        hip_flexor_tight=maybe() | st.booleans(),
        diagnoses=maybe() | st.frozensets(st.sampled_from(["herniated_disc", "sciatica"])),
    )


def findings() -> st.SearchStrategy[rp.CauseFinding]:
    return st.builds(
        rp.CauseFinding,
        cause=s.ids(),
        strength=st.sampled_from(["confirmed", "likely", "possible"]),
        evidence=st.lists(s.texts(), min_size=1, max_size=3).map(tuple),
    )


def settings_() -> st.SearchStrategy[rp.Setting]:
    return st.builds(
        rp.Setting,
        id=s.ids(),
        value=st.integers(0, 100_000),
        description=s.texts(),
        source=s.texts(200),
    )


def _plannable_triage(report: rp.SymptomReport) -> rp.TriageResult | None:
    result = rp.triage(report)
    return None if result.disposition.needs_care_now else result


@st.composite
def programs(draw: st.DrawFn) -> rp.Program:
    """Programs from the planner itself: 1-3 weeks, after a triage that allows a plan."""
    return rp.plan_program(
        draw(profiles()),
        weeks=draw(st.integers(1, 3)),
        start=draw(st.dates(max_value=datetime.date(9000, 1, 1))),
        triage=draw(st.none() | s.reports().map(_plannable_triage)),
    )


@st.composite
def sessions(draw: st.DrawFn) -> rp.Session:
    return rp.plan_session(
        draw(profiles()),
        draw(st.sampled_from(["warm_up", "cool_down", "strength", "recovery"])),
        triage=draw(st.none() | s.reports().map(_plannable_triage)),
    )


def _pick(values: st.SearchStrategy[Any], part: Any) -> st.SearchStrategy[Any]:
    """One of the parts ``part(value)`` of a drawn value (skipping values with none)."""
    return values.map(part).filter(bool).flatmap(st.sampled_from)


def invalid_inputs() -> st.SearchStrategy[rp.InvalidInput]:
    made = st.lists(st.tuples(st.text(max_size=20), st.text(max_size=80)), min_size=1).map(
        rp.InvalidInput
    )
    return made | st.just(_raised(lambda: rp.triage_json({"symptoms": ["fevr"], "pain": 11})))


def _raised(call: Any) -> rp.RunpelvisError:
    try:
        call()
    except rp.RunpelvisError as error:
        return error
    raise AssertionError("nothing was raised")


def answers() -> st.SearchStrategy[rp.Answers]:
    """Answers as a check-in collects them: each id yes, no or unsure at most once."""
    return st.builds(
        lambda report, no: rp.Answers(
            report.pain,
            report.days_since_onset,
            report.age,
            report.symptoms | report.risk_factors,
            no - report.symptoms - report.risk_factors - report.unsure,
            report.unsure,
        ),
        s.reports(),
        s.symptom_sets(max_size=8),
    )


def questions() -> st.SearchStrategy[rp.Question]:
    """The questions of interviews that go on: an age question has no items, so only
    those that ask about symptoms or risk factors."""
    return answers().map(lambda a: rp.interview(a).question).filter(lambda q: bool(q and q.items))


#: Every public class of runpelvis -> a strategy for its instances.
STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Activity": _pick(programs(), lambda p: [a for day in p.days for a in day.activities]),
    "Adjustment": st.builds(
        rp.Adjustment,
        week=st.integers(1, 53),
        decision=st.sampled_from(["progress", "hold", "step_back", "stop_running"]),
        reasons=st.lists(st.from_regex(r"[a-z][a-z .:/0-9]{0,39}", fullmatch=True), max_size=3).map(
            tuple
        ),
    ),
    "Answers": answers(),
    "CareRequired": s.triage_results().map(rp.CareRequired),
    "Catalog": st.just(CATALOG),
    "Caution": st.sampled_from(
        [c for _, ex in sorted(CATALOG.exercises.items()) for c in ex.cautions]
    ),
    "Cause": s.causes(),
    "CauseFinding": findings() | histories().map(rp.screen).filter(bool).flatmap(st.sampled_from),
    "Condition": s.conditions(),
    "CrossTraining": s.cross_trainings(),
    "Day": _pick(programs(), lambda p: p.days),
    "Disposition": s.dispositions(),
    "DispositionAdvice": s.disposition_advices(),
    "Dose": s.doses(),
    "Equipment": s.equipments(),
    "Exclusion": _pick(sessions(), lambda session: session.excluded),
    "Exercise": s.exercises()
    | st.sampled_from(sorted(CATALOG.exercises.values(), key=lambda ex: ex.id)),
    "IntRange": s.int_ranges(),
    "InterviewStep": answers().map(rp.interview),
    "InvalidInput": invalid_inputs(),
    "Program": programs(),
    "Question": questions(),
    "QuestionGroup": st.sampled_from(list(CATALOG.question_groups.values())),
    "QuestionItem": questions().flatmap(lambda question: st.sampled_from(question.items)),
    "Reason": s.reasons(),
    "RiskFactor": st.sampled_from([CATALOG.risk_factors[k] for k in sorted(CATALOG.risk_factors)]),
    "Rule": s.rules(),
    "RunnerHistory": histories(),
    "RunnerProfile": profiles(),
    "RunpelvisError": st.text().map(rp.RunpelvisError),
    "Session": sessions(),
    "SessionItem": _pick(sessions(), lambda session: session.items),
    "SessionLog": st.builds(
        rp.SessionLog,
        date=st.dates(),
        kind=st.sampled_from(["run", "strength", "readiness_check"]),
        completed=st.booleans(),
        minutes=st.integers(0, 180),
        pain_during=st.integers(0, 10),
        pain_next_morning=st.none() | st.integers(0, 10),
        new_symptoms=st.frozensets(st.sampled_from(sorted(CATALOG.symptoms)), max_size=3),
    ),
    "Setting": settings_(),
    "Symptom": s.symptoms(),
    "SymptomReport": s.reports(),
    "Threshold": s.thresholds(),
    "Tip": s.tips() | st.sampled_from(sorted(CATALOG.tips.values(), key=lambda tip: tip.id)),
    "TriageResult": s.triage_results() | s.reports().map(rp.triage),
    "UnsureRule": st.just(CATALOG.unsure),
}


def test_every_public_class_is_covered() -> None:
    classes = {name for name in rp.__all__ if isinstance(getattr(rp, name), type)}
    assert classes == set(STRATEGIES)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
@settings(max_examples=100)  # per class, in every profile: pickling is structural
@given(data=st.data())
def test_every_public_class_pickles_and_unpickles_equal(name: str, data: st.DataObject) -> None:
    value = data.draw(STRATEGIES[name], label=name)
    assert isinstance(value, getattr(rp, name))
    for again in round_trips(value):
        assert type(again) is type(value)
        if isinstance(value, BaseException):
            assert again.args == value.args
            assert str(again) == str(value)
            if isinstance(value, rp.InvalidInput):
                assert (again.problems, again.errors) == (value.problems, value.errors)
            if isinstance(value, rp.CareRequired):
                assert again.triage == value.triage
                assert again.to_json() == value.to_json()
        else:
            assert again == value
            assert hash(again) == hash(value)


@given(report=s.reports())
def test_an_unpickled_report_is_the_same_key_and_triages_the_same(report: rp.SymptomReport) -> None:
    # SymptomReport caches its hash: the cache must not travel as a stale value
    for again in round_trips(report):
        assert {report: 1}[again] == 1
        assert rp.triage(again) == rp.triage(report)


def test_an_unpickled_catalog_is_equal_and_works_as_a_catalog() -> None:
    report = rp.SymptomReport(symptoms={"night_pain"}, pain=4, days_since_onset=20)
    profile = rp.RunnerProfile(**SPEC_PROFILE)
    rp.triage(report, catalog=CATALOG)  # the catalog's memo is filled; it must not travel
    for again in round_trips(CATALOG):
        assert again == CATALOG
        assert again is not CATALOG
        assert again.to_document() == CATALOG.to_document()
        assert rp.triage(report, catalog=again) == rp.triage(report)
        assert rp.plan_program(profile, weeks=2, start=START, catalog=again) == rp.plan_program(
            profile, weeks=2, start=START
        )


# -- a real process pool -------------------------------------------------------------------------

RED_FLAG = {"symptoms": ["saddle_numbness"], "pain": 3, "days_since_onset": 1}


@pytest.fixture(scope="module")
def pool() -> Any:
    """Two cold worker processes: everything they get and give goes through pickle."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        yield executor


def test_a_process_pool_triages_like_this_process(pool: Any) -> None:
    requests = [
        {"symptoms": symptoms, "pain": pain, "days_since_onset": pain * 3}
        for symptoms in ([], ["pain_while_running"], ["fever", "chills"], ["night_pain"])
        for pain in range(11)
    ]
    assert list(pool.map(rp.triage_json, requests, chunksize=8)) == list(
        map(rp.triage_json, requests)
    )
    reports = [rp.SymptomReport(**request) for request in requests]
    assert list(pool.map(rp.triage, reports, chunksize=8)) == list(map(rp.triage, reports))


def test_a_process_pool_plans_like_this_process(pool: Any) -> None:
    profile = rp.RunnerProfile(**SPEC_PROFILE)
    plan = functools.partial(rp.plan_program, profile, start=START)
    found = [pool.submit(plan, weeks=weeks) for weeks in (1, 2, 4)]
    assert [future.result() for future in found] == [plan(weeks=weeks) for weeks in (1, 2, 4)]


def test_errors_raised_in_a_worker_arrive_whole(pool: Any) -> None:
    bad = {"symptoms": ["fevr"], "pain": 11, "days_since_onset": 1}
    with pytest.raises(rp.InvalidInput) as invalid:
        pool.submit(rp.triage_json, bad).result()
    expected = _raised(lambda: rp.triage_json(bad))
    assert isinstance(expected, rp.InvalidInput)
    assert invalid.value.problems == expected.problems

    refused = {"profile": SPEC_PROFILE, "kind": "recovery", "report": RED_FLAG}
    with pytest.raises(rp.CareRequired) as care:
        pool.submit(rp.plan_session_json, refused).result()
    assert care.value.triage == rp.triage(rp.SymptomReport(**RED_FLAG))
    assert care.value.triage.disposition is rp.Disposition.EMERGENCY
