"""plot_program: the weekly load against the 10% rule, and a calendar strip of the days."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys

import attrs
import pytest

matplotlib = pytest.importorskip("matplotlib", reason="the 'plot' extra (matplotlib) is needed")
matplotlib.use("Agg")

from matplotlib.axes import Axes  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import StepPatch  # noqa: E402

import runpelvis as rp  # noqa: E402
from runpelvis._plot import MISSING_EXTRA  # noqa: E402

START = datetime.date(2026, 1, 5)
PROFILE = rp.RunnerProfile(
    causes=frozenset({"weak_core"}),
    level="beginner",
    equipment=frozenset({"mat", "pool"}),
    session_minutes=20,
    runs_per_week=3,
    weekly_run_minutes=90,
)
REST = rp.triage(
    rp.SymptomReport(symptoms=frozenset({"pain_while_running"}), pain=4, days_since_onset=3)
)
KINDS = [
    "Run",
    "Warm up",
    "Cool down",
    "Strength",
    "Cross training",
    "Recovery",
    "Readiness check",
    "Rest",
]


def _program(
    profile: rp.RunnerProfile = PROFILE, weeks: int = 6, triage: rp.TriageResult | None = REST
) -> rp.Program:
    # after a rest triage, runs come back after a logged readiness pass (SPEC section 9)
    passed = rp.SessionLog(
        date=START + datetime.timedelta(days=5),
        kind="readiness_check",
        completed=True,
        minutes=30,
        pain_during=0,
    )
    logs = (passed,) if triage is not None and triage.disposition is rp.Disposition.REST else ()
    return rp.plan_program(profile, weeks=weeks, start=START, triage=triage, logs=logs)


def _panels(figure: Figure) -> tuple[Axes, Axes]:
    load, strip = figure.axes
    return load, strip


def _bars(ax: Axes) -> list[float]:
    (bars,) = ax.containers
    return [patch.get_height() for patch in bars]


def _ceiling(ax: Axes) -> tuple[list[float], list[float]]:
    (stairs,) = [patch for patch in ax.patches if isinstance(patch, StepPatch)]
    values, edges, baseline = stairs.get_data()
    assert baseline is None  # a line, not closed down to zero
    return list(values), list(edges)


def _cells(ax: Axes) -> list[list[int]]:
    (image,) = ax.get_images()
    return [[int(value) for value in row] for row in image.get_array()]  # type: ignore[union-attr]


def _labels(ax: Axes) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


def test_weekly_minutes_against_the_ten_percent_rule() -> None:
    program = _program()
    load, _ = _panels(rp.plot_program(program))
    assert load.get_title() == "Weekly running from 2026-01-05 (triage: Rest)"
    assert load.get_xlabel() == "week"
    assert load.get_ylabel() == "run minutes"
    # after a rest triage: no run in week 1; runs come back after the logged readiness
    # pass (SPEC section 9) at half the usual 90, then grow
    weekly = list(program.weekly_run_minutes())
    assert weekly[0] == 0
    assert 0 < weekly[1] <= 45
    assert _bars(load) == weekly
    centres = [patch.get_x() + patch.get_width() / 2 for patch in load.containers[0]]
    assert centres == [1, 2, 3, 4, 5, 6]
    values, edges = _ceiling(load)
    # the first week: the usual 90; after a week without runs: 45; then 110% of the last
    expected = [90.0]
    for before in weekly[:-1]:
        expected.append(45.0 if before == 0 else before * 1.1)
    assert values == pytest.approx(expected)
    assert edges == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5]
    assert all(minutes <= most for minutes, most in zip(_bars(load), values, strict=True))
    legend = load.get_legend()
    assert legend is not None
    assert sorted(text.get_text() for text in legend.get_texts()) == [
        "10% rule: most allowed",
        "planned run minutes",
    ]
    assert load.get_ylim()[0] == 0
    assert load.get_ylim()[1] > 90


def test_the_calendar_strip_has_a_cell_per_kind_and_day() -> None:
    program = _program()
    _, strip = _panels(rp.plot_program(program))
    assert strip.get_title().startswith("Activities by day")
    assert _labels(strip) == KINDS
    cells = _cells(strip)
    assert len(cells) == len(KINDS)
    assert all(len(row) == len(program.days) == 42 for row in cells)
    kinds = [
        "run",
        "warm_up",
        "cool_down",
        "strength",
        "cross_training",
        "recovery",
        "readiness_check",
    ]
    for column, day in enumerate(program.days):
        planned = {activity.kind for activity in day.activities}
        for row, kind in enumerate(kinds):
            assert cells[row][column] == (row + 1 if kind in planned else 0), (day, kind)
        assert cells[-1][column] == (len(KINDS) if day.is_rest else 0), day
    # the week after a rest triage: cross-training twice, and a readiness check
    assert sum(bool(cell) for cell in cells[4][:7]) == 2
    assert any(cells[6][:7])
    # and every seventh day is a full rest day
    assert all(cells[-1][column] for column in range(6, 42, 7))
    assert not any(cells[0][:7])  # no run in the first week
    legend = strip.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == KINDS
    colours = [tuple(handle.get_facecolor()) for handle in legend.legend_handles]  # type: ignore[union-attr]
    assert len(set(colours)) == len(KINDS)  # one colour per kind
    assert colours[-1] == matplotlib.colors.to_rgba("lightgray")
    # each cell is drawn in its kind's colour, empty cells in white
    (image,) = strip.get_images()
    assert image.cmap(image.norm(0)) == matplotlib.colors.to_rgba("white")
    for number, colour in enumerate(colours, start=1):
        assert image.cmap(image.norm(number)) == colour
    assert [label.get_text() for label in strip.get_xticklabels()] == [
        "05 Jan",
        "12 Jan",
        "19 Jan",
        "26 Jan",
        "02 Feb",
        "09 Feb",
    ]


def test_a_program_without_runs_still_plots() -> None:
    idle = attrs.evolve(PROFILE, weekly_run_minutes=0)  # not running now
    for program, most in (
        (_program(idle, weeks=2, triage=None), [0, 0]),
        (_program(weeks=1), [90]),
    ):
        figure = rp.plot_program(program)
        load, strip = _panels(figure)
        assert _bars(load) == [0] * program.weeks
        assert _ceiling(load)[0] == most
        assert not any(_cells(strip)[0])  # no runs
        figure.savefig(io.BytesIO(), format="png")
    # an all-zero chart still has a visible scale
    assert _panels(rp.plot_program(_program(idle, weeks=2, triage=None)))[0].get_ylim() == (0, 10)


def test_see_clinician_plots_gentle_movement_only() -> None:
    report = rp.SymptomReport(
        symptoms=frozenset({"numbness_or_tingling"}), pain=4, days_since_onset=3
    )
    program = _program(weeks=2, triage=rp.triage(report))
    load, strip = _panels(rp.plot_program(program))
    assert load.get_title().endswith("(triage: See clinician)")
    assert _bars(load) == [0, 0]
    assert _ceiling(load)[0] == [90, 45]
    cells = _cells(strip)
    assert not any(cells[0])  # no runs
    assert not any(cells[3])  # no strength


def test_a_long_program_labels_some_weeks() -> None:
    program = _program(weeks=52, triage=None)
    figure = rp.plot_program(program)
    load, strip = _panels(figure)
    assert _bars(load) == list(program.weekly_run_minutes())
    labels = [label.get_text() for label in strip.get_xticklabels()]
    assert labels[:3] == ["05 Jan", "02 Feb", "02 Mar"]  # every fourth week: 13 labels
    assert len(labels) == 13
    assert len(_cells(strip)[0]) == 364
    figure.savefig(io.BytesIO(), format="png")


def test_drawing_into_an_axes_of_your_own() -> None:
    figure = Figure()
    mine, other = figure.subplots(1, 2)
    program = _program(weeks=3)
    assert rp.plot_program(program, ax=mine) is figure
    assert _bars(mine) == list(program.weekly_run_minutes())
    assert not other.containers  # the other panel is left alone
    assert len(figure.axes) == 3  # the strip is added below the given axes
    strip = figure.axes[2]
    assert _labels(strip) == KINDS
    figure.savefig(io.BytesIO(), format="png")


def test_adjustments_are_marked_on_their_weeks() -> None:
    program = _program(triage=None)
    adjusted = attrs.evolve(
        program,
        adjustments=(
            rp.Adjustment(3, "hold", ("pain 4/10 during a run",)),
            rp.Adjustment(5, "step_back", ("pain had not settled by morning",)),
            rp.Adjustment(7, "progress", ("all settled",)),  # outside the plan: not drawn
        ),
    )
    load, _ = _panels(rp.plot_program(adjusted))
    marks = [(text.get_text(), text.xy) for text in load.texts]  # type: ignore[attr-defined]
    minutes = program.weekly_run_minutes()
    assert marks == [("Hold", (3, minutes[2])), ("Step back", (5, minutes[4]))]
    # a program without adjustments has no marks
    assert not _panels(rp.plot_program(program))[0].texts


@pytest.mark.parametrize(
    ("arguments", "problems"),
    [
        ({"program": "plan"}, ["program: must be a Program, got str"]),
        ({"ax": "left"}, ["ax: must be a matplotlib Axes or None, got str"]),
        (
            {"program": None, "ax": 1},
            [
                "program: must be a Program, got NoneType",
                "ax: must be a matplotlib Axes or None, got int",
            ],
        ),
    ],
)
def test_bad_arguments(arguments: dict[str, object], problems: list[str]) -> None:
    given: dict[str, object] = {"program": _program(weeks=1), **arguments}
    with pytest.raises(rp.InvalidInput) as caught:
        rp.plot_program(**given)  # type: ignore[arg-type]
    assert caught.value.errors == problems


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    program = _program(weeks=1)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError) as caught:
        rp.plot_program(program)
    assert str(caught.value) == MISSING_EXTRA
    assert "pip install 'runpelvis[plot]'" in str(caught.value)
    assert caught.value.name == "matplotlib"
    monkeypatch.setitem(sys.modules, "matplotlib.axes", None)
    with pytest.raises(rp.InvalidInput, match="ax: must be a matplotlib Axes"):
        rp.plot_program(program, ax=object())  # type: ignore[arg-type]


def test_importing_runpelvis_imports_neither_matplotlib_nor_dask() -> None:
    code = (
        "import sys\n"
        "import runpelvis as rp\n"
        "rp.plot_program  # the public name resolves without matplotlib\n"
        "print(sorted(m for m in ('matplotlib', 'dask', 'distributed', 'pandas', 'numpy')"
        " if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert run.stdout.strip() == "[]"
