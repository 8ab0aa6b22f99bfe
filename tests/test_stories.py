"""Runner stories (``stories.json``): each request must reach the disposition a careful
reader of SPEC section 1 expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import runpelvis as rp
from spec import COMBINATIONS as SPEC_COMBINATIONS
from spec import RED_FLAGS

STORIES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "stories.json").read_text(encoding="utf-8")
)

COMBINATIONS = [needed for needed, _ in SPEC_COMBINATIONS.values()]


def _id(story: dict[str, Any]) -> str:
    request = story["request"]
    symptoms = "+".join(request["symptoms"]) or "none"
    return f"{symptoms}-p{request['pain']}-d{request['days_since_onset']}"


@pytest.mark.parametrize("story", STORIES, ids=[_id(story) for story in STORIES])
def test_story(story: dict[str, Any]) -> None:
    response = rp.triage_json(story["request"])
    assert response["disposition"] == story["expected"], story["story"]
    assert response["may_run"] is (story["expected"] == "self_care")


def test_the_stories_cover_what_they_must() -> None:
    assert len(STORIES) >= 30
    assert all(set(story) == {"story", "request", "expected"} for story in STORIES)
    assert len({story["story"] for story in STORIES}) == len(STORIES)
    reported = [set(story["request"]["symptoms"]) for story in STORIES]
    # every red flag, alone, in at least one story
    for flag in RED_FLAGS:
        assert {flag} in reported, flag
    for combination in COMBINATIONS:
        assert any(combination <= symptoms for symptoms in reported), combination
    requests = [story["request"] for story in STORIES]
    assert any(r["pain"] >= 7 for r in requests)
    assert any(r["days_since_onset"] == 13 for r in requests)
    assert any(r["days_since_onset"] == 14 and r["pain"] >= 1 for r in requests)
    assert any(
        r["days_since_onset"] == 14 and r["pain"] == 0 and not r["symptoms"] for r in requests
    )
    expected = [story["expected"] for story in STORIES]
    assert {member.value for member in rp.Disposition} <= set(expected)
    assert expected.count("self_care") >= 5
