"""Swedish number formatting: the way a Swedish reader writes numbers.

Thousands are separated by a no-break space (``1 940``), decimals by a comma
(``65,7 %``), negative numbers carry a real minus sign (``−10``). Rounding is
half-up, as people round by hand, not banker's rounding.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"  # shown in tables where a value does not exist

_WORDS_COMMON = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]
_WORDS_NEUTER = ["noll", "ett", *_WORDS_COMMON[2:]]
WORD_LIMIT = 12  # Swedish style guides: numbers up to twelve are written as words in running text


def is_missing(value: object) -> bool:
    """True for None and NaN (pandas' missing values)."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except TypeError:
        return value is _pd_na()


def _pd_na() -> object:
    import pandas as pd

    return pd.NA


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    """Round as by hand: 0,5 goes up (away from zero)."""
    quant = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)


def format_number(value: float | int | None, decimals: int = 0, signed: bool = False) -> str:
    """``1940`` → ``1 940``; ``65.78, 1`` → ``65,8``; ``signed`` adds ``+`` to positive values."""
    if is_missing(value):
        return MISSING
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never show "−0"
    sign = MINUS if rounded < 0 else ("+" if signed and rounded > 0 else "")
    text = f"{abs(rounded):,.{decimals}f}"
    return sign + text.replace(",", NBSP).replace(".", ",")


def format_count(value: float | int | None, signed: bool = False) -> str:
    """A whole number for a table: ``2026`` → ``2 026``."""
    return format_number(value, 0, signed=signed)


def format_percent(value: float | None, decimals: int = 0, signed: bool = False) -> str:
    """A share already in per cent: ``65.78, 1`` → ``65,8 %``."""
    if is_missing(value):
        return MISSING
    return f"{format_number(value, decimals, signed=signed)}{NBSP}%"


def format_pp(value: float | None, decimals: int = 0) -> str:
    """A change of a share, in procentenheter, always signed: ``-10`` → ``−10``."""
    return format_number(value, decimals, signed=True)


def format_date(value: date | None) -> str:
    """ISO dates, as Swedish authorities write them: ``2025-03-01``."""
    if value is None or is_missing(value):
        return MISSING
    return value.strftime("%Y-%m-%d")


def number_in_text(n: int, neuter: bool = False) -> str:
    """A count for running text: words up to twelve (``tre``, ``ett``), digits above (``23``, ``1 940``)."""
    if 0 <= n <= WORD_LIMIT:
        return (_WORDS_NEUTER if neuter else _WORDS_COMMON)[n]
    return format_count(n)


def count_phrase(n: int, singular: str, plural: str, neuter: bool = False) -> str:
    """``en avvikelse``, ``två avvikelser``, ``23 avvikelser``, ``ett klagomål``."""
    noun = singular if n == 1 else plural
    return f"{number_in_text(n, neuter=neuter)} {noun}"


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only (``tre av …`` → ``Tre av …``)."""
    return text[:1].upper() + text[1:]


def share(numerator: float, denominator: float) -> float | None:
    """numerator / denominator in per cent, or None when the denominator is zero."""
    if not denominator:
        return None
    return 100.0 * numerator / denominator


# Swedish alphabetical order: å, ä, ö after z (mapped to the characters after "z"); é as e, ü as y, æ as ä, ø as ö.
_COLLATION = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ê": "e", "à": "a",
                            "á": "a", "ü": "y"})


def swedish_sort_key(label: object) -> str:
    """Sort labels as a Swedish reader expects: case does not matter, å ä ö after z, numbers by value.

    ``Larmteam`` < ``LSS stöd och service`` < ``Åldreomsorg`` < ``Äldreomsorg`` < ``Övrigt``;
    ``Enhet 2`` < ``Enhet 10``. A plain string, so that pandas sorts several columns by it too;
    the label itself breaks ties, so the order is always the same.
    """
    text = str(label)
    folded = re.sub(r"\d+", lambda m: m.group().zfill(20), text.casefold()).translate(_COLLATION)
    return f"{folded}\x00{text}"
