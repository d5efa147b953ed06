"""Chapter Ej verkställda beslut: the decisions reported to IVO as not carried out within three months.

Rooms: ``contract`` (input), ``loading`` (data object), ``metrics`` (decisions
and counts), ``published`` and ``masking`` (what of the counts may be shown,
over the whole chapter), ``wording`` (sentences), ``sections`` (blocks),
``key_figures``.
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.EjVerkstalldaData] = Chapter(
    id=loading.CHAPTER,
    title="Ej verkställda beslut",
    notebook="60-ej_verkstallda.ipynb",
    contracts=(contract.CONTRACT,),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
