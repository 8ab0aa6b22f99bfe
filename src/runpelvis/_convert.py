"""The one cattrs converter of runpelvis, configured here and nowhere else.

Structuring is strict and reports every problem with its path: JSON arrays
become tuples and frozensets, objects become domain classes, unknown keys are
rejected, and each field passes the same checks as the Python constructors.
Unstructuring is stable: sets come out sorted, enums as their wire value,
dates as ISO strings, derived fields (``init=False``) included.
"""

from __future__ import annotations

import collections.abc
import datetime
import re
import types
import typing
from collections.abc import Collection, Iterable
from typing import Any, Literal, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from ._checks import MAX_ITEMS, Checked, field_problems, raw_list, show, suggest, unknown_ids
from ._disposition import Disposition
from ._errors import InvalidInput

__all__ = [
    "MAX_ITEMS",
    "converter",
    "from_json",
    "read_request",
    "structure",
    "to_json",
    "unstructure",
]

#: Unknown keys an object may have and still get one message per key.
_SPARE_KEYS = 16

_T = TypeVar("_T")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def configure_converter(conv: cattrs.Converter) -> None:
    """Install runpelvis's structure and unstructure hooks on ``conv``."""
    for primitive in (int, str, bool, float):
        # Checks on the domain classes say what is wrong with a value of the wrong type.
        conv.register_structure_hook(primitive, _as_is)
    conv.register_structure_hook_func(_is_literal, _as_is)
    conv.register_structure_hook_func(_is_optional, _optional_structure(conv))
    conv.register_structure_hook(Disposition, _structure_disposition)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_structure_hook_func(_is_tuple, _tuple_structure(conv))
    conv.register_structure_hook_func(_is_frozenset, _structure_idset)
    conv.register_structure_hook_factory(_is_checked, lambda cls: _checked_structure(conv, cls))
    conv.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_include_init_false=True),
    )


def make_runpelvis_converter() -> cattrs.Converter:
    """A plain cattrs converter with runpelvis's hooks.

    Not ``cattrs.preconf.json``: of what it adds, runpelvis needs only dates as ISO
    strings (hooked here), and importing it is a tenth of a cold start.
    """
    conv = cattrs.Converter(unstruct_collection_overrides={collections.abc.Set: sorted})
    configure_converter(conv)
    return conv


def _as_is(value: object, _: object) -> object:
    return value


def _is_literal(type_: object) -> bool:
    return typing.get_origin(type_) is Literal


def _is_optional(type_: object) -> bool:
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _is_tuple(type_: object) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset(type_: object) -> bool:
    return typing.get_origin(type_) is frozenset


def _is_checked(type_: object) -> bool:
    return isinstance(type_, type) and issubclass(type_, Checked) and attrs.has(type_)


def _optional_structure(conv: cattrs.Converter) -> Any:
    def structure(value: object, type_: Any) -> object:
        if value is None:
            return None
        inner = next(arg for arg in typing.get_args(type_) if arg is not type(None))
        return conv.structure(value, inner)

    return structure


def _structure_disposition(value: object, _: object) -> Disposition:
    try:
        return Disposition(value)
    except ValueError:
        allowed = ", ".join(member.value for member in Disposition)
        raise InvalidInput.at("", f"must be one of {allowed}; got {show(value)}") from None


def _structure_date(value: object, _: object) -> datetime.date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput.at("", f"must be an ISO date such as '2026-01-05', got {show(value)}")


def _array(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput.at("", f"must be an array, got {show(value)}")
    if len(value) > MAX_ITEMS:
        raise InvalidInput.at("", f"must hold at most {MAX_ITEMS} items, got {len(value)}")
    return value


def _tuple_structure(conv: cattrs.Converter) -> Any:
    def structure(value: object, type_: Any) -> tuple[Any, ...]:
        inner = typing.get_args(type_)[0]
        items: list[Any] = []
        problems: list[tuple[str, str]] = []
        for index, item in enumerate(_array(value)):
            try:
                items.append(conv.structure(item, inner))
            except InvalidInput as error:
                problems.extend(error.under(f"[{index}]").problems)
        if problems:
            raise InvalidInput(problems)
        return tuple(items)

    return structure


def _structure_idset(value: object, _: object) -> frozenset[str]:
    """A JSON array of ids becomes a frozenset; duplicates collapse."""
    items = _array(value)
    problems = [
        (f"[{index}]", f"must be a string, got {show(item)}")
        for index, item in enumerate(items)
        if not isinstance(item, str)
    ]
    if problems:
        raise InvalidInput(problems)
    return frozenset(items)


def _checked_structure(conv: cattrs.Converter, cls: Any) -> Any:
    attrs.resolve_types(cls)
    fields = attrs.fields(cls)
    hooks = {
        field.name: (conv.get_structure_hook(field.type), field.type)
        for field in fields
        if field.init
    }
    derived = [field.name for field in fields if not field.init]
    # a tuple, in field order: problems come out in the same order in every process
    required = tuple(
        field.name for field in fields if field.init and field.default is attrs.NOTHING
    )
    known = frozenset(field.name for field in fields)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, dict):
            raise InvalidInput.at("", f"must be an object, got {show(value)}")
        if len(value) > len(known) + _SPARE_KEYS:
            raise InvalidInput.at("", f"must have at most {len(known)} keys, got {len(value)}")
        problems = []
        if not known.issuperset(value) or not value.keys() >= set(required):
            problems += [
                (
                    _key_path(key),
                    f"unknown key{suggest(key, known) if isinstance(key, str) else ''}",
                )
                for key in value
                if key not in known
            ]
            problems += [(name, "missing") for name in required if name not in value]
        values: dict[str, Any] = {}
        for name, (hook, type_) in hooks.items():
            if name in value:
                try:
                    values[name] = hook(value[name], type_)
                except InvalidInput as error:
                    problems.extend(error.under(name).problems)
        if problems:
            # report the fields that did structure too, then give up on the object
            problems.extend(field_problems(cls, values))
            raise InvalidInput(problems)
        result = cls(**values)  # its checks run here, every problem at once
        problems = [
            (name, f"must be {show(getattr(result, name))} to agree with the other fields")
            for name in derived
            if name in value and value[name] != conv.unstructure(getattr(result, name))
        ]
        if problems:
            raise InvalidInput(problems)
        return result

    return structure


def _key_path(key: object) -> str:
    if isinstance(key, str) and len(key) <= 40 and key.isprintable():
        return key
    return f"[{show(key)}]"


converter = make_runpelvis_converter()


def read_request(
    value: object, cls: type[_T], ids: Iterable[tuple[tuple[str, ...], Collection[str], str]]
) -> _T:
    """Structure a JSON request, adding every unknown id (by position) to its problems.

    ``ids`` names, for each id array of the request, its keys, the known ids and a noun.
    """
    problems: list[tuple[str, str]] = []
    request: _T | None = None
    try:
        request = structure(value, cls)
    except InvalidInput as error:
        problems.extend(error.problems)
    for keys, known, noun in ids:
        found = raw_list(value, *keys)
        path = ".".join(keys)
        unknown = [] if found is None else unknown_ids(path, found, known, noun)
        if unknown:
            # each bad id is named at its position; drop the vaguer word on the whole array
            problems = [problem for problem in problems if problem[0] != path] + unknown
    if problems or request is None:
        raise InvalidInput(problems)
    return request


def structure(value: object, type_: type[_T]) -> _T:
    """Structure decoded JSON into ``type_``; every problem raises one :class:`InvalidInput`."""
    return converter.structure(value, type_)


def unstructure(value: object) -> Any:
    """Unstructure a runpelvis object into JSON-ready data, stably ordered."""
    return converter.unstructure(value)


def to_json(value: object) -> Any:
    """JSON-ready data (dicts, lists, strings, numbers) for any runpelvis object.

    The package's one converter: what the ``*_json`` functions return is exactly this.
    Sets come out sorted, enums as their wire value, dates as ISO strings.
    """
    return converter.unstructure(value)


def from_json(data: object, cls: type[_T]) -> _T:
    """The runpelvis object of class ``cls`` that decoded JSON ``data`` describes.

    Checked exactly as the constructors and the ``*_json`` functions check: every
    problem, with its path, in one :class:`~runpelvis.InvalidInput`.
    """
    if not _is_checked(cls):
        raise InvalidInput.at("cls", f"must be a runpelvis class, got {show(cls)}")
    return structure(data, cls)
