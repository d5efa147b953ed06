"""A batch on an existing Dask distributed cluster, and the dry run that checks the cluster first.

The client prepares one job per kommun (``dask_jobs``: the client's folders,
code version and file hashes), writes a marker in the shared output folder,
and maps the jobs on the cluster. Whatever happens there ends in a result per
kommun: a worker that refused or failed, a task lost with its workers
(``KilledWorker``), the whole batch taking too long (``--tidsgrans-dask``), or
a cluster without workers for longer than ``--vanta-pa-arbetare``. The caller
writes the summary and the index, on the client, in the client's output folder.

Certificates for ``tls://`` come from Dask's own configuration (a YAML file or
``DASK_DISTRIBUTED__COMM__TLS__…`` variables; see docs/drift.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import KvbError
from .batch import Task, _progress, _stopped, failed, progress_counts
from .dask_jobs import DRIFT_DOC, Job, check_worker, client_place, prepare_job, run_job
from .manifest import code_hash, versions
from .runner import RunResult
from .stopping import Stopped, signals_ignored, stop_on_sigterm
from .workers import UNEXPECTED

WAIT_FOR_WORKERS_SECONDS = 60.0  # a cluster with no worker this long ends the batch (--vanta-pa-arbetare)
POLL_SECONDS = 0.5
CHECK_SECONDS = 600.0  # the dry run's longest wait for one worker's answer
MARKER_PREFIX = ".kvb-markering-"
TLS_VARIABLES = ("DASK_DISTRIBUTED__COMM__TLS__CA_FILE", "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT",
                 "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise KvbError("Dask är inte installerat. Installera med 'pip install .[dask]'.") from None
    return distributed


def quiet_dask() -> None:
    """Dask's own English log lines (and tracebacks) stay out of the operator's terminal; ``--felsok`` keeps them.

    For the rest of the process: the client's connection logs even while it closes, after the batch.
    """
    if os.environ.get("KVB_FELSOK", "") not in {"", "0"}:
        return
    for name in list(logging.root.manager.loggerDict):
        if name.split(".")[0] in {"distributed", "tornado", "bokeh"}:
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def connect(scheduler: str) -> Any:
    """A client of the scheduler, with the TLS certificates of Dask's configuration; a Swedish error when it cannot."""
    distributed = _distributed()
    quiet_dask()
    security = distributed.Security()
    if scheduler.startswith("tls://") and not (security.tls_ca_file and security.tls_client_cert):
        raise KvbError(f"Adressen {scheduler} använder TLS, men klienten har inga certifikat. Ange dem med "
                       f"{', '.join(TLS_VARIABLES)} (eller i Dasks inställningsfil); se {DRIFT_DOC}.")
    for label, name in (("CA-certifikatet", security.tls_ca_file), ("Klientens certifikat", security.tls_client_cert),
                        ("Klientens nyckel", security.tls_client_key)):
        if name and not Path(name).is_file():
            raise KvbError(f"{label} {name} (Dasks TLS-inställning) finns inte. Rätta sökvägen; se {DRIFT_DOC}.")
    if security.require_encryption and not scheduler.startswith("tls://"):
        raise KvbError(f"Dask kräver kryptering (distributed.comm.require-encryption) men adressen {scheduler} är inte "
                       "tls://. Ange schemaläggarens adress som tls://värd:port.")
    try:
        return distributed.Client(scheduler, timeout="10s", security=security)
    except (OSError, TimeoutError, ValueError, TypeError):
        hint = " Kontrollera också certifikaten (TLS)." if scheduler.startswith("tls://") else ""
        raise KvbError(f"Kunde inte ansluta till Dask-schemaläggaren {scheduler}. Kontrollera adressen och att "
                       f"schemaläggaren är igång.{hint}") from None


@contextlib.contextmanager
def output_marker() -> Iterator[tuple[str, str]]:
    """A marker file in the client's output folder: a worker that cannot read it sees another folder."""
    output = paths.output_dir()
    token = uuid.uuid4().hex
    marker = output / f"{MARKER_PREFIX}{token}"
    try:
        output.mkdir(parents=True, exist_ok=True)
        for stale in stale_markers(output):
            stale.unlink(missing_ok=True)
        marker.write_text(token, encoding="utf-8")
    except OSError:
        raise KvbError(f"Kunde inte skriva i utdatamappen {output}. Kontrollera att mappen finns och att du får skriva i den.") from None
    try:
        yield marker.name, token
    finally:
        marker.unlink(missing_ok=True)


def dask_failure(task: Task, exc: BaseException) -> RunResult:
    """A task that raised on the cluster instead of returning a result."""
    detail = "".join(traceback.format_exception(exc))
    name = type(exc).__name__
    if name == "KilledWorker":
        worker = getattr(getattr(exc, "last_worker", None), "address", None)
        where = f" Senast på arbetaren {worker}." if worker else ""
        return failed(task, "Arbetsprocessen på Dask-klustret avslutades oväntat varje gång den körde kommunen (troligen slut på "
                            f"minne). Rapporten skapades inte, och en tidigare rapport ligger kvar.{where}", detail)
    if getattr(exc, "reason", None) == "scheduler-connection-lost":
        return failed(task, "Förbindelsen med Dask-schemaläggaren bröts medan kommunen kördes. Rapporten kan ha blivit klar "
                            "ändå; kör batchen igen när schemaläggaren är igång (en färdig rapport körs inte om).", detail)
    if name in {"CancelledError", "FutureCancelledError"}:
        return failed(task, "Körningen avbröts på Dask-klustret; rapporten skapades inte.", detail)
    return failed(task, UNEXPECTED, detail)


def workers_now(client: Any) -> set[str] | None:
    """The scheduler's workers now; None when it does not answer."""
    try:
        return set(client.nthreads(callback_timeout=10))
    except Exception:  # a lost scheduler: the caller waits, then gives up with a message
        return None


def seconds(value: float) -> str:
    return f"{value:g} {'sekund' if value == 1 else 'sekunder'}"


def not_run(scheduler: str, wait: float, workers: set[str] | None) -> str:
    why = (f"förbindelsen med Dask-schemaläggaren {scheduler} bröts" if workers is None
           else f"Dask-klustret {scheduler} hade inga arbetare")
    return (f"Kördes inte: {why} i {seconds(wait)} (--vanta-pa-arbetare). Starta arbetare (se {DRIFT_DOC}) och kör "
            "kommunen igen; en tidigare rapport ligger kvar.")


def prepared(tasks: list[Task], place: Any, results: dict[int, RunResult]) -> dict[int, Job]:
    """The jobs of the tasks the client can prepare; the others fail here, with the message a local run gives."""
    code, jobs = code_hash(), {}
    for i, task in enumerate(tasks):
        try:
            jobs[i] = prepare_job(task, place, code)
        except KvbError as exc:
            results[i] = failed(task, str(exc), getattr(exc, "detail", None))
    return jobs


def collect(client: Any, pending: Any, index: dict[Any, int], tasks: list[Task], done: Callable[[int, RunResult], None],
            timeout: float | None, wait_for_workers: float, scheduler: str, note: Callable[[str], None]) -> str | None:
    """Hand each finished task to ``done`` until all are; the reason the rest fail when the batch cannot finish, else None."""
    started, idle_since = time.monotonic(), None
    while not pending.is_empty():
        batch = pending.next_batch(block=False)
        for future in batch:
            try:
                done(index[future.key], future.result())
            except Exception as exc:  # KilledWorker, a cancelled task, a bug: this kommun fails, the batch goes on
                done(index[future.key], dask_failure(tasks[index[future.key]], exc))
        now = time.monotonic()
        if timeout is not None and now - started > timeout:
            return f"Dask-klustret blev inte klart med kommunen inom {seconds(timeout)} (--tidsgrans-dask); körningen avbröts."
        if batch:
            continue
        workers = workers_now(client)
        idle_since = None if workers else (idle_since or now)
        if idle_since is not None:
            if now - idle_since >= wait_for_workers:
                return not_run(scheduler, wait_for_workers, workers)
            note(f"väntar på arbetare ({now - idle_since:.0f} s)")
        time.sleep(POLL_SECONDS)
    return None


def run_dask(tasks: list[Task], scheduler: str, show_progress: bool = True, timeout: float | None = None,
             wait_for_workers: float | None = None, runner: Callable[[Job], RunResult] = run_job,
             on_result: Callable[[RunResult], None] | None = None) -> list[RunResult]:
    """Run the tasks on the cluster at ``scheduler``; raises ``BatchStopped`` when stopped.

    ``timeout``: seconds for the whole batch; ``wait_for_workers``: seconds without any worker before the batch gives
    up (default 60); ``runner`` runs one job on a worker; ``on_result`` sees each result as it comes.
    """
    results: dict[int, RunResult] = {}
    distributed = _distributed()
    wait_for_workers = WAIT_FOR_WORKERS_SECONDS if wait_for_workers is None else wait_for_workers
    with connect(scheduler) as client, output_marker() as (marker, token), \
            _progress(len(tasks), show_progress) as bar:

        def done(i: int, result: RunResult) -> None:
            results[i] = result
            bar.set_postfix_str(progress_counts(results.values()), refresh=False)
            bar.update(1)
            if on_result:
                on_result(result)

        jobs = prepared(tasks, client_place(scheduler, marker, token), results)
        for i in sorted(results):
            done(i, results[i])
        order = sorted(jobs)
        futures = client.map(runner, [jobs[i] for i in order], pure=False) if order else []
        index = {future.key: i for future, i in zip(futures, order)}
        try:
            with stop_on_sigterm():
                reason = collect(client, distributed.as_completed(futures), index, tasks, done, timeout, wait_for_workers,
                                 scheduler, lambda note: bar.set_postfix_str(f"{progress_counts(results.values())}; {note}"))
            if reason:
                late = [f for f in futures if index[f.key] not in results]
                with contextlib.suppress(Exception):  # a lost scheduler cannot cancel: the tasks went with it
                    client.cancel(late)
                for future in late:
                    done(index[future.key], failed(tasks[index[future.key]], reason))
        except (KeyboardInterrupt, Stopped) as stop:
            with signals_ignored(), contextlib.suppress(Exception):
                client.cancel(futures)
            raise _stopped(tasks, results, stop) from None
    return sorted(results.values(), key=lambda r: r.kommun)


LEFT = ("Arbetaren lämnade klustret under kontrollen. Oftast saknar den programmet eller har en helt annan version "
        "(se arbetarens logg); installera samma commit på den.")


def answers(client: Any, futures: dict[str, Any]) -> dict[str, tuple[str | None, list[str]]]:
    """Each worker's answer to the dry run: ``(host, problems)``; a worker that left or never answers gets a reason."""
    found: dict[str, tuple[str | None, list[str]]] = {}
    deadline = time.monotonic() + CHECK_SECONDS
    while True:
        for worker, future in futures.items():
            if worker not in found and future.done():
                try:
                    found[worker] = future.result()
                except Exception:  # it died while checking
                    found[worker] = (None, [LEFT])
        if len(found) == len(futures) or time.monotonic() > deadline:
            break
        # A worker that cannot read the task closes its connection and leaves: its task would wait for it forever.
        alive = workers_now(client)
        if alive is not None:  # a lost scheduler cancels the futures instead
            found.update({w: (None, [LEFT]) for w in futures if w not in found and w not in alive})
        time.sleep(POLL_SECONDS)
    late = [f"Arbetaren svarade inte på kontrollen inom {seconds(CHECK_SECONDS)} (se arbetarens logg)."]
    return {w: found.get(w, (None, late)) for w in futures}


def check_cluster(tasks: list[Task], scheduler: str) -> tuple[list[str], bool]:
    """The dry run: on every worker, what differs from the client; one Swedish line per worker, and whether all are OK."""
    lines: list[str] = []
    with connect(scheduler) as client, output_marker() as (marker, token):
        results: dict[int, RunResult] = {}
        jobs = list(prepared(tasks, client_place(scheduler, marker, token), results).values())
        lines += [f"Klienten: {r.kommun}: {r.error}" for r in results.values()]
        workers = sorted(client.nthreads())
        if not workers:
            return lines + [f"Dask-klustret {scheduler} har inga arbetare. Starta minst en (se {DRIFT_DOC})."], False
        futures = {w: client.submit(check_worker, jobs, versions(), workers=[w], allow_other_workers=False, pure=False)
                   for w in workers}
        replies = answers(client, futures)
        with contextlib.suppress(Exception):
            client.cancel(list(futures.values()))
    for worker, (host, problems) in replies.items():
        lines.append(f"{worker}{f' ({host})' if host else ''}: {' '.join(problems) if problems else 'OK'}")
    ok = not results and not any(problems for _, problems in replies.values())
    kommuner = f"{len(jobs)} {'kommun' if len(jobs) == 1 else 'kommuner'}"
    lines.append(f"Kontrollerade {len(workers)} arbetare för {kommuner}: "
                 + ("alla kan köra batchen." if ok else "rätta det som står ovan innan batchen körs."))
    return lines, ok


def stale_markers(output: Path) -> list[Path]:
    """Markers a killed client left behind (a day old or more)."""
    cutoff = time.time() - 24 * 3600
    return [p for p in output.glob(f"{MARKER_PREFIX}*") if p.is_file() and p.stat().st_mtime < cutoff]
