"""runpelvis: triage and routine planning for runners with back and pelvic pain.

A conservative decision aid, not a diagnosis: see ``docs/safety.md``.

The public names below are imported on first use, so ``import runpelvis`` stays
cheap for a service that only calls :func:`triage_json`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._adaptation import Adjustment, Decision, LogKind, SessionLog
    from ._advice import advice_for
    from ._boundary import plan_program_json, plan_session_json
    from ._catalog import Catalog, default_catalog, load_catalog
    from ._cds import to_cds_hooks_card
    from ._content import (
        Cause,
        CauseGroup,
        Caution,
        CrossTraining,
        Dose,
        Equipment,
        Exercise,
        ExerciseKind,
        IntRange,
        Setting,
        Threshold,
        Tip,
        TipTopic,
    )
    from ._convert import from_json, to_json
    from ._disposition import Disposition
    from ._errors import CareRequired, InvalidInput, RunpelvisError
    from ._fhir import (
        report_from_fhir,
        to_fhir_care_plan,
        to_fhir_questionnaire,
        to_fhir_risk_assessment,
    )
    from ._ical import to_ical
    from ._interview import (
        Answers,
        InterviewStep,
        Question,
        QuestionItem,
        interview,
        interview_json,
    )
    from ._jsontext import read_json
    from ._openapi import openapi
    from ._plan import Activity, Day, Exclusion, Program, RunnerProfile, Session, SessionItem
    from ._planner import plan_program, plan_session
    from ._plot import plot_program
    from ._rules import (
        Condition,
        DispositionAdvice,
        QuestionGroup,
        QuestionKind,
        RiskFactor,
        Rule,
        Symptom,
        UnsureRule,
    )
    from ._schema import json_schema
    from ._screening import CauseFinding, FormFault, RunnerHistory, Strength, screen
    from ._triage import Reason, SymptomReport, TriageResult, red_flag, triage, triage_json
    from ._vocabulary import ActivityKind, Level, SessionKind

__all__ = [
    "Activity",
    "ActivityKind",
    "Adjustment",
    "Answers",
    "CareRequired",
    "Catalog",
    "Cause",
    "CauseFinding",
    "CauseGroup",
    "Caution",
    "Condition",
    "CrossTraining",
    "Day",
    "Decision",
    "Disposition",
    "DispositionAdvice",
    "Dose",
    "Equipment",
    "Exclusion",
    "Exercise",
    "ExerciseKind",
    "FormFault",
    "IntRange",
    "InterviewStep",
    "InvalidInput",
    "Level",
    "LogKind",
    "Program",
    "Question",
    "QuestionGroup",
    "QuestionItem",
    "QuestionKind",
    "Reason",
    "RiskFactor",
    "Rule",
    "RunnerHistory",
    "RunnerProfile",
    "RunpelvisError",
    "Session",
    "SessionItem",
    "SessionKind",
    "SessionLog",
    "Setting",
    "Strength",
    "Symptom",
    "SymptomReport",
    "Threshold",
    "Tip",
    "TipTopic",
    "TriageResult",
    "UnsureRule",
    "advice_for",
    "default_catalog",
    "from_json",
    "interview",
    "interview_json",
    "json_schema",
    "load_catalog",
    "openapi",
    "plan_program",
    "plan_program_json",
    "plan_session",
    "plan_session_json",
    "plot_program",
    "read_json",
    "red_flag",
    "report_from_fhir",
    "screen",
    "to_cds_hooks_card",
    "to_fhir_care_plan",
    "to_fhir_questionnaire",
    "to_fhir_risk_assessment",
    "to_ical",
    "to_json",
    "triage",
    "triage_json",
]

#: Which private module defines each public name.
_HOMES = {
    "._adaptation": ("Adjustment", "Decision", "LogKind", "SessionLog"),
    "._advice": ("advice_for",),
    "._boundary": ("plan_program_json", "plan_session_json"),
    "._catalog": ("Catalog", "default_catalog", "load_catalog"),
    "._cds": ("to_cds_hooks_card",),
    "._content": (
        "Caution",
        "Cause",
        "CauseGroup",
        "CrossTraining",
        "Dose",
        "Equipment",
        "Exercise",
        "ExerciseKind",
        "IntRange",
        "Setting",
        "Threshold",
        "Tip",
        "TipTopic",
    ),
    "._convert": ("from_json", "to_json"),
    "._disposition": ("Disposition",),
    "._errors": ("CareRequired", "InvalidInput", "RunpelvisError"),
    "._fhir": (
        "report_from_fhir",
        "to_fhir_care_plan",
        "to_fhir_questionnaire",
        "to_fhir_risk_assessment",
    ),
    "._ical": ("to_ical",),
    "._interview": (
        "Answers",
        "InterviewStep",
        "Question",
        "QuestionItem",
        "interview",
        "interview_json",
    ),
    "._jsontext": ("read_json",),
    "._openapi": ("openapi",),
    "._plan": (
        "Activity",
        "Day",
        "Exclusion",
        "Program",
        "RunnerProfile",
        "Session",
        "SessionItem",
    ),
    "._planner": ("plan_program", "plan_session"),
    "._plot": ("plot_program",),
    "._rules": (
        "Condition",
        "DispositionAdvice",
        "QuestionGroup",
        "QuestionKind",
        "RiskFactor",
        "Rule",
        "Symptom",
        "UnsureRule",
    ),
    "._schema": ("json_schema",),
    "._screening": ("CauseFinding", "FormFault", "RunnerHistory", "Strength", "screen"),
    "._triage": ("Reason", "SymptomReport", "TriageResult", "red_flag", "triage", "triage_json"),
    "._vocabulary": ("ActivityKind", "Level", "SessionKind"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("runpelvis")
    raise AttributeError(f"module 'runpelvis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
