"""JSON Schemas: what ships is what the generator makes, and schema and runpelvis agree.

Each check describes itself (its ``repr`` and its ``schema``), and the shipped
schemas are built from those checks by ``tools/schemas.py``. Valid requests pass
the schema and runpelvis, and runpelvis's responses pass the response schemas; a
request broken in any one place fails the schema *and* raises ``InvalidInput``;
every integer range is the one the classes check.
"""

from __future__ import annotations

import copy
import datetime
import enum
import importlib.util
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import importlib_resources
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
from runpelvis._checks import (
    CHECK,
    MAX_ITEMS,
    Check,
    Checked,
    checked,
    ident,
    idents,
    instance,
    integer,
    one_of,
    optional,
    set_of,
    string,
    texts,
    tuple_of,
    with_schema,
)
from runpelvis._convert import unstructure
from runpelvis._schema import SCHEMA_NAMES, _Builder, generate_schemas

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("schemas", ROOT / "tools" / "schemas.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
render = TOOL.render
write_schemas = TOOL.write_schemas

CATALOG = rp.default_catalog()
SYMPTOMS = sorted(CATALOG.symptoms)
CAUSES = sorted(CATALOG.causes)
EQUIPMENT = sorted(CATALOG.equipment)
LEVELS = ["beginner", "intermediate", "advanced"]
KINDS = ["warm_up", "cool_down", "strength", "recovery"]
NAMES = (
    "triage_request",
    "triage_response",
    "session_request",
    "session_response",
    "program_request",
    "program_response",
    "interview_request",
    "interview_response",
)
VALIDATORS = {name: jsonschema.Draft202012Validator(rp.json_schema(name)) for name in NAMES}
#: Each request schema's JSON function.
HANDLERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "triage": rp.triage_json,
    "session": rp.plan_session_json,
    "program": rp.plan_program_json,
}


def valid(name: str, value: object) -> bool:
    return bool(VALIDATORS[name].is_valid(value))


# -- the shipped files ----------------------------------------------------------------------


def test_the_schemas_are_named_as_the_spec_says() -> None:
    assert SCHEMA_NAMES == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_shipped_files_are_the_generators_output(name: str) -> None:
    shipped = importlib_resources.files("runpelvis").joinpath("data", "schemas", f"{name}.json")
    generated = generate_schemas()[name]
    assert shipped.read_text(encoding="utf-8") == render(generated), (
        f"{name}.json is stale: run `python tools/schemas.py`"
    )
    assert rp.json_schema(name) == generated


def test_write_schemas_writes_what_ships(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "schemas")
    assert [path.name for path in written] == [f"{name}.json" for name in NAMES]
    shipped = importlib_resources.files("runpelvis").joinpath("data", "schemas")
    for path in written:
        assert path.read_text(encoding="utf-8") == shipped.joinpath(path.name).read_text(
            encoding="utf-8"
        )


@pytest.mark.parametrize("name", NAMES)
def test_schemas_are_draft_2020_12_and_closed(name: str) -> None:
    schema = rp.json_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    objects = [node for node in _nodes(schema) if node.get("type") == "object"]
    assert objects
    for node in objects:
        assert node["additionalProperties"] is False
        assert set(node["required"]) <= set(node["properties"])


def _nodes(schema: object) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from _nodes(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _nodes(value)


def test_vocabularies_come_from_the_catalog_and_the_spec() -> None:
    session = rp.json_schema("session_request")
    report, profile = session["$defs"]["SymptomReport"], session["$defs"]["RunnerProfile"]
    assert report == rp.json_schema("program_request")["$defs"]["SymptomReport"]
    assert report["properties"]["symptoms"]["items"]["enum"] == SYMPTOMS
    assert "custom catalog" in report["properties"]["symptoms"]["description"]
    assert rp.json_schema("triage_request")["properties"] == report["properties"]
    assert profile["properties"]["causes"]["items"]["enum"] == CAUSES
    assert profile["properties"]["equipment"]["items"]["enum"] == EQUIPMENT
    assert profile["properties"]["level"]["enum"] == LEVELS
    assert session["properties"]["kind"]["enum"] == KINDS
    assert session["required"] == ["profile", "kind"]  # report is optional
    dispositions = rp.json_schema("triage_response")["properties"]["disposition"]["enum"]
    assert dispositions == ["self_care", "rest", "see_clinician", "urgent", "emergency"]
    activity = rp.json_schema("program_response")["$defs"]["Activity"]["properties"]["kind"]
    assert activity["enum"] == ["run", *KINDS, "cross_training", "readiness_check"]


def test_responses_require_every_field_and_list_sets_once() -> None:
    response = rp.json_schema("triage_response")
    assert response["required"] == list(response["properties"])
    assert "may_run" in response["required"]  # derived fields are in every response
    symptoms = response["$defs"]["SymptomReport"]["properties"]["symptoms"]
    assert symptoms["uniqueItems"] is True
    request = rp.json_schema("triage_request")["properties"]["symptoms"]
    assert "uniqueItems" not in request  # a request may repeat an id


def test_json_schema_checks_its_name() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.json_schema("triage_reqest")
    assert caught.value.errors == [
        "name: unknown schema 'triage_reqest' (did you mean 'triage_request'?); the names are "
        "<kind>_request and <kind>_response for triage, session, program, interview"
    ]
    with pytest.raises(rp.InvalidInput, match="name: must be a schema name, got int"):
        rp.json_schema(3)  # type: ignore[arg-type]
    with pytest.raises(rp.InvalidInput):
        rp.json_schema("../catalog")


def test_json_schema_gives_a_fresh_copy() -> None:
    schema = rp.json_schema("triage_request")
    schema["properties"].clear()
    assert rp.json_schema("triage_request")["properties"]


def test_the_tool_checks_and_writes_the_shipped_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert TOOL.main(["--check"]) == 0  # what ships is what the checks give
    directory = tmp_path / "schemas"
    assert TOOL.main(["--check", "--directory", str(directory)]) == 1  # missing
    assert len(capsys.readouterr().out.splitlines()) == len(NAMES)
    assert TOOL.main(["--directory", str(directory)]) == 0
    assert TOOL.main(["--check", "--directory", str(directory)]) == 0
    (directory / "session_request.json").write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    assert TOOL.main(["--check", "--directory", str(directory)]) == 1
    assert capsys.readouterr().out == (
        f"{directory / 'session_request.json'} is stale: run `python tools/schemas.py`\n"
    )


def test_json_schema_reads_the_files_and_imports_nothing_else() -> None:
    code = (
        "import sys, runpelvis as rp\n"
        "rp.json_schema('program_response')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('runpelvis', 'attr', 'cattr'))))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == (
        "['runpelvis', 'runpelvis._data', 'runpelvis._errors', 'runpelvis._schema']"
    )


# -- the checks describe themselves ----------------------------------------------------------


class _Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen
class _Leaf(Checked):
    """A leaf."""

    size: int = checked(integer(0, 3))


def _weekday(value: object) -> str | None:
    return None if value in {"monday", "tuesday"} else "must be monday or tuesday"


STRING = {"type": "string", "minLength": 1, "maxLength": 80, "pattern": r"\S"}
IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"}

#: (check, its repr, its request schema, its response schema): one row per check class.
CHECKS: list[tuple[Check, str, dict[str, Any], dict[str, Any]]] = [
    (integer(0, 10), "Integer(0, 10)", {"type": "integer", "minimum": 0, "maximum": 10}, {}),
    (string(80), "String(80)", STRING, {}),
    (string(), "String(2000)", {**STRING, "maxLength": 2000}, {}),
    (ident, "Ident()", IDENT, {}),
    (
        one_of(("warm_up", "cool_down")),
        "OneOf('warm_up', 'cool_down')",
        {"type": "string", "enum": ["warm_up", "cool_down"]},
        {},
    ),
    (one_of((1, 2)), "OneOf(1, 2)", {"enum": [1, 2]}, {}),
    (instance(bool), "Instance(bool)", {"type": "boolean"}, {}),
    (instance(_Colour), "Instance(_Colour)", {"type": "string", "enum": ["red", "blue"]}, {}),
    (
        instance(datetime.date),
        "Instance(date)",
        {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        {},
    ),
    (instance(_Leaf), "Instance(_Leaf)", {"$ref": "#/$defs/Leaf"}, {}),
    (
        optional(integer(1, 5)),
        "Optional(Integer(1, 5))",
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 5}, {"type": "null"}]},
        {},
    ),
    (
        set_of(string(80), 3),
        "SetOf(String(80), 3)",
        {"type": "array", "items": STRING, "maxItems": MAX_ITEMS},
        {"type": "array", "items": STRING, "maxItems": 3, "uniqueItems": True},
    ),
    (
        idents(),
        "SetOf(Ident(), 64)",
        {"type": "array", "items": IDENT, "maxItems": MAX_ITEMS},
        {"type": "array", "items": IDENT, "maxItems": 64, "uniqueItems": True},
    ),
    (
        tuple_of(instance(_Leaf), 7),
        "TupleOf(Instance(_Leaf), 7)",
        {"type": "array", "items": {"$ref": "#/$defs/Leaf"}, "maxItems": 7},
        {},
    ),
    (
        tuple_of(ident),
        "TupleOf(Ident(), 10000)",
        {"type": "array", "items": IDENT, "maxItems": MAX_ITEMS},  # no array is longer
        {},
    ),
    (
        texts(),
        "TupleOf(String(2000), 20)",
        {"type": "array", "items": {**STRING, "maxLength": 2000}, "maxItems": 20},
        {},
    ),
    (
        with_schema(_weekday, one_of(("monday", "tuesday"))),
        "WithSchema(_weekday, OneOf('monday', 'tuesday'))",
        {"type": "string", "enum": ["monday", "tuesday"]},
        {},
    ),
    (
        with_schema(_weekday, {"const": "monday"}, description="a day"),
        "WithSchema(_weekday, {'const': 'monday'}, description='a day')",
        {"const": "monday", "description": "a day"},
        {},
    ),
]


@pytest.mark.parametrize(
    ("check", "shown", "request_schema", "response_schema"), CHECKS, ids=[row[1] for row in CHECKS]
)
def test_each_check_shows_its_bounds_and_describes_what_it_passes(
    check: Check, shown: str, request_schema: dict[str, Any], response_schema: dict[str, Any]
) -> None:
    assert repr(check) == shown
    assert check.schema("request") == request_schema
    assert check.schema("response") == (response_schema or request_schema)
    jsonschema.Draft202012Validator.check_schema(check.schema("request"))
    fresh = check.schema("request")
    fresh.clear()  # a fresh dict each time: changing one changes no check
    assert check.schema("request") == request_schema


def test_a_check_refers_to_a_class_and_lets_the_caller_describe_it() -> None:
    seen: list[type] = []
    check = optional(tuple_of(instance(_Leaf), 2))
    assert check.schema("response", seen.append) == {
        "anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/Leaf"}, "maxItems": 2},
            {"type": "null"},
        ]
    }
    assert seen == [_Leaf]
    with pytest.raises(TypeError, match="no schema for instances of complex"):
        instance(complex).schema("request")


def test_with_schema_runs_the_function_it_wraps() -> None:
    check = with_schema(_weekday, one_of(("monday", "tuesday")), minLength=6)
    assert check("monday") is None
    assert check("friday") == "must be monday or tuesday"
    assert check.schema("request") == {
        "type": "string",
        "enum": ["monday", "tuesday"],
        "minLength": 6,
    }
    fragment: dict[str, Any] = {"items": {"type": "integer"}}
    fixed = with_schema(_weekday, fragment)
    fixed.schema("request")["items"]["type"] = "string"
    assert fixed.schema("request") == fragment == {"items": {"type": "integer"}}


def _model_classes() -> set[type]:
    """Every checked class of runpelvis, once every public name has been imported."""
    for name in rp.__all__:
        getattr(rp, name)
    found: set[type] = set()
    todo = list(Checked.__subclasses__())
    while todo:
        cls = todo.pop()
        # attrs replaces a slotted class with a new one: the original lingers as a
        # subclass until it is collected, and is no attrs class
        if cls.__module__.startswith("runpelvis.") and attrs.has(cls) and cls not in found:
            found.add(cls)
            todo.extend(cls.__subclasses__())
    return found


def test_every_checked_field_of_runpelvis_has_a_schema() -> None:
    classes = _model_classes()
    assert len(classes) > 20
    described = 0
    for cls in classes:
        for field in attrs.fields(cls):
            check = field.metadata.get(CHECK)
            if check is None:
                continue
            where = f"{cls.__name__}.{field.name}"
            assert isinstance(check, Check), f"{where}: {check!r} has no schema"
            for mode in ("request", "response"):
                jsonschema.Draft202012Validator.check_schema(check.schema(mode))
            described += 1
    assert described > 100


SCALARS: list[Check] = [
    integer(0, 10),
    integer(-3, 3),
    string(5),
    ident,
    one_of(("beginner", "advanced")),
    instance(bool),
    optional(integer(1, 2)),
    optional(string(3)),
]
#: What a JSON request holds where a single value goes, without what a schema cannot say
#: (4.0 is an integer to JSON Schema; it has no word for control characters).
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-20, 20)
    | st.sampled_from(["beginner", "advanced", "a_1", "A", " ", "", "_x", "x" * 64, "x" * 65])
    | st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=8)
)


@given(st.sampled_from(SCALARS), JSON_SCALARS)
def test_a_scalar_check_and_its_schema_pass_the_same_values(check: Check, value: object) -> None:
    validator = jsonschema.Draft202012Validator(check.schema("request"))
    assert (check(value) is None) == validator.is_valid(value), (check, value, check(value))


def test_what_a_schema_cannot_say_the_check_still_refuses() -> None:
    for check, value in [(integer(0, 10), 4.0), (string(10), "ok\x1b[2J"), (ident, "ok\n")]:
        assert jsonschema.Draft202012Validator(check.schema("request")).is_valid(value)
        assert check(value) is not None


# -- the generator refuses what it cannot describe -------------------------------------------


@attrs.frozen
class _Odd:
    count: int = checked(integer(0, 3))
    label: str = checked(lambda value: None)
    free: int = 0


def test_the_generator_fails_loudly_on_what_it_does_not_know() -> None:
    builder = _Builder("request", {})
    count, label, free = attrs.fields(_Odd)
    assert builder.field_schema(_Odd, count) == {"type": "integer", "minimum": 0, "maximum": 3}
    with pytest.raises(TypeError, match=r"_Odd.label: no schema for the check <function"):
        builder.field_schema(_Odd, label)
    with pytest.raises(TypeError, match="no check to build a schema from"):
        builder.field_schema(_Odd, free)
    assert builder.defs == {}


# -- requests: the schema and runpelvis agree -----------------------------------------------


def id_lists(ids: list[str], max_size: int = 6) -> st.SearchStrategy[list[str]]:
    """JSON arrays of ids, in any order, sometimes repeated."""
    return st.lists(st.sampled_from(ids), max_size=max_size)


def reports() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "symptoms": id_lists(SYMPTOMS, 4),
            "pain": st.integers(0, 10),
            "days_since_onset": st.integers(0, 3650),
        }
    )


def profiles() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "causes": id_lists(CAUSES),
            "level": st.sampled_from(LEVELS),
            "equipment": id_lists(EQUIPMENT),
            "session_minutes": st.integers(5, 180),
            "runs_per_week": st.integers(0, 6),
            "weekly_run_minutes": st.integers(0, 1500),
        }
    )


def requests(*, report: bool | None = None) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """``(kind, request)``: valid decoded requests. ``report``: always, never, or either."""
    optional = {"report": st.none() | reports()} if report is None else {}
    required = {"report": reports()} if report else {}
    dates = st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))
    session = st.fixed_dictionaries(
        {"profile": profiles(), "kind": st.sampled_from(KINDS), **required}, optional=optional
    )
    program = st.fixed_dictionaries(
        {
            "profile": profiles(),
            "weeks": st.integers(1, 3),
            "start": dates.map(datetime.date.isoformat),
            **required,
        },
        optional=optional,
    )
    return st.one_of(
        st.tuples(st.just("triage"), reports()),
        st.tuples(st.just("session"), session),
        st.tuples(st.just("program"), program),
    )


@given(requests())
def test_valid_requests_pass_both_and_responses_pass_their_schema(
    drawn: tuple[str, dict[str, Any]],
) -> None:
    kind, request = drawn
    assert valid(f"{kind}_request", request), list(
        VALIDATORS[f"{kind}_request"].iter_errors(request)
    )
    try:
        response = HANDLERS[kind](request)
    except rp.CareRequired as refused:  # a red flag: the triage is the answer
        response, kind = unstructure(refused.triage), "triage"
    assert valid(f"{kind}_response", response), list(
        VALIDATORS[f"{kind}_response"].iter_errors(response)
    )


def test_the_largest_program_validates() -> None:
    request = {
        "profile": {
            "causes": CAUSES,
            "level": "advanced",
            "equipment": EQUIPMENT,
            "session_minutes": 180,
            "runs_per_week": 6,
            "weekly_run_minutes": 1500,
        },
        "weeks": 52,
        "start": "2026-01-05",
        "report": {"symptoms": ["pain_after_running"] * 1000, "pain": 6, "days_since_onset": 13},
    }
    assert valid("program_request", request)
    response = rp.plan_program_json(request)
    assert len(response["days"]) == 364
    assert valid("program_response", response)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def leaves(
    node: dict[str, Any], root: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every place in a request: ``(path, schema)`` for objects and for values in them."""
    node = _resolve(node, root)
    if "anyOf" in node:
        for branch in node["anyOf"]:
            if branch.get("type") != "null":
                yield from leaves(branch, root, path)
        return
    yield path, node
    if node.get("type") == "object":
        for key, inner in node["properties"].items():
            yield from leaves(inner, root, (*path, key))


def _set(request: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    changed = copy.deepcopy(request)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _integer_places(name: str) -> list[tuple[tuple[str, ...], int, int]]:
    schema = rp.json_schema(name)
    return [
        (path, node["minimum"], node["maximum"])
        for path, node in leaves(schema, schema)
        if node.get("type") == "integer"
    ]


BASES: dict[str, dict[str, Any]] = {
    "triage": {"symptoms": [], "pain": 0, "days_since_onset": 0},
    "session": {
        "profile": {
            "causes": [],
            "level": "beginner",
            "equipment": [],
            "session_minutes": 20,
            "runs_per_week": 0,
            "weekly_run_minutes": 0,
        },
        "kind": "cool_down",
        "report": {"symptoms": [], "pain": 0, "days_since_onset": 0},
    },
}
BASES["program"] = {**BASES["session"], "weeks": 1, "start": "2026-01-05"}
del BASES["program"]["kind"]

INTEGER_PLACES = [
    (kind, path, low, high)
    for kind in BASES
    for path, low, high in _integer_places(f"{kind}_request")
]


def test_every_integer_of_every_request_is_found() -> None:
    found = {(kind, ".".join(path)) for kind, path, _, _ in INTEGER_PLACES}
    profile = ["session_minutes", "runs_per_week", "weekly_run_minutes"]
    report = {"report.pain", "report.days_since_onset", "report.age"}
    plan = {f"profile.{name}" for name in profile} | report
    assert found == {
        ("triage", "pain"),
        ("triage", "days_since_onset"),
        ("triage", "age"),
        *(("session", place) for place in plan),
        *(("program", place) for place in plan | {"weeks"}),
    }


@pytest.mark.parametrize(
    ("kind", "path", "low", "high"),
    INTEGER_PLACES,
    ids=[f"{kind}:{'.'.join(path)}" for kind, path, _, _ in INTEGER_PLACES],
)
def test_integer_ranges_are_the_ones_runpelvis_checks(
    kind: str, path: tuple[str, ...], low: int, high: int
) -> None:
    for value in (low, high):
        request = _set(BASES[kind], path, value)
        assert valid(f"{kind}_request", request)
        HANDLERS[kind](request)
    for value in (low - 1, high + 1):
        request = _set(BASES[kind], path, value)
        assert not valid(f"{kind}_request", request)
        with pytest.raises(rp.InvalidInput) as caught:
            HANDLERS[kind](request)
        assert ".".join(path) in dict(caught.value.problems)


def _bad_values(node: dict[str, Any]) -> list[object]:
    """Values that do not fit ``node``, of the wrong type or just outside it."""
    kind = node.get("type")
    if kind == "object":
        return [[], "profile", 3]
    if kind == "integer":
        return [node["minimum"] - 1, node["maximum"] + 1, "3", 2.5, True, None]
    if kind == "array":
        return ["fever", [7], ["no_such_id"], {}, None]
    if node.get("format") == "date":
        return ["2026-1-5", "5 January 2026", 20260105, None]
    assert "enum" in node, node
    return ["no_such_value", "", 7, None]


def mutations(kind: str) -> list[tuple[str, Callable[[dict[str, Any]], object]]]:
    """Every way of breaking a ``kind`` request in one place, by name."""
    schema = rp.json_schema(f"{kind}_request")
    found: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
        ("whole request is a list", lambda request: [request]),
        ("whole request is a string", lambda request: "request"),
    ]
    for path, node in leaves(schema, schema):
        where = ".".join(path) or "$"
        if node.get("type") == "object":

            def extra(request: dict[str, Any], path: tuple[str, ...] = path) -> object:
                return _set(request, (*path, "surprise"), 1)

            found.append((f"{where}: unknown key", extra))
            for key in node["required"]:

                def drop(
                    request: dict[str, Any], path: tuple[str, ...] = path, key: str = key
                ) -> object:
                    changed = copy.deepcopy(request)
                    del _get(changed, path)[key]
                    return changed

                found.append((f"{where}: without {key}", drop))
        if path:
            for value in _bad_values(node):
                if value is None and _nullable(schema, path):
                    continue  # None is what an optional place holds when left empty

                def replace(
                    request: dict[str, Any], path: tuple[str, ...] = path, value: object = value
                ) -> object:
                    return _set(request, path, value)

                found.append((f"{where} = {value!r}", replace))
    return found


def _nullable(root: dict[str, Any], path: tuple[str, ...]) -> bool:
    """Whether the place at ``path`` may hold ``null`` (an optional field)."""
    node = root
    for key in path:
        node = _resolve(_not_null(node), root)["properties"][key]
    return _not_null(node) is not node


def _not_null(node: dict[str, Any]) -> dict[str, Any]:
    """The branch of ``{"anyOf": [branch, {"type": "null"}]}`` that is not null, or ``node``."""
    branches = [branch for branch in node.get("anyOf", ()) if branch.get("type") != "null"]
    return branches[0] if branches else node


def _get(request: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        request = request[key]
    return request


MUTATIONS = {kind: mutations(kind) for kind in BASES}


def test_every_place_of_a_request_can_be_broken() -> None:
    # the second edition's report has six keys (age, risk_factors and unsure are new)
    assert len(MUTATIONS["triage"]) == 38  # age = None is no break: age is optional
    names = [name for name, _ in MUTATIONS["triage"]]
    assert "age = 9" in names
    assert "age = None" not in names
    names = [name for name, _ in MUTATIONS["program"]]
    assert "report: without pain" in names
    assert "profile.level = 'no_such_value'" in names
    assert "start = '2026-1-5'" in names


@given(st.data())
def test_a_request_broken_in_one_place_fails_both(data: st.DataObject) -> None:
    kind, request = data.draw(requests(report=True), label="valid request")
    name, mutate = data.draw(st.sampled_from(MUTATIONS[kind]), label="mutation")
    broken = mutate(request)
    assert not valid(f"{kind}_request", broken), name
    # a red flag in what is still valid of the report is never hidden by the break
    flagged = isinstance(broken, dict) and rp.red_flag(
        broken if kind == "triage" else broken.get("report")
    )
    if flagged and kind != "triage":
        with pytest.raises(rp.CareRequired):
            HANDLERS[kind](broken)
        return
    with pytest.raises(rp.InvalidInput) as raised:
        HANDLERS[kind](broken)
    assert (raised.value.triage is not None) == bool(flagged)
