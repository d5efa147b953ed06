"""Ej verkställda beslut: decisions across quarters, waiting time, the seed's Tabell 22, wording, key figures, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from reportscan import plain, unescaped

from helpers.chapters import get
from helpers.chapters.ej_verkstallda import metrics
from helpers.chapters.ej_verkstallda.contract import parse_quarter
from helpers.chapters.ej_verkstallda.loading import load
from helpers.config import load_params
from helpers.errors import InputError

CHAPTER = get("ej_verkstallda")
HEADER = "id,kvartal,insats,lagrum,beslutsdatum,avbrott_datum,orsak,under_18,kon,verkstallt_datum,avslutad_orsak,avslutad_datum,fritext\n"


def markdown(data) -> str:
    return plain(unescaped("\n".join(b.markdown for b in CHAPTER.section_blocks(data))))


def own_kommun(tmp_path: Path, monkeypatch, files: dict[int, str], extra: str = "") -> Path:
    """A params folder with one kommun 'prov' whose ej_verkstallda files are the given CSV texts."""
    folder = tmp_path / "params"
    folder.mkdir(exist_ok=True)
    shutil.copy(Path(__file__).parent.parent / "params" / "_defaults.yml", folder / "_defaults.yml")
    (folder / "prov.yml").write_text(
        'kommun: {kod: "0001", namn: Prov kommun, namnd: Socialnämnden, forvaltning: Socialförvaltningen}\n'
        f"data_katalog: {tmp_path / 'data'}\nkapitel: [ej_verkstallda]\n" + extra, encoding="utf-8")
    for year, text in files.items():
        path = tmp_path / "data" / str(year) / "ej_verkstallda.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + text, encoding="utf-8")
    monkeypatch.setenv("KVB_PARAMS", str(folder))
    return folder


@pytest.fixture(scope="module")
def ekdala(demo_data):
    return load(load_params("ekdala", 2025))


def test_demo_reproduces_seed_001_tabell_22(ekdala):
    """Seed 001 Tabell 22: 15 decisions per insats and lagrum, six of them about children (counted before masking)."""
    frame = ekdala.decisions[2025]
    s = load_params("ekdala").ej_verkstallda
    assert metrics.per_insats(frame, s.lagrum, s.insatser) == {
        ("9 § 3 p LSS", "Ledsagarservice"): 3, ("9 § 4 p LSS", "Kontaktperson"): 3, ("9 § 9 p LSS", "Bostad för vuxna"): 2,
        ("11 kap. 1 § SoL", "Kontaktperson"): 3, ("11 kap. 1 § SoL", "Kontaktfamilj"): 3, ("11 kap. 1 § SoL", "Särskilt boende"): 1,
    }
    assert len(frame) == 15 and metrics.children(frame) == 6
    assert metrics.per_law(frame) == {"LSS": 8, "SoL": 7}


def test_a_decision_in_several_quarters_counts_once(ekdala):
    frame = ekdala.decisions[2025]
    assert metrics.reported_per_quarter(frame) == {1: 6, 2: 12, 3: 11, 4: 6}  # 35 report rows
    assert metrics.new_per_quarter(frame) == {1: 6, 2: 6, 3: 3, 4: 0}  # adds up to the 15 decisions
    assert sum(metrics.reported_per_quarter(frame).values()) == 35 and "id" not in frame.columns


def test_status_waiting_time_and_reasons(ekdala):
    frame = ekdala.decisions[2025]
    assert metrics.per_status(frame) == {"verkstallt": 7, "avslutat": 3, "vantar": 5}
    assert metrics.per_wait(frame) == {"under_3": 0, "3_6": 5, "6_12": 8, "over_12": 2}
    assert metrics.per_reason(frame, ["Personalbrist", "Platsbrist", "Den enskildes önskemål", "Övrigt"]) == {
        "Personalbrist": 9, "Platsbrist": 3, "Den enskildes önskemål": 3, "Övrigt": 0}
    assert metrics.per_insats(ekdala.decisions[2024], load_params("ekdala").ej_verkstallda.lagrum,
                              load_params("ekdala").ej_verkstallda.insatser)[("11 kap. 1 § SoL", "Kontaktperson")] == 4


@pytest.mark.parametrize(("start", "end", "bucket"), [
    ("2025-01-31", "2025-04-29", "under_3"), ("2025-01-31", "2025-04-30", "3_6"),  # calendar months: Jan 31 + 3 = Apr 30
    ("2025-01-10", "2025-07-09", "3_6"), ("2025-01-10", "2025-07-10", "6_12"),
    ("2024-12-31", "2025-12-31", "6_12"), ("2024-12-30", "2025-12-31", "over_12"),
])
def test_waiting_bucket_boundaries(start, end, bucket):
    assert metrics.waiting_bucket(pd.Timestamp(start), pd.Timestamp(end)) == bucket


def test_waiting_runs_from_the_interruption_to_the_date_carried_out(tmp_path, monkeypatch):
    rows = ("A,1,Kontaktperson,9 § 4 p LSS,2020-01-01,2025-01-02,Personalbrist,nej,Man,,,,x\n"
            "A,2,Kontaktperson,9 § 4 p LSS,2020-01-01,2025-01-02,Personalbrist,nej,Man,2025-05-01,,,x\n"
            "B,4,Hemtjänst,11 kap. 1 § SoL,2025-03-01,,Platsbrist,nej,,2026-01-10,,,x\n"
            "C,3,Hemtjänst,11 kap. 1 § SoL,2025-05-01,,Övrigt,ja,,,Flyttat,,x\n")
    own_kommun(tmp_path, monkeypatch, {2025: rows})
    frame = load(load_params("prov")).decisions[2025].set_index("insats", append=True)
    assert list(frame["status"]) == ["verkstallt", "vantar", "avslutat"]
    # A: from the interruption (not 2020) to 2025-05-01; B: carried out after the year end, so waiting to 2025-12-31;
    # C: closed without a date, so waiting to the end of its last reported quarter (2025-09-30).
    assert list(frame["vantetid"]) == ["3_6", "6_12", "3_6"]


def test_previous_year_missing_gives_dashes_and_no_comparison(tmp_path, monkeypatch):
    rows = "".join(f"D{i},Q{1 + i % 4},Hemtjänst,11 kap. 1 § SoL,2024-06-01,,Personalbrist,nej,,,,,x\n" for i in range(6))
    own_kommun(tmp_path, monkeypatch, {2025: rows})
    data = load(load_params("prov"))
    text = markdown(data)
    assert "Antalet ej verkställda beslut var sex under 2025; uppgift för 2024 saknas, så ingen jämförelse kan göras." in text
    assert "| Rapporterade beslut | – | 6 |" in text
    figures = CHAPTER.key_figures(data)
    assert figures["antal"] == {"2024": None, "2025": 6}
    assert [p.kind for p in CHAPTER.summary_points(figures, data.params)] == ["mål"]  # no change without the previous year
    none = {**figures, "antal": {"2024": 3, "2025": 0}, "vantat_mer_an_12_manader": 0}
    assert [(p.met, plain(p.text)) for p in CHAPTER.summary_points(none, data.params)] == [
        (True, "Inget beslut rapporterades till IVO som ej verkställt inom tre månader under 2025.")]


def test_ekdala_sentences_and_tables(ekdala):
    text = markdown(ekdala)
    assert ("Under 2025 rapporterade kommunen 15 beslut till IVO som inte hade verkställts inom tre månader från beslutet, "
            "eller från ett avbrott i en påbörjad insats. Sex av besluten gällde barn under 18 år. Antalet ej verkställda "
            "beslut ökade från 12 till 15 mellan 2024 och 2025, en ökning med 3 beslut (+25,0 %).") in text
    # Counts in one sentence are written alike: digits when any of them is above twelve.
    assert "Av de 15 besluten gällde 8 insatser enligt LSS och 7 enligt SoL." in text
    assert "| Ledsagarservice | 9 § 3 p LSS | <5 | <5 |" in text and "| Summa LSS |  | <5 | 8 |" in text
    assert "| Totalt |  | 12 | 15 |" in text
    assert "Den vanligaste orsaken 2025 var personalbrist (9 av 15 beslut)." in text
    assert "| Personalbrist | .. | 9 | 60,0 % |" in text and "| Totalt | 12 | 15 | 100,0 % |" in text
    assert "Av de 15 besluten verkställdes 7 under året och färre än fem avslutades utan att verkställas." in text
    assert "| Kvartal 2 | 8 | 12 | .. |" in text and "| Beslut under året | 12 | 15 | 15 |" in text


def test_seed_numbers_unmasked_with_threshold_one(demo_data, tmp_path, monkeypatch):
    """With masking off (threshold 1) the table per insats shows seed 001's Tabell 22 as it stands."""
    folder = tmp_path / "params"
    folder.mkdir()
    shutil.copy(Path(__file__).parent.parent / "params" / "_defaults.yml", folder / "_defaults.yml")
    own = (Path(__file__).parent.parent / "params" / "ekdala.yml").read_text(encoding="utf-8")
    (folder / "ekdala.yml").write_text(own + "maskering: {troskel: 1}\n", encoding="utf-8")
    monkeypatch.setenv("KVB_PARAMS", str(folder))
    text = markdown(load(load_params("ekdala")))
    for row in ("| Ledsagarservice | 9 § 3 p LSS | 2 | 3 |", "| Kontaktperson | 9 § 4 p LSS | 2 | 3 |", "| Bostad för vuxna | 9 § 9 p LSS | 0 | 2 |",
                "| Kontaktperson | 11 kap. 1 § SoL | 4 | 3 |", "| Kontaktfamilj | 11 kap. 1 § SoL | 3 | 3 |",
                "| Särskilt boende | 11 kap. 1 § SoL | 1 | 1 |", "| Totalt |  | 12 | 15 |"):
        assert row in text
    # A tie is named as a tie (seed 001 Tabell 22: three insatser with three decisions each), never broken.
    assert "Flest beslut gällde" not in text
    assert ("Lika många beslut gällde ledsagarservice enligt 9 § 3 p LSS, kontaktperson enligt 9 § 4 p LSS, "
            "kontaktperson enligt 11 kap. 1 § SoL och kontaktfamilj enligt 11 kap. 1 § SoL (3 av 15 beslut vardera).") in text


def test_key_figures_and_summary_points(ekdala):
    figures = CHAPTER.key_figures(ekdala)
    assert figures == {"ar": 2025, "antal": {"2024": 12, "2025": 15}, "barn_under_18": 6, "verkstallda": 7, "avslutade": "<5",
                       "ej_verkstallda_vid_arets_slut": "..", "vantat_mer_an_12_manader": "<5", "kontroller": {"meddelanden": []}}
    points = CHAPTER.summary_points(figures, ekdala.params)
    assert [(p.kind, p.met, plain(p.text)) for p in points] == [
        ("mål", False, "Under 2025 verkställdes 15 beslut inte inom tre månader; färre än fem av dem hade väntat mer än tolv "
                       "månader, räknat till verkställandet, avslutet eller årets slut.")]
    bigger = {**figures, "antal": {"2024": 19, "2025": 24}, "vantat_mer_an_12_manader": 0, "kontroller": {"meddelanden": ["Kolla."]}}
    texts = [plain(p.text) for p in CHAPTER.summary_points(bigger, ekdala.params)]
    assert texts == ["Antalet ej verkställda beslut ökade från 19 till 24 mellan 2024 och 2025, en ökning med 5 beslut (+26,3 %).",
                     "Under 2025 verkställdes 24 beslut inte inom tre månader; inget av dem hade väntat mer än tolv månader, "
                     "räknat till verkställandet, avslutet eller årets slut.",
                     "Kolla."]


def test_bjorkvik_own_headers_codes_and_organisation_words(demo_data):
    data = load(load_params("bjorkvik", 2025))
    text = markdown(data)
    assert "Under 2025 rapporterade stadsdelsförvaltningen 24 beslut till IVO" in text and "kommunen" not in text
    assert "| Rapporterade beslut | 19 | 24 |" in text
    assert CHAPTER.key_figures(data)["vantat_mer_an_12_manader"] == 9


def test_missing_file_is_data_saknas(demo_data):
    data = load(load_params("sjohamn", 2025))
    assert data.missing_notice == "Ej verkställda beslut för 2025 saknas: filen 2025/ej_verkstallda.csv finns inte i datamappen."
    assert list(CHAPTER.section_blocks(data)) == [] and CHAPTER.key_figures(data) == {"data_saknas": True}


@pytest.mark.parametrize(("text", "expected"), [("1", (1, None)), ("Q2", (2, None)), ("2025-Q3", (3, 2025)), ("Kv 4", (4, None)),
                                                ("2025 Kv 1", (1, 2025)), ("kvartal 2", (2, None)), ("Q1 2025", (1, 2025)),
                                                ("5", None), ("Q0", None), ("2025-13", None), ("", None), ("2024-Q1 2025", None)])
def test_parse_quarter(text, expected):
    assert parse_quarter(text) == expected


GOOD = "A,1,Kontaktperson,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,Kvinna,,,,x\n"


@pytest.mark.parametrize(("row", "message"), [
    ("A,1,Simlektion,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,,,,x\n", "rad 2, kolumn 'insats': okänd kategori 'Simlektion'"),
    ("A,1,Kontaktperson,9 § 4 p SoL,2024-09-01,,Personalbrist,nej,,,,,x\n", "rad 2, kolumn 'lagrum': okänd kategori '9 § 4 p SoL'"),
    ("A,1,Kontaktperson,9 § 4 p LSS,2024-09-01,,Tidsbrist,nej,,,,,x\n", "rad 2, kolumn 'orsak': okänd kategori 'Tidsbrist'"),
    ("A,1,Kontaktperson,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,2024-08-01,,,x\n",
     "rad 2, kolumn 'verkstallt_datum': 2024-08-01 ligger före beslutsdatum 2024-09-01; verkställandet kan inte ligga före beslutet"),
    ("A,5,Kontaktperson,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,,,,x\n", "rad 2, kolumn 'kvartal': '5' är inget kvartal"),
    ("A,2024-Q1,Kontaktperson,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,,,,x\n",
     "rad 2, kolumn 'kvartal': '2024-Q1' gäller 2024; filen för 2025 ska bara innehålla 2025 års kvartal"),
    ("A,1,Kontaktperson,9 § 4 p LSS,2024-09-01,2024-01-01,Personalbrist,nej,,,,,x\n",
     "rad 2, kolumn 'avbrott_datum': 2024-01-01 ligger före beslutsdatum 2024-09-01; ett avbrott kan inte ligga före beslutet"),
    (GOOD + "A,Q1,Kontaktperson,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,,,,x\n",
     "rad 3, kolumn 'id': samma id förekommer flera gånger i kvartal 1 (rad 2, 3); ett beslut rapporteras högst en gång per kvartal"),
    (GOOD + "A,2,Kontaktfamilj,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,,,,x\n",
     "rad 3, kolumn 'insats': samma beslut (samma id) har insats 'Kontaktperson' på rad 2 men 'Kontaktfamilj' här"),
    ("A,1,Kontaktperson,9 § 4 p LSS,2024-09-01,,Personalbrist,nej,,2025-02-01,Flyttat,,x\n",
     "rad 2, kolumn 'avslutad_orsak': både verkställt datum och avslutsorsak är ifyllda"),
])
def test_bad_input_names_file_row_and_column(tmp_path, monkeypatch, row, message):
    own_kommun(tmp_path, monkeypatch, {2025: row})
    with pytest.raises(InputError) as excinfo:
        load(load_params("prov"))
    text = str(excinfo.value)
    assert text.startswith("Fel i filen ") and "2025/ej_verkstallda.csv" in text
    assert message in text, text
    assert "Traceback" not in text


def test_same_id_in_two_years_is_allowed(tmp_path, monkeypatch):
    """A decision still waiting at the turn of the year is reported in both years' files: one decision in each year."""
    own_kommun(tmp_path, monkeypatch, {2024: GOOD.replace(",1,", ",4,"), 2025: GOOD})
    data = load(load_params("prov"))
    assert CHAPTER.key_figures(data)["antal"] == {"2024": 1, "2025": 1}
