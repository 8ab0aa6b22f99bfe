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

    ``triage`` is set when the input was a symptom report (or held one) whose valid
    part already reaches ``urgent`` or ``emergency``: a red flag is never hidden by an
    unrelated error. ``partial`` is what could be decoded of bad JSON text, kept only
    so that such a red flag can still be found; it is ``None`` otherwise.
    """

    def __init__(
        self,
        problems: Iterable[tuple[str, str]],
        *,
        triage: TriageResult | None = None,
        partial: object = None,
    ) -> None:
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        self.errors: list[str] = [f"{path or ROOT}: {message}" for path, message in self.problems]
        self.triage = triage
        self.partial = partial
        super().__init__("\n".join(self.errors) or "invalid input")

    @classmethod
    def at(cls, path: str, message: str) -> InvalidInput:
        """One problem at one place."""
        return cls([(path, message)])

    def under(self, parent: str) -> InvalidInput:
        """The same problems, seen from one level up (``parent`` is a key or ``[index]``)."""
        return InvalidInput((join_path(parent, path), message) for path, message in self.problems)

    def with_triage(self, triage: TriageResult | None) -> InvalidInput:
        """The same problems, carrying ``triage`` (the red flag found in the valid part)."""
        return InvalidInput(self.problems, triage=triage, partial=self.partial)

    def to_json(self) -> dict[str, Any]:
        """``{"errors": [...], "triage": <triage response or null>}``, for services and the CLI."""
        from ._convert import unstructure

        triage = None if self.triage is None else unstructure(self.triage)
        return {"errors": list(self.errors), "triage": triage}

    def __reduce__(self) -> Any:
        return (_rebuild_invalid, (type(self), self.problems, self.triage))


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


def _rebuild_invalid(
    cls: type[InvalidInput],
    problems: tuple[tuple[str, str], ...],
    triage: TriageResult | None,
) -> InvalidInput:
    return cls(problems, triage=triage)


def join_path(parent: str, child: str) -> str:
    """``join_path("profile", "causes[1]") == "profile.causes[1]"``; indexes attach directly."""
    if not parent:
        return child
    if not child:
        return parent
    if child.startswith("["):
        return parent + child
    return f"{parent}.{child}"
