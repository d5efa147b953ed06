"""Avvikelser: the chapter's key figures for the summary and batch indexes (aggregates only)."""

from __future__ import annotations

import pandas as pd

from ..common import check_messages, rows_per_year
from .loading import AvvikelserData
from .metrics import per_type


def key_figures(data: AvvikelserData) -> dict[str, object]:
    if data.missing_notice:
        return {"data_saknas": True}
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    rows = data.rows_of(data.year)
    types = per_type(data.rows, data.params.avvikelser.typer, data.previous, data.year)
    return {
        "antal": {str(y): (None if pd.isna(v) else int(v)) for y, v in totals.items()},
        "antal_per_typ": {t: int(v) for t, v in types[data.year].items()},
        "lex_sarah_markerade": int(rows["lex_sarah_markerad"].fillna(False).astype(bool).sum()),
        "lex_sarah_anmalda_ivo": int((rows["lex_sarah_utfall"] == "anmäld till IVO").sum()),
        "kontroller": check_messages(data),
    }
