"""The report's tables in Excel (``tabeller.xlsx``): one sheet per numbered table, for analysts to work on.

Each table block carries its table as data (``table_data.TableData``): the
texts the report shows, so the workbook has the same masking as the report
(``<5`` and ``..`` are text, as there). A cell that shows one number
(``1 940``, ``65,7 %``, ``+4,1``, ``84 % ◆ gul``) becomes a number, with a
number format that shows it as the report does: shares are stored as parts
of one (0,657) and shown in per cent, and a word after the number (``◆ gul``,
``(förbättring)``) is part of the number format, so the cell still counts.
Cells with more than one number (``66 % (19 av 29)``) stay text, as written.

The tables keep the report's numbers: ``Tabell N`` is the Nth table of the
report's document, counted as the report counts (every table with a
``{#tbl-…}`` label, the analyst's own tables included; those are only in the
report, so a number can be missing from the workbook).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .formatting import number_in_text
from .privacy import SECONDARY_MARK
from .ranking import cell_backgrounds
from .table_data import TableCell, TableData, is_total_row

WORKBOOK_NAME = "tabeller.xlsx"
ABOUT_SHEET = "Om tabellerna"
SHEET_PREFIX = "Tabell"
HEADER_FILL = "FFEEF1F5"  # the report's header row (report.css, thead th)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry times: the same tables give the same bytes

_NUMBER = re.compile(
    r"^(?P<sign>[+\u2212]?)(?P<int>\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(?:,(?P<dec>\d+))?"
    r"(?P<pct>[\u00a0 ]%)?(?P<suffix>[\u00a0 ][^\d\"\\]{1,40})?$"
)
_MASKED = re.compile(r"^<\d+$")


@dataclass(frozen=True)
class ExcelValue:
    """A cell for Excel: a number with its number format, or the text as the report shows it."""

    value: int | float | str | None
    number_format: str = "General"
    masked: bool = False


def _format_code(digits: str, decimals: int, percent: bool, sign: str, suffix: str) -> str:
    core = digits + ("." + "0" * decimals if decimals else "") + (" %" if percent else "")
    tail = f'"{suffix}"' if suffix else ""
    if sign == "+":
        return f'+{core}{tail};"\u2212"{core}{tail};{core}{tail}'
    if sign == "\u2212":
        return f'{core}{tail};"\u2212"{core}{tail}'
    return core + tail


def excel_value(text: str) -> ExcelValue:
    """``1 940`` → 1940 (``#,##0``); ``65,7 %`` → 0.657 (``0.0 %``); ``<5``, ``..``, ``12 (45 %)`` → the text."""
    match = _NUMBER.match(text)
    if not match:
        if not text:
            return ExcelValue(None)
        return ExcelValue(text, masked=bool(_MASKED.match(text)) or text == SECONDARY_MARK)
    sign, whole, decimals = match.group("sign"), match.group("int"), match.group("dec") or ""
    grouped = not whole.isdigit()
    number: int | float = int(re.sub(r"\D", "", whole))
    if decimals:
        number = float(f"{number}.{decimals}")
    if sign == "\u2212":
        number = -number
    percent = match.group("pct") is not None
    if percent:
        number = round(number / 100, len(decimals) + 2)
    # Thousands are grouped as in the text; Excel shows the separator in the reader's locale (a space in Swedish).
    digits = "0" if percent or not (grouped or abs(number) < 1000) else "#,##0"
    return ExcelValue(number, _format_code(digits, len(decimals), percent, sign, match.group("suffix") or ""))


# The report's numbers: the Nth caption with a table label is Tabell N (helpers/resources/crossref.lua).
_CAPTION = re.compile(r"^ {0,3}: .*(?<!\\)\{#(tbl-[\w-]+)\}\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def table_numbers(document: str) -> dict[str, int]:
    """Table label (without ``tbl-``) → its number in the report, counted in document order; fenced code skipped."""
    numbers: dict[str, int] = {}
    fenced = False
    for line in document.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _CAPTION.match(line)
        if match:
            numbers.setdefault(match.group(1).removeprefix("tbl-"), len(numbers) + 1)
    return numbers


def numbered(tables: Iterable[TableData], numbers: dict[str, int]) -> list[tuple[int, TableData]]:
    """The tables that the report has, with their report numbers, in report order (the first of a label wins)."""
    found: dict[int, TableData] = {}
    for table in tables:
        number = numbers.get(table.label)
        if number is not None:
            found.setdefault(number, table)
    return sorted(found.items())


@dataclass(frozen=True)
class WorkbookInfo:
    """What the first sheet says about the tables: whose, which year, from what, and how they are masked."""

    title: str
    organisation: str
    code: str
    year: int
    made: date
    threshold: int
    scope: str  # which tables, and how they are numbered
    demo: bool = False


def _text(value: str) -> str:
    """Text as Excel can hold it (no control characters)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _set_text(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """A text cell that stays text: ``=HYPERLINK(…)`` from a label is a string, never a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _text(text)
    cell.data_type = "s"


def _write_cell(sheet: Worksheet, row: int, column: int, cell: TableCell, right: bool) -> None:
    """A value cell as a number where it shows one number; the first column (the labels) is always text."""
    value = excel_value(cell.text) if column > 1 else ExcelValue(cell.text)
    target = sheet.cell(row=row, column=column)
    if isinstance(value.value, str):
        _set_text(sheet, row, column, value.value)
    else:
        target.value = value.value
        target.number_format = value.number_format
    if right or not isinstance(value.value, str):
        target.alignment = Alignment(horizontal="right")
    background = cell_backgrounds().get(cell.css_class or "")
    if background:
        target.fill = PatternFill(fill_type="solid", fgColor="FF" + background.lstrip("#").upper())


def _widths(table: TableData) -> list[float]:
    widths = []
    for i, header in enumerate(table.headers):
        longest_word = max((len(w) for w in header.split()), default=0)
        longest_cell = max((len(r[i].text) for r in table.rows if i < len(r)), default=0)
        cap = 50 if i == 0 or not table.numeric[i] else 30
        widths.append(float(min(cap, max(8, longest_word, longest_cell) + 2)))
    return widths


def table_sheet(book: Workbook, number: int, table: TableData) -> Worksheet:
    """``Tabell N``: the caption, the headers (bold, frozen), the rows; totals bold; the note under the table."""
    sheet = book.create_sheet(f"{SHEET_PREFIX} {number}")
    _set_text(sheet, 1, 1, f"{SHEET_PREFIX} {number}: {table.caption}")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
    for column, header in enumerate(table.headers, start=1):
        _set_text(sheet, 2, column, header)
        cell = sheet.cell(row=2, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", fgColor=HEADER_FILL)
        right = column > 1 and table.numeric[column - 1]
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right" if right else "left")
    for offset, row in enumerate(table.rows):
        total = bool(row) and is_total_row(row[0].text)
        for column, cell in enumerate(row, start=1):
            _write_cell(sheet, 3 + offset, column, cell, column > 1 and table.numeric[column - 1])
            if total:
                sheet.cell(row=3 + offset, column=column).font = Font(bold=True)
    if table.note:
        _set_text(sheet, 4 + len(table.rows), 1, table.note)
        sheet.cell(row=4 + len(table.rows), column=1).font = Font(italic=True)
    for column, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B3"
    return sheet


def about_lines(info: WorkbookInfo) -> list[tuple[str, str]]:
    """The first sheet, as label and text per row (Swedish, for the analyst)."""
    t = info.threshold
    lines = [
        ("Organisation", f"{info.organisation} (kommunkod {info.code})"),
        ("Verksamhetsår", str(info.year)),
        ("Datum", info.made.isoformat()),
        ("Tabellerna", info.scope),
        ("<" + str(t), f"färre än {number_in_text(t)} (1–{t - 1}): antal under {number_in_text(t)} visas inte, "
                       "så att ingen enskild person kan pekas ut."),
        (SECONDARY_MARK, "värdet döljs så att de dolda små antalen inte kan räknas fram ur summorna."),
        ("–", "uppgift saknas."),
        ("Tal", "Antal och andelar är tal som går att räkna med. Andelar är sparade som andelar av 1 och visas i procent "
                "(0,657 visas som 65,7 %). Symbol och färgnamn efter ett värde (”84 % ◆ gul”) hör till talformatet. "
                "Celler med flera tal, t.ex. ”66 % (19 av 29)”, är text som i rapporten."),
    ]
    if info.demo:
        lines.insert(0, ("Demonstration", "Alla uppgifter är påhittade och genererade för att visa verktyget; de är inte organisationens verkliga."))
    return lines


def about_sheet(book: Workbook, info: WorkbookInfo, tables: list[tuple[int, TableData]]) -> Worksheet:
    sheet = book.active
    sheet.title = ABOUT_SHEET
    _set_text(sheet, 1, 1, info.title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = 3
    for label, text in about_lines(info):
        _set_text(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        _set_text(sheet, row, 2, text)
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    for column, header in enumerate(("Blad", "Tabelltext"), start=1):
        _set_text(sheet, row, column, header)
        sheet.cell(row=row, column=column).font = Font(bold=True)
    for number, table in tables:
        row += 1
        _set_text(sheet, row, 1, f"{SHEET_PREFIX} {number}")
        _set_text(sheet, row, 2, table.caption)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100
    return sheet


def build_workbook(tables: list[tuple[int, TableData]], info: WorkbookInfo) -> Workbook:
    """``Om tabellerna`` first, then one sheet per table (``Tabell N``, in number order)."""
    book = Workbook()
    about_sheet(book, info, tables)
    for number, table in tables:
        table_sheet(book, number, table)
    made = datetime(info.made.year, info.made.month, info.made.day)
    book.properties.created = book.properties.modified = made
    book.properties.creator = book.properties.lastModifiedBy = info.organisation
    book.properties.title = info.title
    book.properties.language = "sv-SE"
    return book


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file; the same workbook always gives the same bytes (fixed times in the zip and the properties)."""
    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()  # save_workbook would stamp "now"
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, ZIP_TIME), source.read(entry.filename), zipfile.ZIP_DEFLATED)
    return stable.getvalue()


def write_workbook(path: Path, tables: list[tuple[int, TableData]], info: WorkbookInfo) -> Path:
    """Write the workbook (temporary file, then rename: never half a file where a good one was)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(workbook_bytes(build_workbook(tables, info)))
    tmp.replace(path)
    return path
