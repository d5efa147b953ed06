"""Text into Markdown: every generated sentence, label and caption is text, escaped; only marked Markdown passes.

The report project is Markdown, and Markdown turns ``**x**``, ``[x](url)``,
``<b>`` or ``# x`` into markup. Values from input files, params and the
catalogues reach the report inside generated sentences, table cells, captions
and headings, so the blocks escape all of those (``escape``). The few pieces
the tool itself writes as Markdown on purpose (a coloured table cell, a link
in the summary) are ``Markup`` and are left as they are.
"""

from __future__ import annotations

import re

# Pandoc's Markdown lets a backslash escape any ASCII punctuation; these are the ones that can start markup.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~^$@&])")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])(\s)", re.MULTILINE)  # "1. " would start an ordered list
_LINE_MARK = re.compile(r"^(\s*)([-+:])", re.MULTILINE)  # "- ", "+ " (lists), ": " (definitions) at a line's start
_DASHES = re.compile(r"-(?=-)")  # "--" would become a dash
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_SINGLE_NEWLINE = re.compile(r"(?<!\n)[ \t]*\n[ \t]*(?!\n)")


class Markup(str):
    """Markdown that the tool wrote itself and that must pass unescaped (never built from unescaped data)."""


def escape_inline(text: object) -> str:
    """``text`` as literal Markdown inside a line (a table cell, a caption, a heading): one line, no markup."""
    if isinstance(text, Markup):
        return str(text)
    value = _WHITESPACE.sub(" ", str(text)).strip(" ")  # ASCII whitespace only: no-break spaces stay
    return _DASHES.sub(r"-\\", _SPECIAL.sub(r"\\\1", value))


def escape(text: object) -> str:
    """``text`` as literal Markdown: no character of it can become markup; paragraphs (blank lines) are kept."""
    if isinstance(text, Markup):
        return str(text)
    value = _SINGLE_NEWLINE.sub(" ", str(text))
    value = _DASHES.sub(r"-\\", _SPECIAL.sub(r"\\\1", value))
    value = _LINE_MARK.sub(r"\1\\\2", value)
    return _LINE_START.sub(r"\1\2\\\3\4", value)


def markup(template: str, *values: object) -> Markup:
    """Markdown from a trusted template with escaped values: ``markup("[{}](#kap-x)", title)``."""
    return Markup(template.format(*(escape(v) for v in values)))
