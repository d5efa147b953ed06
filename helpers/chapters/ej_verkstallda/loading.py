"""Ej verkställda beslut: the chapter's data object and ``load(params)``.

The report year's file and the previous year's (when it exists) are read and
reduced at once to one row per decision (``metrics.decisions``); the report
rows and their ids are not kept. What may be published of the counts is
decided here, once, for every table, sentence and key figure (``masking``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...config import Params
from ...inputs import read_input
from ..common import ReportYears, missing_file_notice
from .contract import contract_for
from .masking import Masked, mask
from .metrics import UNDER_3, decisions
from .published import build_cells

CHAPTER = "ej_verkstallda"
WHAT = "Ej verkställda beslut"
SHORT_WAIT_CHECK = (
    "Enligt underlaget för {year} har något beslut väntat kortare än tre månader, räknat från beslutsdatum eller avbrott till "
    "verkställande, avslut eller årets slut, fast bara beslut som väntat längre ska rapporteras till IVO; kontrollera datumen."
)


@dataclass
class EjVerkstalldaData(ReportYears):
    """Per year one row per decision, the shared insats rows and laws, and what of the counts may be shown."""

    params: Params
    decisions: dict[int, pd.DataFrame]
    years_with_data: list[int]
    masked: Masked | None = None
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (lagrum, insats) rows of the table per insats
    laws: list[str] = field(default_factory=list)
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


def load(params: Params) -> EjVerkstalldaData:
    """The report year and the year before; a missing report-year file is a visible notice, a missing earlier one a dash."""
    source = params.source(CHAPTER)
    files = {y: params.source_path(CHAPTER, y) for y in (params.ar - 1, params.ar)}
    if not files[params.ar].exists():
        return EjVerkstalldaData(params, {}, [], missing_notice=missing_file_notice(params, files[params.ar], WHAT))
    frames = {y: decisions(read_input(path, contract_for(params, y), source), y) for y, path in files.items() if path.exists()}
    settings = params.ej_verkstallda
    cells, pairs, laws = build_cells(frames, params.ar, settings.lagrum, settings.insatser, settings.orsaker)
    checks = [SHORT_WAIT_CHECK.format(year=y) for y, f in sorted(frames.items()) if (f["vantetid"] == UNDER_3).any()]
    return EjVerkstalldaData(params, frames, sorted(frames), mask(cells, params.maskering.troskel), pairs, laws, checks=checks)
