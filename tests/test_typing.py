"""Typed for apps: an app written with plain lists and strings passes ``mypy --strict``.

The literal types an app passes are public (``rp.Level``, ``rp.SessionKind``...), and
every id field's ``__init__`` parameter takes any set or sequence of strings, as the
run time always has, while the attribute stays a frozenset.
"""

from __future__ import annotations

import datetime
import importlib.util
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import runpelvis as rp

APP = """\
import datetime

import runpelvis as rp

level: rp.Level = "beginner"
kind: rp.SessionKind = "cool_down"
activity: rp.ActivityKind = "cross_training"
report = rp.SymptomReport(
    symptoms=["pain_after_running"], pain=3, days_since_onset=2, risk_factors=[], unsure=("age",)
)
profile = rp.RunnerProfile(
    causes=["weak_core"],
    level=level,
    equipment={"mat"},
    session_minutes=20,
    runs_per_week=3,
    weekly_run_minutes=60,
)
session = rp.plan_session(profile, "cool_down", triage=rp.triage(report))
again = rp.plan_session(profile, kind)
answers = rp.Answers(pain=3, days_since_onset=2, yes=["pain_after_running"], no=[], unsure=[])
log = rp.SessionLog(
    date=datetime.date(2025, 1, 6),
    kind="run",
    completed=True,
    minutes=20,
    pain_during=2,
    new_symptoms=[],
)
history = rp.RunnerHistory(weekly_run_minutes=[60, 70], form=["overstriding"], diagnoses=None)
tips = rp.advice_for(["weak_core"])
symptoms: frozenset[str] = report.symptoms
"""

WRONG = """\
import runpelvis as rp

profile = rp.RunnerProfile(
    causes=["weak_core"],
    level="expert",
    equipment=[],
    session_minutes=20,
    runs_per_week=3,
    weekly_run_minutes=60,
)
level: rp.Level = "expert"
session = rp.plan_session(profile, "cooldown")
report = rp.SymptomReport(symptoms=[1], pain=3, days_since_onset=2)
"""


def _mypy(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    app = tmp_path / "app.py"
    app.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(app)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )


def test_an_app_with_plain_lists_and_strings_passes_mypy_strict(tmp_path: Path) -> None:
    done = _mypy(tmp_path, APP)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_mypy_catches_a_wrong_literal_and_a_wrong_id_type(tmp_path: Path) -> None:
    done = _mypy(tmp_path, WRONG)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in lines] == ["5", "11", "12", "13"], done.stdout
    assert 'Argument "level" to "RunnerProfile"' in lines[0]


def test_the_app_script_runs_and_keeps_frozensets() -> None:
    namespace: dict[str, object] = {}
    exec(compile(APP, "app.py", "exec"), namespace)
    profile = namespace["profile"]
    assert isinstance(profile, rp.RunnerProfile)
    assert profile.causes == frozenset({"weak_core"})
    history = namespace["history"]
    assert isinstance(history, rp.RunnerHistory)
    assert history.form == frozenset({"overstriding"})
    assert history.weekly_run_minutes == (60, 70)


@pytest.mark.parametrize(
    ("alias", "values"),
    [
        ("Level", ("beginner", "intermediate", "advanced")),
        ("SessionKind", ("warm_up", "cool_down", "strength", "recovery")),
        ("LogKind", None),
        ("Decision", ("progress", "hold", "step_back", "stop_running")),
        ("QuestionKind", ("symptoms", "risk_factors", "age")),
        ("FormFault", None),
    ],
)
def test_the_literal_types_are_public(alias: str, values: tuple[str, ...] | None) -> None:
    value = getattr(rp, alias)
    assert typing.get_origin(value) is typing.Literal
    if values is not None:
        assert typing.get_args(value) == values
    assert alias in rp.__all__


def test_any_set_or_sequence_of_ids_is_accepted_at_run_time() -> None:
    keys = {"pain_after_running": 1}.keys()  # a Set that is not a set
    report = rp.SymptomReport(symptoms=keys, pain=3, days_since_onset=2, unsure=["age"])
    assert report.symptoms == frozenset({"pain_after_running"})
    assert report.unsure == frozenset({"age"})
    with pytest.raises(rp.InvalidInput, match="symptoms"):
        rp.SymptomReport(symptoms="pain_after_running", pain=3, days_since_onset=2)  # type: ignore[arg-type]
    log = rp.SessionLog(
        date=datetime.date(2025, 1, 6),
        kind="run",
        completed=True,
        minutes=20,
        pain_during=2,
        new_symptoms=("x",),
    )
    assert log.new_symptoms == frozenset({"x"})
