"""The avvikelser input contract: Swedish exports read right, bad files rejected with file, row, column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import helpers.chapters.avvikelser as avvikelser
from helpers.config import Source, load_params
from helpers.errors import InputError
from helpers.inputs import read_input

HEADER = "id,registreringsdatum,avdelning,verksamhetsomrade,typ,lex_sarah_markerad,utredning_start,utredning_slut,beskrivning"
GOOD_ROWS = [
    "A1,2025-01-07,Verkställighet,Äldreomsorg,Fall,nej,2025-01-08,2025-01-20,HEMLIG FRITEXT ETT",
    "A2,2025-02-03,Myndighet,Barn och unga,Brist i handläggning,ja,,,HEMLIG FRITEXT TVÅ",
]


@pytest.fixture(scope="module")
def contract():
    return avvikelser.contract.contract_for(load_params("ekdala"))


def write(tmp_path: Path, lines: list[str], name: str = "avvikelser.csv", encoding: str = "utf-8", sep: str = ",") -> Path:
    path = tmp_path / name
    text = "\n".join(line.replace(",", sep) if sep != "," else line for line in lines) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(excinfo) -> list[str]:
    return [p.describe() for p in excinfo.value.problems]


def test_reads_good_file_and_drops_free_text(tmp_path, contract):
    frame = read_input(write(tmp_path, [HEADER, *GOOD_ROWS]), contract, Source(fil="x"))
    assert list(frame["id"]) == ["A1", "A2"]
    assert "beskrivning" not in frame.columns
    assert frame.loc[0, "registreringsdatum"] == pd.Timestamp("2025-01-07")
    assert frame["lex_sarah_markerad"].tolist() == [False, True]
    assert pd.isna(frame.loc[1, "utredning_start"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_semicolon_csv_in_every_swedish_encoding(tmp_path, contract, encoding):
    path = write(tmp_path, [HEADER, *GOOD_ROWS], encoding=encoding, sep=";")
    frame = read_input(path, contract, Source(fil="x"))
    assert frame.loc[0, "verksamhetsomrade"] == "Äldreomsorg"
    assert frame.loc[1, "typ"] == "Brist i handläggning"


def test_xlsx_with_real_dates(tmp_path, contract):
    frame = pd.DataFrame([r.split(",") for r in GOOD_ROWS], columns=HEADER.split(","))
    frame["registreringsdatum"] = pd.to_datetime(frame["registreringsdatum"])
    path = tmp_path / "avvikelser.xlsx"
    frame.to_excel(path, index=False)
    read = read_input(path, contract, Source(fil="x"))
    assert read.loc[1, "registreringsdatum"] == pd.Timestamp("2025-02-03")


def test_column_and_value_mapping(tmp_path, contract):
    lines = ["Ärendenr;Registrerad;Org1;Org2;Händelsetyp;LexS;Start;Slut", "X-1;2025-03-03;MYN;Barn och unga;Fall;Ja;2025-03-04;"]
    path = tmp_path / "export.csv"
    path.write_bytes("\n".join(lines).encode("cp1252"))
    source = Source(
        fil="x",
        kolumner={"id": "Ärendenr", "registreringsdatum": "Registrerad", "avdelning": "Org1", "verksamhetsomrade": "Org2",
                  "typ": "Händelsetyp", "lex_sarah_markerad": "LexS", "utredning_start": "Start", "utredning_slut": "Slut"},
        varden={"avdelning": {"MYN": "Myndighet"}},
    )
    frame = read_input(path, contract, source)
    assert frame.loc[0, "avdelning"] == "Myndighet"
    assert frame.loc[0, "lex_sarah_markerad"] is True or bool(frame.loc[0, "lex_sarah_markerad"]) is True


def test_unknown_category_names_row_column_and_allowed_values(tmp_path, contract):
    path = write(tmp_path, [HEADER, GOOD_ROWS[0], GOOD_ROWS[1].replace("Brist i handläggning", "Fal")])
    with pytest.raises(InputError) as excinfo:
        read_input(path, contract, Source(fil="x"))
    (problem,) = problems_of(excinfo)
    assert problem.startswith("rad 3, kolumn 'typ': okänd kategori 'Fal' (tillåtna: Brist i handläggning;")
    assert str(path) in str(excinfo.value)


def test_unparseable_date(tmp_path, contract):
    path = write(tmp_path, [HEADER, GOOD_ROWS[0].replace("2025-01-07", "7 jan 2025"), GOOD_ROWS[1]])
    with pytest.raises(InputError) as excinfo:
        read_input(path, contract, Source(fil="x"))
    assert problems_of(excinfo) == ["rad 2, kolumn 'registreringsdatum': '7 jan 2025' är inget datum (skriv ÅÅÅÅ-MM-DD)"]


def test_end_before_start(tmp_path, contract):
    path = write(tmp_path, [HEADER, GOOD_ROWS[0].replace("2025-01-20", "2025-01-02"), GOOD_ROWS[1]])
    with pytest.raises(InputError) as excinfo:
        read_input(path, contract, Source(fil="x"))
    assert problems_of(excinfo) == ["rad 2, kolumn 'utredning_slut': utredningens slutdatum ligger före startdatum"]


def test_duplicate_id_reports_rows_not_the_id(tmp_path, contract):
    path = write(tmp_path, [HEADER, GOOD_ROWS[0], GOOD_ROWS[1].replace("A2", "A1")])
    with pytest.raises(InputError) as excinfo:
        read_input(path, contract, Source(fil="x"))
    (problem,) = problems_of(excinfo)
    assert problem == "rad 2, kolumn 'id': samma värde förekommer på flera rader (rad 2, 3); varje rad ska ha ett eget id"


def test_missing_required_column(tmp_path, contract):
    header = HEADER.replace("typ,", "")
    rows = [r.replace(",Fall,", ",").replace(",Brist i handläggning,", ",") for r in GOOD_ROWS]
    with pytest.raises(InputError) as excinfo:
        read_input(write(tmp_path, [header, *rows]), contract, Source(fil="x"))
    assert problems_of(excinfo) == ["kolumn 'typ': kolumnen saknas i filen"]


def test_many_problems_are_all_listed_at_once(tmp_path, contract):
    rows = [GOOD_ROWS[0].replace("Fall", "Okänd"), GOOD_ROWS[1].replace("2025-02-03", "2025-02-30")]
    with pytest.raises(InputError) as excinfo:
        read_input(write(tmp_path, [HEADER, *rows]), contract, Source(fil="x"))
    assert len(excinfo.value.problems) == 2
    message = str(excinfo.value)
    assert "rad 2, kolumn 'typ'" in message and "rad 3, kolumn 'registreringsdatum'" in message


def test_same_id_in_two_yearly_files(tmp_path):
    params = load_params("ekdala").model_copy(update={"data_katalog": str(tmp_path)})
    for year, date in ((2024, "2024-05-05"), (2025, "2025-05-05")):
        folder = tmp_path / str(year)
        folder.mkdir()
        write(folder, [HEADER, f"SAMMA,{date},Myndighet,Barn och unga,Fall,nej,,,x"])
    with pytest.raises(InputError) as excinfo:
        avvikelser.loading.load(params)
    assert "2 rader har ett id som också finns i en annan årsfil" in str(excinfo.value)
