"""The HTTP service: the JSON functions over HTTP, on Starlette, served by uvicorn.

Extra ``server`` (``pip install 'runpelvis[server]'``). ``runpelvis serve`` or
``python -m runpelvis._service`` starts it; ``app`` is the ASGI application, for any
ASGI server. Every request is answered from the request alone (no state between
requests), so workers and replicas scale out behind any load balancer.

Status codes: 200 the answer; 400 a body that is not JSON; 413 a body over
:data:`MAX_BODY` bytes as received (a ``Content-Length`` over it is refused before
reading, a chunked body is counted while it streams and reading stops past the
limit); 415 a ``Content-Type`` that is not JSON; 422 :class:`~runpelvis.InvalidInput`
(``{"errors": [...], "triage": ... or null}``, exactly ``InvalidInput.to_json()``;
a repeated key is invalid input too, and its ``triage`` is the red flag the merged
value shows, if any); 409 :class:`~runpelvis.CareRequired`. Every other error (404,
405, 400, 413, 415) has the same body shape as 422, with ``triage`` null.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import runpelvis as rp

from ._schema import SCHEMA_NAMES

__all__ = ["MAX_BODY", "app", "create_app", "main", "serve"]

#: The largest request body accepted, in bytes as received.
MAX_BODY = 1024 * 1024
_JSON_TYPES = ("application/json",)


class _TooLarge(Exception):
    """The body went past :data:`MAX_BODY`."""


def _errors(status: int, *messages: str) -> JSONResponse:
    return JSONResponse({"errors": list(messages), "triage": None}, status_code=status)


def _is_json(content_type: str | None) -> bool:
    media, _, params = (content_type or "").partition(";")
    media = media.strip().lower()
    if not (media in _JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))):
        return False
    charset = [
        p.split("=", 1)[1].strip(' "').lower()
        for p in params.split(";")
        if "=" in p and p.split("=", 1)[0].strip().lower() == "charset"
    ]
    return all(value in ("utf-8", "utf8") for value in charset)


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused with :class:`_TooLarge` as soon as it passes ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _TooLarge
    return bytes(body)


async def _json_body(request: Request) -> Any:
    """The decoded body, or the error response to send instead (as :class:`_Refused`)."""
    if not _is_json(request.headers.get("content-type")):
        raise _Refused(_errors(415, "body: the Content-Type must be application/json"))
    try:
        data = await read_body(request)
    except _TooLarge:
        raise _Refused(_errors(413, f"body: larger than {MAX_BODY} bytes")) from None
    return data


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


#: For each POST endpoint: the JSON function, and where the symptom report is in a request.
_Handler = Callable[[Any], dict[str, Any]]


def _report_of_plan(request: object) -> object:
    return request.get("report") if isinstance(request, dict) else None


def _answer(
    handle: _Handler, report_of: Callable[[object], object], offload: bool
) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            data = await _json_body(request)
        except _Refused as refused:
            return refused.response
        try:
            value = rp.read_json(data, label="body")
        except rp.InvalidInput as error:
            if error.partial is None:
                return JSONResponse(error.to_json(), status_code=400)
            found = rp.red_flag(report_of(error.partial))
            return JSONResponse(error.with_triage(found).to_json(), status_code=422)
        try:
            answer = await run_in_threadpool(handle, value) if offload else handle(value)
        except rp.InvalidInput as error:
            return JSONResponse(error.to_json(), status_code=422)
        except rp.CareRequired as refused:
            return JSONResponse(refused.to_json(), status_code=409)
        return JSONResponse(answer)

    return endpoint


async def _schema(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        schema = rp.json_schema(name)
    except rp.InvalidInput as error:
        return JSONResponse(error.to_json(), status_code=404)
    return JSONResponse(schema, media_type="application/schema+json")


async def _openapi(request: Request) -> Response:
    return JSONResponse(rp.openapi())


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "catalog_version": rp.default_catalog().version})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _errors(exc.status_code, f"{request.url.path}: {str(exc.detail).lower()}")


@contextlib.asynccontextmanager
async def _warm(app: Starlette) -> AsyncIterator[None]:
    """Load the catalog and the triage engine before the first request, not during it."""
    rp.triage_json({"symptoms": [], "pain": 0, "days_since_onset": 0})
    yield


def endpoints() -> dict[str, tuple[_Handler, Callable[[object], object], bool]]:
    """``path -> (JSON function, where its report is, run it in a thread)`` of the POSTs."""
    found: dict[str, tuple[_Handler, Callable[[object], object], bool]] = {
        "/triage": (rp.triage_json, lambda request: request, False),
        "/session": (rp.plan_session_json, _report_of_plan, True),
        "/program": (rp.plan_program_json, _report_of_plan, True),
    }
    interview = getattr(rp, "interview_json", None)
    if interview is not None and "interview_request" in SCHEMA_NAMES:  # as rp.openapi() says
        found["/interview"] = (interview, _report_of_answers, False)
    return found


def _report_of_answers(request: object) -> object:
    """The symptom report an interview request's answers make, for a red-flag check."""
    if not isinstance(request, dict):
        return None
    cat = rp.default_catalog()
    yes = request.get("yes")
    said = [item for item in yes if isinstance(item, str)] if isinstance(yes, list) else []
    return {
        "symptoms": [item for item in said if item in cat.symptoms],
        "risk_factors": [item for item in said if item in cat.risk_factors],
        **{
            key: request[key]
            for key in ("pain", "days_since_onset", "age", "unsure")
            if key in request
        },
    }


def create_app() -> Starlette:
    """A fresh ASGI application of the service."""
    routes = [Route(path, _answer(*entry), methods=["POST"]) for path, entry in endpoints().items()]
    routes += [
        Route("/schemas/{name}", _schema, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
        Route("/health", _health, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: _http_error}, lifespan=_warm)


app = create_app()


def serve(
    host: str = "127.0.0.1", port: int = 8080, workers: int = 1, access_log: bool = True
) -> None:
    """Run the service with uvicorn until SIGINT or SIGTERM (then it shuts down gracefully)."""
    import uvicorn

    uvicorn.run(
        "runpelvis._service:app",
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        server_header=False,
        timeout_graceful_shutdown=10,
    )


def parser(prog: str = "runpelvis serve") -> argparse.ArgumentParser:
    """The options of ``runpelvis serve``."""
    parse = argparse.ArgumentParser(prog=prog, description="Serve runpelvis over HTTP.")
    parse.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parse.add_argument("--port", type=int, default=8080, help="port to listen on")
    parse.add_argument("--workers", type=int, default=1, help="worker processes")
    parse.add_argument(
        "--no-access-log", dest="access_log", action="store_false", help="no access log lines"
    )
    return parse


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m runpelvis._service [--host H] [--port P] [--workers N] [--no-access-log]``."""
    args = parser().parse_args(argv)
    serve(args.host, args.port, args.workers, args.access_log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
