"""Catalog safety (SPEC section 7; issue 11, items 4-6): a catalog that loads is safe to use.

* A standalone catalog never answers under the bundled version, and keeps every bundled
  red-flag rule as it is unless it says ``"overrides_red_flags": true``.
* Every number the planner and screening read is checked at load time, as a typed record
  with bounds: a catalog that loads plans and screens, whatever its numbers.
* No catalog text holds a control character (ANSI escapes among them) or a lone surrogate.
* ``load_catalog`` reads only regular files, bounded in size, as strict UTF-8; a bad path
  (a NUL byte, an unencodable character) is ``InvalidInput`` like any other.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import runpelvis as rp
from planner_strategies import profiles, reports_triaged_as
from runpelvis import _catalog
from runpelvis._settings import ScreeningThresholds

BUNDLED = rp.default_catalog()
RED_FLAGS = tuple(rule for rule in BUNDLED.rules if rule.disposition.needs_care_now)
OTHER_RULES = tuple(rule for rule in BUNDLED.rules if not rule.disposition.needs_care_now)
SETTINGS = tuple(BUNDLED.planner)
THRESHOLDS = tuple(BUNDLED.screening)
START = datetime.date(2026, 1, 5)

#: Hypothesis writes one catalog file per example: no function-scoped tmp_path.
#: Each example writes and loads a whole catalog (tens of milliseconds): a few dozen
#: examples cover the edits, in every profile, and keep CI within its time.
_FILES = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=40)


def _document(version: str = "mine.1") -> dict[str, Any]:
    """The bundled catalog as a standalone document under a version of its own."""
    document = BUNDLED.to_document()
    document["version"] = version
    return document


def _write(folder: Path, document: object, name: str = "catalog.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _problems(path: Path | str, *, catalog: Any = None) -> list[tuple[str, str]]:
    """The problems ``load_catalog(path)`` raises (it must raise)."""
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)
    assert caught.value.triage is None
    return list(caught.value.problems)


def _refusal(document: dict[str, Any]) -> list[tuple[str, str]] | rp.Catalog:
    """Load ``document`` from a fresh file: the catalog, or the problems with the file name cut."""
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), document)
        try:
            return rp.load_catalog(path)
        except rp.InvalidInput as error:
            problems = error.problems
    prefix = f"{path}: "
    assert all(where.startswith(prefix) for where, _ in problems), problems
    return [(where.removeprefix(prefix), message) for where, message in problems]


def _index(document: dict[str, Any], section: str, key: str, value: str) -> int:
    return next(i for i, item in enumerate(document[section]) if item[key] == value)


# -- the bundled version and red-flag rules --------------------------------------------------


def test_the_bundled_document_loaded_as_a_catalog_of_its_own_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, BUNDLED.to_document())
    problems = _problems(path)
    assert [where for where, _ in problems] == [f"{path}: version"]
    assert repr(BUNDLED.version) in problems[0][1]
    assert "bundled" in problems[0][1]


@pytest.mark.parametrize("version", [" {v}", "{v} ", "{v}\u00a0"])
def test_the_bundled_version_padded_with_spaces_is_still_the_bundled_version(
    version: str,
) -> None:
    problems = _refusal(_document(version.format(v=BUNDLED.version)))
    assert isinstance(problems, list)
    assert [where for where, _ in problems] == ["version"]


def test_the_issue_reproducer_dropping_every_red_flag_under_the_bundled_version() -> None:
    # issue 11 item 4: saddle_numbness was triaged self_care, labelled with the bundled version
    document = _document(BUNDLED.version)
    document["rules"] = [rule for rule in document["rules"] if rule["rule_id"] in _ids(OTHER_RULES)]
    problems = _refusal(document)
    assert isinstance(problems, list)
    assert problems[0][0] == "version"
    flagged = problems[1:]
    assert [where for where, _ in flagged] == ["rules"] * len(RED_FLAGS)
    for (_, message), rule in zip(flagged, RED_FLAGS, strict=True):
        assert repr(rule.rule_id) in message
        assert "missing" in message
        assert "overrides_red_flags" in message


def _ids(rules: tuple[rp.Rule, ...]) -> set[str]:
    return {rule.rule_id for rule in rules}


def _lower(draw: st.DrawFn, rule: dict[str, Any]) -> str:
    below = [d.value for d in rp.Disposition if d < rp.Disposition(rule["disposition"])]
    rule["disposition"] = draw(st.sampled_from(below))
    return f"lowered to {rule['disposition']}"


def _change(draw: st.DrawFn, rule: dict[str, Any]) -> str:
    when = rule["when"]
    part = draw(st.sampled_from(["pain_at_least", "days_at_least", "any_complaint"]))
    if part == "any_complaint":
        when[part] = not when.get(part, False)
    else:
        when[part] = draw(st.integers(0, 10).filter(lambda n: n != when.get(part)))
    return "condition changed"


@st.composite
def red_flag_edits(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, str]]:
    """The bundled document with some red-flag rules dropped, lowered or changed.

    Also the rule ids edited, each with the word its problem must use.
    """
    document = _document()
    chosen = draw(st.lists(st.sampled_from(RED_FLAGS), min_size=1, unique=True))
    expected: dict[str, str] = {}
    indexes = {rule["rule_id"]: index for index, rule in enumerate(document["rules"])}
    for flag in chosen:
        index = indexes[flag.rule_id]
        how = draw(st.sampled_from(["drop", "lower", "change"]))
        if how == "drop":
            document["rules"][index] = None
            expected[flag.rule_id] = "missing"
        elif how == "lower":
            expected[flag.rule_id] = _lower(draw, document["rules"][index])
        else:
            expected[flag.rule_id] = _change(draw, document["rules"][index])
    document["rules"] = [rule for rule in document["rules"] if rule is not None]
    return document, expected


@_FILES
@given(red_flag_edits())
def test_dropping_lowering_or_changing_a_red_flag_needs_the_override(
    edit: tuple[dict[str, Any], dict[str, str]],
) -> None:
    document, expected = edit
    problems = _refusal(document)
    assert isinstance(problems, list)
    assert len(problems) == len(expected)
    for where, message in problems:
        rule_id = next(rule_id for rule_id in expected if repr(rule_id) in message)
        assert expected[rule_id] in message
        assert "overrides_red_flags" in message
        assert where.startswith("rules")
    # with the override the same catalog loads, says so, and round-trips
    document["overrides_red_flags"] = True
    loaded = _refusal(document)
    assert isinstance(loaded, rp.Catalog)
    assert loaded.overrides_red_flags is True
    again = loaded.to_document()
    assert again["overrides_red_flags"] is True
    assert _refusal(again) == loaded


def test_a_red_flag_may_be_raised_or_reworded_and_other_rules_dropped() -> None:
    document = _document()
    document["rules"] = [rule for rule in document["rules"] if rule["rule_id"] in _ids(RED_FLAGS)]
    for rule in document["rules"]:
        rule["disposition"] = "emergency"
        rule["message"] = "Get help now: " + rule["message"]
    loaded = _refusal(document)
    assert isinstance(loaded, rp.Catalog)
    assert loaded.overrides_red_flags is False
    assert "overrides_red_flags" not in loaded.to_document()


def test_an_overridden_catalog_answers_under_its_own_version() -> None:
    document = _document("no-flags.1")
    document["rules"] = [rule for rule in document["rules"] if rule["rule_id"] in _ids(OTHER_RULES)]
    document["overrides_red_flags"] = True
    loaded = _refusal(document)
    assert isinstance(loaded, rp.Catalog)
    result = rp.triage(rp.SymptomReport(frozenset({"saddle_numbness"}), 2, 1), catalog=loaded)
    assert result.catalog_version == "no-flags.1" != BUNDLED.version


@pytest.mark.parametrize("value", ["yes", 1, None, [True]])
def test_overrides_red_flags_must_be_true_or_false(value: object) -> None:
    document = _document()
    document["overrides_red_flags"] = value
    problems = _refusal(document)
    assert isinstance(problems, list)
    assert [where for where, _ in problems] == ["overrides_red_flags"]


def test_an_extension_cannot_override_red_flags(tmp_path: Path) -> None:
    extension = {"version": "ext.1", "extends": "runpelvis", "overrides_red_flags": True}
    path = _write(tmp_path, extension)
    assert [where for where, _ in _problems(path)] == [f"{path}: overrides_red_flags"]
    extension["overrides_red_flags"] = False
    assert rp.load_catalog(_write(tmp_path, extension)).overrides_red_flags is False


def test_an_extension_cannot_redefine_a_red_flag_rule(tmp_path: Path) -> None:
    saddle = next(r for r in BUNDLED.to_document()["rules"] if r["rule_id"] == RED_FLAGS[0].rule_id)
    lowered = {**saddle, "disposition": "self_care"}
    path = _write(tmp_path, {"version": "ext.2", "extends": "runpelvis", "rules": [lowered]})
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0][0] == f"{path}: rules[0].rule_id"
    assert f"duplicate id {saddle['rule_id']!r}" in problems[0][1]


# -- planner settings and screening thresholds ---------------------------------------------


def test_settings_are_typed_frozen_records_of_the_catalogs_numbers() -> None:
    planner = BUNDLED.planner_settings
    assert attrs.asdict(planner) == {key: item.value for key, item in BUNDLED.planner.items()}
    thresholds = BUNDLED.screening_thresholds
    assert attrs.asdict(thresholds, recurse=False) == dict(BUNDLED.screening)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        planner.easier_week_every = 0  # type: ignore[misc]


@pytest.mark.parametrize("missing", SETTINGS)
def test_a_missing_planner_setting_is_refused_at_load_time(missing: str) -> None:
    # issue 11 item 5: warm_up_max_minutes, easier_week_every and return_percent were KeyErrors
    document = _document()
    document["planner"] = [item for item in document["planner"] if item["id"] != missing]
    assert _refusal(document) == [("planner", f"missing planner setting {missing!r}")]


@pytest.mark.parametrize("missing", THRESHOLDS)
def test_a_missing_threshold_is_refused_at_load_time(missing: str) -> None:
    document = _document()
    document["screening"] = [item for item in document["screening"] if item["id"] != missing]
    assert _refusal(document) == [("screening", f"missing threshold {missing!r}")]


def test_easier_week_every_zero_is_refused_at_load_time() -> None:
    # issue 11 item 5: it was a ZeroDivisionError in plan_program
    document = _document()
    index = _index(document, "planner", "id", "easier_week_every")
    document["planner"][index]["value"] = 0
    assert _refusal(document) == [
        (f"planner[{index}].value", "must be from 2 to 52, got 0"),
    ]


def test_an_unknown_setting_is_refused_with_a_suggestion() -> None:
    document = _document()
    index = _index(document, "planner", "id", "easier_week_every")
    document["planner"][index]["id"] = "easier_week_evry"
    assert _refusal(document) == [
        (
            f"planner[{index}].id",
            "unknown planner setting 'easier_week_evry' (did you mean 'easier_week_every'?)",
        ),
        ("planner", "missing planner setting 'easier_week_every'"),
    ]


def test_advanced_runners_never_start_before_intermediate_ones() -> None:
    document = _document()
    index = _index(document, "planner", "id", "advanced_start_percent")
    document["planner"][index]["value"] = 10
    problems = _refusal(document)
    assert problems == [
        (
            f"planner[{index}].value",
            "must be at least intermediate_start_percent (30), got 10",
        )
    ]


def test_an_extension_cannot_redefine_or_invent_a_setting(tmp_path: Path) -> None:
    setting = {"id": "easier_week_every", "value": 0, "description": "x", "source": "y"}
    threshold = {
        "id": "shoe_kms",
        "cause": "overuse",
        "value": 10,
        "description": "x",
        "source": "y",
    }
    extension = {
        "version": "ext.3",
        "extends": "runpelvis",
        "planner": [setting],
        "screening": [threshold],
    }
    path = _write(tmp_path, extension)
    problems = dict(_problems(path))
    assert "duplicate id 'easier_week_every'" in problems[f"{path}: planner[0].id"]
    assert problems[f"{path}: screening[0].id"] == (
        "unknown threshold 'shoe_kms' (did you mean 'shoe_km'?)"
    )


def test_a_threshold_may_not_point_at_a_medical_cause() -> None:
    # screening names a medical cause only from a clinician's diagnosis
    document = _document()
    index = _index(document, "screening", "id", "shoe_km")
    document["screening"][index]["cause"] = "sciatica"
    problems = _refusal(document)
    assert isinstance(problems, list)
    assert [where for where, _ in problems] == [f"screening[{index}].cause"]
    assert "medical" in problems[0][1]


def _drop_cause(document: dict[str, Any], cause: str) -> None:
    document["causes"] = [item for item in document["causes"] if item["id"] != cause]
    for section in ("exercises", "cross_training", "tips"):
        for item in document[section]:
            for key in ("addresses", "contraindications"):
                if key in item:
                    item[key] = [name for name in item[key] if name != cause]
    document["tips"] = [tip for tip in document["tips"] if tip["addresses"]]


@pytest.mark.parametrize(
    "cause", ["skipped_stretching", "no_cross_training", "poor_form", "tight_hip_flexors"]
)
def test_a_cause_screening_names_must_be_in_the_catalog_and_not_medical(cause: str) -> None:
    # was InvalidInput only when screen() was called
    document = _document()
    medical = copy.deepcopy(document)
    _drop_cause(document, cause)
    problems = _refusal(document)
    assert problems == [("causes", f"has no cause {cause!r}, which screening names")]
    medical["causes"][_index(medical, "causes", "id", cause)]["group"] = "medical"
    problems = _refusal(medical)
    assert isinstance(problems, list)
    assert [where for where, _ in problems] == ["causes"]
    assert f"cause {cause!r} is medical" in problems[0][1]


def test_a_catalog_built_by_hand_checks_its_numbers_too() -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        attrs.evolve(BUNDLED, planner=MappingProxyType({}))
    assert ("planner", "missing planner setting 'seconds_per_rep'") in caught.value.problems
    screening = dict(BUNDLED.screening)
    screening["shoe_km"] = attrs.evolve(screening["shoe_km"], value=0)
    with pytest.raises(rp.InvalidInput) as caught:
        attrs.evolve(BUNDLED, screening=MappingProxyType(screening))
    index = list(screening).index("shoe_km")
    assert caught.value.problems == (
        (f"screening[{index}].value", "must be from 1 to 100000, got 0"),
    )
    values: dict[str, Any] = dict(BUNDLED.screening)
    values["shoe_km"] = 800
    with pytest.raises(rp.InvalidInput) as caught:
        ScreeningThresholds(**values)
    assert caught.value.problems == (("shoe_km", "must be a Threshold, got 800"),)


def _with_values(document: dict[str, Any], section: str, values: dict[str, int]) -> None:
    for item in document[section]:
        item["value"] = values.get(item["id"], item["value"])


@_FILES
@given(
    values=st.dictionaries(
        st.sampled_from(SETTINGS),
        st.one_of(
            st.integers(-3, 12), st.integers(-(10**6), 10**6), st.sampled_from([52, 53, 600])
        ),
        min_size=1,
    ),
    profile=profiles(),
    report=reports_triaged_as(
        rp.Disposition.SELF_CARE, rp.Disposition.REST, rp.Disposition.SEE_CLINICIAN
    ),
    weeks=st.integers(1, 16),
)
def test_a_catalog_that_loads_with_any_settings_plans(
    values: dict[str, int], profile: rp.RunnerProfile, report: rp.SymptomReport, weeks: int
) -> None:
    document = _document()
    _with_values(document, "planner", values)
    loaded = _refusal(document)
    if isinstance(loaded, list):  # refused: only the settings changed, each at its value
        changed = {f"planner[{_index(document, 'planner', 'id', key)}].value" for key in values}
        assert {where for where, _ in loaded} <= changed
        return
    assert attrs.asdict(loaded.planner_settings).items() >= values.items()
    result = rp.triage(report, catalog=loaded)
    program = rp.plan_program(profile, weeks=weeks, start=START, triage=result, catalog=loaded)
    assert program.catalog_version == "mine.1"
    for kind in ("warm_up", "cool_down", "strength", "recovery"):
        rp.plan_session(profile, kind, triage=result, catalog=loaded)


@_FILES
@given(
    values=st.dictionaries(
        st.sampled_from(THRESHOLDS),
        st.one_of(st.integers(-3, 12), st.integers(-(10**6), 10**6)),
        min_size=1,
    ),
    minutes=st.lists(st.integers(0, 3000), min_size=1, max_size=4),
    small=st.integers(0, 1200),
)
def test_a_catalog_that_loads_with_any_thresholds_screens(
    values: dict[str, int], minutes: list[int], small: int
) -> None:
    document = _document()
    _with_values(document, "screening", values)
    loaded = _refusal(document)
    if isinstance(loaded, list):
        changed = {f"screening[{_index(document, 'screening', 'id', k)}].value" for k in values}
        assert {where for where, _ in loaded} <= changed
        return
    history = rp.RunnerHistory(
        weekly_run_minutes=tuple(minutes),
        rest_days_per_week=small % 8,
        shoe_km=small * 10,
        plank_seconds=small,
        single_leg_bridge_reps=small % 1001,
    )
    for finding in rp.screen(history, catalog=loaded):
        assert not loaded.causes[finding.cause].medical


# -- catalog text ------------------------------------------------------------------------------

#: Characters no catalog text may hold: C0 (ESC among them), DEL, C1, lone surrogates.
BAD_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]),
)


def _symptom(name: str) -> rp.Symptom:
    return rp.Symptom(id="hip_click", name=name, description="A click.", source="clinic")


@given(
    before=st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20),
    bad=BAD_CHARACTERS,
    after=st.text(max_size=20),
)
def test_text_with_a_control_character_or_lone_surrogate_is_refused(
    before: str, bad: str, after: str
) -> None:
    name = "Hip" + before + bad + after
    with pytest.raises(rp.InvalidInput) as caught:
        _symptom(name)
    assert [where for where, _ in caught.value.problems] == ["name"]
    message = caught.value.problems[0][1]
    assert f"U+{ord(bad):04X} at {3 + len(before)}" in message
    message.encode("utf-8")  # the message itself is safe to print
    assert bad not in message


@given(st.text(st.characters(blacklist_categories=["Cc", "Cs"]), min_size=1, max_size=80))
def test_any_other_text_is_accepted(name: str) -> None:
    if name.strip():
        assert _symptom(name).name == name


#: Text fields of the bundled document, as (section, item id, key path), one of each kind.
TEXT_FIELDS: tuple[tuple[str, str, tuple[str | int, ...]], ...] = (
    ("symptoms", "saddle_numbness", ("name",)),
    ("symptoms", "fever", ("description",)),
    ("causes", "weak_core", ("summary",)),
    ("equipment", "mat", ("name",)),
    ("exercises", "plank", ("steps", 0)),
    ("exercises", "plank", ("cues", 0)),
    ("cross_training", "swimming", ("description",)),
    ("tips", "feet_under_body", ("text",)),
    ("rules", "symptom.saddle_numbness", ("message",)),
    ("dispositions", "emergency", ("headline",)),
    ("dispositions", "self_care", ("advice",)),
    ("screening", "shoe_km", ("source",)),
    ("planner", "return_percent", ("description",)),
)


def _key(section: str) -> str:
    return {"rules": "rule_id", "dispositions": "disposition"}.get(section, "id")


@_FILES
@given(
    field=st.sampled_from(TEXT_FIELDS),
    bad=BAD_CHARACTERS,
    at=st.integers(0, 1000),
)
def test_a_catalog_with_unsafe_text_anywhere_is_refused_at_that_field(
    field: tuple[str, str, tuple[str | int, ...]], bad: str, at: int
) -> None:
    section, item_id, keys = field
    document = _document()
    index = _index(document, section, _key(section), item_id)
    parent: Any = document[section][index]
    for key in keys[:-1]:
        parent = parent[key]
    text = parent[keys[-1]]
    at %= len(text) + 1
    parent[keys[-1]] = text[:at] + bad + text[at:]
    problems = _refusal(document)
    assert isinstance(problems, list)
    path = f"{section}[{index}].{keys[0]}"
    assert [where for where, _ in problems] == [path]
    assert f"U+{ord(bad):04X}" in problems[0][1]


def test_the_issue_reproducers_a_lone_surrogate_and_an_ansi_escape() -> None:
    # issue 11 items 5 and 7: these loaded, then broke to_ical or reached the terminal
    document = _document()
    tip = _index(document, "tips", "id", "feet_under_body")
    document["tips"][tip]["text"] = "Land under your hips \ud800."
    plank = _index(document, "exercises", "id", "plank")
    document["exercises"][plank]["name"] = "\x1b[2J\x1b[31mPlank"
    assert _refusal(document) == [
        (f"exercises[{plank}].name", _unsafe("\x1b", 0)),
        (f"tips[{tip}].text", _unsafe("\ud800", 21)),
    ]


def _unsafe(character: str, at: int) -> str:
    return (
        f"must not hold control characters or lone surrogates, found U+{ord(character):04X} at {at}"
    )


def test_a_version_with_a_control_character_is_refused() -> None:
    problems = _refusal(_document("mine\x1b.1"))
    assert problems == [("version", _unsafe("\x1b", 4))]


# -- reading the file ----------------------------------------------------------------------------


def _child(path: str) -> list[str]:
    """``load_catalog(path)``'s errors, from a child process with bounded time and memory.

    Before the fix a FIFO blocked forever and /dev/zero was read until memory ran out:
    the child keeps either from taking the test run down with it.
    """
    code = textwrap.dedent(
        f"""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        import runpelvis as rp
        try:
            rp.load_catalog({path!r})
        except rp.InvalidInput as error:
            print(json.dumps(error.errors))
        else:
            print("null")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    errors: list[str] = json.loads(run.stdout)
    return errors


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.fifo"
    os.mkfifo(path)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize(
    "special", ["fifo", "/dev/zero", "/dev/null", "/dev/urandom", "/dev/loop0"]
)
def test_a_fifo_or_device_is_refused_without_reading_it(
    special: str, request: pytest.FixtureRequest
) -> None:
    # issue 11 item 6: a FIFO blocked forever; /dev/zero was read until memory ran out
    path = str(request.getfixturevalue("fifo")) if special == "fifo" else special
    if not os.path.exists(path):
        pytest.skip(f"no {path} here")
    errors = _child(path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}: cannot read the file: not a regular file (a ")


@contextlib.contextmanager
def _within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a blocked ``open`` of a FIFO is interrupted by the alarm."""

    def expire(*_: object) -> None:
        raise TimeoutError(f"load_catalog took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _special(folder: Path, kind: str) -> tuple[Path, list[socket.socket]]:
    """A file of ``kind`` in ``folder`` (and any socket to close afterwards)."""
    path = folder / kind
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        return path, [server]
    else:
        return Path("/dev/null"), []
    return path, []


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM")
@_FILES
@given(
    kind=st.sampled_from(["directory", "fifo", "socket", "device"]),
    links=st.integers(0, 3),
)
def test_anything_but_a_regular_file_is_refused(kind: str, links: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        target, sockets = _special(folder, kind)
        path = target
        for index in range(links):  # symbolic links to it are followed, then refused
            link = folder / f"link{index}"
            link.symlink_to(path)
            path = link
        try:
            with _within(10):
                problems = _problems(path)
        finally:
            for server in sockets:
                server.close()
    assert len(problems) == 1
    where, message = problems[0]
    assert where == str(path)
    assert message.startswith("cannot read the file: not a regular file (a ")


def test_a_file_replaced_after_it_was_looked_at_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the file is looked at again once open: what was read is what was checked
    regular = os.stat(_write(tmp_path, _document()))
    real_stat = os.stat

    def looks_regular(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return regular if str(path) == str(tmp_path) else real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", looks_regular)
    assert _problems(tmp_path) == [
        (str(tmp_path), "cannot read the file: not a regular file (a directory)")
    ]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("catalog\x00.json", "the path holds a NUL character"),
        ("\ud800.json", "the path holds a character the file system cannot encode"),
    ],
)
def test_a_path_that_cannot_name_a_file_is_invalid_input(path: str, reason: str) -> None:
    # issue 11 item 6: ValueError (embedded null byte) and UnicodeEncodeError escaped
    problems = _problems(path)
    assert len(problems) == 1
    where, message = problems[0]
    assert message == f"cannot read the file: {reason}"
    # the label shows the path escaped, printable on any UTF-8 stream
    assert where == repr(path)
    where.encode("utf-8")


def test_a_file_name_that_is_not_utf8_loads_and_is_labelled_escaped(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/\xff-catalog.json"
    path = os.fsdecode(raw)  # a lone surrogate stands for the byte 0xff
    with open(raw, "w", encoding="utf-8") as file:
        json.dump(_document("bytes.1"), file)
    assert rp.load_catalog(path).version == "bytes.1"
    with open(raw, "w", encoding="utf-8") as file:
        file.write("{")
    problems = _problems(path)
    assert problems[0][0].encode("utf-8").decode("utf-8") == problems[0][0]
    assert "\udcff" not in problems[0][0]


def test_a_path_like_that_gives_bytes_is_invalid_input() -> None:
    class BytesPath:
        def __fspath__(self) -> bytes:
            return b"/tmp/catalog.json"

    problems = _problems(BytesPath())  # type: ignore[arg-type]
    assert [where for where, _ in problems] == ["path"]


def test_a_file_over_16_mib_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as file:
        file.truncate(16 * 1024 * 1024 + 1)  # sparse: no disk used, all zero bytes
    assert _problems(path) == [(str(path), "cannot read the file: larger than 16 MiB")]


def test_the_read_is_bounded_even_when_the_size_was_not_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_catalog, "MAX_FILE_BYTES", 1024 * 1024)
    path = _write(tmp_path, {"padding": "x" * (1024 * 1024)})
    assert _problems(path) == [(str(path), "cannot read the file: larger than 1 MiB")]
    exact = tmp_path / "exact.json"
    exact.write_bytes(b" " * (1024 * 1024 - 2) + b"{}")
    assert "larger" not in _problems(exact)[0][1]


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux's /proc")
def test_a_file_that_claims_to_be_empty_is_still_read_only_up_to_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # files under /proc say they hold 0 bytes and then give more
    monkeypatch.setattr(_catalog, "MAX_FILE_BYTES", 16)
    assert os.stat("/proc/self/status").st_size == 0
    assert _problems("/proc/self/status") == [
        ("/proc/self/status", "cannot read the file: larger than 16 bytes")
    ]


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux's /proc")
def test_a_regular_file_that_cannot_be_read_is_invalid_input() -> None:
    # /proc/self/mem is a regular file whose first page is not mapped: reading it fails
    problems = _problems("/proc/self/mem")
    assert problems == [("/proc/self/mem", "cannot read the file: Input/output error")]


@pytest.mark.parametrize(
    "content",
    [b'{"version": "\xed\xa0\x80"}', b"\xef\xbb\xbf{}", b'{"version": "caf\xe9"}'],
    ids=["encoded-surrogate", "bom", "latin-1"],
)
def test_a_file_is_read_as_strict_utf8(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0][0] == str(path)
    assert problems[0][1].startswith(("cannot read the file: not UTF-8", "not valid JSON"))


def test_a_catalog_file_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    document = BUNDLED.to_document()
    document["version"] = "café.1"
    path = tmp_path / "utf8.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert rp.load_catalog(path).version == "café.1"
    # the same file, in an interpreter whose locale encoding is ASCII
    ascii_locale = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    code = "import sys, runpelvis as rp; print(ascii(rp.load_catalog(sys.argv[1]).version))"
    completed = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **ascii_locale},
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == ascii("café.1")
