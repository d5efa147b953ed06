"""Every input file, params file or analyst text that cannot be read as it is gets a clear Swedish message.

Each bad file is made here in tmp_path. The message names the file (and the
row, where there is one) and says what to do; it never shows a Python
exception name, a traceback or a library's English text.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import helpers.chapters.avvikelser as avvikelser
from helpers.analyst_text import read_text
from helpers.config import Source, load_params
from helpers.errors import InputError
from helpers.file_reading import OLE2_MAGIC, column_letter, decode_text
from helpers.inputs import read_input

HEADER = "id;registreringsdatum;avdelning;verksamhetsomrade;typ;lex_sarah_markerad;utredning_start;utredning_slut;beskrivning"
ROWS = [
    "A1;2025-01-07;Verkställighet;Äldreomsorg;Fall;nej;2025-01-08;2025-01-20;HEMLIG FRITEXT",
    "A2;2025-02-03;Myndighet;Barn och unga;Brist i handläggning;ja;;;HEMLIG FRITEXT",
]
LIBRARY_WORDS = ("Error", "Exception", "Traceback", "ParserError", "BadZipFile", "UnicodeDecodeError", "Input should be")


@pytest.fixture(scope="module")
def contract():
    return avvikelser.contract.contract_for(load_params("ekdala"))


def csv_bytes(lines: list[str], sep: str = ";", encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(line.replace(";", sep) for line in lines) + "\r\n").encode(encoding)


def refused(path: Path, contract, source: Source | None = None) -> str:
    """The message a user sees for ``path``; it always names the file and never a library's words."""
    with pytest.raises(InputError) as excinfo:
        read_input(path, contract, source or Source(fil="x"))
    message = str(excinfo.value)
    assert message.startswith(f"Fel i filen {path} ")
    assert not [word for word in LIBRARY_WORDS if word in message], message
    return message


def workbook(path: Path, frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    frame.to_excel(path, index=False, sheet_name=sheet)
    return path.read_bytes()


def good_frame() -> pd.DataFrame:
    return pd.DataFrame([r.split(";") for r in ROWS], columns=HEADER.split(";"))


# ------------------------------------------------------------------ read right


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_excel_unicode_text_utf16_with_tabs_is_read_right(tmp_path, contract, encoding):
    """Excel's "Unicode-text" is UTF-16 LE with a BOM and tabs; BE with a BOM and LE without one are read too."""
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-16-le": b""}[encoding]
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(bom + csv_bytes([HEADER, *ROWS], sep="\t", encoding=encoding))
    frame = read_input(path, contract, Source(fil="x"))
    assert frame["verksamhetsomrade"].tolist() == ["Äldreomsorg", "Barn och unga"]
    assert frame.loc[1, "typ"] == "Brist i handläggning"


def test_excel_separator_hint_is_honoured_and_skipped(tmp_path, contract):
    """``sep=;`` on the first line: Excel hides it, so the header is still row 1 in messages."""
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes(["sep=;", HEADER, ROWS[0], ROWS[1].replace("Fall", "x")]))
    assert read_input(path, contract, Source(fil="x"))["id"].tolist() == ["A1", "A2"]
    path.write_bytes(csv_bytes(["sep=,", HEADER.replace(";", ","), ROWS[0].replace(";", ","),
                                ROWS[1].replace(";", ",").replace("Brist i handläggning", "Falll")], encoding="cp1252"))
    assert "rad 3, kolumn 'typ': okänd kategori 'Falll'" in refused(path, contract)


def test_pipe_separated_file_is_read(tmp_path, contract):
    path = tmp_path / "avvikelser.txt"
    path.write_bytes(csv_bytes([HEADER, *ROWS], sep="|"))
    frame = read_input(path, contract, Source(fil="x"))
    assert frame["avdelning"].tolist() == ["Verkställighet", "Myndighet"]


def test_delimiter_inside_quoted_header_does_not_decide(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER + ';"Kommentar, fri"', *(r + ";x" for r in ROWS)]))
    assert read_input(path, contract, Source(fil="x"))["id"].tolist() == ["A1", "A2"]


def test_trailing_delimiter_and_blank_rows_keep_excel_row_numbers(tmp_path, contract):
    """Excel writes ``;`` after the last value and shows a blank line as an empty row: row numbers count it."""
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER + ";", ROWS[0] + ";", "", ";;;;;;;;;", ROWS[1].replace("Myndighet", "Nämnd") + ";"]))
    assert "rad 5, kolumn 'avdelning': okänd kategori 'Nämnd'" in refused(path, contract)


def test_windows_1252_with_a_byte_it_does_not_define_is_read(tmp_path, contract):
    """0x81 is undefined in Windows-1252; in a free-text column it must not stop the file."""
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER, *ROWS], encoding="cp1252").replace(b"HEMLIG", b"HEM\x81LIG"))
    assert read_input(path, contract, Source(fil="x"))["verksamhetsomrade"].tolist() == ["Äldreomsorg", "Barn och unga"]


def test_header_only_file_reads_as_no_rows(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER]))
    frame = read_input(path, contract, Source(fil="x"))
    assert frame.empty and "typ" in frame.columns


def test_header_only_file_of_the_report_year_is_a_check_not_of_earlier_years():
    from helpers.chapters.common import assign_years

    rows = pd.DataFrame({"datum": pd.to_datetime(["2024-03-01"]), "_ar_fil": [2024]})
    _, checks = assign_years(rows, "datum", [2023, 2024, 2025], [2023, 2024, 2025], "avvikelse", "avvikelser")
    assert checks == ["Filen för 2025 innehåller bara rubrikraden, inga avvikelser. Kontrollera att exporten gäller rätt "
                      "period och urval; annars visar rapporten noll avvikelser för 2025."]
    rows = pd.DataFrame({"datum": pd.to_datetime(["2025-03-01"]), "_ar_fil": [2025]})
    assert assign_years(rows, "datum", [2023, 2024, 2025], [2024, 2025], "avvikelse", "avvikelser")[1] == []


def test_kommun_code_that_lost_its_leading_zero_is_matched(tmp_path):
    """Excel stores 0114 as the number 114; the survey chapter reads it as 0114."""
    from helpers.chapters.brukarundersokningar.contract import normalise_code
    from helpers.file_reading import read_raw_table

    path = tmp_path / "bu.xlsx"
    pd.DataFrame({"kommunkod": [114, 684], "andel_positiva": [90.0, 80.5]}).to_excel(path, index=False)
    frame = read_raw_table(path)
    assert frame["kommunkod"].tolist() == ["114", "684"] and frame["andel_positiva"].tolist() == ["90", "80.5"]
    assert [normalise_code(v, "0684") for v in frame["kommunkod"]] == ["0114", "0684"]


# ------------------------------------------------------------------ CSV refused


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\r\n  \r\n\t\r\n"], ids=["tom", "bara-bom", "bara-utf16-bom", "blanka"])
def test_empty_file(tmp_path, contract, content):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(content)
    message = refused(path, contract)
    assert "Filen är tom (inga rubriker och inga rader). Exportera den på nytt från verksamhetssystemet" in message


def test_row_with_extra_values_names_its_row(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER, ROWS[0], ROWS[1].replace("HEMLIG FRITEXT", "Föll; slog huvudet")]))
    message = refused(path, contract)
    assert ("rad 3: raden har 10 värden men rubrikraden har 9 kolumner; troligen står avgränsaren (semikolon) i ett "
            "värde utan citattecken") in message
    assert "slog huvudet" not in message  # free text is never shown


def test_unclosed_quote_names_the_row_where_it_opens(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER, ROWS[0], ROWS[1].replace(";HEMLIG", ';"HEMLIG'), ROWS[0].replace("A1", "A3")]))
    message = refused(path, contract)
    assert 'rad 3: ett citattecken (") öppnas men stängs aldrig, så resten av filen blir ett enda värde' in message


def test_text_after_a_closing_quote_names_its_row(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER, ROWS[0].replace(";Fall;", ';"Fall"x;'), ROWS[1]]))
    message = refused(path, contract)
    assert 'rad 2: citattecknen stämmer inte: efter ett avslutande citattecken (") kommer mer text' in message


def test_same_header_twice_is_refused_with_column_letters(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER + ";typ", *(r + ";Annat" for r in ROWS)]))
    message = refused(path, contract)
    assert "kolumn 'typ': rubriken står över flera kolumner (E och J), så det går inte att veta vilken som ska läsas" in message


def test_same_header_twice_after_renaming_and_stripping(tmp_path, contract):
    frame = good_frame().rename(columns={"typ": "Händelsetyp"})
    frame.insert(2, " Händelsetyp ", ["Annat", "Annat"])
    path = tmp_path / "avvikelser.xlsx"
    workbook(path, frame)
    message = refused(path, contract, Source(fil="x", kolumner={"typ": "Händelsetyp"}))
    assert "kolumn 'Händelsetyp': rubriken står över flera kolumner (C och F)" in message


def test_a_column_that_is_not_read_may_stand_twice(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(csv_bytes([HEADER + ";beskrivning;", *(r + ";mer;" for r in ROWS)]))
    assert len(read_input(path, contract, Source(fil="x"))) == 2


def test_binary_file_named_csv(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x00binary\x00\x00")
    assert "Filen är ingen textfil (CSV) utan något annat, t.ex. en PDF eller en bild" in refused(path, contract)


def test_folder_in_place_of_the_file(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.mkdir()
    assert "Sökvägen är en mapp, inte en fil" in refused(path, contract)


# ------------------------------------------------------------------ workbooks refused


def test_truncated_workbook(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    raw = workbook(path, good_frame())
    path.write_bytes(raw[: len(raw) // 2])
    message = refused(path, contract)
    assert "Filen är trasig eller ofullständig (arbetsboken kan inte packas upp)" in message
    assert "Exportera eller kopiera den på nytt" in message


def test_workbook_with_damaged_content(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    workbook(path, good_frame())
    parts = {}
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = b"<workbook><sheets><sheet name="
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    assert "Filen är trasig: arbetsboken kan inte läsas (innehållet är skadat)" in refused(path, contract)


def test_csv_renamed_xlsx(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    path.write_bytes(csv_bytes([HEADER, *ROWS], encoding="cp1252"))
    message = refused(path, contract)
    assert "Filen heter .xlsx men är en textfil (CSV). Byt filändelse till .csv" in message


def test_workbook_renamed_csv(tmp_path, contract):
    path = tmp_path / "avvikelser.csv"
    path.write_bytes(workbook(tmp_path / "riktig.xlsx", good_frame()))
    assert "Filen heter .csv men är en Excel-arbetsbok. Byt filändelse till .xlsx" in refused(path, contract)


def test_zip_that_is_no_workbook(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("rapport.txt", "hej")
    assert "Filen är en ZIP-fil men ingen Excel-arbetsbok" in refused(path, contract)


def ole2(stream: str) -> bytes:
    """The first bytes of an OLE2 compound file whose directory names ``stream``."""
    return OLE2_MAGIC + bytes(504) + stream.encode("utf-16-le") + bytes(64)


def test_encrypted_or_labelled_workbook(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    path.write_bytes(ole2("EncryptedPackage"))
    message = refused(path, contract)
    assert "Filen är krypterad eller skyddad med känslighetsetikett" in message
    assert "spara en oskyddad kopia som .xlsx" in message


@pytest.mark.parametrize("name", ["avvikelser.xls", "avvikelser.xlsx"])
def test_old_xls_workbook(tmp_path, contract, name):
    path = tmp_path / name
    path.write_bytes(ole2("Workbook"))
    message = refused(path, contract)
    assert "Filen är i det gamla Excel-formatet (.xls, Excel 97–2003)" in message
    assert "spara den som Excel-arbetsbok (.xlsx)" in message


def test_named_sheet_missing(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    workbook(path, good_frame(), sheet="Export")
    message = refused(path, contract, Source(fil="x", blad="Avvikelser"))
    assert "bladet 'Avvikelser' finns inte i arbetsboken; bladen heter 'Export'. Ändra 'blad' under källan i params" in message
    message = refused(path, contract, Source(fil="x", blad=3))
    assert "arbetsboken har inget blad nummer 3 (bladen räknas från 0 och heter 'Export')" in message


def test_named_sheet_is_read(tmp_path, contract):
    path = tmp_path / "avvikelser.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="Info", index=False)
        good_frame().to_excel(writer, sheet_name="Export", index=False)
    assert read_input(path, contract, Source(fil="x", blad="Export"))["id"].tolist() == ["A1", "A2"]


def test_column_letters_as_excel_names_them():
    assert [column_letter(i) for i in (0, 4, 25, 26, 27, 701, 702)] == ["A", "E", "Z", "AA", "AB", "ZZ", "AAA"]


# ------------------------------------------------------------------ analyst texts


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "utf-8"])
def test_analyst_text_from_notepad_in_any_encoding_is_read(tmp_path, encoding):
    path = tmp_path / "avvikelser.md"
    path.write_bytes("# Åtgärder\n\nFärre fall på särskilt boende – tack vare översynen.\n".encode(encoding))
    assert read_text(path) == "# Åtgärder\n\nFärre fall på särskilt boende – tack vare översynen."


def test_decoding_prefers_utf8_then_windows_1252():
    assert decode_text("Åsa".encode("utf-8")) == "Åsa"
    assert decode_text("Åsa".encode("cp1252")) == "Åsa"
    assert decode_text(b"\xef\xbb\xbf\xc3\xa5") == "å"


# ------------------------------------------------------------------ params files


GOOD = 'kommun: {kod: "0684", namn: Testkommun, namnd: Socialnämnden, forvaltning: Socialförvaltningen}\ndata_katalog: data/testkommun\n'


def params_message(tmp_path: Path, body: bytes | str) -> str:
    """The ConfigError a user sees for a params file with ``body``; never a library's words."""
    import shutil

    from helpers import paths
    from helpers.errors import ConfigError

    shutil.copy(paths.params_dir() / "_defaults.yml", tmp_path / "_defaults.yml")
    (tmp_path / "testkommun.yml").write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    with pytest.raises(ConfigError) as excinfo:
        load_params("testkommun", params_dir=tmp_path)
    message = str(excinfo.value)
    assert str(tmp_path / "testkommun.yml") in message
    assert not [word for word in (*LIBRARY_WORDS, " or ") if word in message], message
    return message


def test_params_in_latin1_names_the_row(tmp_path):
    message = params_message(tmp_path, (GOOD + "diarienummer: SN 2026/7 Åtgärd\n").encode("cp1252"))
    assert "är inte sparad som UTF-8: rad 1 har tecken" in message  # "Socialnämnden"
    message = params_message(tmp_path, GOOD.encode("utf-8") + "diarienummer: SN 2026/7 Åtgärd\n".encode("cp1252"))
    assert "är inte sparad som UTF-8: rad 3 har tecken i en annan teckenkodning (troligen Windows-1252 eller Latin-1" in message
    assert "Spara filen som UTF-8" in message


def test_params_in_utf16_from_notepad_is_read(tmp_path):
    import shutil

    from helpers import paths

    shutil.copy(paths.params_dir() / "_defaults.yml", tmp_path / "_defaults.yml")
    (tmp_path / "testkommun.yml").write_bytes((GOOD + "diarienummer: SN Åtgärd\n").encode("utf-16"))
    assert load_params("testkommun", params_dir=tmp_path).diarienummer == "SN Åtgärd"


@pytest.mark.parametrize(("body", "expected"), [
    (GOOD + "utkast: true\n\tformat: [html]\n", "på rad 4, kolumn 1: ett tabbtecken står där det inte får stå; använd mellanslag"),
    (GOOD + 'diarienummer: "SN 2026/7\nutkast: true\n', "på rad 3, kolumn 15: ett citattecken, en lista [ ] eller en uppsättning { } som börjar här stängs aldrig"),
    (GOOD + "kapitel: [avvikelser, synpunkter\n", "på rad 3, kolumn 10: en lista inom [ ] stängs inte, eller saknar kommatecken"),
    (GOOD + "diarienummer: SN: 7\n", "på rad 3, kolumn 17: ett kolon (:) står där det inte får stå"),
    (GOOD + "maskering:\n  troskel: 5\n utkast: true\n", "på rad 5, kolumn 2: indraget stämmer inte"),
    (GOOD + "diarienummer: @7\n", "på rad 3, kolumn 15: tecknet '@' kan inte börja ett värde; sätt värdet inom citattecken"),
    (GOOD + "diarienummer: !!python/object/apply:os.system [ls]\n", "på rad 3, kolumn 15: en okänd YAML-tagg"),
], ids=["tabb", "citattecken", "lista", "kolon", "indrag", "snabel-a", "tagg"])
def test_invalid_yaml_names_row_and_column_in_swedish(tmp_path, body, expected):
    message = params_message(tmp_path, body)
    assert "är inte giltig YAML " + expected in message


def test_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    started = time.perf_counter()
    message = params_message(tmp_path, GOOD + "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert "är inte giltig YAML på rad 4, kolumn 8: ett YAML-alias (*a) används. Alias stöds inte" in message


def test_key_given_twice_is_refused(tmp_path):
    message = params_message(tmp_path, GOOD + "utkast: true\nformat: [html]\nutkast: false\n")
    assert "på rad 5, kolumn 1: nyckeln 'utkast' står två gånger (också på rad 3), och bara den sista skulle gälla" in message


def test_unquoted_kommun_code_with_leading_zero_is_refused(tmp_path):
    message = params_message(tmp_path, GOOD.replace('"0684"', "0114"))
    assert ("nyckeln 'kommun.kod': ska vara text, men YAML läste värdet som talet 76. Skriv värdet inom citattecken, "
            't.ex. kod: "0114"') in message


@pytest.mark.parametrize(("extra", "expected"), [
    ("kapitel: [avvikelser, 3]\n", "nyckeln 'kapitel[2]': ogiltigt värde '3', tillåtna: 'avvikelser', 'synpunkter'"),
    ("kapitel: [avvikelser, ekonomi]\n", "'riskanalys' eller 'egenkontroller'"),
    ("kapitel: avvikelser\n", "nyckeln 'kapitel': ska vara en lista; skriv [avvikelser] med hakparenteser"),
    ("synpunkter: {typer: [Beröm, [Klagomål]]}\n", "nyckeln 'synpunkter.typer[2]': ska vara text"),
    ("jamforelsear: tre\n", "nyckeln 'jamforelsear': ska vara ett heltal, inte 'tre'"),
    ("jamforelsear: 2.5\n", "nyckeln 'jamforelsear': ska vara ett heltal (utan decimaler), inte '2.5'"),
    ("utkast: kanske\n", "nyckeln 'utkast': ska vara ja eller nej (true/false), inte 'kanske'"),
    ("maskering: {troskel: 0}\n", "nyckeln 'maskering.troskel': ska vara minst 1"),
    ("ar: 1999\n", "nyckeln 'ar': ska vara minst 2000"),
    ("synpunkter: {typer: []}\n", "nyckeln 'synpunkter.typer': ska ha minst 1 värde(n)"),
    ("kallor: {avvikelser: {fil: x.xlsx, blad: [1]}}\n", "nyckeln 'kallor.avvikelser.blad': ska vara text eller ett heltal"),
    ("kallor: {avvikelser: x.csv}\n", "nyckeln 'kallor.avvikelser': ska vara en uppsättning nycklar och värden, inte 'x.csv'"),
    ("brukarundersokningar: {lag_svarsfrekvens: mycket}\n", "nyckeln 'brukarundersokningar.lag_svarsfrekvens': ska vara ett tal, inte 'mycket'"),
    ("disposition: {mall: sosfs, ta_bort: x, okand: 1}\n", "nyckeln 'disposition.okand': okänd nyckel (felstavad?)"),
    ("", "nyckeln 'kommun.kod': har fel form ('684'); skriv fyra siffror inom citattecken"),
], ids=["lista-tal", "lista-okant", "inte-lista", "lista-i-lista", "heltal", "decimal", "ja-nej", "minst", "ar", "tom-lista",
        "union", "modell", "tal", "okand-nyckel", "monster"])
def test_wrong_types_are_explained_in_swedish(tmp_path, extra, expected):
    body = GOOD + extra if extra else GOOD.replace('"0684"', '"684"')
    assert expected in params_message(tmp_path, body)


def test_missing_key_is_named(tmp_path):
    assert "nyckeln 'data_katalog': nyckeln saknas; lägg till den" in params_message(tmp_path, GOOD.split("\n")[0] + "\n")


def test_display_name_lookup_skips_an_unreadable_params_file(tmp_path):
    import shutil

    from helpers import paths

    shutil.copy(paths.params_dir() / "_defaults.yml", tmp_path / "_defaults.yml")
    (tmp_path / "testkommun.yml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "trasig.yml").write_bytes("kommun: {namn: Trasigö}\n".encode("cp1252"))
    assert load_params("Testkommun", params_dir=tmp_path).id == "testkommun"


# ------------------------------------------------------------------ a whole run


SMALL = """id,registreringsdatum,avdelning,verksamhetsomrade,typ,lex_sarah_markerad,utredning_start,utredning_slut,beskrivning
L{ar}-1,{ar}-02-03,Verkställighet,Äldreomsorg,Fall,nej,{ar}-02-04,{ar}-02-10,FRITEXT-HEMLIG
L{ar}-2,{ar}-03-03,Verkställighet,Äldreomsorg,Läkemedelshändelse,ja,{ar}-03-04,,FRITEXT-HEMLIG
L{ar}-3,{ar}-04-01,Myndighet,Barn och unga,Brist i handläggning,nej,,,FRITEXT-HEMLIG
"""


@pytest.fixture()
def small_kommun(tmp_path, monkeypatch, output_root):
    """A params folder with one small kommun, 'liten', whose avvikelser of 2024 and 2025 are in tmp_path/data."""
    import shutil

    from helpers import paths

    folder = tmp_path / "params"
    folder.mkdir()
    shutil.copy(paths.project_root() / "params" / "_defaults.yml", folder / "_defaults.yml")
    for year in (2024, 2025):
        (tmp_path / "data" / str(year)).mkdir(parents=True)
        (tmp_path / "data" / str(year) / "avvikelser.csv").write_text(SMALL.format(ar=year), encoding="utf-8")
    write_small_params(tmp_path, tmp_path / "data")
    monkeypatch.setenv("KVB_PARAMS", str(folder))
    return tmp_path


def write_small_params(root: Path, data: Path) -> Path:
    path = root / "params" / "liten.yml"
    path.write_text('kommun: {kod: "0001", namn: Liten kommun, namnd: Socialnämnden, forvaltning: Socialförvaltningen}\n'
                    f"data_katalog: {data}\nformat: [html]\nkapitel: [avvikelser]\nutkast: true\n", encoding="utf-8")
    return path


def cli_report() -> tuple[int, str]:
    from typer.testing import CliRunner

    from helpers.cli import app

    outcome = CliRunner().invoke(app, ["rapport", "liten", "--motor", "inbyggd"])
    return outcome.exit_code, outcome.stderr


@pytest.mark.e2e
def test_cli_stops_on_unreadable_input_and_missing_data_folder_and_keeps_the_report(small_kommun):
    """Exit code 2, the Swedish message on stderr, no traceback, and the previous report byte for byte."""
    from helpers import paths

    code, stderr = cli_report()
    assert code == 0, stderr
    html = paths.output_dir() / "liten" / "2025" / "kvalitetsberattelse-liten-2025.html"
    before = html.read_bytes()
    data = small_kommun / "data" / "2025" / "avvikelser.csv"
    params_file = small_kommun / "params" / "liten.yml"
    seen = []

    data.write_text(SMALL.format(ar=2025).replace(",Fall,", ',"Fall,'), encoding="utf-8")
    code, stderr = cli_report()
    seen.append(stderr)
    assert code == 2
    assert stderr.startswith(f"Kapitlet avvikelser kunde inte skapas: Fel i filen {data} (1 problem):\n")
    assert '  - rad 2: ett citattecken (") öppnas men stängs aldrig' in stderr

    write_small_params(small_kommun, small_kommun / "saknas")
    code, stderr = cli_report()
    seen.append(stderr)
    assert code == 2
    assert stderr == (f"Datamappen {small_kommun / 'saknas'} finns inte (params 'data_katalog' i {params_file}). Rätta "
                      "sökvägen eller skapa mappen, med en mapp per år (t.ex. 2025/). Ingen rapport har skapats eller ersatts.\n")

    write_small_params(small_kommun, data)
    code, stderr = cli_report()
    seen.append(stderr)
    assert code == 2
    assert stderr.startswith(f"Datamappen {data} (params 'data_katalog' i {params_file}) är en fil, inte en mapp.")

    write_small_params(small_kommun, small_kommun / "data")
    params_file.write_bytes(params_file.read_text(encoding="utf-8").encode("cp1252"))
    code, stderr = cli_report()
    seen.append(stderr)
    assert code == 2
    assert stderr.startswith(f"Params-filen {params_file} är inte sparad som UTF-8: rad 1 har tecken i en annan teckenkodning")

    assert not [(word, text) for text in seen for word in LIBRARY_WORDS if word in text]
    assert html.read_bytes() == before


@pytest.mark.e2e
def test_header_only_file_of_the_report_year_is_a_check_in_the_manifest(small_kommun):
    import json

    from helpers.run.runner import run_report

    (small_kommun / "data" / "2025" / "avvikelser.csv").write_text(SMALL.splitlines()[0] + "\n", encoding="utf-8")
    result = run_report("liten", engine="inbyggd")
    check = ("avvikelser: Filen för 2025 innehåller bara rubrikraden, inga avvikelser. Kontrollera att exporten gäller "
             "rätt period och urval; annars visar rapporten noll avvikelser för 2025.")
    assert result.warnings == [check]
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kontroller"] == [check]
