"""The cross-kommun overview: every report's headline key figures, read from its own ``nyckeltal/<kapitel>.json``.

Nothing is computed that the report does not show: each value is a key figure
of the report itself (the same number its tables print, formatted the same
way), or, for the change of the number of avvikelser, the difference the
report prints in its table of avvikelser per typ av händelse. A masked count
stays the mark the report shows (``<5``, ``..``); the true count is not in the
key-figure file and so cannot reach the overview.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..chapters.kvalitetsregister.wording import MET, NOT_MET
from ..formatting import format_count, format_percent, is_missing
from ..privacy import SECONDARY_MARK
from ..table_workbook import ExcelValue, excel_value

Kind = Literal["antal", "forandring", "andel"]
State = Literal["tal", "saknas", "maskerat"]
Reader = Callable[[Mapping[str, Any], int], object]


def _at(figures: Mapping[str, Any], *keys: str) -> object:
    """The value under ``keys`` in a chapter's key figures, or None where any step is missing."""
    value: object = figures
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _count_of_year(key: str) -> Reader:
    return lambda figures, year: _at(figures, key, str(year))


def _change_of_year(key: str) -> Reader:
    """This year's count minus last year's, as the report's table prints it (``+86``); None unless both are counts."""
    def read(figures: Mapping[str, Any], year: int) -> object:
        now, before = _at(figures, key, str(year)), _at(figures, key, str(year - 1))
        if _is_number(now) and _is_number(before):
            return now - before  # type: ignore[operator]
        return None
    return read


def _value(*keys: str) -> Reader:
    return lambda figures, year: _at(figures, *keys)


@dataclass(frozen=True)
class Figure:
    """One column of the overview: where the value lies in the key figures, and how the report writes it."""

    id: str
    header: str  # Swedish column header with the unit
    chapter: str
    source: str  # where the same number stands in the report (for the sheet "Om nyckeltalen")
    kind: Kind
    read: Reader
    decimals: int | None = None  # None: as the chapter shows it (whole numbers without, others with one decimal)
    met: Reader | None = None  # whether the report counts the value as meeting its national target
    target: Reader | None = None


_PALLIATIVE = ("palliativregistret", "indikatorer")

FIGURES: tuple[Figure, ...] = (
    Figure("avvikelser", "Avvikelser (antal)", "avvikelser", "Totalt antal avvikelser per år, verksamhetsåret",
           "antal", _count_of_year("antal")),
    Figure("avvikelser_forandring", "Avvikelser, förändring mot året före (antal)", "avvikelser",
           "Antal avvikelser per typ av händelse, raden Totalt, kolumnen Förändring", "forandring", _change_of_year("antal")),
    Figure("lex_sarah_ivo", "Lex Sarah, anmälda till IVO (antal)", "avvikelser",
           "Lex Sarah per år, raden Anmälda till IVO, verksamhetsåret", "antal", _value("lex_sarah_anmalda_ivo")),
    Figure("synpunkter", "Synpunkter (antal)", "synpunkter", "Antal synpunkter per år, verksamhetsåret", "antal",
           _count_of_year("antal")),
    Figure("synpunkter_i_tid", "Synpunkter besvarade inom målet (%)", "synpunkter",
           "Andel synpunkter besvarade inom kommunens mål för svarstid (antal dagar enligt kommunens mål)", "andel",
           _value("andel_besvarade_inom_mal"), decimals=1),
    Figure("helhetssyn_hemtjanst", "Helhetssyn, hemtjänst (% positiva)", "brukarundersokningar",
           "Brukarundersökningen i hemtjänst, frågan om helhetssyn (andel positiva svar)", "andel",
           _value("undersokningar", "hemtjanst", "andel_positiva", "helhetssyn")),
    Figure("helhetssyn_sabo", "Helhetssyn, särskilt boende (% positiva)", "brukarundersokningar",
           "Brukarundersökningen i särskilt boende, frågan om helhetssyn (andel positiva svar)", "andel",
           _value("undersokningar", "sarskilt_boende", "andel_positiva", "helhetssyn")),
    Figure("gp_uppdaterade", "Genomförandeplaner uppdaterade (%)", "genomforandeplaner",
           "Andel brukare med uppdaterad genomförandeplan, raden Totalt", "andel",
           _value("andelar", "uppdaterad", "andel"), decimals=1),
    Figure("brytpunktssamtal", "Brytpunktssamtal (%) mot nationellt mål", "kvalitetsregister",
           "Palliativregistret: dokumenterat brytpunktssamtal, verksamhetsåret, och om det nationella målvärdet är uppfyllt",
           "andel", _value(*_PALLIATIVE, "brytpunktssamtal", "andel"),
           met=_value(*_PALLIATIVE, "brytpunktssamtal", "nationellt_uppfyllt"),
           target=_value(*_PALLIATIVE, "brytpunktssamtal", "nationellt_mal")),
    Figure("smartskattning", "Smärtskattning sista veckan (%) mot nationellt mål", "kvalitetsregister",
           "Palliativregistret: smärtskattning sista levnadsveckan, verksamhetsåret, och om det nationella målvärdet är uppfyllt",
           "andel", _value(*_PALLIATIVE, "smartskattning", "andel"),
           met=_value(*_PALLIATIVE, "smartskattning", "nationellt_uppfyllt"),
           target=_value(*_PALLIATIVE, "smartskattning", "nationellt_mal")),
    Figure("ej_verkstallda", "Ej verkställda beslut (antal)", "ej_verkstallda",
           "Beslut som rapporterades som ej verkställda till IVO under året", "antal", _count_of_year("antal")),
    Figure("ej_verkstallda_12", "Ej verkställda, väntat över 12 månader (antal)", "ej_verkstallda",
           "Ej verkställda beslut som hade väntat mer än tolv månader (små antal visas som i rapporten)", "antal",
           _value("vantat_mer_an_12_manader")),
)


@dataclass(frozen=True)
class Cell:
    """One value as the overview shows it: the text, the number behind it (for sorting and Excel) and its state."""

    text: str
    number: float | int | None
    state: State
    excel: ExcelValue
    target: float | int | None = None


@dataclass(frozen=True)
class OverviewRow:
    kommun: str
    name: str
    code: str
    year: int
    draft: bool
    cells: tuple[Cell, ...]


MISSING_CELL = Cell("–", None, "saknas", ExcelValue(None))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not is_missing(value)


def is_mark(value: object) -> bool:
    """A masked count as the key figures store it: ``<5`` (few) or ``..`` (hidden so that the few cannot be recomputed)."""
    return isinstance(value, str) and (value == SECONDARY_MARK or (value.startswith("<") and value[1:].isdigit()))


def _decimals(value: float, fixed: int | None) -> int:
    if fixed is not None:
        return fixed
    return 0 if float(value).is_integer() else 1


def figure_cell(figure: Figure, figures: Mapping[str, Any] | None, year: int) -> Cell:
    """The cell of one figure for one report; ``–`` where the report has no such value."""
    if figures is None:
        return MISSING_CELL
    value = figure.read(figures, year)
    if is_mark(value):
        return Cell(str(value), None, "maskerat", ExcelValue(str(value), masked=True))
    if not _is_number(value):
        return MISSING_CELL
    number: float | int = value  # type: ignore[assignment]
    if figure.kind == "antal":
        text = format_count(number)
    elif figure.kind == "forandring":
        text = format_count(number, signed=True)
    else:
        text = format_percent(number, _decimals(number, figure.decimals))
        met = figure.met(figures, year) if figure.met else None
        if isinstance(met, bool):
            text = f"{text} {MET if met else NOT_MET}"
    target = figure.target(figures, year) if figure.target else None
    return Cell(text, number, "tal", excel_value(text), target if _is_number(target) else None)  # type: ignore[arg-type]


def read_key_figures(report: Mapping[str, Any], chapter: str) -> dict[str, Any] | None:
    """A chapter's key figures from the report's folder; None where the chapter is not in the report, lacks data,
    or its file cannot be read (the overview then shows ``–``: the index is never stopped by one report)."""
    chapters = report.get("kapitel")
    if isinstance(chapters, Mapping):
        info = chapters.get(chapter)
        if not isinstance(info, Mapping) or info.get("data_saknas"):
            return None
    path = Path(report["_folder"]) / "nyckeltal" / f"{chapter}.json"
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    figures = content.get("nyckeltal") if isinstance(content, dict) else None
    if not isinstance(figures, dict) or figures.get("data_saknas"):
        return None
    return figures


def overview_row(report: Mapping[str, Any], figures: tuple[Figure, ...] = FIGURES) -> OverviewRow:
    """One report's row: each figure from the key figures of its chapter."""
    year = int(report.get("ar", 0))
    chapters = {f.chapter for f in figures}
    found = {c: read_key_figures(report, c) for c in sorted(chapters)}
    return OverviewRow(str(report.get("kommun", "")), str(report.get("kommunnamn", "")), str(report.get("kommunkod", "")),
                       year, bool(report.get("utkast")), tuple(figure_cell(f, found[f.chapter], year) for f in figures))


def overview_rows(reports: list[dict]) -> list[OverviewRow]:
    """The rows of the overview, in the order of the index (organisation, then the latest year first)."""
    return [overview_row(r) for r in reports]


def header_of(figure: Figure, column: int, rows: list[OverviewRow]) -> str:
    """The column header; a figure against a target names the target when every report has the same one."""
    targets = {r.cells[column].target for r in rows if r.cells[column].target is not None}
    if figure.target is None or len(targets) != 1:
        return figure.header
    (target,) = targets
    return f"{figure.header} {format_percent(target, _decimals(target, None))}"
