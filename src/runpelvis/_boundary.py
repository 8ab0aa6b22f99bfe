"""The planner's JSON boundary: decoded JSON requests in, JSON-ready plans out.

What a service calls (:func:`plan_session_json`, :func:`plan_program_json`). A
request is read the way :func:`~runpelvis.triage_json` reads a report: every
problem at once, each with its path; and a red flag in the request's report is
looked for before anything else, so that no error can hide it (SPEC section 7).
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from ._adaptation import MAX_LOGS, SessionLog
from ._catalog import Catalog, resolve
from ._checks import Checked, checked, instance, integer, one_of, optional, tuple_of
from ._convert import read_request, unstructure
from ._errors import CareRequired
from ._plan import MAX_WEEKS, RunnerProfile
from ._planner import plan_program, plan_session
from ._triage import SymptomReport, TriageResult, red_flag, triage
from ._vocabulary import SESSION_KINDS, SessionKind

__all__ = ["plan_program_json", "plan_session_json"]


@attrs.frozen
class _SessionRequest(Checked):
    profile: RunnerProfile = checked(instance(RunnerProfile))
    kind: SessionKind = checked(one_of(SESSION_KINDS))
    report: SymptomReport | None = checked(optional(instance(SymptomReport)), default=None)


@attrs.frozen
class _ProgramRequest(Checked):
    profile: RunnerProfile = checked(instance(RunnerProfile))
    weeks: int = checked(integer(1, MAX_WEEKS))
    start: datetime.date = checked(instance(datetime.date))
    report: SymptomReport | None = checked(optional(instance(SymptomReport)), default=None)
    logs: tuple[SessionLog, ...] = checked(tuple_of(instance(SessionLog), MAX_LOGS), default=())


def _read(request: object, cls: type[Any], catalog: Catalog) -> Any:
    """The request, once its report (or the valid part of it) shows no red flag.

    A red flag is looked for before anything else, so that an error in the profile
    or elsewhere can never hide it: :class:`CareRequired` comes first (SPEC section 7).
    """
    report = request.get("report") if isinstance(request, dict) else None
    if report is not None:
        flagged = red_flag(report, catalog=catalog)
        if flagged is not None:
            raise CareRequired(flagged)
    for symptoms in _logged_symptoms(request):
        flagged = red_flag(
            {"symptoms": symptoms, "pain": 0, "days_since_onset": 0}, catalog=catalog
        )
        if flagged is not None:
            raise CareRequired(flagged)
    return read_request(
        request,
        cls,
        [
            (("profile", "causes"), catalog.causes, "cause"),
            (("profile", "equipment"), catalog.equipment, "equipment"),
            (("report", "symptoms"), catalog.symptoms, "symptom"),
        ],
    )


def _logged_symptoms(request: object) -> list[object]:
    """The new symptoms of each log of a request, as given, to look for red flags first."""
    logs = request.get("logs") if isinstance(request, dict) else None
    if not isinstance(logs, list):
        return []
    return [log["new_symptoms"] for log in logs if isinstance(log, dict) and "new_symptoms" in log]


def _triaged(report: SymptomReport | None, catalog: Catalog) -> TriageResult | None:
    return None if report is None else triage(report, catalog=catalog)


def plan_session_json(request: object, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """:func:`plan_session` for services: ``{"profile", "kind", "report"?}`` in, a session out.

    A report is triaged first; a red flag raises :class:`~runpelvis.CareRequired`.
    """
    chosen = resolve(catalog)
    parsed: _SessionRequest = _read(request, _SessionRequest, chosen)
    result = _triaged(parsed.report, chosen)
    session = plan_session(parsed.profile, parsed.kind, triage=result, catalog=chosen)
    response: dict[str, Any] = unstructure(session)
    return response


def plan_program_json(request: object, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """:func:`plan_program` for services: ``{"profile", "weeks", "start", "report"?, "logs"?}``.

    ``start`` and each log's ``date`` are ISO dates; a red flag in the report or in a log's
    new symptoms raises :class:`~runpelvis.CareRequired`.
    """
    chosen = resolve(catalog)
    parsed: _ProgramRequest = _read(request, _ProgramRequest, chosen)
    result = _triaged(parsed.report, chosen)
    program = plan_program(
        parsed.profile,
        weeks=parsed.weeks,
        start=parsed.start,
        triage=result,
        catalog=chosen,
        logs=parsed.logs,
    )
    response: dict[str, Any] = unstructure(program)
    return response
