"""What a reader can work out of hidden counts: exactly, from every published number and sum together.

Everything published about a set of counts is one system. The hidden counts
are unknowns with bounds (``<5`` is 1–4, ``..`` at least 5, see
``helpers.privacy``); every sum a reader can see is an equation between them
and the shown numbers, whichever table, key-figure file or sentence shows it.
A hidden count is *disclosed* when every whole-number solution of the system
gives it the same value: recomputed exactly, or narrowed to one value by the
bounds.

The check is exact, not a relaxation: bounds are narrowed along the
equations until nothing changes, and where that leaves a choice a search
splits the ranges until it finds a solution or proves there is none. The true
counts are one solution; a count is safe as soon as a second solution gives
it another value. The systems of the chapters are small (tens of unknowns), so
the search is quick; should it ever run out of steps, the count is treated as
disclosed (the safe side).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Equation = tuple[tuple[tuple[int, int], ...], int]  # ((unknown, coefficient), …) and the sum they must give
Line = list[tuple[int, int, int]]  # table cells (row, column, coefficient) whose weighted sum is zero

SEARCH_STEPS = 20_000  # per question "is there a solution where this count differs?"


@dataclass(frozen=True)
class System:
    """Unknown whole numbers ``low[i] ≤ x[i] ≤ high[i]`` and equations ``Σ coefficient·x = sum``."""

    low: tuple[int, ...]
    high: tuple[int, ...]
    equations: tuple[Equation, ...]


class _OutOfSteps(Exception):
    """The search took too long; the caller treats the count as disclosed."""


def _narrow(equations: Sequence[Equation], uses: Sequence[Sequence[int]], low: list[int], high: list[int],
            queue: set[int] | None = None) -> bool:
    """Narrow the bounds along the equations until nothing changes; False when no solution is left.

    ``uses[i]`` lists the equations of unknown ``i``; only equations whose
    unknowns changed are looked at again (``queue``: the ones to start with, default all).
    """
    todo = set(range(len(equations))) if queue is None else set(queue)
    while todo:
        terms, total = equations[todo.pop()]
        least = most = 0
        for i, c in terms:
            if c > 0:
                least += c * low[i]
                most += c * high[i]
            else:
                least += c * high[i]
                most += c * low[i]
        if not least <= total <= most:
            return False
        for i, c in terms:
            own_least, own_most = (c * low[i], c * high[i]) if c > 0 else (c * high[i], c * low[i])
            # c·x = total − (the others), and the others lie in [least − own_least, most − own_most]
            lo_cx, hi_cx = total - (most - own_most), total - (least - own_least)
            lo, hi = (-(-lo_cx // c), hi_cx // c) if c > 0 else (-(-hi_cx // c), lo_cx // c)
            if lo > low[i] or hi < high[i]:
                low[i], high[i] = max(lo, low[i]), min(hi, high[i])
                if low[i] > high[i]:
                    return False
                todo.update(uses[i])
    return True


def _solution(equations: Sequence[Equation], uses: Sequence[Sequence[int]], low: list[int], high: list[int],
              steps: list[int], changed: int) -> list[int] | None:
    """A whole-number solution within the bounds, or None if there is none (depth-first, splitting ranges).

    ``changed``: the unknown whose bounds the caller set, so narrowing starts from its equations.
    """
    stack = [(low, high, changed)]
    while stack:
        steps[0] -= 1
        if steps[0] < 0:
            raise _OutOfSteps
        lo, hi, last = stack.pop()
        if not _narrow(equations, uses, lo, hi, uses[last]):
            continue
        open_ = [i for i in range(len(lo)) if lo[i] < hi[i]]
        if not open_:
            return lo
        i = min(open_, key=lambda k: hi[k] - lo[k])
        mid = (lo[i] + hi[i]) // 2
        upper_lo, lower_hi = lo.copy(), hi.copy()
        upper_lo[i], lower_hi[i] = mid + 1, mid
        stack.append((upper_lo, hi.copy(), i))
        stack.append((lo.copy(), lower_hi, i))
    return None


def disclosed(system: System, truth: Sequence[int], targets: Sequence[int], steps: int = SEARCH_STEPS) -> list[int]:
    """The ``targets`` (unknowns' indices) that have the same value in every solution of ``system``.

    ``truth`` is the true counts, one solution. Each solution found on the way
    shows every target it gives another value, so few searches are needed.
    """
    low, high = list(system.low), list(system.high)
    uses: list[list[int]] = [[] for _ in low]
    for e, (terms, _) in enumerate(system.equations):
        for i, _ in terms:
            uses[i].append(e)
    if not _narrow(system.equations, uses, low, high):
        return list(targets)  # cannot happen (the true counts are a solution); if it did, show nothing
    seen = {k: {truth[k]} for k in targets}
    out = []
    for k in targets:
        if len(seen[k]) > 1:
            continue
        found = None
        for lo_k, hi_k in ((low[k], truth[k] - 1), (truth[k] + 1, high[k])):
            if lo_k > hi_k:
                continue
            lo, hi = low.copy(), high.copy()
            lo[k], hi[k] = lo_k, hi_k
            try:
                found = _solution(system.equations, uses, lo, hi, [steps], k)
            except _OutOfSteps:
                found = None
                break
            if found is not None:
                break
        if found is None:
            out.append(k)
            continue
        for j in targets:
            seen[j].add(found[j])
    return out


def table_system(values: Sequence[Sequence[int]], hidden: Sequence[Sequence[bool]], low: Sequence[Sequence[float]],
                 high: Sequence[Sequence[float]], lines: list[Line]) -> tuple[System, list[tuple[int, int]]]:
    """The system of a table: its hidden cells as unknowns, each line (sum) as an equation.

    Shown cells move to the equation's sum. An unbounded high (``..``) becomes
    the largest number in the table: every count is at most its table's
    grand total. Returns the system and the cell of each unknown.
    """
    cells = [(r, c) for r, row in enumerate(hidden) for c, h in enumerate(row) if h]
    index = {cell: k for k, cell in enumerate(cells)}
    cap = int(max((abs(int(v)) for row in values for v in row), default=0))
    equations = []
    for line in lines:
        terms: dict[int, int] = {}
        total = 0
        for r, c, coef in line:
            if (r, c) in index:
                terms[index[(r, c)]] = terms.get(index[(r, c)], 0) + coef
            else:
                total -= coef * int(values[r][c])
        kept = tuple((k, v) for k, v in terms.items() if v)
        if kept:
            equations.append((kept, total))
    lows = tuple(int(low[r][c]) for r, c in cells)
    highs = tuple(cap if math.isinf(high[r][c]) else int(high[r][c]) for r, c in cells)
    return System(lows, highs, tuple(equations)), cells
