"""Reading rendered reports back as text, to assert what a reader sees (and what is not there)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

NBSP = "\u00a0"


def plain(text: str) -> str:
    """Text with no-break spaces as ordinary spaces, so '1 940' can be searched for."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def html_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", raw)
    return plain(raw)


def html_words(path: Path) -> str:
    """An HTML report's text without its tags, so a sentence with a link in it reads as one string."""
    return re.sub(r"<[^>]+>", "", html_text(path))


def _runs(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def docx_text(path: Path) -> str:
    """A DOCX as text: one line per paragraph, table rows as ``cell | cell | …``."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    lines = []
    for block in re.findall(r"<w:tbl>.*?</w:tbl>|<w:p[ >].*?</w:p>", xml, flags=re.S):
        if block.startswith("<w:tbl>"):
            for row in re.findall(r"<w:tr[ >].*?</w:tr>", block, flags=re.S):
                cells = [_runs(c) for c in re.findall(r"<w:tc>.*?</w:tc>", row, flags=re.S)]
                lines.append(" | ".join(cells) + " |")
        else:
            lines.append(_runs(block))
    return plain("\n".join(lines))


def html_rows(path: Path, table: int | None = None) -> list[list[str]]:
    """Every table row of an HTML report as a list of cell texts (of the ``table``-th table only, counted from 0)."""
    raw = path.read_text(encoding="utf-8")
    if table is not None:
        raw = re.findall(r"<table[^>]*>.*?</table>", raw, flags=re.S)[table]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", raw, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([plain(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def all_output_text(root: Path) -> str:
    """Every file under ``root`` as text (DOCX unzipped), to prove what is not in it."""
    chunks = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix in {".docx", ".xlsx"}:  # zipped XML: read what is inside
            with zipfile.ZipFile(path) as archive:
                chunks.extend(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist() if n.endswith(".xml"))
        else:
            chunks.append(path.read_bytes().decode("utf-8", "ignore"))
    return "\n".join(chunks)


def pdf_text(path: Path) -> str:
    """A PDF's text, page by page (pypdf: no system package needed)."""
    from pypdf import PdfReader

    return plain("\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def pdf_metadata(path: Path) -> dict[str, str]:
    from pypdf import PdfReader

    meta = PdfReader(str(path)).metadata or {}
    return {str(k).lstrip("/"): str(v) for k, v in meta.items()}


def unescaped(markdown: str) -> str:
    """Markdown as a reader sees its text: backslash escapes removed (``\\<5`` → ``<5``)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
