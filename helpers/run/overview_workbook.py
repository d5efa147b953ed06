"""``nyckeltal.xlsx`` beside the index: one row per kommun and year, one column per key figure of the overview.

The cells hold the overview's values: numbers as numbers with a number format
that shows them as the index does (``table_workbook.excel_value``), masked
counts as the mark the report shows (``<5``, ``..``), a missing value as an
empty cell. The same reports give the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..chapters.registry import get
from ..errors import KvbError
from ..table_workbook import HEADER_FILL, _set_text, workbook_bytes
from .overview import FIGURES, OverviewRow, header_of

SHEET = "Nyckeltal"
ABOUT_SHEET = "Om nyckeltalen"
FIXED_HEADERS = ("Organisation", "Kommunkod", "År", "Utkast")
TITLE = "Nyckeltal per organisation och år"


def _header_row(sheet: Worksheet, headers: list[str]) -> None:
    for column, header in enumerate(headers, start=1):
        _set_text(sheet, 1, column, header)
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", fgColor=HEADER_FILL)
        right = column > len(FIXED_HEADERS) or header == "År"
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right" if right else "left")


def _data_row(sheet: Worksheet, number: int, row: OverviewRow) -> None:
    _set_text(sheet, number, 1, row.name)
    _set_text(sheet, number, 2, row.code)  # a code keeps its leading zero (0114)
    sheet.cell(row=number, column=3, value=row.year)
    _set_text(sheet, number, 4, "ja" if row.draft else "nej")
    for offset, value in enumerate((c.excel for c in row.cells), start=len(FIXED_HEADERS) + 1):
        target = sheet.cell(row=number, column=offset)
        if isinstance(value.value, str):
            _set_text(sheet, number, offset, value.value)
        elif value.value is not None:
            target.value = value.value
            target.number_format = value.number_format
        target.alignment = Alignment(horizontal="right")


def figures_sheet(book: Workbook, rows: list[OverviewRow]) -> Worksheet:
    """``Nyckeltal``: the headers (bold, frozen, with filters), then one row per report."""
    sheet = book.active
    sheet.title = SHEET
    headers = [*FIXED_HEADERS, *(header_of(f, i, rows) for i, f in enumerate(FIGURES))]
    _header_row(sheet, headers)
    for number, row in enumerate(rows, start=2):
        _data_row(sheet, number, row)
    widths = [max(14, min(40, max((len(r.name) for r in rows), default=0) + 2)), 11, 7, 8] + [18] * len(FIGURES)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    return sheet


def about_rows(rows: list[OverviewRow]) -> list[tuple[str, str, str]]:
    """Column, what it holds, where it comes from: the sheet that explains ``Nyckeltal``."""
    lines = [
        ("Organisation", "Organisationen som rapporten gäller (kommun, stadsdelsförvaltning, förbund …).", "Rapportens manifest"),
        ("Kommunkod", "Kommunkoden, som text så att inledande nollor behålls.", "Rapportens manifest"),
        ("År", "Verksamhetsåret som rapporten gäller.", "Rapportens manifest"),
        ("Utkast", "ja: rapporten är ett utkast; nej: slutlig rapport.", "Rapportens manifest"),
    ]
    for i, figure in enumerate(FIGURES):
        chapter = get(figure.chapter).title
        lines.append((header_of(figure, i, rows), figure.source + ".", f"Kapitlet {chapter} (nyckeltal/{figure.chapter}.json)"))
    return lines


NOTES = (
    ("Tom cell", "Uppgiften saknas: kapitlet finns inte i rapporten eller saknar data för året."),
    ("<5", "Färre än fem: små antal visas inte, så att ingen enskild person kan pekas ut (som i rapporten)."),
    ("..", "Värdet döljs så att de dolda små antalen inte kan räknas fram ur andra tal (som i rapporten)."),
    ("Tal", "Antal och andelar är tal som går att räkna med. Andelar är sparade som andelar av 1 och visas i procent "
            "(0,658 visas som 65,8 %); \"● uppfyllt\" och \"○ ej uppfyllt\" efter en andel hör till talformatet."),
)


def about_sheet(book: Workbook, rows: list[OverviewRow]) -> Worksheet:
    sheet = book.create_sheet(ABOUT_SHEET)
    _set_text(sheet, 1, 1, TITLE)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for column, header in enumerate(("Kolumn", "Vad den visar", "Källa i rapporten"), start=1):
        _set_text(sheet, 3, column, header)
        sheet.cell(row=3, column=column).font = Font(bold=True)
    number = 3
    for number, line in enumerate(about_rows(rows), start=4):
        for column, text in enumerate(line, start=1):
            _set_text(sheet, number, column, text)
            sheet.cell(row=number, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    for offset, (label, text) in enumerate(NOTES, start=number + 2):
        _set_text(sheet, offset, 1, label)
        sheet.cell(row=offset, column=1).font = Font(bold=True)
        _set_text(sheet, offset, 2, text)
        sheet.cell(row=offset, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABC", (44, 70, 50), strict=True):
        sheet.column_dimensions[column].width = width
    return sheet


def build_overview_workbook(rows: list[OverviewRow], made: date) -> Workbook:
    book = Workbook()
    figures_sheet(book, rows)
    about_sheet(book, rows)
    stamp = datetime(made.year, made.month, made.day)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "kvalitetsberättelse"
    book.properties.title = TITLE
    book.properties.language = "sv-SE"
    return book


def write_overview_workbook(path: Path, rows: list[OverviewRow], made: date) -> Path:
    """Write the workbook atomically (temporary file, then rename); a file that cannot be replaced is a clear error."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(workbook_bytes(build_overview_workbook(rows, made)))
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise KvbError(f"Kunde inte spara nyckeltalen i {path}. Är filen öppen i Excel? Stäng den och försök igen.") from None
    return path
