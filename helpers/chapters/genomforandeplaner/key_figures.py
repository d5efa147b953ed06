"""Genomförandeplaner: the chapter's key figures for the summary and batch indexes.

Shape, with the Ekdala demo's values (aggregates of the whole kommun only; nothing per enhet that the report does not show)::

    {
      "ar": 2025,
      "matperiod": {"fran": "2025-10-06", "till": "2025-11-14"},
      "antal_brukare": 637,
      "andelar": {                      # one entry per measure: plan, uppdaterad, avgiven, delaktig
        "uppdaterad": {
          "andel": 65.8,                # per cent of all brukare, rounded half up to one decimal
          "taljare": 419, "namnare": 637,
          "andel_foregaende": 59.4,     # the previous year's measurement; None without one
          "mal": 90.0,                  # the internal target (params); None without one
          "uppfyllt": False,            # andel >= mal; None without a target
          "enheter_under_mal": 8,       # enheter whose share is shown in the report and lies below the target
          "enheter_bedomda": 9,         # enheter whose share is shown (the others are masked)
        },
        ...
      },
      "enheter_under_mal": 8,           # enheter (shown ones) below the target of at least one measure
      "kontroller": {"meddelanden": []},
    }

Only enheter whose share the report shows are counted below target: a
count that included masked enheter would reveal them by subtraction.
"""

from __future__ import annotations

from typing import Any

from ...config import Params
from ...formatting import format_date, is_missing
from ...organisation_words import organisation_words
from ..common import check_messages
from ..points import SummaryPoint, check_point, share_change_point, target_point
from .loading import GenomforandeplanerData
from .metrics import MEASURES, meets_target, shares, totals_per_year
from .sections import below_target, masked_units, shown_shares, targets_of
from .wording import measure_words, percent, target_text


def _share(value: float | None) -> float | None:
    return None if is_missing(value) else float(value)


def key_figures(data: GenomforandeplanerData) -> dict[str, object]:
    if data.missing_notice:
        return {"data_saknas": True}
    totals = totals_per_year(data.units, data.years_with_data)
    values = shares(totals)
    targets = targets_of(data)
    masked = masked_units(data)
    below_any: set[str] = set()
    per_measure = {}
    for m in MEASURES:
        target = targets[m]
        below = below_target(masked, m, target) if target is not None else []
        below_any |= {enhet for enhet, _ in below}
        per_measure[m] = {
            "andel": _share(values.at[data.year, m]),
            "taljare": int(totals.at[data.year, m]),
            "namnare": int(totals.at[data.year, "brukare"]),
            "andel_foregaende": _share(values.at[data.previous, m]) if data.has_previous else None,
            "mal": target,
            "uppfyllt": meets_target(_share(values.at[data.year, m]), target),
            "enheter_under_mal": len(below) if target is not None else None,
            "enheter_bedomda": len(shown_shares(masked, m)),
        }
    period = data.periods[data.year]
    return {
        "ar": data.year,
        "matperiod": {"fran": format_date(period.first), "till": format_date(period.last)},
        "antal_brukare": int(totals.at[data.year, "brukare"]),
        "andelar": per_measure,
        "enheter_under_mal": len(below_any),
        "kontroller": check_messages(data),
    }


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """Every measure's internal target, met or not, with the share and its numerator; changes of at least
    ``MIN_PP`` procentenheter (rules in ``points``); the data checks."""
    year, previous = params.ar, params.ar - 1
    words = measure_words(params.genomforandeplaner.uppdaterad_manader)
    owner = organisation_words(params.kommun).possessive
    found: list[SummaryPoint | None] = []
    for measure, values in figures.get("andelar", {}).items():
        subject = words[measure].subject
        found.append(share_change_point(subject, values.get("andel_foregaende"), values.get("andel"), previous, year))
        if values.get("mal") is not None and values.get("andel") is not None:
            share = f"{percent(values['andel'])} ({values['taljare']} av {values['namnare']})"
            relation = "nådde" if values["uppfyllt"] else "nådde inte"
            found.append(target_point(f"{subject} var {share} år {year} och {relation} {owner} mål på {target_text(values['mal'])}.",
                                      bool(values["uppfyllt"])))
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
