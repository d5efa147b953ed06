"""The report project: executed chapter notebooks → one Markdown document + ``_quarto.yml``.

Only deliberate report content reaches the document: markdown cells and the
``text/markdown`` outputs of report blocks. Code, DataFrame reprs, warnings and
anything else a notebook printed stay out.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import nbformat
import yaml

from ..analyst_text import IMAGE_DIR, SAFE_MARKDOWN
from ..blocks import KEY_FIGURES_MIME, REPORT_MIME
from ..config import Params
from ..table_data import TABLE_MIME, TableData
from ..table_export import report_scope, workbook_info
from ..table_workbook import WORKBOOK_NAME, numbered, table_numbers, write_workbook
from .document import report_title

CSS_NAME = "report.css"
SKIP_LINK_NAME = "hoppa-till-innehall.html"
# The self-contained report needs nothing from outside and runs no script: a policy that says so.
CSP_NAME = "innehallspolicy.html"
REFERENCE_DOCX = "referens.docx"  # Quarto's DOCX reference document, written beside the project by the engine


def typst_fonts() -> list[str]:
    """Font folders for Typst: matplotlib's DejaVu Sans, the family of the charts, present wherever the tool runs."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def report_stem(params: Params) -> str:
    """File names say which kommun and year they belong to: ``kvalitetsberattelse-ekdala-2025``."""
    return f"kvalitetsberattelse-{params.id}-{params.ar}"


def notebook_markdown(nb: nbformat.NotebookNode) -> str:
    """The report content of one executed notebook, in cell order."""
    parts: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") in {"display_data", "execute_result"} and REPORT_MIME in output.get("data", {}):
                    parts.append(output["data"][REPORT_MIME])
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def notebook_key_figures(nb: nbformat.NotebookNode) -> dict[str, Any] | None:
    """The key figures a chapter displayed (``KeyFigures``), if any."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if KEY_FIGURES_MIME in data:
                value = data[KEY_FIGURES_MIME]
                return json.loads(value) if isinstance(value, str) else dict(value)
    return None


def notebook_tables(nb: nbformat.NotebookNode) -> list[TableData]:
    """The numbered tables a notebook displayed (table blocks carry their data as ``TABLE_MIME``), in cell order."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            value = output.get("data", {}).get(TABLE_MIME)
            if value is not None:
                found.append(TableData.from_json(json.loads(value) if isinstance(value, str) else dict(value)))
    return found


def write_table_workbook(folder: Path, params: Params, document: str, tables: list[TableData], made: date) -> Path:
    """``tabeller.xlsx``: every table of the report's ``document`` that a notebook displayed, with the report's number."""
    numbers = table_numbers(document)
    found = numbered(tables, numbers)
    scope = report_scope(report_stem(params), len(numbers), [n for n, _ in found])
    return write_workbook(folder / WORKBOOK_NAME, found, workbook_info(params, report_title(params), made, scope))


def quarto_config(params: Params) -> dict[str, Any]:
    """``_quarto.yml`` for rendering the same document with Quarto."""
    formats: dict[str, Any] = {}
    if "html" in params.format:
        formats["html"] = {"embed-resources": True, "css": CSS_NAME, "toc": True, "toc-depth": 2,
                           "include-before-body": SKIP_LINK_NAME, "include-in-header": CSP_NAME}
    if "docx" in params.format:
        # A4, margins, page numbers and styles come with the reference document the engine writes beside it.
        formats["docx"] = {"toc": True, "toc-depth": 2, "reference-doc": REFERENCE_DOCX}
    if "pdf" in params.format:
        # Offline: the charts' DejaVu Sans from matplotlib's own font folder, no font or package downloads.
        formats["typst"] = {"toc": True, "toc-depth": 2, "papersize": "a4", "margin": {"x": "25mm", "y": "25mm"},
                            "mainfont": "DejaVu Sans", "fontsize": "10pt", "font-paths": typst_fonts()}
    return {
        "project": {"type": "default", "render": [f"{report_stem(params)}.md"]},
        "lang": "sv-SE",
        "crossref": {"tbl-title": "Tabell", "fig-title": "Figur", "title-delim": ":"},
        # Read as the built-in engine reads: nothing in the document is raw HTML, Typst or TeX.
        "from": SAFE_MARKDOWN,
        "execute": {"enabled": False},
        "format": formats,
    }


FIGURE_DIR = "figurer"
_EMBEDDED_FIGURE = re.compile(r"!\[([^\]]*)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)\{#(fig-[\w-]+)")


def extract_figures(document: str, folder: Path) -> str:
    """Move embedded figures into ``figurer/<label>.png`` and link them.

    The notebooks carry their figures inline, which keeps them self-contained;
    in the project, files are lighter (Pandoc reads megabytes of inline base64
    ten times slower) and the HTML engine embeds them again anyway.
    """
    target = folder / FIGURE_DIR

    def save(match: re.Match[str]) -> str:
        caption, data, label = match.groups()
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{label}.png").write_bytes(base64.b64decode(data))
        return f"![{caption}]({FIGURE_DIR}/{label}.png){{#{label}"

    return _EMBEDDED_FIGURE.sub(save, document)


def write_project(folder: Path, params: Params, document: str, images: list[Path] | None = None) -> Path:
    """Write the Markdown document, its figures and images, the stylesheet and ``_quarto.yml``; returns the document's path."""
    from ..paths import RESOURCES_DIR

    folder.mkdir(parents=True, exist_ok=True)
    doc = folder / f"{report_stem(params)}.md"
    doc.write_text(extract_figures(document, folder), encoding="utf-8")
    for image in images or []:
        target = folder / IMAGE_DIR / image.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(image, target)
    for name in (CSS_NAME, SKIP_LINK_NAME, CSP_NAME):
        (folder / name).write_text((RESOURCES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "_quarto.yml").write_text(yaml.safe_dump(quarto_config(params), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return doc
