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

from ...config import Params
from ...formatting import is_missing, round_half_up
from ..points import SummaryPoint, check_point, count_change_point, share_change_point, target_point
from .catalogue import PROCESS, RISK_AREAS, SHARE_MEASURES
from .loading import KvalitetsregisterData
from .metrics import (
    Targets,
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
from .wording import distance, national_phrase, share_text


def _number(value: Any) -> int | float | None:
    if is_missing(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else float(round_half_up(value, 1))


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


SHARE_SUBJECTS = {
    "orsak_angiven": "Andelen riskbedömningar med risk där bakomliggande orsak angavs i Senior Alert",
    "atgardsplan": "Andelen riskbedömningar med risk som fick en åtgärdsplan i Senior Alert",
    "uppfoljning": "Andelen åtgärdsplaner i Senior Alert som följdes upp",
}


def _target_points(indicator: dict[str, Any], year: int) -> list[SummaryPoint]:
    """One point per target of a Palliativregistret indicator: the value, the distance and met or not."""
    value = indicator.get("andel")
    if value is None:
        return []
    found = []
    targets = Targets(indicator.get("nationellt_mal"), indicator.get("nationellt_mal_kalla") or "Socialstyrelsen", indicator.get("internt_mal"))
    for target, met, phrase in ((targets.internal, indicator.get("internt_uppfyllt"), "det interna målet"),
                                (targets.national, indicator.get("nationellt_uppfyllt"), national_phrase(targets))):
        if target is None or met is None:
            continue
        text = f"{indicator['text']} var {share_text(value)} år {year}, {distance(value, target, phrase, first=True)}."
        found.append(target_point(text, bool(met)))
    return found


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """Targets of every Palliativregistret indicator; changes of Senior Alert's counts and shares, registrations and
    indicators (rules in ``points``); the data checks."""
    year, previous = params.ar, params.ar - 1
    found: list[SummaryPoint | None] = []
    senior = figures.get("senior_alert") or {}
    process = senior.get("processmatt", {})
    found.append(count_change_point("Antalet riskbedömningar i Senior Alert", process.get("riskbedomningar", {}).get("foregaende"),
                                    process.get("riskbedomningar", {}).get("ar"), previous, year, "riskbedömning", "riskbedömningar"))
    for measure in SHARE_MEASURES:
        values = process.get(measure.id, {})
        found.append(share_change_point(SHARE_SUBJECTS[measure.id], values.get("andel_foregaende"), values.get("andel"), previous, year))
    palliative = figures.get("palliativregistret") or {}
    registrations = palliative.get("registreringar", {})
    found.append(count_change_point("Antalet dödsfall registrerade i Palliativregistret", registrations.get("foregaende"),
                                    registrations.get("ar"), previous, year, "dödsfall", "dödsfall"))
    for indicator in palliative.get("indikatorer", {}).values():
        found.append(share_change_point(f"Andelen för {indicator['text'][:1].lower() + indicator['text'][1:]}",
                                        indicator.get("andel_foregaende"), indicator.get("andel"), previous, year))
        found += _target_points(indicator, year)
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
