"""Senior Alert och Palliativregistret: pure computations: totals, shares, targets met, units without registrations.

A share computed from counts is shown as whole per cent (as both registers
publish them); a share the export gives is shown as given, to at most one
decimal (never rounded twice). Every comparison (change, distance to a
target, met or not) is made on the share as shown, so that the sentences
agree with the tables. Exactly on target counts as met.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...config import KvalitetsregisterSettings
from ...formatting import is_missing, round_half_up, swedish_sort_key
from .aggregation import per_form, units_of, year_totals
from .catalogue import PROCESS, RISK_AREAS, SORES, Indicator, IndicatorCatalogue

SHARE_DECIMALS = 0


def shown_share(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator in per cent as shown (half up to whole per cent); None without a denominator."""
    if is_missing(numerator) or is_missing(denominator) or not denominator:
        return None
    return float(round_half_up(100.0 * float(numerator) / float(denominator), SHARE_DECIMALS))


def share_decimals(*values: float | None) -> int:
    """Decimals to show: none for whole numbers, one where any of the values has a fraction (``65,8``)."""
    return 1 if any(not is_missing(v) and not float(v).is_integer() for v in values) else 0


def given_share(value: float | None) -> float | None:
    """A share from the export, to at most one decimal (half up)."""
    return None if is_missing(value) else float(round_half_up(float(value), 1))


def totals_per_year(counts: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """The kommun's counts (rows: every count column) per year (columns); NaN where the year or the count is missing."""
    present = set(counts["ar"])
    return pd.DataFrame({y: year_totals(counts, y) if y in present else pd.Series(dtype="float64") for y in years}).astype("float64")


def process_shares(totals: pd.Series) -> dict[str, float | None]:
    """Each process measure with a denominator as the share shown (``atgardsplan``: share of those at risk)."""
    return {m.id: shown_share(totals.get(m.id), totals.get(m.of)) for m in PROCESS if m.of}


def risk_area_rows(totals: pd.DataFrame) -> pd.DataFrame:
    """Persons at risk per area, then persons with pressure ulcers and the ulcers (rows), per year (columns)."""
    ids = [f"risk_{a.id}" for a in RISK_AREAS] + [m.id for m in SORES]
    return totals.reindex(ids)


def areas_without_data(totals: pd.DataFrame, year: int) -> list[str]:
    """The risk areas with no count for the year (shown as missing, never as 0)."""
    return [a.id for a in RISK_AREAS if is_missing(totals.at[f"risk_{a.id}", year])]


def form_counts(counts: pd.DataFrame, year: int, columns: list[str]) -> pd.DataFrame:
    """Counts per boendeform (rows) for one year, the given count columns only."""
    return per_form(counts, year).reindex(columns=columns)


@dataclass(frozen=True)
class SilentUnit:
    """A unit with no riskbedömning in the report year, and why it was expected to have some."""

    name: str
    reason: str  # "tidigare" (registered an earlier year) or "planerad" (params: should register)


def silent_units(counts: pd.DataFrame, year: int, earlier: list[int], expected: list[str]) -> list[SilentUnit]:
    """Units that registered nothing during the year: earlier registrants first, then planned ones, each sorted."""
    now = units_of(counts, year)
    active = {name for name, n in now.items() if not is_missing(n) and n > 0}
    before = {name for y in earlier for name, n in units_of(counts, y).items() if not is_missing(n) and n > 0}
    stopped = sorted(before - active, key=swedish_sort_key)
    planned = sorted(set(expected) - active - set(stopped), key=swedish_sort_key)
    return [SilentUnit(n, "tidigare") for n in stopped] + [SilentUnit(n, "planerad") for n in planned]


# ------------------------------------------------------------------ Palliativregistret


def indicator_shares(indicators: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Share shown per indicator (rows, in data order) and year (columns): täljare/nämnare where given, else the share."""
    rows = indicators.assign(visad=[
        shown_share(t, n) if not is_missing(t) else given_share(a)
        for t, n, a in zip(indicators["taljare"], indicators["namnare"], indicators["andel"])
    ])
    table = rows.pivot_table(index="indikator", columns="ar", values="visad", aggfunc="first", dropna=False)
    return table.reindex(columns=years).astype("float64")


def indicator_counts(indicators: pd.DataFrame, column: str, years: list[int]) -> pd.DataFrame:
    """``taljare`` or ``namnare`` per indicator and year (NaN where only a share is given)."""
    table = indicators.pivot_table(index="indikator", columns="ar", values=column, aggfunc="first", dropna=False)
    return table.reindex(columns=years).astype("float64")


def denominator(indicators: pd.DataFrame, indicator_id: str, year: int) -> float | None:
    """How many deaths a share rests on: its nämnare, else the year's registrations."""
    rows = indicators[(indicators["indikator"] == indicator_id) & (indicators["ar"] == year)]
    if rows.empty:
        return None
    value = rows.iloc[0]["namnare"]
    value = rows.iloc[0]["registreringar"] if is_missing(value) else value
    return None if is_missing(value) else float(value)


def in_catalogue_order(catalogue: IndicatorCatalogue, shares: pd.DataFrame) -> list[Indicator]:
    """The indicators with at least one value, in catalogue order."""
    present = set(shares.index[shares.notna().any(axis=1)])
    return [i for i in catalogue.indikatorer if i.id in present]


@dataclass(frozen=True)
class Targets:
    """An indicator's targets: the national (or register's) level and the kommun's internal delmål, in per cent."""

    national: float | None
    national_source: str
    internal: float | None


def targets_for(indicator: Indicator, settings: KvalitetsregisterSettings) -> Targets:
    """The catalogue's target (or the kommun's replacement under ``mal``) and the internal target from params."""
    if indicator.id in settings.mal:
        return Targets(settings.mal[indicator.id], "kommunens val", settings.interna_mal.get(indicator.id))
    return Targets(indicator.mal, indicator.malkalla, settings.interna_mal.get(indicator.id))


def meets(value: float | None, target: float | None, higher_is_better: bool) -> bool | None:
    """Is the target met? Exactly on target counts as met; None when the value or the target is missing."""
    if is_missing(value) or is_missing(target):
        return None
    return float(value) >= float(target) if higher_is_better else float(value) <= float(target)


def change(before: float | None, now: float | None) -> float | None:
    """The change of a shown share, in procentenheter."""
    if is_missing(before) or is_missing(now):
        return None
    return float(now) - float(before)


def verdict(before: float | None, now: float | None, higher_is_better: bool) -> str | None:
    """``bättre``, ``sämre`` or ``oförändrad`` following the indicator's direction; None if a value is missing."""
    diff = change(before, now)
    if diff is None:
        return None
    if round(diff, 6) == 0:
        return "oförändrad"
    return "bättre" if (diff > 0) == higher_is_better else "sämre"
