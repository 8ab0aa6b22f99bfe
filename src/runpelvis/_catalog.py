"""The catalog: every symptom, cause, exercise, tip and rule runpelvis works from.

The bundled catalog lives in ``runpelvis/data`` as a few JSON *documents*; a
user's catalog is one more document, standing alone or extending the bundled
one (``"extends": "runpelvis"``). Documents are read and checked as a whole by
``_documents``: every problem of every file is reported in one
:class:`~runpelvis.InvalidInput`.
"""

import os
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from ._checks import Checked, checked, optional, show, string
from ._content import Cause, CrossTraining, Equipment, Exercise, Setting, Threshold, Tip
from ._convert import unstructure
from ._disposition import Disposition
from ._documents import ID_SECTIONS, MAX_VERSION, Once, document_problems, parse, read_bundled
from ._errors import InvalidInput
from ._rules import RULE_FILES, DispositionAdvice, Rule, Symptom

__all__ = ["Catalog", "default_catalog", "load_catalog", "resolve"]

#: The bundled documents, in the order they are read.
_BUNDLED = (
    *RULE_FILES,
    "causes.json",
    "exercises.json",
    "tips.json",
    "screening.json",
    "planner.json",
)
#: The longest file name quoted whole in a problem's path.
_MAX_LABEL = 200
#: The name a user's document gives to extend the bundled catalog.
_BUNDLED_NAME = "runpelvis"


@attrs.frozen
class _Document(Checked):
    """One catalog file: any of the sections, each a list of items."""

    version: str | None = checked(optional(string(MAX_VERSION)), default=None)
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
        sizes = ", ".join(f"{len(getattr(self, name))} {name}" for name in (*ID_SECTIONS, "rules"))
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


def _build(documents: list[tuple[str, _Document]], version: str) -> Catalog:
    """Merge documents into one catalog, checking it as a whole."""
    problems = list(document_problems(documents))
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


def _bundled() -> tuple[list[tuple[str, _Document]], Catalog]:
    version, documents = read_bundled(_BUNDLED, _Document)
    return documents, _build(documents, version)


#: The bundled documents and the catalog built from them, read on first use.
_BUNDLED_CATALOG = Once(_bundled)


def resolve(catalog: Catalog | None) -> Catalog:
    """``catalog``, or the bundled one for ``None``; anything else is invalid input."""
    if catalog is None:
        return default_catalog()
    if not isinstance(catalog, Catalog):
        raise InvalidInput.at("catalog", f"must be a runpelvis Catalog, got {show(catalog)}")
    return catalog


def default_catalog() -> Catalog:
    """The catalog bundled with runpelvis: read and checked on first use, then shared."""
    return _BUNDLED_CATALOG.get()[1]


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
    document = parse(label, raw, _Document)
    if document.version is None:
        raise InvalidInput.at(f"{label}: version", "missing")
    if document.extends is None:
        return _build([(label, document)], document.version)
    documents, base = _BUNDLED_CATALOG.get()
    version = f"{base.version}+{document.version}"
    if len(version) > MAX_VERSION:
        raise InvalidInput.at(
            f"{label}: version", f"too long: with the bundled version it passes {MAX_VERSION}"
        )
    return _build([*documents, (label, document)], version)
