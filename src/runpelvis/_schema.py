"""JSON Schemas (draft 2020-12) for the JSON boundary's requests and responses.

The schemas ship as files in ``runpelvis/data/schemas``; :func:`json_schema` reads
them, and nothing more, so asking for one stays cheap. They are *generated* at
development time by :func:`generate_schemas`, which walks ``attrs.fields`` and asks
each field's check for its schema (``checked(integer(0, 10))`` gives ``{"type":
"integer", "minimum": 0, "maximum": 10}``). ``tests/test_schema.py`` compares the
shipped files with a fresh generation, so the two never drift. To regenerate after
a model change::

    python tools/schemas.py

Requests and responses differ in two ways: a request may leave out fields that
have a default, and may repeat ids in a set-valued array (repeats collapse); a
response always holds every field, sets come out sorted without repeats.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._data import data_text
from ._errors import InvalidInput

if TYPE_CHECKING:
    import attrs

    from ._checks import Mode, Schema

__all__ = ["SCHEMA_NAMES", "generate_schemas", "json_schema"]

#: The schemas runpelvis ships, by name.
SCHEMA_NAMES = (
    "triage_request",
    "triage_response",
    "session_request",
    "session_response",
    "program_request",
    "program_response",
    "interview_request",
    "interview_response",
)
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_PREFIX = "urn:runpelvis:schema:"


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) called ``name``: a fresh dict the caller may change.

    ``name`` is one of ``triage_request``, ``triage_response``, ``session_request``,
    ``session_response``, ``program_request``, ``program_response``; any other
    raises :class:`~runpelvis.InvalidInput`. The id enums (symptoms, causes,
    equipment) are those of the bundled catalog.
    """
    if not isinstance(name, str):
        raise InvalidInput.at("name", f"must be a schema name, got {type(name).__name__}")
    if name not in SCHEMA_NAMES:
        from ._checks import suggest  # only a bad name pays for it

        kinds = ", ".join(dict.fromkeys(known.rsplit("_", 1)[0] for known in SCHEMA_NAMES))
        raise InvalidInput.at(
            "name",
            f"unknown schema {name[:40]!r}{suggest(name, SCHEMA_NAMES)}; "
            f"the names are <kind>_request and <kind>_response for {kinds}",
        )
    schema: dict[str, Any] = json.loads(_shipped_text(name))
    return schema


@functools.cache
def _shipped_text(name: str) -> str:
    return data_text("schemas", f"{name}.json")


# --- the generator (development time: tools/schemas.py) ----------------------------------


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Every schema, built from the domain classes' checks and the bundled catalog's ids."""
    from ._boundary import _ProgramRequest, _SessionRequest
    from ._interview import Answers, InterviewStep
    from ._plan import Program, Session
    from ._triage import SymptomReport, TriageResult

    roots: dict[str, tuple[type, Mode, str, str]] = {
        "triage_request": (
            SymptomReport,
            "request",
            "runpelvis triage request",
            "A symptom report to triage (rp.triage_json).",
        ),
        "triage_response": (
            TriageResult,
            "response",
            "runpelvis triage response",
            "How urgent the report is, what to do now, and every rule that fired.",
        ),
        "session_request": (
            _SessionRequest,
            "request",
            "runpelvis session request",
            "A runner's profile, the session kind, and optionally a symptom report "
            "that is triaged first (rp.plan_session_json).",
        ),
        "session_response": (
            Session,
            "response",
            "runpelvis session response",
            "One warm-up, cool-down, strength or recovery session.",
        ),
        "program_request": (
            _ProgramRequest,
            "request",
            "runpelvis program request",
            "A runner's profile, the number of weeks, an ISO start date, and optionally "
            "a symptom report that is triaged first (rp.plan_program_json).",
        ),
        "program_response": (
            Program,
            "response",
            "runpelvis program response",
            "A multi-week program: 7 * weeks consecutive days from start.",
        ),
        "interview_request": (
            Answers,
            "request",
            "runpelvis interview request",
            "The answers given so far (rp.interview_json).",
        ),
        "interview_response": (
            InterviewStep,
            "response",
            "runpelvis interview response",
            "One step of the interview: whether to stop, the next question, and the triage so far.",
        ),
    }
    return {name: _document(name, *root) for name, root in roots.items()}


def _document(name: str, cls: type, mode: Mode, title: str, description: str) -> Schema:
    builder = _Builder(mode, _vocabulary())
    body = builder.object_schema(cls)
    body.pop("description", None)
    schema: Schema = {
        "$schema": DIALECT,
        "$id": _ID_PREFIX + name,
        "title": title,
        "description": description,
        **body,
    }
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


def _vocabulary() -> Mapping[tuple[str, str], tuple[str, list[str]]]:
    """Set-valued fields whose items are catalog ids: (class, field) -> (noun, bundled ids)."""
    from ._catalog import default_catalog

    catalog = default_catalog()
    answerable = sorted({*catalog.symptoms, *catalog.risk_factors})
    return {
        ("SymptomReport", "symptoms"): ("symptom", sorted(catalog.symptoms)),
        ("SymptomReport", "risk_factors"): ("risk factor", sorted(catalog.risk_factors)),
        ("SymptomReport", "unsure"): (
            "symptom, risk factor or 'age'",
            sorted({*catalog.symptoms, *catalog.risk_factors, "age"}),
        ),
        ("Answers", "yes"): ("symptom or risk factor", answerable),
        ("Answers", "no"): ("symptom or risk factor", answerable),
        ("Answers", "unsure"): ("symptom, risk factor or 'age'", sorted({*answerable, "age"})),
        ("RunnerProfile", "causes"): ("cause", sorted(catalog.causes)),
        ("RunnerProfile", "equipment"): ("equipment", sorted(catalog.equipment)),
    }


class _Builder:
    """One schema document: its mode, and the ``$defs`` its fields' checks refer to."""

    __slots__ = ("defs", "mode", "vocabulary")

    def __init__(
        self, mode: Mode, vocabulary: Mapping[tuple[str, str], tuple[str, list[str]]]
    ) -> None:
        self.mode: Mode = mode
        self.vocabulary = vocabulary
        self.defs: dict[str, Schema] = {}

    def object_schema(self, cls: type) -> Schema:
        import inspect

        import attrs

        attrs.resolve_types(cls)
        properties: Schema = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            properties[field.name] = self.field_schema(cls, field)
            if self.mode == "response" or (field.init and field.default is attrs.NOTHING):
                required.append(field.name)
        schema: Schema = {"type": "object"}
        if cls.__doc__:  # its own docstring, not one inherited from Checked
            schema["description"] = _first_paragraph(inspect.cleandoc(cls.__doc__))
        schema.update(
            {"properties": properties, "required": required, "additionalProperties": False}
        )
        return schema

    def field_schema(self, cls: type, field: attrs.Attribute[Any]) -> Schema:
        from ._checks import CHECK, Check

        check = field.metadata.get(CHECK)
        if check is None:
            if field.type is bool:
                return {"type": "boolean"}
            raise TypeError(f"{cls.__name__}.{field.name}: no check to build a schema from")
        if not isinstance(check, Check):
            raise TypeError(
                f"{cls.__name__}.{field.name}: no schema for the check {check!r}; "
                "make it a Check, or wrap it with with_schema()"
            )
        schema = check.schema(self.mode, self.define)
        vocabulary = self.vocabulary.get((cls.__name__, field.name))
        if vocabulary is not None:
            noun, ids = vocabulary
            schema["items"] = {"type": "string", "enum": ids}
            schema["description"] = (
                f"{noun.capitalize()} ids of the bundled catalog; a custom catalog may add more."
            )
        return schema

    def define(self, cls: type) -> None:
        """Describe the attrs class ``cls`` under ``$defs``, once."""
        from ._checks import def_name

        name = def_name(cls)
        if name not in self.defs:
            self.defs[name] = {}  # taken: a class that refers to itself stops here
            self.defs[name] = self.object_schema(cls)


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.split("\n\n", maxsplit=1)[0].split()).replace("``", "")
