"""What a dead run left behind: staging folders beside a report and kernel socket folders in the temp directory.

A run writes an owner marker (``.ägare``: pid, host, process start time) into
every folder it may leave behind. The next run removes a folder only when its
owner is provably gone: a dead pid on this host, or a pid that now belongs to
another process; a folder without a marker only when it is older than
``STALE_HOURS``. A live run's folder is never touched.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing.util
import os
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

OWNER_FILE = ".ägare"
STALE_HOURS = 24.0  # no marker, or another host's marker: no run takes this long
STAGING_MARK = ".pågår-"  # output/<kommun>/.<år>.pågår-<id>: a run being written
OLD_MARK = ".gammal-"  # output/<kommun>/.<år>.gammal-<id>: the previous report during the swap
SOCKET_DIR_PREFIX = "kvb-kernel-"  # the same prefix as helpers.run.kernels (which imports this module)


def process_start(pid: int) -> str | None:
    """The start time of a process (clock ticks since boot, from /proc), to tell a reused pid from its owner."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[19] if len(fields) > 19 else None


def write_owner(folder: Path) -> None:
    """Mark ``folder`` as this process's: a later run leaves it alone while this process lives."""
    owner = {"pid": os.getpid(), "vard": socket.gethostname(), "start": process_start(os.getpid())}
    try:
        (folder / OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")
    except OSError:
        pass  # without a marker the folder counts as live until it is STALE_HOURS old


def remove_owner(folder: Path) -> None:
    (folder / OWNER_FILE).unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    return True


def _age_hours(path: Path, now: float) -> float:
    # A rename changes ctime, not mtime: a report moved aside a second ago is new.
    info = path.stat()
    return (now - max(info.st_mtime, info.st_ctime)) / 3600


def owner_is_gone(folder: Path, now: float | None = None) -> bool:
    """True when nothing alive can still own ``folder`` (see the module's docstring)."""
    now = time.time() if now is None else now
    try:
        owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
        pid, host, start = int(owner["pid"]), str(owner["vard"]), owner.get("start")
    except FileNotFoundError:
        return _age_hours(folder, now) > STALE_HOURS
    except (OSError, ValueError, KeyError, TypeError):
        return _age_hours(folder, now) > STALE_HOURS  # a half-written marker
    if host != socket.gethostname():
        return _age_hours(folder, now) > STALE_HOURS
    if not pid_alive(pid):
        return True
    return start is not None and process_start(pid) not in (None, start)


@dataclass
class Cleaned:
    """What a clean-up removed or put back."""

    removed: list[Path] = field(default_factory=list)
    restored: list[Path] = field(default_factory=list)  # a previous report put back where a dead swap left it aside

    def __bool__(self) -> bool:
        return bool(self.removed or self.restored)

    def extend(self, other: Cleaned) -> None:
        self.removed += other.removed
        self.restored += other.restored


def _report_year(name: str) -> str | None:
    """``.2025.pågår-1a2b`` → ``2025``; None for any other name."""
    for mark in (STAGING_MARK, OLD_MARK):
        head, found, _ = name.partition(mark)
        if found and head.startswith(".") and head[1:].isdigit():
            return head[1:]
    return None


def clean_kommun(folder: Path, now: float | None = None) -> Cleaned:
    """Remove the dead staging folders of ``output/<kommun>/``; a previous report left aside with no report in its place is put back."""
    cleaned = Cleaned()
    if not folder.is_dir():
        return cleaned
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return cleaned
    for path in entries:
        try:
            year = _report_year(path.name)
            if year is None or not path.is_dir() or not owner_is_gone(path, now):
                continue
            final = folder / year
            if OLD_MARK in path.name and not final.exists():
                remove_owner(path)
                path.rename(final)
                cleaned.restored.append(final)
                continue
        except OSError:
            continue  # best effort: a folder we cannot judge or move is left for the next run
        shutil.rmtree(path, ignore_errors=True)
        cleaned.removed.append(path)
    return cleaned


def clean_output(root: Path, kommuner: list[str] | None = None, now: float | None = None) -> Cleaned:
    """``clean_kommun`` for the named kommuner (default: every folder under ``output/``)."""
    cleaned = Cleaned()
    if not root.is_dir():
        return cleaned
    folders = [root / k for k in kommuner] if kommuner is not None else sorted(p for p in root.iterdir() if p.is_dir())
    for folder in folders:
        cleaned.extend(clean_kommun(folder, now))
    return cleaned


def _orphan_connection_files(temp: Path) -> list[Path]:
    """Kernel connection files (``tmp*.json``, written by jupyter_client, holding the kernel's key) whose socket folder is gone."""
    orphans = []
    for path in temp.glob("tmp*.json"):
        try:
            if path.stat().st_size > 4096:
                continue
            info = json.loads(path.read_text(encoding="utf-8"))
            folder = Path(str(info.get("ip", ""))).parent
        except (OSError, ValueError, AttributeError):
            continue
        if info.get("transport") == "ipc" and folder.name.startswith(SOCKET_DIR_PREFIX) and folder.parent == temp \
                and not folder.exists():
            orphans.append(path)
    return sorted(orphans)


def clean_socket_dirs(temp: Path | None = None, now: float | None = None) -> Cleaned:
    """Remove this user's kernel socket folders (``kvb-kernel-*``) whose owner is gone, and their connection files."""
    temp = temp or Path(tempfile.gettempdir())
    cleaned = Cleaned()
    uid = os.getuid() if hasattr(os, "getuid") else None
    for path in sorted(temp.glob(f"{SOCKET_DIR_PREFIX}*")):
        try:
            if not path.is_dir() or (uid is not None and path.stat().st_uid != uid) or not owner_is_gone(path, now):
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        cleaned.removed.append(path)
    for path in _orphan_connection_files(temp):
        path.unlink(missing_ok=True)
        cleaned.removed.append(path)
    return cleaned


def remove_own_socket_dirs(temp: Path | None = None) -> None:
    """At exit: this process's kernel socket folders are rubbish (a kernel stopped mid-start is never shut down)."""
    temp = temp or Path(tempfile.gettempdir())
    me, host = os.getpid(), socket.gethostname()
    for path in temp.glob(f"{SOCKET_DIR_PREFIX}*"):
        try:
            owner = json.loads((path / OWNER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if owner.get("pid") == me and owner.get("vard") == host:
            shutil.rmtree(path, ignore_errors=True)
    for orphan in _orphan_connection_files(temp):
        orphan.unlink(missing_ok=True)


# Registered before the warm kernels' own shutdown (engine imports kernels, which imports this), so it runs after it;
# the Finalize covers pool workers, which end without atexit.
atexit.register(remove_own_socket_dirs)
multiprocessing.util.Finalize(None, remove_own_socket_dirs, exitpriority=1)


def describe(cleaned: Cleaned) -> str | None:
    """One Swedish line for the user, or None when there was nothing to clean."""
    if not cleaned:
        return None
    staging = [p for p in cleaned.removed if _report_year(p.name)]
    sockets = sum(p.name.startswith(SOCKET_DIR_PREFIX) for p in cleaned.removed)
    connections = len(cleaned.removed) - len(staging) - sockets
    parts = []
    if staging:
        parts.append(f"{len(staging)} halvfärdig{'a' if len(staging) != 1 else ''} rapportmapp{'ar' if len(staging) != 1 else ''} "
                     f"({', '.join(sorted({str(p.parent.name) for p in staging}))})")
    if sockets:
        parts.append(f"{sockets} kärnmapp{'ar' if sockets != 1 else ''}")
    if connections:
        parts.append(f"{connections} anslutningsfil{'er' if connections != 1 else ''}")
    if sockets or connections:
        parts[-1] += f" i {tempfile.gettempdir()}"
    listed = ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else "".join(parts)
    line = f"Städade bort det en avbruten körning lämnat: {listed}." if parts else ""
    if cleaned.restored:
        back = ", ".join(str(p) for p in cleaned.restored)
        line = (line + " " if line else "") + f"Lade tillbaka den tidigare rapporten i {back}."
    return line
