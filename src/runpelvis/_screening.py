"""Placeholder: being written."""

from typing import Any

__all__ = ["CauseFinding", "RunnerHistory", "screen"]


def RunnerHistory(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def CauseFinding(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def screen(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
