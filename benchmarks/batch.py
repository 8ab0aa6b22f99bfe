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

With ``--engines``, it measures instead ``--count`` fresh reports (default 1,000,000, all
different) side by side on three engines: one process, a process pool of 2 workers, and
Dask on a local cluster of 2 worker processes (needs ``dask[distributed]``). The table is
split into chunks of ``--chunk`` reports (default 10,000); each task makes its chunk's
reports from a seed, as a worker would read its own partition of a large table, triages
them with ``rp.triage_json`` and returns how many got each disposition, so that what is
measured is the triage, not the shipping of answers. All three must agree on the counts.

    python benchmarks/batch.py --engines [--count 1000000] [--chunk 10000]

Rates are the best of ``--repeat`` runs, pool start-up not counted (the pool is warmed
first). Since a busy machine hides what more processes bring, the CPU time each request
costs, in this process and in the workers, is printed too, and from it the rate the
costs allow on an otherwise idle machine (``ceiling``). Unix only (``resource``).
Never asserted in tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import collections
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


# --- engines: one process, a process pool, Dask ------------------------------------------

ENGINE_WORKERS = 2


def fresh_reports(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """``count`` triage requests made from ``seed``: nearly all different from one another."""
    chooser = random.Random(seed)
    catalog = rp.default_catalog()
    mild = ["stiffness_or_soreness", "pain_after_running", "pain_while_running"]
    other = sorted(set(catalog.symptoms) - set(mild))
    risks = sorted(catalog.risk_factors)
    for _ in range(count):
        symptoms = chooser.sample(mild, chooser.randint(0, 2))
        if chooser.random() < 0.25:
            symptoms += chooser.sample(other, chooser.randint(1, 2))
        request: dict[str, Any] = {
            "symptoms": symptoms,
            "pain": chooser.randint(0, 10),
            "days_since_onset": chooser.randint(0, 3650),
        }
        if chooser.random() < 0.5:
            request["age"] = chooser.randint(10, 110)
        if chooser.random() < 0.1:
            request["risk_factors"] = chooser.sample(risks, 1)
        if chooser.random() < 0.05:
            request["unsure"] = chooser.sample([s for s in other if s not in symptoms], 1)
        yield request


Tally = tuple[collections.Counter[str], float]


def triage_chunk(seed: int, count: int) -> Tally:
    """Triage a chunk of fresh reports: how many got each disposition, and the CPU seconds.

    The CPU time is this thread's: a Dask worker's own event loop runs in other threads.
    """
    began = time.thread_time()
    counts = collections.Counter(
        rp.triage_json(request)["disposition"] for request in fresh_reports(seed, count)
    )
    return counts, time.thread_time() - began


def _chunks(count: int, chunk: int) -> list[tuple[int, int]]:
    """(seed, size) of each chunk of a table of ``count`` reports."""
    return [(seed, min(chunk, count - start)) for seed, start in enumerate(range(0, count, chunk))]


def _total(tallies: Iterable[Tally]) -> Tally:
    counts: collections.Counter[str] = collections.Counter()
    cpu = 0.0
    for found, seconds in tallies:
        counts += found
        cpu += seconds
    return counts, cpu


def engine_serial(chunks: list[tuple[int, int]]) -> Tally:
    return _total(triage_chunk(seed, size) for seed, size in chunks)


def engine_pool(
    chunks: list[tuple[int, int]], pool: concurrent.futures.ProcessPoolExecutor
) -> Tally:
    seeds, sizes = zip(*chunks, strict=True)
    return _total(pool.map(triage_chunk, seeds, sizes))


def engine_dask(chunks: list[tuple[int, int]], client: Any) -> Tally:
    seeds, sizes = zip(*chunks, strict=True)
    return _total(client.gather(client.map(triage_chunk, seeds, sizes, pure=False)))


class EngineFigures(NamedTuple):
    """What one engine achieved and what it cost, per report."""

    rate: float  # reports per second, measured
    task_us: float  # CPU microseconds per report in the tasks (making and triaging it)
    parent_us: float  # CPU microseconds per report in this process (scheduling, gathering)

    def ceiling(self, workers: int) -> float:
        """Reports per second these costs allow on an otherwise idle machine."""
        cpus = os.cpu_count() or 1
        limits = [max(min(workers, cpus), 1) * 1e6 / self.task_us]
        if workers:
            limits.append(cpus * 1e6 / (self.task_us + self.parent_us))
        return min(limits)


def _timed(
    name: str, run: Callable[[], Tally], count: int, workers: int, base: EngineFigures | None
) -> tuple[EngineFigures, collections.Counter[str]]:
    began, parent = time.perf_counter(), time.process_time()
    counts, task_cpu = run()
    wall = time.perf_counter() - began
    parent_cpu = time.process_time() - parent - (0 if workers else task_cpu)
    found = EngineFigures(count / wall, task_cpu / count * 1e6, max(parent_cpu, 0) / count * 1e6)
    base = base or found
    print(
        f"  {name:28} {found.rate:10,.0f} {found.rate / base.rate:7.2f}x {found.task_us:8.1f} "
        f"{found.parent_us:9.1f} {found.ceiling(workers):9,.0f} "
        f"{found.ceiling(workers) / base.ceiling(0):7.2f}x",
        flush=True,
    )
    return found, counts


def compare_engines(count: int, chunk: int) -> None:
    """``count`` fresh reports on one process, a process pool and Dask, side by side."""
    chunks = _chunks(count, chunk)
    print(
        f"runpelvis {rp.default_catalog().version}: {count:,} fresh reports in {len(chunks)} "
        f"chunks, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  {'engine':28} {'reports/s':>10} {'speed-up':>8} {'task us':>8} {'parent us':>9} "
        f"{'ceiling':>9} {'idle x':>8}"
    )
    warm = [(len(chunks), 10)] * ENGINE_WORKERS  # start and warm the workers, untimed
    serial, expected = _timed("one process", lambda: engine_serial(chunks), count, 0, None)
    with concurrent.futures.ProcessPoolExecutor(max_workers=ENGINE_WORKERS) as pool:
        engine_pool(warm, pool)
        _, counts = _timed(
            f"process pool, {ENGINE_WORKERS} workers",
            lambda: engine_pool(chunks, pool),
            count,
            ENGINE_WORKERS,
            serial,
        )
    assert counts == expected, "the process pool disagrees with one process"
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("  (Dask skipped: pip install 'dask[distributed]')")
        return
    with (
        LocalCluster(
            n_workers=ENGINE_WORKERS,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        engine_dask(warm, client)
        _, counts = _timed(
            f"Dask, {ENGINE_WORKERS} worker processes",
            lambda: engine_dask(chunks, client),
            count,
            ENGINE_WORKERS,
            serial,
        )
    assert counts == expected, "Dask disagrees with one process"
    print(f"  dispositions: {dict(sorted(expected.items()))}")
    print(
        f"  load average after: {os.getloadavg()[0]:.1f}. task/parent us: CPU per report in the\n"
        "  tasks and in this process; ceiling: the reports/s those costs allow on an otherwise\n"
        "  idle machine with these CPUs; idle x: that ceiling against one process's"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--chunksize", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", action="store_true", help="compare the three engines")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    args = parser.parse_args()
    if args.engines:
        compare_engines(args.count, args.chunk)
        return
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
