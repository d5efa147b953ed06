"""Chapter Riskanalys och internkontrollplan: the risks with riskvärde and level, the 5 × 5 matrix and the plan's status.

Rooms: ``contract`` (input), ``loading`` (data object), ``metrics`` (riskvärde,
levels, matrix), ``wording`` (sentences), ``sections`` (blocks), ``key_figures``.
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.RiskanalysData] = Chapter(
    id=loading.CHAPTER,
    title="Riskanalys och internkontrollplan",
    notebook="70-riskanalys.ipynb",
    contracts=(contract.CONTRACT,),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
