"""Field checks for the domain classes.

A check takes a field's value and returns what is wrong with it, or ``None``.
Checks are attached to attrs fields through :func:`checked` and run together
after construction, so an object reports every bad field at once, as
:class:`~runpelvis.InvalidInput` with one ``(path, message)`` per problem.
The converter runs the same checks when it structures JSON (see ``_convert``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

import attrs

from ._errors import InvalidInput

__all__ = [
    "Check",
    "Checked",
    "checked",
    "field_problems",
    "freeze",
    "ident",
    "idents",
    "instance",
    "integer",
    "one_of",
    "optional",
    "raw_list",
    "set_of",
    "set_order",
    "show",
    "string",
    "suggest",
    "texts",
    "tuple_of",
    "unknown_ids",
    "unsafe_text",
]

Check = Callable[[Any], "str | None"]

#: The attrs metadata key that holds a field's check.
CHECK = "runpelvis.check"

#: Ids are short snake_case words, so they are safe in paths, messages and file names.
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")

#: Characters no text may hold: C0 controls (ESC among them), DEL, C1 controls and lone
#: surrogates. They would reach a terminal as control sequences, or not encode at all.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

#: The longest word "did you mean" looks at.
_SUGGEST_UP_TO = 80

#: How many ids a set-valued field may hold.
MAX_IDS = 64


class Checked:
    """Mixin for frozen attrs classes: runs every field check after ``__init__``."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        cls: type = type(self)
        problems = [
            (name, message)
            for name, check in _checks_of(cls)
            if (message := check(getattr(self, name))) is not None
        ]
        if not problems:
            problems.extend(self._problems())
        if problems:
            raise InvalidInput(problems)

    def _problems(self) -> Iterable[tuple[str, str]]:
        """Problems that involve more than one field; only asked once every field is sound."""
        return ()

    @classmethod
    def _trusted(cls, *values: Any) -> Any:
        """An instance built from ``values`` (the ``__init__`` fields, in order) without checks.

        Only for hot paths that assemble values the library has itself just checked, such
        as the triage engine's results; derived (``init=False``) fields are still computed.
        """
        self = object.__new__(cls)
        given = iter(values)
        klass: type = cls  # a class is hashable; mypy reads Checked's __hash__ as an instance's
        for name, derive in _layout(klass):
            object.__setattr__(self, name, next(given) if derive is None else derive(self))
        return self


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Each field of an attrs class in order, with how a derived (``init=False``) one is made."""
    klass: Any = cls  # an attrs class; mypy cannot see that through the mixin
    return tuple(
        (field.name, None if field.init else field.default.factory) for field in attrs.fields(klass)
    )


def checked(check: Check, **kwargs: Any) -> Any:
    """An attrs field whose value must pass ``check``."""
    return attrs.field(metadata={CHECK: check}, **kwargs)


def field_problems(cls: type, values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """``(field, message)`` for each checked field of ``cls`` in ``values`` that fails its check."""
    for name, check in _checks_of(cls):
        if name in values and (message := check(values[name])) is not None:
            yield name, message


@functools.cache
def _checks_of(cls: type) -> tuple[tuple[str, Check], ...]:
    return tuple(
        (field.name, field.metadata[CHECK])
        for field in attrs.fields(cls)
        if CHECK in field.metadata
    )


def show(value: object) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value) if abs(value) < 10**18 else "a very large integer"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    return f"a {type(value).__name__}"


def suggest(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close candidate exists, else the empty string."""
    if len(word) > _SUGGEST_UP_TO:  # difflib is quadratic; nothing that long is a typo of an id
        return ""
    import difflib  # only bad input pays for it

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_ids(
    path: str, values: Iterable[object], known: Collection[str], noun: str
) -> list[tuple[str, str]]:
    """``(path, message)`` for each string in ``values`` that is not a ``known`` id.

    A list is a JSON array, so each problem names its position (``causes[1]``);
    any other collection is a set, reported in sorted order at ``path`` itself.
    """
    if isinstance(values, list):
        return [
            (f"{path}[{index}]", _unknown(value, known, noun))
            for index, value in enumerate(values)
            if isinstance(value, str) and value not in known
        ]
    return [
        (path, _unknown(value, known, noun))
        for value in sorted(values, key=set_order)
        if isinstance(value, str) and value not in known
    ]


def set_order(item: object) -> tuple[bool, str]:
    """A sort key for the members of a set from anywhere: ids in order, then the rest.

    ``repr`` is no key for hostile input: a huge integer or a deeply nested tuple
    makes it raise, so anything that is not a string sorts by its short rendering.
    """
    return (False, item) if isinstance(item, str) else (True, show(item))


def _unknown(value: str, known: Collection[str], noun: str) -> str:
    return f"unknown {noun} {show(value)}{suggest(value, known)}"


def raw_list(value: object, *keys: str, max_items: int = MAX_IDS) -> list[object] | None:
    """The JSON array at ``value[keys[0]][keys[1]]...``, if there is one of sane length."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, list) and len(value) <= max_items else None


def freeze(value: object) -> object:
    """attrs converter: a list, tuple or set becomes a frozenset; the check judges the rest."""
    if isinstance(value, (list, tuple, set)):
        try:
            return frozenset(value)
        except TypeError:
            return value
    return value


def integer(low: int, high: int) -> Check:
    def check(value: object) -> str | None:
        if type(value) is not int:
            return f"must be a whole number from {low} to {high}, got {show(value)}"
        if not low <= value <= high:
            return f"must be from {low} to {high}, got {show(value)}"
        return None

    return check


def string(max_length: int = 2000) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return f"must be a non-empty string, got {show(value)}"
        if len(value) > max_length:
            return f"must be at most {max_length} characters, got {len(value)}"
        return unsafe_text(value)

    return check


def unsafe_text(value: str) -> str | None:
    """What is wrong with ``value`` if it holds a control character or a lone surrogate."""
    found = _UNSAFE.search(value)
    if found is None:
        return None
    return (
        "must not hold control characters or lone surrogates, "
        f"found U+{ord(found.group()):04X} at {found.start()}"
    )


def _id_problem(value: object) -> str | None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return f"must be a snake_case id, got {show(value)}"
    return None


ident: Check = _id_problem


def set_of(inner: Check, max_items: int = MAX_IDS) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, frozenset):
            return f"must be a set, got {show(value)}"
        if len(value) > max_items:
            return f"must hold at most {max_items} items, got {len(value)}"
        problems = [problem for item in value if (problem := inner(item)) is not None]
        return min(problems) if problems else None

    return check


def idents(max_items: int = MAX_IDS) -> Check:
    return set_of(_id_problem, max_items)


def one_of(allowed: Collection[object]) -> Check:
    def check(value: object) -> str | None:
        if value not in allowed:
            return f"must be one of {', '.join(map(str, allowed))}; got {show(value)}"
        return None

    return check


def instance(cls: type) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, cls):
            article = "an" if cls.__name__[0] in "AEIOU" else "a"
            return f"must be {article} {cls.__name__}, got {show(value)}"
        return None

    return check


def optional(inner: Check) -> Check:
    def check(value: object) -> str | None:
        return None if value is None else inner(value)

    return check


def tuple_of(inner: Check, max_items: int = 10_000) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, tuple):
            return f"must be a tuple, got {show(value)}"
        if len(value) > max_items:
            return f"must hold at most {max_items} items, got {len(value)}"
        for index, item in enumerate(value):
            problem = inner(item)
            if problem is not None:
                return f"item {index} {problem}"
        return None

    return check


def texts(max_items: int = 20) -> Check:
    return tuple_of(string(), max_items)
