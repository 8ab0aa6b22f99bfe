"""Advice: ``advice_for`` and the tips and cause pages behind it (SPEC section 5).

Properties: only tips that address a requested cause, every such tip, each once, in
the documented order, whatever the form of the request. The article walk: every
form cue, prevention tip, lifestyle change, therapy, common mistake and
cross-training suggestion of the source article is a tip, listed here item by item.
Medical causes get a tip that says who to see and nothing to do alone. The
examples in ``docs/advice.md`` print what the document says they print.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp

#: How every source taken from the source article names it (SPEC header).
ARTICLE_TITLE = "Understanding the Causes of Back Pelvic Pain After Running: A Comprehensive Guide"

CATALOG = rp.default_catalog()
#: SPEC section 1: causes and their groups; section 5: tip topics, in order.
NON_MEDICAL = (
    "overuse",
    "no_cross_training",
    "poor_form",
    "weak_core",
    "weak_glutes",
    "tight_hip_flexors",
    "skipped_stretching",
    "worn_or_ill_fitting_shoes",
)
MEDICAL = ("herniated_disc", "sciatica", "pelvic_floor_dysfunction")
CAUSES = NON_MEDICAL + MEDICAL
TOPICS = ("form", "footwear", "recovery", "lifestyle", "therapy", "mistake", "cross_training")
#: Who a medical tip may send the runner to.
CLINICIAN = re.compile(r"\b(doctor|physiotherapist|clinician|GP)\b")

ROOT = Path(__file__).resolve().parents[1]


def cause_sets(min_size: int = 0) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(CAUSES), min_size=min_size)


def addressed(tips: tuple[rp.Tip, ...], causes: frozenset[str]) -> set[str]:
    return {cause for tip in tips for cause in tip.addresses & causes}


# -- properties ----------------------------------------------------------------------------


@given(causes=cause_sets())
def test_only_and_every_tip_for_the_requested_causes_each_once(causes: frozenset[str]) -> None:
    tips = rp.advice_for(causes)
    ids = [tip.id for tip in tips]
    assert len(set(ids)) == len(ids)
    assert all(tip.addresses & causes for tip in tips)
    expected = {tip.id for tip in CATALOG.tips.values() if tip.addresses & causes}
    assert set(ids) == expected
    assert all(CATALOG.tips[tip.id] == tip for tip in tips)


@given(causes=cause_sets())
def test_every_requested_cause_gets_a_tip(causes: frozenset[str]) -> None:
    assert addressed(rp.advice_for(causes), causes) == causes


@given(causes=cause_sets(min_size=1))
def test_the_first_tips_cover_every_requested_cause(causes: frozenset[str]) -> None:
    """An app showing only one tip per requested cause still covers them all."""
    tips = rp.advice_for(causes)
    assert addressed(tips[: len(causes)], causes) == causes


@given(causes=cause_sets())
def test_medical_tips_come_first(causes: frozenset[str]) -> None:
    tips = rp.advice_for(causes)
    medical_first = [bool(tip.addresses & causes & set(MEDICAL)) for tip in tips]
    assert medical_first == sorted(medical_first, reverse=True)


@given(causes=cause_sets(), data=st.data())
def test_the_order_is_deterministic_and_ignores_how_causes_are_given(
    causes: frozenset[str], data: st.DataObject
) -> None:
    as_list = data.draw(st.permutations(sorted(causes)))
    first = rp.advice_for(causes)
    assert rp.advice_for(set(causes)) == first
    assert rp.advice_for(list(as_list)) == first
    assert rp.advice_for(tuple(as_list) + tuple(as_list)) == first
    assert rp.advice_for(causes, catalog=CATALOG) == first


def documented_order(causes: frozenset[str]) -> list[str]:
    """The order docs/advice.md describes, computed from its words."""

    def merit(tip: rp.Tip) -> tuple[int, int, str]:
        return (-len(tip.addresses & causes), TOPICS.index(tip.topic), tip.id)

    tips = [tip for tip in CATALOG.tips.values() if tip.addresses & causes]
    ranking = {
        cause: sorted((t for t in tips if cause in t.addresses), key=merit) for cause in causes
    }
    place = {
        tip.id: min(ranking[cause].index(tip) for cause in tip.addresses & causes) for tip in tips
    }
    return [
        tip.id
        for tip in sorted(
            tips, key=lambda t: (not t.addresses & set(MEDICAL) & causes, place[t.id], merit(t))
        )
    ]


@given(causes=cause_sets())
def test_the_order_is_the_documented_one(causes: frozenset[str]) -> None:
    assert [tip.id for tip in rp.advice_for(causes)] == documented_order(causes)


# -- examples ------------------------------------------------------------------------------


def test_no_causes_no_tips() -> None:
    assert rp.advice_for(frozenset()) == ()
    assert rp.advice_for([]) == ()


def test_the_spec_example_order() -> None:
    tips = rp.advice_for(frozenset({"poor_form", "overuse"}))
    assert [tip.id for tip in tips[:5]] == [
        "build_gradually",  # round 0: the best tip of both causes
        "avoid_leaning",  # round 1: poor_form's next, by topic then id
        "listen_to_body",  # round 1: overuse's next
        "engage_core",
        "recover_between_runs",
    ]
    assert all(isinstance(tip, rp.Tip) for tip in tips)


def test_a_medical_cause_leads() -> None:
    tips = rp.advice_for({"weak_core", "sciatica"})
    assert tips[0].id == "see_clinician_sciatica"
    assert tips[1].addresses >= {"weak_core"}


@pytest.mark.parametrize("cause", MEDICAL)
def test_a_medical_cause_gets_only_who_to_see(cause: str) -> None:
    tips = rp.advice_for({cause})
    assert tips
    for tip in tips:
        assert tip.addresses <= set(MEDICAL)
        assert tip.topic == "therapy"
        assert CLINICIAN.search(tip.text), tip.text


@pytest.mark.parametrize("cause", NON_MEDICAL)
def test_every_non_medical_cause_has_a_tip(cause: str) -> None:
    assert rp.advice_for({cause})


def test_no_tip_mixes_a_medical_cause_with_self_treatment() -> None:
    for tip in CATALOG.tips.values():
        medical = tip.addresses & set(MEDICAL)
        assert not medical or tip.addresses == medical, tip.id


def test_tips_of_a_user_catalog_are_included(tmp_path: Path) -> None:
    extra = {
        "version": "clinic.1",
        "extends": "runpelvis",
        "tips": [
            {
                "id": "clinic_cadence_drill",
                "topic": "form",
                "text": "Run to a metronome a few beats per minute above your usual cadence.",
                "addresses": ["poor_form", "overuse"],
                "source": "our clinic",
            }
        ],
    }
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(extra), encoding="utf-8")
    catalog = rp.load_catalog(path)
    tips = rp.advice_for({"poor_form", "overuse"}, catalog=catalog)
    assert [tip.id for tip in tips[:2]] == ["build_gradually", "clinic_cadence_drill"]
    assert "clinic_cadence_drill" not in {tip.id for tip in rp.advice_for({"poor_form"})}


def test_only_a_requested_medical_cause_puts_a_tip_first(tmp_path: Path) -> None:
    extra = {
        "version": "clinic.2",
        "extends": "runpelvis",
        "tips": [
            {
                "id": "clinic_core_review",
                "topic": "therapy",
                "text": "Ask your physiotherapist to review your core routine.",
                "addresses": ["sciatica", "weak_core"],
                "source": "our clinic",
            }
        ],
    }
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(extra), encoding="utf-8")
    catalog = rp.load_catalog(path)
    assert rp.advice_for({"sciatica", "weak_core"}, catalog=catalog)[0].id == "clinic_core_review"
    assert rp.advice_for({"weak_core"}, catalog=catalog)[0].id != "clinic_core_review"


# -- bad input -----------------------------------------------------------------------------


def test_unknown_ids_in_a_list_are_reported_by_position() -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.advice_for(["overuse", "overus", "weak_glute"])
    assert error.value.errors == [
        "causes[1]: unknown cause 'overus' (did you mean 'overuse'?)",
        "causes[2]: unknown cause 'weak_glute' (did you mean 'weak_glutes'?)",
    ]


def test_unknown_ids_in_a_set_are_reported_at_causes() -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.advice_for(frozenset({"sciatic", "xyzzy"}))
    assert error.value.errors == [
        "causes: unknown cause 'sciatic' (did you mean 'sciatica'?)",
        "causes: unknown cause 'xyzzy'",
    ]
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("causes", "path", "message"),
    [
        ("overuse", "causes", "must be a set of cause ids, got 'overuse'"),
        (None, "causes", "must be a set of cause ids, got None"),
        ({"overuse": 1}, "causes", "must be a set of cause ids"),
        (iter(["overuse"]), "causes", "must be a set of cause ids"),
        ([3], "causes[0]", "must be a cause id, got 3"),
        ([None], "causes[0]", "must be a cause id, got None"),
        (list(CAUSES) * 6, "causes", "at most 64"),
    ],
)
def test_bad_requests(causes: Any, path: str, message: str) -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.advice_for(causes)
    (got_path, got_message), *_ = error.value.problems
    assert got_path == path
    assert message in got_message


def test_passing_findings_says_what_to_pass() -> None:
    findings = rp.screen(rp.RunnerHistory(weekly_run_minutes=(100,), plank_seconds=10))
    with pytest.raises(rp.InvalidInput) as error:
        rp.advice_for(findings)  # type: ignore[arg-type]
    assert error.value.errors == [
        "causes[0]: must be a cause id, got a CauseFinding (use its .cause: 'weak_core')"
    ]


# -- cause pages ---------------------------------------------------------------------------


def test_the_catalog_holds_exactly_the_spec_causes() -> None:
    assert set(CATALOG.causes) == set(CAUSES)
    assert {cause for cause in CATALOG.causes if CATALOG.causes[cause].medical} == set(MEDICAL)


@pytest.mark.parametrize("cause", CAUSES)
def test_every_cause_page_explains_and_links(cause: str) -> None:
    page = CATALOG.causes[cause]
    assert 40 <= len(page.summary) <= 400
    assert page.source.strip()
    tips = CATALOG.tips_for(cause)
    assert tips
    assert all(CATALOG.tips[tip.id] is tip for tip in tips)
    exercises = CATALOG.exercises_for(cause)
    assert all(cause in exercise.addresses for exercise in exercises)
    if page.group in ("muscular", "habit"):
        assert exercises, f"{cause} needs exercises that address it"


@pytest.mark.parametrize("cause", MEDICAL)
def test_no_exercise_or_activity_treats_a_medical_cause(cause: str) -> None:
    assert CATALOG.exercises_for(cause) == ()
    assert not [a.id for a in CATALOG.cross_training.values() if cause in a.addresses]


@pytest.mark.parametrize("cause", ["overuse", "no_cross_training"])
def test_training_load_causes_have_cross_training(cause: str) -> None:
    assert [a.id for a in CATALOG.cross_training.values() if cause in a.addresses]


# -- the article walk ----------------------------------------------------------------------

#: Every list of the source article, item by item, and the tip(s) that carry it. The
#: first tip of an item is the main one; when a section names a topic, it has that topic.
ARTICLE: dict[str, tuple[str | None, dict[str, tuple[str, ...]]]] = {
    "causes: medical conditions to have a clinician diagnose": (
        "therapy",
        {
            "herniated discs": ("see_clinician_herniated_disc",),
            "sciatica": ("see_clinician_sciatica",),
            "pelvic floor dysfunction": ("see_pelvic_health_physio",),
        },
    ),
    "how to prevent pain: tips and tricks": (
        None,
        {
            "feet land under the body, not in front of it": ("feet_under_body",),
            "good posture: relaxed shoulders": ("relaxed_shoulders",),
            "good posture: open chest, chin parallel to the ground": ("open_chest_chin_level",),
            "stretch before and after the run": ("stretch_before_and_after",),
            "strengthen the core with planks, crunches and side planks": ("strengthen_core",),
            "shoes that fit, support, cushion and absorb shock": ("supportive_running_shoes",),
            "take a break and rest a few days when it hurts": ("rest_when_painful",),
            "don't push too hard": ("recover_between_runs",),
        },
    ),
    "form cues": (
        "form",
        {
            "head up, gaze forward, neutral spine": ("head_up_gaze_forward",),
            "shoulders relaxed, arms swinging naturally": ("relaxed_shoulders",),
            "engage the core, navel towards the spine": ("engage_core",),
            "midfoot strike, not heel first": ("midfoot_strike",),
            "shorter, quicker strides, no overstriding": ("shorter_strides",),
            "start slow, build speed and distance gradually": ("build_gradually",),
        },
    ),
    "posture from experienced runners": (
        "form",
        {
            "shoulders back": ("relaxed_shoulders",),
            "chest lifted": ("open_chest_chin_level",),
            "core engaged": ("engage_core",),
            "no leaning forward or backward": ("avoid_leaning",),
        },
    ),
    "lifestyle changes for chronic pain": (
        None,
        {
            "stretching and strengthening for core, back and pelvis": ("stretch_and_strengthen",),
            "yoga and Pilates": ("cross_train_yoga_pilates", "stretch_and_strengthen"),
            "technique: land on the midfoot": ("midfoot_strike",),
            "technique: shoulders back and relaxed": ("relaxed_shoulders",),
            "technique: neutral spine": ("neutral_spine",),
            "footwear with support and cushioning": ("supportive_running_shoes",),
            "rest and recovery between runs, no overexertion": ("recover_between_runs",),
            "nutrition: fruit, vegetables, lean protein": ("nutrition",),
            "hydration: enough water": ("hydration",),
            "stress management: meditation, deep breathing": ("stress_management",),
        },
    ),
    "alternative therapies": (
        "therapy",
        {
            "acupuncture": ("acupuncture",),
            "chiropractic care": ("chiropractic_care",),
            "massage therapy": ("massage_therapy",),
            "yoga: downward dog, pigeon, child's pose": ("yoga_therapy",),
        },
    ),
    "common mistakes": (
        "mistake",
        {
            "not stretching before and after runs": ("mistake_skipping_stretches",),
            "poor form: posture, straight back, relaxed shoulders, overstriding": (
                "mistake_poor_form",
                "neutral_spine",
                "shorter_strides",
            ),
            "not cross-training": ("mistake_no_cross_training",),
            "worn-out or poorly fitting shoes": ("mistake_ignoring_shoes", "replace_worn_shoes"),
        },
    ),
    "cross-training suggestions": (
        "cross_training",
        {
            "swimming": ("cross_train_swimming",),
            "cycling": ("cross_train_cycling",),
            "yoga": ("cross_train_yoga_pilates",),
            "Pilates": ("cross_train_yoga_pilates",),
            "weightlifting": ("cross_train_weightlifting",),
        },
    ),
    "advice from experienced runners": (
        None,
        {
            "at least one rest day a week": ("weekly_rest_day",),
            "a few days off running while it hurts": ("rest_when_painful",),
            "a physical therapist when pain persists": ("physical_therapy",),
        },
    ),
    "stretching and strength sessions": (
        "recovery",
        {
            "warm up before exercising": ("warm_up_before_strength",),
            "stretch to discomfort, never to pain; stop what hurts": ("listen_to_body",),
        },
    ),
}

WALK = [
    pytest.param(topic, item, tip_ids, id=f"{section}: {item}")
    for section, (topic, items) in ARTICLE.items()
    for item, tip_ids in items.items()
]


@pytest.mark.parametrize(("topic", "item", "tip_ids"), WALK)
def test_every_article_item_is_a_tip(
    topic: str | None, item: str, tip_ids: tuple[str, ...]
) -> None:
    for tip_id in tip_ids:
        assert tip_id in CATALOG.tips, f"no tip {tip_id!r} for {item!r}"
        tip = CATALOG.tips[tip_id]
        assert tip.addresses, tip_id
        assert tip.source.startswith(ARTICLE_TITLE), tip_id
    if topic is not None:
        assert CATALOG.tips[tip_ids[0]].topic == topic


def test_every_tip_comes_from_the_walk() -> None:
    """A tip the walk does not name is either new content to list here or a stray."""
    walked = {
        tip_id for _, (_, items) in ARTICLE.items() for ids in items.values() for tip_id in ids
    }
    assert set(CATALOG.tips) - walked == set()


def test_every_tip_is_well_formed() -> None:
    for tip in CATALOG.tips.values():
        assert tip.topic in TOPICS
        assert tip.addresses <= set(CAUSES)
        assert tip.text.strip().endswith((".", "!"))
        assert tip.source.strip()


#: Short hashes of every six-word run of the source article (tools/article_shingles.py
#: writes them from the article, which is not in this repository).
SHINGLES = frozenset(
    (Path(__file__).parent / "article_shingles.txt").read_text(encoding="utf-8").split()
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _shingle_hash(six: list[str]) -> str:
    return hashlib.sha256(" ".join(six).encode("utf-8")).hexdigest()[:16]


def _package_texts() -> list[str]:
    catalog = rp.default_catalog()
    texts = [tip.text for tip in catalog.tips.values()]
    texts += [cause.summary for cause in catalog.causes.values()]
    for exercise in catalog.exercises.values():
        texts += [*exercise.steps, *exercise.cues]
    for section in (catalog.symptoms, catalog.risk_factors):
        texts += [item.description for item in section.values()]
    texts += [rule.message for rule in catalog.rules]
    texts += [advice.advice for advice in catalog.dispositions.values()]
    return texts


def test_tips_and_cause_pages_are_written_fresh() -> None:
    """No six words in a row of the package's texts are taken from the source article."""
    assert len(SHINGLES) > 1000
    for text in _package_texts():
        own = _words(text)
        copied = [
            " ".join(own[i : i + 6])
            for i in range(len(own) - 5)
            if _shingle_hash(own[i : i + 6]) in SHINGLES
        ]
        assert not copied, text


def test_the_freshness_check_finds_a_copied_run() -> None:
    """The hashes really are the article's: a known run of it is found (a check that
    could never fail would be a defect)."""
    copied = _words("it can be caused by a variety of factors")
    assert any(_shingle_hash(copied[i : i + 6]) in SHINGLES for i in range(len(copied) - 5))
    fresh = _words("a runner with a sore back rests for two days")
    assert not any(_shingle_hash(fresh[i : i + 6]) in SHINGLES for i in range(len(fresh) - 5))


# -- docs/advice.md ------------------------------------------------------------------------

_BLOCK = re.compile(r"^```(\w[^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def test_the_docs_examples_print_what_the_docs_show() -> None:
    """Each ```python block runs in order in one namespace; a ```text block right after it
    is its exact output. ```python no-run blocks are skipped."""
    document = (ROOT / "docs" / "advice.md").read_text(encoding="utf-8")
    namespace: dict[str, Any] = {}
    printed: str | None = None
    checked = 0
    for match in _BLOCK.finditer(document):
        info, body = match.group(1).split(), match.group(2)
        if info == ["python"]:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(body, "docs/advice.md", "exec"), namespace)
            printed = out.getvalue()
        elif info == ["text"] and printed is not None:
            assert printed == body
            checked += 1
            printed = None
        else:
            printed = None
    assert checked >= 3
