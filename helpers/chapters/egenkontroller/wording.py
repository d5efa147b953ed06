"""Egenkontroller: the generated Swedish sentences.

Egenkontroller (data labels) reach a sentence only through ``label_in_text``;
enheter are named only in the table of those that did not report. Shares
come in rounded (``metrics.rounded_share``), as the tables show them.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ...formatting import WORD_LIMIT, format_number, format_percent, number_in_text
from ...sentences import describe_share_change, join_list, label_in_text, leaders, quantities
from .metrics import ALL, DECIMALS, rounded_share


class UnitWords(NamedTuple):
    singular: str  # enhet
    plural: str  # enheter
    header: str  # Enhet


UNIT_WORDS = {"enhet": UnitWords("enhet", "enheter", "Enhet"), "verksamhet": UnitWords("verksamhet", "verksamheter", "Verksamhet")}


def percent(value: float | None) -> str:
    return format_percent(value, DECIMALS)


def part_of(part: int, whole: int) -> str:
    """``18 av 29`` in a table; in text the small numbers become words through ``in_text_part``."""
    return f"{format_number(part)} av {format_number(whole)}"


def in_text_part(part: int, whole: int, words: UnitWords | None = None, digits: bool | None = None) -> str:
    """``10 av 24 verksamheter``, ``åtta av tio``: words only when no count of the sentence is above twelve.

    ``digits``: what the rest of the sentence needs (None: these two counts decide).
    """
    digits = max(part, whole) > WORD_LIMIT if digits is None else digits
    text = f"{format_number(part)} av {format_number(whole)}" if digits else f"{number_in_text(part)} av {number_in_text(whole)}"
    return f"{text} {words.singular if whole == 1 else words.plural}" if words else text


def _digits(*counts: int) -> bool:
    """One sentence writes its counts alike: digits when any is above twelve."""
    return max(counts, default=0) > WORD_LIMIT


def share_cell(part: int, whole: int) -> str:
    """``62 % (18 av 29)``; ``–`` without a whole."""
    return f"{percent(rounded_share(part, whole))} ({part_of(part, whole)})" if whole else percent(None)


def period_in_text(label: str) -> str:
    """``kvartal 2`` (our own word, lower case in a sentence); a date stays as it is."""
    return label_in_text(label) if label.startswith("Kvartal") else label


def describe_periods(table: pd.DataFrame, words: UnitWords) -> str:
    """``Under kvartal 2 hade 18 av 29 verksamheter (62 %) genomfört minst en av sina planerade egenkontroller …``"""
    sentences = []
    for label, row in table.iterrows():
        n, did, followed_up = int(row["enheter"]), int(row["genomford"]), int(row["uppfoljd"])
        digits = _digits(n, did, followed_up)
        when = f"Under {period_in_text(str(label))}" if str(label).startswith("Kvartal") else f"Vid egenkontrollen {label}"
        done = f"{in_text_part(did, n, words, digits)} ({percent(rounded_share(did, n))})"
        followed = f"{in_text_part(followed_up, n, digits=digits)} ({percent(rounded_share(followed_up, n))})"
        sentences.append(f"{when} hade {done} genomfört minst en av sina planerade egenkontroller, och {followed} hade följt upp resultatet.")
    return " ".join(sentences)


def describe_results(table: pd.DataFrame, words: UnitWords, several_periods: bool) -> str:
    """``Kravet var uppfyllt i 19 av 24 enheter för avvikelser hanterade vid kontrollen, tio av 24 för …``"""
    parts = []
    for (control, period), row in table.iterrows():
        if int(row["resultat_av"]) == 0:
            continue
        when = f" ({period_in_text(str(period))})" if several_periods else ""
        parts.append((int(row["resultat_ja"]), int(row["resultat_av"]), f"{label_in_text(str(control))}{when}"))
    if not parts:
        return ""
    digits = _digits(*(n for ja, av, _ in parts for n in (ja, av)))
    first = f"{in_text_part(parts[0][0], parts[0][1], words, digits)} för {parts[0][2]}"
    rest = [f"{in_text_part(ja, av, digits=digits)} för {what}" for ja, av, what in parts[1:]]
    return (f"Kravet i egenkontrollen var uppfyllt i {join_list([first, *rest])}. Resultatet räknas bland de "
            f"{words.plural} som gjorde egenkontrollen och svarade ja eller nej.")


def describe_year(table: pd.DataFrame, target: float, year: int, owner: str) -> str:
    """``Under 2025 genomfördes 112 av 174 planerade egenkontroller (64 %); förvaltningens mål är 100 %.``"""
    planned, done = int(table.at[ALL, "planerade"]), int(table.at[ALL, "genomforda"])
    goal = format_percent(target, 0 if float(target).is_integer() else 1)
    return (f"Under {year} genomfördes {in_text_part(done, planned)} planerade egenkontroller ({percent(rounded_share(done, planned))}); "
            f"{owner} mål är {goal}.")


def describe_not_reported(silent: pd.DataFrame, words: UnitWords) -> str:
    if silent.empty:
        return f"Alla {words.plural} har rapporterat sina planerade egenkontroller."
    # The counts never start the sentence, and are written alike ("21 planerade egenkontroller från 4 verksamheter").
    controls, who = quantities([(len(silent), "planerad egenkontroll", "planerade egenkontroller", False),
                                (silent["enhet"].nunique(), words.singular, words.plural, False)])
    return (f"Det saknas rapport för {controls} från {who}. De räknas som inte genomförda och listas i tabellen, "
            "så att uppgifterna kan kompletteras.")


def describe_trend(before: pd.Series, after: pd.Series, previous: int, year: int) -> str:
    """The whole year's share of done egenkontroller, and the largest change of one egenkontroll, in procentenheter."""
    text = describe_share_change("Andelen genomförda egenkontroller", before.get(ALL), after.get(ALL), previous, year,
                                 higher_is_better=True, decimals=DECIMALS)
    diff = (after.drop(ALL) - before.reindex(after.index).drop(ALL)).dropna()
    if diff.empty or (diff == 0).all():
        return text
    names = leaders(diff.abs().to_dict())  # a tie is named, not broken
    amount = format_number(abs(diff[names[0]]), DECIMALS)
    unit = "procentenhet" if amount == "1" else "procentenheter"
    if len(names) == 1:
        verb = "ökade" if diff[names[0]] > 0 else "minskade"
        return f"{text} Störst förändring hade {label_in_text(str(names[0]))}, som {verb} med {amount} {unit}."
    which = join_list([f"{label_in_text(str(n))}, som {'ökade' if diff[n] > 0 else 'minskade'}" for n in names])
    return f"{text} Störst förändring hade {which}, med {amount} {unit} vardera."
