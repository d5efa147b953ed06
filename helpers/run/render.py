"""Rendering engines: the same report project to HTML, DOCX and PDF.

``quarto`` renders the project when Quarto is installed (on PATH). The
built-in engine needs no download: Pandoc from the ``pypandoc-binary`` wheel,
a Lua filter for Quarto-style numbering of tables and figures, and Typst (the
``typst`` wheel) for PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from ..analyst_text import SAFE_MARKDOWN
from ..errors import RenderError
from ..pandoc import pandoc_path
from ..paths import RESOURCES_DIR
from .docx_reference import write_reference_docx
from .report import CSP_NAME, CSS_NAME, REFERENCE_DOCX, SKIP_LINK_NAME, typst_fonts

Engine = Literal["auto", "inbyggd", "quarto"]
EXTENSIONS = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}
# Pandoc's Typst template imports ``conf`` from this file (page, type, cover): kept beside the .typ.
TYPST_TEMPLATE = "sidmall.typ"


def choose_engine(engine: Engine) -> Literal["inbyggd", "quarto"]:
    """``auto`` means Quarto where it is installed, else the built-in engine."""
    if engine == "quarto" and not shutil.which("quarto"):
        raise RenderError("Quarto är inte installerat (kommandot 'quarto' finns inte). Installera med 'pip install .[quarto]' eller välj --motor inbyggd.")
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "inbyggd"
    return engine


def _run(command: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise RenderError(f"{what} misslyckades: " + " | ".join(detail))


def _pandoc_common(doc: Path, toc: bool = True) -> list[str]:
    """Pandoc's arguments for every format; DOCX and Typst get their contents from the filter, after the cover."""
    # The document's own ``toc: true`` (read by Quarto) is switched off where the filter writes the contents.
    contents = ["--toc", "--toc-depth=2"] if toc else ["--metadata", "toc=false"]
    return [pandoc_path(), doc.name, "--from", SAFE_MARKDOWN, "--lua-filter", str(RESOURCES_DIR / "crossref.lua"), *contents, "--wrap=none"]


def render_docx(doc: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        reference = write_reference_docx(Path(tmp) / "referens.docx", pandoc_path())
        _run([*_pandoc_common(doc, toc=False), "--to", "docx", "--reference-doc", str(reference), "--output", target.name],
             doc.parent, "DOCX-rendering")


def render_pdf(doc: Path, target: Path) -> None:
    folder = doc.parent
    typ = folder / f"{doc.stem}.typ"
    shutil.copyfile(RESOURCES_DIR / TYPST_TEMPLATE, folder / TYPST_TEMPLATE)
    _run([*_pandoc_common(doc, toc=False), "--to", "typst", "--standalone", "--extract-media", "media",
          "-V", f"template={TYPST_TEMPLATE}", "--output", typ.name], folder, "PDF-rendering (Pandoc)")
    try:
        import typst

        typst.compile(str(typ), output=str(target), root=str(folder), font_paths=typst_fonts())
    except Exception as exc:  # typst raises its own error types
        raise RenderError(f"PDF-rendering (Typst) misslyckades: {exc}") from None


def _render_format(doc: Path, fmt: str) -> Path:
    target = doc.parent / f"{doc.stem}{EXTENSIONS[fmt]}"
    if fmt == "html":
        _run([*_pandoc_common(doc), "--to", "html5", "--standalone", "--embed-resources",
              "--css", CSS_NAME, "--include-before-body", SKIP_LINK_NAME, "--include-in-header", CSP_NAME, "--output", target.name], doc.parent, "HTML-rendering")
    elif fmt == "docx":
        render_docx(doc, target)
    elif fmt == "pdf":
        render_pdf(doc, target)
    return target


def render_builtin(doc: Path, formats: list[str]) -> list[Path]:
    """Render with the built-in Pandoc (+ Typst for PDF); returns the files written.

    The formats are rendered at the same time (one Pandoc process each, 0,5–0,8 s apiece): the
    kernel waits meanwhile, so this uses the core it leaves free. The first failure in format
    order is the one reported.
    """
    if len(formats) <= 1:
        return [_render_format(doc, fmt) for fmt in formats]
    with ThreadPoolExecutor(max_workers=len(formats), thread_name_prefix="kvb-render") as pool:
        futures = [pool.submit(_render_format, doc, fmt) for fmt in formats]
    return [future.result() for future in futures]


def quarto_commands(doc: Path, formats: list[str]) -> list[list[str]]:
    """One ``quarto render`` per format: inside a project (``_quarto.yml``) ``--to`` names exactly one format.

    quarto-cli looks ``--to`` up as a single key of the project's formats
    (``src/project/project-context.ts``), so ``--to html,docx`` is "Unknown format".
    """
    return [["quarto", "render", doc.name, "--to", "typst" if fmt == "pdf" else fmt] for fmt in formats]


def render_quarto(doc: Path, formats: list[str]) -> list[Path]:
    """Render the project with Quarto, one format per call; returns the files written."""
    if "docx" in formats:  # _quarto.yml names it as the DOCX reference document
        write_reference_docx(doc.parent / REFERENCE_DOCX, pandoc_path())
    for command in quarto_commands(doc, formats):
        _run(command, doc.parent, f"Quarto-rendering ({command[-1]})")
    return [doc.parent / f"{doc.stem}{EXTENSIONS[f]}" for f in formats]


def render(doc: Path, formats: list[str], engine: Engine = "auto") -> tuple[str, list[Path]]:
    """Render ``doc`` to every format with the chosen engine; returns (engine used, files)."""
    chosen = choose_engine(engine)
    files = render_quarto(doc, formats) if chosen == "quarto" else render_builtin(doc, formats)
    missing = [f.name for f in files if not f.exists()]
    if missing:
        raise RenderError(f"Renderingen skapade inte {', '.join(missing)}.")
    return chosen, files
