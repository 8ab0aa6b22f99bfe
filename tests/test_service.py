"""The HTTP service: every endpoint and status, in process and as a real uvicorn server."""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

import runpelvis as rp
from runpelvis import _service
from runpelvis._cli import main
from runpelvis._service import MAX_BODY, app

PROFILE = {
    "causes": ["weak_core"],
    "level": "beginner",
    "equipment": ["mat"],
    "session_minutes": 20,
    "runs_per_week": 3,
    "weekly_run_minutes": 90,
}
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def _error_body(body: dict[str, Any]) -> None:
    assert set(body) == {"errors", "triage"}
    assert body["errors"]
    assert all(isinstance(error, str) for error in body["errors"])


def test_triage_answers_as_triage_json(client: TestClient) -> None:
    request = {"symptoms": ["numbness_or_tingling"], "pain": 4, "days_since_onset": 3}
    response = client.post("/triage", json=request)
    assert response.status_code == 200
    assert response.json() == rp.triage_json(request)
    jsonschema.validate(response.json(), rp.json_schema("triage_response"))


def test_plans_answer_as_the_json_functions(client: TestClient) -> None:
    session = {"profile": PROFILE, "kind": "cool_down"}
    assert client.post("/session", json=session).json() == rp.plan_session_json(session)
    program = {"profile": PROFILE, "weeks": 2, "start": "2026-01-05"}
    response = client.post("/program", json=program)
    assert response.status_code == 200
    assert response.json() == rp.plan_program_json(program)


def test_interview_answers_as_interview_json(client: TestClient) -> None:
    request = {"pain": 3, "days_since_onset": 2, "age": 41, "yes": [], "no": [], "unsure": []}
    response = client.post("/interview", json=request)
    assert response.status_code == 200
    assert response.json() == rp.interview_json(request)
    jsonschema.validate(response.json(), rp.json_schema("interview_response"))
    red = {"pain": 3, "days_since_onset": 2, "yes": ["saddle_numbness", "fevr"]}
    response = client.post("/interview", json=red)
    assert response.status_code == 422
    with pytest.raises(rp.InvalidInput) as caught:
        rp.interview_json(red)
    assert response.json() == caught.value.to_json()
    assert response.json()["triage"]["disposition"] == "emergency"


def test_invalid_input_is_422_with_the_red_flag_triage(client: TestClient) -> None:
    response = client.post("/triage", json={"symptoms": ["fevr"], "pain": 2, "days_since_onset": 1})
    assert response.status_code == 422
    assert response.json()["triage"] is None
    assert response.json()["errors"][0].startswith("symptoms[0]: unknown symptom 'fevr'")
    red = {"symptoms": ["saddle_numbness", "fevr"], "pain": 2, "days_since_onset": 1}
    response = client.post("/triage", json=red)
    assert response.status_code == 422
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage_json(red)
    assert response.json() == caught.value.to_json()
    assert response.json()["triage"]["disposition"] == "emergency"


def test_a_red_flag_refuses_a_plan_with_409(client: TestClient) -> None:
    report = {"symptoms": ["chills"], "pain": 1, "days_since_onset": 1}
    for path, request in (
        ("/session", {"profile": PROFILE, "kind": "recovery", "report": report}),
        (
            "/program",
            {"profile": {**PROFILE, "level": "pro"}, "weeks": 1, "start": "x", "report": report},
        ),
    ):
        response = client.post(path, json=request)
        assert response.status_code == 409
        body = response.json()
        assert body["error"] == "care_required"
        assert body["triage"]["disposition"] == "urgent"


def test_a_repeated_key_is_422_and_keeps_the_red_flag(client: TestClient) -> None:
    text = '{"symptoms": ["saddle_numbness"], "symptoms": [], "pain": 1, "days_since_onset": 1}'
    response = client.post("/triage", content=text, headers=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "body: symptoms: repeated key: each key may appear only once"
    ]
    assert response.json()["triage"]["disposition"] == "emergency"
    plan = (
        '{"profile": {}, "kind": "x", "kind": "y", '
        '"report": {"symptoms": ["fever"], "pain": 1, "days_since_onset": 1}}'
    )
    response = client.post("/session", content=plan, headers=JSON)
    assert response.status_code == 422
    assert response.json()["triage"]["disposition"] == "urgent"
    response = client.post("/triage", content='{"pain": 1, "pain": 2}', headers=JSON)
    assert response.status_code == 422
    assert response.json()["triage"] is None


@pytest.mark.parametrize("body", [b"", b"{", b"\xff\xfe{", b"[1,]", b"NaN-ish"])
def test_text_that_is_not_json_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/triage", content=body, headers=JSON)
    assert response.status_code == 400
    _error_body(response.json())
    assert response.json()["triage"] is None


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_a_body_that_is_not_declared_json_is_415(
    client: TestClient, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    response = client.post("/triage", content=b"{}", headers=headers)
    assert response.status_code == 415
    _error_body(response.json())


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=UTF-8", "application/fhir+json"]
)
def test_json_media_types_are_accepted(client: TestClient, content_type: str) -> None:
    body = b'{"symptoms": [], "pain": 0, "days_since_onset": 0}'
    assert (
        client.post("/triage", content=body, headers={"content-type": content_type}).status_code
        == 200
    )


def test_over_one_mebibyte_is_413_declared_or_streamed(client: TestClient) -> None:
    response = client.post("/triage", content=b" " * (MAX_BODY + 1), headers=JSON)
    assert response.status_code == 413
    _error_body(response.json())
    padded = b" " * (MAX_BODY - 2) + b"{}"
    assert client.post("/triage", content=padded, headers=JSON).status_code == 422

    def chunks() -> Iterator[bytes]:
        for _ in range(2 * 1024):
            yield b" " * 1024

    assert client.post("/triage", content=chunks(), headers=JSON).status_code == 413


def test_gets(client: TestClient) -> None:
    assert client.get("/health").json() == {
        "status": "ok",
        "catalog_version": rp.default_catalog().version,
    }
    assert client.get("/openapi.json").json() == rp.openapi()
    response = client.get("/schemas/triage_request")
    assert response.status_code == 200
    assert response.json() == rp.json_schema("triage_request")
    assert response.headers["content-type"] == "application/schema+json"
    response = client.get("/schemas/triage_reqest")
    assert response.status_code == 404
    assert "did you mean 'triage_request'" in response.json()["errors"][0]


def test_unknown_paths_and_methods_get_the_error_body(client: TestClient) -> None:
    for response, status in (
        (client.get("/nowhere"), 404),
        (client.get("/triage"), 405),
        (client.post("/health"), 405),
    ):
        assert response.status_code == status
        _error_body(response.json())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=20), inner, max_size=5)
    ),
    max_leaves=25,
)
keys = st.sampled_from(
    [
        "symptoms",
        "pain",
        "days_since_onset",
        "age",
        "risk_factors",
        "unsure",
        "profile",
        "kind",
        "weeks",
        "start",
        "report",
        "logs",
        "yes",
        "no",
    ]
)
near_requests = st.dictionaries(keys, json_values, max_size=6)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    st.sampled_from(sorted(_service.endpoints())),
    json_values | near_requests,
)
def test_no_request_body_is_ever_a_500(client: TestClient, path: str, value: object) -> None:
    response = client.post(path, content=json.dumps(value), headers=JSON)
    assert response.status_code in (200, 409, 422)
    assert isinstance(response.json(), dict)


def test_serve_runs_uvicorn_with_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(
        uvicorn, "run", lambda target, **options: seen.update(target=target, **options)
    )
    assert _service.main(["--port", "9999", "--workers", "2", "--no-access-log"]) == 0
    assert seen["target"] == "runpelvis._service:app"
    assert (seen["host"], seen["port"], seen["workers"], seen["access_log"]) == (
        "127.0.0.1",
        9999,
        2,
        False,
    )


def test_import_runpelvis_loads_no_server_and_no_fhir_code() -> None:
    code = (
        "import sys, runpelvis; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('starlette', 'uvicorn', 'anyio', 'fhir', 'pydantic') or m in "
        "('runpelvis._service', 'runpelvis._fhir', 'runpelvis._openapi')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


# --- the real server, as a subprocess on 127.0.0.1 ----------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    yield from _started("runpelvis._service")


def _started(module: str, *command: str) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``python -m module *command --port P --no-access-log`` on a free port, once healthy."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, *command, "--port", str(port), "--no-access-log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    try:
        for _ in range(300):  # bounded: at most 30 s
            if time.monotonic() > deadline or process.poll() is not None:
                break
            try:
                if _call(port, "GET", "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def _call(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        encode_chunked = body is not None and not isinstance(body, bytes)
        connection.request(
            method, path, body=body, headers=headers or {}, encode_chunked=encode_chunked
        )
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None, dict(response.getheaders())
    finally:
        connection.close()


def test_the_real_server_answers_every_status(server: tuple[subprocess.Popen[bytes], int]) -> None:
    _, port = server
    ok = json.dumps({"symptoms": ["fever"], "pain": 2, "days_since_onset": 1}).encode()
    status, body, headers = _call(port, "POST", "/triage", ok, JSON)
    assert status == 200
    assert body["disposition"] == "urgent"
    assert headers["content-type"] == "application/json"
    assert _call(port, "POST", "/triage", b"{", JSON)[0] == 400
    assert _call(port, "POST", "/triage", b"{}", {"content-type": "text/plain"})[0] == 415
    status, body, _ = _call(
        port,
        "POST",
        "/triage",
        b'{"symptoms": ["saddle_numbness"], "pain": 99, "days_since_onset": 1}',
        JSON,
    )
    assert status == 422
    assert body["triage"]["disposition"] == "emergency"
    care = {
        "profile": PROFILE,
        "kind": "recovery",
        "report": {"symptoms": ["fever"], "pain": 1, "days_since_onset": 1},
    }
    assert _call(port, "POST", "/session", json.dumps(care).encode(), JSON)[0] == 409
    assert _call(port, "GET", "/schemas/program_request")[0] == 200
    assert _call(port, "GET", "/openapi.json")[1] == rp.openapi()
    assert _call(port, "GET", "/nowhere")[0] == 404


def test_the_real_server_limits_bodies_as_received(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    _, port = server
    assert _call(port, "POST", "/triage", b" " * (MAX_BODY + 1), JSON)[0] == 413
    chunks = (b" " * 65536 for _ in range(17))  # 1.06 MiB, chunked: no Content-Length
    status, body, _ = _call(port, "POST", "/triage", chunks, JSON)
    assert status == 413
    assert body["triage"] is None
    small = (piece for piece in (b'{"symptoms": [], ', b'"pain": 0, "days_since_onset": 0}'))
    assert _call(port, "POST", "/triage", small, JSON)[0] == 200


def test_sigterm_shuts_the_server_down_gracefully(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = server
    assert _call(port, "GET", "/health")[0] == 200
    _stops_on_sigterm(process)


def _stops_on_sigterm(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down, then re-raises the signal it caught: ended by SIGTERM, cleanly
    assert process.wait(timeout=15) in (0, -signal.SIGTERM)
    assert process.stdout is not None
    log = process.stdout.read().decode()
    assert "Shutting down" in log
    assert "Finished server process" in log
    assert "POST /triage" not in log  # --no-access-log
    assert "Traceback" not in log


# --- the runpelvis serve command ------------------------------------------------------------


def test_runpelvis_serve_starts_answers_and_stops_on_sigterm() -> None:
    with contextlib.contextmanager(_started)("runpelvis", "serve") as (process, port):
        status, body, _ = _call(port, "GET", "/health")
        assert (status, body["status"]) == (200, "ok")
        ok = json.dumps({"symptoms": [], "pain": 1, "days_since_onset": 1}).encode()
        assert _call(port, "POST", "/triage", ok, JSON)[0] == 200
        _stops_on_sigterm(process)


def test_runpelvis_serve_help_lists_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    shown = capsys.readouterr().out
    assert "usage: runpelvis serve" in shown
    for flag in ("--host", "--port", "--workers", "--no-access-log"):
        assert flag in shown
    assert "runpelvis[server]" in shown


def test_runpelvis_serve_passes_its_options_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, ...]] = []
    monkeypatch.setattr(_service, "serve", lambda *options: seen.append(options))
    assert main(["serve", "--host", "0.0.0.0", "--port", "9", "--workers", "3"]) == 0
    assert main(["serve", "--no-access-log"]) == 0
    assert seen == [("0.0.0.0", 9, 3, True), ("127.0.0.1", 8080, 1, False)]


@pytest.mark.parametrize("flag", [["--port", "70000"], ["--port", "x"], ["--workers", "0"]])
def test_runpelvis_serve_refuses_bad_options(
    capsys: pytest.CaptureFixture[str], flag: list[str]
) -> None:
    assert main(["serve", *flag]) == 2
    assert "must be a whole number" in capsys.readouterr().err


def test_runpelvis_serve_without_the_server_extra_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(rp, "_service", raising=False)
    monkeypatch.setitem(sys.modules, "runpelvis._service", None)  # as if starlette were missing
    assert main(["serve"]) == 1
    out, err = capsys.readouterr()
    assert err == "runpelvis serve needs the server extra: pip install 'runpelvis[server]'\n"
    assert out == ""


def test_other_commands_never_import_the_server() -> None:
    code = (
        "import sys; from runpelvis._cli import main; "
        "main(['triage', '--symptoms', 'fever', '--pain', '2', '--days', '1']); "
        "main(['catalog']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn') "
        "or m == 'runpelvis._service'), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stderr.strip().splitlines()[-1] == "[]"
