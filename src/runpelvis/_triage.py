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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ._checks import (
    Checked,
    checked,
    checks,
    freeze,
    instance,
    integer,
    optional,
    set_of,
    string,
    tuple_of,
    unknown_ids,
)
from ._convert import read_request
from ._disposition import Disposition
from ._errors import InvalidInput
from ._once import Once
from ._rules import MAX_AGE, MIN_AGE, Rule, Rulebook, Test, UnsureRule, bundled_rules, compile_all

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


#: The id that stands for the age in ``SymptomReport.unsure``.
AGE = "age"


@attrs.frozen(cache_hash=True)
class SymptomReport(Checked):
    """What a runner reports: symptoms, pain from 0 to 10, days since it began, and more.

    ``age`` is in whole years (10-110) or ``None`` when not given (no age rule fires);
    ``risk_factors`` are what the runner is or has had (``pregnant``, ``osteoporosis``);
    ``unsure`` holds the symptom and risk-factor ids the runner could not answer, and
    ``age`` for an age they would not or could not give. An id may not be both
    reported and unsure. Id fields accept any set, list or tuple and keep a frozenset,
    so order and repeats do not matter.
    """

    symptoms: frozenset[str] = attrs.field(
        metadata=checks(set_of(string(MAX_ID_LENGTH), MAX_SYMPTOMS)), converter=freeze
    )
    pain: int = attrs.field(metadata=checks(integer(0, 10)))
    days_since_onset: int = attrs.field(metadata=checks(integer(0, MAX_DAYS)))
    age: int | None = attrs.field(
        metadata=checks(optional(integer(MIN_AGE, MAX_AGE))), default=None
    )
    risk_factors: frozenset[str] = attrs.field(
        metadata=checks(set_of(string(MAX_ID_LENGTH), MAX_SYMPTOMS)),
        converter=freeze,
        factory=frozenset,
    )
    unsure: frozenset[str] = attrs.field(
        metadata=checks(set_of(string(MAX_ID_LENGTH), MAX_SYMPTOMS)),
        converter=freeze,
        factory=frozenset,
    )

    def _problems(self) -> Iterable[tuple[str, str]]:
        for both in sorted(self.unsure & (self.symptoms | self.risk_factors)):
            yield "unsure", f"{both!r} is reported and unsure at once: it can only be one"
        if AGE in self.unsure and self.age is not None:
            yield "unsure", "'age' is given and unsure at once: it can only be one"


@attrs.frozen
class Reason(Checked):
    """One rule that fired: its id, the disposition it asks for, what it means, and its source."""

    rule_id: str = checked(string(80))
    disposition: Disposition = checked(instance(Disposition))
    message: str = checked(string())
    source: str = checked(string(300))


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
        return self.disposition is Disposition.SELF_CARE  # Disposition.may_run, inlined

    def _problems(self) -> Iterable[tuple[str, str]]:
        expected = _most_urgent(self.reasons)
        if self.disposition is not expected:
            yield "disposition", f"must be {expected.value!r}, the most urgent of the reasons"

    def _repr_html_(self) -> str:
        from ._html import triage_html

        return triage_html(self)


def _triggers(rule: Rule) -> frozenset[str]:
    """Ids one of which a report must hold for ``rule`` to fire (empty: none needed).

    Risk-factor ids are prefixed so that they never meet a symptom id of the same name.
    """
    when = rule.when
    if when.symptoms or when.any_symptoms:
        return when.symptoms or when.any_symptoms
    return frozenset(_RISK + item for item in when.risk_factors or when.any_risk_factors)


#: The prefix that keeps risk-factor ids apart from symptom ids in the engine's index.
_RISK = "risk:"


class _Index(NamedTuple):
    """Which rules a report's ids may fire, for a chosen subset of the rulebook."""

    #: symptom id (or prefixed risk id) -> positions, in reporting order, of the rules it may fire
    by_trigger: Mapping[str, tuple[int, ...]]
    #: positions of the rules that need no symptom or risk factor at all
    unconditional: tuple[int, ...]
    #: symptom id -> the positions a report with that symptom alone may fire (the common case)
    alone: Mapping[str, tuple[int, ...]]

    @classmethod
    def build(cls, rules: Sequence[Rule], keep: Callable[[Rule], bool]) -> "_Index":
        by_trigger: dict[str, list[int]] = {}
        for position, rule in enumerate(rules):
            if keep(rule):
                for trigger in _triggers(rule):
                    by_trigger.setdefault(trigger, []).append(position)
        unconditional = tuple(
            i for i, rule in enumerate(rules) if keep(rule) and not _triggers(rule)
        )
        return cls(
            {trigger: tuple(found) for trigger, found in by_trigger.items()},
            unconditional,
            {
                trigger: tuple(sorted({*unconditional, *found}))
                for trigger, found in by_trigger.items()
                if not trigger.startswith(_RISK)
            },
        )

    def candidates(self, symptoms: frozenset[str], risks: frozenset[str]) -> Sequence[int]:
        """Positions, in reporting order, of the rules that the report's ids may fire."""
        if not risks and len(symptoms) <= 1:
            for only in symptoms:
                return self.alone.get(only, self.unconditional)
            return self.unconditional
        candidates = set(self.unconditional)
        for symptom in symptoms:
            candidates.update(self.by_trigger.get(symptom, ()))
        for risk in risks:
            candidates.update(self.by_trigger.get(_RISK + risk, ()))
        return sorted(candidates)


@attrs.frozen
class _Engine:
    """A rulebook, compiled for fast evaluation."""

    known: frozenset[str]
    known_risks: frozenset[str]
    names: Mapping[str, str]
    #: Which rules a report may fire.
    index: _Index
    #: Which rules of at least the unsure rule's bar a report may fire (:meth:`_reaches`).
    high: _Index
    rules: tuple[Rule, ...]
    #: Each rule's condition, compiled (:meth:`Condition.compile`), by position
    tests: tuple[Test, ...]
    reasons: tuple[Reason, ...]
    advice: Mapping[Disposition, tuple[str, str]]
    version: str
    unsure: UnsureRule
    #: The ages an unknown age is tried at: the ends and both sides of every age bound.
    ages: tuple[int, ...]
    #: Positions of the rules that depend on the age (the only ones an unsure age can add).
    age_rules: tuple[int, ...]
    #: Those of the age rules that reach the unsure rule's bar.
    high_age_rules: tuple[int, ...]
    #: What ``unsure`` may hold: every symptom and risk-factor id, and ``age``.
    answerable: frozenset[str]
    #: The ids of each id array that the JSON fast path takes as they are (:func:`_plain_ids`).
    plain: tuple[frozenset[str], frozenset[str], frozenset[str]]
    #: Each rule's reason as JSON (copied into a response), by ``id`` of the prebuilt reason.
    reasons_json: Mapping[int, dict[str, str]]
    #: Answers already given, by report: results are immutable, so they can be shared.
    answers: dict[SymptomReport, TriageResult] = attrs.field(factory=dict, eq=False, repr=False)
    #: The JSON of those answers, by report; only ever handed out as copies.
    responses: dict[SymptomReport, dict[str, Any]] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def compile(cls, rulebook: Rulebook) -> "_Engine":
        rules = tuple(
            sorted(rulebook.rules, key=lambda rule: (-rule.disposition.rank, rule.rule_id))
        )
        bar = rulebook.unsure.when_at_least
        age_rules = tuple(
            i
            for i, rule in enumerate(rules)
            if rule.when.age_at_least is not None or rule.when.age_below is not None
        )
        bounds = {MIN_AGE, MAX_AGE}
        for rule in rules:
            for bound in (rule.when.age_at_least, rule.when.age_below):
                if bound is not None:
                    bounds.update((bound - 1, bound))
        reasons = tuple(
            Reason(rule.rule_id, rule.disposition, rule.message, rule.source) for rule in rules
        )
        answerable = frozenset({*rulebook.symptoms, *rulebook.risk_factors, AGE})
        return cls(
            known=frozenset(rulebook.symptoms),
            known_risks=frozenset(rulebook.risk_factors),
            names={**rulebook.symptoms, **rulebook.risk_factors},
            index=_Index.build(rules, lambda rule: True),
            high=_Index.build(rules, lambda rule: rule.disposition >= bar),
            rules=rules,
            tests=compile_all(rule.when for rule in rules),
            reasons=reasons,
            advice={
                disposition: (advice.headline, advice.advice)
                for disposition, advice in rulebook.dispositions.items()
            },
            version=rulebook.version,
            unsure=rulebook.unsure,
            ages=tuple(sorted(age for age in bounds if MIN_AGE <= age <= MAX_AGE)),
            age_rules=age_rules,
            high_age_rules=tuple(i for i in age_rules if rules[i].disposition >= bar),
            answerable=answerable,
            plain=(
                _plain_ids(rulebook.symptoms),
                _plain_ids(rulebook.risk_factors),
                _plain_ids(answerable),
            ),
            reasons_json={id(reason): _reason_json(reason) for reason in reasons},
        )

    @property
    def vocabulary(self) -> list[tuple[tuple[str, ...], frozenset[str], str]]:
        """The id arrays of a JSON report, with the ids each may hold (for ``read_request``)."""
        return [
            (("symptoms",), self.known, "symptom"),
            (("risk_factors",), self.known_risks, "risk factor"),
            (("unsure",), self.answerable, "symptom or risk factor"),
        ]

    def unknown(self, report: SymptomReport) -> list[tuple[str, str]]:
        """``(path, message)`` for each id of ``report`` this catalog does not know."""
        return [
            *unknown_ids("symptoms", report.symptoms, self.known, "symptom"),
            *unknown_ids("risk_factors", report.risk_factors, self.known_risks, "risk factor"),
            *unknown_ids("unsure", report.unsure, self.answerable, "symptom or risk factor"),
        ]

    def evaluate(self, report: SymptomReport) -> TriageResult:
        """The triage of a report whose ids this catalog knows."""
        result = self.answers.get(report)  # not try/except: a miss is the common case
        if result is None:
            result = self._evaluate(report)
            if len(self.answers) >= _MAX_ANSWERS:
                self.answers.clear()
            result = self.answers.setdefault(report, result)
        return result

    def respond(self, report: SymptomReport) -> dict[str, Any]:
        """The triage of a report whose ids this catalog knows, as a fresh JSON response."""
        response = self.responses.get(report)
        if response is None:
            response = self._response(self.evaluate(report))
            if len(self.responses) >= _MAX_ANSWERS:
                self.responses.clear()
            self.responses[report] = response
        return _copy_response(response)

    def _response(self, result: TriageResult) -> dict[str, Any]:
        """``unstructure(result)``, from each rule's prebuilt reason JSON."""
        known = self.reasons_json
        report = result.report
        return {
            "disposition": result.disposition.value,
            "may_run": result.may_run,
            "reasons": [known.get(id(reason)) or _reason_json(reason) for reason in result.reasons],
            "headline": result.headline,
            "advice": result.advice,
            "catalog_version": result.catalog_version,
            "report": {
                "symptoms": sorted(report.symptoms),
                "pain": report.pain,
                "days_since_onset": report.days_since_onset,
                "age": report.age,
                "risk_factors": sorted(report.risk_factors),
                "unsure": sorted(report.unsure),
            },
        }

    def _candidates(self, symptoms: frozenset[str], risks: frozenset[str]) -> Sequence[int]:
        """Positions, in reporting order, of the rules that the report's ids may fire."""
        return self.index.candidates(symptoms, risks)

    def _fired(self, report: SymptomReport) -> tuple[Reason, ...]:
        """The reasons of the rules that fire, in reporting order."""
        symptoms, risks = report.symptoms, report.risk_factors
        pain, days, age = report.pain, report.days_since_onset, report.age
        tests, reasons = self.tests, self.reasons
        return tuple(
            [
                reasons[position]
                for position in self.index.candidates(symptoms, risks)
                if tests[position](symptoms, pain, days, risks, age)
            ]
        )

    def _reaches(
        self, symptoms: frozenset[str], risks: frozenset[str], report: SymptomReport
    ) -> bool:
        """Whether some rule of at least the unsure rule's bar fires."""
        pain, days, age, tests = report.pain, report.days_since_onset, report.age, self.tests
        return any(
            tests[position](symptoms, pain, days, risks, age)
            for position in self.high.candidates(symptoms, risks)
        )

    def _some_age_reaches(self, report: SymptomReport) -> bool:
        """Whether, at some age, a rule of at least the bar fires: only age rules can add."""
        symptoms, risks = report.symptoms, report.risk_factors
        if self._reaches(symptoms, risks, report):
            return True
        pain, days, tests = report.pain, report.days_since_onset, self.tests
        return any(
            tests[position](symptoms, pain, days, risks, age)
            for position in self.high_age_rules
            for age in self.ages
        )

    def _could_reach(self, report: SymptomReport, item: str) -> bool:
        """Whether the report, with ``item`` answered yes (or some age), reaches the unsure bar."""
        if item == AGE:
            return self._some_age_reaches(report)
        if item in self.known:
            return self._reaches(report.symptoms | {item}, report.risk_factors, report)
        return self._reaches(report.symptoms, report.risk_factors | {item}, report)

    def _unsure_reasons(self, report: SymptomReport) -> Iterator[Reason]:
        rule = self.unsure
        for item in sorted(report.unsure):
            if self._could_reach(report, item):
                name = rule.age_item if item == AGE else self.names[item].lower()
                message = rule.message.replace("{item}", name)
                yield Reason._trusted(f"unsure.{item}", rule.disposition, message, rule.source)

    def _evaluate(self, report: SymptomReport) -> TriageResult:
        reasons = self._fired(report)
        if report.unsure:
            reasons = tuple(sorted((*reasons, *self._unsure_reasons(report)), key=_reporting_order))
        disposition = reasons[0].disposition if reasons else Disposition.SELF_CARE
        headline, advice = self.advice[disposition]
        result: TriageResult = TriageResult._trusted(
            disposition, reasons, headline, advice, self.version, report
        )
        return result


def _reason_json(reason: Reason) -> dict[str, str]:
    """``unstructure(reason)``."""
    return {
        "rule_id": reason.rule_id,
        "disposition": reason.disposition.value,
        "message": reason.message,
        "source": reason.source,
    }


def _copy_response(response: dict[str, Any]) -> dict[str, Any]:
    """A copy of a triage response that shares nothing mutable with it."""
    report = response["report"]
    return {
        **response,
        "reasons": [dict(reason) for reason in response["reasons"]],
        "report": {
            **report,
            "symptoms": list(report["symptoms"]),
            "risk_factors": list(report["risk_factors"]),
            "unsure": list(report["unsure"]),
        },
    }


#: An id the JSON fast path takes as it is: a known id that passes the report's own check.
_ID = string(MAX_ID_LENGTH)


def _plain_ids(ids: Iterable[str]) -> frozenset[str]:
    return frozenset(item for item in ids if _ID(item) is None)


def _reporting_order(reason: Reason) -> tuple[int, str]:
    """Most urgent first, then by rule id."""
    return -reason.disposition.rank, reason.rule_id


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
        Rulebook(
            catalog.version,
            {item.id: item.name for item in catalog.symptoms.values()},
            {item.id: item.name for item in catalog.risk_factors.values()},
            catalog.rules,
            catalog.dispositions,
            catalog.unsure,
        )
    )


def triage(report: SymptomReport, *, catalog: "Catalog | None" = None) -> TriageResult:
    """How urgent the runner's report is, and why. Pure: same report, same answer.

    Raises :class:`~runpelvis.InvalidInput` for a symptom the catalog does not know.
    """
    if not isinstance(report, SymptomReport):
        raise InvalidInput.at("report", f"must be a SymptomReport, got {type(report).__name__}")
    engine = _engine(catalog)
    if not (
        report.symptoms <= engine.known
        and report.risk_factors <= engine.known_risks
        and report.unsure <= engine.answerable
    ):
        raise InvalidInput(engine.unknown(report))
    return engine.evaluate(report)


def _read_report(engine: _Engine, request: object) -> SymptomReport:
    return read_request(request, SymptomReport, engine.vocabulary)


def _valid_part(engine: _Engine, request: object) -> SymptomReport | None:
    """The part of a JSON report that is valid on its own, or ``None`` if there is none.

    Unknown or malformed symptoms are left out, and a bad or missing number counts
    as 0: triage is monotone, so the valid part's disposition is a floor for the
    report the runner meant. Only what can reach ``urgent`` or ``emergency`` matters.
    """
    if not isinstance(request, dict):
        return None

    def known(key: str, ids: frozenset[str]) -> frozenset[str]:
        given = request.get(key)
        if not isinstance(given, list):
            return frozenset()
        return frozenset(item for item in given if type(item) is str and item in ids)

    def number(key: str, low: int, high: int) -> int | None:
        value = request.get(key)
        return value if type(value) is int and low <= value <= high else None

    # a bad age is no age: an age rule only ever adds to what the rest already gives
    return SymptomReport(
        symptoms=known("symptoms", engine.known),
        pain=number("pain", 0, 10) or 0,
        days_since_onset=number("days_since_onset", 0, MAX_DAYS) or 0,
        age=number("age", MIN_AGE, MAX_AGE),
        risk_factors=known("risk_factors", engine.known_risks),
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
    report = _plain_report(engine, request)
    if report is None:  # anything unusual: the strict reading, with every problem's path
        try:
            report = _read_report(engine, request)
        except InvalidInput as error:
            raise error.with_triage(red_flag(request, catalog=catalog)) from None
    return engine.respond(report)


#: The keys of a JSON report, and those it must have.
_REPORT_KEYS = frozenset(attrs.fields_dict(SymptomReport))
_REQUIRED_KEYS = frozenset(("symptoms", "pain", "days_since_onset"))
_NO_IDS: list[str] = []


def _plain_report(engine: _Engine, request: object) -> SymptomReport | None:
    """The report of a plainly well-formed JSON request, or ``None`` to read it strictly.

    Plain: a dict with the report's keys, whole numbers in range, and arrays of at most
    :data:`MAX_SYMPTOMS` strings that this catalog knows, none both reported and unsure.
    Such a request passes every check, so its report is built without running them
    again; anything else (an error included) takes the strict path, which says what
    is wrong. The report is the one the strict path would build.
    """
    if type(request) is not dict or not _REQUIRED_KEYS <= request.keys() <= _REPORT_KEYS:
        return None
    pain, days, age = request["pain"], request["days_since_onset"], request.get("age")
    if not (
        type(pain) is int
        and 0 <= pain <= 10
        and type(days) is int
        and 0 <= days <= MAX_DAYS
        and (age is None or (type(age) is int and MIN_AGE <= age <= MAX_AGE))
    ):
        return None
    known_symptoms, known_risks, known_answers = engine.plain
    symptoms = _plain_set(request["symptoms"], known_symptoms)
    risks = _plain_set(request.get("risk_factors", _NO_IDS), known_risks)
    unsure = _plain_set(request.get("unsure", _NO_IDS), known_answers)
    if symptoms is None or risks is None or unsure is None:
        return None
    if unsure and not (
        unsure.isdisjoint(symptoms)
        and unsure.isdisjoint(risks)
        and (age is None or AGE not in unsure)
    ):
        return None
    report: SymptomReport = SymptomReport._trusted(symptoms, pain, days, age, risks, unsure)
    return report


def _plain_set(value: object, known: frozenset[str]) -> frozenset[str] | None:
    """The ids of a JSON array of at most ``MAX_SYMPTOMS`` strings all ``known``, or ``None``."""
    if type(value) is not list or len(value) > MAX_SYMPTOMS:
        return None
    if not all(type(item) is str for item in value):
        return None
    ids = frozenset(value)
    return ids if ids <= known else None
