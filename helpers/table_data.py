"""A numbered table as data: what the report shows, cell by cell, for the notebook view and the Excel export.

A table block (``blocks.table_block``) carries this beside its Markdown: as
JSON in the notebook output (``TABLE_MIME``), so the run can write every
table of the report to ``tabeller.xlsx`` with the same texts and the same
masking, and as the styled HTML view JupyterLab shows. The view carries its
styles inline (alignment, no wrapping of values, the colour classes of
``ranking``), because JupyterLab keeps inline styles also in an untrusted
notebook, while a ``<style>`` element is dropped there.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from .markdown_text import Markup
from .ranking import cell_backgrounds

TABLE_MIME = "application/vnd.kvb.table+json"
TOTAL_LABELS = ("Totalt",)  # and every label beginning with "Summa": the rows the report sets in bold
SHORT_VALUE = 24  # characters: a value up to this long never wraps in the view (long texts do)

_NUMERIC = re.compile(r"^[<>+\u2212\d\s\u00a0,.%()–]*$")  # "." for ".." (value hidden, helpers.privacy)
_SPAN = re.compile(r"^\[(.*)\]\{\.([A-Za-z][\w-]*)\}$", re.DOTALL)  # a Pandoc span with one class
_HIDDEN = re.compile(r'\[([^\[\]]*)\]\{aria-hidden="true"\}')
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escapes of ASCII punctuation


@dataclass(frozen=True)
class TableCell:
    """One cell as the reader sees it: its text (``84,6 % ◆ gul``) and its colour class, if any."""

    text: str
    css_class: str | None = None
    symbol: str | None = None  # the colour's symbol (``◆``), hidden from screen readers in HTML


@dataclass(frozen=True)
class TableData:
    """A numbered table: its label (``avv-totalt``), caption, note, headers and rows of cells."""

    label: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    numeric: tuple[bool, ...]  # per column: figures, right-aligned in the report (``numeric_columns``)
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        def cell(c: TableCell) -> Any:
            return c.text if c.css_class is None else {"text": c.text, "klass": c.css_class, "symbol": c.symbol}

        return {"etikett": self.label, "rubrik": self.caption, "not": self.note, "kolumner": list(self.headers),
                "siffror": list(self.numeric), "rader": [[cell(c) for c in row] for row in self.rows]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TableData:
        def cell(c: Any) -> TableCell:
            return TableCell(c) if isinstance(c, str) else TableCell(c["text"], c.get("klass"), c.get("symbol"))

        return cls(str(data["etikett"]), str(data["rubrik"]), tuple(str(h) for h in data["kolumner"]),
                   tuple(tuple(cell(c) for c in row) for row in data["rader"]),
                   tuple(bool(n) for n in data.get("siffror", [False] * len(data["kolumner"]))), data.get("not"))


def numeric_columns(headers: list[str], rows: list[list[str]]) -> list[bool]:
    """Columns of figures (numbers, shares, ``12 (45 %)``, masks), right-aligned; never the first (the labels).

    ``rows`` are the cells as their Markdown (a coloured cell's span is not a figure, as the report has it).
    """
    return [i > 0 and all(_NUMERIC.match(r[i].strip()) is not None for r in rows) for i in range(len(headers))]


def is_total_row(label: str) -> bool:
    """``Totalt`` and ``Summa …`` rows, bold in the report (``crossref.lua``), the view and the workbook."""
    return label in TOTAL_LABELS or label.startswith("Summa")


def table_cell(value: object) -> TableCell:
    """A cell of a table block as text: ``Markup`` spans (a coloured cell) taken apart into text, class and symbol."""
    if not isinstance(value, Markup):
        return TableCell(str(value))
    match = _SPAN.match(str(value))
    inner, css_class = (match.group(1), match.group(2)) if match else (str(value), None)
    hidden = _HIDDEN.search(inner)
    symbol = _ESCAPED.sub(r"\1", hidden.group(1)) if hidden else None
    text = _ESCAPED.sub(r"\1", _HIDDEN.sub(r"\1", inner))
    return TableCell(text, css_class, symbol)


def table_data(label: str, caption: str, headers: list[str], rows: list[list[object]], note: str | None) -> TableData:
    """The table block's data; its column alignment is the report's (``numeric_columns`` of the Markdown cells)."""
    numeric = numeric_columns(headers, [[str(v) for v in row] for row in rows])
    return TableData(label, caption, tuple(headers), tuple(tuple(table_cell(v) for v in row) for row in rows),
                     tuple(numeric), note)


# Inline styles of the JupyterLab view, after the report's stylesheet (helpers/resources/report.css).
# JupyterLab sets table-layout: fixed and right-aligns every cell; these undo that for the view.
TABLE_STYLE = "border-collapse:collapse;table-layout:auto;margin-left:0;margin-right:auto"
CAPTION_STYLE = "text-align:left;font-weight:600;padding-bottom:0.35em"
SPAN_STYLE = "color:#1a1a1a;padding:0 0.25em;border-radius:2px;white-space:nowrap"


def _cell_style(column: int, numeric: bool, text: str, weight: str | None = None) -> str:
    """Alignment as in the report (labels left, figures right), short values on one line, bold totals."""
    parts = [f"text-align:{'right' if numeric else 'left'}"]
    if column > 0 and len(text) <= SHORT_VALUE:
        parts.append("white-space:nowrap")  # "84,6 % ◆ gul" and "42 % (35 svar)" stay on one line
    if weight:
        parts.append(f"font-weight:{weight}")
    return ";".join(parts)


def cell_html(cell: TableCell) -> str:
    """The cell's text, escaped; a coloured cell as a span with its colour inline and the symbol hidden from screen readers."""
    if cell.css_class is None:
        return html.escape(cell.text)
    text = html.escape(cell.text)
    if cell.symbol:
        symbol = html.escape(cell.symbol)
        head, sep, tail = text.rpartition(f" {symbol} ")
        if sep:
            text = f'{head} <span aria-hidden="true">{symbol}</span> {tail}'
    background = cell_backgrounds().get(cell.css_class)
    style = f"background-color:{background};{SPAN_STYLE}" if background else SPAN_STYLE
    return f'<span class="{html.escape(cell.css_class)}" style="{style}">{text}</span>'


def table_html(table: TableData) -> str:
    """The table for JupyterLab: aligned and coloured as in the report, with its note under it."""
    numeric = table.numeric
    head = "".join(f'<th scope="col" style="{_cell_style(i, numeric[i], h)}">{html.escape(h)}</th>'
                   for i, h in enumerate(table.headers))
    body = []
    for row in table.rows:
        weight = "bold" if row and is_total_row(row[0].text) else None
        label = f'<th scope="row" style="{_cell_style(0, False, row[0].text, weight or "normal")}">{cell_html(row[0])}</th>' if row else ""
        cells = "".join(f'<td style="{_cell_style(i, numeric[i], c.text, weight)}">{cell_html(c)}</td>' for i, c in enumerate(row) if i > 0)
        body.append(f"<tr>{label}{cells}</tr>")
    note = f'<p style="font-size:0.88em"><em>{html.escape(table.note)}</em></p>' if table.note else ""
    return (f'<table style="{TABLE_STYLE}"><caption style="{CAPTION_STYLE}">Tabell: {html.escape(table.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}")
