"""Masking small counts in breakdowns, so that no one can be singled out (OSL 26 kap.).

SPEC §4: counts below a threshold (params ``maskering.troskel``, default 5) in
breakdowns below the level of verksamhetsområde are shown as ``<5``, and the
table must not let a masked value be recomputed from its row and column totals.

The rules, for a table of counts with units (e.g. enheter) as rows and
categories as columns:

- **Primary masking.** A count from 1 to threshold − 1 is shown as ``<5``,
  in the cells and in the row totals (a unit's total is a unit-level count too).
  Zero is shown as ``0``: it says nothing about any person, and showing it
  keeps the ranges of the masked cells narrow and honest.
- **Published totals.** Column totals and the grand total are counts for the
  whole kommun, which the chapter shows elsewhere anyway; they are never masked.
- **Secondary masking.** After primary masking the table is checked as a
  reader who knows these rules would attack it: (a) exactly, by linear algebra
  on the row and column sums (a masked cell whose value follows from the
  published numbers), and (b) by ranges along every row and column (``<5``
  is 1–4, ``..`` is at least 5; a masked cell whose range shrinks to one value
  is disclosed). While a ``<5`` cell is disclosed, the smallest non-zero
  unmasked cell of its row or column (cells before row totals) is masked too
  and shown as ``..``.
- If nothing more can be masked and a small count is still disclosed, the
  table is not safe (``MaskedTable.safe`` is False) and must not be shown.

What this does not cover: links to *other* tables with other totals (e.g. a
unit-level table next to a table per verksamhetsområde that adds the same
units up differently). A chapter should publish only one breakdown below
verksamhetsområde per count, and this one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .formatting import format_count, number_in_text

TOTAL_LABEL = "Totalt"
SECONDARY_MARK = ".."
SHOWN, PRIMARY, SECONDARY = "visas", "under tröskeln", "dold för summornas skull"

Line = list[tuple[int, int, int]]  # cells (row, column, coefficient) whose weighted sum is zero


def primary_label(threshold: int) -> str:
    """How a count below the threshold is shown: ``<5``."""
    return f"<{threshold}"


@dataclass(frozen=True)
class MaskedTable:
    """A table of counts with totals, and what of it may be shown."""

    counts: pd.DataFrame  # whole numbers, with a total row (and a total column if more than one column)
    status: pd.DataFrame  # SHOWN, PRIMARY or SECONDARY per cell
    threshold: int
    safe: bool  # False: a small count could still be recomputed; do not publish the table

    @property
    def n_primary(self) -> int:
        return int((self.status == PRIMARY).to_numpy().sum())

    @property
    def n_secondary(self) -> int:
        return int((self.status == SECONDARY).to_numpy().sum())

    def display(self) -> pd.DataFrame:
        """Display strings: counts as ``1 940``, small counts as ``<5``, protective masks as ``..``."""
        shown = self.counts.map(format_count)
        shown = shown.mask(self.status == PRIMARY, primary_label(self.threshold))
        return shown.mask(self.status == SECONDARY, SECONDARY_MARK)

    def note(self) -> str:
        """The explanation to print under the table (Swedish)."""
        t = self.threshold
        text = f"{primary_label(t)} = färre än {number_in_text(t)} (1–{t - 1}); antal under {number_in_text(t)} visas inte."
        if self.n_secondary:
            text += f" {SECONDARY_MARK} = värdet döljs så att de dolda små antalen inte kan räknas fram ur summorna."
        return text


def add_totals(counts: pd.DataFrame, label: str = TOTAL_LABEL) -> pd.DataFrame:
    """Append a total row, and a total column when the table has more than one column."""
    table = counts.astype("int64").copy()
    if table.shape[1] > 1:
        table[label] = table.sum(axis=1)
    table.loc[label] = table.sum(axis=0)
    return table


def table_lines(n_rows: int, n_cols: int, row_totals: bool) -> list[Line]:
    """The additive relations of a table with totals, each as cells whose signed sum is zero.

    ``n_rows``/``n_cols`` count the full table including the total row and
    (if ``row_totals``) the total column, which are the last row and column.
    """
    inner_rows = n_rows - 1
    inner_cols = n_cols - 1 if row_totals else n_cols
    lines: list[Line] = []
    if row_totals:
        for r in range(n_rows):
            lines.append([(r, c, 1) for c in range(inner_cols)] + [(r, inner_cols, -1)])
    for c in range(n_cols):
        lines.append([(r, c, 1) for r in range(inner_rows)] + [(inner_rows, c, -1)])
    return lines


def maskable_cells(n_rows: int, n_cols: int) -> np.ndarray:
    """Cells that may be masked: everything but the total row (column totals and grand total are published)."""
    maskable = np.ones((n_rows, n_cols), dtype=bool)
    maskable[-1, :] = False
    return maskable


def primary_mask(values: np.ndarray, maskable: np.ndarray, threshold: int) -> np.ndarray:
    """Cells with a count from 1 to ``threshold`` − 1 (zero is shown)."""
    return maskable & (values > 0) & (values < threshold)


def exactly_determined(hidden: np.ndarray, lines: list[Line]) -> np.ndarray:
    """Hidden cells whose value follows from the published ones through the table's sums.

    With the hidden values as unknowns x, the sums give A·x = b. A cell's value
    is fixed exactly when every solution of A·x = 0 is zero in that cell, i.e.
    when the null space of A has no component there.
    """
    cells = list(zip(*np.nonzero(hidden)))
    result = np.zeros(hidden.shape, dtype=bool)
    if not cells:
        return result
    position = {cell: k for k, cell in enumerate(cells)}
    matrix = np.zeros((len(lines), len(cells)))
    for i, line in enumerate(lines):
        for r, c, coef in line:
            if (r, c) in position:
                matrix[i, position[(r, c)]] = coef
    _, singular, vh = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vh[rank:].T
    for (r, c), k in position.items():
        result[r, c] = null_space.shape[1] == 0 or float(np.abs(null_space[k]).max()) < 1e-9
    return result


def value_ranges(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray, threshold: int,
                 lines: list[Line], start: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The smallest and largest value each cell can have, as a reader who knows the rules can narrow it.

    Start: shown cells are known, ``<t`` cells are 1 … t−1, ``..`` cells are
    at least t (or, with ``start``, the given lowest and highest values of the
    hidden cells, for tables with other marks). Then every row and column sum
    narrows its hidden cells, again and again until nothing changes.
    """
    if start is None:
        start = (np.where(primary, 1, threshold), np.where(primary, threshold - 1, math.inf))
    low = np.where(hidden, start[0], values).astype(float)
    high = np.where(hidden, start[1], values).astype(float)
    for _ in range(100):
        changed = False
        for line in lines:
            for r, c, coef in line:
                if not hidden[r, c]:
                    continue
                others = [(rr, cc, k) for rr, cc, k in line if (rr, cc) != (r, c)]
                least = sum(low[rr, cc] if k > 0 else -high[rr, cc] for rr, cc, k in others)
                most = sum(high[rr, cc] if k > 0 else -low[rr, cc] for rr, cc, k in others)
                # coef * x + others = 0  →  x = −others / coef
                new_low, new_high = (-most, -least) if coef > 0 else (least, most)
                if math.isfinite(new_low) and math.ceil(new_low) > low[r, c]:
                    low[r, c] = math.ceil(new_low)
                    changed = True
                if math.isfinite(new_high) and math.floor(new_high) < high[r, c]:
                    high[r, c] = math.floor(new_high)
                    changed = True
        if not changed:
            break
    return low, high


def disclosed_cells(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray, threshold: int,
                    lines: list[Line]) -> np.ndarray:
    """Small counts (``<t``) that a reader could still work out, exactly or by ranges."""
    low, high = value_ranges(values, hidden, primary, threshold, lines)
    return primary & (exactly_determined(hidden, lines) | (low >= high))


def next_secondary(values: np.ndarray, hidden: np.ndarray, maskable: np.ndarray, cell: tuple[int, int],
                   row_totals: bool) -> tuple[int, int] | None:
    """The cell to mask next to protect ``cell``: the smallest non-zero shown cell of its row or column.

    Inner cells go before row totals; if the row and column have no candidate,
    the smallest candidate anywhere in the table. None when nothing is left.
    """
    total_col = values.shape[1] - 1 if row_totals else None
    candidates = maskable & ~hidden & (values > 0)

    def best(mask: np.ndarray) -> tuple[int, int] | None:
        cells = [(r, c) for r, c in zip(*np.nonzero(mask))]
        if not cells:
            return None
        return min(cells, key=lambda rc: (rc[1] == total_col, values[rc], rc))

    near = np.zeros_like(candidates)
    near[cell[0], :] = True
    near[:, cell[1]] = True
    return best(candidates & near) or best(candidates)


def suppress(counts: pd.DataFrame, threshold: int, total_label: str = TOTAL_LABEL) -> MaskedTable:
    """Add totals to a table of counts (units × categories) and mask it by the rules above."""
    table = add_totals(counts, total_label)
    values = table.to_numpy(dtype="int64")
    row_totals = counts.shape[1] > 1
    lines = table_lines(*values.shape, row_totals=row_totals)
    maskable = maskable_cells(*values.shape)
    primary = primary_mask(values, maskable, threshold)
    hidden = primary.copy()
    safe = True
    while True:
        disclosed = disclosed_cells(values, hidden, primary, threshold, lines)
        if not disclosed.any():
            break
        first = tuple(int(i) for i in np.argwhere(disclosed)[0])
        extra = next_secondary(values, hidden, maskable, first, row_totals)
        if extra is None:
            safe = False
            break
        hidden[extra] = True
    status = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, SHOWN))
    return MaskedTable(table, pd.DataFrame(status, index=table.index, columns=table.columns), threshold, safe)


def suppress_columns(counts: pd.DataFrame, threshold: int, total_label: str = TOTAL_LABEL) -> MaskedTable:
    """Mask every column on its own, for tables whose columns do not add up along a row.

    A table of different measures per unit (riskbedömningar, persons at risk
    …) has no row totals: each column's only sum is its own total. Each column
    is masked by ``suppress`` as a one-column table; the result is safe only
    if every column is.
    """
    parts = [suppress(counts[[column]], threshold, total_label) for column in counts.columns]
    table = pd.concat([part.counts for part in parts], axis=1)
    status = pd.concat([part.status for part in parts], axis=1)
    return MaskedTable(table, status, threshold, all(part.safe for part in parts))
