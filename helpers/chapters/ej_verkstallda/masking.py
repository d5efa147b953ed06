"""Ej verkställda beslut: which counts may be published, judged over the whole chapter at once.

Every count the chapter publishes, in any table, sentence or key figure, is
one named cell here, and every sum a reader can see between them is a line:
the decisions per insats, per law, per quarter (first reported), per reason
and per status all add up to the year's number of decisions; per status the
waiting-time cells add up to the status, per waiting time to the bucket's
total; children and adults add up to the total; in the first quarter every
reported decision is new. Cells of the same count in two tables are one cell,
so two tables can never tell more together than the lines allow.

The rules are those of ``helpers.privacy``: the year's number of decisions
(the kommun total) is always shown; any other count from 1 to threshold − 1
is shown as ``<5``; while a reader who knows the rules could pin a ``<5``
cell (exactly, over whole numbers: ``helpers.privacy.disclosed_cells``), the
smallest non-zero shown cell of one of its lines is hidden too (``..``);
afterwards every hidden cell that is not needed is shown again. If nothing of its lines can be hidden any more,
the cell's whole group (a table's counts for one year) is not published, and
the masking starts again without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...formatting import format_count
from ...privacy import SECONDARY_MARK, disclosed_cells, primary_label


@dataclass
class Cells:
    """The counts to publish, the sums between them and which group (table and year) each belongs to."""

    values: dict[str, int] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    lines: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (total, parts)
    fixed: set[str] = field(default_factory=set)  # kommun totals: always shown

    def add(self, name: str, value: int, group: str, fixed: bool = False) -> str:
        self.values[name] = int(value)
        self.groups[name] = group
        if fixed:
            self.fixed.add(name)
        return name

    def add_sum(self, total: str, parts: list[str]) -> None:
        self.lines.append((total, tuple(parts)))


@dataclass(frozen=True)
class Masked:
    """What may be shown of each cell: the count, ``<5``, ``..`` or (dropped group) ``..`` as well."""

    values: dict[str, int]
    status: dict[str, str]  # "visas", "liten", "dold", "utelämnad"
    dropped_groups: frozenset[str]
    threshold: int

    def shown(self, name: str) -> bool:
        return self.status[name] == "visas"

    def display(self, name: str) -> str:
        status = self.status[name]
        if status == "visas":
            return format_count(self.values[name])
        return primary_label(self.threshold) if status == "liten" else SECONDARY_MARK

    def published(self, name: str) -> int | str:
        """For key figures: the count when shown, else its mark."""
        return self.values[name] if self.shown(name) else self.display(name)

    def any_hidden(self, names: list[str]) -> bool:
        return any(self.status[n] == "dold" for n in names)

    def any_small(self, names: list[str]) -> bool:
        return any(self.status[n] == "liten" for n in names)


def _attempt(cells: Cells, names: list[str], threshold: int) -> tuple[dict[str, str], str | None]:
    """Mask the cells ``names``; returns their status, or the group to drop when a small count cannot be protected."""
    index = {n: i for i, n in enumerate(names)}
    values = np.array([[cells.values[n]] for n in names], dtype="int64")
    lines = [[(index[p], 0, 1) for p in parts] + [(index[total], 0, -1)]
             for total, parts in cells.lines if total in index and all(p in index for p in parts)]
    fixed = np.array([[n in cells.fixed] for n in names])
    primary = (values > 0) & (values < threshold) & ~fixed
    totals = {line[-1][0] for line in lines}  # cells that are the sum of others: hidden last, so margins stay
    hidden = primary.copy()
    while True:
        disclosed = disclosed_cells(values, hidden, primary, threshold, lines)
        if not disclosed.any():
            break
        cell = int(np.argwhere(disclosed)[0][0])
        choice = _next_to_hide(cell, lines, hidden[:, 0], fixed[:, 0], values[:, 0], totals)
        if choice is None:
            return {}, cells.groups[names[cell]]
        hidden[choice, 0] = True
    _show_unneeded(values, hidden, primary, threshold, lines)
    status = {n: ("liten" if primary[i, 0] else "dold" if hidden[i, 0] else "visas") for n, i in index.items()}
    return status, None


def _show_unneeded(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray, threshold: int,
                   lines: list[list[tuple[int, int, int]]]) -> None:
    """Show again every hidden cell that the small counts do not need, the largest first (hiding step by step
    can hide a cell early that later ones make unnecessary)."""
    for cell in sorted(np.flatnonzero(hidden[:, 0] & ~primary[:, 0]), key=lambda r: (-int(values[r, 0]), int(r))):
        hidden[cell, 0] = False
        if disclosed_cells(values, hidden, primary, threshold, lines).any():
            hidden[cell, 0] = True


def _next_to_hide(cell: int, lines: list[list[tuple[int, int, int]]], hidden: np.ndarray, fixed: np.ndarray,
                  values: np.ndarray, totals: set[int]) -> int | None:
    """The cell to hide to protect ``cell``: the smallest non-zero shown cell of its lines (inner cells before sums);
    if its lines have none, of the lines of the hidden cells they reach, and so on outwards."""
    reached, frontier = {cell}, {cell}
    while frontier:
        near = {r for line in lines if any(r0 in frontier for r0, _, _ in line) for r, _, _ in line}
        candidates = [r for r in sorted(near) if not hidden[r] and not fixed[r] and values[r] > 0]
        if candidates:
            return min(candidates, key=lambda r: (r in totals, values[r], r))
        frontier = {r for r in near if hidden[r]} - reached
        reached |= frontier
    return None


def mask(cells: Cells, threshold: int) -> Masked:
    """Decide what of every cell may be published (see the module docstring)."""
    dropped: set[str] = set()
    while True:
        names = [n for n in cells.values if cells.groups[n] not in dropped]
        status, drop = _attempt(cells, names, threshold)
        if drop is None:
            break
        dropped.add(drop)
    status.update({n: "utelämnad" for n in cells.values if cells.groups[n] in dropped})
    return Masked(dict(cells.values), status, frozenset(dropped), threshold)
