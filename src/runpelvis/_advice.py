"""Advice: the catalog's tips for a set of causes, each once, most useful first.

The order is stable and meant to be read from the top, so that an app showing
only the first few tips still covers every requested cause:

1. tips for a requested *medical* cause come first: they say who to see, and
   that comes before anything a runner does alone;
2. then round by round: round 0 holds each requested cause's best tip, round 1
   each one's second best, and so on. A cause's tips rank by how many of the
   requested causes they address (one change that helps with three causes beats
   one that helps with one), then by topic, then by id;
3. within a round, again by how many requested causes a tip addresses, then by
   topic in the order ``form``, ``footwear``, ``recovery``, ``lifestyle``,
   ``therapy``, ``mistake``, ``cross_training``, then by tip id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet

from ._catalog import Catalog, resolve
from ._checks import MAX_IDS, set_order, show, suggest
from ._content import TIP_TOPICS, Cause, Tip
from ._errors import InvalidInput
from ._screening import CauseFinding

__all__ = ["advice_for"]

_TOPIC_RANK: Mapping[str, int] = {topic: rank for rank, topic in enumerate(TIP_TOPICS)}


def _item_problem(item: object, causes: Mapping[str, Cause]) -> str | None:
    if isinstance(item, CauseFinding):
        return f"must be a cause id, got a CauseFinding (use its .cause: {item.cause!r})"
    if not isinstance(item, str):
        return f"must be a cause id, got {show(item)}"
    if item not in causes:
        return f"unknown cause {show(item)}{suggest(item, causes)}"
    return None


def _read_causes(causes: object, catalog: Catalog) -> frozenset[str]:
    """The requested cause ids, or every problem with them at once."""
    if not isinstance(causes, (AbstractSet, list, tuple)):
        raise InvalidInput.at("causes", f"must be a set of cause ids, got {show(causes)}")
    if len(causes) > MAX_IDS:
        raise InvalidInput.at("causes", f"must hold at most {MAX_IDS} ids, got {len(causes)}")
    if isinstance(causes, (list, tuple)):
        located: Iterable[tuple[str, object]] = (
            (f"causes[{index}]", item) for index, item in enumerate(causes)
        )
    else:
        located = (("causes", item) for item in sorted(causes, key=set_order))
    problems = [
        (path, problem)
        for path, item in located
        if (problem := _item_problem(item, catalog.causes)) is not None
    ]
    if problems:
        raise InvalidInput(problems)
    return frozenset(causes)


def _merit(tip: Tip, wanted: frozenset[str]) -> tuple[int, int, str]:
    """How a tip ranks among the tips of one cause: breadth, then topic, then id."""
    return -len(tip.addresses & wanted), _TOPIC_RANK[tip.topic], tip.id


def _rounds(tips: list[Tip], wanted: frozenset[str]) -> dict[str, int]:
    """Each tip's best place in the ranked tips of any requested cause it addresses."""
    rounds: dict[str, int] = {}
    for cause in sorted(wanted):
        ranked = sorted(
            (tip for tip in tips if cause in tip.addresses), key=lambda tip: _merit(tip, wanted)
        )
        for place, tip in enumerate(ranked):
            rounds[tip.id] = min(place, rounds.get(tip.id, place))
    return rounds


def _order(
    tip: Tip, wanted: frozenset[str], medical: frozenset[str], rounds: Mapping[str, int]
) -> tuple[int, int, tuple[int, int, str]]:
    """Medical first, then round by round, then by merit."""
    first = 0 if tip.addresses & wanted & medical else 1
    return first, rounds[tip.id], _merit(tip, wanted)


def _medical(catalog: Catalog) -> frozenset[str]:
    return frozenset(cause.id for cause in catalog.causes.values() if cause.medical)


def advice_for(causes: Collection[str], *, catalog: Catalog | None = None) -> tuple[Tip, ...]:
    """The tips that address any of ``causes``, each once, in a stable, useful order.

    ``causes`` is a set (or list, or tuple) of cause ids, such as the causes of
    :func:`~runpelvis.screen`'s findings. For a medical cause the catalog's tips say
    who to see; they come first. Raises :class:`~runpelvis.InvalidInput` for an id the
    catalog does not know (with a suggestion when one is close).
    """
    chosen = resolve(catalog)
    wanted = _read_causes(causes, chosen)
    medical: frozenset[str] = chosen.memo("advice.medical", _medical)
    tips = [tip for tip in chosen.tips.values() if not tip.addresses.isdisjoint(wanted)]
    rounds = _rounds(tips, wanted)
    return tuple(sorted(tips, key=lambda tip: _order(tip, wanted, medical, rounds)))
