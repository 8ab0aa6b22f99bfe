"""Screening: a runner's history in, the likely causes of their pain out.

Each piece of the history is judged by one small check. A check either finds
nothing or names a cause, how strongly the evidence points at it, and a sentence
built from the runner's own numbers. Checks on numbers compare against the
catalog's screening thresholds (``catalog.screening``), so no threshold lives
in code; a check whose input is unknown (``None``) finds nothing.

How strong each kind of evidence is:

``confirmed``
    a clinician's diagnosis (``diagnoses``); medical causes come from nowhere else.
``likely``
    a test or observation of the runner's own body or running: a plank or
    single-leg bridge under its threshold, a tight hip-flexor test, an observed
    form fault other than heel striking, and a rise in running above
    ``two_week_rise_percent`` across two weeks (the rise that a cohort study linked
    with injury).
``possible``
    a habit or a rule of thumb: a week-on-week rise above ``weekly_rise_percent``
    (the conservative 10% rule), fewer rest days than ``min_rest_days_per_week``,
    shoes past ``shoe_km``, no stretching, no cross-training, heel striking (most
    runners land heel first; the evidence that it causes pain is weak).

A rise counts only when it adds at least ``min_rise_minutes``: a few minutes more on
a small base is a large percentage but no real jump in load.

Every check only asks for *worse*: more minutes this week or fewer before it,
fewer rest days, more kilometres, fewer plank seconds or bridges, a ``True``
turning ``False`` (stretching, cross-training) or ``False`` turning ``True``
(a tight hip-flexor test), more form faults or diagnoses. So worse evidence
never removes a finding nor weakens one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Literal, cast, get_args

import attrs

from ._catalog import Catalog, resolve
from ._checks import (
    Check,
    Checked,
    checked,
    checks,
    freeze_optional,
    frozen,
    ident,
    idents,
    instance,
    integer,
    one_of,
    optional,
    set_of,
    show,
    string,
    suggest,
    tuple_of,
    with_schema,
)
from ._content import Threshold
from ._errors import InvalidInput
from ._settings import SCREENING_CAUSES, ScreeningThresholds

__all__ = [
    "FORM_FAULTS",
    "STRENGTHS",
    "CauseFinding",
    "FormFault",
    "RunnerHistory",
    "Strength",
    "screen",
]

FormFault = Literal["overstriding", "heel_striking", "looking_down", "hunched_shoulders", "leaning"]
Strength = Literal["confirmed", "likely", "possible"]

#: The form faults a history may name, in the order evidence lists them.
FORM_FAULTS: tuple[FormFault, ...] = get_args(FormFault)
#: Finding strengths, strongest first.
STRENGTHS: tuple[Strength, ...] = get_args(Strength)

#: How many weeks of running a history may hold (one year).
MAX_WEEKS = 52
#: Minutes in a week: no one runs more.
MINUTES_PER_WEEK = 7 * 24 * 60
DAYS_PER_WEEK = 7
#: Input bounds, far beyond any real runner; they only keep nonsense out.
MAX_SHOE_KM = 100_000
MAX_PLANK_SECONDS = 3600
MAX_BRIDGE_REPS = 1000
#: The most evidence sentences one finding may carry.
MAX_EVIDENCE = 20

#: Causes named by checks that need no threshold (a catalog that loads has each of them;
#: the thresholds are ``catalog.screening_thresholds``, checked when the catalog is built).
SKIPPED_STRETCHING, NO_CROSS_TRAINING, POOR_FORM, TIGHT_HIP_FLEXORS = SCREENING_CAUSES

#: How each form fault reads in a finding's evidence.
FORM_EVIDENCE: Mapping[FormFault, str] = {
    "overstriding": "form: overstriding, the foot lands out ahead of the body",
    "heel_striking": "form: heel striking, landing heel first",
    "looking_down": "form: looking down at the ground while running",
    "hunched_shoulders": "form: hunched shoulders",
    "leaning": "form: leaning forward or back while running",
}

#: How strongly each observed fault points to poor form as a cause of pain. Heel striking
#: is how most runners land, and studies have not tied it to back pain: at most possible.
FORM_STRENGTH: Mapping[FormFault, Strength] = {
    "overstriding": "likely",
    "heel_striking": "possible",
    "looking_down": "likely",
    "hunched_shoulders": "likely",
    "leaning": "likely",
}

_RANK: Mapping[str, int] = {strength: rank for rank, strength in enumerate(STRENGTHS)}


def _weeks(value: object) -> str | None:
    problem = _week_items(value)
    if problem is None and value == ():
        return "must hold at least one week's running minutes, oldest first"
    return problem


_week_items = tuple_of(integer(0, MINUTES_PER_WEEK), MAX_WEEKS)


def _as_tuple(value: Sequence[int]) -> tuple[int, ...]:
    """attrs converter: a list becomes a tuple; the check judges the rest."""
    return tuple(value) if isinstance(value, list) else cast("tuple[int, ...]", value)


def _freeze_faults(
    value: AbstractSet[FormFault] | Sequence[FormFault] | None,
) -> frozenset[FormFault] | None:
    """attrs converter of ``form``: :func:`freeze`, typed with the fault names."""
    return cast("frozenset[FormFault] | None", frozen(value))


def _form_fault(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must hold form fault names, got {show(value)}"
    if value not in FORM_FAULTS:
        return f"unknown form fault {show(value)}{suggest(value, FORM_FAULTS)}"
    return None


def _boolean() -> Check:
    return optional(instance(bool))


@attrs.frozen
class RunnerHistory(Checked):
    """What is known about a runner's training, kit, habits and tests.

    ``weekly_run_minutes`` holds recent weeks' running minutes, oldest first
    (1 to 52 weeks; a list is accepted and kept as a tuple). Every other field
    may be ``None``: unknown, and never evidence of anything. ``form`` and
    ``diagnoses`` accept any set, list or tuple and keep a frozenset; an empty
    set means "checked, none found". ``diagnoses`` holds medical causes a
    clinician has confirmed; :func:`screen` checks them against its catalog.
    """

    weekly_run_minutes: tuple[int, ...] = attrs.field(
        metadata=checks(with_schema(_weeks, _week_items, minItems=1)), converter=_as_tuple
    )
    rest_days_per_week: int | None = attrs.field(
        metadata=checks(optional(integer(0, DAYS_PER_WEEK))), default=None
    )
    shoe_km: int | None = attrs.field(
        metadata=checks(optional(integer(0, MAX_SHOE_KM))), default=None
    )
    stretches: bool | None = attrs.field(metadata=checks(_boolean()), default=None)
    cross_trains: bool | None = attrs.field(metadata=checks(_boolean()), default=None)
    form: frozenset[FormFault] | None = attrs.field(
        metadata=checks(
            optional(set_of(with_schema(_form_fault, one_of(FORM_FAULTS)), len(FORM_FAULTS)))
        ),
        converter=_freeze_faults,
        default=None,
    )
    plank_seconds: int | None = attrs.field(
        metadata=checks(optional(integer(0, MAX_PLANK_SECONDS))), default=None
    )
    single_leg_bridge_reps: int | None = attrs.field(
        metadata=checks(optional(integer(0, MAX_BRIDGE_REPS))), default=None
    )
    hip_flexor_tight: bool | None = attrs.field(metadata=checks(_boolean()), default=None)
    diagnoses: frozenset[str] | None = attrs.field(
        metadata=checks(optional(idents())), converter=freeze_optional, default=None
    )


def _evidence(value: object) -> str | None:
    if value == ():
        return "must hold at least one piece of evidence"
    return _evidence_items(value)


_evidence_items = tuple_of(string(), MAX_EVIDENCE)


@attrs.frozen
class CauseFinding(Checked):
    """A cause that the history points to, how strongly, and why.

    ``strength`` is ``"confirmed"`` (a clinician's diagnosis), ``"likely"`` or
    ``"possible"``; ``evidence`` holds one sentence per fact that points to the
    cause, built from the runner's own numbers, strongest first.
    """

    cause: str = checked(ident)
    strength: Strength = checked(one_of(STRENGTHS))
    evidence: tuple[str, ...] = checked(
        with_schema(_evidence, _evidence_items, minItems=1), converter=_as_tuple
    )


@attrs.frozen
class _Evidence:
    """One fact from a history that points to a cause."""

    cause: str
    strength: Strength
    text: str


_CheckFn = Callable[[RunnerHistory, ScreeningThresholds], Iterator[_Evidence]]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _rose_above(before: int, now: int, percent: int, floor: int) -> bool:
    """Whether ``now`` is more than ``percent`` % above ``before`` and ``floor`` minutes more.

    Any rise from 0 is above every percentage; the floor keeps a few extra minutes on a
    small base (10 to 14 minutes is 40%) from counting as a spike.
    """
    return now - before >= floor and 100 * (now - before) > percent * before


def _rise_text(before: int, now: int, span: str, percent: int) -> str:
    if before == 0:
        return f"running went from none to {_plural(now, 'minute', 'minutes')} in {span}"
    shown = (200 * (now - before) + before) // (2 * before)  # rounded half up
    rise = f"{shown}%" if shown > percent else f"just over {percent}%"
    return f"running rose {rise} in {span}: {before} to {now} minutes, above {percent}%"


def _rise(
    history: RunnerHistory,
    limits: ScreeningThresholds,
    limit: Threshold,
    back: int,
    *,
    span: str,
    strength: Strength,
) -> Iterator[_Evidence]:
    """The latest week against the week ``back`` weeks (``span``) before it."""
    weeks = history.weekly_run_minutes
    if len(weeks) > back:
        before, now = weeks[-1 - back], weeks[-1]
        if _rose_above(before, now, limit.value, limits.min_rise_minutes.value):
            yield _Evidence(limit.cause, strength, _rise_text(before, now, span, limit.value))


def _weekly_rise(history: RunnerHistory, limits: ScreeningThresholds) -> Iterator[_Evidence]:
    """The latest week against the week before it: a possible overuse."""
    return _rise(
        history, limits, limits.weekly_rise_percent, 1, span="one week", strength="possible"
    )


def _two_week_rise(history: RunnerHistory, limits: ScreeningThresholds) -> Iterator[_Evidence]:
    """The latest week against the week two weeks before it: a likely overuse."""
    return _rise(
        history, limits, limits.two_week_rise_percent, 2, span="two weeks", strength="likely"
    )


def _rest_days(history: RunnerHistory, limits: ScreeningThresholds) -> Iterator[_Evidence]:
    days, limit = history.rest_days_per_week, limits.min_rest_days_per_week
    if days is not None and days < limit.value:
        text = f"{_plural(days, 'rest day', 'rest days')} a week, fewer than {limit.value}"
        yield _Evidence(limit.cause, "possible", text)


def _shoes(history: RunnerHistory, limits: ScreeningThresholds) -> Iterator[_Evidence]:
    km, limit = history.shoe_km, limits.shoe_km
    if km is not None and km > limit.value:
        yield _Evidence(limit.cause, "possible", f"shoes at {km} km, past the usual {limit.value}")


def _plank(history: RunnerHistory, limits: ScreeningThresholds) -> Iterator[_Evidence]:
    seconds, limit = history.plank_seconds, limits.plank_seconds
    if seconds is not None and seconds < limit.value:
        text = f"plank held {seconds} s, under {limit.value} s"
        yield _Evidence(limit.cause, "likely", text)


def _bridges(history: RunnerHistory, limits: ScreeningThresholds) -> Iterator[_Evidence]:
    reps, limit = history.single_leg_bridge_reps, limits.single_leg_bridge_reps
    if reps is not None and reps < limit.value:
        done = _plural(reps, "single-leg bridge", "single-leg bridges")
        yield _Evidence(limit.cause, "likely", f"{done} per side, fewer than {limit.value}")


def _stretching(history: RunnerHistory, _: ScreeningThresholds) -> Iterator[_Evidence]:
    if history.stretches is False:
        yield _Evidence(SKIPPED_STRETCHING, "possible", "does not stretch before or after runs")


def _cross_training(history: RunnerHistory, _: ScreeningThresholds) -> Iterator[_Evidence]:
    if history.cross_trains is False:
        yield _Evidence(NO_CROSS_TRAINING, "possible", "only runs, with no cross-training")


def _form(history: RunnerHistory, _: ScreeningThresholds) -> Iterator[_Evidence]:
    faults = history.form or frozenset()
    for fault in FORM_FAULTS:
        if fault in faults:
            yield _Evidence(POOR_FORM, FORM_STRENGTH[fault], FORM_EVIDENCE[fault])


def _hip_flexors(history: RunnerHistory, _: ScreeningThresholds) -> Iterator[_Evidence]:
    if history.hip_flexor_tight is True:
        yield _Evidence(TIGHT_HIP_FLEXORS, "likely", "hip-flexor test: tight")


def _diagnoses(history: RunnerHistory, _: ScreeningThresholds) -> Iterator[_Evidence]:
    for cause in sorted(history.diagnoses or ()):
        yield _Evidence(cause, "confirmed", "diagnosed by a clinician")


#: Every check, in the order their evidence is listed within a strength.
CHECKS: tuple[_CheckFn, ...] = (
    _diagnoses,
    _two_week_rise,
    _weekly_rise,
    _rest_days,
    _shoes,
    _stretching,
    _cross_training,
    _form,
    _plank,
    _bridges,
    _hip_flexors,
)


def _diagnosis_problems(diagnoses: Iterable[str], catalog: Catalog) -> list[tuple[str, str]]:
    medical = sorted(cause.id for cause in catalog.causes.values() if cause.medical)
    problems: list[tuple[str, str]] = []
    for name in sorted(diagnoses):
        cause = catalog.causes.get(name)
        if cause is None:
            problem = f"unknown medical cause {name!r}{suggest(name, medical)}"
        elif not cause.medical:
            problem = (
                f"{name!r} is not a medical cause; a diagnosis names one of "
                f"{', '.join(medical)} (screening finds the others itself)"
            )
        else:
            continue
        problems.append(("diagnoses", problem))
    return problems


def _finding(cause: str, evidence: list[_Evidence]) -> CauseFinding:
    ordered = sorted(evidence, key=lambda item: _RANK[item.strength])  # stable: check order
    return CauseFinding(cause, ordered[0].strength, tuple(item.text for item in ordered))


def _finding_order(finding: CauseFinding) -> tuple[int, str]:
    return _RANK[finding.strength], finding.cause


def screen(history: RunnerHistory, *, catalog: Catalog | None = None) -> tuple[CauseFinding, ...]:
    """The likely causes of a runner's pain, strongest first, then by cause id.

    One :class:`CauseFinding` per cause, carrying every piece of evidence for it.
    This suggests causes; it does not diagnose. Medical causes appear only when a
    clinician's diagnosis is given in ``history.diagnoses`` (as ``"confirmed"``).
    Pure and deterministic. Raises :class:`~runpelvis.InvalidInput` for a
    diagnosis that is not a medical cause of the catalog.
    """
    if not isinstance(history, RunnerHistory):
        raise InvalidInput.at("history", f"must be a RunnerHistory, got {type(history).__name__}")
    chosen = resolve(catalog)
    limits = chosen.screening_thresholds
    problems = _diagnosis_problems(history.diagnoses or (), chosen)
    if problems:
        raise InvalidInput(problems)
    by_cause: dict[str, list[_Evidence]] = {}
    for check in CHECKS:
        for evidence in check(history, limits):
            by_cause.setdefault(evidence.cause, []).append(evidence)
    findings = (_finding(cause, evidence) for cause, evidence in by_cause.items())
    return tuple(sorted(findings, key=_finding_order))
