"""docs/catalog.md is generated from the bundled data and must stay in step with it."""

from __future__ import annotations

import importlib.util
import pathlib
import types

import runpelvis as rp

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("catalog_doc", ROOT / "tools" / "catalog_doc.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalog_page_matches_the_data() -> None:
    page = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert page == _generator().render(rp.default_catalog()), (
        "docs/catalog.md is stale: run `python tools/catalog_doc.py`"
    )


def test_catalog_page_lists_every_item() -> None:
    page = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    cat = rp.default_catalog()
    for section in (cat.symptoms, cat.causes, cat.exercises, cat.cross_training, cat.tips):
        for item_id in section:
            assert f"| `{item_id}` |" in page
