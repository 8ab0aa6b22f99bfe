"""The content the planner, screening and advice work from: causes, exercises, tips, numbers.

Every item is a frozen, slotted attrs class with a stable snake_case id and a
``source``. Fields are checked on construction; see ``_checks``. What triage reads
(symptoms, rules, disposition advice) lives in ``_rules``, so that a service that
only triages never defines these classes.
"""

from collections.abc import Iterable
from typing import Literal, get_args

import attrs

from ._checks import (
    Checked,
    checked,
    freeze,
    ident,
    idents,
    instance,
    integer,
    one_of,
    optional,
    string,
    texts,
    tuple_of,
)
from ._vocabulary import LEVELS, Level

__all__ = [
    "CAUSE_GROUPS",
    "EXERCISE_KINDS",
    "LEVELS",
    "TIP_TOPICS",
    "Cause",
    "CauseGroup",
    "Caution",
    "CrossTraining",
    "Dose",
    "Equipment",
    "Exercise",
    "ExerciseKind",
    "IntRange",
    "Level",
    "Setting",
    "Threshold",
    "Tip",
    "TipTopic",
]

ExerciseKind = Literal["stretch", "mobility", "strength"]
CauseGroup = Literal["training_load", "technique", "muscular", "habit", "equipment", "medical"]
TipTopic = Literal[
    "form", "footwear", "recovery", "lifestyle", "therapy", "mistake", "cross_training"
]

EXERCISE_KINDS: tuple[ExerciseKind, ...] = get_args(ExerciseKind)
CAUSE_GROUPS: tuple[CauseGroup, ...] = get_args(CauseGroup)
TIP_TOPICS: tuple[TipTopic, ...] = get_args(TipTopic)

#: The hold the source gives every stretch, in seconds.
STRETCH_HOLD = (30, 60)
_REPS = (1, 30)
_HOLD = (1, 300)


@attrs.frozen
class Cause(Checked):
    """A likely reason for back or pelvic pain, such as ``weak_core``."""

    id: str = checked(ident)
    name: str = checked(string(80))
    group: CauseGroup = checked(one_of(CAUSE_GROUPS))
    summary: str = checked(string())
    source: str = checked(string(300))

    @property
    def medical(self) -> bool:
        """Whether only a clinician can confirm or treat it."""
        return self.group == "medical"


@attrs.frozen
class Equipment(Checked):
    """Something an exercise or activity may need, such as ``dumbbells`` or ``pool``."""

    id: str = checked(ident)
    name: str = checked(string(80))


@attrs.frozen
class IntRange(Checked):
    """Whole numbers from ``low`` to ``high``: start at ``low``, build towards ``high``."""

    low: int = checked(integer(0, 3600))
    high: int = checked(integer(0, 3600))

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.low > self.high:
            yield "high", f"must be at least low ({self.low}), got {self.high}"

    def within(self, low: int, high: int) -> bool:
        return low <= self.low and self.high <= high


@attrs.frozen
class Dose(Checked):
    """How much of an exercise: sets of reps, a hold, or both; ``per_side`` doubles it."""

    sets: int = checked(integer(1, 5))
    reps: IntRange | None = checked(optional(instance(IntRange)))
    hold_seconds: IntRange | None = checked(optional(instance(IntRange)))
    per_side: bool = checked(instance(bool), default=False)

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.reps is None and self.hold_seconds is None:
            yield "reps", "a dose needs reps, hold_seconds or both"
        if self.reps is not None and not self.reps.within(*_REPS):
            yield "reps", f"must lie within {_REPS[0]}-{_REPS[1]}"
        if self.hold_seconds is not None and not self.hold_seconds.within(*_HOLD):
            yield "hold_seconds", f"must lie within {_HOLD[0]}-{_HOLD[1]} s"


def _usable(needs: frozenset[str], have: frozenset[str]) -> bool:
    return not needs or not needs.isdisjoint(have)


@attrs.frozen
class Caution(Checked):
    """Why some contraindications of an exercise rule it out, in words for the runner.

    ``ids`` are symptom, risk-factor or cause ids from the exercise's
    ``contraindications``; ``why`` is what an exclusion says when one of them is
    reported; ``source`` names the guideline behind it.
    """

    ids: frozenset[str] = checked(idents(), converter=freeze)
    why: str = checked(string(300))
    source: str = checked(string(300))


@attrs.frozen
class Exercise(Checked):
    """A stretch, mobility move or strength exercise, with its dose and how to do it.

    ``equipment`` lists ids of which any one is enough (empty: bodyweight);
    ``contraindications`` lists symptom, risk-factor and cause ids that rule it out,
    and ``cautions`` say why for some of them, with their sources;
    ``gentle`` marks low-load moves that suit a runner waiting to see a clinician.
    """

    id: str = checked(ident)
    name: str = checked(string(80))
    kind: ExerciseKind = checked(one_of(EXERCISE_KINDS))
    level: Level = checked(one_of(LEVELS))
    addresses: frozenset[str] = checked(idents(), converter=freeze)
    contraindications: frozenset[str] = checked(idents(), converter=freeze)
    equipment: frozenset[str] = checked(idents(), converter=freeze)
    dose: Dose = checked(instance(Dose))
    gentle: bool = checked(instance(bool))
    steps: tuple[str, ...] = checked(texts())
    cues: tuple[str, ...] = checked(texts())
    source: str = checked(string(300))
    cautions: tuple[Caution, ...] = checked(tuple_of(instance(Caution), 20), default=())

    def _problems(self) -> Iterable[tuple[str, str]]:
        if self.kind == "stretch":
            hold = self.dose.hold_seconds
            if hold is None or not hold.within(*STRETCH_HOLD):
                yield "dose.hold_seconds", "a stretch is held within 30-60 s"
        for index, caution in enumerate(self.cautions):
            for stray in sorted(caution.ids - self.contraindications):
                yield f"cautions[{index}].ids", f"{stray!r} is not among the contraindications"

    def caution_for(self, reported: str) -> Caution | None:
        """The caution that explains why ``reported`` rules this exercise out, if any."""
        return next((c for c in self.cautions if reported in c.ids), None)

    def usable_with(self, equipment: frozenset[str]) -> bool:
        """Whether a runner with this equipment can do it."""
        return _usable(self.equipment, equipment)


@attrs.frozen
class CrossTraining(Checked):
    """A cross-training activity for non-run days, such as ``swimming``."""

    id: str = checked(ident)
    name: str = checked(string(80))
    equipment: frozenset[str] = checked(idents(), converter=freeze)
    addresses: frozenset[str] = checked(idents(), converter=freeze)
    contraindications: frozenset[str] = checked(idents(), converter=freeze)
    gentle: bool = checked(instance(bool))
    description: str = checked(string())
    source: str = checked(string(300))

    def usable_with(self, equipment: frozenset[str]) -> bool:
        """Whether a runner with this equipment can do it."""
        return _usable(self.equipment, equipment)


@attrs.frozen
class Tip(Checked):
    """A piece of advice on a ``topic`` that helps with the causes it ``addresses``."""

    id: str = checked(ident)
    topic: TipTopic = checked(one_of(TIP_TOPICS))
    text: str = checked(string())
    addresses: frozenset[str] = checked(idents(), converter=freeze)
    source: str = checked(string(300))


@attrs.frozen
class Threshold(Checked):
    """A number the screening uses, such as the 10% weekly rise, with its source."""

    id: str = checked(ident)
    cause: str = checked(ident)
    value: int = checked(integer(0, 100_000))
    description: str = checked(string())
    source: str = checked(string(300))


@attrs.frozen
class Setting(Checked):
    """A number the planner works by, such as the 10% weekly growth, with its source."""

    id: str = checked(ident)
    value: int = checked(integer(0, 100_000))
    description: str = checked(string())
    source: str = checked(string(300))
