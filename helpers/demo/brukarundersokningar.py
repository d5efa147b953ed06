"""Demo survey results for the three demo kommuner, and a synthetic reference set for the colours.

Ekdala (9901) reproduces Sävsjö kommun's kvalitetsberättelse 2025 (seed 001):
Tabell 16 (hemtjänst) and 17 (särskilt boende) exactly, "-" as missing,
including särskilt boende's missing response rate 2024 and 2025; Tabell 18
(gruppbostad LSS, 2025 only); and Tabell 21 (sysselsättning SoL) with its
shares that five answers cannot give, so the chapter's check has something
to show. Where the seed's shares need fewer answers than the survey's
respondents (89 % of 40 is impossible, of 38 it is not), ``antal_svar_fraga``
holds the largest count that gives the share.

Björkvik (9902) exports a semicolon CSV in Windows-1252 with its own
headers, survey names and question texts, and decimal commas. Sjöhamn (9903)
has files for 2023 and 2024 only: the report year is missing on purpose.

The reference set (``referens/brukarundersokningar.csv``) holds synthetic
values for all 290 kommuner, the demo kommuner and riket (0000), marked
``syntetisk`` in its ``kalla`` column so the report says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..chapters.brukarundersokningar.catalogue import Catalogue, load_catalogue
from ..chapters.brukarundersokningar.metrics import share_is_possible
from ..formatting import round_half_up
from .common import rng_for, write_csv, write_text

YEARS = (2023, 2024, 2025)
RIKET = "0000"
CODES = {"ekdala": "9901", "bjorkvik": "9902", "sjohamn": "9903"}
REFERENCE_FILE = Path("referens") / "brukarundersokningar.csv"
SYNTHETIC = "syntetisk demodata"

# Seed 001 Tabell 16–18 and 21: share positive 2023, 2024, 2025 (None = "-").
EKDALA_SHARES: dict[str, dict[str, tuple[float | None, float | None, float | None]]] = {
    "hemtjanst": {
        "helhetssyn": (84, 90, 90),
        "synpunkter": (54, 46, 63),
        "paverka_tider": (45, 64, 65),
        "bemotande": (93, 97, 98),
        "trygghet": (85, 84, 92),
        "kontakt": (70, 70, 82),
        "fast_omsorgskontakt": (None, 26, 26),
        "svenska": (None, 88, 90),
        "kompetens": (None, 88, 89),
    },
    "sarskilt_boende": {
        "helhetssyn": (87, 88, 89),
        "angslan": (3, 18, 13),
        "ensamhet": (19, 26, 11),
        "tid": (71, 76, 81),
        "bemotande": (97, 92, 92),
        "hansyn": (86, 80, 89),
        "svenska": (None, 84.6, 83.8),
        "kompetens": (None, 84.6, 94.4),
        "sjukskoterska": (50, 75, 71),
        "lakare": (35, 42, 50),
        "synpunkter": (63, 52, 49),
        "utomhus": (56, 78, 67),
    },
    "gruppbostad_lss": {
        "bestamma": (None, None, 50),
        "hjalp": (None, None, 58),
        "pratar": (None, None, 36),
        "forstar": (None, None, 58),
        "bryr_sig": (None, None, 83),
        "trygg": (None, None, 42),
        "inte_radd": (None, None, 50),
        "trivs": (None, None, 75),
        "vet_kontakt": (None, None, 100),
    },
    "sysselsattning_sol": {
        "bestamma": (None, None, 81),
        "hjalp": (None, None, 87),
        "pratar": (None, None, 84),
        "forstar": (None, None, 84),
        "bryr_sig": (None, None, 81),
        "trygg": (None, None, 84),
        "inte_radd": (None, None, 77),
        "trivs": (None, None, 71),
        "viktig": (None, None, 58),
        "vet_kontakt": (None, None, 84),
        "arbete": (None, None, 17),
    },
}
# Svarsfrekvens (%) and antal svar per year; None = "-". Surveys not run in a year are left out.
EKDALA_RESPONSE: dict[str, dict[int, tuple[float | None, int | None]]] = {
    "hemtjanst": {2023: (59, 100), 2024: (59, 109), 2025: (62, 110)},
    "sarskilt_boende": {2023: (42, 35), 2024: (None, None), 2025: (None, 40)},
    "gruppbostad_lss": {2025: (80, 12)},
    "sysselsattning_sol": {2025: (100, 5)},
}
# Tabell 21's shares cannot come from five answers; the demo keeps that error (no per-question counts).
EKDALA_NO_QUESTION_COUNTS = {"sysselsattning_sol"}

# Synthetic national levels per question (not real statistics).
BASE_LEVELS: dict[str, dict[str, float]] = {
    "hemtjanst": {"helhetssyn": 86, "synpunkter": 56, "paverka_tider": 57, "bemotande": 95, "trygghet": 86,
                  "kontakt": 77, "fast_omsorgskontakt": 38, "svenska": 88, "kompetens": 88},
    "sarskilt_boende": {"helhetssyn": 81, "angslan": 15, "ensamhet": 21, "tid": 72, "bemotande": 93, "hansyn": 81,
                        "svenska": 85, "kompetens": 86, "sjukskoterska": 66, "lakare": 50, "synpunkter": 55, "utomhus": 64},
    "gruppbostad_lss": {"bestamma": 70, "hjalp": 80, "pratar": 68, "forstar": 64, "bryr_sig": 86, "trygg": 70,
                        "inte_radd": 66, "trivs": 80, "vet_kontakt": 86},
    "sysselsattning_sol": {"bestamma": 76, "hjalp": 85, "pratar": 80, "forstar": 76, "bryr_sig": 88, "trygg": 80,
                           "inte_radd": 78, "trivs": 81, "viktig": 85, "vet_kontakt": 85, "arbete": 30},
}
# Surveys only in the report year's reference (the LSS/SoL surveys are new in the seed).
REFERENCE_YEARS = {"gruppbostad_lss": (2025,), "sysselsattning_sol": (2025,)}
NEW_QUESTIONS_2024 = {("hemtjanst", "fast_omsorgskontakt"), ("hemtjanst", "svenska"), ("hemtjanst", "kompetens"),
                      ("sarskilt_boende", "svenska"), ("sarskilt_boende", "kompetens")}

# Simulated kommuner: survey → (respondents, response rate %), and how much better than the national level.
BJORKVIK_SURVEYS = {"hemtjanst": (160, 57.0), "sarskilt_boende": (48, 47.0)}
BJORKVIK_OFFSET = 1.5
SJOHAMN_SURVEYS = {"hemtjanst": (70, 61.0)}
SJOHAMN_OFFSET = -2.0
SJOHAMN_YEARS = (2023, 2024)

COLUMNS = ["undersokning", "fraga", "ar", "kommunkod", "andel_positiva", "antal_svar", "antal_svar_fraga", "svarsfrekvens"]
BJORKVIK_HEADERS = {
    "undersokning": "Undersökning", "fraga": "Fråga", "ar": "År", "kommunkod": "Kommunkod",
    "andel_positiva": "Andel positiva (%)", "antal_svar": "Antal svarande", "antal_svar_fraga": "Antal svar på frågan",
    "svarsfrekvens": "Svarsfrekvens (%)",
}


def plausible_answer_count(share: float, respondents: int) -> int | None:
    """The largest number of answers, at most ``respondents``, that can give ``share`` (item non-response)."""
    for answers in range(respondents, max(0, respondents // 2), -1):
        if share_is_possible(share, answers):
            return answers
    return None


def _text(value: float | int | None, decimal_comma: bool = False) -> str:
    """Numbers as an export writes them: ``90``, ``84.6`` (or ``84,6``), empty when missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{float(value):.1f}"
    return text.replace(".", ",") if decimal_comma else text


def ekdala_rows(year: int) -> pd.DataFrame:
    """One year of Ekdala's results, straight from seed 001's tables."""
    rows = []
    for survey, questions in EKDALA_SHARES.items():
        if year not in EKDALA_RESPONSE[survey]:
            continue
        rate, respondents = EKDALA_RESPONSE[survey][year]
        for question, values in questions.items():
            share = values[YEARS.index(year)]
            answers = None
            if share is not None and respondents and survey not in EKDALA_NO_QUESTION_COUNTS:
                answers = plausible_answer_count(float(share), respondents)
            rows.append({
                "undersokning": survey, "fraga": question, "ar": str(year), "kommunkod": CODES["ekdala"],
                "andel_positiva": _text(share), "antal_svar": _text(respondents),
                "antal_svar_fraga": _text(answers), "svarsfrekvens": _text(rate),
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def simulated_rows(kommun: str, year: int, surveys: dict[str, tuple[int, float]], catalogue: Catalogue, offset: float,
                   code: str | None = None) -> pd.DataFrame:
    """Plausible results: every share is a whole count of answers, rounded as published.

    ``kommun`` seeds the draws; ``code`` is the kommunkod in the rows (default: the demo kommun's).
    """
    code = code or CODES[kommun]
    rows = []
    for survey_id, (respondents_base, rate_base) in surveys.items():
        rng = rng_for("brukarundersokningar", kommun, survey_id, year)
        respondents = int(respondents_base + rng.integers(-8, 9))
        rate = float(round_half_up(rate_base + rng.normal(0, 2.5), 1))
        survey = catalogue.survey(survey_id)
        for question in survey.fragor:
            new = (survey_id, question.id) in NEW_QUESTIONS_2024 and year < 2024
            answers = int(respondents - rng.integers(0, max(2, respondents // 15)))
            level = BASE_LEVELS[survey_id][question.id] + (offset if question.higher_is_better else -offset) + rng.normal(0, 4)
            positive = int(np.clip(round(level / 100 * answers), 0, answers))
            share = float(round_half_up(100.0 * positive / answers, 0))
            rows.append({
                "undersokning": survey_id, "fraga": question.id, "ar": str(year), "kommunkod": code,
                "andel_positiva": "" if new else _text(share), "antal_svar": _text(respondents),
                "antal_svar_fraga": "" if new else _text(answers), "svarsfrekvens": _text(rate),
            })
    return pd.DataFrame(rows, columns=COLUMNS)


# The analyst's own text for 2025, after the prose of seed 001 (its numbers agree with the tables).
EKDALA_TEXT = """# Analys

Inom hemtjänsten har känslan av trygghet i hemmet (92 %) och upplevelsen av att det är lätt att få kontakt
med personalen (82 %) förbättrats, och bemötandet får mycket höga omdömen (98 %). Andelen som träffar sin
fasta omsorgskontakt står still på en låg nivå (26 %), vilket påverkar kontinuiteten.

På de särskilda boendena har andelen som ofta besväras av ensamhet minskat (11 %), medan möjligheten att
framföra synpunkter och klagomål (49 %) och att komma utomhus (67 %) har försämrats.

Inom sysselsättning SoL bygger resultaten på fem svar och andelarna stämmer inte med antalet svar; underlaget
ska kontrolleras med SKR innan resultaten används.

# Åtgärder

- Se över planeringen i hemtjänsten så att fler träffar sin fasta omsorgskontakt.
- Informera boende och närstående om hur synpunkter och klagomål lämnas.
- Planera utevistelse för de boende som önskar det.
"""


def ekdala(root: Path) -> list[Path]:
    written = [write_csv(ekdala_rows(year), root / "ekdala" / str(year) / "brukarundersokningar.csv") for year in YEARS]
    return written + [write_text(root / "ekdala" / "2025" / "texter" / "brukarundersokningar.md", EKDALA_TEXT)]


def bjorkvik_frame(year: int, catalogue: Catalogue) -> pd.DataFrame:
    """Björkvik's export: own headers, survey names and question texts instead of ids, decimal commas."""
    frame = simulated_rows("bjorkvik", year, BJORKVIK_SURVEYS, catalogue, BJORKVIK_OFFSET)
    names = {s.id: s.namn for s in catalogue.undersokningar}
    frame["fraga"] = [catalogue.survey(s).question(q).text for s, q in zip(frame["undersokning"], frame["fraga"])]
    frame["undersokning"] = frame["undersokning"].map(names)
    frame["svarsfrekvens"] = frame["svarsfrekvens"].str.replace(".", ",", regex=False)
    return frame.rename(columns=BJORKVIK_HEADERS)


def bjorkvik(root: Path, catalogue: Catalogue) -> list[Path]:
    return [
        write_csv(bjorkvik_frame(year, catalogue), root / "bjorkvik" / str(year) / f"Brukarundersokning_{year}.csv", sep=";", encoding="cp1252")
        for year in YEARS
    ]


def sjohamn(root: Path, catalogue: Catalogue) -> list[Path]:
    """Hemtjänst 2023 and 2024 only: the report year's file is missing on purpose."""
    return [
        write_csv(simulated_rows("sjohamn", year, SJOHAMN_SURVEYS, catalogue, SJOHAMN_OFFSET),
                  root / "sjohamn" / str(year) / "brukarundersokningar.csv")
        for year in SJOHAMN_YEARS
    ]


def _demo_values(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The demo kommuner's own shares, in the reference's shape."""
    rows = pd.concat(frames, ignore_index=True)
    return rows[["undersokning", "fraga", "ar", "kommunkod", "andel_positiva"]]


def reference_frame(catalogue: Catalogue, kommun_codes: list[str], demo: pd.DataFrame) -> pd.DataFrame:
    """Synthetic values for every kommun, the demo kommuner's own values, and riket as the kommuner's mean."""
    rows = []
    for survey in catalogue.undersokningar:
        lss = survey.id in REFERENCE_YEARS
        effect_rng = rng_for("brukarundersokningar", "referens", survey.id, "kommuneffekt")
        effects = dict(zip(kommun_codes, effect_rng.normal(0, 4.0 if lss else 3.0, size=len(kommun_codes))))
        for year in REFERENCE_YEARS.get(survey.id, YEARS):
            for question in survey.fragor:
                rng = rng_for("brukarundersokningar", "referens", survey.id, question.id, year)
                base = BASE_LEVELS[survey.id][question.id] + 0.6 * (year - 2024)
                sign = 1 if question.higher_is_better else -1
                noise = rng.normal(0, 8.0 if lss else 4.5, size=len(kommun_codes))
                missing = rng.random(len(kommun_codes)) < (0.12 if lss else 0.04)
                values = np.clip(base + sign * np.array([effects[c] for c in kommun_codes]) + noise, 0, 100)
                new = (survey.id, question.id) in NEW_QUESTIONS_2024 and year < 2024
                kept = []
                for code, value, gone in zip(kommun_codes, values, missing):
                    shown = None if (gone or new) else float(round_half_up(value, 0))
                    kept.append(shown)
                    rows.append((survey.id, question.id, str(year), code, _text(shown), SYNTHETIC))
                known = [v for v in kept if v is not None]
                riket = float(round_half_up(sum(known) / len(known), 0)) if known else None
                rows.append((survey.id, question.id, str(year), RIKET, _text(riket), SYNTHETIC))
    frame = pd.DataFrame(rows, columns=["undersokning", "fraga", "ar", "kommunkod", "andel_positiva", "kalla"])
    demo = demo.assign(kalla=SYNTHETIC)
    frame = pd.concat([frame, demo], ignore_index=True)
    return frame.sort_values(["undersokning", "fraga", "ar", "kommunkod"], kind="stable").reset_index(drop=True)


def generate(root: Path) -> list[Path]:
    catalogue = load_catalogue(paths.reference_dir() / "brukarundersokningar_fragor.yml")
    written = ekdala(root) + bjorkvik(root, catalogue) + sjohamn(root, catalogue)
    kommuner = pd.read_csv(paths.reference_dir() / "kommuner.csv", dtype=str)["kommunkod"].str.zfill(4).tolist()
    demo = _demo_values(
        [ekdala_rows(y) for y in YEARS]
        + [simulated_rows("bjorkvik", y, BJORKVIK_SURVEYS, catalogue, BJORKVIK_OFFSET) for y in YEARS]
        + [simulated_rows("sjohamn", y, SJOHAMN_SURVEYS, catalogue, SJOHAMN_OFFSET) for y in SJOHAMN_YEARS]
    )
    written.append(write_csv(reference_frame(catalogue, kommuner, demo), root / REFERENCE_FILE))
    return written
