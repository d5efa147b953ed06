"""tabeller.xlsx: one sheet per numbered table with the report's number, caption, headers, numbers and masks."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from helpers import ranking
from helpers.blocks import table_block
from helpers.config import load_params
from helpers.errors import KvbError
from helpers.run.publish import write_index
from helpers.run.report import notebook_tables
from helpers.table_data import TABLE_MIME, TableCell, TableData
from helpers.table_export import report_scope, write_chapter_tables
from helpers.table_workbook import (
    WorkbookInfo,
    build_workbook,
    excel_value,
    numbered,
    table_numbers,
    workbook_bytes,
    write_workbook,
)

NBSP, MINUS = "\u00a0", "\u2212"
INFO = WorkbookInfo("Kvalitetsberättelse 2025 – Ekdala kommun", "Ekdala kommun", "9901", 2025, date(2026, 2, 15), 5,
                    "De numrerade tabellerna i rapporten.")


def _units_table() -> TableData:
    """A masked table of counts as a chapter builds it: labels from data, ``<5`` and ``..``, a total row."""
    frame = pd.DataFrame(
        {"2024": ["12", "<5", "..", f"1{NBSP}940"], "2025": ["15", "7", "<5", f"2{NBSP}026"],
         "Andel 2025": [f"0,7{NBSP}%", f"0,3{NBSP}%", "–", f"100,0{NBSP}%"]},
        index=pd.Index(['=HYPERLINK("https://x.se","klicka")', "+46 70 123", "@SUMMA", "Totalt"], name="Enhet"),
    )
    return table_block(frame, "avv-enhet", "Avvikelser per enhet 2024 och 2025", note="<5 = färre än fem.").table


def _survey_table() -> TableData:
    frame = pd.DataFrame({"2025": [ranking.coloured_cell(f"84,6{NBSP}%", "gul"), f"62{NBSP}% (110 svar)"],
                          "Förändring": [f"{MINUS}15 (försämring)", "+3"]},
                         index=pd.Index(["Helhetssyn", "Svarsfrekvens (antal svar)"], name="Fråga"))
    return table_block(frame, "bu-hemtjanst", "Brukarundersökning hemtjänst 2025").table


@pytest.mark.parametrize(("text", "value", "number_format"), [
    (f"1{NBSP}940", 1940, "#,##0"),
    ("12", 12, "#,##0"),
    ("2025", 2025, "0"),  # a year (no thousands separator in the report) stays 2025, not "2 025"
    (f"65,7{NBSP}%", 0.657, "0.0 %"),
    (f"100,0{NBSP}%", 1.0, "0.0 %"),
    (f"87{NBSP}%", 0.87, "0 %"),
    ("+88", 88, '+#,##0;"−"#,##0;#,##0'),
    (f"{MINUS}133", -133, '#,##0;"−"#,##0'),
    ("+4,1", 4.1, '+#,##0.0;"−"#,##0.0;#,##0.0'),
    (f"{MINUS}0,8 (försämring)", -0.8, '#,##0.0" (försämring)";"−"#,##0.0" (försämring)"'),
    (f"84{NBSP}% ◆ gul", 0.84, '0 %" ◆ gul"'),
    ("40 svar", 40, '#,##0" svar"'),
    ("2 (Hög)", 2, '#,##0" (Hög)"'),
])
def test_a_cell_with_one_number_is_a_number_shown_as_in_the_report(text, value, number_format):
    cell = excel_value(text)
    assert cell.value == value and type(cell.value) is type(value) and cell.number_format == number_format
    assert not cell.masked


@pytest.mark.parametrize(("text", "masked"), [
    ("<5", True), ("..", True), ("–", False), ("ej redovisad", False), (f"12 (45{NBSP}%)", False),
    (f"66{NBSP}% (19 av 29)", False), ("68 av 276", False), ("Kvartal 2", False), ("2025-11-14", False), ("1–4", False),
    ("11 kap. 1 § SoL", False), ('12 "x"', False),
])
def test_masks_and_cells_with_more_than_one_number_stay_text_as_in_the_report(text, masked):
    cell = excel_value(text)
    assert cell.value == text and cell.number_format == "General" and cell.masked is masked


def test_sheets_are_named_by_the_report_number_with_caption_headers_numbers_and_masks(tmp_path: Path):
    path = write_workbook(tmp_path / "tabeller.xlsx", [(2, _units_table()), (5, _survey_table())], INFO)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Om tabellerna", "Tabell 2", "Tabell 5"]
    sheet = book["Tabell 2"]
    assert sheet["A1"].value == "Tabell 2: Avvikelser per enhet 2024 och 2025" and sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == ["Enhet", "2024", "2025", "Andel 2025"]
    assert all(c.font.b for c in sheet[2]) and sheet.freeze_panes == "B3"
    assert [(c.value, c.data_type) for c in sheet[3]] == [('=HYPERLINK("https://x.se","klicka")', "s"), (12, "n"), (15, "n"), (0.007, "n")]
    assert sheet["D3"].number_format == "0.0 %"
    assert [(c.value, c.data_type) for c in sheet[4]][:3] == [("+46 70 123", "s"), ("<5", "s"), (7, "n")]
    assert [c.value for c in sheet[5]] == ["@SUMMA", "..", "<5", "–"]
    assert sheet["B5"].alignment.horizontal == "right", "a mask sits where the number would"
    total = sheet[6]
    assert [c.value for c in total] == ["Totalt", 1940, 2026, 1.0] and all(c.font.b for c in total)
    assert total[1].number_format == "#,##0" and not sheet[3][1].font.b
    assert sheet["A8"].value == "<5 = färre än fem." and sheet["A8"].font.i
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet_xml, "no label from data becomes a formula"


def test_colour_cells_keep_number_symbol_word_and_colour(tmp_path: Path):
    book = openpyxl.load_workbook(write_workbook(tmp_path / "t.xlsx", [(5, _survey_table())], INFO))
    cell = book["Tabell 5"]["B3"]
    assert (cell.value, cell.data_type, cell.number_format) == (0.846, "n", '0.0 %" ◆ gul"')
    assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == "FFFBEAA8"
    assert book["Tabell 5"]["B4"].value == f"62{NBSP}% (110 svar)"
    assert (book["Tabell 5"]["C3"].value, book["Tabell 5"]["C3"].number_format) == (-15, '#,##0" (försämring)";"−"#,##0" (försämring)"')


def test_first_sheet_says_whose_tables_and_what_the_masks_mean(tmp_path: Path):
    info = WorkbookInfo("Kvalitetsberättelse 2025 – Ekdala kommun", "Ekdala kommun", "9901", 2025, date(2026, 2, 15), 3,
                        "Tabellerna i rapporten.", demo=True)
    sheet = openpyxl.load_workbook(write_workbook(tmp_path / "t.xlsx", [(1, _units_table())], info))["Om tabellerna"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert sheet["A1"].value == "Kvalitetsberättelse 2025 – Ekdala kommun"
    assert rows["Organisation"] == "Ekdala kommun (kommunkod 9901)" and rows["Verksamhetsår"] == "2025"
    assert rows["Datum"] == "2026-02-15" and rows["Tabellerna"] == "Tabellerna i rapporten."
    assert rows["<3"] == "färre än tre (1–2): antal under tre visas inte, så att ingen enskild person kan pekas ut."
    assert rows[".."] == "värdet döljs så att de dolda små antalen inte kan räknas fram ur summorna."
    assert rows["Demonstration"] == ("Alla uppgifter är påhittade och genererade för att visa verktyget; de är inte "
                                     "organisationens verkliga.")
    assert rows["Tabell 1"] == "Avvikelser per enhet 2024 och 2025"


def test_the_same_tables_give_the_same_bytes_dated_by_the_report():
    tables = [(1, _units_table()), (2, _survey_table())]
    first = workbook_bytes(build_workbook(tables, INFO))
    assert first == workbook_bytes(build_workbook(tables, INFO))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "<dcterms:created" in core and core.count("2026-02-15T00:00:00Z") == 2


DOCUMENT = """# Avvikelser {#kap-avvikelser}

| År | 2025 |
|:---|----:|
| Antal | 2 026 |

: Totalt antal avvikelser per år {#tbl-avv-totalt}

Texten nämner en tabell, och en kodrad:

: Escapad text \\{#tbl-escapad}

```
: Kod {#tbl-i-kod}
```

  Enhet   Antal
  ------- -------
  A       3

  : Analytikerns tabell {#tbl-analys-1}

: Antal avvikelser per typ {#tbl-avv-typ}

: Totalt antal avvikelser per år {#tbl-avv-totalt}
"""


def test_tables_are_numbered_as_the_report_numbers_them():
    assert table_numbers(DOCUMENT) == {"avv-totalt": 1, "analys-1": 2, "avv-typ": 3}
    shown = _units_table()
    typ = TableData("avv-typ", "Antal avvikelser per typ", ("Typ",), (), (False,))
    other = TableData("avv-inte-i-rapporten", "Finns inte", ("Typ",), (), (False,))
    assert [(n, t.label) for n, t in numbered([typ, other, shown], {"avv-enhet": 1, "analys-1": 2, "avv-typ": 3})] == \
        [(1, "avv-enhet"), (3, "avv-typ")]


def test_the_first_sheet_names_the_tables_that_are_only_in_the_report():
    assert report_scope("kvalitetsberattelse-ekdala-2025", 4, [1, 2, 3, 4]) == (
        "De numrerade tabellerna i rapporten kvalitetsberattelse-ekdala-2025, med samma nummer som där "
        "(bladet Tabell 3 är rapportens Tabell 3).")
    assert report_scope("r", 23, [n for n in range(1, 24) if n != 22]).endswith(
        "Tabell 22 finns bara i rapporten: den står i de egna texterna.")
    assert report_scope("r", 8, [1, 2, 4, 5, 6]).endswith("Tabellerna 3, 7 och 8 finns bara i rapporten: de står i de egna texterna.")


def test_the_run_reads_the_tables_from_the_executed_notebook():
    block = table_block(pd.DataFrame({"Antal": ["3"]}, index=pd.Index(["A"], name="Enhet")), "x-y", "En tabell")
    bundle = block._repr_mimebundle_()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data={k: v for k, v in bundle.items() if k != TABLE_MIME}),
        nbformat.v4.new_output("display_data", data=bundle)])])
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # as papermill writes and the run reads it
    assert notebook_tables(nb) == [block.table]


def test_a_chapter_notebook_saves_its_tables_and_says_where(demo_data, output_root: Path):
    params = load_params("ekdala", 2025)
    blocks = [table_block(pd.DataFrame({"Antal": ["3"]}, index=pd.Index(["A"], name="Enhet")), "x-y", "En tabell")]
    saved = write_chapter_tables(blocks, params, "avvikelser", "Avvikelser och lex Sarah")
    path = output_root / "arbetsfiler" / "tabeller-ekdala-2025-avvikelser.xlsx"
    assert saved.message == f"Kapitlets en tabell är sparad i Excel: {path}"
    assert saved._repr_mimebundle_() == {"text/plain": saved.message, "text/html": f"<p>{saved.message}</p>"}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Om tabellerna", "Tabell 1"] and book["Tabell 1"]["A1"].value == "Tabell 1: En tabell"
    scope = next(r[1] for r in book["Om tabellerna"].iter_rows(values_only=True) if r[0] == "Tabellerna")
    assert scope.startswith("Tabellerna i kapitlet Avvikelser och lex Sarah, numrerade inom kapitlet.")
    skipped = write_chapter_tables(blocks, params, "avvikelser", "Avvikelser och lex Sarah", write=False)
    assert skipped.message.startswith("Tabellerna sparas inte till Excel här (excel = False).")
    assert write_chapter_tables([], params, "avvikelser", "Avvikelser och lex Sarah").message == \
        "Kapitlet Avvikelser och lex Sarah har inga tabeller för Ekdala kommun 2025; ingen Excelfil sparades."
    assert not path.exists(), "no stale tables left behind"


def test_a_workbook_that_cannot_be_saved_is_a_clear_error(demo_data, output_root: Path):
    params = load_params("ekdala", 2025)
    blocked = output_root / "arbetsfiler" / "tabeller-ekdala-2025-avvikelser.xlsx"
    (blocked / "upptagen").mkdir(parents=True)  # a folder where the file should be: the write fails like an open file
    blocks = [table_block(pd.DataFrame({"Antal": ["3"]}), "x-y", "En tabell")]
    with pytest.raises(KvbError) as error:
        write_chapter_tables(blocks, params, "avvikelser", "Avvikelser och lex Sarah")
    assert str(error.value) == (f"Kunde inte spara kapitlets tabeller i {blocked}. Är filen öppen i Excel? "
                                "Stäng den och kör cellen igen.")


def test_the_index_links_the_workbook(tmp_path: Path):
    folder = tmp_path / "ekdala" / "2025"
    folder.mkdir(parents=True)
    (folder / "tabeller.xlsx").write_bytes(b"x")
    manifest = {"kommun": "ekdala", "kommunkod": "9901", "kommunnamn": "Ekdala kommun", "ar": 2025, "filer": ["tabeller.xlsx"]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert '<a href="ekdala/2025/tabeller.xlsx">Tabeller (Excel)<span class="visually-hidden"> – Ekdala kommun 2025</span></a>' in page


def test_the_scan_before_publishing_reads_the_workbook(tmp_path: Path):
    from helpers.run.runner import outputs_with_personal_numbers

    clean = TableData("x", "Antal per enhet", ("Enhet", "Antal"), ((TableCell("Enhet A"), TableCell("3")),), (False, True))
    leaking = TableData("y", "Antal per person", ("Person", "Antal"), ((TableCell("19121212-1212"), TableCell("3")),), (False, True))
    write_workbook(tmp_path / "tabeller.xlsx", [(1, clean)], INFO)
    assert outputs_with_personal_numbers(tmp_path) == []
    write_workbook(tmp_path / "tabeller.xlsx", [(1, clean), (2, leaking)], INFO)
    assert outputs_with_personal_numbers(tmp_path) == ["tabeller.xlsx"]
