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
