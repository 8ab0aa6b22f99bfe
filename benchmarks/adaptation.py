"""How much do training logs cost? A 12-week program planned with five logs a week, side
by side with the same program without logs.

Goal (issue 15): with logs within 2x the time without.

    python benchmarks/adaptation.py [--repeat 7] [--number 20]

Never asserted in tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import timeit

import runpelvis as rp

START = datetime.date(2026, 1, 5)
WEEKS = 12
PROFILE = rp.RunnerProfile(
    causes=frozenset({"weak_core", "weak_glutes"}),
    level="intermediate",
    equipment=frozenset({"mat", "bike"}),
    session_minutes=30,
    runs_per_week=3,
    weekly_run_minutes=120,
)
#: Five logs a week: three runs (one at 4/10), a strength session and a cross-training.
LOGS = tuple(
    rp.SessionLog(
        date=START + datetime.timedelta(days=7 * week + day),
        kind=kind,
        completed=True,
        minutes=30,
        pain_during=pain,
        pain_next_morning=0,
    )
    for week in range(WEEKS)
    for day, kind, pain in (
        (0, "run", 2),
        (1, "strength", 1),
        (2, "run", 4),
        (3, "cross_training", 0),
        (4, "run", 2),
    )
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20)
    args = parser.parse_args()
    rp.plan_program(PROFILE, weeks=WEEKS, start=START, logs=LOGS)  # load the catalog first
    cases = {
        "without logs": lambda: rp.plan_program(PROFILE, weeks=WEEKS, start=START),
        f"with {len(LOGS)} logs": lambda: rp.plan_program(
            PROFILE, weeks=WEEKS, start=START, logs=LOGS
        ),
    }
    best: dict[str, float] = {}
    for name, call in cases.items():
        times = timeit.repeat(call, repeat=args.repeat, number=args.number)
        best[name] = min(times) / args.number * 1000
        median = statistics.median(times) / args.number * 1000
        print(f"{name:>16}: best {best[name]:7.2f} ms, median {median:7.2f} ms per program")
    without, with_logs = best.values()
    print(f"ratio: {with_logs / without:.2f}x (goal: at most 2x)")


if __name__ == "__main__":
    main()
