"""Batch runs: many kommuner for one year, in parallel, collect-then-fail.

Each kommun runs in its own worker process (or on a Dask cluster); a failure
is recorded and the others go on. The batch ends with a summary and the
intranet index (``output/index.html``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date

from tqdm import tqdm

from .. import paths
from ..errors import KvbError
from .engine import CELL_TIMEOUT_SECONDS
from .render import Engine
from .runner import RunResult, run_report


@dataclass(frozen=True)
class Task:
    kommun: str
    year: int | None
    engine: Engine = "auto"
    force: bool = False
    report_date: date | None = None
    draft: bool | None = None  # None: ``utkast`` in the kommun's params
    cell_timeout: int = CELL_TIMEOUT_SECONDS


def run_task(task: Task) -> RunResult:
    """Run one task and never raise: a failure becomes a result with status ``misslyckad``."""
    try:
        return run_report(task.kommun, task.year, engine=task.engine, force=task.force, report_date=task.report_date,
                          draft=task.draft, cell_timeout=task.cell_timeout)
    except KvbError as exc:
        return RunResult(task.kommun, task.year or 0, "misslyckad", paths.output_dir() / task.kommun, error=str(exc))
    except Exception as exc:  # an unexpected bug in one kommun must not stop the batch
        return RunResult(task.kommun, task.year or 0, "misslyckad", paths.output_dir() / task.kommun,
                         error=f"Oväntat fel ({type(exc).__name__}): {exc}")


def default_jobs() -> int:
    """One worker per core: each notebook run is one kernel process busy on one core."""
    return max(1, os.cpu_count() or 1)


def _progress(total: int, show: bool) -> tqdm:
    return tqdm(total=total, desc="Kommuner", unit="kommun", disable=not show, dynamic_ncols=True)


def run_local(tasks: list[Task], jobs: int, show_progress: bool = True, on_result: Callable[[RunResult], None] | None = None) -> list[RunResult]:
    """Run the tasks on this machine with ``jobs`` worker processes."""
    results: list[RunResult] = []
    with _progress(len(tasks), show_progress) as bar:
        if jobs <= 1:
            for task in tasks:
                results.append(run_task(task))
                bar.update(1)
                if on_result:
                    on_result(results[-1])
        else:
            # spawn, not fork: forking a process that runs kernel client threads can deadlock.
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                futures = [pool.submit(run_task, t) for t in tasks]
                for future in as_completed(futures):
                    results.append(future.result())
                    bar.update(1)
                    if on_result:
                        on_result(results[-1])
    return sorted(results, key=lambda r: r.kommun)


def run_dask(tasks: list[Task], scheduler: str, show_progress: bool = True) -> list[RunResult]:
    """Run the tasks on an existing Dask distributed cluster (``tcp://host:8786``)."""
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise KvbError("Dask är inte installerat. Installera med 'pip install .[dask]'.") from None
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise KvbError(f"Kunde inte ansluta till Dask-schemaläggaren {scheduler}: {exc}") from None
    results: list[RunResult] = []
    with client, _progress(len(tasks), show_progress) as bar:
        futures = client.map(run_task, tasks, pure=False)
        for future in dask_completed(futures):
            results.append(future.result())
            bar.update(1)
    return sorted(results, key=lambda r: r.kommun)


def summarize(results: Iterable[RunResult]) -> str:
    """One line per kommun (what, where, why), then the totals, in Swedish."""
    results = list(results)
    lines = []
    for r in results:
        if r.status == "misslyckad":
            lines.append(f"MISSLYCKAD  {r.kommun}: {r.error}")
        else:
            lines.append(f"{r.status.upper():<11} {r.kommun} {r.year}: {r.folder}")
        lines += [f"  KONTROLL  {warning}" for warning in r.warnings]
    ok = sum(r.status != "misslyckad" for r in results)
    failed = len(results) - ok
    checked = sum(bool(r.warnings) for r in results)
    lines.append(f"Klart: {ok} av {len(results)} rapporter finns; {failed} misslyckades; {checked} med kontroller att titta på.")
    return "\n".join(lines)
