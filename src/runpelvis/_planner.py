"""Placeholder: being written."""

from typing import Any

__all__ = [
    "Activity",
    "Day",
    "Program",
    "RunnerProfile",
    "Session",
    "SessionItem",
    "plan_program",
    "plan_program_json",
    "plan_session",
    "plan_session_json",
]


def RunnerProfile(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def SessionItem(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def Session(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def Activity(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def Day(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def Program(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def plan_session(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def plan_program(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def plan_session_json(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def plan_program_json(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
