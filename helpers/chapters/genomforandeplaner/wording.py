"""Genomförandeplaner: the generated Swedish sentences and the figure's alternative text.

Shares come in already rounded (``metrics.rounded_share``), so every number
in a sentence is the number in the table beside it.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ...formatting import (
    capitalize_first,
    format_date,
    format_number,
    format_percent,
    number_in_text,
)
from ...sentences import (
    counts_in_text,
    describe_part_of_whole,
    join_list,
    join_sentences,
    label_in_text,
    leaders,
    quantities,
)
from .metrics import DECIMALS, MEASURES, TOTAL, Period


class MeasureWords(NamedTuple):
    """How a measure is written: in table headers, in running text and as the subject of a change."""

    header: str  # Uppdaterad senaste 6 mån.
    short: str  # Uppdaterad (figure legend)
    target: str  # målet för uppdaterade planer
    has: str  # … hade 419 (65,8 %) en plan som uppdaterats de senaste sex månaderna
    subject: str  # Andelen brukare med uppdaterad plan


def months_phrase(months: int) -> str:
    """``de senaste sex månaderna``, ``den senaste månaden``."""
    return "den senaste månaden" if months == 1 else f"de senaste {number_in_text(months)} månaderna"


def measure_words(months: int) -> dict[str, MeasureWords]:
    return {
        "plan": MeasureWords("Har genomförandeplan", "Har plan", "genomförandeplaner", "en genomförandeplan",
                             "Andelen brukare med genomförandeplan"),
        "uppdaterad": MeasureWords(f"Uppdaterad senaste {months} mån.", "Uppdaterad", "uppdaterade planer",
                                   f"en plan som uppdaterats {months_phrase(months)}", "Andelen brukare med uppdaterad plan"),
        "avgiven": MeasureWords("Avgiven till myndighet", "Avgiven", "avgivna planer", "en plan som avgetts till myndighet",
                                "Andelen brukare med plan avgiven till myndighet"),
        "delaktig": MeasureWords("Brukaren delaktig", "Delaktig", "delaktighet", "en plan som de varit delaktiga i att upprätta",
                                 "Andelen brukare som varit delaktiga i sin plan"),
    }


def in_text(label: str) -> str:
    """A verksamhet inside a sentence, lower-cased as ``label_in_text`` does (the text block escapes it)."""
    return label_in_text(label)


def percent(value: float | None) -> str:
    return format_percent(value, DECIMALS)


def target_text(target: float) -> str:
    """``90 %`` for a whole target, ``92,5 %`` otherwise."""
    return format_percent(target, 0 if float(target).is_integer() else 1)


def share_cell(part: int, whole: int, value: float | None) -> str:
    """``65,8 % (419 av 637)``; ``–`` without brukare."""
    if not whole:
        return format_percent(None)
    return f"{percent(value)} ({format_number(part)} av {format_number(whole)})"


def describe_period(period: Period, year: int, brukare: int, verksamheter: int, enheter: int) -> str:
    """``Granskningen 2025 gjordes mellan 2025-10-06 och 2025-11-14 och omfattade 637 brukare i tre verksamheter och 16 enheter.``"""
    first, last = format_date(period.first), format_date(period.last)
    when = f"gjordes {first}" if first == last else f"gjordes mellan {first} och {last}"
    who, activities, units = quantities([(brukare, "brukare", "brukare", False), (verksamheter, "verksamhet", "verksamheter", False),
                                         (enheter, "enhet", "enheter", False)])
    return f"Granskningen {year} {when} och omfattade {who} i {activities} och {units}."


def describe_rule(months: int, from_rows: bool) -> str:
    """How "uppdaterad" is counted, as the reader needs to know it."""
    if from_rows:
        return (f"En plan räknas som uppdaterad om den upprättats eller uppdaterats {months_phrase(months)} före mätdatum, "
                f"det vill säga från samma dag {number_in_text(months)} kalendermånader tidigare till och med mätdatum.")
    return (f"Antalen är rapporterade per enhet. En plan räknas som uppdaterad om den upprättats eller uppdaterats "
            f"{months_phrase(months)} före mätningen.")


def describe_totals(total: pd.Series, values: pd.Series, words: dict[str, MeasureWords]) -> str:
    """``Av de 637 brukarna hade 587 (92,2 %) en genomförandeplan, 419 (65,8 %) en plan som …``"""
    n = int(total["brukare"])
    if n == 0:
        return "Granskningen omfattade inga brukare."
    written = counts_in_text([n, *(int(total[m]) for m in MEASURES)])
    parts = [f"{w} ({percent(values[m])}) {words[m].has}" for m, w in zip(MEASURES, written[1:])]
    head = "Av den granskade brukaren hade" if n == 1 else f"Av de {written[0]} brukarna hade"
    return f"{head} {join_list(parts)}."


def describe_extremes(values: pd.DataFrame, words: dict[str, MeasureWords]) -> str:
    """Per measure, the verksamhet with the lowest and the highest share (``…lägst inom äldreomsorg (51,2 %) och högst …``)."""
    values = values.drop(index=TOTAL, errors="ignore")
    if len(values) < 2:
        return ""
    sentences = []
    for m in MEASURES:
        column = values[m].dropna()
        if len(column) < 2:
            continue
        subject = words[m].subject
        low, high = column.min(), column.max()
        if low == high:
            sentences.append(f"{subject} var lika stor i alla verksamheter ({percent(low)}).")
            continue
        lowest = join_list([in_text(str(v)) for v in column.index[column == low]])
        highest = join_list([in_text(str(v)) for v in column.index[column == high]])
        sentences.append(f"{subject} var lägst inom {lowest} ({percent(low)}) och högst inom {highest} ({percent(high)}).")
    return " ".join(sentences)


def describe_targets(values: pd.Series, targets: dict[str, float | None], words: dict[str, MeasureWords],
                     owner: str = "kommunens") -> str:
    """Which of the internal targets the whole kommun reached: ``Kommunens interna mål nåddes för … men inte för …``."""
    met, missed = [], []
    for m in MEASURES:
        target = targets[m]
        if target is None or pd.isna(values[m]):
            continue
        item = f"{words[m].target} ({percent(values[m])} mot målet {target_text(target)})"
        (met if values[m] >= target else missed).append(item)
    if not met and not missed:
        return ""
    lead = capitalize_first(owner)
    if not missed:
        return f"{lead} interna mål nåddes för {join_list(met)}."
    if not met:
        return f"{lead} interna mål nåddes inte för {join_list(missed)}."
    return f"{lead} interna mål nåddes för {join_list(met)} men inte för {join_list(missed)}."


def describe_unit_masking(threshold: int, hidden_any: bool) -> str:
    """Why some values per enhet are not shown."""
    text = ("Tabellen visar varje enhet. För att ingen enskild brukare ska kunna pekas ut visas inga andelar för enheter "
            f"med färre än {number_in_text(threshold)} brukare (<{threshold})")
    if hidden_any:
        text += (f", och en andel döljs (..) när färre än {number_in_text(threshold)} brukare har eller saknar det som mäts, "
                 "liksom andra värden som annars skulle låta de dolda räknas fram ur verksamhetens summa")
    return text + "."


def describe_all_current(complete: int, assessed: int, total: int, months: int) -> str:
    """Seed 002's way: ``Fyra av tolv enheter hade aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare.``"""
    if assessed == 0:
        return ""
    what = f"aktuella planer, uppdaterade {months_phrase(months)}, för alla brukare"
    if complete == 0:
        head = "Ingen enhet" if assessed == 1 else f"Ingen av de {number_in_text(assessed)} enheterna"
        text = f"{head} hade {what}."
    elif max(complete, assessed) > 12:  # a sentence never starts with digits: "Av de 24 enheterna hade 10 …"
        text = f"Av de {assessed} enheterna hade {complete} {what}."
    else:
        text = f"{capitalize_first(describe_part_of_whole(complete, assessed, 'enhet', 'enheter'))} hade {what}."
    if assessed < total:
        rest = total - assessed
        text += (f" För {'en enhet' if rest == 1 else number_in_text(rest) + ' enheter'} visas inte andelen "
                 "och de ingår inte i jämförelsen.")
    return text


def describe_below_target(below: list[tuple[str, float]], measure: str, target: float, assessed: int,
                          words: dict[str, MeasureWords]) -> str:
    """``Under målet för uppdaterade planer (90 %) låg tre enheter: Hemtjänst Norr (42,7 %), … och ….``"""
    name = words[measure].target
    if assessed == 0:
        return ""
    if not below:
        every = "Enheten" if assessed == 1 else ("Båda enheterna" if assessed == 2 else f"Alla {number_in_text(assessed)} enheter")
        shown = " vars andel visas" if assessed > 1 else ""
        return f"{every}{shown} nådde målet för {name} ({target_text(target)})."
    units = join_list([f"{unit} ({percent(value)})" for unit, value in below])
    count = "en enhet" if len(below) == 1 else f"{number_in_text(len(below))} enheter"
    return f"Under målet för {name} ({target_text(target)}) låg {count}: {units}."


def describe_largest_changes(changes: pd.DataFrame, words: dict[str, MeasureWords], previous: int, current: int) -> str:
    """The largest rise and fall of a share among the verksamheter, in procentenheter."""
    stacked = changes.drop(index=TOTAL, errors="ignore").stack().dropna()
    if stacked.empty:
        return ""

    def one(changes: pd.Series, highest: bool) -> str:
        # A tie is named: "hemtjänst för uppdaterade planer och LSS för avgivna planer (+8,0 procentenheter vardera)".
        keys = leaders(changes.to_dict(), highest)
        value = format_number(changes[keys[0]], DECIMALS, signed=True)
        names = join_list([f"{in_text(str(verksamhet))} för {words[m].target}" for verksamhet, m in keys])
        return f"{names} ({value} procentenheter{' vardera' if len(keys) > 1 else ''})"

    rises, falls = stacked[stacked > 0], stacked[stacked < 0]
    if rises.empty and falls.empty:
        return f"Andelarna var oförändrade i alla verksamheter mellan {previous} och {current}."
    parts = []
    if not rises.empty:
        parts.append(f"Störst ökning mellan {previous} och {current} hade {one(rises, True)}.")
    if not falls.empty:
        parts.append(f"Störst minskning mellan {previous} och {current} hade {one(falls, False)}.")
    if falls.empty:
        parts.append(f"Ingen andel minskade i någon verksamhet mellan {previous} och {current}.")
    elif rises.empty:
        parts.insert(0, f"Ingen andel ökade i någon verksamhet mellan {previous} och {current}.")
    return join_sentences(parts)


def figure_alt(values: pd.DataFrame, targets: dict[str, float | None], words: dict[str, MeasureWords], year: int,
               message: str, owner: str = "kommunens") -> str:
    """Every value of the figure, the targets and its main message."""
    rows = " ".join(
        f"{label}: " + ", ".join(f"{words[m].short.lower()} {percent(values.at[label, m])}" for m in MEASURES) + "."
        for label in values.index
    )
    goals = ", ".join(f"{words[m].short.lower()} {target_text(t)}" for m in MEASURES if (t := targets[m]) is not None)
    marks = f" Strecken visar {owner} mål: {goals}." if goals else ""
    return (f"Liggande stapeldiagram över andelen brukare per verksamhet med genomförandeplan, uppdaterad plan, "
            f"avgiven plan och delaktighet vid granskningen {year}. {rows}{marks} {message}").strip()
