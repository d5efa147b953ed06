"""Riskanalys och internkontrollplan: the key figures for the summary and batch indexes, and ``summary_points``.

Shape, with the Ekdala demo's values (counts of risks only; the register's texts stay in the chapter)::

    {
      "ar": 2025,
      "antal_risker": 4,
      "per_niva": {"Låg": 0, "Medium": 0, "Hög": 4, "Kritisk": 0},
      "hog_eller_kritisk": 4,
      "hog_eller_kritisk_genomforda": 2,   # of those, controls done at year end
      "hog_eller_kritisk_foregaende": 3,   # None without the previous year's file
      "status": {"planerad": 0, "pågår": 2, "genomförd": 2},
      "ej_genomforda": 2,                  # controls planned or ongoing at year end
      "overfors": 4,                       # risks carried over to next year's plan
      "nivagranser": {"medium": 5, "hog": 10, "kritisk": 20},
      "kontroller": {"meddelanden": []},
    }

Summary points, and why they are targets: a control in the internkontrollplan
is planned for the year, so "done by year end" is the plan's own target (met
only when every control is done). The number of risks at Hög or Kritisk is
not good or bad by itself (finding risks is the point of the analysis), so it
is stated inside the target point for those risks, not as a change.
"""

from __future__ import annotations

from typing import Any

from ...config import Params
from ...formatting import capitalize_first
from ...sentences import counts_in_text, describe_part_of_whole
from ..points import SummaryPoint, check_point, target_point
from .loading import RiskanalysData
from .metrics import HIGH_LEVELS, high_risks, level_counts, status_counts
from .wording import risks


def key_figures(data: RiskanalysData) -> dict[str, object]:
    if data.missing_notice:
        return {"data_saknas": True}
    rows = data.current
    high = high_risks(rows)
    before = high_risks(data.risks[data.risks["ar"] == data.previous]) if data.has_previous else None
    status = status_counts(rows)
    return {
        "ar": data.year,
        "antal_risker": len(rows),
        "per_niva": {k: int(v) for k, v in level_counts(rows).items()},
        "hog_eller_kritisk": len(high),
        "hog_eller_kritisk_genomforda": int((high["status"] == "genomförd").sum()),
        "hog_eller_kritisk_foregaende": None if before is None else len(before),
        "status": {k: int(v) for k, v in status.items()},
        "ej_genomforda": int(status.sum() - status["genomförd"]),
        "overfors": int(rows["overfors"].astype(bool).sum()),
        "nivagranser": data.params.riskanalys.nivaer.model_dump(),
        "kontroller": {"meddelanden": list(data.checks)},
    }


def _high_point(high: int, done: int, year: int) -> SummaryPoint | None:
    """``Fyra risker i riskanalysen 2025 hade nivå hög eller kritisk; kontrollen var genomförd vid årets slut för två av dem.``"""
    if high == 0:
        return None
    levels = " eller ".join(level.lower() for level in HIGH_LEVELS)
    # A sentence never starts with digits: "I riskanalysen 2025 hade 13 risker nivå …".
    subject = (f"I riskanalysen {year} hade {risks(high)} nivå {levels}" if high > 12 else
               f"{capitalize_first(risks(high))} i riskanalysen {year} hade nivå {levels}")
    if done == high:
        rest = "kontrollen var genomförd vid årets slut" if high == 1 else f"kontrollerna av {'båda' if high == 2 else 'alla'} var genomförda vid årets slut"
    elif done == 0:
        rest = "kontrollen var inte genomförd vid årets slut" if high == 1 else "ingen av deras kontroller var genomförd vid årets slut"
    else:
        rest = f"kontrollen var genomförd vid årets slut för {counts_in_text([high, done])[1]} av dem"
    return target_point(f"{subject}; {rest}.", done == high)


def _all_point(n: int, not_done: int, year: int) -> SummaryPoint:
    if not_done == 0:
        return target_point(f"Alla kontroller i internkontrollplanen {year} var genomförda vid årets slut.", True)
    part = describe_part_of_whole(not_done, n, "kontroll", "kontroller")
    if part[:1].isdigit():  # never a sentence that starts with digits
        return target_point(f"I internkontrollplanen {year} var {part} inte genomförda vid årets slut.", False)
    return target_point(f"{capitalize_first(part)} i internkontrollplanen {year} var inte genomförda vid årets slut.", False)


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """The controls of the Hög/Kritisk risks done by year end, and of all risks where there are others (see the module docstring)."""
    year = params.ar
    n, high = int(figures.get("antal_risker", 0)), int(figures.get("hog_eller_kritisk", 0))
    found = [_high_point(high, int(figures.get("hog_eller_kritisk_genomforda", 0)), year)]
    if n and n != high:
        found.append(_all_point(n, int(figures.get("ej_genomforda", 0)), year))
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
