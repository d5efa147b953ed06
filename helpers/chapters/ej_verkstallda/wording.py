"""Ej verkställda beslut: the generated Swedish sentences.

Every count in a sentence is the cell the tables show (``masking``): a count
shown as ``<5`` is written ``färre än fem``, and a count hidden to protect
another (``..``) is not written at all.
"""

from __future__ import annotations

from ...formatting import WORD_LIMIT, capitalize_first, format_count, format_percent, number_in_text
from ...sentences import counts_in_text, join_list, label_in_text
from .masking import Masked
from .metrics import CARRIED_OUT, CLOSED, FROM_3, FROM_6, OVER_12, UNDER_3, WAITING

STATUS_LABELS = {CARRIED_OUT: "Verkställda under året", CLOSED: "Avslutade utan att verkställas", WAITING: "Ej verkställda vid årets slut"}
BUCKET_LABELS = {UNDER_3: "Under 3 månader", FROM_3: "3–6 månader", FROM_6: "6–12 månader", OVER_12: "Mer än 12 månader"}


def amount(masked: Masked, name: str, digits: bool = False) -> str | None:
    """A cell for running text: ``15``, ``sex``, ``färre än fem``; None when the cell is hidden.

    ``digits``: the sentence has a count above twelve, so its counts are all written as digits.
    """
    status = masked.status[name]
    if status == "visas":
        value = masked.values[name]
        return format_count(value) if digits else number_in_text(value, neuter=True)
    if status == "liten":
        return f"färre än {number_in_text(masked.threshold, neuter=True)}"
    return None


def with_digits(masked: Masked, names: list[str], *others: int) -> bool:
    """Whether a sentence with these cells (and other counts) writes its counts as digits: any shown count above twelve."""
    shown = [masked.values[n] for n in names if masked.status[n] == "visas"]
    return max([*shown, *others], default=0) > WORD_LIMIT


def decisions_phrase(n: int) -> str:
    """``inga beslut``, ``ett beslut``, ``15 beslut``."""
    return "inga beslut" if n == 0 else f"{number_in_text(n, neuter=True)} beslut"


def describe_total(n: int, year: int, organisation: str) -> str:
    """``Under 2025 rapporterade kommunen 15 beslut till IVO som inte verkställts inom tre månader.``"""
    return (f"Under {year} rapporterade {organisation} {decisions_phrase(n)} till IVO som inte hade verkställts inom tre månader "
            "från beslutet, eller från ett avbrott i en påbörjad insats.")


def describe_children(masked: Masked, year: int) -> str:
    """``Sex av besluten gällde barn under 18 år.``"""
    total = masked.values[f"{year}:beslut"]
    if total == 0:
        return ""
    kids = amount(masked, f"{year}:barn")
    if kids is None:
        return ""
    if masked.values[f"{year}:barn"] == 0:
        return "Inget av besluten gällde barn under 18 år." if total > 1 else "Beslutet gällde inte ett barn under 18 år."
    if total == 1:
        return "Beslutet gällde ett barn under 18 år."
    if kids[:1].isdigit():  # never a sentence that starts with digits
        return f"Av besluten gällde {kids} barn under 18 år."
    return f"{capitalize_first(kids)} av besluten gällde barn under 18 år."


def describe_laws(masked: Masked, year: int, laws: list[str]) -> str:
    """``Av de 15 besluten gällde 8 insatser enligt LSS och 7 enligt SoL.`` (one sentence, its counts written alike)."""
    total = masked.values[f"{year}:beslut"]
    if total == 0:
        return ""
    if len(laws) == 1:
        return ""
    names = [f"{year}:lag:{law}" for law in laws]
    digits = with_digits(masked, names, total)
    parts = [(law, amount(masked, n, digits)) for law, n in zip(laws, names)]
    if any(text is None for _, text in parts):
        return ""
    (first_law, first), *rest = parts
    others = join_list([f"{text} enligt {law}" for law, text in rest])
    whole = format_count(total) if digits else number_in_text(total, neuter=True)
    return f"Av de {whole} besluten gällde {first} insatser enligt {first_law} och {others}."


def describe_top(masked: Masked, names: dict[str, str], year: int, what: str, tied: str | None = None) -> str:
    """The largest shown cell: ``Flest beslut gällde kontaktperson enligt SoL (6 av 24 beslut).``

    A tie is named with ``tied`` (``Lika många beslut gällde … och … (sex av tio beslut vardera).``), never broken.
    """
    shown = {label: masked.values[n] for label, n in names.items() if masked.shown(n) and masked.values[n] > 0}
    if not shown:
        return ""
    top = max(shown.values())
    leaders = [label for label, v in shown.items() if v == top]
    small = [n for n in names.values() if masked.status[n] == "liten"]
    if any(masked.status[n] in ("dold", "utelämnad") for n in names.values()) or (small and top < masked.threshold):
        return ""  # a hidden cell might be as large: no claim about which is largest
    part, whole = counts_in_text([top, masked.values[f"{year}:beslut"]], neuter=True)
    if len(leaders) > 1:
        return f"{tied} {join_list(leaders)} ({part} av {whole} beslut vardera)." if tied else ""
    return f"{what} {leaders[0]} ({part} av {whole} beslut)."


def describe_reason_top(masked: Masked, reasons: list[str], year: int) -> str:
    names = {label_in_text(r): f"{year}:orsak:{r}" for r in reasons}
    return describe_top(masked, names, year, f"Den vanligaste orsaken {year} var", f"Lika vanliga orsaker {year} var")


def describe_status(masked: Masked, year: int) -> str:
    """``Av de 15 besluten verkställdes sex under året, tre avslutades utan att verkställas och sex var ännu inte verkställda …``"""
    total = masked.values[f"{year}:beslut"]
    if total < 2:
        return ""
    phrases = {CARRIED_OUT: ("verkställdes", "under året"), CLOSED: ("avslutades", "utan att verkställas"),
               WAITING: ("var", "ännu inte verkställda vid årets slut")}
    names = [f"{year}:status:{s}" for s in (CARRIED_OUT, CLOSED, WAITING)]
    digits = with_digits(masked, names, total)
    found = [(amount(masked, n, digits), *phrases[s]) for n, s in zip(names, (CARRIED_OUT, CLOSED, WAITING))]
    found = [f for f in found if f[0] is not None]
    if not found:
        return ""
    (n, verb, rest), *others = found
    parts = [f"{verb} {n} {rest}"] + [f"{m} {v} {r}" for m, v, r in others]
    return f"Av de {format_count(total) if digits else number_in_text(total, neuter=True)} besluten {join_list(parts)}."


def describe_long_wait(masked: Masked, year: int) -> str:
    """``Två beslut hade väntat mer än tolv månader, räknat till verkställandet, avslutet eller årets slut.``"""
    text = amount(masked, f"{year}:vantetid:{OVER_12}")
    if text is None or masked.values[f"{year}:beslut"] == 0:
        return ""
    if masked.values[f"{year}:vantetid:{OVER_12}"] == 0:
        return "Inget beslut hade väntat mer än tolv månader."
    if text[:1].isdigit():  # never a sentence that starts with digits
        return f"Av besluten hade {text} väntat mer än tolv månader, räknat till verkställandet, avslutet eller årets slut."
    return f"{capitalize_first(text)} beslut hade väntat mer än tolv månader, räknat till verkställandet, avslutet eller årets slut."


def describe_masking(threshold: int, secondary: bool) -> str:
    text = (f"För att ingen enskild ska kunna pekas ut visas antal under {number_in_text(threshold)} som <{threshold}")
    return text + (", och några andra antal döljs (..) så att de små antalen inte kan räknas fram ur summorna eller ur andra tabeller i kapitlet."
                   if secondary else ".")


def describe_left_out(subject: str, year: int) -> str:
    """``Besluten per insats och lagrum 2025 visas inte: …``, for a table whose counts are all left out."""
    return (f"{subject} {year} visas inte: besluten är så få att enskilda beslut annars skulle kunna räknas fram ur "
            "summorna och ur kapitlets andra tabeller.")


def share_text(value: float | None) -> str:
    return format_percent(value, 1)
