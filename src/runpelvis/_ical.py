"""Placeholder: being written."""

from typing import Any

__all__ = [
    "to_ical",
]


def to_ical(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
