"""The chapters of the workbook, in report order: each an explicit import, so a broken chapter is a loud error."""

from __future__ import annotations

from typing import Any

from ..contracts import Contract
from ..errors import ConfigError
from . import (
    avvikelser,
    brukarundersokningar,
    egenkontroller,
    ej_verkstallda,
    genomforandeplaner,
    kvalitetsregister,
    riskanalys,
    synpunkter,
)
from .interface import Chapter

CHAPTERS: tuple[Chapter[Any], ...] = (
    avvikelser.DEFINITION,
    synpunkter.DEFINITION,
    brukarundersokningar.DEFINITION,
    genomforandeplaner.DEFINITION,
    kvalitetsregister.DEFINITION,
    ej_verkstallda.DEFINITION,
    riskanalys.DEFINITION,
    egenkontroller.DEFINITION,
)
_BY_ID = {chapter.id: chapter for chapter in CHAPTERS}


def get(chapter_id: str) -> Chapter[Any]:
    """The chapter with this id (``avvikelser``); an unknown id is an error that lists the known ones."""
    try:
        return _BY_ID[chapter_id]
    except KeyError:
        known = ", ".join(_BY_ID)
        raise ConfigError(f"Okänt kapitel '{chapter_id}'. Kända kapitel: {known}.") from None


def chapter_ids() -> list[str]:
    return [chapter.id for chapter in CHAPTERS]


def in_report_order(chapter_ids: list[str]) -> list[str]:
    """The given chapters in the order of the report (the registry's order); an unknown id is an error."""
    wanted = {get(c).id for c in chapter_ids}
    return [chapter.id for chapter in CHAPTERS if chapter.id in wanted]


def chapter_title(chapter_id: str) -> str:
    """The chapter's Swedish title (``Brukarundersökningar``) for lists and indexes."""
    return get(chapter_id).title


def chapter_contracts() -> list[Contract]:
    """Every input contract of every chapter, in report order (each chapter's main input first)."""
    return [contract for chapter in CHAPTERS for contract in chapter.contracts]
