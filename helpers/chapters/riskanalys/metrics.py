"""Riskanalys och internkontrollplan: pure computations, from the risk rows to riskvärde, level, matrix and counts.

riskvärde = sannolikhet × konsekvens (1–25); the level is the highest level
whose lowest riskvärde (params ``riskanalys.nivaer``) the riskvärde reaches.
Every count here is a count of risks: they add up to the number of risks.
"""

from __future__ import annotations

import pandas as pd

from ...config import RiskLevels
from .contract import STATUSES

LEVELS = ("Låg", "Medium", "Hög", "Kritisk")
HIGH_LEVELS = ("Hög", "Kritisk")
SANNOLIKHET = {1: "Ej trolig", 2: "Ovanlig", 3: "Möjlig", 4: "Trolig", 5: "Högst trolig"}  # seed 001 Tabell 13
KONSEKVENS = {1: "Låg", 2: "Måttlig", 3: "Markant", 4: "Allvarlig", 5: "Katastrofal"}
MAX_VALUE = 25


def risk_value(sannolikhet: int, konsekvens: int) -> int:
    return int(sannolikhet) * int(konsekvens)


def level_of(value: int, levels: RiskLevels) -> str:
    """``Hög`` for 16 with the default levels; exactly on a level's lowest value is that level."""
    if value >= levels.kritisk:
        return "Kritisk"
    if value >= levels.hog:
        return "Hög"
    if value >= levels.medium:
        return "Medium"
    return "Låg"


def level_ranges(levels: RiskLevels) -> dict[str, tuple[int, int]]:
    """The riskvärden of each level: ``{"Låg": (1, 4), "Medium": (5, 9), …}``."""
    lows = (1, levels.medium, levels.hog, levels.kritisk)
    highs = (levels.medium - 1, levels.hog - 1, levels.kritisk - 1, MAX_VALUE)
    return dict(zip(LEVELS, zip(lows, highs)))


def with_levels(rows: pd.DataFrame, levels: RiskLevels) -> pd.DataFrame:
    """The risks with ``riskvarde`` and ``niva``, highest riskvärde first (ties keep the file's order)."""
    rows = rows.copy()
    rows["riskvarde"] = [risk_value(s, k) for s, k in zip(rows["sannolikhet"], rows["konsekvens"])]
    rows["niva"] = [level_of(v, levels) for v in rows["riskvarde"]]
    return rows.sort_values("riskvarde", ascending=False, kind="stable")


def level_counts(rows: pd.DataFrame) -> pd.Series:
    """Risks per level, every level (zero included), in the order Låg … Kritisk."""
    return rows["niva"].value_counts().reindex(list(LEVELS), fill_value=0).astype("int64")


def status_counts(rows: pd.DataFrame) -> pd.Series:
    """Risks per status at year end, in the order planerad, pågår, genomförd."""
    return rows["status"].value_counts().reindex(list(STATUSES), fill_value=0).astype("int64")


def matrix_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Risks per cell: sannolikhet 5 … 1 (rows, as the scale is written) × konsekvens 1 … 5 (columns)."""
    table = pd.crosstab(rows["sannolikhet"], rows["konsekvens"])
    return table.reindex(index=list(range(5, 0, -1)), columns=list(range(1, 6)), fill_value=0).astype("int64")


def cell_levels(levels: RiskLevels) -> pd.DataFrame:
    """The level of every cell of the matrix (same shape as ``matrix_counts``)."""
    return pd.DataFrame([[level_of(s * k, levels) for k in range(1, 6)] for s in range(5, 0, -1)],
                        index=list(range(5, 0, -1)), columns=list(range(1, 6)))


def levels_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Risks per year (rows, ``years``) and level (columns), with ``Totalt``."""
    table = pd.crosstab(rows["ar"], rows["niva"]).reindex(index=years, columns=list(LEVELS), fill_value=0).astype("int64")
    table["Totalt"] = table.sum(axis=1)
    return table


def high_risks(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["niva"].isin(HIGH_LEVELS)]
