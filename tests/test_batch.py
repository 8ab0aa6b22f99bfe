"""Batch on an existing engine: Dask on a local cluster of two worker processes gives the
answers one process gives, for triage and for the planners, bad input included.

The cluster is bounded: it must start, compute and close within ``TIMEOUT`` seconds.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import runpelvis as rp

distributed = pytest.importorskip("distributed", reason="the test extra installs dask[distributed]")
bag = pytest.importorskip("dask.bag", reason="the test extra installs dask[distributed]")

TIMEOUT = 120
MILD = ["stiffness_or_soreness", "pain_after_running", "pain_while_running"]


def _reports(count: int, seed: int = 17) -> list[dict[str, Any]]:
    """Triage requests: mostly mild, some warning signs, with ages, risk factors and unsure ids."""
    catalog = rp.default_catalog()
    chooser = random.Random(seed)
    others = sorted(set(catalog.symptoms) - set(MILD))
    risks = sorted(catalog.risk_factors)
    reports = []
    for _ in range(count):
        symptoms = chooser.sample(MILD, chooser.randint(0, 2))
        if chooser.random() < 0.3:
            symptoms += chooser.sample(others, chooser.randint(1, 2))
        report: dict[str, Any] = {
            "symptoms": symptoms,
            "pain": chooser.randint(0, 10),
            "days_since_onset": chooser.randint(0, 60),
        }
        if chooser.random() < 0.3:
            report["age"] = chooser.randint(10, 90)
        if chooser.random() < 0.2:
            report["risk_factors"] = chooser.sample(risks, 1)
        reports.append(report)
    return reports


def triage_or_error(request: object) -> dict[str, Any]:
    """The answer to one triage request, or its errors: a batch goes on past bad input."""
    try:
        return rp.triage_json(request)
    except rp.InvalidInput as error:
        return {"error": "invalid_input", **error.to_json()}


def program_or_care(request: object) -> dict[str, Any]:
    """A program, or what a red flag or bad input answers instead of one."""
    try:
        return rp.plan_program_json(request)
    except rp.CareRequired as care:
        return {"error": "care_required", "triage": rp.to_json(care.triage)}
    except rp.InvalidInput as error:
        return {"error": "invalid_input", **error.to_json()}


def _program_requests(reports: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for number, report in enumerate(reports):
        yield {
            "profile": {
                "causes": ["weak_core"] if number % 2 else ["tight_hip_flexors", "overuse"],
                "level": ["beginner", "intermediate", "advanced"][number % 3],
                "equipment": ["mat"],
                "session_minutes": 15 + number % 4 * 5,
                "runs_per_week": number % 5,
                "weekly_run_minutes": 30 * (number % 4),
            },
            "weeks": 1 + number % 4,
            "start": "2026-01-05",
            "report": report,
        }


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes of one thread each, on the loopback interface only."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            timeout=TIMEOUT,
        ) as cluster,
        distributed.Client(cluster, timeout=TIMEOUT) as connected,
    ):
        connected.wait_for_workers(2, timeout=TIMEOUT)
        yield connected
    assert cluster.status.name == "closed"


def test_two_worker_processes_triage_as_one_process_does(client: Any) -> None:
    reports = _reports(1000)
    reports[5] = {"symptoms": ["fevr"], "pain": 3, "days_since_onset": 2}  # bad input
    reports[6] = {"symptoms": ["fever", "nope"], "pain": 3, "days_since_onset": 2}  # red flag too
    expected = [triage_or_error(report) for report in reports]
    answers = client.compute(bag.from_sequence(reports, npartitions=8).map(triage_or_error))
    assert answers.result(timeout=TIMEOUT) == expected
    # the work really ran in the two worker processes, not here
    workers = client.run(lambda: __import__("os").getpid(), wait=True)
    assert len(set(workers.values())) == 2
    assert __import__("os").getpid() not in workers.values()
    assert expected[5]["errors"] == ["symptoms[0]: unknown symptom 'fevr' (did you mean 'fever'?)"]
    assert expected[6]["triage"]["disposition"] == "urgent"
    assert {answer.get("disposition") for answer in expected} >= {"self_care", "emergency"}


def test_mapping_triage_json_itself_matches_too(client: Any) -> None:
    reports = _reports(500, seed=3)
    mapped = bag.from_sequence(reports, npartitions=4).map(rp.triage_json)
    answers = client.compute(mapped).result(timeout=TIMEOUT)
    assert answers == [rp.triage_json(report) for report in reports]
    # JSON text in, JSON text out, in the workers
    lines = bag.from_sequence([json.dumps(r) for r in reports], npartitions=4)
    text = lines.map(json.loads).map(rp.triage_json).map(json.dumps)
    assert client.compute(text).result(timeout=TIMEOUT) == [
        json.dumps(rp.triage_json(report)) for report in reports
    ]


def test_a_bad_request_comes_back_as_invalid_input_with_its_errors(client: Any) -> None:
    reports = [*_reports(20), {"symptoms": [], "pain": 11, "days_since_onset": 2}]
    mapped = bag.from_sequence(reports, npartitions=2).map(rp.triage_json)
    with pytest.raises(rp.InvalidInput) as caught:
        client.compute(mapped).result(timeout=TIMEOUT)
    assert caught.value.errors == ["pain: must be from 0 to 10, got 11"]


def test_two_worker_processes_plan_as_one_process_does(client: Any) -> None:
    requests = list(_program_requests(_reports(60, seed=5)))
    expected = [program_or_care(request) for request in requests]
    mapped = bag.from_sequence(requests, npartitions=4).map(program_or_care)
    assert client.compute(mapped).result(timeout=TIMEOUT) == expected
    outcomes = {answer.get("error", "program") for answer in expected}
    assert outcomes == {"program", "care_required"}


def test_importing_runpelvis_imports_no_dask() -> None:
    code = (
        "import sys, runpelvis as rp\n"
        "rp.triage_json({'symptoms': [], 'pain': 1, 'days_since_onset': 1})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert run.stdout.strip() == "[]"
