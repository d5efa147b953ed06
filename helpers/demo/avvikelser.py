"""Demo avvikelser for the three demo kommuner.

Ekdala is calibrated to Sävsjö kommun's kvalitetsberättelse 2025 (seed 001):
yearly totals 1 416 / 1 884 / 1 940 / 2 026 (Tabell 1) and, for 2024 and 2025,
exactly the counts per typ av händelse of its Tabell 5. Its areas follow
Tabell 2–4, with Äldreomsorg 2025 lowered from 1 631 to 1 607 so that the
areas add up to the stated total (the seed's own areas sum to 2 050).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..workdays import swedish_holidays
from .common import (
    apportion,
    expand,
    fake_free_text,
    fake_free_texts,
    fake_name,
    fake_names,
    random_dates,
    rng_for,
    write_csv,
    write_text,
)

TYPES_2024 = {
    "Brist i handläggning": 16,
    "Brist i information, kommunikation, samverkan": 52,
    "Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering": 432,
    "Brist i/utebliven dokumentation": 159,
    "Brister i bemötande av brukare/patient": 19,
    "Bruten sekretess": 8,
    "Fall": 760,
    "Händelse med hjälpmedel, teknik och/eller fysisk miljö": 27,
    "Läkemedelshändelse": 375,
    "Stöld": 2,
    "Övergrepp": 6,
    "Övrigt": 84,
}
TYPES_2025 = {
    "Brist i handläggning": 67,
    "Brist i information, kommunikation, samverkan": 101,
    "Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering": 332,
    "Brist i/utebliven dokumentation": 26,
    "Brister i bemötande av brukare/patient": 17,
    "Bruten sekretess": 15,
    "Fall": 848,
    "Händelse med hjälpmedel, teknik och/eller fysisk miljö": 65,
    "Läkemedelshändelse": 395,
    "Stöld": 2,
    "Övergrepp": 23,
    "Övrigt": 135,
}
EKDALA_TOTALS = {2022: 1416, 2023: 1884, 2024: 1940, 2025: 2026}

AREAS_2024 = {
    ("Myndighet", "Barn och unga"): 17,
    ("Myndighet", "Ekonomiskt bistånd"): 6,
    ("Myndighet", "Myndighet vuxen"): 12,
    ("Myndighet", "Biståndshandläggning"): 9,
    ("Verkställighet", "Barn och unga"): 5,
    ("Verkställighet", "Funktionshinderomsorgen"): 110,
    ("Verkställighet", "Öppenvård"): 3,
    ("Verkställighet", "SIA/AME/Daglig verksamhet"): 35,
    ("Verkställighet", "Äldreomsorg"): 1650,
    ("Verkställighet", "Hemsjukvård"): 52,
    ("Övrigt", "Externa avvikelser"): 41,
}
AREAS_2025 = {
    ("Myndighet", "Barn och unga"): 65,
    ("Myndighet", "Ekonomiskt bistånd"): 4,
    ("Myndighet", "Myndighet vuxen"): 18,
    ("Verkställighet", "Barn och unga"): 4,
    ("Verkställighet", "Funktionsstöd"): 164,
    ("Verkställighet", "Öppenvård"): 2,
    ("Verkställighet", "SIA/AME/Daglig verksamhet"): 39,
    ("Verkställighet", "Äldreomsorg"): 1607,
    ("Verkställighet", "Hemsjukvård"): 56,
    ("Övrigt", "Externa avvikelser"): 67,
}
# Workday delay until the investigation starts, as (upper bound, weight) per avdelning and year.
START_DELAY = {
    ("Myndighet", 2025): [(2, 0.48), (5, 0.08), (10, 0.22), (15, 0.10), (40, 0.12)],
    ("Verkställighet", 2025): [(2, 0.50), (5, 0.19), (10, 0.17), (15, 0.07), (40, 0.07)],
}
DEFAULT_START_DELAY = [(2, 0.45), (5, 0.15), (10, 0.20), (15, 0.10), (40, 0.10)]
LENGTH = {
    "Myndighet": [(5, 0.30), (10, 0.25), (15, 0.15), (40, 0.25), (80, 0.05)],
    "Verkställighet": [(5, 0.20), (10, 0.15), (15, 0.15), (40, 0.40), (80, 0.10)],
}
LAWS = {"Myndighet": ["SoL", "LSS"], "Verkställighet": ["SoL", "HSL", "LSS"], "Övrigt": ["HSL"]}


def _scaled(counts: dict, total: int) -> dict:
    return apportion(total, {k: float(v) for k, v in counts.items()})


def _draw_days(rng: np.random.Generator, spec: list[tuple[int, float]], n: int) -> np.ndarray:
    bounds = [0] + [b for b, _ in spec]
    weights = np.array([w for _, w in spec])
    which = rng.choice(len(spec), size=n, p=weights / weights.sum())
    low = np.array([bounds[i] + (1 if i else 0) for i in which])
    high = np.array([bounds[i + 1] for i in which])
    return rng.integers(low, high + 1)


def _add_workdays(dates: pd.Series, days: np.ndarray, year: int) -> pd.Series:
    hol = swedish_holidays(year, year + 1)
    start = dates.to_numpy(dtype="datetime64[D]")
    start = np.busday_offset(start, 0, roll="forward", holidays=hol)
    return pd.Series(np.busday_offset(start, days, roll="forward", holidays=hol).astype("datetime64[ns]"), index=dates.index)


def _laws(rng: np.random.Generator, avdelningar: pd.Series, bulk: bool) -> list[str]:
    if not bulk:
        return [rng.choice(LAWS[a]) for a in avdelningar]
    laws = np.empty(len(avdelningar), dtype=object)
    for group in sorted(avdelningar.unique()):
        where = (avdelningar == group).to_numpy()
        laws[where] = rng.choice(LAWS[group], size=int(where.sum()))
    return laws.tolist()


def build_year(kommun: str, year: int, types: dict[str, int], areas: dict[tuple[str, str], int],
               lex_sarah: dict[str, dict[str, int]], id_prefix: str, units: int = 5, bulk: bool = False) -> pd.DataFrame:
    """One year's canonical rows with exact type and area margins (both lists are shuffled, then paired).

    ``units``: enheter per verksamhetsområde. ``bulk`` draws the per-row values (enhet, lagrum, free text)
    as whole arrays: fast enough for the national data's large kommuner, but another random stream, so the
    demo kommuner keep the per-row draws (and their bytes).
    """
    rng = rng_for("avvikelser", kommun, year)
    n = sum(types.values())
    assert n == sum(areas.values()), "demo margins must agree"
    type_list = expand(types, rng)
    area_list = expand({f"{a}|{v}": c for (a, v), c in areas.items()}, rng)
    frame = pd.DataFrame({
        "id": [f"{id_prefix}-{year}-{i:05d}" for i in range(1, n + 1)],
        "registreringsdatum": random_dates(n, year, rng),
        "avdelning": [a.split("|")[0] for a in area_list],
        "verksamhetsomrade": [a.split("|")[1] for a in area_list],
        "typ": type_list,
    })
    frame["handelsedatum"] = frame["registreringsdatum"] - pd.to_timedelta(rng.integers(0, 4, size=n), unit="D")
    if bulk:
        frame["enhet"] = [f"{v} enhet {k}" for v, k in zip(frame["verksamhetsomrade"], rng.integers(1, units + 1, size=n).tolist())]
    else:
        frame["enhet"] = [f"{v} enhet {int(rng.integers(1, units + 1))}" for v in frame["verksamhetsomrade"]]
    frame["allvarlighetsgrad"] = rng.choice([1, 2, 3, 4], size=n, p=[0.45, 0.35, 0.15, 0.05])
    frame["lagrum"] = _laws(rng, frame["avdelning"], bulk)
    frame["intern_extern"] = np.where(frame["avdelning"] == "Övrigt", "extern", "intern")
    # Lex Sarah: exact flagged counts and outcomes per avdelning.
    frame["lex_sarah_markerad"] = "nej"
    frame["lex_sarah_utfall"] = ""
    for group, outcomes in lex_sarah.items():
        candidates = frame.index[frame["avdelning"] == group].to_numpy()
        chosen = rng.choice(candidates, size=sum(outcomes.values()), replace=False)
        frame.loc[chosen, "lex_sarah_markerad"] = "ja"
        frame.loc[chosen, "lex_sarah_utfall"] = expand(outcomes, rng)
    # Handling: received, started, ended, action.
    start_days = np.zeros(n, dtype=int)
    length_days = np.zeros(n, dtype=int)
    for group in frame["avdelning"].unique():
        idx = frame.index[frame["avdelning"] == group]
        start_days[idx] = _draw_days(rng, START_DELAY.get((group, year), DEFAULT_START_DELAY), len(idx))
        length_days[idx] = _draw_days(rng, LENGTH.get(group, LENGTH["Verkställighet"]), len(idx))
    received = _add_workdays(frame["registreringsdatum"], rng.integers(0, 2, size=n), year)
    started = _add_workdays(frame["registreringsdatum"], start_days, year)
    ended = _add_workdays(started, length_days, year)
    not_received = rng.random(n) < 0.01
    not_started = rng.random(n) < 0.03
    year_end = pd.Timestamp(year, 12, 31)
    frame["mottagen_datum"] = received.where(~not_received)
    frame["utredning_start"] = started.where(~(not_received | not_started))
    # Investigations that would end after the turn of the year are still open when the report is written.
    frame["utredning_slut"] = ended.where(frame["utredning_start"].notna() & (ended <= year_end + pd.Timedelta(days=20)))
    frame["avslutad_med_atgard"] = np.where(frame["utredning_slut"].notna(), np.where(rng.random(n) < 0.7, "ja", "nej"), "")
    if bulk:
        frame["beskrivning"] = fake_free_texts(rng, frame["id"].tolist())
        frame["rapportor"] = fake_names(rng, n)
    else:
        frame["beskrivning"] = [fake_free_text(rng, i) for i in frame["id"]]
        frame["rapportor"] = [fake_name(rng) for _ in range(n)]
    for col in ("registreringsdatum", "handelsedatum", "mottagen_datum", "utredning_start", "utredning_slut"):
        frame[col] = frame[col].dt.strftime("%Y-%m-%d").fillna("")
    order = ["id", "registreringsdatum", "handelsedatum", "avdelning", "verksamhetsomrade", "enhet", "typ",
             "allvarlighetsgrad", "lagrum", "intern_extern", "lex_sarah_markerad", "lex_sarah_utfall",
             "mottagen_datum", "utredning_start", "utredning_slut", "avslutad_med_atgard", "beskrivning", "rapportor"]
    return frame[order]


EKDALA_TEXT = """# Analys

Antalet avvikelser fortsätter att öka, från 1 940 år 2024 till 2 026 år 2025. Ökningen ses som positiv:
den tyder på att personalen rapporterar oftare, inte på att fler händelser inträffar. Fall är fortfarande
den vanligaste typen (848). Avvikelser om dokumentation har minskat kraftigt (från 159 till 26), delvis
därför att fler händelser nu registreras under rätt typ. Inom myndighet barn och unga har antalet ökat
från 17 till 65, vilket hänger samman med fler komplexa ärenden som kräver samverkan.

# Åtgärder

- Fortsatt arbete med fallprevention inom äldreomsorgen, med riskbedömningar i Senior Alert.
- Utbildning i avvikelsehantering för nya chefer, med målet att utredningen påbörjas inom en vecka.
- Slumpmässig granskning av avvikelser som registrerats som Övrigt.
"""


def ekdala(root: Path) -> list[Path]:
    written = [write_text(root / "ekdala" / "2025" / "texter" / "avvikelser.md", EKDALA_TEXT)]
    for year, total in EKDALA_TOTALS.items():
        types = TYPES_2025 if year == 2025 else TYPES_2024 if year == 2024 else _scaled(TYPES_2024, total)
        areas = AREAS_2025 if year == 2025 else AREAS_2024 if year == 2024 else _scaled(AREAS_2024, total)
        if year == 2025:
            lex = {"Myndighet": {"anmäld till IVO": 2, "ej lex Sarah": 6},
                   "Verkställighet": {"anmäld till IVO": 3, "ej lex Sarah": 133, "pågående": 1}}
        else:
            lex = {"Myndighet": {"anmäld till IVO": 1, "ej lex Sarah": 5},
                   "Verkställighet": {"anmäld till IVO": 2 + (year == 2024), "ej lex Sarah": total // 16}}
        frame = build_year("ekdala", year, types, areas, lex, "AVV")
        written.append(write_csv(frame, root / "ekdala" / str(year) / "avvikelser.csv"))
    return written


BJORKVIK_HEADERS = {
    "id": "Ärendenr", "registreringsdatum": "Registrerad", "handelsedatum": "Händelsedatum",
    "avdelning": "Organisation nivå 1", "verksamhetsomrade": "Organisation nivå 2", "enhet": "Enhet",
    "typ": "Händelsetyp", "allvarlighetsgrad": "Allvarlighetsgrad", "lagrum": "Lagrum",
    "intern_extern": "Intern/extern", "lex_sarah_markerad": "Lex Sarah enligt rapportör",
    "lex_sarah_utfall": "Bedömning lex Sarah", "mottagen_datum": "Mottagen av chef",
    "utredning_start": "Utredning påbörjad", "utredning_slut": "Utredning avslutad",
    "avslutad_med_atgard": "Åtgärd vidtagen", "beskrivning": "Beskrivning av händelsen", "rapportor": "Rapporterad av",
}
BJORKVIK_CODES = {"Myndighet": "MYN", "Verkställighet": "UTF", "Övrigt": "ÖVR"}
BJORKVIK_OUTCOMES = {"ej lex Sarah": "Ej lex Sarah", "pågående": "Under utredning", "missförhållande": "Missförhållande", "anmäld till IVO": "Anmäld IVO"}


def _lex_sarah_edges(frame: pd.DataFrame) -> pd.DataFrame:
    """The cases a lex Sarah table must show (seed 002: two reports reclassified during investigation).

    Two avvikelser in Myndighet – Barn och familj assessed without the reporter's flag, and two flagged
    in Verkställighet – Hemtjänst still without assessment. Drawn with their own seed, so nothing else moves.
    """
    rng = rng_for("avvikelser", "bjorkvik", "lex-sarah-kanter")
    frame = frame.copy()
    unflagged = frame.index[(frame["verksamhetsomrade"] == "Barn och familj") & (frame["lex_sarah_markerad"] == "nej")]
    chosen = rng.choice(unflagged.to_numpy(), size=2, replace=False)
    frame.loc[chosen, "lex_sarah_utfall"] = ["missförhållande", "pågående"]
    plain = frame.index[(frame["verksamhetsomrade"] == "Hemtjänst") & (frame["lex_sarah_markerad"] == "nej")]
    frame.loc[rng.choice(plain.to_numpy(), size=2, replace=False), "lex_sarah_markerad"] = "ja"
    return frame


def bjorkvik(root: Path) -> list[Path]:
    """A smaller kommun whose old system exports semicolon CSV in Windows-1252 with its own headers and codes."""
    written = []
    areas = {("Myndighet", "Myndighet vuxen"): 14, ("Myndighet", "Barn och familj"): 22,
             ("Verkställighet", "Hemtjänst"): 210, ("Verkställighet", "Särskilt boende"): 260,
             ("Verkställighet", "LSS-boenden"): 70, ("Övrigt", "Externa avvikelser"): 18}
    for i, year in enumerate((2022, 2023, 2024, 2025)):
        total = 560 + 35 * i
        rng = rng_for("bjorkvik-typer", year)
        weights = {k: v * float(rng.uniform(0.7, 1.3)) for k, v in TYPES_2025.items()}
        types = apportion(total, weights)
        lex = {"Myndighet": {"anmäld till IVO": i % 2, "ej lex Sarah": 4 + i},
               "Verkställighet": {"anmäld till IVO": 1 + (i == 3), "ej lex Sarah": 30 + 2 * i, "missförhållande": 1}}
        frame = build_year("bjorkvik", year, types, _scaled(areas, total), lex, "BV")
        if year == 2025:
            frame = _lex_sarah_edges(frame)
        frame["avdelning"] = frame["avdelning"].map(BJORKVIK_CODES)
        frame["lex_sarah_utfall"] = frame["lex_sarah_utfall"].map(lambda v: BJORKVIK_OUTCOMES.get(v, v))
        frame["lex_sarah_markerad"] = frame["lex_sarah_markerad"].str.capitalize()
        frame["avslutad_med_atgard"] = frame["avslutad_med_atgard"].str.capitalize()
        frame = frame.rename(columns=BJORKVIK_HEADERS)
        written.append(write_csv(frame, root / "bjorkvik" / str(year) / f"Avvikelserapport_{year}.csv", sep=";", encoding="cp1252"))
    return written


def sjohamn(root: Path) -> list[Path]:
    """Exports for 2022–2024 only: the report year's file is missing on purpose."""
    written = []
    areas = {("Myndighet", "Myndighet vuxen"): 10, ("Verkställighet", "Äldreomsorg"): 300,
             ("Verkställighet", "Funktionsstöd"): 60, ("Övrigt", "Externa avvikelser"): 8}
    for i, year in enumerate((2022, 2023, 2024)):
        total = 330 + 20 * i
        types = _scaled(TYPES_2024, total)
        lex = {"Verkställighet": {"anmäld till IVO": 1, "ej lex Sarah": 12}}
        frame = build_year("sjohamn", year, types, _scaled(areas, total), lex, "SH")
        written.append(write_csv(frame, root / "sjohamn" / str(year) / "avvikelser.csv"))
    return written


def generate(root: Path) -> list[Path]:
    return ekdala(root) + bjorkvik(root) + sjohamn(root)
