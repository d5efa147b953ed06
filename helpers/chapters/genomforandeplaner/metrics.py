"""Genomförandeplaner: pure computations, from the audit rows or counts to counts per enhet, shares and changes.

Both input shapes become the same table of counts: one row per year,
verksamhet and enhet with ``brukare`` and the four measures (``plan``,
``uppdaterad``, ``avgiven``, ``delaktig``). Every share has the number of
brukare as its denominator and is rounded half up to one decimal, once;
sentences, changes and target checks use the rounded share, so they agree
with the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...formatting import round_half_up, share, swedish_sort_key

MEASURES = ("plan", "uppdaterad", "avgiven", "delaktig")
COUNTS = ("brukare", *MEASURES)
KEYS = ["ar", "verksamhet", "enhet"]
TOTAL = "Totalt"
DECIMALS = 1


@dataclass(frozen=True)
class Period:
    """The first and last measurement date of one year's measurement."""

    first: pd.Timestamp
    last: pd.Timestamp


def update_cutoff(measured: pd.Series, months: int) -> pd.Series:
    """The earliest date a plan counts as updated: the same day ``months`` calendar months before the measurement.

    A day that does not exist in that month becomes its last day (2025-08-31 → 2025-02-28).
    """
    return measured - pd.DateOffset(months=months)


def updated_within(measured: pd.Series, updated: pd.Series, months: int) -> pd.Series:
    """True where the plan was updated from the cutoff up to and including the measurement date (both days count)."""
    return updated.notna() & (updated >= update_cutoff(measured, months)) & (updated <= measured)


def units_from_rows(rows: pd.DataFrame, months: int) -> pd.DataFrame:
    """Audit rows (one per brukare) → counts per year, verksamhet and enhet."""
    plan = rows["har_plan"].astype(bool)
    flags = pd.DataFrame({
        "ar": rows["matdatum"].dt.year,
        "verksamhet": rows["verksamhet"],
        "enhet": rows["enhet"],
        "brukare": 1,
        "plan": plan,
        "uppdaterad": plan & updated_within(rows["matdatum"], rows["plan_uppdaterad"], months),
        "avgiven": plan & rows["avgiven"].fillna(False).astype(bool),
        "delaktig": plan & rows["delaktig"].fillna(False).astype(bool),
    })
    return sum_units(flags)


def units_from_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts per enhet as kept in Excel → the same canonical table."""
    units = pd.DataFrame({
        "ar": frame["matdatum"].dt.year,
        "verksamhet": frame["verksamhet"],
        "enhet": frame["enhet"],
        "brukare": frame["antal_brukare"],
        "plan": frame["antal_med_plan"],
        "uppdaterad": frame["antal_uppdaterade"],
        "avgiven": frame["antal_avgivna"],
        "delaktig": frame["antal_delaktiga"],
    })
    return sum_units(units)


def sum_units(units: pd.DataFrame) -> pd.DataFrame:
    """One row per year, verksamhet and enhet (units merged by a reorganisation are added up)."""
    summed = units.groupby(KEYS, as_index=False)[list(COUNTS)].sum()
    return summed.astype({c: "int64" for c in COUNTS})


def measurement_period(frame: pd.DataFrame) -> Period:
    """First and last measurement day of a file: its ``matdatum`` values (and ``period_fran`` where given)."""
    starts = frame["matdatum"]
    if "period_fran" in frame.columns:
        starts = frame["period_fran"].fillna(frame["matdatum"])
    return Period(pd.Timestamp(starts.min()), pd.Timestamp(frame["matdatum"].max()))


def verksamhet_order(units: pd.DataFrame, configured: list[str] | None) -> list[str]:
    """The configured verksamheter that have data, in their order; without a list, the data's in alphabetical order."""
    present = set(units["verksamhet"])
    if configured is None:
        return sorted(present, key=swedish_sort_key)
    return [v for v in configured if v in present] + sorted(present - set(configured), key=swedish_sort_key)


def verksamhet_counts(units: pd.DataFrame, year: int, order: list[str]) -> pd.DataFrame:
    """Counts per verksamhet (rows, ``order``) and ``Totalt`` for one year; a verksamhet without data there is left out."""
    rows = units[units["ar"] == year]
    table = rows.groupby("verksamhet")[list(COUNTS)].sum()
    table = table.reindex([v for v in order if v in table.index]).astype("int64")
    table.loc[TOTAL] = table.sum(axis=0)
    return table


def unit_counts(units: pd.DataFrame, year: int, verksamhet: str) -> pd.DataFrame:
    """Counts per enhet of one verksamhet and year, enheter alphabetically (the order says nothing about the counts)."""
    rows = units[(units["ar"] == year) & (units["verksamhet"] == verksamhet)]
    return rows.set_index("enhet")[list(COUNTS)].sort_index(key=lambda s: s.map(swedish_sort_key))


def rounded_share(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` in per cent, rounded half up to one decimal (419 of 637 → 65.8); None without a whole."""
    value = share(part, whole)
    return None if value is None else float(round_half_up(value, DECIMALS))


def shares(counts: pd.DataFrame) -> pd.DataFrame:
    """The rounded share (%) of brukare per measure, for every row of a table of counts."""
    return pd.DataFrame(
        {m: [rounded_share(n, total) for n, total in zip(counts[m], counts["brukare"])] for m in MEASURES},
        index=counts.index,
        dtype="float64",
    )


def totals_per_year(units: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Counts of the whole kommun per year with data (rows, oldest first)."""
    table = units[units["ar"].isin(years)].groupby("ar")[list(COUNTS)].sum()
    return table.reindex([y for y in years if y in table.index]).astype("int64")


def changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Change of each rounded share in procentenheter, per row of ``current``; NaN where the previous year lacks the row."""
    before = shares(previous).reindex(current.index)
    return (shares(current) - before).round(DECIMALS)


def meets_target(value: float | None, target: float | None) -> bool | None:
    """True when the rounded share reaches the target (as the table shows it); None without a share or a target."""
    if value is None or target is None or pd.isna(value):
        return None
    return bool(value >= target)


def all_updated(counts: pd.DataFrame) -> pd.Series:
    """Per row: every brukare had a plan updated within the period (seed 002: "aktuella planer för alla")."""
    return (counts["brukare"] > 0) & (counts["uppdaterad"] == counts["brukare"])
