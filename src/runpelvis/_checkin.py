"""The terminal check-in: ``runpelvis check`` asks the interview's questions one by one.

:func:`run_check` reads answers line by line from a text stream and writes the questions
to another, so that it runs the same in a terminal, behind a pipe and in a test. It asks
the pain (0-10) and the days since onset, then each question :func:`~runpelvis.interview`
gives (its text and why it is asked, then each item ``[y/N/?]``, or the age as a number),
calls the interview again after each answer, and ends with the triage and what to do next.

Exit status, as the CLI's: 0 done (any disposition that does not need care now), 3 when
the outcome needs care now (``urgent`` or ``emergency``: no exercise plan, as ``runpelvis
program`` exits 3), 2 when an answer stayed invalid after :data:`MAX_TRIES` tries. Ctrl-C
or the end of input stops with one line and the status the answers so far call for (3
when they already reach ``urgent``, 0 otherwise); when stdout cannot be written, that
status too, or 1 when it would have been 0. Nothing is ever raised to the caller but a
second Ctrl-C during the closing line. Everything written goes through
:func:`~runpelvis._text.printable`: catalog text cannot drive the terminal.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

import attrs

from ._interview import Answers, Question, interview
from ._rules import MAX_AGE, MIN_AGE
from ._text import WIDTH, encodable, printable, triage_text
from ._triage import AGE, MAX_DAYS, TriageResult, triage

if TYPE_CHECKING:
    from ._catalog import Catalog

__all__ = ["MAX_TRIES", "answers_triage_request", "run_check"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_CARE_REQUIRED = 3

#: How many times one question is asked before the check-in gives up (exit status 2).
MAX_TRIES = 3
#: The longest answer line read; the rest of a longer line is a bad answer.
_MAX_LINE = 1000

_NUMBER = re.compile(r"[0-9]{1,4}")
#: What an item's answer may be (lowercased, spaces trimmed): Enter is no.
_CHOICES = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "": "no", "?": "unsure"}

INTRO = (
    "runpelvis check-in: a few questions about your back or pelvic pain, the most "
    "serious first. It stops as soon as the answer is known. Answer each item y (yes), "
    "n or Enter (no), or ? (not sure). Ctrl-C stops. A decision aid, not a diagnosis."
)

#: What to do next, by disposition: plain words; never an exercise plan when care is needed now.
NEXT_STEPS = {
    "emergency": (
        "Do not run or exercise. Get emergency care now: call your local emergency "
        "number or go to an emergency department. Do not wait to see whether it settles."
    ),
    "urgent": (
        "Do not run or exercise. Get medical care today: ask your doctor for an "
        "appointment today, or use an urgent-care service or a medical helpline. If it "
        "gets worse, or a new warning sign appears, go to an emergency department."
    ),
    "see_clinician": (
        "Book an appointment with a doctor or a physiotherapist in the next few days, "
        "and follow the advice above until then. Check in again if anything changes."
    ),
    "rest": (
        "Rest from running as the advice above says, and check in again if it is not "
        "better in a few days or anything new appears."
    ),
    "self_care": (
        "You can keep running, with the adjustments above. Check in again if anything "
        "gets worse or a new symptom appears."
    ),
}


class _EndOfInput(Exception):
    """stdin ended (or cannot be read) before the check-in did."""


class _CannotWrite(Exception):
    """stdout cannot be written: nobody sees the questions."""


class _NoValidAnswer(Exception):
    """An answer stayed invalid after :data:`MAX_TRIES` tries."""


@attrs.define
class _Progress:
    """The answers given so far, item by item (the pain and days once both are known)."""

    pain: int | None = None
    days: int | None = None
    age: int | None = None
    yes: set[str] = attrs.field(factory=set)
    no: set[str] = attrs.field(factory=set)
    unsure: set[str] = attrs.field(factory=set)

    def answers(self) -> Answers | None:
        if self.pain is None or self.days is None:
            return None
        return Answers(
            self.pain,
            self.days,
            self.age,
            frozenset(self.yes),
            frozenset(self.no),
            frozenset(self.unsure),
        )


class _Terminal:
    """The two streams, written and read without ever raising but the check-in's own stops."""

    def __init__(self, stdin: TextIO | None, stdout: TextIO | None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        #: A terminal shows what is typed; a pipe does not, so the answer is written back.
        self.echo = not _isatty(stdin)

    def say(self, text: str = "", end: str = "\n") -> None:
        stream = self.stdout
        if stream is None:
            raise _CannotWrite
        try:
            stream.write(encodable(printable(text) + end, stream))
            stream.flush()
        except Exception:  # OSError, BrokenPipeError, a closed file's ValueError, ...
            raise _CannotWrite from None

    def ask(self, prompt: str) -> str:
        """One answer line (without its line end), after showing ``prompt``."""
        self.say(prompt, end="")
        if self.stdin is None:
            raise _EndOfInput
        try:
            line = self.stdin.readline(_MAX_LINE)
        except UnicodeDecodeError:
            return "\ufffd"  # bytes that are not text: a bad answer, asked again
        except (OSError, ValueError):  # a closed or unreadable stdin
            raise _EndOfInput from None
        if not line:
            raise _EndOfInput
        answer = line.rstrip("\r\n")
        if self.echo:
            self.say(answer)
        elif not line.endswith("\n"):
            self.say()  # a last line without its newline: the output goes on below it
        return answer

    def wrap(self, text: str, indent: str = "") -> None:
        self.say(
            textwrap.fill(
                " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent
            )
        )


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # no isatty, a closed file, ...
        return False


def run_check(stdin: TextIO, stdout: TextIO, *, catalog: Catalog | None = None) -> int:
    """Run an interactive check-in on these streams; the exit status (module docstring).

    ``catalog`` is the one to ask from (default: the bundled catalog).
    """
    term = _Terminal(stdin, stdout)
    progress = _Progress()
    try:
        term.wrap(INTRO)
        return _check(term, progress, catalog)
    except KeyboardInterrupt:
        return _stopped(term, progress, catalog, "Check-in interrupted")
    except _EndOfInput:
        return _stopped(term, progress, catalog, "End of input")
    except _NoValidAnswer as error:
        return _gave_up(term, str(error))
    except _CannotWrite:
        status = _status(progress, catalog)
        return EXIT_FAILURE if status == EXIT_OK else status


def _check(term: _Terminal, progress: _Progress, catalog: Catalog | None) -> int:
    term.say()
    progress.pain = _number(term, "Pain right now, from 0 (none) to 10 (worst): ", 0, 10)
    progress.days = _number(term, "Days since it began (0 if today): ", 0, MAX_DAYS)
    while True:
        answers = progress.answers()
        assert answers is not None  # both numbers are known
        step = interview(answers, catalog=catalog)
        if step.should_stop or step.question is None:
            return _summary(term, step.triage)
        if _ask(term, progress, step.question, catalog):
            return _summary(term, interview(_known(progress), catalog=catalog).triage)


def _known(progress: _Progress) -> Answers:
    answers = progress.answers()
    assert answers is not None
    return answers


def _number(term: _Terminal, prompt: str, low: int, high: int, *, decline: bool = False) -> int:
    """A whole number from ``low`` to ``high`` (-1 for ``?`` when ``decline``)."""
    for _ in range(MAX_TRIES):
        text = term.ask(prompt).strip()
        if decline and text == "?":
            return -1
        if _NUMBER.fullmatch(text) and low <= int(text) <= high:
            return int(text)
        skip = ", or ? to skip" if decline else ""
        term.say(f"  Please answer with a whole number from {low} to {high}{skip}.")
    raise _NoValidAnswer(f"no valid number after {MAX_TRIES} tries")


def _ask(term: _Terminal, progress: _Progress, question: Question, catalog: Catalog | None) -> bool:
    """Ask one question group; whether the check-in can stop already (after a yes)."""
    term.say()
    term.wrap(question.text)
    term.wrap(f"(Why we ask: {question.why})", "  ")
    if question.kind == "age":
        age = _number(
            term, "  Your age in years (10-110), or ? to skip: ", MIN_AGE, MAX_AGE, decline=True
        )
        if age < 0:
            progress.unsure.add(AGE)
        else:
            progress.age = age
        return False
    for item in question.items:
        choice = _choice(term, f"  {item.text} [y/N/?] ")
        {"yes": progress.yes, "no": progress.no, "unsure": progress.unsure}[choice].add(item.id)
        if choice != "no" and interview(_known(progress), catalog=catalog).should_stop:
            return True  # an emergency: nothing else needs asking
    return False


def _choice(term: _Terminal, prompt: str) -> str:
    for _ in range(MAX_TRIES):
        choice = _CHOICES.get(term.ask(prompt).strip().lower())
        if choice is not None:
            return choice
        term.say("  Please answer y (yes), n or Enter (no), or ? (not sure).")
    raise _NoValidAnswer(f"no valid answer after {MAX_TRIES} tries")


def _summary(term: _Terminal, result: TriageResult) -> int:
    term.say()
    term.say("=" * 20 + " Result " + "=" * 20)
    term.say(triage_text(result))
    term.say()
    term.say("What to do next:")
    term.wrap(NEXT_STEPS[result.disposition.value], "  ")
    return EXIT_CARE_REQUIRED if result.disposition.needs_care_now else EXIT_OK


def _status(progress: _Progress, catalog: Catalog | None) -> int:
    """The exit status the answers so far call for: 3 when they already need care now."""
    found = _so_far(progress, catalog)
    return EXIT_CARE_REQUIRED if found is not None and found.disposition.needs_care_now else EXIT_OK


def _so_far(progress: _Progress, catalog: Catalog | None) -> TriageResult | None:
    answers = progress.answers()
    if answers is None:
        return None
    return triage(answers.report(catalog=catalog), catalog=catalog)


def _stopped(term: _Terminal, progress: _Progress, catalog: Catalog | None, why: str) -> int:
    """One line for a check-in cut short, and the status its answers call for."""
    found = _so_far(progress, catalog)
    if found is not None and found.disposition.needs_care_now:
        line = (
            f"{why}: what you answered already needs care now. "
            f"{found.headline}. Do not run or exercise."
        )
    else:
        line = f"{why}: the check-in stopped before a result. Run it again to finish."
    _quietly(term, line)
    return _status(progress, catalog)


def _gave_up(term: _Terminal, why: str) -> int:
    _quietly(term, f"Check-in stopped: {why}.")
    return EXIT_BAD_INPUT


def _quietly(term: _Terminal, line: str) -> None:
    """Write ``line`` on a fresh line, if stdout still takes it."""
    try:
        term.say()
        term.say(line)
    except _CannotWrite:
        pass


def answers_triage_request(catalog: Catalog | None) -> Callable[[object], object]:
    """For the CLI's ``check --json``: the triage request of an interview request's yes
    answers, to show a red flag found in a request that could not be read whole."""
    from ._interview import _as_triage_request
    from ._triage import _engine

    engine = _engine(catalog)
    return lambda request: _as_triage_request(engine, request)
