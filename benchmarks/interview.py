"""How fast is one interview step? Microseconds per call for ``rp.interview`` and for a fresh
``rp.triage`` of the same answers, side by side, on answers neither has seen before.

A step triages the answers so far (a fresh triage here) and then reads the compiled rules to
find the ceiling, the items worth asking and the next question. Goal: one step within 20x one
fresh triage call.

    python benchmarks/interview.py [--repeat 7]

Never asserted in tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable, Iterator

import runpelvis as rp

#: Answers at several points of a check-in: the start, part way, a red flag, an unsure id.
SHAPES: list[dict[str, object]] = [
    {},
    {"no": {"saddle_numbness", "chest_pain", "faint_or_collapse"}},
    {"yes": {"pain_while_running"}, "no": {"fever", "chills", "leg_weakness"}},
    {"yes": {"sudden_severe_pain"}},
    {"yes": {"pregnant"}, "unsure": {"one_sided_pelvic_pain"}},
    {"yes": {"pain_after_running", "osteoporosis"}, "no": {"recent_trauma"}, "unsure": {"age"}},
]


def fresh_answers() -> Iterator[rp.Answers]:
    """Answers never built before: every shape at every pain and days since onset."""
    for days, pain, shape in itertools.product(range(3650), range(11), SHAPES):
        yield rp.Answers(pain, days, **shape)  # type: ignore[arg-type]


def per_call(call: Callable[[object], object], inputs: list[object]) -> float:
    """Microseconds per call of ``call`` over ``inputs``, each seen once."""
    began = time.perf_counter()
    for each in inputs:
        call(each)
    return (time.perf_counter() - began) / len(inputs) * 1e6


def measure(repeat: int, count: int = 600) -> tuple[float, float]:
    """Median microseconds per call: (fresh triage, interview step), each on unseen answers."""
    supply = fresh_answers()
    rp.interview(rp.Answers(0, 0))  # load and compile the catalog outside the timing
    triages, steps = [], []
    for _ in range(repeat):
        reports: list[object] = [each.report() for each in itertools.islice(supply, count)]
        triages.append(per_call(rp.triage, reports))  # type: ignore[arg-type]
        answers: list[object] = list(itertools.islice(supply, count))
        steps.append(per_call(rp.interview, answers))  # type: ignore[arg-type]
    return statistics.median(triages), statistics.median(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    triage_us, step_us = measure(args.repeat)
    ratio = step_us / triage_us
    verdict = "met" if ratio <= 20 else "MISSED"
    print("interview, fresh answers, us per call:")
    print(f"  {'triage(report)':<36} {triage_us:10.2f} us")
    print(
        f"  {'interview(answers)':<36} {step_us:10.2f} us  {ratio:5.2f}x  (goal <= 20x: {verdict})"
    )


if __name__ == "__main__":
    main()
