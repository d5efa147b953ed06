"""Organisation changes: units renamed or merged between years.

A kommun lists them in params (``organisationsforandringar``: från, till, år).
Earlier years are reported under the current name so that year-over-year
comparisons stay right, and the report says where a comparison crosses a change.
"""

from __future__ import annotations

import pandas as pd

from .config import Reorganisation
from .sentences import join_list


def apply_reorganisations(values: pd.Series, changes: list[Reorganisation], report_year: int) -> pd.Series:
    """Old unit names replaced by the names in force in the report year."""
    mapping = {c.fran: c.till for c in changes if c.ar <= report_year}
    # Follow chains (A → B in 2023, B → C in 2025) to the final name.
    def final(name: object) -> object:
        seen = set()
        while name in mapping and name not in seen:
            seen.add(name)
            name = mapping[name]
        return name

    return values.map(final)


def apply_reorganisations_to_lists(values: pd.Series, changes: list[Reorganisation], report_year: int) -> pd.Series:
    """The same for list cells (one synpunkt concerning several units): each name mapped, duplicates dropped."""
    def one(names: tuple) -> tuple:
        mapped = apply_reorganisations(pd.Series(list(names), dtype=object), changes, report_year)
        return tuple(dict.fromkeys(mapped))

    return values.map(one)


def reorganisation_note(changes: list[Reorganisation], years: list[int], present: set[str]) -> str | None:
    """A sentence for the report when the compared years span a change, else None."""
    relevant = [c for c in changes if years[0] < c.ar <= years[-1] and (c.fran in present or c.till in present)]
    if not relevant:
        return None
    parts = [f"{c.fran} redovisas från {c.ar} som {c.till}" for c in relevant]
    return (
        "Jämförelsen mellan åren omfattar organisationsförändringar: "
        + join_list(parts)
        + ". Tidigare års siffror visas under det nya namnet."
    )
