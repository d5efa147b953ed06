"""Ej verkställda beslut: every count the chapter publishes, as named cells with their sums (for ``masking``).

Cell names: ``<år>:beslut`` (the year's decisions, always shown), ``<år>:barn``
and ``<år>:vuxna``, ``<år>:insats:<lagrum>|<insats>``, ``<år>:lag:<LSS|SoL>``,
``<år>:kvartal:<n>`` (in the quarter's report) and ``<år>:nya:<n>`` (first
reported then), ``<år>:orsak:<orsak>``, ``<år>:status:<status>``,
``<år>:vantetid:<status>:<intervall>`` and ``<år>:vantetid:<intervall>``.
The previous year publishes less (no first-reported quarter, of the waiting
times only those over twelve months), so it has fewer cells and sums.
"""

from __future__ import annotations

import pandas as pd

from .masking import Cells
from .metrics import (
    BUCKETS,
    OVER_12,
    QUARTERS,
    STATUSES,
    children,
    law_of,
    new_per_quarter,
    per_insats,
    per_reason,
    per_status,
    per_status_and_wait,
    per_wait,
    reported_per_quarter,
)


def pair_key(pair: tuple[str, str]) -> str:
    return f"{pair[0]}|{pair[1]}"


def add_year(cells: Cells, frame: pd.DataFrame, year: int, pairs: list[tuple[str, str]], laws: list[str],
             reasons: list[str], current: bool) -> None:
    """The cells of one year (``current``: the report year, with everything the chapter shows of it)."""
    y = str(year)
    total = cells.add(f"{y}:beslut", len(frame), f"{y}:beslut", fixed=True)
    kids = children(frame)
    cells.add_sum(total, [cells.add(f"{y}:barn", kids, f"{y}:barn"), cells.add(f"{y}:vuxna", len(frame) - kids, f"{y}:barn")])
    counts = per_insats(frame, [p[0] for p in pairs], [p[1] for p in pairs]) if len(frame) else {}
    names = {p: cells.add(f"{y}:insats:{pair_key(p)}", counts.get(p, 0), f"{y}:insats") for p in pairs}
    cells.add_sum(total, list(names.values()))
    if len(laws) > 1:
        law_cells = []
        for law in laws:
            members = [n for p, n in names.items() if law_of(p[0]) == law]
            law_cells.append(cells.add(f"{y}:lag:{law}", sum(cells.values[n] for n in members), f"{y}:insats"))
            cells.add_sum(law_cells[-1], members)
        cells.add_sum(total, law_cells)
    reported = reported_per_quarter(frame)
    quarter_cells = {q: cells.add(f"{y}:kvartal:{q}", reported[q], f"{y}:kvartal") for q in QUARTERS}
    if current:
        new = new_per_quarter(frame)
        new_cells = [cells.add(f"{y}:nya:{q}", new[q], f"{y}:kvartal") for q in QUARTERS]
        cells.add_sum(total, new_cells)
        cells.add_sum(quarter_cells[1], [new_cells[0]])  # in the first quarter every reported decision is new
    cells.add_sum(total, [cells.add(f"{y}:orsak:{r}", n, f"{y}:orsak") for r, n in per_reason(frame, reasons).items()])
    status = {s: cells.add(f"{y}:status:{s}", n, f"{y}:vantetid") for s, n in per_status(frame).items()}
    cells.add_sum(total, list(status.values()))
    waits = per_wait(frame)
    if not current:
        cells.add(f"{y}:vantetid:{OVER_12}", waits[OVER_12], f"{y}:vantetid")
        return
    both = per_status_and_wait(frame)
    grid = {(s, b): cells.add(f"{y}:vantetid:{s}:{b}", both[(s, b)], f"{y}:vantetid") for s in STATUSES for b in BUCKETS}
    for s in STATUSES:
        cells.add_sum(status[s], [grid[(s, b)] for b in BUCKETS])
    bucket_totals = [cells.add(f"{y}:vantetid:{b}", waits[b], f"{y}:vantetid") for b in BUCKETS]
    for b, name in zip(BUCKETS, bucket_totals):
        cells.add_sum(name, [grid[(s, b)] for s in STATUSES])
    cells.add_sum(total, bucket_totals)


def build_cells(frames: dict[int, pd.DataFrame], year: int, lagrum_order: list[str], insats_order: list[str],
                reasons: list[str]) -> tuple[Cells, list[tuple[str, str]], list[str]]:
    """The cells of the report year and (where its file exists) the previous year; the insats rows and laws they share."""
    seen: dict[tuple[str, str], int] = {}
    for frame in frames.values():
        if len(frame):
            seen.update(per_insats(frame, lagrum_order, insats_order))
    pairs = sorted(seen, key=lambda k: (0 if law_of(k[0]) == "LSS" else 1, lagrum_order.index(k[0]), insats_order.index(k[1])))
    laws = [law for law in ("LSS", "SoL") if any(law_of(p[0]) == law for p in pairs)]
    cells = Cells()
    for y, frame in sorted(frames.items()):
        add_year(cells, frame, y, pairs, laws, reasons, current=(y == year))
    return cells, pairs, laws
