"""Placeholder: being written."""

from typing import Any

__all__ = [
    "json_schema",
]


def json_schema(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
