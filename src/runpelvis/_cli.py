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
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import runpelvis as rp

from ._checks import suggest
from ._errors import CareRequired, InvalidInput
from ._jsontext import read_json
from ._vocabulary import ACTIVITY_LABELS, LEVELS, MONTHS, SESSION_KINDS, WEEKDAYS

if TYPE_CHECKING:
    from ._catalog import Catalog
    from ._plan import Program, Session
    from ._screening import CauseFinding
    from ._triage import TriageResult

__all__ = ["main"]

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_CARE_REQUIRED = 3

WIDTH = 78
SECTIONS = (
    "symptoms",
    "causes",
    "equipment",
    "exercises",
    "cross_training",
    "tips",
    "rules",
    "dispositions",
    "screening",
    "planner",
)
#: How each activity kind reads in text: its label, lowercase ("warm-up").
KIND_NAMES: Mapping[str, str] = {kind: label.lower() for kind, label in ACTIVITY_LABELS.items()}

#: Request paths and the flags that set them, for error messages in flag mode.
_REPORT_FLAGS = {"symptoms": "--symptoms", "pain": "--pain", "days_since_onset": "--days"}
_PROFILE_FLAGS = {
    "causes": "--causes",
    "level": "--level",
    "equipment": "--equipment",
    "session_minutes": "--minutes",
    "runs_per_week": "--runs",
    "weekly_run_minutes": "--weekly-minutes",
}
_PLAN_FLAGS = {
    **{f"report.{path}": flag for path, flag in _REPORT_FLAGS.items()},
    **{f"profile.{path}": flag for path, flag in _PROFILE_FLAGS.items()},
    "kind": "KIND",
    "weeks": "--weeks",
    "start": "--start",
}
_SCREEN_FLAGS = {
    "weekly_run_minutes": "--weekly-minutes",
    "rest_days_per_week": "--rest-days",
    "shoe_km": "--shoe-km",
    "form": "--form",
    "plank_seconds": "--plank-seconds",
    "single_leg_bridge_reps": "--bridge-reps",
    "diagnoses": "--diagnoses",
}


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

#: What must not reach a terminal raw: C0 controls but the newline, DEL, C1 controls
#: (ESC and CSI start the escape sequences that move the cursor, recolour or retitle),
#: and lone surrogates, which no encoding can write.
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: control characters and lone surrogates escaped.

    ``printable("red \\x1b[31m")`` is ``"red \\\\x1b[31m"``; newlines stay.
    """
    return _UNPRINTABLE.sub(_escaped, text)


def _encodable(text: str, stream: object) -> str:
    """``text`` with what ``stream``'s encoding cannot carry backslash-escaped."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: leave it to the stream
        pass
    return text


def _tolerate_unencodable() -> None:
    """The process's own stdout and stderr backslash-escape what their encoding cannot write.

    Only the real streams (``sys.__stdout__``): a caller's replacement is left as it is.
    What runpelvis writes is made encodable anyway (:func:`_encodable`); this covers
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
            stream.write(_encodable(printable(text), stream))
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
        _print(_triage_text(result))
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
        help="read the request as JSON on stdin and print the response as JSON",
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
    _report_flags(triage, required=True)
    triage.set_defaults(flags=_REPORT_FLAGS)

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
    session.add_argument(
        "kind", nargs="?", choices=SESSION_KINDS, metavar="KIND", help=", ".join(SESSION_KINDS)
    )
    _profile_flags(session, for_program=False)
    _report_flags(session, required=False)
    session.set_defaults(flags=_PLAN_FLAGS)

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
    _profile_flags(program, for_program=True)
    program.add_argument("--weeks", type=int, metavar="N", help="how many weeks (default 4)")
    program.add_argument(
        "--start",
        metavar="DATE",
        help="first day, as YYYY-MM-DD (default: today)",
    )
    _report_flags(program, required=False)
    program.set_defaults(flags=_PLAN_FLAGS)

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
    _screen_flags(screen)
    screen.set_defaults(flags=_SCREEN_FLAGS)

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


def _report_flags(parser: argparse.ArgumentParser, *, required: bool) -> None:
    group = parser.add_argument_group(
        "symptom report" if required else "symptom report (optional: triaged first)"
    )
    group.add_argument(
        "--symptoms",
        type=_id_list,
        metavar="IDS",
        help="symptom ids, comma-separated (see: runpelvis catalog symptoms)",
    )
    group.add_argument("--pain", type=int, metavar="0-10", help="pain now, from 0 to 10")
    group.add_argument("--days", type=int, metavar="N", help="days since the pain began")


def _profile_flags(parser: argparse.ArgumentParser, *, for_program: bool) -> None:
    group = parser.add_argument_group("runner profile")
    group.add_argument(
        "--causes", type=_id_list, metavar="IDS", help="cause ids to work on, comma-separated"
    )
    group.add_argument("--level", choices=LEVELS, help="runner level (default beginner)")
    group.add_argument(
        "--equipment", type=_id_list, metavar="IDS", help="equipment at hand: mat, dumbbells, ..."
    )
    group.add_argument("--minutes", type=int, metavar="N", help="time for one session (default 20)")
    if for_program:
        runs_help, weekly_help = (
            "runs a week, 0-6 (required)",
            "running minutes a week now (required; 0: not running)",
        )
    else:
        runs_help, weekly_help = (
            "runs a week, 0-6 (default 0)",
            "running minutes a week now (default 0)",
        )
    group.add_argument("--runs", type=int, metavar="N", help=runs_help)
    group.add_argument("--weekly-minutes", type=int, metavar="N", help=weekly_help)


def _screen_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("runner history (leave out what you do not know)")
    group.add_argument(
        "--weekly-minutes",
        type=_int_list,
        metavar="N,N,...",
        help="running minutes of recent weeks, oldest first (required)",
    )
    group.add_argument("--rest-days", type=int, metavar="N", help="rest days a week")
    group.add_argument("--shoe-km", type=int, metavar="KM", help="kilometres on your shoes")
    group.add_argument(
        "--stretches", action=argparse.BooleanOptionalAction, help="whether you stretch"
    )
    group.add_argument(
        "--cross-trains",
        action=argparse.BooleanOptionalAction,
        help="whether you cross-train",
    )
    group.add_argument(
        "--form",
        type=_id_list,
        metavar="FAULTS",
        help="form faults seen: overstriding, heel_striking, looking_down, "
        "hunched_shoulders, leaning",
    )
    group.add_argument("--plank-seconds", type=int, metavar="S", help="longest plank you can hold")
    group.add_argument(
        "--bridge-reps", type=int, metavar="N", help="single-leg bridges you can do per side"
    )
    group.add_argument(
        "--hip-flexor-tight",
        action=argparse.BooleanOptionalAction,
        help="result of a hip-flexor (Thomas) test",
    )
    group.add_argument(
        "--diagnoses",
        type=_id_list,
        metavar="IDS",
        help="medical causes a clinician confirmed: herniated_disc, sciatica, ...",
    )


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


def _flags_given(args: argparse.Namespace, names: Iterable[str]) -> list[str]:
    """The flags (and the KIND argument) among ``names`` that the command line gave."""
    return [
        "KIND" if name == "kind" else "--" + name.replace("_", "-")
        for name in names
        if getattr(args, name, None) is not None
    ]


def _json_only(args: argparse.Namespace, names: Iterable[str]) -> None:
    """With --json the whole request comes from stdin: no other flag may set part of it."""
    given = _flags_given(args, names)
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


_REPORT_NAMES = ("symptoms", "pain", "days")
_PROFILE_NAMES = ("causes", "level", "equipment", "minutes", "runs", "weekly_minutes")


def _report(args: argparse.Namespace, *, required: bool) -> dict[str, Any] | None:
    """The symptom report the flags give, if any; --pain and --days go together."""
    given = _flags_given(args, _REPORT_NAMES)
    if not given and not required:
        return None
    missing = [flag for flag in ("--pain", "--days") if flag not in given]
    if missing:
        raise _Refused(f"a symptom report needs {' and '.join(missing)}")
    return {"symptoms": args.symptoms or [], "pain": args.pain, "days_since_onset": args.days}


def _profile(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "causes": args.causes or [],
        "level": args.level or "beginner",
        "equipment": args.equipment or [],
        "session_minutes": 20 if args.minutes is None else args.minutes,
        "runs_per_week": 0 if args.runs is None else args.runs,
        "weekly_run_minutes": 0 if args.weekly_minutes is None else args.weekly_minutes,
    }


def _run_triage(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _json_only(args, _REPORT_NAMES)
        _print_json(rp.triage_json(_read_request(catalog, _whole), catalog=catalog))
        return EXIT_OK
    request = _report(args, required=True)
    response = rp.triage_json(request, catalog=catalog)
    _print(_triage_text(_structure(response, rp.TriageResult)))
    return EXIT_OK


def _run_session(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _json_only(args, ("kind", *_REPORT_NAMES, *_PROFILE_NAMES))
        _print_json(rp.plan_session_json(_read_request(catalog, _its_report), catalog=catalog))
        return EXIT_OK
    if args.kind is None:
        raise _Refused(f"give the session KIND: one of {', '.join(SESSION_KINDS)}")
    request: dict[str, Any] = {"profile": _profile(args), "kind": args.kind}
    return _plan_text(request, _report(args, required=False), rp.plan_session_json, catalog)


def _run_program(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _json_only(args, ("weeks", "start", *_REPORT_NAMES, *_PROFILE_NAMES))
        _print_json(rp.plan_program_json(_read_request(catalog, _its_report), catalog=catalog))
        return EXIT_OK
    missing = [
        flag
        for flag in ("--runs", "--weekly-minutes")
        if flag not in _flags_given(args, ("runs", "weekly_minutes"))
    ]
    if missing:
        raise _Refused(f"a program needs {' and '.join(missing)} (0 for no running)")
    request: dict[str, Any] = {
        "profile": _profile(args),
        "weeks": 4 if args.weeks is None else args.weeks,
        "start": args.start or datetime.date.today().isoformat(),
    }
    return _plan_text(request, _report(args, required=False), rp.plan_program_json, catalog)


def _plan_text(
    request: dict[str, Any],
    report: dict[str, Any] | None,
    plan: Callable[..., dict[str, Any]],
    catalog: Catalog | None,
) -> int:
    """Plan from a flag-built request; print the triage first when there is a report."""
    if report is not None:
        request["report"] = report
    response = plan(request, catalog=catalog)
    if report is not None:  # valid, since the plan was made: show its triage first
        _print(_triage_text(rp.triage(rp.SymptomReport(**report), catalog=catalog)))
        _print()
    if "kind" in request:
        _print(_session_text(_structure(response, rp.Session)))
    else:
        _print(_program_text(_structure(response, rp.Program)))
    return EXIT_OK


def _refuse_plan(care: rp.CareRequired, *, json_mode: bool) -> int:
    result = care.triage
    if json_mode:
        _print_json(care.to_json())
    else:
        _print(_triage_text(result))
    _err(
        f"runpelvis: no exercise plan: the triage says {result.disposition.value}. "
        "Get medical care first."
    )
    return EXIT_CARE_REQUIRED


def _run_screen(args: argparse.Namespace) -> int:
    from ._convert import structure, unstructure
    from ._screening import RunnerHistory

    catalog = _catalog(args)
    names = (
        "weekly_minutes",
        "rest_days",
        "shoe_km",
        "stretches",
        "cross_trains",
        "form",
        "plank_seconds",
        "bridge_reps",
        "hip_flexor_tight",
        "diagnoses",
    )
    if args.json:
        _json_only(args, names)
        history = structure(_read_request(catalog, lambda _: None), RunnerHistory)
        findings = rp.screen(history, catalog=catalog)
        _print_json([unstructure(finding) for finding in findings])
        return EXIT_OK
    if args.weekly_minutes is None:
        raise _Refused("give --weekly-minutes: recent weeks' running minutes, oldest first")
    fields = {
        "weekly_run_minutes": args.weekly_minutes,
        "rest_days_per_week": args.rest_days,
        "shoe_km": args.shoe_km,
        "stretches": args.stretches,
        "cross_trains": args.cross_trains,
        "form": args.form,
        "plank_seconds": args.plank_seconds,
        "single_leg_bridge_reps": args.bridge_reps,
        "hip_flexor_tight": args.hip_flexor_tight,
        "diagnoses": args.diagnoses,
    }
    history = structure({k: v for k, v in fields.items() if v is not None}, RunnerHistory)
    findings = rp.screen(history, catalog=catalog)
    _print(_screen_text(findings, _catalog_or_default(catalog)))
    return EXIT_OK


def _run_catalog(args: argparse.Namespace) -> int:
    document = _catalog_or_default(_catalog(args)).to_document()
    if args.section is None:
        if args.json:
            _print_json(document)
        else:
            _print(_catalog_overview(document))
        return EXIT_OK
    items: list[dict[str, Any]] = document[args.section]
    if args.id is None:
        if args.json:
            _print_json(items)
        else:
            _print(_section_text(args.section, items))
        return EXIT_OK
    item = _find(args.section, items, args.id)
    if args.json:
        _print_json(item)
    else:
        _print(_item_text(item))
    return EXIT_OK


def _item_key(section: str) -> str:
    return {"rules": "rule_id", "dispositions": "disposition"}.get(section, "id")


def _find(section: str, items: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    key = _item_key(section)
    by_id = {item[key]: item for item in items}
    if wanted not in by_id:
        raise InvalidInput.at("ID", f"no {section} item {wanted[:40]!r}{suggest(wanted, by_id)}")
    found: dict[str, Any] = by_id[wanted]
    return found


def _structure(response: dict[str, Any], cls: type[_T]) -> _T:
    """A JSON response back as its domain object, to print it as text."""
    from ._convert import structure

    return structure(response, cls)


def _catalog_or_default(catalog: Catalog | None) -> Catalog:
    return rp.default_catalog() if catalog is None else catalog


# --- text for people -----------------------------------------------------------------


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
    )


def _label(value: str) -> str:
    return value.replace("_", " ")


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _date(day: datetime.date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day:2d} {MONTHS[day.month - 1]}"


def _triage_text(result: TriageResult) -> str:
    report = result.report
    lines = [
        f"{_label(result.disposition.value).capitalize()}: {result.headline}",
        _wrap(result.advice, "  "),
        "",
    ]
    if result.reasons:
        lines.append("Why:")
        for reason in result.reasons:
            lines.append(_wrap(reason.message, "  - ", "    "))
            lines.append(_wrap(f"(source: {reason.source})", "    "))
    else:
        lines.append("No warning sign was reported.")
    symptoms = ", ".join(_label(symptom) for symptom in sorted(report.symptoms)) or "none"
    lines += [
        "",
        _wrap(
            f"Reported: symptoms {symptoms}; pain {report.pain}/10; "
            f"{_days(report.days_since_onset)} since onset. Catalog {result.catalog_version}. "
            "A decision aid, not a diagnosis."
        ),
    ]
    return "\n".join(lines)


def _items_text(session: Session, indent: str) -> Iterator[str]:
    width = max((len(item.name) for item in session.items), default=0)
    for item in session.items:
        rest = f", rest {item.rest_seconds} s between sets" if item.rest_seconds else ""
        yield f"{indent}{item.name.ljust(width)}  {item.dose}{rest}"


def _session_text(session: Session) -> str:
    lines = [f"{KIND_NAMES[session.kind].capitalize()} session, {session.minutes} min"]
    lines += list(_items_text(session, "  ")) or ["  No exercise fits this session."]
    if session.excluded:
        lines.append("Left out:")
        lines += [_wrap(exclusion.reason, "  - ", "    ") for exclusion in session.excluded]
    lines.append("Notes:")
    lines += [_wrap(note, "  - ", "    ") for note in session.notes]
    return "\n".join(lines)


def _activity_text(kind: str, minutes: int, note: str | None) -> str:
    name = note if kind == "cross_training" and note else KIND_NAMES[kind]
    return f"{name} {minutes} min"


def _program_text(program: Program) -> str:
    title = f"{program.weeks}-week program from {_date(program.start)} {program.start.year}"
    if program.disposition is not rp.Disposition.SELF_CARE:
        title += f", planned for a {_label(program.disposition.value)} triage"
    lines = [title]
    run_minutes = program.weekly_run_minutes()
    for week in range(program.weeks):
        days = program.week(week)
        lines += ["", f"Week {week + 1}: {run_minutes[week]} min running"]
        sessions: dict[str, Session] = {}
        for day in days:
            done = ", ".join(
                _activity_text(activity.kind, activity.minutes, activity.note)
                for activity in day.activities
            )
            lines.append(f"  {_date(day.date)}  {done or 'rest'}")
            for activity in day.activities:
                if activity.session is not None:
                    sessions.setdefault(activity.kind, activity.session)
                if activity.kind == "run":
                    for text in (activity.note, activity.cue and f"Focus: {activity.cue}"):
                        if text:
                            lines.append(_wrap(text, " " * 14))
        for kind in SESSION_KINDS:
            if kind in sessions:
                lines.append(f"  {KIND_NAMES[kind].capitalize()} this week:")
                lines += _items_text(sessions[kind], "    ")
    lines += ["", "Notes:"]
    lines += [_wrap(note, "  - ", "    ") for note in program.notes]
    lines.append(f"Catalog {program.catalog_version}.")
    return "\n".join(lines)


def _screen_text(findings: Sequence[CauseFinding], catalog: Catalog) -> str:
    if not findings:
        return (
            "No likely cause found in what you reported. "
            "Unknown answers are never counted as evidence."
        )
    lines = ["Likely causes, strongest first (a screen, not a diagnosis):"]
    for finding in findings:
        cause = catalog.causes.get(finding.cause)
        name = cause.name if cause is not None else finding.cause
        lines.append(f"  {name} ({finding.cause}): {finding.strength}")
        lines += [_wrap(evidence, "    - ", "      ") for evidence in finding.evidence]
    causes = ",".join(finding.cause for finding in findings)
    lines += ["", "To plan for them:", f"  runpelvis program --causes {causes} ..."]
    return "\n".join(lines)


def _catalog_overview(document: Mapping[str, Any]) -> str:
    lines = [f"runpelvis catalog {document['version']}", ""]
    width = max(len(section) for section in SECTIONS)
    lines += [f"  {section.ljust(width)}  {len(document[section])}" for section in SECTIONS]
    lines += ["", "Show a section with: runpelvis catalog SECTION [ID]"]
    return "\n".join(lines)


#: What each section's listing shows after the id.
_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "symptoms": ("name",),
    "causes": ("group", "name"),
    "equipment": ("name",),
    "exercises": ("kind", "level", "name"),
    "cross_training": ("name",),
    "tips": ("topic", "text"),
    "rules": ("disposition", "message"),
    "dispositions": ("headline",),
    "screening": ("value", "description"),
    "planner": ("value", "description"),
}


def _section_text(section: str, items: list[dict[str, Any]]) -> str:
    key = _item_key(section)
    columns = _COLUMNS[section]
    widths = [max((len(str(item[key])) for item in items), default=0)]
    widths += [
        max((len(str(item[column])) for item in items), default=0) for column in columns[:-1]
    ]
    lines = []
    for item in items:
        cells = [str(item[key]), *(str(item[column]) for column in columns)]
        # every cell but the last is padded to its column's width
        head = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False))
        line = f"{head}  {cells[-1]}"
        lines.append(line if len(line) <= WIDTH else line[: WIDTH - 3].rstrip() + "...")
    return "\n".join(lines)


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if set(value) == {"low", "high"}:
            return f"{value['low']}-{value['high']}"
        return ", ".join(
            f"{_label(key)} {_value_text(inner)}"
            for key, inner in value.items()
            if inner is not None
        )
    if isinstance(value, list):
        return ", ".join(map(_value_text, value)) or "-"
    return str(value)


#: Item fields that hold sentences, shown one per line.
_PROSE = frozenset({"steps", "cues"})


def _item_text(item: Mapping[str, Any]) -> str:
    lines = []
    for key, value in item.items():
        if key in _PROSE and value:
            lines.append(f"{_label(key)}:")
            lines += [_wrap(text, "  - ", "    ") for text in value]
        else:
            lines.append(_wrap(f"{_label(key)}: {_value_text(value)}", "", "  "))
    return "\n".join(lines)
