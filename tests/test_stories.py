"""Runner stories (``stories.json``): each request must reach the disposition a careful
reader of SPEC section 1 (second edition) expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import runpelvis as rp
from spec import COMBINATIONS as SPEC_COMBINATIONS
from spec import (
    LONG_DAYS,
    RED_FLAGS,
    RISK_FACTORS,
    SEVERE_PAIN,
    SYMPTOM_MINIMUM,
    VERY_SEVERE_PAIN,
    spec_rules,
)

STORIES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "stories.json").read_text(encoding="utf-8")
)

COMBINATIONS = [needed for needed, _ in SPEC_COMBINATIONS.values()]
#: The keys a story's request may hold: the three required, then the optional ones.
REQUEST_KEYS = {"symptoms", "pain", "days_since_onset", "age", "risk_factors", "unsure"}
#: Each age rule's symptoms and the age it turns on at (SPEC "Combination rules").
AGE_BOUNDS = {
    "age.aortic_aneurysm": ({"sudden_severe_pain", "throbbing_in_belly"}, 50),
    "age.fragility_fracture": ({"sudden_pain_after_minor_strain"}, 65),
    "age.spondylolysis": ({"pain_on_arching_back"}, 20),
}


def _id(story: dict[str, Any]) -> str:
    """A readable test id: symptoms, pain, days, then the optional keys that are given."""
    request = story["request"]
    parts = [
        "+".join(request["symptoms"]) or "none",
        f"p{request['pain']}",
        f"d{request['days_since_onset']}",
    ]
    if request.get("age") is not None:
        parts.append(f"age{request['age']}")
    if request.get("risk_factors"):
        parts.append("risk=" + "+".join(request["risk_factors"]))
    if request.get("unsure"):
        parts.append("unsure=" + "+".join(request["unsure"]))
    return "-".join(parts)


def _fired(request: dict[str, Any]) -> dict[str, rp.Disposition]:
    """The rules SPEC section 1 fires for a story's request (the oracle, not the catalog)."""
    return spec_rules(
        frozenset(request["symptoms"]),
        request["pain"],
        request["days_since_onset"],
        risks=frozenset(request.get("risk_factors", ())),
        age=request.get("age"),
        unsure=frozenset(request.get("unsure", ())),
    )


@pytest.mark.parametrize("story", STORIES, ids=[_id(story) for story in STORIES])
def test_story(story: dict[str, Any]) -> None:
    response = rp.triage_json(story["request"])
    assert response["disposition"] == story["expected"], story["story"]
    assert response["may_run"] is (story["expected"] == "self_care")


def test_the_stories_cover_what_they_must() -> None:
    assert len(STORIES) >= 80
    assert all(set(story) == {"story", "request", "expected"} for story in STORIES)
    assert len({story["story"] for story in STORIES}) == len(STORIES)
    ids = [_id(story) for story in STORIES]
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)
    requests = [story["request"] for story in STORIES]
    assert all(set(r) <= REQUEST_KEYS for r in requests)
    assert all("history_of_cancer" not in r["symptoms"] for r in requests)
    reported = [set(r["symptoms"]) for r in requests]
    expected = [story["expected"] for story in STORIES]

    # every red flag (18 in the second edition), alone, at its own level, in at least one story
    assert len(RED_FLAGS) == 18
    for flag in RED_FLAGS:
        assert any(
            symptoms == {flag}
            and not r.get("risk_factors")
            and not r.get("unsure")
            and level == SYMPTOM_MINIMUM[flag].value
            for symptoms, r, level in zip(reported, requests, expected, strict=True)
        ), flag
    # every symptom, every risk factor and every symptom combination in some story
    assert set().union(*reported) == set(SYMPTOM_MINIMUM)
    assert set().union(*(r.get("risk_factors", ()) for r in requests)) == RISK_FACTORS
    for combination in COMBINATIONS:
        assert any(combination <= symptoms for symptoms in reported), combination
    # every rule of the catalog fires in at least one story, and so does the unsure rule
    fired = [_fired(r) for r in requests]
    every = set().union(*fired)
    assert {rule.rule_id for rule in rp.default_catalog().rules} <= every
    assert any(rule_id.startswith("unsure.") for rule_id in every)
    assert "unsure.age" in every
    # an unsure answer that could not be urgent changes nothing
    assert any(
        r.get("unsure") and not any(rule_id.startswith("unsure.") for rule_id in rules)
        for r, rules in zip(requests, fired, strict=True)
    )

    # the pain boundaries: 5 | 6 (rest) and 8 | 9 (see_clinician)
    pains = {r["pain"] for r in requests}
    assert {SEVERE_PAIN - 1, SEVERE_PAIN, VERY_SEVERE_PAIN - 1, VERY_SEVERE_PAIN} <= pains
    # the two-week boundary: 13 | 14 days, pain 1 alone never, stiffness alone never
    days = LONG_DAYS
    assert any(r["days_since_onset"] == days - 1 for r in requests)
    assert any(r["days_since_onset"] == days and r["pain"] >= 2 for r in requests)
    assert any(
        r["days_since_onset"] == days and r["pain"] == 1 and not r["symptoms"] for r in requests
    )
    assert any(
        r["days_since_onset"] == days and r["pain"] == 0 and not r["symptoms"] for r in requests
    )
    assert any(r["days_since_onset"] == days and r["pain"] < 2 and r["symptoms"] for r in requests)
    assert any(
        r["days_since_onset"] > days
        and r["symptoms"] == ["stiffness_or_soreness"]
        and r["pain"] < 2
        for r in requests
    )
    # each age rule on both sides of its bound, with its symptom
    for rule_id, (symptoms, bound) in AGE_BOUNDS.items():
        for age in (bound - 1, bound):
            assert any(r.get("age") == age and symptoms & set(r["symptoms"]) for r in requests), (
                rule_id,
                age,
            )

    assert {member.value for member in rp.Disposition} <= set(expected)
    assert expected.count("self_care") >= 10
