"""Egenkontroller: the key figures for the summary and batch indexes, and ``summary_points``.

Shape, with the Ekdala demo's values (counts of enheter only; no enhet is named)::

    {
      "ar": 2025,
      "perioder": {"Kvartal 2": {"enheter": 29, "genomford": 18, "andel_genomford": 62.0,
                                 "uppfoljd": 7, "andel_uppfoljd": 24.0, "ej_rapporterat": 4}, …},
      "egenkontroller": {              # the whole year: every planned enhet and period
        "Genomförandeplaner aktuella för alla": {"planerade": 58, "genomforda": 30, "andel": 52.0,
                                                  "andel_foregaende": 45.0, "mal": 100.0, "uppfyllt": False},
        …,
        "Alla egenkontroller": {…},
      },
      "ej_rapporterat": 7,             # planned egenkontroller not reported
      "kontroller": {"meddelanden": []},
    }

``uppfyllt`` is decided on the counts (every planned one done for a 100 % target), never on a share rounded up to the target.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...config import Params
from ...formatting import format_percent
from ...organisation_words import organisation_words
from ...sentences import describe_share_change, label_in_text
from ..points import SummaryPoint, check_point, share_change_point, target_met, target_point
from .loading import EgenkontrollerData
from .metrics import ALL, DECIMALS, per_control_year, per_period, rounded_share, year_shares
from .wording import percent


def _controls(data: EgenkontrollerData) -> dict[str, dict[str, Any]]:
    target = data.params.egenkontroller.mal
    now = per_control_year(data.rows_of(data.year), data.order)
    before = year_shares(per_control_year(data.rows_of(data.previous), data.order)) if data.has_previous else None
    out = {}
    for name, shares in zip(now.index, year_shares(now)):
        planned, done = int(now.at[name, "planerade"]), int(now.at[name, "genomforda"])
        previous = before.get(name) if before is not None else None
        out[str(name)] = {"planerade": planned, "genomforda": done, "andel": shares,
                          "andel_foregaende": None if previous is None else float(previous), "mal": target,
                          "uppfyllt": target_met(100.0 * done / planned, target) if planned else None}
    return out


def key_figures(data: EgenkontrollerData) -> dict[str, object]:
    if data.missing_notice:
        return {"data_saknas": True}
    periods = per_period(data.rows_of(data.year))
    return {
        "ar": data.year,
        "perioder": {str(p): {"enheter": int(r.enheter), "genomford": int(r.genomford), "andel_genomford": rounded_share(r.genomford, r.enheter),
                              "uppfoljd": int(r.uppfoljd), "andel_uppfoljd": rounded_share(r.uppfoljd, r.enheter),
                              "ej_rapporterat": int(r.ej_rapporterat)} for p, r in zip(periods.index, periods.itertuples())},
        "egenkontroller": _controls(data),
        "ej_rapporterat": int(data.rows_of(data.year)["tyst"].sum()),
        "kontroller": {"meddelanden": list(data.checks)},
    }


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """Per egenkontroll: its share done against the target (exactly on target is met), and its change of at least
    ``MIN_PP`` procentenheter since last year (rules in ``points``); the data checks."""
    year, previous = params.ar, params.ar - 1
    owner = organisation_words(params.kommun).possessive
    found: list[SummaryPoint | None] = []
    for name, values in figures.get("egenkontroller", {}).items():
        subject = ("Andelen genomförda egenkontroller" if name == ALL
                   else f"Andelen genomförda egenkontroller av {label_in_text(name)}")
        change = share_change_point(subject, values.get("andel_foregaende"), values.get("andel"), previous, year)
        if change is not None:  # the rule of ``points``; the shares written as the chapter's tables write them (whole per cent)
            change = replace(change, text=describe_share_change(subject, values["andel_foregaende"], values["andel"], previous, year,
                                                                higher_is_better=True, decimals=DECIMALS))
        found.append(change)
        if values.get("uppfyllt") is None or name == ALL:  # the target is each egenkontroll's; the total only as a change
            continue
        goal = format_percent(values["mal"], 0 if float(values["mal"]).is_integer() else 1)
        relation = "nådde" if values["uppfyllt"] else "nådde inte"
        found.append(target_point(f"{subject} var {percent(values['andel'])} ({values['genomforda']} av {values['planerade']}) år {year} "
                                  f"och {relation} {owner} mål på {goal}.", bool(values["uppfyllt"])))
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
