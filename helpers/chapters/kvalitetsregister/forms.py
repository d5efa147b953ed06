"""Senior Alert per boendeform: the masked tables (counts per boendeform and column, each column masked with its total).

Each column is a one-column table whose total is published (the tables per
kommun): it is masked on its own (``helpers.privacy.suppress_columns``). A
column of persons at risk whose small counts cannot be protected is left
out of its table, not the whole table (the chapter says which and why).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...formatting import MISSING
from ...privacy import SECONDARY_MARK, SHOWN, MaskedTable, suppress, suppress_columns
from . import wording
from .catalogue import RISK_AREAS
from .loading import KvalitetsregisterData
from .metrics import form_counts, shown_share


def sa_years(data: KvalitetsregisterData) -> list[int]:
    return [y for y in (data.previous, data.year) if y in data.senior_alert_years()]


def _masked_share(masked: pd.DataFrame, status: pd.DataFrame, form: str, part: str, whole: str) -> str:
    """A share per boendeform, hidden (``..``) when its numerator or denominator is hidden."""
    if status.at[form, part] != SHOWN or status.at[form, whole] != SHOWN:
        return SECONDARY_MARK
    return wording.share_text(shown_share(masked.at[form, part], masked.at[form, whole]))


def _forms(data: KvalitetsregisterData) -> list[str]:
    """Every boendeform of the compared years: the report year's in the data's order, then those only in earlier years."""
    return list(dict.fromkeys(f for y in reversed(sa_years(data)) for f in form_counts(data.senior_alert, y, ["riskbedomningar"]).index))


def _form_values(data: KvalitetsregisterData, year: int, column: str, forms: list[str]) -> pd.Series:
    """A count per boendeform: 0 for a form without rows that year (it registered nothing), NaN where a row lacks the count."""
    values = form_counts(data.senior_alert, year, [column])[column]
    return pd.Series([values.get(f, 0.0) for f in forms], index=forms, dtype="float64")


def _masked_display(counts: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, MaskedTable]:
    """Mask column by column; counts the input did not give are shown as ``–``, not as 0."""
    masked = suppress_columns(counts.fillna(0).astype(int), threshold)
    shown = masked.display()
    for column in counts.columns:
        for form in counts.index[counts[column].isna()]:
            shown.at[form, column] = MISSING
    shown.index.name = "Boendeform"
    return shown, masked


def form_table(data: KvalitetsregisterData) -> tuple[pd.DataFrame, MaskedTable] | None:
    """Riskbedömningar per boendeform (masked), shares beside them; None when the data has no boendeformer."""
    year, forms = data.year, _forms(data)
    if not forms:
        return None
    counts = pd.DataFrame({f"Riskbedömningar {y}": _form_values(data, y, "riskbedomningar", forms) for y in sa_years(data)})
    for column in ("med_risk", "atgardsplan", "uppfoljning"):
        counts[column] = _form_values(data, year, column, forms)
    shown, masked = _masked_display(counts.rename(columns={"med_risk": f"Med risk {year}"}), data.params.maskering.troskel)
    shown[f"Åtgärdsplan {year}"] = [_masked_share(masked.counts, masked.status, f, "atgardsplan", f"Med risk {year}") for f in shown.index]
    shown[f"Uppföljda {year}"] = [_masked_share(masked.counts, masked.status, f, "uppfoljning", "atgardsplan") for f in shown.index]
    return shown.drop(columns=["atgardsplan", "uppfoljning"]), masked


@dataclass(frozen=True)
class RiskTable:
    """Persons at risk per area and boendeform: the display (None when every column is left out) and the columns left out."""

    shown: pd.DataFrame | None
    masked: MaskedTable | None
    left_out: list[str]


def form_risk_table(data: KvalitetsregisterData) -> RiskTable | None:
    """Persons at risk per area and boendeform, both years (masked); None without any such breakdown."""
    forms, years = _forms(data), sa_years(data)
    measures = [(f"risk_{a.id}", a.label) for a in RISK_AREAS] + [("trycksar_personer", "Med trycksår")]
    columns = {}
    for column, label in measures:
        values = {y: _form_values(data, y, column, forms) for y in years}
        if any(form_counts(data.senior_alert, y, [column])[column].notna().any() for y in years):
            columns.update({f"{label} {y}": values[y] for y in years})
    if not forms or not columns:
        return None
    counts = pd.DataFrame(columns)
    threshold = data.params.maskering.troskel
    left_out = [c for c in counts.columns if not suppress(counts[[c]].fillna(0).astype(int), threshold).safe]
    kept = counts.drop(columns=left_out)
    if kept.columns.empty:
        return RiskTable(None, None, left_out)
    shown, masked = _masked_display(kept, threshold)
    return RiskTable(shown, masked, left_out)
