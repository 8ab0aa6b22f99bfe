"""Threads: many threads calling triage and the planners at once get the serial answers.

The JSON functions and their Python twins share state behind the scenes: the bundled
catalog (loaded once), each catalog's compiled triage engine and planner settings
(built on first use) and the engine's memo of answers (cleared when it fills up). Here
16 threads call them on shared inputs, in shuffled orders, with the interpreter
switching threads as often as it can, and every answer must equal the one a single
thread gets. A subprocess does the same from a cold start, right after ``import``.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import itertools
import json
import pickle
import random
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import runpelvis as rp
import strategies as s
from spec import SPEC_PROFILE

THREADS = 16
ROUNDS = 3
#: More distinct reports than the triage engine remembers (4096), so it clears while in use.
DISTINCT_REPORTS = 6000

Task = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]


@pytest.fixture(autouse=True)
def _switch_threads_often() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def answer(task: Task) -> tuple[str, object]:
    """What a call gives: its result, the triage of a refusal, or the problems of bad input."""
    call, args, kwargs = task
    try:
        return "ok", call(*args, **kwargs)
    except rp.CareRequired as care:
        return "care_required", care.triage
    except rp.InvalidInput as error:
        return "invalid", error.problems


def _triage_requests() -> list[dict[str, Any]]:
    chooser = random.Random(7)
    symptoms = s.SYMPTOM_IDS
    requests = [
        {
            "symptoms": chooser.sample(symptoms, chooser.choice([0, 0, 1, 1, 2, 3])),
            "pain": pain,
            "days_since_onset": days,
        }
        for pain, days in itertools.product(range(11), range(DISTINCT_REPORTS // 11 + 1))
    ]
    # and a few that are bad, so that error paths ("did you mean") run in threads too
    requests += [{"symptoms": ["fevr"], "pain": 3, "days_since_onset": 2}, {"pain": 11}]
    return requests


def _profiles() -> list[dict[str, Any]]:
    chooser = random.Random(11)
    causes, equipment = sorted(rp.default_catalog().causes), sorted(rp.default_catalog().equipment)
    return [
        {
            "causes": chooser.sample(causes, chooser.randint(0, 3)),
            "level": chooser.choice(["beginner", "intermediate", "advanced"]),
            "equipment": chooser.sample(equipment, chooser.randint(0, 3)),
            "session_minutes": chooser.choice([5, 15, 20, 45, 180]),
            "runs_per_week": chooser.randint(0, 6),
            "weekly_run_minutes": chooser.choice([0, 60, 90, 240, 1500]),
        }
        for _ in range(12)
    ]


#: Reports for the planners: none, mild, rest, see_clinician, and red flags (refused).
PLAN_REPORTS: list[dict[str, Any] | None] = [
    None,
    {"symptoms": ["pain_after_running"], "pain": 2, "days_since_onset": 1},
    {"symptoms": ["pain_while_running"], "pain": 4, "days_since_onset": 3},
    {"symptoms": ["numbness_or_tingling"], "pain": 4, "days_since_onset": 3},
    {"symptoms": ["fever"], "pain": 5, "days_since_onset": 2},
    {"symptoms": ["saddle_numbness"], "pain": 3, "days_since_onset": 1},
]


def _tasks(catalog: rp.Catalog | None) -> list[Task]:
    options = {"catalog": catalog}
    tasks: list[Task] = []
    for request in _triage_requests():
        tasks.append((rp.triage_json, (request,), options))
        if "symptoms" in request and request["symptoms"] != ["fevr"]:
            tasks.append((rp.triage, (rp.SymptomReport(**request),), options))
    kinds = ("warm_up", "cool_down", "strength", "recovery")
    start = datetime.date(2026, 1, 5)
    for index, (profile, report) in enumerate(itertools.product(_profiles(), PLAN_REPORTS)):
        kind, weeks = kinds[index % 4], 1 + index % 4
        request: dict[str, Any] = {"profile": profile}
        if report is not None:
            request["report"] = report
        tasks.append((rp.plan_session_json, ({**request, "kind": kind},), options))
        program = {**request, "weeks": weeks, "start": start.isoformat()}
        tasks.append((rp.plan_program_json, (program,), options))
        triaged = None if report is None else rp.triage(rp.SymptomReport(**report))
        python_profile = rp.RunnerProfile(**profile)
        plan_options = {**options, "triage": triaged}
        tasks.append((rp.plan_session, (python_profile, kind), plan_options))
        tasks.append(
            (rp.plan_program, (python_profile,), {**plan_options, "weeks": weeks, "start": start})
        )
    return tasks


def _run_in_threads(tasks: list[Task]) -> None:
    serial = [answer(task) for task in tasks]
    outcomes = {outcome for outcome, _ in serial}
    assert outcomes == {"ok", "care_required", "invalid"}  # every path is exercised
    order = list(range(len(tasks)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
        for round_ in range(ROUNDS):
            random.Random(round_).shuffle(order)
            found = list(pool.map(lambda index: answer(tasks[index]), order))
            wrong = [i for i, got in zip(order, found, strict=True) if got != serial[i]]
            assert not wrong, f"round {round_}: {len(wrong)} answers differ, first {wrong[0]}"


def test_threads_get_the_serial_answers_from_the_bundled_catalog() -> None:
    _run_in_threads(_tasks(None))


def test_threads_get_the_serial_answers_from_a_catalog_first_used_in_threads() -> None:
    # a fresh, equal copy: its engine and settings are built while the threads race
    catalog = pickle.loads(pickle.dumps(rp.default_catalog()))
    assert catalog is not rp.default_catalog()
    tasks = _tasks(catalog)
    with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
        first = list(pool.map(answer, tasks[:THREADS]))
    assert first == [answer(task) for task in tasks[:THREADS]]
    _run_in_threads(tasks)


# -- a cold start --------------------------------------------------------------------------------

COLD_START = textwrap.dedent(
    """
    import json, sys, threading
    sys.setswitchinterval(1e-6)
    import runpelvis as rp

    THREADS = 16
    REQUEST = json.loads(sys.argv[1])
    PROGRAM = json.loads(sys.argv[2])
    barrier = threading.Barrier(THREADS)
    catalogs, answers, plans, errors = [], [], [], []

    def work(index):
        try:
            barrier.wait()
            if index % 2:  # half import the planner while the others import triage
                plans.append(rp.plan_program_json(PROGRAM))
            catalogs.append(rp.default_catalog())
            answers.append(rp.triage_json(REQUEST))
        except BaseException as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({
        "catalogs": len({id(catalog) for catalog in catalogs}),
        "answers": answers,
        "plans": plans,
        "errors": errors,
    }))
    """
)
COLD_REQUEST = {
    "symptoms": ["numbness_or_tingling", "night_pain"],
    "pain": 4,
    "days_since_onset": 9,
}
COLD_PROGRAM = {
    "profile": SPEC_PROFILE,
    "weeks": 2,
    "start": "2026-01-05",
}


def test_threads_racing_right_after_import_share_one_catalog_and_agree() -> None:
    command = [
        sys.executable,
        "-c",
        COLD_START,
        json.dumps(COLD_REQUEST),
        json.dumps(COLD_PROGRAM),
    ]
    # a few interpreters at once, each a fresh race
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        found = json.loads(out)
        assert found["errors"] == []
        assert found["catalogs"] == 1
        assert found["answers"] == [rp.triage_json(COLD_REQUEST)] * THREADS
        assert found["plans"] == [rp.plan_program_json(COLD_PROGRAM)] * (THREADS // 2)
