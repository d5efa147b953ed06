"""Riskanalys och internkontrollplan: the chapter's data object and ``load(params)``.

One file per year (``kallor.riskanalys``): that year's riskanalys and
internkontrollplan. The report year's file is the chapter; earlier years'
files give the comparison of levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...config import Params
from ...inputs import read_input
from ..common import ReportYears, missing_file_notice, relative_to_data
from .contract import CONTRACT, contract_for
from .metrics import with_levels

CHAPTER = "riskanalys"
WHAT = "Riskanalys och internkontrollplan"


@dataclass
class RiskanalysData(ReportYears):
    """Every year's risks with riskvärde and level (column ``ar``), highest riskvärde first."""

    params: Params
    risks: pd.DataFrame
    years_with_data: list[int]
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def current(self) -> pd.DataFrame:
        return self.risks[self.risks["ar"] == self.year]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*(c.name for c in CONTRACT.columns), "ar", "riskvarde", "niva"])


def load(params: Params) -> RiskanalysData:
    """Every year's file in the comparison window; a missing or empty report-year file is a visible notice."""
    files = {y: params.source_path(CHAPTER, y) for y in params.years()}
    if not files[params.ar].exists():
        return RiskanalysData(params, _empty(), [], missing_notice=missing_file_notice(params, files[params.ar], WHAT))
    frames = []
    for year, path in files.items():
        if path.exists():
            frame = read_input(path, contract_for(params), params.source(CHAPTER))
            if not frame.empty:
                frames.append(frame.assign(ar=year))
    found = sorted({int(f["ar"].iloc[0]) for f in frames})
    if params.ar not in found:
        notice = f"{WHAT} för {params.ar} saknas: filen {relative_to_data(files[params.ar], params)} innehåller inga risker."
        return RiskanalysData(params, _empty(), [], missing_notice=notice)
    risks = with_levels(pd.concat(frames, ignore_index=True), params.riskanalys.nivaer)
    return RiskanalysData(params, risks.reset_index(drop=True), found)
