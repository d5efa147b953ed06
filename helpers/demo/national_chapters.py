"""The national synthetic data, chapter by chapter: one kommun's input files, drawn from its profile.

Each function writes one chapter's files for one kommun (``<data>/<id>/<år>/``, the default
``kallor`` names) with that chapter's demo generator, sized by the profile (see
``national_profiles``): counts scale with the kommun's avvikelser in the year, in the
proportions of Ekdala (seed 001, Sävsjö kommun). Every random stream is keyed by the
kommun's code, so a kommun's files do not depend on which other kommuner are generated.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import (
    avvikelser,
    egenkontroller,
    ej_verkstallda,
    genomforandeplaner,
    kvalitetsregister,
    riskanalys,
    synpunkter,
)
from .common import apportion, fake_free_texts, rng_for, write_csv
from .national_profiles import KommunProfile

YEARS = (2022, 2023, 2024, 2025)  # avvikelser and synpunkter: the report year and the three before it
RECENT = (2024, 2025)  # the chapters that compare with the year before


def _write(profile: KommunProfile, frame: pd.DataFrame, path: Path, excel: bool = False) -> Path:
    """Canonical headers always; semicolon CSV in Windows-1252 for the kommuner that export so (``excel_export``)."""
    if excel and profile.excel_export:
        return write_csv(frame, path, sep=";", encoding="cp1252")
    return write_csv(frame, path)


def _folder(root: Path, profile: KommunProfile, year: int) -> Path:
    return root / profile.id / str(year)


def _jittered(weights: dict, rng: np.random.Generator) -> dict:
    return {k: v * float(rng.uniform(0.7, 1.3)) for k, v in weights.items()}


def _lex_sarah(areas: dict[tuple[str, str], int], rng: np.random.Generator) -> dict[str, dict[str, int]]:
    """About 7 % of the avvikelser in Myndighet and Verkställighet flagged, 3 % of those reported to IVO (Ekdala 2025)."""
    out = {}
    for group in ("Myndighet", "Verkställighet"):
        rows = sum(n for (a, _), n in areas.items() if a == group)
        flagged = min(rows, round(rows * 0.07 * float(rng.uniform(0.7, 1.3))))
        ivo, wrong, open_ = round(flagged * 0.03), round(flagged * 0.01), round(flagged * 0.01)
        outcomes = {"anmäld till IVO": ivo, "missförhållande": wrong, "pågående": open_, "ej lex Sarah": flagged - ivo - wrong - open_}
        out[group] = {k: v for k, v in outcomes.items() if v}
    return out


def avvikelser_files(profile: KommunProfile, root: Path) -> list[Path]:
    written = []
    for year in YEARS:
        total = profile.size_in(year)
        rng = rng_for("nationellt-avvikelser", profile.seed, year)
        types = apportion(total, _jittered(avvikelser.TYPES_2025, rng))
        areas = apportion(total, _jittered(avvikelser.AREAS_2025, rng))
        frame = avvikelser.build_year(profile.seed, year, types, areas, _lex_sarah(areas, rng), "AVV", units=profile.units, bulk=True)
        written.append(_write(profile, frame, _folder(root, profile, year) / "avvikelser.csv", excel=True))
    return written


SYNPUNKTER_AREAS = {"Äldreomsorg": 0.4, "Hemsjukvård": 0.2, "Funktionsstöd": 0.15, "Individ- och familjeomsorg": 0.15,
                    "Socialpsykiatri": 0.1}


def synpunkter_files(profile: KommunProfile, root: Path) -> list[Path]:
    """One synpunkt for every 20 avvikelser (at least 12 a year); none at all for the kommuner without the data."""
    if not profile.synpunkter:
        return []
    units = {area: [f"{area} enhet {k}" for k in range(1, profile.units + 1)] for area in SYNPUNKTER_AREAS}
    written = []
    for year in YEARS:
        total = profile.scaled(1 / 20, 12, year)
        complaints = apportion(total, synpunkter.KIND_WEIGHTS)["Klagomål"]
        led = min(complaints, max(1, total // 30))
        frame = synpunkter.simulated_year(profile.seed, year, total, SYNPUNKTER_AREAS, units, (led, min(led, total // 150)), "SYN",
                                          bulk=True)
        written.append(_write(profile, frame, _folder(root, profile, year) / "synpunkter.csv", excel=True))
    return written


# Verksamhet → its kinds of enhet and their typical number of brukare, and the verksamhet's share of all brukare.
GP_UNITS = {"Äldreomsorg": (("Hemtjänst", 90), ("Särskilt boende", 45)),
            "Funktionsstöd": (("Gruppbostad", 7), ("Daglig verksamhet", 30)),
            "Socialpsykiatri/SIA": (("Boendestöd", 60),)}
GP_SHARES = {"Äldreomsorg": 0.46, "Funktionsstöd": 0.14, "Socialpsykiatri/SIA": 0.40}
GP_COUNT_HEADERS = ["verksamhet", "enhet", "period_fran", "matdatum", "antal_brukare", "antal_med_plan", "antal_uppdaterade",
                    "antal_avgivna", "antal_delaktiga", "kommentar"]


def gp_plan(profile: KommunProfile, year: int) -> dict[str, dict[str, genomforandeplaner.Counts]]:
    """Counts per verksamhet and enhet: three brukare audited for every ten avvikelser, each kommun with its own shares."""
    rng = rng_for("nationellt-genomforandeplaner", profile.seed, year)
    shares = {k: float(rng.uniform(*bounds)) for k, bounds in
              {"plan": (0.85, 0.98), "uppdaterad": (0.5, 0.9), "avgiven": (0.55, 0.9), "delaktig": (0.4, 0.8)}.items()}
    plan: dict[str, dict[str, genomforandeplaner.Counts]] = {}
    for verksamhet, brukare in apportion(profile.scaled(0.3, 20, year), GP_SHARES).items():
        kinds = GP_UNITS[verksamhet]
        plan[verksamhet] = {}
        for (kind, typical), in_kind in apportion(brukare, dict.fromkeys(kinds, 1.0)).items():
            sizes = apportion(in_kind, dict.fromkeys(range(max(1, round(in_kind / typical))), 1.0))
            for number, n in sizes.items():
                with_plan = int(rng.binomial(n, shares["plan"]))
                plan[verksamhet][f"{kind} {number + 1}"] = (n, with_plan, *(int(rng.binomial(with_plan, shares[k]))
                                                                           for k in ("uppdaterad", "avgiven", "delaktig")))
    return plan


def genomforandeplaner_files(profile: KommunProfile, root: Path) -> list[Path]:
    """The audit in October–November: one row per brukare, or counts per enhet for the kommuner that keep them so."""
    written = []
    for year in RECENT:
        plan, period = gp_plan(profile, year), (f"{year}-10-06", f"{year}-11-14")
        if profile.gp_counts:
            rng = rng_for("nationellt-genomforandeplaner-antal", profile.seed, year)
            units = [(v, e, c) for v, enheter in plan.items() for e, c in enheter.items()]
            days = genomforandeplaner.dates_between(*period, len(units))
            rows = [[v, e, period[0], day.strftime("%Y-%m-%d"), *c] for (v, e, c), day in zip(units, days)]
            frame = pd.DataFrame(rows, columns=GP_COUNT_HEADERS[:-1])
            frame["kommentar"] = fake_free_texts(rng, frame["enhet"].tolist())
        else:
            frame = genomforandeplaner.audit_rows(profile.seed, year, plan, period, bulk=True)
        written.append(_write(profile, frame, _folder(root, profile, year) / "genomforandeplaner.csv"))
    return written


SA_COLUMNS = [*kvalitetsregister.SA_COLUMNS, "risk_fall", "risk_trycksar"]
SA_FORMS = {"Ordinärt boende": ("Hemtjänst", 0.55), "Särskilt boende äldre": ("Särskilt boende", 0.42),
            "Korttid/växelvård": ("Korttidsenheten", 0.03)}
# Palliativregistret: each indicator's usual share of the registrations (the seeds' level), varied per kommun and year.
PALLIATIVE = {"brytpunktssamtal": 0.45, "narvarande": 0.8, "smartskattning": 0.5, "munhalsa": 0.55, "trycksar": 0.87,
              "opioid": 0.93, "angestdampande": 0.9}


def senior_alert(profile: KommunProfile, year: int) -> pd.DataFrame:
    """The register's report export per enhet: 42 riskbedömningar for every 100 avvikelser (Ekdala 2025: 842 of 2 026)."""
    rng = rng_for("nationellt-senior-alert", profile.seed, year)
    done, plan, followed = (float(rng.uniform(*b)) for b in ((0.7, 0.9), (0.8, 0.95), (0.6, 0.85)))
    forms, units = {}, {}
    for form, assessed in apportion(profile.scaled(0.42, 10, year), {f: w for f, (_, w) in SA_FORMS.items()}).items():
        kind = SA_FORMS[form][0]
        count = 1 if form.startswith("Korttid") else max(1, profile.units // 2)
        units[form] = {(kind if count == 1 else f"{kind} {k}"): 1.0 for k in range(1, count + 1)}
        risk, persons = round(assessed * 0.93), round(assessed * 0.8)
        with_plan = round(risk * plan)
        sores = round(persons * 0.06)
        forms[form] = (assessed, risk, persons, round(risk * done), with_plan, round(with_plan * followed), round(persons * 0.27),
                       round(persons * 0.26), sores, round(sores * 1.4), round(persons * 0.45), round(persons * 0.2))
    return kvalitetsregister.aggregated_rows(year, forms, units, SA_COLUMNS)


def kvalitetsregister_files(profile: KommunProfile, root: Path) -> list[Path]:
    written = []
    for year in RECENT:
        rng = rng_for("nationellt-palliativregistret", profile.seed, year)
        registrations = profile.scaled(0.075, 6, year)
        numerators = {k: int(round(registrations * float(np.clip(v + rng.normal(0, 0.06), 0, 1)))) for k, v in PALLIATIVE.items()}
        folder = _folder(root, profile, year)
        written.append(_write(profile, senior_alert(profile, year), folder / "senior_alert.csv"))
        written.append(_write(profile, kvalitetsregister.palliative_rows(year, registrations, numerators), folder / "palliativregistret.csv"))
    return written


EVB_INSATSER = {("Hemtjänst", ej_verkstallda.SOL): 5, ("Särskilt boende", ej_verkstallda.SOL): 6, ("Kontaktperson", ej_verkstallda.SOL): 4,
                ("Boendestöd", ej_verkstallda.SOL): 3, ("Kontaktfamilj", ej_verkstallda.SOL): 2, ("Kontaktperson", ej_verkstallda.LSS4): 3,
                ("Ledsagarservice", ej_verkstallda.LSS3): 2, ("Korttidsvistelse", "9 § 6 p LSS"): 2, ("Bostad för vuxna", ej_verkstallda.LSS9): 2}
EVB_REASONS = ["Personalbrist", "Personalbrist", "Platsbrist", "Platsbrist", "Den enskildes önskemål", "Övrigt"]


def ej_verkstallda_files(profile: KommunProfile, root: Path) -> list[Path]:
    """One decision not carried out within three months for every 130 avvikelser (Ekdala 2025: 15), at least two."""
    written = []
    for year in RECENT:
        decisions = ej_verkstallda.random_decisions(profile.seed, year, profile.scaled(1 / 130, 2, year), EVB_INSATSER,
                                                    EVB_REASONS, ("Kvinna", "Man"), "EVB-")
        frame = ej_verkstallda.report_frame(decisions, profile.seed, year)
        written.append(_write(profile, frame, _folder(root, profile, year) / "ej_verkstallda.csv", excel=True))
    return written


_STATUS = {"Ej påbörjad": "planerad", "Pågående": "pågår", "Klar": "genomförd"}
RISKS: list[riskanalys.Risk] = list({r[0]: r for r in [
    *riskanalys.EKDALA[2025], *riskanalys.EKDALA[2024],
    *((r, o, s, k, c, a, roll, _STATUS[st], ov.lower()) for r, o, s, k, c, a, roll, st, ov in riskanalys.BJORKVIK),
]}.values())


def riskanalys_files(profile: KommunProfile, root: Path) -> list[Path]:
    """Four to eight of the demo kommuner's risks each year, with the kommun's own assessment and status."""
    written = []
    for year in RECENT:
        rng = rng_for("nationellt-riskanalys", profile.seed, year)
        chosen = sorted(rng.choice(len(RISKS), size=int(rng.integers(4, 9)), replace=False).tolist())
        risks = [(r, o, int(rng.integers(1, 6)), int(rng.integers(2, 6)), c, a, roll, str(rng.choice(["planerad", "pågår", "genomförd"])),
                  "ja" if rng.random() < 0.6 else "nej") for r, o, _, _, c, a, roll, _, _ in (RISKS[i] for i in chosen)]
        frame = riskanalys.register_frame(risks, riskanalys.HEADERS, profile.seed, year)
        written.append(_write(profile, frame, _folder(root, profile, year) / "riskanalys.csv"))
    return written


EK_KINDS = ("Hemtjänst", "Särskilt boende", "Gruppbostad", "Daglig verksamhet", "Boendestöd")


def egenkontroller_files(profile: KommunProfile, root: Path) -> list[Path]:
    """Quarters 2 and 4: one verksamhet for every 70 avvikelser (8 to 120), each with Ekdala's three egenkontroller."""
    count = max(8, min(120, round(profile.size / 70)))
    units = [f"{EK_KINDS[i % len(EK_KINDS)]} {i // len(EK_KINDS) + 1}" for i in range(count)]
    written = []
    for year in RECENT:
        rng = rng_for("nationellt-egenkontroller", profile.seed, year)
        rows = []
        for quarter in (2, 4):
            active = round(count * float(rng.uniform(0.55, 0.9)))
            silent = min(count - active, round(count * float(rng.uniform(0, 0.12))))
            rows += egenkontroller.quarter_rows(year, quarter, active, round(active * float(rng.uniform(0.3, 0.7))), silent,
                                                units, egenkontroller.EKDALA_CONTROLS)
        frame = pd.DataFrame(rows, columns=egenkontroller.HEADERS)
        frame["kommentar"] = fake_free_texts(rng, [str(i) for i in range(len(frame))])
        written.append(_write(profile, frame, _folder(root, profile, year) / "egenkontroller.csv"))
    return written


CHAPTER_FILES = (avvikelser_files, synpunkter_files, genomforandeplaner_files, kvalitetsregister_files, ej_verkstallda_files,
                 riskanalys_files, egenkontroller_files)
