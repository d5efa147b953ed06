"""A papermill engine that reuses one warm kernel per process.

Starting a kernel and importing pandas, seaborn and the helpers costs a few
seconds; the chapter's own work costs a fraction of that. This engine keeps
one IPC kernel per worker process alive and executes every notebook of that
worker in it, clearing the user namespace (``%reset -f``) and closing figures
between notebooks, so each notebook still starts from an empty namespace but
the imports are already done. Parameters, error markers and output writing
are papermill's own; only the kernel's lifetime differs.
"""

from __future__ import annotations

import atexit
import multiprocessing.util
import os
import threading
from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from .kernels import IPCKernelManager
from .manifest import code_hash

ENGINE_NAME = "kvb-varm"
# reset(new_session=True) clears the user namespace and starts a new history session,
# so execution counts begin at 1 again (as on a fresh kernel) without history clashes.
RESET_CODE = (
    "import matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"
    "get_ipython().reset(new_session=True)\n"
)


def _environment_key() -> tuple[tuple[str, str], ...]:
    """The settings a kernel inherits at start; a change means a fresh kernel."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("KVB_")))


class WarmKernel:
    """A kernel started on first use and reused after (one per thread, see ``warm_kernel``)."""

    def __init__(self) -> None:
        self.km: IPCKernelManager | None = None
        self.key: tuple[Any, ...] | None = None

    def get(self, kernel_name: str, cwd: str | None, startup_timeout: int) -> IPCKernelManager:
        # A new code version (helpers edited while a Dask worker lives on) also needs a fresh kernel.
        key = (kernel_name, cwd, _environment_key(), code_hash())
        if self.km is not None and (self.key != key or not self.km.is_alive()):
            self.shutdown()
        if self.km is None:
            km = IPCKernelManager(kernel_name=kernel_name)
            km.start_kernel(cwd=cwd)
            self.km, self.key = km, key
        else:
            self._reset(startup_timeout)
        return self.km

    def _reset(self, timeout: int) -> None:
        assert self.km is not None
        client = self.km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=timeout)
            reply = client.execute_interactive(RESET_CODE, timeout=timeout, store_history=False, output_hook=lambda msg: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError("reset failed")
        except Exception:
            client.stop_channels()
            self.shutdown()
            raise
        client.stop_channels()

    def shutdown(self) -> None:
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            finally:
                self.km, self.key = None, None


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


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, but on this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path", "kernel_manager_class", "timeout", "startup_timeout"], **kwargs)
        # papermill has already changed into the notebook's working directory.
        km = warm_kernel().get(kernel_name, os.getcwd(), start_timeout)
        final_kwargs = merge_kwargs(
            kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            log=logger,
            log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=km, **final_kwargs)
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
