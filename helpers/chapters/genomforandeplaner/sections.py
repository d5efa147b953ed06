"""Genomförandeplaner: the notices and sections of the chapter, as numbered tables, a figure and sentences."""

from __future__ import annotations

import pandas as pd

from ... import blocks, charts
from ...blocks import Block
from ...formatting import MISSING, format_count, format_date, format_pp, number_in_text
from ...organisation_words import organisation_words
from ...privacy import SECONDARY_MARK, primary_label
from ...sentences import describe_share_change
from ..common import notices
from .loading import GenomforandeplanerData
from .masking import MaskedUnits, mask_units
from .metrics import (
    DECIMALS,
    MEASURES,
    TOTAL,
    all_updated,
    changes,
    shares,
    totals_per_year,
    unit_counts,
    verksamhet_counts,
)
from .wording import (
    describe_all_current,
    describe_below_target,
    describe_extremes,
    describe_largest_changes,
    describe_period,
    describe_rule,
    describe_targets,
    describe_totals,
    describe_unit_masking,
    figure_alt,
    measure_words,
    share_cell,
    target_text,
)

__all__ = ["notices", "SECTIONS", "masked_units", "targets_of"]

SUM_LABEL = "Summa"


def targets_of(data: GenomforandeplanerData) -> dict[str, float | None]:
    return data.params.genomforandeplaner.mal.model_dump()


def _headers(data: GenomforandeplanerData) -> dict[str, str]:
    """Column headers per measure, with the target where there is one."""
    words = measure_words(data.params.genomforandeplaner.uppdaterad_manader)
    targets = targets_of(data)
    return {m: words[m].header + (f" (mål {target_text(t)})" if (t := targets[m]) is not None else "") for m in MEASURES}


def _share_row(counts: pd.Series, values: pd.Series) -> list[str]:
    return [share_cell(int(counts[m]), int(counts["brukare"]), values[m]) for m in MEASURES]


@blocks.section("Genomförandeplaner per verksamhet")
def section_verksamheter(data: GenomforandeplanerData) -> list[Block]:
    settings = data.params.genomforandeplaner
    words = measure_words(settings.uppdaterad_manader)
    targets = targets_of(data)
    counts = verksamhet_counts(data.units, data.year, data.verksamheter)
    values = shares(counts)
    current = data.units[data.units["ar"] == data.year]
    intro = " ".join([
        describe_period(data.periods[data.year], data.year, int(counts.at[TOTAL, "brukare"]), len(counts) - 1, len(current)),
        describe_rule(settings.uppdaterad_manader, data.from_rows),
    ])
    owner = organisation_words(data.params.kommun)
    goals = describe_targets(values.loc[TOTAL], targets, words, owner.possessive)
    result = " ".join(s for s in (describe_totals(counts.loc[TOTAL], values.loc[TOTAL], words), goals) if s)
    extremes = describe_extremes(values, words)
    headers = _headers(data)
    table = pd.DataFrame(
        [[format_count(counts.at[v, "brukare"]), *_share_row(counts.loc[v], values.loc[v])] for v in counts.index],
        index=pd.Index([str(v) for v in counts.index], name="Verksamhet"), columns=["Antal brukare", *headers.values()],
    )
    note = ("Andel av alla brukare i verksamheten, avrundad till en decimal; inom parentes antal av antal brukare. "
            "Avgiven = planen är avgiven till myndighet i verksamhetssystemet. Delaktig = brukaren har varit delaktig i att upprätta planen.")
    out = [blocks.text_block(intro), blocks.text_block(result)]
    if extremes:
        out.append(blocks.text_block(extremes))
    out.append(blocks.table_block(table, "gp-verksamhet", f"Genomförandeplaner per verksamhet, granskningen {data.year}", note=note))
    chart = values.rename(columns={m: words[m].short for m in MEASURES})
    fig = charts.grouped_bar_chart(chart, "Andel av brukarna", percent=True, legend_above=True, decimals=DECIMALS)
    charts.mark_targets(fig, [targets[m] for m in MEASURES], label=f"{owner.possessive_capitalised} mål", columns=2, decimals=DECIMALS)
    alt = figure_alt(values, targets, words, data.year, goals, owner.possessive)
    out.append(blocks.figure_block(fig, "gp-verksamhet", f"Andel brukare per verksamhet och mått, granskningen {data.year}", alt))
    return out


def masked_units(data: GenomforandeplanerData) -> dict[str, MaskedUnits]:
    """Per verksamhet with data in the report year: its enheter and what of them may be shown."""
    threshold = data.params.maskering.troskel
    present = set(data.units.loc[data.units["ar"] == data.year, "verksamhet"])
    return {v: mask_units(unit_counts(data.units, data.year, v), threshold) for v in data.verksamheter if v in present}


def _unit_rows(verksamhet: str, masked: MaskedUnits, threshold: int) -> list[list[str]]:
    rows = []
    values = shares(masked.counts)
    for enhet in masked.counts.index:
        counts = masked.counts.loc[enhet]
        if masked.few[enhet]:
            brukare = primary_label(threshold)
        elif masked.hidden_rows[enhet]:
            brukare = SECONDARY_MARK
        else:
            brukare = format_count(counts["brukare"])
        cells = [share_cell(int(counts[m]), int(counts["brukare"]), values.at[enhet, m]) if masked.share_shown(enhet, m)
                 else SECONDARY_MARK for m in MEASURES]
        rows.append([verksamhet, str(enhet), brukare, *cells])
    return rows


def shown_shares(masked: dict[str, MaskedUnits], measure: str) -> list[tuple[str, int, int, float]]:
    """(enhet, ja, brukare, rounded share) of every enhet whose share of ``measure`` is shown, in table order."""
    found = []
    for units in masked.values():
        values = shares(units.counts)
        for enhet in units.counts.index:
            if units.share_shown(enhet, measure) and units.counts.at[enhet, "brukare"] > 0:
                found.append((enhet, int(units.counts.at[enhet, measure]), int(units.counts.at[enhet, "brukare"]), float(values.at[enhet, measure])))
    return found


def below_target(masked: dict[str, MaskedUnits], measure: str, target: float) -> list[tuple[str, float]]:
    """Enheter whose shown share is below the target: only these can be named without revealing a hidden count."""
    return [(enhet, value) for enhet, _, _, value in shown_shares(masked, measure) if value < target]


@blocks.section("Genomförandeplaner per enhet")
def section_enheter(data: GenomforandeplanerData) -> list[Block]:
    settings = data.params.genomforandeplaner
    words = measure_words(settings.uppdaterad_manader)
    threshold = data.params.maskering.troskel
    masked = masked_units(data)
    counts = verksamhet_counts(data.units, data.year, data.verksamheter)
    values = shares(counts)
    rows, unsafe = [], []
    for verksamhet, units in masked.items():
        if units.safe:
            rows += _unit_rows(verksamhet, units, threshold)
        else:
            unsafe.append(verksamhet)
        rows.append([verksamhet, SUM_LABEL, format_count(counts.at[verksamhet, "brukare"]),
                     *_share_row(counts.loc[verksamhet], values.loc[verksamhet])])
    hidden_any = any((~u.shown.to_numpy()).any() or u.few.any() or not u.safe for u in masked.values())
    privacy = [describe_unit_masking(threshold, hidden_any)]
    privacy += [f"För {v} visas inga värden per enhet: de små antalen skulle annars kunna räknas fram ur verksamhetens summa."
                for v in unsafe]
    total_units = sum(int((u.counts["brukare"] > 0).sum()) for u in masked.values())
    updated = [(e, n, b) for e, n, b, _ in shown_shares(masked, "uppdaterad")]
    complete = int(all_updated(pd.DataFrame(updated, columns=["enhet", "uppdaterad", "brukare"])).sum()) if updated else 0
    current = describe_all_current(complete, len(updated), total_units, settings.uppdaterad_manader)
    targets = [describe_below_target(below_target(masked, m, t), m, t, len(shown_shares(masked, m)), words)
               for m, t in targets_of(data).items() if t is not None]
    targets = [t for t in targets if t]
    table = pd.DataFrame(rows, columns=["Verksamhet", "Enhet", "Antal brukare", *_headers(data).values()]).set_index("Verksamhet")
    note = (f"{primary_label(threshold)} = färre än {number_in_text(threshold)} brukare; enhetens andelar visas inte. "
            f"{SECONDARY_MARK} = värdet visas inte, för att skydda små antal. {SUM_LABEL} = hela verksamheten.")
    out = [blocks.text_block(" ".join(privacy))]
    if current:
        out.append(blocks.text_block(current))
    if targets:
        out.append(blocks.list_block(targets))
    return [*out, blocks.table_block(table, "gp-enhet", f"Genomförandeplaner per enhet, granskningen {data.year}", note=note)]


def _period_text(data: GenomforandeplanerData, year: int) -> str:
    period = data.periods[year]
    first, last = format_date(period.first), format_date(period.last)
    return first if first == last else f"{first}–{last}"


@blocks.section("Jämförelse med tidigare mätningar")
def section_trend(data: GenomforandeplanerData) -> list[Block]:
    words = measure_words(data.params.genomforandeplaner.uppdaterad_manader)
    cur, prev = data.year, data.previous
    totals = totals_per_year(data.units, data.years_with_data)
    values = shares(totals)
    if data.has_previous:
        sentences = [describe_share_change(words[m].subject, values.at[prev, m], values.at[cur, m], prev, cur,
                                           higher_is_better=True, decimals=DECIMALS) for m in MEASURES]
    else:
        sentences = [f"Uppgift för {prev} saknas, så ingen jämförelse med föregående års mätning kan göras."]
    if len(totals) < 2:
        return [blocks.text_block(" ".join(sentences))]
    table = pd.DataFrame(
        [[_period_text(data, y), format_count(totals.at[y, "brukare"]), *_share_row(totals.loc[y], values.loc[y])] for y in totals.index],
        index=pd.Index([str(y) for y in totals.index], name="Mätning"), columns=["Mätperiod", "Antal brukare", *_headers(data).values()],
    )
    out = [blocks.text_block(" ".join(sentences))]
    if data.has_previous:
        table.loc[f"Förändring {prev}–{cur}"] = [
            "", format_count(totals.at[cur, "brukare"] - totals.at[prev, "brukare"], signed=True),
            *[format_pp(values.at[cur, m] - values.at[prev, m], DECIMALS) for m in MEASURES]]
    out.append(blocks.table_block(table, "gp-trend", f"Genomförandeplaner i hela {organisation_words(data.params.kommun).definite} per mätning",
                                  note="Förändringen av antalet brukare anges i antal, förändringen av en andel i procentenheter "
                                       "(räknad på de avrundade andelarna)."))
    if not data.has_previous:
        return out
    before = verksamhet_counts(data.units, prev, data.verksamheter)
    after = verksamhet_counts(data.units, cur, data.verksamheter)
    diff = changes(before, after)
    largest = describe_largest_changes(diff, words, prev, cur)
    shown = diff.map(lambda v: MISSING if pd.isna(v) else format_pp(v, DECIMALS))
    shown.columns = [words[m].header for m in MEASURES]
    shown.index = pd.Index([str(v) for v in shown.index], name="Verksamhet")
    if largest:
        out.append(blocks.text_block(largest))
    note = f"{MISSING} = verksamheten fanns inte med i mätningen {prev}." if diff.isna().to_numpy().any() else None
    out.append(blocks.table_block(shown, "gp-forandring", f"Förändring per verksamhet {prev}–{cur}, procentenheter", note=note))
    return out


SECTIONS = (section_verksamheter, section_enheter, section_trend)
