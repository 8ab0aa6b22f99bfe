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
