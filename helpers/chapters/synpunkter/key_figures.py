"""Synpunkter och klagomål: the chapter's key figures for the summary and batch indexes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...config import Params
from ...formatting import round_half_up
from ...sentences import quantity
from ..common import check_messages, rows_per_year
from ..points import SummaryPoint, check_point, count_change_point, share_change_point
from .loading import SynpunkterData
from .metrics import channels_per_year, response_summary, unique_per_kind


def _share(value: float | None) -> float | None:
    return None if value is None else float(round_half_up(value, 1))


def key_figures(data: SynpunkterData) -> dict[str, object]:
    """The chapter's key figures for the summary and batch indexes (aggregates only, nothing per enhet)."""
    if data.missing_notice:
        return {"data_saknas": True}
    settings = data.params.synpunkter
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    rows = data.rows_of(data.year)
    response = response_summary(rows, settings.svarstid_mal_dagar)
    before = response_summary(data.rows_of(data.previous), settings.svarstid_mal_dagar) if data.has_previous else None
    channels = channels_per_year(rows, settings.kanaler, [data.year])[data.year]
    return {
        "antal": {str(y): (None if pd.isna(v) else int(v)) for y, v in totals.items()},
        "kontroller": check_messages(data),
        "antal_per_typ": {k: int(v) for k, v in unique_per_kind(rows, settings.typer).items()},
        "antal_per_kanal": {k: int(v) for k, v in channels.items() if v > 0},
        "svarstid_mal_dagar": settings.svarstid_mal_dagar,
        "besvarade_inom_mal": response.within_target,
        "andel_besvarade_inom_mal": _share(response.share_within_target),
        "andel_besvarade_inom_mal_foregaende": _share(before.share_within_target) if before else None,
        "median_svarstid_dagar": response.median_days,
        "ej_besvarade": response.not_answered,
        "ledde_till_avvikelse": int(rows["ledde_till_avvikelse"].sum()),
        "ledde_till_lex_sarah": int(rows["ledde_till_lex_sarah"].sum()),
    }


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """The change of the number of synpunkter and of the share answered in time, and the data checks."""
    year, previous = params.ar, params.ar - 1
    counts = figures.get("antal", {})
    days = quantity(int(figures.get("svarstid_mal_dagar", 0)), "dag", "dagar")
    found = [
        count_change_point("Antalet synpunkter", counts.get(str(previous)), counts.get(str(year)), previous, year,
                           "synpunkt", "synpunkter"),
        share_change_point(f"Andelen synpunkter som besvarades inom {days}", figures.get("andel_besvarade_inom_mal_foregaende"),
                           figures.get("andel_besvarade_inom_mal"), previous, year, higher_is_better=True),
    ]
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
