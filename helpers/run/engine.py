"""A papermill engine that reuses one warm kernel per process.

Starting a kernel and importing pandas, seaborn and the helpers costs a few
seconds; the chapter's own work costs a fraction of that. This engine keeps
one IPC kernel per worker process alive and executes every notebook of that
worker in it. Between notebooks it clears the user namespace and puts back the
process state a notebook may change (``kernel_state``), so each notebook starts
as on a fresh kernel but the imports are already done. A notebook that fails,
times out or kills its kernel leaves no kernel behind: the next one gets a
fresh kernel. Parameters, error markers and output writing are papermill's own;
only the kernel's lifetime differs.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing.util
import os
import threading
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

from .kernels import IPCKernelManager
from .manifest import code_hash

# nbclient logs a timeout or a dead kernel in English; the runner reports it in Swedish, so by
# default these lines go nowhere (an application that configures logging still gets them).
logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

ENGINE_NAME = "kvb-varm"
CELL_TIMEOUT_SECONDS = 600  # a chapter's cell takes a few seconds; this only stops one that hangs
START_TIMEOUT_SECONDS = 60
IOPUB_TIMEOUT_SECONDS = 30  # nbclient's 4 s for the last output of a cell is short on a loaded machine
PREPARE_TIMEOUT_SECONDS = 120  # the snapshot imports pandas and seaborn, slow on a busy machine or network disk

_STATE = "__import__('helpers.run.kernel_state', fromlist=['restore'])"
SNAPSHOT_CODE = f"{_STATE}.take_snapshot()\n"
# reset(new_session=True) clears the user namespace and starts a new history session,
# so execution counts begin at 1 again (as on a fresh kernel) without history clashes;
# kernel_state puts back the process state around the namespace (see kernel_state.py).
RESET_CODE = f"get_ipython().reset(new_session=True)\n{_STATE}.restore()\n"
# As nbclient does for the kernels it starts: the history of the chapter cells stays in memory, not in the
# user's ~/.ipython (each reset's new session was a write to that SQLite file).
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


class KernelNotReady(RuntimeError):
    """The kernel answered a preparing request with an error (``ename: evalue``)."""


def _environment_key() -> tuple[tuple[str, str], ...]:
    """The settings a kernel inherits at start; a change means a fresh kernel."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("KVB_")))


def _ignore(msg: dict[str, Any]) -> None:
    """Output of the engine's own requests is not part of any notebook."""


class WarmKernel:
    """A kernel started on first use and reused after (one per thread, see ``warm_kernel``).

    Its client lives as long as the kernel: a new client waits at least 0,2 s for its
    channels to connect (jupyter_client's ``wait_for_ready``), twice per notebook when
    the reset and nbclient each made their own, about a third of a small chapter's time.
    """

    def __init__(self) -> None:
        self.km: IPCKernelManager | None = None
        self.kc: AsyncKernelClient | None = None
        self.key: tuple[Any, ...] | None = None

    def get(self, kernel_name: str, cwd: str | None, startup_timeout: int) -> IPCKernelManager:
        """A kernel in the state of a fresh one: the warm kernel reset, or a new kernel when it cannot be."""
        # A new code version (helpers edited while a Dask worker lives on) also needs a fresh kernel.
        key = (kernel_name, cwd, _environment_key(), code_hash())
        if self.km is not None and (self.key != key or not self.km.is_alive()):
            self.shutdown()
        if self.km is not None:
            try:
                self._run(RESET_CODE, startup_timeout)  # a kernel that does not answer in time is replaced
                return self.km
            except Exception as exc:  # threads left running, or a reset that failed: start afresh
                logger.debug("Starting a fresh kernel: %s", exc)
                self.shutdown()
        km = IPCKernelManager(kernel_name=kernel_name)
        km.start_kernel(cwd=cwd, extra_arguments=KERNEL_ARGUMENTS)
        self.km, self.key = km, key
        try:
            self.kc = km.client()
            self.kc.start_channels()
            run_sync(self.kc._async_wait_for_ready)(timeout=startup_timeout)
            self.kc.allow_stdin = False
            self._run(SNAPSHOT_CODE, PREPARE_TIMEOUT_SECONDS)
        except BaseException:
            self.shutdown()
            raise
        return km

    def _run(self, code: str, timeout: float) -> None:
        """Run one of the engine's own snippets, outside any notebook (no history, output ignored)."""
        assert self.kc is not None
        # nbclient reads only the replies and outputs of its own requests, so these leave nothing behind.
        reply = run_sync(self.kc._async_execute_interactive)(code, timeout=timeout, store_history=False,
                                                             output_hook=_ignore)
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelNotReady(f"{content.get('ename')}: {content.get('evalue')}")

    def shutdown(self) -> None:
        """Stop the kernel and forget it; a kernel that is already dead is fine."""
        km, kc, self.km, self.kc, self.key = self.km, self.kc, None, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception as exc:
                logger.debug("Could not close the kernel's channels: %s", exc)
        if km is not None:
            try:
                km.shutdown_kernel(now=True)
            except Exception as exc:  # stopping must never hide the error that made us stop it
                logger.debug("Could not stop the kernel: %s", exc)


_local = threading.local()
_all: list[WarmKernel] = []
_all_lock = threading.Lock()


def warm_kernel() -> WarmKernel:
    """This thread's warm kernel: a kernel runs one notebook at a time, so threads never share one."""
    kernel = getattr(_local, "kernel", None)
    if kernel is None:
        kernel = _local.kernel = WarmKernel()
        with _all_lock:
            _all.append(kernel)
    return kernel


def shutdown_all() -> None:
    """Stop every warm kernel of this process."""
    with _all_lock:
        kernels = list(_all)
    for kernel in kernels:
        kernel.shutdown()


atexit.register(shutdown_all)
# Worker processes of a multiprocessing pool end with os._exit, which skips atexit;
# multiprocessing's own finalizers still run there.
multiprocessing.util.Finalize(None, shutdown_all, exitpriority=10)


def _no_save(**kwargs: Any) -> None:
    """Stands in for papermill's save while the cells run."""


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, but on this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=START_TIMEOUT_SECONDS, execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path", "kernel_manager_class", "timeout", "startup_timeout"], **kwargs)
        kwargs.setdefault("iopub_timeout", IOPUB_TIMEOUT_SECONDS)
        warm = warm_kernel()
        # papermill has already changed into the notebook's working directory.
        km = warm.get(kernel_name, os.getcwd(), start_timeout)
        final_kwargs = merge_kwargs(
            kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            log=logger,
            log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=km, **final_kwargs)
        client.kc = warm.kc  # nbclient uses a client it is given and leaves it open (it does not own the kernel)
        # papermill writes the whole notebook (charts included) before and after every cell; the runner reads
        # it only when it is done, so it is written once, by papermill's notebook_complete after this returns.
        nb_man.save = _no_save
        try:
            return client.execute()
        except BaseException:
            # A cell that timed out still runs in the kernel, and a kernel that failed once is not trusted:
            # the next notebook gets a fresh one.
            warm.shutdown()
            raise
        finally:
            del nb_man.save


def discard_warm_kernel() -> None:
    """Stop this thread's warm kernel (after a failed notebook): the next notebook starts a fresh one."""
    warm_kernel().shutdown()


def failure_reason(error: BaseException, cell_timeout: int) -> str | None:
    """The plain Swedish reason when ``error`` is a kernel failure (timeout, dead or silent kernel), else None."""
    text = str(error)
    if isinstance(error, CellTimeoutError) and "IOPub" in text:
        return (f"kärnans sista utskrifter kom inte fram inom {IOPUB_TIMEOUT_SECONDS} sekunder. Datorn är troligen "
                "överbelastad: kör färre kommuner samtidigt (--jobb 1) och försök igen.")
    if isinstance(error, CellTimeoutError):
        return (f"en cell tog längre än {cell_timeout} sekunder och stoppades. Kontrollera att indatafilerna inte är "
                f"ovanligt stora eller trasiga, eller kör igen med en längre tidsgräns (--tidsgrans {cell_timeout * 2}).")
    if isinstance(error, DeadKernelError) or (isinstance(error, RuntimeError) and "Kernel died" in text):
        return ("Python-kärnan avslutades oväntat (kanske slut på minne). Stäng andra program eller kör färre "
                "kommuner samtidigt (--jobb 1) och försök igen.")
    if isinstance(error, KernelNotReady):
        return ("Python-kärnan kunde inte förberedas för notebooken. Kontrollera installationen med ./kvb --help "
                "och försök igen.")
    if isinstance(error, TimeoutError) or (isinstance(error, RuntimeError) and "Kernel didn't respond" in text):
        return ("Python-kärnan svarade inte i tid. Försök igen; händer det igen är datorn troligen överbelastad: "
                "kör färre kommuner samtidigt (--jobb 1).")
    return None


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
