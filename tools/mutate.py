"""Run mutmut with settings that keep mutation testing deterministic: ``python tools/mutate.py``.

Arguments are mutmut's own (``run --max-children 2``, ``results``, ``show NAME``, ...);
without any, ``run`` is meant. What this adds to a plain ``mutmut run``:

* a Hypothesis profile ``mutation``, loaded for every test run mutmut starts (this
  module is also the pytest plugin, ``-p mutate``, that loads it): 25 examples,
  derandomized, with no deadline, no example database and no shrinking. A mutant is
  then killed or not the same way on every run, never "killed" by a deadline that the
  trampolines' overhead or a busy machine blew, and a failing example ends the run at
  once (a mutant needs one failure, not the smallest);
* while mutmut records which tests call which function (its "stats" run), the bundled
  catalog and triage engine are forgotten before every test, so each test loads them
  afresh. Both are cached per process: without this, the catalog loader and the
  engine compiler would be mapped to whichever test happened to run first, and their
  mutants tried against that test alone. When a mutant runs,
  the cache stays: a mutant is in place from the start of its process, so the
  catalog every test shares is already the mutated one;
* while a mutant runs, the robustness suites (threads, process pools, hostile input:
  ``SKIPPED`` below) are left out. They take a third of the suite's time and test
  what the mutated logic is wrapped in, not the logic; a mutant that only they would
  catch counts as survived, so the score they leave out can only be too low;
* under mutmut, the architecture tests (``STRUCTURAL``) are left out: they read the
  source's layers and imports, and mutmut's copy repeats every mutated function under
  other names (a lazy import in ``_repr_html_`` then shows up outside it);
* ``PYTHONPATH`` pointing at ``mutants/src`` for child processes, so the tests that
  start a fresh interpreter (``test_triage_does_no_io``) run the mutant too.

``[tool.mutmut]`` in ``pyproject.toml`` names what is mutated and which tests run;
``docs/testing.md`` has the commands, the scores and the surviving mutants.
"""

from __future__ import annotations

import os
import pathlib
import sys
from typing import Any

import pytest

PROFILE = "mutation"
#: Test files a mutant is not run against (see the module's doc).
SKIPPED = (
    "tests/test_threads.py",
    "tests/test_pickle.py",
    "tests/test_fuzz.py",
    "tests/test_limits.py",
)
#: Test files no mutmut run uses: they read the source's structure (layers, imports), and
#: mutmut's copy of the source has every mutated function renamed and repeated.
STRUCTURAL = ("tests/test_architecture.py",)
#: What mutmut sets ``MUTANT_UNDER_TEST`` to when no mutant is running.
_NO_MUTANT = {"", "stats", "fail", "list_all_tests", "mutant_generation"}


@pytest.hookimpl(trylast=True)
def pytest_configure(config: Any) -> None:
    """Load the ``mutation`` profile, over the one ``tests/conftest.py`` chose."""
    # hypothesis is imported here, once pytest has set up its plugins and assertion rewriting
    from hypothesis import HealthCheck, Phase, settings

    settings.register_profile(
        PROFILE,
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile(PROFILE)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Under mutmut, leave out ``STRUCTURAL``; while a mutant runs, ``SKIPPED`` too."""
    mode = os.environ.get("MUTANT_UNDER_TEST")
    if mode is None:
        return
    left_out = STRUCTURAL if mode in _NO_MUTANT else STRUCTURAL + SKIPPED
    skipped = [item for item in items if item.nodeid.startswith(left_out)]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if not item.nodeid.startswith(left_out)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: Any) -> None:
    """While mutmut maps tests to functions, forget the cached bundled catalog and engine."""
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        from runpelvis import _catalog, _triage

        _catalog._BUNDLED_CATALOG.forget()
        _triage._BUNDLED_ENGINE.forget()


def main(argv: list[str]) -> int:
    # ``python tools/mutate.py`` puts tools/ first on sys.path, so ``-p mutate`` finds this file
    mutants = pathlib.Path.cwd() / "mutants" / "src"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(mutants), os.environ.get("PYTHONPATH", "")])
    )

    from mutmut.__main__ import cli
    from mutmut.configuration import config

    config().pytest_add_cli_args.extend(["-p", "mutate"])
    return int(cli.main(argv or ["run"], prog_name="mutmut", standalone_mode=False) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
