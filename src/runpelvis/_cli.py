"""The ``runpelvis`` command (also ``python -m runpelvis``), standard library only.

Every subcommand has two modes. With ``--json`` it reads one request as JSON on
stdin and prints the response as JSON, exactly as the ``*_json`` functions take and
give them. Without it, readable flags build the same request, and the answer is
printed as text for a person. Both modes go through the same public functions,
so they validate alike.

Exit status (and nothing else, never a traceback):

- 0 on success (a triage of any disposition is a success);
- 2 on bad input, with one problem per line on stderr (and, with ``--json``,
  ``{"errors": [...], "triage": null}`` on stdout);
- 3 when the triage calls for medical care now and so no plan is made, or when the
  input is bad but what is valid of its report already calls for care now: the
  triage is printed all the same (as text, or as ``{"error": "care_required",
  "triage": {...}}`` / ``{"errors": [...], "triage": {...}}``);
- 1 only when the machine fails: stdin cannot be read, stdout cannot be written
  (other than a reader that left: ``runpelvis ... | head`` is still 0), an
  interruption or an unexpected error; one line on stderr says which.

When stdout cannot be written, the status is still the one the answer calls for
(2 or 3). Everything printed is made safe for a terminal first: control characters
(but newlines) and lone surrogates are shown escaped, and text the stream's encoding
cannot carry is backslash-escaped rather than failing.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import datetime
import json
import os
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

import runpelvis as rp

from ._checks import suggest
from ._documents import ID_SECTIONS
from ._errors import CareRequired, InvalidInput
from ._jsontext import read_json
from ._text import (
    SECTIONS,
    WIDTH,
    catalog_overview,
    encodable,
    item_key,
    item_text,
    printable,
    program_text,
    screen_text,
    section_text,
    session_text,
    triage_text,
)
from ._vocabulary import LEVELS, SESSION_KINDS

if TYPE_CHECKING:
    from ._catalog import Catalog

__all__ = ["main"]

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_CARE_REQUIRED = 3


class _Refused(Exception):
    """A bad command line found after parsing: reported like argparse's own errors."""


class _Unreadable(Exception):
    """The request on stdin could not be read: the machine's failure, not bad input."""


def main(argv: list[str] | None = None) -> int:
    """Run the ``runpelvis`` command with ``argv`` (default: ``sys.argv[1:]``); the exit status.

    Never raises and never prints a traceback: an unexpected error or an interruption
    is one line on stderr and exit status 1.
    """
    console = _Console()
    token = _CONSOLE.set(console)
    try:
        try:
            status = _main(argv)
        except KeyboardInterrupt:
            console.err("runpelvis: interrupted")
            status = EXIT_FAILURE
        except Exception as error:  # a bug in runpelvis: said in one line, never a traceback
            console.err(f"runpelvis: unexpected error: {_one_line(repr(error))}")
            status = EXIT_FAILURE
        return console.finish(status)
    finally:
        _CONSOLE.reset(token)


def _main(argv: list[str] | None) -> int:
    _tolerate_unencodable()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, or argparse's own usage error (2)
        return done.code if isinstance(done.code, int) else EXIT_BAD_INPUT
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except _Refused as refused:
        _err(args.subparser.format_usage(), end="")
        _err(f"runpelvis {args.name}: error: {refused}")
        return EXIT_BAD_INPUT
    except InvalidInput as error:
        return _bad_input(error, args)
    except CareRequired as care:
        return _refuse_plan(care, json_mode=args.json)
    except _Unreadable as error:
        _err(f"runpelvis: {error}")
        return EXIT_FAILURE


# --- writing: never a traceback, whatever the streams ------------------------------------


def _tolerate_unencodable() -> None:
    """The process's own stdout and stderr backslash-escape what their encoding cannot write.

    Only the real streams (``sys.__stdout__``): a caller's replacement is left as it is.
    What runpelvis writes is made encodable anyway (:func:`~runpelvis._text.encodable`); this covers
    what Python itself may write.
    """
    for stream, original in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__)):
        reconfigure = getattr(stream, "reconfigure", None)
        if stream is not None and stream is original and reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _reason(error: BaseException) -> str:
    """Why a read or write failed, in a few words: ``No space left on device``."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return _one_line(str(error) or type(error).__name__)


def _silence(stream: object) -> None:
    """Point ``stream``'s file descriptor at the null device after a failed write.

    What is still buffered then goes nowhere when the interpreter flushes at exit,
    instead of failing again with "Exception ignored ... BrokenPipeError".
    """
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
        devnull = os.open(os.devnull, os.O_WRONLY)
    except Exception:  # no file descriptor (a test's StringIO), or none left
        return
    try:
        os.dup2(devnull, fd)
    except OSError:  # pragma: no cover - nothing more can be done
        pass
    finally:
        if devnull != fd:
            os.close(devnull)


class _Console:
    """stdout and stderr, written without ever raising.

    The first failure to write stdout is kept (a reader that left is not one); after
    it nothing more is written there. Everything written goes through
    :func:`printable`, so catalog text cannot drive the terminal.
    """

    def __init__(self) -> None:
        self.failure: str | None = None
        self.reader_left = False

    def out(self, text: str, end: str = "\n") -> None:
        if self.failure is None and not self.reader_left:
            self._write("stdout", text + end)

    def err(self, text: str, end: str = "\n") -> None:
        self._write("stderr", text + end)

    def _write(self, name: str, text: str) -> None:
        stream = getattr(sys, name)
        if stream is None:  # the descriptor was closed when Python started
            self._failed(name, None, f"{name} is closed")
            return
        try:
            stream.write(encodable(printable(text), stream))
        except Exception as error:  # OSError, a closed file's ValueError, ...
            self._failed(name, stream, error)

    def flush(self) -> None:
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if stream is not None:
                try:
                    stream.flush()
                except Exception as error:
                    self._failed(name, stream, error)

    def _failed(self, name: str, stream: object, error: BaseException | str) -> None:
        if stream is not None:
            _silence(stream)
        if name != "stdout":
            return  # stderr failed: there is nowhere left to say anything
        if isinstance(error, BrokenPipeError):  # `runpelvis ... | head`: the reader left
            self.reader_left = True
        elif self.failure is None:
            self.failure = error if isinstance(error, str) else _reason(error)

    def finish(self, status: int) -> int:
        """The exit status, once everything is flushed: a successful answer not written is 1."""
        self.flush()
        if self.failure is None:
            return status
        self.err(f"runpelvis: cannot write the output: {self.failure}")
        return EXIT_FAILURE if status == EXIT_OK else status


#: The console of the running ``main`` (its writers are called deep in the commands).
_CONSOLE: contextvars.ContextVar[_Console | None] = contextvars.ContextVar(
    "runpelvis_console", default=None
)


def _console() -> _Console:
    return _CONSOLE.get() or _Console()


def _print(text: str = "") -> None:
    """One line (or several) on stdout."""
    _console().out(text)


def _err(text: str, end: str = "\n") -> None:
    _console().err(text, end)


def _bad_input(error: InvalidInput, args: argparse.Namespace) -> int:
    """Exit 2 with every problem; 3, with the triage too, when the valid part needs care now."""
    json_mode = bool(getattr(args, "json", False))
    result = error.triage
    if json_mode:
        _print_json(error.to_json())
    elif result is not None:
        _print(triage_text(result))
    flags = {} if json_mode else args.flags
    for path, message in error.problems:
        _err(f"{_flag_path(path, flags)}: {message}")
    if result is None:
        return EXIT_BAD_INPUT
    _err(
        "runpelvis: the input has errors, but what is valid of the report already "
        f"needs care now: the triage says {result.disposition.value}."
    )
    return EXIT_CARE_REQUIRED


# --- the command line ----------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=WIDTH)


class _Parser(argparse.ArgumentParser):
    """argparse, writing through the console: help and usage errors never raise on a bad stream.

    (argparse itself writes help to ``sys.stderr`` when ``sys.stdout`` is ``None``, and
    lets a failed flush escape at exit.) Subparsers are made of this class too.
    """

    def print_usage(self, file: object = None) -> None:
        _print(self.format_usage().rstrip("\n"))

    def print_help(self, file: object = None) -> None:
        _print(self.format_help().rstrip("\n"))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            _err(message, end="")
        raise SystemExit(status)

    def error(self, message: str) -> NoReturn:
        _err(self.format_usage(), end="")
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="runpelvis",
        formatter_class=_Formatter,
        description=(
            "Triage and routine planning for runners with back and pelvic pain.\n"
            "A conservative decision aid, not a diagnosis."
        ),
        epilog=textwrap.dedent(
            """\
            examples:
              runpelvis triage --symptoms fever,chills --pain 5 --days 2
              runpelvis program --causes weak_core --minutes 20 --runs 3 \\
                  --weekly-minutes 90 --weeks 4 --start 2026-01-05
              echo '{"symptoms": [], "pain": 2, "days_since_onset": 1}' | runpelvis triage --json

            exit status: 0 done, 2 bad input, 3 care is needed now (no plan; the
            triage is shown, even when the input is bad), 1 the machine failed
            """
        ),
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    common = _Parser(add_help=False)
    common.add_argument(
        "--catalog",
        metavar="PATH",
        help="use this catalog file instead of the bundled one (see docs/catalog.md)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        help="print the response as JSON; a command that takes a request reads it as JSON on stdin",
    )

    def command(
        name: str, run: Callable[[argparse.Namespace], int], description: str, **kwargs: Any
    ) -> Any:
        sub = commands.add_parser(
            name,
            parents=[common],
            formatter_class=_Formatter,
            description=textwrap.fill(description, WIDTH),
            **kwargs,
        )
        sub.set_defaults(command=run, subparser=sub, name=name, flags={})
        return sub

    triage = command(
        "triage",
        _run_triage,
        help="how urgent is it, and why",
        description="Triage a symptom report: a disposition, what to do now, and why.",
        epilog=_examples(
            "runpelvis triage --symptoms pain_after_running --pain 3 --days 2",
            "runpelvis triage --symptoms fever,chills --pain 5 --days 2",
            """echo '{"symptoms": ["night_pain"], "pain": 4, "days_since_onset": 20}' \\
    | runpelvis triage --json""",
        ),
    )
    _add_flags(triage, "triage")

    command(
        "check",
        _run_check,
        help="an interactive check-in: the most serious questions first",
        description=(
            "Answer a few questions in the terminal (y, n or Enter, ? for not sure), the "
            "most serious first, until the answer is known; then the triage and what to do "
            "next. Exit status 3 when that calls for care now. --json reads one interview "
            "request on stdin and prints the next step (see docs/interview.md)."
        ),
        epilog=_examples(
            "runpelvis check",
            """echo '{"pain": 3, "days_since_onset": 2, "yes": [], "no": []}' \\
    | runpelvis check --json""",
        ),
    )

    session = command(
        "session",
        _run_session,
        help="plan one warm-up, cool-down, strength or recovery session",
        description=(
            "Plan one session for a runner. Give --symptoms, --pain and --days to triage "
            "a report first: the plan then respects it, and a red flag gets no plan "
            "(exit status 3)."
        ),
        epilog=_examples(
            "runpelvis session cool_down --causes weak_core --equipment mat --minutes 15",
            "runpelvis session strength --causes weak_glutes --level intermediate \\\n"
            "    --equipment mat,dumbbells --minutes 25 --pain 2 --days 3",
            """echo '{"profile": {"causes": ["weak_core"], "level": "beginner", \\
    "equipment": ["mat"], "session_minutes": 20, "runs_per_week": 3, \\
    "weekly_run_minutes": 90}, "kind": "cool_down"}' | runpelvis session --json""",
        ),
    )
    _add_flags(session, "session")

    program = command(
        "program",
        _run_program,
        help="plan a multi-week program",
        description=(
            "Plan a program of --weeks weeks from --start (default: today). Give "
            "--symptoms, --pain and --days to triage a report first: the plan then "
            "respects it, and a red flag gets no plan (exit status 3)."
        ),
        epilog=_examples(
            "runpelvis program --causes weak_core --minutes 20 --runs 3 --weekly-minutes 90 \\\n"
            "    --weeks 4 --start 2026-01-05",
            "runpelvis program --causes overuse --equipment pool --runs 3 --weekly-minutes 120 \\\n"
            "    --weeks 2 --start 2026-01-05 --symptoms pain_while_running --pain 4 --days 3",
        ),
    )
    _add_flags(program, "program")

    screen = command(
        "screen",
        _run_screen,
        help="find likely causes in a runner's training history",
        description=(
            "Screen a runner's history for likely causes of back or pelvic pain. Leave out "
            "what you do not know: unknown answers are never counted as evidence."
        ),
        epilog=_examples(
            "runpelvis screen --weekly-minutes 120,125,170 --rest-days 1 --shoe-km 900 \\\n"
            "    --no-stretches --plank-seconds 20",
            """echo '{"weekly_run_minutes": [100, 130], "hip_flexor_tight": true}' \\
    | runpelvis screen --json""",
        ),
    )
    _add_flags(screen, "screen")

    catalog = command(
        "catalog",
        _run_catalog,
        help="list or show the content runpelvis works from",
        description=(
            "Without SECTION: the catalog's version and sections. With SECTION: its items. "
            "With SECTION and ID: one item in full. --json prints the catalog document "
            "(or the section, or the item) instead; it reads nothing from stdin."
        ),
        epilog=_examples(
            "runpelvis catalog",
            "runpelvis catalog exercises",
            "runpelvis catalog exercises plank",
            "runpelvis catalog symptoms --json",
        ),
    )
    catalog.add_argument(
        "section", nargs="?", choices=SECTIONS, metavar="SECTION", help=", ".join(SECTIONS)
    )
    catalog.add_argument("id", nargs="?", metavar="ID", help="one item of the section")
    _add_serve(commands)
    return parser


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(textwrap.indent(line, "  ") for line in lines)


class _Version(argparse.Action):
    """``--version``: looked up only when asked for, to keep start-up quick."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version

        _print(f"runpelvis {version('runpelvis')} (catalog {rp.default_catalog().version})")
        parser.exit()


def _id_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _int_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas, got {text!r}"
        ) from None


# --- the flags: one table per command ------------------------------------------------


class _Flag(NamedTuple):
    """One flag: the request path it sets, its help, and how argparse reads it.

    ``default`` is what the request holds when the flag is not given (``None``: the
    key is left out; a tuple is a JSON array). A ``needed`` flag must be given
    whenever its part of the request is. ``KIND`` (no dashes) is a positional argument.
    """

    flag: str
    path: str
    help: str
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None
    default: int | str | tuple[()] | None = None
    needed: bool = False
    choices: tuple[str, ...] | None = None
    action: type[argparse.Action] | None = None

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_").lower()

    def add_to(self, parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
        if not self.flag.startswith("-"):
            parser.add_argument(
                self.dest, nargs="?", choices=self.choices, metavar=self.flag, help=self.help
            )
            return
        # argparse's own defaults for what the table leaves out (None)
        options: dict[str, Any] = {"action": self.action, "type": self.parse}
        parser.add_argument(
            self.flag,
            **{key: value for key, value in options.items() if value is not None},
            metavar=self.metavar,
            choices=self.choices,
            help=self.help,
        )


class _Part(NamedTuple):
    """The flags that set one part of a request: the report, the profile, or the command's own.

    ``prefix`` is the part's path in the request; ``title`` its section of the help
    (``None``: with the command's other options).
    """

    prefix: str
    title: str | None
    flags: tuple[_Flag, ...]

    def values(self, args: argparse.Namespace) -> dict[str, Any]:
        """This part of the request: each flag's value, or its default."""
        values: dict[str, Any] = {}
        for flag in self.flags:
            value = getattr(args, flag.dest)
            if value is None:
                value = list(flag.default) if isinstance(flag.default, tuple) else flag.default
            if value is not None:
                values[flag.path] = value
        return values

    def given(self, args: argparse.Namespace) -> list[str]:
        """The flags of this part that the command line gave."""
        return [flag.flag for flag in self.flags if getattr(args, flag.dest) is not None]

    def missing(self, args: argparse.Namespace) -> list[str]:
        """The needed flags of this part that the command line left out."""
        return [
            flag.flag for flag in self.flags if flag.needed and getattr(args, flag.dest) is None
        ]


def _report_part(prefix: str, title: str) -> _Part:
    return _Part(
        prefix,
        title,
        (
            _Flag(
                "--symptoms",
                "symptoms",
                "symptom ids, comma-separated (see: runpelvis catalog symptoms)",
                "IDS",
                _id_list,
                default=(),
            ),
            _Flag("--pain", "pain", "pain now, from 0 to 10", "0-10", int, needed=True),
            _Flag("--days", "days_since_onset", "days since the pain began", "N", int, needed=True),
            _Flag("--age", "age", "age in whole years, 10-110 (default: not given)", "YEARS", int),
            _Flag(
                "--risk-factors",
                "risk_factors",
                "risk factor ids, comma-separated: pregnant, osteoporosis, ...",
                "IDS",
                _id_list,
            ),
            _Flag(
                "--unsure",
                "unsure",
                "symptom or risk factor ids you could not answer (age: your age), comma-separated",
                "IDS",
                _id_list,
            ),
        ),
    )


def _profile_part(*, for_program: bool) -> _Part:
    if for_program:
        runs_help = "runs a week, 0-6 (required)"
        weekly_help = "running minutes a week now (required; 0: not running)"
    else:
        runs_help = "runs a week, 0-6 (default 0)"
        weekly_help = "running minutes a week now (default 0)"
    # a program needs the running; a session defaults it to none
    running_default = None if for_program else 0
    return _Part(
        "profile.",
        "runner profile",
        (
            _Flag(
                "--causes",
                "causes",
                "cause ids to work on, comma-separated (runpelvis catalog causes lists them)",
                "IDS",
                _id_list,
                (),
            ),
            _Flag(
                "--level",
                "level",
                "runner level (default beginner)",
                None,
                None,
                "beginner",
                choices=LEVELS,
            ),
            _Flag(
                "--equipment",
                "equipment",
                "equipment at hand: mat, dumbbells, ...",
                "IDS",
                _id_list,
                (),
            ),
            _Flag(
                "--minutes", "session_minutes", "time for one session (default 20)", "N", int, 20
            ),
            _Flag(
                "--runs", "runs_per_week", runs_help, "N", int, running_default, needed=for_program
            ),
            _Flag(
                "--weekly-minutes",
                "weekly_run_minutes",
                weekly_help,
                "N",
                int,
                running_default,
                needed=for_program,
            ),
        ),
    )


_KIND = _Part("", None, (_Flag("KIND", "kind", ", ".join(SESSION_KINDS), choices=SESSION_KINDS),))
_WEEKS_AND_START = _Part(
    "",
    None,
    (
        _Flag("--weeks", "weeks", "how many weeks (default 4)", "N", int, 4),
        _Flag("--start", "start", "first day, as YYYY-MM-DD (default: today)", "DATE"),
    ),
)
_HISTORY = _Part(
    "",
    "runner history (leave out what you do not know)",
    (
        _Flag(
            "--weekly-minutes",
            "weekly_run_minutes",
            "running minutes of recent weeks, oldest first (required)",
            "N,N,...",
            _int_list,
        ),
        _Flag("--rest-days", "rest_days_per_week", "rest days a week", "N", int),
        _Flag("--shoe-km", "shoe_km", "kilometres on your shoes", "KM", int),
        _Flag(
            "--stretches", "stretches", "whether you stretch", action=argparse.BooleanOptionalAction
        ),
        _Flag(
            "--cross-trains",
            "cross_trains",
            "whether you cross-train",
            action=argparse.BooleanOptionalAction,
        ),
        _Flag(
            "--form",
            "form",
            "form faults seen: overstriding, heel_striking, looking_down, "
            "hunched_shoulders, leaning",
            "FAULTS",
            _id_list,
        ),
        _Flag("--plank-seconds", "plank_seconds", "longest plank you can hold", "S", int),
        _Flag(
            "--bridge-reps",
            "single_leg_bridge_reps",
            "single-leg bridges you can do per side",
            "N",
            int,
        ),
        _Flag(
            "--hip-flexor-tight",
            "hip_flexor_tight",
            "result of a hip-flexor (Thomas) test",
            action=argparse.BooleanOptionalAction,
        ),
        _Flag(
            "--diagnoses",
            "diagnoses",
            "medical causes a clinician confirmed: herniated_disc, sciatica, ...",
            "IDS",
            _id_list,
        ),
    ),
)

#: How the text shows a plan: not part of the request (the JSON always has it all).
_SHOW = "show."
_SHOW_STEPS = _Part(
    _SHOW,
    None,
    (
        _Flag(
            "--steps",
            "steps",
            "print each exercise's steps and cues under it (the JSON always has them)",
            action=argparse.BooleanOptionalAction,
        ),
    ),
)

#: Each command's flags, part by part, in the order its help lists them.
_COMMAND_FLAGS: Mapping[str, tuple[_Part, ...]] = {
    "triage": (_report_part("", "symptom report"),),
    "session": (
        _KIND,
        _profile_part(for_program=False),
        _report_part("report.", "symptom report (optional: triaged first)"),
        _SHOW_STEPS,
    ),
    "program": (
        _profile_part(for_program=True),
        _WEEKS_AND_START,
        _report_part("report.", "symptom report (optional: triaged first)"),
        _SHOW_STEPS,
    ),
    "screen": (_HISTORY,),
    "catalog": (),
    "check": (),
}
#: The order of a request's parts: the command's own fields, the report, the profile.
_REQUEST_ORDER = ("", "report.", "profile.")


def _part(command: str, prefix: str) -> _Part:
    return next(part for part in _COMMAND_FLAGS[command] if part.prefix == prefix)


def _flag_paths(*commands: str) -> dict[str, str]:
    """Request paths and the flags that set them, for error messages in flag mode."""
    return {
        part.prefix + flag.path: flag.flag
        for command in commands
        for part in _COMMAND_FLAGS[command]
        for flag in part.flags
    }


_PLAN_FLAGS = _flag_paths("session", "program")


def _add_flags(parser: argparse.ArgumentParser, command: str) -> None:
    """The command's flags, from its table; errors then name them, not request paths."""
    for part in _COMMAND_FLAGS[command]:
        group = parser if part.title is None else parser.add_argument_group(part.title)
        for flag in part.flags:
            flag.add_to(group)
    parser.set_defaults(flags=_flag_paths(command))


def _flag_path(path: str, flags: Mapping[str, str]) -> str:
    """``profile.causes[1]`` as ``--causes item 2`` when flags built the request."""
    for prefix in sorted(flags, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + "[", prefix + ".")):
            rest = path[len(prefix) :]
            if rest.startswith("[") and rest.endswith("]") and rest[1:-1].isdigit():
                return f"{flags[prefix]} item {int(rest[1:-1]) + 1}"
            return flags[prefix] + rest
    return path or "$"


# --- running the commands ------------------------------------------------------------


def _json_only(args: argparse.Namespace) -> None:
    """With --json the whole request comes from stdin: no other flag may set part of it."""
    parts = sorted(
        (part for part in _COMMAND_FLAGS[args.name] if part.prefix in _REQUEST_ORDER),
        key=lambda part: _REQUEST_ORDER.index(part.prefix),
    )
    given = [flag for part in parts for flag in part.given(args)]
    if given:
        raise _Refused(f"--json reads the whole request from stdin; drop {', '.join(given)}")


def _catalog(args: argparse.Namespace) -> Catalog | None:
    return None if args.catalog is None else rp.load_catalog(args.catalog)


def _read_stdin() -> bytes | str:
    """All of stdin, or :class:`_Unreadable` when there is no stdin to read."""
    stream = sys.stdin
    if stream is None:  # closed when Python started (`runpelvis ... <&-`)
        raise _Unreadable("cannot read the request: stdin is closed")
    try:
        data: bytes | str = getattr(stream, "buffer", stream).read()
    except (OSError, ValueError) as error:  # a directory, a closed file, ...
        raise _Unreadable(f"cannot read the request on stdin: {_reason(error)}") from None
    return data


def _read_request(catalog: Catalog | None, report: Callable[[Any], object]) -> object:
    """The JSON request on stdin, decoded strictly (a repeated key is bad input).

    When the text has repeated keys, the report that ``report`` picks out of what
    could be decoded is still triaged: a red flag in it rides on the error
    (``InvalidInput.triage``), so that it is shown all the same (SPEC section 7).
    """
    try:
        return read_json(_read_stdin(), label="stdin")
    except InvalidInput as error:
        if error.partial is None:
            raise
        from ._triage import red_flag

        found = report(error.partial)
        raise error.with_triage(
            None if found is None else red_flag(found, catalog=catalog)
        ) from None


def _whole(request: object) -> object:
    return request


def _its_report(request: object) -> object:
    return request.get("report") if isinstance(request, dict) else None


def _print_json(value: object) -> None:
    _print(json.dumps(value, indent=2))


def _report(args: argparse.Namespace, *, required: bool) -> dict[str, Any] | None:
    """The symptom report the flags give, if any; --pain and --days go together."""
    part = _part(args.name, "" if args.name == "triage" else "report.")
    if not part.given(args) and not required:
        return None
    missing = part.missing(args)
    if missing:
        raise _Refused(f"a symptom report needs {' and '.join(missing)}")
    return part.values(args)


def _run_triage(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _json_only(args)
        _print_json(rp.triage_json(_read_request(catalog, _whole), catalog=catalog))
        return EXIT_OK
    request = _report(args, required=True)
    response = rp.triage_json(request, catalog=catalog)
    _print(triage_text(_structure(response, rp.TriageResult)))
    return EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    """The check-in (``_checkin``); with --json one interview step, as the other commands."""
    from ._checkin import answers_triage_request, run_check

    catalog = _catalog(args)
    if args.json:
        request = _read_request(catalog, answers_triage_request(catalog))
        _print_json(rp.interview_json(request, catalog=catalog))
        return EXIT_OK
    if sys.stdin is None:  # closed when Python started (`runpelvis check <&-`)
        raise _Unreadable("cannot read the answers: stdin is closed")
    return run_check(sys.stdin, sys.stdout, catalog=catalog)


def _run_session(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _json_only(args)
        _print_json(rp.plan_session_json(_read_request(catalog, _its_report), catalog=catalog))
        return EXIT_OK
    if args.kind is None:
        raise _Refused(f"give the session KIND: one of {', '.join(SESSION_KINDS)}")
    request: dict[str, Any] = {
        "profile": _part("session", "profile.").values(args),
        **_part("session", "").values(args),
    }
    show = _part("session", _SHOW).values(args)
    return _plan_text(request, _report(args, required=False), rp.plan_session_json, catalog, show)


def _run_program(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _json_only(args)
        _print_json(rp.plan_program_json(_read_request(catalog, _its_report), catalog=catalog))
        return EXIT_OK
    profile = _part("program", "profile.")
    missing = profile.missing(args)
    if missing:
        raise _Refused(f"a program needs {' and '.join(missing)} (0 for no running)")
    request: dict[str, Any] = {"profile": profile.values(args), **_part("program", "").values(args)}
    request["start"] = request.get("start") or datetime.date.today().isoformat()
    show = _part("program", _SHOW).values(args)
    return _plan_text(request, _report(args, required=False), rp.plan_program_json, catalog, show)


def _plan_text(
    request: dict[str, Any],
    report: dict[str, Any] | None,
    plan: Callable[..., dict[str, Any]],
    catalog: Catalog | None,
    show: dict[str, Any],
) -> int:
    """Plan from a flag-built request; print the triage first when there is a report.

    ``show`` holds the display flags (``steps``), which are not part of the request.
    """
    steps = bool(show.get("steps"))
    if report is not None:
        request["report"] = report
    response = plan(request, catalog=catalog)
    if report is not None:  # valid, since the plan was made: show its triage first
        _print(triage_text(rp.triage(rp.SymptomReport(**report), catalog=catalog)))
        _print()
    if "kind" in request:
        _print(session_text(_structure(response, rp.Session), steps=steps))
    else:
        _print(program_text(_structure(response, rp.Program), steps=steps))
    return EXIT_OK


def _refuse_plan(care: rp.CareRequired, *, json_mode: bool) -> int:
    result = care.triage
    if json_mode:
        _print_json(care.to_json())
    else:
        _print(triage_text(result))
    _err(
        f"runpelvis: no exercise plan: the triage says {result.disposition.value}. "
        "Get medical care first."
    )
    return EXIT_CARE_REQUIRED


def _run_screen(args: argparse.Namespace) -> int:
    from ._convert import structure, unstructure
    from ._screening import RunnerHistory

    catalog = _catalog(args)
    if args.json:
        _json_only(args)
        history = structure(_read_request(catalog, lambda _: None), RunnerHistory)
        findings = rp.screen(history, catalog=catalog)
        _print_json([unstructure(finding) for finding in findings])
        return EXIT_OK
    if args.weekly_minutes is None:
        raise _Refused("give --weekly-minutes: recent weeks' running minutes, oldest first")
    history = structure(_part("screen", "").values(args), RunnerHistory)
    findings = rp.screen(history, catalog=catalog)
    _print(screen_text(findings, _catalog_or_default(catalog)))
    return EXIT_OK


def _run_catalog(args: argparse.Namespace) -> int:
    document = _catalog_or_default(_catalog(args)).to_document()
    if args.section is None:
        if args.json:
            _print_json(document)
        else:
            _print(catalog_overview(document))
        return EXIT_OK
    items: list[dict[str, Any]] = document[args.section]
    if args.id is None:
        if args.json:
            _print_json(items)
        else:
            _print(section_text(args.section, items))
        return EXIT_OK
    item = _find(args.section, items, args.id)
    if args.json:
        _print_json(item)
    else:
        _print(item_text(item))
    return EXIT_OK


#: What one item of each catalog section is called in a message.
_NOUNS = {**ID_SECTIONS, "rules": "rule", "dispositions": "disposition"}


def _find(section: str, items: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    key = item_key(section)
    by_id = {item[key]: item for item in items}
    if wanted not in by_id:
        noun = _NOUNS.get(section, section)
        raise InvalidInput.at("ID", f"no {noun} {wanted[:40]!r}{suggest(wanted, by_id)}")
    found: dict[str, Any] = by_id[wanted]
    return found


def _structure(response: dict[str, Any], cls: type[_T]) -> _T:
    """A JSON response back as its domain object, to print it as text."""
    from ._convert import structure

    return structure(response, cls)


def _catalog_or_default(catalog: Catalog | None) -> Catalog:
    return rp.default_catalog() if catalog is None else catalog


# --- serve: the HTTP service (extra ``server``), imported only when it runs -----------------


def _add_serve(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        formatter_class=_Formatter,
        help="serve the JSON requests over HTTP (extra: server)",
        description=textwrap.fill(
            "Serve POST /triage, /interview, /session and /program, GET /schemas/NAME, "
            "/openapi.json and /health over HTTP (see docs/services.md) until Ctrl-C or "
            "SIGTERM. Needs the server extra: pip install 'runpelvis[server]'.",
            WIDTH,
        ),
        epilog=_examples(
            "runpelvis serve --host 127.0.0.1 --port 8080",
            "runpelvis serve --host 0.0.0.0 --workers 4 --no-access-log",
        ),
    )
    serve.set_defaults(command=_run_serve, subparser=serve, name="serve", flags={}, json=False)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=_in_range(0, 65535), default=8080, help="port (8080)")
    serve.add_argument(
        "--workers", type=_in_range(1, 1024), default=1, metavar="N", help="worker processes (1)"
    )
    serve.add_argument(
        "--no-access-log", dest="access_log", action="store_false", help="no line per request"
    )


def _in_range(low: int, high: int) -> Callable[[str], int]:
    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}")
        return value

    return number


def _run_serve(args: argparse.Namespace) -> int:
    try:
        from . import _service
    except ImportError:
        _err("runpelvis serve needs the server extra: pip install 'runpelvis[server]'")
        return EXIT_FAILURE
    try:
        _service.serve(args.host, args.port, args.workers, args.access_log)
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it shut down for
        return EXIT_OK
    except SystemExit as stopped:  # uvicorn exits when it cannot start (a port in use)
        return EXIT_OK if stopped.code in (0, None) else EXIT_FAILURE
    return EXIT_OK
