"""The whole report as one Markdown document, in the order of its outline.

Generated chapters (the executed notebooks' Markdown), the analyst's text
slots and the generated summary are placed where the outline says, with
heading levels from the outline and stable anchors (``#kap-avvikelser``,
``#text-samverkan``) for the summary's links and the table of contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..analyst_text import IMAGE_DIR, prepare, read_text
from ..config import Params
from ..markdown_text import escape_inline
from ..organisation_words import organisation_words
from ..outline import Node, Outline

MAIN_ID = "innehall"
NOTHING_TO_REPORT = "Inget att redovisa."
_HEADING = re.compile(r"^(#{1,6})(\s.*)$")
_FENCE = re.compile(r"^(```|~~~)")


def chapter_anchor(chapter: str) -> str:
    return f"kap-{chapter}"


def text_anchor(slot: str) -> str:
    return f"text-{slot}"


def shift_headings(markdown: str, by: int) -> str:
    """Every ATX heading ``by`` levels deeper (at most level 6); fenced code is left alone."""
    if by == 0:
        return markdown
    out, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        out.append(f"{'#' * min(6, len(match.group(1)) + by)}{match.group(2)}" if match else line)
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")


def place_chapter(markdown: str, anchor: str, level: int, heading: str | None) -> str:
    """A chapter's Markdown at ``level``: its first heading gets the anchor (and the outline's heading, if any)."""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1:
            title = escape_inline(heading) if heading else match.group(2).strip()
            rest = shift_headings("\n".join(lines[i + 1:]), level - 1)
            before = "\n".join(lines[:i])
            return f"{before}\n{'#' * level} {title} {{#{anchor}}}\n{rest}".strip() + "\n"
    return shift_headings(markdown, level - 1)


@dataclass
class Assembly:
    """What the document was built from, besides its Markdown."""

    missing_texts: list[Node] = field(default_factory=list)  # text slots without text


def _placeholder(node: Node) -> str:
    where = f"texter/{node.id}.md"
    return f"::: {{.callout-note .placeholder}}\n**Text saknas: {escape_inline(node.heading)}** – skriv i {escape_inline(where)}.\n:::\n"


def _text_slot(node: Node, level: int, params: Params, draft: bool, keep_empty: bool, found: Assembly) -> str:
    heading = f"{'#' * level} {escape_inline(node.heading)} {{#{text_anchor(node.id)}}}\n"
    path = params.text_path(node.id)
    text = read_text(path)
    if text is None:
        found.missing_texts.append(node)
        if draft:
            return heading + "\n" + _placeholder(node)
        return heading + f"\n{NOTHING_TO_REPORT}\n" if keep_empty else ""
    prepared = prepare(text, path, node.id, params.texts_dir() / "bilder", level + 1)
    return heading + "\n" + prepared.markdown


def _summary(node: Node, level: int, params: Params, generated: str | None, found: Assembly) -> str:
    body = place_chapter(generated, "sammanfattning", level, node.heading) if generated else f"{'#' * level} {escape_inline(node.heading)} {{#sammanfattning}}\n"
    path = params.text_path(node.id)
    text = read_text(path)
    if text is None:
        return body
    prepared = prepare(text, path, node.id, params.texts_dir() / "bilder", level + 1)
    head, _, points = body.partition("\n")
    return f"{head}\n\n{points}\n\n{prepared.markdown}" if node.text_after else f"{head}\n\n{prepared.markdown}\n{points}"


def assemble(params: Params, outline: Outline, chapters: dict[str, str], summary: str | None, draft: bool) -> tuple[str, Assembly]:
    """The report body in outline order; ``chapters`` maps chapter id → its executed notebook's Markdown."""
    found = Assembly()
    parts = []
    for node, level in outline.walk():
        if node.kind == "kapitel":
            parts.append(place_chapter(chapters[node.id], chapter_anchor(node.id), level, node.heading))
        elif node.kind == "text":
            parts.append(_text_slot(node, level, params, draft, outline.keep_empty, found))
        elif node.kind == "sammanfattning":
            parts.append(_summary(node, level, params, summary, found))
        else:
            parts.append(f"{'#' * level} {escape_inline(node.heading)} {{#grupp-{node.id}}}\n")
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n", found


# Labels of numbered tables and figures, and references to them (Pandoc's citation syntax; an escaped \\@ is text).
_LABEL = re.compile(r"\{#((?:tbl|fig)-[\w-]+)")
_REFERENCE = re.compile(r"(?<![\w\\@])@((?:tbl|fig)-\w+(?:[-:.]\w+)*)")


def unknown_references(document: str) -> list[str]:
    """The labels that ``@tbl-…``/``@fig-…`` references in ``document`` name but no table or figure has, in order."""
    labels = set(_LABEL.findall(document))
    unknown: list[str] = []
    for label in _REFERENCE.findall(document):
        if label not in labels and label not in unknown:
            unknown.append(label)
    return unknown


def reference_checks(document: str) -> list[str]:
    """KONTROLL lines for references to tables or figures that the report does not have (a misspelt label)."""
    return [f"hänvisning: @{label} pekar inte på någon tabell eller figur i rapporten och visas som ”?@{label}”; kontrollera stavningen."
            for label in unknown_references(document)]


_IMAGE_LINK = re.compile(r"\]\(" + IMAGE_DIR + r"/([A-Za-z0-9._-]+)\)")


def referenced_images(document: str, images_dir: Path) -> list[Path]:
    """The analyst images (``bilder/x.png``) the document shows; analyst_text has checked that they exist."""
    names = sorted(set(_IMAGE_LINK.findall(document)))
    return [images_dir / n for n in names if (images_dir / n).is_file()]


def report_title(params: Params) -> str:
    return f"Kvalitetsberättelse {params.ar} – {params.kommun.namn}"


def front_matter(params: Params, report_date: date, draft: bool) -> str:
    """YAML metadata (title, author, language, table of contents) and the cover block."""
    org = params.kommun
    words = organisation_words(org)
    e = escape_inline  # params are text: Pandoc reads metadata and the cover as Markdown
    meta = {
        "title": e(report_title(params)),
        "subtitle": e(org.namnd),
        "author": e(org.namn),
        "date": report_date.isoformat(),
        "lang": "sv-SE",
        "subject": e(f"Kvalitetsberättelse enligt SOSFS 2011:9 för {params.ar}"),
        # No ``keywords``: Pandoc's Typst template writes them unquoted, as Typst code.
        "toc": True,
        "toc-title": "Innehåll",
        "toc-depth": 2,
    }
    if draft:
        meta["title"] = f"UTKAST – {meta['title']}"
    cover = ["::: {.cover}", f"{words.label}\n:   {e(org.namn)}\n"]
    if org.typ == "kommun":
        cover[1] = f"Kommun\n:   {e(org.namn)} (kommunkod {org.kod})\n"
    elif org.moderkommun:
        cover.append(f"Kommun\n:   {e(org.moderkommun)} (kommunkod {org.kod})\n")
    cover += [
        f"Nämnd\n:   {e(org.namnd)}\n",
        f"Förvaltning\n:   {e(org.forvaltning)}\n",
        f"Verksamhetsår\n:   {params.ar}\n",
        f"Datum\n:   {report_date.isoformat()}\n",
    ]
    if params.diarienummer:
        cover.append(f"Diarienummer\n:   {e(params.diarienummer)}\n")
    cover.append(":::")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n".join(cover) + "\n"
    if draft:
        text += (
            "\n::: {.callout-warning}\n**Utkast.** Rapporten är inte färdig: avsnitt där texten saknas visas med "
            "”Text saknas”. Kör utan --utkast när alla texter är skrivna.\n:::\n"
        )
    if params.demo:
        text += (
            "\n::: {.callout-note}\n**Demonstrationsrapport.** Alla uppgifter i rapporten är påhittade och genererade för "
            "att visa verktyget; de är inte organisationens verkliga. Inga verkliga personer förekommer.\n:::\n"
        )
    text += (
        "\nKvalitetsberättelsen beskriver hur det systematiska kvalitetsarbetet har bedrivits under året, "
        "vilka åtgärder som vidtagits och vilka resultat som uppnåtts (SOSFS 2011:9, 7 kap., allmänna råd).\n"
    )
    return text


def build_document(params: Params, outline: Outline, chapters: dict[str, str], summary: str | None,
                   report_date: date, draft: bool) -> tuple[str, Assembly]:
    """Front matter, then the cover and the body after the ``#innehall`` anchor (the skip link's target).

    The anchor is an empty div, not a wrapper: Pandoc's table of contents leaves out the
    headings of a div that holds more than one chapter. The HTML engine makes a ``main``
    landmark from the anchor to the end (``crossref.lua``); Quarto's page has its own.
    """
    body, found = assemble(params, outline, chapters, summary, draft)
    meta, _, rest = front_matter(params, report_date, draft).partition("---\n\n")
    return f"{meta}---\n\n::: {{#{MAIN_ID}}}\n:::\n\n{rest}\n{body}", found
