"""Avvikelser: the chapter's key figures for the summary and batch indexes (aggregates only)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...config import Params
from ...sentences import label_in_text
from ..common import check_messages, rows_per_year
from ..points import SummaryPoint, check_point, count_change_point
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
        "antal_per_typ_foregaende": {t: int(v) for t, v in types[data.previous].items()} if data.has_previous else None,
        "lex_sarah_markerade": int(rows["lex_sarah_markerad"].fillna(False).astype(bool).sum()),
        "lex_sarah_anmalda_ivo": int((rows["lex_sarah_utfall"] == "anmäld till IVO").sum()),
        "kontroller": check_messages(data),
    }


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """The change of the total and of each typ av händelse (rules in ``points``), and the data checks."""
    year, previous = params.ar, params.ar - 1
    counts = figures.get("antal", {})
    found = [count_change_point("Antalet avvikelser", counts.get(str(previous)), counts.get(str(year)), previous, year,
                                "avvikelse", "avvikelser")]
    before = figures.get("antal_per_typ_foregaende") or {}
    for kind, now in figures.get("antal_per_typ", {}).items():
        found.append(count_change_point(f"Avvikelser av typen {label_in_text(kind)}", before.get(kind), now, previous, year,
                                        "avvikelse", "avvikelser"))
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
