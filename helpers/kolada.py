"""Kolada (api.kolada.se, API v2): the general importer that every chapter reading Kolada shares.

Kolada's data answer has the shape::

    {"count": 2, "next_page": "…?page=2",
     "values": [{"kpi": "U21468", "municipality": "0684", "period": 2025,
                 "values": [{"gender": "T", "status": "", "value": 90.0, "count": 1}, …]}, …]}

``fetch_kolada_document`` follows ``next_page`` and returns one merged answer;
``write_json_atomic`` saves it in the kommun's data folder; report runs only
read that file (``read_kolada_file``), so they work without network access
and give the same result every time. Which KPIs a chapter asks for is the
chapter's own business (its catalogue).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pandas as pd
import requests

from .errors import KoladaError

DEFAULT_BASE_URL = "https://api.kolada.se/v2"
RIKET = "0000"  # Kolada's id for the whole country
TOTAL = "T"  # Kolada's gender code for women and men together
MAX_PAGES = 200
COLUMNS = ["kpi", "kommunkod", "ar", "varde"]


def _value_entry(entry: Mapping[str, Any], gender: str) -> float | None:
    for item in entry.get("values") or []:
        if isinstance(item, Mapping) and item.get("gender") == gender:
            value = item.get("value")
            return None if value is None else float(value)
    return None


def parse_kolada(document: Mapping[str, Any], gender: str = TOTAL) -> pd.DataFrame:
    """Kolada's data answer as rows ``kpi, kommunkod, ar, varde`` (one gender, ``T`` by default).

    A period with no value for that gender has ``varde`` missing (Kolada's
    grey). Raises KoladaError when the document is not Kolada data.
    """
    values = document.get("values") if isinstance(document, Mapping) else None
    if not isinstance(values, list):
        raise KoladaError("Svaret från Kolada saknar listan 'values' och är inte Kolada-data.")
    rows = []
    for number, entry in enumerate(values, start=1):
        if not isinstance(entry, Mapping) or not {"kpi", "municipality", "period"} <= set(entry):
            raise KoladaError(f"Post {number} i Kolada-svaret saknar 'kpi', 'municipality' eller 'period'.")
        try:
            year = int(entry["period"])
        except (TypeError, ValueError):
            raise KoladaError(f"Post {number} i Kolada-svaret har perioden '{entry['period']}', som inte är ett år.") from None
        rows.append({
            "kpi": str(entry["kpi"]),
            "kommunkod": str(entry["municipality"]).zfill(4),
            "ar": year,
            "varde": _value_entry(entry, gender),
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["ar"] = frame["ar"].astype("int64")
    frame["varde"] = frame["varde"].astype("float64")
    return frame.sort_values(["kpi", "kommunkod", "ar"], kind="stable").reset_index(drop=True)


def kolada_data_url(base_url: str, kpis: Sequence[str], years: Sequence[int], municipalities: Sequence[str] | None = None) -> str:
    """``{base}/data/kpi/U21468,U23471[/municipality/0684,0000]/year/2024,2025``: all kommuner when none are named."""
    if not kpis or not years:
        raise KoladaError("Ange minst ett nyckeltal och ett år för hämtning från Kolada.")
    url = f"{base_url.rstrip('/')}/data/kpi/{','.join(kpis)}"
    if municipalities:
        url += f"/municipality/{','.join(municipalities)}"
    return url + f"/year/{','.join(str(y) for y in sorted(set(years)))}"


def _get_json(session: requests.Session, url: str, timeout: float) -> dict[str, Any]:
    try:
        response = session.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise KoladaError(f"Kolada kunde inte nås ({url}): {type(exc).__name__}.") from None
    if response.status_code != 200:
        raise KoladaError(f"Kolada svarade med HTTP {response.status_code} för {url}.")
    try:
        document = response.json()
    except ValueError:
        raise KoladaError(f"Kolada svarade inte med JSON för {url}.") from None
    if not isinstance(document, dict):
        raise KoladaError(f"Kolada svarade med något som inte är Kolada-data för {url}.")
    return document


def fetch_kolada_document(url: str, timeout: float = 30.0, session: requests.Session | None = None) -> dict[str, Any]:
    """GET ``url`` and every ``next_page`` after it; one document with all values, as Kolada would give it."""
    own = session or requests.Session()
    origin = urlsplit(url).netloc
    values: list[Any] = []
    seen: set[str] = set()
    next_url: str | None = url
    try:
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(f"Kolada-svaret tar inte slut (sida {len(seen) + 1}, {next_url}).")
            seen.add(next_url)
            document = _get_json(own, next_url, timeout)
            page = document.get("values")
            if not isinstance(page, list):
                raise KoladaError(f"Svaret från Kolada ({next_url}) saknar listan 'values'.")
            values.extend(page)
            following = document.get("next_page")
            next_url = urljoin(next_url, following) if following else None
            if next_url and urlsplit(next_url).netloc != origin:
                raise KoladaError(f"Kolada hänvisade till en annan server ({next_url}); hämtningen avbröts.")
    finally:
        if session is None:
            own.close()
    values.sort(key=lambda v: (str(v.get("kpi")), str(v.get("municipality")), str(v.get("period"))))
    return {"count": len(values), "values": values}


def write_json_atomic(document: Mapping[str, Any], path: Path) -> Path:
    """Write, then swap: a failed write never leaves half a file where a good one was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_kolada_file(path: Path, gender: str = TOTAL) -> pd.DataFrame:
    """A saved Kolada answer as rows ``kpi, kommunkod, ar, varde``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise KoladaError(f"Filen {path} är inte giltig JSON (rad {exc.lineno}).") from None
    try:
        return parse_kolada(document, gender)
    except KoladaError as exc:
        raise KoladaError(f"Filen {path}: {exc}") from None
