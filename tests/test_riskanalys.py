"""Chapter Riskanalys och internkontrollplan: riskvärde and levels at every threshold, the matrix, input errors, wording, demo data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError
from reportscan import unescaped

import helpers.chapters.riskanalys as ra
from helpers.config import Params, RiskanalysSettings, RiskLevels, load_params
from helpers.demo import riskanalys as demo
from helpers.errors import InputError
from helpers.inputs import read_input

HEADER = "risk,omrade,sannolikhet,konsekvens,kontroll,atgarder,ansvarig_roll,status,overfors,kommentar"
GOOD = "Risk för fel,Gemensamt,4,4,Stickprov,Ny rutin;Utbildning,SAS,pågår,ja,DEMO-FRITEXT hemligt"


@pytest.fixture(scope="module")
def ekdala_params() -> Params:
    return load_params("ekdala", 2025)


@pytest.fixture
def params(ekdala_params: Params, tmp_path: Path) -> Params:
    return ekdala_params.model_copy(update={"data_katalog": str(tmp_path)})


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    demo.generate(root)
    return root


@pytest.fixture(scope="module")
def ekdala(ekdala_params: Params, demo_root: Path) -> ra.loading.RiskanalysData:
    return ra.loading.load(ekdala_params.model_copy(update={"data_katalog": str(demo_root / "ekdala")}))


@pytest.fixture(scope="module")
def bjorkvik(demo_root: Path) -> ra.loading.RiskanalysData:
    return ra.loading.load(load_params("bjorkvik", 2025).model_copy(update={"data_katalog": str(demo_root / "bjorkvik")}))


def write(folder: Path, *lines: str, year: int = 2025) -> Path:
    path = folder / str(year) / "riskanalys.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def messages(params: Params, path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_input(path, ra.contract.contract_for(params), params.source("riskanalys"))
    assert info.value.path == str(path)
    return [p.describe() for p in info.value.problems]


# ------------------------------------------------------------------ riskvärde and levels


@pytest.mark.parametrize("value, level", [(1, "Låg"), (4, "Låg"), (5, "Medium"), (9, "Medium"), (10, "Hög"), (12, "Hög"),
                                          (16, "Hög"), (19, "Hög"), (20, "Kritisk"), (25, "Kritisk")])
def test_level_at_every_threshold_of_the_default(value: int, level: str) -> None:
    assert ra.metrics.level_of(value, RiskLevels()) == level


@pytest.mark.parametrize("value, level", [(2, "Låg"), (3, "Medium"), (7, "Medium"), (8, "Hög"), (14, "Hög"), (15, "Kritisk")])
def test_levels_follow_params(value: int, level: str) -> None:
    assert ra.metrics.level_of(value, RiskLevels(medium=3, hog=8, kritisk=15)) == level


def test_level_ranges_cover_one_to_twenty_five_without_gaps() -> None:
    ranges = ra.metrics.level_ranges(RiskLevels())
    assert ranges == {"Låg": (1, 4), "Medium": (5, 9), "Hög": (10, 19), "Kritisk": (20, 25)}
    assert ra.wording.describe_scale(ranges).endswith("låg 1–4, medium 5–9, hög 10–19 och kritisk 20–25.")


def test_levels_must_increase() -> None:
    with pytest.raises(ValidationError, match="medium < hog < kritisk"):
        RiskLevels(medium=10, hog=10, kritisk=20)


def test_every_cell_of_the_matrix_has_the_level_of_its_riskvarde() -> None:
    levels = ra.metrics.cell_levels(RiskLevels())
    assert list(levels.index) == [5, 4, 3, 2, 1] and list(levels.columns) == [1, 2, 3, 4, 5]
    for s in range(1, 6):
        for k in range(1, 6):
            assert ra.metrics.risk_value(s, k) == s * k
            assert levels.at[s, k] == ra.metrics.level_of(s * k, RiskLevels())
    assert levels.at[4, 4] == "Hög" and levels.at[4, 5] == "Kritisk" and levels.at[1, 5] == "Medium" and levels.at[2, 2] == "Låg"


# ------------------------------------------------------------------ seed 001 (Ekdala) and Björkvik


def test_ekdala_is_seed_001_tabell_14(ekdala: ra.loading.RiskanalysData) -> None:
    rows = ekdala.current
    assert list(rows["riskvarde"]) == [16, 16, 12, 12]
    assert set(rows["niva"]) == {"Hög"}
    assert list(rows["risk"])[1] == "Risk för bristande vårdhygien"
    assert len(rows.iloc[0]["atgarder"]) == 5 and rows.iloc[0]["atgarder"][0] == "Uppdatera rutin för loggkontroll"
    counts = ra.metrics.matrix_counts(rows)
    assert counts.to_numpy().sum() == 4 and counts.at[4, 4] == 2 and counts.at[3, 4] == 1 and counts.at[4, 3] == 1
    figures = ra.key_figures.key_figures(ekdala)
    assert figures["per_niva"] == {"Låg": 0, "Medium": 0, "Hög": 4, "Kritisk": 0}  # Tabell 13: "Hög 4; Totalt: 4"
    assert figures["overfors"] == 4 and figures["hog_eller_kritisk_foregaende"] == 3
    assert "Kommentar" not in ekdala.risks.columns and "Riskägare" not in ekdala.risks.columns


def test_ekdala_sections_read_as_the_seed(ekdala: ra.loading.RiskanalysData) -> None:
    text = unescaped("\n".join(b.markdown for b in ra.DEFINITION.section_blocks(ekdala)))
    assert "Riskanalysen 2025 omfattar fyra risker, alla fyra på nivå hög (riskvärde 12–16)." in text
    assert ("Högst riskvärde, 16, har två risker: risk för att personalen har bristande kunskaper i social dokumentation "
            "och risk för bristande vårdhygien.") in text
    assert "| 4: Trolig | [0 (Låg)]{.kvb-farg-gron} | [0 (Medium)]{.kvb-farg-gul} | [1 (Hög)]{.kvb-farg-orange} | [2 (Hög)]{.kvb-farg-orange} | [0 (Kritisk)]{.kvb-farg-rod} | 3 |" in text
    assert "| Sannolikhet | Konsekvens 1: Låg | Konsekvens 2: Måttlig | Konsekvens 3: Markant | Konsekvens 4: Allvarlig | Konsekvens 5: Katastrofal | Summa |" in text
    assert "| Summa | 0 | 0 | 1 | 3 | 0 | 4 |" in text
    assert "Internkontrollplanen 2025 har fyra risker med en kontroll var och sammanlagt tolv åtgärder." in text
    assert "Vid årets slut var två av fyra kontroller genomförda med sina åtgärder; två pågick. Alla fyra risker förs över till internkontrollplanen 2026." in text
    assert "DEMO-FRITEXT" not in text


def test_bjorkvik_cp1252_export_with_own_headers_covers_every_level(bjorkvik: ra.loading.RiskanalysData) -> None:
    rows = bjorkvik.current
    assert list(zip(rows["riskvarde"], rows["niva"])) == [(20, "Kritisk"), (15, "Hög"), (10, "Hög"), (9, "Medium"), (5, "Medium"), (4, "Låg")]
    assert list(ra.metrics.status_counts(rows)) == [1, 2, 3]
    counts = ra.metrics.matrix_counts(rows)
    assert counts.sum(axis=1).sum() == counts.sum(axis=0).sum() == len(rows) == 6
    assert not bjorkvik.has_previous


def test_summary_points_are_targets_for_the_controls(ekdala: ra.loading.RiskanalysData, bjorkvik: ra.loading.RiskanalysData) -> None:
    (point,) = ra.key_figures.summary_points(ra.key_figures.key_figures(ekdala), ekdala.params)
    assert point.kind == "mål" and point.met is False
    assert point.text == "Fyra risker i riskanalysen 2025 hade nivå hög eller kritisk; kontrollen var genomförd vid årets slut för två av dem."
    high, every = ra.key_figures.summary_points(ra.key_figures.key_figures(bjorkvik), bjorkvik.params)
    assert high.text.startswith("Tre risker i riskanalysen 2025 hade nivå hög eller kritisk")
    assert every.text == "Tre av sex kontroller i internkontrollplanen 2025 var inte genomförda vid årets slut." and every.met is False
    done = {"antal_risker": 2, "hog_eller_kritisk": 1, "hog_eller_kritisk_genomforda": 1, "ej_genomforda": 0}
    points = ra.key_figures.summary_points(done, ekdala.params)
    assert [p.met for p in points] == [True, True]
    assert points[1].text == "Alla kontroller i internkontrollplanen 2025 var genomförda vid årets slut."


def test_status_sentences() -> None:
    counts = pd.Series({"planerad": 1, "pågår": 0, "genomförd": 0})
    assert ra.wording.describe_status(counts, 0, 2025) == ("Vid årets slut var ingen av kontrollerna genomförd; en var planerad men inte påbörjad. "
                                                           "Ingen av riskerna förs över till internkontrollplanen 2026.")
    counts = pd.Series({"planerad": 0, "pågår": 0, "genomförd": 3})
    assert ra.wording.describe_status(counts, 1, 2025) == ("Alla kontroller och åtgärder var genomförda vid årets slut. "
                                                           "En av tre risker förs över till internkontrollplanen 2026.")


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("line, expected", [
    (GOOD.replace(",4,4,", ",6,4,"), "rad 2, kolumn 'sannolikhet': 6 är större än det största tillåtna (5)"),
    (GOOD.replace(",4,4,", ",4,0,"), "rad 2, kolumn 'konsekvens': 0 är mindre än det minsta tillåtna (1)"),
    (GOOD.replace(",4,4,", ",hög,4,"), "rad 2, kolumn 'sannolikhet': 'hög' är inte ett heltal"),
    (GOOD.replace("pågår", "klar"), "rad 2, kolumn 'status': okänd kategori 'klar' (tillåtna: planerad; pågår; genomförd)"),
    (GOOD.replace("Stickprov", ""), "rad 2, kolumn 'kontroll': värde saknas"),
    (GOOD.replace("SAS", "19121212-1212"), "rad 2, kolumn 'ansvarig_roll': värdet ser ut som ett personnummer eller samordningsnummer"),
    (GOOD.replace("SAS", "19121212-1213"), "rad 2, kolumn 'ansvarig_roll': ser ut som ett personnummer; ange ansvarig som roll"),
    (GOOD.replace("Risk för fel", "Risk för 121212-1212"), "rad 2, kolumn 'risk': värdet ser ut som ett personnummer"),
    (GOOD.replace(",ja,", ",kanske,"), "rad 2, kolumn 'overfors': 'kanske' är inte ja eller nej"),
])
def test_bad_values_name_file_row_and_column(params: Params, tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path, GOOD.replace("Risk för fel", "Annan risk"), line)
    found = messages(params, path)
    assert any(m.startswith(expected.replace("rad 2", "rad 3")) for m in found), found


def test_the_same_risk_twice_is_an_error(params: Params, tmp_path: Path) -> None:
    assert messages(params, write(tmp_path, GOOD, GOOD)) == [
        "rad 3, kolumn 'risk': samma risk står på flera rader (rad 2, 3); varje risk en gång"]


def test_roles_listed_in_params_refuse_anything_else(params: Params, tmp_path: Path) -> None:
    strict = params.model_copy(update={"riskanalys": RiskanalysSettings(roller=["Enhetschef", "MAS"])})
    found = messages(strict, write(tmp_path, GOOD.replace("SAS", "Anna Andersson")))
    assert found == ["rad 2, kolumn 'ansvarig_roll': okänd kategori 'Anna Andersson' (tillåtna: Enhetschef; MAS)"]


def test_missing_and_empty_files_are_notices(params: Params, tmp_path: Path) -> None:
    data = ra.loading.load(params)
    assert data.missing_notice == "Riskanalys och internkontrollplan för 2025 saknas: filen 2025/riskanalys.csv finns inte i datamappen."
    assert list(ra.DEFINITION.section_blocks(data)) == [] and ra.key_figures.key_figures(data) == {"data_saknas": True}
    write(tmp_path)
    assert "innehåller inga risker" in ra.loading.load(params).missing_notice


def test_free_text_columns_are_never_read(params: Params, tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    data = ra.loading.load(params)
    assert "kommentar" not in data.risks.columns
    assert "DEMO-FRITEXT" not in unescaped("\n".join(b.markdown for b in ra.DEFINITION.section_blocks(data)))
