"""The terminal check-in (``runpelvis check``, issue 14): the interview asked line by line.

In-process, :class:`Runner` plays a runner at the terminal: it reads the last prompt
written and answers it from a *truth* (what the runner would say to everything), so the
tests do not depend on the order of the questions. Then end to end: ``python -m runpelvis
check`` in a subprocess with scripted stdin, and in a pseudo-terminal for the prompts' look.
"""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._checkin import MAX_TRIES, NEXT_STEPS, run_check

D = rp.Disposition
CATALOG = rp.default_catalog()
#: An item's question text -> its id.
IDS = {
    item.question or item.description: item_id
    for section in (CATALOG.symptoms, CATALOG.risk_factors)
    for item_id, item in section.items()
}
ITEM_MARK = " [y/N/?] "
TIMEOUT = 60


class Runner(io.StringIO):
    """stdin for :func:`run_check`: each line answers the prompt last written to ``out``.

    ``stop`` ends the input (``"eof"``) or presses Ctrl-C (``"interrupt"``) once
    ``stop_after`` items were asked, or at once when that is 0; ``replies`` are typed
    first, whatever the prompt.
    """

    def __init__(
        self,
        pain: int = 2,
        days: int = 1,
        yes: Iterable[str] = (),
        unsure: Iterable[str] = (),
        age: int | None = None,
        *,
        replies: Iterable[str] = (),
        stop: str | None = None,
        stop_after: int = 0,
    ) -> None:
        super().__init__()
        self.out = io.StringIO()
        self.pain, self.days, self.age = pain, days, age
        self.yes, self.unsure = frozenset(yes), frozenset(unsure)
        self.replies = list(replies)
        self.stop, self.stop_after = stop, stop_after
        self.asked: list[str] = []
        self.ask_age_badly: list[str] = []

    def readline(self, size: int | None = -1) -> str:
        if self.stop is not None and len(self.asked) >= self.stop_after:
            if self.stop == "interrupt":
                raise KeyboardInterrupt
            return ""
        if self.replies:
            return self.replies.pop(0) + "\n"
        return self._answer(self.out.getvalue().rsplit("\n", 1)[-1]) + "\n"

    def _answer(self, prompt: str) -> str:
        if prompt.startswith("Pain"):
            return str(self.pain)
        if prompt.startswith("Days"):
            return str(self.days)
        if prompt.startswith("  Your age"):
            if self.ask_age_badly:
                return self.ask_age_badly.pop(0)
            return "?" if self.age is None else str(self.age)
        assert prompt.endswith(ITEM_MARK), prompt
        item = IDS[prompt.strip().removesuffix(ITEM_MARK.strip()).strip()]
        self.asked.append(item)
        if item in self.yes:
            return "y"
        return "?" if item in self.unsure else ""

    def run(self, catalog: rp.Catalog | None = None) -> tuple[int, str]:
        status = run_check(self, self.out, catalog=catalog)
        return status, self.out.getvalue()


def _headline(result: rp.TriageResult) -> str:
    return f"{result.disposition.value.replace('_', ' ').capitalize()}: {result.headline}"


def test_a_runner_with_nothing_to_report_finishes_with_self_care() -> None:
    runner = Runner(pain=2, days=1, age=35)
    status, out = runner.run()
    assert status == 0
    expected = rp.triage(rp.SymptomReport(frozenset(), 2, 1, age=35))
    assert expected.disposition is D.SELF_CARE
    lines = out.splitlines()
    assert _headline(expected) in lines
    assert "What to do next:" in lines
    assert NEXT_STEPS["self_care"].split()[0] in out
    assert runner.asked[0] == "saddle_numbness"  # red flags first
    assert len(set(runner.asked)) == len(runner.asked)  # nothing asked twice


def test_an_emergency_item_stops_at_once_and_exits_3() -> None:
    runner = Runner(pain=3, days=2, yes={"saddle_numbness"})
    status, out = runner.run()
    assert status == 3
    assert runner.asked == ["saddle_numbness"]  # not even the rest of its group
    emergency = rp.triage(rp.SymptomReport(frozenset({"saddle_numbness"}), 3, 2))
    assert _headline(emergency) in out.splitlines()
    assert "Do not run or exercise. Get emergency care now" in " ".join(out.split())
    assert "runpelvis program" not in out
    assert "session" not in out.lower()


def test_urgent_ends_with_care_today_and_exits_3() -> None:
    status, out = Runner(pain=4, days=3, yes={"fever"}).run()
    assert status == 3
    assert out.splitlines()[out.splitlines().index("What to do next:") + 1].startswith(
        "  Do not run or exercise. Get medical care today"
    )


def test_not_sure_is_kept_as_unsure() -> None:
    """'?' to an emergency sign: the triage's unsure rule decides, as rp.interview would."""
    runner = Runner(pain=3, days=2, age=40, unsure={"saddle_numbness"})
    status, out = runner.run()
    truth = rp.Answers(
        3, 2, 40, no=set(runner.asked) - {"saddle_numbness"}, unsure={"saddle_numbness"}
    )
    expected = rp.interview(truth).triage
    assert _headline(expected) in out.splitlines()
    assert "saddle_numbness" in expected.report.unsure
    assert status == (3 if expected.disposition.needs_care_now else 0)


@settings(max_examples=25, deadline=None)
@given(
    yes=st.frozensets(s.symptom_ids(), max_size=3) | st.frozensets(s.risk_factor_ids(), max_size=2),
    pain=s.pains(),
    days=s.days(),
    age=st.integers(10, 110),
)
def test_the_check_in_ends_where_a_full_triage_does(
    yes: frozenset[str], pain: int, days: int, age: int
) -> None:
    report = rp.SymptomReport(
        symptoms=yes & frozenset(CATALOG.symptoms),
        pain=pain,
        days_since_onset=days,
        age=age,
        risk_factors=yes & frozenset(CATALOG.risk_factors),
    )
    expected = rp.triage(report)
    status, out = Runner(pain, days, yes, age=age).run()
    assert _headline(expected) in out.splitlines()
    assert status == (3 if expected.disposition.needs_care_now else 0)


def test_a_bad_number_is_asked_again() -> None:
    status, out = Runner(pain=2, days=1, replies=["eleven", "11", "2", "-1", "1"]).run()
    assert status == 0
    message = "  Please answer with a whole number from 0 to 10."
    assert out.splitlines().count(message) == 2
    assert out.count("Please answer with a whole number from 0 to 3650.") == 1
    assert "Result" in out


def test_a_number_that_never_becomes_valid_exits_2() -> None:
    status, out = Runner(replies=["x"] * MAX_TRIES).run()
    assert status == 2
    assert out.splitlines()[-1] == f"Check-in stopped: no valid number after {MAX_TRIES} tries."
    assert "Result" not in out


def test_a_bad_item_answer_is_asked_again_then_gives_up() -> None:
    status, out = Runner(replies=["2", "1", "maybe", "Y"], yes={"bladder_or_bowel_change"}).run()
    assert out.count("  Please answer y (yes), n or Enter (no), or ? (not sure).") == 1
    assert status == 3  # "Y" said yes to saddle numbness: an emergency
    status, out = Runner(replies=["2", "1", *["yess"] * MAX_TRIES]).run()
    assert status == 2
    assert out.splitlines()[-1] == f"Check-in stopped: no valid answer after {MAX_TRIES} tries."


AGE_PROMPT = "  Your age in years (10-110), or ? to skip: "


def test_the_age_is_a_number_a_bad_one_asked_again() -> None:
    """Sudden severe pain is urgent; at 50 or over it is an emergency: the age is asked."""
    runner = Runner(pain=5, days=1, yes={"sudden_severe_pain"}, age=55)
    runner.ask_age_badly = ["9", "fifty"]
    status, out = runner.run()
    assert AGE_PROMPT in out
    assert out.count("  Please answer with a whole number from 10 to 110, or ? to skip.") == 2
    report = rp.SymptomReport(frozenset({"sudden_severe_pain"}), 5, 1, age=55)
    assert _headline(rp.triage(report)) in out.splitlines()
    assert status == 3


def test_the_age_can_be_declined_with_a_question_mark() -> None:
    runner = Runner(pain=5, days=1, yes={"sudden_severe_pain"}, age=None)
    status, out = runner.run()
    assert AGE_PROMPT in out
    answers = rp.Answers(
        5, 1, None, {"sudden_severe_pain"}, set(runner.asked) - {"sudden_severe_pain"}, {"age"}
    )
    expected = rp.interview(answers)
    assert expected.should_stop
    assert _headline(expected.triage) in out.splitlines()
    assert status == (3 if expected.triage.disposition.needs_care_now else 0)


@pytest.mark.parametrize("stop", ["eof", "interrupt"])
def test_stopping_before_a_result_is_one_line_and_exit_0(stop: str) -> None:
    status, out = Runner(stop=stop, stop_after=2).run()
    assert status == 0
    last = out.splitlines()[-1]
    assert last.endswith("the check-in stopped before a result. Run it again to finish.")
    assert "Result" not in out
    assert "Traceback" not in out


@pytest.mark.parametrize("stop", ["eof", "interrupt"])
def test_stopping_before_the_first_answer(stop: str) -> None:
    status, out = Runner(stop=stop).run()
    assert status == 0
    assert "stopped before a result" in out.splitlines()[-1]


@pytest.mark.parametrize("stop", ["eof", "interrupt"])
def test_stopping_after_an_urgent_answer_exits_3(stop: str) -> None:
    """A yes to leg weakness is urgent; the input ends at the next item: exit 3, and why."""
    runner = Runner(pain=4, days=3, yes={"leg_weakness"}, stop=stop, stop_after=8)
    status, out = runner.run()
    assert "leg_weakness" in runner.asked
    assert "Result" not in out
    assert status == 3
    urgent = rp.triage(rp.SymptomReport(frozenset({"leg_weakness"}), 4, 3))
    last = out.splitlines()[-1]
    assert "what you answered already needs care now" in last
    assert urgent.headline in last
    assert last.endswith("Do not run or exercise.")


class _Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_stdout_that_cannot_be_written_is_exit_1_without_a_traceback() -> None:
    assert run_check(io.StringIO("2\n1\n"), _Broken()) == 1


def test_unprintable_answers_and_text_are_escaped() -> None:
    status, out = Runner(replies=["\x1b[31m", "2", "1"]).run()
    assert status == 0
    assert "\x1b" not in out


def test_a_catalog_can_be_given() -> None:
    status, out = Runner().run(catalog=CATALOG)
    assert status == 0
    assert CATALOG.version in out


# -- end to end ------------------------------------------------------------------------------

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def _runpelvis(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runpelvis", *args],
        input=stdin,
        check=False,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=ENV,
    )


def test_check_in_a_subprocess_with_scripted_stdin() -> None:
    run = _runpelvis("check", stdin="3\n2\n" + "n\n" * 60)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert "Self care: " in run.stdout
    assert "What to do next:" in run.stdout
    emergency = _runpelvis("check", stdin="3\n2\ny\n")
    assert emergency.returncode == 3
    assert "Emergency: " in emergency.stdout
    cut = _runpelvis("check", stdin="3\n2\nn\n")
    assert cut.returncode == 0
    assert cut.stdout.splitlines()[-1].startswith("End of input: ")
    assert "Traceback" not in run.stderr + emergency.stderr + cut.stderr


def test_check_json_prints_one_step() -> None:
    request = {"pain": 3, "days_since_onset": 2, "yes": [], "no": [], "unsure": []}
    run = _runpelvis("check", "--json", stdin=json.dumps(request))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == rp.interview_json(request)
    bad = _runpelvis("check", "--json", stdin='{"pain": 11, "days_since_onset": 2}')
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["triage"] is None
    assert "pain: must be from 0 to 10, got 11" in bad.stderr.splitlines()
    flagged = _runpelvis(
        "check",
        "--json",
        stdin='{"pain": 3, "days_since_onset": 2, "yes": ["saddle_numbness", "x"]}',
    )
    assert flagged.returncode == 3
    assert json.loads(flagged.stdout)["triage"]["disposition"] == "emergency"


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX only")
def test_check_in_a_pseudo_terminal_shows_prompts_that_wait_on_their_line() -> None:
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "runpelvis", "check"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=ENV,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + TIMEOUT

    def until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"no {marker!r} in {seen[-400:]!r}"
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"ended without {marker!r}: {seen[-400:]!r}"
                seen += chunk

    try:
        until(b"to 10 (worst): ")
        assert seen.endswith(b"to 10 (worst): ")  # the prompt waits on its own line
        os.write(master, b"3\n")
        until(b"(0 if today): ")
        os.write(master, b"2\n")
        until(b"[y/N/?] ")
        assert seen.endswith(b"thighs? [y/N/?] ")
        os.write(master, b"y\n")
        until(b"What to do next:")
        assert process.wait(timeout=TIMEOUT) == 3
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)
        os.close(master)
    text = seen.decode("utf-8", "replace")
    assert "Emergency: " in text
    assert "Traceback" not in text
