"""Demo genomförandeplaner for the demo kommuner.

Ekdala is calibrated to Sävsjö kommun's kvalitetsberättelse 2025 (seed 001,
§4.1 Dokumentation, Tabell 15): per verksamhet the number of brukare and of
plans updated within six months, avgivna to myndighet and with the brukare
delaktig are exactly those of the table (Äldreomsorg 293 / 150 / 186 / 125,
Funktionsstöd 89 / 64 / 71 / 40, Socialpsykiatri/SIA 255 / 205 / 198 / 198,
Totalt 637 / 419 / 455 / 363). Seed 001 does not give the number of brukare
with a plan; here it is 587. The audit is one row per brukare, spread over
13 enheter (one with four brukare, so the masking shows) and measured between
2025-10-06 and 2025-11-14 (seed 001 says "oktober" and "oktober–november").
Ekdala also has the measurement of 2024, when Funktionsstöd was still called
Funktionshinderomsorgen. The plans' update dates are drawn so that some lie
exactly on the six-month boundary and some the day before it.

Björkvik keeps counts per enhet in Excel, exported as semicolon CSV in
Windows-1252 with its own headers and verksamhet codes, measured over
September. Sjöhamn has no audit at all (the chapter shows "Data saknas").

Every file carries free text and names marked ``DEMO-FRITEXT`` so that tests
can prove they never reach a report.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .common import (
    fake_free_text,
    fake_free_texts,
    fake_name,
    fake_names,
    rng_for,
    write_csv,
    write_text,
)

Counts = tuple[int, int, int, int, int]  # brukare, with plan, updated, avgiven, delaktig

EKDALA: dict[int, dict[str, dict[str, Counts]]] = {
    2025: {
        "Äldreomsorg": {
            "Hemtjänst Norr": (96, 88, 41, 60, 38),
            "Hemtjänst Söder": (84, 77, 36, 52, 33),
            "Ekbackens särskilda boende": (58, 50, 38, 38, 26),
            "Solgårdens särskilda boende": (51, 44, 33, 34, 27),
            "Korttidsboendet Linden": (4, 3, 2, 2, 1),
        },
        "Funktionsstöd": {
            "Gruppbostad Lärkan": (9, 9, 9, 9, 6),
            "Gruppbostad Tallen": (7, 7, 5, 6, 3),
            "Daglig verksamhet Verkstan": (38, 36, 27, 31, 17),
            "Personlig assistans": (35, 32, 23, 25, 14),
        },
        "Socialpsykiatri/SIA": {
            "Boendestöd": (118, 112, 97, 92, 95),
            "Träffpunkten": (62, 58, 50, 47, 47),
            "Stödboendet Åsen": (23, 23, 23, 20, 21),
            "SIA Arbetsmarknad": (52, 48, 35, 39, 35),
        },
    },
    2024: {
        "Äldreomsorg": {
            "Hemtjänst Norr": (94, 80, 38, 55, 36),
            "Hemtjänst Söder": (86, 74, 35, 49, 31),
            "Ekbackens särskilda boende": (57, 47, 33, 35, 27),
            "Solgårdens särskilda boende": (52, 42, 29, 30, 24),
            "Korttidsboendet Linden": (5, 4, 3, 3, 2),
        },
        "Funktionshinderomsorgen": {
            "Gruppbostad Lärkan": (9, 9, 8, 8, 5),
            "Gruppbostad Tallen": (7, 6, 4, 5, 3),
            "Daglig verksamhet Verkstan": (36, 33, 22, 27, 16),
            "Personlig assistans": (33, 29, 18, 22, 13),
        },
        "Socialpsykiatri/SIA": {
            "Boendestöd": (112, 104, 86, 84, 88),
            "Träffpunkten": (60, 54, 44, 42, 43),
            "Stödboendet Åsen": (22, 22, 20, 18, 19),
            "SIA Arbetsmarknad": (50, 45, 30, 36, 33),
        },
    },
}
EKDALA_PERIODS = {2025: ("2025-10-06", "2025-11-14"), 2024: ("2024-10-07", "2024-11-08")}
MONTHS = 6

EKDALA_TEXT = """# Analys

Granskningen visar att det finns möjlighet att förbättra alla tre områdena: uppdatering, avgivande till
myndighet och delaktighet. Verksamheterna beskriver svårigheter att göra den enskilde delaktig i sin
genomförandeplan, framför allt vid kognitiv svikt. Delaktighet kan också uppnås genom personalens
lyhördhet i vardagen, men det perspektivet har inte funnits med i mätningen.

# Åtgärder

- Enhetschef slutredigerar genomförandeplanen och avger den till myndighet, först inom funktionsstöd.
- Den enskilde ska kunna ta del av sin genomförandeplan digitalt när e-tjänsten för LSS lanseras våren 2026.
- Dokumentationsombuden får stöd och verktyg för att göra planerna begripliga för den enskilde.
"""


def dates_between(first: str, last: str, n: int) -> list[pd.Timestamp]:
    """``n`` measurement days from ``first`` to ``last`` (both included), one per enhet."""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    days = (end - start).days
    return [start + pd.Timedelta(days=round(i * days / max(n - 1, 1))) for i in range(n)]


def _update_dates(rng: np.random.Generator, measured: pd.Timestamp, updated: int, stale: int) -> list[pd.Timestamp]:
    """Dates of the plans: ``updated`` within six months (the first on the boundary), ``stale`` older (the first the day before)."""
    cutoff = measured - pd.DateOffset(months=MONTHS)
    recent = [cutoff] + [cutoff + pd.Timedelta(days=int(d)) for d in rng.integers(0, (measured - cutoff).days + 1, size=max(updated - 1, 0))]
    old = [cutoff - pd.Timedelta(days=1)] + [cutoff - pd.Timedelta(days=int(d)) for d in rng.integers(2, 700, size=max(stale - 1, 0))]
    return recent[:updated] + old[:stale]


def unit_rows(rng: np.random.Generator, counts: Counts, measured: pd.Timestamp) -> pd.DataFrame:
    """One row per brukare of an enhet with exactly the given counts."""
    brukare, plan, updated, avgiven, delaktig = counts
    holders = np.arange(plan)
    frame = pd.DataFrame({
        "har_plan": ["ja"] * plan + ["nej"] * (brukare - plan),
        "plan_uppdaterad": [d.strftime("%Y-%m-%d") for d in _update_dates(rng, measured, updated, plan - updated)] + [""] * (brukare - plan),
        "avgiven": ["nej"] * plan + [""] * (brukare - plan),
        "delaktig": ["nej"] * plan + [""] * (brukare - plan),
    })
    for column, n in (("avgiven", avgiven), ("delaktig", delaktig)):
        frame.loc[rng.choice(holders, size=n, replace=False), column] = "ja"
    return frame.iloc[rng.permutation(brukare)].reset_index(drop=True)


def bulk_unit_rows(rng: np.random.Generator, counts: Counts, measured: pd.Timestamp) -> dict[str, np.ndarray]:
    """``unit_rows`` with numpy instead of a frame per enhet (thousands of enheter in the national data)."""
    brukare, plan, updated, avgiven, delaktig = counts
    cutoff = np.datetime64((measured - pd.DateOffset(months=MONTHS)).date(), "D")
    recent = cutoff + rng.integers(0, (np.datetime64(measured.date(), "D") - cutoff).astype(int) + 1, size=updated)
    old = cutoff - rng.integers(2, 700, size=plan - updated)
    recent[:1], old[:1] = cutoff, cutoff - 1
    none = np.full(brukare - plan, "", dtype=object)
    columns = {"har_plan": np.array(["ja"] * plan + ["nej"] * (brukare - plan), dtype=object),
               "plan_uppdaterad": np.concatenate([np.datetime_as_string(np.concatenate([recent, old])).astype(object), none])}
    for column, n in (("avgiven", avgiven), ("delaktig", delaktig)):
        values = np.concatenate([np.full(plan, "nej", dtype=object), none])
        values[rng.choice(plan, size=n, replace=False)] = "ja"
        columns[column] = values
    order = rng.permutation(brukare)
    return {k: v[order] for k, v in columns.items()}


def _bulk_rows(rng: np.random.Generator, units: list[tuple[str, str, Counts]], days: list[pd.Timestamp]) -> pd.DataFrame:
    parts = [bulk_unit_rows(rng, counts, measured) for (_, _, counts), measured in zip(units, days)]
    sizes = [counts[0] for _, _, counts in units]
    frame = pd.DataFrame({"verksamhet": np.repeat([v for v, _, _ in units], sizes), "enhet": np.repeat([e for _, e, _ in units], sizes),
                          "matdatum": np.repeat([d.strftime("%Y-%m-%d") for d in days], sizes)})
    for column in ("har_plan", "plan_uppdaterad", "avgiven", "delaktig"):
        frame[column] = np.concatenate([part[column] for part in parts]) if parts else []
    return frame


def audit_rows(kommun: str, year: int, plan: dict[str, dict[str, Counts]], period: tuple[str, str], bulk: bool = False) -> pd.DataFrame:
    """A year's audit: one row per brukare, every enhet measured on its own day within the period.

    ``bulk`` draws with numpy, all rows at once (another random stream: the national data).
    """
    rng = rng_for("genomforandeplaner", kommun, year)
    units = [(v, e, c) for v, enheter in plan.items() for e, c in enheter.items()]
    days = dates_between(*period, len(units))
    frames = []
    for (verksamhet, enhet, counts), measured in ([] if bulk else zip(units, days)):
        frame = unit_rows(rng, counts, measured)
        frame.insert(0, "matdatum", measured.strftime("%Y-%m-%d"))
        frame.insert(0, "enhet", enhet)
        frame.insert(0, "verksamhet", verksamhet)
        frames.append(frame)
    rows = _bulk_rows(rng, units, days) if bulk else pd.concat(frames, ignore_index=True)
    rows.insert(0, "id", [f"GP-{year}-{i:04d}" for i in range(1, len(rows) + 1)])
    if bulk:
        rows["brukare_namn"] = [f"DEMO-FRITEXT {name}" for name in fake_names(rng, len(rows))]
        rows["kommentar"] = fake_free_texts(rng, rows["id"].tolist())
    else:
        rows["brukare_namn"] = [f"DEMO-FRITEXT {fake_name(rng)}" for _ in range(len(rows))]
        rows["kommentar"] = [fake_free_text(rng, i) for i in rows["id"]]
    return rows


def ekdala(root: Path) -> list[Path]:
    written = [write_text(root / "ekdala" / "2025" / "texter" / "genomforandeplaner.md", EKDALA_TEXT)]
    for year, plan in EKDALA.items():
        frame = audit_rows("ekdala", year, plan, EKDALA_PERIODS[year])
        written.append(write_csv(frame, root / "ekdala" / str(year) / "genomforandeplaner.csv"))
    return written


BJORKVIK: dict[int, dict[str, dict[str, Counts]]] = {
    2025: {
        "HT": {"Hemtjänst Centrum": (142, 135, 118, 120, 97), "Hemtjänst Landsbygd": (97, 90, 71, 80, 62)},
        "SÄBO": {"Björkgården": (48, 48, 44, 41, 30), "Lärkängen": (41, 39, 33, 35, 26), "Korttids Björken": (3, 3, 2, 3, 1)},
        "LSS": {"Gruppbostad Solrosen": (6, 6, 6, 6, 4), "Gruppbostad Vitsippan": (8, 8, 5, 8, 7)},
    },
    2024: {
        "HT": {"Hemtjänst Centrum": (138, 128, 104, 111, 88), "Hemtjänst Landsbygd": (101, 91, 66, 77, 60)},
        "SÄBO": {"Björkgården": (47, 46, 40, 38, 29), "Lärkängen": (43, 40, 31, 33, 27), "Korttids Björken": (4, 4, 3, 3, 2)},
        "LSS": {"Gruppbostad Solrosen": (6, 6, 5, 6, 4), "Gruppbostad Vitsippan": (8, 7, 5, 7, 6)},
    },
}
BJORKVIK_HEADERS = ["Verksamhet", "Enhet", "Mätperiod från", "Mätdatum", "Antal brukare", "Antal med GP", "Antal uppdaterade GP",
                    "Antal avgivna GP", "Antal GP med delaktighet", "Kommentar"]


def bjorkvik(root: Path) -> list[Path]:
    """Counts per enhet as kept in Excel: semicolon CSV, Windows-1252, own headers and codes, a measuring period."""
    written = []
    for year, plan in BJORKVIK.items():
        rng = rng_for("genomforandeplaner", "bjorkvik", year)
        rows = [[code, enhet, f"{year}-09-01", f"{year}-09-{26 + i % 5}", *counts, fake_free_text(rng, enhet)]
                for i, (code, enhet, counts) in enumerate((c, e, n) for c, units in plan.items() for e, n in units.items())]
        frame = pd.DataFrame(rows, columns=BJORKVIK_HEADERS)
        written.append(write_csv(frame, root / "bjorkvik" / str(year) / f"Genomforandeplaner_{year}.csv", sep=";", encoding="cp1252"))
    return written


def generate(root: Path) -> list[Path]:
    """Ekdala (rows per brukare) and Björkvik (counts per enhet); Sjöhamn has no audit."""
    return ekdala(root) + bjorkvik(root)
