"""Generated Swedish sentences about counts and shares and how they changed.

Counts change in units and per cent; shares change in procentenheter. Small
counts are written as words in running text (``tre av 23 avvikelser``).
"""

from __future__ import annotations

from .formatting import (
    capitalize_first,
    count_phrase,
    format_count,
    format_number,
    format_percent,
    is_missing,
    number_in_text,
)


def _count(n: float, neuter: bool) -> str:
    return number_in_text(int(n), neuter=neuter)


def pair_in_text(first: float, second: float, neuter: bool = False) -> tuple[str, str]:
    """Two counts compared in one phrase ("från … till …"): both as words, or both as digits when either is above twelve."""
    a, b = int(first), int(second)
    if max(a, b) > 12:
        return format_count(a), format_count(b)
    return number_in_text(a, neuter=neuter), number_in_text(b, neuter=neuter)


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
    change = count_phrase(abs(diff), singular, plural, neuter=neuter)
    percent = ""
    if previous > 0:
        percent = f" ({format_percent(100.0 * diff / previous, 1, signed=True)})"
    before, after = pair_in_text(previous, current, neuter)
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
    """``tre av 23 avvikelser`` (the noun agrees with the whole)."""
    noun = singular if whole == 1 else plural
    return f"{number_in_text(part, neuter=neuter)} av {number_in_text(whole, neuter=neuter)} {noun}"


def sentence(text: str) -> str:
    """Start with a capital letter, end with a full stop."""
    text = capitalize_first(text.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


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
