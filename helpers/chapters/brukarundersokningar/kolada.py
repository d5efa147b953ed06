"""Kolada for the Brukarundersökningar chapter: which KPIs to fetch, and where the answer is saved.

The general importer (parsing Kolada's answer, following pages, saving and
reading the file) is the shared ``helpers.kolada``; its names are re-exported
here for existing callers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import requests

from ...config import Params
from ...errors import KoladaError
from ...kolada import (  # noqa: F401 (re-exported)
    COLUMNS,
    DEFAULT_BASE_URL,
    MAX_PAGES,
    RIKET,
    TOTAL,
    fetch_kolada_document,
    kolada_data_url,
    parse_kolada,
    read_kolada_file,
    write_json_atomic,
)
from .catalogue import load_catalogue, resolve


def kolada_path(params: Params) -> Path:
    """Where the saved Kolada answer of a kommun's report year lives (params ``brukarundersokningar.kolada_fil``)."""
    settings = params.brukarundersokningar
    return params.data_path() / settings.kolada_fil.format(ar=params.ar)


def configured_kpis(params: Params) -> list[str]:
    """The Kolada ids of the configured surveys' questions (and response rates), sorted."""
    settings = params.brukarundersokningar
    catalogue = load_catalogue(resolve(settings.fragekatalog))
    surveys = {s.id for s in catalogue.select(settings.undersokningar)}
    return sorted(kpi for kpi, (survey, _) in catalogue.kpi_map().items() if survey in surveys)


def fetch_kolada(
    params: Params,
    *,
    base_url: str | None = None,
    municipalities: Sequence[str] | None = None,
    timeout: float = 30.0,
    session: requests.Session | None = None,
) -> Path:
    """Fetch the configured KPIs for the chapter's years and save them next to the kommun's data.

    By default every kommun and riket are fetched, since the colours rank the
    kommun among all kommuner; ``municipalities`` narrows that. The base URL
    is ``base_url``, else params ``brukarundersokningar.kolada_url``. Returns
    the saved file (``kolada_path(params)``).
    """
    kpis = configured_kpis(params)
    if not kpis:
        raise KoladaError("Inga frågor i frågekatalogen har ett Kolada-id ('kolada'); det finns inget att hämta.")
    settings = params.brukarundersokningar
    years = settings.years(params.ar)
    url = kolada_data_url(base_url or settings.kolada_url, kpis, years, municipalities)
    document = fetch_kolada_document(url, timeout=timeout, session=session)
    document["kalla"] = {"url": url, "kpi": kpis, "ar": years}
    return write_json_atomic(document, kolada_path(params))
