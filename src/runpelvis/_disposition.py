"""How urgent a runner's situation is: the five dispositions, ordered."""

from __future__ import annotations

import enum
import functools

__all__ = ["Disposition"]


@functools.total_ordering
class Disposition(enum.Enum):
    """What a runner should do now, from keep running to emergency care.

    Members compare by urgency: ``Disposition.REST < Disposition.URGENT``.
    The value is the wire id used in JSON.
    """

    SELF_CARE = "self_care"
    REST = "rest"
    SEE_CLINICIAN = "see_clinician"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    # Members are singletons compared by identity, so identity is a sound hash, and a
    # C-level one: the triage engine looks dispositions up on every call. (Enum's own
    # hashes the name in Python.)
    __hash__ = object.__hash__

    @property
    def rank(self) -> int:
        """0 for ``SELF_CARE`` up to 4 for ``EMERGENCY``."""
        return _RANK[self]

    @property
    def may_run(self) -> bool:
        """Whether running goes on: only with ``SELF_CARE``."""
        return self is Disposition.SELF_CARE

    @property
    def needs_care_now(self) -> bool:
        """``URGENT`` or ``EMERGENCY``: no exercise plan, medical care first."""
        return _RANK[self] >= _RANK[Disposition.URGENT]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Disposition):
            return NotImplemented
        return _RANK[self] < _RANK[other]


_RANK = {member: rank for rank, member in enumerate(Disposition)}
