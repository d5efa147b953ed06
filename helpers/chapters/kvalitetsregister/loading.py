"""Senior Alert och Palliativregistret: the chapter's data object and ``load(params)``.

Two sources, each optional on its own: ``kallor.senior_alert`` (the register's
report export, or one row per riskbedömning with ``senior_alert_format:
rader``) and ``kallor.palliativregistret`` (or a saved Kolada answer with
``palliativ_kalla: kolada``). A missing file gives a notice in its part of
the chapter; only when both are missing does the chapter show just "Data saknas".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...config import Params
from ...errors import InputError, Problem
from ...formatting import count_phrase
from ...inputs import excel_row, read_input, read_yearly_inputs
from ..common import assign_years, missing_file_notice
from .aggregation import aggregate_assessments, as_counts, counts_from_shares
from .catalogue import IndicatorCatalogue, load_catalogue, resolve, risk_area
from .contract import (
    palliative_contract,
    senior_alert_contract,
    senior_alert_rows_contract,
    with_indicator_labels,
)
from .kolada import read_kolada_indicators

CHAPTER = "kvalitetsregister"
SENIOR_ALERT = "senior_alert"
PALLIATIVE = "palliativregistret"
INDICATOR_COLUMNS = ["ar", "indikator", "taljare", "namnare", "andel", "registreringar"]


@dataclass
class KvalitetsregisterData:
    """Senior Alert's counts (one shape for both inputs) and Palliativregistret's indicators at kommun level."""

    params: Params
    catalogue: IndicatorCatalogue
    senior_alert: pd.DataFrame  # aggregation.KEYS + COUNT_COLUMNS
    senior_alert_notice: str | None
    indicators: pd.DataFrame  # INDICATOR_COLUMNS, one row per year and indicator
    registrations: pd.Series  # registered deaths per year (index: years with a value)
    palliative_notice: str | None
    derived_from_shares: int = 0  # Senior Alert counts computed from shares
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.params.ar

    @property
    def previous(self) -> int:
        return self.params.ar - 1

    def senior_alert_years(self) -> list[int]:
        return sorted(int(y) for y in set(self.senior_alert["ar"]))

    def palliative_years(self) -> list[int]:
        return sorted({int(y) for y in self.indicators["ar"]} | {int(y) for y in self.registrations.index})


def read_by_year(params: Params, source_name: str, contract, source, keys: list[str]) -> tuple[pd.DataFrame, Path, bool]:
    """Each year's file of the window; a row repeated in a later file replaces the earlier one; rows after their file's year are errors."""
    files = {y: params.source_path(source_name, y) for y in params.years()}
    frames = []
    for year, path in sorted(files.items()):
        if not path.exists():
            continue
        frame = read_input(path, contract, source)
        late = frame.index[frame["ar"] > year]
        if len(late):
            raise InputError(str(path), [Problem(excel_row(i), "ar", f"året {frame.at[i, 'ar']} ligger efter filens år {year}") for i in late])
        frames.append(frame.assign(_filar=year))
    if not frames:
        return pd.DataFrame(columns=[c.name for c in contract.columns]), files[params.ar], False
    rows = pd.concat(frames, ignore_index=True).sort_values("_filar", kind="stable")
    rows = rows.assign(_nyckel=rows[keys].astype(object).where(rows[keys].notna(), "").astype(str).agg("|".join, axis=1))
    rows = rows.drop_duplicates("_nyckel", keep="last").drop(columns=["_filar", "_nyckel"])
    rows = rows[rows["ar"].isin(params.years())]
    return rows.reset_index(drop=True), files[params.ar], params.ar in set(rows["ar"])


def load_senior_alert(params: Params) -> tuple[pd.DataFrame, str | None, int, list[str]]:
    """Senior Alert's counts in one shape, a missing notice, the counts derived from shares and the checks."""
    settings = params.kvalitetsregister
    source = params.source(SENIOR_ALERT)
    if settings.senior_alert_format == "rader":
        files = {y: params.source_path(SENIOR_ALERT, y) for y in params.years()}
        rows, found = read_yearly_inputs(files, senior_alert_rows_contract(params), source)
        if params.ar not in found:
            return as_counts(pd.DataFrame(columns=["ar", "boendeform", "enhet"])), missing_file_notice(params, files[params.ar], "Senior Alert"), 0, []
        rows, checks = assign_years(rows.drop(columns="_fil"), "datum", params.years(), found, "riskbedömning", "riskbedömningar")
        areas = [risk_area(label) for label in settings.riskomraden]
        return aggregate_assessments(rows, areas), None, 0, checks
    rows, path, found = read_by_year(params, SENIOR_ALERT, senior_alert_contract(), source, ["ar", "boendeform", "enhet"])
    counts, derived = counts_from_shares(rows)
    notice = None if found else missing_file_notice(params, path, "Senior Alert")
    return as_counts(counts), notice, derived, []


def kommun_indicators(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """One value per year and indicator: the kommun's own row, else its units added up; registrations per year likewise."""
    own = rows[rows["enhet"].isna()]
    units = rows[rows["enhet"].notna()]
    summed = units.groupby(["ar", "indikator"], as_index=False)[["taljare", "namnare"]].sum(min_count=1)
    summed = summed[~summed.set_index(["ar", "indikator"]).index.isin(own.set_index(["ar", "indikator"]).index)]
    values = pd.concat([own[["ar", "indikator", "taljare", "namnare", "andel"]], summed.assign(andel=float("nan"))], ignore_index=True)
    per_unit = units.dropna(subset=["registreringar"]).drop_duplicates(["ar", "enhet"]).groupby("ar")["registreringar"].sum()
    registrations = own.dropna(subset=["registreringar"]).groupby("ar")["registreringar"].max()
    registrations = registrations.combine_first(per_unit).astype("float64").sort_index()
    values = values.assign(registreringar=values["ar"].map(registrations))
    values = values.astype({"ar": "int64", "taljare": "float64", "namnare": "float64", "andel": "float64", "registreringar": "float64"})
    return values.sort_values(["ar", "indikator"], kind="stable").reset_index(drop=True)[INDICATOR_COLUMNS], registrations


def load_palliative(params: Params, catalogue: IndicatorCatalogue) -> tuple[pd.DataFrame, pd.Series, str | None]:
    """Palliativregistret's indicators at kommun level, registrations per year, and a missing notice."""
    settings = params.kvalitetsregister
    if settings.palliativ_kalla == "kolada":
        values, notice = read_kolada_indicators(params, catalogue)
        return values.reindex(columns=INDICATOR_COLUMNS), pd.Series(dtype="float64"), notice
    source = with_indicator_labels(params.source(PALLIATIVE), catalogue)
    contract = palliative_contract(catalogue, settings.indikatorkatalog)
    rows, path, found = read_by_year(params, PALLIATIVE, contract, source, ["ar", "enhet", "indikator"])
    if not found:
        return pd.DataFrame(columns=INDICATOR_COLUMNS), pd.Series(dtype="float64"), missing_file_notice(params, path, "Palliativregistret")
    values, registrations = kommun_indicators(rows)
    return values, registrations, None


def load(params: Params) -> KvalitetsregisterData:
    """Read both registers; each part shows its own notice when its file for the report year is missing."""
    settings = params.kvalitetsregister
    catalogue = load_catalogue(resolve(settings.indikatorkatalog))
    catalogue.check_targets(settings.interna_mal, "interna_mal")
    catalogue.check_targets(settings.mal, "mal")
    for label in settings.riskomraden:
        risk_area(label)
    counts, sa_notice, derived, checks = load_senior_alert(params)
    indicators, registrations, pall_notice = load_palliative(params, catalogue)
    missing = None
    if sa_notice and pall_notice:
        missing = f"{sa_notice} {pall_notice}"
    notes = []
    if derived:
        notes.append(f"Senior Alert-underlaget anger andelar i stället för antal på {count_phrase(derived, 'ställe', 'ställen', neuter=True)}; "
                     "antalen har räknats fram ur andelen och antalet den avser, avrundat till hela tal.")
    return KvalitetsregisterData(params, catalogue, counts, sa_notice, indicators, registrations, pall_notice,
                                 derived, missing, notes, checks)
