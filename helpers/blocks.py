"""What a chapter notebook displays: report blocks that carry their own captions.

Each block is displayed as a MIME bundle: ``text/markdown`` in Quarto's syntax
(``: Caption {#tbl-x}``, ``![Caption](…){#fig-x fig-alt="…"}``), which becomes
the report, and ``text/html`` for a readable view in JupyterLab. Only these
blocks reach the report: the renderer collects ``text/markdown`` outputs and
markdown cells and nothing else, so no stray DataFrame can leak into it.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .analyst_text import IMAGE_DIR, SAFE_MARKDOWN, prepare, read_text
from .formatting import format_count
from .markdown_text import Markup, escape, escape_inline
from .pandoc import convert_text
from .table_data import TABLE_MIME, TableData, table_data, table_html

KEY_FIGURES_MIME = "application/vnd.kvb.nyckeltal+json"
REPORT_MIME = "text/markdown"


@functools.lru_cache(maxsize=512)
def markdown_view(markdown: str) -> str:
    """A block's Markdown as HTML for JupyterLab, read by Pandoc as the report reads it.

    Read with the same safe subset as the report (``SAFE_MARKDOWN``: no raw HTML),
    so text from data that is escaped in the Markdown stays text in the view too.
    """
    return convert_text(markdown, SAFE_MARKDOWN, "html", "--wrap=none").strip()


@dataclass(frozen=True)
class Block:
    """One piece of the report: Markdown for the report, HTML for JupyterLab, a short plain-text label."""

    markdown: str
    html: str
    label: str = ""
    table: TableData | None = None  # a table block's table as data (for tabeller.xlsx)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {REPORT_MIME: self.markdown, "text/html": self.html, "text/plain": self.label or "[rapportblock]"}
        if self.table is not None:
            bundle[TABLE_MIME] = self.table.to_json()
        return bundle


def text_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Column labels as text (years 2024 → "2024"), as a table block shows them."""
    table = table.copy()
    table.columns = [str(c) for c in table.columns]
    return table


def count_cells(table: pd.DataFrame) -> pd.DataFrame:
    """A table of counts as display strings (``1 940``; missing as ``–``)."""
    return table.map(format_count)


def _cell_markdown(value: object) -> str:
    """A cell as Markdown: text escaped (``Markup``, e.g. a coloured cell, as it is); ``|`` never ends the cell."""
    return escape_inline(value).replace("|", "\\|")


def table_block(table: pd.DataFrame, label: str, caption: str, note: str | None = None) -> Block:
    """A numbered table: ``table`` holds display strings, its index is the first column.

    Headers, cells, caption and note are text (escaped); only ``Markup`` cells pass as Markdown.
    The block also carries the table as data (``TableData``): its JupyterLab view and the
    JSON that the run writes to ``tabeller.xlsx``.
    """
    frame = table.reset_index() if table.index.name or not isinstance(table.index, pd.RangeIndex) else table
    headers = [str(c) for c in frame.columns]
    cells = [list(row) for row in frame.itertuples(index=False)]
    rows = [[str(v) for v in row] for row in cells]
    data = table_data(label, caption, headers, cells, note)
    numeric = data.numeric
    # Pandoc sizes the columns of a wide pipe table by the dashes under each header: about as
    # many dashes as the column's longest text, so long labels get room and numbers never wrap
    # (text columns capped, number columns with a floor).
    longest = [max(len(headers[i]), *(len(r[i]) for r in rows)) if rows else len(headers[i]) for i in range(len(headers))]
    widths = [max(11, n + 1) if num else max(3, min(40, n)) for n, num in zip(longest, numeric)]
    align = ["-" * w + ":" if n else ":" + "-" * w for n, w in zip(numeric, widths)]
    lines = ["| " + " | ".join(_cell_markdown(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(_cell_markdown(v) for v in row) + " |" for row in cells]
    md = "\n".join(lines) + f"\n\n: {escape_inline(caption)} {{#tbl-{label}}}\n"
    if note:
        md += f"\n::: {{.table-note}}\n{escape(note)}\n:::\n"
    return Block(md, table_html(data), f"Tabell: {caption}", data)


FIGURE_DPI = 192  # twice the 96 CSS px per inch: sharp on high-density screens
CSS_PX_PER_INCH = 96
FIGURE_PAD = 0.05  # inches of white around the cropped figure


def figure_png(figure: Any) -> bytes:
    """A matplotlib figure as PNG bytes (the figure is closed, so it never shows twice)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", pad_inches=FIGURE_PAD, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def png_css_width(data: bytes) -> int:
    """The width a figure PNG is shown at, in CSS px: its drawn size in inches, not its pixel count."""
    pixels = int.from_bytes(data[16:20], "big")  # IHDR width, right after the 8-byte signature and chunk header
    return round(pixels * CSS_PX_PER_INCH / FIGURE_DPI)


LABEL = re.compile(r"[a-z0-9][a-z0-9-]*")


def figure_block(figure: Any, label: str, caption: str, alt: str, numbers_in: str | None = None) -> Block:
    """A numbered figure with a real alternative text; the image is embedded (no external file).

    ``numbers_in`` is the label of the table that holds the figure's numbers: a
    sentence under the figure refers to it (``@tbl-…``, "Tabell 3" in the report).
    """
    png = figure_png(figure)
    data, width = base64.b64encode(png).decode("ascii"), png_css_width(png)
    alt_attr = alt.replace('"', "'")
    md = f'![{escape_inline(caption)}](data:image/png;base64,{data}){{#fig-{label} fig-alt="{alt_attr}" width="{width}px"}}\n'
    view = (
        f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{width}" style="max-width:100%;height:auto">'
        f"<figcaption>Figur: {html.escape(caption)}</figcaption></figure>"
    )
    if numbers_in is not None:
        if not LABEL.fullmatch(numbers_in):
            raise ValueError(f"not a table label: {numbers_in!r}")
        md += f"\nSiffrorna i figuren finns också i @tbl-{numbers_in}.\n"
        view += "<p>Siffrorna i figuren finns också i tabellen ovan.</p>"
    return Block(md, view, f"Figur: {caption}")


def _paragraphs(text: str) -> list[str]:
    """Plain text as it reads: paragraphs at blank lines, other whitespace one space, HTML-escaped."""
    return [html.escape(" ".join(part.split())) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


# The views of plain-text blocks are written directly: the text is escaped, so Pandoc would add
# nothing but a subprocess per block (about 110 blocks and 1,8 s per report).
def text_block(text: str) -> Block:
    """Running text (generated sentences): text, escaped, so that no label from data becomes markup.

    Paragraphs are separated by blank lines; a single line break inside one is a space.
    """
    md = escape(text.strip()) + "\n"
    return Block(md, "<div>" + "\n".join(f"<p>{p}</p>" for p in _paragraphs(text)) + "</div>")


def list_block(items: list[str]) -> Block:
    """A bulleted list of generated sentences, each escaped as text."""
    md = "\n".join(f"- {escape(item)}" for item in items if item) + "\n"  # escape: "- b" stays text, no nested list
    return Block(md, "<ul>\n" + "\n".join(f"<li>{' '.join(_paragraphs(item))}</li>" for item in items if item) + "\n</ul>")


def markdown_block(markdown: Markup) -> Block:
    """Markdown the tool wrote itself (a list of linked points), with every value in it already escaped."""
    if not isinstance(markdown, Markup):
        raise TypeError("markdown_block takes Markup (built with markdown_text.markup), not a plain string")
    md = str(markdown).strip() + "\n"
    return Block(md, f"<div>{markdown_view(md)}</div>")


def notice_block(title: str, text: str) -> Block:
    """A visible notice, e.g. ``Data saknas``: a callout in the report."""
    inner = f"**{escape_inline(title)}.** {escape_inline(text)}"
    md = f"::: {{.callout-warning}}\n{inner}\n:::\n"
    view = f"<strong>{' '.join(_paragraphs(title))}.</strong> {' '.join(_paragraphs(text))}"
    return Block(md, f'<div style="border-left:4px solid #b35900;padding:0.5em"><p>{view}</p></div>')


def heading_block(text: str, level: int = 3) -> Block:
    md = f"{'#' * level} {escape_inline(text)}\n"
    return Block(md, f"<h{level}>{' '.join(_paragraphs(text))}</h{level}>")


class KeyFigures:
    """A chapter's key figures, displayed as JSON so the runner can pick them up from the notebook."""

    def __init__(self, chapter: str, figures: dict[str, Any], title: str | None = None):
        self.chapter = chapter
        self.figures = figures
        self.title = title or chapter  # the chapter's Swedish title, as the analyst reads it

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        payload = {"kapitel": self.chapter, "nyckeltal": self.figures}
        return {KEY_FIGURES_MIME: json.loads(json.dumps(payload, default=str)),
                "text/plain": f"Nyckeltal för {self.title}: {len(self.figures)} värden"}


def analyst_text_block(path: Path) -> Block | None:
    """The analyst's own text for a chapter (``texter/<kapitel>.md``), if there is one.

    It goes through the same allowed subset as the outline's text slots
    (``analyst_text``); its headings ("# Analys", "# Åtgärder") become siblings
    of the chapter's sections (level 2 under the chapter's level-1 title).
    """
    text = read_text(path)
    if text is None:
        return None
    prepared = prepare(text, path, path.stem, path.parent / IMAGE_DIR, top_level=2)
    return Block(prepared.markdown, f"<div>{markdown_view(prepared.markdown)}</div>")


def section(title: str, level: int = 2) -> Callable[[Callable[..., list[Block]]], Callable[..., list[Block]]]:
    """Decorate a chapter's section function: it gets a heading, and shows nothing when data is missing.

    The first argument of the section function is the chapter's data object;
    when its ``missing_notice`` is set, the chapter shows only that notice.
    """

    def wrap(func: Callable[..., list[Block]]) -> Callable[..., list[Block]]:
        @functools.wraps(func)
        def inner(data: Any, *args: Any, **kwargs: Any) -> list[Block]:
            if getattr(data, "missing_notice", None):
                return []
            out = func(data, *args, **kwargs)
            return [heading_block(title, level), *out] if out else []

        return inner

    return wrap


def analyst_text(path: Path) -> list[Block]:
    """The analyst's text as a list (empty when there is none), ready for ``display(*…)``."""
    block = analyst_text_block(path)
    return [block] if block else []
