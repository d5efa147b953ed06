"""Chapter Senior Alert och Palliativregistret: quality-register results against national and internal targets.

Rooms: ``contract`` (inputs), ``loading`` (data object), ``metrics`` (totals,
shares, targets), ``wording`` (sentences), ``sections`` (blocks),
``key_figures``; and the chapter's own: ``catalogue`` (Senior Alert's measures
and risk areas, the Palliativregistret indicator catalogue), ``aggregation``
(both Senior Alert input shapes into one) and ``kolada`` (indicators from
Kolada through the shared importer).
"""

from __future__ import annotations

from ..interface import Chapter
from . import contract, key_figures, loading, sections

DEFINITION: Chapter[loading.KvalitetsregisterData] = Chapter(
    id=loading.CHAPTER,
    title="Senior Alert och Palliativregistret",
    notebook="50-kvalitetsregister.ipynb",
    contracts=(contract.SENIOR_ALERT, contract.SENIOR_ALERT_ROWS, contract.PALLIATIVE),
    load=loading.load,
    notices=sections.notices,
    sections=sections.SECTIONS,
    key_figures=key_figures.key_figures,
    summary_points=key_figures.summary_points,
)
