"""Egenkontroller: pure computations, from the plan's rows to "x av N enheter" per period and egenkontroll.

N is always the enheter that should have done it (the planned rows); x the
enheter that reported it done. An enhet that did not report is in N and not
in x. A result ("krav uppfyllt") is counted among the enheter that did the
control and answered ja or nej. Shares are whole per cent, rounded half up
once; changes and sentences use the rounded share, so they agree with the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ...formatting import round_half_up, share, swedish_sort_key

DECIMALS = 0
ALL = "Alla egenkontroller"
_QUARTER = re.compile(r"^(?:(\d{4})\s*[-–/ ]?\s*)?(?:kvartal|kv\.?|k|q)\s*([1-4])(?:\s+(\d{4}))?$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Period:
    """A quarter (``Kvartal 2``) or a day (``2025-11-14``), ordered by its last day."""

    label: str
    end: pd.Timestamp


def parse_period(text: str, year: int) -> Period | None:
    """``K2``, ``Q2``, ``Kvartal 2``, ``2025-Q2`` or ``2025-06-30`` in ``year``; None for anything else."""
    text = text.strip()
    quarter = _QUARTER.match(text)
    if quarter:
        given = quarter.group(1) or quarter.group(3)
        if given is not None and int(given) != year:
            return None
        q = int(quarter.group(2))
        return Period(f"Kvartal {q}", pd.Timestamp(year, 3 * q, 1) + pd.offsets.MonthEnd(0))
    if _DATE.match(text):
        day = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        if pd.isna(day) or day.year != year:
            return None
        return Period(text, day)
    return None


def rounded_share(part: int, whole: int) -> float | None:
    value = share(part, whole)
    return None if value is None else float(round_half_up(value, DECIMALS))


def planned(rows: pd.DataFrame) -> pd.DataFrame:
    """The planned rows, with ``klar`` (reported done), ``uppf`` (followed up) and ``tyst`` (did not report)."""
    rows = rows[rows["planerad"].astype(bool)].copy()
    rows["klar"] = rows["genomford"].fillna(False).astype(bool)
    rows["uppf"] = rows["klar"] & rows["uppfoljd"].fillna(False).astype(bool)
    rows["tyst"] = rows["genomford"].isna()
    return rows


def period_order(rows: pd.DataFrame) -> list[str]:
    ends = rows.groupby("period_label")["period_end"].first().sort_values(kind="stable")
    return list(ends.index)


def per_period(rows: pd.DataFrame) -> pd.DataFrame:
    """Per period: enheter with a planned egenkontroll, with at least one done, at least one followed up, nothing reported."""
    units = rows.groupby(["period_label", "enhet"]).agg(klar=("klar", "any"), uppf=("uppf", "any"), tyst=("tyst", "all"))
    table = units.groupby("period_label").agg(enheter=("klar", "size"), genomford=("klar", "sum"), uppfoljd=("uppf", "sum"),
                                              ej_rapporterat=("tyst", "sum"))
    return table.reindex(period_order(rows)).astype("int64")


def control_order(rows: pd.DataFrame, configured: list[str] | None) -> list[str]:
    present = set(rows["egenkontroll"])
    if configured is None:
        return sorted(present, key=swedish_sort_key)
    return [c for c in configured if c in present]


def per_control(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Per egenkontroll and period: planned, done, followed up, not reported; results ja among those that answered."""
    rows = rows.assign(ja=rows["klar"] & rows["resultat"].fillna(False).astype(bool), svar=rows["klar"] & rows["resultat"].notna())
    table = rows.groupby(["egenkontroll", "period_label"]).agg(planerade=("klar", "size"), genomforda=("klar", "sum"),
                                                               uppfoljda=("uppf", "sum"), ej_rapporterat=("tyst", "sum"),
                                                               resultat_ja=("ja", "sum"), resultat_av=("svar", "sum"))
    periods = period_order(rows)
    keys = [(c, p) for c in order for p in periods if (c, p) in table.index]
    return table.reindex(pd.MultiIndex.from_tuples(keys, names=["egenkontroll", "period_label"])).astype("int64")


def per_control_year(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Per egenkontroll over the whole year (every planned enhet and period), and ``Alla egenkontroller``."""
    table = rows.groupby("egenkontroll").agg(planerade=("klar", "size"), genomforda=("klar", "sum"))
    table = table.reindex([c for c in order if c in table.index]).astype("int64")
    table.loc[ALL] = table.sum(axis=0)
    return table


def not_reported(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """The planned egenkontroller an enhet did not report: enhet, egenkontroll, period (enheter alphabetically)."""
    silent = rows[rows["tyst"]].copy()
    silent["_c"] = silent["egenkontroll"].map({c: i for i, c in enumerate(order)})
    silent["_p"] = silent["period_end"]
    silent = silent.sort_values(["enhet", "_p", "_c"], key=lambda s: s.map(swedish_sort_key) if s.name == "enhet" else s, kind="stable")
    return silent[["enhet", "egenkontroll", "period_label"]].reset_index(drop=True)


def year_shares(table: pd.DataFrame) -> pd.Series:
    return pd.Series([rounded_share(int(d), int(p)) for d, p in zip(table["genomforda"], table["planerade"])], index=table.index, dtype="float64")
