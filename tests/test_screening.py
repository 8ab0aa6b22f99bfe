"""Screening: ``RunnerHistory`` in, ``CauseFinding``s out (SPEC section 5).

Properties: worse evidence never removes or weakens a finding; unknown evidence
never adds or strengthens one; same history, same findings; every finding carries
evidence; findings agree with an independent oracle written from the SPEC's numbers.
Examples: every threshold on both sides of its boundary, the evidence sentences,
zero-minute weeks, and every kind of bad input.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
import spec
from runpelvis._convert import structure, unstructure

# -- vocabulary and numbers from SPEC section 5 (written out, not read from the package) -----

FORM_FAULTS = ("overstriding", "heel_striking", "looking_down", "hunched_shoulders", "leaning")
MEDICAL = ("herniated_disc", "pelvic_floor_dysfunction", "sciatica")
STRENGTHS = ("confirmed", "likely", "possible")
RANK = {strength: rank for rank, strength in enumerate(STRENGTHS)}
SPEC_THRESHOLDS = {
    "weekly_rise_percent": ("overuse", 10),
    "two_week_rise_percent": ("overuse", 30),
    "min_rise_minutes": ("overuse", 10),
    "min_rest_days_per_week": ("overuse", 1),
    "shoe_km": ("worn_or_ill_fitting_shoes", 800),
    "plank_seconds": ("weak_core", 30),
    "single_leg_bridge_reps": ("weak_glutes", 10),
}
OPTIONAL_FIELDS = (
    "rest_days_per_week",
    "shoe_km",
    "stretches",
    "cross_trains",
    "form",
    "plank_seconds",
    "single_leg_bridge_reps",
    "hip_flexor_tight",
    "diagnoses",
)
MAX_MINUTES = 7 * 24 * 60
MAX_KM = 100_000
MAX_PLANK = 3600
MAX_REPS = 1000
ROOT = Path(__file__).resolve().parents[1]


# -- strategies ----------------------------------------------------------------------------


def week_minutes() -> st.SearchStrategy[int]:
    """Mostly everyday weeks (so rises land near the thresholds), sometimes the extremes."""
    return st.one_of(
        st.integers(0, 300), st.sampled_from((0, MAX_MINUTES)), st.integers(0, MAX_MINUTES)
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def histories() -> st.SearchStrategy[rp.RunnerHistory]:
    return st.builds(
        rp.RunnerHistory,
        weekly_run_minutes=st.one_of(
            st.lists(week_minutes(), min_size=1, max_size=5),
            st.lists(week_minutes(), min_size=1, max_size=52),
        ).map(tuple),
        rest_days_per_week=optional(st.integers(0, 7)),
        shoe_km=optional(st.integers(700, 900) | st.integers(0, MAX_KM)),
        stretches=optional(st.booleans()),
        cross_trains=optional(st.booleans()),
        form=optional(st.frozensets(st.sampled_from(FORM_FAULTS))),
        plank_seconds=optional(st.integers(0, 90) | st.integers(0, MAX_PLANK)),
        single_leg_bridge_reps=optional(st.integers(0, 30) | st.integers(0, MAX_REPS)),
        hip_flexor_tight=optional(st.booleans()),
        diagnoses=optional(st.frozensets(st.sampled_from(MEDICAL))),
    )


st.register_type_strategy(rp.RunnerHistory, histories())


def _lower(draw: st.DrawFn, value: int | None) -> int | None:
    return None if value is None else draw(st.integers(0, value))


def _higher(draw: st.DrawFn, value: int | None, high: int) -> int | None:
    return None if value is None else draw(st.integers(value, high))


def _flip(draw: st.DrawFn, value: bool | None, bad: bool) -> bool | None:
    return None if value is None else draw(st.sampled_from((value, bad)))


def _more(draw: st.DrawFn, value: frozenset[str] | None, pool: tuple[str, ...]) -> Any:
    return None if value is None else value | draw(st.frozensets(st.sampled_from(pool)))


@st.composite
def worse(draw: st.DrawFn, history: rp.RunnerHistory) -> rp.RunnerHistory:
    """The same runner with worse (or equal) evidence on every known field.

    Worse means: more minutes in the latest week, fewer in any earlier week, fewer
    rest days, more shoe kilometres, fewer plank seconds or bridges, stretching or
    cross-training turning False, a hip-flexor test turning tight, more form faults,
    more diagnoses. Unknown fields stay unknown: learning something is not "worse".
    """
    *earlier, latest = history.weekly_run_minutes
    weeks = (
        *(draw(st.integers(0, week)) for week in earlier),
        draw(st.integers(latest, MAX_MINUTES)),
    )
    return attrs.evolve(
        history,
        weekly_run_minutes=weeks,
        rest_days_per_week=_lower(draw, history.rest_days_per_week),
        shoe_km=_higher(draw, history.shoe_km, MAX_KM),
        stretches=_flip(draw, history.stretches, False),
        cross_trains=_flip(draw, history.cross_trains, False),
        form=_more(draw, history.form, FORM_FAULTS),
        plank_seconds=_lower(draw, history.plank_seconds),
        single_leg_bridge_reps=_lower(draw, history.single_leg_bridge_reps),
        hip_flexor_tight=_flip(draw, history.hip_flexor_tight, True),
        diagnoses=_more(draw, history.diagnoses, MEDICAL),
    )


# -- helpers -------------------------------------------------------------------------------


def strengths(findings: tuple[rp.CauseFinding, ...]) -> dict[str, str]:
    return {finding.cause: finding.strength for finding in findings}


def covered_by(weaker: dict[str, str], stronger: dict[str, str]) -> bool:
    """Every cause in ``weaker`` is in ``stronger``, at least as strong."""
    return all(
        cause in stronger and RANK[stronger[cause]] <= RANK[strength]
        for cause, strength in weaker.items()
    )


#: A rise counts only when it adds at least this many minutes (issue 13: an absolute floor).
MIN_RISE_MINUTES = 10


def rose_above(before: int, now: int, percent: int) -> bool:
    """The oracle's own arithmetic: a rise from nothing is a rise; otherwise compare fractions.

    Either way it must add at least :data:`MIN_RISE_MINUTES`.
    """
    if now - before < MIN_RISE_MINUTES:
        return False
    if before == 0:
        return True
    return Fraction(now - before, before) > Fraction(percent, 100)


def oracle(history: rp.RunnerHistory) -> dict[str, str]:  # noqa: C901 -- flat, as the SPEC reads
    """What SPEC section 5 and docs/advice.md say screening finds, written independently."""
    found: dict[str, list[str]] = {}

    def add(cause: str, strength: str) -> None:
        found.setdefault(cause, []).append(strength)

    weeks = history.weekly_run_minutes
    if len(weeks) >= 2 and rose_above(weeks[-2], weeks[-1], 10):
        add("overuse", "possible")
    if len(weeks) >= 3 and rose_above(weeks[-3], weeks[-1], 30):
        add("overuse", "likely")
    if history.rest_days_per_week is not None and history.rest_days_per_week < 1:
        add("overuse", "possible")
    if history.shoe_km is not None and history.shoe_km > 800:
        add("worn_or_ill_fitting_shoes", "possible")
    if history.stretches is False:
        add("skipped_stretching", "possible")
    if history.cross_trains is False:
        add("no_cross_training", "possible")
    if history.form:
        # heel striking alone is at most possible: most runners land that way
        add("poor_form", "possible" if history.form == {"heel_striking"} else "likely")
    if history.plank_seconds is not None and history.plank_seconds < 30:
        add("weak_core", "likely")
    if history.single_leg_bridge_reps is not None and history.single_leg_bridge_reps < 10:
        add("weak_glutes", "likely")
    if history.hip_flexor_tight is True:
        add("tight_hip_flexors", "likely")
    for cause in history.diagnoses or ():
        add(cause, "confirmed")
    return {cause: min(found[cause], key=RANK.__getitem__) for cause in found}


def history(*weeks: int, **fields: Any) -> rp.RunnerHistory:
    return rp.RunnerHistory(weekly_run_minutes=weeks or (100,), **fields)


def only(findings: tuple[rp.CauseFinding, ...]) -> rp.CauseFinding:
    assert len(findings) == 1, findings
    return findings[0]


def problems_of(error: pytest.ExceptionInfo[rp.InvalidInput]) -> dict[str, str]:
    return dict(error.value.problems)


# -- properties ----------------------------------------------------------------------------


@given(history=st.from_type(rp.RunnerHistory), data=st.data())
def test_worse_evidence_never_removes_or_weakens_a_finding(
    history: rp.RunnerHistory, data: st.DataObject
) -> None:
    worse_history = data.draw(worse(history))
    assert covered_by(strengths(rp.screen(history)), strengths(rp.screen(worse_history)))


@given(
    history=st.from_type(rp.RunnerHistory),
    forget=st.frozensets(st.sampled_from(OPTIONAL_FIELDS)),
    keep_weeks=st.integers(1, 52),
)
def test_unknown_evidence_never_adds_or_strengthens_a_finding(
    history: rp.RunnerHistory, forget: frozenset[str], keep_weeks: int
) -> None:
    """Forgetting fields (None) or the oldest weeks can only lose findings."""
    known_less = attrs.evolve(
        history,
        weekly_run_minutes=history.weekly_run_minutes[-keep_weeks:],
        **dict.fromkeys(forget),
    )
    assert covered_by(strengths(rp.screen(known_less)), strengths(rp.screen(history)))


@given(weeks=st.lists(week_minutes(), min_size=1, max_size=52).map(tuple))
def test_an_all_unknown_history_can_only_point_to_overuse(weeks: tuple[int, ...]) -> None:
    findings = rp.screen(rp.RunnerHistory(weekly_run_minutes=weeks))
    assert {finding.cause for finding in findings} <= {"overuse"}


@given(minutes=st.integers(0, MAX_MINUTES), count=st.integers(1, 52))
def test_steady_running_and_nothing_else_known_finds_nothing(minutes: int, count: int) -> None:
    assert rp.screen(rp.RunnerHistory(weekly_run_minutes=(minutes,) * count)) == ()


@given(history=st.from_type(rp.RunnerHistory))
def test_findings_agree_with_the_spec_oracle(history: rp.RunnerHistory) -> None:
    assert strengths(rp.screen(history)) == oracle(history)


@given(history=st.from_type(rp.RunnerHistory))
def test_every_finding_is_well_formed_and_has_evidence(history: rp.RunnerHistory) -> None:
    findings = rp.screen(history)
    catalog = rp.default_catalog()
    causes = [finding.cause for finding in findings]
    assert len(set(causes)) == len(causes)
    assert list(findings) == sorted(findings, key=lambda f: (RANK[f.strength], f.cause))
    for finding in findings:
        assert isinstance(finding, rp.CauseFinding)
        assert finding.cause in catalog.causes
        assert finding.evidence
        assert all(isinstance(text, str) and text.strip() for text in finding.evidence)
        medical = catalog.causes[finding.cause].medical
        assert medical == (finding.strength == "confirmed")


@given(history=st.from_type(rp.RunnerHistory))
def test_medical_causes_come_only_from_diagnoses(history: rp.RunnerHistory) -> None:
    confirmed = {f.cause for f in rp.screen(history) if f.strength == "confirmed"}
    assert confirmed == set(history.diagnoses or ())
    assert confirmed <= set(MEDICAL)


@given(history=st.from_type(rp.RunnerHistory))
def test_screening_is_deterministic_and_ignores_set_order(history: rp.RunnerHistory) -> None:
    twin = rp.RunnerHistory(
        weekly_run_minutes=list(history.weekly_run_minutes),
        **{name: getattr(history, name) for name in OPTIONAL_FIELDS if name not in ("form",)},
        form=None if history.form is None else sorted(history.form, reverse=True),
    )
    assert twin == history
    first = rp.screen(history)
    assert rp.screen(twin) == first
    assert rp.screen(history, catalog=rp.default_catalog()) == first


@given(history=st.from_type(rp.RunnerHistory))
def test_history_round_trips_through_json(history: rp.RunnerHistory) -> None:
    data = json.loads(json.dumps(unstructure(history)))
    assert structure(data, rp.RunnerHistory) == history


@given(history=st.from_type(rp.RunnerHistory))
def test_findings_round_trip_through_json(history: rp.RunnerHistory) -> None:
    for finding in rp.screen(history):
        assert structure(unstructure(finding), rp.CauseFinding) == finding


# -- the SPEC's example --------------------------------------------------------------------

SPEC_HISTORY = spec.SPEC_HISTORY


def test_the_spec_example() -> None:
    findings = rp.screen(SPEC_HISTORY)
    assert [(f.cause, f.strength) for f in findings] == [
        ("sciatica", "confirmed"),
        ("overuse", "likely"),
        ("poor_form", "likely"),
        ("tight_hip_flexors", "likely"),
        ("weak_core", "likely"),
        ("weak_glutes", "likely"),
        ("no_cross_training", "possible"),
        ("skipped_stretching", "possible"),
        ("worn_or_ill_fitting_shoes", "possible"),
    ]
    by_cause = {f.cause: f.evidence for f in findings}
    assert by_cause["overuse"] == (
        "running rose 42% in two weeks: 120 to 170 minutes, above 30%",
        "running rose 36% in one week: 125 to 170 minutes, above 10%",
    )
    assert by_cause["worn_or_ill_fitting_shoes"] == ("shoes at 900 km, past the usual 800",)
    assert by_cause["weak_core"] == ("plank held 20 s, under 30 s",)
    assert by_cause["weak_glutes"] == ("8 single-leg bridges per side, fewer than 10",)
    assert by_cause["sciatica"] == ("diagnosed by a clinician",)


# -- thresholds: the data, and both sides of every boundary ---------------------------------


def test_bundled_thresholds_are_the_spec_numbers_with_sources() -> None:
    screening = rp.default_catalog().screening
    assert {key: (t.cause, t.value) for key, t in screening.items()} == SPEC_THRESHOLDS
    assert all(t.source.strip() and t.description.strip() for t in screening.values())


def test_the_docs_threshold_table_matches_the_data() -> None:
    rows = {}
    for line in (ROOT / "docs" / "advice.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells
    for threshold in rp.default_catalog().screening.values():
        _, value, cause, _, source = rows[threshold.id]
        assert (value, cause.strip("`"), source) == (
            str(threshold.value),
            threshold.cause,
            threshold.source.replace("\\", ""),
        )


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        pytest.param((100, 110), None, id="weekly-10pct-exactly"),
        pytest.param((100, 111), "possible", id="weekly-11pct"),
        pytest.param((1000, 1100), None, id="weekly-10pct-large"),
        pytest.param((1000, 1101), "possible", id="weekly-just-over-10pct"),
        pytest.param((9, 10), None, id="weekly-11pct-of-a-small-week-is-no-spike"),
        pytest.param((3, 3, 4), None, id="two-week-33pct-of-a-small-week-is-no-spike"),
        pytest.param((10, 14), None, id="weekly-40pct-but-4-minutes"),
        pytest.param((60, 69), None, id="weekly-15pct-but-9-minutes"),
        pytest.param((60, 70), "possible", id="weekly-17pct-and-10-minutes"),
        pytest.param((20, 25, 30), "likely", id="two-week-50pct-and-10-minutes"),
        pytest.param((20, 25, 29), None, id="two-week-45pct-but-9-minutes"),
        pytest.param((100, 125, 130), None, id="two-week-30pct-exactly"),
        pytest.param((100, 125, 131), "likely", id="two-week-31pct"),
        pytest.param((1000, 1250, 1300), None, id="two-week-30pct-large"),
        pytest.param((1000, 1250, 1301), "likely", id="two-week-just-over-30pct"),
    ],
)
def test_rise_thresholds_on_both_sides(weeks: tuple[int, ...], expected: str | None) -> None:
    findings = rp.screen(history(*weeks))
    assert (only(findings).strength if findings else None) == expected


def test_a_rise_over_30pct_in_one_week_is_possible_without_a_third_week() -> None:
    finding = only(rp.screen(history(100, 150)))
    assert (finding.cause, finding.strength) == ("overuse", "possible")


def test_the_two_week_rise_compares_with_two_weeks_back_not_the_middle_week() -> None:
    assert rp.screen(history(200, 100, 109)) == ()
    finding = only(rp.screen(history(100, 200, 131)))
    assert finding.evidence == ("running rose 31% in two weeks: 100 to 131 minutes, above 30%",)


def test_only_the_latest_weeks_count() -> None:
    assert rp.screen(history(10, 100, 100, 100)) == ()


@pytest.mark.parametrize(
    ("fields", "cause", "strength"),
    [
        pytest.param({"rest_days_per_week": 1}, None, None, id="rest-1"),
        pytest.param({"rest_days_per_week": 0}, "overuse", "possible", id="rest-0"),
        pytest.param({"shoe_km": 800}, None, None, id="shoes-800"),
        pytest.param({"shoe_km": 801}, "worn_or_ill_fitting_shoes", "possible", id="shoes-801"),
        pytest.param({"plank_seconds": 30}, None, None, id="plank-30"),
        pytest.param({"plank_seconds": 29}, "weak_core", "likely", id="plank-29"),
        pytest.param({"single_leg_bridge_reps": 10}, None, None, id="bridges-10"),
        pytest.param({"single_leg_bridge_reps": 9}, "weak_glutes", "likely", id="bridges-9"),
        pytest.param({"stretches": True}, None, None, id="stretches"),
        pytest.param({"stretches": False}, "skipped_stretching", "possible", id="no-stretching"),
        pytest.param({"cross_trains": True}, None, None, id="cross-trains"),
        pytest.param({"cross_trains": False}, "no_cross_training", "possible", id="runs-only"),
        pytest.param({"form": frozenset()}, None, None, id="no-form-fault"),
        pytest.param({"form": {"leaning"}}, "poor_form", "likely", id="a-form-fault"),
        pytest.param({"hip_flexor_tight": False}, None, None, id="hip-flexors-ok"),
        pytest.param({"hip_flexor_tight": True}, "tight_hip_flexors", "likely", id="hip-tight"),
        pytest.param({"diagnoses": frozenset()}, None, None, id="no-diagnosis"),
        pytest.param({"diagnoses": {"herniated_disc"}}, "herniated_disc", "confirmed", id="dx"),
    ],
)
def test_each_check_on_both_sides(fields: dict[str, Any], cause: str, strength: str) -> None:
    findings = rp.screen(history(**fields))
    if cause is None:
        assert findings == ()
    else:
        assert (only(findings).cause, only(findings).strength) == (cause, strength)


@pytest.mark.parametrize(
    ("fields", "evidence"),
    [
        ({"rest_days_per_week": 0}, "0 rest days a week, fewer than 1"),
        ({"shoe_km": 1234}, "shoes at 1234 km, past the usual 800"),
        ({"plank_seconds": 0}, "plank held 0 s, under 30 s"),
        ({"single_leg_bridge_reps": 1}, "1 single-leg bridge per side, fewer than 10"),
        ({"single_leg_bridge_reps": 0}, "0 single-leg bridges per side, fewer than 10"),
        ({"stretches": False}, "does not stretch before or after runs"),
        ({"cross_trains": False}, "only runs, with no cross-training"),
        ({"hip_flexor_tight": True}, "hip-flexor test: tight"),
    ],
)
def test_evidence_reads_the_runners_own_numbers(fields: dict[str, Any], evidence: str) -> None:
    assert only(rp.screen(history(**fields))).evidence == (evidence,)


def test_each_form_fault_is_its_own_evidence_in_a_fixed_order() -> None:
    finding = only(rp.screen(history(form=list(reversed(FORM_FAULTS)))))
    assert len(finding.evidence) == len(FORM_FAULTS)
    # strongest first: heel striking is the one fault that is only possible evidence
    ordered = [fault for fault in FORM_FAULTS if fault != "heel_striking"] + ["heel_striking"]
    for fault, text in zip(ordered, finding.evidence, strict=True):
        assert fault.replace("_", " ") in text


def test_heel_striking_alone_is_at_most_possible() -> None:
    finding = only(rp.screen(history(form={"heel_striking"})))
    assert (finding.cause, finding.strength) == ("poor_form", "possible")
    with_another = only(rp.screen(history(form={"heel_striking", "overstriding"})))
    assert with_another.strength == "likely"


def test_skipped_stretching_is_at_most_possible() -> None:
    finding = only(rp.screen(history(stretches=False)))
    assert (finding.cause, finding.strength) == ("skipped_stretching", "possible")


def test_all_overuse_evidence_is_kept_strongest_first() -> None:
    finding = only(rp.screen(history(100, 120, 170, rest_days_per_week=0)))
    assert finding.strength == "likely"
    assert finding.evidence == (
        "running rose 70% in two weeks: 100 to 170 minutes, above 30%",
        "running rose 42% in one week: 120 to 170 minutes, above 10%",
        "0 rest days a week, fewer than 1",
    )


def test_a_rise_that_rounds_down_to_the_threshold_says_just_over() -> None:
    finding = only(rp.screen(history(1000, 1104)))
    assert finding.evidence == (
        "running rose just over 10% in one week: 1000 to 1104 minutes, above 10%",
    )


# -- weeks without running (no division by zero) --------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "strength", "evidence"),
    [
        ((0,), None, ()),
        ((0, 0), None, ()),
        ((0, 0, 0), None, ()),
        ((120, 0), None, ()),
        ((0, 9), None, ()),
        ((0, 10), "possible", ("running went from none to 10 minutes in one week",)),
        (
            (0, 0, 30),
            "likely",
            (
                "running went from none to 30 minutes in two weeks",
                "running went from none to 30 minutes in one week",
            ),
        ),
        ((120, 0, 60), "possible", ("running went from none to 60 minutes in one week",)),
        ((0, 60, 60), "likely", ("running went from none to 60 minutes in two weeks",)),
    ],
)
def test_a_week_without_running(
    weeks: tuple[int, ...], strength: str | None, evidence: tuple[str, ...]
) -> None:
    findings = rp.screen(history(*weeks))
    if strength is None:
        assert findings == ()
    else:
        assert (only(findings).strength, only(findings).evidence) == (strength, evidence)


# -- thresholds come from the catalog --------------------------------------------------------


def _catalog_with(tmp_path: Path, edit: Any) -> rp.Catalog:
    document = rp.default_catalog().to_document() | {"version": "screening.1"}
    edit(document)
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return rp.load_catalog(path)


def test_thresholds_are_read_from_the_catalog(tmp_path: Path) -> None:
    def stricter_shoes(document: dict[str, Any]) -> None:
        for threshold in document["screening"]:
            if threshold["id"] == "shoe_km":
                threshold["value"] = 500

    catalog = _catalog_with(tmp_path, stricter_shoes)
    worn = history(shoe_km=600)
    assert rp.screen(worn) == ()
    assert only(rp.screen(worn, catalog=catalog)).evidence == (
        "shoes at 600 km, past the usual 500",
    )


def test_a_catalog_without_a_threshold_is_invalid_input(tmp_path: Path) -> None:
    def drop_plank(document: dict[str, Any]) -> None:
        document["screening"] = [t for t in document["screening"] if t["id"] != "plank_seconds"]

    # refused when the catalog is loaded, not later when it screens
    with pytest.raises(rp.InvalidInput) as error:
        _catalog_with(tmp_path, drop_plank)
    path = tmp_path / "catalog.json"
    assert problems_of(error) == {f"{path}: screening": "missing threshold 'plank_seconds'"}


# -- bad input -----------------------------------------------------------------------------


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.RunnerHistory(
            weekly_run_minutes=(100, -5),
            rest_days_per_week=8,
            shoe_km=-1,
            stretches=1,  # type: ignore[arg-type]
            cross_trains="no",  # type: ignore[arg-type]
            form={"overstridng"},  # type: ignore[arg-type]
            plank_seconds=True,
            single_leg_bridge_reps=2.5,  # type: ignore[arg-type]
            hip_flexor_tight=0,  # type: ignore[arg-type]
            diagnoses={"Sciatica"},
        )
    problems = problems_of(error)
    assert set(problems) == {"weekly_run_minutes", *OPTIONAL_FIELDS}
    assert isinstance(error.value, ValueError)
    assert problems["form"] == "unknown form fault 'overstridng' (did you mean 'overstriding'?)"
    assert "got True" in problems["plank_seconds"]
    assert "item 1" in problems["weekly_run_minutes"]


@pytest.mark.parametrize(
    "name", ["rest_days_per_week", "shoe_km", "plank_seconds", "single_leg_bridge_reps"]
)
@pytest.mark.parametrize("bad", [True, False, -1, 1.0, "3", 10**6])
def test_whole_number_fields_reject_bools_floats_strings_and_out_of_range(
    name: str, bad: object
) -> None:
    with pytest.raises(rp.InvalidInput) as error:
        history(**{name: bad})
    assert list(problems_of(error)) == [name]


@pytest.mark.parametrize(
    ("name", "upper"),
    [
        ("rest_days_per_week", 7),
        ("shoe_km", MAX_KM),
        ("plank_seconds", MAX_PLANK),
        ("single_leg_bridge_reps", MAX_REPS),
    ],
)
def test_whole_number_fields_accept_their_range(name: str, upper: int) -> None:
    history(**{name: 0})
    history(**{name: upper})
    with pytest.raises(rp.InvalidInput):
        history(**{name: upper + 1})


@pytest.mark.parametrize(
    ("weeks", "message"),
    [
        ((), "at least one week"),
        (None, "must be a tuple"),
        ("100", "must be a tuple"),
        ((100, True), "item 1"),
        ((100, 1.5), "item 1"),
        ((MAX_MINUTES + 1,), "item 0"),
        ((-1,), "item 0"),
        ((100,) * 53, "at most 52"),
    ],
)
def test_bad_weeks(weeks: object, message: str) -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.RunnerHistory(weekly_run_minutes=weeks)  # type: ignore[arg-type]
    assert message in problems_of(error)["weekly_run_minutes"]


def test_weeks_accept_a_list_and_keep_a_tuple() -> None:
    assert history(0, MAX_MINUTES).weekly_run_minutes == (0, MAX_MINUTES)
    assert rp.RunnerHistory(weekly_run_minutes=[1, 2]).weekly_run_minutes == (1, 2)  # type: ignore[arg-type]
    assert len(history(*(1,) * 52).weekly_run_minutes) == 52


def test_weeks_are_required() -> None:
    with pytest.raises(TypeError):
        rp.RunnerHistory()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ("overstriding", "must be a set"),
        ({"heel_strike"}, "did you mean 'heel_striking'?"),
        ({"slouching"}, "unknown form fault 'slouching'"),
        ({3}, "must hold form fault names"),
    ],
)
def test_bad_form(form: object, message: str) -> None:
    with pytest.raises(rp.InvalidInput) as error:
        history(form=form)
    assert message in problems_of(error)["form"]


def test_form_and_diagnoses_accept_lists_and_keep_frozensets() -> None:
    h = history(form=["leaning", "leaning"], diagnoses=("sciatica",))
    assert h.form == frozenset({"leaning"})
    assert h.diagnoses == frozenset({"sciatica"})


def test_an_unknown_diagnosis_is_invalid_at_screen_time() -> None:
    h = history(diagnoses={"sciatic", "herniated_disk", "sciatica"})
    with pytest.raises(rp.InvalidInput) as error:
        rp.screen(h)
    assert error.value.errors == [
        "diagnoses: unknown medical cause 'herniated_disk' (did you mean 'herniated_disc'?)",
        "diagnoses: unknown medical cause 'sciatic' (did you mean 'sciatica'?)",
    ]


def test_a_diagnosis_must_be_a_medical_cause() -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.screen(history(diagnoses={"weak_core"}))
    (path, message), *rest = error.value.problems
    assert (path, rest) == ("diagnoses", [])
    assert "'weak_core' is not a medical cause" in message
    assert all(cause in message for cause in MEDICAL)


@pytest.mark.parametrize("bad", [None, {"weekly_run_minutes": [100]}, (100,)])
def test_screen_takes_only_a_history(bad: object) -> None:
    with pytest.raises(rp.InvalidInput) as error:
        rp.screen(bad)  # type: ignore[arg-type]
    assert list(problems_of(error)) == ["history"]


def test_json_history_reports_paths() -> None:
    with pytest.raises(rp.InvalidInput) as error:
        structure(
            {"weekly_run_minutes": [100, "x"], "form": ["leening"], "shoe_km": -3, "pace": 5},
            rp.RunnerHistory,
        )
    problems = problems_of(error)
    assert set(problems) == {"weekly_run_minutes", "form", "shoe_km", "pace"}
    assert "did you mean 'leaning'?" in problems["form"]
    assert problems["pace"] == "unknown key"


# -- the classes ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [rp.RunnerHistory, rp.CauseFinding])
def test_classes_are_frozen_slotted_attrs(cls: type) -> None:
    assert attrs.has(cls)
    assert "__slots__" in vars(cls)


def test_history_is_frozen_and_compares_by_value() -> None:
    h = history(100, 120, shoe_km=900)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        h.shoe_km = 100  # type: ignore[misc]
    assert h == history(100, 120, shoe_km=900)
    assert hash(h) == hash(history(100, 120, shoe_km=900))


def test_history_fields_are_the_spec_fields_in_order() -> None:
    names = [field.name for field in attrs.fields(rp.RunnerHistory)]
    assert names == ["weekly_run_minutes", *OPTIONAL_FIELDS]
    assert all(field.default is None for field in attrs.fields(rp.RunnerHistory)[1:])


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"cause": "Weak Core"}, "cause"),
        ({"strength": "certain"}, "strength"),
        ({"evidence": ()}, "evidence"),
        ({"evidence": ("",)}, "evidence"),
        ({"evidence": ("fine", "  ")}, "evidence"),
        ({"evidence": "plank held 20 s"}, "evidence"),
    ],
)
def test_bad_findings(fields: dict[str, Any], path: str) -> None:
    good: dict[str, Any] = {"cause": "weak_core", "strength": "likely", "evidence": ("x",)}
    with pytest.raises(rp.InvalidInput) as error:
        rp.CauseFinding(**{**good, **fields})
    assert list(problems_of(error)) == [path]


def test_a_finding() -> None:
    finding = rp.CauseFinding("weak_core", "likely", ["plank held 20 s, under 30 s"])  # type: ignore[arg-type]
    assert finding.evidence == ("plank held 20 s, under 30 s",)
    assert [f.name for f in attrs.fields(rp.CauseFinding)] == ["cause", "strength", "evidence"]
