"""Brukarundersökningar: the chapter's data object and ``load(params)``.

Inputs: the kommun's own results (a plain CSV/XLSX, one row per survey,
question, year and kommun; or a saved Kolada answer), the question catalogue
(``catalogue``) and reference values for all kommuner and riket, which set
the colours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ... import content_cache, paths
from ...config import Params, Source
from ...inputs import read_input, read_yearly_inputs
from ..common import ReportYears, missing_file_notice, relative_to_data
from .catalogue import Catalogue, Survey, load_catalogue, resolve
from .contract import (
    REFERENCE_CONTRACT,
    contract_for,
    normalise_code,
    with_catalogue_labels,
)
from .kolada import RIKET, kolada_path, read_kolada_file
from .metrics import effective_answers

CHAPTER = "brukarundersokningar"


KOMMUNER_FILE = "kommuner.csv"


RESULT_COLUMNS = ["undersokning", "fraga", "ar", "andel_positiva", "antal_svar", "antal_svar_fraga", "svarsfrekvens", "dold"]


REFERENCE_COLUMNS = ["undersokning", "fraga", "ar", "kommunkod", "andel_positiva"]


def load_kommuner(path: Path | None = None) -> dict[str, str]:
    """Every kommun code (``0114``) and its name, from ``data/reference/kommuner.csv``."""
    path = path or paths.reference_dir() / KOMMUNER_FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(frame["kommunkod"].str.zfill(4), frame["kommun"]))


@dataclass
class BrukarundersokningarData(ReportYears):
    """The kommun's results, the reference values and what was found."""

    params: Params
    catalogue: Catalogue
    surveys: list[Survey]
    results: pd.DataFrame  # own kommun: RESULT_COLUMNS
    reference: pd.DataFrame  # all kommuner and riket: REFERENCE_COLUMNS
    years: list[int]
    years_with_data: list[int]
    kommuner: dict[str, str]
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    synthetic_reference: bool = False

    @property
    def own_code(self) -> str:
        return self.params.kommun.kod


def _empty_results() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in RESULT_COLUMNS}).astype({"undersokning": object, "fraga": object, "dold": bool})


def _empty_reference() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object if c in {"undersokning", "fraga", "kommunkod"} else "float64") for c in REFERENCE_COLUMNS})


def newest_file_wins(rows: pd.DataFrame, file_years: dict[str, int]) -> pd.DataFrame:
    """A row repeated in a later year's file replaces the earlier one (later files correct earlier ones)."""
    rows = rows.assign(_filar=rows["_fil"].map(file_years)).sort_values("_filar", kind="stable")
    rows = rows.drop_duplicates(["undersokning", "fraga", "ar", "kommunkod"], keep="last")
    return rows.drop(columns=["_fil", "_filar", "_ar_fil"], errors="ignore").reset_index(drop=True)


def mask_few_answers(results: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Shares resting on fewer than ``threshold`` answers are not shown (``dold``): single answers could be recognised."""
    results = results.copy()
    answers = effective_answers(results)
    hidden = answers.notna() & (answers < threshold)
    results["dold"] = hidden.to_numpy()
    results.loc[hidden, "andel_positiva"] = float("nan")
    return results


def read_file_results(params: Params, catalogue: Catalogue, kommuner: dict[str, str], years: list[int]) -> tuple[pd.DataFrame, list[int], str | None]:
    """The plain file(s): one per year where present; returns all rows (every kommun code), years found, a missing notice."""
    source = with_catalogue_labels(params.source(CHAPTER), catalogue)
    files = {y: params.source_path(CHAPTER, y) for y in years}
    contract = contract_for(catalogue, set(kommuner), params.kommun.kod, params.brukarundersokningar.fragekatalog)
    rows, found = read_yearly_inputs(files, contract, source)
    if params.ar not in found:
        return rows, found, missing_file_notice(params, files[params.ar], "Resultat från brukarundersökningarna")
    rows["kommunkod"] = rows["kommunkod"].map(lambda v: normalise_code(v, params.kommun.kod))
    rows = newest_file_wins(rows, {str(path): year for year, path in files.items()})
    return rows, found, None


def rows_from_kolada(values: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Kolada rows (kpi, kommunkod, ar, varde) as survey rows; response-rate KPIs become ``svarsfrekvens``."""
    mapping = catalogue.kpi_map()
    values = values[values["kpi"].isin(mapping)]
    keys = values["kpi"].map(mapping)
    frame = pd.DataFrame({
        "undersokning": keys.map(lambda k: k[0]), "fraga": keys.map(lambda k: k[1]),
        "ar": values["ar"], "kommunkod": values["kommunkod"], "varde": values["varde"],
    })
    shares = frame[frame["fraga"] != "svarsfrekvens"].rename(columns={"varde": "andel_positiva"})
    rates = frame[frame["fraga"] == "svarsfrekvens"].rename(columns={"varde": "svarsfrekvens"}).drop(columns="fraga")
    merged = shares.merge(rates, on=["undersokning", "ar", "kommunkod"], how="left")
    for column in ("antal_svar", "antal_svar_fraga"):
        merged[column] = float("nan")
    if "svarsfrekvens" not in merged:
        merged["svarsfrekvens"] = float("nan")
    return merged.reset_index(drop=True)


def read_kolada_results(params: Params, catalogue: Catalogue) -> tuple[pd.DataFrame, str | None]:
    """The saved Kolada answer as survey rows (every kommun), or a missing notice when nothing was fetched."""
    path = kolada_path(params)
    if not path.exists():
        return pd.DataFrame(), (
            f"Kolada-data för brukarundersökningarna {params.ar} saknas: filen {relative_to_data(path, params)} finns inte. "
            "Hämta dem från Kolada först; hämtningen sparar filen där."
        )
    return rows_from_kolada(read_kolada_file(path), catalogue), None


def read_reference(path: Path, catalogue: Catalogue) -> tuple[pd.DataFrame, bool]:
    """Reference values (all kommuner and riket); rows for questions outside the catalogue are left out.

    Every kommun of a batch reads the same reference file: it is read and checked once per process
    and file content (``content_cache``).
    """
    return content_cache.by_content(path, ("brukarundersokningar-referens", catalogue.model_dump_json()),
                                    lambda: _read_reference(path, catalogue))


def _read_reference(path: Path, catalogue: Catalogue) -> tuple[pd.DataFrame, bool]:
    source = with_catalogue_labels(Source(fil=str(path)), catalogue)
    frame = read_input(path, REFERENCE_CONTRACT, source)
    synthetic = bool(frame["kalla"].fillna("").str.contains("syntetisk", case=False).any())
    frame["kommunkod"] = frame["kommunkod"].map(lambda v: normalise_code(v, RIKET))
    pairs = {(s.id, q.id) for s in catalogue.undersokningar for q in s.fragor}
    known = [pair in pairs for pair in zip(frame["undersokning"], frame["fraga"])]
    return frame.loc[known, REFERENCE_COLUMNS].reset_index(drop=True), synthetic


def _own_results(rows: pd.DataFrame, own_code: str, years: list[int]) -> pd.DataFrame:
    own = rows[(rows["kommunkod"] == own_code) & rows["ar"].isin(years)].copy()
    for column in ("antal_svar", "antal_svar_fraga", "svarsfrekvens"):
        own[column] = pd.to_numeric(own[column], errors="coerce").astype("float64") if column in own else float("nan")
    own["andel_positiva"] = own["andel_positiva"].astype("float64")
    own["ar"] = own["ar"].astype("int64")
    own["dold"] = False
    return own[RESULT_COLUMNS].reset_index(drop=True)


def load(params: Params) -> BrukarundersokningarData:
    """Read the kommun's results, the catalogue and the reference; a missing report-year input is a visible notice."""
    settings = params.brukarundersokningar
    catalogue = load_catalogue(resolve(settings.fragekatalog))
    configured = catalogue.select(settings.undersokningar, f"params för {params.id}")
    kommuner = load_kommuner()
    years = settings.years(params.ar)
    empty = BrukarundersokningarData(params, catalogue, configured, _empty_results(), _empty_reference(), years, [], kommuner)
    if settings.kalla == "kolada":
        rows, missing = read_kolada_results(params, catalogue)
    else:
        rows, _, missing = read_file_results(params, catalogue, kommuner, years)
    if missing:
        empty.missing_notice = missing
        return empty
    results = mask_few_answers(_own_results(rows, params.kommun.kod, years), params.maskering.troskel)
    with_data = results[results["andel_positiva"].notna() | results["dold"]]
    years_with_data = sorted(int(y) for y in with_data["ar"].unique())
    if params.ar not in years_with_data:
        empty.missing_notice = (
            f"Underlaget innehåller inga resultat från brukarundersökningarna för {params.kommun.namn} "
            f"(kommunkod {params.kommun.kod}) år {params.ar}."
        )
        return empty
    notes: list[str] = []
    reference, synthetic = _load_reference(params, catalogue, rows, notes)
    surveys = configured if settings.undersokningar else [s for s in configured if s.id in set(with_data["undersokning"])]
    data = BrukarundersokningarData(params, catalogue, surveys, results, reference, years, years_with_data, kommuner,
                                    notes=notes, synthetic_reference=synthetic)
    return data


def _load_reference(params: Params, catalogue: Catalogue, rows: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, bool]:
    """The reference file, else the Kolada rows, else nothing (with a note); riket from the kommun's own file if missing."""
    settings = params.brukarundersokningar
    synthetic = False
    if settings.referens:
        path = resolve(settings.referens)
        if not path.exists():
            notes.append(f"Jämförelsedata saknas: filen {settings.referens} finns inte. Resultaten visas utan markeringar och utan jämförelse med riket.")
            return _empty_reference(), False
        reference, synthetic = read_reference(path, catalogue)
    elif settings.kalla == "kolada":
        reference = rows[REFERENCE_COLUMNS].copy()
    else:
        notes.append("Jämförelsedata för andra kommuner och riket är inte angivna (params 'brukarundersokningar.referens'). "
                     "Resultaten visas utan markeringar och utan jämförelse med riket.")
        reference = _empty_reference()
    own_riket = rows[rows["kommunkod"] == RIKET] if "kommunkod" in rows else rows.iloc[0:0]
    if not own_riket.empty and (reference["kommunkod"] == RIKET).sum() == 0:
        reference = pd.concat([reference, own_riket[REFERENCE_COLUMNS]], ignore_index=True)
    reference = reference.dropna(subset=["andel_positiva"]).copy()
    reference["ar"] = reference["ar"].astype("int64")
    reference["andel_positiva"] = reference["andel_positiva"].astype("float64")
    return reference.reset_index(drop=True), synthetic
