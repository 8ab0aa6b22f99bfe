"""Behaviour that mutation testing showed no other test pinned down (docs/testing.md).

Each test states one behaviour of the triage engine, the rule data handling or the
planner's safety gates, with exact expected values: the messages a catalog author
reads, the order and content of a plan, the boundaries of the safety rules.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import runpelvis as rp
from runpelvis import _catalog, _documents, _rules, _triage

CATALOG = rp.default_catalog()


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _problems(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(rp.InvalidInput) as caught:
        call(*args, **kwargs)
    return list(caught.value.problems)


# -- the rule data: what a catalog author is told -------------------------------------------


def _index(items: list[dict[str, Any]], item_id: str) -> int:
    return next(n for n, item in enumerate(items) if item["id"] == item_id)


def test_every_unknown_reference_is_named_by_item_field_and_kind(tmp_path: Path) -> None:
    document = CATALOG.to_document() | {"version": "refs.1"}
    exercises, activities = document["exercises"], document["cross_training"]
    plank, swimming = _index(exercises, "plank"), _index(activities, "swimming")
    exercises[plank]["contraindications"] = ["qqq_contra"]
    exercises[plank]["equipment"] = ["qqq_kit"]
    activities[swimming]["addresses"] = ["qqq_cause"]
    activities[swimming]["contraindications"] = ["qqq_contra"]
    activities[swimming]["equipment"] = ["qqq_kit"]
    document["tips"][0]["addresses"] = ["qqq_cause"]
    document["rules"][0]["when"]["symptoms"] = ["qqq_symptom"]
    document["screening"][0]["cause"] = "qqq_cause"
    path = _write(tmp_path / "refs.json", document)

    assert _problems(rp.load_catalog, path) == [
        (
            f"{path}: exercises[{plank}].contraindications",
            "unknown symptom, risk factor or cause 'qqq_contra'",
        ),
        (f"{path}: exercises[{plank}].equipment", "unknown equipment 'qqq_kit'"),
        (f"{path}: cross_training[{swimming}].addresses", "unknown cause 'qqq_cause'"),
        (
            f"{path}: cross_training[{swimming}].contraindications",
            "unknown symptom, risk factor or cause 'qqq_contra'",
        ),
        (f"{path}: cross_training[{swimming}].equipment", "unknown equipment 'qqq_kit'"),
        (f"{path}: tips[0].addresses", "unknown cause 'qqq_cause'"),
        (f"{path}: rules[0].when.symptoms", "unknown symptom 'qqq_symptom'"),
        (f"{path}: screening[0].cause", "unknown cause 'qqq_cause'"),
    ]


def test_an_extension_may_not_reuse_a_rule_id(tmp_path: Path) -> None:
    fever = next(n for n, rule in enumerate(CATALOG.rules) if rule.rule_id == "symptom.fever")
    rule = {
        "rule_id": "symptom.fever",
        "disposition": "rest",
        "when": {"symptoms": ["fever"]},
        "message": "A weaker fever rule.",
        "source": "clinic",
    }
    path = _write(
        tmp_path / "dup.json", {"version": "d.1", "extends": "runpelvis", "rules": [rule]}
    )
    assert _problems(rp.load_catalog, path) == [
        (
            f"{path}: rules[0].rule_id",
            f"duplicate id 'symptom.fever', first at rules.json: rules[{fever}]",
        )
    ]


def test_a_contraindication_may_name_a_symptom_or_a_cause(tmp_path: Path) -> None:
    document = CATALOG.to_document() | {"version": "both.1"}
    activities = document["cross_training"]
    activities[_index(activities, "swimming")]["contraindications"] = ["fever", "sciatica"]
    loaded = rp.load_catalog(_write(tmp_path / "both.json", document))
    assert loaded.cross_training["swimming"].contraindications == {"fever", "sciatica"}


def test_a_document_that_is_not_an_object_is_named_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    ((where, _),) = _problems(rp.load_catalog, path)
    assert where == f"{path}: $"


def test_json_nested_too_deeply_is_reported_in_those_words(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert _problems(rp.load_catalog, path) == [(str(path), "not valid JSON: nested too deeply")]


@pytest.mark.parametrize("path", [None, 3])
def test_a_path_of_the_wrong_type_is_shown_in_the_message(path: object) -> None:
    assert _problems(rp.load_catalog, path) == [("path", f"must be a file path, got {path!r}")]


def test_an_extension_whose_combined_version_is_too_long_is_told_so(tmp_path: Path) -> None:
    version = "v" * (200 - len(CATALOG.version))  # "<bundled>+<this>" is 201 characters
    path = _write(tmp_path / "long.json", {"version": version, "extends": "runpelvis"})
    assert _problems(rp.load_catalog, path) == [
        (f"{path}: version", "too long: with the bundled version it passes 200")
    ]


def test_a_file_name_prefixes_its_problems_whole_up_to_200_characters(tmp_path: Path) -> None:
    # a file that does not exist, at a path of exactly 200 and then 201 characters
    base = str(tmp_path / "c")
    whole = base + "x" * (200 - len(base))
    assert _problems(rp.load_catalog, whole) == [
        (whole, "cannot read the file: No such file or directory")
    ]
    longer = whole + "x"
    assert _problems(rp.load_catalog, longer) == [
        (repr(longer[:37] + "..."), "cannot read the file: No such file or directory")
    ]


def test_catalogs_of_different_versions_hash_apart(tmp_path: Path) -> None:
    document = CATALOG.to_document()
    hashes = set()
    for version in ("a.1", "b.2", "c.3"):
        document["version"] = version
        loaded = rp.load_catalog(_write(tmp_path / f"{version}.json", document))
        assert hash(loaded) == hash(rp.load_catalog(tmp_path / f"{version}.json"))
        hashes.add(hash(loaded))
    assert len(hashes) == 3  # equal catalogs hash alike; different ones spread over a dict


def test_a_catalog_file_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    document = CATALOG.to_document()
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


def test_an_unpickled_catalog_stays_read_only() -> None:
    again = pickle.loads(pickle.dumps(CATALOG))
    for section in ("symptoms", "causes", "exercises", "tips", "dispositions", "planner"):
        mapping = getattr(again, section)
        with pytest.raises(TypeError):
            mapping["made_up"] = None


def test_a_catalog_repr_counts_every_section() -> None:
    counts = ", ".join(
        f"{len(getattr(CATALOG, name))} {name}"
        for name in (
            "symptoms",
            "risk_factors",
            "causes",
            "equipment",
            "exercises",
            "cross_training",
            "tips",
            "screening",
            "planner",
            "rules",
        )
    )
    assert repr(CATALOG) == f"<Catalog {CATALOG.version!r}: {counts}>"


def test_the_bundled_catalog_read_afresh_is_the_shared_one() -> None:
    documents, fresh = _catalog._bundled()
    assert fresh is not CATALOG
    assert fresh == CATALOG
    assert fresh.version == documents[0][1].version
    assert [label for label, _ in documents] == list(_catalog._BUNDLED)


def _bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data directory, for a test to break."""
    source = Path(rp.__file__).parent / "data"
    target = tmp_path / "data"
    target.mkdir()
    for name in _catalog._BUNDLED:
        (target / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_broken_bundled_files_are_all_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _bundled_copy(tmp_path)
    (data / "rules.json").write_text("{not json", encoding="utf-8")
    tips = json.loads((data / "tips.json").read_text(encoding="utf-8"))
    tips["tips"][0]["topic"] = "gossip"
    (data / "tips.json").write_text(json.dumps(tips), encoding="utf-8")
    monkeypatch.setattr(_documents.importlib_resources, "files", lambda package: tmp_path)

    problems = _problems(_catalog._bundled)
    assert [where for where, _ in problems] == ["rules.json", "tips.json: tips[0].topic"]
    assert problems[0][1].startswith("not valid JSON: ")


def test_bundled_data_without_a_version_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _bundled_copy(tmp_path)
    head = json.loads((data / "catalog.json").read_text(encoding="utf-8"))
    del head["version"]
    (data / "catalog.json").write_text(json.dumps(head), encoding="utf-8")
    monkeypatch.setattr(_documents.importlib_resources, "files", lambda package: tmp_path)

    assert _problems(_catalog._bundled) == [("catalog.json: version", "missing")]


# -- the rule and dose data types -------------------------------------------------------------


def test_broken_bundled_rules_are_refused_when_triage_reads_them_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _bundled_copy(tmp_path)
    rules = json.loads((data / "rules.json").read_text(encoding="utf-8"))
    rules["rules"][0]["when"]["symptoms"] = ["fevr"]
    (data / "rules.json").write_text(json.dumps(rules), encoding="utf-8")
    monkeypatch.setattr(_documents.importlib_resources, "files", lambda package: tmp_path)

    assert _problems(_rules.bundled_rules) == [
        ("rules.json: rules[0].when.symptoms", "unknown symptom 'fevr' (did you mean 'fever'?)")
    ]


def test_the_bundled_rules_read_alone_are_the_catalog_s() -> None:
    rulebook = _rules.bundled_rules()
    assert rulebook.version == CATALOG.version
    assert sorted(rulebook.symptoms) == sorted(CATALOG.symptoms)
    assert list(rulebook.rules) == list(CATALOG.rules)
    assert dict(rulebook.dispositions) == dict(CATALOG.dispositions)


def test_a_value_built_once_is_built_again_only_after_it_is_forgotten() -> None:
    builds: list[str] = []

    def build() -> str:
        builds.append(f"value {len(builds) + 1}")
        return builds[-1]

    once = _documents.Once(build)
    assert not once.built
    assert (once.get(), once.get(), len(builds)) == ("value 1", "value 1", 1)
    assert once.built
    once.forget()
    assert not once.built
    assert (once.get(), len(builds)) == ("value 2", 2)


def test_the_engine_remembers_at_most_4096_answers() -> None:
    engine = _triage._Engine.compile(_rules.bundled_rules())
    reports = [
        rp.SymptomReport(frozenset(), pain, days) for pain in range(11) for days in range(373)
    ]
    assert len(reports) > 4096
    for report in reports:
        assert engine.evaluate(report) == rp.triage(report)
        assert len(engine.answers) <= 4096


@pytest.mark.parametrize("catalog", ["runpelvis", {"version": "x"}])
def test_a_catalog_argument_that_is_not_a_catalog_is_shown(catalog: Any) -> None:
    shown = repr(catalog) if isinstance(catalog, str) else "a dict"
    problem = ("catalog", f"must be a runpelvis Catalog, got {shown}")
    report = rp.SymptomReport(frozenset(), 0, 0)
    assert _problems(rp.triage, report, catalog=catalog) == [problem]
    assert _problems(rp.plan_session, _profile(), "strength", catalog=catalog) == [problem]


def test_a_rule_condition_with_nothing_to_test_is_refused_in_plain_words() -> None:
    assert _problems(rp.Condition) == [
        (
            "symptoms",
            "a rule needs a symptom, a risk factor, pain_at_least, days_at_least or "
            "any_symptom_except (age and any_complaint only narrow a rule)",
        )
    ]


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        ({"reps": None, "hold_seconds": None}, ("reps", "a dose needs reps, hold_seconds or both")),
        ({"reps": rp.IntRange(1, 31), "hold_seconds": None}, ("reps", "must lie within 1-30")),
        (
            {"reps": None, "hold_seconds": rp.IntRange(0, 30)},
            ("hold_seconds", "must lie within 1-300 s"),
        ),
    ],
    ids=["nothing", "reps", "hold"],
)
def test_a_dose_outside_the_source_ranges_is_refused_in_plain_words(
    dose: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert _problems(rp.Dose, sets=1, **dose) == [expected]


def _unused() -> None:  # pragma: no cover - keeps copy imported for later sections
    copy.deepcopy(None)


# -- the planner ------------------------------------------------------------------------------

START = datetime.date(2026, 1, 5)  # a Monday


def _profile(**changes: Any) -> rp.RunnerProfile:
    fields: dict[str, Any] = {
        "causes": frozenset(),
        "level": "beginner",
        "equipment": frozenset(),
        "session_minutes": 30,
        "runs_per_week": 2,
        "weekly_run_minutes": 100,
    }
    return rp.RunnerProfile(**(fields | changes))


def _triaged(*symptoms: str, pain: int = 3, days: int = 2) -> rp.TriageResult:
    return rp.triage(rp.SymptomReport(frozenset(symptoms), pain, days))


@pytest.fixture(scope="module")
def with_settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``with_settings(name=value, ...)``: the bundled catalog with other planner settings."""

    def build(**values: int) -> rp.Catalog:
        document = CATALOG.to_document()
        for setting in document["planner"]:
            setting["value"] = values.pop(setting["id"], setting["value"])
        assert not values, f"no such planner setting: {sorted(values)}"
        document["version"] = "settings.1"
        path = tmp_path_factory.mktemp("settings") / "catalog.json"
        return rp.load_catalog(_write(path, document))

    return build


def _weekdays(program: rp.Program, kind: str, week: int = 0) -> list[int]:
    return [
        index
        for index, day in enumerate(program.week(week))
        if any(activity.kind == kind for activity in day.activities)
    ]


def test_an_unknown_session_kind_is_named_with_the_kinds_there_are() -> None:
    assert _problems(rp.plan_session, _profile(), "stretching") == [
        ("kind", "must be one of warm_up, cool_down, strength, recovery; got 'stretching'")
    ]


@pytest.mark.parametrize(
    ("start", "shown"),
    [("2026-01-05", "str"), (datetime.datetime(2026, 1, 5, 7, 30), "datetime"), (None, "NoneType")],
)
def test_a_program_start_that_is_not_a_date_is_named_by_its_type(start: Any, shown: str) -> None:
    assert _problems(rp.plan_program, _profile(), weeks=1, start=start) == [
        ("start", f"must be a datetime.date, got {shown}")
    ]


def test_every_excluded_exercise_says_why_in_plain_words() -> None:
    profile = _profile(
        causes=frozenset({"herniated_disc"}),
        level="advanced",
        equipment=frozenset({"mat", "dumbbells", "barbell"}),
        session_minutes=60,
    )
    nerve = _triaged("numbness_or_tingling")
    assert nerve.disposition is rp.Disposition.SEE_CLINICIAN
    session = rp.plan_session(profile, "strength", triage=nerve)
    assert session.items == ()
    assert [(e.exercise, e.reason) for e in session.excluded] == [
        ("bird_dog", "Bird dog: not gentle enough until a clinician has assessed you"),
        ("crunch", "Crunch: not with herniated disc"),
        ("deadlift", "Deadlift: numbness or tingling reported"),
        ("glute_bridge", "Glute bridge: not gentle enough until a clinician has assessed you"),
        ("lunge", "Lunge: not gentle enough until a clinician has assessed you"),
        ("plank", "Plank: not gentle enough until a clinician has assessed you"),
        ("side_plank", "Side plank: not gentle enough until a clinician has assessed you"),
    ]


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (
            lambda: rp.plan_session("runner", "strength"),  # type: ignore[arg-type]
            ("profile", "must be a RunnerProfile, got str"),
        ),
        (
            lambda: rp.plan_program(None, weeks=1, start=START),  # type: ignore[arg-type]
            ("profile", "must be a RunnerProfile, got NoneType"),
        ),
        (
            lambda: rp.triage({"symptoms": []}),  # type: ignore[arg-type]
            ("report", "must be a SymptomReport, got dict"),
        ),
        (
            lambda: rp.plan_session(_profile(), "strength", triage="self_care"),  # type: ignore[arg-type]
            ("triage", "must be a TriageResult or None, got str"),
        ),
    ],
)
def test_a_wrong_argument_type_is_named_with_its_type(call: Any, problem: tuple[str, str]) -> None:
    assert _problems(call) == [problem]


def test_a_python_profile_with_unknown_ids_is_told_both_with_suggestions() -> None:
    profile = _profile(
        causes=frozenset({"weak_cor", "overuse"}), equipment=frozenset({"matt", "pool"})
    )
    expected = [
        ("profile.causes", "unknown cause 'weak_cor' (did you mean 'weak_core'?)"),
        ("profile.equipment", "unknown equipment 'matt' (did you mean 'mat'?)"),
    ]
    assert _problems(rp.plan_session, profile, "strength") == expected
    assert _problems(rp.plan_program, profile, weeks=1, start=START) == expected


def test_a_triage_from_another_catalog_is_refused_along_with_the_profile(tmp_path: Path) -> None:
    # a clinic's catalog knows "hip_clicking"; the bundled one, which plans here, does not
    extension = {
        "version": "clinic.5",
        "extends": "runpelvis",
        "symptoms": [
            {"id": "hip_clicking", "name": "Hip clicking", "description": "A click.", "source": "c"}
        ],
    }
    clinic = rp.load_catalog(_write(tmp_path / "clinic.json", extension))
    result = rp.triage(rp.SymptomReport(frozenset({"hip_clicking"}), 2, 1), catalog=clinic)
    profile = _profile(causes=frozenset({"weak_cor"}), equipment=frozenset({"matt"}))
    assert _problems(rp.plan_session, profile, "strength", triage=result) == [
        ("profile.causes", "unknown cause 'weak_cor' (did you mean 'weak_core'?)"),
        ("profile.equipment", "unknown equipment 'matt' (did you mean 'mat'?)"),
        ("triage.report.symptoms", "unknown symptom 'hip_clicking'"),
    ]


@pytest.mark.parametrize(
    ("runs", "problem"),
    [
        (7, "must be from 0 to 6: one day a week is always a rest day, got 7"),
        (8, "must be from 0 to 6, got 8"),
        (7.0, "must be a whole number from 0 to 6, got a float"),
        (True, "must be a whole number from 0 to 6, got True"),
    ],
)
def test_seven_runs_a_week_is_refused_because_of_the_rest_day(runs: Any, problem: str) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        _profile(runs_per_week=runs)
    assert list(caught.value.problems) == [("runs_per_week", problem)]


def _kinds(program: rp.Program, week: int) -> list[list[str]]:
    return [[activity.kind for activity in day.activities] for day in program.week(week)]


def test_cross_training_takes_two_free_days_a_week_and_recovery_the_rest() -> None:
    profile = _profile(equipment=frozenset({"pool", "bike"}), runs_per_week=1)
    program = rp.plan_program(profile, weeks=2, start=START)
    week = [
        ["warm_up", "run", "cool_down"],
        ["strength"],
        ["cross_training"],
        ["strength"],
        ["cross_training"],
        ["recovery"],
        [],
    ]
    assert _kinds(program, 0) == _kinds(program, 1) == week


def test_after_rest_strength_comes_back_in_the_second_week() -> None:
    profile = _profile(equipment=frozenset({"pool", "bike"}), runs_per_week=1)
    program = rp.plan_program(profile, weeks=2, start=START, triage=_triaged("pain_while_running"))
    assert _kinds(program, 0) == [
        ["cross_training"],
        ["cross_training"],
        ["recovery"],
        ["recovery"],
        ["recovery"],
        ["recovery"],
        [],
    ]
    assert _weekdays(program, "strength", 1) == [1, 3]


@pytest.mark.parametrize("kind", ["warm_up", "cool_down", "recovery"])
def test_each_week_starts_its_sessions_one_exercise_further_on(kind: str) -> None:
    program = rp.plan_program(_profile(), weeks=2, start=START)

    def items(week: int) -> list[str]:
        sessions = [
            activity.session
            for day in program.week(week)
            for activity in day.activities
            if activity.kind == kind and activity.session is not None
        ]
        return [item.exercise for item in sessions[0].items]

    first = items(0)
    assert len(first) > 1
    assert items(1) == first[1:] + first[:1]


def test_runs_go_without_a_form_cue_when_the_catalog_has_none(tmp_path: Path) -> None:
    document = CATALOG.to_document()
    document["tips"] = [tip for tip in document["tips"] if tip["topic"] != "form"]
    document["version"] = "no-form.1"
    catalog = rp.load_catalog(_write(tmp_path / "no_form.json", document))
    program = rp.plan_program(_profile(), weeks=1, start=START, catalog=catalog)
    runs = [a for day in program.days for a in day.activities if a.kind == "run"]
    assert len(runs) == 2
    assert {run.cue for run in runs} == {None}
    with_cues = rp.plan_program(_profile(), weeks=1, start=START)
    assert all(a.cue for day in with_cues.days for a in day.activities if a.kind == "run")


RECHECK = "Re-check your symptoms before each week; a new warning sign stops the plan."
NO_RUNS = "No runs are planned: the profile has no running now."


@pytest.mark.parametrize(
    ("changes", "symptoms", "notes"),
    [
        ({}, (), (RECHECK,)),
        ({"weekly_run_minutes": 0}, (), (NO_RUNS, RECHECK)),
        ({"runs_per_week": 0}, (), (NO_RUNS, RECHECK)),
        ({"weekly_run_minutes": 1}, (), (RECHECK,)),
        ({"runs_per_week": 1}, (), (RECHECK,)),
        (
            {},
            ("pain_while_running",),
            (
                "No running in the first week; then a walk-run return at half your usual minutes.",
                RECHECK,
            ),
        ),
    ],
)
def test_a_program_notes_why_runs_are_missing(
    changes: dict[str, int], symptoms: tuple[str, ...], notes: tuple[str, ...]
) -> None:
    triage = _triaged(*symptoms) if symptoms else None
    program = rp.plan_program(_profile(**changes), weeks=1, start=START, triage=triage)
    assert program.notes == notes


def test_an_activity_is_told_which_session_or_activity_it_lacks_or_should_not_have() -> None:
    warm_up = rp.plan_session(_profile(), "warm_up")
    cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
        ({"kind": "warm_up"}, [("session", "a warm_up activity needs a session")]),
        ({"kind": "run", "session": warm_up}, [("session", "a run activity has no session")]),
        (
            {"kind": "cool_down", "session": warm_up},
            [("session", "must be a cool_down session, got warm_up")],
        ),
        (
            {"kind": "run", "cross_training": "swimming"},
            [("cross_training", "only a cross_training activity names one, not a run")],
        ),
        (
            {"kind": "cross_training"},
            [("cross_training", "a cross_training activity names the activity")],
        ),
    ]
    for fields, problems in cases:
        assert _problems(rp.Activity, minutes=5, **fields) == problems
    assert rp.Activity("warm_up", 5, session=warm_up).session == warm_up


def test_a_program_must_hold_its_weeks_of_consecutive_days() -> None:
    program = rp.plan_program(_profile(), weeks=1, start=START)
    days = program.days
    for wrong, problems in [
        (days[:6], [("days", "must hold 7 days, got 6")]),
        (
            (days[1], days[0], *days[2:]),
            [("days[0].date", "days must run consecutively from start")],
        ),
        ((*days[:6], days[0]), [("days[6].date", "days must run consecutively from start")]),
    ]:
        assert _problems(attrs.evolve, program, days=wrong) == problems


@pytest.mark.parametrize(
    ("level", "plank_holds", "bridge_reps", "bridge_sets"),
    [
        ("beginner", [30, 34, 39, 43, 48, 52, 57, 60, 60], [10, 10, 11, 12, 13, 13, 14, 15, 15], 2),
        (
            "intermediate",
            [39, 43, 48, 52, 57, 60, 60, 60, 60],
            [11, 12, 13, 13, 14, 15, 15, 15, 15],
            3,
        ),
        ("advanced", [48, 52, 57, 60, 60, 60, 60, 60, 60], [13, 13, 14, 15, 15, 15, 15, 15, 15], 3),
    ],
)
def test_doses_climb_the_source_ranges_week_by_week_from_the_level_s_start(
    level: str, plank_holds: list[int], bridge_reps: list[int], bridge_sets: int
) -> None:
    # plank 30-60 s, glute bridge 10-15 reps (SPEC): beginners start at the bottom with a
    # set fewer, others part-way up; every week is 15% further along, up to the top
    profile = _profile(
        causes=frozenset({"weak_core", "weak_glutes"}),
        level=level,
        equipment=frozenset({"mat"}),
        session_minutes=60,
    )
    program = rp.plan_program(profile, weeks=len(plank_holds), start=START)
    holds, reps = [], []
    for week in range(program.weeks):
        (session,) = {
            activity.session
            for day in program.week(week)
            for activity in day.activities
            if activity.kind == "strength"
        }
        assert session is not None
        items = {item.exercise: item for item in session.items}
        holds.append(items["plank"].hold_seconds)
        reps.append(items["glute_bridge"].reps)
        assert items["glute_bridge"].sets == bridge_sets
    assert (holds, reps) == (plank_holds, bridge_reps)


def test_an_exercise_needing_much_equipment_names_three_then_counts(tmp_path: Path) -> None:
    deadlift = next(e for e in CATALOG.to_document()["exercises"] if e["id"] == "deadlift")
    kit = ["band", "kettlebell", "rings"]
    extension = {
        "version": "gym.1",
        "extends": "runpelvis",
        "equipment": [{"id": name, "name": name.title()} for name in kit],
        "exercises": [
            deadlift | {"id": "three_ways", "name": "Three ways", "equipment": kit},
            deadlift | {"id": "four_ways", "name": "Four ways", "equipment": ["barbell", *kit]},
        ],
    }
    gym = rp.load_catalog(_write(tmp_path / "gym.json", extension))
    profile = _profile(level="advanced", session_minutes=60)
    session = rp.plan_session(profile, "strength", catalog=gym)
    reasons = {e.exercise: e.reason for e in session.excluded}
    assert reasons["three_ways"] == "Three ways: needs band or kettlebell or rings"
    assert reasons["four_ways"] == "Four ways: needs band, barbell, kettlebell or 1 more"


def test_an_exercise_too_long_at_full_dose_comes_as_one_set_without_rest() -> None:
    profile = _profile(
        causes=frozenset({"weak_core"}),
        level="intermediate",
        equipment=frozenset({"mat"}),
        session_minutes=10,
    )
    session = rp.plan_session(profile, "strength")
    # bird dog (for the weak core) at its full 3 sets with 45 s between them; crunch
    # no longer fits at 3 sets, so it comes as 1 set, and one set needs no rest
    assert [(i.exercise, i.sets, i.rest_seconds) for i in session.items] == [
        ("bird_dog", 3, 45),
        ("crunch", 1, 0),
    ]
    assert session.minutes == 10


def test_an_exercise_that_fills_the_budget_to_the_second_is_planned() -> None:
    # a beginner's bird dog (2 x 10 reps, 3 s hold each, each side) takes exactly the
    # 5 minutes of a 5-minute session
    session = rp.plan_session(_profile(session_minutes=5), "strength")
    assert [(i.exercise, i.sets, i.reps, i.hold_seconds) for i in session.items] == [
        ("bird_dog", 2, 10, 3)
    ]
    assert session.minutes == 5


def test_a_recovery_day_says_why_it_leaves_out_the_livelier_moves() -> None:
    profile = _profile(causes=frozenset({"weak_core"}), equipment=frozenset({"mat"}))
    session = rp.plan_session(profile, "recovery")
    assert [(e.exercise, e.reason) for e in session.excluded] == [
        ("cobra_pose", "Cobra pose: recovery days keep to gentle moves"),
        ("downward_dog", "Downward dog: for intermediate runners and up"),
        ("hip_circles", "Hip circles: recovery days keep to gentle moves"),
        ("leg_swings", "Leg swings: recovery days keep to gentle moves"),
        ("pigeon_pose", "Pigeon pose: for intermediate runners and up"),
    ]


def test_a_session_item_without_reps_or_hold_is_refused_in_plain_words() -> None:
    fields = {"exercise": "plank", "name": "Plank", "sets": 1, "per_side": False}
    assert _problems(rp.SessionItem, **fields, reps=None, hold_seconds=None, rest_seconds=0) == [
        ("reps", "an item needs reps, hold_seconds or both")
    ]


STOP = "Stop any exercise that causes pain; mild stretching tension is fine."


def test_a_session_notes_what_it_could_not_do_and_why(tmp_path: Path) -> None:
    night_pain = _triaged("night_pain")
    profile = _profile(causes=frozenset({"weak_core"}), equipment=frozenset({"mat"}))
    assert rp.plan_session(profile, "strength", triage=night_pain).notes == (
        "Gentle movement only until a clinician has assessed you.",
        "No exercise fits this session: see the excluded list and the time budget.",
        "Weak core: no exercise for it fitted this strength session.",
        STOP,
    )
    # a clinic adds a cause whose only stretch (30 holds of a minute a side) outlasts a
    # 5-minute cool-down even as one set
    figure_four = next(
        e for e in CATALOG.to_document()["exercises"] if e["id"] == "figure_four_stretch"
    )
    long_hold = {
        "sets": 1,
        "reps": {"low": 30, "high": 30},
        "hold_seconds": {"low": 60, "high": 60},
        "per_side": True,
    }
    extension = {
        "version": "clinic.2",
        "extends": "runpelvis",
        "causes": [
            {
                "id": "stiff_ankles",
                "name": "Stiff ankles",
                "group": "muscular",
                "summary": "Stiff.",
                "source": "c",
            }
        ],
        "exercises": [
            figure_four
            | {
                "id": "long_ankle_stretch",
                "name": "Long ankle stretch",
                "addresses": ["stiff_ankles"],
                "dose": long_hold,
            }
        ],
    }
    clinic = rp.load_catalog(_write(tmp_path / "clinic.json", extension))
    ankles = _profile(causes=frozenset({"stiff_ankles"}), session_minutes=5)
    assert rp.plan_session(ankles, "cool_down", catalog=clinic).notes == (
        "Stiff ankles: no exercise for it fitted this cool-down session.",
        STOP,
    )


def test_weekly_run_minutes_grow_ten_percent_with_an_easier_fourth_week() -> None:
    # 100 a week in 2 runs; each week 10% more than the one before, every fourth week 80% of
    # the one before, and each run a whole number of minutes (rounded down)
    program = rp.plan_program(_profile(), weeks=9, start=START)
    assert program.weekly_run_minutes() == (100, 110, 120, 96, 104, 114, 124, 98, 106)


def test_after_rest_the_return_is_half_the_usual_minutes_then_grows() -> None:
    program = rp.plan_program(
        _profile(), weeks=5, start=START, triage=_triaged("pain_while_running")
    )
    assert program.disposition is rp.Disposition.REST
    # no run in week 1; week 2 at half of 100; week 3 +10%; week 4 is the easier fourth week
    assert program.weekly_run_minutes() == (0, 50, 54, 42, 46)


def test_a_see_clinician_program_says_why_there_is_no_running() -> None:
    program = rp.plan_program(_profile(), weeks=1, start=START, triage=_triaged("night_pain"))
    assert program.disposition is rp.Disposition.SEE_CLINICIAN
    assert program.notes == (
        "No running until a clinician has assessed you; gentle movement only.",
        "Re-check your symptoms before each week; a new warning sign stops the plan.",
    )


def test_an_unknown_symptom_in_a_json_plan_request_is_named_where_it_is() -> None:
    profile = {
        "causes": [],
        "level": "beginner",
        "equipment": [],
        "session_minutes": 30,
        "runs_per_week": 2,
        "weekly_run_minutes": 100,
    }
    report = {"symptoms": ["night_pain", "fevr"], "pain": 2, "days_since_onset": 1}
    expected = [("report.symptoms[1]", "unknown symptom 'fevr' (did you mean 'fever'?)")]
    session = {"profile": profile, "kind": "cool_down", "report": report}
    assert _problems(rp.plan_session_json, session) == expected
    program = {"profile": profile, "weeks": 1, "start": "2026-01-05", "report": report}
    assert _problems(rp.plan_program_json, program) == expected


@pytest.mark.parametrize(
    ("sessions", "runs", "days"),
    [(0, 2, []), (1, 2, [1]), (2, 2, [1, 4]), (3, 5, [0, 3, 5]), (3, 1, [1, 3, 5])],
)
def test_strength_days_keep_a_day_apart_and_off_run_days_where_they_can(
    with_settings: Any, sessions: int, runs: int, days: list[int]
) -> None:
    catalog = with_settings(strength_sessions_per_week=sessions)
    program = rp.plan_program(_profile(runs_per_week=runs), weeks=2, start=START, catalog=catalog)
    assert _weekdays(program, "strength", 0) == days
    assert _weekdays(program, "strength", 1) == days
