"""The OpenAPI 3.1 document: valid, generated from the shipped schemas, shipped as a file."""

from __future__ import annotations

import json
from pathlib import Path

from openapi_spec_validator import validate

import runpelvis as rp
from runpelvis._openapi import embedded, generate_openapi
from runpelvis._schema import SCHEMA_NAMES
from runpelvis._service import endpoints

SHIPPED = Path(rp.__file__).parent / "data" / "openapi.json"


def test_the_document_is_valid_openapi_3_1() -> None:
    document = rp.openapi()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_shipped_file_is_what_the_generator_makes() -> None:
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == generate_openapi()
    assert rp.openapi() == generate_openapi()


def test_every_endpoint_and_status_is_documented() -> None:
    paths = rp.openapi()["paths"]
    assert set(paths) == {*endpoints(), "/schemas/{name}", "/openapi.json", "/health"}
    for path in endpoints():
        statuses = set(paths[path]["post"]["responses"])
        plans = path in ("/session", "/program")
        assert statuses == {"200", "400", "413", "415", "422"} | ({"409"} if plans else set())
    assert set(paths["/schemas/{name}"]["get"]["responses"]) == {"200", "404"}


def test_components_are_the_shipped_schemas() -> None:
    schemas = rp.openapi()["components"]["schemas"]
    for name in SCHEMA_NAMES:
        shipped = rp.json_schema(name)
        component = schemas[name]
        assert component == embedded(name)
        assert component["properties"].keys() == shipped["properties"].keys()
        assert "#/$defs/" not in json.dumps(component)


def test_a_fresh_dict_each_call() -> None:
    document = rp.openapi()
    document["paths"].clear()
    assert rp.openapi()["paths"]
