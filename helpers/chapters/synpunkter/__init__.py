"""Chapter Synpunkter och klagomål: one row per synpunkt (beröm, klagomål, förslag …).

Rooms: ``contract`` (input), ``loading`` (data object), ``metrics`` (tables),
``wording`` (sentences), ``sections`` (blocks), ``key_figures``.
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.SynpunkterData] = Chapter(
    id=loading.CHAPTER,
    title="Synpunkter och klagomål",
    notebook="20-synpunkter.ipynb",
    contracts=(contract.CONTRACT,),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
