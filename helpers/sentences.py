"""Generated Swedish sentences about counts and shares and how they changed.

Counts change in units and per cent; shares change in procentenheter. Small
counts are written as words in running text (``tre avvikelser``), but counts
compared or listed in one sentence are all digits when any of them is above
twelve (``3 av 23 avvikelser``, ``18 beröm och 10 klagomål``); the rules are
checked by ``helpers.style``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TypeVar

from .formatting import (
    WORD_LIMIT,
    capitalize_first,
    count_phrase,
    format_count,
    format_number,
    format_percent,
    is_missing,
    number_in_text,
)

K = TypeVar("K")


def _count(n: float, neuter: bool) -> str:
    return number_in_text(int(n), neuter=neuter)


def counts_in_text(counts: Sequence[float], neuter: bool = False) -> list[str]:
    """Counts compared or listed in one sentence: all as words, or all as digits when any is above twelve.

    ``[18, 10]`` → ``18``, ``10`` (``18 beröm och 10 klagomål``); ``[8, 10]`` → ``åtta``, ``tio``.
    """
    whole = [int(n) for n in counts]
    if whole and max(whole) > WORD_LIMIT:
        return [format_count(n) for n in whole]
    return [number_in_text(n, neuter=neuter) for n in whole]


def pair_in_text(first: float, second: float, neuter: bool = False) -> tuple[str, str]:
    """Two counts compared in one phrase ("från … till …"): both as words, or both as digits when either is above twelve."""
    a, b = counts_in_text([first, second], neuter)
    return a, b


def quantities(items: Sequence[tuple[int, str, str, bool]]) -> list[str]:
    """Counts with their nouns (n, singular, plural, neuter) listed in one sentence, written alike.

    ``18 beröm``, ``10 klagomål`` when any count is above twelve; else ``tre beröm``, ``ett klagomål``,
    ``inga förslag``.
    """
    digits = any(int(n) > WORD_LIMIT for n, *_ in items)
    found = []
    for n, singular, plural, neuter in items:
        n = int(n)
        if digits:
            found.append(f"{format_count(n)} {singular if n == 1 else plural}")
        else:
            found.append(quantity(n, singular, plural, neuter=neuter))
    return found


def top_with_ties(values: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` labels with the largest values (ties keep the given order), and any later label tied with the ``n``-th."""
    ranked = sorted(values, key=lambda k: -values[k])  # sorted() is stable
    if len(ranked) <= n:
        return ranked
    edge = values[ranked[n - 1]]
    return ranked[:n] + [k for k in ranked[n:] if values[k] == edge]


def counted(n: int, singular: str, plural: str, written: str) -> str:
    """A count already written (``counts_in_text``) with its noun: ``4 synpunkter``, ``en synpunkt``."""
    return f"{written} {singular if n == 1 else plural}"


def describe_count_change(
    subject: str,
    previous: float | None,
    current: float | None,
    previous_year: int,
    current_year: int,
    singular: str,
    plural: str,
    neuter: bool = False,
) -> str:
    """One sentence on how a count changed between two years.

    ``subject`` is the grammatical subject, e.g. ``Antalet avvikelser`` or
    ``Antalet avvikelser av typen Fall``; ``singular``/``plural`` name the unit
    (``avvikelse``/``avvikelser``) for the size of the change.
    """
    # Years never follow a count directly ("från två år 2024" reads as "two years"):
    # the years come together at the end, "mellan 2024 och 2025".
    if is_missing(current):
        return f"{subject} för {current_year} saknas i underlaget."
    if is_missing(previous):
        return (
            f"{subject} var {_count(current, neuter)} under {current_year}; "
            f"uppgift för {previous_year} saknas, så ingen jämförelse kan göras."
        )
    previous, current = int(previous), int(current)
    diff = current - previous
    if diff == 0:
        return f"{subject} var oförändrat mellan {previous_year} och {current_year}: {_count(current, neuter)} båda åren."
    verb, noun = ("ökade", "en ökning") if diff > 0 else ("minskade", "en minskning")
    percent = ""
    if previous > 0:
        percent = f" ({format_percent(100.0 * diff / previous, 1, signed=True)})"
    # The change is part of the comparison: "från 24 till 28, en ökning med 4 synpunkter".
    before, after, size = counts_in_text([previous, current, abs(diff)], neuter)
    change = counted(abs(diff), singular, plural, size)
    return (
        f"{subject} {verb} från {before} till {after} "
        f"mellan {previous_year} och {current_year}, {noun} med {change}{percent}."
    )


def describe_share_change(
    subject: str,
    previous: float | None,
    current: float | None,
    previous_year: int,
    current_year: int,
    higher_is_better: bool | None = None,
    decimals: int = 0,
) -> str:
    """One sentence on how a share (in per cent) changed, in procentenheter.

    With a polarity, the sentence also says whether the change is an
    improvement: for a negative question (``Besväras du ofta av ensamhet?``)
    a fall is ``en förbättring``.
    """
    if is_missing(current):
        return f"{subject} för {current_year} saknas i underlaget."
    if is_missing(previous):
        return (
            f"{subject} var {format_percent(current, decimals)} år {current_year}; "
            f"uppgift för {previous_year} saknas."
        )
    diff = float(current) - float(previous)
    shown = format_number(abs(diff), decimals)
    if shown == format_number(0, decimals):
        return (
            f"{subject} var oförändrad, {format_percent(current, decimals)} "
            f"både år {previous_year} och år {current_year}."
        )
    verb = "ökade" if diff > 0 else "minskade"
    unit = "procentenhet" if shown == "1" else "procentenheter"
    judgement = ""
    if higher_is_better is not None:
        better = (diff > 0) == higher_is_better
        judgement = ", en förbättring" if better else ", en försämring"
    return (
        f"{subject} {verb} från {format_percent(previous, decimals)} år {previous_year} "
        f"till {format_percent(current, decimals)} år {current_year}, "
        f"med {shown} {unit}{judgement}."
    )


def describe_part_of_whole(part: int, whole: int, singular: str, plural: str, neuter: bool = False) -> str:
    """``3 av 23 avvikelser``, ``tre av tio avvikelser`` (one comparison: the noun agrees with the whole)."""
    noun = singular if whole == 1 else plural
    a, b = counts_in_text([part, whole], neuter)
    return f"{a} av {b} {noun}"


def sentence(text: str) -> str:
    """Start with a capital letter, end with a full stop."""
    text = capitalize_first(text.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


_YEARS_PAIR = re.compile(r" mellan (\d{4}) och (\d{4})")


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences as one paragraph; ``mellan 2024 och 2025`` is said once, not again in the sentences that follow."""
    kept: list[str] = []
    said: str | None = None
    for text in (t.strip() for t in sentences):
        if not text:
            continue
        found = _YEARS_PAIR.search(text)
        if found and found.group(0) == said:
            text = text.replace(said, "", 1)
        elif found:
            said = found.group(0)
        else:
            said = None
        kept.append(text)
    return " ".join(kept)


def leaders(values: Mapping[K, float], highest: bool = True) -> list[K]:
    """Every label that shares the largest (or smallest) value, in the given order: a tie is named, not broken."""
    known = {k: v for k, v in values.items() if not is_missing(v)}
    if not known:
        return []
    best = max(known.values()) if highest else min(known.values())
    return [k for k, v in known.items() if v == best]


def join_list(items: list[str]) -> str:
    """``a, b och c`` as Swedish lists are written."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]


def quantity(n: int, singular: str, plural: str, neuter: bool = False) -> str:
    """A count with its noun for running text, zero included.

    ``inga synpunkter``, ``en synpunkt``, ``ett klagomål``, ``tre klagomål``,
    ``28 synpunkter``.
    """
    if n == 0:
        return f"inga {plural}"
    return count_phrase(n, singular, plural, neuter=neuter)


def majority_word(part: int, whole: int) -> str | None:
    """``Majoriteten`` when the part is more than half, ``Hälften`` when exactly half, else None."""
    if whole <= 0:
        return None
    if 2 * part > whole:
        return "Majoriteten"
    if 2 * part == whole:
        return "Hälften"
    return None


def duration_phrase(days: float) -> str:
    """A number of days for running text: ``en dag``, ``sex dagar``, ``6,5 dagar``, ``20 dagar``."""
    if float(days).is_integer():
        return count_phrase(int(days), "dag", "dagar")
    return f"{format_number(days, 1)} dagar"


def label_in_text(label: str) -> str:
    """A category label inside a sentence: ``Äldreomsorg`` → ``äldreomsorg``, but ``SIA/AME`` and ``IVO`` stay."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]
