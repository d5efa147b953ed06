"""Brukarundersökningar: the chapter's key figures for the summary and batch indexes (survey aggregates only)."""

from __future__ import annotations

from typing import Any

from ... import ranking
from ...config import Params
from ...formatting import is_missing, round_half_up
from ..points import SummaryPoint, check_point, share_change_point
from .catalogue import load_catalogue, resolve
from .loading import BrukarundersokningarData
from .metrics import (
    change_counts,
    impossible_shares,
    placements,
    response_per_year,
    riket_values,
    shares_per_year,
    survey_rows,
)
from .wording import describe_impossible, in_text, share_subject


def _number(value: float | None) -> float | int | None:
    if is_missing(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else float(round_half_up(value, 1))


def key_figures(data: BrukarundersokningarData) -> dict[str, object]:
    """The chapter's key figures for the summary and batch indexes (survey aggregates only)."""
    if data.missing_notice:
        return {"data_saknas": True}
    surveys = {}
    impossible = 0
    checks: list[str] = []
    for survey in data.surveys:
        shares = shares_per_year(data.results, survey, data.years)
        placed = placements(data, survey, shares)
        response = response_per_year(data.results, survey.id, data.years)
        riket = riket_values(data.reference, survey, data.year)
        current = shares[data.year]
        colours = {q.id: (placed[(q.id, data.year)].colour or "grå") if not is_missing(current[q.id]) else "grå" for q in survey.fragor}
        changes = change_counts(survey, shares, data.previous, data.year)
        bad = impossible_shares(survey_rows(data.results, survey.id))
        impossible += len(bad)
        if not bad.empty:
            checks.append(describe_impossible(survey, bad))
        surveys[survey.id] = {
            "namn": survey.namn,
            "svarsfrekvens": _number(response.loc[data.year, "svarsfrekvens"]),
            "antal_svar": _number(response.loc[data.year, "antal_svar"]),
            "andel_positiva": {q.id: _number(current[q.id]) for q in survey.fragor},
            "andel_positiva_foregaende": {q.id: _number(shares.loc[q.id, data.previous]) for q in survey.fragor}
            if data.previous in shares.columns else None,
            "lagre_ar_battre": [q.id for q in survey.fragor if not q.higher_is_better],
            "riket": {q.id: _number(riket[q.id]) for q in survey.fragor},
            "farg": colours,
            "antal_per_farg": {c: sum(1 for v in colours.values() if v == c) for c in ranking.COLOURS},
            "forbattrade": changes["bättre"],
            "forsamrade": changes["sämre"],
            "oforandrade": changes["lika"],
        }
    return {
        "ar": data.year,
        "undersokningar": surveys,
        "jamforelsedata_syntetiska": data.synthetic_reference,
        "kontroller": {"omojliga_andelar": impossible, "meddelanden": checks},
    }


def summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    """Per survey, the questions whose share moved at least ``MIN_PP`` procentenheter (polarity kept), and the checks."""
    year, previous = params.ar, params.ar - 1
    catalogue = load_catalogue(resolve(params.brukarundersokningar.fragekatalog))
    found: list[SummaryPoint | None] = []
    for survey_id, survey in figures.get("undersokningar", {}).items():
        before = survey.get("andel_positiva_foregaende") or {}
        lower = set(survey.get("lagre_ar_battre", []))
        for question_id, now in survey.get("andel_positiva", {}).items():
            if not catalogue.has_question(survey_id, question_id):
                continue
            question = catalogue.survey(survey_id).question(question_id)
            subject = f"{share_subject(question)} i {in_text(survey['namn'])}"
            found.append(share_change_point(subject, before.get(question_id), now, previous, year,
                                            higher_is_better=question_id not in lower))
    found += [check_point(m) for m in figures.get("kontroller", {}).get("meddelanden", [])]
    return [p for p in found if p is not None]
