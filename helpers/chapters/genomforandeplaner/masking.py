"""Genomförandeplaner: which values per enhet may be shown, so that no brukare can be singled out.

The table per enhet shows, for each enhet, the number of brukare and per
measure ``share (ja av brukare)``. Each measure splits an enhet's brukare in
two counts, *ja* (e.g. with an updated plan) and *nej* (without); the
verksamhet's totals of both are published unmasked (the table per
verksamhet). Per verksamhet and measure this is a table enheter × (ja, nej)
with row totals (brukare) and column totals, and a reader who knows the
marks can attack it with the sums (``helpers.privacy``). The rules:

- **Few brukare.** An enhet with fewer brukare than the threshold shows
  ``<5`` and no shares at all: with three brukare even a zero says something
  about each of them ("none had a plan"). All its counts are protected:
  none may be pinned to one value, zero included.
- **Small ja or nej.** A share whose *ja* or *nej* is 1 … threshold − 1 is
  not shown (``..``): "37 of 40" tells that three brukare lack the thing.
  That small count is protected.
- **Secondary.** While a protected count can still be worked out (exactly,
  over whole numbers: ``helpers.privacy.pinned_cells``) from what is shown
  and the verksamhet's totals, more is hidden:
  the same measure of the shown enhet with fewest brukare, or, when the
  number of brukare itself is exposed, a whole enhet (its brukare shown as
  ``..``). A whole enhet hidden counts for every measure (the brukare column
  is shared), so the measures are checked again until nothing changes.
- Hidden shares all look alike (``..``), so a reader learns nothing from why
  a share is hidden; the model gives the reader more than that (the range of
  the small count), which errs on the safe side.
- Afterwards everything hidden that no small count needs is shown again
  (whole enheter first, then single shares, the largest enhet first).
- If nothing more can be hidden, the verksamhet's enheter are not shown.

Not modelled: the inequalities between measures (an updated plan is a plan);
they bound a hidden share by a shown one but cannot pin a small count that
the sums leave open by at least one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...privacy import pinned_cells, table_lines
from .metrics import MEASURES

JA, NEJ, BRUKARE = 0, 1, 2


@dataclass(frozen=True)
class MaskedUnits:
    """One verksamhet's enheter: their counts and what of them may be shown."""

    counts: pd.DataFrame  # index enhet, columns brukare and the measures
    few: pd.Series  # enhet with fewer brukare than the threshold: shown as <5, nothing else
    hidden_rows: pd.Series  # enhet whose brukare is hidden (few, or to protect another enhet)
    shown: pd.DataFrame  # per enhet and measure: the share may be shown
    safe: bool  # False: small counts could still be worked out; show none of the enheter

    def share_shown(self, enhet: str, measure: str) -> bool:
        return bool(self.safe and self.shown.at[enhet, measure])


def _measure_table(counts: pd.DataFrame, measure: str) -> np.ndarray:
    """Enheter × (ja, nej, brukare), the verksamhet's totals as the last row."""
    ja = counts[measure].to_numpy(dtype="int64")
    brukare = counts["brukare"].to_numpy(dtype="int64")
    table = np.column_stack([ja, brukare - ja, brukare])
    return np.vstack([table, table.sum(axis=0)])


def _start_bounds(values: np.ndarray, few: np.ndarray, hidden_rows: np.ndarray, small: np.ndarray,
                  threshold: int) -> tuple[np.ndarray, np.ndarray]:
    """What a reader knows of each hidden cell before using the sums (see the module docstring)."""
    low = np.zeros(values.shape)
    high = np.full(values.shape, math.inf)
    low[small], high[small] = 1, threshold - 1
    low[hidden_rows & ~few, BRUKARE] = threshold  # ``..`` brukare: not few
    low[few, BRUKARE], high[few, BRUKARE] = 1, threshold - 1
    high[few, JA] = high[few, NEJ] = threshold - 1
    return low, high


def _exposed(values: np.ndarray, few: np.ndarray, hidden_rows: np.ndarray, hidden_cells: np.ndarray,
             threshold: int) -> np.ndarray:
    """Protected counts a reader could pin to one value, for one measure (cells of ``values``)."""
    n = len(few)
    pad = np.zeros(1, dtype=bool)
    few_t, rows_t, cells_t = (np.concatenate([a, pad]) for a in (few, hidden_rows, hidden_cells))
    hidden = np.zeros(values.shape, dtype=bool)
    hidden[rows_t | cells_t, JA] = hidden[rows_t | cells_t, NEJ] = True
    hidden[rows_t, BRUKARE] = True
    small = hidden & (values > 0) & (values < threshold) & ~few_t[:, None]
    small[:, BRUKARE] = False
    protected = small | (few_t[:, None] & np.ones(values.shape, dtype=bool))
    lines = table_lines(n + 1, 3, row_totals=True)
    low, high = _start_bounds(values, few_t, rows_t, small, threshold)
    return pinned_cells(values, hidden, low, high, protected & hidden, lines)


def _primary(counts: pd.DataFrame, measure: str, threshold: int) -> np.ndarray:
    """Shares whose ja or nej is a small count (1 … threshold − 1)."""
    ja = counts[measure].to_numpy()
    nej = counts["brukare"].to_numpy() - ja
    return ((ja > 0) & (ja < threshold)) | ((nej > 0) & (nej < threshold))


def mask_units(counts: pd.DataFrame, threshold: int) -> MaskedUnits:
    """Decide what of one verksamhet's enheter may be shown (counts: index enhet, columns brukare and measures)."""
    brukare = counts["brukare"].to_numpy()
    few = (brukare > 0) & (brukare < threshold)
    hidden_rows = few.copy()
    protected = {m: _primary(counts, m, threshold) | few for m in MEASURES}
    cells = {m: protected[m].copy() for m in MEASURES}
    tables = {m: _measure_table(counts, m) for m in MEASURES}
    safe = True
    while safe:
        changed = False
        for m in MEASURES:
            exposed = _exposed(tables[m], few, hidden_rows, cells[m], threshold)
            if not exposed.any():
                continue
            changed = True
            if exposed[:, BRUKARE].any():
                safe = _hide_next(hidden_rows, brukare)  # the brukare count itself: hide a whole enhet
            elif not _hide_next(cells[m], brukare, hidden_rows):
                safe = _hide_next(hidden_rows, brukare)
            if not safe:
                break
            for other in MEASURES:
                cells[other] |= hidden_rows
        if not changed:
            break
    if safe:
        _show_unneeded(tables, few, hidden_rows, cells, protected, brukare, threshold)
    shown = pd.DataFrame({m: ~cells[m] for m in MEASURES}, index=counts.index)
    return MaskedUnits(counts, pd.Series(few, index=counts.index), pd.Series(hidden_rows, index=counts.index), shown, safe)


def _hide_next(hidden: np.ndarray, brukare: np.ndarray, also_hidden: np.ndarray | None = None) -> bool:
    """Hide the not yet hidden enhet with fewest brukare (ties: the first); False when none is left."""
    candidates = ~hidden if also_hidden is None else ~hidden & ~also_hidden
    if not candidates.any():
        return False
    index = min(np.flatnonzero(candidates), key=lambda i: (brukare[i], i))
    hidden[index] = True
    return True


def _show_unneeded(tables: dict[str, np.ndarray], few: np.ndarray, hidden_rows: np.ndarray, cells: dict[str, np.ndarray],
                   protected: dict[str, np.ndarray], brukare: np.ndarray, threshold: int) -> None:
    """Show again what the small counts do not need, largest enhet first: whole enheter hidden for another's
    sake, then single shares (hiding step by step can hide early what later steps make unnecessary)."""
    def exposed(measures: tuple[str, ...]) -> bool:
        return any(_exposed(tables[m], few, hidden_rows, cells[m], threshold).any() for m in measures)

    for i in sorted(np.flatnonzero(hidden_rows & ~few), key=lambda k: (-brukare[k], k)):
        before = {m: bool(cells[m][i]) for m in MEASURES}
        hidden_rows[i] = False
        for m in MEASURES:
            cells[m][i] = protected[m][i]
        if exposed(MEASURES):
            hidden_rows[i] = True
            for m in MEASURES:
                cells[m][i] = before[m]
    for m in MEASURES:
        for i in sorted(np.flatnonzero(cells[m] & ~protected[m] & ~hidden_rows), key=lambda k: (-brukare[k], k)):
            cells[m][i] = False
            if exposed((m,)):
                cells[m][i] = True
