"""Avvikelser: the generated Swedish sentences, alternative texts and table notes."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ...formatting import MISSING, format_count, format_percent, number_in_text, share
from ...sentences import (
    counted,
    counts_in_text,
    describe_count_change,
    describe_part_of_whole,
    join_list,
    join_sentences,
    label_in_text,
    leaders,
    quantity,
    sentence,
)
from .metrics import (
    LEX_SARAH_ASSESSED,
    LEX_SARAH_FLAGGED,
    LEX_SARAH_OUTCOME_COLUMNS,
    LEX_SARAH_UNASSESSED,
    LEX_SARAH_UNFLAGGED,
    TOTAL,
    largest_changes,
    statuses,
    with_ties,
)

IVO = LEX_SARAH_OUTCOME_COLUMNS[-1]  # "Anmäld till IVO"


def describe_totals(totals: pd.Series, years: list[int], years_with_data: list[int], previous: int, year: int) -> str:
    """The change since last year, a steady trend over three or more years, and the years without data."""
    text = describe_count_change("Antalet avvikelser", totals.get(previous), totals[year], previous, year, "avvikelse", "avvikelser")
    known = totals.dropna()
    if len(known) >= 3 and known.is_monotonic_increasing and known.is_unique:
        text += f" Antalet har ökat varje år sedan {int(known.index[0])}."
    elif len(known) >= 3 and known.is_monotonic_decreasing and known.is_unique:
        text += f" Antalet har minskat varje år sedan {int(known.index[0])}."
    missing_years = [str(y) for y in years if y not in years_with_data]
    if missing_years:
        text += f" Underlag saknas för {join_list(missing_years)} (visas som {MISSING})."
    return text


def totals_alt(known: pd.Series, text: str) -> str:
    """Alternative text of the bar chart per year: every value, and the first sentence of ``text``."""
    first, last = int(known.index[0]), int(known.index[-1])
    return (
        f"Stapeldiagram över antal avvikelser per år {first}–{last}: "
        + ", ".join(f"{int(y)}: {format_count(v)}" for y, v in known.items())
        + f". {text.split('.')[0]}."
    )


def _area(key: tuple[str, str]) -> str:
    group, area = key
    return f"{label_in_text(area)} ({label_in_text(group)})"


def _largest_area_change(table: pd.DataFrame, keys: list[tuple[str, str]], previous: int, year: int, kind: str) -> str:
    """One area: ``… inom funktionsstöd (verkställighet), från 110 till 164``; a tie: every area, ``med fem avvikelser vardera``."""
    if len(keys) == 1:
        before, after = counts_in_text([table.loc[keys[0], previous], table.loc[keys[0], year]])
        return f"{kind} ses inom {_area(keys[0])}, från {before} till {after}"
    size = abs(int(table.loc[keys[0], year] - table.loc[keys[0], previous]))
    return f"{kind} ses inom {join_list([_area(k) for k in keys])}, med {quantity(size, 'avvikelse', 'avvikelser')} vardera"


def describe_area_changes(table: pd.DataFrame, previous: int, year: int) -> str:
    """``Störst ökning mellan 2024 och 2025 ses inom … från 110 till 164. Störst minskning ses inom …``; ties named."""
    increases, decreases = largest_changes(table, previous, year, n=1)
    parts = []
    if len(increases):
        parts.append(sentence(_largest_area_change(table, list(increases.index), previous, year, f"Störst ökning mellan {previous} och {year}")))
    if len(decreases):
        kind = "Störst minskning" if parts else f"Störst minskning mellan {previous} och {year}"
        parts.append(sentence(_largest_area_change(table, list(decreases.index), previous, year, kind)))
    return " ".join(parts)


def most_common_type(counts: pd.Series, year: int) -> str:
    """``Den vanligaste typen 2025 var fall med 848 avvikelser, 41,9 % av alla.``; a tie names every type."""
    top = leaders(counts.to_dict())
    n = int(counts[top[0]])
    part = format_percent(share(n, counts.sum()), 1)
    if len(top) == 1:
        return f"Den vanligaste typen {year} var {label_in_text(top[0])} med {quantity(n, 'avvikelse', 'avvikelser')}, {part} av alla."
    names = join_list([label_in_text(t) for t in top])
    return (f"De vanligaste typerna {year} var {names}, som var lika vanliga: "
            f"{quantity(n, 'avvikelse', 'avvikelser')} vardera, {part} av alla.")


def describe_type_changes(table: pd.DataFrame, previous: int, year: int) -> str:
    """The two largest increases and decreases per typ av händelse (ties at the edge included), and the most common type."""
    up, down = largest_changes(table, previous, year, n=2)
    sentences = [describe_count_change(f"Avvikelser av typen {label_in_text(kind)}", table.loc[kind, previous], table.loc[kind, year],
                                       previous, year, "avvikelse", "avvikelser") for kind in [*up.index, *down.index]]
    if table[year].sum() > 0:
        sentences.append(most_common_type(table[year], year))
    return join_sentences(sentences)


def types_alt(table: pd.DataFrame, previous: int, year: int) -> str:
    top = with_ties(table[year].sort_values(ascending=False, kind="stable"), 3)
    return (
        f"Liggande stapeldiagram med antal avvikelser per typ av händelse, {previous} jämfört med {year}. "
        f"Flest {year}: " + ", ".join(f"{label_in_text(k)} {format_count(v)}" for k, v in top.items()) + "."
    )


def within_sentence(table: pd.DataFrame, groups: list[str], year: int, within: list[str], what: str) -> str:
    """``År 2025 påbörjades utredningen inom … för 65 % av alla avvikelser: 47 % inom myndighet, 66 % inom verkställighet och …``"""
    column = (TOTAL, year)
    if column not in table.columns or table[column].sum() == 0:
        return ""
    overall = format_percent(share(table.loc[within, column].sum(), table[column].sum()))
    parts = []
    for group in groups:
        if (group, year) in table.columns and table[(group, year)].sum() > 0:
            value = share(table.loc[within, (group, year)].sum(), table[(group, year)].sum())
            parts.append(f"{format_percent(value)} inom {label_in_text(group)}")
    detail = f": {join_list(parts)}" if len(parts) > 1 else ""
    return sentence(f"År {year} {what} för {overall} av alla avvikelser{detail}")


def timing_note(cutoff: date, length: bool) -> str:
    """The note under a timing table: the cut-off, which avvikelser count, and how working days are counted (``helpers.workdays``)."""
    which = ("Tabellen omfattar avvikelser där utredningen hade påbörjats; de övriga står som Ej påbörjad i tabellen över tid "
             "till påbörjad utredning. " if length else "")
    return (
        f"Läget den {cutoff.isoformat()}: datum efter det räknas som att det inte har hänt ännu. {which}"
        "Kolumnerna Totalt är summan av alla avdelningar; andelarna avser avvikelser registrerade respektive år. "
        "Arbetsdagar är måndag–fredag utom helgdagar; midsommarafton, julafton och nyårsafton räknas inte heller som arbetsdagar. "
        "Samma dag är 0 arbetsdagar och nästa arbetsdag 1. Ett datum på en lördag, söndag, helgdag eller afton räknas som nästa "
        "arbetsdag: en avvikelse som registreras en lördag och börjar utredas på måndagen har 0 arbetsdagar."
    )


def describe_status(table: pd.DataFrame, cutoff: date, year: int, long_months: int = 3) -> str:
    """How many of the year's avvikelser were closed on ``cutoff``, with action, and investigations open long."""
    labels = statuses(long_months)
    months = "en månad" if long_months == 1 else f"{number_in_text(long_months)} månader"
    total = int(table[TOTAL].sum())
    closed = int(table.loc[[labels[4], labels[5]], TOTAL].sum())
    with_action = int(table.loc[labels[4], TOTAL])
    open_long = int(table.loc[labels[3], TOTAL])
    _, _, action = counts_in_text([closed, total, with_action])
    text = (
        f"Den {cutoff.isoformat()} var {describe_part_of_whole(closed, total, 'avvikelse', 'avvikelser')} från {year} avslutade, "
        f"{action} av dem med åtgärd. "
    )
    if open_long:
        text += f"Vid samma tidpunkt hade {quantity(open_long, 'utredning', 'utredningar')} pågått längre än {months}."
    else:
        text += f"Ingen utredning hade då pågått längre än {months}."
    return text


def limit_phrase(days: int) -> str:
    """``fem arbetsdagar (en vecka)``, ``15 arbetsdagar (tre veckor)``, ``tio arbetsdagar``."""
    weeks = {5: " (en vecka)", 10: " (två veckor)", 15: " (tre veckor)", 20: " (fyra veckor)"}
    return f"{quantity(days, 'arbetsdag', 'arbetsdagar')}{weeks.get(days, '')}"


def describe_lex_sarah(table: pd.DataFrame, groups: list[str], year: int) -> str:
    """Flagged by the reporters, flagged without assessment, assessed without flag, and reported to IVO (per avdelning)."""
    flagged = int(table.loc[TOTAL, LEX_SARAH_FLAGGED])
    unassessed = int(table.loc[TOTAL, LEX_SARAH_UNASSESSED])
    unflagged = int(table.loc[TOTAL, LEX_SARAH_UNFLAGGED])
    ivo = int(table.loc[TOTAL, IVO])
    sentences = [f"Under {year} markerade rapportörerna {quantity(flagged, 'avvikelse', 'avvikelser')} som möjliga lex Sarah-ärenden."]
    if unassessed:
        sentences.append(f"Av dem saknade {number_in_text(unassessed)} bedömning i underlaget.")
    if unflagged:
        sentences.append(f"Dessutom bedömdes {quantity(unflagged, 'avvikelse', 'avvikelser')} som rapportören inte hade markerat.")
    if ivo:
        shown = [g for g in groups if table.loc[g, IVO] > 0]
        written = counts_in_text([ivo, *(table.loc[g, IVO] for g in shown)])
        per_group = [f"{w} inom {label_in_text(g)}" for g, w in zip(shown, written[1:])]
        sentences.append(f"Till IVO anmäldes {counted(ivo, 'avvikelse', 'avvikelser', written[0])}"
                         + (f" ({join_list(per_group)})." if per_group else "."))
    else:
        sentences.append("Ingen avvikelse anmäldes till IVO.")
    return " ".join(sentences)


def lex_sarah_note(first: bool = True) -> str:
    """How a lex Sarah table adds up; the first table also says who assesses and what the two edge columns hold."""
    outcomes = ", ".join(LEX_SARAH_OUTCOME_COLUMNS[:-1]) + " och " + LEX_SARAH_OUTCOME_COLUMNS[-1]
    sums = (f"{LEX_SARAH_ASSESSED} = {LEX_SARAH_FLAGGED} − {LEX_SARAH_UNASSESSED} + {LEX_SARAH_UNFLAGGED}, "
            f"och {LEX_SARAH_ASSESSED} = {outcomes} tillsammans.")
    if not first:
        return f"Samma kolumner som i tabellen per avdelning. {sums}"
    return (
        f"{sums} Bedömningen görs av SAS/MAS. {LEX_SARAH_UNFLAGGED}: avvikelser som rapportören inte markerat men som "
        f"bedömts, t.ex. omklassificerade till lex Sarah under utredningen. {LEX_SARAH_UNASSESSED}: markerade avvikelser "
        "som ännu saknar bedömning i underlaget."
    )
