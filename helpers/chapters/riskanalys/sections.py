"""Riskanalys och internkontrollplan: the notices and sections, as numbered tables and sentences.

The 5 × 5 matrix is a real table: sannolikhet as row headers, konsekvens as
column headers (with seed 001 Tabell 13's scale words), the count and the
level written in every cell, and margins that add up to the number of risks.
Colour (a class on the cell's text) is only an extra.
"""

from __future__ import annotations

import pandas as pd

from ... import blocks
from ...blocks import Block
from ...formatting import MISSING, format_count
from ...markdown_text import Markup, escape_inline
from ..common import notices
from .loading import RiskanalysData
from .metrics import (
    KONSEKVENS,
    LEVELS,
    SANNOLIKHET,
    cell_levels,
    level_counts,
    level_ranges,
    levels_per_year,
    matrix_counts,
    status_counts,
)
from .wording import (
    describe_highest,
    describe_levels,
    describe_matrix,
    describe_plan,
    describe_scale,
    describe_status,
    describe_trend,
)

__all__ = ["notices", "SECTIONS"]

SUM_LABEL = "Summa"
COLOUR = {"Låg": "kvb-farg-gron", "Medium": "kvb-farg-gul", "Hög": "kvb-farg-orange", "Kritisk": "kvb-farg-rod"}
STATUS_LABEL = {"planerad": "Planerad", "pågår": "Pågår", "genomförd": "Genomförd"}


def _matrix_cell(count: int, level: str) -> str:
    """``[2 (Hög)]{.kvb-farg-orange}``: the count and the level in words; the colour class is only an extra."""
    return Markup(f"[{escape_inline(count)} ({escape_inline(level)})]{{.{COLOUR[level]}}}")


def _actions(actions: tuple[str, ...] | None) -> str:
    """``1) Uppdatera rutin …; 2) …`` (one cell, so numbered in the text)."""
    if not actions:
        return MISSING
    return "; ".join(f"{i}) {a}" for i, a in enumerate(actions, start=1)) if len(actions) > 1 else actions[0]


@blocks.section("Riskanalys")
def section_risks(data: RiskanalysData) -> list[Block]:
    rows = data.current
    ranges = level_ranges(data.params.riskanalys.nivaer)
    counts = level_counts(rows)
    text = " ".join(s for s in (describe_levels(rows, counts, data.year), describe_highest(rows)) if s)
    levels = pd.DataFrame(
        {"Riskvärde": [f"{lo}–{hi}" for lo, hi in ranges.values()], "Antal risker": [format_count(counts[lv]) for lv in LEVELS]},
        index=pd.Index(list(LEVELS), name="Nivå"),
    )
    levels.loc["Totalt"] = ["", format_count(int(counts.sum()))]
    table = pd.DataFrame(
        [[str(r.omrade), str(r.sannolikhet), str(r.konsekvens), str(r.riskvarde), str(r.niva)] for r in rows.itertuples()],
        index=pd.Index([str(r) for r in rows["risk"]], name="Risk"),
        columns=["Område", "Sannolikhet", "Konsekvens", "Riskvärde", "Nivå"],
    )
    return [
        blocks.text_block(describe_scale(ranges)),
        blocks.text_block(text),
        blocks.table_block(levels, "risk-nivaer", f"Antal risker per nivå, riskanalysen {data.year}"),
        blocks.table_block(table, "risk-risker", f"Risker i riskanalysen {data.year}, högst riskvärde först",
                           note="Riskvärde = sannolikhet × konsekvens, båda på en skala 1–5."),
    ]


@blocks.section("Riskmatris")
def section_matrix(data: RiskanalysData) -> list[Block]:
    rows = data.current
    counts = matrix_counts(rows)
    levels = cell_levels(data.params.riskanalys.nivaer)
    table = pd.DataFrame(
        [[_matrix_cell(int(counts.at[s, k]), str(levels.at[s, k])) for k in counts.columns] + [format_count(int(counts.loc[s].sum()))]
         for s in counts.index],
        index=pd.Index([f"{s}: {SANNOLIKHET[s]}" for s in counts.index], name="Sannolikhet"),
        columns=[f"Konsekvens {k}: {KONSEKVENS[k]}" for k in counts.columns] + [SUM_LABEL],
    )
    table.loc[SUM_LABEL] = [format_count(int(counts[k].sum())) for k in counts.columns] + [format_count(len(rows))]
    note = ("Raderna är sannolikheten (5 Högst trolig överst), kolumnerna konsekvensen (1 Låg till vänster). "
            "Varje ruta anger antalet risker och, inom parentes, rutans nivå enligt riskvärdet sannolikhet × konsekvens.")
    return [blocks.text_block(describe_matrix(rows)),
            blocks.table_block(table, "risk-matris", f"Riskmatris: antal risker per sannolikhet och konsekvens, {data.year}", note=note)]


@blocks.section("Internkontrollplan")
def section_plan(data: RiskanalysData) -> list[Block]:
    rows = data.current
    plan = pd.DataFrame(
        [[str(r.riskvarde), str(r.kontroll), _actions(r.atgarder)] for r in rows.itertuples()],
        index=pd.Index([str(r) for r in rows["risk"]], name="Risk"), columns=["Riskvärde", "Kontroll", "Åtgärder"],
    )
    carried = int(rows["overfors"].astype(bool).sum())
    status = pd.DataFrame(
        [[str(r.ansvarig_roll), STATUS_LABEL[str(r.status)], "Ja" if r.overfors else "Nej"] for r in rows.itertuples()],
        index=pd.Index([str(r) for r in rows["risk"]], name="Risk"),
        columns=["Ansvarig (roll)", "Status vid årets slut", f"Förs över till {data.year + 1}"],
    )
    return [
        blocks.text_block(describe_plan(rows, data.year)),
        blocks.table_block(plan, "risk-plan", f"Internkontrollplan {data.year}"),
        blocks.text_block(describe_status(status_counts(rows), carried, data.year)),
        blocks.table_block(status, "risk-status", f"Kontrollernas status vid slutet av {data.year}"),
    ]


@blocks.section("Jämförelse med tidigare år")
def section_trend(data: RiskanalysData) -> list[Block]:
    per_year = levels_per_year(data.risks, data.years_with_data)
    out = [blocks.text_block(describe_trend(per_year, data.previous, data.year, data.has_previous))]
    if len(per_year) < 2:
        return out
    table = per_year.map(format_count)
    table.index = pd.Index([str(y) for y in per_year.index], name="År")
    out.append(blocks.table_block(table, "risk-trend", "Antal risker per nivå och år",
                                  note="Nivåerna är räknade med årets gränser för riskvärdet, så att åren går att jämföra."))
    return out


SECTIONS = (section_risks, section_matrix, section_plan, section_trend)
