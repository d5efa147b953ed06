"""Avvikelser: the notices and sections of the chapter, as numbered tables, figures and sentences."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ... import blocks, charts
from ...blocks import Block
from ...formatting import MISSING, format_count, format_percent, share
from ...sentences import label_in_text
from ...workdays import bucket_labels
from ..common import notices, rows_per_year
from . import wording
from .loading import AvvikelserData
from .metrics import (
    area_labels,
    area_order,
    bucket_table,
    handling_status,
    investigation_length_buckets,
    investigation_start_buckets,
    lex_sarah_per_year,
    lex_sarah_table,
    on_cutoff,
    per_area_per_year,
    per_type,
    status_table,
)

__all__ = ["notices", "SECTIONS"]


@blocks.section("Antal avvikelser per år")
def section_totals(data: AvvikelserData) -> list[Block]:
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    table = pd.DataFrame({"Antal avvikelser": totals.map(format_count)}).T
    table.index.name = "År"
    table = blocks.text_columns(table)
    text = wording.describe_totals(totals, years, data.years_with_data, data.previous, data.year)
    known = totals.dropna()
    fig = charts.bar_chart_by_year(known, "Antal avvikelser")
    first, last = int(known.index[0]), int(known.index[-1])
    return [
        blocks.text_block(text),
        blocks.table_block(table, "avv-totalt", "Totalt antal avvikelser per år"),
        blocks.figure_block(fig, "avv-totalt", f"Antal avvikelser per år {first}–{last}", wording.totals_alt(known, text),
                            numbers_in="avv-totalt"),
    ]


@blocks.section("Avvikelser per verksamhetsområde")
def section_areas(data: AvvikelserData) -> list[Block]:
    years = [y for y in data.params.years() if y in data.years_with_data]
    table = per_area_per_year(data.rows, years)
    out: list[Block] = []
    text = wording.describe_area_changes(table, data.previous, data.year) if data.previous in years else ""
    if text:
        out.append(blocks.text_block(text))
    subtotal = table.groupby(level="avdelning").sum()
    display_rows = []
    for group in data.params.avvikelser.avdelningar:
        if group not in subtotal.index:
            continue
        for (g, area), values in table.loc[[group]].iterrows():
            display_rows.append((f"{g} – {area}", values))
        display_rows.append((f"Summa {label_in_text(group)}", subtotal.loc[group]))
    display = pd.DataFrame({name: vals for name, vals in display_rows}).T
    display.loc["Totalt"] = table.sum()
    display.index.name = "Avdelning – verksamhetsområde"
    out.append(blocks.table_block(blocks.text_columns(blocks.count_cells(display)), "avv-omrade", "Antal avvikelser per verksamhetsområde och år"))
    return out


@blocks.section("Typ av händelse")
def section_types(data: AvvikelserData) -> list[Block]:
    prev, cur = data.previous, data.year
    table = per_type(data.rows, data.params.avvikelser.typer, prev, cur)
    has_prev = prev in data.years_with_data
    display = pd.DataFrame(index=table.index)
    display[f"Antal {prev}"] = table[prev].map(format_count) if has_prev else MISSING
    display[f"Antal {cur}"] = table[cur].map(format_count)
    diff = table[cur] - table[prev]
    display["Förändring"] = diff.map(lambda v: format_count(v, signed=True)) if has_prev else MISSING
    display[f"Andel {cur}"] = (100 * table[cur] / max(1, table[cur].sum())).map(lambda v: format_percent(v, 1))
    display.loc["Totalt"] = [
        format_count(table[prev].sum()) if has_prev else MISSING,
        format_count(table[cur].sum()),
        format_count(diff.sum(), signed=True) if has_prev else MISSING,
        format_percent(100.0, 1),
    ]
    display.index.name = "Typ av händelse"
    out: list[Block] = []
    if has_prev:
        out.append(blocks.text_block(wording.describe_type_changes(table, prev, cur)))
    out.append(blocks.table_block(display, "avv-typ", f"Antal avvikelser per typ av händelse {prev} och {cur}"))
    if has_prev:
        fig = charts.grouped_bar_chart(table.rename(columns=str), "Antal avvikelser")
        out.append(blocks.figure_block(fig, "avv-typ", f"Avvikelser per typ av händelse {prev} och {cur}", wording.types_alt(table, prev, cur),
                                       numbers_in="avv-typ"))
    return out


def _bucket_display(table: pd.DataFrame) -> pd.DataFrame:
    """Cells ``antal (andel)`` with shares of each column's total."""
    display = pd.DataFrame(index=table.index)
    for column in table.columns:
        total = table[column].sum()
        display[f"{column[0]} {column[1]}"] = [
            f"{format_count(v)} ({format_percent(share(v, total))})" if total else MISSING for v in table[column]
        ]
    display.loc["Totalt"] = [format_count(table[c].sum()) for c in table.columns]
    return display


def _limit(edges: list[int], wanted: int) -> int:
    """The configured bucket limit to name in a sentence: ``wanted`` if it is one, else the largest below it (or the first)."""
    below = [e for e in edges if e <= wanted]
    return max(below) if below else edges[0]


@blocks.section("Tid till utredning och utredningstid")
def section_timing(data: AvvikelserData) -> list[Block]:
    settings = data.params.avvikelser
    years = [y for y in (data.previous, data.year) if y in data.years_with_data]
    cutoff = date(data.year, 12, 31)
    rows = on_cutoff(data.rows[data.rows["ar"].isin(years)], cutoff)
    # Every avdelning with avvikelser (also Övrigt), so that the parts add up to the Totalt columns.
    groups = [g for g in settings.avdelningar if g in set(rows["avdelning"])]
    start_order = bucket_labels(settings.utredning_start_dagar) + ["Ej påbörjad"]
    start = bucket_table(rows, investigation_start_buckets(rows, settings.utredning_start_dagar), start_order, groups, years)
    length_order = bucket_labels(settings.utredningstid_dagar) + ["Pågår"]
    length = bucket_table(rows, investigation_length_buckets(rows, settings.utredningstid_dagar), length_order, groups, years)
    # The sentences name the configured limits nearest a week (start) and three weeks (length).
    week = _limit(settings.utredning_start_dagar, 5)
    three_weeks = _limit(settings.utredningstid_dagar, 15)
    text = " ".join(
        s for s in (
            wording.within_sentence(start, groups, data.year, [lab for lab, high in zip(start_order, settings.utredning_start_dagar) if high <= week],
                                    f"påbörjades utredningen inom {wording.limit_phrase(week)}"),
            wording.within_sentence(length, groups, data.year, [lab for lab, high in zip(length_order, settings.utredningstid_dagar) if high <= three_weeks],
                                    f"var utredningen klar inom {wording.limit_phrase(three_weeks)}"),
        ) if s
    )
    return [
        blocks.text_block(text),
        blocks.table_block(_bucket_display(start).rename_axis("Tid till påbörjad utredning"), "avv-start", "Tid från registrering till påbörjad utredning, antal (andel)",
                           note=wording.timing_note(cutoff, length=False)),
        blocks.table_block(_bucket_display(length).rename_axis("Utredningstid"), "avv-utredningstid", "Utredningstid från påbörjad till avslutad utredning, antal (andel)",
                           note=wording.timing_note(cutoff, length=True)),
    ]


@blocks.section("Handläggningsstatus")
def section_status(data: AvvikelserData, cutoff: date | None = None) -> list[Block]:
    cutoff = cutoff or date(data.year, 12, 31)
    rows = data.rows_of(data.year)
    groups = [g for g in data.params.avvikelser.avdelningar if g in set(rows["avdelning"])]
    status = handling_status(rows, cutoff, data.params.avvikelser.pagaende_lang_manader)
    table = status_table(rows, status, groups, data.params.avvikelser.pagaende_lang_manader)
    text = wording.describe_status(table, cutoff, data.year, data.params.avvikelser.pagaende_lang_manader)
    table = table.rename(columns=str)
    table.loc["Totalt"] = table.sum()
    table.index.name = f"Status {cutoff.isoformat()}"
    return [blocks.text_block(text), blocks.table_block(blocks.count_cells(table), "avv-status", f"Handläggningsstatus för avvikelser registrerade {data.year}")]


@blocks.section("Lex Sarah")
def section_lex_sarah(data: AvvikelserData) -> list[Block]:
    rows = data.rows_of(data.year)
    groups = data.params.avvikelser.avdelningar
    table = lex_sarah_table(rows, rows["avdelning"], groups)
    per_area = lex_sarah_table(rows, area_labels(rows), area_order(rows, groups))
    text = wording.describe_lex_sarah(table, groups, data.year)
    per_year = lex_sarah_per_year(data.rows, [y for y in data.params.years() if y in data.years_with_data])
    per_year.index.name = "Lex Sarah"
    return [
        blocks.text_block(text),
        blocks.table_block(blocks.count_cells(table.rename_axis("Avdelning")), "avv-lexsarah", f"Lex Sarah {data.year}: markerade av rapportör och bedömning per avdelning",
                           note=wording.lex_sarah_note()),
        blocks.table_block(blocks.count_cells(per_area.rename_axis("Avdelning – verksamhetsområde")), "avv-lexsarah-omrade",
                           f"Lex Sarah {data.year}: markerade av rapportör och bedömning per verksamhetsområde",
                           note=wording.lex_sarah_note(first=False)),
        blocks.table_block(blocks.text_columns(blocks.count_cells(per_year)), "avv-lexsarah-ar", "Lex Sarah per år"),
    ]


SECTIONS = (section_totals, section_areas, section_types, section_timing, section_status, section_lex_sarah)
