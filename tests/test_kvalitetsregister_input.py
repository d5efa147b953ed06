"""Senior Alert och Palliativregistret: every kind of bad input is a Swedish error naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.chapters.kvalitetsregister.loading import load
from helpers.config import load_params
from helpers.errors import InputError

SA_HEADER = "ar,boendeform,enhet,riskbedomningar,med_risk,unika_personer,orsak_angiven,atgardsplan,uppfoljning,risk_undernaring,andel_atgardsplan\n"
SA_GOOD = "2025,Ordinärt boende,Hemtjänst A,900,800,600,500,700,400,200,\n"
PAL_HEADER = "ar,enhet,indikator,taljare,namnare,andel,registreringar\n"
PAL_GOOD = "2025,,smartskattning,70,160,,160\n"
ROW_HEADER = "datum,boendeform,enhet,person_id,risker,orsak_angiven,atgardsplan,uppfoljning\n"


def run(tmp_path: Path, file: str, text: str, **settings: object) -> str:
    """Load the chapter on a data folder with this one file for 2025; the InputError's message."""
    (tmp_path / "2025").mkdir(parents=True, exist_ok=True)
    (tmp_path / "2025" / file).write_text(text, encoding="utf-8")
    base = load_params("ekdala")
    params = base.model_copy(update={"data_katalog": str(tmp_path),
                                     "kvalitetsregister": base.kvalitetsregister.model_copy(update=settings)})
    with pytest.raises(InputError) as excinfo:
        load(params)
    message = str(excinfo.value).replace("\u00a0", " ")
    assert message.startswith("Fel i filen ") and f"2025/{file}" in message
    assert "Traceback" not in message and "Error" not in message
    return message


@pytest.mark.parametrize(("row", "expected"), [
    ("2025,Ordinärt boende,Hemtjänst A,900,905,600,500,700,400,200,",
     "rad 2, kolumn 'med_risk': 905 är fler än riskbedomningar (900); riskbedömningar med risk kan inte vara fler än riskbedömningarna"),
    ("2025,Ordinärt boende,Hemtjänst A,900,800,901,500,700,400,200,",
     "rad 2, kolumn 'unika_personer': 901 är fler än riskbedomningar (900); varje riskbedömd person har minst en riskbedömning"),
    ("2025,Ordinärt boende,Hemtjänst A,900,800,600,801,700,400,200,",
     "rad 2, kolumn 'orsak_angiven': 801 är fler än med_risk (800); andelen kan inte bli över 100 %"),
    ("2025,Ordinärt boende,Hemtjänst A,900,800,600,500,700,701,200,",
     "rad 2, kolumn 'uppfoljning': 701 är fler än atgardsplan (700)"),
    ("2025,Ordinärt boende,Hemtjänst A,900,800,600,500,700,400,601,",
     "rad 2, kolumn 'risk_undernaring': 601 är fler än unika_personer (600); personer med risk kan inte vara fler än de riskbedömda personerna"),
    ("2025,Ordinärt boende,Hemtjänst A,900,800,600,500,,400,200,104",
     "rad 2, kolumn 'andel_atgardsplan': 104 är större än det största tillåtna (100)"),
    ("2025,Ordinärt boende,Hemtjänst A,900,800,600,500,700,400,200,50",
     "rad 2, kolumn 'andel_atgardsplan': andelen 50,0 % stämmer inte med atgardsplan 700 av 800 (87,5 %)"),
    ("20x5,Ordinärt boende,Hemtjänst A,900,800,600,500,700,400,200,",
     "rad 2, kolumn 'ar': '20x5' är inget årtal (skriv fyra siffror, t.ex. 2025)"),
    ("1899,Ordinärt boende,Hemtjänst A,900,800,600,500,700,400,200,",
     "rad 2, kolumn 'ar': 1899 är inget rimligt årtal (2000–2100)"),
    ("2026,Ordinärt boende,Hemtjänst A,900,800,600,500,700,400,200,",
     "rad 2, kolumn 'ar': året 2026 ligger efter filens år 2025"),
])
def test_bad_senior_alert_export(tmp_path, row, expected):
    assert expected in run(tmp_path, "senior_alert.csv", SA_HEADER + row + "\n")


def test_senior_alert_total_row_must_agree_with_its_parts(tmp_path):
    text = SA_HEADER + SA_GOOD + "2025,Särskilt boende,Ekgården,100,90,80,70,80,60,30,\n" + "2025,Totalt,,990,890,650,570,780,460,230,\n"
    message = run(tmp_path, "senior_alert.csv", text)
    assert "rad 4, kolumn 'riskbedomningar': Totalt 2025 anger 990, men raderna för boendeformerna och enheterna ger 1 000" in message
    assert "(1 problem)" in message  # 650 unique persons lies between the largest unit (600) and the sum (680): possible
    duplicate = SA_HEADER + SA_GOOD + SA_GOOD
    assert "rad 3, kolumn 'enhet': samma år, boendeform och enhet står redan på rad 2" in run(tmp_path, "senior_alert.csv", duplicate)


def test_unique_persons_of_the_total_are_bounded_by_the_units(tmp_path):
    text = SA_HEADER + SA_GOOD + "2025,Särskilt boende,Ekgården,100,90,80,70,80,60,30,\n" + "2025,Totalt,,1000,890,690,570,780,460,230,\n"
    message = run(tmp_path, "senior_alert.csv", text)
    assert "rad 4, kolumn 'unika_personer': Totalt 2025 anger 690, men raderna för boendeformerna och enheterna ger mellan 600 och 680" in message


@pytest.mark.parametrize(("row", "expected"), [
    ("2025,,smartskattning,,,104,160", "rad 2, kolumn 'andel': 104 är större än det största tillåtna (100)"),
    ("2025,,smartskattning,12,10,,160", "rad 2, kolumn 'taljare': 12 är fler än namnare (10); täljaren är en del av nämnaren"),
    ("2025,,smartskattning,70,170,,160", "rad 2, kolumn 'namnare': 170 är fler än registreringar (160)"),
    ("2025,,Smärtskatning,70,160,,160", "rad 2, kolumn 'indikator': okänd indikator 'Smärtskatning'; den finns inte i indikatorkatalogen"),
    ("2025,,smartskattning,70,,,160", "rad 2, kolumn 'namnare': täljare och nämnare ska anges tillsammans"),
    ("2025,,smartskattning,,,,160", "rad 2, kolumn 'andel': värde saknas: ange täljare och nämnare eller andel"),
    ("2025,,smartskattning,70,160,50,160", "rad 2, kolumn 'andel': andelen 50,0 % stämmer inte med 70 av 160 (43,8 %)"),
    ("2025,Enhet A,smartskattning,,,44,160", "rad 2, kolumn 'taljare': rader per enhet behöver täljare och nämnare"),
    ("år 2025,,smartskattning,70,160,,160", "rad 2, kolumn 'ar': 'år 2025' är inget årtal"),
])
def test_bad_palliative_export(tmp_path, row, expected):
    assert expected in run(tmp_path, "palliativregistret.csv", PAL_HEADER + row + "\n")


def test_palliative_registrations_and_duplicates(tmp_path):
    text = PAL_HEADER + PAL_GOOD + "2025,,brytpunktssamtal,67,150,,150\n" + PAL_GOOD
    message = run(tmp_path, "palliativregistret.csv", text)
    assert "rad 3, kolumn 'registreringar': 150 skiljer sig från 160 på rad 2; samma år och enhet ska ha samma antal registreringar" in message
    assert "rad 4, kolumn 'indikator': samma år, enhet och indikator står redan på rad 2" in message


@pytest.mark.parametrize(("row", "expected"), [
    ("2025-03-01,Ordinärt boende,Hemtjänst A,P1,Fall;Inkontinens,ja,ja,nej",
     "rad 2, kolumn 'risker': okänt riskområde 'Inkontinens' (kommunens riskområden: Fall; Trycksår; Undernäring; Munhälsa)"),
    ("2025-03-01,Ordinärt boende,Hemtjänst A,P1,,nej,ja,nej", "rad 2, kolumn 'atgardsplan': åtgärdsplan angiven men ingen risk"),
    ("2025-03-01,Ordinärt boende,Hemtjänst A,P1,Fall,ja,nej,ja", "rad 2, kolumn 'uppfoljning': uppföljning angiven men ingen åtgärdsplan"),
    ("2025-13-01,Ordinärt boende,Hemtjänst A,P1,Fall,ja,ja,ja", "rad 2, kolumn 'datum': '2025-13-01' är inget datum"),
    ("2025-03-01,Ordinärt boende,Hemtjänst A,,Fall,ja,ja,ja", "rad 2, kolumn 'person_id': värde saknas"),
])
def test_bad_row_level_senior_alert_export(tmp_path, row, expected):
    message = run(tmp_path, "senior_alert.csv", ROW_HEADER + row + "\n", senior_alert_format="rader",
                  riskomraden=["Fall", "Trycksår", "Undernäring", "Munhälsa"])
    assert expected in message
