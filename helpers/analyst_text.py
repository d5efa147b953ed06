"""The analyst's own texts (``texter/<avsnitt>.md``): Markdown within an allowed subset, made safe for the report.

Allowed: headings, paragraphs, emphasis, lists, block quotes, tables with a
caption (``: Tabelltext`` under the table), images from ``texter/bilder/``
(each alone in its paragraph, with an alternative text), links to ``https:``,
``http:`` and ``mailto:``. Everything else is text: raw HTML, raw Typst or
LaTeX, math and attributes never reach the report as markup. Tables and
images get identifiers so that the report numbers them with the generated
ones ("Tabell 4", "Figur 2"). HTML comments (``<!-- … -->``) are the
analyst's notes, e.g. the prompts ``kvb ny-text`` writes: they are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import KvbError
from .file_reading import decode_text
from .pandoc import convert_text

# Pandoc's Markdown with everything that could carry markup through switched off.
SAFE_MARKDOWN = (
    "markdown-raw_html-raw_attribute-raw_tex-tex_math_dollars-tex_math_single_backslash"
    "-tex_math_double_backslash-native_divs-native_spans-markdown_in_html_blocks"
)
IMAGE_DIR = "bilder"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
LINK_SCHEMES = ("https://", "http://", "mailto:")
ALLOWED_CLASSES = ("callout-note", "callout-warning", "callout-tip", "callout-important")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
NBSP = "\u00a0"
_GROUP_START = re.compile(r"(?<![\d,.])\d{1,3}$")  # "1" of "1 940", "(12" of "(12 500)"; not "2024" nor "3,5"
_GROUP = re.compile(r"^\d{3}(?!\d)")  # "940", "000)", "500," but not "2025"
_NUMBER_END = re.compile(r"\d$")


class AnalystTextError(KvbError):
    """An analyst text that cannot go into the report as it is (names the file and what to change)."""

    def __init__(self, path: Path, problem: str):
        self.path = path
        super().__init__(f"Fel i texten {path}: {problem}")


@dataclass(frozen=True)
class PreparedText:
    markdown: str  # safe Markdown, headings at the requested level
    images: tuple[Path, ...]  # files in texter/bilder/ that the text shows (to copy into the report project)


def without_comments(text: str) -> str:
    return _COMMENT.sub("", text)


def read_text(path: Path) -> str | None:
    """The text of an analyst file, or None when it is missing or holds nothing but comments and blanks."""
    if not path.is_file():
        return None
    # UTF-8 (with or without BOM) or UTF-16 by its BOM; else Windows-1252, as Notepad saves "ANSI".
    text = without_comments(decode_text(path.read_bytes())).strip()
    return text or None


def _stringify(inlines: list[dict[str, Any]]) -> str:
    parts = []
    for el in inlines:
        t, c = el.get("t"), el.get("c")
        if t == "Str":
            parts.append(c)
        elif t in {"Space", "SoftBreak", "LineBreak"}:
            parts.append(" ")
        elif t in {"Code", "Math", "RawInline"}:
            parts.append(c[-1])
        elif isinstance(c, list):
            parts.append(_stringify([x for x in c if isinstance(x, dict)] or
                                    [y for x in c if isinstance(x, list) for y in x if isinstance(y, dict)]))
    return "".join(parts)


class _Walker:
    """Walks Pandoc's JSON AST once: checks images, numbers tables and figures, strips attributes."""

    def __init__(self, path: Path, slot: str, images_dir: Path, top_level: int):
        self.path, self.slot, self.images_dir, self.top_level = path, slot, images_dir, top_level
        self.tables = self.figures = self.headings = 0
        self.images: list[Path] = []
        self.shift = 0

    def attr(self, attr: list[Any], keep: tuple[str, ...] = ()) -> list[Any]:
        identifier, classes, pairs = attr
        return [identifier, [c for c in classes if c in ALLOWED_CLASSES], [[k, v] for k, v in pairs if k in keep]]

    def image(self, el: dict[str, Any], in_figure: bool) -> dict[str, Any]:
        attr, alt_inlines, (src, title) = el["c"]
        alt = dict(attr[2]).get("fig-alt") or _stringify(alt_inlines).strip()
        shown = src if len(src) < 80 else src[:77] + "…"
        if not alt:
            raise AnalystTextError(self.path, f"bilden '{shown}' saknar alternativtext. Skriv en beskrivning av vad bilden visar inom hakparenteserna: ![Beskrivning]({shown}).")
        if not in_figure:
            raise AnalystTextError(self.path, f"bilden '{shown}' står inne i ett stycke. Ge den ett eget stycke (tom rad före och efter), så får den figurnummer och figurtext.")
        rel = PurePosixPath(src)
        if src.startswith(("/", "\\")) or ":" in src or ".." in rel.parts or len(rel.parts) != 2 or rel.parts[0] != IMAGE_DIR:
            raise AnalystTextError(self.path, f"bilden '{shown}' ska ligga i mappen texter/{IMAGE_DIR}/ och anges som {IMAGE_DIR}/filnamn.png.")
        if rel.suffix.lower() not in IMAGE_SUFFIXES:
            raise AnalystTextError(self.path, f"bilden '{shown}' har ett filformat som inte stöds; använd PNG, JPEG eller GIF.")
        file = self.images_dir / rel.name
        if not file.is_file():
            raise AnalystTextError(self.path, f"bilden '{shown}' finns inte (sökte {file}).")
        self.images.append(file)
        return {"t": "Image", "c": [["", [], [["fig-alt", alt]]], alt_inlines, [f"{IMAGE_DIR}/{rel.name}", ""]]}

    def block(self, el: dict[str, Any]) -> dict[str, Any] | None:
        t, c = el["t"], el.get("c")
        if t in {"RawBlock"}:
            return {"t": "CodeBlock", "c": [["", [], []], c[1]]}
        if t == "Header":
            level, attr, inlines = c
            self.headings += 1
            slug = f"text-{self.slot}-{self.headings}"  # ASCII: DOCX bookmarks and Typst labels take it as it is
            return {"t": "Header", "c": [min(6, level + self.shift), [slug, [], []], self.inlines(inlines)]}
        if t == "Table":
            caption = c[1]
            if not caption[1]:
                first = _stringify(c[3][1][0][1][0][4][0]["c"]) if c[3][1] and c[3][1][0][1] else ""
                raise AnalystTextError(self.path, f"tabellen{f' som börjar med ”{first}”' if first else ''} saknar tabelltext. "
                                                  "Skriv en rad ': Tabelltext' direkt under tabellen (efter en tom rad).")
            self.tables += 1
            el = {"t": "Table", "c": [[f"tbl-{self.slot}-{self.tables}", [], []], *c[1:]]}
            return self.generic(el, skip_first=True)
        if t == "Figure":
            attr, caption, content = c
            images = [x for b in content if b.get("t") in {"Plain", "Para"} for x in b["c"] if x.get("t") == "Image"]
            if len(images) != 1:
                raise AnalystTextError(self.path, "en figur ska innehålla precis en bild.")
            self.figures += 1
            image = self.image(images[0], in_figure=True)
            return {"t": "Figure", "c": [[f"fig-{self.slot}-{self.figures}", [], []], self.generic(caption),
                                         [{"t": "Plain", "c": [image]}]]}
        if t == "Div":  # no identifier: an analyst's {#tbl-avv-totalt} must not collide with a generated one
            return {"t": "Div", "c": [["", *self.attr(c[0])[1:]], self.blocks(c[1])]}
        if t == "CodeBlock":
            return {"t": "CodeBlock", "c": [["", [], []], c[1]]}
        return self.generic(el)

    def inline(self, el: dict[str, Any]) -> dict[str, Any]:
        t, c = el["t"], el.get("c")
        if t in {"RawInline", "Math"}:
            return {"t": "Str", "c": c[-1]}
        if t == "Image":
            return self.image(el, in_figure=False)
        if t == "Link":
            attr, inlines, (target, title) = c
            if not (target.startswith(LINK_SCHEMES) or re.match(r"^#[\w-]+$", target)):
                return {"t": "Span", "c": [["", [], []], self.inlines(inlines)]}
            return {"t": "Link", "c": [["", [], []], self.inlines(inlines), [target, ""]]}
        if t in {"Span", "Code"}:
            return {"t": t, "c": [["", [], []], *([self.inlines(c[1])] if t == "Span" else [c[1]])]}
        return self.generic(el)

    def generic(self, value: Any, skip_first: bool = False) -> Any:
        """Recurse into children: dicts with a type are blocks or inlines; attributes elsewhere are cleared."""
        if isinstance(value, dict) and "t" in value:
            c = value.get("c")
            if c is None:
                return value
            return {"t": value["t"], "c": self.generic(c, skip_first)}
        if isinstance(value, list):
            items = value[1:] if skip_first else value
            out = [self.dispatch(v) if isinstance(v, dict) and "t" in v else self.generic(v) for v in items]
            return ([value[0]] + out) if skip_first else out
        return value

    def dispatch(self, el: dict[str, Any]) -> Any:
        if el["t"] in _BLOCKS:
            return self.block(el)
        return self.inline(el)

    def inlines(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.inline(i) for i in items]

    def blocks(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [b for b in (self.block(i) for i in items) if b is not None]


def _joined(left: dict[str, Any], gap: dict[str, Any], right: dict[str, Any]) -> bool:
    """``1`` ``940`` and ``65,8`` ``%``: a space a Swedish number keeps together."""
    if left.get("t") != "Str" or gap.get("t") not in {"Space", "SoftBreak"} or right.get("t") != "Str":
        return False
    a, b = left["c"], right["c"]
    return bool((_GROUP_START.search(a) and _GROUP.match(b)) or (_NUMBER_END.search(a) and b.startswith("%")))


def no_break_numbers(value: Any) -> Any:
    """The analyst's ``1 940`` and ``65,8 %`` with a no-break space, as generated numbers have (``helpers.formatting``).

    Only text (``Str``) is joined: code, raw text and math hold strings, not inlines, so they are left as written.
    """
    if isinstance(value, dict):
        return {k: no_break_numbers(v) for k, v in value.items()}
    if not isinstance(value, list):
        return value
    items = [no_break_numbers(v) for v in value]
    out: list[Any] = []
    for item in items:
        if len(out) >= 2 and isinstance(item, dict) and isinstance(out[-1], dict) and isinstance(out[-2], dict) \
                and _joined(out[-2], out[-1], item):
            out.pop()
            out[-1] = {"t": "Str", "c": out[-1]["c"] + NBSP + item["c"]}
        else:
            out.append(item)
    return out


_BLOCKS = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList", "BulletList",
           "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div"}


def _min_heading(blocks: list[dict[str, Any]]) -> int | None:
    levels = [b["c"][0] for b in blocks if b.get("t") == "Header"]
    return min(levels) if levels else None


def prepare(text: str, path: Path, slot: str, images_dir: Path, top_level: int) -> PreparedText:
    """Analyst Markdown as safe report Markdown: its headings start at ``top_level``; tables/figures numbered."""
    ast = json.loads(convert_text(text, SAFE_MARKDOWN, "json"))
    walker = _Walker(path, slot, images_dir, top_level)
    lowest = _min_heading(ast["blocks"])
    walker.shift = 0 if lowest is None else top_level - lowest
    ast["blocks"] = no_break_numbers(walker.blocks(ast["blocks"]))
    markdown = convert_text(json.dumps(ast), "json", "markdown", "--wrap=none")
    return PreparedText(markdown.strip() + "\n", tuple(walker.images))
