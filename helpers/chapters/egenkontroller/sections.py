"""Egenkontroller: the notices and sections, as numbered tables and sentences ("x av N enheter")."""

from __future__ import annotations

import pandas as pd

from ... import blocks
from ...blocks import Block
from ...formatting import MISSING, format_count, format_percent, format_pp
from ...organisation_words import organisation_words
from ..common import notices
from .loading import EgenkontrollerData
from .metrics import DECIMALS, not_reported, per_control, per_control_year, per_period, year_shares
from .wording import (
    UNIT_WORDS,
    UnitWords,
    describe_not_reported,
    describe_periods,
    describe_results,
    describe_trend,
    describe_year,
    part_of,
    share_cell,
)

__all__ = ["notices", "SECTIONS", "unit_words"]


def unit_words(data: EgenkontrollerData) -> UnitWords:
    return UNIT_WORDS[data.params.egenkontroller.enhetsord]


def _goal(data: EgenkontrollerData) -> str:
    target = data.params.egenkontroller.mal
    return format_percent(target, 0 if float(target).is_integer() else 1)


@blocks.section("Genomförda egenkontroller per period")
def section_periods(data: EgenkontrollerData) -> list[Block]:
    words = unit_words(data)
    rows = data.rows_of(data.year)
    table = per_period(rows)
    shown = pd.DataFrame(
        [[format_count(r.enheter), share_cell(r.genomford, r.enheter), share_cell(r.uppfoljd, r.enheter), format_count(r.ej_rapporterat)]
         for r in table.itertuples()],
        index=pd.Index([str(p) for p in table.index], name="Period"),
        columns=[f"{words.plural.capitalize()} med planerade egenkontroller", "Minst en genomförd", "Minst en uppföljd",
                 "Har inte rapporterat något"],
    )
    note = (f"Andel av de {words.plural} som hade minst en planerad egenkontroll i perioden; inom parentes antal av antal. "
            f"En {words.singular} som inte har rapporterat räknas som att den inte har genomfört egenkontrollen.")
    return [blocks.text_block(describe_periods(table, words)),
            blocks.table_block(shown, "ek-period", f"{words.plural.capitalize()} som genomfört och följt upp egenkontroller, per period {data.year}", note=note)]


@blocks.section("Resultat per egenkontroll")
def section_controls(data: EgenkontrollerData) -> list[Block]:
    words = unit_words(data)
    rows = data.rows_of(data.year)
    table = per_control(rows, data.order)
    owner = organisation_words(data.params.kommun).possessive
    several = rows["period_label"].nunique() > 1
    shown = pd.DataFrame(
        [[str(period), format_count(r["planerade"]), share_cell(int(r["genomforda"]), int(r["planerade"])),
          share_cell(int(r["uppfoljda"]), int(r["planerade"])), format_count(r["ej_rapporterat"]),
          part_of(int(r["resultat_ja"]), int(r["resultat_av"])) if r["resultat_av"] else MISSING]
         for (_, period), r in table.iterrows()],
        index=pd.Index([str(c) for c, _ in table.index], name="Egenkontroll"),
        columns=["Period", f"Planerade {words.plural}", f"Genomförd (mål {_goal(data)})", "Uppföljd", "Har inte rapporterat",
                 "Krav uppfyllt"],
    )
    note = (f"Genomförd och uppföljd: andel av de {words.plural} som skulle göra egenkontrollen. Krav uppfyllt: antal {words.plural} "
            f"där kravet var uppfyllt av dem som gjorde egenkontrollen och svarade ja eller nej; – = egenkontrollen ger inget sådant svar.")
    text = " ".join(s for s in (describe_year(per_control_year(rows, data.order), data.params.egenkontroller.mal, data.year, owner),
                                describe_results(table, words, several)) if s)
    return [blocks.text_block(text),
            blocks.table_block(shown, "ek-resultat", f"Egenkontroller per område och period {data.year}", note=note)]


@blocks.section("Planerade egenkontroller som inte har rapporterats")
def section_not_reported(data: EgenkontrollerData) -> list[Block]:
    words = unit_words(data)
    silent = not_reported(data.rows_of(data.year), data.order)
    out = [blocks.text_block(describe_not_reported(silent, words))]
    if silent.empty:
        return out
    table = pd.DataFrame({"Egenkontroll": [str(c) for c in silent["egenkontroll"]], "Period": [str(p) for p in silent["period_label"]]},
                         index=pd.Index([str(u) for u in silent["enhet"]], name=words.header))
    out.append(blocks.table_block(table, "ek-ej-rapporterat", f"Planerade egenkontroller {data.year} som inte har rapporterats"))
    return out


@blocks.section("Jämförelse med föregående år")
def section_trend(data: EgenkontrollerData) -> list[Block]:
    if not data.has_previous:
        return [blocks.text_block(f"Egenkontroller för {data.previous} saknas, så ingen jämförelse med föregående år kan göras.")]
    before_table = per_control_year(data.rows_of(data.previous), data.order)
    after_table = per_control_year(data.rows_of(data.year), data.order)
    before, after = year_shares(before_table), year_shares(after_table)
    cells = []
    for name in after_table.index:
        had = name in before_table.index
        cells.append([share_cell(int(before_table.at[name, "genomforda"]), int(before_table.at[name, "planerade"])) if had else MISSING,
                      share_cell(int(after_table.at[name, "genomforda"]), int(after_table.at[name, "planerade"])),
                      format_pp(after[name] - before[name], DECIMALS) if had else MISSING])
    table = pd.DataFrame(cells, index=pd.Index([str(n) for n in after_table.index], name="Egenkontroll"),
                         columns=[str(data.previous), str(data.year), "Förändring (procentenheter)"])
    note = (f"Andel genomförda av alla planerade egenkontroller under året (alla {unit_words(data).plural} och perioder). "
            "Förändringen är räknad på de avrundade andelarna." + (f" {MISSING} = egenkontrollen fanns inte {data.previous}."
                                                                  if (table.iloc[:, 0] == MISSING).any() else ""))
    return [blocks.text_block(describe_trend(before, after, data.previous, data.year)),
            blocks.table_block(table, "ek-trend", f"Genomförda egenkontroller {data.previous} och {data.year}", note=note)]


SECTIONS = (section_periods, section_controls, section_not_reported, section_trend)
