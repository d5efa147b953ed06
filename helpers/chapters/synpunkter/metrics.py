"""Synpunkter och klagomål: pure computations on the canonical rows.

One synpunkt can concern several verksamhetsområden and have several themes
(list columns). Tables per verksamhetsområde or theme therefore count
*mentions*, and always state the number of unique synpunkter beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...formatting import share, swedish_sort_key

UNIT_MISSING = "Enhet ej angiven"


def kinds_per_year(rows: pd.DataFrame, kinds: list[str], years: list[int], years_with_data: list[int]) -> pd.DataFrame:
    """Kind (rows, every configured kind) × year (columns); NaN columns for years without a file."""
    table = rows.groupby(["typ", "ar"]).size().unstack("ar", fill_value=0)
    table = table.reindex(index=kinds, columns=years, fill_value=0).astype("float64")
    table[[y for y in years if y not in years_with_data]] = float("nan")
    return table


def channels_per_year(rows: pd.DataFrame, channels: list[str], years: list[int]) -> pd.DataFrame:
    """Channel (rows, every configured channel) × year (columns)."""
    table = rows.groupby(["kanal", "ar"]).size().unstack("ar", fill_value=0)
    return table.reindex(index=channels, columns=years, fill_value=0).astype(int)


def mentions(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per synpunkt and value of a list column (a synpunkt about two areas gives two rows)."""
    exploded = rows[["id", "typ", column]].explode(column)
    return exploded.dropna(subset=[column])


def value_order(configured: list[str] | None, counts: pd.Series) -> list[str]:
    """Configured values in their order (also those with no synpunkter), else the data's values, most first."""
    if configured is not None:
        return list(configured) + sorted((v for v in counts.index if v not in configured), key=swedish_sort_key)
    return sorted(counts.index, key=lambda v: (-counts[v], swedish_sort_key(v)))


def kind_by_list(rows: pd.DataFrame, column: str, kinds: list[str], order: list[str] | None = None) -> pd.DataFrame:
    """Value of a list column (rows) × kind (columns): each synpunkt counted once per value it has."""
    found = mentions(rows, column)
    table = found.groupby([column, "typ"]).size().unstack("typ", fill_value=0)
    index = value_order(order, table.sum(axis=1) if not table.empty else pd.Series(dtype=int))
    return table.reindex(index=index, columns=kinds, fill_value=0).astype(int)


def unique_per_kind(rows: pd.DataFrame, kinds: list[str]) -> pd.Series:
    """Number of unique synpunkter per kind."""
    return rows.groupby("typ").size().reindex(kinds, fill_value=0).astype(int)


def response_days(rows: pd.DataFrame) -> pd.Series:
    """Calendar days from received to answered (same day = 0); NaN where not answered."""
    return (rows["besvarad_datum"] - rows["inkommen_datum"]).dt.days.astype("float64")


@dataclass(frozen=True)
class ResponseSummary:
    """Time to answer for one year's synpunkter."""

    received: int
    answered: int
    within_target: int  # answered within the target, same day included
    median_days: float | None  # over the answered ones
    target_days: int

    @property
    def not_answered(self) -> int:
        return self.received - self.answered

    @property
    def share_within_target(self) -> float | None:
        """Per cent of all received synpunkter (unanswered ones count as not within the target)."""
        return share(self.within_target, self.received)


def response_summary(rows: pd.DataFrame, target_days: int) -> ResponseSummary:
    days = response_days(rows).dropna()
    return ResponseSummary(
        received=len(rows),
        answered=len(days),
        within_target=int((days <= target_days).sum()),
        median_days=float(days.median()) if len(days) else None,
        target_days=target_days,
    )


def consequences_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Synpunkter that led to an avvikelse or a lex Sarah report, per year (columns)."""
    table = pd.DataFrame({
        "Ledde till avvikelse": rows[rows["ledde_till_avvikelse"]].groupby("ar").size(),
        "Ledde till lex Sarah-rapport": rows[rows["ledde_till_lex_sarah"]].groupby("ar").size(),
    })
    return table.reindex(years, fill_value=0).fillna(0).astype(int).T


def counts_per_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """Number of synpunkter per enhet: alphabetical, synpunkter without enhet last.

    The order never depends on the counts, so it tells nothing about masked values.
    """
    counts = rows["enhet"].fillna(UNIT_MISSING).value_counts()
    order = sorted((u for u in counts.index if u != UNIT_MISSING), key=swedish_sort_key) + ([UNIT_MISSING] if UNIT_MISSING in counts.index else [])
    return pd.DataFrame({"Antal synpunkter": counts.reindex(order).astype(int)})


def units_per_area(rows: pd.DataFrame, area_order: list[str] | None) -> dict[str, pd.DataFrame]:
    """Per verksamhetsområde, the synpunkter about it per enhet (``Antal synpunkter``), in the area table's order.

    A synpunkt about two areas counts once under each, as in the table per
    verksamhetsområde; so each area's enheter add up to that table's total
    for the area, which is published. Enheter alphabetical, without enhet last.
    """
    found = rows[["verksamhetsomrade", "enhet"]].explode("verksamhetsomrade").dropna(subset=["verksamhetsomrade"])
    totals = found.groupby("verksamhetsomrade").size()
    out = {}
    for area in value_order(area_order, totals):
        if area in totals.index:
            out[area] = counts_per_unit(found[found["verksamhetsomrade"] == area])
    return out
