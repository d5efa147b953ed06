"""Avvikelser: the chapter's data object and ``load(params)``."""

from __future__ import annotations

from ...config import Params
from ...organisation import apply_reorganisations, reorganisation_note
from ..common import YearlyRows, read_yearly_rows
from .contract import contract_for

CHAPTER = "avvikelser"


class AvvikelserData(YearlyRows):
    """The canonical rows (one per avvikelse) of all years read, and what was found."""


def load(params: Params) -> AvvikelserData:
    """Read every year's export in the comparison window; a missing report-year file is a visible notice."""
    years = params.years()
    read = read_yearly_rows(params, CHAPTER, contract_for(params), "registreringsdatum", "Avvikelser", "avvikelse", "avvikelser")
    if read.missing_notice:
        return AvvikelserData(params, read.rows, read.years_with_data, missing_notice=read.missing_notice)
    rows, found, checks = read.rows, read.years_with_data, read.checks
    present = set(rows["verksamhetsomrade"].dropna())
    rows["verksamhetsomrade"] = apply_reorganisations(rows["verksamhetsomrade"], params.organisationsforandringar, params.ar)
    notes = []
    note = reorganisation_note(params.organisationsforandringar, years, present)
    if note:
        notes.append(note)
    return AvvikelserData(params, rows, found, notes=notes, checks=checks)
