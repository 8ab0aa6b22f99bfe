"""The catalog: every symptom, cause, exercise, tip and rule runpelvis works from.

The bundled catalog lives in ``runpelvis/data`` as a few JSON *documents*; a
user's catalog is one more document, standing alone or extending the bundled
one (``"extends": "runpelvis"``). Documents are structured with the package's
converter, then checked as a whole: duplicate ids, references to ids that do
not exist, a missing disposition. Every problem of every file is reported in
one :class:`~runpelvis.InvalidInput`.
"""

import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs
import importlib_resources

from ._checks import Checked, checked, optional, show, string, suggest
from ._content import (
    Cause,
    CrossTraining,
    DispositionAdvice,
    Equipment,
    Exercise,
    Rule,
    Setting,
    Symptom,
    Threshold,
    Tip,
)
from ._convert import structure, unstructure
from ._disposition import Disposition
from ._errors import InvalidInput

__all__ = ["Catalog", "default_catalog", "load_catalog", "resolve"]

#: The bundled documents, in the order they are read.
_BUNDLED = (
    "catalog.json",
    "symptoms.json",
    "rules.json",
    "causes.json",
    "exercises.json",
    "tips.json",
    "screening.json",
    "planner.json",
)
#: The longest catalog version, a combined "<bundled>+<yours>" one included.
_MAX_VERSION = 200
#: The longest file name quoted whole in a problem's path.
_MAX_LABEL = 200
#: The name a user's document gives to extend the bundled catalog.
_BUNDLED_NAME = "runpelvis"


@attrs.frozen
class _Document(Checked):
    """One catalog file: any of the sections, each a list of items."""

    version: str | None = checked(optional(string(_MAX_VERSION)), default=None)
    extends: Literal["runpelvis"] | None = checked(
        optional(lambda v: None if v == _BUNDLED_NAME else f"must be {_BUNDLED_NAME!r}"),
        default=None,
    )
    symptoms: tuple[Symptom, ...] = ()
    causes: tuple[Cause, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    cross_training: tuple[CrossTraining, ...] = ()
    tips: tuple[Tip, ...] = ()
    rules: tuple[Rule, ...] = ()
    dispositions: tuple[DispositionAdvice, ...] = ()
    screening: tuple[Threshold, ...] = ()
    planner: tuple[Setting, ...] = ()


#: Sections whose items are keyed by ``id``, with the noun used in messages.
_ID_SECTIONS = {
    "symptoms": "symptom",
    "causes": "cause",
    "equipment": "equipment",
    "exercises": "exercise",
    "cross_training": "cross-training activity",
    "tips": "tip",
    "screening": "threshold",
    "planner": "planner setting",
}


def _mapping(items: Iterable[Any], key: str = "id") -> Mapping[Any, Any]:
    return MappingProxyType({getattr(item, key): item for item in items})


@attrs.frozen(unsafe_hash=False, repr=False)
class Catalog:
    """All the content runpelvis reasons with, keyed by id, and the ``version`` to audit it by.

    Build one with :func:`default_catalog` or :func:`load_catalog`. Catalogs compare by
    content; ``to_document()`` gives the JSON document that loads back into an equal catalog.
    """

    version: str
    symptoms: Mapping[str, Symptom]
    causes: Mapping[str, Cause]
    equipment: Mapping[str, Equipment]
    exercises: Mapping[str, Exercise]
    cross_training: Mapping[str, CrossTraining]
    tips: Mapping[str, Tip]
    rules: tuple[Rule, ...]
    dispositions: Mapping[Disposition, DispositionAdvice]
    screening: Mapping[str, Threshold]
    planner: Mapping[str, Setting]
    #: Per-catalog precomputed indexes (the triage engine's), built on first use.
    _memo: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def __hash__(self) -> int:
        return hash(self.version)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(getattr(self, name))} {name}" for name in (*_ID_SECTIONS, "rules"))
        return f"<Catalog {self.version!r}: {sizes}>"

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # MappingProxyType does not pickle: hand pickle plain dicts, re-wrapped on load.
        state = {
            field.name: getattr(self, field.name) for field in attrs.fields(Catalog) if field.init
        }
        return _unpickle_catalog, (
            {name: dict(v) if isinstance(v, Mapping) else v for name, v in state.items()},
        )

    def exercises_for(self, cause: str) -> tuple[Exercise, ...]:
        """The exercises that address ``cause``, by id."""
        return tuple(ex for _, ex in sorted(self.exercises.items()) if cause in ex.addresses)

    def tips_for(self, cause: str) -> tuple[Tip, ...]:
        """The tips that address ``cause``, in catalog order."""
        return tuple(tip for tip in self.tips.values() if cause in tip.addresses)

    def memo(self, key: str, build: Any) -> Any:
        """A value derived from this catalog, built once by ``build(self)``."""
        try:
            return self._memo[key]
        except KeyError:
            return self._memo.setdefault(key, build(self))

    def to_document(self) -> dict[str, Any]:
        """This catalog as one stand-alone JSON document (what :func:`load_catalog` reads)."""
        document = _Document(
            version=self.version,
            symptoms=tuple(self.symptoms.values()),
            causes=tuple(self.causes.values()),
            equipment=tuple(self.equipment.values()),
            exercises=tuple(self.exercises.values()),
            cross_training=tuple(self.cross_training.values()),
            tips=tuple(self.tips.values()),
            rules=self.rules,
            dispositions=tuple(self.dispositions.values()),
            screening=tuple(self.screening.values()),
            planner=tuple(self.planner.values()),
        )
        data: dict[str, Any] = unstructure(document)
        del data["extends"]
        return data


def _unpickle_catalog(state: dict[str, Any]) -> Catalog:
    fields: dict[str, Any] = {
        name: MappingProxyType(value) if isinstance(value, dict) else value
        for name, value in state.items()
    }
    return Catalog(**fields)


def _parse(label: str, raw: str) -> _Document:
    try:
        value = json.loads(raw)
    except ValueError as error:  # JSONDecodeError, or an integer with too many digits
        raise InvalidInput.at(label, f"not valid JSON: {error}") from None
    except RecursionError:
        raise InvalidInput.at(label, "nested too deeply") from None
    return _read(label, value)


def _read(label: str, value: object) -> _Document:
    try:
        return structure(value, _Document)
    except InvalidInput as error:
        raise _in_file(label, error.problems) from None


def _in_file(label: str, problems: Iterable[tuple[str, str]]) -> InvalidInput:
    return InvalidInput((f"{label}: {path or '$'}", message) for path, message in problems)


def _build(documents: list[tuple[str, _Document]], version: str) -> Catalog:
    """Merge documents into one catalog, checking it as a whole."""
    problems = list(_whole_problems(documents))
    if problems:
        raise InvalidInput(problems)

    def every(section: str) -> Iterator[Any]:
        for _, document in documents:
            yield from getattr(document, section)

    return Catalog(
        version=version,
        symptoms=_mapping(every("symptoms")),
        causes=_mapping(every("causes")),
        equipment=_mapping(every("equipment")),
        exercises=_mapping(every("exercises")),
        cross_training=_mapping(every("cross_training")),
        tips=_mapping(every("tips")),
        rules=tuple(every("rules")),
        dispositions=MappingProxyType(
            {advice.disposition: advice for advice in sorted(every("dispositions"), key=_rank)}
        ),
        screening=_mapping(every("screening")),
        planner=_mapping(every("planner")),
    )


def _rank(advice: DispositionAdvice) -> int:
    return advice.disposition.rank


def _whole_problems(documents: list[tuple[str, _Document]]) -> Iterator[tuple[str, str]]:
    """Duplicate ids, unknown references and missing dispositions, across all documents."""
    ids: dict[str, dict[str, str]] = {section: {} for section in _ID_SECTIONS}
    ids["rules"] = {}
    for label, document in documents:
        for section, where in _located(label, document):
            key = "rule_id" if section == "rules" else "id"
            for path, item in where:
                item_id = getattr(item, key)
                seen = ids[section].setdefault(item_id, path)
                if seen != path:
                    yield f"{path}.{key}", f"duplicate id {item_id!r}, first at {seen}"

    symptoms, causes = ids["symptoms"], ids["causes"]
    equipment = ids["equipment"]
    for label, document in documents:
        for section in ("exercises", "cross_training"):
            for index, item in enumerate(getattr(document, section)):
                at = f"{label}: {section}[{index}]"
                yield from _unknown(at, "addresses", item.addresses, "cause", causes)
                yield from _unknown(
                    at,
                    "contraindications",
                    item.contraindications,
                    "symptom or cause",
                    symptoms | causes,
                )
                yield from _unknown(at, "equipment", item.equipment, "equipment", equipment)
        for index, tip in enumerate(document.tips):
            yield from _unknown(
                f"{label}: tips[{index}]", "addresses", tip.addresses, "cause", causes
            )
        for index, rule in enumerate(document.rules):
            at = f"{label}: rules[{index}]"
            yield from _unknown(at, "when.symptoms", rule.when.symptoms, "symptom", symptoms)
        for index, threshold in enumerate(document.screening):
            at = f"{label}: screening[{index}]"
            yield from _unknown(at, "cause", {threshold.cause}, "cause", causes)

    given = [advice.disposition for _, document in documents for advice in document.dispositions]
    for disposition in Disposition:
        count = given.count(disposition)
        if count != 1:
            yield (
                f"{documents[0][0]}: dispositions",
                f"needs advice for {disposition.value!r} exactly once, found {count}",
            )


def _located(label: str, document: _Document) -> Iterator[tuple[str, list[tuple[str, Any]]]]:
    for section in (*_ID_SECTIONS, "rules"):
        items = getattr(document, section)
        yield section, [(f"{label}: {section}[{index}]", item) for index, item in enumerate(items)]


def _unknown(
    at: str, field: str, names: Iterable[str], noun: str, known: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    for name in sorted(names):
        if name not in known:
            yield f"{at}.{field}", f"unknown {noun} {name!r}{suggest(name, known)}"


def _bundled_documents() -> list[tuple[str, _Document]]:
    data = importlib_resources.files("runpelvis").joinpath("data")
    documents: list[tuple[str, _Document]] = []
    problems: list[tuple[str, str]] = []
    for name in _BUNDLED:
        try:
            documents.append((name, _parse(name, data.joinpath(name).read_text(encoding="utf-8"))))
        except InvalidInput as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInput(problems)
    return documents


def _bundled() -> tuple[list[tuple[str, _Document]], Catalog]:
    documents = _bundled_documents()
    version = documents[0][1].version
    if version is None:
        raise InvalidInput.at(f"{_BUNDLED[0]}: version", "missing")
    return documents, _build(documents, version)


_lock = threading.Lock()
_loaded: tuple[list[tuple[str, _Document]], Catalog] | None = None


def _bundled_once() -> tuple[list[tuple[str, _Document]], Catalog]:
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _bundled()
    return _loaded


def resolve(catalog: Catalog | None) -> Catalog:
    """``catalog``, or the bundled one for ``None``; anything else is invalid input."""
    if catalog is None:
        return default_catalog()
    if not isinstance(catalog, Catalog):
        raise InvalidInput.at("catalog", f"must be a runpelvis Catalog, got {show(catalog)}")
    return catalog


def default_catalog() -> Catalog:
    """The catalog bundled with runpelvis: read and checked on first use, then shared."""
    return _bundled_once()[1]


def load_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Load a catalog from one JSON document at ``path``, checked like the bundled one.

    A document with ``"extends": "runpelvis"`` adds its items to the bundled catalog
    (its ids must be new) and the result's version is ``"<bundled>+<yours>"``;
    without it, the document must hold a whole catalog on its own.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInput.at("path", f"must be a file path, got {show(path)}")
    name = os.fspath(path)
    label = name if len(name) <= _MAX_LABEL else show(name)  # it prefixes every problem
    try:
        with open(path, encoding="utf-8") as file:
            raw = file.read()
    except OSError as error:
        raise InvalidInput.at(label, f"cannot read the file: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InvalidInput.at(label, f"cannot read the file: {error}") from None
    document = _parse(label, raw)
    if document.version is None:
        raise InvalidInput.at(f"{label}: version", "missing")
    if document.extends is None:
        return _build([(label, document)], document.version)
    documents, base = _bundled_once()
    version = f"{base.version}+{document.version}"
    if len(version) > _MAX_VERSION:
        raise InvalidInput.at(
            f"{label}: version", f"too long: with the bundled version it passes {_MAX_VERSION}"
        )
    return _build([*documents, (label, document)], version)
