"""Write the shipped JSON Schemas from the domain classes' checks: ``python tools/schemas.py``.

The files land in ``src/runpelvis/data/schemas``, where ``rp.json_schema`` reads them.
``python tools/schemas.py --check`` writes nothing and exits 1 when a file is stale or
missing (CI, a pre-commit hook); ``tests/test_schema.py`` checks the same.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from runpelvis._schema import generate_schemas

DIRECTORY = (
    pathlib.Path(__file__).resolve().parent.parent / "src" / "runpelvis" / "data" / "schemas"
)


def render(schema: Mapping[str, Any]) -> str:
    """A schema as the text of its shipped file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def rendered() -> dict[str, str]:
    """Each shipped file's name and the text it should hold."""
    return {f"{name}.json": render(schema) for name, schema in generate_schemas().items()}


def write_schemas(directory: pathlib.Path) -> list[pathlib.Path]:
    """Write every generated schema into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(directory: pathlib.Path) -> list[str]:
    """The names of the files in ``directory`` that are missing or differ from a generation."""
    return [
        name
        for name, text in rendered().items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != text
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--directory", type=pathlib.Path, default=DIRECTORY, help="where to")
    args = parser.parse_args(argv)
    if args.check:
        names = stale(args.directory)
        for name in names:
            print(f"{args.directory / name} is stale: run `python tools/schemas.py`")
        return 1 if names else 0
    for path in write_schemas(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
