"""The catalog: every symptom, cause, exercise, tip and rule runpelvis works from.

The bundled catalog lives in ``runpelvis/data`` as a few JSON *documents*; a
user's catalog is one more document, standing alone or extending the bundled
one (``"extends": "runpelvis"``). Documents are read and checked as a whole by
``_documents``: every problem of every file is reported in one
:class:`~runpelvis.InvalidInput`.
"""

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from . import _settings
from ._checks import (
    Checked,
    checked,
    instance,
    one_of,
    optional,
    show,
    string,
    unsafe_text,
    with_schema,
)
from ._content import Cause, CrossTraining, Equipment, Exercise, Setting, Threshold, Tip
from ._convert import unstructure
from ._disposition import Disposition
from ._documents import ID_SECTIONS, MAX_VERSION, document_problems, parse, read_bundled
from ._errors import InvalidInput
from ._once import Once
from ._rules import (
    RULE_FILES,
    DispositionAdvice,
    QuestionGroup,
    RiskFactor,
    Rule,
    Symptom,
    UnsureRule,
)
from ._settings import PlannerSettings, ScreeningThresholds

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
#: The largest catalog file read: far beyond any real catalog, far below memory.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: How a catalog file is opened: never blocking (a FIFO), never inherited by a child.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@attrs.frozen
class _Document(Checked):
    """One catalog file: any of the sections, each a list of items."""

    version: str | None = checked(optional(string(MAX_VERSION)), default=None)
    extends: Literal["runpelvis"] | None = checked(
        optional(
            with_schema(
                lambda v: None if v == _BUNDLED_NAME else f"must be {_BUNDLED_NAME!r}",
                one_of((_BUNDLED_NAME,)),
            )
        ),
        default=None,
    )
    unsure: UnsureRule | None = checked(optional(instance(UnsureRule)), default=None)
    symptoms: tuple[Symptom, ...] = ()
    risk_factors: tuple[RiskFactor, ...] = ()
    question_groups: tuple[QuestionGroup, ...] = ()
    causes: tuple[Cause, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    cross_training: tuple[CrossTraining, ...] = ()
    tips: tuple[Tip, ...] = ()
    rules: tuple[Rule, ...] = ()
    dispositions: tuple[DispositionAdvice, ...] = ()
    screening: tuple[Threshold, ...] = ()
    planner: tuple[Setting, ...] = ()
    #: A standalone catalog's consent to drop, lower or change bundled red-flag rules.
    overrides_red_flags: bool = checked(instance(bool), default=False)


def _planner_settings(catalog: "Catalog") -> PlannerSettings:
    located = [(f"planner[{i}]", item) for i, item in enumerate(catalog.planner.values())]
    settings, problems = _settings.planner_settings(located, "planner")
    if settings is None:
        raise InvalidInput(problems)
    return settings


def _screening_thresholds(catalog: "Catalog") -> ScreeningThresholds:
    located = [(f"screening[{i}]", item) for i, item in enumerate(catalog.screening.values())]
    thresholds, problems = _settings.screening_thresholds(located, "screening")
    if thresholds is None:
        raise InvalidInput(problems)
    return thresholds


def _mapping(items: Iterable[Any], key: str = "id") -> Mapping[Any, Any]:
    return MappingProxyType({getattr(item, key): item for item in items})


@attrs.frozen(unsafe_hash=False, repr=False)
class Catalog:
    """All the content runpelvis reasons with, keyed by id, and the ``version`` to audit it by.

    Build one with :func:`default_catalog` or :func:`load_catalog`. Catalogs compare by
    content; ``to_document()`` gives the JSON document that loads back into an equal catalog.
    ``planner_settings`` and ``screening_thresholds`` are the ``planner`` and ``screening``
    numbers as typed records, checked when the catalog is built. ``overrides_red_flags``
    is true for a standalone catalog that was allowed to drop, lower or change bundled
    red-flag rules.
    """

    version: str
    symptoms: Mapping[str, Symptom]
    risk_factors: Mapping[str, RiskFactor]
    causes: Mapping[str, Cause]
    equipment: Mapping[str, Equipment]
    exercises: Mapping[str, Exercise]
    cross_training: Mapping[str, CrossTraining]
    tips: Mapping[str, Tip]
    rules: tuple[Rule, ...]
    dispositions: Mapping[Disposition, DispositionAdvice]
    screening: Mapping[str, Threshold]
    planner: Mapping[str, Setting]
    unsure: UnsureRule
    overrides_red_flags: bool = False
    #: The interview's questions by id, in the order they are asked when tied (``order``).
    question_groups: Mapping[str, QuestionGroup] = MappingProxyType({})
    planner_settings: PlannerSettings = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_planner_settings, takes_self=True)
    )
    screening_thresholds: ScreeningThresholds = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(_screening_thresholds, takes_self=True),
    )
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

    def _repr_html_(self) -> str:
        from ._html import catalog_html

        return catalog_html(self)

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
            unsure=self.unsure,
            symptoms=tuple(self.symptoms.values()),
            risk_factors=tuple(self.risk_factors.values()),
            question_groups=tuple(self.question_groups.values()),
            causes=tuple(self.causes.values()),
            equipment=tuple(self.equipment.values()),
            exercises=tuple(self.exercises.values()),
            cross_training=tuple(self.cross_training.values()),
            tips=tuple(self.tips.values()),
            rules=self.rules,
            dispositions=tuple(self.dispositions.values()),
            screening=tuple(self.screening.values()),
            planner=tuple(self.planner.values()),
            overrides_red_flags=self.overrides_red_flags,
        )
        data: dict[str, Any] = unstructure(document)
        del data["extends"]
        if not self.overrides_red_flags:
            del data["overrides_red_flags"]
        return data


def _unpickle_catalog(state: dict[str, Any]) -> Catalog:
    fields: dict[str, Any] = {
        name: MappingProxyType(value) if isinstance(value, dict) else value
        for name, value in state.items()
    }
    return Catalog(**fields)


def _build(
    documents: list[tuple[str, _Document]],
    version: str,
    problems: Iterable[tuple[str, str]] = (),
    *,
    overrides_red_flags: bool = False,
) -> Catalog:
    """Merge documents into one catalog, checking it as a whole (``problems`` are found already).

    The planner settings and screening thresholds are checked here, at their items' paths,
    so that a catalog that builds can always plan and screen.
    """

    def every(section: str) -> Iterator[Any]:
        for _, document in documents:
            yield from getattr(document, section)

    def located(section: str) -> tuple[list[tuple[str, Any]], str]:
        items = [
            (f"{label}: {section}[{index}]", item)
            for label, document in documents
            for index, item in enumerate(getattr(document, section))
        ]
        return items, where(section)

    def where(section: str) -> str:
        """The section of the first document that has one, or of the last document."""
        home = next((label for label, doc in documents if getattr(doc, section)), documents[-1][0])
        return f"{home}: {section}"

    problems = [*problems, *document_problems(documents)]
    unsure = [(label, doc.unsure) for label, doc in documents if doc.unsure is not None]
    if len(unsure) != 1:
        found = ", ".join(label for label, _ in unsure) or "none"
        problems.append((f"{documents[0][0]}: unsure", f"needed exactly once, found in {found}"))
    problems += _settings.planner_settings(*located("planner"))[1]
    thresholds, missing_at = located("screening")
    problems += _settings.screening_thresholds(thresholds, missing_at)[1]
    causes = _mapping(every("causes"))
    problems += _settings.screening_problems(thresholds, causes, where("causes"))
    if problems:
        raise InvalidInput(problems)
    return Catalog(
        version=version,
        unsure=unsure[0][1],
        symptoms=_mapping(every("symptoms")),
        risk_factors=_mapping(every("risk_factors")),
        causes=causes,
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
        overrides_red_flags=overrides_red_flags,
        question_groups=_mapping(sorted(every("question_groups"), key=_asked_order)),
    )


def _asked_order(group: QuestionGroup) -> int:
    return group.order


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
    without it, the document must hold a whole catalog on its own, under a version
    other than the bundled one's, and keep every bundled red-flag rule (``urgent`` or
    ``emergency``, by ``rule_id``) as it is, unless it says ``"overrides_red_flags": true``.
    ``path`` must be a regular file of at most 16 MiB of UTF-8 text.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInput.at("path", f"must be a file path, got {show(path)}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise InvalidInput.at("path", f"must be a file path, got {show(name)}")
    safe = len(name) <= _MAX_LABEL and unsafe_text(name) is None
    label = name if safe else show(name)  # it prefixes every problem
    document = parse(label, _read_text(name, label), _Document)
    if document.version is None:
        raise InvalidInput.at(f"{label}: version", "missing")
    documents, base = _BUNDLED_CATALOG.get()
    if document.extends is None:
        return _build(
            [(label, document)],
            document.version,
            _standalone_problems(label, document, base),
            overrides_red_flags=document.overrides_red_flags,
        )
    version = f"{base.version}+{document.version}"
    problems: list[tuple[str, str]] = []
    if len(version) > MAX_VERSION:
        problems.append(
            (f"{label}: version", f"too long: with the bundled version it passes {MAX_VERSION}")
        )
    if document.overrides_red_flags:
        problems.append(
            (
                f"{label}: overrides_red_flags",
                "only a standalone catalog may override red flags: "
                "an extension cannot change the bundled rules",
            )
        )
    if problems:
        raise InvalidInput(problems)
    return _build([*documents, (label, document)], version)


def _read_text(name: str, label: str) -> str:
    """The text of the regular file ``name``: bounded in size, strictly UTF-8.

    Anything else (a directory, a FIFO, a device, a socket) is refused before it is
    read, so that a FIFO cannot block and ``/dev/zero`` cannot fill the memory.
    """

    def refuse(reason: str) -> InvalidInput:
        return InvalidInput.at(label, f"cannot read the file: {reason}")

    try:
        mode = os.stat(name).st_mode  # before opening: opening a device may act on it
        descriptor = os.open(name, _OPEN_FLAGS) if stat.S_ISREG(mode) else -1
    except OSError as error:
        raise refuse(error.strerror or "not readable") from None
    except UnicodeError:
        raise refuse("the path holds a character the file system cannot encode") from None
    except ValueError:  # embedded null byte
        raise refuse("the path holds a NUL character") from None
    if descriptor < 0:
        raise refuse(f"not a regular file ({_kind(mode)})")
    try:
        info = os.fstat(descriptor)  # what is open, not what the path names now
        mode, size = info.st_mode, info.st_size
        regular = stat.S_ISREG(mode)
        fits = regular and size <= MAX_FILE_BYTES
        data = _read_at_most(descriptor, MAX_FILE_BYTES + 1) if fits else b""
    except OSError as error:
        raise refuse(error.strerror or "not readable") from None
    finally:
        os.close(descriptor)
    if not regular:  # replaced between the two looks
        raise refuse(f"not a regular file ({_kind(mode)})")
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise refuse(f"larger than {_size(MAX_FILE_BYTES)}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise refuse(f"not UTF-8 text ({error.reason} at byte {error.start})") from None


def _size(count: int) -> str:
    mib, rest = divmod(count, 1024 * 1024)
    return f"{mib} MiB" if mib and not rest else f"{count:,} bytes"


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``descriptor``, fewer only at the end of the file."""
    chunks: list[bytes] = []
    while limit > 0:
        chunk = os.read(descriptor, min(limit, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def _standalone_problems(
    label: str, document: _Document, bundled: Catalog
) -> list[tuple[str, str]]:
    """A standalone catalog's own version, and the bundled red-flag rules it keeps as they are.

    Results carry the catalog's version so that an answer can be audited: a catalog that
    is not the bundled one may not answer under its version. A red-flag rule (one that
    reaches ``urgent`` or ``emergency``) is matched by ``rule_id``; dropping it, lowering
    its disposition or changing its condition needs ``"overrides_red_flags": true``.
    """
    problems: list[tuple[str, str]] = []
    if document.version is not None and document.version.strip() == bundled.version:
        problems.append(
            (
                f"{label}: version",
                f"{bundled.version!r} is the bundled catalog's version: a standalone catalog "
                'needs its own (or "extends": "runpelvis" to add to the bundled one)',
            )
        )
    if document.overrides_red_flags:
        return problems
    mine = {rule.rule_id: (index, rule) for index, rule in enumerate(document.rules)}
    for flag in bundled.rules:
        if not flag.disposition.needs_care_now:
            continue
        index, rule = mine.get(flag.rule_id, (None, None))
        if index is None or rule is None:
            at, what = "rules", "missing"
        elif rule.disposition < flag.disposition:
            at, what = f"rules[{index}].disposition", f"lowered to {rule.disposition.value}"
        elif rule.when != flag.when:
            at, what = f"rules[{index}].when", "its condition changed"
        else:
            continue
        problems.append(
            (
                f"{label}: {at}",
                f"bundled red-flag rule {flag.rule_id!r} ({flag.disposition.value}) is {what}; "
                'only a catalog with "overrides_red_flags": true may drop, lower or change one',
            )
        )
    return problems
