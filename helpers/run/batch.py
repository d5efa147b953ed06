"""Batch runs: many kommuner for one year, in parallel, collect-then-fail.

Each kommun runs in a worker process (``workers``) or on a Dask cluster
(``dask_batch``); a failure, even a crashed worker, is recorded and the others go on. A stopped
batch (Ctrl-C, SIGTERM) stops its workers and kernels and still reports what
was finished. The caller writes the summary and the intranet index.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from tqdm import tqdm

from .. import paths
from ..errors import KvbError
from .engine import CELL_TIMEOUT_SECONDS
from .leftovers import Cleaned, clean_output, clean_socket_dirs, describe
from .render import Engine
from .runner import RunResult, run_report
from .stopping import Stopped, signals_ignored, stop_on_sigterm
from .workers import UNEXPECTED, WorkerPool


@dataclass(frozen=True)
class Task:
    kommun: str
    year: int | None
    engine: Engine = "auto"
    force: bool = False
    report_date: date | None = None
    draft: bool | None = None  # None: ``utkast`` in the kommun's params
    cell_timeout: int = CELL_TIMEOUT_SECONDS
    korning: dict[str, str | None] | None = None  # where the report is made (manifest); None: here, locally


def failed(task: Task, reason: str, detail: str | None = None) -> RunResult:
    """The result of a task that gave no report."""
    return RunResult(task.kommun, task.year or 0, "misslyckad", paths.output_dir() / task.kommun, error=reason, detail=detail)


def run_task(task: Task) -> RunResult:
    """Run one task and never raise: a failure becomes a result with status ``misslyckad``."""
    try:
        return run_report(task.kommun, task.year, engine=task.engine, force=task.force, report_date=task.report_date,
                          draft=task.draft, cell_timeout=task.cell_timeout, korning=task.korning)
    except KvbError as exc:
        return failed(task, str(exc), getattr(exc, "detail", None))
    except Exception:  # an unexpected bug in one kommun must not stop the batch
        return failed(task, UNEXPECTED, traceback.format_exc())


class BatchStopped(Exception):
    """The batch was stopped (Ctrl-C or a signal) before every task had run."""

    def __init__(self, results: list[RunResult], not_run: list[str], signum: int):
        super().__init__(results, not_run, signum)
        self.results = results
        self.not_run = not_run
        self.signum = signum


def default_jobs() -> int:
    """One worker per core this process may use (a container's or batch system's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _progress(total: int, show: bool) -> tqdm:
    """Reports done of all, time used and estimated time left, and how many succeeded and failed so far."""
    return tqdm(total=total, desc="Rapporter", unit="rapport", disable=not show, dynamic_ncols=True,
                bar_format="{desc}: {n_fmt} av {total_fmt} |{bar}| {elapsed} (kvar ca {remaining}){postfix}")


def progress_counts(results: Iterable[RunResult]) -> str:
    """The progress bar's tally: ``klara 12, misslyckade 1``."""
    results = list(results)
    bad = sum(r.status == "misslyckad" for r in results)
    return f"klara {len(results) - bad}, misslyckade {bad}"


def _signal_of(stop: BaseException) -> int:
    return stop.signum if isinstance(stop, Stopped) else int(signal.SIGINT)


def _stopped(tasks: list[Task], results: dict[int, RunResult], stop: BaseException) -> BatchStopped:
    """What a stopped batch finished, and which kommuner it did not run."""
    finished = sorted(results.values(), key=lambda r: r.kommun)
    return BatchStopped(finished, [t.kommun for i, t in enumerate(tasks) if i not in results], _signal_of(stop))


def run_local(tasks: list[Task], jobs: int, show_progress: bool = True, on_result: Callable[[RunResult], None] | None = None,
              runner: Callable[[Task], RunResult] = run_task) -> list[RunResult]:
    """Run the tasks on this machine in ``jobs`` worker processes; raises ``BatchStopped`` when stopped.

    ``runner`` runs one task in a worker (a module-level function, so that it pickles).
    """
    results: dict[int, RunResult] = {}
    pool = WorkerPool(min(jobs, len(tasks)) or 1, runner)
    with _progress(len(tasks), show_progress) as bar:

        def done(index: int, result: RunResult) -> None:
            results[index] = result
            bar.set_postfix_str(progress_counts(results.values()), refresh=False)
            bar.update(1)
            if on_result:
                on_result(result)

        def crashed(index: int, reason: str, detail: str) -> None:
            done(index, failed(tasks[index], reason, detail))

        try:
            with stop_on_sigterm():
                pool.run(tasks, done, crashed)
            pool.close()
        except (KeyboardInterrupt, Stopped) as stop:
            with signals_ignored():
                pool.terminate(done)
            raise _stopped(tasks, results, stop) from None
    return sorted(results.values(), key=lambda r: r.kommun)


def clean_leftovers(kommuner: list[str]) -> str | None:
    """Remove what dead runs left for these kommuner and dead kernels' socket folders; one Swedish line, or None."""
    cleaned = Cleaned()
    cleaned.extend(clean_output(paths.output_dir(), kommuner))
    cleaned.extend(clean_socket_dirs())
    return describe(cleaned)


@dataclass
class BatchOutcome:
    """What a batch did: the results, and what it did not get to when it was stopped."""

    results: list[RunResult]
    not_run: list[str] = field(default_factory=list)
    signum: int | None = None  # the signal that stopped it; None: it ran to the end
    cleaned: str | None = None

    @property
    def exit_code(self) -> int:
        """128 + the signal when stopped (130 Ctrl-C, 143 SIGTERM); 1 when a kommun failed; else 0."""
        if self.signum is not None:
            return 128 + self.signum
        return 1 if any(r.status == "misslyckad" for r in self.results) else 0


def run_batch(tasks: list[Task], jobs: int, scheduler: str | None = None, timeout: float | None = None,
              show_progress: bool = True, wait_for_workers: float | None = None) -> BatchOutcome:
    """Clean up after dead runs, then run the tasks locally or on Dask; a stop gives what was finished."""
    cleaned = clean_leftovers(sorted({t.kommun for t in tasks}))
    try:
        if scheduler:
            from .dask_batch import run_dask  # Dask is optional and slow to import

            results = run_dask(tasks, scheduler, show_progress, timeout, wait_for_workers)
        else:
            results = run_local(tasks, jobs, show_progress)
    except BatchStopped as stop:
        return BatchOutcome(stop.results, stop.not_run, stop.signum, cleaned)
    return BatchOutcome(results, cleaned=cleaned)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def stopped_line(outcome: BatchOutcome) -> str:
    """``Avbrutet: 1 klar, 2 ej körda: bjorkvik, sjohamn.``"""
    done = _count(sum(r.status != "misslyckad" for r in outcome.results), "klar", "klara")
    failures = sum(r.status == "misslyckad" for r in outcome.results)
    failed_part = f", {_count(failures, 'misslyckad', 'misslyckade')}" if failures else ""
    names = f": {', '.join(outcome.not_run)}" if outcome.not_run else ""
    return f"Avbrutet: {done}{failed_part}, {_count(len(outcome.not_run), 'ej körd', 'ej körda')}{names}."


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
    failed_count = len(results) - ok
    checked = sum(bool(r.warnings) for r in results)
    if failed_count:  # after hundreds of lines, the ones to act on once more, together
        lines.append(f"Misslyckades ({failed_count}): " + ", ".join(sorted(r.kommun for r in results if r.status == "misslyckad")))
    lines.append(f"Klart: {ok} av {len(results)} rapporter finns; {failed_count} misslyckades; {checked} med kontroller att titta på.")
    return "\n".join(lines)
