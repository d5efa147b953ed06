"""Input contracts: which columns a chapter reads, of which kind, with which allowed values.

A contract is declared once per chapter and serves three purposes: reading
(only the contract's columns are read, so free text never enters), checking
(every value against its kind and rules) and documentation (``kvb kontrakt``
prints it, and docs/inputs.md is generated from it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .errors import Problem

Kind = Literal["text", "category", "date", "int", "float", "bool", "list", "year"]

KIND_NAMES = {
    "text": "text",
    "category": "kategori",
    "date": "datum (ÅÅÅÅ-MM-DD)",
    "int": "heltal",
    "float": "tal (decimalkomma eller -punkt)",
    "bool": "ja/nej",
    "list": "lista, värden åtskilda med ;",
    "year": "årtal (ÅÅÅÅ)",
}


@dataclass(frozen=True)
class Column:
    """One canonical column of an input."""

    name: str
    kind: Kind
    description: str
    required: bool = True  # the column must be in the file
    nullable: bool = False  # cells may be empty
    categories: tuple[str, ...] | None = None  # allowed values (after the kommun's value mapping)
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False


RowCheck = Callable[[pd.DataFrame], list[Problem]]


@dataclass(frozen=True)
class Contract:
    """All columns of one input, plus checks that span several columns."""

    name: str  # Swedish, as the analyst calls the input
    columns: tuple[Column, ...]
    row_checks: tuple[RowCheck, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def with_categories(self, **categories: list[str] | tuple[str, ...] | None) -> "Contract":
        """The same contract with category lists from params (e.g. a kommun's own typ av händelse)."""
        cols = []
        for col in self.columns:
            if col.name in categories and categories[col.name] is not None:
                col = Column(**{**col.__dict__, "categories": tuple(categories[col.name] or ())})
            cols.append(col)
        return Contract(self.name, tuple(cols), self.row_checks)


def describe_contract(contract: Contract) -> str:
    """The contract as a Markdown table, for documentation and ``kvb kontrakt``."""
    lines = [
        f"### {contract.name}",
        "",
        "| Kolumn | Typ | Krävs | Får vara tom | Beskrivning |",
        "|---|---|---|---|---|",
    ]
    for col in contract.columns:
        desc = col.description
        if col.categories:
            desc += " Tillåtna värden: " + "; ".join(col.categories) + "."
        lines.append(
            f"| `{col.name}` | {KIND_NAMES[col.kind]} | {'ja' if col.required else 'nej'} "
            f"| {'ja' if col.nullable else 'nej'} | {desc} |"
        )
    return "\n".join(lines) + "\n"
