"""Synpunkter och klagomål: the notices and sections of the chapter, as numbered tables, figures and sentences."""

from __future__ import annotations

import pandas as pd

from ... import blocks, charts
from ...blocks import Block
from ...formatting import (
    MISSING,
    format_count,
    format_number,
    format_percent,
    round_half_up,
    share,
)
from ...organisation_words import organisation_words
from ...privacy import SECONDARY_MARK, TOTAL_LABEL, primary_label, suppress
from ...sentences import (
    describe_count_change,
    describe_share_change,
    join_list,
    label_in_text,
    quantity,
)
from ..common import notices, rows_per_year
from .loading import SynpunkterData
from .metrics import (
    channels_per_year,
    consequences_per_year,
    kind_by_list,
    kinds_per_year,
    response_summary,
    unique_per_kind,
    units_per_area,
)
from .wording import (
    describe_area_top,
    describe_channels,
    describe_consequences,
    describe_kind_changes,
    describe_mentions,
    describe_response,
    describe_themes,
    describe_unit_masking,
    describe_year_total,
    synpunkter_quantity,
    totals_alt,
    unit_table_note,
)

__all__ = ["notices", "SECTIONS"]


def _period(years: list[int]) -> str:
    """``2022–2025``, or ``2025`` for a single year."""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _nothing_received(data: SynpunkterData) -> list[Block] | None:
    """For sections about the report year's synpunkter: a sentence instead of empty tables."""
    if len(data.rows_of(data.year)):
        return None
    return [blocks.text_block(f"Inga synpunkter kom in under {data.year}.")]


def _days(value: float | None) -> str:
    """A number of days for a table: ``6`` or ``6,5``."""
    if value is None or pd.isna(value):
        return MISSING
    return format_number(value, 0 if float(value).is_integer() else 1)


def _rounded(value: float | None, decimals: int = 1) -> float | None:
    """A share rounded as the table shows it, so that sentences agree with the table."""
    return None if value is None else float(round_half_up(value, decimals))


@blocks.section("Antal synpunkter per år och typ")
def section_totals(data: SynpunkterData) -> list[Block]:
    years = data.params.years()
    kinds = data.params.synpunkter.typer
    totals = rows_per_year(data.rows, years, data.years_with_data)
    per_kind = kinds_per_year(data.rows, kinds, years, data.years_with_data)
    cur, prev = data.year, data.previous
    sentences = [describe_year_total(int(totals[cur]), per_kind[cur], cur)]
    if data.has_previous:
        sentences.append(describe_count_change("Antalet synpunkter", totals[prev], totals[cur], prev, cur, "synpunkt", "synpunkter"))
        sentences.append(describe_kind_changes(per_kind, prev, cur))
    else:
        sentences.append(f"Uppgift för {prev} saknas, så ingen jämförelse med föregående år kan göras.")
    missing_years = [str(y) for y in years if y not in data.years_with_data]
    if missing_years:
        sentences.append(f"Underlag saknas för {join_list(missing_years)} (visas som {MISSING}).")
    table = per_kind.copy()
    table.loc["Totalt"] = totals
    table.index.name = "Typ av synpunkt"
    out = [
        blocks.text_block(" ".join(s for s in sentences if s)),
        blocks.table_block(blocks.text_columns(blocks.count_cells(table)), "syn-totalt", "Antal synpunkter per typ och år"),
    ]
    shown_years = [y for y in years if y in data.years_with_data]
    chart_data = per_kind.loc[per_kind[shown_years].sum(axis=1) > 0, shown_years]
    if chart_data.empty:
        return out
    period = _period(shown_years)
    fig = charts.grouped_bar_chart(chart_data.rename(columns=str), "Antal synpunkter")
    alt = totals_alt(per_kind, chart_data.index, shown_years, period, sentences[1])
    return [*out, blocks.figure_block(fig, "syn-totalt", f"Synpunkter per typ och år {period}", alt, numbers_in="syn-totalt")]


@blocks.section("Hur synpunkterna kom in")
def section_channels(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    cur, prev = data.year, data.previous
    shown_years = [y for y in (prev, cur) if y in data.years_with_data]
    table = channels_per_year(data.rows, data.params.synpunkter.kanaler, shown_years)
    text = describe_channels(table[cur], cur)
    display = pd.DataFrame(index=table.index)
    for y in shown_years:
        display[f"Antal {y}"] = table[y].map(format_count)
    total = int(table[cur].sum())
    display[f"Andel {cur}"] = table[cur].map(lambda v: format_percent(share(v, total), 1))
    display.loc["Totalt"] = [format_count(table[y].sum()) for y in shown_years] + [format_percent(100.0 if total else None, 1)]
    display.index.name = "Kanal"
    out: list[Block] = [blocks.text_block(text)] if text else []
    out.append(blocks.table_block(display, "syn-kanal", f"Hur synpunkterna kom in, {join_list([str(y) for y in shown_years])}"))
    chart_data = table[table.sum(axis=1) > 0].sort_values(cur, ascending=False, kind="stable")
    if not chart_data.empty:
        fig = charts.grouped_bar_chart(chart_data.rename(columns=str), "Antal synpunkter")
        top = chart_data[cur].head(3)
        alt = (
            f"Liggande stapeldiagram över hur synpunkterna kom in {join_list([str(y) for y in shown_years])}. "
            f"Flest {cur}: " + ", ".join(f"{label_in_text(str(k))} {format_count(v)}" for k, v in top.items()) + f". {text}"
        )
        out.append(blocks.figure_block(fig, "syn-kanal", f"Synpunkter per kanal, {join_list([str(y) for y in shown_years])}", alt))
    return out


def _with_unique_total(table: pd.DataFrame, unique: pd.Series, mention_label: str) -> pd.DataFrame:
    """The table with a mention total row and, beneath it, the number of unique synpunkter."""
    shown = table.copy()
    shown["Totalt"] = shown.sum(axis=1)
    shown.loc[mention_label] = shown.sum(axis=0)
    unique_row = unique.reindex(table.columns).tolist()
    shown.loc["Antal unika synpunkter"] = unique_row + [int(unique.sum())]
    return shown.astype(int)


@blocks.section("Typ av synpunkt per verksamhetsområde")
def section_areas(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    rows = data.rows_of(data.year)
    kinds = [k for k in data.params.synpunkter.typer if (rows["typ"] == k).any()]
    table = kind_by_list(rows, "verksamhetsomrade", kinds, data.params.synpunkter.verksamhetsomraden)
    unique = unique_per_kind(rows, kinds)
    n_unique, n_mentions = int(unique.sum()), int(table.to_numpy().sum())
    text = " ".join(s for s in (describe_mentions(n_unique, n_mentions, data.year), describe_area_top(table)) if s)
    shown = _with_unique_total(table, unique, "Summa per verksamhetsområde")
    shown.index.name = "Verksamhetsområde"
    note = (
        "En synpunkt kan gälla flera verksamhetsområden och räknas då under vart och ett av dem. "
        f"Summan per verksamhetsområde ({format_count(n_mentions)}) kan därför vara större än "
        f"antalet unika synpunkter ({format_count(n_unique)})."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(blocks.count_cells(shown), "syn-verksamhet", f"Synpunkter per verksamhetsområde och typ {data.year}", note=note),
    ]


@blocks.section("Teman")
def section_themes(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    rows = data.rows_of(data.year)
    kinds = [k for k in data.params.synpunkter.typer if (rows["typ"] == k).any()]
    without = int((rows["tema"].map(len) == 0).sum())
    if without == len(rows):
        return [blocks.text_block(f"Underlaget för {data.year} anger inga teman för synpunkterna.")]
    table = kind_by_list(rows, "tema", kinds, data.params.synpunkter.teman)
    table = table[table.sum(axis=1) > 0]
    text = describe_themes(table)
    if without:
        text += f" För {synpunkter_quantity(without)} är inget tema angivet."
    shown = _with_unique_total(table, unique_per_kind(rows, kinds), "Summa per tema")
    shown.loc["Varav utan angivet tema"] = unique_per_kind(rows[rows["tema"].map(len) == 0], kinds).tolist() + [without]
    shown.index.name = "Tema"
    note = (
        "En synpunkt kan ha flera teman och räknas då under vart och ett av dem, så summan per tema kan vara "
        "större än antalet unika synpunkter. Samma tema kan gälla beröm (t.ex. gott bemötande) och klagomål "
        "(brister i bemötande)."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(blocks.count_cells(shown), "syn-tema", f"Synpunkter per tema och typ {data.year}", note=note),
    ]


@blocks.section("Tid till svar")
def section_response(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    target = data.params.synpunkter.svarstid_mal_dagar
    years = [y for y in data.params.years() if y in data.years_with_data]
    summaries = {y: response_summary(data.rows_of(y), target) for y in years}
    current = summaries[data.year]
    text = describe_response(current, data.year, organisation_words(data.params.kommun).possessive_capitalised)
    if data.has_previous and current.received and summaries[data.previous].received:
        text += " " + describe_share_change(
            f"Andelen besvarade inom {quantity(target, 'dag', 'dagar')}",
            _rounded(summaries[data.previous].share_within_target), _rounded(current.share_within_target),
            data.previous, data.year, higher_is_better=True, decimals=1,
        )
    table = pd.DataFrame({
        str(y): [
            format_count(s.received), format_count(s.answered), format_count(s.within_target),
            format_percent(s.share_within_target, 1), _days(s.median_days), format_count(s.not_answered),
        ]
        for y, s in summaries.items()
    }, index=[
        "Inkomna synpunkter", "Besvarade", f"Besvarade inom {target} dagar", f"Andel besvarade inom {target} dagar",
        "Mediantid till svar, dagar", "Ej besvarade",
    ])
    table.index.name = "Svarstid"
    note = (
        "Tiden räknas i kalenderdagar från den dag synpunkten kom in till den dag den besvarades; svar samma dag är 0 dagar. "
        "Andelen räknas på alla inkomna synpunkter, även de som ännu inte är besvarade; mediantiden på de besvarade."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(table, "syn-svarstid", f"Tid från inkommen synpunkt till svar {_period(years)}", note=note),
    ]


@blocks.section("Synpunkter som ledde till avvikelse eller lex Sarah")
def section_consequences(data: SynpunkterData) -> list[Block]:
    years = [y for y in data.params.years() if y in data.years_with_data]
    table = consequences_per_year(data.rows, years)
    text = describe_consequences(int(table.loc["Ledde till avvikelse", data.year]), int(table.loc["Ledde till lex Sarah-rapport", data.year]), data.year)
    table.index.name = "Följd av synpunkten"
    return [
        blocks.text_block(text),
        blocks.table_block(blocks.text_columns(blocks.count_cells(table)), "syn-foljder", "Synpunkter som ledde till avvikelse eller lex Sarah-rapport per år",
                           note="En synpunkt kan leda till både en avvikelse och en lex Sarah-rapport och räknas då på båda raderna."),
    ]


def unit_table(per_area: dict[str, pd.DataFrame], threshold: int) -> tuple[pd.DataFrame, list[str], bool]:
    """Enheter within each verksamhetsområde, masked with the area's published total as a margin.

    Every area's block is masked on its own (its enheter add up to the area's
    total in the table per verksamhetsområde); an area whose small counts
    cannot be protected shows only its total. Returns the display table, the
    areas shown without enheter, and whether anything was masked for the sums' sake.
    """
    rows: list[tuple[str, str, str]] = []
    collapsed, secondary = [], False
    for area, counts in per_area.items():
        masked = suppress(counts, threshold)
        total = int(counts["Antal synpunkter"].sum())
        if masked.safe:
            shown = masked.display()["Antal synpunkter"]
            rows += [(area, str(unit), str(value)) for unit, value in shown.drop(TOTAL_LABEL).items()]
            secondary = secondary or bool(masked.n_secondary)
            rows.append((area, "Summa", format_count(total)))
        else:
            collapsed.append(area)
            rows.append((area, "Summa (enheterna visas inte)", format_count(total)))
    grand = sum(int(c["Antal synpunkter"].sum()) for c in per_area.values())
    rows.append(("Totalt", "", format_count(grand)))
    table = pd.DataFrame(rows, columns=["Verksamhetsområde", "Enhet", "Antal synpunkter"]).set_index("Verksamhetsområde")
    return table, collapsed, secondary


@blocks.section("Synpunkter per enhet")
def section_units(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    rows = data.rows_of(data.year)
    if rows["enhet"].isna().all():
        return [blocks.text_block(f"Underlaget för {data.year} anger inte vilken enhet synpunkterna gäller.")]
    threshold = data.params.maskering.troskel
    table, collapsed, secondary = unit_table(units_per_area(rows, data.params.synpunkter.verksamhetsomraden), threshold)
    text = describe_unit_masking(threshold, primary_label(threshold), secondary, data.year)
    if collapsed:
        text += (f" För {join_list([label_in_text(a) for a in collapsed])} visas bara summan: antalen per enhet är så små "
                 "att de annars skulle kunna räknas fram ur summan.")
    note = unit_table_note(threshold, primary_label(threshold), SECONDARY_MARK)
    return [
        blocks.text_block(text),
        blocks.table_block(table, "syn-enhet", f"Antal synpunkter per verksamhetsområde och enhet {data.year}", note=note),
    ]


SECTIONS = (section_totals, section_channels, section_areas, section_themes, section_response, section_consequences, section_units)
