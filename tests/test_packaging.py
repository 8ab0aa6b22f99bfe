"""The built wheel: data files and py.typed are inside, and only the three runtime deps."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "runpelvis"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("build") is None,
    reason="the 'build' package is not installed (pip install 'runpelvis[test]')",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    wheels = list(outdir.glob("runpelvis-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        assert archive.testzip() is None
        return set(archive.namelist())


@pytest.fixture(scope="module")
def metadata(wheel: Path, names: set[str]) -> Message:
    (path,) = [name for name in names if name.endswith(".dist-info/METADATA")]
    with zipfile.ZipFile(wheel) as archive:
        return Parser().parsestr(archive.read(path).decode("utf-8"))


def test_every_data_file_and_py_typed_is_in_the_wheel(names: set[str]) -> None:
    data = sorted(PACKAGE.glob("data/**/*.json"))
    assert data, "no data files found in the source tree"
    assert any(path.parent.name == "schemas" for path in data)
    for path in data:
        assert f"runpelvis/{path.relative_to(PACKAGE).as_posix()}" in names
    assert "runpelvis/py.typed" in names


def test_every_module_is_in_the_wheel(names: set[str]) -> None:
    for path in PACKAGE.glob("*.py"):
        assert f"runpelvis/{path.name}" in names


def test_the_wheel_holds_only_the_package(names: set[str]) -> None:
    strays = [
        name
        for name in names
        if not name.startswith("runpelvis/") and not re.match(r"runpelvis-[^/]+\.dist-info/", name)
    ]
    assert strays == []
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)


def test_the_data_in_the_wheel_is_the_data_in_the_tree(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for path in PACKAGE.glob("data/**/*.json"):
            name = f"runpelvis/{path.relative_to(PACKAGE).as_posix()}"
            assert archive.read(name) == path.read_bytes(), name


def test_the_console_script_is_declared(wheel: Path, names: set[str]) -> None:
    (path,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(path).decode("utf-8")
    assert "[console_scripts]\nrunpelvis = runpelvis._cli:main\n" in text


def _name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def test_metadata_requires_only_the_runtime_dependencies(metadata: Message) -> None:
    assert metadata["Name"] == "runpelvis"
    requirements = metadata.get_all("Requires-Dist") or []
    assert requirements, "no Requires-Dist in METADATA"
    runtime = {
        _name(r) for r in requirements if not re.search(r"\bextra\s*==", r.partition(";")[2])
    }
    assert runtime == {"attrs", "cattrs", "importlib-resources"}
    assert metadata["Requires-Python"].replace(" ", "") == ">=3.11"
