"""Chapter Egenkontroller: planned, done and followed-up egenkontroller per enhet and period, results as "x av N".

Rooms: ``contract`` (input), ``loading`` (data object), ``metrics`` (counts
and shares), ``wording`` (sentences), ``sections`` (blocks), ``key_figures``.
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.EgenkontrollerData] = Chapter(
    id=loading.CHAPTER,
    title="Egenkontroller",
    notebook="80-egenkontroller.ipynb",
    contracts=(contract.CONTRACT,),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
