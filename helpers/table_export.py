"""Which tables go to Excel, and the notebook's one call that saves a chapter's tables (``write_chapter_tables``).

The report run writes ``tabeller.xlsx`` beside the report (``helpers.run.report``)
with the report's numbers. A chapter notebook saves its own tables the same
way to ``output/arbetsfiler/tabeller-<kommun>-<år>-<kapitel>.xlsx``, numbered
within the chapter, so an analyst can take them on in Excel while working on
the chapter. The report run passes ``excel = False`` to the notebooks: there the
report's workbook has the tables, and no work files are written.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import paths
from .blocks import Block
from .config import Params
from .errors import KvbError
from .formatting import count_phrase
from .table_data import TableData
from .table_workbook import WorkbookInfo, write_workbook


def workbook_info(params: Params, title: str, made: date, scope: str) -> WorkbookInfo:
    org = params.kommun
    return WorkbookInfo(title, org.namn, org.kod, params.ar, made, params.maskering.troskel, scope, params.demo)


def _join(numbers: list[int]) -> str:
    names = [str(n) for n in numbers]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def report_scope(report: str, count: int, exported: list[int]) -> str:
    """What the report's workbook holds: every table of ``report`` with its number, and which are only in the report."""
    missing = sorted(set(range(1, count + 1)) - set(exported))
    text = f"De numrerade tabellerna i rapporten {report}, med samma nummer som där (bladet Tabell 3 är rapportens Tabell 3)."
    if missing:
        which = f"Tabell {_join(missing)} finns bara i rapporten: den" if len(missing) == 1 else \
            f"Tabellerna {_join(missing)} finns bara i rapporten: de"
        text += f" {which} står i de egna texterna."
    return text


def chapter_workbook_path(params: Params, chapter: str) -> Path:
    return paths.work_dir() / f"tabeller-{params.id}-{params.ar}-{chapter}.xlsx"


def _shown(path: Path) -> str:
    """The path as the analyst finds it: inside the project relative to it, elsewhere in full."""
    try:
        return path.relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class TablesSaved:
    """The last cell's output: where the chapter's tables were saved (never part of the report: no Markdown)."""

    message: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.message, "text/html": f"<p>{html.escape(self.message)}</p>"}


def write_chapter_tables(blocks: Iterable[Block], params: Params, chapter: str, title: str, write: bool = True) -> TablesSaved:
    """Save the chapter's numbered tables in Excel, as the report's ``tabeller.xlsx`` has them; say where, in Swedish."""
    if not write:
        return TablesSaved("Tabellerna sparas inte till Excel här (excel = False). Rapportkörningen sparar alla rapportens "
                           "tabeller i tabeller.xlsx bredvid rapporten.")
    tables: list[TableData] = [b.table for b in blocks if b.table is not None]
    path = chapter_workbook_path(params, chapter)
    if not tables:
        path.unlink(missing_ok=True)  # no stale tables from an earlier run
        return TablesSaved(f"Kapitlet {title} har inga tabeller för {params.kommun.namn} {params.ar}; ingen Excelfil sparades.")
    scope = (f"Tabellerna i kapitlet {title}, numrerade inom kapitlet. I rapporten numreras tabellerna genom hela "
             "rapporten; rapportens tabeller.xlsx har rapportens nummer.")
    info = workbook_info(params, f"{title} – {params.kommun.namn} {params.ar}", date.today(), scope)
    try:
        write_workbook(path, list(enumerate(tables, start=1)), info)
    except OSError:
        raise KvbError(f"Kunde inte spara kapitlets tabeller i {_shown(path)}. Är filen öppen i Excel? "
                       "Stäng den och kör cellen igen.") from None
    saved = "är sparad" if len(tables) == 1 else "är sparade"
    return TablesSaved(f"Kapitlets {count_phrase(len(tables), 'tabell', 'tabeller')} {saved} i Excel: {_shown(path)}")
