"""Chapter Avvikelser (incl. lex Sarah): one row per avvikelse from the deviation system.

Rooms: ``contract`` (input), ``loading`` (data object), ``metrics`` (tables),
``wording`` (sentences), ``sections`` (blocks), ``key_figures``.
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.AvvikelserData] = Chapter(
    id=loading.CHAPTER,
    title="Avvikelser och lex Sarah",
    notebook="10-avvikelser.ipynb",
    contracts=(contract.CONTRACT,),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
