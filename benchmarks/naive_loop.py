"""The naive loop the benchmarks compare with: how one would run the notebooks without the workbook's runner.

The papermill CLI once per chapter notebook (a new Python process and a new kernel each time),
then one render per report with the built-in engine. Shared by ``batch_overhead.py`` and
``national_scale.py``, so both measure the same thing. The summary notebook is left out,
which only favours the naive loop.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat

from helpers import paths
from helpers.config import load_params
from helpers.run.document import build_document
from helpers.run.render import render_builtin
from helpers.run.report import notebook_markdown, write_project
from helpers.run.runner import chapter_notebook, report_outline


def naive_report(kommun: str, out: Path) -> None:
    """One kommun's report the naive way, into ``out/<kommun>/`` (params from ``KVB_PARAMS``, inherited by papermill)."""
    params = load_params(kommun)
    outline = report_outline(params)
    markdown = {}
    for chapter in outline.chapters():
        target = out / kommun / f"{chapter}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "papermill", str(chapter_notebook(chapter)), str(target),
             "-p", "kommun", kommun, "-p", "ar", str(params.ar), "--cwd", str(paths.notebooks_dir()), "--no-progress-bar"],
            check=True, capture_output=True,
        )
        markdown[chapter] = notebook_markdown(nbformat.read(target, as_version=4))
    document, _ = build_document(params, outline, markdown, None, date(2026, 1, 1), params.utkast)
    doc = write_project(out / kommun, params, document, [])
    render_builtin(doc, list(params.format))


def naive_loop(kommuner: list[str], out: Path) -> None:
    for kommun in kommuner:
        naive_report(kommun, out)
