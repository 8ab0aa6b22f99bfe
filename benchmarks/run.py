"""Every runpelvis benchmark in one run, side by side with its baseline and goal.

    python benchmarks/run.py [--quick]

- triage per call, Python and JSON paths, against a hand-written if/else of the same
  rules (repeated requests, and fresh ones the engine has not answered before);
- planning a 12-week program;
- one interview step against one fresh triage call, on answers neither has seen;
- cold start: a new interpreter importing runpelvis and answering one triage_json,
  against one that only imports attrs and cattrs.

Timings depend on the machine and its load: they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import pathlib
import statistics
import subprocess
import sys
import time
import timeit

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import interview as interview_bench  # the sibling scripts
import triage as triage_bench

import runpelvis as rp

COLD_RUNPELVIS = (
    "import runpelvis; "
    "runpelvis.triage_json({'symptoms': ['fever'], 'pain': 3, 'days_since_onset': 2})"
)
COLD_BASELINE = "import attrs, cattrs"


def _row(name: str, value: float, unit: str, base: float | None = None, goal: float = 0) -> None:
    line = f"  {name:<36} {value:10.2f} {unit}"
    if base is not None:
        verdict = "met" if value / base <= goal else "MISSED"
        line += f"  {value / base:5.2f}x  (goal <= {goal:g}x: {verdict})"
    print(line)


def bench_triage(repeat: int, number: int) -> None:
    fresh = triage_bench.fresh_requests()
    triage_bench.check_agreement(fresh)
    for title, requests, times in (
        ("repeated requests", triage_bench.REQUESTS, number),
        ("fresh requests", fresh, 1),
    ):
        base, python, json_ = triage_bench.measure(requests, repeat, times)
        print(f"triage, {title} ({len(requests)} distinct), us per call:")
        _row("hand-written if/else", base, "us")
        _row("triage(report)", python, "us", base, 3)
        _row("triage_json(request)", json_, "us", base, 10)


def bench_program(repeat: int) -> None:
    profile = rp.RunnerProfile(
        causes=frozenset({"weak_core", "weak_glutes", "tight_hip_flexors"}),
        level="intermediate",
        equipment=frozenset({"mat", "dumbbells", "pool"}),
        session_minutes=30,
        runs_per_week=4,
        weekly_run_minutes=150,
    )
    start = datetime.date(2026, 1, 5)

    def plan() -> None:
        rp.plan_program(profile, weeks=12, start=start)

    plan()
    best = statistics.median(timeit.repeat(plan, repeat=repeat, number=10)) / 10
    print("planner, ms per call:")
    _row("plan_program(weeks=12)", best * 1e3, "ms")


def bench_interview(repeat: int) -> None:
    triage_us, step_us = interview_bench.measure(repeat)
    print("interview, fresh answers, us per call:")
    _row("triage(report)", triage_us, "us")
    _row("interview(answers)", step_us, "us", triage_us, 20)


def _cold(code: str, runs: int) -> float:
    # Bytecode may be written and read, as for any installed package (pip compiles a
    # wheel's modules when it installs them): a start-up that compiles runpelvis's
    # sources every time measures the compiler, not the library.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1e3


def bench_cold_start(runs: int) -> None:
    _cold(COLD_RUNPELVIS, 2)  # warm the file system cache and the .pyc files
    bare = _cold("pass", runs)
    base = _cold(COLD_BASELINE, runs)
    ours = _cold(COLD_RUNPELVIS, runs)
    print(f"cold start, ms per process (median of {runs}):")
    _row("python -c pass", bare, "ms")
    _row("import attrs, cattrs", base, "ms")
    _row("import runpelvis; triage_json(..)", ours, "ms", base, 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, rougher numbers")
    args = parser.parse_args()
    repeat, number, runs = (3, 300, 7) if args.quick else (7, 2000, 21)
    print(f"runpelvis catalog {rp.default_catalog().version} on Python {sys.version.split()[0]}")
    print(f"{os.cpu_count()} cores; median of {repeat} timings unless said otherwise\n")
    bench_triage(repeat, number)
    bench_program(repeat)
    bench_interview(repeat)
    bench_cold_start(runs)


if __name__ == "__main__":
    main()
