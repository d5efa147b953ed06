"""Demo riskanalys och internkontrollplan for the demo kommuner.

Ekdala 2025 is seed 001's Tabell 14 (Sävsjö kommun 2025): the same four risks
with riskvärde 16, 16, 12 and 12 (sannolikhet × konsekvens 4 × 4, 4 × 4,
3 × 4 and 4 × 3), all Hög as Tabell 13 counts them, with the same kontroller
and åtgärder; all four are carried over to 2026, as there. Seed 001 gives no
status, so the demo's status at year end is invented (two done, two ongoing),
and so are område and ansvarig roll. Ekdala 2024 is a fictional earlier
analysis with five risks.

Björkvik (a stadsdelsförvaltning) exports its register from the city's
system as semicolon CSV in Windows-1252 with its own headers and status words
(mapped in ``params/bjorkvik.yml``); its risks follow seed 003 (avtalstrohet
vid inköp, trygghetslarm, planering, arbetskort …) and cover every level,
some exactly on a level's lowest riskvärde. Sjöhamn has no riskanalys.

Every file carries a free-text comment and a name marked ``DEMO-FRITEXT`` so
that tests can prove they never reach a report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import fake_free_text, fake_name, rng_for, write_csv, write_text

Risk = tuple[str, str, int, int, str, list[str], str, str, str]  # risk, område, s, k, kontroll, åtgärder, roll, status, överförs

EKDALA: dict[int, list[Risk]] = {
    2025: [
        ("Risk för att personalen har bristande kunskaper i social dokumentation", "Gemensamt", 4, 4,
         "Säkerställa att verksamheterna uppfyller de krav som ställs för social dokumentation",
         ["Uppdatera rutin för loggkontroll", "Uppdatera rutin för social dokumentation", "Granskning av vissa områden i dokumentation av SAS",
          "Utvärdera behov av dokumentationsombudsrollen", "Social dokumentation blir en stående punkt på verksamhetsträffar/APT"],
         "SAS", "pågår", "ja"),
        ("Risk för bristande vårdhygien", "Äldreomsorg", 4, 4,
         "Säkerställa att ordinarie omvårdnadspersonal och vikarier har kunskap om basala hygienrutiner och klädregler genom följsamhetsmätningar per enhet",
         ["Sjuksköterskor utbildar omvårdnadspersonal i hygienrutiner på verksamhetsträffar/APT", "Säkerställa att vikarier får introduktion om hygienrutiner"],
         "MAS", "genomförd", "ja"),
        ("Risk för bristande samverkan i individärenden", "Gemensamt", 3, 4,
         "Följa avvikelser och synpunkter/klagomål kring samverkan",
         ["Workshop och case med enhetschefer kring hur vi kan förbättra samverkan"],
         "Avdelningschef", "genomförd", "ja"),
        ("Risk för bristande egenkontroller och efterlevnad av SOSFS 2011:9", "Gemensamt", 4, 3,
         "Uppföljning av att egenkontroller genomförs i ledningssystemet Stratsys på enhetschefsnivå",
         ["Upprätta ny riktlinje för ledningssystemet", "Uppstartsmöte gällande praktisk hantering av egenkontroller",
          "Enhetscheferna genomför systematiska egenkontroller", "Uppdatering av ledningssystem på intranätet"],
         "Verksamhetsutvecklare", "pågår", "ja"),
    ],
    2024: [
        ("Risk för brister i överlämning mellan enheter", "Gemensamt", 3, 3, "Stickprov på tio ärenden per halvår",
         ["Ny rutin för överlämning mellan myndighet och utförare"], "Avdelningschef", "genomförd", "nej"),
        ("Risk för fel i läkemedelshantering i hemtjänst", "Äldreomsorg", 3, 4, "Egenkontroll av signeringslistor",
         ["Utbildning i läkemedelshantering för nyanställda"], "MAS", "genomförd", "nej"),
        ("Risk för sen utredning av avvikelser", "Gemensamt", 3, 2, "Uppföljning av ledtider varje månad", [], "SAS", "genomförd", "nej"),
        ("Risk för bristande vårdhygien", "Äldreomsorg", 3, 4, "Följsamhetsmätningar av basala hygienrutiner",
         ["Hygienombud på varje enhet"], "MAS", "pågår", "ja"),
        ("Risk för bristande egenkontroller och efterlevnad av SOSFS 2011:9", "Gemensamt", 4, 3,
         "Uppföljning av egenkontroller i ledningssystemet", ["Införa egenkontroller i Stratsys"], "Verksamhetsutvecklare", "pågår", "ja"),
    ],
}

EKDALA_TEXT = """# Analys

Riskanalysen gjordes av ledningsgruppen i februari, och de fyra risker som bedömdes högst fördes in i
internkontrollplanen. Kontrollerna av vårdhygien och samverkan genomfördes enligt plan. Granskningen av
den sociala dokumentationen visade brister:

| Granskat område | Granskade journaler | Med brister |
|---|--:|--:|
| Inkopierade mejlkonversationer | 48 | 12 |
| Svårbegripliga förkortningar | 48 | 14 |

: Resultat av kontrollerna i internkontrollplanen 2025

# Åtgärder

Alla fyra risker förs över till internkontrollplanen 2026. Arbetet med rutinerna för social dokumentation
och med egenkontrollerna i ledningssystemet fortsätter.
"""

HEADERS = ["risk", "omrade", "sannolikhet", "konsekvens", "kontroll", "atgarder", "ansvarig_roll", "status", "overfors"]


def register_frame(risks: list[Risk], headers: list[str], kommun: str, year: int, join: str = ";") -> pd.DataFrame:
    """The register as exported: one row per risk, its åtgärder joined, with a risk owner's name and free text."""
    rng = rng_for("riskanalys", kommun, year)
    frame = pd.DataFrame([[r, o, s, k, c, join.join(a), roll, st, ov] for r, o, s, k, c, a, roll, st, ov in risks], columns=headers)
    frame["Riskägare"] = [f"DEMO-FRITEXT {fake_name(rng)}" for _ in risks]
    frame["Kommentar"] = [fake_free_text(rng, i) for i in range(len(risks))]
    return frame


def ekdala(root: Path) -> list[Path]:
    written = [write_text(root / "ekdala" / "2025" / "texter" / "riskanalys.md", EKDALA_TEXT)]
    for year, risks in EKDALA.items():
        written.append(write_csv(register_frame(risks, HEADERS, "ekdala", year), root / "ekdala" / str(year) / "riskanalys.csv"))
    return written


BJORKVIK: list[Risk] = [
    ("Bristande avtalstrohet vid inköp", "Individ och familj", 4, 5, "Stickprov på inköp utanför ramavtal varje tertial",
     ["Utbildning i inköpsregler för chefer", "Påminnelse om ramavtal i ekonomimöten"], "Avdelningschef", "Pågående", "Ja"),
    ("Trygghetslarm som inte åtgärdas i tid", "Hemtjänst", 3, 5, "Kontroll av larmloggar varje månad",
     ["Ny rutin för larmkvittens"], "Enhetschef", "Klar", "Ja"),
    ("Brister i planeringen av hemtjänstinsatser", "Hemtjänst", 2, 5, "Uppföljning av missade besök",
     ["Gemensam planeringsdag för teamen"], "Enhetschef", "Klar", "Nej"),
    ("Arbetskort som inte är uppdaterade", "Hemtjänst", 3, 3, "Stickprov på tio arbetskort per enhet och halvår",
     ["Checklista för uppdatering av arbetskort"], "Enhetschef", "Ej påbörjad", "Ja"),
    ("Bristfällig dokumentation av barnets bästa", "Individ och familj", 2, 2, "Stickprov i beslutsunderlag",
     [], "Enhetschef", "Klar", "Nej"),
    ("Screening för våld i nära relationer görs inte", "Individ och familj", 1, 5, "Uppföljning av genomförda screeningar",
     ["Introduktion i screeningmetoden för nyanställda"], "Kvalitetsutvecklare", "Pågående", "Nej"),
]
BJORKVIK_HEADERS = ["Risk", "Process", "Sannolikhet (1-5)", "Konsekvens (1-5)", "Kontrollmoment", "Åtgärder", "Ansvarig", "Status",
                    "Överförs till nästa år"]


def bjorkvik(root: Path) -> list[Path]:
    """The city's export: semicolon CSV in Windows-1252, own headers and status words."""
    frame = register_frame(BJORKVIK, BJORKVIK_HEADERS, "bjorkvik", 2025, join=" | ")
    return [write_csv(frame, root / "bjorkvik" / "2025" / "Riskanalys_2025.csv", sep=";", encoding="cp1252")]


def generate(root: Path) -> list[Path]:
    """Ekdala (seed 001 Tabell 14, and 2024) and Björkvik; Sjöhamn has no riskanalys."""
    return ekdala(root) + bjorkvik(root)
