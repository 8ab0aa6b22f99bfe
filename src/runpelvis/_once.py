"""A value built on first use, once, however many threads ask: the bundled data's loader."""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Once"]

_T = TypeVar("_T")


class Once(Generic[_T]):
    """A value built by ``build()`` on first use, once, however many threads ask at once."""

    def __init__(self, build: Callable[[], _T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: _T | None = None

    def get(self) -> _T:
        value = self._value
        if value is None:
            with self._lock:
                value = self._value
                if value is None:
                    value = self._value = self._build()
        return value

    @property
    def built(self) -> bool:
        """Whether the value has been built yet."""
        return self._value is not None

    def forget(self) -> None:
        """Drop the value: the next :meth:`get` builds it again."""
        with self._lock:
            self._value = None
