"""Working days (Monday–Friday, Swedish holidays and the three aftnar excluded) and time buckets."""

from __future__ import annotations

from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

# Röda dagar, and midsommarafton, julafton and nyårsafton: lag (1930:173) om beräkning av lagstadgad tid
# treats the three aftnar like holidays, and most offices are closed then ("de_facto" in `holidays`).
HOLIDAY_CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=8)
def swedish_holidays(first_year: int, last_year: int) -> np.ndarray:
    """Weekdays that are not working days: Swedish public holidays and the three aftnar, as numpy dates."""
    days = holidays.country_holidays("SE", years=range(first_year, last_year + 1), categories=HOLIDAY_CATEGORIES)
    # The Swedish calendar in `holidays` marks every Sunday as a holiday; weekends are excluded anyway.
    return np.array(sorted(d for d in days if d.weekday() < 5), dtype="datetime64[D]")


def workdays_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days from ``start`` to ``end``: the working days in [start, end); NaN where either is missing.

    Same day = 0, next working day = 1. A date that is not a working day (weekend, holiday,
    midsommar-, jul- or nyårsafton) counts as the next working day: Saturday → Monday = 0,
    Friday → Saturday = 1, as Friday → Monday.
    """
    mask = start.notna() & end.notna()
    result = pd.Series(np.nan, index=start.index, dtype="float64")
    if not mask.any():
        return result
    s = start[mask].to_numpy(dtype="datetime64[D]")
    e = end[mask].to_numpy(dtype="datetime64[D]")
    years = pd.DatetimeIndex(start[mask]).year.union(pd.DatetimeIndex(end[mask]).year)
    hol = swedish_holidays(int(years.min()), int(years.max()))
    result[mask] = np.busday_count(s, e, holidays=hol).astype("float64")
    return result


def bucket_labels(edges: list[int]) -> list[str]:
    """``[2, 5, 10]`` → ``0–2 arbetsdagar``, ``3–5 arbetsdagar``, ``6–10 arbetsdagar``, ``Mer än 10 arbetsdagar``."""
    labels, low = [], 0
    for high in edges:
        labels.append(f"{low}–{high} arbetsdagar")
        low = high + 1
    labels.append(f"Mer än {edges[-1]} arbetsdagar")
    return labels


def bucket(days: pd.Series, edges: list[int]) -> pd.Series:
    """Each value's bucket label; missing values stay missing."""
    bins = [-np.inf, *edges, np.inf]
    return pd.cut(days, bins=bins, labels=bucket_labels(edges), right=True).astype(object).where(days.notna(), None)
