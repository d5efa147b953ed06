"""Ej verkställda beslut: the chapter's key figures for the summary and batch indexes, and its summary points.

Shape, with the Ekdala demo's values. Counts below the kommun total are
what the report shows of them: the count, or its mark (``"<5"``, ``".."``)
when the report masks it, so the file can never tell more than the tables::

    {
      "ar": 2025,
      "antal": {"2024": 12, "2025": 15},   # decisions reported during the year; None without the year's file
      "barn_under_18": 6,
      "verkstallda": 7, "avslutade": "<5", "ej_verkstallda_vid_arets_slut": "..",
      "vantat_mer_an_12_manader": "<5",
      "kontroller": {"meddelanden": []},
    }
"""

from __future__ import annotations

from typing import Any

from ...config import Params
from ...sentences import counts_in_text
from ..common import check_messages
from ..points import SummaryPoint, check_point, count_change_point, target_point
from .loading import EjVerkstalldaData
from .metrics import CARRIED_OUT, CLOSED, OVER_12, WAITING


def key_figures(data: EjVerkstalldaData) -> dict[str, object]:
    if data.missing_notice:
        return {"data_saknas": True}
    masked, cur = data.masked, data.year
    assert masked is not None
    published = masked.published
    return {
        "ar": cur,
        "antal": {str(y): (masked.values[f"{y}:beslut"] if y in data.years_with_data else None) for y in (data.previous, cur)},
        "barn_under_18": published(f"{cur}:barn"),
        "verkstallda": published(f"{cur}:status:{CARRIED_OUT}"),
        "avslutade": published(f"{cur}:status:{CLOSED}"),
        "ej_verkstallda_vid_arets_slut": published(f"{cur}:status:{WAITING}"),
        "vantat_mer_an_12_manader": published(f"{cur}:vantetid:{OVER_12}"),
        "kontroller": check_messages(data),
    }


def _long_wait_point(value: int | str | None, total: int | None, year: int) -> SummaryPoint | None:
    """The legal expectation (carried out within three months) as a target, with how many waited more than twelve months."""
    if total is None or value is None:
        return None
    if total == 0:
        return target_point(f"Inget beslut rapporterades till IVO som ej verkställt inom tre månader under {year}.", True)
    # One sentence: its counts are written alike (digits when either is above twelve).
    total_text, value_text = counts_in_text([total, value if isinstance(value, int) else 0], neuter=True)
    head = f"Under {year} verkställdes {total_text} beslut inte inom tre månader"
    if value == "..":
        return target_point(f"{head}.", False)
    amount = value_text if isinstance(value, int) else "färre än fem"
    tail = "inget av dem" if value == 0 else f"{amount} av dem"
    return target_point(f"{head}; {tail} hade väntat mer än tolv månader, räknat till verkställandet, avslutet eller årets slut.",
                        False)


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """The change of the number of decisions (count rule); the three months as a target, with how many waited more than
    twelve months; the data checks."""
    year, previous = params.ar, params.ar - 1
    counts = figures.get("antal", {})
    found = [
        count_change_point("Antalet ej verkställda beslut", counts.get(str(previous)), counts.get(str(year)), previous, year,
                           "beslut", "beslut", neuter=True),
        _long_wait_point(figures.get("vantat_mer_an_12_manader"), counts.get(str(year)), year),
    ]
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
