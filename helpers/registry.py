"""The chapters the workbook knows, in report order, with their input contracts."""

from __future__ import annotations

import importlib

from .contracts import Contract

CHAPTER_MODULES = ("avvikelser", "synpunkter", "brukarundersokningar")


def chapter_contracts() -> list[Contract]:
    """Every input contract of every chapter module, in report order."""
    contracts = []
    for name in CHAPTER_MODULES:
        try:
            module = importlib.import_module(f"helpers.{name}")
        except ModuleNotFoundError:
            continue
        # CONTRACT first, then any other input the chapter reads (e.g. reference data).
        found = [value for value in vars(module).values() if isinstance(value, Contract)]
        found.sort(key=lambda c: c is not getattr(module, "CONTRACT", None))
        contracts.extend(found)
    return contracts


def chapter_title(chapter: str) -> str:
    """The chapter's Swedish title (``Brukarundersökningar``) for lists and indexes."""
    try:
        module = importlib.import_module(f"helpers.{chapter}")
    except ModuleNotFoundError:
        return chapter.capitalize()
    return str(getattr(module, "TITLE", chapter.capitalize()))
