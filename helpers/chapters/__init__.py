"""The report's chapters: one subpackage per chapter behind the one interface (``interface.Chapter``).

Chapters import from the shared core (``helpers.*``) only, never from
``helpers.run`` or the CLI. ``registry`` lists them in report order.
"""

from __future__ import annotations

from .interface import Chapter
from .registry import CHAPTERS, chapter_contracts, chapter_ids, chapter_title, get, in_report_order

__all__ = ["CHAPTERS", "Chapter", "chapter_contracts", "chapter_ids", "chapter_title", "get", "in_report_order"]
