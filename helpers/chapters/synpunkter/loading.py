"""Synpunkter och klagomål: the chapter's data object and ``load(params)``."""

from __future__ import annotations

from ...config import Params
from ...organisation import (
    apply_reorganisations,
    apply_reorganisations_to_lists,
    reorganisation_note,
)
from ..common import YearlyRows, read_yearly_rows
from .contract import contract_for

CHAPTER = "synpunkter"


class SynpunkterData(YearlyRows):
    """The canonical rows (one per synpunkt) of all years read, and what was found."""


def load(params: Params) -> SynpunkterData:
    """Read every year's file in the comparison window; a missing report-year file is a visible notice."""
    years = params.years()
    read = read_yearly_rows(params, CHAPTER, contract_for(params), "inkommen_datum", "Synpunkter och klagomål", "synpunkt", "synpunkter")
    if read.missing_notice:
        return SynpunkterData(params, read.rows, read.years_with_data, missing_notice=read.missing_notice)
    rows, found, checks = read.rows, read.years_with_data, read.checks
    present = {name for names in rows["verksamhetsomrade"] for name in names} | set(rows["enhet"].dropna())
    changes = params.organisationsforandringar
    rows["verksamhetsomrade"] = apply_reorganisations_to_lists(rows["verksamhetsomrade"], changes, params.ar)
    rows["enhet"] = apply_reorganisations(rows["enhet"], changes, params.ar)
    for flag in ("ledde_till_avvikelse", "ledde_till_lex_sarah"):
        rows[flag] = rows[flag].fillna(False).astype(bool)
    note = reorganisation_note(changes, years, present)
    return SynpunkterData(params, rows, found, notes=[note] if note else [], checks=checks)
