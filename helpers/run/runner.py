"""Running one kommun-year: execute the chapter notebooks, build the project, render, swap into place.

Everything is written to a staging folder beside the final one; only a fully
successful run replaces ``output/<kommun>/<år>/`` (write, then swap), so a
failed run never leaves a half-written report where a good one was.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import nbformat
import papermill as pm
from papermill.exceptions import PapermillExecutionError

from .. import paths
from ..analyst_text import IMAGE_DIR
from ..chapters import chapter_title, in_report_order
from ..chapters import get as get_chapter
from ..chapters.summary import NOTEBOOK as SUMMARY_NOTEBOOK
from ..config import Params, load_params
from ..errors import ChapterFailed, KvbError
from ..outline import Node, Outline, outline_for
from ..personal_data import contains_personal_number
from .document import build_document, reference_checks, referenced_images
from .engine import (
    CELL_TIMEOUT_SECONDS,
    ENGINE_NAME,
    START_TIMEOUT_SECONDS,
    discard_warm_kernel,
    failure_reason,
)
from .kernels import IPCKernelManager
from .leftovers import Cleaned, clean_kommun, clean_socket_dirs, describe
from .manifest import build_manifest, fingerprint, input_hashes, read_manifest
from .render import Engine, choose_engine, render
from .report import (
    notebook_key_figures,
    notebook_markdown,
    notebook_tables,
    write_project,
    write_table_workbook,
)
from .staging import disk_error, new_staging, swap_into_place


@dataclass
class RunResult:
    """What one kommun-year run did."""

    kommun: str
    year: int
    status: str  # "klar", "oförändrad" or "misslyckad"
    folder: Path
    files: list[Path] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # failed sanity checks, "kapitel: meddelande"
    detail: str | None = None  # an unexpected error's traceback: shown only with ``kvb --felsok``
    notes: list[str] = field(default_factory=list)  # what the run did besides the report (cleaned-up leftovers)


WORK_DIR = "arbetsfiler"  # in a report folder: everything but the published formats, manifest and key figures


def chapter_notebook(chapter: str) -> Path:
    """The chapter's notebook in ``notebooks/`` (its file name is part of the chapter's definition)."""
    path = paths.notebooks_dir() / get_chapter(chapter).notebook
    if not path.exists():
        raise KvbError(f"Kapitlet {chapter} har ingen notebook: {path} finns inte.")
    return path


def report_outline(params: Params) -> Outline:
    """The outline the kommun's params choose, with only the chapters switched on."""
    return outline_for(params.disposition, list(in_report_order(params.kapitel)), f"params/{params.id}.yml")


def ordered_chapters(params: Params) -> list[str]:
    """The kommun's chapters in the order of its report outline."""
    return report_outline(params).chapters()


def summary_notebook() -> Path:
    path = paths.notebooks_dir() / SUMMARY_NOTEBOOK
    if not path.exists():
        raise KvbError(f"Sammanfattningen har ingen notebook: {path} finns inte.")
    return path


def _clean_error(error: PapermillExecutionError) -> str:
    """The user-facing message of a failed cell: our own errors as they are, others with their type."""
    value = str(error.evalue).strip()
    return value if error.ename in our_error_names() else UNEXPECTED_IN_CHAPTER


UNEXPECTED_IN_CHAPTER = ("ett oväntat fel i programmet (inte i indata) stoppade kapitlet. Kör igen med 'kvb --felsok …' "
                         "för tekniska detaljer och skicka dem till den som underhåller verktyget.")


def _error_detail(error: PapermillExecutionError) -> str | None:
    """The technical side of an unexpected failure (type, value, the cell's traceback), for --felsok."""
    if error.ename in our_error_names():
        return None
    return "\n".join([f"{error.ename}: {error.evalue}", *(error.traceback or [])])


def our_error_names() -> set[str]:
    """The class names of KvbError and every subclass (AnalystTextError, KoladaError, RenderError …)."""
    names, todo = set(), [KvbError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def execute_notebook(source: Path, name: str, parameters: dict[str, object], target: Path,
                     warm: bool = True, cell_timeout: int = CELL_TIMEOUT_SECONDS,
                     start_timeout: int = START_TIMEOUT_SECONDS) -> nbformat.NotebookNode:
    """Execute one notebook with papermill (IPC kernel, parameters injected); ``name`` says which chapter failed.

    ``warm`` reuses this process's kernel between notebooks (see ``engine``);
    otherwise every notebook gets a fresh kernel, as plain papermill does. A
    cell running longer than ``cell_timeout`` seconds is stopped, and so is a
    kernel that does not answer within ``start_timeout``. After any failure
    the warm kernel is discarded, so the next notebook starts fresh.
    """
    try:
        return pm.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            engine_name=ENGINE_NAME if warm else None,
            kernel_manager_class=IPCKernelManager,
            progress_bar=False,
            log_output=False,
            cwd=str(paths.notebooks_dir()),
            execution_timeout=cell_timeout,
            start_timeout=start_timeout,
        )
    except PapermillExecutionError as exc:
        if warm:
            discard_warm_kernel()
        raise ChapterFailed(name, _clean_error(exc), str(source), _error_detail(exc)) from None
    except Exception as exc:
        reason = failure_reason(exc, cell_timeout)
        if reason is None:
            raise
        raise ChapterFailed(name, reason, str(source)) from None


def execute_chapter(chapter: str, params: Params, target: Path, warm: bool = True,
                    cell_timeout: int = CELL_TIMEOUT_SECONDS) -> nbformat.NotebookNode:
    """Execute one chapter notebook for the kommun and year of ``params``."""
    # excel=False: the report's tabeller.xlsx holds the tables; the notebook writes no work file of its own.
    return execute_notebook(chapter_notebook(chapter), chapter, {"kommun": params.id, "ar": params.ar, "excel": False},
                            target, warm, cell_timeout)


def chapter_checks(figures: dict) -> list[str]:
    """The sanity-check messages a chapter reported in its key figures (``kontroller.meddelanden``)."""
    checks = figures.get("nyckeltal", {}).get("kontroller", {})
    return [str(m) for m in checks.get("meddelanden", [])] if isinstance(checks, dict) else []


_BASE64 = re.compile(r"[A-Za-z0-9+/=]{200,}")  # embedded images: long runs of base64, not text


def outputs_with_personal_numbers(folder: Path) -> list[str]:
    """The report's text files (and DOCX) that hold a personnummer or samordningsnummer: checked before publishing."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".md", ".html", ".json", ".ipynb", ".typ"}:
            text = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix in {".docx", ".xlsx"}:
            with zipfile.ZipFile(path) as archive:
                text = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))
        else:
            continue
        if contains_personal_number(_BASE64.sub(" ", text)):
            found.append(str(path.relative_to(folder)))
    return found


def is_up_to_date(params: Params, folder: Path, hashes: dict[str, str], options: dict[str, object]) -> bool:
    manifest = read_manifest(folder)
    if not manifest or manifest.get("fingeravtryck") != fingerprint(params, hashes, options):
        return False
    return all((folder / name).exists() for name in manifest.get("filer", []))


def _write_key_figures(folder: Path, chapter: str, figures: dict) -> None:
    key_file = folder / "nyckeltal" / f"{chapter}.json"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def missing_text_checks(missing: list[Node]) -> list[str]:
    """KONTROLL lines of a final report for the outline's text slots nobody has written."""
    return [f"text: Text saknas: {node.heading} (texter/{node.id}.md)" for node in missing]


def clean_before_run(kommun_folder: Path) -> list[str]:
    """Remove what dead runs left beside this kommun's reports and in the temp folder; the Swedish line saying so."""
    cleaned = Cleaned()
    cleaned.extend(clean_kommun(kommun_folder))
    cleaned.extend(clean_socket_dirs())
    line = describe(cleaned)
    return [line] if line else []


def run_report(kommun: str, year: int | None = None, engine: Engine = "auto", force: bool = False,
               report_date: date | None = None, warm: bool = True, draft: bool | None = None,
               cell_timeout: int = CELL_TIMEOUT_SECONDS, korning: dict[str, str | None] | None = None) -> RunResult:
    """Build one kommun's report for one year (``korning``: where, for the manifest); raises KvbError when it fails.

    ``draft`` (default: ``utkast`` in params) shows missing analyst texts as placeholders;
    a final report leaves them out and lists them as checks. A notebook cell
    running longer than ``cell_timeout`` seconds stops the report.
    """
    started = time.perf_counter()
    params = load_params(kommun, year)
    params.existing_data_path()  # a missing data folder stops here, before any chapter: the old report stays
    draft = params.utkast if draft is None else draft
    outline = report_outline(params)
    final = paths.report_dir(params.id, params.ar)
    notes = clean_before_run(final.parent)
    hashes = input_hashes(params)
    # An explicit report date, another engine or draft mode gives another report; "today" alone does not.
    options = {"motor": choose_engine(engine), "datum": report_date, "utkast": draft}
    if not force and is_up_to_date(params, final, hashes, options):
        manifest = read_manifest(final) or {}
        return RunResult(params.id, params.ar, "oförändrad", final, [final / f for f in manifest.get("filer", [])],
                         warnings=list(manifest.get("kontroller", [])), notes=notes)
    staging: Path | None = None
    try:
        staging = new_staging(final)
        work = staging / WORK_DIR  # the project, figures and executed notebooks: not what a reader opens
        markdown, chapters, warnings, tables = {}, {}, [], []
        for chapter in outline.chapters():
            source = chapter_notebook(chapter)
            target = work / "notebooks" / f"{source.stem}-{params.id}-{params.ar}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nb = execute_chapter(chapter, params, target, warm=warm, cell_timeout=cell_timeout)
            markdown[chapter] = notebook_markdown(nb)
            tables += notebook_tables(nb)
            figures = notebook_key_figures(nb) or {"kapitel": chapter, "nyckeltal": {}}
            _write_key_figures(staging, chapter, figures)
            chapters[chapter] = {
                "titel": chapter_title(chapter),
                "notebook": str(target.relative_to(staging)),
                "data_saknas": bool(figures.get("nyckeltal", {}).get("data_saknas")),
            }
            warnings += [f"{chapter}: {message}" for message in chapter_checks(figures)]
        summary = None
        if any(node.kind == "sammanfattning" for node, _ in outline.walk()):
            source = summary_notebook()
            target = work / "notebooks" / f"{source.stem}-{params.id}-{params.ar}.ipynb"
            nb = execute_notebook(source, "sammanfattning", {"kommun": params.id, "ar": params.ar,
                                  "nyckeltal": str(staging / "nyckeltal")}, target, warm, cell_timeout)
            summary = notebook_markdown(nb)
        document, assembly = build_document(params, outline, markdown, summary, report_date or date.today(), draft)
        if not draft:
            warnings += missing_text_checks(assembly.missing_texts)
        warnings += reference_checks(document)
        doc = write_project(work, params, document, referenced_images(document, params.texts_dir() / IMAGE_DIR))
        used, rendered = render(doc, list(params.format), engine)
        names = [f.rename(staging / f.name).name for f in rendered]  # the published formats beside the manifest
        names.append(write_table_workbook(staging, params, document, tables, report_date or date.today()).name)
        manifest = build_manifest(params, hashes, options, used, chapters, names, time.perf_counter() - started, korning)
        manifest["kontroller"] = warnings
        manifest["utkast"] = draft
        manifest["disposition"] = {"mall": params.disposition.mall, "namn": outline.name}
        manifest["saknade_texter"] = [f"texter/{node.id}.md" for node in assembly.missing_texts]
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        leaking = outputs_with_personal_numbers(staging)
        if leaking:
            raise KvbError(
                f"Rapporten för {params.id} {params.ar} publicerades inte: {', '.join(leaking)} innehåller något som ser ut som "
                "ett personnummer eller samordningsnummer. Kontrollera indata och egna texter; den tidigare rapporten ligger kvar."
            )
        swap_into_place(staging, final)
    except OSError as exc:
        error = disk_error(exc, final.parent, f"Rapporten för {params.id} {params.ar}")
        if error is None:
            raise
        raise error from None
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)  # a failed run leaves nothing beside the report
    return RunResult(params.id, params.ar, "klar", final, [final / n for n in names],
                     seconds=time.perf_counter() - started, warnings=warnings, notes=notes)
