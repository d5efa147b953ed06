"""Write, then swap: the staging folder beside a report, the swap into place, and disk errors in plain Swedish.

A run writes everything to ``output/<kommun>/.<år>.pågår-<id>/`` and only a
fully successful run replaces ``output/<kommun>/<år>/``. The swap is two
renames; if the second fails, the previous report is put back, so the good
report stays visible and unchanged whatever fails.
"""

from __future__ import annotations

import errno
import shutil
import uuid
from pathlib import Path

from ..errors import KvbError
from .leftovers import OLD_MARK, STAGING_MARK, remove_owner, write_owner


def new_staging(final: Path) -> Path:
    """A fresh staging folder beside ``final``, marked as this process's (``leftovers``)."""
    staging = final.with_name(f".{final.name}{STAGING_MARK}{uuid.uuid4().hex[:8]}")
    staging.mkdir(parents=True)
    write_owner(staging)
    return staging


def _put_back(old: Path, final: Path) -> None:
    try:
        remove_owner(old)
    except OSError:
        pass
    try:
        old.rename(final)
    except OSError:
        raise KvbError(f"Den nya rapporten kunde inte läggas på plats, och den tidigare rapporten kunde inte heller flyttas "
                       f"tillbaka. Den tidigare rapporten ligger orörd i {old}: byt namn på mappen till {final.name}.") from None


def swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with renames only; the previous report is removed last, or put back on failure."""
    remove_owner(staging)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}{OLD_MARK}{uuid.uuid4().hex[:8]}")
        final.rename(old)
    try:
        if old is not None:
            write_owner(old)  # a run that dies here leaves a folder the next run puts back (leftovers.clean_kommun)
        staging.rename(final)
    except BaseException:
        if old is not None:
            _put_back(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_WHY = {
    errno.ENOSPC: ("disken är full", "Frigör utrymme på disken"),
    errno.EDQUOT: ("diskkvoten är slut", "Frigör utrymme på disken"),
    errno.EROFS: ("mappen ligger på en skrivskyddad disk", "Välj en mapp som går att skriva i"),
    errno.EACCES: ("du har inte behörighet att skriva där", "Kontrollera behörigheten till mappen"),
    errno.EPERM: ("du har inte behörighet att skriva där", "Kontrollera behörigheten till mappen"),
}


def disk_error(exc: OSError, folder: Path, what: str) -> KvbError | None:
    """A full, read-only or forbidden output folder as a Swedish error naming the folder; None for any other OSError."""
    if exc.errno not in _WHY:
        return None
    where = Path(exc.filename) if exc.filename else None
    if exc.errno in (errno.EACCES, errno.EPERM) and where is not None and not (where.is_relative_to(folder) or folder.is_relative_to(where)):
        return None  # a file the run reads, not the output folder or one above it: not a disk problem of ours
    why, todo = _WHY[exc.errno]
    return KvbError(f"{what} kunde inte skrivas i {folder}: {why}. {todo} (eller ange en annan utdatamapp med miljövariabeln "
                    "KVB_OUTPUT) och kör igen. En tidigare rapport ligger kvar oförändrad.")
