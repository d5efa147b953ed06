"""Stopping a run: SIGTERM as an exception, quiet children, and the kernels of a stopped process.

Ctrl-C raises KeyboardInterrupt; ``stop_on_sigterm`` makes SIGTERM (what
``timeout`` and service managers send) raise ``Stopped`` the same way, so that
``finally`` blocks remove staging folders. A stopped process then kills its own
kernels directly (``stop_own_kernels``) rather than through jupyter_client,
whose shutdown may wait on an event loop the stop interrupted.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .leftovers import remove_own_socket_dirs


class Stopped(BaseException):
    """SIGTERM (or another stop signal) arrived: unwind like Ctrl-C, but say which signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: Any) -> None:
    # Once is enough: a second signal must not interrupt the clean-up of the first.
    signal.signal(signum, signal.SIG_IGN)
    raise Stopped(signum)


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into ``Stopped`` in the main thread, so that ``finally`` blocks and clean-up run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def signals_ignored() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the batch stops its workers and writes what it has."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def child_output_hidden() -> Iterator[None]:
    """Point stderr (fd 2) at /dev/null while child processes start, unless ``kvb --felsok``.

    Kernels inherit it and log in English (e.g. "Parent appears to have exited" when they stop after
    their parent); none of that may reach the user's terminal. Our own messages are printed after.
    """
    if os.environ.get("KVB_FELSOK", "") not in {"", "0"}:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _child_pids() -> list[int]:
    """This process's kernels: direct children that lead their own process group (jupyter_client starts kernels in
    a new session; pool workers and multiprocessing's helpers stay in ours). From /proc; empty where there is none."""
    me, found = os.getpid(), []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = entry.read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.parent.name)
        if int(fields[1]) == me and int(fields[2]) == pid:  # a child leading its own process group: a kernel
            found.append(pid)
    return found


def stop_own_kernels() -> None:
    """Kill this process's kernels (each leads its own process group) and remove their socket folders.

    Used when a run is stopped: jupyter_client's own shutdown may wait on an event loop the stop interrupted.
    """
    for pid in _child_pids():
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    remove_own_socket_dirs()
