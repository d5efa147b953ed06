"""Opening an input file: its bytes as a table of text cells, or a Swedish error that says what to do.

The content decides, not the file name: a workbook is recognised by its
first bytes (ZIP for .xlsx, OLE2 for encrypted, labelled or old .xls files),
text by its byte order mark, else UTF-8, else Windows-1252. CSV comes with
``;``, ``,``, tab or ``|`` (sniffed from the header line) or with Excel's
``sep=X`` hint on the first line. Rows are numbered as Excel shows them: the
header is row 1, and the index of the table is the Excel row minus two, so
``excel_row(index)`` stays right across skipped blank rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem

HEADER_ROW = 1  # rows are numbered as in Excel: the header is row 1, data starts at row 2
TEXT_SUFFIXES = {".csv", ".txt"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb", "|": "lodstreck (|)"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Byte order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_SEP_HINT = re.compile(r'"?sep=(.)"?[;,\t|]*', re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')
SAVE_AS_XLSX = "Öppna den i Excel och spara den som Excel-arbetsbok (.xlsx), eller som CSV UTF-8"
EMPTY_FILE = ("Filen är tom (inga rubriker och inga rader). Exportera den på nytt från verksamhetssystemet "
              "och spara den över den tomma filen")


def excel_row(index: int) -> int:
    """Row number in the file as the analyst sees it (0-based data index → Excel row)."""
    return int(index) + HEADER_ROW + 1


def column_letter(position: int) -> str:
    """Excel's name of a column: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def file_problem(path: Path, message: str) -> InputError:
    """An error about the whole file (no row, no column)."""
    return InputError(str(path), [Problem(None, None, message)])


def decode_text(raw: bytes) -> str:
    """Text by its byte order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else Windows-1252 as older Excel writes it."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    if b"\x00" in raw[:4096]:
        # UTF-16 without a mark: one NUL beside every ASCII letter, on the odd (LE) or even (BE) bytes.
        head = raw[:4096]
        if head[1::2].count(0) > len(head) / 4:
            return raw.decode("utf-16-le", errors="replace")
        if head[0::2].count(0) > len(head) / 4:
            return raw.decode("utf-16-be", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Five bytes are undefined in Windows-1252; they can only sit in free text, which is never read.
        return raw.decode("cp1252", errors="replace")


def is_binary(text: str) -> bool:
    """A decoded file that still holds NUL characters is no text file (a PDF, an image, an old .xls …)."""
    return "\x00" in text[:4096]


def split_separator_hint(text: str) -> tuple[str | None, str]:
    """Excel's ``sep=;`` first line: the delimiter it names and the text without that line."""
    first, newline, rest = text.partition("\n")
    match = _SEP_HINT.fullmatch(first.strip())
    return (match.group(1), rest) if match else (None, text)


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line (quoted parts left out): semicolon, comma, tab or pipe."""
    header = _QUOTED.sub("", text.lstrip("\r\n").split("\n", 1)[0])
    counts = {sep: header.count(sep) for sep in DELIMITERS}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


Records = list[tuple[int, list[str]]]  # (Excel row, cells) of every non-blank row, header first


def csv_records(text: str, path: Path) -> tuple[Records, str]:
    """Every non-blank row of a CSV text with its Excel row, and the delimiter; a broken quote is an error naming its row."""
    hint, text = split_separator_hint(text)
    delimiter = hint or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: Records = []
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(str(path), [Problem(row, None, _quote_problem(exc))]) from None
        if any(cell.strip() for cell in cells):
            records.append((row, cells))
    return records, delimiter


def _quote_problem(error: csv.Error) -> str:
    if "expected after" in str(error):  # a closing quote followed by more text in the same value
        return ('citattecknen stämmer inte: efter ett avslutande citattecken (") kommer mer text i samma värde, eller så '
                'stängs ett citattecken först på en senare rad. Skriv citattecken inuti en text som två ("") eller ta '
                "bort dem, och spara filen igen")
    # End of file (or the field size limit) reached inside quotes: the quote opened on this row never closes.
    return ('ett citattecken (") öppnas men stängs aldrig, så resten av filen blir ett enda värde. '
            "Ta bort citattecknet eller lägg till det avslutande, och spara filen igen")


def _problem_with_fields(row: int, found: int, expected: int, delimiter_name: str) -> Problem:
    """A row with more values than the header has columns: almost always the delimiter inside an unquoted text."""
    return Problem(row, None, f"raden har {found} värden men rubrikraden har {expected} kolumner; troligen står "
                              f"avgränsaren ({delimiter_name}) i ett värde utan citattecken. Sätt värdet inom "
                              "citattecken eller ta bort tecknet, och exportera eller spara filen igen")


def _delimiter_name(delimiter: str | None) -> str:
    return DELIMITER_NAMES.get(delimiter or ",", delimiter or ",")


def workbook_records(raw: bytes, path: Path, sheet: str | int | None) -> Records:
    """Every non-blank row of an .xlsx sheet (cells as text) with its Excel row."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise file_problem(path, "Filen är trasig eller ofullständig (arbetsboken kan inte packas upp), t.ex. efter en "
                                 "avbruten kopiering eller nedladdning. Exportera eller kopiera den på nytt") from None
    if "xl/workbook.xml" not in names:
        raise file_problem(path, "Filen är en ZIP-fil men ingen Excel-arbetsbok. Spara exporten som Excel-arbetsbok "
                                 "(.xlsx) eller som CSV")
    try:
        book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
        sheets = list(book.sheet_names)
        wanted = _sheet_name(sheets, sheet, path)
        frame = pd.read_excel(book, sheet_name=wanted, header=None, dtype=object)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - anything the workbook library trips on here means a damaged file
        raise file_problem(path, "Filen är trasig: arbetsboken kan inte läsas (innehållet är skadat). Öppna den i "
                                 "Excel och spara den på nytt, eller exportera den igen") from None
    records: Records = []
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = [excel_cell_to_text(v) for v in values]
        if any(cell.strip() for cell in cells):
            records.append((int(frame.index[position]) + 1, cells))
    return records


def _sheet_name(sheets: list[str], sheet: str | int | None, path: Path) -> str:
    shown = ", ".join(f"'{s}'" for s in sheets)
    if sheet is None:
        return sheets[0]
    if isinstance(sheet, int):
        if 0 <= sheet < len(sheets):
            return sheets[sheet]
        raise file_problem(path, f"arbetsboken har inget blad nummer {sheet} (bladen räknas från 0 och heter {shown}). "
                                 "Ändra 'blad' under källan i params")
    if sheet in sheets:
        return sheet
    raise file_problem(path, f"bladet '{sheet}' finns inte i arbetsboken; bladen heter {shown}. "
                             "Ändra 'blad' under källan i params, eller byt namn på bladet i Excel")


def excel_cell_to_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold (dates ISO, whole numbers without ``.0``)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def ole2_problem(raw: bytes) -> str:
    """What an OLE2 container is, as far as its directory tells: an encrypted (labelled) workbook or an old .xls."""
    if "EncryptedPackage".encode("utf-16-le") in raw:
        return ("Filen är krypterad eller skyddad med känslighetsetikett (t.ex. lösenord eller Microsoft Purview) och "
                "kan inte läsas. Öppna den i Excel, ta bort lösenordet eller välj en etikett utan kryptering, och "
                "spara en oskyddad kopia som .xlsx")
    if "Workbook".encode("utf-16-le") in raw or "Book".encode("utf-16-le") in raw:
        return f"Filen är i det gamla Excel-formatet (.xls, Excel 97–2003), som inte kan läsas. {SAVE_AS_XLSX}"
    return ("Filen är en äldre Office-fil eller en krypterad eller etikettskyddad arbetsbok och kan inte läsas. "
            "Spara en oskyddad kopia som Excel-arbetsbok (.xlsx) eller som CSV UTF-8")


def text_records(raw: bytes, path: Path) -> tuple[Records, str]:
    """A CSV file's rows and delimiter; a file that is no text is an error."""
    text = decode_text(raw)
    if is_binary(text):
        raise file_problem(path, "Filen är ingen textfil (CSV) utan något annat, t.ex. en PDF eller en bild. "
                                 "Exportera underlaget som CSV eller Excel-arbetsbok (.xlsx)")
    return csv_records(text, path)


def read_records(path: Path, sheet: str | int | None = None) -> tuple[Records, str | None]:
    """The file's rows by what its bytes are (the suffix only has to agree), and a CSV file's delimiter.

    An empty file, also one with only a byte order mark or blanks, is an error.
    """
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise file_problem(path, "Sökvägen är en mapp, inte en fil. Ange filen under 'kallor' i params") from None
    except OSError:
        raise file_problem(path, "Filen kunde inte öppnas (saknas behörighet, eller är den låst av ett annat program?). "
                                 "Stäng den i Excel och kontrollera att du får läsa den") from None
    suffix = path.suffix.lower()
    if raw.startswith(OLE2_MAGIC):
        raise file_problem(path, ole2_problem(raw))
    if suffix not in TEXT_SUFFIXES | WORKBOOK_SUFFIXES:
        raise file_problem(path, "okänt filformat; använd .csv eller .xlsx")
    is_zip = raw.startswith(ZIP_MAGICS)
    if not is_zip and not decode_text(raw).strip():
        raise file_problem(path, EMPTY_FILE)
    delimiter = None
    if suffix in WORKBOOK_SUFFIXES:
        if not is_zip:
            raise file_problem(path, _not_a_workbook(raw))
        records = workbook_records(raw, path, sheet)
    else:
        if is_zip:
            raise file_problem(path, f"Filen heter {suffix} men är en Excel-arbetsbok. Byt filändelse till .xlsx (i "
                                     "filnamnet och under 'kallor' i params), eller spara den som CSV i Excel")
        records, delimiter = text_records(raw, path)
    if not records:
        raise file_problem(path, EMPTY_FILE)
    return records, delimiter


def _not_a_workbook(raw: bytes) -> str:
    text = decode_text(raw[:4096])
    if not is_binary(text) and any(sep in text for sep in DELIMITERS):
        return ("Filen heter .xlsx men är en textfil (CSV). Byt filändelse till .csv (i filnamnet och under 'kallor' "
                "i params), eller öppna den i Excel och spara den som Excel-arbetsbok (.xlsx)")
    return f"Filen heter .xlsx men är ingen Excel-arbetsbok. {SAVE_AS_XLSX}"


def table_from_records(records: Records, path: Path, delimiter: str | None = None) -> pd.DataFrame:
    """The first row as (stripped) headers, the rest as text cells indexed by Excel row − 2; too many values is an error."""
    (_, header), body = records[0], records[1:]
    width = len(header)
    rows, index, problems = [], [], []
    for row, cells in body:
        if len(cells) > width:
            if any(cell.strip() for cell in cells[width:]):
                problems.append(_problem_with_fields(row, len(cells), width, _delimiter_name(delimiter)))
                continue
            cells = cells[:width]  # a trailing delimiter on every row is Excel's habit, not a value
        rows.append(cells + [""] * (width - len(cells)))
        index.append(row - HEADER_ROW - 1)
    if problems:
        raise InputError(str(path), problems)
    return pd.DataFrame(rows, columns=[str(c).strip() for c in header], index=pd.Index(index, dtype="int64"), dtype=str)


def read_raw_table(path: Path, sheet: str | int | None = None) -> pd.DataFrame:
    """The file as a table of strings (empty cells as ""), headers stripped of spaces."""
    records, delimiter = read_records(path, sheet)
    return table_from_records(records, path, delimiter)


def duplicate_headers(columns: list[str]) -> dict[str, list[int]]:
    """Headers that stand over more than one column, with their positions (empty headers are not names)."""
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(columns):
        if name:
            positions.setdefault(name, []).append(position)
    return {name: found for name, found in positions.items() if len(found) > 1}
