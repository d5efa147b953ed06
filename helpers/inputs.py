"""Reading chapter inputs: Swedish Excel exports into checked, canonical DataFrames.

Handles what municipal exports look like (``file_reading`` opens the file:
CSV in every Swedish Excel encoding and delimiter, XLSX), then decimal comma,
dates and yes/no. Only the columns of the
contract are read, renamed from the kommun's headers (params ``kolumner``), so
free-text columns never enter the workbook. Every problem is collected and
reported at once with file, row, column and what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .config import Source
from .contracts import Column, Contract
from .errors import DataMissing, InputError, Problem
from .file_reading import column_letter, duplicate_headers, excel_row, read_raw_table
from .formatting import format_number
from .personal_data import contains_personal_number

TRUE_WORDS = {"ja", "j", "yes", "y", "true", "sant", "1", "x"}
FALSE_WORDS = {"nej", "n", "no", "false", "falskt", "0", ""}
LIST_SEPARATORS = (";", "|")
MAX_VALUE_SHOWN = 40


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_VALUE_SHOWN else text[: MAX_VALUE_SHOWN - 1] + "…"


def select_columns(frame: pd.DataFrame, contract: Contract, source: Source, path: Path) -> pd.DataFrame:
    """Keep only the contract's columns, renamed from the kommun's headers to canonical names."""
    problems: list[Problem] = []
    selected: dict[str, pd.Series] = {}
    unknown_keys = set(source.kolumner) - {c.name for c in contract.columns}
    for key in sorted(unknown_keys):
        problems.append(Problem(None, key, "params 'kolumner' nämner en kolumn som kapitlet inte känner till"))
    twice = duplicate_headers(list(frame.columns))
    for col in contract.columns:
        header = source.kolumner.get(col.name, col.name)
        if header in twice:
            letters = " och ".join(column_letter(i) for i in twice[header])
            problems.append(Problem(None, header, f"rubriken står över flera kolumner ({letters}), så det går inte att veta "
                                                  "vilken som ska läsas. Ta bort eller byt namn på den som inte ska användas"))
        elif header in frame.columns:
            selected[col.name] = frame[header].astype(str).str.strip()
        elif col.required:
            problems.append(Problem(None, header, "kolumnen saknas i filen"))
        else:
            selected[col.name] = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    if problems:
        raise InputError(str(path), problems)
    return pd.DataFrame(selected, index=frame.index)


def map_values(frame: pd.DataFrame, source: Source) -> pd.DataFrame:
    """Translate the kommun's own category labels to ours (params ``varden``)."""
    frame = frame.copy()
    for column, mapping in source.varden.items():
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, m=mapping: _map_value(v, m))
    return frame


def _map_value(value: str, mapping: dict[str, str]) -> str:
    """The whole cell if it is in the mapping, else each part of a list cell (``ÄO;HSL``)."""
    if value in mapping or not any(sep in value for sep in LIST_SEPARATORS):
        return mapping.get(value, value)
    for sep in LIST_SEPARATORS:
        value = value.replace(sep, ";")
    return ";".join(mapping.get(part.strip(), part.strip()) for part in value.split(";"))


def _parse_column(series: pd.Series, col: Column) -> tuple[pd.Series, list[Problem]]:
    problems: list[Problem] = []
    empty = series.eq("")
    if col.kind in {"text", "category"}:
        return series.where(~empty, None), problems
    if col.kind == "date":
        parsed = pd.to_datetime(series.where(~empty, None), format="ISO8601", errors="coerce")
        for idx in series.index[~empty & parsed.isna()]:
            problems.append(Problem(excel_row(idx), col.name, f"'{_shown(series[idx])}' är inget datum (skriv ÅÅÅÅ-MM-DD)"))
        return parsed.dt.normalize(), problems
    if col.kind == "year":
        parsed = pd.to_numeric(series.where(~empty, None), errors="coerce")
        bad = ~empty & (parsed.isna() | (parsed % 1 != 0) | ~series.str.fullmatch(r"\d{4}"))
        for idx in series.index[bad]:
            problems.append(Problem(excel_row(idx), col.name, f"'{_shown(series[idx])}' är inget årtal (skriv fyra siffror, t.ex. 2025)"))
        return (parsed.astype("Int64") if not bad.any() else parsed), problems
    if col.kind in {"int", "float"}:
        cleaned = series.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False).str.replace(",", ".", regex=False)
        parsed = pd.to_numeric(cleaned.where(~empty, None), errors="coerce")
        bad = ~empty & parsed.isna()
        if col.kind == "int":
            bad |= ~empty & parsed.notna() & (parsed % 1 != 0)
        for idx in series.index[bad]:
            what = "ett heltal" if col.kind == "int" else "ett tal"
            problems.append(Problem(excel_row(idx), col.name, f"'{_shown(series[idx])}' är inte {what}"))
        return (parsed.astype("Int64") if col.kind == "int" and not bad.any() else parsed), problems
    if col.kind == "bool":
        lowered = series.str.lower()
        parsed = pd.Series(pd.NA, index=series.index, dtype="boolean")
        parsed[lowered.isin(TRUE_WORDS)] = True
        parsed[lowered.isin(FALSE_WORDS) & ~empty] = False
        for idx in series.index[~lowered.isin(TRUE_WORDS | FALSE_WORDS)]:
            problems.append(Problem(excel_row(idx), col.name, f"'{_shown(series[idx])}' är inte ja eller nej"))
        return parsed, problems
    if col.kind == "list":
        def split(value: str) -> tuple[str, ...]:
            for sep in LIST_SEPARATORS:
                value = value.replace(sep, ";")
            return tuple(part.strip() for part in value.split(";") if part.strip())

        return series.map(split), problems
    raise ValueError(f"unknown column kind {col.kind}")


def parse_values(frame: pd.DataFrame, contract: Contract) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn text cells into dates, numbers and yes/no; report every cell that does not parse."""
    parsed: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for col in contract.columns:
        values, found = _parse_column(frame[col.name], col)
        parsed[col.name] = values
        problems.extend(found)
    return pd.DataFrame(parsed, index=frame.index), problems


def _schema(contract: Contract) -> pa.DataFrameSchema:
    columns = {}
    for col in contract.columns:
        checks = []
        if col.categories is not None and col.kind == "category":
            checks.append(pa.Check.isin(list(col.categories), name="kategori"))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum, name="minimum"))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum, name="maximum"))
        if col.kind == "list" and col.categories is not None:
            allowed = set(col.categories)
            checks.append(pa.Check(lambda s, a=allowed: s.map(lambda v: set(v) <= a), name="kategori_lista"))
        if col.kind == "list" and not col.nullable:
            checks.append(pa.Check(lambda s: s.map(len) > 0, name="tom_lista"))
        columns[col.name] = pa.Column(
            nullable=col.nullable, unique=col.unique, checks=checks, coerce=False, required=True
        )
    return pa.DataFrameSchema(columns, strict=False)


_BUILTIN_CHECKS = {"isin(": "kategori", "greater_than_or_equal_to(": "minimum", "less_than_or_equal_to(": "maximum"}


def _check_name(check: str) -> str:
    """pandera names its built-in checks by their arguments (``isin([...])``); map them to ours."""
    for prefix, name in _BUILTIN_CHECKS.items():
        if check.startswith(prefix):
            return name
    return check


def _shown_number(value: object) -> str:
    """A number in a message as the analyst wrote it, Swedish style: ``101,5``, ``−3`` (not ``-3.0``)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _shown(value)
    decimals = 0 if number.is_integer() else min(len(repr(number).split(".")[1]), 6)
    return format_number(number, decimals)


def _explain_failure(row: pd.Series, contract: Contract, frame: pd.DataFrame) -> Problem:
    column = row["column"]
    index = row["index"]
    value = row["failure_case"]
    check = _check_name(str(row["check"]))
    line = excel_row(index) if pd.notna(index) else None
    col = contract.column(column) if column in {c.name for c in contract.columns} else None
    if check == "not_nullable":
        return Problem(line, column, "värde saknas")
    if check == "field_uniqueness":
        others = frame.index[frame[column] == value].tolist()
        rows = ", ".join(str(excel_row(i)) for i in others[:5])
        return Problem(line, column, f"samma värde förekommer på flera rader (rad {rows}); varje rad ska ha ett eget id")
    if check == "kategori" and col is not None:
        allowed = "; ".join(col.categories or ())
        return Problem(line, column, f"okänd kategori '{_shown(value)}' (tillåtna: {allowed})")
    if check == "kategori_lista" and col is not None:
        allowed = "; ".join(col.categories or ())
        unknown = "; ".join(v for v in frame.loc[index, column] if v not in set(col.categories or ())) if pd.notna(index) else value
        return Problem(line, column, f"okänd kategori '{_shown(unknown)}' (tillåtna: {allowed})")
    if check == "tom_lista":
        return Problem(line, column, "värde saknas")
    if check in {"minimum", "maximum"} and col is not None and col.kind == "year":
        return Problem(line, column, f"{_shown(value)} är inget rimligt årtal ({col.minimum:.0f}–{col.maximum:.0f})")
    if check == "minimum" and col is not None:
        return Problem(line, column, f"{_shown_number(value)} är mindre än det minsta tillåtna ({_shown_number(col.minimum)})")
    if check == "maximum" and col is not None:
        return Problem(line, column, f"{_shown_number(value)} är större än det största tillåtna ({_shown_number(col.maximum)})")
    return Problem(line, column, f"ogiltigt värde '{_shown(value)}' ({check})")


def check_values(frame: pd.DataFrame, contract: Contract) -> list[Problem]:
    """Every rule of the contract (categories, ranges, uniqueness, required values) checked at once."""
    try:
        _schema(contract).validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        problems = [_explain_failure(row, contract, frame) for _, row in cases.iterrows()]
        # Uniqueness is reported once per duplicated value, not once per row.
        seen: set[tuple] = set()
        unique_problems = []
        for p in problems:
            key = (p.column, p.message) if "flera rader" in p.message else (p.row, p.column, p.message)
            if key not in seen:
                seen.add(key)
                unique_problems.append(p)
        return unique_problems
    return []


LABEL_KINDS = {"text", "category", "list"}
PERSONAL_NUMBER_PROBLEM = (
    "värdet ser ut som ett personnummer eller samordningsnummer; sådana uppgifter får aldrig stå i rapporten. "
    "Ta bort numret ur exporten (t.ex. ett familjehem som heter efter en person) eller byt värdet med 'varden' i params"
)


def is_label_column(col: Column) -> bool:
    """Columns whose values the report can show as labels: text-like, and not an id (ids are never shown)."""
    return col.kind in LABEL_KINDS and col.name != "id" and not col.name.endswith("_id")


def personal_number_problems(frame: pd.DataFrame, contract: Contract) -> list[Problem]:
    """Every label cell that holds a personnummer or samordningsnummer (the number itself is never printed)."""
    problems = []
    for col in contract.columns:
        if col.name not in frame or not is_label_column(col):
            continue
        for idx, value in frame[col.name].items():
            values = value if isinstance(value, (list, tuple)) else [value]
            if any(isinstance(v, str) and contains_personal_number(v) for v in values):
                problems.append(Problem(excel_row(idx), col.name, PERSONAL_NUMBER_PROBLEM))
    return problems


def read_input(path: Path, contract: Contract, source: Source) -> pd.DataFrame:
    """Read, rename, map, parse and check one input file; raise InputError listing every problem."""
    if not path.exists():
        raise DataMissing(str(path), contract.name)
    raw = read_raw_table(path, source.blad)
    frame = map_values(select_columns(raw, contract, source, path), source)
    parsed, problems = parse_values(frame, contract)
    # A cell that did not parse is reported once, not again as "värde saknas".
    unparsed = {(p.row, p.column) for p in problems}
    problems = problems + [p for p in check_values(parsed, contract) if (p.row, p.column) not in unparsed]
    problems += personal_number_problems(parsed, contract)
    if not problems:
        for check in contract.row_checks:
            problems.extend(check(parsed))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(str(path), problems)
    return parsed.reset_index(drop=True)


def read_yearly_inputs(paths_by_year: dict[int, Path], contract: Contract, source: Source) -> tuple[pd.DataFrame, list[int]]:
    """Read one file per year where it exists; returns the rows (with ``_fil``, ``_ar_fil``) and the years found."""
    frames, found = [], []
    for year, path in sorted(paths_by_year.items()):
        if path.exists():
            frame = read_input(path, contract, source)
            frame["_fil"] = str(path)
            frame["_ar_fil"] = year
            frames.append(frame)
            found.append(year)
    if not frames:
        return pd.DataFrame(columns=[c.name for c in contract.columns]), []
    return pd.concat(frames, ignore_index=True), found
