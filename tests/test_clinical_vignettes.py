"""Clinical vignettes (``clinical_vignettes.json``): runner stories written from public
guidelines, each with the disposition SPEC section 1 (second edition) gives and why.

Under-triage (an answer below the expected disposition) is the worst defect there is:
it fails here first, by name. Every non-debatable vignette must match exactly; a
debatable one (where a clinician might go higher than the SPEC) must never come out
below what the SPEC gives.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import pytest

import runpelvis as rp
from spec import RED_FLAGS, RISK_FACTORS, SYMPTOM_MINIMUM

D = rp.Disposition
DOCUMENT: dict[str, Any] = json.loads(
    (Path(__file__).parent / "clinical_vignettes.json").read_text(encoding="utf-8")
)
VIGNETTES: list[dict[str, Any]] = DOCUMENT["vignettes"]
FIELDS = {"id", "story", "report", "expected", "debatable", "pathway", "guideline", "rationale"}


def _answer(vignette: dict[str, Any]) -> rp.Disposition:
    return rp.Disposition(rp.triage_json(vignette["report"])["disposition"])


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_never_under_triaged(vignette: dict[str, Any]) -> None:
    answer, expected = _answer(vignette), D(vignette["expected"])
    assert answer >= expected, f"UNDER-TRIAGE: {vignette['story']} ({vignette['rationale']})"


@pytest.mark.parametrize(
    "vignette",
    [v for v in VIGNETTES if not v["debatable"]],
    ids=[v["id"] for v in VIGNETTES if not v["debatable"]],
)
def test_non_debatable_vignettes_match_exactly(vignette: dict[str, Any]) -> None:
    assert _answer(vignette) is D(vignette["expected"]), vignette["rationale"]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_python_and_json_paths_agree_on_every_vignette(vignette: dict[str, Any]) -> None:
    report = rp.from_json(
        {"age": None, "risk_factors": [], "unsure": [], **vignette["report"]}, rp.SymptomReport
    )
    assert rp.triage(report).disposition is _answer(vignette)


def test_the_set_is_well_formed() -> None:
    assert len(VIGNETTES) >= 60
    assert len({v["id"] for v in VIGNETTES}) == len(VIGNETTES)
    for vignette in VIGNETTES:
        assert set(vignette) >= FIELDS, vignette["id"]
        assert vignette["story"].strip()
        assert vignette["rationale"].strip()
        assert vignette["guideline"].strip()
        if vignette["debatable"]:
            assert D(vignette["clinician"]) > D(vignette["expected"]), vignette["id"]


def test_the_set_covers_every_red_flag_risk_factor_and_disposition() -> None:
    reported = collections.Counter(
        item
        for v in VIGNETTES
        for item in (*v["report"]["symptoms"], *v["report"].get("risk_factors", ()))
    )
    assert set(RED_FLAGS) <= set(reported)
    assert set(reported) >= RISK_FACTORS
    assert set(SYMPTOM_MINIMUM) <= set(reported)
    expected = collections.Counter(v["expected"] for v in VIGNETTES)
    assert {d.value for d in D} <= set(expected)
    assert expected["urgent"] + expected["emergency"] >= 26
    assert any(v["report"].get("unsure") for v in VIGNETTES)
    assert any("age" in v["report"].get("unsure", ()) for v in VIGNETTES)


def test_agreement_figures() -> None:
    """Exact agreement, under- and over-triage over the whole set (printed with -s)."""
    counts = collections.Counter()
    for vignette in VIGNETTES:
        answer, expected = _answer(vignette), D(vignette["expected"])
        counts["exact" if answer is expected else "under" if answer < expected else "over"] += 1
    print(f"\nvignettes: {len(VIGNETTES)}; {dict(counts)}")
    assert counts["under"] == 0
