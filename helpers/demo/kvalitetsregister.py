"""Demo Senior Alert and Palliativregistret data for the demo kommuner.

Ekdala reproduces Vänersborgs kommuns kvalitetsberättelse 2024 (seed 004,
§3.1–3.2), with the seed's 2023 and 2024 as 2024 and 2025 here: 842 (966)
riskbedömningar, 787 (903) with risk, 669 (714) unique persons; 84 % (77 %)
with the cause stated, 94 % (90 %) with an åtgärdsplan, 79 % (67 %)
followed up; 211 (272) persons at risk of undernäring, 211 (269) with ROAG
grade 2–3; 53 persons with 74 pressure ulcers (49 with 71); no figures on
falls, as in the seed. The counts behind the shares are the whole numbers
that give the seed's shares. The split per boendeform and enhet is made up
but follows the seed's prose (the increase in pressure ulcers mainly in
ordinärt boende, munhälsa down only in särskilt boende; korttid stopped
registering; two of five PSO units started). Palliativregistret: 160 (116)
registrations and the seed's five indicators, as täljare of 160 (116).

Björkvik exports one row per riskbedömning (semicolon CSV, Windows-1252, own
headers and risk codes, a free-text column that is never read) and
Palliativregistret as shares with the number of registrations, and täljare
and nämnare for two indicators with few deaths. Sjöhamn has neither file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import apportion, fake_free_text, random_dates, rng_for, write_csv, write_text

SA_COLUMNS = ["ar", "boendeform", "enhet", "riskbedomningar", "med_risk", "unika_personer", "orsak_angiven", "atgardsplan",
              "uppfoljning", "risk_undernaring", "risk_munhalsa", "trycksar_personer", "trycksar_antal"]
# Seed 004 §3.1 per boendeform: riskbedömningar, med risk, unika, orsak, åtgärdsplan, uppföljning, undernäring, munhälsa, personer/antal trycksår.
EKDALA_FORMS: dict[int, dict[str, tuple[int, ...]]] = {
    2024: {"Ordinärt boende": (520, 480, 390, 360, 420, 250, 150, 95, 27, 40),
           "Särskilt boende äldre": (420, 400, 305, 320, 375, 285, 115, 168, 20, 28),
           "Korttid/växelvård": (26, 23, 19, 15, 18, 10, 7, 6, 2, 3)},
    2025: {"Ordinärt boende": (470, 440, 380, 365, 410, 320, 118, 98, 33, 48),
           "Särskilt boende äldre": (363, 340, 282, 290, 323, 262, 90, 111, 19, 24),
           "PSO boendeenheter": (9, 7, 7, 6, 7, 3, 3, 2, 1, 2)},
}
EKDALA_UNITS = {
    "Ordinärt boende": {"Hemtjänst Centrum": 0.4, "Hemtjänst Norra": 0.3, "Hemtjänst Söder": 0.3},
    "Särskilt boende äldre": {"Ekgården": 0.4, "Björkhagen": 0.35, "Solbacken": 0.25},
    "PSO boendeenheter": {"Gruppbostad Linden": 0.55, "Gruppbostad Tallen": 0.45},
    "Korttid/växelvård": {"Korttidsenheten Ekbacken": 1.0},
}
# Seed 004 §3.2: registrations and täljare (of all registrations) per indicator.
EKDALA_PALLIATIVE = {
    2024: (116, {"smartskattning": 49, "brytpunktssamtal": 60, "narvarande": 89, "trycksar": 103, "munhalsa": 39}),
    2025: (160, {"smartskattning": 70, "brytpunktssamtal": 67, "narvarande": 130, "trycksar": 134, "munhalsa": 72}),
}
EKDALA_TEXT = """# Analys

Antalet riskbedömningar och antalet unika personer som riskbedömts har minskat, medan arbetet med bakomliggande
orsaker, åtgärdsplaner och uppföljning har förbättrats. Korttidsenheten har slutat registrera, eftersom de korta
vårdtiderna gör det svårt att följa registrets process, och tre av fem boendeenheter inom PSO har ännu inte börjat.

I Palliativregistret har fler dödsfall registrerats, men resultaten är långt från de interna målen och ännu längre
från de nationella. Andelen med dokumenterat brytpunktssamtal har minskat.

# Åtgärder

- Utbilda medarbetarna i förebyggande arbete inom riskområdena.
- Hitta andra sätt att följa upp riskområdena på korttidsenheten.
- Riktade utbildningsinsatser om kvalitetsindikatorerna i palliativ vård, först för att nå delmålen.
- Samverka med regionen om brytpunktssamtal och följ indikatorerna löpande under året.
"""


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    return apportion(total, weights) if total else dict.fromkeys(weights, 0)


def aggregated_rows(year: int, forms: dict[str, tuple[int, ...]], units: dict[str, dict[str, float]],
                    columns: list[str] = SA_COLUMNS) -> pd.DataFrame:
    """One row per enhet (the figures per boendeform, in ``columns`` order, split over its units), and the Totalt row."""
    rows = []
    measures = columns[3:]
    for form, values in forms.items():
        split = {m: _split(v, units[form]) for m, v in zip(measures, values)}
        for unit in units[form]:
            rows.append({"ar": year, "boendeform": form, "enhet": unit, **{m: split[m][unit] for m in measures}})
    totals = {m: sum(v[i] for v in forms.values()) for i, m in enumerate(measures)}
    rows.append({"ar": year, "boendeform": "Totalt", "enhet": "", **totals})
    return pd.DataFrame(rows, columns=columns)


def ekdala_senior_alert(year: int) -> pd.DataFrame:
    return aggregated_rows(year, EKDALA_FORMS[year], EKDALA_UNITS)


def palliative_rows(year: int, registrations: int, numerators: dict[str, int]) -> pd.DataFrame:
    """Palliativregistret's täljare per indicator, each of all registrations."""
    return pd.DataFrame([{"ar": year, "indikator": k, "taljare": v, "namnare": registrations, "registreringar": registrations}
                         for k, v in numerators.items()])


def ekdala_palliative(year: int) -> pd.DataFrame:
    return palliative_rows(year, *EKDALA_PALLIATIVE[year])


BJORKVIK_UNITS = {"Hemtjänst Öst": ("Ordinärt boende", 0.34), "Hemtjänst Väst": ("Ordinärt boende", 0.2),
                  "Lindgården": ("Särskilt boende", 0.26), "Sjögläntan": ("Särskilt boende", 0.17),
                  "Korttid Björken": ("Korttid", 0.03)}
BJORKVIK_STOPPED = {2025: {"Hemtjänst Väst"}}  # registered 2024, nothing 2025
BJORKVIK_RISKS = {"Fall": ("FALL", 0.45), "Trycksår": ("TRYCK", 0.2), "Undernäring": ("NUTR", 0.3), "Munhälsa": ("MUN", 0.25)}
BJORKVIK_HEADERS = {"datum": "Bedömningsdatum", "boendeform": "Boendeform", "enhet": "Enhet", "person_id": "Brukar-ID",
                    "risker": "Identifierade risker", "orsak_angiven": "Orsak angiven", "atgardsplan": "Åtgärdsplan",
                    "uppfoljning": "Uppföljd", "trycksar_antal": "Antal trycksår"}


def bjorkvik_assessments(year: int) -> pd.DataFrame:
    """Simulated riskbedömningar: persons assessed once or more, risks drawn per area, actions mostly done."""
    rng = rng_for("kvalitetsregister", "bjorkvik", year)
    units = {u: w for u, (_, w) in BJORKVIK_UNITS.items() if u not in BJORKVIK_STOPPED.get(year, set())}
    n = 310 if year == 2024 else 285
    per_unit = apportion(n, units)
    rows = []
    person = 1000 if year == 2024 else 1400
    for unit, count in per_unit.items():
        persons = [f"B-{person + k}" for k in range(max(1, int(count * 0.7)))]
        person += len(persons) + 10
        for when, who in zip(random_dates(count, year, rng), list(persons) + list(rng.choice(persons, size=count - len(persons)))):
            risks = [code for label, (code, p) in BJORKVIK_RISKS.items() if rng.random() < p]
            plan = bool(risks) and rng.random() < (0.8 if year == 2024 else 0.87)
            rows.append({
                "datum": when.date().isoformat(), "boendeform": BJORKVIK_UNITS[unit][0], "enhet": unit, "person_id": who,
                "risker": "|".join(risks), "orsak_angiven": "Ja" if risks and rng.random() < 0.75 else "Nej",
                "atgardsplan": "Ja" if plan else "Nej", "uppfoljning": "Ja" if plan and rng.random() < 0.7 else "Nej",
                "trycksar_antal": str(int(rng.integers(1, 3))) if "TRYCK" in risks and rng.random() < 0.25 else "0",
                "kommentar": fake_free_text(rng, f"SA-{unit}"),
            })
    frame = pd.DataFrame(rows).rename(columns=BJORKVIK_HEADERS).rename(columns={"kommentar": "Kommentar"})
    return frame.sort_values("Bedömningsdatum", kind="stable").reset_index(drop=True)


BJORKVIK_PALLIATIVE = {  # registrations; shares (%) per indicator; täljare/nämnare for the two with few deaths
    2024: (34, {"Dokumenterat brytpunktssamtal": "61,8", "Smärtskattning sista levnadsveckan": "70,6",
                "Dokumenterad munhälsobedömning sista levnadsveckan": "88,2", "Utan trycksår kategori 2–4": "91,2",
                "Närvarande i samma rum i dödsögonblicket": "85,3"},
           {"Vid behovsordination av opioid mot smärta": (12, 13), "Vid behovsordination av ångestdämpande läkemedel": (11, 13)}),
    2025: (38, {"Dokumenterat brytpunktssamtal": "65,8", "Smärtskattning sista levnadsveckan": "68,4",
                "Dokumenterad munhälsobedömning sista levnadsveckan": "92,1", "Utan trycksår kategori 2–4": "89,5",
                "Närvarande i samma rum i dödsögonblicket": "89,5"},
           {"Vid behovsordination av opioid mot smärta": (14, 14), "Vid behovsordination av ångestdämpande läkemedel": (13, 14)}),
}


def bjorkvik_palliative(year: int) -> pd.DataFrame:
    registrations, shares, counts = BJORKVIK_PALLIATIVE[year]
    rows = [{"År": year, "Indikator": k, "Täljare": "", "Nämnare": "", "Andel (%)": v, "Antal registreringar": registrations} for k, v in shares.items()]
    rows += [{"År": year, "Indikator": k, "Täljare": t, "Nämnare": n, "Andel (%)": "", "Antal registreringar": registrations}
             for k, (t, n) in counts.items()]
    return pd.DataFrame(rows)


def generate(root: Path) -> list[Path]:
    written = []
    for year in (2024, 2025):
        written.append(write_csv(ekdala_senior_alert(year), root / "ekdala" / str(year) / "senior_alert.csv"))
        written.append(write_csv(ekdala_palliative(year), root / "ekdala" / str(year) / "palliativregistret.csv"))
        written.append(write_csv(bjorkvik_assessments(year), root / "bjorkvik" / str(year) / f"SeniorAlert_riskbedomningar_{year}.csv", sep=";", encoding="cp1252"))
        written.append(write_csv(bjorkvik_palliative(year), root / "bjorkvik" / str(year) / f"Palliativregistret_{year}.csv", sep=";", encoding="cp1252"))
    written.append(write_text(root / "ekdala" / "2025" / "texter" / "kvalitetsregister.md", EKDALA_TEXT))
    return written
