"""JSON text in, a decoded value out: strictly, for every JSON runpelvis reads.

The standard library's ``json.loads`` keeps the last of two equal keys, so
``{"symptoms": ["saddle_numbness"], "symptoms": []}`` would silently lose a red
flag. :func:`read_json` refuses a repeated key, naming where it is, and turns
every other decoding failure (bad syntax, bad UTF-8, nesting too deep, a number
too long to convert) into :class:`~runpelvis.InvalidInput` as well.
"""

import json
from collections.abc import Iterator
from typing import Any

from ._errors import InvalidInput, join_path

__all__ = ["read_json"]

#: How many repeated keys are named one by one before the rest are counted.
_NAMED_REPEATS = 16


class _Repeats(dict[str, Any]):
    """A decoded object that had repeated keys; ``repeated`` names them, in order.

    Each repeated key holds its values merged the most cautious way (see
    :func:`_cautious`): the merged object is only ever used to look for a red flag.
    """

    __slots__ = ("repeated",)

    def __init__(self, merged: dict[str, Any], repeated: list[str]) -> None:
        super().__init__(merged)
        self.repeated = repeated


def _cautious(first: object, second: object) -> object:
    """Two values of one repeated key as one: arrays joined, objects merged, the larger number."""
    if isinstance(first, list) and isinstance(second, list):
        return first + second
    if isinstance(first, dict) and isinstance(second, dict):
        merged = dict(first)
        for key, value in second.items():
            merged[key] = _cautious(merged[key], value) if key in merged else value
        return merged
    numbers = all(type(value) in (int, float) for value in (first, second))
    if numbers and second > first:  # type: ignore[operator]
        return second
    return first


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    repeated: list[str] = []
    for key, value in pairs:
        if key in merged:
            if key not in repeated:
                repeated.append(key)
            merged[key] = _cautious(merged[key], value)
        else:
            merged[key] = value
    return _Repeats(merged, repeated) if repeated else merged


def _key(key: str) -> str:
    if key.isidentifier() and len(key) <= 40:
        return key
    shown = key if len(key) <= 40 else key[:37] + "..."
    return f"[{shown!r}]"


def _repeats(value: object, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """``(path, message)`` for every repeated key in ``value``, outermost first."""
    stack: list[tuple[object, str]] = [(value, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            for key in getattr(node, "repeated", ()):
                yield join_path(at, _key(key)), "repeated key: each key may appear only once"
            stack.extend((child, join_path(at, _key(k))) for k, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((child, f"{at}[{i}]") for i, child in reversed(list(enumerate(node))))


def read_json(data: str | bytes | bytearray, *, label: str = "") -> Any:
    """Decode JSON text strictly: a repeated key or bad JSON raises :class:`InvalidInput`.

    ``label`` names the text in the problems (a file name, ``stdin``): each repeated key
    is named where it is, after it (``"stdin: profile.causes"``, ``"[0].symptoms"``).
    """
    try:
        value = json.loads(data, object_pairs_hook=_object)
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, too many digits
        raise InvalidInput.at(label, f"not valid JSON: {error}") from None
    except RecursionError:
        raise InvalidInput.at(label, "not valid JSON: nested too deeply") from None
    problems: list[tuple[str, str]] = []
    for path, message in _repeats(value, ""):
        if len(problems) == _NAMED_REPEATS:
            problems.append((label, "more repeated keys"))
            break
        problems.append((f"{label}: {path}" if label else path, message))
    if problems:
        raise InvalidInput(problems, partial=value)
    return value
