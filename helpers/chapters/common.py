"""What every chapter shares: report years, yearly input files, and the notices at its top."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import blocks
from ..blocks import Block
from ..config import Params
from ..contracts import Contract
from ..errors import InputError, Problem
from ..formatting import count_phrase
from ..inputs import read_yearly_inputs


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
    checks: list[str] = field(default_factory=list)  # failed sanity checks: shown in the chapter and the run's summary

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
    """``Avvikelser för 2025 saknas: filen 2025/avvikelser.csv finns inte i datamappen.``"""
    return f"{what} för {params.ar} saknas: filen {relative_to_data(path, params)} finns inte i datamappen."


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


@dataclass(frozen=True)
class Rows:
    """What ``read_yearly_rows`` found."""

    rows: pd.DataFrame  # with ``ar``, the year of each row's date (when nothing is missing)
    years_with_data: list[int]
    missing_notice: str | None  # set when the report year's file is missing
    checks: list[str]  # rows dated outside their file's year


def read_yearly_rows(params: Params, chapter: str, contract: Contract, date_column: str,
                     what: str, singular: str, plural: str) -> Rows:
    """Every year's file of the comparison window, each row counted in the year of ``date_column``."""
    files = {y: params.source_path(chapter, y) for y in params.years()}
    rows, found = read_yearly_inputs(files, contract, params.source(chapter))
    if params.ar not in found:
        return Rows(rows, found, missing_file_notice(params, files[params.ar], what), [])
    check_unique_ids_across_files(rows, singular)
    rows, checks = assign_years(rows.drop(columns="_fil"), date_column, params.years(), found, singular, plural)
    return Rows(rows, found, None, checks)


def header_only_check(year: int, plural: str) -> str:
    """A yearly file with headers and no rows: read without error, but almost always a failed export."""
    return (f"Filen för {year} innehåller bara rubrikraden, inga {plural}. Kontrollera att exporten gäller rätt period "
            f"och urval; annars visar rapporten noll {plural} för {year}.")


def assign_years(rows: pd.DataFrame, date_column: str, years: list[int], years_with_data: list[int],
                 singular: str, plural: str) -> tuple[pd.DataFrame, list[str]]:
    """Each row counts in the year of its date (column ``ar``), if that year is compared and has its own file.

    A row whose date lies in another year than its file is a sign of an
    export over the wrong period: it is counted by its date where that year's
    total is complete, left out otherwise, and said so either way. A report
    year's file with only its header row is said so too (``header_only_check``).
    """
    rows = rows.copy()
    rows["ar"] = rows[date_column].dt.year
    report_year = years[-1]
    checks = []
    if report_year in years_with_data and not (rows["_ar_fil"] == report_year).any():
        checks.append(header_only_check(report_year, plural))
    misplaced = rows[rows["ar"] != rows["_ar_fil"]]
    for (file_year, year), group in misplaced.groupby(["_ar_fil", "ar"]):
        n = len(group)
        them = "den" if n == 1 else "de"
        if year not in years:
            fate = f"ligger utanför jämförelseåren {years[0]}–{years[-1]} och räknas inte"
        elif year not in years_with_data:
            fate = f"räknas inte, eftersom filen för {year} saknas och årets antal då inte är fullständigt"
        else:
            fate = f"räknas till {year}"
        checks.append(f"Filen för {file_year} innehåller {count_phrase(n, singular, plural)} med datum år {year}; {them} {fate}.")
    rows = rows[rows["ar"].isin(years_with_data)].drop(columns="_ar_fil").reset_index(drop=True)
    return rows, checks


def check_messages(data: YearlyRows) -> dict[str, list[str]]:
    """The key-figures entry the runner collects into the manifest and the batch summary."""
    return {"meddelanden": list(data.checks)}


def notices(data: YearlyRows | Any) -> list[Block]:
    """``Data saknas`` when the report year's input is missing, else checks and notes about the inputs.

    Any chapter data with ``missing_notice`` and ``notes`` will do; ``checks`` is optional.
    """
    if data.missing_notice:
        return [blocks.notice_block("Data saknas", data.missing_notice)]
    checks = [blocks.notice_block("Kontrollera underlaget", check) for check in getattr(data, "checks", ())]
    return checks + [blocks.text_block(note) for note in data.notes]
