"""The chapters the workbook knows, in report order, with their input contracts."""

from __future__ import annotations

import importlib

from .contracts import Contract

CHAPTER_MODULES = ("avvikelser", "synpunkter", "brukarundersokningar")


def chapter_contracts() -> list[Contract]:
    """Every chapter module's CONTRACT (chapters not yet built are skipped)."""
    contracts = []
    for name in CHAPTER_MODULES:
        try:
            module = importlib.import_module(f"helpers.{name}")
        except ModuleNotFoundError:
            continue
        contract = getattr(module, "CONTRACT", None)
        if contract is not None:
            contracts.append(contract)
    return contracts
