"""Demo synpunkter och klagomål for the demo kommuner.

Ekdala 2025 is calibrated to Sävsjö kommun's kvalitetsberättelse 2025 (seed
001, Synpunkter): 28 synpunkter, 18 beröm and 10 klagomål, most via the
synpunktsfolder, then e-post and telefon, one that led to an avvikelse and a
lex Sarah report. Its verksamhetsområden reproduce the mentions of Tabell 11
(beröm 14/3/12/2, klagomål 3/4/8/3: 31 and 18 mentions for 18 and 10 unique
synpunkter), under Ekdala's own area names. Sävsjö's Tabell 10 lists 42
channels for 28 synpunkter; here every synpunkt has one channel, so the
channels add up to 28.

Björkvik exports semicolon CSV (UTF-8 with BOM) with its own headers and codes,
themes separated by ``|``. Sjöhamn has no synpunkter at all.

Every file carries free text, names and contact details marked
``DEMO-FRITEXT`` so that tests can prove they never reach a report.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .common import (
    apportion,
    expand,
    fake_free_text,
    fake_free_texts,
    fake_name,
    fake_names,
    pick_some,
    random_dates,
    rng_for,
    write_csv,
    write_text,
)

COLUMNS = ["id", "inkommen_datum", "kanal", "typ", "verksamhetsomrade", "tema", "beskrivning", "lamnad_av",
           "kontakt", "enhet", "besvarad_datum", "ledde_till_avvikelse", "ledde_till_lex_sarah"]

THEMES = {
    "Beröm": {"Bemötande": 0.5, "Kompetens": 0.3, "Delaktighet": 0.2},
    "Klagomål": {"Bemötande": 0.25, "Kommunikation och samordning": 0.3, "Utförande av insats": 0.3, "Rättssäkerhet": 0.15},
    "Förslag": {"Kompetens": 0.5, "Utförande av insats": 0.3, "Tillgänglighet": 0.2},
    "Övrigt": {"Tillgänglighet": 0.5, "Avgifter": 0.5},
}
# Calendar days to an answer, (lowest, highest), per kind.
ANSWER_DAYS = {"Beröm": (0, 8), "Klagomål": (1, 24), "Förslag": (2, 20), "Övrigt": (0, 15)}

EKDALA_AREAS_2025 = {
    # (kind, verksamhetsområden): number of synpunkter; mentions add up to seed 001 Tabell 11.
    ("Beröm", ("Äldreomsorg", "Hemsjukvård")): 11,
    ("Beröm", ("Hemsjukvård", "SIA/AME/Daglig verksamhet")): 1,
    ("Beröm", ("Individ- och familjeomsorg", "SIA/AME/Daglig verksamhet")): 1,
    ("Beröm", ("Äldreomsorg",)): 3,
    ("Beröm", ("Individ- och familjeomsorg",)): 2,
    ("Klagomål", ("Äldreomsorg", "Hemsjukvård")): 3,
    ("Klagomål", ("Hemsjukvård", "SIA/AME/Daglig verksamhet")): 3,
    ("Klagomål", ("Hemsjukvård", "Individ- och familjeomsorg")): 2,
    ("Klagomål", ("Individ- och familjeomsorg",)): 2,
}
EKDALA_CHANNELS_2025 = {"Synpunktsfolder": 15, "E-post": 5, "Telefon": 4, "E-tjänst": 2, "Brev": 1, "Patientnämnden": 1}
EKDALA_KINDS = {
    2022: {"Beröm": 11, "Klagomål": 5, "Förslag": 1},
    2023: {"Beröm": 13, "Klagomål": 7, "Förslag": 1},
    2024: {"Beröm": 14, "Klagomål": 8, "Förslag": 1, "Övrigt": 1},
}
EKDALA_CHANNEL_WEIGHTS = {"Synpunktsfolder": 0.5, "E-post": 0.2, "Telefon": 0.15, "E-tjänst": 0.05, "Brev": 0.05,
                          "Patientnämnden": 0.03, "IVO": 0.02}
# Before 2025 Funktionsstöd was called Funktionshinderomsorgen (params: organisationsforandringar).
EKDALA_AREA_WEIGHTS = {"Äldreomsorg": 0.4, "Hemsjukvård": 0.3, "Individ- och familjeomsorg": 0.12,
                       "SIA/AME/Daglig verksamhet": 0.08, "Funktionshinderomsorgen": 0.1}
EKDALA_UNITS = {
    "Äldreomsorg": ["Hemtjänst Norr", "Hemtjänst Söder", "Ekbackens särskilda boende"],
    "Hemsjukvård": ["Hemsjukvården"],
    "Individ- och familjeomsorg": ["Barn och familj", "Vuxenenheten"],
    "SIA/AME/Daglig verksamhet": ["Daglig verksamhet Verkstan"],
    "Funktionshinderomsorgen": ["Gruppbostad Lärkan"],
    "Funktionsstöd": ["Gruppbostad Lärkan"],
}
# (led to avvikelse, led to lex Sarah) per year.
EKDALA_CONSEQUENCES = {2022: (1, 0), 2023: (0, 0), 2024: (1, 0), 2025: (1, 1)}


def _draw_areas(rng: np.random.Generator, weights: dict[str, float], n: int) -> list[tuple[str, ...]]:
    """One or two verksamhetsområden per synpunkt."""
    names = list(weights)
    p = np.array(list(weights.values()))
    p = p / p.sum()
    out = []
    for _ in range(n):
        k = 2 if rng.random() < 0.35 else 1
        out.append(tuple(str(a) for a in rng.choice(names, size=k, replace=False, p=p)))
    return out


def _draw_themes(rng: np.random.Generator, kinds: list[str], empty_share: float = 0.0) -> list[tuple[str, ...]]:
    out = []
    for kind in kinds:
        if rng.random() < empty_share:
            out.append(())
            continue
        weights = THEMES[kind]
        p = np.array(list(weights.values()))
        k = 2 if rng.random() < 0.3 else 1
        out.append(tuple(str(t) for t in rng.choice(list(weights), size=k, replace=False, p=p / p.sum())))
    return out


def _answered(rng: np.random.Generator, received: pd.Series, kinds: list[str], year: int, slow: float = 1.0) -> pd.Series:
    """Answer dates; some synpunkter received in December are not answered when the report is written."""
    days = [int(round(rng.integers(ANSWER_DAYS[k][0], ANSWER_DAYS[k][1] + 1) * slow)) for k in kinds]
    answered = received + pd.to_timedelta(days, unit="D")
    late = (received >= pd.Timestamp(year, 12, 1)).to_numpy() & (rng.random(len(kinds)) < 0.6)
    return answered.where(~late)


def _flags(rng: np.random.Generator, kinds: list[str], counts: tuple[int, int]) -> tuple[list[str], list[str]]:
    """Exactly ``counts`` synpunkter (klagomål first) led to an avvikelse, the first of them also to lex Sarah."""
    avvikelse, lex_sarah = counts
    candidates = [i for i, k in enumerate(kinds) if k == "Klagomål"] or list(range(len(kinds)))
    chosen = [int(i) for i in rng.choice(candidates, size=avvikelse, replace=False)]
    led_avv = ["ja" if i in chosen else "nej" for i in range(len(kinds))]
    led_lex = ["ja" if i in chosen[:lex_sarah] else "nej" for i in range(len(kinds))]
    return led_avv, led_lex


def _bulk_draws(rng: np.random.Generator, ids: list[str], received: pd.Series, kinds: list[str], areas: list[tuple[str, ...]],
                year: int, units: dict[str, list[str]], empty_share: float, slow: float) -> dict[str, list[str]]:
    """The per-row draws of ``build_year`` as whole arrays (another random stream than the per-row one)."""
    n = len(kinds)
    low, high = (np.array([ANSWER_DAYS[k][i] for k in kinds]) for i in (0, 1))
    answered = received + pd.to_timedelta(np.round(rng.integers(low, high + 1) * slow), unit="D")
    answered = answered.where(~((received >= pd.Timestamp(year, 12, 1)).to_numpy() & (rng.random(n) < 0.6)))
    themes: list[tuple[str, ...]] = [()] * n
    for kind in sorted(set(kinds)):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        for i, picked in zip(rows, pick_some(rng, THEMES[kind], len(rows), 0.3)):
            themes[i] = picked
    themes = [() if empty else t for t, empty in zip(themes, (rng.random(n) < empty_share).tolist())]
    blank, pick = (rng.random(n) <= 0.1).tolist(), rng.integers(0, 1 << 30, size=n).tolist()
    unit = ["" if b else units[a[0]][k % len(units[a[0]])] for a, b, k in zip(areas, blank, pick)]
    return {"besvarad_datum": answered.dt.strftime("%Y-%m-%d").fillna("").tolist(), "tema": [";".join(t) for t in themes],
            "enhet": unit, "beskrivning": fake_free_texts(rng, ids), "lamnad_av": [f"DEMO-FRITEXT {m}" for m in fake_names(rng, n)],
            "kontakt": [f"DEMO-FRITEXT person{k}@example.invalid" for k in rng.integers(100, 999, size=n).tolist()]}


def build_year(kommun: str, year: int, kinds: list[str], areas: list[tuple[str, ...]], channels: list[str],
               units: dict[str, list[str]], consequences: tuple[int, int], id_prefix: str,
               theme_empty_share: float = 0.0, slow: float = 1.0, bulk: bool = False) -> pd.DataFrame:
    """One year's canonical rows from exact lists of kinds, areas and channels (paired in order).

    ``bulk`` draws the per-row values as whole arrays (the national data); the demo kommuner keep their stream.
    """
    rng = rng_for("synpunkter", kommun, year)
    n = len(kinds)
    assert n == len(areas) == len(channels), "demo margins must agree"
    received = random_dates(n, year, rng)
    answered = None if bulk else _answered(rng, received, kinds, year, slow)
    led_avv, led_lex = _flags(rng, kinds, consequences)
    ids = [f"{id_prefix}-{year}-{i:04d}" for i in range(1, n + 1)]
    frame = pd.DataFrame({"id": ids, "inkommen_datum": received.dt.strftime("%Y-%m-%d"), "kanal": channels, "typ": kinds,
                          "verksamhetsomrade": [";".join(a) for a in areas], "ledde_till_avvikelse": led_avv,
                          "ledde_till_lex_sarah": led_lex})
    if bulk:
        return frame.assign(**_bulk_draws(rng, ids, received, kinds, areas, year, units, theme_empty_share, slow))[COLUMNS]
    assert answered is not None
    frame["enhet"] = [str(rng.choice(units[a[0]])) if rng.random() > 0.1 else "" for a in areas]
    frame["tema"] = [";".join(t) for t in _draw_themes(rng, kinds, theme_empty_share)]
    frame["beskrivning"] = [fake_free_text(rng, i) for i in ids]
    frame["lamnad_av"] = [f"DEMO-FRITEXT {fake_name(rng)}" for _ in ids]
    frame["kontakt"] = [f"DEMO-FRITEXT person{int(rng.integers(100, 999))}@example.invalid" for _ in ids]
    frame["besvarad_datum"] = answered.dt.strftime("%Y-%m-%d").fillna("")
    return frame[COLUMNS]


EKDALA_TEXT = """# Analys

Under 2025 kom 28 synpunkter in, de flesta via synpunktsfoldern som skickas till alla med insats inom
äldreomsorgen. Berömmet gällde främst bemötande och kompetens; klagomålen gällde oftast hur insatserna
utförts. En synpunkt ledde till en avvikelse som anmäldes enligt lex Sarah. Det finns sannolikt ett
mörkertal: synpunkter som lämnas muntligt registreras inte alltid.

# Åtgärder

- Rutinen för synpunkter och klagomål gås igenom på arbetsplatsträffar, så att även muntliga synpunkter registreras.
- QR-kod till e-tjänsten sätts upp på alla korttidsboenden.
"""


def ekdala(root: Path) -> list[Path]:
    written = [write_text(root / "ekdala" / "2025" / "texter" / "synpunkter.md", EKDALA_TEXT)]
    for year in (2022, 2023, 2024, 2025):
        rng = rng_for("synpunkter-plan", "ekdala", year)
        if year == 2025:
            plan = expand({f"{k}|{';'.join(a)}": n for (k, a), n in EKDALA_AREAS_2025.items()}, rng)
            kinds = [p.split("|")[0] for p in plan]
            areas = [tuple(p.split("|")[1].split(";")) for p in plan]
            channels = expand(EKDALA_CHANNELS_2025, rng)
        else:
            kinds = expand(EKDALA_KINDS[year], rng)
            areas = _draw_areas(rng, EKDALA_AREA_WEIGHTS, len(kinds))
            channels = expand(apportion(len(kinds), EKDALA_CHANNEL_WEIGHTS), rng)
        frame = build_year("ekdala", year, kinds, areas, channels, EKDALA_UNITS, EKDALA_CONSEQUENCES[year], "SYN")
        written.append(write_csv(frame, root / "ekdala" / str(year) / "synpunkter.csv"))
    return written


BJORKVIK_HEADERS = {
    "id": "Diarienr", "inkommen_datum": "Inkom", "kanal": "Inkom via", "typ": "Ärendetyp",
    "verksamhetsomrade": "Verksamhet", "tema": "Kategori", "beskrivning": "Synpunkt (fritext)",
    "lamnad_av": "Lämnad av", "kontakt": "Kontaktuppgift", "enhet": "Enhet", "besvarad_datum": "Besvarad",
    "ledde_till_avvikelse": "Avvikelse upprättad", "ledde_till_lex_sarah": "Lex Sarah",
}
BJORKVIK_KIND_CODES = {"Beröm": "Beröm", "Klagomål": "Klagomål", "Förslag": "Förbättringsförslag", "Övrigt": "Annat"}
BJORKVIK_CHANNEL_CODES = {"Synpunktsfolder": "Folder", "E-post": "Mejl", "Telefon": "Telefon", "E-tjänst": "Webb",
                          "Brev": "Brev", "Besök": "Personligt besök"}
BJORKVIK_AREA_CODES = {"Hemtjänst": "HT", "Särskilt boende": "SÄBO", "LSS-boenden": "LSS",
                       "Myndighet vuxen": "MYN", "Barn och familj": "BoF"}
BJORKVIK_AREA_WEIGHTS = {"Hemtjänst": 0.35, "Särskilt boende": 0.3, "LSS-boenden": 0.15, "Myndighet vuxen": 0.12,
                         "Barn och familj": 0.08}
BJORKVIK_UNITS = {
    "Hemtjänst": ["Hemtjänst Centrum", "Hemtjänst Landsbygd"],
    "Särskilt boende": ["Björkgården", "Lärkängen"],
    "LSS-boenden": ["Gruppbostad Solrosen", "Gruppbostad Vitsippan"],
    "Myndighet vuxen": ["Biståndsenheten"],
    "Barn och familj": ["Familjeenheten"],
}
BJORKVIK_TOTALS = {2022: 64, 2023: 71, 2024: 83, 2025: 92}


KIND_WEIGHTS = {"Beröm": 0.42, "Klagomål": 0.43, "Förslag": 0.1, "Övrigt": 0.05}
CHANNEL_WEIGHTS = {"Synpunktsfolder": 0.3, "E-post": 0.25, "Telefon": 0.25, "E-tjänst": 0.12, "Brev": 0.04, "Besök": 0.04}


def simulated_year(kommun: str, year: int, total: int, area_weights: dict[str, float], units: dict[str, list[str]],
                   consequences: tuple[int, int], id_prefix: str, theme_empty_share: float = 0.0, slow: float = 1.0,
                   bulk: bool = False) -> pd.DataFrame:
    """``total`` synpunkter: kinds and channels in fixed proportions, one or two verksamhetsområden each."""
    rng = rng_for("synpunkter-plan", kommun, year)
    kinds = expand(apportion(total, KIND_WEIGHTS), rng)
    areas = pick_some(rng, area_weights, total, 0.35) if bulk else _draw_areas(rng, area_weights, total)
    channels = expand(apportion(total, CHANNEL_WEIGHTS), rng)
    return build_year(kommun, year, kinds, areas, channels, units, consequences, id_prefix, theme_empty_share, slow, bulk)


def bjorkvik(root: Path) -> list[Path]:
    """A kommun whose diarium exports its own headers, codes and ``|``-separated categories."""
    written = []
    for i, (year, total) in enumerate(BJORKVIK_TOTALS.items()):
        frame = simulated_year("bjorkvik", year, total, BJORKVIK_AREA_WEIGHTS, BJORKVIK_UNITS, (2 + i % 2, 1 if i >= 2 else 0),
                               "BV-SYN", theme_empty_share=0.15, slow=1.3)
        frame["typ"] = frame["typ"].map(BJORKVIK_KIND_CODES)
        frame["kanal"] = frame["kanal"].map(BJORKVIK_CHANNEL_CODES)
        frame["verksamhetsomrade"] = frame["verksamhetsomrade"].map(
            lambda v: ";".join(BJORKVIK_AREA_CODES[a] for a in v.split(";")))
        frame["tema"] = frame["tema"].str.replace(";", "|", regex=False)
        for flag in ("ledde_till_avvikelse", "ledde_till_lex_sarah"):
            frame[flag] = frame[flag].map({"ja": "Ja", "nej": ""})  # the diarium leaves unticked boxes empty
        frame = frame.rename(columns=BJORKVIK_HEADERS)
        path = root / "bjorkvik" / str(year) / f"Synpunkter_{year}.csv"
        written.append(write_csv(frame, path, sep=";", encoding="utf-8-sig"))
    return written


def generate(root: Path) -> list[Path]:
    """Ekdala and Björkvik; Sjöhamn has no synpunkter files (the chapter shows "Data saknas")."""
    return ekdala(root) + bjorkvik(root)
