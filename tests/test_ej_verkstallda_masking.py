"""Ej verkställda beslut: no combination of the chapter's tables, sentences and key figures recovers a small count."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers.chapters.ej_verkstallda.loading import load
from helpers.chapters.ej_verkstallda.masking import Cells, mask
from helpers.chapters.ej_verkstallda.published import build_cells
from helpers.config import load_params
from helpers.privacy import disclosed_cells


def brute_force_pinned(masked, cells: Cells) -> list[str]:
    """Small cells whose value is the same in every assignment that fits what is published (tiny tables only)."""
    t = masked.threshold
    unknown = [n for n in cells.values if masked.status[n] != "visas"]
    options = {n: range(1, t) if masked.status[n] == "liten" else range(t, 3 * t) for n in unknown}
    seen: dict[str, set[int]] = {n: set() for n in unknown}
    for combo in itertools.product(*options.values()):
        value = {**{n: v for n, v in cells.values.items() if masked.status[n] == "visas"}, **dict(zip(unknown, combo))}
        if all(value[total] == sum(value[p] for p in parts) for total, parts in cells.lines):
            for n, v in zip(unknown, combo):
                seen[n].add(v)
    return [n for n in unknown if masked.status[n] == "liten" and len(seen[n]) == 1]


def partition(total: int, parts: dict[str, int]) -> Cells:
    cells = Cells()
    cells.add("beslut", total, "beslut", fixed=True)
    cells.add_sum("beslut", [cells.add(k, v, "del") for k, v in parts.items()])
    return cells


def test_one_small_part_of_a_known_total_is_protected():
    """15 = 7 + 3 + 5: the 3 would follow from the total, so one more part is hidden (the smaller, 5)."""
    cells = partition(15, {"a": 7, "b": 3, "c": 5})
    masked = mask(cells, 5)
    assert [masked.display(n) for n in ("beslut", "a", "b", "c")] == ["15", "7", "<5", ".."]
    assert brute_force_pinned(masked, cells) == []


def test_two_tables_sharing_a_total_and_a_cell():
    """Per quarter (new) and the first quarter's report are one cell: hiding it in one table hides it in both."""
    cells = partition(15, {"nya1": 6, "nya2": 6, "nya3": 3, "nya4": 0})
    cells.add_sum(cells.add("kvartal1", 6, "del"), ["nya1"])
    masked = mask(cells, 5)
    assert masked.display("nya3") == "<5" and not masked.shown("nya2")  # nya1 is known through kvartal1: nya2 is hidden
    assert brute_force_pinned(masked, cells) == []


def test_a_count_equal_to_the_total_drops_its_table():
    """All three decisions in one insats: the ``<5`` would equal the published total, so the table is left out."""
    cells = partition(3, {"kontaktperson": 3})
    cells.add_sum("beslut", [cells.add("barn", 1, "barn"), cells.add("vuxna", 2, "barn")])
    masked = mask(cells, 5)
    assert masked.dropped_groups == {"del"} and masked.display("kontaktperson") == ".."
    assert masked.display("barn") == "<5" and masked.display("vuxna") == "<5"


@pytest.mark.parametrize("kommun", ["ekdala", "bjorkvik"])
def test_demo_publishes_no_recoverable_small_count(demo_data, kommun):
    """Every published small count of the demo chapter keeps a range of at least two values (the engine's own check)."""
    data = load(load_params(kommun, 2025))
    masked = data.masked
    names = [n for n in masked.values if masked.status[n] != "utelämnad"]
    s = data.params.ej_verkstallda
    cells, _, _ = build_cells(data.decisions, 2025, s.lagrum, s.insatser, s.orsaker)
    index = {n: i for i, n in enumerate(names)}
    values = np.array([[cells.values[n]] for n in names])
    lines = [[(index[p], 0, 1) for p in parts] + [(index[t], 0, -1)] for t, parts in cells.lines
             if t in index and all(p in index for p in parts)]
    hidden = np.array([[masked.status[n] != "visas"] for n in names])
    primary = np.array([[masked.status[n] == "liten"] for n in names])
    assert primary.any()
    assert not disclosed_cells(values, hidden, primary, 5, lines).any()


def test_ekdala_waiting_table_shares_its_margins_with_the_overview(demo_data):
    data = load(load_params("ekdala", 2025))
    m = data.masked
    # The overview's statuses are the waiting table's row totals: the same cells, the same marks.
    assert [m.display(f"2025:status:{s}") for s in ("verkstallt", "avslutat", "vantar")] == ["7", "<5", ".."]
    assert [m.display(f"2025:vantetid:{b}") for b in ("3_6", "6_12", "over_12")] == ["..", "8", "<5"]
    assert m.display("2025:barn") == "6" and m.display("2025:vuxna") == "9"
