"""Hypothesis strategies for runpelvis's domain objects, shared by the test files.

Every strategy draws *valid* values: each one builds instances that the class's
own checks accept. ``st.builds`` does not infer ranges from the checks, so every
bounded field gets an explicit strategy here. Vocabulary (levels, kinds, groups,
topics) is written out from SPEC.md, not read from the package, so a drift in the
package shows up as a failing test.
"""

from __future__ import annotations

import operator
import string
from typing import Any

from hypothesis import strategies as st

import runpelvis as rp

__all__ = [
    "CAUSE_GROUPS",
    "EXERCISE_KINDS",
    "LEVELS",
    "RISK_FACTOR_IDS",
    "SYMPTOM_IDS",
    "TIP_TOPICS",
    "ages",
    "causes",
    "conditions",
    "cross_trainings",
    "days",
    "disposition_advices",
    "dispositions",
    "doses",
    "equipments",
    "exercises",
    "id_sets",
    "ids",
    "int_ranges",
    "json_requests",
    "pains",
    "reasons",
    "reports",
    "risk_factor_ids",
    "risk_factor_sets",
    "rule_ids",
    "rules",
    "symptom_ids",
    "symptom_sets",
    "symptoms",
    "texts",
    "thresholds",
    "tips",
    "triage_results",
]

LEVELS = ("beginner", "intermediate", "advanced")
EXERCISE_KINDS = ("stretch", "mobility", "strength")
CAUSE_GROUPS = ("training_load", "technique", "muscular", "habit", "equipment", "medical")
TIP_TOPICS = ("form", "footwear", "recovery", "lifestyle", "therapy", "mistake", "cross_training")

#: The symptom ids of the bundled catalog, sorted so that draws are reproducible.
SYMPTOM_IDS: tuple[str, ...] = tuple(sorted(rp.default_catalog().symptoms))
RISK_FACTOR_IDS: tuple[str, ...] = tuple(sorted(rp.default_catalog().risk_factors))


# -- scalars -------------------------------------------------------------------------------


_LOWER = string.ascii_lowercase
_ID_TAIL = _LOWER + string.digits + "_"


def ids(max_size: int = 64) -> st.SearchStrategy[str]:
    """Stable snake_case ids: ``[a-z][a-z0-9_]{0,63}``."""
    return st.builds(
        operator.add, st.sampled_from(_LOWER), st.text(_ID_TAIL, max_size=max_size - 1)
    )


def texts(max_size: int = 200) -> st.SearchStrategy[str]:
    """Non-blank text of at most ``max_size`` characters.

    Any Unicode but surrogates and control characters (Cc: C0, DEL, C1), which no
    runpelvis text may hold.
    """
    alphabet = st.characters(exclude_categories=["Cs", "Cc"])
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda text: bool(text.strip()))


def rule_ids() -> st.SearchStrategy[str]:
    """Dotted rule ids such as ``symptom.fever`` or ``pain.severe``."""
    return st.builds("{}.{}".format, ids(20), ids(40))


def id_sets(max_size: int = 8) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(ids(), max_size=max_size)


def dispositions() -> st.SearchStrategy[rp.Disposition]:
    return st.sampled_from(rp.Disposition)


def pains() -> st.SearchStrategy[int]:
    """Pain scores 0-10."""
    return st.integers(0, 10)


def days() -> st.SearchStrategy[int]:
    """Days since onset, 0-3650, often at or near the two-week boundary."""
    return st.one_of(st.sampled_from((0, 13, 14, 3650)), st.integers(0, 30), st.integers(0, 3650))


# -- triage input --------------------------------------------------------------------------


def symptom_ids() -> st.SearchStrategy[str]:
    """Ids of symptoms in the bundled catalog."""
    return st.sampled_from(SYMPTOM_IDS)


def symptom_sets(max_size: int | None = None) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(symptom_ids(), max_size=max_size)


def risk_factor_ids() -> st.SearchStrategy[str]:
    """Ids of risk factors in the bundled catalog."""
    return st.sampled_from(RISK_FACTOR_IDS)


def risk_factor_sets(max_size: int | None = None) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(risk_factor_ids(), max_size=max_size)


def ages() -> st.SearchStrategy[int | None]:
    """An age in years, often at an age rule's edge, or ``None`` (not given)."""
    return st.none() | st.sampled_from((10, 19, 20, 49, 50, 64, 65, 110)) | st.integers(10, 110)


@st.composite
def _answers(draw: st.DrawFn) -> dict[str, Any]:
    """Symptoms, risk factors, age and unsure ids that fit together (no id twice)."""
    symptoms = draw(_SYMPTOMS)
    risks = draw(_RISKS)
    age = draw(_AGES)
    unsure = draw(_UNSURE) - symptoms - risks - ({"age"} if age is not None else set())
    return {"symptoms": symptoms, "risk_factors": risks, "age": age, "unsure": unsure}


# built once: a strategy built inside a draw is validated again every time
_SYMPTOMS = st.frozensets(st.sampled_from(SYMPTOM_IDS), max_size=12)
_RISKS = st.frozensets(st.sampled_from(RISK_FACTOR_IDS), max_size=4)
_AGES = ages()
_UNSURE = st.frozensets(st.sampled_from((*SYMPTOM_IDS, *RISK_FACTOR_IDS, "age")), max_size=4)


def reports() -> st.SearchStrategy[rp.SymptomReport]:
    """Valid symptom reports over the bundled catalog: risk factors, ages and unsure ids too."""
    return st.builds(
        lambda answers, pain, days: rp.SymptomReport(pain=pain, days_since_onset=days, **answers),
        _answers(),
        pains(),
        days(),
    )


@st.composite
def json_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Valid decoded triage requests; id lists may repeat ids and come in any order, and the
    optional keys (``age``, ``risk_factors``, ``unsure``) come and go."""
    answers = draw(_answers())
    request: dict[str, Any] = {
        "symptoms": _listed(draw, answers["symptoms"]),
        "pain": draw(pains()),
        "days_since_onset": draw(days()),
    }
    if answers["age"] is not None or draw(st.booleans()):
        request["age"] = answers["age"]
    for key in ("risk_factors", "unsure"):
        if answers[key] or draw(st.booleans()):
            request[key] = _listed(draw, answers[key])
    return request


def _listed(draw: st.DrawFn, ids: frozenset[str]) -> list[str]:
    """``ids`` as a JSON array, in any order, some repeated."""
    if not ids:
        return []
    ordered = sorted(ids)
    repeats = draw(st.lists(st.sampled_from(ordered), max_size=3))
    return list(draw(st.permutations(ordered + repeats)))


# -- content -------------------------------------------------------------------------------


def symptoms() -> st.SearchStrategy[rp.Symptom]:
    return st.builds(rp.Symptom, id=ids(), name=texts(80), description=texts(), source=texts(200))


def causes() -> st.SearchStrategy[rp.Cause]:
    return st.builds(
        rp.Cause,
        id=ids(),
        name=texts(80),
        group=st.sampled_from(CAUSE_GROUPS),
        summary=texts(),
        source=texts(200),
    )


def equipments() -> st.SearchStrategy[rp.Equipment]:
    return st.builds(rp.Equipment, id=ids(), name=texts(80))


@st.composite
def int_ranges(draw: st.DrawFn, low: int = 0, high: int = 3600) -> rp.IntRange:
    """``IntRange`` with ``low <= range.low <= range.high <= high``."""
    first = draw(st.integers(low, high))
    second = draw(st.integers(first, high))
    return rp.IntRange(low=first, high=second)


@st.composite
def doses(draw: st.DrawFn, hold: tuple[int, int] = (1, 300)) -> rp.Dose:
    """Doses with reps within 1-30, holds within ``hold`` (1-300 s), at least one of them."""
    reps = draw(st.none() | int_ranges(1, 30))
    holds = int_ranges(*hold)
    hold_seconds = draw(holds if reps is None else st.none() | holds)
    return rp.Dose(
        sets=draw(st.integers(1, 5)),
        reps=reps,
        hold_seconds=hold_seconds,
        per_side=draw(st.booleans()),
    )


@st.composite
def exercises(draw: st.DrawFn) -> rp.Exercise:
    """Exercises; a stretch is always held within 30-60 s."""
    kind = draw(st.sampled_from(EXERCISE_KINDS))
    if kind == "stretch":
        dose = draw(
            st.builds(
                rp.Dose,
                sets=st.integers(1, 5),
                reps=st.none() | int_ranges(1, 30),
                hold_seconds=int_ranges(30, 60),
                per_side=st.booleans(),
            )
        )
    else:
        dose = draw(doses())
    return rp.Exercise(
        id=draw(ids()),
        name=draw(texts(80)),
        kind=kind,
        level=draw(st.sampled_from(LEVELS)),
        addresses=draw(id_sets()),
        contraindications=draw(id_sets()),
        equipment=draw(id_sets(3)),
        dose=dose,
        gentle=draw(st.booleans()),
        steps=tuple(draw(st.lists(texts(60), max_size=3))),
        cues=tuple(draw(st.lists(texts(60), max_size=3))),
        source=draw(texts(200)),
    )


def cross_trainings() -> st.SearchStrategy[rp.CrossTraining]:
    return st.builds(
        rp.CrossTraining,
        id=ids(),
        name=texts(80),
        equipment=id_sets(3),
        addresses=id_sets(),
        contraindications=id_sets(),
        gentle=st.booleans(),
        description=texts(),
        source=texts(200),
    )


def tips() -> st.SearchStrategy[rp.Tip]:
    return st.builds(
        rp.Tip,
        id=ids(),
        topic=st.sampled_from(TIP_TOPICS),
        text=texts(),
        addresses=id_sets(),
        source=texts(200),
    )


@st.composite
def conditions(draw: st.DrawFn) -> rp.Condition:
    """Conditions over every kind of part; at least one part that asks for something."""
    small = st.frozensets(st.sampled_from(("a", "b", "fever", "pregnant")), max_size=2)
    symptoms = draw(id_sets(4))
    pain_at_least = draw(st.none() | st.integers(0, 10))
    days = st.integers(0, 36_500)
    if symptoms or pain_at_least is not None:
        days = st.none() | days
    age_at_least = draw(st.none() | st.integers(10, 110))
    return rp.Condition(
        symptoms=symptoms,
        any_symptoms=draw(small),
        risk_factors=draw(small),
        any_risk_factors=draw(small),
        pain_at_least=pain_at_least,
        days_at_least=draw(days),
        age_at_least=age_at_least,
        age_below=draw(st.none() | st.integers(max(11, age_at_least or 11), 110)),
        any_complaint=draw(st.booleans()),
        any_symptom_except=draw(st.none() | small),
    )


def rules() -> st.SearchStrategy[rp.Rule]:
    return st.builds(
        rp.Rule,
        rule_id=rule_ids(),
        disposition=dispositions(),
        when=conditions(),
        message=texts(),
        source=texts(200),
    )


def disposition_advices() -> st.SearchStrategy[rp.DispositionAdvice]:
    return st.builds(
        rp.DispositionAdvice,
        disposition=dispositions(),
        headline=texts(120),
        advice=texts(),
        source=texts(200),
    )


def thresholds() -> st.SearchStrategy[rp.Threshold]:
    return st.builds(
        rp.Threshold,
        id=ids(),
        cause=ids(),
        value=st.integers(0, 100_000),
        description=texts(),
        source=texts(200),
    )


# -- triage output -------------------------------------------------------------------------


def reasons() -> st.SearchStrategy[rp.Reason]:
    return st.builds(
        rp.Reason,
        rule_id=rule_ids(),
        disposition=dispositions(),
        message=texts(),
        source=texts(200),
    )


@st.composite
def triage_results(draw: st.DrawFn) -> rp.TriageResult:
    """Results whose disposition is the most urgent of their reasons (self_care if none)."""
    drawn = draw(st.lists(reasons(), max_size=6, unique_by=lambda reason: reason.rule_id))
    ordered = tuple(sorted(drawn, key=lambda r: (-r.disposition.rank, r.rule_id)))
    disposition = max((r.disposition for r in ordered), default=rp.Disposition.SELF_CARE)
    return rp.TriageResult(
        disposition=disposition,
        reasons=ordered,
        headline=draw(texts(120)),
        advice=draw(texts()),
        catalog_version=draw(texts(200)),
        report=draw(reports()),
    )
