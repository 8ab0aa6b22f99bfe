"""JSON Schemas: what ships is what the generator makes, and schema and runpelvis agree.

Valid requests pass the schema and runpelvis, and runpelvis's responses pass the
response schemas; a request broken in any one place fails the schema *and* raises
``InvalidInput``; every integer range is the one the classes check.
"""

from __future__ import annotations

import copy
import datetime
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
from runpelvis._checks import checked, integer
from runpelvis._convert import unstructure
from runpelvis._schema import SCHEMA_NAMES, _Builder, generate_schemas, render, write_schemas

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


def test_the_six_schemas_are_named_as_the_spec_says() -> None:
    assert SCHEMA_NAMES == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_shipped_files_are_the_generators_output(name: str) -> None:
    shipped = importlib_resources.files("runpelvis").joinpath("data", "schemas", f"{name}.json")
    generated = generate_schemas()[name]
    assert shipped.read_text(encoding="utf-8") == render(generated), (
        f"{name}.json is stale: run `python -m runpelvis._schema`"
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
    assert activity["enum"] == ["run", *KINDS, "cross_training"]


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
        "name: unknown schema 'triage_reqest' (did you mean 'triage_request'?); one of "
        + ", ".join(NAMES)
    ]
    with pytest.raises(rp.InvalidInput, match="name: must be a schema name, got int"):
        rp.json_schema(3)  # type: ignore[arg-type]
    with pytest.raises(rp.InvalidInput):
        rp.json_schema("../catalog")


def test_json_schema_gives_a_fresh_copy() -> None:
    schema = rp.json_schema("triage_request")
    schema["properties"].clear()
    assert rp.json_schema("triage_request")["properties"]


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
    with pytest.raises(TypeError, match="no schema for the check"):
        builder.field_schema(_Odd, label)
    with pytest.raises(TypeError, match="no check to build a schema from"):
        builder.field_schema(_Odd, free)
    with pytest.raises(TypeError, match="cannot read the check"):
        builder.check_schema(len)
    with pytest.raises(TypeError, match="no schema for instances of complex"):
        builder.instance_schema(complex)


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

                def replace(
                    request: dict[str, Any], path: tuple[str, ...] = path, value: object = value
                ) -> object:
                    return _set(request, path, value)

                found.append((f"{where} = {value!r}", replace))
    return found


def _get(request: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        request = request[key]
    return request


MUTATIONS = {kind: mutations(kind) for kind in BASES}


def test_every_place_of_a_request_can_be_broken() -> None:
    # the second edition's report has six keys (age, risk_factors and unsure are new)
    assert len(MUTATIONS["triage"]) == 39
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
