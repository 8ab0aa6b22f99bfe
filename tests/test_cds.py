"""CDS Hooks cards: the fields CDS Hooks requires, the indicator per disposition, safe Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

import runpelvis as rp
import strategies as s
from runpelvis._cds import escape_markdown

CATALOG = rp.default_catalog()

#: One report per disposition, lowest first, and the indicator its card must carry.
BY_DISPOSITION = [
    (frozenset(), 0, "self_care", "info"),
    (frozenset({"pain_while_running"}), 3, "rest", "warning"),
    (frozenset({"numbness_or_tingling"}), 4, "see_clinician", "warning"),
    (frozenset({"fever"}), 5, "urgent", "critical"),
    (frozenset({"saddle_numbness"}), 5, "emergency", "critical"),
]


def _result(symptoms: frozenset[str], pain: int) -> rp.TriageResult:
    return rp.triage(rp.SymptomReport(symptoms=symptoms, pain=pain, days_since_onset=2))


@pytest.mark.parametrize(
    ("symptoms", "pain", "disposition", "indicator"),
    BY_DISPOSITION,
    ids=[row[2] for row in BY_DISPOSITION],
)
def test_indicator_follows_the_disposition(
    symptoms: frozenset[str], pain: int, disposition: str, indicator: str
) -> None:
    result = _result(symptoms, pain)
    assert result.disposition.value == disposition
    card = rp.to_cds_hooks_card(result)
    assert card["indicator"] == indicator
    assert card["summary"] == result.headline
    assert card["source"] == {"label": f"runpelvis (catalog {CATALOG.version})"}
    assert set(card) == {"summary", "indicator", "detail", "source"}


def test_detail_lists_every_reason_with_its_source() -> None:
    result = _result(frozenset({"both_legs", "numbness_or_tingling", "night_pain"}), 6)
    assert len(result.reasons) >= 3
    detail = rp.to_cds_hooks_card(result)["detail"]
    items = [line for line in detail.splitlines() if line.startswith("- ")]
    assert len(items) == len(result.reasons)
    for item, reason in zip(items, result.reasons, strict=True):
        assert item.startswith(f"- {escape_markdown(reason.message)} ")
        assert f"rule {escape_markdown(reason.rule_id)}" in item
        assert f"source: {escape_markdown(reason.source)})" in item
    assert detail.startswith("**Triage: emergency.** ")
    assert "Reported: symptoms both\\_legs, night\\_pain, numbness\\_or\\_tingling; pain 6/10;" in (
        detail
    )


def test_a_card_without_reasons_says_so() -> None:
    detail = rp.to_cds_hooks_card(_result(frozenset(), 0))["detail"]
    assert "No warning sign was reported." in detail
    assert "Reported: symptoms none; pain 0/10; 2 days since onset." in detail
    assert "- " not in detail


def test_the_label_names_the_service() -> None:
    card = rp.to_cds_hooks_card(_result(frozenset(), 0), label="Acme clinic")
    assert card["source"]["label"] == f"Acme clinic (catalog {CATALOG.version})"
    for bad in ("", "   ", "x" * 81, 3):
        with pytest.raises(rp.InvalidInput, match=r"^label: "):
            rp.to_cds_hooks_card(_result(frozenset(), 0), label=bad)  # type: ignore[arg-type]


def test_only_a_triage_result_makes_a_card() -> None:
    with pytest.raises(rp.InvalidInput, match="result: must be a TriageResult, got dict"):
        rp.to_cds_hooks_card(rp.triage_json({"symptoms": [], "pain": 0, "days_since_onset": 0}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("[click](https://evil.example)", "\\[click\\](https://evil.example)"),
        ("**bold** and _it_ and `code`", "\\*\\*bold\\*\\* and \\_it\\_ and \\`code\\`"),
        ("&amp; ~~gone~~ | # \\", "\\&amp; \\~\\~gone\\~\\~ \\| \\# \\\\"),
        ("- a list?", "\\- a list?"),
        ("+ another", "\\+ another"),
        ("12. numbered", "12\\. numbered"),
        ("3) numbered", "3\\) numbered"),
        ("walk-run, 3.5 km (easy)", "walk-run, 3.5 km (easy)"),
        ("two\n\nparagraphs\t and  spaces", "two paragraphs and spaces"),
    ],
)
def test_markdown_escaping(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


#: What CommonMark may read as markup in escaped text: an unescaped special character.
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[`*_\[\]<>#|~&]")


@given(s.triage_results())
def test_any_result_makes_a_well_formed_card(result: rp.TriageResult) -> None:
    card = rp.to_cds_hooks_card(result)
    assert 0 < len(card["summary"]) < 140
    assert "\n" not in card["summary"]
    expected = {"self_care": "info", "rest": "warning", "see_clinician": "warning"}
    assert card["indicator"] == expected.get(result.disposition.value, "critical")
    assert card["source"]["label"].endswith(f"(catalog {result.catalog_version})")
    lines = card["detail"].splitlines()
    assert sum(line.startswith("- ") for line in lines) == len(result.reasons)
    for reason in result.reasons:
        assert escape_markdown(reason.message) in card["detail"]
        assert not _UNESCAPED.search(escape_markdown(reason.message))
