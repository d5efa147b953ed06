"""Demo egenkontroller for the demo kommuner.

Ekdala is calibrated to Sävsjö kommun's kvalitetsberättelse 2025 (seed 001,
§4 Egenkontroll): of its 29 verksamheter, 18 (62 %) had at least one
egenkontroll done in quarter 2 and 19 (66 %) in quarter 4, and 11 (38 %) had
followed up a result in quarter 4. Each verksamhet has three egenkontroller
planned per quarter; some verksamheter reported nej, and some reported
nothing at all (they are listed and not counted as done). Seed 001 gives no
followed-up share for quarter 2 and nothing for 2024: those are invented
(quarter 2: 7 followed up; 2024: 14 and 16 with one done, 8 followed up).

Björkvik (a stadsdelsförvaltning) exports from the city's system as
semicolon CSV in Windows-1252 with its own headers and codes, with one
measurement day in November. Its results follow Karlshamn's egenkontroll
inom LSS 2025 (seed 002, §4.7): of 24 enheter that did the egenkontroll,
avvikelser were handled in 19, fed back at APT in 20, genomförandeplaner
current for all in 10 and the social journal kept in all 24; a 25th enhet
did not report. Sjöhamn has no egenkontroller.

Every file carries a free-text comment marked ``DEMO-FRITEXT`` so that tests
can prove it never reaches a report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import fake_free_text, rng_for, write_csv

EKDALA_CONTROLS = ["Social dokumentation utan brister", "Genomförandeplaner aktuella för alla", "Avvikelser hanterade i tid"]
EKDALA_UNITS = [
    "Hemtjänst Norr", "Hemtjänst Söder", "Hemtjänst Öster", "Nattpatrullen", "Ekbackens särskilda boende", "Solgårdens särskilda boende",
    "Björkhagens särskilda boende", "Korttidsboendet Linden", "Dagverksamheten Kastanjen", "Hemsjukvården", "Rehabenheten",
    "Gruppbostad Lärkan", "Gruppbostad Tallen", "Gruppbostad Granen", "Servicebostad Eken", "Daglig verksamhet Verkstan",
    "Daglig verksamhet Ateljén", "Personlig assistans", "Korttidstillsyn Sjöstjärnan", "Boendestöd", "Träffpunkten",
    "Stödboendet Åsen", "SIA Arbetsmarknad", "Öppenvården", "Familjebehandlingen", "Myndighet vuxen", "Myndighet barn och unga",
    "Ekonomiskt bistånd", "Biståndshandläggningen äldre",
]
# Per year and quarter: verksamheter with at least one done, of them with a result followed up, and without any report.
EKDALA_PLAN = {2025: {2: (18, 7, 4), 4: (19, 11, 3)}, 2024: {2: (14, 5, 5), 4: (16, 8, 4)}}
HEADERS = ["egenkontroll", "enhet", "period", "planerad", "genomford", "uppfoljd", "resultat"]


def _done_controls(i: int, n: int) -> set[int]:
    """Which of ``n`` egenkontroller verksamhet ``i`` did (at least one)."""
    return {i % n} | ({(i + 1) % n} if i % 2 == 0 else set()) | ({(i + 2) % n} if i % 5 == 0 else set())


def quarter_rows(year: int, quarter: int, active: int, followed: int, silent: int,
                 units: list[str] = EKDALA_UNITS, controls: list[str] = EKDALA_CONTROLS) -> list[list[str]]:
    """Every verksamhet × egenkontroll of one quarter, with exactly the given counts of verksamheter."""
    rows, n = [], len(controls)
    for i, unit in enumerate(units):
        done = _done_controls(i, n) if i < active else set()
        for j, control in enumerate(controls):
            if i >= len(units) - silent:
                rows.append([control, unit, f"{year}-Q{quarter}", "ja", "", "", ""])
            elif j in done:
                result = "ja" if (i + j + quarter) % 3 else "nej"
                rows.append([control, unit, f"{year}-Q{quarter}", "ja", "ja", "ja" if i < followed else "nej", result])
            else:
                rows.append([control, unit, f"{year}-Q{quarter}", "ja", "nej", "", ""])
    return rows


def ekdala(root: Path) -> list[Path]:
    written = []
    for year, quarters in EKDALA_PLAN.items():
        rng = rng_for("egenkontroller", "ekdala", year)
        rows = [r for q, counts in quarters.items() for r in quarter_rows(year, q, *counts)]
        frame = pd.DataFrame(rows, columns=HEADERS)
        frame["kommentar"] = [fake_free_text(rng, i) for i in range(len(frame))]
        written.append(write_csv(frame, root / "ekdala" / str(year) / "egenkontroller.csv"))
    return written


BJORKVIK_UNITS = [f"{kind} {name}" for kind, names in (
    ("Gruppbostad", ["Solrosen", "Vitsippan", "Blåklockan", "Prästkragen", "Liljan", "Kornvallen", "Näckrosen", "Smörblomman"]),
    ("Servicebostad", ["Björken", "Lönnen", "Almen", "Rönnen", "Aspen"]),
    ("Daglig verksamhet", ["Verkstaden", "Caféet", "Trädgården", "Ateljén", "Sinnesrummet", "Tvätteriet"]),
    ("Korttidsvistelse", ["Fyren", "Hamnen", "Båthuset"]),
    ("Barnverksamhet", ["Ekorren", "Igelkotten", "Räven"]),
) for name in names]
# Code, enheter (of the first 24) with the requirement met: seed 002 §4.7.
BJORKVIK_RESULTS = {"AVV": 19, "APT": 20, "GP": 10, "JOUR": 24}
BJORKVIK_HEADERS = ["Kontrollområde", "Enhet", "Datum", "Planerad", "Utförd", "Uppföljd", "Resultat uppfyllt", "Kommentar"]


def bjorkvik(root: Path) -> list[Path]:
    """One measurement day, 25 enheter planned, 24 reported (Ja/Nej as the city's system writes them)."""
    rng = rng_for("egenkontroller", "bjorkvik", 2025)
    rows = []
    for code, met in BJORKVIK_RESULTS.items():
        for i, unit in enumerate(BJORKVIK_UNITS):
            if i == len(BJORKVIK_UNITS) - 1:
                rows.append([code, unit, "2025-11-14", "Ja", "", "", "", fake_free_text(rng, unit)])
            else:
                rows.append([code, unit, "2025-11-14", "Ja", "Ja", "Ja" if i % 5 else "Nej", "Ja" if (i * 7) % 24 < met else "Nej",
                             fake_free_text(rng, unit)])
    frame = pd.DataFrame(rows, columns=BJORKVIK_HEADERS)
    return [write_csv(frame, root / "bjorkvik" / "2025" / "Egenkontroller_2025.csv", sep=";", encoding="cp1252")]


def generate(root: Path) -> list[Path]:
    """Ekdala (seed 001's shares, and 2024) and Björkvik (seed 002's results); Sjöhamn has no egenkontroller."""
    return ekdala(root) + bjorkvik(root)
