"""Text for people: what the ``runpelvis`` command prints for a triage, a plan, a screen.

Plain text, wrapped to :data:`WIDTH` columns, in English whatever the locale. Each
function takes a domain object (or a catalog document) and returns the text; the
CLI decides where it goes. :func:`printable` makes any text safe for a terminal.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._disposition import Disposition
from ._vocabulary import ACTIVITY_LABELS, MONTHS, SESSION_KINDS, WEEKDAYS

if TYPE_CHECKING:
    from ._catalog import Catalog
    from ._plan import Day, Program, Session, SessionItem
    from ._screening import CauseFinding
    from ._triage import TriageResult

__all__ = [
    "KIND_NAMES",
    "SECTIONS",
    "WIDTH",
    "catalog_overview",
    "encodable",
    "item_key",
    "item_text",
    "printable",
    "program_text",
    "screen_text",
    "section_text",
    "session_text",
    "triage_text",
]

#: Columns of text, help included.
WIDTH = 78
#: The catalog's sections, in the order the overview lists them.
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

#: What must not reach a terminal raw: C0 controls but the newline, DEL, C1 controls
#: (ESC and CSI start the escape sequences that move the cursor, recolour or retitle),
#: and lone surrogates, which no encoding can write.
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def encodable(text: str, stream: object) -> str:
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


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: control characters and lone surrogates escaped.

    ``printable("red \\x1b[31m")`` is ``"red \\\\x1b[31m"``; newlines stay.
    """
    return _UNPRINTABLE.sub(_escaped, text)


def item_key(section: str) -> str:
    """The field that names an item of a catalog ``section``."""
    return {"rules": "rule_id", "dispositions": "disposition"}.get(section, "id")


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


def triage_text(result: TriageResult) -> str:
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


def _items_text(session: Session, indent: str, steps: bool = False) -> Iterator[str]:
    width = max((len(item.name) for item in session.items), default=0)
    for item in session.items:
        rest = f", rest {item.rest_seconds} s between sets" if item.rest_seconds else ""
        yield f"{indent}{item.name.ljust(width)}  {item.dose}{rest}"
        if steps:
            yield from _steps_text(item, indent + "    ")


def _steps_text(item: SessionItem, indent: str) -> Iterator[str]:
    """An item's numbered steps, then its cues, under it."""
    for number, step in enumerate(item.steps, 1):
        yield _wrap(step, f"{indent}{number}. ", indent + " " * (len(str(number)) + 2))
    for cue in item.cues:
        yield _wrap(cue, f"{indent}- ", indent + "  ")


def session_text(session: Session, *, steps: bool = False) -> str:
    """A session as text; ``steps``: each item's steps and cues under it."""
    lines = [f"{KIND_NAMES[session.kind].capitalize()} session, {session.minutes} min"]
    lines += list(_items_text(session, "  ", steps)) or ["  No exercise fits this session."]
    if session.excluded:
        lines.append("Left out:")
        lines += [_wrap(exclusion.reason, "  - ", "    ") for exclusion in session.excluded]
    lines.append("Notes:")
    lines += [_wrap(note, "  - ", "    ") for note in session.notes]
    return "\n".join(lines)


def _activity_text(kind: str, minutes: int, note: str | None) -> str:
    """``"warm-up 3 min"``; a cross-training day names its activity the same way, in lower
    case beside the others (``"cross-training: yoga 20 min"``)."""
    name = KIND_NAMES[kind]
    if kind == "cross_training" and note:
        name = f"{name}: {note.lower()}"
    return f"{name} {minutes} min"


def program_text(program: Program, *, steps: bool = False) -> str:
    """A program as text; ``steps``: each session item's steps and cues under it."""
    lines = [_program_title(program)]
    run_minutes = program.weekly_run_minutes()
    for week in range(program.weeks):
        lines += ["", f"Week {week + 1}: {run_minutes[week]} min running"]
        lines += _week_text(program.week(week + 1), steps)
    lines += ["", "Notes:"]
    lines += [_wrap(note, "  - ", "    ") for note in program.notes]
    lines.append(f"Catalog {program.catalog_version}.")
    return "\n".join(lines)


def _program_title(program: Program) -> str:
    title = f"{program.weeks}-week program from {_date(program.start)} {program.start.year}"
    if program.disposition is not Disposition.SELF_CARE:
        title += f", planned for a {_label(program.disposition.value)} triage"
    return title


def _week_text(days: Sequence[Day], steps: bool = False) -> Iterator[str]:
    """Each day of a week, then the exercises of each kind of session that week."""
    sessions: dict[str, Session] = {}
    for day in days:
        yield from _day_text(day)
        for activity in day.activities:
            if activity.session is not None:
                sessions.setdefault(activity.kind, activity.session)
    for kind in SESSION_KINDS:
        if kind in sessions:
            yield f"  {KIND_NAMES[kind].capitalize()} this week:"
            yield from _items_text(sessions[kind], "    ", steps)


def _day_text(day: Day) -> Iterator[str]:
    """A day's activities on one line, then each run's note and focus below it."""
    done = ", ".join(
        _activity_text(activity.kind, activity.minutes, activity.note)
        for activity in day.activities
    )
    yield f"  {_date(day.date)}  {done or 'rest'}"
    for activity in day.activities:
        if activity.kind == "run":
            for text in (activity.note, activity.cue and f"Focus: {activity.cue}"):
                if text:
                    yield _wrap(text, " " * 14)


def screen_text(findings: Sequence[CauseFinding], catalog: Catalog) -> str:
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


def catalog_overview(document: Mapping[str, Any]) -> str:
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


def section_text(section: str, items: list[dict[str, Any]]) -> str:
    key = item_key(section)
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


def item_text(item: Mapping[str, Any]) -> str:
    lines = []
    for key, value in item.items():
        if key in _PROSE and value:
            lines.append(f"{_label(key)}:")
            lines += [_wrap(text, "  - ", "    ") for text in value]
        else:
            lines.append(_wrap(f"{_label(key)}: {_value_text(value)}", "", "  "))
    return "\n".join(lines)
