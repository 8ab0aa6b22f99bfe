"""Catalog documents: JSON text in, checked attrs documents out, and the checks across them.

A catalog is made of *documents*, each holding some of its sections (symptoms,
rules, exercises, ...). This module reads them, from a user's file or from the
package's data, and checks a set of them as a whole: duplicate ids, references
to ids that do not exist, a missing disposition. It knows the sections by name
only, so it serves both the whole catalog (``_catalog``) and the rules that
triage loads on their own (``_rules``) without importing their content classes.
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from ._checks import suggest
from ._convert import structure
from ._data import data_text
from ._disposition import Disposition
from ._errors import InvalidInput
from ._jsontext import read_json

__all__ = ["ID_SECTIONS", "MAX_VERSION", "document_problems", "parse", "read_bundled"]

_T = TypeVar("_T")

#: The longest catalog version, a combined "<bundled>+<yours>" one included.
MAX_VERSION = 200

#: Sections whose items are keyed by ``id``, with the noun used in messages.
ID_SECTIONS = {
    "symptoms": "symptom",
    "risk_factors": "risk factor",
    "causes": "cause",
    "equipment": "equipment",
    "exercises": "exercise",
    "cross_training": "cross-training activity",
    "tips": "tip",
    "screening": "threshold",
    "planner": "planner setting",
}


def parse(label: str, raw: str, kind: type[_T]) -> _T:
    """The document of type ``kind`` that the JSON text ``raw`` (from ``label``) holds."""
    value = read_json(raw, label=label)
    try:
        return structure(value, kind)
    except InvalidInput as error:
        raise _in_file(label, error.problems) from None


def _in_file(label: str, problems: Iterable[tuple[str, str]]) -> InvalidInput:
    """``problems`` with every path prefixed by the file they were found in."""
    return InvalidInput((f"{label}: {path or '$'}", message) for path, message in problems)


def read_bundled(names: Iterable[str], kind: type[_T]) -> tuple[str, list[tuple[str, _T]]]:
    """The catalog version and the package's data files ``names``, each read as a ``kind``.

    The first file carries the version. Every problem of every file is reported at once.
    """
    documents: list[tuple[str, _T]] = []
    problems: list[tuple[str, str]] = []
    for name in names:
        try:
            documents.append((name, parse(name, data_text(name), kind)))
        except InvalidInput as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInput(problems)
    label, first = documents[0]
    version: str | None = getattr(first, "version")  # noqa: B009 -- any document kind
    if version is None:
        raise InvalidInput.at(f"{label}: version", "missing")
    return version, documents


def _sections(document: object, name: str) -> tuple[Any, ...]:
    """A section of ``document``, empty for a kind of document that has no such section."""
    items: tuple[Any, ...] = getattr(document, name, ())
    return items


def document_problems(documents: list[tuple[str, Any]]) -> Iterator[tuple[str, str]]:
    """Duplicate ids, unknown references and missing dispositions, across all documents."""
    ids: dict[str, dict[str, str]] = {section: {} for section in ID_SECTIONS}
    ids["rules"] = {}
    for label, document in documents:
        for section, where in _located(label, document):
            key = "rule_id" if section == "rules" else "id"
            for path, item in where:
                item_id = getattr(item, key)
                seen = ids[section].setdefault(item_id, path)
                if seen != path:
                    yield f"{path}.{key}", f"duplicate id {item_id!r}, first at {seen}"

    yield from _answer_ids(ids["symptoms"], ids["risk_factors"])
    yield from _group_problems(documents, ids["symptoms"], ids["risk_factors"])
    for label, document in documents:
        yield from _reference_problems(label, document, ids)

    given = [
        advice.disposition
        for _, document in documents
        for advice in _sections(document, "dispositions")
    ]
    for disposition in Disposition:
        count = given.count(disposition)
        if count != 1:
            yield (
                f"{documents[0][0]}: dispositions",
                f"needs advice for {disposition.value!r} exactly once, found {count}",
            )


def _answer_ids(symptoms: Mapping[str, str], risks: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """Symptoms and risk factors are answered side by side (``unsure`` holds both, and
    ``age``), so no id may name two of them."""
    for item_id, path in risks.items():
        if item_id in symptoms:
            yield f"{path}.id", f"{item_id!r} is a symptom already, at {symptoms[item_id]}"
    for item_id, path in (*symptoms.items(), *risks.items()):
        if item_id == "age":
            yield f"{path}.id", "'age' is kept for the age question"


def _group_problems(
    documents: list[tuple[str, Any]], symptoms: Mapping[str, str], risks: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    """The interview's question groups: unique ids, one age question, and every symptom and
    risk factor asked by exactly one group of its own kind, with its own question text."""
    known = {"symptoms": (symptoms, "symptom"), "risk_factors": (risks, "risk factor")}
    groups: dict[str, str] = {}
    asked: dict[str, str] = {}
    ages: list[str] = []
    for label, document in documents:
        for index, group in enumerate(_sections(document, "question_groups")):
            at = f"{label}: question_groups[{index}]"
            seen = groups.setdefault(group.id, at)
            if seen != at:
                yield f"{at}.id", f"duplicate id {group.id!r}, first at {seen}"
            if group.kind == "age":
                ages.append(at)
                continue
            ids, noun = known[group.kind]
            for position, item in enumerate(group.items):
                where = f"{at}.items[{position}]"
                if item not in ids:
                    yield where, f"unknown {noun} {item!r}{suggest(item, ids)}"
                elif asked.setdefault(item, where) != where:
                    yield where, f"{item!r} is asked already, at {asked[item]}"
    if len(ages) != 1:
        found = ", ".join(ages) or "none"
        yield f"{documents[0][0]}: question_groups", f"needs one age question, found {found}"
    yield from _unasked(documents, asked)


def _unasked(
    documents: list[tuple[str, Any]], asked: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    """Each symptom and risk factor that no question group asks, or that has no question."""
    for label, document in documents:
        for section in ("symptoms", "risk_factors"):
            for index, item in enumerate(_sections(document, section)):
                at = f"{label}: {section}[{index}]"
                if item.id not in asked:
                    yield at, f"{item.id!r} is in no question group: the interview must ask it"
                if item.question is None:
                    yield f"{at}.question", "missing: the interview asks it in these words"


def _reference_problems(
    label: str, document: object, ids: Mapping[str, Mapping[str, str]]
) -> Iterator[tuple[str, str]]:
    """Every id that an item of ``document`` names must exist in the catalog."""
    symptoms, risks, causes = ids["symptoms"], ids["risk_factors"], ids["causes"]
    for section in ("exercises", "cross_training"):
        for index, item in enumerate(_sections(document, section)):
            at = f"{label}: {section}[{index}]"
            yield from _unknown(at, "addresses", item.addresses, "cause", causes)
            yield from _unknown(
                at,
                "contraindications",
                item.contraindications,
                "symptom, risk factor or cause",
                {**symptoms, **risks, **causes},
            )
            yield from _unknown(at, "equipment", item.equipment, "equipment", ids["equipment"])
    for index, tip in enumerate(_sections(document, "tips")):
        yield from _unknown(f"{label}: tips[{index}]", "addresses", tip.addresses, "cause", causes)
    for index, rule in enumerate(_sections(document, "rules")):
        yield from _condition_problems(f"{label}: rules[{index}].when", rule.when, symptoms, risks)
    for index, threshold in enumerate(_sections(document, "screening")):
        at = f"{label}: screening[{index}]"
        yield from _unknown(at, "cause", {threshold.cause}, "cause", causes)


def _condition_problems(
    at: str, when: Any, symptoms: Mapping[str, str], risks: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    for field in ("symptoms", "any_symptoms", "any_symptom_except"):
        yield from _unknown(at, field, getattr(when, field) or (), "symptom", symptoms)
    for field in ("risk_factors", "any_risk_factors"):
        yield from _unknown(at, field, getattr(when, field), "risk factor", risks)


def _located(label: str, document: object) -> Iterator[tuple[str, list[tuple[str, Any]]]]:
    for section in (*ID_SECTIONS, "rules"):
        items = _sections(document, section)
        yield section, [(f"{label}: {section}[{index}]", item) for index, item in enumerate(items)]


def _unknown(
    at: str, field: str, names: Iterable[str], noun: str, known: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    for name in sorted(names):
        if name not in known:
            yield f"{at}.{field}", f"unknown {noun} {name!r}{suggest(name, known)}"
