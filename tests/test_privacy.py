"""Masking of small counts: what is shown, and proof that masked values cannot be worked out."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers.privacy import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    MaskedTable,
    add_totals,
    disclosed_cells,
    exactly_determined,
    maskable_cells,
    primary_label,
    primary_mask,
    suppress,
    table_lines,
)
from helpers.privacy_audit import System, disclosed


def feasible_values(masked) -> dict[tuple[int, int], set[int]]:
    """Every value each masked cell can take, given what is published: an attacker's exhaustive search.

    The attacker knows the shown numbers and totals, that ``<t`` is 1 … t−1,
    that ``..`` is at least t (zeros are always shown), and that rows and
    columns add up. Search space is bounded by the published grand total.
    """
    values = masked.counts.to_numpy()
    status = masked.status.to_numpy()
    t = masked.threshold
    row_totals = masked.counts.shape[1] > 1
    lines = table_lines(*values.shape, row_totals=row_totals)
    grand = int(values[-1, -1])
    hidden = [(int(r), int(c)) for r, c in zip(*np.nonzero(status != SHOWN))]
    domain = {cell: range(1, t) if status[cell] == PRIMARY else range(t, grand + 1) for cell in hidden}
    found: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    assignment: dict[tuple[int, int], int] = {}

    def value(cell: tuple[int, int]) -> int | None:
        return assignment.get(cell) if cell in domain else int(values[cell])

    def possible() -> bool:
        for line in lines:
            low = high = 0
            for r, c, coef in line:
                v = value((r, c))
                if v is None:
                    dom = domain[(r, c)]
                    lo, hi = (dom.start, dom.stop - 1) if coef > 0 else (-(dom.stop - 1), -dom.start)
                else:
                    lo = hi = coef * v
                low += lo
                high += hi
            if not low <= 0 <= high:
                return False
        return True

    def search(k: int) -> None:
        if k == len(hidden):
            for cell in hidden:
                found[cell].add(assignment[cell])
            return
        for v in domain[hidden[k]]:
            assignment[hidden[k]] = v
            if possible():
                search(k + 1)
        del assignment[hidden[k]]

    if hidden:
        search(0)
    return found


def assert_protected(masked) -> None:
    """No masked small count has only one possible value."""
    status = masked.status.to_numpy()
    for cell, seen in feasible_values(masked).items():
        if status[cell] == PRIMARY:
            assert len(seen) >= 2, f"cell {cell} can be worked out: {seen}"


def test_small_counts_are_shown_as_below_threshold_and_zero_and_large_are_shown():
    counts = pd.DataFrame({"Antal": [0, 1, 4, 5, 12, 9]}, index=list("abcdef"))
    masked = suppress(counts, 5)
    shown = masked.display()["Antal"].tolist()
    assert shown[0] == "0"
    assert shown[1] == "<5" and shown[2] == "<5"
    assert shown[3] in {"5", ".."} and shown[4] in {"12", ".."}
    assert shown[-1] == "31"  # the published total
    assert masked.safe


def test_threshold_comes_from_the_argument():
    counts = pd.DataFrame({"Antal": [2, 3, 3, 8]}, index=list("abcd"))
    masked = suppress(counts, 3)
    assert primary_label(3) == "<3"
    assert masked.display()["Antal"].tolist() == ["<3", "..", "3", "8", "16"]
    assert_protected(masked)


def test_one_masked_cell_in_a_column_gets_a_second_and_cannot_be_recomputed():
    counts = pd.DataFrame({"Antal": [9, 7, 6, 3]}, index=["Ekbacken", "Hemsjukvården", "Hemtjänst Norr", "Vuxenenheten"])
    masked = suppress(counts, 5)
    assert masked.display()["Antal"].tolist() == ["9", "7", "..", "<5", "25"]
    assert masked.status.loc["Hemtjänst Norr", "Antal"] == SECONDARY
    # 3 + 6 = 9 is known from the total, but <5 is 1–4 and .. is at least 5: 1–4 all remain possible.
    assert feasible_values(masked)[(3, 0)] == {1, 2, 3, 4}
    assert_protected(masked)


def test_without_secondary_masking_the_single_small_count_is_recomputed_from_the_total():
    """The attack the secondary masking prevents: primary masking alone gives 25 − 9 − 7 − 6 = 3 away."""
    counts = add_totals(pd.DataFrame({"Antal": [9, 7, 6, 3]}))
    hidden = np.zeros(counts.shape, dtype=bool)
    hidden[3, 0] = True
    lines = table_lines(*counts.shape, row_totals=False)
    assert exactly_determined(hidden, lines)[3, 0]
    assert int(counts.iloc[-1, 0] - counts.iloc[:3, 0].sum()) == 3


def test_range_attack_decides_which_cell_protects_the_small_count():
    # Hiding the 5 would not do: 1 + 5 = 6 with <5 ≥ 1 and .. ≥ 5 lets only (1, 5) fit.
    # Hiding the 9 does: 1 + 9 = 10 leaves <5 anything from 1 to 4 (and .. from 6 to 9).
    counts = pd.DataFrame({"Antal": [9, 1, 5]}, index=list("abc"))
    masked = suppress(counts, 5)
    assert masked.display()["Antal"].tolist() == ["..", "<5", "5", "15"]
    assert feasible_values(masked)[(1, 0)] == {1, 2, 3, 4}
    assert masked.n_secondary == 1


def test_two_way_table_protects_every_small_count():
    counts = pd.DataFrame(
        {"Beröm": [6, 3, 0, 8], "Klagomål": [2, 5, 1, 7]},
        index=["Enhet A", "Enhet B", "Enhet C", "Enhet D"],
    )
    masked = suppress(counts, 5)
    assert masked.safe
    status = masked.status
    assert status.loc["Enhet A", "Klagomål"] == PRIMARY
    assert status.loc["Enhet B", "Beröm"] == PRIMARY
    assert status.loc["Enhet C", "Totalt"] == PRIMARY  # a unit's total of 1 is a small count too
    assert masked.display().loc["Enhet C", "Beröm"] == "0"
    # Column totals and the grand total are published unchanged.
    assert masked.display().loc["Totalt"].tolist() == ["17", "15", "32"]
    for line in ("Enhet A", "Enhet B", "Enhet C", "Enhet D"):
        assert (status.loc[line] != SHOWN).sum() != 1
    for column in status.columns:
        assert (status[column] != SHOWN).sum() != 1
    assert_protected(masked)


@pytest.mark.parametrize("seed", range(12))
def test_random_small_tables_are_protected(seed):
    rng = np.random.default_rng(seed)
    rows, cols = (3, 2) if seed % 2 else (4, 3)
    counts = pd.DataFrame(rng.choice([0, 1, 2, 3, 4, 5, 6, 8], size=(rows, cols)),
                          index=[f"Enhet {i}" for i in range(rows)], columns=[f"Typ {j}" for j in range(cols)])
    masked = suppress(counts, 5)
    if masked.safe:
        assert_protected(masked)
    assert masked.counts.iloc[-1, :-1].tolist() == counts.sum().tolist()


def test_unit_count_that_equals_the_published_total_cannot_be_protected():
    masked = suppress(pd.DataFrame({"Antal": [3]}, index=["Enda enheten"]), 5)
    assert not masked.safe


def test_display_and_note_in_swedish():
    masked = suppress(pd.DataFrame({"Antal": [9, 7, 6, 3]}, index=list("abcd")), 5)
    assert masked.n_primary == 1 and masked.n_secondary == 1
    assert masked.note() == (
        "<5 = färre än fem (1–4); antal under fem visas inte. "
        ".. = värdet döljs så att de dolda små antalen inte kan räknas fram ur summorna."
    )
    plain = suppress(pd.DataFrame({"Antal": [9, 7]}, index=list("ab")), 5)
    assert plain.note() == "<5 = färre än fem (1–4); antal under fem visas inte."
    assert plain.display()["Antal"].tolist() == ["9", "7", "16"]


def test_add_totals_adds_a_total_column_only_for_several_columns():
    one = add_totals(pd.DataFrame({"Antal": [1, 2]}, index=["a", "b"]))
    assert one.index.tolist() == ["a", "b", "Totalt"] and one.columns.tolist() == ["Antal"]
    two = add_totals(pd.DataFrame({"x": [1, 2], "y": [3, 4]}, index=["a", "b"]))
    assert two.loc["Totalt"].tolist() == [3, 7, 10]
    assert two["Totalt"].tolist() == [4, 6, 10]


def test_exhaustive_search_agrees_with_masking_on_every_tiny_table():
    """All 2×2 tables with counts 0, 1, 3, 5 and 8: whatever is masked, no small count can be worked out."""
    for a, b, c, d in itertools.product((0, 1, 3, 5, 8), repeat=4):
        counts = pd.DataFrame({"x": [a, c], "y": [b, d]}, index=["p", "q"])
        masked = suppress(counts, 5)
        if masked.safe and masked.n_primary:
            assert_protected(masked)


def test_a_row_total_is_hidden_only_when_no_inner_cells_can_protect():
    """Enhet b: 5 + 6 = 11. Hiding the 6 alone gives it back from b's total; hiding the 5 too gives the 5 from
    its column (0 + 5) and so the 6 and the <5. Only hiding b's total protects Enhet a's 1."""
    counts = pd.DataFrame({"Beröm": [0, 5], "Klagomål": [1, 6]}, index=["Enhet a", "Enhet b"])
    masked = suppress(counts, 5)
    assert masked.safe
    assert masked.display().to_numpy().tolist() == [["0", "<5", "<5"], ["5", "..", ".."], ["5", "7", "12"]]
    assert masked.status.loc["Enhet b", "Totalt"] == SECONDARY
    assert feasible_values(masked)[(0, 1)] == {1, 2}


def hide(table: pd.DataFrame, threshold: int, extra: tuple[tuple[int, int], ...]) -> MaskedTable:
    """The table with its small counts and ``extra`` hidden: a masking chosen by hand, for the brute force below."""
    values = add_totals(table).to_numpy()
    primary = primary_mask(values, maskable_cells(*values.shape), threshold)
    status = np.where(primary, PRIMARY, SHOWN).astype(object)
    for cell in extra:
        status[cell] = SECONDARY
    full = add_totals(table)
    return MaskedTable(full, pd.DataFrame(status, index=full.index, columns=full.columns), threshold, True)


def fewest_protecting(table: pd.DataFrame, threshold: int) -> int | None:
    """By brute force over every set of hideable cells: the fewest ``..`` that protect every small count."""
    values = add_totals(table).to_numpy()
    maskable = maskable_cells(*values.shape)
    candidates = [(int(r), int(c)) for r, c in zip(*np.nonzero(maskable & (values >= threshold)))]
    for k in range(len(candidates) + 1):
        for extra in itertools.combinations(candidates, k):
            masked = hide(table, threshold, extra)
            status = masked.status.to_numpy()
            if all(len(seen) >= 2 for cell, seen in feasible_values(masked).items() if status[cell] == PRIMARY):
                return k
    return None


@pytest.mark.parametrize("shape", [(2, 2), (3, 1), (4, 1)])
def test_secondary_masking_hides_the_fewest_cells_possible_on_every_tiny_table(shape):
    """Every table of the shape with counts 0, 1, 3 and 6: the masking hides exactly as few cells as brute force
    finds necessary, and calls a table unsafe exactly when no set of cells protects it."""
    for values in itertools.product((0, 1, 3, 6), repeat=shape[0] * shape[1]):
        table = pd.DataFrame(np.array(values).reshape(shape), columns=[f"k{j}" for j in range(shape[1])])
        masked = suppress(table, 5)
        fewest = fewest_protecting(table, 5)
        assert masked.safe == (fewest is not None), values
        if masked.safe:
            assert masked.n_secondary == fewest, (values, masked.display().to_numpy().tolist())


@pytest.mark.parametrize("seed", range(30))
def test_exact_attack_agrees_with_enumerating_every_table(seed):
    """The attack used by the masking (``privacy_audit``) against plain enumeration, on random hidden sets."""
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(2, 4)), int(rng.integers(1, 4))
    table = add_totals(pd.DataFrame(rng.choice([0, 1, 2, 3, 5, 7, 9], size=(rows, cols))))
    values = table.to_numpy()
    maskable = maskable_cells(*values.shape)
    primary = primary_mask(values, maskable, 5)
    hidden = primary | (maskable & (values >= 5) & (rng.random(values.shape) < 0.5))
    status = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, SHOWN))
    masked = MaskedTable(table, pd.DataFrame(status, index=table.index, columns=table.columns), 5, True)
    lines = table_lines(*values.shape, row_totals=cols > 1)
    found = disclosed_cells(values, hidden, primary, 5, lines)
    for cell, seen in feasible_values(masked).items():
        if primary[cell]:
            assert bool(found[cell]) == (len(seen) == 1), (values.tolist(), status.tolist(), cell, seen)


def test_attack_that_runs_out_of_steps_counts_the_count_as_disclosed():
    # x + y = 6 with x, y in 1..5: x has five possible values, but one step is not enough to find a second one.
    system = System(low=(1, 1), high=(5, 5), equations=((((0, 1), (1, 1)), 6),))
    assert disclosed(system, truth=[2, 4], targets=[0]) == []
    assert disclosed(system, truth=[2, 4], targets=[0], steps=0) == [0]
