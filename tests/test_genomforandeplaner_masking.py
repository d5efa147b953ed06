"""Genomförandeplaner per enhet: small counts are masked, and no masked count can be worked out.

The attacker below is a reader with the published tables: every shown
number, the marks (``<5`` = 1–4 brukare, ``..`` brukare = at least five,
``..`` share = anything from 0 to the enhet's brukare) and the verksamhet's
totals (shown unmasked in the table per verksamhet). It enumerates every
table consistent with all of that and collects the values each hidden count
can take. A small count (1–4), and every count of an enhet with fewer than
five brukare, zero included, must keep at least two possible values.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from reportscan import unescaped

import helpers.chapters.genomforandeplaner as gp
from helpers.blocks import Block
from helpers.config import load_params
from helpers.demo import genomforandeplaner as demo
from helpers.privacy import SECONDARY_MARK

MEASURES = gp.metrics.MEASURES
T = 5


def units(**rows: tuple[int, int, int, int, int]) -> pd.DataFrame:
    return pd.DataFrame(list(rows.values()), index=list(rows), columns=list(gp.metrics.COUNTS))


def possible_values(masked: gp.masking.MaskedUnits) -> dict[tuple[str, str], set[int]]:
    """Every value a reader can find consistent with what is published, per (enhet, brukare|ja:m|nej:m)."""
    counts = masked.counts
    total = counts.sum()
    names = list(counts.index)
    hidden_b = [e for e in names if masked.hidden_rows[e]]
    known_b = {e: int(counts.at[e, "brukare"]) for e in names if e not in hidden_b}
    rest = int(total["brukare"]) - sum(known_b.values())
    ranges = [range(1, T) if masked.few[e] else range(T, rest + 1) for e in hidden_b]
    found: dict[tuple[str, str], set[int]] = {}
    for combo in itertools.product(*ranges):
        if sum(combo) != rest:
            continue
        b = {**known_b, **dict(zip(hidden_b, combo))}
        per_measure = {}
        for m in MEASURES:
            hidden = [e for e in names if not masked.share_shown(e, m)]
            left = int(total[m]) - sum(int(counts.at[e, m]) for e in names if e not in hidden)
            if not 0 <= left <= sum(b[e] for e in hidden):
                break  # this brukare combination is impossible
            per_measure[m] = {e: {v for v in range(b[e] + 1) if 0 <= left - v <= sum(b[o] for o in hidden if o != e)} for e in hidden}
        else:
            for e in hidden_b:
                found.setdefault((e, "brukare"), set()).add(b[e])
            for m, cells in per_measure.items():
                for e, values in cells.items():
                    found.setdefault((e, f"ja:{m}"), set()).update(values)
                    found.setdefault((e, f"nej:{m}"), set()).update(b[e] - v for v in values)
    return found


def assert_nothing_small_recoverable(masked: gp.masking.MaskedUnits) -> None:
    assert masked.safe
    found = possible_values(masked)
    for enhet, row in masked.counts.iterrows():
        protected = []
        if masked.few[enhet]:
            protected += ["brukare"] + [f"{kind}:{m}" for m in MEASURES for kind in ("ja", "nej")]
        else:
            for m in MEASURES:
                ja, nej = int(row[m]), int(row["brukare"] - row[m])
                protected += [f"{kind}:{m}" for kind, n in (("ja", ja), ("nej", nej)) if 0 < n < T]
        for what in protected:
            assert (enhet, what) in found, f"{enhet} {what} visas"
            assert len(found[(enhet, what)]) >= 2, f"{enhet} {what} kan räknas fram: {found[(enhet, what)]}"


# ------------------------------------------------------------------ the rules


def test_enhet_with_few_brukare_shows_nothing_but_less_than_five():
    masked = gp.masking.mask_units(units(A=(30, 28, 20, 25, 15), B=(25, 22, 10, 20, 12), C=(4, 3, 2, 2, 1), D=(12, 12, 9, 11, 8)), T)
    assert masked.few.tolist() == [False, False, True, False]
    assert not any(masked.share_shown("C", m) for m in MEASURES)
    assert masked.hidden_rows.sum() == 2  # the brukare total would give C away: D (fewest brukare) is hidden too
    assert masked.hidden_rows["D"]
    assert_nothing_small_recoverable(masked)


def test_small_complement_is_masked_too():
    """37 of 40 tells that three brukare lack the plan: that share is hidden, and so is a partner."""
    masked = gp.masking.mask_units(units(A=(40, 37, 30, 30, 20), B=(30, 20, 15, 15, 15), C=(25, 25, 10, 10, 10)), T)
    assert not masked.share_shown("A", "plan")
    assert sum(masked.share_shown(e, "plan") for e in "ABC") == 1
    assert all(masked.share_shown(e, "uppdaterad") for e in "ABC")  # nothing small there: all shown
    assert not masked.hidden_rows.any()
    assert_nothing_small_recoverable(masked)


def test_zero_is_shown_in_a_large_enhet_but_never_in_a_small_one():
    masked = gp.masking.mask_units(units(A=(20, 20, 20, 0, 0), B=(30, 30, 30, 10, 5), C=(3, 0, 0, 0, 0), D=(6, 6, 6, 6, 6)), T)
    assert masked.share_shown("A", "avgiven") and masked.share_shown("A", "plan")
    assert not any(masked.share_shown("C", m) for m in MEASURES)  # "none of the three had a plan" is not published
    assert_nothing_small_recoverable(masked)


def test_two_small_enheter_protect_each_other_and_the_rest_stays_shown():
    masked = gp.masking.mask_units(units(A=(50, 45, 30, 30, 20), B=(3, 3, 2, 1, 1), C=(4, 2, 2, 2, 2), D=(60, 50, 40, 40, 30)), T)
    assert masked.hidden_rows.tolist() == [False, True, True, False]
    assert_nothing_small_recoverable(masked)


def test_a_single_small_enhet_cannot_be_hidden_from_its_own_total():
    masked = gp.masking.mask_units(units(A=(3, 3, 1, 1, 1)), T)
    assert not masked.safe and not masked.share_shown("A", "plan")


def test_an_enhet_without_brukare_is_shown_as_zero():
    masked = gp.masking.mask_units(units(A=(0, 0, 0, 0, 0), B=(20, 20, 20, 20, 20), C=(25, 25, 25, 25, 25)), T)
    assert not masked.few["A"] and masked.safe and masked.share_shown("B", "plan")


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_give_a_small_count_away(seed):
    """Random verksamheter of two to four enheter with small and near-complete counts."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = {}
    for i in range(int(rng.integers(2, 5))):
        b = int(rng.choice([2, 4, 6, 9, 14, 22]))
        plan = b - int(rng.integers(0, min(b, 5) + 1))
        rows[f"E{i}"] = (b, plan, *(int(rng.integers(0, plan + 1)) for _ in range(3)))
    masked = gp.masking.mask_units(units(**rows), T)
    if masked.safe:
        assert_nothing_small_recoverable(masked)
    else:
        assert not any(masked.share_shown(e, m) for e in rows for m in MEASURES)


# ------------------------------------------------------------------ the demo report


@pytest.fixture(scope="module")
def ekdala(tmp_path_factory: pytest.TempPathFactory) -> gp.loading.GenomforandeplanerData:
    root: Path = tmp_path_factory.mktemp("demo")
    demo.generate(root)
    return gp.loading.load(load_params("ekdala", 2025).model_copy(update={"data_katalog": str(root / "ekdala")}))


def test_ekdala_enhet_table_masks_and_cannot_be_recomputed(ekdala):
    masked = gp.sections.masked_units(ekdala)
    assert list(masked) == ["Äldreomsorg", "Funktionsstöd", "Socialpsykiatri/SIA"]
    for units_of in masked.values():
        assert_nothing_small_recoverable(units_of)
    table = gp.sections.section_enheter(ekdala)[-1]
    assert "| Äldreomsorg | Korttidsboendet Linden | <5 | .. | .. | .. | .. |" in unescaped(table.markdown)
    assert "| Äldreomsorg | Summa | 293 |" in unescaped(table.markdown)
    # No small count of any enhet is printed, as a count or inside a share.
    for verksamhet, units_of in masked.items():
        for enhet, row in units_of.counts.iterrows():
            line = next(li for li in unescaped(table.markdown).splitlines() if f"| {enhet} |" in li)
            for m in MEASURES:
                if 0 < row[m] < T or 0 < row["brukare"] - row[m] < T or row["brukare"] < T:
                    assert f"({row[m]} av " not in line.replace("\u00a0", " ")


def test_named_enheter_below_target_are_only_those_whose_share_is_shown(ekdala):
    masked = gp.sections.masked_units(ekdala)
    *_, current, targets, table = gp.sections.section_enheter(ekdala)
    results = Block(current.markdown + "\n" + targets.markdown, "")
    figures = gp.key_figures.key_figures(ekdala)
    for m, target in gp.sections.targets_of(ekdala).items():
        below = gp.sections.below_target(masked, m, target)
        assert figures["andelar"][m]["enheter_under_mal"] == len(below)
        for enhet, _ in below:
            units_of = next(u for u in masked.values() if enhet in u.counts.index)
            assert units_of.share_shown(enhet, m)
    hidden = [e for u in masked.values() for e in u.counts.index if not u.share_shown(e, "uppdaterad")]
    text = unescaped(results.markdown)
    assert "Under målet för uppdaterade planer (90\u00a0%) låg åtta enheter: Ekbackens särskilda boende (65,5\u00a0%), Hemtjänst Norr" in text
    for enhet in hidden:
        assert f"{enhet} (" not in text.split("Under målet för uppdaterade planer")[1].split("Under målet för")[0]
    assert text.startswith("En av nio enheter hade aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare. "
                           "För fyra enheter visas inte andelen och de ingår inte i jämförelsen.")
    assert SECONDARY_MARK in unescaped(table.markdown)
