"""A program's load and calendar as a matplotlib figure (needs the ``plot`` extra).

Two panels: the planned run minutes of each week as bars, against the most the
10% rule allows that week (SPEC section 4: the first week, the runner's usual
``weekly_run_minutes``; after a week with runs, 110% of it; after a week without,
half the usual minutes); and below, a strip with a row per activity kind and a
column per day, one colour per kind, and a grey ``Rest`` row on the rest days.
The triage the program respects is in the title; a program's adjustments (where
the program has them) are marked on their weeks.

The figure is a plain :class:`matplotlib.figure.Figure`, made without pyplot: it
shows in a notebook and saves with ``savefig``, and creating it changes no global
state. matplotlib is imported only when a plot is made.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._errors import InvalidInput

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from . import Program

__all__ = [
    "KIND_COLOURS",
    "MISSING_EXTRA",
    "REST_COLOUR",
    "ceilings",
    "plot_program",
    "strip_cells",
    "strip_rows",
]

MISSING_EXTRA = "plot_program needs the optional 'plot' extra: pip install 'runpelvis[plot]'"

#: The colour of each activity kind in the calendar strip, in the strip's row order.
KIND_COLOURS = {
    "run": "tab:blue",
    "warm_up": "tab:orange",
    "cool_down": "tab:green",
    "strength": "tab:red",
    "cross_training": "tab:purple",
    "recovery": "tab:olive",
}
#: Colours for kinds a newer or extended model adds, in turn.
_SPARE_COLOURS = ("tab:brown", "tab:pink", "tab:cyan", "tab:gray")
REST_COLOUR = "lightgray"
_EMPTY_COLOUR = "white"

#: SPEC section 4: a week's run minutes are at most 110% of the previous week's, and
#: after a week without runs at most 50% of the runner's usual weekly minutes.
_GROWTH_PERCENT = 110
_RETURN_PERCENT = 50
_WEEK = 7
#: Week labels on the strip's axis: at most about this many.
_DATE_LABELS = 13


def ceilings(program: Program) -> tuple[float, ...]:
    """The most run minutes the 10% rule allows in each week of ``program``."""
    usual = program.profile.weekly_run_minutes
    allowed: list[float] = []
    previous = None
    for planned in program.weekly_run_minutes():
        if previous is None:
            allowed.append(float(usual))
        elif previous == 0:
            allowed.append(usual * _RETURN_PERCENT / 100)
        else:
            allowed.append(previous * _GROWTH_PERCENT / 100)
        previous = planned
    return tuple(allowed)


def plot_program(program: Program, *, ax: Axes | None = None) -> Figure:
    """``program``'s weekly run minutes and calendar as a matplotlib ``Figure``.

    With ``ax``, the weekly load is drawn into that Axes and the calendar strip is
    added just below it, in the same figure; without, a new figure holds both.
    Raises :class:`~runpelvis.InvalidInput` for an argument of the wrong type, and
    :class:`ImportError` naming the ``plot`` extra when matplotlib is not installed.
    """
    _check(program, ax)
    try:
        from matplotlib.figure import Figure

        # mpl_toolkits ships with matplotlib, but without type hints (no py.typed)
        from mpl_toolkits.axes_grid1 import make_axes_locatable  # type: ignore[import-untyped]
    except ImportError as error:
        raise ImportError(MISSING_EXTRA, name="matplotlib") from error

    if ax is None:
        width = min(6 + program.weeks * 0.25, 16)
        figure = Figure(figsize=(width, 6))
        figure.subplots_adjust(left=0.17, right=0.8, bottom=0.08, top=0.94)
        ax = figure.add_subplot()
    strip = make_axes_locatable(ax).append_axes("bottom", size="70%", pad=0.8)
    _draw_load(ax, program)
    _draw_calendar(strip, program)
    root = ax.get_figure(root=True)
    assert root is not None  # an Axes made by a figure belongs to it
    return root


def _check(program: object, ax: object) -> None:
    import runpelvis  # the model's home may move; its public name does not

    problems = []
    if not isinstance(program, runpelvis.Program):
        problems.append(("program", f"must be a Program, got {type(program).__name__}"))
    if ax is not None and not _is_axes(ax):
        problems.append(("ax", f"must be a matplotlib Axes or None, got {type(ax).__name__}"))
    if problems:
        raise InvalidInput(problems)


def _is_axes(value: object) -> bool:
    try:
        from matplotlib.axes import Axes
    except ImportError:  # no matplotlib: nothing can be its Axes
        return False
    return isinstance(value, Axes)


# --- the weekly load -------------------------------------------------------------------


def _draw_load(ax: Axes, program: Program) -> None:
    minutes = program.weekly_run_minutes()
    allowed = ceilings(program)
    weeks = range(1, program.weeks + 1)
    ax.bar(weeks, minutes, width=0.7, color=KIND_COLOURS["run"], label="planned run minutes")
    ax.stairs(
        allowed,
        [week - 0.5 for week in range(1, program.weeks + 2)],
        baseline=None,
        color="black",
        linestyle="--",
        label="10% rule: most allowed",
    )
    _mark_adjustments(ax, program, minutes)
    top = max((*minutes, *allowed), default=0)
    ax.set_ylim(0, top * 1.25 if top else 10)
    ax.set_xlim(0.5, program.weeks + 0.5)
    ax.set_xticks(list(weeks))
    ax.set_xlabel("week")
    ax.set_ylabel("run minutes")
    ax.set_title(
        f"Weekly running from {program.start.isoformat()} "
        f"(triage: {_words(program.disposition.value)})"
    )
    ax.legend(loc="upper left", fontsize="small")


def _mark_adjustments(ax: Axes, program: Program, minutes: Sequence[int]) -> None:
    """Each adjustment's decision over the (1-based) week whose load it sets."""
    for adjustment in getattr(program, "adjustments", ()):
        week = adjustment.week
        if not 1 <= week <= program.weeks:
            continue
        ax.annotate(
            _words(adjustment.decision),
            xy=(week, minutes[week - 1]),
            xytext=(0, 14),
            textcoords="offset points",
            ha="center",
            fontsize="small",
            arrowprops={"arrowstyle": "->"},
        )


# --- the calendar strip ----------------------------------------------------------------


def strip_rows(program: Program) -> tuple[str, ...]:
    """The strip's rows: the known activity kinds, any others in the program, then rest."""
    seen = {activity.kind for day in program.days for activity in day.activities}
    others = sorted(seen - KIND_COLOURS.keys())
    return (*KIND_COLOURS, *others, "rest")


def strip_cells(program: Program, rows: Sequence[str]) -> list[list[int]]:
    """A row per kind, a column per day: the row's number + 1 where it happens, else 0."""
    cells = [[0] * len(program.days) for _ in rows]
    for column, day in enumerate(program.days):
        kinds: set[str] = {activity.kind for activity in day.activities}
        if day.is_rest:
            kinds.add("rest")
        for row, kind in enumerate(rows):
            if kind in kinds:
                cells[row][column] = row + 1
    return cells


def _colours(rows: Sequence[str]) -> list[str]:
    spare = iter(_SPARE_COLOURS * len(rows))
    return [
        REST_COLOUR if kind == "rest" else KIND_COLOURS.get(kind) or next(spare) for kind in rows
    ]


def _draw_calendar(ax: Axes, program: Program) -> None:
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    rows = strip_rows(program)
    colours = _colours(rows)
    ax.imshow(
        strip_cells(program, rows),
        cmap=ListedColormap([_EMPTY_COLOUR, *colours]),
        vmin=-0.5,
        vmax=len(rows) + 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    for week in range(1, program.weeks):
        ax.axvline(week * _WEEK - 0.5, color="gray", linewidth=0.8)
    ax.set_yticks(range(len(rows)), [_words(kind) for kind in rows])
    every = math.ceil(program.weeks / _DATE_LABELS)
    starts = range(0, program.weeks, every)
    ax.set_xticks(
        [week * _WEEK for week in starts],
        [program.week(week + 1)[0].date.strftime("%d %b") for week in starts],
    )
    ax.set_title("Activities by day (weeks start at the grey lines)")
    handles = [
        Patch(color=colour, label=_words(kind)) for kind, colour in zip(rows, colours, strict=True)
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")


def _words(word: str) -> str:
    """An id as words: ``cross_training`` -> ``Cross training``."""
    return word.replace("_", " ").capitalize()
