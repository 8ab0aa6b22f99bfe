"""Notebook HTML: escaped, self-contained, and showing what each object holds.

Every rendering is parsed back: tags must balance and come from a short list of
harmless ones, attributes likewise, and the text a reader sees must be the
object's own text, whatever characters it holds.
"""

from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given

import runpelvis as rp
import strategies as s
from runpelvis._html import COLOURS, catalog_html, program_html, session_html, triage_html
from runpelvis._text import triage_text
from spec import SPEC_PROFILE

HOSTILE_NAME = "<script>alert(1)</script>"
QUOTED_NAME = 'Bridge" onmouseover="alert(4)'
HOSTILE_MESSAGE = "<img src=x onerror=alert(2)> & \"quoted\" 'too'"
START = datetime.date(2026, 1, 7)  # a Wednesday

ALLOWED_TAGS = {
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "span",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
}
ALLOWED_ATTRIBUTES = {
    "style",
    "title",
    "data-runpelvis",
    "data-disposition",
    "data-kind",
    "data-date",
}


class Tree(HTMLParser):
    """What a browser would build: every tag with its attributes, and the visible text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(markup)
        self.close()
        assert not self.open, f"unclosed: {self.open}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, tag
        assert {name for name, _ in attrs} <= ALLOWED_ATTRIBUTES, attrs
        self.open.append(tag)
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"unexpected <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        assert self.open, tag
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> rp.Catalog:
    """The bundled catalog extended with markup in an exercise's name, a rule and a version."""
    document = {
        "version": "x<i>1",
        "extends": "runpelvis",
        "symptoms": [
            {
                "id": "odd_feeling",
                "name": "<b>Odd</b>",
                "description": "Odd.",
                "question": "Odd?",
                "source": "test",
            }
        ],
        "question_groups": [
            {
                "id": "odd",
                "kind": "symptoms",
                "text": "Odd?",
                "why": "Odd.",
                "items": ["odd_feeling"],
            }
        ],
        "rules": [
            {
                "rule_id": "custom.odd",
                "disposition": "see_clinician",
                "when": {"symptoms": ["odd_feeling"]},
                "message": HOSTILE_MESSAGE,
                "source": "</li></ul><script>alert(3)</script>",
            }
        ],
        "exercises": [
            {
                "id": "script_stretch",
                "name": HOSTILE_NAME,
                "kind": "stretch",
                "level": "beginner",
                "addresses": ["weak_core"],
                "contraindications": [],
                "equipment": [],
                "dose": {"sets": 1, "reps": None, "hold_seconds": {"low": 30, "high": 60}},
                "gentle": True,
                "steps": ["Lie down."],
                "cues": ["Breathe."],
                "source": "test",
            },
            {
                "id": "bridge_quote",
                "name": QUOTED_NAME,
                "kind": "strength",
                "level": "beginner",
                "addresses": ["weak_core"],
                "contraindications": [],
                "equipment": [],
                "dose": {"sets": 2, "reps": {"low": 10, "high": 15}, "hold_seconds": None},
                "gentle": False,
                "steps": ["Lift."],
                "cues": ["Slowly."],
                "source": "test",
            },
        ],
    }
    path: Path = tmp_path_factory.mktemp("catalog") / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return rp.load_catalog(path)


PROFILE = rp.RunnerProfile(**SPEC_PROFILE)


def test_a_custom_exercise_named_script_shows_as_text(hostile: rp.Catalog) -> None:
    session = rp.plan_session(PROFILE, "cool_down", catalog=hostile)
    assert session.items[0].name == HOSTILE_NAME  # it covers weak_core, so it comes first
    markup = session._repr_html_()
    assert "<script" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    tree = Tree(markup)
    first_row = tree.text.split("Rest between sets")[1]
    assert first_row.startswith(HOSTILE_NAME)
    assert f"Catalog {rp.default_catalog().version}+x<i>1." in tree.text


def test_a_program_shows_custom_names_as_text_in_its_tooltips(hostile: rp.Catalog) -> None:
    program = rp.plan_program(PROFILE, weeks=1, start=START, catalog=hostile)
    markup = program._repr_html_()
    assert "<script" not in markup
    titles = [attrs["title"] or "" for attrs in Tree(markup).all("div") if "title" in attrs]
    lines = {line for title in titles for line in title.splitlines()}
    assert f"{HOSTILE_NAME}: 30 s hold" in lines
    assert f"{QUOTED_NAME}: 1 x 10 reps" in lines  # beginners do one set fewer


def test_a_custom_rule_shows_as_text(hostile: rp.Catalog) -> None:
    report = rp.SymptomReport(symptoms=frozenset({"odd_feeling"}), pain=1, days_since_onset=1)
    result = rp.triage(report, catalog=hostile)
    markup = result._repr_html_()
    assert "<script" not in markup
    assert "<img" not in markup
    tree = Tree(markup)
    assert HOSTILE_MESSAGE in tree.text
    assert "(</li></ul><script>alert(3)</script>; rule custom.odd)" in tree.text
    assert len(tree.all("li")) == 1


REPORTS = {
    "self_care": (frozenset(), 0),
    "rest": (frozenset({"pain_while_running"}), 3),
    "see_clinician": (frozenset({"night_pain"}), 3),
    "urgent": (frozenset({"fever"}), 3),
    "emergency": (frozenset({"saddle_numbness", "both_legs"}), 3),
}


@pytest.mark.parametrize("disposition", list(REPORTS))
def test_triage_is_coloured_by_disposition_and_lists_reasons(disposition: str) -> None:
    symptoms, pain = REPORTS[disposition]
    result = rp.triage(rp.SymptomReport(symptoms=symptoms, pain=pain, days_since_onset=2))
    assert result.disposition.value == disposition
    tree = Tree(result._repr_html_())
    box = tree.tags[0][1]
    assert box["data-disposition"] == disposition
    accent, background = COLOURS[result.disposition]
    assert f"border-left: 6px solid {accent}" in (box["style"] or "")
    assert (box["style"] or "").endswith(f"background: {background}")
    assert tree.texts[0] == disposition.replace("_", " ")
    assert tree.texts[1] == result.headline
    assert len(tree.all("li")) == len(result.reasons)
    for reason in result.reasons:
        assert reason.message in tree.text
    running = "Running: yes, with the plan." if result.may_run else "Running: not for now."
    assert running in tree.text
    if not result.reasons:
        assert "No warning sign was reported." in tree.text


def test_each_disposition_has_its_own_colour() -> None:
    assert set(COLOURS) == set(rp.Disposition)
    assert len({accent for accent, _ in COLOURS.values()}) == len(COLOURS)


def test_session_is_a_table_of_exercises_and_doses() -> None:
    session = rp.plan_session(PROFILE, "strength")
    tree = Tree(session._repr_html_())
    assert tree.tags[0][1]["data-kind"] == "strength"
    assert tree.texts[0] == f"Strength session, {session.minutes} min"
    rows = tree.all("tr")
    assert len(rows) == 1 + len(session.items)
    cells = [text for text in tree.texts if text not in ("",)]
    for item in session.items:
        rest = f"{item.rest_seconds} s" if item.rest_seconds else "-"
        at = cells.index(item.name)
        shown = [item.name, *item.steps, *item.cues, item.dose, rest]
        assert cells[at : at + len(shown)] == shown
    assert len(tree.all("details")) == len(session.items) + bool(session.excluded)
    assert all(item.steps and item.cues for item in session.items)
    for note in session.notes:
        assert note in tree.text
    assert f"Left out ({len(session.excluded)})" in tree.text
    for exclusion in session.excluded:
        assert exclusion.reason in tree.text


def test_an_empty_session_says_so() -> None:
    report = rp.SymptomReport(symptoms=frozenset({"night_pain"}), pain=2, days_since_onset=2)
    profile = rp.RunnerProfile(
        causes=frozenset(),
        level="beginner",
        equipment=frozenset(),
        session_minutes=5,
        runs_per_week=0,
        weekly_run_minutes=0,
    )
    session = rp.plan_session(profile, "strength", triage=rp.triage(report))
    assert session.items == ()
    tree = Tree(session_html(session))
    assert "No exercise fits this session." in tree.text
    assert tree.all("table") == []


def test_program_is_a_week_by_week_grid() -> None:
    program = rp.plan_program(PROFILE, weeks=3, start=START)
    tree = Tree(program._repr_html_())
    headers = [
        text for text in tree.texts if text in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    ]
    assert headers == ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"]
    cells = tree.all("td")
    dated = [attrs["data-date"] for attrs in cells if "data-date" in attrs]
    assert dated == [day.date.isoformat() for day in program.days]
    assert len(tree.all("tr")) == 1 + program.weeks
    for week, minutes in enumerate(program.weekly_run_minutes()):
        assert f"Week {week + 1}" in tree.texts
        assert f"{minutes} min" in tree.texts
    for attrs, day in zip((a for a in cells if "data-date" in a), program.days, strict=True):
        shaded = (attrs["style"] or "").endswith("background: #f6f8fa")
        assert shaded == day.is_rest
    activities = [attrs for attrs in tree.all("div") if "title" in attrs]
    assert len(activities) == sum(len(day.activities) for day in program.days)
    assert "7 Jan" in tree.texts
    for note in program.notes:
        assert note in tree.text


def test_a_day_without_activities_reads_rest() -> None:
    program = rp.plan_program(PROFILE, weeks=1, start=START)
    empty = [day for day in program.days if not day.activities]
    assert empty
    assert Tree(program_html(program)).texts.count("Rest") == len(empty)


@given(s.triage_results())
def test_any_triage_result_renders_as_its_own_text(result: rp.TriageResult) -> None:
    tree = Tree(triage_html(result))
    assert tree.texts[1] == result.headline
    for reason in result.reasons:
        assert reason.message in tree.text
        assert reason.source in tree.text
    assert f"Catalog {result.catalog_version}." in tree.text


def test_session_steps_and_cues_are_folded_and_escaped(hostile: rp.Catalog) -> None:
    session = rp.plan_session(PROFILE, "cool_down", catalog=hostile)
    item = session.items[0]
    assert (item.steps, item.cues) == (("Lie down.",), ("Breathe.",))
    markup = session_html(session)
    assert f"<details><summary>{'&lt;script&gt;alert(1)&lt;/script&gt;'}</summary>" in markup
    tree = Tree(markup)
    assert len(tree.all("ol")) == len(session.items)
    assert "Lie down.Breathe." in tree.text


def test_the_program_grid_fits_its_card_at_any_width() -> None:
    markup = program_html(rp.plan_program(PROFILE, weeks=2, start=START))
    tree = Tree(markup)
    grid = tree.all("table")[0]["style"] or ""
    assert "width: 100%" in grid
    assert "table-layout: fixed" in grid
    assert "overflow-wrap: anywhere" in grid
    assert "nowrap" not in markup
    # no fixed width anywhere: only the card's max-width, in em, and the grid's 100%
    widths = re.findall(r"(?<![-\w])width: ([^;\"]+)", markup)
    assert set(widths) == {"100%"}


def test_walk_run_and_readiness_instructions_are_visible_text() -> None:
    report = rp.SymptomReport(
        symptoms=frozenset({"pain_while_running"}), pain=4, days_since_onset=1
    )
    program = rp.plan_program(PROFILE, weeks=4, start=START, triage=rp.triage(report))
    notes = {
        activity.note
        for day in program.days
        for activity in day.activities
        if activity.kind in ("run", "readiness_check") and activity.note
    }
    assert any(note.startswith("Readiness check") for note in notes)
    tree = Tree(program_html(program))
    for note in notes:
        assert note in tree.texts


@pytest.mark.parametrize(("days", "words"), [(0, "0 days"), (1, "1 day"), (2, "2 days")])
def test_days_since_onset_agrees_in_number(days: int, words: str) -> None:
    report = rp.SymptomReport(symptoms=frozenset(), pain=1, days_since_onset=days)
    result = rp.triage(report)
    assert f"{words} since onset" in Tree(triage_html(result)).text
    assert f"{words} since onset" in triage_text(result)


def test_a_catalog_shows_as_folded_tables_of_its_content(hostile: rp.Catalog) -> None:
    markup = hostile._repr_html_()
    assert markup == catalog_html(hostile)
    assert "<script" not in markup
    assert "<b>" not in markup
    tree = Tree(markup)
    summaries = [text for text in tree.texts if " (" in text and text.endswith(")")]
    assert summaries == [
        f"Symptoms ({len(hostile.symptoms)})",
        f"Risk factors ({len(hostile.risk_factors)})",
        f"Exercises ({len(hostile.exercises)})",
        f"Tips ({len(hostile.tips)})",
    ]
    assert len(tree.all("details")) == 4
    rows = len(tree.all("tr"))
    assert rows == 4 + sum(
        len(m) for m in (hostile.symptoms, hostile.risk_factors, hostile.exercises, hostile.tips)
    )
    assert HOSTILE_NAME in tree.texts
    assert "<b>Odd</b>" in tree.texts
    for tip in hostile.tips.values():
        assert tip.text in tree.texts
    assert f"Catalog {hostile.version}" in tree.texts
