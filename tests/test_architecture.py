"""The shape of the package: the facade's lists agree, and imports point down the layers.

``runpelvis/__init__.py`` names every public name three times (``__all__``, the lazy
``_HOMES`` table, the ``TYPE_CHECKING`` imports for type checkers); these tests keep
them in step. The layer test reads every module's imports and checks they point down
(see docs/architecture.md): a surface may use the planner, never the other way round.
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

import runpelvis as rp

PACKAGE = pathlib.Path(rp.__file__).parent
FACADE = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))


def _type_checking_imports() -> dict[str, str]:
    """Public name -> its module, from the ``if TYPE_CHECKING:`` block."""
    found: dict[str, str] = {}
    for node in FACADE.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom), ast.dump(statement)
                for alias in statement.names:
                    found[alias.asname or alias.name] = f".{statement.module}"
    return found


def test_all_lazy_table_and_type_checking_imports_agree() -> None:
    homes = {name: module for module, names in rp._HOMES.items() for name in names}
    assert sorted(rp.__all__) == list(rp.__all__), "__all__ stays sorted"
    assert set(rp.__all__) == set(homes)
    assert _type_checking_imports() == homes
    assert len(rp.__all__) == len(set(rp.__all__))


@pytest.mark.parametrize("name", rp.__all__)
def test_every_public_name_resolves_from_its_home(name: str) -> None:
    value = getattr(rp, name)
    assert value is not None
    assert name in dir(rp)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        rp.nope  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_package_imports_no_public_module() -> None:
    code = (
        "import sys, runpelvis\nprint(sorted(m for m in sys.modules if m.startswith('runpelvis.')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert run.stdout.strip() == "[]"


#: The layers, bottom first (docs/architecture.md): a module imports only from its own
#: layer or below. A new module must be placed here, which is the point.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "_errors",
            "_disposition",
            "_vocabulary",
            "_checks",
            "_once",
            "_data",
            "_jsontext",
            "_convert",
        }
    ),
    frozenset({"_rules", "_content", "_settings", "_documents"}),
    frozenset({"_catalog"}),
    frozenset(
        {"_triage", "_screening", "_advice", "_plan", "_adaptation", "_planner", "_interview"}
    ),
    frozenset(
        {
            "_boundary",
            "_cli",
            "_checkin",
            "_text",
            "_html",
            "_ical",
            "_cds",
            "_fhir",
            "_schema",
            "_openapi",
            "_service",
            "_plot",
            "__main__",
            "__init__",
        }
    ),
)
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    """``(module, line)`` of every package-relative import, but type-only ones and those
    inside a ``_repr_html_`` (the one sanctioned upward import: a result shows itself)."""
    found: list[tuple[str, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            continue
        if isinstance(node, ast.FunctionDef) and node.name == "_repr_html_":
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.append((node.module, node.lineno))
        found += _imports(node)
    return found


def test_every_module_has_a_layer() -> None:
    assert set(MODULES) <= set(RANK), f"place these in LAYERS: {set(MODULES) - set(RANK)}"


@pytest.mark.parametrize("module", MODULES)
def test_imports_point_down(module: str) -> None:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    upward = [
        f"{module}:{line} imports {imported}"
        for imported, line in _imports(tree)
        if RANK.get(imported, -1) > RANK.get(module, len(LAYERS))
    ]
    assert not upward
