"""The ``runpelvis`` command: both modes of every subcommand, and each exit status.

The real entry points (``python -m runpelvis`` and the ``runpelvis`` console script)
run as subprocesses, all started at once by one fixture, since each costs a Python
start-up. The many smaller cases call ``main(argv)`` in-process. Every
``$ runpelvis ...`` line of the documentation is run too, and the output shown
under it must be what the command prints.
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
from runpelvis._cli import _flag_path, main
from spec import SPEC_PROFILE
from test_docs import code_blocks

ROOT = Path(__file__).resolve().parent.parent
CATALOG = rp.default_catalog()

TRIAGE_REQUEST = {"symptoms": ["night_pain"], "pain": 4, "days_since_onset": 20}
SESSION_REQUEST = {"profile": SPEC_PROFILE, "kind": "cool_down"}
PROGRAM_REQUEST = {"profile": SPEC_PROFILE, "weeks": 2, "start": "2026-01-05"}
RED_FLAG = {"symptoms": ["saddle_numbness"], "pain": 2, "days_since_onset": 1}
HISTORY = {
    "weekly_run_minutes": [120, 125, 170],
    "rest_days_per_week": 1,
    "plank_seconds": 20,
    "hip_flexor_tight": True,
}
PROGRAM_FLAGS = [
    "--causes",
    "weak_core",
    "--minutes",
    "20",
    "--runs",
    "3",
    "--weekly-minutes",
    "90",
    "--weeks",
    "2",
    "--start",
    "2026-01-05",
]


class Run(NamedTuple):
    status: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


def _console_script() -> str | None:
    script = Path(sys.executable).with_name("runpelvis")
    return str(script) if script.exists() else None


#: name -> (argv after the command, stdin); all run through ``python -m runpelvis``.
CASES: dict[str, tuple[list[str], object]] = {
    "triage_text": (["triage", "--symptoms", "fever,chills", "--pain", "5", "--days", "2"], None),
    "triage_json": (["triage", "--json"], TRIAGE_REQUEST),
    "triage_bad_flags": (["triage", "--symptoms", "fevr", "--pain", "11", "--days", "2"], None),
    "triage_bad_stdin": (["triage", "--json"], "{not json"),
    "session_text": (
        [
            "session",
            "cool_down",
            "--causes",
            "weak_core",
            "--equipment",
            "mat",
            "--pain",
            "2",
            "--days",
            "3",
        ],
        None,
    ),
    "session_json": (["session", "--json"], SESSION_REQUEST),
    "session_refused_text": (
        ["session", "recovery", "--symptoms", "fever", "--pain", "3", "--days", "1"],
        None,
    ),
    "program_text": (["program", *PROGRAM_FLAGS], None),
    "program_json": (["program", "--json"], PROGRAM_REQUEST),
    "program_refused_json": (["program", "--json"], {**PROGRAM_REQUEST, "report": RED_FLAG}),
    "screen_text": (
        [
            "screen",
            "--weekly-minutes",
            "120,125,170",
            "--rest-days",
            "1",
            "--plank-seconds",
            "20",
            "--hip-flexor-tight",
        ],
        None,
    ),
    "screen_json": (["screen", "--json"], HISTORY),
    "screen_bad_json": (["screen", "--json"], {"weekly_run_minutes": [], "form": ["overstridin"]}),
    "catalog_text": (["catalog", "exercises"], None),
    "catalog_json": (["catalog", "--json"], None),
    "help": (["--help"], None),
}


def _run(command: list[str], stdin: object) -> Run:
    data = None if stdin is None else stdin if isinstance(stdin, str) else json.dumps(stdin)
    done = subprocess.run(
        command, input=data, capture_output=True, text=True, timeout=60, check=False
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def runs() -> dict[str, Run]:
    """Every subprocess case, run concurrently."""
    jobs: dict[str, tuple[list[str], object]] = {
        name: ([sys.executable, "-m", "runpelvis", *argv], stdin)
        for name, (argv, stdin) in CASES.items()
    }
    script = _console_script()
    if script is not None:
        jobs["console_script"] = ([script, "triage", "--json"], TRIAGE_REQUEST)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(_run, *job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def _no_traceback(run: Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr


def test_triage_text_puts_the_disposition_first(runs: dict[str, Run]) -> None:
    run = runs["triage_text"]
    assert run.status == 0, run.stderr  # any disposition is a success
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0] == f"Urgent: {CATALOG.dispositions[rp.Disposition.URGENT].headline}"
    text = " ".join(run.stdout.split())
    for rule_id in ("symptom.fever", "symptom.chills"):
        (rule,) = (rule for rule in CATALOG.rules if rule.rule_id == rule_id)
        assert " ".join(rule.message.split()) in text


def test_triage_json_answers_as_triage_json(runs: dict[str, Run]) -> None:
    run = runs["triage_json"]
    assert (run.status, run.stderr) == (0, "")
    assert run.json == rp.triage_json(TRIAGE_REQUEST)


def test_the_console_script_is_the_same_command(runs: dict[str, Run]) -> None:
    if "console_script" not in runs:
        pytest.skip("the runpelvis console script is not installed next to this Python")
    assert runs["console_script"] == runs["triage_json"]


def test_bad_flags_exit_2_with_one_problem_per_line(runs: dict[str, Run]) -> None:
    run = runs["triage_bad_flags"]
    assert (run.status, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "--pain: must be from 0 to 10, got 11",
        "--symptoms item 1: unknown symptom 'fevr' (did you mean 'fever'?)",
    ]


def test_invalid_json_on_stdin_exits_2(runs: dict[str, Run]) -> None:
    run = runs["triage_bad_stdin"]
    assert run.status == 2
    assert run.stderr.startswith("stdin: not valid JSON: ")
    assert run.json == {"errors": run.stderr.splitlines(), "triage": None}
    _no_traceback(run)


def test_session_text_prints_the_triage_then_the_plan(runs: dict[str, Run]) -> None:
    run = runs["session_text"]
    assert (run.status, run.stderr) == (0, "")
    report = rp.SymptomReport(symptoms=frozenset(), pain=2, days_since_onset=3)
    profile = rp.RunnerProfile(
        causes=frozenset({"weak_core"}),
        level="beginner",
        equipment=frozenset({"mat"}),
        session_minutes=20,
        runs_per_week=0,
        weekly_run_minutes=0,
    )
    session = rp.plan_session(profile, "cool_down", triage=rp.triage(report))
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Self care: ")
    heading = lines.index(f"Cool-down session, {session.minutes} min")
    shown = lines[heading + 1 : heading + 1 + len(session.items)]
    assert [line.strip().split("  ")[0] for line in shown] == [i.name for i in session.items]
    assert all(line.endswith(item.dose) for line, item in zip(shown, session.items, strict=True))


def test_session_json_answers_as_plan_session_json(runs: dict[str, Run]) -> None:
    run = runs["session_json"]
    assert (run.status, run.stderr) == (0, "")
    assert run.json == rp.plan_session_json(SESSION_REQUEST)


def test_a_refused_session_prints_the_triage_and_exits_3(runs: dict[str, Run]) -> None:
    run = runs["session_refused_text"]
    assert run.status == 3
    assert run.stdout.splitlines()[0].startswith("Urgent: ")
    assert "session" not in run.stdout.lower()
    assert run.stderr == (
        "runpelvis: no exercise plan: the triage says urgent. Get medical care first.\n"
    )


def test_program_text_lists_every_day_week_by_week(runs: dict[str, Run]) -> None:
    run = runs["program_text"]
    assert (run.status, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[0] == "2-week program from Mon  5 Jan 2026"
    assert "Week 1: 90 min running" in lines
    assert "Week 2: 99 min running" in lines
    day_lines = [line for line in lines if re.match(r"  (Mon|Tue|Wed|Thu|Fri|Sat|Sun) ", line)]
    assert len(day_lines) == 14
    assert day_lines[6] == "  Sun 11 Jan  rest"


def test_program_json_answers_as_plan_program_json(runs: dict[str, Run]) -> None:
    run = runs["program_json"]
    assert (run.status, run.stderr) == (0, "")
    assert run.json == rp.plan_program_json(PROGRAM_REQUEST)


def test_a_refused_program_prints_the_triage_as_json_and_exits_3(runs: dict[str, Run]) -> None:
    run = runs["program_refused_json"]
    assert run.status == 3
    assert run.json == {"error": "care_required", "triage": rp.triage_json(RED_FLAG)}
    assert "emergency" in run.stderr
    _no_traceback(run)


def test_screen_text_names_each_finding(runs: dict[str, Run]) -> None:
    run = runs["screen_text"]
    assert (run.status, run.stderr) == (0, "")
    findings = rp.screen(rp.RunnerHistory(**HISTORY))
    assert {f.cause for f in findings} == {"overuse", "weak_core", "tight_hip_flexors"}
    for finding in findings:
        name = CATALOG.causes[finding.cause].name
        assert f"  {name} ({finding.cause}): {finding.strength}" in run.stdout.splitlines()
    assert f"--causes {','.join(f.cause for f in findings)}" in run.stdout


def test_screen_json_answers_with_the_findings(runs: dict[str, Run]) -> None:
    run = runs["screen_json"]
    assert (run.status, run.stderr) == (0, "")
    findings = rp.screen(rp.RunnerHistory(**HISTORY))
    assert run.json == [
        {"cause": f.cause, "strength": f.strength, "evidence": list(f.evidence)} for f in findings
    ]


def test_screen_json_reports_every_problem(runs: dict[str, Run]) -> None:
    run = runs["screen_bad_json"]
    assert run.status == 2
    problems = run.stderr.splitlines()
    assert run.json == {"errors": problems, "triage": None}
    assert len(problems) == 2
    assert problems[0].startswith("weekly_run_minutes: ")
    assert problems[1].startswith("form: unknown form fault 'overstridin'")


def test_catalog_text_lists_a_section(runs: dict[str, Run]) -> None:
    run = runs["catalog_text"]
    assert (run.status, run.stderr) == (0, "")
    listed = [line.split()[0] for line in run.stdout.splitlines()]
    assert listed == list(CATALOG.exercises)


def test_catalog_json_prints_the_catalog_document(runs: dict[str, Run]) -> None:
    run = runs["catalog_json"]
    assert (run.status, run.stderr) == (0, "")
    assert run.json == CATALOG.to_document()


def test_help_names_every_command_with_examples(runs: dict[str, Run]) -> None:
    run = runs["help"]
    assert run.status == 0
    assert run.stdout.startswith("usage: runpelvis ")
    for command in ("triage", "session", "program", "screen", "catalog"):
        assert re.search(rf"^    {command} ", run.stdout, re.MULTILINE), command
    assert "runpelvis triage --symptoms fever,chills --pain 5 --days 2" in run.stdout


def test_a_closed_pipe_is_not_an_error() -> None:
    """``runpelvis catalog --json | head -1``: the reader leaves; no traceback, status 0."""
    with subprocess.Popen(
        [sys.executable, "-m", "runpelvis", "catalog", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # the catalog is far larger than a pipe's buffer
        error = process.stderr.read()
        status = process.wait(timeout=60)
    assert (status, error) == (0, b"")


# -- in-process: main(argv) ----------------------------------------------------------------


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """``cli(*argv, stdin=...)`` runs ``main`` and returns a :class:`Run`."""

    def run(*argv: str, stdin: object = None) -> Run:
        data = stdin if isinstance(stdin, str) else json.dumps(stdin)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
        status = main(list(argv))
        out, err = capsys.readouterr()
        return Run(status, out, err)

    return run


@pytest.mark.parametrize("command", ["triage", "session", "program", "screen", "catalog"])
def test_every_command_has_help_with_examples(cli: Any, command: str) -> None:
    run = cli(command, "--help")
    assert run.status == 0
    assert f"usage: runpelvis {command}" in run.stdout
    examples = run.stdout.split("examples:\n")[1]
    assert f"runpelvis {command}" in examples


def _help_examples(cli: Any, *argv: str) -> list[str]:
    """The examples of a ``--help`` page, continuation lines joined."""
    examples = cli(*argv, "--help").stdout.split("examples:\n")[1].split("\n\n")[0]
    return [" ".join(example.split()) for example in examples.replace("\\\n", " ").splitlines()]


@pytest.mark.parametrize("command", [None, "triage", "session", "program", "screen", "catalog"])
def test_every_help_example_runs(cli: Any, command: str | None) -> None:
    examples = _help_examples(cli, *([command] if command else []))
    assert len(examples) >= (3 if command in (None, "triage", "session") else 2)
    for example in examples:
        argv, stdin = _argv_and_stdin(example)
        assert command is None or argv[0] == command
        run = cli(*argv, stdin=stdin)
        assert (run.status, run.stderr) == (0, ""), example


def test_version(cli: Any) -> None:
    run = cli("--version")
    assert (run.status, run.stdout) == (
        0,
        f"runpelvis {rp.__version__} (catalog {CATALOG.version})\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["triage", "--json", "--pain", "3"],
            "--json reads the whole request from stdin; drop --pain",
        ),
        (["session", "cool_down", "--json"], "drop KIND"),
        (["program", "--json", "--no-such-flag"], "unrecognized arguments: --no-such-flag"),
        (["triage", "--symptoms", "fever", "--pain", "3"], "a symptom report needs --days"),
        (["session", "cool_down", "--days", "2"], "a symptom report needs --pain"),
        (["session", "--causes", "weak_core"], "give the session KIND"),
        (["session", "stretching"], "invalid choice: 'stretching'"),
        (["program", "--runs", "3"], "a program needs --weekly-minutes"),
        (["program", "--weekly-minutes", "90"], "a program needs --runs"),
        (["screen", "--rest-days", "2"], "give --weekly-minutes"),
        (["screen", "--weekly-minutes", "100,lots"], "expected whole numbers separated by commas"),
        (["triage", "--pain", "three", "--days", "1"], "invalid int value: 'three'"),
        (["catalog", "recipes"], "invalid choice: 'recipes'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_bad_command_lines_exit_2_with_usage(cli: Any, argv: list[str], message: str) -> None:
    run = cli(*argv)
    assert (run.status, run.stdout) == (2, "")
    assert run.stderr.startswith("usage: runpelvis")
    assert message in run.stderr


def test_flag_mode_names_flags_in_errors(cli: Any) -> None:
    run = cli(
        "program",
        "--causes",
        "weak_core,weak_cor",
        "--equipment",
        "matt",
        "--minutes",
        "2",
        "--runs",
        "7",
        "--weekly-minutes",
        "90",
        "--weeks",
        "0",
        "--start",
        "2026-02-30",
        "--symptoms",
        "pain_after_running",  # no red flag: with one, the answer is the triage (exit 3)
        "--pain",
        "3",
        "--days",
        "-1",
    )
    assert (run.status, run.stdout) == (2, "")
    problems = run.stderr.splitlines()
    assert "--causes item 2: unknown cause 'weak_cor' (did you mean 'weak_core'?)" in problems
    assert "--equipment item 1: unknown equipment 'matt' (did you mean 'mat'?)" in problems
    assert {line.split(":")[0] for line in problems} == {
        "--causes item 2",
        "--equipment item 1",
        "--minutes",
        "--runs",
        "--weeks",
        "--start",
        "--days",
    }


def test_json_mode_names_request_paths_in_errors(cli: Any) -> None:
    request = {**SESSION_REQUEST, "profile": {**SPEC_PROFILE, "level": "expert"}, "extra": 1}
    run = cli("session", "--json", stdin=request)
    assert run.status == 2
    assert sorted(line.split(":")[0] for line in run.stderr.splitlines()) == [
        "extra",
        "profile.level",
    ]
    # stdout carries the same errors as InvalidInput.to_json() (SPEC section 7)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.plan_session_json(request)
    assert run.json == caught.value.to_json() == {"errors": run.stderr.splitlines(), "triage": None}


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("profile.causes[1]", "--causes item 2"),
        ("report.pain", "--pain"),
        ("profile.session_minutes", "--minutes"),
        ("kind", "KIND"),
        ("profile", "profile"),
        ("", "$"),
        ("report.symptoms[x]", "--symptoms[x]"),
    ],
)
def test_flag_paths(path: str, shown: str) -> None:
    from runpelvis._cli import _PLAN_FLAGS

    assert _flag_path(path, _PLAN_FLAGS) == shown


def test_a_session_with_nothing_that_fits(cli: Any) -> None:
    run = cli(
        "session", "strength", "--symptoms", "numbness_or_tingling", "--pain", "2", "--days", "2"
    )
    assert run.status == 0
    assert "  No exercise fits this session." in run.stdout.splitlines()


def test_screen_with_nothing_found(cli: Any) -> None:
    run = cli("screen", "--weekly-minutes", "100,100", "--stretches", "--cross-trains")
    assert run.status == 0
    assert run.stdout.startswith("No likely cause found")


def test_screen_flags_fill_the_history(cli: Any) -> None:
    run = cli(
        "screen",
        "--weekly-minutes",
        "100",
        "--shoe-km",
        "900",
        "--no-stretches",
        "--no-cross-trains",
        "--form",
        "overstriding,leaning",
        "--bridge-reps",
        "5",
        "--no-hip-flexor-tight",
        "--diagnoses",
        "sciatica",
        "--json",
    )
    assert run.status == 2  # --json takes no flags
    run = cli(
        "screen",
        "--weekly-minutes",
        "100",
        "--shoe-km",
        "900",
        "--no-stretches",
        "--no-cross-trains",
        "--form",
        "overstriding,leaning",
        "--bridge-reps",
        "5",
        "--no-hip-flexor-tight",
        "--diagnoses",
        "sciatica",
    )
    assert run.status == 0, run.stderr
    history = rp.RunnerHistory(
        weekly_run_minutes=(100,),
        shoe_km=900,
        stretches=False,
        cross_trains=False,
        form=frozenset({"overstriding", "leaning"}),
        single_leg_bridge_reps=5,
        hip_flexor_tight=False,
        diagnoses=frozenset({"sciatica"}),
    )
    expected = [finding.cause for finding in rp.screen(history)]
    shown = re.findall(r"^  .* \((\w+)\): \w+$", run.stdout, re.MULTILINE)
    assert shown == expected
    assert "tight_hip_flexors" not in shown


def test_catalog_overview_and_items(cli: Any) -> None:
    run = cli("catalog")
    assert run.stdout.splitlines()[0] == f"runpelvis catalog {CATALOG.version}"
    assert f"  exercises       {len(CATALOG.exercises)}" in run.stdout.splitlines()
    run = cli("catalog", "exercises", "plank")
    assert run.status == 0
    assert "name: Plank" in run.stdout.splitlines()
    assert "dose: sets 3, hold seconds 30-60, per side no" in run.stdout.splitlines()
    for step in CATALOG.exercises["plank"].steps:
        assert " ".join(step.split()) in " ".join(run.stdout.split())
    run = cli("catalog", "rules", "symptom.fever", "--json")
    (fever,) = (
        rule for rule in CATALOG.to_document()["rules"] if rule["rule_id"] == "symptom.fever"
    )
    assert run.json == fever
    run = cli("catalog", "dispositions", "--json")
    assert [item["disposition"] for item in run.json] == [d.value for d in rp.Disposition]
    run = cli("catalog", "symptoms")
    assert [line.split()[0] for line in run.stdout.splitlines()] == list(CATALOG.symptoms)


def test_catalog_unknown_item_exits_2(cli: Any) -> None:
    run = cli("catalog", "exercises", "plnk")
    assert (run.status, run.stderr) == (2, "ID: no exercise 'plnk' (did you mean 'plank'?)\n")


def test_a_custom_catalog_is_used_by_every_command(cli: Any, tmp_path: Path) -> None:
    extension = {
        "version": "clinic.1",
        "extends": "runpelvis",
        "symptoms": [
            {
                "id": "hip_clicking",
                "name": "Hip clicking",
                "description": "A click in the hip.",
                "question": "Does your hip click?",
                "source": "clinic",
            }
        ],
        "question_groups": [
            {
                "id": "clinic_hip",
                "kind": "symptoms",
                "text": "About your hip.",
                "why": "A click can need a check.",
                "items": ["hip_clicking"],
            }
        ],
    }
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(extension), encoding="utf-8")
    request = {"symptoms": ["hip_clicking"], "pain": 1, "days_since_onset": 1}
    run = cli("triage", "--json", "--catalog", str(path), stdin=request)
    assert run.status == 0, run.stderr
    assert run.json["catalog_version"] == f"{CATALOG.version}+clinic.1"
    run = cli("catalog", "symptoms", "hip_clicking", "--catalog", str(path))
    assert "name: Hip clicking" in run.stdout.splitlines()
    run = cli("triage", "--json", stdin=request)  # the bundled catalog does not know it
    assert run.status == 2
    run = cli("catalog", "--catalog", str(tmp_path / "missing.json"))
    assert run.status == 2
    assert "cannot read the file" in run.stderr


def test_deeply_nested_json_is_bad_input(cli: Any) -> None:
    run = cli("triage", "--json", stdin="[" * 100_000 + "]" * 100_000)
    assert run.status == 2
    assert run.stderr.startswith("stdin: not valid JSON")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _near_misses() -> st.SearchStrategy[object]:
    """Requests that are often almost right: a valid one with one value replaced."""
    base = st.sampled_from([TRIAGE_REQUEST, SESSION_REQUEST, PROGRAM_REQUEST, HISTORY])
    return st.builds(
        lambda request, key, value: {**request, key: value},
        base,
        st.sampled_from(["symptoms", "pain", "profile", "kind", "weeks", "start", "form", "x"]),
        _JSON,
    )


@given(
    command=st.sampled_from(["triage", "session", "program", "screen"]),
    request=_JSON | _near_misses(),
)
def test_any_json_request_gets_an_answer_or_exit_2(command: str, request: object) -> None:
    """Never a traceback: whatever arrives on stdin, the exit status is 0, 2 or 3."""
    stdout, stderr = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(request).encode("utf-8")))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", stderr)
        status = main([command, "--json"])
    assert status in (0, 2, 3)
    answer = json.loads(stdout.getvalue())
    if status == 2:  # bad input: the errors on stderr, and as JSON on stdout
        assert answer == {"errors": stderr.getvalue().splitlines(), "triage": None}
    elif status == 3:  # care required, or bad input whose valid part needs care now
        assert answer["triage"]["disposition"] in ("urgent", "emergency")
        assert answer.get("error") == "care_required" or answer["errors"]


# -- the documentation's commands ------------------------------------------------------------

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_EXIT = re.compile(r"#\s*exit status (\d+)\s*$")


class DocCommand(NamedTuple):
    where: str
    line: str
    shown: list[str]  # the output printed under it in the doc

    @property
    def expected_status(self) -> int:
        found = _EXIT.search(self.line)
        return int(found.group(1)) if found else 0


def doc_commands() -> list[DocCommand]:
    """Every ``$ runpelvis ...`` (or ``$ echo ... | runpelvis ...``) line of a console block."""
    commands: list[DocCommand] = []
    for path in DOCS:
        if not path.exists():
            continue
        for block in code_blocks(path.read_text(encoding="utf-8")):
            if block.language not in ("console", "bash", "shell"):
                continue
            lines = block.code.splitlines()
            for index, line in enumerate(lines):
                if not line.startswith("$ ") or "runpelvis" not in line:
                    continue
                shown = []
                for after in lines[index + 1 :]:
                    if after.startswith("$ "):
                        break
                    shown.append(after)
                where = f"{path.relative_to(ROOT)}:{block.line + index}"
                commands.append(DocCommand(where, line[2:], shown))
    return commands


def _argv_and_stdin(line: str) -> tuple[list[str], str]:
    """``runpelvis ARGS`` or ``echo 'JSON' | runpelvis ARGS``, as main's argv and stdin."""
    words = shlex.split(line, comments=True)
    stdin = ""
    if words[0] == "echo":
        pipe = words.index("|")
        stdin, words = " ".join(words[1:pipe]) + "\n", words[pipe + 1 :]
    assert words[0] == "runpelvis", f"the docs test cannot run {line!r}"
    return words[1:], stdin


DOC_COMMANDS = doc_commands()


def test_the_cli_guide_has_commands_for_every_subcommand() -> None:
    in_guide = [c for c in DOC_COMMANDS if c.where.startswith("docs/cli.md")]
    used = {_argv_and_stdin(c.line)[0][0] for c in in_guide}
    assert used == {"triage", "session", "program", "screen", "catalog"}
    assert {c.expected_status for c in in_guide} == {0, 2, 3}
    checked = [line for c in in_guide for line in c.shown if not line.endswith("...")]
    assert len(checked) >= 20  # the guide shows real output, and it is compared


@pytest.mark.parametrize("command", DOC_COMMANDS, ids=[c.where for c in DOC_COMMANDS])
def test_documented_commands_run_as_shown(cli: Any, command: DocCommand) -> None:
    argv, stdin = _argv_and_stdin(command.line)
    run = cli(*argv, stdin=stdin)
    assert run.status == command.expected_status, run.stderr
    if run.status == 0:
        assert run.stderr == ""
    printed = (run.stdout + run.stderr).splitlines()
    for shown in command.shown:  # "..." stands for lines left out
        if shown.strip() != "..." and not shown.endswith("..."):
            assert shown in printed, f"{command.where}: {shown!r} is not printed"


# -- a red flag is never hidden by bad input (SPEC section 7) --------------------------------

SADDLE_AND_TYPO = ["triage", "--symptoms", "saddle_numbness,fevr", "--pain", "5", "--days", "1"]
NEEDS_CARE_NOW = (
    "runpelvis: the input has errors, but what is valid of the report already "
    "needs care now: the triage says emergency."
)
PROGRAM_RED_FLAG = [
    "program",
    *PROGRAM_FLAGS,
    "--symptoms",
    "saddle_numbness",
    "--pain",
    "2",
    "--days",
    "1",
]


def _triaged(symptoms: set[str], pain: int, days: int) -> rp.TriageResult:
    return rp.triage(rp.SymptomReport(frozenset(symptoms), pain, days))


def test_a_red_flag_beside_a_typo_is_shown_with_the_error(cli: Any) -> None:
    """`runpelvis triage --symptoms saddle_numbness,fevr ...`: the emergency, not just exit 2."""
    run = cli(*SADDLE_AND_TYPO)
    assert run.status == 3
    emergency = _triaged({"saddle_numbness"}, 5, 1)
    assert run.stdout.splitlines()[0] == f"Emergency: {emergency.headline}"
    assert run.stderr.splitlines() == [
        "--symptoms item 2: unknown symptom 'fevr' (did you mean 'fever'?)",
        NEEDS_CARE_NOW,
    ]


def test_a_red_flag_beside_a_typo_in_json_mode(cli: Any) -> None:
    request = {"symptoms": ["saddle_numbness", "fevr"], "pain": 5, "days_since_onset": 1}
    run = cli("triage", "--json", stdin=request)
    assert run.status == 3
    with pytest.raises(rp.InvalidInput) as caught:
        rp.triage_json(request)
    assert run.json == caught.value.to_json()
    assert run.json["triage"] == rp.triage_json({**request, "symptoms": ["saddle_numbness"]})
    assert run.stderr.splitlines() == [*run.json["errors"], NEEDS_CARE_NOW]


def test_a_plan_with_a_typo_and_a_red_flag_exits_3(cli: Any) -> None:
    run = cli(*[arg.replace("weak_core", "weak_cor") for arg in PROGRAM_RED_FLAG])
    assert run.status == 3
    assert run.stdout.splitlines()[0].startswith("Emergency: ")
    assert "week" not in run.stdout.lower()
    assert "emergency" in run.stderr


#: A report whose red flag a later, repeated "symptoms" key would have overwritten.
_REPEATED = '{"symptoms": ["saddle_numbness"], "pain": 2, "days_since_onset": 1, "symptoms": []}'
_PROFILE_TEXT = json.dumps(SPEC_PROFILE)


@pytest.mark.parametrize(
    ("command", "text", "error"),
    [
        ("triage", _REPEATED, "symptoms"),
        (
            "session",
            f'{{"profile": {_PROFILE_TEXT}, "kind": "cool_down", "report": {_REPEATED}}}',
            "report.symptoms",
        ),
        (
            "program",
            f'{{"profile": {_PROFILE_TEXT}, "weeks": 1, "start": "2026-01-05",'
            f' "report": {_REPEATED}}}',
            "report.symptoms",
        ),
        # the rest of the request need not be valid for the red flag to show
        (
            "program",
            f'{{"report": {_REPEATED}, "weeks": "x"}}',
            "report.symptoms",
        ),
    ],
)
def test_a_repeated_key_cannot_hide_a_red_flag(
    cli: Any, command: str, text: str, error: str
) -> None:
    """A later ``"symptoms": []`` used to overwrite the red flag (last key won): now exit 3."""
    run = cli(command, "--json", stdin=text)
    assert run.status == 3, run.stderr
    message = f"stdin: {error}: repeated key: each key may appear only once"
    assert run.json == {"errors": [message], "triage": rp.triage_json(RED_FLAG)}
    assert run.stderr.splitlines() == [message, NEEDS_CARE_NOW]


@pytest.mark.parametrize(
    ("command", "text", "error"),
    [
        ("triage", '{"symptoms": [], "pain": 2, "pain": 1, "days_since_onset": 1}', "pain"),
        (
            "screen",
            '{"weekly_run_minutes": [90], "weekly_run_minutes": [1]}',
            "weekly_run_minutes",
        ),
        ("session", '{"kind": "strength", "kind": "cool_down"}', "kind"),
    ],
)
def test_a_repeated_key_is_bad_input(cli: Any, command: str, text: str, error: str) -> None:
    run = cli(command, "--json", stdin=text)
    assert run.status == 2
    message = f"stdin: {error}: repeated key: each key may appear only once"
    assert run.json == {"errors": [message], "triage": None}
    assert run.stderr.splitlines() == [message]


def test_json_mode_errors_go_to_stdout_as_json_too(cli: Any) -> None:
    run = cli("catalog", "exercises", "plnk", "--json")
    assert run.status == 2
    assert run.json == {"errors": run.stderr.splitlines(), "triage": None}
    assert run.stderr.startswith("ID: no exercise 'plnk'")
    run = cli("catalog", "exercises", "plnk")  # text mode: stderr only
    assert (run.status, run.stdout) == (2, "")


# -- never a traceback: closed, full and broken streams ----------------------------------------

_PYTHON_RUNPELVIS = [sys.executable, "-m", "runpelvis"]
_TRIAGE_FLAGS = ["triage", "--symptoms", "fever", "--pain", "2", "--days", "1"]
_BAD_FLAGS = ["triage", "--symptoms", "fevr", "--pain", "1", "--days", "1"]
_PROGRAM_RED_FLAG_JSON = json.dumps({**PROGRAM_REQUEST, "report": RED_FLAG})


class StreamCase(NamedTuple):
    redirect: str  # a POSIX shell redirection applied to `python -m runpelvis`
    argv: list[str]
    stdin: str | None
    status: int
    stderr: list[str] | None  # every line of stderr, when it is pinned


STREAM_CASES: dict[str, StreamCase] = {
    "closed_stdout_answer": StreamCase(
        ">&-", _TRIAGE_FLAGS, None, 1, ["runpelvis: cannot write the output: stdout is closed"]
    ),
    "closed_stdout_help": StreamCase(
        ">&-", ["--help"], None, 1, ["runpelvis: cannot write the output: stdout is closed"]
    ),
    "closed_stdout_bad_input": StreamCase(  # nothing was to be written to stdout
        ">&-",
        _BAD_FLAGS,
        None,
        2,
        ["--symptoms item 1: unknown symptom 'fevr' (did you mean 'fever'?)"],
    ),
    "closed_stdout_bad_json": StreamCase(
        ">&-",
        ["triage", "--json"],
        "[]",
        2,
        [
            "$: must be an object, got a list",
            "runpelvis: cannot write the output: stdout is closed",
        ],
    ),
    "closed_stdout_red_flag_and_typo": StreamCase(
        ">&-",
        SADDLE_AND_TYPO,
        None,
        3,
        [
            "--symptoms item 2: unknown symptom 'fevr' (did you mean 'fever'?)",
            NEEDS_CARE_NOW,
            "runpelvis: cannot write the output: stdout is closed",
        ],
    ),
    "closed_stdout_care_required": StreamCase(
        ">&-",
        PROGRAM_RED_FLAG,
        None,
        3,
        [
            "runpelvis: no exercise plan: the triage says emergency. Get medical care first.",
            "runpelvis: cannot write the output: stdout is closed",
        ],
    ),
    "closed_stdin": StreamCase(
        "<&-",
        ["triage", "--json"],
        None,
        1,
        ["runpelvis: cannot read the request: stdin is closed"],
    ),
    "full_disk_answer": StreamCase(
        "> /dev/full",
        ["catalog", "--json"],
        None,
        1,
        ["runpelvis: cannot write the output: No space left on device"],
    ),
    "full_disk_small_answer": StreamCase(
        "> /dev/full",
        _TRIAGE_FLAGS,
        None,
        1,
        ["runpelvis: cannot write the output: No space left on device"],
    ),
    "full_disk_care_required": StreamCase(
        "> /dev/full",
        ["program", "--json"],
        _PROGRAM_RED_FLAG_JSON,
        3,
        [
            "runpelvis: no exercise plan: the triage says emergency. Get medical care first.",
            "runpelvis: cannot write the output: No space left on device",
        ],
    ),
    "full_disk_bad_input": StreamCase(
        "> /dev/full",
        ["triage", "--json"],
        "{",
        2,
        None,
    ),
    "read_only_stdout": StreamCase(
        "1< /dev/null",
        ["catalog"],
        None,
        1,
        ["runpelvis: cannot write the output: Bad file descriptor"],
    ),
    "closed_stderr_bad_input": StreamCase("2>&-", _BAD_FLAGS, None, 2, []),
    "full_stderr_bad_input": StreamCase("2> /dev/full", _BAD_FLAGS, None, 2, []),
    "closed_stderr_and_stdout": StreamCase(">&- 2>&-", PROGRAM_RED_FLAG, None, 3, []),
}


def _under_redirect(case: StreamCase) -> Run:
    """``python -m runpelvis ARGV REDIRECT`` run by ``sh``: real closed or full streams."""
    done = subprocess.run(
        ["sh", "-c", f'exec "$@" {case.redirect}', "sh", *_PYTHON_RUNPELVIS, *case.argv],
        input=case.stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def stream_runs() -> dict[str, Run]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(_under_redirect, case) for name, case in STREAM_CASES.items()}
        return {name: future.result() for name, future in futures.items()}


def _clean(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr
    assert "Error" not in stderr, stderr


@pytest.mark.parametrize("name", list(STREAM_CASES))
def test_closed_and_full_streams_give_the_answer_status(
    stream_runs: dict[str, Run], name: str
) -> None:
    """No traceback; the status is the answer's (3 for a red flag), 1 only for a lost answer."""
    case = STREAM_CASES[name]
    if "/dev/full" in case.redirect and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this machine")
    run = stream_runs[name]
    _clean(run.stderr)
    assert run.status == case.status, run.stderr
    if case.stderr is not None:
        assert run.stderr.splitlines() == case.stderr


def _into_a_closed_pipe(argv: list[str], stdin: str | None = None) -> Run:
    """Run with stdout a pipe whose reader is already gone (like ``runpelvis ... | true``)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*_PYTHON_RUNPELVIS, *argv],
            input=stdin,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    return Run(done.returncode, "", done.stderr)


@pytest.mark.parametrize(
    ("argv", "stdin", "status", "stderr"),
    [
        (
            PROGRAM_RED_FLAG,
            None,
            3,
            ["runpelvis: no exercise plan: the triage says emergency. Get medical care first."],
        ),
        (["program", "--json"], _PROGRAM_RED_FLAG_JSON, 3, None),
        (
            SADDLE_AND_TYPO,
            None,
            3,
            ["--symptoms item 2: unknown symptom 'fevr' (did you mean 'fever'?)", NEEDS_CARE_NOW],
        ),
        (["triage", "--json"], "{", 2, None),
        (_TRIAGE_FLAGS, None, 0, []),  # like `| head`: the reader left, nothing failed
        (["--help"], None, 0, []),
    ],
    ids=["care_required", "care_required_json", "red_flag_and_typo", "bad_json", "answer", "help"],
)
def test_a_pipe_whose_reader_left(
    argv: list[str], stdin: str | None, status: int, stderr: list[str] | None
) -> None:
    run = _into_a_closed_pipe(argv, stdin)
    _clean(run.stderr)
    assert run.status == status, run.stderr
    if stderr is not None:
        assert run.stderr.splitlines() == stderr


def test_text_the_terminal_cannot_encode_is_escaped(tmp_path: Path) -> None:
    """``PYTHONIOENCODING=ascii``: a catalog's non-ASCII text is escaped, not a crash."""
    extension = {
        "version": "klinik.1",
        "extends": "runpelvis",
        "symptoms": [
            {
                "id": "hip_clicking",
                "name": "Hüftknacken ✓",
                "description": "Ein Klicken in der Hüfte.",
                "question": "Knackt Ihre Hüfte?",
                "source": "Klinik",
            }
        ],
        "question_groups": [
            {
                "id": "klinik_huefte",
                "kind": "symptoms",
                "text": "Zur Hüfte.",
                "why": "Ein Klicken kann eine Untersuchung brauchen.",
                "items": ["hip_clicking"],
            }
        ],
    }
    path = tmp_path / "klinik.json"
    path.write_text(json.dumps(extension, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [*_PYTHON_RUNPELVIS, "catalog", "symptoms", "hip_clicking", "--catalog", str(path)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=60,
        check=False,
    )
    _clean(done.stderr.decode("ascii"))
    assert done.returncode == 0
    assert "name: H\\xfcftknacken \\u2713" in done.stdout.decode("ascii").splitlines()


# -- in-process: what a terminal must not receive, and the machine's own failures --------------

#: C0 controls but the newline, DEL, C1 controls, lone surrogates.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_HOSTILE = "Plank\x1b[2J\x1b]0;owned\x07\x9b31m\x7f\r\udc80\tend"


def test_control_characters_in_catalog_text_never_reach_the_terminal(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = type(CATALOG).to_document

    def hostile(self: rp.Catalog) -> dict[str, Any]:
        document = original(self)
        for exercise in document["exercises"]:
            exercise["name"] = _HOSTILE
            exercise["steps"] = [_HOSTILE]
        for rule in document["rules"]:
            rule["message"] = _HOSTILE
        return document

    monkeypatch.setattr(type(CATALOG), "to_document", hostile)
    for argv in (("catalog", "exercises"), ("catalog", "exercises", "plank"), ("catalog", "rules")):
        run = cli(*argv)
        assert run.status == 0, run.stderr
        assert not _UNSAFE.search(run.stdout), run.stdout
        assert "Plank\\x1b[2J\\x1b]0;owned\\x07\\x9b" in run.stdout  # long lines are cut
    shown = cli("catalog", "exercises", "plank").stdout
    assert "\\x7f" in shown  # (the wrapped text folds \r and \t as whitespace)
    assert "\\udc80" in shown
    listed = cli("catalog", "exercises").stdout  # names are not wrapped
    assert "\\x7f\\x0d\\udc80\\x09end" in listed
    json_mode = cli("catalog", "exercises", "plank", "--json")  # JSON escapes them itself
    assert json.loads(json_mode.stdout)["name"] == _HOSTILE


def test_error_lines_are_made_safe_too(cli: Any) -> None:
    run = cli("catalog", "exercises", "\x1b[31mred")
    assert run.status == 2
    assert not _UNSAFE.search(run.stderr)


@given(st.text())
def test_printable_escapes_exactly_the_unsafe_characters(text: str) -> None:
    from runpelvis._cli import printable

    shown = printable(text)
    assert not _UNSAFE.search(shown)
    if not _UNSAFE.search(text):
        assert shown == text
    assert shown.count("\n") == text.count("\n")


class _FailingStream(io.StringIO):
    """A stdout whose writes fail with ``error`` (and that has no file descriptor)."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no descriptor")


@pytest.mark.parametrize(
    ("error", "argv", "status", "stderr"),
    [
        (OSError(28, "No space left on device"), ["catalog"], 1, "No space left on device"),
        (OSError(5, "Input/output error"), _TRIAGE_FLAGS, 1, "Input/output error"),
        (BrokenPipeError(32, "Broken pipe"), ["catalog"], 0, None),
        (OSError(28, "No space left on device"), _BAD_FLAGS, 2, None),  # nothing for stdout
        (
            OSError(28, "No space left on device"),
            ["catalog", "exercises", "plnk", "--json"],  # the errors as JSON on stdout
            2,
            "No space left on device",
        ),
        (BrokenPipeError(32, "Broken pipe"), SADDLE_AND_TYPO, 3, None),
    ],
    ids=["enospc", "eio", "epipe", "enospc_bad_flags", "enospc_bad_json", "epipe_red_flag"],
)
def test_a_failed_write_keeps_the_answer_status(
    monkeypatch: pytest.MonkeyPatch,
    error: OSError,
    argv: list[str],
    status: int,
    stderr: str | None,
) -> None:
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", _FailingStream(error))
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(argv) == status
    last = errors.getvalue().splitlines()[-1:] if errors.getvalue() else []
    if stderr is None:
        assert not any("cannot write" in line for line in errors.getvalue().splitlines())
    else:
        assert last == [f"runpelvis: cannot write the output: {stderr}"]


def test_an_unexpected_error_is_one_line_and_exit_1(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import runpelvis._cli as cli_module

    def broken(args: Any) -> int:
        raise RuntimeError("boom\non two lines")

    monkeypatch.setattr(cli_module, "_run_catalog", broken)
    run = cli("catalog")
    assert run.status == 1
    assert run.stderr == "runpelvis: unexpected error: RuntimeError('boom\\non two lines')\n"


def test_an_interruption_is_one_line_and_exit_1(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import runpelvis._cli as cli_module

    def interrupted(args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "_run_triage", interrupted)
    run = cli(*_TRIAGE_FLAGS)
    assert (run.status, run.stdout, run.stderr) == (1, "", "runpelvis: interrupted\n")


def test_stdin_that_cannot_be_read_is_the_machines_failure(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = io.TextIOWrapper(io.BytesIO(b"{}"))
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(["triage", "--json"]) == 1
    assert errors.getvalue().startswith("runpelvis: cannot read the request on stdin: ")
    assert len(errors.getvalue().splitlines()) == 1


class _UnflushableStream(io.StringIO):
    """A stdout whose writes are buffered and whose flush fails (a full disk shows late)."""

    def flush(self) -> None:
        raise OSError(28, "No space left on device")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no descriptor")


def test_a_failed_flush_is_a_failed_write(monkeypatch: pytest.MonkeyPatch) -> None:
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", _UnflushableStream())
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(["catalog"]) == 1
    assert errors.getvalue() == "runpelvis: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    ("argv", "status"),
    [(["catalog"], 1), (SADDLE_AND_TYPO, 3), (["--help"], 1), (["--version"], 1)],
)
def test_no_stdout_at_all_in_process(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], status: int
) -> None:
    """``sys.stdout`` is ``None`` when descriptor 1 was closed before Python started."""
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(argv) == status
    assert errors.getvalue().endswith("runpelvis: cannot write the output: stdout is closed\n")


def test_no_stderr_at_all_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(_BAD_FLAGS) == 2
    assert main(["catalog", "recipes"]) == 2  # argparse's own usage error
    assert main(SADDLE_AND_TYPO) == 3
    assert out.getvalue().startswith("Emergency: ")


def test_no_stdin_at_all_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(["session", "--json"]) == 1
    assert errors.getvalue() == "runpelvis: cannot read the request: stdin is closed\n"


def test_text_a_stream_cannot_encode_is_backslash_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    from runpelvis._text import encodable as _encodable

    ascii_err = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", ascii_err)
    assert main(["catalog", "exercises", "plänk"]) == 2
    ascii_err.flush()
    assert "'pl\\xe4nk'" in ascii_err.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]

    class Unknown:
        encoding = "no-such-codec"

    assert _encodable("plänk ✓", Unknown()) == "plänk ✓"  # left to the stream itself
    assert _encodable("plänk ✓", object()) == "plänk ✓"


def test_a_failed_stream_is_pointed_at_the_null_device() -> None:
    """After a failed write, what is still buffered must not fail again at exit."""
    from runpelvis._cli import _silence

    read, write = os.pipe()
    stream = os.fdopen(write, "w")
    try:
        _silence(stream)
        stream.write("gone")
        stream.flush()  # to /dev/null now, not to the pipe
        assert os.read(read, 10) == b""  # the pipe has no writer left
    finally:
        stream.close()
        os.close(read)
    _silence(io.StringIO())  # no descriptor: nothing to do, no error


# -- the second edition's report fields as flags ----------------------------------------------


def test_age_risk_factors_and_unsure_flags_reach_the_report(cli: Any) -> None:
    run = cli(
        "triage", "--symptoms", "sudden_pain_after_minor_strain", "--pain", "5", "--days", "1",
        "--age", "70", "--risk-factors", "osteoporosis", "--unsure", "faint_or_collapse",
    )  # fmt: skip
    expected = rp.triage(
        rp.SymptomReport(
            symptoms=frozenset({"sudden_pain_after_minor_strain"}),
            pain=5,
            days_since_onset=1,
            age=70,
            risk_factors=frozenset({"osteoporosis"}),
            unsure=frozenset({"faint_or_collapse"}),
        )
    )
    label = expected.disposition.value.replace("_", " ").capitalize()
    assert run.status == 0
    assert run.stdout.splitlines()[0] == f"{label}: {expected.headline}"
    bullets = [line for line in run.stdout.splitlines() if line.startswith("  - ")]
    assert len(bullets) == len(expected.reasons) > 1
    assert "Reported: symptoms sudden pain after minor strain;" in run.stdout


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["--age", "7"], "--age: must be from 10 to 110, got 7"),
        (["--risk-factors", "pregnnt"], "--risk-factors item 1: unknown risk factor 'pregnnt'"),
        (["--unsure", "fevr"], "--unsure item 1: "),
    ],
)
def test_bad_report_flags_are_named_by_flag(cli: Any, argv: list[str], line: str) -> None:
    run = cli("triage", "--pain", "2", "--days", "1", *argv)
    assert run.status == 2
    assert run.stderr.startswith(line)


def test_report_flags_in_a_plan_need_pain_and_days(cli: Any) -> None:
    run = cli("session", "cool_down", "--age", "40")
    assert run.status == 2
    assert "a symptom report needs --pain and --days" in run.stderr


def test_json_mode_refuses_the_new_report_flags(cli: Any) -> None:
    run = cli("triage", "--json", "--age", "40", stdin={})
    assert run.status == 2
    assert "drop --age" in run.stderr


def test_steps_prints_each_exercises_steps_and_cues_under_it(cli: Any) -> None:
    argv = [
        "session",
        "cool_down",
        "--causes",
        "weak_core",
        "--equipment",
        "mat",
        "--minutes",
        "10",
    ]
    plain, steps = cli(*argv), cli(*argv, "--steps")
    assert (plain.status, steps.status) == (0, 0)
    session = rp.plan_session(
        rp.RunnerProfile(
            causes=frozenset({"weak_core"}),
            level="beginner",
            equipment=frozenset({"mat"}),
            session_minutes=10,
            runs_per_week=0,
            weekly_run_minutes=0,
        ),
        "cool_down",
    )
    first = session.items[0]
    assert first.steps[0][:40] not in plain.stdout
    lines = steps.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(first.name))
    assert lines[at + 1].strip().startswith("1. " + first.steps[0][:30])
    for cue in first.cues:
        assert f"- {cue[:30]}" in steps.stdout
    program = cli("program", "--causes", "weak_core", "--runs", "2", "--weekly-minutes", "60",
                  "--steps")  # fmt: skip
    assert program.status == 0
    assert "1. " in program.stdout
