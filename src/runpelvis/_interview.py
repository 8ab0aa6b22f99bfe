"""The interview: the next question to ask a runner, or the proof that none is left.

Stateless, like the rest of runpelvis: the caller keeps the :class:`Answers` given so far
and asks :func:`interview` for the next :class:`InterviewStep`. Triage is monotone (a yes,
more pain, an age or an unsure answer never lowers it), so the most any unanswered item
could still do is what triage says when *every* unanswered item is a yes, at the worst
age while the age is unknown. That ceiling makes stopping exact: when it is no higher
than the triage of the answers so far, no remaining answer can change the outcome.

Which question comes next is read from the rules: an unanswered item is worth asking
when some rule above the current disposition can still fire and needs that item (one
of the ids it requires, or one of those it takes any of); through the unsure rule too,
for the items the runner was unsure of. Of the catalog's question groups, the one whose
worth-asking items, all answered yes, would raise the disposition most is asked first,
then the catalog's ``order`` breaks ties. Each step evaluates the compiled rules
directly: a handful of rule tests per group, never a full triage per item.
"""

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ._checks import (
    Checked,
    checked,
    checks,
    freeze,
    ident,
    instance,
    integer,
    one_of,
    optional,
    set_of,
    string,
    tuple_of,
    unknown_ids,
)
from ._convert import read_request, unstructure
from ._errors import InvalidInput
from ._rules import MAX_AGE, MIN_AGE, QUESTION_KINDS, Condition, QuestionGroup, QuestionKind
from ._triage import (
    AGE,
    MAX_DAYS,
    MAX_ID_LENGTH,
    SymptomReport,
    TriageResult,
    _Engine,
    _engine,
    red_flag,
)

if TYPE_CHECKING:
    from ._catalog import Catalog

__all__ = ["Answers", "InterviewStep", "Question", "QuestionItem", "interview", "interview_json"]

#: The most ids one of ``yes``, ``no`` and ``unsure`` may hold.
MAX_ANSWERS = 256
#: The only "age" of a rule that does not depend on it.
_NO_AGE: tuple[int | None, ...] = (None,)
#: Up to this many yes ids, the interview looks a rule up through the engine's index.
_FEW_IDS = 2

_answer_ids = set_of(string(MAX_ID_LENGTH), MAX_ANSWERS)
_ITEM_NOUN = "symptom or risk factor"


@attrs.frozen(cache_hash=True)
class Answers(Checked):
    """What a runner has answered so far: pain, days since onset, maybe an age, and ids.

    ``yes`` holds the symptoms and risk factors the runner has, ``no`` those they do not,
    ``unsure`` those they could not answer (and ``age`` for an age they would not give).
    Id fields accept any set, list or tuple and keep a frozenset; an id may be in only
    one of them. Which ids exist is the catalog's business: :meth:`report` and
    :func:`interview` check them.
    """

    pain: int = attrs.field(metadata=checks(integer(0, 10)))
    days_since_onset: int = attrs.field(metadata=checks(integer(0, MAX_DAYS)))
    age: int | None = attrs.field(
        metadata=checks(optional(integer(MIN_AGE, MAX_AGE))), default=None
    )
    yes: frozenset[str] = attrs.field(
        metadata=checks(_answer_ids), converter=freeze, factory=frozenset
    )
    no: frozenset[str] = attrs.field(
        metadata=checks(_answer_ids), converter=freeze, factory=frozenset
    )
    unsure: frozenset[str] = attrs.field(
        metadata=checks(_answer_ids), converter=freeze, factory=frozenset
    )

    def _problems(self) -> Iterable[tuple[str, str]]:
        for later, earlier in (("no", "yes"), ("unsure", "yes"), ("unsure", "no")):
            for both in sorted(getattr(self, later) & getattr(self, earlier)):
                yield later, f"{both!r} is answered {earlier} and {later} at once: only one"
        for name in ("yes", "no"):
            if AGE in getattr(self, name):
                yield name, "'age' is answered with a number (age=...) or declined in unsure"
        if AGE in self.unsure and self.age is not None:
            yield "unsure", "'age' is given and unsure at once: it can only be one"

    def report(self, *, catalog: "Catalog | None" = None) -> SymptomReport:
        """The :class:`SymptomReport` these answers make: each yes a symptom or a risk
        factor (as the catalog knows it), ``unsure`` kept, ``no`` left out."""
        return _report(_checked_engine(self, catalog), self)


@attrs.frozen
class QuestionItem(Checked):
    """One thing a question asks about: a symptom or risk-factor id and its own question."""

    id: str = checked(ident)
    text: str = checked(string(200))


@attrs.frozen
class Question(Checked):
    """The next thing to ask: a question group with the items still worth asking.

    ``kind`` is ``symptoms`` or ``risk_factors`` (answer each item yes, no or unsure),
    or ``age`` (no items: answer with a number, or put ``age`` in ``unsure``).
    """

    id: str = checked(ident)
    kind: QuestionKind = checked(one_of(QUESTION_KINDS))
    text: str = checked(string(200))
    why: str = checked(string(400))
    items: tuple[QuestionItem, ...] = checked(tuple_of(instance(QuestionItem), 64), default=())

    def _problems(self) -> Iterable[tuple[str, str]]:
        if (self.kind == "age") == bool(self.items):
            yield "items", "the age question has no items; any other question has some"


@attrs.frozen
class InterviewStep(Checked):
    """Where the interview stands: the triage so far, and the next question unless done.

    ``should_stop`` is true exactly when no unanswered item, nor a missing age, could
    raise ``triage``'s disposition; ``question`` is ``None`` then, and only then.
    """

    should_stop: bool = checked(instance(bool))
    question: Question | None = checked(optional(instance(Question)))
    triage: TriageResult = checked(instance(TriageResult))

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.should_stop != (self.question is None):
            yield "question", "must be None exactly when should_stop is true"


class _Group(NamedTuple):
    """A question group, ready to ask: its items prebuilt."""

    group: QuestionGroup
    items: tuple[QuestionItem, ...]


def _plan(catalog: "Catalog") -> tuple[_Group, ...]:
    """The catalog's question groups in asking order, each item with its question."""
    texts = {
        item.id: item.question or item.description
        for section in (catalog.symptoms, catalog.risk_factors)
        for item in section.values()
    }
    return tuple(
        _Group(group, tuple(QuestionItem._trusted(item, texts[item]) for item in group.items))
        for group in catalog.question_groups.values()
    )


class _State(NamedTuple):
    """One step's facts, as the compiled rules read them."""

    engine: _Engine
    yes_symptoms: frozenset[str]
    yes_risks: frozenset[str]
    open_symptoms: frozenset[str]
    open_risks: frozenset[str]
    pain: int
    days: int
    #: the ages to try: the given one, every age class while unknown, none when declined
    ages: tuple[int | None, ...]
    age_open: bool
    unsure: frozenset[str]
    #: by rule position: the rule's disposition as a rank, and whether it reads the age
    ranks: tuple[int, ...]
    age_rules: frozenset[int]
    #: by rule position: the ids its condition names, or None when it may take others
    #: (any complaint, any symptom but a few)
    names: tuple[frozenset[str] | None, ...]


def _highest(
    state: _State,
    symptoms: frozenset[str],
    risks: frozenset[str],
    ages: tuple[int | None, ...],
    floor: int = 0,
) -> int:
    """The rank of the most urgent rule above rank ``floor`` that fires for these ids at one
    of ``ages`` (``floor`` when none does). Ranks are compared as integers: this is hot."""
    engine = state.engine
    # rules most urgent first; with few ids the engine's index skips most of them, with
    # many, building the index's answer costs more than trying every rule
    few = len(symptoms) + len(risks) <= _FEW_IDS
    for position in engine._candidates(symptoms, risks) if few else range(len(state.ranks)):
        rank = state.ranks[position]
        if rank <= floor:
            break
        test = engine.tests[position]
        if position not in state.age_rules:
            if test(symptoms, state.pain, state.days, risks, None):
                return rank
        elif any(test(symptoms, state.pain, state.days, risks, age) for age in ages):
            return rank
    return floor


def _as_yes(
    state: _State, item: str, symptoms: frozenset[str], risks: frozenset[str]
) -> tuple[frozenset[str], frozenset[str], tuple[int | None, ...]]:
    """These yes ids and the ages to try, with the unsure ``item`` read as a yes (any age)."""
    if item == AGE:
        return symptoms, risks, state.engine.ages
    if item in state.engine.known:
        return symptoms | {item}, risks, state.ages
    return symptoms, risks | {item}, state.ages


def _unsure_fires(
    state: _State, item: str, symptoms: frozenset[str], risks: frozenset[str]
) -> bool:
    """Whether the unsure rule fires for ``item`` when these ids are yes."""
    bar = state.engine.unsure.when_at_least.rank
    return _highest(state, *_as_yes(state, item, symptoms, risks)) >= bar


def _ceiling(
    state: _State, symptoms: frozenset[str], risks: frozenset[str], ages: tuple[int | None, ...]
) -> int:
    """The rank of triage's disposition with these ids yes, at the worst of ``ages``."""
    found = _highest(state, symptoms, risks, ages)
    unsure = state.engine.unsure.disposition.rank
    if found < unsure and any(_unsure_fires(state, item, symptoms, risks) for item in state.unsure):
        return unsure
    return found


def _pending(options: frozenset[str], chosen: frozenset[str], open_: frozenset[str]) -> set[str]:
    """The open ids that could meet an any-of part of a condition not met by ``chosen``."""
    if not options or not options.isdisjoint(chosen):
        return set()
    return set(options & open_)


def _needed(
    when: Condition, state: _State, yes_symptoms: frozenset[str], yes_risks: frozenset[str]
) -> set[str]:
    """The open ids that some smallest set of yes answers firing ``when`` holds."""
    open_s, open_r = state.open_symptoms, state.open_risks
    required_s = when.symptoms & open_s
    required_r = when.risk_factors & open_r
    chosen = yes_symptoms | required_s
    needed = set(required_s | required_r)
    some = _pending(when.any_symptoms, chosen, open_s)
    needed |= some | _pending(when.any_risk_factors, yes_risks | required_r, open_r)
    other = when.any_symptom_except
    if other is not None and not chosen - other:
        some |= open_s - other
        needed |= some
    if when.any_complaint and state.pain == 0 and not chosen and not some:
        needed |= open_s
    return needed


class _Route(NamedTuple):
    """How the disposition could rise above ``above``: the rules themselves (``item`` is
    None), or the unsure rule for one unsure ``item`` read as a yes."""

    above: int
    item: str | None
    yes_symptoms: frozenset[str]
    yes_risks: frozenset[str]
    ages: tuple[int | None, ...]


def _routes(state: _State, floor: int) -> list[_Route]:
    engine = state.engine
    routes = [_Route(floor, None, state.yes_symptoms, state.yes_risks, state.ages)]
    if floor >= engine.unsure.disposition.rank:
        return routes
    above = engine.unsure.when_at_least.rank - 1
    for item in sorted(state.unsure):
        routes.append(
            _Route(above, item, *_as_yes(state, item, state.yes_symptoms, state.yes_risks))
        )
    return routes


def _worth_asking(state: _State, floor: int) -> tuple[set[str], bool]:
    """The open ids that could raise the disposition above ``floor``, and whether the age could.

    A rule above ``floor`` that fires with every open id yes (at some age) names the ids
    it needs; the unsure rule, for each unsure item, likewise through the rules it reads.
    """
    engine = state.engine
    needed: set[str] = set()
    age = False
    open_ids = state.open_symptoms | state.open_risks
    pain, days = state.pain, state.days
    for route in _routes(state, floor):
        every_s = route.yes_symptoms | state.open_symptoms
        every_r = route.yes_risks | state.open_risks
        for position, rule in enumerate(engine.rules):  # most urgent first
            if state.ranks[position] <= route.above:
                break
            test = engine.tests[position]
            if position in state.age_rules:
                fires = any(test(every_s, pain, days, every_r, a) for a in route.ages)
                age = age or (fires and route.item != AGE)
            else:
                names = state.names[position]
                if names is not None and needed.issuperset(names & open_ids):
                    continue  # every id it could add is worth asking already
                fires = test(every_s, pain, days, every_r, None)
            if fires:
                needed |= _needed(rule.when, state, route.yes_symptoms, route.yes_risks)
    return needed, age and state.age_open


def _choose(
    state: _State, groups: Iterable[_Group], needed: Collection[str], age: bool, now: int
) -> Question | None:
    """The group that could raise the disposition most, the earliest of equals.

    A group ranks by how far its items could raise the disposition, and then by whether
    they add to what the age alone could do (the age question: to ``now``), so that an
    unknown age that could raise the disposition by itself is asked before them.
    """
    base = _ceiling(state, state.yes_symptoms, state.yes_risks, state.ages)
    top = max(state.ranks, default=0)
    best: tuple[tuple[int, bool], _Group, tuple[QuestionItem, ...]] | None = None
    for entry in groups:
        group = entry.group
        if group.kind == "age":
            if not age:
                continue
            items: tuple[QuestionItem, ...] = ()
            score = (base, base > now)
        else:
            items = tuple(item for item in entry.items if item.id in needed)
            if not items:
                continue
            raised = _score(state, group.kind, frozenset(item.id for item in items))
            score = (raised, raised > base)
        if best is None or score > best[0]:
            best = (score, entry, items)
            if score == (top, True):
                break  # nothing can rank higher
    if best is None:
        return None
    group = best[1].group
    question: Question = Question._trusted(group.id, group.kind, group.text, group.why, best[2])
    return question


def _score(state: _State, kind: str, ids: frozenset[str]) -> int:
    if kind == "symptoms":
        return _ceiling(state, state.yes_symptoms | ids, state.yes_risks, state.ages)
    return _ceiling(state, state.yes_symptoms, state.yes_risks | ids, state.ages)


def _state(engine: _Engine, answers: Answers, report: SymptomReport) -> _State:
    answered = answers.yes | answers.no | answers.unsure
    age_open = answers.age is None and AGE not in answers.unsure
    ages: tuple[int | None, ...] = engine.ages if age_open else _NO_AGE
    if answers.age is not None:
        ages = (answers.age,)
    return _State(
        engine,
        report.symptoms,
        report.risk_factors,
        engine.known - answered,
        engine.known_risks - answered,
        answers.pain,
        answers.days_since_onset,
        ages,
        age_open,
        answers.unsure,
        *_derived(engine),
    )


#: Per engine (by identity): its rules' ranks and the positions of its age rules.
_DERIVED: dict[int, tuple[_Engine, tuple[Any, ...]]] = {}


def _derived(engine: _Engine) -> tuple[Any, ...]:
    found = _DERIVED.get(id(engine))
    if found is None or found[0] is not engine:
        if len(_DERIVED) >= 64:  # engines of catalogs loaded and dropped
            _DERIVED.clear()
        ranks = tuple(rule.disposition.rank for rule in engine.rules)
        names = tuple(
            None if rule.when.any_complaint or rule.when.any_symptom_except else rule.when.ids
            for rule in engine.rules
        )
        found = _DERIVED[id(engine)] = (engine, (ranks, frozenset(engine.age_rules), names))
    return found[1]


def _checked_engine(answers: Answers, catalog: "Catalog | None") -> _Engine:
    engine = _engine(catalog)
    every = engine.known | engine.known_risks
    problems = [
        *unknown_ids("yes", answers.yes, every, _ITEM_NOUN),
        *unknown_ids("no", answers.no, every, _ITEM_NOUN),
        *unknown_ids("unsure", answers.unsure, engine.answerable, _ITEM_NOUN),
    ]
    if problems:
        raise InvalidInput(problems)
    return engine


def _report(engine: _Engine, answers: Answers) -> SymptomReport:
    return SymptomReport(
        symptoms=answers.yes & engine.known,
        pain=answers.pain,
        days_since_onset=answers.days_since_onset,
        age=answers.age,
        risk_factors=answers.yes & engine.known_risks,
        unsure=answers.unsure,
    )


def _groups(catalog: "Catalog | None") -> tuple[_Group, ...]:
    from ._catalog import resolve

    groups: tuple[_Group, ...] = resolve(catalog).memo("interview", _plan)
    return groups


def interview(answers: Answers, *, catalog: "Catalog | None" = None) -> InterviewStep:
    """The next step of a check-in: the triage so far, and what to ask next, if anything.

    Raises :class:`~runpelvis.InvalidInput` for ids the catalog does not know.
    """
    if not isinstance(answers, Answers):
        raise InvalidInput.at("answers", f"must be an Answers, got {type(answers).__name__}")
    engine = _checked_engine(answers, catalog)
    groups = _groups(catalog)
    report = _report(engine, answers)
    result = engine.evaluate(report)
    state = _state(engine, answers, report)
    every_s = state.yes_symptoms | state.open_symptoms
    every_r = state.yes_risks | state.open_risks
    question = None
    now = result.disposition.rank
    if _ceiling(state, every_s, every_r, state.ages) > now:
        needed, age = _worth_asking(state, now)
        question = _choose(state, groups, needed, age, now) or _fallback(state, groups)
    step: InterviewStep = InterviewStep._trusted(question is None, question, result)
    return step


def _fallback(state: _State, groups: Iterable[_Group]) -> Question:
    """Every open item of the first group that has one: never reached with sound rules,
    kept so that the interview can never stop while an answer could still matter."""
    open_ids = state.open_symptoms | state.open_risks
    for entry in groups:
        items = tuple(item for item in entry.items if item.id in open_ids)
        if items or (entry.group.kind == "age" and state.age_open):
            group = entry.group
            question: Question = Question._trusted(
                group.id, group.kind, group.text, group.why, items
            )
            return question
    raise InvalidInput.at("catalog", "its question groups leave an item unasked")


def _vocabulary(engine: _Engine) -> list[tuple[tuple[str, ...], frozenset[str], str]]:
    every = engine.known | engine.known_risks
    return [
        (("yes",), every, _ITEM_NOUN),
        (("no",), every, _ITEM_NOUN),
        (("unsure",), engine.answerable, _ITEM_NOUN),
    ]


def _as_triage_request(engine: _Engine, request: object) -> object:
    """A JSON interview request as the triage request of its yes answers (for red flags)."""
    if not isinstance(request, dict):
        return None
    yes = request.get("yes")
    ids = [item for item in yes if isinstance(item, str)] if isinstance(yes, list) else []
    numbers = {key: request[key] for key in ("pain", "days_since_onset", "age") if key in request}
    return {
        **numbers,
        "symptoms": [item for item in ids if item in engine.known],
        "risk_factors": [item for item in ids if item in engine.known_risks],
    }


def interview_json(request: object, *, catalog: "Catalog | None" = None) -> dict[str, Any]:
    """:func:`interview` for services: a decoded JSON request in, a JSON-ready step out.

    The request is ``{"pain", "days_since_onset", "age"?, "yes"?, "no"?, "unsure"?}``;
    the response ``{"should_stop", "question" (or null), "triage"}``, the triage as
    :func:`~runpelvis.triage_json` gives it. Bad requests raise
    :class:`~runpelvis.InvalidInput`, carrying the triage when the valid part of the
    yes answers already calls for care now.
    """
    engine = _engine(catalog)
    try:
        answers = read_request(request, Answers, _vocabulary(engine))
    except InvalidInput as error:
        raise error.with_triage(
            red_flag(_as_triage_request(engine, request), catalog=catalog)
        ) from None
    response: dict[str, Any] = unstructure(interview(answers, catalog=catalog))
    return response
