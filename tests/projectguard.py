"""Snapshots of the project's own folders, to prove that the tests leave them as they were."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
GUARDED = ("data", "params")


def project_snapshot(root: Path = PROJECT) -> dict[str, tuple[int, int]]:
    """Every file under the guarded folders with its size and modification time (ns)."""
    found = {}
    for folder in GUARDED:
        for path in (root / folder).rglob("*"):
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def snapshot_changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Files created, changed or removed between two snapshots, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
