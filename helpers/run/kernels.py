"""Kernels that talk over IPC (Unix sockets in a private folder), not TCP.

A kernel on a TCP port on localhost can be reached by every local user of the
machine; the notebooks hold personal data in memory, so the runner starts
kernels with ZeroMQ's IPC transport, in a folder only the current user can open.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager
from traitlets import DottedObjectName

from .leftovers import write_owner

SOCKET_DIR_PREFIX = "kvb-kernel-"
LAUNCHER = "helpers.run.kernel_launcher"


def private_socket_dir() -> Path:
    """A fresh folder for the kernel's sockets; mkdtemp creates it with mode 0700."""
    folder = Path(tempfile.mkdtemp(prefix=SOCKET_DIR_PREFIX))
    write_owner(folder)  # a later run removes the folder once this process is gone (helpers.run.leftovers)
    return folder


def _is_private_socket_dir(path: Path) -> bool:
    return path.name.startswith(SOCKET_DIR_PREFIX) and path.parent == Path(tempfile.gettempdir())


class IPCMixin:
    """Make a kernel manager use IPC sockets in a private folder, removed when the kernel stops."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", str(private_socket_dir() / "kernel"))
        super().__init__(*args, **kwargs)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """Launch through ``helpers.run.kernel_launcher`` (no TCP pipe) instead of ``ipykernel_launcher``."""
        command = super().format_kernel_cmd(extra_arguments)  # type: ignore[misc]
        return [LAUNCHER if part == "ipykernel_launcher" else part for part in command]

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        # jupyter_client's sync and async shutdown paths both end here.
        await super()._async_cleanup_resources(restart=restart)  # type: ignore[misc]
        folder = Path(self.ip).parent  # type: ignore[attr-defined]
        # Only ever remove the private folder this class created.
        if not restart and self.transport == "ipc" and _is_private_socket_dir(folder):  # type: ignore[attr-defined]
            shutil.rmtree(folder, ignore_errors=True)


class IPCKernelManager(IPCMixin, KernelManager):
    """The kernel manager papermill uses in the runner.

    Its ``client()`` is asynchronous, as nbclient expects: nbclient waits for a
    cell's reply, its output and the kernel's heartbeat at the same time, and a
    blocking client stalls that loop, so a cell timeout or a dead kernel went
    unnoticed and the run hung.
    """

    client_class = DottedObjectName("jupyter_client.asynchronous.AsyncKernelClient")

    def blocking_client(self) -> BlockingKernelClient:
        """A blocking client of the same kernel, for short requests outside nbclient (the reset between notebooks)."""
        info = self.get_connection_info(session=True)
        return BlockingKernelClient(**info, connection_file=self.connection_file, parent=self)


def server_kernel_manager_class() -> str:
    """Dotted name of the IPC kernel manager for JupyterLab (``kvb lab``)."""
    return "helpers.run.kernels.IPCServerKernelManager"


def __getattr__(name: str) -> type:
    # Built lazily: jupyter_server is only needed when JupyterLab starts.
    if name == "IPCServerKernelManager":
        from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

        cls = type("IPCServerKernelManager", (IPCMixin, ServerKernelManager), {"__module__": __name__})
        globals()[name] = cls
        return cls
    raise AttributeError(name)
