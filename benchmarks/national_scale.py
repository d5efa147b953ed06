"""Benchmark at national scale (issue 17): the naive loop and kvb batch side by side, all 290 cold, the no-op rebuild.

On the national synthetic data (``kvb demodata --nationellt``, generated into a temporary folder
unless ``--data`` names one):

1. a sample of kommuner spread over the sizes (``--urval``, default 10, the smallest and Stockholm
   included), ``--upprepningar`` times, alternating: the naive loop (``naive_loop.py``: the papermill
   CLI per notebook, then one render per report) and kvb batch's runner (``run_local``, cold:
   ``force``, the built-in engine, ``--jobb`` workers, and the index as ``kvb batch`` writes it);
2. with ``--hela``: all 290 kommuner cold (about 15 minutes or more on two cores);
3. the no-op rebuild of the same kommuner (all 290 with ``--hela``, else the sample): nothing changed,
   so every result must be "oförändrad".

    .venv/bin/python benchmarks/national_scale.py --urval 3 --upprepningar 1
    .venv/bin/python benchmarks/national_scale.py --hela --jobb 2

Prints the machine, the date and one Markdown table: reports, wall time (median of the repetitions),
reports per minute, per-report median and p95 (``RunResult.seconds``; for the naive loop the time of
each report), peak resident memory per worker (the worker process and its kernels, summed, sampled
every 0,2 s) and throughput against the naive loop. Reports and the index go to a temporary folder
(``KVB_OUTPUT``), params are read from the national folder (``KVB_PARAMS``): nothing is written into
the project. A report that fails stops the benchmark with its message.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from naive_loop import naive_report

from helpers.demo.national import generate_national
from helpers.demo.national_profiles import KommunProfile, national_profiles
from helpers.run.batch import Task, default_jobs, run_local
from helpers.run.publish import write_index

try:
    import psutil
except ImportError:  # a jupyter dependency, so normally present
    raise SystemExit("Mätningen behöver paketet psutil för minnet per arbetare: .venv/bin/pip install psutil") from None

SAMPLE_SECONDS = 0.2


class PeakMemory:
    """Peak RSS of each child process tree of this process (a batch worker and its kernels, or a papermill run)."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children():
                try:
                    if "resource_tracker" in " ".join(child.cmdline()):
                        continue
                    tree = [child, *child.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree)
                except psutil.Error:  # a process ended while it was read
                    continue
                self.peaks[child.pid] = max(rss, self.peaks.get(child.pid, 0))
            self._stop.wait(SAMPLE_SECONDS)

    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 2**20


@dataclass
class Row:
    variant: str
    walls: list[float] = field(default_factory=list)
    per_report: list[float] = field(default_factory=list)
    reports: int = 0
    peak_mb: float = 0.0

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def per_minute(self) -> float:
        return self.reports / self.wall * 60


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def spread_sample(profiles: list[KommunProfile], n: int) -> list[KommunProfile]:
    """``n`` kommuner evenly spread over the sizes, the smallest and the largest included."""
    by_size = sorted(profiles, key=lambda p: (p.size, p.kod))
    if n >= len(by_size):
        return by_size
    picks = sorted({round(i * (len(by_size) - 1) / max(n - 1, 1)) for i in range(n)})
    return [by_size[i] for i in picks]


def naive(kommuner: list[str], out: Path, row: Row) -> None:
    started = time.perf_counter()
    with PeakMemory() as memory:
        for kommun in kommuner:
            one = time.perf_counter()
            try:
                naive_report(kommun, out)
            except subprocess.CalledProcessError as exc:
                last = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-1:] or ["(inget felmeddelande)"]
                raise SystemExit(f"Den naiva loopen misslyckades för {kommun}: {last[0]}") from None
            row.per_report.append(time.perf_counter() - one)
    row.walls.append(time.perf_counter() - started)
    row.reports = len(kommuner)
    row.peak_mb = max(row.peak_mb, memory.peak_mb())


def batch(kommuner: list[str], jobs: int, row: Row, force: bool, progress: bool = False) -> None:
    """kvb batch's runner and index; a failed report, or a rebuild that was not a no-op, stops the benchmark."""
    started = time.perf_counter()
    with PeakMemory() as memory:
        results = run_local([Task(k, None, "inbyggd", force=force) for k in kommuner], jobs=jobs, show_progress=progress)
        write_index()
    row.walls.append(time.perf_counter() - started)
    for result in results:
        if result.status == "misslyckad":
            raise SystemExit(f"{result.kommun}: {result.error}")
        if not force and result.status != "oförändrad":
            raise SystemExit(f"{result.kommun} byggdes om fast inget ändrats (status {result.status}); no-op-mätningen gäller inte.")
    row.per_report += [r.seconds for r in results]
    row.reports = len(results)
    row.peak_mb = max(row.peak_mb, memory.peak_mb())


def machine() -> str:
    model = platform.processor() or "okänd processor"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ram = psutil.virtual_memory().total / 2**30
    return (f"Dator: {model}; {os.cpu_count()} kärnor ({usable} tillgängliga för mätningen); {sv(ram, 1)} GiB minne; "
            f"Python {platform.python_version()}; {datetime.now():%Y-%m-%d %H:%M}")


def sv(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


def table(rows: list[Row]) -> str:
    base = rows[0].per_minute
    lines = ["| Variant | Rapporter | Väggtid | Rapporter/min | Median/rapport | p95/rapport | Topp-RSS/arbetare | Mot naiv loop |",
             "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        lines.append(f"| {row.variant} | {row.reports} | {sv(row.wall)} s | {sv(row.per_minute)} | {sv(statistics.median(row.per_report), 2)} s "
                     f"| {sv(p95(row.per_report), 2)} s | {sv(row.peak_mb, 0)} MB | {sv(row.per_minute / base)}× |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, help="en mapp från kvb demodata --nationellt (standard: skapas i en tillfällig mapp)")
    parser.add_argument("--urval", type=int, default=10, help="antal kommuner i jämförelsen med den naiva loopen (standard 10)")
    parser.add_argument("--upprepningar", type=int, default=3, help="antal körningar av urvalet; tabellen visar medianen (standard 3)")
    parser.add_argument("--jobb", type=int, default=2, help="arbetsprocesser för kvb batch (standard 2)")
    parser.add_argument("--hela", action="store_true", help="kör också alla 290 kommuner kallt och ombyggnaden utan ändringar")
    args = parser.parse_args()
    if args.urval < 1 or args.upprepningar < 1 or args.jobb < 1:
        parser.error("--urval, --upprepningar och --jobb ska vara minst 1")
    profiles = national_profiles()
    sample = spread_sample(profiles, args.urval)
    with tempfile.TemporaryDirectory(prefix="kvb-nationellt-") as tmp:
        data = args.data.resolve() if args.data else Path(tmp) / "nationellt"
        if not args.data:
            started = time.perf_counter()
            files, count = generate_national(data, None if args.hela else [p.kod for p in sample], jobs=default_jobs())
            print(f"Genererade {len(files)} filer för {count} kommuner på {sv(time.perf_counter() - started)} s.")
        elif not (data / "params").is_dir():
            raise SystemExit(f"{data} har ingen params-mapp: skapa data med kvb demodata --nationellt --mapp {data}.")
        os.environ["KVB_PARAMS"] = str(data / "params")
        os.environ["KVB_OUTPUT"] = str(Path(tmp) / "rapporter")
        names = [p.id for p in sample]
        print(f"Urval ({len(names)}): " + ", ".join(f"{p.id} ({p.size})" for p in sample))
        naive_row, batch_row = Row("naiv loop (papermill-CLI per notebook)"), Row(f"kvb batch --jobb {args.jobb}, kall")
        for _ in range(args.upprepningar):
            naive(names, Path(tmp) / "naiv", naive_row)
            batch(names, args.jobb, batch_row, force=True)
        rows = [naive_row, batch_row]
        everyone = names
        if args.hela:
            everyone = [p.id for p in profiles]
            rows.append(Row(f"kvb batch --jobb {args.jobb}, kall, alla {len(everyone)}"))
            batch(everyone, args.jobb, rows[-1], force=True, progress=True)
        rows.append(Row(f"kvb batch --jobb {args.jobb}, inget ändrat ({'alla' if args.hela else 'urvalet'})"))
        batch(everyone, args.jobb, rows[-1], force=False)
    print(machine())
    print(f"Urvalet {args.upprepningar} gånger (median); tider per rapport ur alla körningar.")
    print(table(rows))


if __name__ == "__main__":
    main()
