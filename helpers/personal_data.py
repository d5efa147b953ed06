"""Personnummer and samordningsnummer: found wherever a label or an output could carry one.

A label that looks like a personnummer (``19811218-9876``, ``811218-9876``,
``8112189876``, ``811218+9876`` for someone over 100) or a samordningsnummer
(day + 60) is personal data and never reaches a report. The checksum comes
from python-stdnum's Luhn implementation; the date is checked as well, so
ordinary numbers rarely match.
"""

from __future__ import annotations

import datetime
import re

from stdnum import luhn

# The shape alone (no checksum, no date): chapters use it to refuse even mistyped numbers in the labels they print.
PERSONAL_NUMBER_SHAPE = re.compile(r"\b(?:\d{2})?\d{6}[-+ ]?\d{4}\b")
# Not inside a longer run of letters and digits: a sha256 in a manifest is not a personnummer.
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z-])(\d{6}|\d{8})([-+]?)(\d{4})(?![0-9A-Za-z])")


def _valid_date(digits: str) -> bool:
    """``YYMMDD`` or ``YYYYMMDD``; a day above 60 is a samordningsnummer's."""
    year = int(digits[:-4]) if len(digits) == 8 else 2000 + int(digits[:2])
    month, day = int(digits[-4:-2]), int(digits[-2:])
    if day > 60:
        day -= 60
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def is_personal_number(text: str) -> bool:
    """Is ``text`` exactly a personnummer or samordningsnummer (with or without century, - or +)?"""
    match = _CANDIDATE.fullmatch(text.strip())
    return bool(match) and _check(match)


def _check(match: re.Match[str]) -> bool:
    date, _, serial = match.groups()
    if len(date) == 8 and date[:2] not in {"18", "19", "20"}:
        return False
    return _valid_date(date) and luhn.is_valid(date[-6:] + serial)


def contains_personal_number(text: str) -> bool:
    """Does ``text`` hold a personnummer or samordningsnummer anywhere?"""
    return any(_check(m) for m in _CANDIDATE.finditer(text))
