"""Placeholder: being written."""

from typing import Any

__all__ = [
    "advice_for",
]


def advice_for(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
