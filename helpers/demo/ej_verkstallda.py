"""Demo ej verkställda beslut: the quarterly reports to IVO of the demo organisations.

Ekdala is calibrated to Sävsjö kommun's kvalitetsberättelse 2025 (seed 001,
Tabell 22 and the prose around it): 15 decisions reported during 2025,
ledsagarservice 9 § 3 p LSS 3, kontaktperson 9 § 4 p LSS 3, bostad för vuxna
9 § 9 p LSS 2, kontaktperson SoL 3, kontaktfamilj SoL 3 and särskilt boende
SoL 1, of which six concern children under 18, mainly for lack of staff
(kontaktpersoner, ledsagare, kontaktfamiljer) and some because the person
declined. Seed 001's Tabell 23 (reasons) holds Word's placeholder chart
values and is not reproduced. One decision is an interrupted insats; two
were reported in 2024 already and are the same ids in both years' files.
Each decision is one row per quarter in which it was reported, its date
carried out or its closing in the quarter it happened.

Björkvik (a stadsdelsförvaltning) exports semicolon CSV in Windows-1252 with
its own headers and codes (mapped in ``params/bjorkvik.yml``). Sjöhamn has
no file: the chapter shows "Data saknas". Every file carries free text and
names marked ``DEMO-FRITEXT`` so that tests can prove they never reach a report.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .common import fake_free_text, fake_name, rng_for, write_csv, write_text

LSS3, LSS4, LSS9, SOL = "9 § 3 p LSS", "9 § 4 p LSS", "9 § 9 p LSS", "11 kap. 1 § SoL"


class Decision(NamedTuple):
    id: str
    insats: str
    lagrum: str
    child: bool
    kon: str
    reason: str
    decided: str
    outcome: tuple[str, ...] = ()  # ("verk", date) or ("avsl", reason, date or "")
    interrupted: str = ""


EKDALA = {
    2025: [
        Decision("EVB-2024-031", "Ledsagarservice", LSS3, True, "Man", "Personalbrist", "2024-12-02", ("verk", "2025-04-14")),
        Decision("EVB-2025-004", "Ledsagarservice", LSS3, False, "Kvinna", "Personalbrist", "2025-02-17", ("verk", "2025-09-01")),
        Decision("EVB-2025-007", "Ledsagarservice", LSS3, False, "Man", "Den enskildes önskemål", "2025-03-10", ("avsl", "Tackat nej", "2025-07-07")),
        Decision("EVB-2024-018", "Kontaktperson", LSS4, True, "Kvinna", "Personalbrist", "2024-09-16"),
        Decision("EVB-2025-011", "Kontaktperson", LSS4, False, "Man", "Personalbrist", "2025-04-07"),
        Decision("EVB-2025-002", "Kontaktperson", LSS4, False, "Kvinna", "Personalbrist", "2023-05-15", ("verk", "2025-06-02"), "2025-01-20"),
        Decision("EVB-2024-026", "Bostad för vuxna", LSS9, False, "Man", "Platsbrist", "2024-10-07", ("verk", "2025-08-18")),
        Decision("EVB-2025-006", "Bostad för vuxna", LSS9, False, "Kvinna", "Platsbrist", "2025-03-03"),
        Decision("EVB-2025-001", "Kontaktperson", SOL, False, "Man", "Personalbrist", "2025-01-13", ("verk", "2025-05-26")),
        Decision("EVB-2024-029", "Kontaktperson", SOL, True, "Kvinna", "Den enskildes önskemål", "2024-11-04", ("avsl", "Tackat nej", "2025-06-16")),
        Decision("EVB-2024-015", "Kontaktperson", SOL, False, "Man", "Personalbrist", "2024-08-19"),
        Decision("EVB-2025-003", "Kontaktfamilj", SOL, True, "Man", "Personalbrist", "2025-02-03", ("verk", "2025-07-21")),
        Decision("EVB-2025-009", "Kontaktfamilj", SOL, True, "Kvinna", "Den enskildes önskemål", "2025-05-05"),
        Decision("EVB-2024-032", "Kontaktfamilj", SOL, True, "Kvinna", "Personalbrist", "2024-12-09", ("verk", "2025-07-01")),
        Decision("EVB-2025-013", "Särskilt boende", SOL, False, "Kvinna", "Platsbrist", "2025-04-22", ("avsl", "Flyttat", "")),
    ],
    2024: [
        Decision("EVB-2024-018", "Kontaktperson", LSS4, True, "Kvinna", "Personalbrist", "2024-09-16"),
        Decision("EVB-2024-015", "Kontaktperson", SOL, False, "Man", "Personalbrist", "2024-08-19"),
        Decision("EVB-2024-003", "Kontaktperson", SOL, False, "Kvinna", "Personalbrist", "2023-11-06", ("verk", "2024-03-18")),
        Decision("EVB-2024-005", "Kontaktperson", SOL, True, "Man", "Personalbrist", "2024-01-15", ("verk", "2024-06-10")),
        Decision("EVB-2024-008", "Kontaktperson", SOL, False, "Man", "Den enskildes önskemål", "2024-02-12", ("avsl", "Tackat nej", "2024-07-01")),
        Decision("EVB-2024-002", "Kontaktfamilj", SOL, True, "Kvinna", "Personalbrist", "2023-10-02", ("verk", "2024-05-06")),
        Decision("EVB-2024-010", "Kontaktfamilj", SOL, True, "Man", "Personalbrist", "2024-03-04", ("verk", "2024-09-23")),
        Decision("EVB-2024-012", "Kontaktfamilj", SOL, True, "Kvinna", "Personalbrist", "2024-04-08", ("verk", "2024-10-14")),
        Decision("EVB-2024-004", "Ledsagarservice", LSS3, False, "Man", "Personalbrist", "2023-12-11", ("verk", "2024-04-22")),
        Decision("EVB-2024-009", "Ledsagarservice", LSS3, False, "Kvinna", "Personalbrist", "2024-02-26", ("verk", "2024-08-05")),
        Decision("EVB-2024-006", "Kontaktperson", LSS4, False, "Man", "Personalbrist", "2024-01-22", ("verk", "2024-06-24")),
        Decision("EVB-2024-011", "Särskilt boende", SOL, False, "Kvinna", "Platsbrist", "2024-03-25", ("avsl", "Avliden", "2024-07-15")),
    ],
}

EKDALA_TEXT = """# Analys

Orsaken till att besluten inte kunnat verkställas inom tre månader är huvudsakligen personalrelaterad: det är svårt att
rekrytera kontaktpersoner, ledsagare och kontaktfamiljer. Några ärenden beror på att den enskilde har särskilda önskemål
som varit svåra att tillgodose; de har erbjudits en insats men tackat nej.

# Åtgärder

- Förvaltningen följer upp varje beslut som inte verkställts inom tre månader och erbjuder andra insatser under tiden.
- Rekryteringen av kontaktpersoner, ledsagare och kontaktfamiljer fortsätter, med en gemensam annons varje kvartal.
"""


def _quarter(date: pd.Timestamp) -> int:
    return (date.month - 1) // 3 + 1


def report_rows(decision: Decision, year: int) -> list[dict[str, str]]:
    """One row per quarter of ``year`` in which the decision was reported: from the quarter its three months ran out
    to the quarter it was carried out or closed (the fourth while it still waits)."""
    start = pd.Timestamp(decision.interrupted or decision.decided)
    due = start + pd.DateOffset(months=3)
    first = 1 if due.year < year else _quarter(due)
    end = pd.Timestamp(decision.outcome[-1]) if decision.outcome and decision.outcome[-1] else None
    last = _quarter(end) if end is not None and end.year == year else 4
    rows = []
    for q in range(first, last + 1):
        final = q == last and bool(decision.outcome)
        kind = decision.outcome[0] if final else ""
        rows.append({
            "id": decision.id, "kvartal": f"{year}-Q{q}", "insats": decision.insats, "lagrum": decision.lagrum,
            "beslutsdatum": decision.decided, "avbrott_datum": decision.interrupted, "orsak": decision.reason,
            "under_18": "ja" if decision.child else "nej", "kon": decision.kon,
            "verkstallt_datum": decision.outcome[1] if kind == "verk" else "",
            "avslutad_orsak": decision.outcome[1] if kind == "avsl" else "",
            "avslutad_datum": decision.outcome[2] if kind == "avsl" else "",
        })
    return rows


def report_frame(decisions: list[Decision], kommun: str, year: int) -> pd.DataFrame:
    """The year's quarterly reports in quarter order, with the free text an export carries."""
    rng = rng_for("ej_verkstallda", kommun, year)
    rows = [row for d in decisions for row in report_rows(d, year)]
    frame = pd.DataFrame(rows).sort_values(["kvartal", "id"], kind="stable").reset_index(drop=True)
    frame["handlaggare"] = [f"DEMO-FRITEXT {fake_name(rng)}" for _ in range(len(frame))]
    frame["kommentar"] = [fake_free_text(rng, i) for i in frame["id"]]
    return frame


def ekdala(root: Path) -> list[Path]:
    written = [write_text(root / "ekdala" / "2025" / "texter" / "ej_verkstallda.md", EKDALA_TEXT)]
    for year, decisions in EKDALA.items():
        written.append(write_csv(report_frame(decisions, "ekdala", year), root / "ekdala" / str(year) / "ej_verkstallda.csv"))
    return written


# Björkvik's own codes (params/bjorkvik.yml maps them back).
BJORKVIK_INSATSER = {("Hemtjänst", "SoL 11:1"): 5, ("Särskilt boende", "SoL 11:1"): 6, ("Kontaktperson", "SoL 11:1"): 4,
                     ("Boendestöd", "SoL 11:1"): 3, ("Kontaktperson", "LSS 9:4"): 3, ("Korttidsvistelse", "LSS 9:6"): 2,
                     ("Bostad för vuxna", "LSS 9:9"): 1}
BJORKVIK_REASONS = ["PERS", "PERS", "PLATS", "PLATS", "ENSK", "ÖVR"]
BJORKVIK_HEADERS = {"id": "Ärende-ID", "kvartal": "Rapportkvartal", "insats": "Insats", "lagrum": "Lagrum", "beslutsdatum": "Beslutsdatum",
                    "avbrott_datum": "Avbrott", "orsak": "Orsak", "under_18": "Under 18 år", "kon": "Kön", "verkstallt_datum": "Verkställt",
                    "avslutad_orsak": "Avslutsorsak", "avslutad_datum": "Avslutsdatum", "handlaggare": "Handläggare", "kommentar": "Kommentar"}


def random_decisions(kommun: str, year: int, n: int, insatser: dict[tuple[str, str], int], reasons: list[str],
                     genders: tuple[str, str], id_prefix: str) -> list[Decision]:
    """``n`` decisions with waiting times from three months to well over a year, spread over the (insats, lagrum)
    pairs in proportion to their weights; reasons and genders in turn."""
    rng = rng_for("ej_verkstallda", kommun, "beslut", year)
    pairs = [pair for pair, k in insatser.items() for _ in range(k)]
    found = []
    for i in range(n):
        insats, lagrum = pairs[int(rng.integers(0, len(pairs)))]
        decided = pd.Timestamp(year, 1, 1) + pd.Timedelta(days=int(rng.integers(-420, 250)))
        fate = rng.random()
        if fate < 0.45:
            done = decided + pd.Timedelta(days=int(rng.integers(95, 330)))
            outcome: tuple[str, ...] = ("verk", done.strftime("%Y-%m-%d")) if done.year == year else ()
        elif fate < 0.6:
            done = max(decided + pd.Timedelta(days=int(rng.integers(95, 300))), pd.Timestamp(year, 1, 5))
            outcome = ("avsl", ["Tackat nej", "Flyttat", "Avliden"][i % 3], done.strftime("%Y-%m-%d")) if done.year == year else ()
        else:
            outcome = ()
        if decided + pd.DateOffset(months=3) > pd.Timestamp(year, 12, 31) or (outcome and pd.Timestamp(outcome[-1]).year < year):
            decided = pd.Timestamp(year, 3, 1) + pd.Timedelta(days=int(rng.integers(0, 150)))
            outcome = ()
        child = insats in ("Kontaktperson", "Korttidsvistelse") and rng.random() < 0.5
        found.append(Decision(f"{id_prefix}{year % 100}-{i + 1:03d}", insats, lagrum, child, genders[i % 2], reasons[i % len(reasons)],
                              decided.strftime("%Y-%m-%d"), outcome))
    return found


def bjorkvik_decisions(year: int, n: int) -> list[Decision]:
    return random_decisions("bjorkvik", year, n, BJORKVIK_INSATSER, BJORKVIK_REASONS, ("K", "M"), "B")


def bjorkvik(root: Path) -> list[Path]:
    written = []
    for year, n in ((2025, 24), (2024, 19)):
        frame = report_frame(bjorkvik_decisions(year, n), "bjorkvik", year)
        frame["kvartal"] = frame["kvartal"].str.replace("-Q", " Kv ", regex=False)
        frame["under_18"] = frame["under_18"].map({"ja": "J", "nej": "N"})
        frame = frame.rename(columns=BJORKVIK_HEADERS)
        written.append(write_csv(frame, root / "bjorkvik" / str(year) / f"IVO_ej_verkstallda_{year}.csv", sep=";", encoding="cp1252"))
    return written


def generate(root: Path) -> list[Path]:
    """Ekdala (seed 001) and Björkvik; Sjöhamn has no report."""
    return ekdala(root) + bjorkvik(root)
