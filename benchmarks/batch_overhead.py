"""Benchmark: the batch runner against the naive loop.

Naive loop (``naive_loop.py``): the papermill CLI once per chapter notebook (a new
Python process and a new kernel each time), then one render per report. Runner: ``kvb
batch`` (warm kernel per worker, IPC), sequentially and with two workers.

    .venv/bin/python benchmarks/batch_overhead.py --upprepningar 3

Prints the median wall time of each variant and per report. Timings only;
correctness is the test suite's job.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from naive_loop import naive_loop

from helpers.config import list_kommuner, load_params
from helpers.demo import generate_all
from helpers.run.batch import Task, run_local


def runner(kommuner: list[str], jobs: int) -> None:
    results = run_local([Task(k, None, "inbyggd", force=True) for k in kommuner], jobs=jobs, show_progress=False)
    failed = [r for r in results if r.status == "misslyckad"]
    if failed:
        raise SystemExit(f"{failed[0].kommun}: {failed[0].error}")


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upprepningar", type=int, default=3)
    parser.add_argument("--kommuner", nargs="*", default=None)
    args = parser.parse_args()
    generate_all()
    kommuner = args.kommuner or [k for k in list_kommuner() if load_params(k).demo]
    chapters = sum(len(load_params(k).kapitel) for k in kommuner)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KVB_OUTPUT"] = str(Path(tmp) / "runner")
        variants = {
            "naiv loop (papermill-CLI per notebook)": lambda: naive_loop(kommuner, Path(tmp) / "naiv"),
            "kvb batch --jobb 1": lambda: runner(kommuner, 1),
            "kvb batch --jobb 2": lambda: runner(kommuner, 2),
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.upprepningar):
            for name, func in variants.items():
                times[name].append(timed(func))
    print(f"{len(kommuner)} rapporter, {chapters} kapitelnotebooks, {args.upprepningar} upprepningar, {os.cpu_count()} kärnor")
    base = statistics.median(times[next(iter(times))])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<42} median {median:6.1f} s  ({median / len(kommuner):4.1f} s/rapport, {base / median:3.1f}× naiv)  alla: "
              + ", ".join(f"{v:.1f}" for v in values))


if __name__ == "__main__":
    main()
