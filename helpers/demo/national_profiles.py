"""Who the national synthetic data set is made for: one profile per kommun in ``data/reference/kommuner.csv``.

The size rule (also in docs/prestanda.md). A kommun's size is its number of
avvikelser in the report year; every other chapter scales with it. Drawn from
the kommun code alone (``uniform``: SHA-256 of the code), never from a clock:

- the three largest are fixed: 0180 Stockholm 30 000, 1480 Göteborg 20 000, 1280 Malmö 12 000;
- the twenty next largest cities (``LARGE``) 4 000–8 000, evenly spread;
- every other kommun 300 × (4 000 / 300) ** (u²) for u in [0, 1): from 300 to
  4 000, most of them under 1 500, as most Swedish kommuner are small.

Earlier years are smaller by a yearly growth of 0–10 % (more reporting each
year, as in the seeds). A few kommuner have another shape, as real ones do:
about 4 % have no synpunkter data, about 8 % keep genomförandeplaner as counts
per enhet, and about 10 % export semicolon CSV in Windows-1252. Never the
largest three, so the heaviest reports are complete.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .. import paths
from ..config import check_id
from ..errors import KvbError

REPORT_YEAR = 2025
LARGEST = {"0180": 30_000, "1480": 20_000, "1280": 12_000}
LARGE = ("0126", "0127", "0181", "0182", "0380", "0484", "0580", "0581", "0680", "0780",
         "1281", "1283", "1380", "1490", "1780", "1880", "1980", "2180", "2281", "2480")
LARGE_RANGE = (4_000, 8_000)
SMALLEST, OTHERS_MAX = 300, 4_000
GROWTH_RANGE = (0.0, 0.10)
NO_SYNPUNKTER, GP_COUNTS, EXCEL_EXPORT = 0.04, 0.08, 0.10
# Names that take no genitive -s: ending in a vowel, s, x or z ("Ale kommun", "Borås kommun").
_NO_GENITIVE = tuple("aeiouyåäösxz")
_FOLD = str.maketrans("åäöéü", "aaoeu")


@dataclass(frozen=True)
class KommunProfile:
    """One kommun of the national data: its id, code, name, size and the shape of its exports."""

    id: str
    kod: str
    kommun: str  # the name in kommuner.csv, "Upplands Väsby"
    namn: str  # as the report names it, "Upplands Väsby kommun"
    size: int  # avvikelser in the report year
    growth: float  # yearly growth of the counts
    synpunkter: bool = True  # False: no synpunkter files (the chapter shows "Data saknas")
    gp_counts: bool = False  # True: genomförandeplaner as counts per enhet (``indata: antal``)
    excel_export: bool = False  # True: semicolon CSV in Windows-1252 for avvikelser, synpunkter, ej verkställda

    @property
    def seed(self) -> str:
        """The key of the kommun's random streams (its code, so that renaming an id moves nothing)."""
        return f"nationellt-{self.kod}"

    def size_in(self, year: int) -> int:
        """Avvikelser in ``year``: the report year's size, smaller by the growth for each earlier year."""
        return max(1, round(self.size / (1 + self.growth) ** (REPORT_YEAR - year)))

    def scaled(self, per_avvikelse: float, minimum: int, year: int = REPORT_YEAR, maximum: int | None = None) -> int:
        """A count that scales with the kommun's size (``per_avvikelse`` of the year's avvikelser), within bounds."""
        value = max(minimum, round(self.size_in(year) * per_avvikelse))
        return min(value, maximum) if maximum is not None else value

    @property
    def units(self) -> int:
        """Enheter per verksamhetsområde: 2 in the smallest, 40 in Stockholm."""
        return max(2, min(40, round(self.size / 750)))


def uniform(purpose: str, kod: str) -> float:
    """A number in [0, 1) fixed by the code and what it is for (SHA-256: the same on every machine)."""
    digest = hashlib.sha256(f"kvb-nationellt|{purpose}|{kod}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def size_of(kod: str) -> int:
    """The kommun's avvikelser in the report year, by the rule in the module's docstring."""
    if kod in LARGEST:
        return LARGEST[kod]
    u = uniform("storlek", kod)
    if kod in LARGE:
        low, high = LARGE_RANGE
        return round(low + u * (high - low))
    return round(SMALLEST * (OTHERS_MAX / SMALLEST) ** (u * u))


def slug(name: str) -> str:
    """The kommun's id: its name in lower case ASCII, spaces as hyphens ("Upplands Väsby" → ``upplands-vasby``)."""
    folded = re.sub(r"[\s-]+", "-", name.strip().casefold().translate(_FOLD))
    return check_id(folded)


def display_name(name: str, kod: str) -> str:
    """"Upplands Väsby kommun", "Lunds kommun", "Borås kommun"; Gotland is "Region Gotland", as it calls itself."""
    if kod == "0980":
        return "Region Gotland"
    return f"{name} kommun" if name.casefold().endswith(_NO_GENITIVE) else f"{name}s kommun"


def profile(kod: str, name: str) -> KommunProfile:
    low, high = GROWTH_RANGE
    varied = kod not in LARGEST
    return KommunProfile(
        id=slug(name), kod=kod, kommun=name, namn=display_name(name, kod), size=size_of(kod),
        growth=round(low + uniform("tillvaxt", kod) * (high - low), 3),
        synpunkter=not (varied and uniform("synpunkter", kod) < NO_SYNPUNKTER),
        gp_counts=varied and uniform("genomforandeplaner", kod) < GP_COUNTS,
        excel_export=varied and uniform("export", kod) < EXCEL_EXPORT,
    )


def unique_ids(profiles: list[KommunProfile]) -> list[KommunProfile]:
    """Where two names give the same id (Håbo and Habo: ``habo``), the one spelt with å, ä or ö gets its code
    appended (``habo-0305``), so that the plain spelling keeps the plain id."""
    by_id: dict[str, list[KommunProfile]] = {}
    for p in profiles:
        by_id.setdefault(p.id, []).append(p)

    def plain(p: KommunProfile) -> bool:
        return re.sub(r"[\s-]+", "-", p.kommun.casefold()) == p.id

    out = []
    for p in profiles:
        shared = by_id[p.id]
        keeps = len(shared) == 1 or (plain(p) and sum(map(plain, shared)) == 1)
        out.append(p if keeps else replace(p, id=check_id(f"{p.id}-{p.kod}")))
    return out


def national_profiles(kommuner_file: Path | None = None) -> list[KommunProfile]:
    """A profile for every kommun of the reference list, in its order; ids are unique."""
    path = kommuner_file or paths.reference_dir() / "kommuner.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    profiles = unique_ids([profile(kod.zfill(4), name) for kod, name in zip(frame["kommunkod"], frame["kommun"])])
    seen: dict[str, str] = {}
    for p in profiles:
        if p.id in seen:
            raise KvbError(f"Kommunlistan {path} har två kommuner med samma kod eller namn ({seen[p.id]} och {p.kod}, "
                           f"id '{p.id}'); rätta listan.")
        seen[p.id] = p.kod
    return profiles
