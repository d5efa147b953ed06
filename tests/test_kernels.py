"""Kernels listen on no TCP port: IPC sockets in a private folder only."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from helpers.run.kernels import IPCKernelManager

LISTEN = "0A"


def listening_tcp_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if os.path.exists(table):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == LISTEN:
                    inodes.add(fields[9])
    return inodes


def socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            match = re.match(r"socket:\[(\d+)\]", os.readlink(fd))
        except OSError:
            continue
        if match:
            found.add(match.group(1))
    return found


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="needs Linux /proc to inspect sockets")
def test_kernel_uses_ipc_and_opens_no_tcp_port():
    km = IPCKernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        client = km.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("x = 6 * 7", timeout=30)
        assert reply["content"]["status"] == "ok"
        client.stop_channels()
        info = km.get_connection_info()
        assert info["transport"] == "ipc"
        folder = Path(info["ip"]).parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        pid = km.provisioner.process.pid
        assert socket_inodes(pid), "the kernel has its IPC sockets"
        assert not (socket_inodes(pid) & listening_tcp_inodes()), "the kernel listens on a TCP port"
    finally:
        km.shutdown_kernel(now=True)
    assert not folder.exists(), "the private socket folder is removed with the kernel"
