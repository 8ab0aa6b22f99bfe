"""Hypothesis strategies for the planner's tests: profiles, triaged reports, dates, weeks.

Every strategy draws *valid* input over the bundled catalog. The vocabulary that decides
what a plan may hold (levels, the red-flag symptoms and the symptoms a report may carry
without one) is written out from SPEC.md, not read from the planner, so that a drift in
the package shows up as a failing test rather than as a strategy that follows it.
Triage results come from :func:`runpelvis.triage` itself, filtered to the disposition a
test needs, so a test always plans from a result that triage really gives.
"""

from __future__ import annotations

import datetime
import functools
import json
import pathlib
import tempfile
from typing import Any

from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._convert import unstructure
from spec import RED_FLAGS

__all__ = [
    "CAUSE_IDS",
    "EQUIPMENT_IDS",
    "EXTENSION",
    "LEVELS",
    "NON_RED_FLAG_SYMPTOMS",
    "PLANNABLE",
    "RED_FLAG_PAIRS",
    "RED_FLAG_SYMPTOMS",
    "SESSION_KINDS",
    "SYMPTOM_IDS",
    "activity_document",
    "exercise_document",
    "extended_catalog",
    "extensions",
    "load_extension",
    "planner_reports",
    "profile_json",
    "profiles",
    "red_flag_reports",
    "report_json",
    "reports_triaged_as",
    "starts",
    "triages",
    "weeks",
]

CATALOG = rp.default_catalog()

#: Runner levels, easiest first (SPEC section 2).
LEVELS = s.LEVELS
#: The session kinds of ``plan_session`` (SPEC section 2).
SESSION_KINDS = ("warm_up", "cool_down", "strength", "recovery")

#: Ids of the bundled catalog, sorted so that draws are reproducible.
CAUSE_IDS: tuple[str, ...] = tuple(sorted(CATALOG.causes))
EQUIPMENT_IDS: tuple[str, ...] = tuple(sorted(CATALOG.equipment))
SYMPTOM_IDS: tuple[str, ...] = tuple(sorted(CATALOG.symptoms))

#: Symptoms that alone force ``urgent`` or ``emergency`` (SPEC section 1).
RED_FLAG_SYMPTOMS: tuple[str, ...] = tuple(RED_FLAGS)
#: Everything else: alone, each symptom asks for at most ``see_clinician``.
NON_RED_FLAG_SYMPTOMS: tuple[str, ...] = tuple(
    symptom for symptom in SYMPTOM_IDS if symptom not in RED_FLAG_SYMPTOMS
)
#: Self-care symptoms (SPEC section 1), and the one that asks for rest.
_SELF_CARE_SYMPTOMS = ("pain_after_running", "stiffness_or_soreness")
_REST_SYMPTOM = "pain_while_running"

#: The dispositions a plan is produced for.
PLANNABLE = (rp.Disposition.SELF_CARE, rp.Disposition.REST, rp.Disposition.SEE_CLINICIAN)


# -- an extension catalog --------------------------------------------------------------------


def exercise_document(
    id: str,
    kind: str,
    *,
    level: str = "beginner",
    gentle: bool = True,
    contraindications: tuple[str, ...] = (),
    equipment: tuple[str, ...] = (),
    addresses: tuple[str, ...] = (),
    sets: int = 1,
    reps: tuple[int, int] | None = None,
    hold: tuple[int, int] | None = None,
    per_side: bool = False,
) -> dict[str, Any]:
    return {
        "id": id,
        "name": id.replace("_", " ").capitalize(),
        "kind": kind,
        "level": level,
        "addresses": list(addresses),
        "contraindications": list(contraindications),
        "equipment": list(equipment),
        "dose": {
            "sets": sets,
            "reps": None if reps is None else {"low": reps[0], "high": reps[1]},
            "hold_seconds": None if hold is None else {"low": hold[0], "high": hold[1]},
            "per_side": per_side,
        },
        "gentle": gentle,
        "steps": ["Test step."],
        "cues": ["Test cue."],
        "source": "runpelvis planner tests",
    }


def activity_document(
    id: str, *, gentle: bool, contraindications: tuple[str, ...], equipment: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "id": id,
        "name": id.replace("_", " ").capitalize(),
        "equipment": list(equipment),
        "addresses": ["no_cross_training"],
        "contraindications": list(contraindications),
        "gentle": gentle,
        "description": "A test activity.",
        "source": "runpelvis planner tests",
    }


#: An extension of the bundled catalog that makes rules visible which the bundled data
#: cannot show: gentle exercises ruled out by symptoms that triage lets a runner plan with
#: (the bundled ones that symptoms rule out are never gentle, and their symptoms force
#: ``see_clinician``), gentle exercises above a level or needing equipment, and long doses
#: that the warm-up and cool-down caps must cut (the bundled ones never reach the caps).
EXTENSION: dict[str, Any] = {
    "version": "planner-tests.1",
    "extends": "runpelvis",
    "exercises": [
        exercise_document(
            "xt_soft_core_hold",
            "strength",
            contraindications=("stiffness_or_soreness", "overuse"),
            addresses=("weak_core",),
            sets=2,
            hold=(20, 40),
        ),
        exercise_document(
            "xt_band_walk",
            "strength",
            level="intermediate",
            contraindications=("pain_after_running", "poor_form"),
            equipment=("mat",),
            addresses=("weak_glutes",),
            sets=3,
            reps=(10, 15),
            per_side=True,
        ),
        exercise_document(
            "xt_heavy_carry",
            "strength",
            level="advanced",
            gentle=False,
            contraindications=("pain_while_running",),
            equipment=("dumbbells", "barbell"),
            addresses=("weak_core",),
            sets=3,
            reps=(8, 12),
        ),
        exercise_document(
            "xt_long_leg_circles",
            "mobility",
            contraindications=("pain_while_running",),
            addresses=("tight_hip_flexors",),
            reps=(20, 30),
            hold=(5, 10),
            per_side=True,
        ),
        exercise_document(
            "xt_slow_hip_openers",
            "mobility",
            contraindications=("skipped_stretching",),
            reps=(20, 30),
            hold=(5, 10),
            per_side=True,
        ),
        exercise_document(
            "xt_ball_mobility",
            "mobility",
            level="advanced",
            equipment=("pool",),
            reps=(20, 30),
            hold=(5, 10),
            per_side=True,
        ),
        exercise_document(
            "xt_long_quad_stretch",
            "stretch",
            contraindications=("worn_or_ill_fitting_shoes",),
            addresses=("tight_hip_flexors",),
            sets=3,
            hold=(30, 60),
            per_side=True,
        ),
        exercise_document(
            "xt_long_hamstring_stretch",
            "stretch",
            contraindications=("pain_after_running",),
            sets=3,
            hold=(30, 60),
            per_side=True,
        ),
        exercise_document(
            "xt_strap_stretch",
            "stretch",
            level="intermediate",
            equipment=("mat",),
            sets=3,
            hold=(30, 60),
            per_side=True,
        ),
        exercise_document(
            "xt_deep_lunge_stretch",
            "stretch",
            gentle=False,
            contraindications=("stiffness_or_soreness",),
            sets=3,
            hold=(30, 60),
            per_side=True,
        ),
    ],
    "cross_training": [
        activity_document(
            "xt_aqua_jogging",
            gentle=True,
            contraindications=("stiffness_or_soreness", "overuse"),
            equipment=("pool",),
        ),
        activity_document(
            "xt_walking", gentle=True, contraindications=("pain_after_running",), equipment=()
        ),
        activity_document(
            "xt_rowing", gentle=False, contraindications=("pain_while_running",), equipment=()
        ),
    ],
}


@functools.cache
def extended_catalog() -> rp.Catalog:
    """The bundled catalog with :data:`EXTENSION`, loaded once."""
    return load_extension(EXTENSION)


_NAME_LETTERS = "abcdefghijklmnopqrstuvwxyz -'"


def _names() -> st.SearchStrategy[str]:
    """Names of 1-80 characters, never blank."""
    letters = st.text(st.sampled_from(_NAME_LETTERS), min_size=1, max_size=80)
    return letters.filter(lambda name: bool(name.strip()))


def _stretch_doses() -> st.SearchStrategy[rp.Dose]:
    return st.builds(
        rp.Dose,
        sets=st.integers(1, 5),
        reps=st.none() | s.int_ranges(1, 30),
        hold_seconds=s.int_ranges(30, 60),
        per_side=st.booleans(),
    )


@st.composite
def extensions(draw: st.DrawFn) -> dict[str, Any]:
    """A catalog document extending the bundled one with generated exercises and activities.

    Every field is drawn over its whole valid range from the catalog's own ids, so any
    mix of kind, level, gentleness, equipment, contraindications and dose comes up.
    """
    some_causes = st.frozensets(st.sampled_from(CAUSE_IDS), max_size=3)
    ruled_out_by = st.frozensets(st.sampled_from(CAUSE_IDS + SYMPTOM_IDS), max_size=3)
    needs = st.frozensets(st.sampled_from(EQUIPMENT_IDS), max_size=2)
    exercises = []
    for index in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(("stretch", "mobility", "strength")))
        exercise = rp.Exercise(
            id=f"gx_exercise_{index}",
            name=draw(_names()),
            kind=kind,
            level=draw(st.sampled_from(LEVELS)),
            addresses=draw(some_causes),
            contraindications=draw(ruled_out_by),
            equipment=draw(needs),
            dose=draw(_stretch_doses() if kind == "stretch" else s.doses()),
            gentle=draw(st.booleans()),
            steps=("A generated step.",),
            cues=(),
            source="generated by the planner tests",
        )
        exercises.append(unstructure(exercise))
    activities = []
    for index in range(draw(st.integers(0, 3))):
        activity = rp.CrossTraining(
            id=f"gx_activity_{index}",
            name=draw(_names()),
            equipment=draw(needs),
            addresses=draw(some_causes),
            contraindications=draw(ruled_out_by),
            gentle=draw(st.booleans()),
            description="A generated activity.",
            source="generated by the planner tests",
        )
        activities.append(unstructure(activity))
    return {
        "version": "generated.1",
        "extends": "runpelvis",
        "exercises": exercises,
        "cross_training": activities,
    }


def load_extension(document: dict[str, Any]) -> rp.Catalog:
    """The bundled catalog extended by ``document`` (written to a file, as users do)."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "extension.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return rp.load_catalog(path)


# -- profiles --------------------------------------------------------------------------------


def weekly_minutes() -> st.SearchStrategy[int]:
    """0-1500, with extra weight on 0 and on amounts too small to share between runs."""
    return st.one_of(st.just(0), st.integers(1, 20), st.integers(0, 1500))


def profiles(
    *,
    causes: st.SearchStrategy[frozenset[str]] | None = None,
    runs_per_week: st.SearchStrategy[int] | None = None,
    weekly_run_minutes: st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[rp.RunnerProfile]:
    """Any valid profile over the catalog: every cause (medical ones too), level, equipment."""
    return st.builds(
        rp.RunnerProfile,
        causes=st.frozensets(st.sampled_from(CAUSE_IDS)) if causes is None else causes,
        level=st.sampled_from(LEVELS),
        equipment=st.frozensets(st.sampled_from(EQUIPMENT_IDS)),
        session_minutes=st.one_of(st.integers(5, 20), st.integers(5, 180)),
        runs_per_week=st.integers(0, 6) if runs_per_week is None else runs_per_week,
        weekly_run_minutes=weekly_minutes() if weekly_run_minutes is None else weekly_run_minutes,
    )


def profile_json(profile: rp.RunnerProfile) -> dict[str, Any]:
    """The decoded-JSON form of ``profile``, written out by hand (not via the converter)."""
    return {
        "causes": sorted(profile.causes),
        "level": profile.level,
        "equipment": sorted(profile.equipment),
        "session_minutes": profile.session_minutes,
        "runs_per_week": profile.runs_per_week,
        "weekly_run_minutes": profile.weekly_run_minutes,
    }


# -- reports and triage ----------------------------------------------------------------------


def planner_reports(
    pool: tuple[str, ...] = SYMPTOM_IDS,
    *,
    pain: st.SearchStrategy[int] | None = None,
    days: st.SearchStrategy[int] | None = None,
    max_symptoms: int = 6,
) -> st.SearchStrategy[rp.SymptomReport]:
    """Reports from symptoms of ``pool``, pain 0-10 and 0-60 days since onset."""
    return st.builds(
        rp.SymptomReport,
        symptoms=(
            st.frozensets(st.sampled_from(pool), max_size=max_symptoms)
            if pool
            else st.just(frozenset())
        ),
        pain=st.integers(0, 10) if pain is None else pain,
        days_since_onset=st.integers(0, 60) if days is None else days,
        # risk factors rule exercises out too (pregnancy, osteoporosis, ...)
        risk_factors=_RISK_SETS,
    )


_RISK_SETS = st.just(frozenset()) | st.frozensets(
    st.sampled_from(sorted(rp.default_catalog().risk_factors)), max_size=2
)


def report_json(report: rp.SymptomReport) -> dict[str, Any]:
    return {
        "symptoms": sorted(report.symptoms),
        "pain": report.pain,
        "days_since_onset": report.days_since_onset,
        "risk_factors": sorted(report.risk_factors),
    }


@st.composite
def _rest_reports(draw: st.DrawFn) -> rp.SymptomReport:
    """Pain while running, or pain of 7 or more, within two weeks of onset."""
    symptoms = draw(st.frozensets(st.sampled_from(_SELF_CARE_SYMPTOMS)))
    if draw(st.booleans()):
        symptoms |= {_REST_SYMPTOM}
        pain = draw(st.integers(0, 10))
    else:
        pain = draw(st.integers(7, 10))
    return rp.SymptomReport(symptoms=symptoms, pain=pain, days_since_onset=draw(st.integers(0, 13)))


def _with_extra(extra: tuple[str, ...] | str, report: rp.SymptomReport) -> rp.SymptomReport:
    """``report`` with the symptom(s) ``extra`` added."""
    added = {extra} if isinstance(extra, str) else set(extra)
    return rp.SymptomReport(
        symptoms=report.symptoms | added,
        pain=report.pain,
        days_since_onset=report.days_since_onset,
    )


def _reports_towards(disposition: rp.Disposition) -> st.SearchStrategy[rp.SymptomReport]:
    """Reports that mostly triage to ``disposition`` (callers filter on the real answer)."""
    if disposition is rp.Disposition.SELF_CARE:
        return st.one_of(
            planner_reports(_SELF_CARE_SYMPTOMS, pain=st.integers(0, 6), days=st.integers(0, 13)),
            planner_reports((), pain=st.just(0)),
        )
    if disposition is rp.Disposition.REST:
        return _rest_reports()
    if disposition is rp.Disposition.SEE_CLINICIAN:
        return st.one_of(
            st.builds(
                _with_extra,
                st.sampled_from(NON_RED_FLAG_SYMPTOMS),
                planner_reports(NON_RED_FLAG_SYMPTOMS),
            ),
            planner_reports(_SELF_CARE_SYMPTOMS, pain=st.integers(1, 10), days=st.integers(14, 60)),
        )
    return red_flag_reports()


def reports_triaged_as(*dispositions: rp.Disposition) -> st.SearchStrategy[rp.SymptomReport]:
    """Reports whose triage is one of ``dispositions``."""
    return st.one_of(*map(_reports_towards, dispositions)).filter(
        lambda report: rp.triage(report).disposition in dispositions
    )


def triages(
    *dispositions: rp.Disposition, none: bool = True
) -> st.SearchStrategy[rp.TriageResult | None]:
    """A triage result of one of ``dispositions`` (default: any that plans), or ``None``.

    Besides reports steered to each disposition, any report of any symptoms that does
    not call for care now is drawn too, so that mixes of symptoms come up.
    """
    chosen = dispositions or PLANNABLE
    sources = [reports_triaged_as(*chosen)]
    if not dispositions:
        sources.append(
            planner_reports().filter(lambda r: not rp.triage(r).disposition.needs_care_now)
        )
    results = st.one_of(*sources).map(rp.triage)
    return st.none() | results if none else results


#: Pairs of symptoms that together force ``urgent`` or ``emergency`` (SPEC section 1).
RED_FLAG_PAIRS: tuple[tuple[str, str], ...] = (
    ("both_legs", "numbness_or_tingling"),
    ("both_legs", "leg_weakness"),
    ("both_legs", "pain_radiating_down_leg"),
)


def red_flag_reports() -> st.SearchStrategy[rp.SymptomReport]:
    """Reports with a red-flag symptom or pair (SPEC section 1), whatever else they hold.

    Not filtered through triage: a test can check that triage calls each one urgent.
    """
    return st.builds(
        _with_extra,
        st.sampled_from(RED_FLAG_SYMPTOMS) | st.sampled_from(RED_FLAG_PAIRS),
        planner_reports(),
    )


# -- dates and lengths -----------------------------------------------------------------------


def starts() -> st.SearchStrategy[datetime.date]:
    return st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


def weeks() -> st.SearchStrategy[int]:
    return st.integers(1, 12)
