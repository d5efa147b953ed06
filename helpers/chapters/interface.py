"""The one chapter interface: what every chapter of the report is and offers.

A chapter is a subpackage of ``helpers.chapters`` with the same rooms in
every chapter:

- ``contract.py``: the input contract(s) and the checks on its rows;
- ``loading.py``: the chapter's data object and ``load(params)``;
- ``metrics.py``: pure computations on the loaded data (tables, counts, shares);
- ``wording.py``: the generated Swedish sentences;
- ``sections.py``: notices and sections, each returning the blocks the notebook displays;
- ``key_figures.py``: the aggregates for the summary and the batch index;

and its ``__init__.py`` states the chapter as a ``Chapter`` (below). The
notebook of every chapter reads the same way: parameters, ``load``,
``notices``, ``sections``, analyst text, key figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ..blocks import Block
from ..config import Params
from ..contracts import Contract
from .points import SummaryPoint


class ChapterData(Protocol):
    """What every chapter's data object carries (the rest is the chapter's own)."""

    params: Params
    missing_notice: str | None  # set when the report year's input is missing: the chapter shows only that
    notes: list[str]


D = TypeVar("D", bound=ChapterData)
Section = Callable[[D], list[Block]]
def no_summary_points(figures: dict[str, Any], params: Params) -> list[SummaryPoint]:
    return []


@dataclass(frozen=True)
class Chapter(Generic[D]):
    """One chapter: its id and title, its inputs, and the functions the notebook calls in order."""

    id: str  # ``avvikelser``: params key, notebook name, key-figure file, analyst text slot
    title: str  # Swedish title for the report, lists and indexes
    notebook: str  # file name in ``notebooks/`` (the number prefix is the report order)
    contracts: tuple[Contract, ...]  # every input the chapter reads, its main input first
    load: Callable[[Params], D]
    notices: Callable[[D], list[Block]]  # ``Data saknas``, checks and notes at the top of the chapter
    sections: tuple[Section[D], ...]  # in report order; each gives its heading and blocks (nothing when data is missing)
    key_figures: Callable[[D], dict[str, Any]]
    # What the Sammanfattning says about the chapter, from its key figures (the ``nyckeltal`` of its file).
    summary_points: Callable[[dict[str, Any], Params], list[SummaryPoint]] = no_summary_points

    def section_blocks(self, data: D) -> Iterator[Block]:
        """Every section's blocks, in order (what the notebook displays after the notices)."""
        for section in self.sections:
            yield from section(data)
