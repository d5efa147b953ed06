"""Chapter Genomförandeplaner: audits of the brukare's implementation plans per verksamhet and enhet.

Rooms: ``contract`` (the two input shapes), ``loading`` (data object),
``metrics`` (counts and shares), ``masking`` (what per enhet may be shown),
``wording`` (sentences), ``sections`` (blocks), ``key_figures``.
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.GenomforandeplanerData] = Chapter(
    id=loading.CHAPTER,
    title="Genomförandeplaner",
    notebook="40-genomforandeplaner.ipynb",
    contracts=(contract.ROWS_CONTRACT, contract.COUNTS_CONTRACT),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
