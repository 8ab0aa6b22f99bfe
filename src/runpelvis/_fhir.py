"""FHIR R4 resources as plain JSON-ready dicts: no FHIR library is needed at run time.

- :func:`to_fhir_questionnaire`: the check-in as a ``Questionnaire``. Every symptom and
  risk factor is a ``choice`` item (``linkId`` = its id) answered with a ``Coding`` of
  :data:`ANSWER_SYSTEM` (``yes``, ``no``, ``unsure``), grouped by the interview's
  question groups; ``pain``, ``days_since_onset`` and ``age`` are ``integer`` items, and
  ``age_unsure`` (a ``boolean``, enabled only while no age is given) declines the age.
- :func:`report_from_fhir`: a ``QuestionnaireResponse`` to that form back to a
  :class:`~runpelvis.SymptomReport`, strictly: every problem is an
  :class:`~runpelvis.InvalidInput` path such as ``item[1].item[0].answer[0].valueCoding.code``.
- :func:`to_fhir_risk_assessment`: a triage as a ``RiskAssessment``.
- :func:`to_fhir_care_plan`: a program as a ``CarePlan``.

The code systems are runpelvis's own URNs, listed below; the catalog version is
written as each coding's ``version``, so a resource can be audited later.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._catalog import Catalog, default_catalog
from ._errors import InvalidInput, join_path
from ._rules import MAX_AGE, MIN_AGE
from ._triage import AGE, MAX_DAYS, SymptomReport, TriageResult, red_flag

if TYPE_CHECKING:
    from ._plan import Activity, Program

__all__ = [
    "ACTIVITY_SYSTEM",
    "ANSWER_SYSTEM",
    "DISPOSITION_SYSTEM",
    "RULE_SYSTEM",
    "report_from_fhir",
    "to_fhir_care_plan",
    "to_fhir_questionnaire",
    "to_fhir_risk_assessment",
]

ANSWER_SYSTEM = "urn:runpelvis:fhir:answer"
DISPOSITION_SYSTEM = "urn:runpelvis:fhir:disposition"
RULE_SYSTEM = "urn:runpelvis:fhir:rule"
ACTIVITY_SYSTEM = "urn:runpelvis:fhir:activity"
QUESTIONNAIRE_URL = "urn:runpelvis:fhir:questionnaire:check-in"
_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"

ANSWERS = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
AGE_UNSURE = "age_unsure"
#: The integer items: linkId -> (text, lowest, highest, required).
NUMBERS: Mapping[str, tuple[str, int, int, bool]] = {
    "pain": ("How bad is the pain right now, from 0 (none) to 10 (the worst)?", 0, 10, True),
    "days_since_onset": ("How many days ago did it start?", 0, MAX_DAYS, True),
    AGE: ("How old are you, in whole years?", MIN_AGE, MAX_AGE, False),
}
_DEFAULT_SUBJECT = {"display": "runner"}
_REFERENCE_KEYS = frozenset({"reference", "type", "display"})
_RESPONSE_KEYS = frozenset(
    {
        "resourceType",
        "id",
        "meta",
        "implicitRules",
        "language",
        "text",
        "contained",
        "extension",
        "identifier",
        "basedOn",
        "partOf",
        "questionnaire",
        "status",
        "subject",
        "encounter",
        "authored",
        "author",
        "source",
        "item",
    }
)
_ITEM_KEYS = frozenset({"id", "extension", "linkId", "definition", "text", "answer", "item"})
_ANSWER_KEYS = frozenset({"id", "extension"})
_CODING_KEYS = frozenset({"system", "version", "code", "display", "userSelected"})
_DONE = frozenset({"completed", "amended"})


# --- Questionnaire --------------------------------------------------------------------


def to_fhir_questionnaire(catalog: Catalog | None = None) -> dict[str, Any]:
    """The check-in as a FHIR R4 ``Questionnaire`` (a JSON-ready dict)."""
    cat = _catalog(catalog)
    return {
        "resourceType": "Questionnaire",
        "id": "runpelvis-check-in",
        "url": QUESTIONNAIRE_URL,
        "version": cat.version,
        "name": "RunpelvisCheckIn",
        "title": "Back and pelvic pain check-in for runners",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "What a runner with back or pelvic pain reports, for runpelvis's triage. "
        "A decision aid, not a diagnosis.",
        "item": [*_number_items(), *_group_items(cat)],
    }


def _number_items() -> Iterator[dict[str, Any]]:
    for link_id, (text, low, high, required) in NUMBERS.items():
        yield {
            "linkId": link_id,
            "text": text,
            "type": "integer",
            "required": required,
            "extension": [
                {"url": _MIN_VALUE, "valueInteger": low},
                {"url": _MAX_VALUE, "valueInteger": high},
            ],
        }
    yield {
        "linkId": AGE_UNSURE,
        "text": "Not sure of your age, or would rather not say?",
        "type": "boolean",
        "enableWhen": [{"question": AGE, "operator": "exists", "answerBoolean": False}],
    }


def question_groups(cat: Catalog) -> list[tuple[str, str, Sequence[str]]]:
    """``(linkId, text, item ids)`` of each group, in the interview's order.

    The interview's question groups of symptoms and of risk factors when the catalog has
    them (its age question is the ``age`` item); any id no group asks about follows in a
    group of its own kind, so that every symptom and risk factor is on the form.
    """
    groups: list[tuple[str, str, Sequence[str]]] = [
        (group.id, group.text, tuple(group.items))
        for group in sorted(_values(getattr(cat, "question_groups", {})), key=_order)
        if group.kind in ("symptoms", "risk_factors")
    ]
    asked = {item for _, _, ids in groups for item in ids}
    for link_id, text, ids in (
        ("symptoms", "Have you noticed any of these?", cat.symptoms),
        ("risk_factors", "Do any of these apply to you?", cat.risk_factors),
    ):
        rest = tuple(item for item in ids if item not in asked)
        if rest:
            groups.append((_free(link_id, groups), text, rest))
    return groups


def _order(group: Any) -> Any:
    return group.order


def _free(link_id: str, groups: list[tuple[str, str, Sequence[str]]]) -> str:
    taken = {taken_id for taken_id, _, _ in groups}
    return link_id if link_id not in taken else f"more_{link_id}"


def _values(groups: object) -> list[Any]:
    return list(groups.values()) if isinstance(groups, Mapping) else list(groups)  # type: ignore[call-overload]


def _group_items(cat: Catalog) -> Iterator[dict[str, Any]]:
    for link_id, text, ids in question_groups(cat):
        yield {
            "linkId": link_id,
            "text": text,
            "type": "group",
            "item": [_choice_item(cat, item_id) for item_id in ids],
        }


def _choice_item(cat: Catalog, item_id: str) -> dict[str, Any]:
    entry = cat.symptoms.get(item_id) or cat.risk_factors[item_id]
    return {
        "linkId": item_id,
        "text": entry.question or entry.name,
        "type": "choice",
        "answerOption": [{"valueCoding": _answer(code)} for code in ANSWERS],
    }


def _answer(code: str) -> dict[str, str]:
    return {"system": ANSWER_SYSTEM, "code": code, "display": ANSWERS[code]}


# --- QuestionnaireResponse -> SymptomReport ------------------------------------------


class _Reader:
    """Collects the answers of a QuestionnaireResponse and every problem on the way."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self.groups = {link_id for link_id, _, _ in question_groups(cat)}
        self.problems: list[tuple[str, str]] = []
        self.seen: set[str] = set()
        self.codes: dict[str, str] = {}
        self.numbers: dict[str, int] = {}
        self.age_unsure = False

    def fail(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def response(self, value: object) -> None:
        if not isinstance(value, dict):
            self.fail("", f"must be a QuestionnaireResponse object, got {_kind(value)}")
            return
        for key in sorted(set(value) - _RESPONSE_KEYS, key=str):
            self.fail(_key(key), "unknown or unsupported key")
        if value.get("resourceType") != "QuestionnaireResponse":
            self.fail("resourceType", "must be 'QuestionnaireResponse'")
        if value.get("status") not in _DONE:
            self.fail("status", "must be 'completed' or 'amended'")
        self.items(value.get("item", []), "item")

    def items(self, value: object, path: str) -> None:
        if not isinstance(value, list):
            self.fail(path, f"must be an array, got {_kind(value)}")
            return
        for index, item in enumerate(value):
            self.item(item, f"{path}[{index}]")

    def item(self, item: object, path: str) -> None:
        if not isinstance(item, dict):
            self.fail(path, f"must be an object, got {_kind(item)}")
            return
        for key in sorted(set(item) - _ITEM_KEYS, key=str):
            self.fail(join_path(path, _key(key)), "unknown or unsupported key")
        link_id = item.get("linkId")
        if not isinstance(link_id, str):
            self.fail(join_path(path, "linkId"), "must be a string")
        elif link_id in self.seen:
            self.fail(join_path(path, "linkId"), f"{_show(link_id)} answered twice")
        else:
            self.seen.add(link_id)
            self.answered(link_id, item, path)

    def answered(self, link_id: str, item: dict[str, Any], path: str) -> None:
        if link_id in self.groups:
            if "answer" in item:
                self.fail(join_path(path, "answer"), "a group has no answer of its own")
            self.items(item.get("item", []), join_path(path, "item"))
            return
        if "item" in item:
            self.fail(join_path(path, "item"), "only a group holds items")
        value = self.only_answer(item, path)
        if value is None:
            return
        if link_id in self.cat.symptoms or link_id in self.cat.risk_factors:
            self.coding(link_id, value, path)
        elif link_id in NUMBERS:
            self.number(link_id, value, path)
        elif link_id == AGE_UNSURE:
            self.boolean(value, path)
        else:
            self.fail(join_path(path, "linkId"), f"unknown question {_show(link_id)}")

    def only_answer(self, item: dict[str, Any], path: str) -> tuple[str, Any, str] | None:
        """``(value key, value, its path)`` of the item's one answer, or ``None``."""
        answers = item.get("answer")
        at = join_path(path, "answer")
        if answers is None:
            return None  # asked, not answered
        if not isinstance(answers, list) or len(answers) != 1:
            self.fail(at, "must be an array of exactly one answer")
            return None
        answer, at = answers[0], f"{at}[0]"
        if not isinstance(answer, dict):
            self.fail(at, f"must be an object, got {_kind(answer)}")
            return None
        values = [key for key in answer if key not in _ANSWER_KEYS]
        if len(values) != 1 or not str(values[0]).startswith("value"):
            self.fail(at, "must hold exactly one value[x]")
            return None
        return values[0], answer[values[0]], join_path(at, values[0])

    def coding(self, link_id: str, value: tuple[str, Any, str], path: str) -> None:
        key, coding, at = value
        if key != "valueCoding" or not isinstance(coding, dict):
            self.fail(at, "must be a valueCoding object")
            return
        for extra in sorted(set(coding) - _CODING_KEYS, key=str):
            self.fail(join_path(at, _key(extra)), "unknown key")
        if coding.get("system") != ANSWER_SYSTEM:
            self.fail(join_path(at, "system"), f"must be {ANSWER_SYSTEM!r}")
        code = coding.get("code")
        if code not in ANSWERS:
            self.fail(join_path(at, "code"), f"must be one of yes, no, unsure, got {_show(code)}")
        elif coding.get("system") == ANSWER_SYSTEM:
            self.codes[link_id] = code

    def number(self, link_id: str, value: tuple[str, Any, str], path: str) -> None:
        key, number, at = value
        low, high = NUMBERS[link_id][1:3]
        if key != "valueInteger" or type(number) is not int:
            self.fail(at, "must be a valueInteger")
        elif not low <= number <= high:
            self.fail(at, f"must be from {low} to {high}, got {number}")
        else:
            self.numbers[link_id] = number

    def boolean(self, value: tuple[str, Any, str], path: str) -> None:
        key, flag, at = value
        if key != "valueBoolean" or not isinstance(flag, bool):
            self.fail(at, "must be a valueBoolean")
        else:
            self.age_unsure = flag

    def fields(self) -> dict[str, Any]:
        """The triage request these answers make (missing numbers left out)."""
        said = self.codes.items()
        request: dict[str, Any] = {
            "symptoms": sorted(i for i, code in said if code == "yes" and i in self.cat.symptoms),
            "risk_factors": sorted(
                i for i, code in said if code == "yes" and i not in self.cat.symptoms
            ),
            "unsure": sorted(i for i, code in said if code == "unsure") + [AGE] * self.age_unsure,
        }
        return {**request, **self.numbers}


def report_from_fhir(response: object, *, catalog: Catalog | None = None) -> SymptomReport:
    """The :class:`~runpelvis.SymptomReport` a ``QuestionnaireResponse`` to the check-in gives.

    ``yes`` reports a symptom or risk factor, ``unsure`` puts its id in ``unsure``, ``no``
    or no answer leaves it out; a missing ``age`` is ``None``. Anything malformed, an
    unknown ``linkId``, a bad code or an out-of-range number raises
    :class:`~runpelvis.InvalidInput` with every problem's path; when the valid answers
    already call for care now, the error's ``triage`` says so.
    """
    cat = _catalog(catalog)
    reader = _Reader(cat)
    reader.response(response)
    request = reader.fields()
    for link_id, (_, _, _, required) in NUMBERS.items():
        if required and link_id not in request:
            reader.problems.append(("item", f"no answer to {link_id!r}"))
    if reader.problems:
        partial = {"pain": 0, "days_since_onset": 0, **request}
        raise InvalidInput(reader.problems, triage=red_flag(partial, catalog=catalog))
    try:
        return SymptomReport(
            symptoms=frozenset(request["symptoms"]),
            risk_factors=frozenset(request["risk_factors"]),
            unsure=frozenset(request["unsure"]),
            pain=request["pain"],
            days_since_onset=request["days_since_onset"],
            age=request.get(AGE),
        )
    except InvalidInput as error:
        raise error.under("item") from None


# --- RiskAssessment -------------------------------------------------------------------


def to_fhir_risk_assessment(
    result: TriageResult, subject: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A triage as a FHIR R4 ``RiskAssessment``: the disposition as a qualitative risk.

    ``subject`` is a FHIR ``Reference`` (``reference``, ``type``, ``display``), by default
    ``{"display": "runner"}``. Each reason is a ``reasonCode`` (rule id and message) and
    a ``note`` with its source; the catalog version is every coding's ``version``.
    """
    if not isinstance(result, TriageResult):
        raise InvalidInput.at("result", f"must be a TriageResult, got {_kind(result)}")
    version = result.catalog_version
    risk = _coding(DISPOSITION_SYSTEM, version, result.disposition.value, _label(result))
    return {
        "resourceType": "RiskAssessment",
        "status": "final",
        "subject": _subject(subject),
        "method": {
            "coding": [_coding(RULE_SYSTEM, version, "runpelvis-triage", "runpelvis triage")],
            "text": f"runpelvis triage, catalog {version}",
        },
        "reasonCode": [
            {"coding": [_coding(RULE_SYSTEM, version, r.rule_id, None)], "text": r.message}
            for r in result.reasons
        ],
        "prediction": [
            {
                "outcome": {"text": result.headline},
                "qualitativeRisk": {"coding": [risk], "text": _label(result)},
                "rationale": result.advice,
            }
        ],
        "mitigation": result.advice,
        "note": [
            {"text": f"{r.message} (rule {r.rule_id}; source: {r.source})"} for r in result.reasons
        ]
        + [{"text": f"runpelvis catalog {version}. A decision aid, not a diagnosis."}],
    }


def _label(result: TriageResult) -> str:
    return result.disposition.value.replace("_", " ")


def _coding(system: str, version: str, code: str, display: str | None) -> dict[str, str]:
    coding = {"system": system, "version": version, "code": code}
    if display is not None:
        coding["display"] = display
    return coding


def _subject(subject: Mapping[str, Any] | None) -> dict[str, str]:
    if subject is None:
        return dict(_DEFAULT_SUBJECT)
    if not isinstance(subject, Mapping) or not subject:
        raise InvalidInput.at("subject", "must be a FHIR Reference object")
    problems = [
        (join_path("subject", _key(key)), "must be reference, type or display, a non-empty string")
        for key, value in subject.items()
        if key not in _REFERENCE_KEYS or not isinstance(value, str) or not value.strip()
    ]
    if problems:
        raise InvalidInput(problems)
    return dict(subject)


# --- CarePlan -------------------------------------------------------------------------


def to_fhir_care_plan(program: Program, subject: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A program as a FHIR R4 ``CarePlan``: one scheduled activity per planned activity.

    Each activity's ``detail`` has its kind coded in :data:`ACTIVITY_SYSTEM`, its day as
    ``scheduledPeriod``, and a ``description`` (minutes, exercises, doses, notes).
    """
    from ._plan import Program

    if not isinstance(program, Program):
        raise InvalidInput.at("program", f"must be a Program, got {_kind(program)}")
    version = program.catalog_version
    return {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": f"{program.weeks}-week running and exercise plan",
        "description": f"Planned by runpelvis (catalog {version}) after a "
        f"{program.disposition.value.replace('_', ' ')} triage. A decision aid, not a diagnosis.",
        "subject": _subject(subject),
        "period": {"start": program.start.isoformat(), "end": program.days[-1].date.isoformat()},
        "activity": [
            {"detail": _detail(activity, day.date.isoformat(), version)}
            for day in program.days
            for activity in day.activities
        ],
        "note": [{"text": note} for note in program.notes],
    }


def _detail(activity: Activity, date: str, version: str) -> dict[str, Any]:
    name = activity.kind.replace("_", " ")
    return {
        "code": {"coding": [_coding(ACTIVITY_SYSTEM, version, activity.kind, name)], "text": name},
        "status": "scheduled",
        "scheduledPeriod": {"start": date, "end": date},
        "description": _description(activity, name),
    }


def _description(activity: Activity, name: str) -> str:
    parts = [f"{name.capitalize()}, {activity.minutes} minutes."]
    if activity.cross_training:
        parts.append(f"Activity: {activity.cross_training.replace('_', ' ')}.")
    if activity.session is not None:
        parts.extend(_dose(item) for item in activity.session.items)
    parts.extend(text for text in (activity.cue, activity.note) if text)
    return " ".join(parts)


def _dose(item: Any) -> str:
    amount = f"{item.reps} reps" if item.reps is not None else f"hold {item.hold_seconds} s"
    side = " per side" if item.per_side else ""
    return f"{item.name}: {item.sets} x {amount}{side}."


# --- helpers --------------------------------------------------------------------------


def _catalog(catalog: Catalog | None) -> Catalog:
    if catalog is None:
        return default_catalog()
    if not isinstance(catalog, Catalog):
        raise InvalidInput.at("catalog", f"must be a Catalog, got {_kind(catalog)}")
    return catalog


def _kind(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _key(key: object) -> str:
    text = str(key)
    return text if text.isidentifier() and len(text) <= 40 else f"[{text[:37]!r}]"


def _show(value: object) -> str:
    return repr(value[:40]) if isinstance(value, str) else _kind(value)
