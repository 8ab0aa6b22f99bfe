"""How fast is batch triage of a JSON-lines file? Requests per second, serial and with processes.

Writes ``--lines`` triage requests (default 100,000; a realistic mix, about 1% bad lines)
to a temporary JSON-lines file, then triages the file end to end (read, decode, triage,
encode, write) in this process and with a process pool of 1 and 2 workers. Two ways of
using the pool are measured:

* ``lines``: workers get raw lines and return finished output lines (:func:`triage_line`,
  the worker shown in ``docs/batch.md``): decoding and encoding run in the workers too;
* ``dicts``: the parent decodes and encodes, workers run ``rp.triage_json`` only (what
  the executed example of ``docs/batch.md`` does).

    python benchmarks/batch.py [--lines 100000] [--chunksize 1000] [--workers 1 2] [--repeat 3]

Rates are the best of ``--repeat`` runs, pool start-up not counted (the pool is warmed
first). Since a busy machine hides what more processes bring, the CPU time each request
costs, in this process and in the workers, is printed too, and from it the rate the
costs allow on an otherwise idle machine (``ceiling``). Unix only (``resource``).
Never asserted in tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import itertools
import json
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import runpelvis as rp

#: Lines handed to the pool at once: bounds the memory a huge file needs.
SLICE = 20_000


def triage_line(line: str) -> str:
    """One JSON-lines request in, one JSON-lines answer out; bad lines answer with errors.

    A module-level function, so a process pool can pickle it (by name).
    """
    try:
        response = rp.triage_json(json.loads(line))
    except rp.InvalidInput as error:
        response = {"error": "invalid_input", "errors": error.errors}
    except (ValueError, RecursionError):  # not JSON at all (JSONDecodeError is a ValueError)
        response = {"error": "invalid_input", "errors": ["$: not valid JSON"]}
    return json.dumps(response)


def make_lines(count: int, seed: int = 1) -> Iterator[str]:
    """``count`` requests: mostly mild, some warning signs, about 1% bad lines."""
    chooser = random.Random(seed)
    catalog = rp.default_catalog()
    mild = ["stiffness_or_soreness", "pain_after_running", "pain_while_running"]
    other = sorted(set(catalog.symptoms) - set(mild))
    for _ in range(count):
        roll = chooser.random()
        if roll < 0.005:
            yield '{"symptoms": ["fevr"], "pain": 11, "days_since_onset": 2}'
            continue
        if roll < 0.01:
            yield "not json"
            continue
        symptoms = chooser.sample(mild, chooser.randint(0, 2))
        if roll < 0.25:
            symptoms += chooser.sample(other, chooser.randint(1, 2))
        request = {
            "symptoms": symptoms,
            "pain": chooser.randint(0, 10),
            "days_since_onset": chooser.randint(0, 60),
        }
        yield json.dumps(request)


def _slices(lines: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(lines)
    while batch := list(itertools.islice(iterator, SLICE)):
        yield batch


def _decoded(lines: list[str]) -> Iterator[Any]:
    for line in lines:
        try:
            yield json.loads(line)
        except ValueError:
            yield None  # triage_json answers None with an InvalidInput


def run_serial(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(triage_line(line) + "\n")


def run_lines(pool: concurrent.futures.Executor, source: Path, target: Path, chunk: int) -> None:
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for batch in _slices(lines):
            for answer in pool.map(triage_line, batch, chunksize=chunk):
                out.write(answer + "\n")


def run_dicts(pool: concurrent.futures.Executor, source: Path, target: Path, chunk: int) -> None:
    """rp.triage_json in the workers; the bad lines are left out first, in the parent."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for batch in _slices(lines):
            requests = list(_decoded(batch))
            good = [request for request in requests if _looks_valid(request)]
            for answer in pool.map(rp.triage_json, good, chunksize=chunk):
                out.write(json.dumps(answer) + "\n")


def _looks_valid(request: object) -> bool:
    # the benchmark's own bad lines; a real batch would use triage_line instead
    return isinstance(request, dict) and request.get("pain") != 11


class Figures(NamedTuple):
    """What one way of running the batch achieved and what it cost, per request."""

    rate: float  # requests per second, best of the repeats
    parent_us: float  # CPU microseconds in this process (all its threads)
    workers_us: float  # CPU microseconds in the worker processes, all of them together

    def ceiling(self, workers: int, cpus: int) -> float:
        """Requests per second the CPU costs allow on an otherwise idle machine."""
        limits = [1e6 / self.parent_us, cpus * 1e6 / (self.parent_us + self.workers_us)]
        if workers:
            limits.append(workers * 1e6 / self.workers_us)
        return min(limits)


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Run = Callable[[concurrent.futures.Executor | None], None]


def measure(run: Run, lines: int, repeat: int, workers: int) -> Figures:
    """``run(pool)`` ``repeat`` times, with a fresh pool of ``workers`` processes (0: None)."""
    children, parent = _cpu_of_children(), time.process_time()
    best = float("inf")
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers) if workers else None
    try:
        if pool is not None:
            list(pool.map(triage_line, ["{}"] * workers))  # start the workers first
        for _ in range(repeat):
            began = time.perf_counter()
            run(pool)
            best = min(best, time.perf_counter() - began)
    finally:
        if pool is not None:
            pool.shutdown()  # the workers end, so their CPU time is counted below
    total = lines * repeat
    return Figures(
        rate=lines / best,
        parent_us=(time.process_time() - parent) / total * 1e6,
        workers_us=(_cpu_of_children() - children) / total * 1e6,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--chunksize", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cpus = os.cpu_count() or 1

    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "requests.jsonl"), Path(folder, "answers.jsonl")
        source.write_text("".join(line + "\n" for line in make_lines(args.lines)))
        print(
            f"runpelvis {rp.default_catalog().version}: {args.lines} lines, chunksize "
            f"{args.chunksize}, best of {args.repeat}, {cpus} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"  {'how':24} {'requests/s':>10} {'parent us':>10} {'workers us':>10} {'ceiling':>9}"
        )
        rows: list[tuple[str, int, Run]] = [
            ("serial, no pool", 0, lambda _: run_serial(source, target))
        ]
        for workers in args.workers:
            for name, way in (("lines", run_lines), ("dicts", run_dicts)):
                rows.append(
                    (
                        f"{workers} worker(s), {name}",
                        workers,
                        functools.partial(way, source=source, target=target, chunk=args.chunksize),
                    )
                )
        for title, workers, run in rows:
            found = measure(run, args.lines, args.repeat, workers)
            print(
                f"  {title:24} {found.rate:10,.0f} {found.parent_us:10.1f} "
                f"{found.workers_us:10.1f} {found.ceiling(workers, cpus):9,.0f}"
            )
        print(
            "  parent/workers us: CPU per request (workers' start-up included); ceiling: the\n"
            "  requests/s those costs allow on an otherwise idle machine with these CPUs"
        )


if __name__ == "__main__":
    main()
