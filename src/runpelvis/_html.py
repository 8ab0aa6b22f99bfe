"""HTML for notebooks: what ``_repr_html_`` of a triage result, session and program shows.

Each function returns one self-contained ``<div>`` with inline styles only (no
scripts, no external CSS, no classes a notebook theme could restyle), its own
text and background colours so it reads the same in light and dark themes, and
every value passed through :func:`html.escape`: catalog text, even a custom
catalog's, is always shown as text, never run as markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ._disposition import Disposition
from ._vocabulary import ACTIVITY_KINDS, ACTIVITY_LABELS, MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from ._catalog import Catalog
    from ._plan import Activity, Day, Program, Session, SessionItem
    from ._triage import TriageResult

__all__ = [
    "ACCENTS",
    "ACTIVITIES",
    "COLOURS",
    "catalog_html",
    "program_html",
    "session_html",
    "triage_html",
]

#: (accent, background) per disposition: green, amber, orange, red, dark red.
COLOURS: Mapping[Disposition, tuple[str, str]] = {
    Disposition.SELF_CARE: ("#1a7f37", "#eefbf1"),
    Disposition.REST: ("#9a6700", "#fff8e5"),
    Disposition.SEE_CLINICIAN: ("#bc4c00", "#fff1e5"),
    Disposition.URGENT: ("#cf222e", "#ffebe9"),
    Disposition.EMERGENCY: ("#82071e", "#ffd8d3"),
}
#: Each activity kind's accent colour in the program grid.
ACCENTS: Mapping[str, str] = {
    "run": "#0969da",
    "warm_up": "#57606a",
    "cool_down": "#57606a",
    "strength": "#8250df",
    "recovery": "#1a7f37",
    "cross_training": "#bf3989",
    "readiness_check": "#9a6700",
}
#: How each activity kind reads, and its accent colour, in the program grid.
ACTIVITIES: Mapping[str, tuple[str, str]] = {
    kind: (ACTIVITY_LABELS[kind], ACCENTS[kind]) for kind in ACTIVITY_KINDS
}

_BOX = (
    "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 14px; "
    "line-height: 1.4; color: #1f2328; background: #ffffff; padding: 10px 14px; "
    "border: 1px solid #d0d7de; border-radius: 6px; max-width: 60em"
)
_MUTED = "color: #57606a; font-size: 12px"
_CELL = "border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top"
_HEAD = f"{_CELL}; background: #f6f8fa; font-weight: 600"
#: A table that takes its card's width and no more: columns share it, long words wrap.
_GRID = (
    "border-collapse: collapse; margin: 6px 0; width: 100%; table-layout: fixed; "
    "overflow-wrap: anywhere"
)


def _e(value: object) -> str:
    """``value`` as HTML text, quotes escaped too (it may land in an attribute)."""
    return html.escape(str(value), quote=True)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _label(value: str) -> str:
    return value.replace("_", " ")


def _list(items: Iterable[str], style: str = "") -> str:
    rendered = "".join(f"<li>{item}</li>" for item in items)
    if not rendered:
        return ""
    extra = f"; {style}" if style else ""
    return f'<ul style="margin: 4px 0; padding-left: 20px{extra}">{rendered}</ul>'


def triage_html(result: TriageResult) -> str:
    """A triage result: the disposition in its colour, what to do, every reason and source."""
    accent, background = COLOURS[result.disposition]
    report = result.report
    symptoms = ", ".join(_e(_label(symptom)) for symptom in sorted(report.symptoms)) or "none"
    reasons = _list(
        f'{_e(reason.message)} <span style="{_MUTED}">({_e(reason.source)}; '
        f"rule <code>{_e(reason.rule_id)}</code>)</span>"
        for reason in result.reasons
    )
    why = (
        f'<div style="font-weight: 600; margin-top: 8px">Why</div>{reasons}'
        if reasons
        else '<p style="margin: 8px 0 0">No warning sign was reported.</p>'
    )
    return (
        f'<div data-runpelvis="triage" data-disposition="{_e(result.disposition.value)}" '
        f'style="{_BOX}; border-left: 6px solid {accent}; background: {background}">'
        f'<div style="color: {accent}; font-weight: 700; text-transform: uppercase; '
        f'letter-spacing: 0.04em; font-size: 12px">{_e(_label(result.disposition.value))}'
        f"</div>"
        f'<div style="font-size: 16px; font-weight: 600">{_e(result.headline)}</div>'
        f'<p style="margin: 4px 0">{_e(result.advice)}</p>'
        f"{why}"
        f'<div style="{_MUTED}; margin-top: 8px">Reported: {symptoms}; pain {report.pain}/10; '
        f"{_days(report.days_since_onset)} since onset. Running: "
        f"{'yes, with the plan' if result.may_run else 'not for now'}. "
        f"Catalog {_e(result.catalog_version)}.</div>"
        f"</div>"
    )


def _item_name(item: SessionItem) -> str:
    """The item's name; with steps or cues, folded in a ``<details>`` that opens on them."""
    if not item.steps and not item.cues:
        return _e(item.name)
    steps = "".join(f"<li>{_e(step)}</li>" for step in item.steps)
    steps = f'<ol style="margin: 4px 0; padding-left: 20px">{steps}</ol>' if steps else ""
    return (
        f"<details><summary>{_e(item.name)}</summary>{steps}"
        f"{_list((_e(cue) for cue in item.cues), _MUTED)}</details>"
    )


def _session_table(session: Session) -> str:
    if not session.items:
        return '<p style="margin: 4px 0">No exercise fits this session.</p>'
    rows = "".join(
        f'<tr><td style="{_CELL}">{_item_name(item)}</td><td style="{_CELL}">{_e(item.dose)}</td>'
        f'<td style="{_CELL}">{_e(f"{item.rest_seconds} s" if item.rest_seconds else "-")}</td>'
        f"</tr>"
        for item in session.items
    )
    return (
        '<table style="border-collapse: collapse; margin: 6px 0">'
        f'<thead><tr><th style="{_HEAD}">Exercise</th><th style="{_HEAD}">Dose</th>'
        f'<th style="{_HEAD}">Rest between sets</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def session_html(session: Session) -> str:
    """A session: its kind and minutes, a table of exercises and doses, notes, what was left out."""
    excluded = ""
    if session.excluded:
        excluded = (
            f'<details style="margin-top: 4px"><summary style="{_MUTED}">'
            f"Left out ({len(session.excluded)})</summary>"
            f"{_list((_e(exclusion.reason) for exclusion in session.excluded), _MUTED)}"
            f"</details>"
        )
    return (
        f'<div data-runpelvis="session" data-kind="{_e(session.kind)}" style="{_BOX}">'
        f'<div style="font-size: 16px; font-weight: 600">'
        f"{_e(ACTIVITIES[session.kind][0])} session, {session.minutes} min</div>"
        f"{_session_table(session)}"
        f"{_list(_e(note) for note in session.notes)}"
        f"{excluded}"
        f'<div style="{_MUTED}">Catalog {_e(session.catalog_version)}.</div>'
        f"</div>"
    )


def _activity_title(activity: Activity) -> str:
    """The tooltip of an activity: its exercises and doses, its focus, its note."""
    parts: list[str] = []
    if activity.session is not None:
        parts += [f"{item.name}: {item.dose}" for item in activity.session.items]
    if activity.cue:
        parts.append(f"Focus: {activity.cue}")
    if activity.note:
        parts.append(activity.note)
    return "\n".join(parts)


def _activity_html(activity: Activity) -> str:
    name, accent = ACTIVITIES[activity.kind]
    note = ""
    if activity.kind == "cross_training" and activity.note:
        name = activity.note
    elif activity.note:  # the walk-run pattern, the readiness check: shown, not only hovered
        note = f'<div style="{_MUTED}">{_e(activity.note)}</div>'
    return (
        f'<div title="{_e(_activity_title(activity))}" style="border-left: 3px solid {accent}; '
        f'padding-left: 4px; margin: 2px 0">'
        f"{_e(name)} {activity.minutes} min{note}</div>"
    )


def _day_html(day: Day) -> str:
    body = "".join(_activity_html(activity) for activity in day.activities)
    if not day.activities:
        body = f'<div style="{_MUTED}">Rest</div>'
    shade = "; background: #f6f8fa" if day.is_rest else ""
    return (
        f'<td data-date="{day.date.isoformat()}" style="{_CELL}{shade}">'
        f'<div style="{_MUTED}">{day.date.day} {MONTHS[day.date.month - 1]}</div>{body}</td>'
    )


def program_html(program: Program) -> str:
    """A program as a week-by-week grid: one row per week, one cell per day."""
    first = program.start.weekday()
    weekdays = "".join(
        f'<th style="{_HEAD}">{WEEKDAYS[(first + offset) % 7]}</th>' for offset in range(7)
    )
    run_minutes = program.weekly_run_minutes()
    rows = "".join(
        f'<tr><th style="{_HEAD}">Week {week + 1}</th>'
        f"{''.join(_day_html(day) for day in program.week(week + 1))}"
        f'<td style="{_CELL}">{run_minutes[week]} min</td></tr>'
        for week in range(program.weeks)
    )
    accent, _ = COLOURS[program.disposition]
    return (
        f'<div data-runpelvis="program" style="{_BOX}">'
        f'<div style="font-size: 16px; font-weight: 600">'
        f"{program.weeks}-week program from {program.start.isoformat()}</div>"
        f'<div style="{_MUTED}">Planned for a <span style="color: {accent}; font-weight: 600">'
        f"{_e(_label(program.disposition.value))}</span> triage; hover an activity for its "
        f"exercises.</div>"
        f'<table style="{_GRID}; font-size: 12px">'
        f'<thead><tr><th style="{_HEAD}"></th>{weekdays}<th style="{_HEAD}">Running</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
        f"{_list(_e(note) for note in program.notes)}"
        f'<div style="{_MUTED}">Catalog {_e(program.catalog_version)}.</div>'
        f"</div>"
    )


def _section(title: str, head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """One folded section of the catalog: a ``<details>`` holding a table (cells already HTML)."""
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    header = "".join(f'<th style="{_HEAD}">{_e(name)}</th>' for name in head)
    count = body.count("<tr>")
    return (
        f'<details style="margin: 4px 0"><summary style="font-weight: 600">'
        f"{_e(title)} ({count})</summary>"
        f'<table style="{_GRID}"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'
        f"</details>"
    )


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(_e(_label(value)) for value in sorted(ids)) or "-"


def catalog_html(catalog: Catalog) -> str:
    """A catalog: its symptoms, risk factors, exercises and tips, each a folded table."""
    named = ("Id", "Name", "Description")
    sections = (
        _section(
            "Symptoms",
            named,
            (
                (f"<code>{_e(s.id)}</code>", _e(s.name), _e(s.description))
                for s in catalog.symptoms.values()
            ),
        ),
        _section(
            "Risk factors",
            named,
            (
                (f"<code>{_e(r.id)}</code>", _e(r.name), _e(r.description))
                for r in catalog.risk_factors.values()
            ),
        ),
        _section(
            "Exercises",
            ("Id", "Name", "Kind", "Level", "Addresses", "Equipment"),
            (
                (
                    f"<code>{_e(x.id)}</code>",
                    _e(x.name),
                    _e(x.kind),
                    _e(x.level),
                    _ids(x.addresses),
                    _ids(x.equipment),
                )
                for x in catalog.exercises.values()
            ),
        ),
        _section(
            "Tips",
            ("Id", "Topic", "Tip", "Addresses"),
            (
                (f"<code>{_e(t.id)}</code>", _e(_label(t.topic)), _e(t.text), _ids(t.addresses))
                for t in catalog.tips.values()
            ),
        ),
    )
    return (
        f'<div data-runpelvis="catalog" style="{_BOX}">'
        f'<div style="font-size: 16px; font-weight: 600">Catalog {_e(catalog.version)}</div>'
        f'<div style="{_MUTED}">{len(catalog.rules)} triage rules, '
        f"{len(catalog.causes)} causes; open a section to browse it.</div>"
        f"{''.join(sections)}</div>"
    )
