"""Chapter Brukarundersökningar: survey results per question and year, riket and Kolada-style colours.

Rooms: ``contract`` (inputs), ``loading`` (data object), ``metrics`` (shares,
placements), ``wording`` (sentences), ``sections`` (blocks), ``key_figures``;
and the chapter's own: ``catalogue`` (surveys, questions, polarity, Kolada
KPIs) and ``kolada`` (the Kolada API importer).
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.BrukarundersokningarData] = Chapter(
    id=loading.CHAPTER,
    title="Brukarundersökningar",
    notebook="30-brukarundersokningar.ipynb",
    contracts=(contract.CONTRACT, contract.REFERENCE_CONTRACT),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
