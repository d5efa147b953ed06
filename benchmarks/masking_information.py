"""How much the masking keeps, before and after the minimal secondary masking (issue 14).

Over generated tables with small counts: the share that can be published, the
share of inner cells shown in them, the mean number of ``..`` per published
table, the median time per table, and how many tables the old masking called
safe although the exact attack (``helpers.privacy_audit``) pins a small count.
"Before" is the old rule, kept here: mask the smallest non-zero shown cell of
the disclosed cell's row or column, judged by linear algebra and ranges along
single rows and columns.

Run: .venv/bin/python benchmarks/masking_information.py
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.privacy import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    MaskedTable,
    add_totals,
    disclosed_cells,
    exactly_determined,
    maskable_cells,
    primary_mask,
    suppress,
    table_lines,
)

VALUES = [0, 1, 2, 3, 4, 5, 6, 8, 12, 20]
T = 5


# ------------------------------------------------------------------ the old masking, for the comparison


def _old_ranges(values, hidden, primary, threshold, lines):
    low = np.where(hidden, np.where(primary, 1, threshold), values).astype(float)
    high = np.where(hidden, np.where(primary, threshold - 1, math.inf), values).astype(float)
    for _ in range(100):
        changed = False
        for line in lines:
            for r, c, coef in line:
                if not hidden[r, c]:
                    continue
                others = [(rr, cc, k) for rr, cc, k in line if (rr, cc) != (r, c)]
                least = sum(low[rr, cc] if k > 0 else -high[rr, cc] for rr, cc, k in others)
                most = sum(high[rr, cc] if k > 0 else -low[rr, cc] for rr, cc, k in others)
                new_low, new_high = (-most, -least) if coef > 0 else (least, most)
                if math.isfinite(new_low) and math.ceil(new_low) > low[r, c]:
                    low[r, c], changed = math.ceil(new_low), True
                if math.isfinite(new_high) and math.floor(new_high) < high[r, c]:
                    high[r, c], changed = math.floor(new_high), True
        if not changed:
            break
    return low, high


def old_suppress(counts: pd.DataFrame, threshold: int = T) -> MaskedTable:
    table = add_totals(counts)
    values = table.to_numpy(dtype="int64")
    row_totals = counts.shape[1] > 1
    lines = table_lines(*values.shape, row_totals=row_totals)
    maskable = maskable_cells(*values.shape)
    primary = primary_mask(values, maskable, threshold)
    hidden, safe = primary.copy(), True
    total_col = values.shape[1] - 1 if row_totals else None
    while True:
        low, high = _old_ranges(values, hidden, primary, threshold, lines)
        disclosed = primary & (exactly_determined(hidden, lines) | (low >= high))
        if not disclosed.any():
            break
        first = tuple(int(i) for i in np.argwhere(disclosed)[0])
        candidates = maskable & ~hidden & (values > 0)
        near = np.zeros_like(candidates)
        near[first[0], :] = near[:, first[1]] = True
        pick = [(int(r), int(c)) for r, c in zip(*np.nonzero(candidates & near))] or \
               [(int(r), int(c)) for r, c in zip(*np.nonzero(candidates))]
        if not pick:
            safe = False
            break
        hidden[min(pick, key=lambda rc: (rc[1] == total_col, values[rc], rc))] = True
    status = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, SHOWN))
    return MaskedTable(table, pd.DataFrame(status, index=table.index, columns=table.columns), threshold, safe)


# ------------------------------------------------------------------ measuring


def leaks(masked: MaskedTable) -> bool:
    """A table called safe in which the exact attack still pins a small count."""
    values = masked.counts.to_numpy(dtype="int64")
    status = masked.status.to_numpy()
    lines = table_lines(*values.shape, row_totals=masked.counts.shape[1] > 1)
    return bool(disclosed_cells(values, status != SHOWN, status == PRIMARY, masked.threshold, lines).any())


def tables(shape: tuple[int, int], n: int, seed: int = 20261201) -> list[pd.DataFrame]:
    """``n`` random tables of the shape that have at least one small count."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        values = [[rng.choice(VALUES) for _ in range(shape[1])] for _ in range(shape[0])]
        if any(0 < v < T for v in itertools.chain(*values)):
            out.append(pd.DataFrame(values, columns=[f"k{j}" for j in range(shape[1])]))
    return out


def nested(n: int, seed: int = 20261202) -> list[list[pd.DataFrame]]:
    """Synpunkter per enhet: one to four verksamhetsområden of one, two or three enheter each (the area's total published)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        areas = [pd.DataFrame({"Antal": [rng.choice(VALUES[1:]) for _ in range(rng.randint(1, 3))]}) for _ in range(rng.randint(1, 4))]
        if any(0 < v < T for a in areas for v in a["Antal"]):
            out.append(areas)
    return out


def measure(groups: list[list[pd.DataFrame]], method: Callable[[pd.DataFrame], MaskedTable]) -> dict[str, float]:
    """Per group of tables published together (one table, or the areas of a nested table)."""
    published = shown = cells = cells_published = secondary = leaked = 0
    times = []
    for group in groups:
        start = time.perf_counter()
        masked = [method(table) for table in group]
        times.append((time.perf_counter() - start) / len(group))
        for table, m in zip(group, masked):
            inner = m.status.iloc[:-1, : table.shape[1]].to_numpy()
            cells += inner.size
            if m.safe:
                published += 1
                cells_published += inner.size
                shown += int((inner == SHOWN).sum())
                secondary += m.n_secondary
                leaked += leaks(m)
    n_tables = sum(len(g) for g in groups)
    return {"tabeller": n_tables, "publicerbara": published, "andel_publicerbara": published / n_tables,
            "visade_i_publicerbara": shown / max(1, cells_published), "visade_av_alla": shown / cells,
            "sekundara_per_tabell": secondary / max(1, published), "median_ms": 1000 * statistics.median(times),
            "lackor": leaked}


def line(label: str, r: dict[str, float]) -> str:
    return (f"  {label:6} {r['publicerbara']:4} av {r['tabeller']:4} publicerbara ({100 * r['andel_publicerbara']:3.0f} %), "
            f"visade celler {100 * r['visade_i_publicerbara']:3.0f} % av de publicerbaras, {100 * r['visade_av_alla']:3.0f} % av alla, "
            f".. per publicerad tabell {r['sekundara_per_tabell']:.2f}, "
            f"median {r['median_ms']:.2f} ms/tabell, säkra enligt metoden men röjda vid exakt attack: {r['lackor']}")


if __name__ == "__main__":
    print("Visade celler: inre celler (utan summarad och summakolumn) som visas med sitt tal; en tabell som inte publiceras visar inga.")
    for shape in ((2, 2), (3, 2), (4, 3), (6, 1), (6, 4)):
        groups = [[t] for t in tables(shape, 600)]
        print(f"{shape[0]}×{shape[1]}:")
        print(line("före", measure(groups, old_suppress)))
        print(line("efter", measure(groups, lambda t: suppress(t, T))))
    groups = nested(400)
    print("Enheter inom verksamhetsområden (1–4 områden med 1–3 enheter, områdets summa publicerad):")
    print(line("före", measure(groups, old_suppress)))
    print(line("efter", measure(groups, lambda t: suppress(t, T))))
