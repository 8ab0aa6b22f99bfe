"""runpelvis: triage and routine planning for runners with back and pelvic pain.

A conservative decision aid, not a diagnosis. See https://pypi.org/project/runpelvis/
and the documentation in ``docs/``.
"""

from __future__ import annotations

from typing import Any

from ._advice import advice_for
from ._catalog import Catalog, default_catalog, load_catalog
from ._cds import to_cds_hooks_card
from ._content import (
    Cause,
    Condition,
    CrossTraining,
    DispositionAdvice,
    Dose,
    Equipment,
    Exercise,
    IntRange,
    Rule,
    Symptom,
    Threshold,
    Tip,
)
from ._disposition import Disposition
from ._errors import CareRequired, InvalidInput, RunpelvisError
from ._ical import to_ical
from ._planner import (
    Activity,
    Day,
    Program,
    RunnerProfile,
    Session,
    SessionItem,
    plan_program,
    plan_program_json,
    plan_session,
    plan_session_json,
)
from ._schema import json_schema
from ._screening import CauseFinding, RunnerHistory, screen
from ._triage import Reason, SymptomReport, TriageResult, triage, triage_json

__all__ = [
    "Activity",
    "CareRequired",
    "Catalog",
    "Cause",
    "CauseFinding",
    "Condition",
    "CrossTraining",
    "Day",
    "Disposition",
    "DispositionAdvice",
    "Dose",
    "Equipment",
    "Exercise",
    "IntRange",
    "InvalidInput",
    "Program",
    "Reason",
    "Rule",
    "RunnerHistory",
    "RunnerProfile",
    "RunpelvisError",
    "Session",
    "SessionItem",
    "Symptom",
    "SymptomReport",
    "Threshold",
    "Tip",
    "TriageResult",
    "advice_for",
    "default_catalog",
    "json_schema",
    "load_catalog",
    "plan_program",
    "plan_program_json",
    "plan_session",
    "plan_session_json",
    "screen",
    "to_cds_hooks_card",
    "to_ical",
    "triage",
    "triage_json",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("runpelvis")
    raise AttributeError(f"module 'runpelvis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
