"""What triage reads: the symptoms a runner reports, the rules that weigh them, and the advice
for each disposition; and the bundled ones, read on their own.

Every item is a frozen, slotted attrs class with a stable id (a snake_case ``id``, a
dotted ``rule_id``, or its disposition) and a ``source``. They are part of every
catalog; :func:`bundled_rules` also reads them without the rest of it (exercises,
tips, planner numbers), so that a service that only triages starts fast.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Literal, NamedTuple

import attrs

from ._checks import (
    Checked,
    checked,
    freeze,
    ident,
    idents,
    instance,
    integer,
    one_of,
    optional,
    string,
    tuple_of,
)
from ._disposition import Disposition
from ._documents import MAX_VERSION, document_problems, read_bundled
from ._errors import InvalidInput

__all__ = [
    "MAX_AGE",
    "MIN_AGE",
    "RULE_FILES",
    "Condition",
    "DispositionAdvice",
    "QuestionGroup",
    "QuestionKind",
    "RiskFactor",
    "Rule",
    "Rulebook",
    "Symptom",
    "Test",
    "UnsureRule",
    "bundled_rules",
    "compile_all",
]

#: The bundled data files that hold the version, the disposition advice, the
#: symptoms and the rules, in the order they are read: the first of the catalog's files.
RULE_FILES = ("catalog.json", "symptoms.json", "rules.json")

_rule_id = string(80)


@attrs.frozen
class Symptom(Checked):
    """Something a runner can report, such as ``fever`` or ``saddle_numbness``.

    ``question`` asks the runner about it in plain words (the interview's item text).
    """

    id: str = checked(ident)
    name: str = checked(string(80))
    description: str = checked(string())
    source: str = checked(string(300))
    question: str | None = checked(optional(string(200)), default=None)


@attrs.frozen
class RiskFactor(Checked):
    """What a runner *is* or *has had* (``pregnant``, ``osteoporosis``), not what they feel.

    No risk factor forces anything alone unless a rule says so; rules combine them
    with symptoms (SPEC section 1, second edition).
    """

    id: str = checked(ident)
    name: str = checked(string(80))
    description: str = checked(string())
    source: str = checked(string(300))
    question: str | None = checked(optional(string(200)), default=None)


#: What a question asks about: symptoms, risk factors, or the runner's age.
QuestionKind = Literal["symptoms", "risk_factors", "age"]
#: The kinds of question, in the order the SPEC names them.
QUESTION_KINDS: tuple[QuestionKind, ...] = ("symptoms", "risk_factors", "age")


def _listed(value: object) -> object:
    """attrs converter: a list becomes a tuple; the check judges the rest."""
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen
class QuestionGroup(Checked):
    """One question of the interview: a few symptoms, or risk factors, asked together.

    ``kind`` says which: ``symptoms`` and ``risk_factors`` groups list the ids they ask
    about in ``items`` (each asked with its own ``question``); the one ``age`` group
    has no items and is answered with a number. ``text`` is what is asked, ``why`` why
    it matters; groups that could raise the disposition equally are asked by ``order``.
    """

    id: str = checked(ident)
    kind: QuestionKind = checked(one_of(QUESTION_KINDS))
    text: str = checked(string(200))
    why: str = checked(string(400))
    items: tuple[str, ...] = checked(tuple_of(ident, 64), converter=_listed, default=())
    order: int = checked(integer(0, 1_000_000), default=0)

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.kind == "age" and self.items:
            yield "items", "the age question has no items: it is answered with a number"
        if self.kind != "age" and not self.items:
            yield "items", f"a {self.kind} question needs at least one item"
        for index, item in enumerate(self.items):
            if item in self.items[:index]:
                yield f"items[{index}]", f"{item!r} is listed twice"


#: A compiled condition: ``test(symptoms, pain, days, risk_factors, age)``.
Test = Callable[[frozenset[str], int, int, frozenset[str], "int | None"], bool]

#: The oldest and youngest runner a report may describe, in whole years.
MIN_AGE, MAX_AGE = 10, 110


@attrs.frozen
class Condition(Checked):
    """When a triage rule fires: every part that is set must hold.

    ``symptoms`` and ``risk_factors`` must all be reported; ``any_symptoms`` and
    ``any_risk_factors`` need at least one of theirs; ``pain`` must reach
    ``pain_at_least`` and ``days_since_onset`` ``days_at_least``; with
    ``any_complaint`` the runner must report some pain or at least one symptom; with
    ``any_symptom_except`` at least one symptom outside that list. All of these only
    ask for *more*, so a rule that fires keeps firing as a report gets worse (triage
    is monotone). ``age_at_least`` and ``age_below`` hold only when an age is given.
    """

    symptoms: frozenset[str] = checked(idents(), converter=freeze, factory=frozenset)
    any_symptoms: frozenset[str] = checked(idents(), converter=freeze, factory=frozenset)
    risk_factors: frozenset[str] = checked(idents(), converter=freeze, factory=frozenset)
    any_risk_factors: frozenset[str] = checked(idents(), converter=freeze, factory=frozenset)
    pain_at_least: int | None = checked(optional(integer(0, 10)), default=None)
    days_at_least: int | None = checked(optional(integer(0, 36_500)), default=None)
    age_at_least: int | None = checked(optional(integer(MIN_AGE, MAX_AGE)), default=None)
    age_below: int | None = checked(optional(integer(MIN_AGE + 1, MAX_AGE)), default=None)
    any_complaint: bool = checked(instance(bool), default=False)
    any_symptom_except: frozenset[str] | None = checked(
        optional(idents()), converter=freeze, default=None
    )

    def _problems(self) -> Iterable[tuple[str, str]]:
        asks = (
            self.symptoms,
            self.any_symptoms,
            self.risk_factors,
            self.any_risk_factors,
            self.pain_at_least is not None,
            self.days_at_least is not None,
            self.any_symptom_except is not None,
        )
        if not any(asks):
            yield (
                "symptoms",
                "a rule needs a symptom, a risk factor, pain_at_least, days_at_least or "
                "any_symptom_except (age and any_complaint only narrow a rule)",
            )

    @property
    def ids(self) -> frozenset[str]:
        """Every symptom and risk-factor id the condition names."""
        return (
            self.symptoms
            | self.any_symptoms
            | self.risk_factors
            | self.any_risk_factors
            | (self.any_symptom_except or frozenset())
        )

    def compile(self) -> "Test":
        """This condition as one fast function ``(symptoms, pain, days, risks, age) -> bool``.

        The same test as :meth:`holds`, generated as a single expression with only the
        parts that are set (as attrs generates its methods): the triage engine calls it
        for every candidate rule of every report. The source holds only ids checked as
        snake_case, whole numbers and the names of frozen sets passed in.
        """
        return compile_all([self])[0]

    def _expression(self, names: dict[str, object]) -> str:
        """The test as one Python expression over ``s, p, d, r, a``; sets go in ``names``."""
        parts = [f"{item!r} in s" for item in sorted(self.symptoms)]
        parts += [f"{item!r} in r" for item in sorted(self.risk_factors)]
        for template, ids in (
            ("not s.isdisjoint({})", self.any_symptoms),
            ("not r.isdisjoint({})", self.any_risk_factors),
            ("bool(s - {})", self.any_symptom_except),
        ):
            if ids or (ids is not None and template.startswith("bool")):
                names[name := f"c{len(names)}"] = ids
                parts.append(template.format(name))
        parts += [
            template.format(bound)
            for template, bound in (
                ("p >= {:d}", self.pain_at_least),
                ("d >= {:d}", self.days_at_least),
                ("a is not None and a >= {:d}", self.age_at_least),
                ("a is not None and a < {:d}", self.age_below),
            )
            if bound is not None
        ]
        if self.any_complaint:
            parts.append("(p > 0 or bool(s))")
        return " and ".join(parts) or "True"

    def holds(
        self,
        symptoms: frozenset[str],
        pain: int,
        days: int,
        risk_factors: frozenset[str] = frozenset(),
        age: int | None = None,
    ) -> bool:
        return (
            self.symptoms <= symptoms
            and self.risk_factors <= risk_factors
            and (not self.any_symptoms or not self.any_symptoms.isdisjoint(symptoms))
            and (not self.any_risk_factors or not self.any_risk_factors.isdisjoint(risk_factors))
            and (self.pain_at_least is None or pain >= self.pain_at_least)
            and (self.days_at_least is None or days >= self.days_at_least)
            and (not self.any_complaint or pain > 0 or bool(symptoms))
            and (self.any_symptom_except is None or bool(symptoms - self.any_symptom_except))
            and self._age_holds(age)
        )

    def _age_holds(self, age: int | None) -> bool:
        if self.age_at_least is None and self.age_below is None:
            return True
        return (
            age is not None
            and (self.age_at_least is None or age >= self.age_at_least)
            and (self.age_below is None or age < self.age_below)
        )


@attrs.frozen
class Rule(Checked):
    """A triage rule: when it fires, the disposition is at least ``disposition``."""

    rule_id: str = checked(_rule_id)
    disposition: Disposition = checked(instance(Disposition))
    when: Condition = checked(instance(Condition))
    message: str = checked(string())
    source: str = checked(string(300))


@attrs.frozen
class UnsureRule(Checked):
    """The one rule for answers a runner could not give (SPEC section 1, "Unsure answers").

    For each id the runner was unsure of (``age`` for an age they would not give):
    if the report with that answer as a yes (or some age) would reach ``when_at_least``,
    the disposition is at least ``disposition``, with reason ``unsure.<id>``. The
    ``message`` names the item where it says ``{item}``.
    """

    when_at_least: Disposition = checked(instance(Disposition))
    disposition: Disposition = checked(instance(Disposition))
    message: str = checked(string(400))
    source: str = checked(string(300))
    age_item: str = checked(string(80))

    def _problems(self) -> Iterable[tuple[str, str]]:
        if "{item}" not in self.message:
            yield "message", "must name the item with {item}"


@attrs.frozen
class DispositionAdvice(Checked):
    """What to do now for one disposition: a headline and a few sentences."""

    disposition: Disposition = checked(instance(Disposition))
    headline: str = checked(string(120))
    advice: str = checked(string())
    source: str = checked(string(300))


@attrs.frozen
class _RulesDocument(Checked):
    """One of :data:`RULE_FILES`: the sections of a catalog document that triage reads."""

    version: str | None = checked(optional(string(MAX_VERSION)), default=None)
    unsure: UnsureRule | None = checked(optional(instance(UnsureRule)), default=None)
    symptoms: tuple[Symptom, ...] = ()
    risk_factors: tuple[RiskFactor, ...] = ()
    rules: tuple[Rule, ...] = ()
    dispositions: tuple[DispositionAdvice, ...] = ()
    question_groups: tuple[QuestionGroup, ...] = ()


def compile_all(conditions: Iterable[Condition]) -> tuple[Test, ...]:
    """Every condition as its test (:meth:`Condition.compile`), generated in one go.

    One ``eval`` of a tuple of lambdas costs about what one lambda does: a cold start
    that triages once compiles the bundled rules in a fraction of a millisecond.
    """
    names: dict[str, object] = {}
    lambdas = [f"lambda s, p, d, r, a: {when._expression(names)}" for when in conditions]
    source = "(" + "".join(f"{line},\n" for line in lambdas) + ")"
    tests: tuple[Test, ...] = eval(source, {"__builtins__": {"bool": bool}, **names})
    return tests


class Rulebook(NamedTuple):
    """What triage reads from a catalog: its version, items, rules and advice.

    ``symptoms`` and ``risk_factors`` map each id to its name (for the unsure rule's
    message).
    """

    version: str
    symptoms: Mapping[str, str]
    risk_factors: Mapping[str, str]
    rules: Iterable[Rule]
    dispositions: Mapping[Disposition, DispositionAdvice]
    unsure: UnsureRule


def bundled_rules() -> Rulebook:
    """The bundled catalog's rules, read and checked on their own (see the module's doc)."""
    version, documents = read_bundled(RULE_FILES, _RulesDocument)
    problems = list(document_problems(documents))
    if problems:
        raise InvalidInput(problems)
    unsure = documents[0][1].unsure
    if unsure is None:
        raise InvalidInput.at(f"{documents[0][0]}: unsure", "missing")
    return Rulebook(
        version,
        {item.id: item.name for _, document in documents for item in document.symptoms},
        {item.id: item.name for _, document in documents for item in document.risk_factors},
        [rule for _, document in documents for rule in document.rules],
        {
            advice.disposition: advice
            for _, document in documents
            for advice in document.dispositions
        },
        unsure,
    )
