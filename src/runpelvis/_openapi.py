"""The OpenAPI 3.1 document of the HTTP service (``runpelvis serve``).

OpenAPI 3.1 schemas are JSON Schema 2020-12, the dialect of the schemas runpelvis
ships, so they are used as they are: each is a component under
``components/schemas/<name>`` and the operations reference it. The document ships
as ``runpelvis/data/openapi.json``; :func:`openapi` reads it, and
``tests/test_openapi.py`` checks it against the generator below. To regenerate::

    python -m runpelvis._openapi
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ._data import data_text
from ._schema import SCHEMA_NAMES, json_schema

__all__ = ["generate_openapi", "openapi"]

OPENAPI_VERSION = "3.1.0"
_REF = "#/components/schemas/"
#: The POST endpoints: path -> (request schema, response schema, summary, refuses a plan).
OPERATIONS: dict[str, tuple[str, str, str, bool]] = {
    "/triage": ("triage_request", "triage_response", "Triage a symptom report", False),
    "/interview": (
        "interview_request",
        "interview_response",
        "The next question of the check-in, and the triage so far",
        False,
    ),
    "/session": ("session_request", "session_response", "Plan one session", True),
    "/program": ("program_request", "program_response", "Plan a multi-week program", True),
}
_ERROR_BODY = {
    "type": "object",
    "description": "Every error but 409: exactly InvalidInput.to_json(). `triage` is the "
    "triage of the request's valid part when it already calls for care now (urgent or "
    "emergency), else null; it is always null for 400, 404, 405, 413 and 415.",
    "required": ["errors", "triage"],
    "additionalProperties": False,
    "properties": {
        "errors": {
            "type": "array",
            "items": {"type": "string"},
            "description": "One line per problem: its path in the body, then what is wrong.",
        },
        "triage": {"anyOf": [{"$ref": _REF + "triage_response"}, {"type": "null"}]},
    },
}
_CARE_REQUIRED = {
    "type": "object",
    "description": "No plan: the report's triage calls for care now. Show the triage.",
    "required": ["error", "triage"],
    "additionalProperties": False,
    "properties": {
        "error": {"const": "care_required"},
        "triage": {"$ref": _REF + "triage_response"},
    },
}


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the HTTP service: a fresh dict the caller may change."""
    document: dict[str, Any] = json.loads(_shipped_text())
    return document


@functools.cache
def _shipped_text() -> str:
    return data_text("openapi.json")


def _json(schema: str | dict[str, Any], description: str) -> dict[str, Any]:
    body = {"$ref": _REF + schema} if isinstance(schema, str) else schema
    return {"description": description, "content": {"application/json": {"schema": body}}}


def _error(description: str) -> dict[str, Any]:
    return {"$ref": f"#/components/responses/{description}"}


def _post(request: str, response: str, summary: str, plans: bool) -> dict[str, Any]:
    responses = {
        "200": _json(response, "The answer."),
        "400": _error("NotJson"),
        "413": _error("TooLarge"),
        "415": _error("NotJsonContentType"),
        "422": _error("InvalidInput"),
    }
    if plans:
        responses["409"] = _json("care_required", "No plan: the report calls for care now.")
    return {
        "summary": summary,
        "operationId": request.removesuffix("_request"),
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": _REF + request}}},
        },
        "responses": dict(sorted(responses.items())),
    }


def _get(summary: str, ok: dict[str, Any], *, missing: bool = False) -> dict[str, Any]:
    responses = {"200": ok}
    if missing:
        responses["404"] = _error("NotFound")
    return {"get": {"summary": summary, "responses": responses}}


def generate_openapi(schema_names: tuple[str, ...] = SCHEMA_NAMES) -> dict[str, Any]:
    """The document, built from the shipped schemas (an endpoint whose schemas are missing
    is left out)."""
    paths: dict[str, Any] = {
        path: {"post": _post(*operation)}
        for path, operation in OPERATIONS.items()
        if {operation[0], operation[1]} <= set(schema_names)
    }
    paths["/schemas/{name}"] = _get(
        "A shipped JSON Schema",
        {
            "description": "The JSON Schema (2020-12).",
            "content": {"application/schema+json": {"schema": {"type": "object"}}},
        },
        missing=True,
    )
    paths["/schemas/{name}"]["parameters"] = [
        {
            "name": "name",
            "in": "path",
            "required": True,
            "schema": {"enum": list(schema_names)},
        }
    ]
    paths["/openapi.json"] = _get(
        "This document", _json({"type": "object"}, "The OpenAPI 3.1 document.")
    )
    paths["/health"] = _get("Liveness", _json("health", "The service is up."))
    return {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "runpelvis",
            "version": "1",
            "summary": "Triage and routine planning for runners with back and pelvic pain.",
            "description": "A conservative decision aid, not a diagnosis. Every request is "
            "answered from the request alone. Any path or method not listed answers 404 or "
            "405 with the error body.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "paths": paths,
        "components": {
            "schemas": {
                **{name: embedded(name) for name in schema_names},
                "error": _ERROR_BODY,
                "care_required": _CARE_REQUIRED,
                "health": _HEALTH,
            },
            "responses": {
                name: _json("error", description) for name, description in _ERRORS.items()
            },
        },
    }


_HEALTH = {
    "type": "object",
    "required": ["status", "catalog_version"],
    "additionalProperties": False,
    "properties": {"status": {"const": "ok"}, "catalog_version": {"type": "string"}},
}
_ERRORS = {
    "NotJson": "The body is not JSON text.",
    "TooLarge": "The body is over 1 MiB (1,048,576 bytes) as received, chunked or not.",
    "NotJsonContentType": "The Content-Type is not application/json (or +json, UTF-8).",
    "InvalidInput": "Invalid input, a repeated key included; `triage` set for a red flag.",
    "NotFound": "No such schema.",
}


def embedded(name: str) -> dict[str, Any]:
    """The shipped schema ``name`` as a component: the same schema, its ``$id`` and
    ``$schema`` left out (the document's dialect is the same) and its local references
    (``#/$defs/Reason``) made to point at it inside the document, as OpenAPI tools
    resolve them from the document's root."""
    schema = json_schema(name)
    schema.pop("$id", None)
    schema.pop("$schema", None)
    rebased: dict[str, Any] = _rebased(schema, f"{_REF}{name}/$defs/")
    return rebased


def _rebased(value: Any, prefix: str) -> Any:
    if isinstance(value, dict):
        return {
            key: prefix + item.removeprefix("#/$defs/")
            if key == "$ref" and isinstance(item, str) and item.startswith("#/$defs/")
            else _rebased(item, prefix)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rebased(item, prefix) for item in value]
    return value


def write(path: Path) -> None:
    """Write the generated document to ``path`` (development time)."""
    path.write_text(json.dumps(generate_openapi(), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(__file__).parent / "data" / "openapi.json")
