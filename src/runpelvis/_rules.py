"""What triage reads: the symptoms a runner reports, the rules that weigh them, and the advice
for each disposition; and the bundled ones, read on their own.

Every item is a frozen, slotted attrs class with a stable id (a snake_case ``id``, a
dotted ``rule_id``, or its disposition) and a ``source``. They are part of every
catalog; :func:`bundled_rules` also reads them without the rest of it (exercises,
tips, planner numbers), so that a service that only triages starts fast.
"""

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import attrs

from ._checks import Checked, checked, freeze, ident, idents, instance, integer, optional, string
from ._disposition import Disposition
from ._documents import MAX_VERSION, document_problems, read_bundled
from ._errors import InvalidInput

__all__ = [
    "RULE_FILES",
    "Condition",
    "DispositionAdvice",
    "Rule",
    "Rulebook",
    "Symptom",
    "bundled_rules",
]

#: The bundled data files that hold the version, the disposition advice, the
#: symptoms and the rules, in the order they are read: the first of the catalog's files.
RULE_FILES = ("catalog.json", "symptoms.json", "rules.json")

_rule_id = string(80)


@attrs.frozen
class Symptom(Checked):
    """Something a runner can report, such as ``fever`` or ``saddle_numbness``."""

    id: str = checked(ident)
    name: str = checked(string(80))
    description: str = checked(string())
    source: str = checked(string(200))


@attrs.frozen
class Condition(Checked):
    """When a triage rule fires: every part that is set must hold.

    ``symptoms`` must all be reported; ``pain`` must reach ``pain_at_least``;
    ``days_since_onset`` must reach ``days_at_least``; with ``any_complaint``
    the runner must report some pain or at least one symptom. Every part only
    asks for *more*, so a rule that fires keeps firing as a report gets worse.
    """

    symptoms: frozenset[str] = checked(idents(), converter=freeze, factory=frozenset)
    pain_at_least: int | None = checked(optional(integer(0, 10)), default=None)
    days_at_least: int | None = checked(optional(integer(0, 36_500)), default=None)
    any_complaint: bool = checked(instance(bool), default=False)

    def _problems(self) -> Iterable[tuple[str, str]]:
        if not self.symptoms and self.pain_at_least is None and self.days_at_least is None:
            yield "symptoms", "a rule needs at least one symptom, pain_at_least or days_at_least"

    def holds(self, symptoms: frozenset[str], pain: int, days: int) -> bool:
        return (
            self.symptoms <= symptoms
            and (self.pain_at_least is None or pain >= self.pain_at_least)
            and (self.days_at_least is None or days >= self.days_at_least)
            and (not self.any_complaint or pain > 0 or bool(symptoms))
        )


@attrs.frozen
class Rule(Checked):
    """A triage rule: when it fires, the disposition is at least ``disposition``."""

    rule_id: str = checked(_rule_id)
    disposition: Disposition = checked(instance(Disposition))
    when: Condition = checked(instance(Condition))
    message: str = checked(string())
    source: str = checked(string(200))


@attrs.frozen
class DispositionAdvice(Checked):
    """What to do now for one disposition: a headline and a few sentences."""

    disposition: Disposition = checked(instance(Disposition))
    headline: str = checked(string(120))
    advice: str = checked(string())
    source: str = checked(string(200))


@attrs.frozen
class _RulesDocument(Checked):
    """One of :data:`RULE_FILES`: the sections of a catalog document that triage reads."""

    version: str | None = checked(optional(string(MAX_VERSION)), default=None)
    symptoms: tuple[Symptom, ...] = ()
    rules: tuple[Rule, ...] = ()
    dispositions: tuple[DispositionAdvice, ...] = ()


class Rulebook(NamedTuple):
    """What triage reads from a catalog: its version, symptom ids, rules and advice."""

    version: str
    symptoms: Iterable[str]
    rules: Iterable[Rule]
    dispositions: Mapping[Disposition, DispositionAdvice]


def bundled_rules() -> Rulebook:
    """The bundled catalog's rules, read and checked on their own (see the module's doc)."""
    version, documents = read_bundled(RULE_FILES, _RulesDocument)
    problems = list(document_problems(documents))
    if problems:
        raise InvalidInput(problems)
    return Rulebook(
        version,
        [symptom.id for _, document in documents for symptom in document.symptoms],
        [rule for _, document in documents for rule in document.rules],
        {
            advice.disposition: advice
            for _, document in documents
            for advice in document.dispositions
        },
    )
