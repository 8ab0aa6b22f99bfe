"""The interview (SPEC section 8): a guided check-in that asks red flags first and stops
as soon as no answer left could change the outcome.

A *truth* is what a runner would answer to every question: their symptoms, risk factors,
pain, days since onset and age. :func:`ask` plays the runner: it answers each question
from the truth until the interview stops. The properties hold for every truth; the
examples pin concrete behaviour of the bundled catalog.

The oracles here use only the public triage, never the interview's internals: "could
raise" is checked by triaging reports with more yes answers, at the ages where the SPEC's
age rules change (section 1: 20, 50 and 65, and both ends).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s

D = rp.Disposition
CATALOG = rp.default_catalog()
ITEMS = frozenset(CATALOG.symptoms) | frozenset(CATALOG.risk_factors)
#: One age from each class the SPEC's age rules tell apart, and both ends.
AGE_CLASSES = (10, 19, 20, 49, 50, 64, 65, 110)
#: A runner with nothing to report finishes in this many questions (docs/interview.md).
NOTHING_TO_REPORT_QUESTIONS = 8


class Truth(NamedTuple):
    symptoms: frozenset[str]
    risk_factors: frozenset[str]
    pain: int
    days: int
    age: int

    def report(self) -> rp.SymptomReport:
        return rp.SymptomReport(
            symptoms=self.symptoms,
            pain=self.pain,
            days_since_onset=self.days,
            age=self.age,
            risk_factors=self.risk_factors,
        )


truths = st.builds(
    Truth,
    symptoms=st.frozensets(s.symptom_ids(), max_size=6),
    risk_factors=st.frozensets(s.risk_factor_ids(), max_size=3),
    pain=s.pains(),
    days=s.days(),
    age=st.sampled_from(AGE_CLASSES) | st.integers(10, 110),
)
unsure_ids = st.frozensets(st.sampled_from(sorted(ITEMS | {"age"})), max_size=5)


def ask(truth: Truth, unsure: frozenset[str] = frozenset()) -> list[rp.InterviewStep]:
    """Every step of an interview answered from ``truth`` (``?`` for the ids in ``unsure``)."""
    yes: set[str] = set()
    no: set[str] = set()
    unsure_given: set[str] = set()
    age: int | None = None
    steps = []
    for _ in range(100):
        answers = rp.Answers(truth.pain, truth.days, age, yes, no, unsure_given)
        step = rp.interview(answers)
        steps.append(step)
        if step.should_stop:
            return steps
        question = step.question
        assert question is not None
        if question.kind == "age":
            assert age is None
            assert "age" not in unsure_given
            if "age" in unsure:
                unsure_given.add("age")
            else:
                age = truth.age
            continue
        for item in question.items:
            assert item.id not in yes | no | unsure_given, "an answered item is asked again"
            if item.id in unsure:
                unsure_given.add(item.id)
            elif item.id in truth.symptoms | truth.risk_factors:
                yes.add(item.id)
            else:
                no.add(item.id)
    raise AssertionError("the interview did not stop in 100 steps")


def worst(report: rp.SymptomReport, extra: Iterable[str], age_unknown: bool) -> rp.Disposition:
    """Triage of ``report`` with ``extra`` ids yes, at the worst age while it is unknown."""
    extra = frozenset(extra)
    ages = AGE_CLASSES if age_unknown else (report.age,)
    return max(
        rp.triage(
            rp.SymptomReport(
                symptoms=report.symptoms | (extra & frozenset(CATALOG.symptoms)),
                pain=report.pain,
                days_since_onset=report.days_since_onset,
                age=age,
                risk_factors=report.risk_factors | (extra & frozenset(CATALOG.risk_factors)),
                unsure=report.unsure,
            )
        ).disposition
        for age in ages
    )


class Open(NamedTuple):
    report: rp.SymptomReport
    items: frozenset[str]
    age_unknown: bool


def can_raise(now: Open, item: str | None, current: rp.Disposition) -> bool:
    """Whether ``item`` (the age for ``None``) is in some smallest set of answers that
    raises the disposition: at some age, with at most one other unanswered item yes."""
    others = [frozenset()] + [frozenset({other}) for other in sorted(now.items - {item})]
    ages = AGE_CLASSES if now.age_unknown else (now.report.age,)
    for extra in others:
        if item is None:
            without = worst(now.report, extra, False)
            if worst(now.report, extra, True) > max(without, current):
                return True
            continue
        for age in ages:
            report = attrs.evolve(now.report, age=age)
            if worst(report, extra | {item}, False) > max(current, worst(report, extra, False)):
                return True
    return False


def run_answers(truth: Truth, unsure: frozenset[str] = frozenset()) -> list[rp.Answers]:
    """The answers given before each step of :func:`ask` (to re-read the unanswered ids)."""
    collected = []
    yes: set[str] = set()
    no: set[str] = set()
    unsure_given: set[str] = set()
    age: int | None = None
    while True:
        answers = rp.Answers(truth.pain, truth.days, age, yes, no, unsure_given)
        collected.append(answers)
        step = rp.interview(answers)
        if step.question is None:
            return collected
        if step.question.kind == "age":
            if "age" in unsure:
                unsure_given.add("age")
            else:
                age = truth.age
            continue
        for item in step.question.items:
            bucket = (
                unsure_given
                if item.id in unsure
                else yes
                if item.id in truth.symptoms | truth.risk_factors
                else no
            )
            bucket.add(item.id)


# -- properties ----------------------------------------------------------------------------


@settings(deadline=None)
@given(truths)
def test_the_interview_ends_at_the_triage_of_the_whole_truth(truth: Truth) -> None:
    steps = ask(truth)
    assert steps[-1].triage.disposition is rp.triage(truth.report()).disposition


@settings(deadline=None)
@given(truths, unsure_ids)
def test_unsure_answers_end_at_the_triage_of_the_truth_with_those_answers_unsure(
    truth: Truth, unsure: frozenset[str]
) -> None:
    """Exactly: the outcome is triage of the truth with the unsure ids unsure, not yes.

    So it is never below the truth without the unsure ids, and whenever one unsure id,
    added back alone to the rest of the truth, would reach urgent or emergency, it is at
    least see_clinician (the unsure rule). Two unsure ids that are dangerous only
    together are not caught: the SPEC's unsure rule reads each id on its own.
    """
    final = ask(truth, unsure)[-1].triage.disposition
    kept_s, kept_r = truth.symptoms - unsure, truth.risk_factors - unsure
    age = None if "age" in unsure else truth.age
    with_unsure = rp.SymptomReport(kept_s, truth.pain, truth.days, age, kept_r, unsure)
    assert final is rp.triage(with_unsure).disposition
    without = rp.SymptomReport(kept_s, truth.pain, truth.days, age, kept_r)
    assert final >= rp.triage(without).disposition
    for item in unsure & (truth.symptoms | truth.risk_factors):
        alone = rp.SymptomReport(
            kept_s | ({item} & truth.symptoms),
            truth.pain,
            truth.days,
            age,
            kept_r | ({item} & truth.risk_factors),
        )
        if rp.triage(alone).disposition.needs_care_now:
            assert final >= D.SEE_CLINICIAN


@settings(deadline=None)
@given(truths, unsure_ids)
def test_an_emergency_stops_at_once(truth: Truth, unsure: frozenset[str]) -> None:
    steps = ask(truth, unsure)
    for step in steps:
        if step.triage.disposition is D.EMERGENCY:
            assert step.should_stop
            assert step is steps[-1]


@settings(deadline=None)
@given(truths, unsure_ids)
def test_no_answered_item_is_asked_again_and_questions_hold_one_kind(
    truth: Truth, unsure: frozenset[str]
) -> None:
    for answers in run_answers(truth, unsure):
        question = rp.interview(answers).question
        if question is None:
            continue
        ids = {item.id for item in question.items}
        assert not ids & (answers.yes | answers.no | answers.unsure)
        section = {"symptoms": CATALOG.symptoms, "risk_factors": CATALOG.risk_factors}
        if question.kind == "age":
            assert ids == set()
            assert answers.age is None
            assert "age" not in answers.unsure
        else:
            assert ids
            assert ids <= set(section[question.kind])


@settings(max_examples=40, deadline=None)
@given(truths, unsure_ids)
def test_stopping_is_exact(truth: Truth, unsure: frozenset[str]) -> None:
    """Stop: every unanswered item yes, at the worst age, changes nothing. Go on: some
    listed item (or the age) is part of a smallest set of answers that raises it."""
    for answers in run_answers(truth, unsure):
        step = rp.interview(answers)
        current = step.triage.disposition
        answered = answers.yes | answers.no | answers.unsure
        age_unknown = answers.age is None and "age" not in answers.unsure
        now = Open(step.triage.report, ITEMS - answered, age_unknown)
        ceiling = worst(now.report, now.items, now.age_unknown)
        if step.should_stop:
            assert ceiling is current
            continue
        assert ceiling > current
        question = step.question
        assert question is not None
        listed = [item.id for item in question.items] or [None]
        assert any(can_raise(now, item, current) for item in listed)


@given(s.pains(), s.days(), st.sampled_from(AGE_CLASSES))
def test_a_runner_with_nothing_to_report_finishes_in_at_most_ten_questions(
    pain: int, days: int, age: int
) -> None:
    steps = ask(Truth(frozenset(), frozenset(), pain, days, age))
    assert len(steps) - 1 <= 10


# -- examples ------------------------------------------------------------------------------


def test_a_runner_with_nothing_to_report_answers_exactly_eight_questions() -> None:
    steps = ask(Truth(frozenset(), frozenset(), 0, 0, 35))
    asked = [step.question.id for step in steps if step.question is not None]
    assert len(asked) == NOTHING_TO_REPORT_QUESTIONS
    assert asked[0] == "emergency_signs"  # red flags first
    assert "age" not in asked  # no age rule can fire once its symptoms are answered no
    assert steps[-1].triage.disposition is D.SELF_CARE


def test_the_first_question_asks_the_emergency_signs_with_the_items_own_words() -> None:
    step = rp.interview(rp.Answers(pain=3, days_since_onset=2))
    assert not step.should_stop
    assert step.triage.disposition is D.SELF_CARE
    question = step.question
    assert question is not None
    assert (question.id, question.kind) == ("emergency_signs", "symptoms")
    assert question.items[0] == rp.QuestionItem(
        "saddle_numbness", CATALOG.symptoms["saddle_numbness"].question
    )
    assert question.why


def test_one_emergency_answer_ends_the_interview() -> None:
    step = rp.interview(rp.Answers(pain=2, days_since_onset=1, yes={"chest_pain"}))
    assert step.should_stop
    assert step.question is None
    assert step.triage.disposition is D.EMERGENCY


def test_the_age_is_asked_only_when_an_age_rule_could_still_fire() -> None:
    no = ITEMS - {"sudden_severe_pain"}
    step = rp.interview(
        rp.Answers(
            pain=8, days_since_onset=0, yes={"sudden_severe_pain"}, no=no - {"sudden_severe_pain"}
        )
    )
    assert step.triage.disposition is D.URGENT
    assert step.question is not None
    assert (step.question.kind, step.question.items) == ("age", ())
    older = rp.interview(rp.Answers(8, 0, 67, yes={"sudden_severe_pain"}, no=no))
    assert older.should_stop
    assert older.triage.disposition is D.EMERGENCY
    younger = rp.interview(rp.Answers(8, 0, 30, yes={"sudden_severe_pain"}, no=no))
    assert younger.should_stop
    assert younger.triage.disposition is D.URGENT


def test_a_declined_age_is_judged_by_the_unsure_rule() -> None:
    no = ITEMS - {"sudden_pain_after_minor_strain"}
    answers = rp.Answers(4, 1, None, {"sudden_pain_after_minor_strain"}, no, {"age"})
    step = rp.interview(answers)
    assert step.should_stop
    assert step.triage.disposition is D.SEE_CLINICIAN
    assert "unsure.age" in [reason.rule_id for reason in step.triage.reasons]


def test_only_items_that_can_still_matter_are_listed() -> None:
    # pain 0 and every symptom answered no: only a risk factor that fires alone is left
    answers = rp.Answers(0, 0, 40, no=frozenset(CATALOG.symptoms))
    question = rp.interview(answers).question
    assert question is not None
    assert [item.id for item in question.items] == ["postpartum_under_12_weeks"]


def test_answers_make_the_report() -> None:
    answers = rp.Answers(
        pain=4,
        days_since_onset=3,
        age=None,
        yes=["fever", "pregnant"],
        no=("chills",),
        unsure={"age", "nausea"},
    )
    assert answers.report() == rp.SymptomReport(
        symptoms=frozenset({"fever"}),
        pain=4,
        days_since_onset=3,
        risk_factors=frozenset({"pregnant"}),
        unsure=frozenset({"age", "nausea"}),
    )
    assert rp.interview(answers).triage == rp.triage(answers.report())


def problems(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(rp.InvalidInput) as caught:
        call(*args, **kwargs)
    return list(caught.value.problems)


def test_bad_answers_are_invalid_input_with_paths() -> None:
    assert problems(rp.Answers, 11, 2) == [
        ("pain", "must be from 0 to 10, got 11"),
    ]
    assert problems(rp.Answers, 3, 2, yes={"fever"}, no={"fever"}, unsure={"fever"}) == [
        ("no", "'fever' is answered yes and no at once: only one"),
        ("unsure", "'fever' is answered yes and unsure at once: only one"),
        ("unsure", "'fever' is answered no and unsure at once: only one"),
    ]
    assert problems(rp.Answers, 3, 2, age=40, yes={"age"}) == [
        ("yes", "'age' is answered with a number (age=...) or declined in unsure"),
    ]
    assert problems(rp.Answers, 3, 2, age=40, unsure={"age"}) == [
        ("unsure", "'age' is given and unsure at once: it can only be one"),
    ]
    assert problems(rp.interview, rp.Answers(3, 2, yes={"fevr"}, no={"pregnent"})) == [
        ("yes", "unknown symptom or risk factor 'fevr' (did you mean 'fever'?)"),
        ("no", "unknown symptom or risk factor 'pregnent' (did you mean 'pregnant'?)"),
    ]
    assert problems(rp.Answers(3, 2, unsure={"agee"}).report) == [
        ("unsure", "unknown symptom or risk factor 'agee' (did you mean 'age'?)"),
    ]
    assert problems(rp.interview, {"pain": 3}) == [("answers", "must be an Answers, got dict")]


def test_interview_json_takes_answers_and_gives_one_step() -> None:
    response = rp.interview_json({"pain": 3, "days_since_onset": 2, "yes": [], "no": []})
    assert set(response) == {"should_stop", "question", "triage"}
    assert response["should_stop"] is False
    assert response["question"]["id"] == "emergency_signs"
    assert response["question"]["items"][0] == {
        "id": "saddle_numbness",
        "text": CATALOG.symptoms["saddle_numbness"].question,
    }
    expected = rp.triage_json({"symptoms": [], "pain": 3, "days_since_onset": 2})
    assert response["triage"] == expected
    done = rp.interview_json(
        {"pain": 3, "days_since_onset": 2, "age": 30, "yes": ["saddle_numbness"], "unsure": []}
    )
    assert done["should_stop"] is True
    assert done["question"] is None
    assert done["triage"]["disposition"] == "emergency"
    assert json.loads(json.dumps(done)) == done


@settings(deadline=None)
@given(truths)
def test_json_and_python_steps_agree(truth: Truth) -> None:
    answers = run_answers(truth)[-1]
    request = {
        "pain": answers.pain,
        "days_since_onset": answers.days_since_onset,
        "age": answers.age,
        "yes": sorted(answers.yes),
        "no": sorted(answers.no),
        "unsure": sorted(answers.unsure),
    }
    assert rp.interview_json(request) == rp.to_json(rp.interview(answers))


def test_bad_json_requests_name_each_problem_and_keep_a_red_flag() -> None:
    request = {"pain": 11, "days_since_onset": 2, "yes": ["chest_pain", "fevr"], "mood": 1}
    with pytest.raises(rp.InvalidInput) as caught:
        rp.interview_json(request)
    assert caught.value.problems == (
        ("mood", "unknown key"),
        ("pain", "must be from 0 to 10, got 11"),
        ("yes[1]", "unknown symptom or risk factor 'fevr' (did you mean 'fever'?)"),
    )
    assert caught.value.triage is not None
    assert caught.value.triage.disposition is D.EMERGENCY
    with pytest.raises(rp.InvalidInput) as caught:
        rp.interview_json({"pain": 1, "days_since_onset": 2, "yes": [1], "no": "fever"})
    assert caught.value.triage is None
    assert [path for path, _ in caught.value.problems] == ["yes[0]", "no"]


# -- the catalog's question groups ---------------------------------------------------------


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


HIP = {
    "id": "hip_clicking",
    "name": "Hip clicking",
    "description": "A painful click at the front of the hip when running.",
    "question": "Does your hip click painfully when you run?",
    "source": "clinic protocol 5",
}


def test_every_bundled_item_is_asked_by_exactly_one_group_of_its_kind() -> None:
    groups = list(CATALOG.question_groups.values())
    assert [group.order for group in groups] == sorted(group.order for group in groups)
    asked = [item for group in groups for item in group.items]
    assert sorted(asked) == sorted(ITEMS)
    for group in groups:
        kinds = {"symptoms": CATALOG.symptoms, "risk_factors": CATALOG.risk_factors, "age": {}}
        assert set(group.items) <= set(kinds[group.kind])
    assert [group.kind for group in groups].count("age") == 1


def test_an_extension_can_add_a_group_and_its_items(tmp_path: Path) -> None:
    extension = {
        "version": "clinic.5",
        "extends": "runpelvis",
        "symptoms": [HIP],
        "question_groups": [
            {
                "id": "clinic_hip",
                "kind": "symptoms",
                "text": "About your hip.",
                "why": "A click can be a labral tear.",
                "items": ["hip_clicking"],
                "order": 5,
            }
        ],
        "rules": [
            {
                "rule_id": "clinic.hip_clicking",
                "disposition": "see_clinician",
                "when": {"symptoms": ["hip_clicking"]},
                "message": "A painful click in the hip needs a check.",
                "source": "clinic protocol 5",
            }
        ],
    }
    clinic = rp.load_catalog(_write(tmp_path / "ext.json", extension))
    no = ITEMS
    step = rp.interview(rp.Answers(2, 1, 40, no=no), catalog=clinic)
    assert step.question is not None
    assert step.question.id == "clinic_hip"
    assert step.question.items == (rp.QuestionItem("hip_clicking", HIP["question"]),)
    done = rp.interview(rp.Answers(2, 1, 40, yes={"hip_clicking"}, no=no), catalog=clinic)
    assert done.should_stop
    assert done.triage.disposition is D.SEE_CLINICIAN
    assert clinic.to_document()["question_groups"][-1]["id"] == "age"


def test_items_and_groups_are_checked_on_load(tmp_path: Path) -> None:
    extension = {
        "version": "clinic.6",
        "extends": "runpelvis",
        "symptoms": [HIP, {**HIP, "id": "hip_locking", "question": None}],
        "question_groups": [
            {
                "id": "clinic_hip",
                "kind": "symptoms",
                "text": "About your hip.",
                "why": "A click can be a labral tear.",
                "items": ["hip_clickin", "fever", "pregnant"],
            },
            {"id": "age", "kind": "age", "text": "Age?", "why": "Age rules."},
        ],
    }
    path = _write(tmp_path / "ext.json", extension)
    assert problems(rp.load_catalog, path) == [
        (
            f"{path}: question_groups[0].items[0]",
            "unknown symptom 'hip_clickin' (did you mean 'hip_clicking'?)",
        ),
        (
            f"{path}: question_groups[0].items[1]",
            "'fever' is asked already, at symptoms.json: question_groups[2].items[0]",
        ),
        (f"{path}: question_groups[0].items[2]", "unknown symptom 'pregnant'"),
        (
            f"{path}: question_groups[1].id",
            "duplicate id 'age', first at symptoms.json: question_groups[9]",
        ),
        (
            "catalog.json: question_groups",
            "needs one age question, found symptoms.json: question_groups[9], "
            f"{path}: question_groups[1]",
        ),
        (
            f"{path}: symptoms[0]",
            "'hip_clicking' is in no question group: the interview must ask it",
        ),
        (
            f"{path}: symptoms[1]",
            "'hip_locking' is in no question group: the interview must ask it",
        ),
        (f"{path}: symptoms[1].question", "missing: the interview asks it in these words"),
    ]


def test_a_group_checks_its_own_fields() -> None:
    assert problems(rp.QuestionGroup, "age", "age", "How old?", "Age rules.", ["fever"]) == [
        ("items", "the age question has no items: it is answered with a number")
    ]
    assert problems(rp.QuestionGroup, "x", "feelings", "?", "Why.") == [
        ("kind", "must be one of symptoms, risk_factors, age; got 'feelings'")
    ]
