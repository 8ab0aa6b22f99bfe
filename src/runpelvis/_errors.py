"""The exceptions runpelvis raises: one root, one for bad input, one for red flags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._triage import TriageResult

__all__ = ["CareRequired", "InvalidInput", "RunpelvisError", "join_path"]

#: How the whole of an input is named in a problem's path.
ROOT = "$"


class RunpelvisError(Exception):
    """Root of every exception runpelvis raises on purpose."""


class InvalidInput(RunpelvisError, ValueError):
    """Input that runpelvis cannot use, with every problem found in it.

    ``problems`` holds ``(path, message)`` pairs; ``errors`` renders them as
    ``"symptoms[2]: unknown symptom 'fevr' (did you mean 'fever'?)"`` strings.
    """

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        self.errors: list[str] = [f"{path or ROOT}: {message}" for path, message in self.problems]
        super().__init__("\n".join(self.errors) or "invalid input")

    @classmethod
    def at(cls, path: str, message: str) -> InvalidInput:
        """One problem at one place."""
        return cls([(path, message)])

    def under(self, parent: str) -> InvalidInput:
        """The same problems, seen from one level up (``parent`` is a key or ``[index]``)."""
        return InvalidInput((join_path(parent, path), message) for path, message in self.problems)

    def __reduce__(self) -> tuple[type[InvalidInput], tuple[tuple[tuple[str, str], ...]]]:
        return (type(self), (self.problems,))


class CareRequired(RunpelvisError):
    """Raised instead of an exercise plan when the triage calls for medical care."""

    def __init__(self, triage: TriageResult) -> None:
        self.triage = triage
        super().__init__(
            f"no exercise plan: triage says {triage.disposition.value}. {triage.headline}"
        )

    def __reduce__(self) -> tuple[type[CareRequired], tuple[TriageResult]]:
        return (type(self), (self.triage,))

    def to_json(self) -> dict[str, Any]:
        """``{"error": "care_required", "triage": <the triage response>}``, for services."""
        from ._convert import unstructure

        return {"error": "care_required", "triage": unstructure(self.triage)}


def join_path(parent: str, child: str) -> str:
    """``join_path("profile", "causes[1]") == "profile.causes[1]"``; indexes attach directly."""
    if not parent:
        return child
    if not child:
        return parent
    if child.startswith("["):
        return parent + child
    return f"{parent}.{child}"
