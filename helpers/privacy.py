"""Masking small counts in breakdowns, so that no one can be singled out (OSL 26 kap.).

SPEC §4: counts below a threshold (params ``maskering.troskel``, default 5) in
breakdowns below the level of verksamhetsområde are shown as ``<5``, and no
masked value may be recomputed, or narrowed to one value, from the margins of
everything published: every table, key-figure file and sentence together.

The rules, for a table of counts with units (e.g. enheter) as rows and
categories as columns:

- **Primary masking.** A count from 1 to threshold − 1 is shown as ``<5``,
  in the cells and in the row totals (a unit's total is a unit-level count too).
  Zero is shown as ``0``: it says nothing about any person, and showing it
  keeps the ranges of the masked cells narrow and honest.
- **Published totals.** Column totals and the grand total are counts for the
  whole kommun (or verksamhetsområde), which the chapter shows elsewhere
  anyway; they are never masked.
- **Secondary masking.** A reader who knows these rules attacks the table
  with every sum (``helpers.privacy_audit``: exact, over whole numbers; ``<5``
  is 1 … t−1, ``..`` is at least t, since only shown counts of t or more are
  ever hidden). While a ``<5`` would be disclosed, more cells are hidden as
  ``..``, as few as possible: every set of one, two, three … inner cells is
  tried, the smallest counts first, and the first set that protects every
  small count is taken; only if no set of inner cells does, row totals are
  tried too. (Very large tables, where that would take too long, are masked
  step by step and then stripped of every ``..`` that is not needed.)
- If even hiding everything hideable leaves a small count disclosed, the
  table is not safe (``MaskedTable.safe`` is False) and must not be shown; the
  chapter says why instead.

Across tables: a count below verksamhetsområde is published in one table
only, and that table's margins are the numbers published elsewhere (the
synpunkter per enhet of a verksamhetsområde add up to the area's total in the
table per verksamhetsområde, and are masked with that total as the margin). A
chapter that publishes the same counts in several tables, sentences and key
figures masks them as one system of cells and sums (ej verkställda beslut,
``helpers.chapters.ej_verkstallda.masking``). ``tests/test_masking_across_tables.py``
reads everything each chapter publishes and proves no small count can be worked out.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .formatting import format_count, number_in_text
from .privacy_audit import Line, disclosed, table_system

TOTAL_LABEL = "Totalt"
SECONDARY_MARK = ".."
SHOWN, PRIMARY, SECONDARY = "visas", "under tröskeln", "dold för summornas skull"



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
    """Hidden cells whose value follows from the published ones through the sums alone (linear algebra).

    With the hidden values as unknowns x, the sums give A·x = b. A cell's value
    is fixed exactly when every solution of A·x = 0 is zero in that cell, i.e.
    when the null space of A has no component there. (The exact attack,
    ``pinned_cells``, finds these and also those the bounds pin.)
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


def pinned_cells(values: np.ndarray, hidden: np.ndarray, low: np.ndarray, high: np.ndarray, protected: np.ndarray,
                 lines: list[Line]) -> np.ndarray:
    """Protected hidden cells that have one value in every whole-number table fitting what is shown.

    ``low``/``high`` are what a reader knows of each hidden cell before using
    the sums (``high`` may be infinite); ``lines`` are the published sums.
    """
    system, cells = table_system(values, hidden, low, high, lines)
    truth = [int(values[cell]) for cell in cells]
    targets = [k for k, cell in enumerate(cells) if protected[cell]]
    result = np.zeros(values.shape, dtype=bool)
    for k in disclosed(system, truth, targets):
        result[cells[k]] = True
    return result


def disclosed_cells(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray, threshold: int,
                    lines: list[Line]) -> np.ndarray:
    """Small counts (``<t``, 1 … t−1) that a reader could still work out, when every other hidden cell is at least t."""
    low = np.where(primary, 1, threshold)
    high = np.where(primary, threshold - 1, math.inf)
    return pinned_cells(values, hidden, low, high, primary, lines)


MAX_COMBINATIONS = 5_000  # sets of one size tried before masking step by step instead
MAX_CHECKS = 300  # exact attacks per search


class _Search:
    """The cheapest set of extra cells to hide so that no small count of one table is disclosed."""

    def __init__(self, values: np.ndarray, primary: np.ndarray, threshold: int, lines: list[Line]):
        self.values, self.primary, self.threshold, self.lines = values, primary, threshold, lines
        self.checks = 0
        width = values.shape[1]
        self.bit = {(r, c): 1 << (r * width + c) for r in range(values.shape[0]) for c in range(width)}
        self.primary_bits = sum(self.bit[(int(r), int(c))] for r, c in zip(*np.nonzero(primary)))
        # Every sum through a small count needs a second hidden cell, or the count follows from it.
        self.guarded = [sum(self.bit[(r, c)] for r, c, _ in line) for line in lines
                        if any(primary[r, c] for r, c, _ in line)]

    def safe(self, extra: tuple[tuple[int, int], ...]) -> bool:
        hidden_bits = self.primary_bits | sum(self.bit[cell] for cell in extra)
        if any((hidden_bits & line).bit_count() < 2 for line in self.guarded):
            return False
        self.checks += 1
        hidden = self.primary.copy()
        for cell in extra:
            hidden[cell] = True
        return not disclosed_cells(self.values, hidden, self.primary, self.threshold, self.lines).any()

    def cheapest(self, candidates: list[tuple[int, int]]) -> tuple[tuple[int, int], ...] | None:
        """The fewest cells (then the smallest sum) of ``candidates`` that protect every small count; None if none found."""
        for k in range(1, len(candidates) + 1):
            if math.comb(len(candidates), k) > MAX_COMBINATIONS:
                return None
            combos = sorted(itertools.combinations(candidates, k), key=lambda s: (sum(int(self.values[c]) for c in s), s))
            for combo in combos:
                if self.checks >= MAX_CHECKS:
                    return None
                if self.safe(combo):
                    return combo
        return None

    def stepwise(self, candidates: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        """Hide, while a small count is disclosed, the first candidate on one of its sums; then show again every
        hidden cell that is not needed (largest first). ``candidates`` are in order of preference."""
        chosen: list[tuple[int, int]] = []
        while not self.safe(tuple(chosen)):
            hidden = self.primary.copy()
            for cell in chosen:
                hidden[cell] = True
            first = tuple(int(i) for i in np.argwhere(disclosed_cells(self.values, hidden, self.primary, self.threshold, self.lines))[0])
            near = {(r, c) for line in self.lines if any((r, c) == first for r, c, _ in line) for r, c, _ in line}
            left = [cell for cell in candidates if cell not in chosen]
            chosen.append(next((cell for cell in left if cell in near), left[0]))
        for cell in sorted(chosen, key=lambda c: (-int(self.values[c]), c)):
            rest = tuple(c for c in chosen if c != cell)
            if self.safe(rest):
                chosen = list(rest)
        return tuple(chosen)


def secondary_cells(values: np.ndarray, primary: np.ndarray, maskable: np.ndarray, threshold: int, lines: list[Line],
                    total_column: int | None) -> tuple[np.ndarray, bool]:
    """The cells to hide (``..``) besides the small counts, and whether the table is then safe (see the module docstring)."""
    hidden = primary.copy()
    search = _Search(values, primary, threshold, lines)
    if search.safe(()):
        return hidden, True
    shown = [(int(r), int(c)) for r, c in zip(*np.nonzero(maskable & ~primary & (values > 0)))]
    shown.sort(key=lambda rc: (rc[1] == total_column, int(values[rc]), rc))
    if not search.safe(tuple(shown)):
        return hidden, False  # hiding more can only widen the ranges: nothing makes this table safe
    inner = [cell for cell in shown if cell[1] != total_column]
    found = search.cheapest(inner) if inner and search.safe(tuple(inner)) else None
    if found is None:
        found = search.cheapest(shown) or search.stepwise(shown)
    for cell in found:
        hidden[cell] = True
    return hidden, True


def suppress(counts: pd.DataFrame, threshold: int, total_label: str = TOTAL_LABEL) -> MaskedTable:
    """Add totals to a table of counts (units × categories) and mask it by the rules above."""
    table = add_totals(counts, total_label)
    values = table.to_numpy(dtype="int64")
    row_totals = counts.shape[1] > 1
    lines = table_lines(*values.shape, row_totals=row_totals)
    maskable = maskable_cells(*values.shape)
    primary = primary_mask(values, maskable, threshold)
    hidden, safe = secondary_cells(values, primary, maskable, threshold, lines, values.shape[1] - 1 if row_totals else None)
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
