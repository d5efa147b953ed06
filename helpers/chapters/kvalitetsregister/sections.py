"""Senior Alert och Palliativregistret: the notices and sections of the chapter, as numbered tables, figures and sentences."""

from __future__ import annotations

import re

import pandas as pd

from ... import blocks, charts
from ...blocks import Block
from ...formatting import MISSING, format_count, format_number, is_missing, swedish_sort_key
from ...organisation_words import organisation_words
from ...privacy import SECONDARY_MARK
from ..common import notices
from . import wording
from .catalogue import PROCESS, RISK_AREAS, SORES, Indicator
from .forms import form_risk_table, form_table
from .forms import sa_years as _sa_years
from .loading import KvalitetsregisterData
from .metrics import (
    areas_without_data,
    change,
    denominator,
    in_catalogue_order,
    indicator_counts,
    indicator_shares,
    meets,
    process_shares,
    risk_area_rows,
    share_decimals,
    silent_units,
    targets_for,
    totals_per_year,
    verdict,
)

__all__ = ["notices", "SECTIONS"]
NO_DATA = "uppgift saknas"


def _count_change(before: float | None, now: float | None) -> str:
    return MISSING if is_missing(before) or is_missing(now) else format_count(float(now) - float(before), signed=True)


def _share_cell(share: float | None, numerator: float | None, base: float | None) -> str:
    if share is None:
        return MISSING
    return f"{wording.share_text(share)} ({format_count(numerator)} av {format_count(base)})"


def process_table(totals: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Counts and shares per year, with the change (units for counts, procentenheter for shares)."""
    rows: dict[str, list[str]] = {}
    shares = {y: process_shares(totals[y]) for y in years}
    for measure in PROCESS:
        if measure.of and measure.id != "med_risk":
            label = f"{measure.label}, andel av {'dem med risk' if measure.of == 'med_risk' else 'dem med åtgärdsplan'}"
            cells = [_share_cell(shares[y][measure.id], totals.at[measure.id, y], totals.at[measure.of, y]) for y in years]
            diff = change(shares[years[0]][measure.id], shares[years[-1]][measure.id]) if len(years) > 1 else None
            rows[label] = cells + [MISSING if diff is None else format_number(diff, signed=True) + " procentenheter"]
        else:
            cells = [format_count(totals.at[measure.id, y]) for y in years]
            rows[measure.label] = cells + [_count_change(totals.at[measure.id, years[0]], totals.at[measure.id, years[-1]]) if len(years) > 1 else MISSING]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in years] + ["Förändring"])
    table.index.name = "Senior Alert"
    return table


def _missing_part(notice: str | None) -> list[Block] | None:
    return [blocks.notice_block("Data saknas", notice)] if notice else None


@blocks.section("Senior Alert: riskbedömningar och åtgärder")
def section_process(data: KvalitetsregisterData) -> list[Block]:
    if (missing := _missing_part(data.senior_alert_notice)) is not None:
        return missing
    years = _sa_years(data)
    totals = totals_per_year(data.senior_alert, years)
    note = ("Bakomliggande orsak och åtgärdsplan räknas som andel av riskbedömningarna med risk, uppföljning som andel av "
            "dem med åtgärdsplan. Förändringen av en andel anges i procentenheter.")
    return [
        blocks.text_block(wording.describe_process(totals, data.previous, data.year)),
        blocks.table_block(process_table(totals, years), "kr-process", f"Senior Alert: riskbedömningar, risker och åtgärder {' och '.join(map(str, years))}", note=note),
    ]


@blocks.section("Senior Alert: riskområden")
def section_risk_areas(data: KvalitetsregisterData) -> list[Block]:
    if data.senior_alert_notice:
        return []
    years = _sa_years(data)
    totals = totals_per_year(data.senior_alert, years)
    areas = risk_area_rows(totals)
    worked = {a for a in data.params.kvalitetsregister.riskomraden}
    labels = {f"risk_{a.id}": a.table for a in RISK_AREAS if a.label in worked} | {m.id: m.label for m in SORES}
    rows = {}
    for column, label in labels.items():
        values = areas.loc[column]
        if column in {m.id for m in SORES} and values.isna().all():
            continue
        rows[label] = [NO_DATA if is_missing(values[y]) else format_count(values[y]) for y in years]
        rows[label].append(_count_change(values[years[0]], values[years[-1]]) if len(years) > 1 else MISSING)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in years] + ["Förändring"])
    table.index.name = "Riskområde, antal personer"
    shown = [a.id for a in RISK_AREAS if a.label in worked]
    without = [a for a in areas_without_data(totals, data.year) if a in shown]
    text = wording.describe_risk_areas(totals, data.previous, data.year, shown, without)
    note = f"”{NO_DATA}” betyder att underlaget inte har några uppgifter om riskområdet; det är inte detsamma som noll."
    return [blocks.text_block(text), blocks.table_block(table, "kr-riskomraden", f"Senior Alert: personer med risk per riskområde {' och '.join(map(str, years))}", note=note)]


@blocks.section("Senior Alert per boendeform")
def section_forms(data: KvalitetsregisterData) -> list[Block]:
    if data.senior_alert_notice:
        return []
    threshold = data.params.maskering.troskel
    made = form_table(data)
    years = _sa_years(data)
    totals = totals_per_year(data.senior_alert, years)
    fell = len(years) > 1 and totals.at["riskbedomningar", data.year] < totals.at["riskbedomningar", data.previous]
    units = silent_units(data.senior_alert, data.year, [y for y in data.senior_alert_years() if y < data.year], data.params.kvalitetsregister.enheter)
    out: list[Block] = []
    if made is None:
        out.append(blocks.text_block(f"Underlaget för {data.year} delar inte upp riskbedömningarna per boendeform."))
    else:
        table, masked = made
        risk = form_risk_table(data)
        hidden = bool(masked.n_primary or masked.n_secondary or (risk and risk.masked and (risk.masked.n_primary or risk.masked.n_secondary)))
        if not masked.safe:
            out.append(blocks.text_block(f"Riskbedömningarna per boendeform {data.year} visas inte: antalen är så små att enskilda "
                                         "värden skulle kunna räknas fram ur summorna."))
            return out + [blocks.text_block(wording.describe_silent_units(units, data.year, bool(fell), organisation_words(data.params.kommun).possessive))]
        out.append(blocks.text_block(wording.describe_forms([f for f in table.index if f != "Totalt"], threshold, hidden, data.year)))
        note = masked.note() + " Åtgärdsplan är andel av riskbedömningarna med risk, uppföljda andel av dem med åtgärdsplan; " \
            f"{SECONDARY_MARK} i en andel = andelen visas inte, eftersom den bygger på ett dolt antal."
        out.append(blocks.table_block(table, "kr-boendeform", f"Senior Alert: riskbedömningar per boendeform {' och '.join(map(str, years))}", note=note))
        if risk and risk.left_out:
            out.append(blocks.text_block(wording.describe_left_out_columns(risk.left_out)))
        if risk and risk.shown is not None and risk.masked:
            note = risk.masked.note() + " En person räknas i varje boendeform där hen bedömts, så summan kan vara större än " + f"{organisation_words(data.params.kommun).possessive} antal unika personer."
            out.append(blocks.table_block(risk.shown, "kr-boendeform-risk", f"Senior Alert: personer med risk per riskområde och boendeform {' och '.join(map(str, years))}", note=note))
    out.append(blocks.text_block(wording.describe_silent_units(units, data.year, bool(fell), organisation_words(data.params.kommun).possessive)))
    return out


# ------------------------------------------------------------------ Palliativregistret


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(str.maketrans("åäö", "aao"))).strip("-")


def _indicator_cell(share: float | None, numerator: float | None, base: float | None) -> str:
    if is_missing(share):
        return MISSING
    return wording.share_text(share) + ("" if is_missing(numerator) else f" ({format_count(numerator)} av {format_count(base)})")


def indicator_table(data: KvalitetsregisterData, indicators: list[Indicator], shares: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Registrations, then each indicator per year with täljare/nämnare, its change and both targets, met or not."""
    year, prev = data.year, data.previous
    numerators = indicator_counts(data.indicators, "taljare", years)
    bases = indicator_counts(data.indicators, "namnare", years)
    headers = [str(y) for y in years] + [f"Förändring {prev}–{year}, procentenheter", "Nationellt målvärde", f"Nationellt mål uppfyllt {year}",
                                         "Internt mål", f"Internt mål uppfyllt {year}"]
    reg = [format_count(data.registrations.get(y)) for y in years]
    reg_change = _count_change(data.registrations.get(prev), data.registrations.get(year))
    rows = {"Antal registrerade dödsfall": reg + [reg_change if reg_change == MISSING else f"{reg_change} dödsfall"] + [MISSING] * 4}
    for indicator in indicators:
        t = targets_for(indicator, data.params.kvalitetsregister)
        now, before = shares.at[indicator.id, year], shares.at[indicator.id, prev] if prev in shares.columns else None
        diff, judged = change(before, now), verdict(before, now, indicator.higher_is_better)
        diff_text = MISSING if diff is None else format_number(diff, share_decimals(before, now), signed=True) + {"bättre": " (förbättring)", "sämre": " (försämring)", "oförändrad": " (oförändrad)"}[judged or "oförändrad"]
        rows[indicator.text + ("" if indicator.higher_is_better else " (lägre är bättre)")] = [
            _indicator_cell(shares.at[indicator.id, y], numerators.at[indicator.id, y], bases.at[indicator.id, y]) for y in years
        ] + [diff_text, wording.share_text(t.national), wording.met_cell(meets(now, t.national, indicator.higher_is_better)),
             wording.share_text(t.internal), wording.met_cell(meets(now, t.internal, indicator.higher_is_better))]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=headers)
    table.index.name = "Indikator"
    return table


def table_note(data: KvalitetsregisterData, indicators: list[Indicator]) -> str:
    others = {targets_for(i, data.params.kvalitetsregister).national_source for i in indicators} - {"Socialstyrelsen"}
    own = [i.text for i in indicators if targets_for(i, data.params.kvalitetsregister).national_source != "Socialstyrelsen" and not is_missing(i.mal)]
    note = (f"Andel av de registrerade dödsfallen (täljare av nämnare där underlaget anger dem). {wording.MET} = målet är nått eller överträffat "
            f"(exakt på målet räknas som uppfyllt), {wording.NOT_MET} = målet är inte nått; jämförelsen görs på den redovisade andelen. "
            "Nationella målvärden är Socialstyrelsens målnivåer för palliativ vård i livets slutskede")
    if others and own:
        note += f", utom för {wording.join_list([wording.label_in_text(o) for o in own])} ({wording.join_list(sorted(others, key=swedish_sort_key))})"
    return note + f". Interna mål är {organisation_words(data.params.kommun).possessive} egna delmål."


def group_figure(group: str, indicators: list[Indicator], shares: pd.DataFrame, data: KvalitetsregisterData, years: list[int]) -> Block:
    targets = {i.id: targets_for(i, data.params.kvalitetsregister) for i in indicators}
    frame = shares.loc[[i.id for i in indicators], years].rename(columns=str)
    frame.index = [i.text for i in indicators]
    lines = {"Nationellt målvärde": pd.Series([targets[i.id].national for i in indicators], index=frame.index, dtype="float64"),
             "Internt mål": pd.Series([targets[i.id].internal for i in indicators], index=frame.index, dtype="float64")}
    figure = charts.bar_chart_with_targets(frame, lines, "Andel av registrerade dödsfall (%)")
    alt = wording.group_alt(group, indicators, shares, targets, years)
    return blocks.figure_block(figure, f"kr-{_slug(group)}", f"Palliativregistret, {wording.label_in_text(group)}: andel {' och '.join(map(str, years))} mot målen", alt)


@blocks.section("Palliativregistret: kvalitetsindikatorer")
def section_palliative(data: KvalitetsregisterData) -> list[Block]:
    if (missing := _missing_part(data.palliative_notice)) is not None:
        return missing
    year, prev, settings = data.year, data.previous, data.params.kvalitetsregister
    years = [y for y in data.params.years() if y in data.palliative_years()]
    shares = indicator_shares(data.indicators, years)
    indicators = in_catalogue_order(data.catalogue, shares)
    current = [i for i in indicators if not is_missing(shares.at[i.id, year])]
    targets = {i.id: targets_for(i, settings) for i in indicators}
    met_nat = [bool(meets(shares.at[i.id, year], targets[i.id].national, i.higher_is_better)) for i in current if not is_missing(targets[i.id].national)]
    met_int = [bool(meets(shares.at[i.id, year], targets[i.id].internal, i.higher_is_better)) for i in current if not is_missing(targets[i.id].internal)]
    text = " ".join(t for t in (
        wording.describe_registrations(data.registrations, prev, year) if not data.registrations.empty else "",
        wording.describe_indicator_changes(current, shares, prev, year),
        wording.describe_target_summary(met_nat, met_int, year),
        wording.describe_missing_indicators([i.text for i in data.catalogue.indikatorer if i not in indicators]),
    ) if t)
    out: list[Block] = []
    small = {i.id: n for i in current if (n := denominator(data.indicators, i.id, year)) is not None and n < settings.fa_dodsfall}
    if small:
        out.append(blocks.notice_block("Tolka med försiktighet", wording.caution_text(small, {i.id: i.text for i in indicators}, settings.fa_dodsfall)))
    out.append(blocks.text_block(text))
    out.append(blocks.table_block(indicator_table(data, indicators, shares, years), "kr-indikatorer",
                                  f"Palliativregistret: kvalitetsindikatorer {years[0]}–{years[-1]} mot nationella och interna mål"
                                  if len(years) > 1 else f"Palliativregistret: kvalitetsindikatorer {year} mot nationella och interna mål",
                                  note=table_note(data, indicators)))
    out.append(blocks.list_block([wording.describe_indicator(i, shares.at[i.id, year], targets[i.id], year) for i in current]))
    for group in data.catalogue.groups():
        members = [i for i in current if i.grupp == group]
        if members:
            out.append(group_figure(group, members, shares, data, [y for y in (prev, year) if y in years]))
    return out


SECTIONS = (section_process, section_risk_areas, section_forms, section_palliative)
