"""What every chapter shares: report years, yearly input files, and the notices at its top."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import blocks
from .blocks import Block
from .config import Params
from .contracts import Contract
from .errors import InputError, Problem
from .inputs import read_yearly_inputs


class ReportYears:
    """The report year and the year before it, for a chapter's data object."""

    params: Params
    years_with_data: list[int]

    @property
    def year(self) -> int:
        return self.params.ar

    @property
    def previous(self) -> int:
        return self.params.ar - 1

    @property
    def has_previous(self) -> bool:
        return self.previous in self.years_with_data


@dataclass
class YearlyRows(ReportYears):
    """A chapter read as rows (one per avvikelse, synpunkt …) from one file per year."""

    params: Params
    rows: pd.DataFrame
    years_with_data: list[int]
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)

    def rows_of(self, year: int) -> pd.DataFrame:
        return self.rows[self.rows["ar"] == year]


def rows_per_year(rows: pd.DataFrame, years: list[int], years_with_data: list[int]) -> pd.Series:
    """Number of rows per year (column ``ar``); NaN, not 0, for years without a file."""
    counts = rows.groupby("ar").size().reindex(years, fill_value=0).astype("float64")
    counts[[y for y in years if y not in years_with_data]] = float("nan")
    return counts


def relative_to_data(path: Path, params: Params) -> str:
    """A path as the analyst knows it: relative to the kommun's data folder where possible."""
    try:
        return str(path.relative_to(params.data_path()))
    except ValueError:
        return str(path)


def missing_file_notice(params: Params, path: Path, what: str) -> str:
    """``Avvikelser för 2025 saknas: filen 2025/avvikelser.csv finns inte i kommunens datamapp.``"""
    return f"{what} för {params.ar} saknas: filen {relative_to_data(path, params)} finns inte i kommunens datamapp."


def check_unique_ids_across_files(rows: pd.DataFrame, singular: str) -> None:
    """The same id in two yearly files would count one row twice."""
    dup = rows[rows.duplicated("id", keep=False)]
    if dup.empty:
        return
    files = sorted(set(dup.loc[dup["id"] == dup.iloc[0]["id"], "_fil"]))
    raise InputError(
        files[-1],
        [Problem(None, "id", f"{len(dup)} rader har ett id som också finns i en annan årsfil ({', '.join(files)}); varje {singular} får bara finnas i en fil")],
    )


def read_yearly_rows(params: Params, chapter: str, contract: Contract, what: str, singular: str) -> tuple[pd.DataFrame, list[int], str | None]:
    """Every year's file of the comparison window: (rows, years found, notice if the report year's file is missing)."""
    files = {y: params.source_path(chapter, y) for y in params.years()}
    rows, found = read_yearly_inputs(files, contract, params.source(chapter))
    if params.ar not in found:
        return rows, found, missing_file_notice(params, files[params.ar], what)
    check_unique_ids_across_files(rows, singular)
    return rows.drop(columns="_fil"), found, None


def notices(data: YearlyRows) -> list[Block]:
    """``Data saknas`` when the report year's input is missing, else the notes about the inputs."""
    if data.missing_notice:
        return [blocks.notice_block("Data saknas", data.missing_notice)]
    return [blocks.text_block(note) for note in data.notes]
