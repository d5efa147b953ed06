"""Genomförandeplaner: the chapter's data object and ``load(params)``.

Each year's file is read in the shape that params name
(``genomforandeplaner.indata``: ``rader`` or ``antal``) and reduced at once to
counts per enhet; the rows themselves (and their ids) are not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...config import Params
from ...inputs import read_input
from ...organisation import apply_reorganisations, reorganisation_note
from ..common import ReportYears, missing_file_notice, relative_to_data
from .contract import contract_for
from .metrics import (
    Period,
    measurement_period,
    sum_units,
    units_from_counts,
    units_from_rows,
    verksamhet_order,
)

CHAPTER = "genomforandeplaner"
WHAT = "Genomförandeplaner"


@dataclass
class GenomforandeplanerData(ReportYears):
    """Counts per year, verksamhet and enhet, and each year's measurement period."""

    params: Params
    units: pd.DataFrame  # metrics.KEYS + metrics.COUNTS
    periods: dict[int, Period]
    years_with_data: list[int]
    verksamheter: list[str] = field(default_factory=list)  # report order
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def from_rows(self) -> bool:
        """True when the counts were computed here from one row per brukare (not reported per enhet)."""
        return self.params.genomforandeplaner.indata == "rader"


def _empty_units() -> pd.DataFrame:
    return sum_units(pd.DataFrame(columns=["ar", "verksamhet", "enhet", "brukare", "plan", "uppdaterad", "avgiven", "delaktig"]))


def load(params: Params) -> GenomforandeplanerData:
    """Every year's file in the comparison window; a missing or empty report-year file is a visible notice."""
    settings = params.genomforandeplaner
    source = params.source(CHAPTER)
    files = {y: params.source_path(CHAPTER, y) for y in params.years()}
    if not files[params.ar].exists():
        return GenomforandeplanerData(params, _empty_units(), {}, [], missing_notice=missing_file_notice(params, files[params.ar], WHAT))
    frames, periods = [], {}
    for year, path in files.items():
        if not path.exists():
            continue
        frame = read_input(path, contract_for(params, year), source)
        if frame.empty:
            continue
        frames.append(units_from_rows(frame, settings.uppdaterad_manader) if settings.indata == "rader" else units_from_counts(frame))
        periods[year] = measurement_period(frame)
    if params.ar not in periods:
        notice = f"{WHAT} för {params.ar} saknas: filen {relative_to_data(files[params.ar], params)} innehåller inga mätningar."
        return GenomforandeplanerData(params, _empty_units(), {}, [], missing_notice=notice)
    units = pd.concat(frames, ignore_index=True)
    present = set(units["verksamhet"]) | set(units["enhet"])
    changes = params.organisationsforandringar
    units["verksamhet"] = apply_reorganisations(units["verksamhet"], changes, params.ar)
    units["enhet"] = apply_reorganisations(units["enhet"], changes, params.ar)
    units = sum_units(units)
    note = reorganisation_note(changes, sorted(periods), present)
    return GenomforandeplanerData(params, units, periods, sorted(periods), verksamhet_order(units, settings.verksamheter),
                                  notes=[note] if note else [])
