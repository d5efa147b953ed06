"""Egenkontroller: the chapter's data object and ``load(params)``.

One file per year (``kallor.egenkontroller``). Only the planned rows are
kept, each with its period parsed (``period_label``, ``period_end``) and the
flags ``klar``, ``uppf`` and ``tyst`` (``metrics.planned``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...config import Params
from ...inputs import read_input
from ..common import ReportYears, missing_file_notice, relative_to_data
from .contract import CONTRACT, contract_for
from .metrics import control_order, parse_period, planned

CHAPTER = "egenkontroller"
WHAT = "Egenkontroller"


@dataclass
class EgenkontrollerData(ReportYears):
    """The planned egenkontroller of every year read (column ``ar``), and their order."""

    params: Params
    rows: pd.DataFrame
    years_with_data: list[int]
    order: list[str] = field(default_factory=list)
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def rows_of(self, year: int) -> pd.DataFrame:
        return self.rows[self.rows["ar"] == year]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*(c.name for c in CONTRACT.columns), "ar", "period_label", "period_end", "klar", "uppf", "tyst"])


def _with_periods(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    periods = [parse_period(str(p), year) for p in frame["period"]]
    return frame.assign(ar=year, period_label=[p.label for p in periods], period_end=[p.end for p in periods])


def load(params: Params) -> EgenkontrollerData:
    """Every year's file in the comparison window; a missing report-year file, or one without planned rows, is a notice."""
    files = {y: params.source_path(CHAPTER, y) for y in params.years()}
    if not files[params.ar].exists():
        return EgenkontrollerData(params, _empty(), [], missing_notice=missing_file_notice(params, files[params.ar], WHAT))
    frames = []
    for year, path in files.items():
        if path.exists():
            rows = planned(_with_periods(read_input(path, contract_for(params, year), params.source(CHAPTER)), year))
            if not rows.empty:
                frames.append(rows)
    found = sorted({int(f["ar"].iloc[0]) for f in frames})
    if params.ar not in found:
        notice = f"{WHAT} för {params.ar} saknas: filen {relative_to_data(files[params.ar], params)} innehåller inga planerade egenkontroller."
        return EgenkontrollerData(params, _empty(), [], missing_notice=notice)
    rows = pd.concat(frames, ignore_index=True)
    order = control_order(rows, params.egenkontroller.egenkontroller)
    return EgenkontrollerData(params, rows, found, order)
