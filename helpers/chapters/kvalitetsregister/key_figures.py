"""Senior Alert och Palliativregistret: the key figures for the summary and batch indexes (kommun level only).

The shape, for a summary chapter to read::

    {"ar": 2025,
     "senior_alert": {                      # None when Senior Alert's input is missing
         "processmatt": {"riskbedomningar": {"ar": 842, "foregaende": 966}, …,
                         "atgardsplan": {"andel": 94, "andel_foregaende": 90}, …},
         "riskomraden": {"undernaring": {"ar": 211, "foregaende": 272}, "fall": {"ar": None, …}, …},
         "trycksar": {"personer": {…}, "antal": {…}},
         "enheter_utan_registrering": ["Korttidsenheten Ekbacken", …]},
     "palliativregistret": {                # None when Palliativregistret's input is missing
         "registreringar": {"ar": 160, "foregaende": 116},
         "indikatorer": {"smartskattning": {"text": …, "andel": 44, "andel_foregaende": 42,
                         "forandring_procentenheter": 2, "taljare": 70, "namnare": 160,
                         "nationellt_mal": 100, "nationellt_mal_kalla": "Socialstyrelsen",
                         "nationellt_uppfyllt": False, "internt_mal": 75, "internt_uppfyllt": False,
                         "fa_dodsfall": False}, …}},
     "kontroller": {"meddelanden": […]}}

Shares are the whole per cent shown in the report; ``*_uppfyllt`` is None
where the value or the target is missing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...formatting import is_missing
from .catalogue import PROCESS, RISK_AREAS
from .loading import KvalitetsregisterData
from .metrics import (
    change,
    denominator,
    in_catalogue_order,
    indicator_counts,
    indicator_shares,
    meets,
    process_shares,
    silent_units,
    targets_for,
    totals_per_year,
)


def _number(value: Any) -> int | float | None:
    if is_missing(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 1)


def _pair(totals: pd.DataFrame, column: str, year: int, previous: int) -> dict[str, Any]:
    return {"ar": _number(totals.at[column, year]),
            "foregaende": _number(totals.at[column, previous]) if previous in totals.columns else None}


def senior_alert_figures(data: KvalitetsregisterData) -> dict[str, Any] | None:
    if data.senior_alert_notice:
        return None
    years = [y for y in (data.previous, data.year) if y in data.senior_alert_years()]
    totals = totals_per_year(data.senior_alert, years)
    now = process_shares(totals[data.year])
    before = process_shares(totals[data.previous]) if data.previous in years else {}
    process: dict[str, Any] = {m.id: _pair(totals, m.id, data.year, data.previous) for m in PROCESS}
    for key, value in now.items():
        process[key].update({"andel": _number(value), "andel_foregaende": _number(before.get(key))})
    earlier = [y for y in data.senior_alert_years() if y < data.year]
    return {
        "processmatt": process,
        "riskomraden": {a.id: _pair(totals, f"risk_{a.id}", data.year, data.previous) for a in RISK_AREAS},
        "trycksar": {"personer": _pair(totals, "trycksar_personer", data.year, data.previous),
                     "antal": _pair(totals, "trycksar_antal", data.year, data.previous)},
        "enheter_utan_registrering": [u.name for u in silent_units(data.senior_alert, data.year, earlier, data.params.kvalitetsregister.enheter)],
    }


def palliative_figures(data: KvalitetsregisterData) -> dict[str, Any] | None:
    if data.palliative_notice:
        return None
    year, prev, settings = data.year, data.previous, data.params.kvalitetsregister
    years = [y for y in data.params.years() if y in data.palliative_years()]
    shares = indicator_shares(data.indicators, years)
    numerators, bases = indicator_counts(data.indicators, "taljare", years), indicator_counts(data.indicators, "namnare", years)
    figures = {}
    for indicator in in_catalogue_order(data.catalogue, shares):
        t = targets_for(indicator, settings)
        now = shares.at[indicator.id, year]
        before = shares.at[indicator.id, prev] if prev in shares.columns else None
        base = denominator(data.indicators, indicator.id, year)
        figures[indicator.id] = {
            "text": indicator.text, "andel": _number(now), "andel_foregaende": _number(before),
            "forandring_procentenheter": _number(change(before, now)),
            "taljare": _number(numerators.at[indicator.id, year]), "namnare": _number(bases.at[indicator.id, year]),
            "nationellt_mal": _number(t.national), "nationellt_mal_kalla": t.national_source,
            "nationellt_uppfyllt": meets(now, t.national, indicator.higher_is_better),
            "internt_mal": _number(t.internal), "internt_uppfyllt": meets(now, t.internal, indicator.higher_is_better),
            "fa_dodsfall": base is not None and base < settings.fa_dodsfall,
        }
    return {"registreringar": {"ar": _number(data.registrations.get(year)), "foregaende": _number(data.registrations.get(prev))},
            "indikatorer": figures}


def key_figures(data: KvalitetsregisterData) -> dict[str, object]:
    """The chapter's key figures (kommun totals only, nothing per boendeform or enhet)."""
    if data.missing_notice:
        return {"data_saknas": True}
    return {
        "ar": data.year,
        "senior_alert": senior_alert_figures(data),
        "palliativregistret": palliative_figures(data),
        "kontroller": {"meddelanden": list(data.checks)},
    }
