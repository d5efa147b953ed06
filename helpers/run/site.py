"""``kvb publicera``: the published reports as a folder ready for the intranet's web server or a file share.

Only what a reader opens is copied: the index with its key figures in Excel
(``nyckeltal.xlsx``, written for the published reports only) and each report's HTML, DOCX,
PDF and table workbook (``manifest.json`` only when asked); never notebooks,
Markdown, figures or other working files. Links are relative, so the folder
works where it is copied to, from a web server and from a file share.

The folder is built beside the target and swapped in, so a reader never sees a
half-copied site; a folder that holds anything but an earlier publication is
never replaced.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import paths
from ..errors import KvbError
from .overview import overview_rows
from .overview_page import WORKBOOK_NAME
from .overview_workbook import write_overview_workbook
from .publish import collect_reports, index_page

PUBLISHED_SUFFIXES = (".html", ".docx", ".pdf", ".xlsx")
MARKER = ".kvb-publicering"  # says: this folder was written by kvb publicera and may be replaced by it


@dataclass
class Site:
    folder: Path
    reports: int
    files: int
    drafts_left_out: list[str]


def check_target(target: Path) -> None:
    """Refuse a target that is the project, the output folder, inside it, or a folder of someone else's files."""
    target = target.resolve()
    output, project = paths.output_dir().resolve(), paths.project_root().resolve()
    if target in (output, project) or output in target.parents or target in output.parents:
        raise KvbError(f"Välj en egen mapp för publiceringen, inte {target}: den får inte ligga i eller innehålla "
                       f"rapportmappen {output}.")
    if target.is_file():
        raise KvbError(f"{target} är en fil. Ange en mapp att publicera till.")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise KvbError(f"Mappen {target} innehåller redan annat än en tidigare publicering. Ange en tom eller ny mapp; "
                       "inget har ändrats.")


def published_files(report: dict, with_manifest: bool) -> list[Path]:
    """The files of one report that go onto the intranet."""
    folder: Path = report["_folder"]
    names = [n for n in report.get("filer", []) if Path(n).suffix in PUBLISHED_SUFFIXES and "/" not in n]
    files = [folder / n for n in names if (folder / n).is_file()]
    if with_manifest and (folder / "manifest.json").is_file():
        files.append(folder / "manifest.json")
    return files


def publish_site(target: Path, with_manifest: bool = False, with_drafts: bool = False, now: datetime | None = None) -> Site:
    """Copy the index and every report's published files into ``target`` (replaced as a whole, never half-written)."""
    check_target(target)
    target = target.resolve()
    root = paths.output_dir()
    reports = collect_reports(root)
    drafts = [f"{r['kommunnamn']} {r['ar']}" for r in reports if r.get("utkast")]
    chosen = [r for r in reports if with_drafts or not r.get("utkast")]
    if not chosen:
        raise KvbError(f"Det finns inga färdiga rapporter i {root} att publicera. Skapa dem med 'kvb rapport' eller 'kvb batch'."
                       + (f" Utkast ({', '.join(drafts)}) publiceras bara med --med-utkast." if drafts else ""))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.pågår-{uuid.uuid4().hex[:8]}")
    try:
        count = 0
        for report in chosen:
            relative = report["_folder"].relative_to(root)
            for source in published_files(report, with_manifest):
                destination = staging / relative / source.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                count += 1
        # The index links exactly what was copied: the same relative paths as under output/.
        (staging / "index.html").write_text(index_page(chosen, root, now), encoding="utf-8")
        # The workbook of the published reports only: drafts left out of the index stay out of the figures too.
        write_overview_workbook(staging / WORKBOOK_NAME, overview_rows(chosen), (now or datetime.now()).date())
        (staging / MARKER).write_text("Skapad av kvb publicera; mappen ersätts i sin helhet vid nästa publicering.\n",
                                      encoding="utf-8")
        _replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise KvbError(f"Publiceringen till {target} misslyckades ({exc.strerror or exc}); den tidigare publiceringen "
                       "ligger kvar.") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Site(target, len(chosen), count + 2, [] if with_drafts else drafts)


def _replace(staging: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.gammal-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
