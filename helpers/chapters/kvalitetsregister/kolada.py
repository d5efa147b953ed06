"""Palliativregistret's indicators from Kolada, through the shared Kolada importer (``helpers.kolada``).

The indicator catalogue names the Kolada KPI of each indicator Kolada carries
(``kolada``). ``fetch_kolada`` fetches those KPIs for the kommun and the
comparison years once and saves the answer next to the kommun's data; report
runs read that file only. Kolada gives shares, not numerators and
denominators, so the chapter cannot caution about small denominators there.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import requests

from ...config import Params
from ...errors import KoladaError
from ...kolada import fetch_kolada_document, kolada_data_url, read_kolada_file, write_json_atomic
from ..common import relative_to_data
from .catalogue import IndicatorCatalogue, load_catalogue, resolve


def kolada_path(params: Params) -> Path:
    """Where the saved Kolada answer of the report year lives (params ``kvalitetsregister.kolada_fil``)."""
    return params.data_path() / params.kvalitetsregister.kolada_fil.format(ar=params.ar)


def indicators_from_kolada(values: pd.DataFrame, catalogue: IndicatorCatalogue, kommun_code: str, years: list[int]) -> pd.DataFrame:
    """Kolada rows (kpi, kommunkod, ar, varde) of the kommun as indicator rows ``ar, indikator, andel``."""
    mapping = catalogue.kpi_map()
    rows = values[values["kpi"].isin(mapping) & (values["kommunkod"] == kommun_code) & values["ar"].isin(years)]
    rows = rows.dropna(subset=["varde"])
    return pd.DataFrame({
        "ar": rows["ar"].astype("int64"), "indikator": rows["kpi"].map(mapping), "andel": rows["varde"].astype("float64"),
    }).sort_values(["ar", "indikator"], kind="stable").reset_index(drop=True)


def read_kolada_indicators(params: Params, catalogue: IndicatorCatalogue) -> tuple[pd.DataFrame, str | None]:
    """The saved Kolada answer as indicator rows, or a missing notice when nothing was fetched."""
    path = kolada_path(params)
    if not path.exists():
        return pd.DataFrame(columns=["ar", "indikator", "andel"]), (
            f"Kolada-data för Palliativregistret {params.ar} saknas: filen {relative_to_data(path, params)} finns inte. "
            "Hämta dem från Kolada först; hämtningen sparar filen där."
        )
    rows = indicators_from_kolada(read_kolada_file(path), catalogue, params.kommun.kod, params.years())
    if params.ar not in set(rows["ar"]):
        return rows, f"Kolada-filen {relative_to_data(path, params)} har inga värden för Palliativregistrets indikatorer {params.ar}."
    return rows, None


def fetch_kolada(params: Params, *, base_url: str | None = None, timeout: float = 30.0,
                 session: requests.Session | None = None) -> Path:
    """Fetch the catalogue's Palliativregistret KPIs for the kommun and the comparison years, and save them."""
    settings = params.kvalitetsregister
    kpis = sorted(load_catalogue(resolve(settings.indikatorkatalog)).kpi_map())
    if not kpis:
        raise KoladaError("Inga indikatorer i indikatorkatalogen har ett Kolada-id ('kolada'); det finns inget att hämta.")
    url = kolada_data_url(base_url or settings.kolada_url, kpis, params.years(), [params.kommun.kod])
    document = fetch_kolada_document(url, timeout=timeout, session=session)
    document["kalla"] = {"url": url, "kpi": kpis, "ar": params.years()}
    return write_json_atomic(document, kolada_path(params))
