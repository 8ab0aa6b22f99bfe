"""The bundled catalog: SPEC vocabulary, content facts, loading, validation, laziness."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import attrs
import attrs.exceptions
import pytest

import runpelvis as rp
from runpelvis import _catalog, _data, _once, _rules
from spec import (
    CAUSE_GROUPS,
    CONTRAINDICATIONS,
    CROSS_TRAINING,
    EQUIPMENT,
    STRENGTH,
    STRETCHES,
    SYMPTOMS,
    hip_clicking_extension,
)


@pytest.fixture(scope="module")
def cat() -> rp.Catalog:
    return rp.default_catalog()


def test_every_spec_id_is_in_the_catalog(cat: rp.Catalog) -> None:
    assert set(cat.symptoms) >= SYMPTOMS
    assert set(cat.causes) >= set(CAUSE_GROUPS)
    assert set(cat.exercises) >= STRETCHES | STRENGTH
    assert len(STRETCHES | STRENGTH) == 14
    assert set(cat.cross_training) >= set(CROSS_TRAINING)
    assert set(cat.equipment) >= EQUIPMENT
    assert set(cat.dispositions) == set(rp.Disposition)
    assert list(cat.dispositions) == list(rp.Disposition)


def test_mappings_are_keyed_by_their_items_ids(cat: rp.Catalog) -> None:
    for section in ("symptoms", "causes", "equipment", "exercises", "cross_training", "tips"):
        for key, item in getattr(cat, section).items():
            assert key == item.id, section
    for disposition, advice in cat.dispositions.items():
        assert advice.disposition is disposition
        assert advice.headline.strip()
        assert advice.advice.strip()
    rule_ids = [rule.rule_id for rule in cat.rules]
    assert len(rule_ids) == len(set(rule_ids))


def test_a_catalog_pickles(cat: rp.Catalog) -> None:
    again = pickle.loads(pickle.dumps(cat))
    assert again == cat
    assert again.version == cat.version
    report = rp.SymptomReport(frozenset({"both_legs", "leg_weakness"}), 4, 2)
    assert rp.triage(report, catalog=again) == rp.triage(report)


def test_catalog_mappings_are_read_only(cat: rp.Catalog) -> None:
    with pytest.raises(TypeError):
        cat.symptoms["made_up"] = cat.symptoms["fever"]  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        cat.version = "tampered"  # type: ignore[misc]


def test_an_unpickled_catalog_stays_read_only(cat: rp.Catalog) -> None:
    again = pickle.loads(pickle.dumps(cat))
    for section in ("symptoms", "causes", "exercises", "tips", "dispositions", "planner"):
        mapping = getattr(again, section)
        with pytest.raises(TypeError):
            mapping["made_up"] = None


def test_a_catalog_repr_counts_every_section(cat: rp.Catalog) -> None:
    counts = ", ".join(
        f"{len(getattr(cat, name))} {name}"
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
    assert repr(cat) == f"<Catalog {cat.version!r}: {counts}>"


def test_cause_groups_follow_the_spec(cat: rp.Catalog) -> None:
    for cause, group in CAUSE_GROUPS.items():
        assert cat.causes[cause].group == group, cause
    assert {c for c, item in cat.causes.items() if item.medical} >= {
        "herniated_disc",
        "sciatica",
        "pelvic_floor_dysfunction",
    }


def test_exercise_kinds(cat: rp.Catalog) -> None:
    for exercise in STRETCHES:
        assert cat.exercises[exercise].kind in ("stretch", "mobility"), exercise
    for exercise in STRENGTH:
        assert cat.exercises[exercise].kind == "strength", exercise
    for exercise in cat.exercises.values():
        assert exercise.level in ("beginner", "intermediate", "advanced")
        assert exercise.steps, exercise.id


def test_spec_contraindications_hold(cat: rp.Catalog) -> None:
    for exercise, excluded in CONTRAINDICATIONS.items():
        assert cat.exercises[exercise].contraindications >= excluded, exercise


def test_equipment_needs(cat: rp.Catalog) -> None:
    assert cat.exercises["deadlift"].equipment == {"dumbbells", "barbell"}
    for activity, needs in CROSS_TRAINING.items():
        item = cat.cross_training[activity]
        if needs is not None:
            assert needs in item.equipment, activity
            assert not item.usable_with(frozenset())
    assert cat.cross_training["swimming"].usable_with(frozenset({"pool"}))
    assert not cat.cross_training["swimming"].usable_with(frozenset({"bike"}))


def test_every_stretch_holds_30_to_60_seconds(cat: rp.Catalog) -> None:
    stretches = [ex for ex in cat.exercises.values() if ex.kind == "stretch"]
    assert {ex.id for ex in stretches} >= {
        "childs_pose",
        "figure_four_stretch",
        "pigeon_pose",
        "hip_flexor_stretch",
    }
    for exercise in stretches:
        hold = exercise.dose.hold_seconds
        assert hold is not None, exercise.id
        assert 30 <= hold.low <= hold.high <= 60, exercise.id


def test_strength_doses_follow_the_source(cat: rp.Catalog) -> None:
    for exercise in cat.exercises.values():
        if exercise.kind != "strength":
            continue
        assert exercise.dose.sets <= 3, exercise.id
        if exercise.dose.reps is not None:
            assert exercise.dose.reps.low >= 10, exercise.id
            assert exercise.dose.reps.high <= 15, exercise.id
    plank = cat.exercises["plank"].dose.hold_seconds
    assert plank is not None
    assert (plank.low, plank.high) == (30, 60)


def test_every_item_has_a_source(cat: rp.Catalog) -> None:
    sections: list[tuple[str, Any]] = [
        ("symptoms", cat.symptoms.values()),
        ("causes", cat.causes.values()),
        ("exercises", cat.exercises.values()),
        ("cross_training", cat.cross_training.values()),
        ("tips", cat.tips.values()),
        ("rules", cat.rules),
        ("dispositions", cat.dispositions.values()),
        ("screening", cat.screening.values()),
    ]
    for section, found in sections:
        items = list(found)
        assert items, section
        for item in items:
            assert isinstance(item.source, str), section
            assert item.source.strip(), f"{section}: {item}"


def test_version_is_a_non_empty_string(cat: rp.Catalog) -> None:
    assert isinstance(cat.version, str)
    assert cat.version.strip()
    assert rp.triage(rp.SymptomReport(frozenset(), 0, 0)).catalog_version == cat.version


# -- one shared object ----------------------------------------------------------------------


def test_default_catalog_is_one_object() -> None:
    assert rp.default_catalog() is rp.default_catalog()


def test_default_catalog_is_one_object_across_threads() -> None:
    seen: list[rp.Catalog] = []
    barrier = threading.Barrier(16)

    def load() -> None:
        barrier.wait()
        seen.append(rp.default_catalog())

    threads = [threading.Thread(target=load) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 16
    assert all(item is rp.default_catalog() for item in seen)


def _run_python(code: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_first_load_is_built_once_when_many_threads_race() -> None:
    # In a fresh interpreter, 24 threads ask for the catalog, and 24 others for a triage,
    # at once while the first read of the bundled files is slowed down: the catalog is
    # built once and shared, and the bundled rules are read once (not once per thread).
    out = _run_python(
        """
        import threading, time
        import runpelvis as rp
        from runpelvis import _catalog, _rules

        reads = []

        def slowed(read):
            def slow(names, kind):
                reads.append(kind.__name__)
                time.sleep(0.2)
                return read(names, kind)
            return slow

        _catalog.read_bundled = slowed(_catalog.read_bundled)
        _rules.read_bundled = slowed(_rules.read_bundled)
        barrier = threading.Barrier(48)
        catalogs, answers = [], []
        report = rp.SymptomReport(symptoms={"fever"}, pain=3, days_since_onset=2)

        def load():
            barrier.wait()
            catalogs.append(rp.default_catalog())

        def answer():
            barrier.wait()
            answers.append(rp.triage(report))

        threads = [threading.Thread(target=f) for f in [load, answer] * 24]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(catalogs), len({id(c) for c in catalogs}), len(answers))
        print(len({id(a) for a in answers}), *sorted(reads))
        """
    )
    assert out.split() == ["24", "1", "24", "1", "_Document", "_RulesDocument"]


def test_importing_runpelvis_reads_no_data() -> None:
    # The interpreter records every opened file and every read of the package's data;
    # importing must do neither for the package's data, while loading the catalog must.
    out = _run_python(
        """
        import json, pkgutil, sys

        opened, located = [], []
        sys.addaudithook(
            lambda event, args: opened.append(str(args[0])) if event == "open" else None
        )
        original = pkgutil.get_data

        def spy(package, resource):
            located.append(resource)
            return original(package, resource)

        pkgutil.get_data = spy

        import runpelvis
        from runpelvis import _catalog

        def data_files():
            return sorted({p for p in opened if p.endswith(".json") and "runpelvis" in p})

        def state():
            return {
                "loaded": _catalog._BUNDLED_CATALOG.built,
                "located": sorted(located),
                "data": data_files(),
                "planner": "runpelvis._planner" in sys.modules,
            }

        after_import = state()
        runpelvis.triage_json({"symptoms": ["fever"], "pain": 3, "days_since_onset": 2})
        after_triage = state()
        located.clear()
        runpelvis.default_catalog()
        print(json.dumps({"import": after_import, "triage": after_triage, "load": state()}))
        """
    )
    report = json.loads(out)
    assert report["import"] == {"loaded": False, "located": [], "data": [], "planner": False}
    # A triage reads the rules' files alone: not the exercises, tips or planner numbers.
    triaged = report["triage"]
    assert triaged["loaded"] is False
    assert triaged["located"] == sorted(f"data/{name}" for name in _rules.RULE_FILES)
    assert [Path(path).name for path in triaged["data"]] == sorted(_rules.RULE_FILES)
    assert triaged["planner"] is False
    # The probes work: the whole catalog does locate and open every bundled file.
    assert report["load"]["loaded"] is True
    assert report["load"]["located"] == sorted(f"data/{name}" for name in _catalog._BUNDLED)
    assert sorted(Path(path).name for path in report["load"]["data"]) == sorted(_catalog._BUNDLED)


def test_the_bundled_catalog_read_afresh_is_the_shared_one(cat: rp.Catalog) -> None:
    documents, fresh = _catalog._bundled()
    assert fresh is not cat
    assert fresh == cat
    assert fresh.version == documents[0][1].version
    assert [label for label, _ in documents] == list(_catalog._BUNDLED)


def test_the_bundled_rules_read_alone_are_the_catalog_s(cat: rp.Catalog) -> None:
    rulebook = _rules.bundled_rules()
    assert rulebook.version == cat.version
    assert sorted(rulebook.symptoms) == sorted(cat.symptoms)
    assert list(rulebook.rules) == list(cat.rules)
    assert dict(rulebook.dispositions) == dict(cat.dispositions)


def test_a_value_built_once_is_built_again_only_after_it_is_forgotten() -> None:
    builds: list[str] = []

    def build() -> str:
        builds.append(f"value {len(builds) + 1}")
        return builds[-1]

    once = _once.Once(build)
    assert not once.built
    assert (once.get(), once.get(), len(builds)) == ("value 1", "value 1", 1)
    assert once.built
    once.forget()
    assert not once.built
    assert (once.get(), len(builds)) == ("value 2", 2)


# -- load_catalog ---------------------------------------------------------------------------


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _problems(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(rp.InvalidInput) as caught:
        call(*args, **kwargs)
    return list(caught.value.problems)


def _index(items: list[dict[str, Any]], item_id: str) -> int:
    return next(n for n, item in enumerate(items) if item["id"] == item_id)


def test_to_document_loads_back_into_an_equal_catalog(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document()
    assert "extends" not in document
    # a standalone catalog never answers under the bundled version (SPEC section 7)
    document["version"] = "mine.1"
    loaded = rp.load_catalog(_write(tmp_path / "mine.json", document))
    assert loaded == attrs.evolve(cat, version="mine.1")
    assert loaded is not cat
    assert loaded.version == "mine.1"
    assert loaded.to_document() == document
    # str paths work as well as Path objects
    assert rp.load_catalog(str(tmp_path / "mine.json")) == loaded


def test_catalogs_of_different_versions_hash_apart(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document()
    hashes = set()
    for version in ("a.1", "b.2", "c.3"):
        document["version"] = version
        loaded = rp.load_catalog(_write(tmp_path / f"{version}.json", document))
        assert hash(loaded) == hash(rp.load_catalog(tmp_path / f"{version}.json"))
        hashes.add(hash(loaded))
    assert len(hashes) == 3  # equal catalogs hash alike; different ones spread over a dict


def test_triage_works_on_a_loaded_catalog(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document()
    document["version"] = "copy.1"
    loaded = rp.load_catalog(_write(tmp_path / "copy.json", document))
    report = rp.SymptomReport(frozenset({"fever"}), 3, 1)
    result = rp.triage(report, catalog=loaded)
    assert result.catalog_version == "copy.1"
    assert result.reasons == rp.triage(report).reasons


def _new_exercise(cat: rp.Catalog, **changes: Any) -> dict[str, Any]:
    document = cat.to_document()
    exercise = next(e for e in document["exercises"] if e["id"] == "childs_pose")
    return {**copy.deepcopy(exercise), "id": "thread_the_needle", "name": "Thread the needle"} | (
        changes
    )


def test_an_extension_adds_to_the_bundled_catalog(cat: rp.Catalog, tmp_path: Path) -> None:
    extension = {
        "version": "clinic.3",
        "extends": "runpelvis",
        "exercises": [_new_exercise(cat)],
    }
    loaded = rp.load_catalog(_write(tmp_path / "ext.json", extension))
    assert loaded.version == f"{cat.version}+clinic.3"
    assert "thread_the_needle" in loaded.exercises
    assert set(loaded.exercises) == set(cat.exercises) | {"thread_the_needle"}
    assert set(loaded.symptoms) == set(cat.symptoms)
    assert loaded.rules == cat.rules
    # the bundled catalog itself is untouched
    assert "thread_the_needle" not in rp.default_catalog().exercises
    # an extended catalog is a whole catalog: its document stands alone
    again = rp.load_catalog(_write(tmp_path / "whole.json", loaded.to_document()))
    assert again == loaded


def test_an_extension_may_not_reuse_an_id(cat: rp.Catalog, tmp_path: Path) -> None:
    extension = {
        "version": "clinic.4",
        "extends": "runpelvis",
        "exercises": [_new_exercise(cat, id="plank")],
    }
    path = _write(tmp_path / "ext.json", extension)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)
    assert len(caught.value.errors) == 1
    assert "duplicate id 'plank'" in caught.value.errors[0]
    assert str(path) in caught.value.errors[0]


def test_an_extension_may_not_reuse_a_rule_id(cat: rp.Catalog, tmp_path: Path) -> None:
    fever = next(n for n, rule in enumerate(cat.rules) if rule.rule_id == "symptom.fever")
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


def test_an_extension_can_add_symptoms_and_rules(cat: rp.Catalog, tmp_path: Path) -> None:
    extension = hip_clicking_extension(
        "clinic.5", "rest", "A painful click in the hip needs a few days off running."
    )
    loaded = rp.load_catalog(_write(tmp_path / "ext.json", extension))
    report = rp.SymptomReport(frozenset({"hip_clicking"}), 2, 1)
    result = rp.triage(report, catalog=loaded)
    assert result.disposition is rp.Disposition.REST
    assert [reason.rule_id for reason in result.reasons] == ["clinic.hip_clicking"]
    with pytest.raises(rp.InvalidInput):
        rp.triage(report)


def test_to_document_of_an_extension_with_a_long_version(cat: rp.Catalog, tmp_path: Path) -> None:
    # a combined "<bundled>+<yours>" version longer than a document's own version was
    # once accepted by load_catalog and then refused by to_document
    extension = {"version": "v" * 60, "extends": "runpelvis", "exercises": []}
    loaded = rp.load_catalog(_write(tmp_path / "ext.json", extension))
    assert loaded.to_document()["version"] == loaded.version
    longest = {"version": "v" * (200 - len(cat.version) - 1), "extends": "runpelvis"}
    loaded = rp.load_catalog(_write(tmp_path / "longest.json", longest))
    assert rp.load_catalog(_write(tmp_path / "whole.json", loaded.to_document())) == loaded
    too_long = {**longest, "version": longest["version"] + "v"}
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(_write(tmp_path / "too_long.json", too_long))
    assert len(caught.value.errors) == 1
    assert "version" in caught.value.errors[0]


def test_an_extension_whose_combined_version_is_too_long_is_told_so(
    cat: rp.Catalog, tmp_path: Path
) -> None:
    version = "v" * (200 - len(cat.version))  # "<bundled>+<this>" is 201 characters
    path = _write(tmp_path / "long.json", {"version": version, "extends": "runpelvis"})
    assert _problems(rp.load_catalog, path) == [
        (f"{path}: version", "too long: with the bundled version it passes 200")
    ]


def test_three_structural_faults_in_one_file_are_reported_together(
    cat: rp.Catalog, tmp_path: Path
) -> None:
    document = cat.to_document()
    exercises = document["exercises"]
    index = {exercise["id"]: n for n, exercise in enumerate(exercises)}
    exercises[index["plank"]]["colour"] = "red"
    exercises[index["cobra_pose"]]["dose"]["hold_seconds"] = {"low": 10, "high": 10}
    exercises[index["lunge"]]["level"] = "expert"
    path = _write(tmp_path / "broken.json", document)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)
    found = dict(caught.value.problems)
    assert found == {
        f"{path}: exercises[{index['plank']}].colour": "unknown key",
        f"{path}: exercises[{index['cobra_pose']}].dose.hold_seconds": (
            "a stretch is held within 30-60 s"
        ),
        f"{path}: exercises[{index['lunge']}].level": (
            "must be one of beginner, intermediate, advanced; got 'expert'"
        ),
    }


def test_three_whole_catalog_faults_are_reported_together(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document() | {"version": "broken.1"}
    exercises = document["exercises"]
    exercises[1]["id"] = exercises[0]["id"]
    exercises[2]["addresses"] = ["weak_cor"]
    document["dispositions"] = [
        advice for advice in document["dispositions"] if advice["disposition"] != "emergency"
    ]
    path = _write(tmp_path / "broken.json", document)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)
    errors = caught.value.errors
    assert len(errors) == 3
    duplicate, unknown, missing = errors
    assert duplicate.startswith(f"{path}: exercises[1].id: duplicate id {exercises[0]['id']!r}")
    assert unknown == (
        f"{path}: exercises[2].addresses: unknown cause 'weak_cor' (did you mean 'weak_core'?)"
    )
    assert missing.startswith(f"{path}: dispositions: ")
    assert "'emergency'" in missing


def test_a_rule_on_an_unknown_symptom_is_rejected(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document() | {"version": "broken.2"}
    document["rules"][0]["when"]["symptoms"] = ["fevr"]
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(_write(tmp_path / "broken.json", document))
    assert len(caught.value.errors) == 1
    assert "unknown symptom 'fevr' (did you mean 'fever'?)" in caught.value.errors[0]


def test_every_unknown_reference_is_named_by_item_field_and_kind(
    cat: rp.Catalog, tmp_path: Path
) -> None:
    document = cat.to_document() | {"version": "refs.1"}
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


def test_a_contraindication_may_name_a_symptom_or_a_cause(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document() | {"version": "both.1"}
    activities = document["cross_training"]
    activities[_index(activities, "swimming")]["contraindications"] = ["fever", "sciatica"]
    loaded = rp.load_catalog(_write(tmp_path / "both.json", document))
    assert loaded.cross_training["swimming"].contraindications == {"fever", "sciatica"}


def test_a_document_without_a_version_is_rejected(cat: rp.Catalog, tmp_path: Path) -> None:
    document = cat.to_document()
    del document["version"]
    path = _write(tmp_path / "nover.json", document)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)
    assert caught.value.errors == [f"{path}: version: missing"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "cannot read the file"),
        (b"[1, 2]", "must be an object"),
        (b'"catalog"', "must be an object"),
        (b"null", "must be an object"),
        (b"42", "must be an object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"version": "1", "extends": "someone_else"}', "extends"),
    ],
    ids=["broken", "empty", "not-utf8", "list", "string", "null", "number", "deep", "extends"],
)
def test_bad_files_raise_invalid_input(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)
    assert any(expected in line for line in caught.value.errors), caught.value.errors
    assert all(str(path) in line for line in caught.value.errors)


def test_a_document_that_is_not_an_object_is_named_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    ((where, _),) = _problems(rp.load_catalog, path)
    assert where == f"{path}: $"


def test_json_nested_too_deeply_is_reported_in_those_words(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert _problems(rp.load_catalog, path) == [(str(path), "not valid JSON: nested too deeply")]


def test_unreadable_paths_raise_invalid_input(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(rp.InvalidInput) as caught:
            rp.load_catalog(path)
        assert len(caught.value.errors) == 1
        assert caught.value.errors[0].startswith(f"{path}: cannot read the file")


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


@pytest.mark.parametrize("path", [None, 3])
def test_a_path_of_the_wrong_type_raises_invalid_input(path: object) -> None:
    with pytest.raises(rp.InvalidInput) as caught:
        rp.load_catalog(path)  # type: ignore[arg-type]
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith("path: ")


@pytest.mark.parametrize("path", [None, 3])
def test_a_path_of_the_wrong_type_is_shown_in_the_message(path: object) -> None:
    assert _problems(rp.load_catalog, path) == [("path", f"must be a file path, got {path!r}")]


# -- the bundled files -----------------------------------------------------------------------


def _bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data directory, for a test to break."""
    source = Path(rp.__file__).parent / "data"
    target = tmp_path / "data"
    target.mkdir()
    for name in _catalog._BUNDLED:
        (target / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _read_data_from(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the package's data reads at ``root`` (which holds a ``data`` directory)."""
    monkeypatch.setattr(
        _data.pkgutil, "get_data", lambda package, resource: (root / resource).read_bytes()
    )


def test_data_is_read_through_importlib_resources_when_the_loader_cannot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str, str]] = []

    def no_reader(package: str, resource: str) -> None:
        asked.append((package, resource))
        # None: what pkgutil.get_data gives for a loader without get_data

    expected = (Path(rp.__file__).parent / "data" / "schemas" / "triage_request.json").read_text(
        encoding="utf-8"
    )
    monkeypatch.setattr(_data.pkgutil, "get_data", no_reader)
    assert _data.data_text("schemas", "triage_request.json") == expected
    assert asked == [("runpelvis", "data/schemas/triage_request.json")]


def test_broken_bundled_files_are_all_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _bundled_copy(tmp_path)
    (data / "rules.json").write_text("{not json", encoding="utf-8")
    tips = json.loads((data / "tips.json").read_text(encoding="utf-8"))
    tips["tips"][0]["topic"] = "gossip"
    (data / "tips.json").write_text(json.dumps(tips), encoding="utf-8")
    _read_data_from(tmp_path, monkeypatch)

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
    _read_data_from(tmp_path, monkeypatch)

    assert _problems(_catalog._bundled) == [("catalog.json: version", "missing")]


def test_broken_bundled_rules_are_refused_when_triage_reads_them_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _bundled_copy(tmp_path)
    rules = json.loads((data / "rules.json").read_text(encoding="utf-8"))
    rules["rules"][0]["when"]["symptoms"] = ["fevr"]
    (data / "rules.json").write_text(json.dumps(rules), encoding="utf-8")
    _read_data_from(tmp_path, monkeypatch)

    assert _problems(_rules.bundled_rules) == [
        ("rules.json: rules[0].when.symptoms", "unknown symptom 'fevr' (did you mean 'fever'?)")
    ]
