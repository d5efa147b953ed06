"""Avvikelser: the generated Swedish sentences and alternative texts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ...formatting import MISSING, count_phrase, format_count, format_percent, number_in_text, share
from ...sentences import (
    describe_count_change,
    describe_part_of_whole,
    join_list,
    label_in_text,
    quantity,
    sentence,
)
from .metrics import largest_changes, statuses


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


def describe_area_changes(table: pd.DataFrame, previous: int, year: int) -> str:
    """``Störst ökning ses inom … från 120 år 2024 till 150 år 2025; störst minskning inom …``."""
    increases, decreases = largest_changes(table, previous, year, n=1)
    parts = []
    for (group, area), _ in increases.items():
        parts.append(f"Störst ökning ses inom {label_in_text(area)} ({label_in_text(group)}), från {format_count(table.loc[(group, area), previous])} år {previous} till {format_count(table.loc[(group, area), year])} år {year}")
    for (group, area), _ in decreases.items():
        parts.append(f"störst minskning inom {label_in_text(area)} ({label_in_text(group)}), från {format_count(table.loc[(group, area), previous])} till {format_count(table.loc[(group, area), year])}")
    return sentence("; ".join(parts)) if parts else ""


def describe_type_changes(table: pd.DataFrame, previous: int, year: int) -> str:
    """The two largest increases and decreases per typ av händelse, and the most common type."""
    up, down = largest_changes(table, previous, year, n=2)
    sentences = []
    for kind in [*up.index, *down.index]:
        sentences.append(describe_count_change(f"Avvikelser av typen {label_in_text(kind)}", table.loc[kind, previous], table.loc[kind, year], previous, year, "avvikelse", "avvikelser"))
    largest = table[year].idxmax()
    sentences.append(
        f"Den vanligaste typen {year} var {label_in_text(largest)} med {format_count(table.loc[largest, year])} avvikelser, "
        f"{format_percent(share(table.loc[largest, year], table[year].sum()), 1)} av alla."
    )
    return " ".join(sentences)


def types_alt(table: pd.DataFrame, previous: int, year: int) -> str:
    top = table[year].sort_values(ascending=False).head(3)
    return (
        f"Liggande stapeldiagram med antal avvikelser per typ av händelse, {previous} jämfört med {year}. "
        f"Flest {year}: " + ", ".join(f"{label_in_text(k)} {format_count(v)}" for k, v in top.items()) + "."
    )


def within_sentence(table: pd.DataFrame, groups: list[str], year: int, within: list[str], what: str) -> str:
    """``År 2025 påbörjades utredningen inom … för 56 % av avvikelserna inom myndighet och 69 % inom verkställighet.``"""
    parts = []
    for group in groups:
        column = (group, year)
        if column not in table.columns or table[column].sum() == 0:
            continue
        value = share(table.loc[within, column].sum(), table[column].sum())
        suffix = " av avvikelserna" if not parts else ""
        parts.append(f"{format_percent(value)}{suffix} inom {label_in_text(group)}")
    if not parts:
        return ""
    return sentence(f"År {year} {what} för {join_list(parts)}")


def describe_status(table: pd.DataFrame, cutoff: date, year: int, long_months: int = 3) -> str:
    """How many of the year's avvikelser were closed on ``cutoff``, with action, and investigations open long."""
    labels = statuses(long_months)
    months = "en månad" if long_months == 1 else f"{number_in_text(long_months)} månader"
    total = int(table["Totalt"].sum())
    closed = int(table.loc[[labels[4], labels[5]], "Totalt"].sum())
    open_long = int(table.loc[labels[3], "Totalt"])
    text = (
        f"Den {cutoff.isoformat()} var {describe_part_of_whole(closed, total, 'avvikelse', 'avvikelser')} från {year} avslutade, "
        f"{format_count(table.loc[labels[4], 'Totalt'])} av dem med åtgärd. "
    )
    if open_long:
        text += f"{count_phrase(open_long, 'utredning', 'utredningar').capitalize()} hade pågått längre än {months}."
    else:
        text += f"Ingen utredning hade pågått längre än {months}."
    return text


def limit_phrase(days: int) -> str:
    """``fem arbetsdagar (en vecka)``, ``15 arbetsdagar (tre veckor)``, ``tio arbetsdagar``."""
    weeks = {5: " (en vecka)", 10: " (två veckor)", 15: " (tre veckor)", 20: " (fyra veckor)"}
    return f"{quantity(days, 'arbetsdag', 'arbetsdagar')}{weeks.get(days, '')}"


def describe_lex_sarah(table: pd.DataFrame, groups: list[str], year: int) -> str:
    """Flagged as possible lex Sarah by the reporters, and reported to IVO (per avdelning)."""
    flagged = int(table.loc["Totalt", "Markerade av rapportör"])
    ivo = int(table.loc["Totalt", "Anmäld till IVO"])
    per_group = [f"{number_in_text(int(table.loc[g, 'Anmäld till IVO']))} inom {label_in_text(g)}" for g in groups if table.loc[g, "Anmäld till IVO"] > 0]
    text = f"Under {year} markerade rapportörerna {count_phrase(flagged, 'avvikelse', 'avvikelser')} som möjliga lex Sarah-ärenden. "
    if ivo:
        text += f"{count_phrase(ivo, 'avvikelse', 'avvikelser').capitalize()} anmäldes till IVO"
        text += f" ({join_list(per_group)})." if per_group else "."
    else:
        text += "Ingen avvikelse anmäldes till IVO."
    return text
