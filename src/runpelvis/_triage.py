"""Triage: a symptom report in, a disposition and the reasons for it out.

The rules live in the catalog; this module is the engine that evaluates them.
For each catalog the engine is compiled once: an index from symptom to the
rules that mention it, the rules that need no symptom, and every rule's
:class:`Reason` prebuilt in reporting order. A call then does little more than
a few set look-ups. The result's disposition is the most urgent among the
rules that fire, ``self_care`` when none does.

Without a ``catalog=``, triage reads the bundled rules on their own
(:func:`~runpelvis._rules.bundled_rules`), not the whole bundled catalog: a
service that only triages never loads the exercises, tips and planner numbers.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._checks import (
    Checked,
    checked,
    freeze,
    instance,
    integer,
    set_of,
    string,
    tuple_of,
    unknown_ids,
)
from ._convert import read_request, unstructure
from ._disposition import Disposition
from ._documents import Once
from ._errors import InvalidInput
from ._rules import Rule, Rulebook, bundled_rules

if TYPE_CHECKING:
    from ._catalog import Catalog

__all__ = ["Reason", "SymptomReport", "TriageResult", "triage", "triage_json"]

#: The most symptoms one report may hold.
MAX_SYMPTOMS = 64
#: The longest a symptom id may be.
MAX_ID_LENGTH = 64
#: Days since onset are counted up to ten years.
MAX_DAYS = 3650
#: How many distinct reports each catalog's engine remembers the answer to.
_MAX_ANSWERS = 4096


@attrs.frozen(cache_hash=True)
class SymptomReport(Checked):
    """What a runner reports: symptom ids, pain from 0 to 10, and days since it began.

    ``symptoms`` accepts any set, list or tuple of ids and keeps a frozenset, so
    order and repeats do not matter.
    """

    symptoms: frozenset[str] = checked(
        set_of(string(MAX_ID_LENGTH), MAX_SYMPTOMS), converter=freeze
    )
    pain: int = checked(integer(0, 10))
    days_since_onset: int = checked(integer(0, MAX_DAYS))


@attrs.frozen
class Reason(Checked):
    """One rule that fired: its id, the disposition it asks for, what it means, and its source."""

    rule_id: str = checked(string(80))
    disposition: Disposition = checked(instance(Disposition))
    message: str = checked(string())
    source: str = checked(string(200))


def _most_urgent(reasons: Iterable[Reason]) -> Disposition:
    return max((reason.disposition for reason in reasons), default=Disposition.SELF_CARE)


@attrs.frozen
class TriageResult(Checked):
    """How urgent it is (``disposition``), what to do now, and every rule that fired.

    ``reasons`` run most urgent first, then by rule id. ``may_run`` is true only
    for ``self_care``. ``catalog_version`` names the content the answer came from;
    ``report`` is what was triaged (the planner reads its symptoms).
    """

    disposition: Disposition = checked(instance(Disposition))
    may_run: bool = attrs.field(init=False)
    reasons: tuple[Reason, ...] = checked(tuple_of(instance(Reason)))
    headline: str = checked(string(120))
    advice: str = checked(string())
    catalog_version: str = checked(string(200))
    report: SymptomReport = checked(instance(SymptomReport))

    @may_run.default
    def _may_run(self) -> bool:
        # runs before the checks: a bad disposition is reported by them, not here
        return isinstance(self.disposition, Disposition) and self.disposition.may_run

    def _problems(self) -> Iterable[tuple[str, str]]:
        expected = _most_urgent(self.reasons)
        if self.disposition is not expected:
            yield "disposition", f"must be {expected.value!r}, the most urgent of the reasons"

    def _repr_html_(self) -> str:
        from ._html import triage_html

        return triage_html(self)


@attrs.frozen
class _Engine:
    """A rulebook, compiled for fast evaluation."""

    known: frozenset[str]
    #: symptom id -> positions (in reporting order) of the rules that need it
    by_symptom: Mapping[str, tuple[int, ...]]
    #: positions of the rules that need no symptom at all
    unconditional: tuple[int, ...]
    rules: tuple[Rule, ...]
    reasons: tuple[Reason, ...]
    advice: Mapping[Disposition, tuple[str, str]]
    version: str
    #: Answers already given, by report: results are immutable, so they can be shared.
    answers: dict[SymptomReport, TriageResult] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def compile(cls, rulebook: Rulebook) -> "_Engine":
        rules = tuple(
            sorted(rulebook.rules, key=lambda rule: (-rule.disposition.rank, rule.rule_id))
        )
        by_symptom: dict[str, list[int]] = {}
        for position, rule in enumerate(rules):
            for symptom in rule.when.symptoms:
                by_symptom.setdefault(symptom, []).append(position)
        return cls(
            known=frozenset(rulebook.symptoms),
            by_symptom={symptom: tuple(found) for symptom, found in by_symptom.items()},
            unconditional=tuple(i for i, rule in enumerate(rules) if not rule.when.symptoms),
            rules=rules,
            reasons=tuple(
                Reason(rule.rule_id, rule.disposition, rule.message, rule.source) for rule in rules
            ),
            advice={
                disposition: (advice.headline, advice.advice)
                for disposition, advice in rulebook.dispositions.items()
            },
            version=rulebook.version,
        )

    def unknown(self, path: str, symptoms: Iterable[object]) -> list[tuple[str, str]]:
        """``(path, message)`` for each symptom id this catalog does not know."""
        return unknown_ids(path, symptoms, self.known, "symptom")

    def evaluate(self, report: SymptomReport) -> TriageResult:
        """The triage of a report whose symptoms this catalog knows."""
        try:
            return self.answers[report]
        except KeyError:
            result = self._evaluate(report)
            if len(self.answers) >= _MAX_ANSWERS:
                self.answers.clear()
            return self.answers.setdefault(report, result)

    def _evaluate(self, report: SymptomReport) -> TriageResult:
        symptoms, pain, days = report.symptoms, report.pain, report.days_since_onset
        candidates = set(self.unconditional)
        for symptom in symptoms:
            candidates.update(self.by_symptom.get(symptom, ()))
        reasons = tuple(
            self.reasons[position]
            for position in sorted(candidates)
            if self.rules[position].when.holds(symptoms, pain, days)
        )
        disposition = reasons[0].disposition if reasons else Disposition.SELF_CARE
        headline, advice = self.advice[disposition]
        result: TriageResult = TriageResult._trusted(
            disposition, reasons, headline, advice, self.version, report
        )
        return result


#: The engine for the bundled rules, compiled on first use.
_BUNDLED_ENGINE = Once(lambda: _Engine.compile(bundled_rules()))


def _engine(catalog: "Catalog | None") -> _Engine:
    if catalog is None:
        return _BUNDLED_ENGINE.get()
    from ._catalog import resolve  # only a caller with a catalog of their own pays for it

    engine: _Engine = resolve(catalog).memo("triage", _compile_catalog)
    return engine


def _compile_catalog(catalog: "Catalog") -> _Engine:
    return _Engine.compile(
        Rulebook(catalog.version, catalog.symptoms, catalog.rules, catalog.dispositions)
    )


def triage(report: SymptomReport, *, catalog: "Catalog | None" = None) -> TriageResult:
    """How urgent the runner's report is, and why. Pure: same report, same answer.

    Raises :class:`~runpelvis.InvalidInput` for a symptom the catalog does not know.
    """
    if not isinstance(report, SymptomReport):
        raise InvalidInput.at("report", f"must be a SymptomReport, got {type(report).__name__}")
    engine = _engine(catalog)
    if not report.symptoms <= engine.known:
        raise InvalidInput(engine.unknown("symptoms", report.symptoms))
    return engine.evaluate(report)


def _read_report(engine: _Engine, request: object) -> SymptomReport:
    return read_request(request, SymptomReport, [(("symptoms",), engine.known, "symptom")])


def _valid_part(engine: _Engine, request: object) -> SymptomReport | None:
    """The part of a JSON report that is valid on its own, or ``None`` if there is none.

    Unknown or malformed symptoms are left out, and a bad or missing number counts
    as 0: triage is monotone, so the valid part's disposition is a floor for the
    report the runner meant. Only what can reach ``urgent`` or ``emergency`` matters.
    """
    if not isinstance(request, dict):
        return None
    given = request.get("symptoms")
    symptoms = (
        [item for item in given if type(item) is str and item in engine.known]
        if isinstance(given, list)
        else []
    )

    def number(key: str, high: int) -> int:
        value = request.get(key)
        return value if type(value) is int and 0 <= value <= high else 0

    return SymptomReport(
        symptoms=frozenset(symptoms),
        pain=number("pain", 10),
        days_since_onset=number("days_since_onset", MAX_DAYS),
    )


def red_flag(request: object, *, catalog: "Catalog | None" = None) -> TriageResult | None:
    """The triage of a JSON report, whole or its valid part, if it calls for care now.

    ``None`` when the report (or what is valid of it) is below ``urgent``. Used to keep
    a red flag visible when the rest of a request is bad (SPEC section 7).
    """
    engine = _engine(catalog)
    report: SymptomReport | None
    try:
        report = _read_report(engine, request)
    except InvalidInput:
        report = _valid_part(engine, request)
    if report is None:
        return None
    result = engine.evaluate(report)
    return result if result.disposition.needs_care_now else None


def triage_json(request: object, *, catalog: "Catalog | None" = None) -> dict[str, Any]:
    """:func:`triage` for services: a decoded JSON request in, a JSON-ready response out.

    The request is ``{"symptoms": [...], "pain": 0-10, "days_since_onset": >= 0}``;
    unknown keys, unknown ids and wrong types raise :class:`~runpelvis.InvalidInput`.
    When the valid part of a bad request already calls for care now (``urgent`` or
    ``emergency``), the error's ``triage`` is that result: a red flag is never hidden.
    """
    engine = _engine(catalog)
    try:
        report = _read_report(engine, request)
    except InvalidInput as error:
        raise error.with_triage(red_flag(request, catalog=catalog)) from None
    response: dict[str, Any] = unstructure(engine.evaluate(report))
    return response
