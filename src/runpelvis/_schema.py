"""JSON Schemas (draft 2020-12) for the JSON boundary's requests and responses.

The schemas ship as files in ``runpelvis/data/schemas``; :func:`json_schema` reads
them. They are *generated* from the domain classes at development time, by the
generator below, which walks ``attrs.fields`` and reads each field's check
(``checked(integer(0, 10))`` becomes ``{"type": "integer", "minimum": 0,
"maximum": 10}``). ``tests/test_schema.py`` regenerates them and compares with the
shipped files, so the two never drift. To regenerate after a model change::

    python -m runpelvis._schema

Requests and responses differ in two ways: a request may leave out fields that
have a default, and may repeat ids in a set-valued array (repeats collapse); a
response always holds every field, sets come out sorted without repeats.
"""

from __future__ import annotations

import functools
import inspect
import json
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import importlib_resources

from ._checks import CHECK, Check, suggest
from ._convert import MAX_ITEMS
from ._errors import InvalidInput

__all__ = ["SCHEMA_NAMES", "generate_schemas", "json_schema"]

#: The schemas runpelvis ships, by name.
SCHEMA_NAMES = (
    "triage_request",
    "triage_response",
    "session_request",
    "session_response",
    "program_request",
    "program_response",
)
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_PREFIX = "urn:runpelvis:schema:"

Mode = Literal["request", "response"]
Schema = dict[str, Any]


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
        raise InvalidInput.at(
            "name",
            f"unknown schema {name[:40]!r}{suggest(name, SCHEMA_NAMES)}; "
            f"one of {', '.join(SCHEMA_NAMES)}",
        )
    schema: dict[str, Any] = json.loads(_shipped_text(name))
    return schema


@functools.cache
def _shipped_text(name: str) -> str:
    resource = importlib_resources.files("runpelvis").joinpath("data", "schemas", f"{name}.json")
    return resource.read_text(encoding="utf-8")


# --- the generator (development time) -------------------------------------------------


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Every schema, built from the domain classes and the bundled catalog's ids."""
    from ._boundary import _ProgramRequest, _SessionRequest
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
    return {
        ("SymptomReport", "symptoms"): ("symptom", sorted(catalog.symptoms)),
        ("SymptomReport", "risk_factors"): ("risk factor", sorted(catalog.risk_factors)),
        ("SymptomReport", "unsure"): (
            "symptom, risk factor or 'age'",
            sorted({*catalog.symptoms, *catalog.risk_factors, "age"}),
        ),
        ("RunnerProfile", "causes"): ("cause", sorted(catalog.causes)),
        ("RunnerProfile", "equipment"): ("equipment", sorted(catalog.equipment)),
    }


#: Checks that are plain functions, not built by a factory of ``_checks``.
_SPECIAL: Mapping[str, Schema] = {
    # RunnerProfile.runs_per_week: 0-6, with its own message for 7
    "_runs_per_week": {"type": "integer", "minimum": 0, "maximum": 6},
}


@attrs.define
class _Builder:
    mode: Mode
    vocabulary: Mapping[tuple[str, str], tuple[str, list[str]]]
    defs: dict[str, Schema] = attrs.field(factory=dict)

    def object_schema(self, cls: type) -> Schema:
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
        check: Check | None = field.metadata.get(CHECK)
        if check is None:
            if field.type is bool:
                return {"type": "boolean"}
            raise TypeError(f"{cls.__name__}.{field.name}: no check to build a schema from")
        schema = self.check_schema(check)
        vocabulary = self.vocabulary.get((cls.__name__, field.name))
        if vocabulary is not None:
            noun, ids = vocabulary
            schema["items"] = {"type": "string", "enum": ids}
            schema["description"] = (
                f"{noun.capitalize()} ids of the bundled catalog; a custom catalog may add more."
            )
        return schema

    def check_schema(self, check: Check) -> Schema:
        if not isinstance(check, types.FunctionType):
            raise TypeError(f"cannot read the check {check!r}")
        if check.__name__ in _SPECIAL:
            return dict(_SPECIAL[check.__name__])
        factory = check.__qualname__.removesuffix(".<locals>.check")
        read = self._readers().get(factory)
        if read is None:
            raise TypeError(f"no schema for the check {check.__qualname__}")
        return read(_closure(check))

    def _readers(self) -> Mapping[str, Callable[[Mapping[str, Any]], Schema]]:
        return {
            "integer": lambda c: {"type": "integer", "minimum": c["low"], "maximum": c["high"]},
            "string": lambda c: {
                "type": "string",
                "minLength": 1,
                "maxLength": c["max_length"],
                "pattern": r"\S",
            },
            "_id_problem": lambda _: {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"},
            "one_of": lambda c: _enum(list(c["allowed"])),
            "instance": lambda c: self.instance_schema(c["cls"]),
            "optional": lambda c: {"anyOf": [self.check_schema(c["inner"]), {"type": "null"}]},
            "set_of": lambda c: self.array_schema(c["inner"], c["max_items"], is_set=True),
            "tuple_of": lambda c: self.array_schema(c["inner"], c["max_items"], is_set=False),
        }

    def array_schema(self, inner: Check, max_items: int, *, is_set: bool) -> Schema:
        schema: Schema = {"type": "array", "items": self.check_schema(inner)}
        if is_set and self.mode == "response":
            schema.update(maxItems=max_items, uniqueItems=True)
        elif is_set:
            # repeats collapse, so a request's array may be longer than the set it makes
            schema["maxItems"] = MAX_ITEMS
        else:
            schema["maxItems"] = min(max_items, MAX_ITEMS)
        return schema

    def instance_schema(self, cls: type) -> Schema:
        import datetime

        from ._disposition import Disposition

        if cls is bool:
            return {"type": "boolean"}
        if cls is Disposition:
            return _enum([member.value for member in Disposition])
        if cls is datetime.date:
            return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        if attrs.has(cls):
            name = cls.__name__.lstrip("_")
            if name not in self.defs:
                self.defs[name] = self.object_schema(cls)
            return {"$ref": f"#/$defs/{name}"}
        raise TypeError(f"no schema for instances of {cls.__name__}")


def _closure(check: types.FunctionType) -> dict[str, Any]:
    cells = check.__closure__ or ()
    return {
        name: cell.cell_contents
        for name, cell in zip(check.__code__.co_freevars, cells, strict=True)
    }


def _enum(values: list[str]) -> Schema:
    """Every vocabulary of the wire format is a set of strings."""
    return {"type": "string", "enum": values}


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.split("\n\n", maxsplit=1)[0].split()).replace("``", "")


def render(schema: Mapping[str, Any]) -> str:
    """A schema as the text of its shipped file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every generated schema into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate_schemas().items():
        path = directory / f"{name}.json"
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a development tool
    for path in write_schemas(Path(__file__).parent / "data" / "schemas"):
        print(path)
