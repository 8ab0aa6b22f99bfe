"""Issue 17's polish: the small things a trial found, each kept fixed by a test."""

from __future__ import annotations

import subprocess
import sys


def _help(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "runpelvis", *args, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return " ".join(done.stdout.split())


def test_catalog_help_does_not_both_read_stdin_and_read_nothing() -> None:
    text = _help("catalog")
    assert "it reads nothing from stdin" in text
    assert "read the request as JSON on stdin" not in text
    assert "a command that takes a request reads it as JSON on stdin" in text


def test_causes_help_points_to_the_catalog_command() -> None:
    for command in ("session", "program"):
        assert "(runpelvis catalog causes lists them)" in _help(command)


def test_an_unknown_catalog_item_reads_plainly() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "runpelvis", "catalog", "exercises", "plnk"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (2, "ID: no exercise 'plnk' (did you mean 'plank'?)\n")


def test_every_source_names_the_article_by_its_title() -> None:
    import runpelvis as rp

    catalog = rp.default_catalog()
    sections = [
        catalog.symptoms,
        catalog.risk_factors,
        catalog.causes,
        catalog.exercises,
        catalog.tips,
        catalog.screening,
        catalog.planner,
    ]
    sources = [item.source for section in sections for item in section.values()]
    sources += [rule.source for rule in catalog.rules]
    sources += [advice.source for advice in catalog.dispositions.values()]
    assert not [source for source in sources if "source article" in source.lower()]
    assert any(
        source.startswith("Understanding the Causes of Back Pelvic Pain") for source in sources
    )


def test_the_docs_agree_400_for_no_json_and_422_for_bad_input() -> None:
    import pathlib

    docs = pathlib.Path(__file__).parent.parent / "docs"
    for page in ("triage.md", "services.md"):
        text = (docs / page).read_text(encoding="utf-8")
        assert "422" in text, page
        assert 'return 400, {"errors": error.errors}' not in text, page


def test_activity_names_in_program_text_are_all_lower_case() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "runpelvis",
            "program",
            "--causes",
            "weak_core",
            "--equipment",
            "mat",
            "--runs",
            "3",
            "--weekly-minutes",
            "90",
            "--weeks",
            "1",
            "--start",
            "2026-01-05",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    days = [line for line in done.stdout.splitlines() if line.startswith(("  Mon", "  Sat"))]
    assert days
    assert "cross-training: " in done.stdout
    for line in days:
        activities = line[12:]
        assert activities == activities.lower(), line
