"""What the Sammanfattning may say: summary points and the explicit rules that choose them.

Each chapter turns its own key figures into points (``summary_points`` in its
``key_figures.py``) with the builders here, so the same rules hold everywhere:

- a count's change is a point when both years are known, the larger of the two
  counts is at least ``MIN_COUNT`` and the change is at least ``MIN_RELATIVE``
  of the earlier count (from zero: when the new count reaches ``MIN_COUNT``);
  its weight is the relative change (0,25 for +25 %);
- a share's change is a point when it is at least ``MIN_PP`` procentenheter;
  its weight is the change in procentenheter divided by 100, so that ten
  procentenheter weigh as a ten per cent change of a count;
- every target is a point, met or not (exactly on the target is met);
- every data check a chapter reports is a point.

The summary shows the ``MAX_CHANGES`` heaviest changes, at most
``MAX_PER_CHAPTER`` from one chapter (so that one chapter's many categories do
not crowd out the others), every missed target, the met targets, and the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..sentences import describe_count_change, describe_share_change

MIN_COUNT = 20
MIN_RELATIVE = 0.10
MIN_PP = 5.0
MAX_CHANGES = 6
MAX_PER_CHAPTER = 2
PointKind = Literal["förändring", "mål", "kontroll"]


@dataclass(frozen=True)
class SummaryPoint:
    """One point a chapter offers the Sammanfattning, read from its key-figure file."""

    kind: PointKind
    text: str  # one full Swedish sentence, with its numbers
    weight: float = 0.0  # changes: their size (see the rules above)
    met: bool | None = None  # targets only


def count_change_point(subject: str, before: float | None, after: float | None, previous: int, year: int,
                       singular: str, plural: str, neuter: bool = False) -> SummaryPoint | None:
    """``Antalet avvikelser ökade från 1 940 år 2024 till 2 026 år 2025 (+4,4 %).`` when the change is large enough."""
    if before is None or after is None or max(before, after) < MIN_COUNT or before == after:
        return None
    relative = abs(after - before) / before if before else 1.0
    if relative < MIN_RELATIVE:
        return None
    return SummaryPoint("förändring", describe_count_change(subject, before, after, previous, year, singular, plural, neuter), relative)


def share_change_point(subject: str, before: float | None, after: float | None, previous: int, year: int,
                       higher_is_better: bool | None = True) -> SummaryPoint | None:
    """A share's change in procentenheter when it is at least ``MIN_PP``."""
    if before is None or after is None or abs(after - before) < MIN_PP:
        return None
    text = describe_share_change(subject, before, after, previous, year, higher_is_better=higher_is_better, decimals=1)
    return SummaryPoint("förändring", text, abs(after - before) / 100)


def target_point(text: str, met: bool) -> SummaryPoint:
    return SummaryPoint("mål", text, met=met)


def check_point(text: str) -> SummaryPoint:
    return SummaryPoint("kontroll", text)


def target_met(value: float, target: float, higher_is_better: bool = True) -> bool:
    """Exactly on the target counts as met."""
    return value >= target if higher_is_better else value <= target
