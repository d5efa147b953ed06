"""Worker processes for a local batch: one task at a time each, replaced when one dies, stopped with their parent.

Each worker keeps its warm kernel between tasks (see ``engine``). Unlike
``ProcessPoolExecutor``, where one dead worker breaks the whole pool, a worker
that dies here (killed for memory, a segfault, ``os._exit``) fails only the
task it was running; a fresh worker takes its place.

A worker never outlives the batch: on Linux the kernel sends it SIGTERM when
its parent dies (``PR_SET_PDEATHSIG``), and a watchdog thread checks the
parent as a portable fallback. On SIGTERM a worker unwinds its task (the
staging folder is removed), kills its warm kernel and exits. The kernels
themselves also exit when their worker is gone (ipykernel's parent poller,
``JPY_PARENT_PID``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from .stopping import Stopped, child_output_hidden, stop_own_kernels

GRACE_SECONDS = 5.0  # a stopped worker that has not unwound by then is killed
WATCHDOG_SECONDS = 0.5
PR_SET_PDEATHSIG = 1
UNEXPECTED = ("Ett oväntat fel i programmet (inte i indata) stoppade rapporten; en tidigare rapport ligger i så fall kvar "
              "orörd. Kör igen med 'kvb --felsok batch …' för detaljer.")


def _die_with_parent(parent: int) -> None:
    """SIGTERM to this process when ``parent`` is gone: from the kernel on Linux, from a watchdog thread anywhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="kvb-watchdog", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch began
        os.kill(os.getpid(), signal.SIGTERM)


def _hard_exit(signum: int) -> None:
    stop_own_kernels()
    os._exit(128 + signum)


def _worker_main(conn: Connection, parent: int, run: Callable[[Any], Any]) -> None:
    """A worker's life: receive a task, run it, send ``(index, True, result)`` or ``(index, False, traceback)``; ``None`` ends it."""
    # Ctrl-C reaches the whole terminal process group; the parent decides what stops, the worker waits for SIGTERM.
    signal.signal(signal.SIGINT, lambda signum, frame: None)

    def on_term(signum: int, frame: Any) -> None:
        signal.signal(signum, signal.SIG_IGN)
        timer = threading.Timer(GRACE_SECONDS, _hard_exit, args=(signum,))
        timer.daemon = True
        timer.start()
        raise Stopped(signum)

    signal.signal(signal.SIGTERM, on_term)
    _die_with_parent(parent)
    try:
        # A worker prints nothing of its own: results and reasons go to the parent through the pipe.
        with child_output_hidden():
            _serve(conn, run)
    except Stopped as stop:
        _hard_exit(stop.signum)  # the task has unwound (its staging folder is gone); now the kernel, without waiting
    except (EOFError, OSError):
        return  # the parent closed the pipe: nothing more to do


def _serve(conn: Connection, run: Callable[[Any], Any]) -> None:
    while True:
        item = conn.recv()
        if item is None:
            return
        index, task = item
        try:
            result = run(task)
            conn.send((index, True, result))
        except Exception:  # a bug in the task (or an unpicklable result): this task fails, the worker goes on
            conn.send((index, False, traceback.format_exc()))


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (spawn context)
    conn: Connection
    task: int | None = None  # index of the task it runs
    started: float = field(default_factory=time.perf_counter)


class WorkerPool:
    """``jobs`` spawned worker processes that run ``run(task)`` one task at a time."""

    def __init__(self, jobs: int, run: Callable[[Any], Any]):
        # spawn, not fork: forking a process that runs kernel client threads can deadlock.
        self._context = multiprocessing.get_context("spawn")
        self._jobs = max(1, jobs)
        self._run = run
        self._workers: list[_Worker] = []

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(theirs, os.getpid(), self._run), daemon=True,
                                        name="kvb-arbetare")
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    def run(self, tasks: list[Any], on_done: Callable[[int, Any], None], on_failed: Callable[[int, str, str], None]) -> None:
        """Run every task; ``on_done(index, result)`` per result, ``on_failed(index, reason, detail)`` per task that
        raised or whose worker died (reason in Swedish, detail for ``--felsok``)."""
        pending = list(range(len(tasks)))
        while pending or any(w.task is not None for w in self._workers):
            for worker in [w for w in self._workers if w.task is None]:
                if not pending:
                    break
                self._give(worker, pending.pop(0), tasks)
            while pending and len(self._workers) < self._jobs:
                self._give(self._start(), pending.pop(0), tasks)
            busy = [w for w in self._workers if w.task is not None]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    self._collect(worker, on_done, on_failed)

    def _give(self, worker: _Worker, index: int, tasks: list[Any]) -> None:
        worker.task = index
        worker.conn.send((index, tasks[index]))

    def _collect(self, worker: _Worker, on_done: Callable[[int, Any], None], on_failed: Callable[[int, str, str], None]) -> None:
        index = worker.task
        assert index is not None
        try:
            if worker.conn.poll():
                done, ok, payload = worker.conn.recv()
                worker.task = None
                if ok:
                    on_done(done, payload)
                else:
                    on_failed(done, UNEXPECTED, payload)
                return
        except (EOFError, OSError):
            pass  # the pipe broke with the process: a crash
        worker.process.join(GRACE_SECONDS)
        self._workers.remove(worker)
        worker.conn.close()
        code = worker.process.exitcode
        on_failed(index, crash_reason(code), f"Arbetsprocessen {worker.process.pid} slutade med slutkod {code}.")

    def running(self) -> list[int]:
        """Indexes of the tasks being run now."""
        return [w.task for w in self._workers if w.task is not None]

    def close(self) -> None:
        """Tell idle workers to finish (they stop their kernels) and wait for them."""
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(GRACE_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self._workers.clear()

    def terminate(self, on_done: Callable[[int, Any], None]) -> None:
        """Stop every worker now: SIGTERM (it removes its staging folder and kernel), SIGKILL after the grace time.

        Results a worker sent before it stopped are still delivered: that report is finished.
        """
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()
        deadline = time.monotonic() + GRACE_SECONDS + 1
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            try:
                while worker.conn.poll():
                    index, ok, payload = worker.conn.recv()
                    if ok:
                        on_done(index, payload)
            except (EOFError, OSError):
                pass
            worker.conn.close()
        self._workers.clear()


def crash_reason(exitcode: int | None) -> str:
    """Why a worker ended, in words the user can act on (a negative exit code is the signal that ended it)."""
    how = {
        -signal.SIGKILL: "den stoppades av systemet, troligen för att minnet tog slut",
        -signal.SIGSEGV: "den kraschade av ett minnesfel i ett programbibliotek",
        -signal.SIGTERM: "den stoppades utifrån",
    }.get(exitcode if exitcode is not None else 0, f"slutkod {exitcode if exitcode is not None else 'okänd'}")
    return (f"Arbetsprocessen avslutades oväntat ({how}). Rapporten skapades inte; en tidigare rapport ligger i så fall "
            "kvar orörd. Kör kommunen igen, och med färre parallella jobb (--jobb 1) om det händer igen.")
