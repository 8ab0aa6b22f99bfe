"""Field checks for the domain classes.

A check takes a field's value and returns what is wrong with it, or ``None``.
Checks are attached to attrs fields through :func:`checked` and run together
after construction, so an object reports every bad field at once, as
:class:`~runpelvis.InvalidInput` with one ``(path, message)`` per problem.
The converter runs the same checks when it structures JSON (see ``_convert``).

Each check is a small slotted :class:`Check` object, the way attrs writes its
validators: ``integer(0, 10)`` is ``Integer(0, 10)``, and its :meth:`~Check.schema`
is ``{"type": "integer", "minimum": 0, "maximum": 10}``. The shipped JSON Schemas
are built from these (``tools/schemas.py``). A check written as a plain function
declares its schema with :func:`with_schema`.
"""

from __future__ import annotations

import abc
import enum
import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Literal, TypeAlias, cast

import attrs

from ._errors import InvalidInput

__all__ = [
    "MAX_IDS",
    "MAX_ITEMS",
    "Check",
    "Checked",
    "Ids",
    "Mode",
    "Schema",
    "checked",
    "checks",
    "def_name",
    "field_problems",
    "freeze",
    "freeze_optional",
    "frozen",
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
    "with_schema",
]

#: Whether a JSON Schema describes what runpelvis reads or what it writes.
Mode = Literal["request", "response"]
#: A JSON Schema, or a fragment of one.
Schema = dict[str, Any]
#: Called with each attrs class a schema refers to (see :meth:`Check.schema`).
Define = Callable[[type], object]

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
#: The longest JSON array runpelvis reads, anywhere.
MAX_ITEMS = 1000


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
        klass: type = cls  # a class is hashable; mypy reads Checked's __hash__ as an instance's
        return _maker(klass)(*values)


#: The slot where a ``cache_hash=True`` attrs class keeps its hash once computed.
_CACHED_HASH = "_attrs_cached_hash"


@functools.cache
def _maker(cls: type) -> Callable[..., Any]:
    """A function that builds ``cls`` from its ``__init__`` fields without running checks.

    Generated once per class, as attrs generates ``__init__``: one straight-line body that
    sets each slot, so the triage engine's result costs a few hundred nanoseconds. The
    source holds only the class's own field names (Python identifiers).
    """
    layout = _layout(cls)
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = ["  self = new(cls)"]
    for name, derive in layout:
        # a slot's own descriptor sets it past the frozen class's __setattr__
        namespace[f"set_{name}"] = _slot(cls, name).__set__
        value = name if derive is None else f"derive_{name}(self)"
        namespace[f"derive_{name}"] = derive
        lines.append(f"  set_{name}(self, {value})")
    if _CACHED_HASH in getattr(cls, "__slots__", ()):
        namespace["set_hash"] = _slot(cls, _CACHED_HASH).__set__
        lines.append("  set_hash(self, None)")  # as attrs' own __init__ does
    parameters = ", ".join(name for name, derive in layout if derive is None)
    source = f"def make({parameters}):\n" + "\n".join(lines) + "\n  return self\n"
    exec(source, namespace)  # generated from field names only, as attrs does
    maker: Callable[..., Any] = namespace["make"]
    return maker


def _slot(cls: type, name: str) -> Any:
    """The descriptor of the slot ``name`` of ``cls`` (declared by it or a base)."""
    return next(klass.__dict__[name] for klass in cls.__mro__ if name in klass.__dict__)


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Each field of an attrs class in order, with how a derived (``init=False``) one is made."""
    klass: Any = cls  # an attrs class; mypy cannot see that through the mixin
    return tuple(
        (field.name, None if field.init else field.default.factory) for field in attrs.fields(klass)
    )


def checked(check: Callable[[Any], str | None], **kwargs: Any) -> Any:
    """An attrs field whose value must pass ``check``.

    ``check`` should be a :class:`Check`, so the JSON Schema can describe the field; wrap
    a plain function with :func:`with_schema`.
    """
    return attrs.field(metadata={CHECK: check}, **kwargs)


def field_problems(cls: type, values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """``(field, message)`` for each checked field of ``cls`` in ``values`` that fails its check."""
    for name, check in _checks_of(cls):
        if name in values and (message := check(values[name])) is not None:
            yield name, message


@functools.cache
def _checks_of(cls: type) -> tuple[tuple[str, Callable[[Any], str | None]], ...]:
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


#: What an id field accepts: any set or sequence of ids (a list, tuple, set, frozenset...).
Ids: TypeAlias = AbstractSet[str] | Sequence[str]


def checks(check: Callable[[Any], str | None]) -> dict[str, Any]:
    """The metadata of an attrs field whose value must pass ``check``.

    ``attrs.field(metadata=checks(...), ...)`` is :func:`checked` spelled so that mypy's
    attrs plugin sees the field: its ``__init__`` parameter then takes the converter's
    parameter type (``Ids`` for :func:`freeze`), and a field without a default is required.
    """
    return {CHECK: check}


def frozen(value: object) -> object:
    """A set or a sequence (not a string) becomes a frozenset; the check judges anything else."""
    if isinstance(value, (AbstractSet, Sequence)) and not isinstance(value, (str, bytes)):
        try:
            return frozenset(value)
        except TypeError:
            return value
    return value


def freeze(value: Ids) -> frozenset[str]:
    """attrs converter: any set or sequence of ids becomes a frozenset; the check judges the rest.

    Typed for the ``__init__`` an app calls; at run time a bad value passes through
    unchanged, so the field's check reports it as :class:`InvalidInput`.
    """
    return cast("frozenset[str]", frozen(value))


def freeze_optional(value: Ids | None) -> frozenset[str] | None:
    """:func:`freeze` for a field that may be ``None`` (unknown)."""
    return cast("frozenset[str] | None", frozen(value))


def unsafe_text(value: str) -> str | None:
    """What is wrong with ``value`` if it holds a control character or a lone surrogate."""
    found = _UNSAFE.search(value)
    if found is None:
        return None
    return (
        "must not hold control characters or lone surrogates, "
        f"found U+{ord(found.group()):04X} at {found.start()}"
    )


# --- the checks --------------------------------------------------------------------------


class Check(abc.ABC):
    """A field check: called with a value, it says what is wrong with it, or ``None``.

    Like the validators of attrs, each check is a small slotted object that knows its
    bounds: it shows them in its ``repr`` and describes the values it passes as a JSON
    Schema fragment, so the shipped schemas are built from the very checks that run.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, value: object) -> str | None:
        """What is wrong with ``value``, or ``None``."""

    @abc.abstractmethod
    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        """The JSON Schema of the values this check passes, as a fresh dict.

        ``mode`` is ``"request"`` (what runpelvis reads: an array for a set may repeat
        ids) or ``"response"`` (what it writes: a set's array is sorted, without
        repeats). An attrs class is referred to as ``#/$defs/<Name>``; ``define``, when
        given, is called with each such class so the caller can describe it there.
        """


class _Integer(Check):
    __slots__ = ("high", "low")

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.high = high

    def __call__(self, value: object) -> str | None:
        if type(value) is not int:
            return f"must be a whole number from {self.low} to {self.high}, got {show(value)}"
        if not self.low <= value <= self.high:
            return f"must be from {self.low} to {self.high}, got {show(value)}"
        return None

    def __repr__(self) -> str:
        return f"Integer({self.low}, {self.high})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


class _String(Check):
    __slots__ = ("max_length",)

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return f"must be a non-empty string, got {show(value)}"
        if len(value) > self.max_length:
            return f"must be at most {self.max_length} characters, got {len(value)}"
        return unsafe_text(value)

    def __repr__(self) -> str:
        return f"String({self.max_length})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        # JSON Schema has no "not blank": a pattern asks for one non-space character
        return {"type": "string", "minLength": 1, "maxLength": self.max_length, "pattern": r"\S"}


class _Ident(Check):
    __slots__ = ()

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            return f"must be a snake_case id, got {show(value)}"
        return None

    def __repr__(self) -> str:
        return "Ident()"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        return {"type": "string", "pattern": f"^{_ID.pattern}$"}


class _OneOf(Check):
    __slots__ = ("allowed",)

    def __init__(self, allowed: Collection[object]) -> None:
        self.allowed = allowed

    def __call__(self, value: object) -> str | None:
        if value not in self.allowed:
            return f"must be one of {', '.join(map(str, self.allowed))}; got {show(value)}"
        return None

    def __repr__(self) -> str:
        return f"OneOf({', '.join(map(repr, self.allowed))})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        return _enum(list(self.allowed))


class _Instance(Check):
    __slots__ = ("cls",)

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, self.cls):
            name = self.cls.__name__
            article = "an" if name[0] in "AEIOU" else "a"
            return f"must be {article} {name}, got {show(value)}"
        return None

    def __repr__(self) -> str:
        return f"Instance({self.cls.__name__})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        import datetime

        cls = self.cls
        if cls is bool:
            return {"type": "boolean"}
        if issubclass(cls, enum.Enum):  # enums are written by value
            return _enum([member.value for member in cls])
        if cls is datetime.date:
            return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        if attrs.has(cls):
            if define is not None:
                define(cls)
            return {"$ref": f"#/$defs/{def_name(cls)}"}
        raise TypeError(f"no schema for instances of {cls.__name__}")


class _Optional(Check):
    __slots__ = ("inner",)

    def __init__(self, inner: Check) -> None:
        self.inner = inner

    def __call__(self, value: object) -> str | None:
        return None if value is None else self.inner(value)

    def __repr__(self) -> str:
        return f"Optional({self.inner!r})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        return {"anyOf": [self.inner.schema(mode, define), {"type": "null"}]}


class _SetOf(Check):
    __slots__ = ("inner", "max_items")

    def __init__(self, inner: Check, max_items: int) -> None:
        self.inner = inner
        self.max_items = max_items

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, frozenset):
            return f"must be a set, got {show(value)}"
        if len(value) > self.max_items:
            return f"must hold at most {self.max_items} items, got {len(value)}"
        problems = [problem for item in value if (problem := self.inner(item)) is not None]
        return min(problems) if problems else None

    def __repr__(self) -> str:
        return f"SetOf({self.inner!r}, {self.max_items})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        schema: Schema = {"type": "array", "items": self.inner.schema(mode, define)}
        if mode == "response":
            schema.update(maxItems=self.max_items, uniqueItems=True)
        else:  # repeats collapse, so a request's array may be longer than the set it makes
            schema["maxItems"] = MAX_ITEMS
        return schema


class _TupleOf(Check):
    __slots__ = ("inner", "max_items")

    def __init__(self, inner: Check, max_items: int) -> None:
        self.inner = inner
        self.max_items = max_items

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, tuple):
            return f"must be a tuple, got {show(value)}"
        if len(value) > self.max_items:
            return f"must hold at most {self.max_items} items, got {len(value)}"
        for index, item in enumerate(value):
            problem = self.inner(item)
            if problem is not None:
                return f"item {index} {problem}"
        return None

    def __repr__(self) -> str:
        return f"TupleOf({self.inner!r}, {self.max_items})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        items = self.inner.schema(mode, define)
        return {"type": "array", "items": items, "maxItems": min(self.max_items, MAX_ITEMS)}


class _WithSchema(Check):
    __slots__ = ("check", "keywords", "like")

    def __init__(
        self, check: Callable[[Any], str | None], like: Check | Schema, keywords: Schema
    ) -> None:
        self.check = check
        self.like = like
        self.keywords = keywords

    def __call__(self, value: object) -> str | None:
        return self.check(value)

    def __repr__(self) -> str:
        parts = [getattr(self.check, "__name__", repr(self.check)), repr(self.like)]
        parts += [f"{key}={value!r}" for key, value in self.keywords.items()]
        return f"WithSchema({', '.join(parts)})"

    def schema(self, mode: Mode, define: Define | None = None) -> Schema:
        import copy

        like = self.like
        base = like.schema(mode, define) if isinstance(like, Check) else copy.deepcopy(like)
        return {**base, **copy.deepcopy(self.keywords)}


def def_name(cls: type) -> str:
    """The name of an attrs class under a schema's ``$defs``: its own, without a leading ``_``."""
    return cls.__name__.lstrip("_")


def _enum(values: list[Any]) -> Schema:
    """An enum; every vocabulary of the wire format is a set of strings, so it says so."""
    if all(isinstance(value, str) for value in values):
        return {"type": "string", "enum": values}
    return {"enum": values}


# --- the factories the model modules call ------------------------------------------------


def integer(low: int, high: int) -> Check:
    """A whole number (``bool`` is not one) from ``low`` to ``high``."""
    return _Integer(low, high)


def string(max_length: int = 2000) -> Check:
    """A string that is not blank, of at most ``max_length`` characters, without controls."""
    return _String(max_length)


#: A snake_case id.
ident: Check = _Ident()


def set_of(inner: Check, max_items: int = MAX_IDS) -> Check:
    """A frozenset of at most ``max_items`` items that each pass ``inner``."""
    return _SetOf(inner, max_items)


def idents(max_items: int = MAX_IDS) -> Check:
    """A frozenset of snake_case ids."""
    return _SetOf(ident, max_items)


def one_of(allowed: Collection[object]) -> Check:
    """One of ``allowed``."""
    return _OneOf(allowed)


def instance(cls: type) -> Check:
    """An instance of ``cls``."""
    return _Instance(cls)


def optional(inner: Check) -> Check:
    """``None``, or a value that passes ``inner``."""
    return _Optional(inner)


def tuple_of(inner: Check, max_items: int = 10_000) -> Check:
    """A tuple of at most ``max_items`` items that each pass ``inner``."""
    return _TupleOf(inner, max_items)


def texts(max_items: int = 20) -> Check:
    """A tuple of non-empty strings, such as an exercise's steps."""
    return _TupleOf(_String(2000), max_items)


def with_schema(check: Callable[[Any], str | None], like: Check | Schema, **keywords: Any) -> Check:
    """``check``, a plain function, as a :class:`Check` whose schema is that of ``like``.

    ``like`` is another check (its schema is taken in the same mode) or a schema
    fragment; ``keywords`` are added to it::

        checked(with_schema(_weeks, tuple_of(integer(0, 10_080), 52), minItems=1))
    """
    return _WithSchema(check, like, keywords)
