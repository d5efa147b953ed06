"""Synpunkter och klagomål: the chapter's key figures for the summary and batch indexes."""

from __future__ import annotations

import pandas as pd

from ..common import check_messages, rows_per_year
from .loading import SynpunkterData
from .metrics import channels_per_year, response_summary, unique_per_kind


def key_figures(data: SynpunkterData) -> dict[str, object]:
    """The chapter's key figures for the summary and batch indexes (aggregates only, nothing per enhet)."""
    if data.missing_notice:
        return {"data_saknas": True}
    settings = data.params.synpunkter
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    rows = data.rows_of(data.year)
    response = response_summary(rows, settings.svarstid_mal_dagar)
    channels = channels_per_year(rows, settings.kanaler, [data.year])[data.year]
    return {
        "antal": {str(y): (None if pd.isna(v) else int(v)) for y, v in totals.items()},
        "kontroller": check_messages(data),
        "antal_per_typ": {k: int(v) for k, v in unique_per_kind(rows, settings.typer).items()},
        "antal_per_kanal": {k: int(v) for k, v in channels.items() if v > 0},
        "svarstid_mal_dagar": settings.svarstid_mal_dagar,
        "besvarade_inom_mal": response.within_target,
        "andel_besvarade_inom_mal": None if response.share_within_target is None else round(response.share_within_target, 1),
        "median_svarstid_dagar": response.median_days,
        "ej_besvarade": response.not_answered,
        "ledde_till_avvikelse": int(rows["ledde_till_avvikelse"].sum()),
        "ledde_till_lex_sarah": int(rows["ledde_till_lex_sarah"].sum()),
    }
