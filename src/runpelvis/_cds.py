"""Placeholder: being written."""

from typing import Any

__all__ = [
    "to_cds_hooks_card",
]


def to_cds_hooks_card(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
