"""The Sammanfattning at the front of the report, built from the key-figure files of all chapters.

It reads ``nyckeltal/<kapitel>.json`` (written by the run, or by the last run
when an analyst opens ``notebooks/00-sammanfattning.ipynb``), asks every
chapter for its points (``Chapter.summary_points``, rules in ``points``) and
shows, each point linked to its chapter: the largest rises and falls, the
targets missed and met, the data checks that need attention and the chapters
without data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import blocks, paths
from ..blocks import Block
from ..config import Params
from ..formatting import format_percent, number_in_text
from ..markdown_text import Markup, escape, markup
from ..sentences import counts_in_text, join_list
from .points import MAX_CHANGES, MAX_PER_CHAPTER, MIN_COUNT, MIN_PP, MIN_RELATIVE, SummaryPoint
from .registry import CHAPTERS, get

NOTEBOOK = "00-sammanfattning.ipynb"
TITLE = "Sammanfattning"


def key_figure_folder(params: Params, folder: str | Path | None = None) -> Path:
    """The run's folder of key figures, or the last report's when none is given (interactive use)."""
    return Path(folder) if folder else paths.report_dir(params.id, params.ar) / "nyckeltal"


def load_key_figures(folder: Path) -> dict[str, dict[str, Any]]:
    """Chapter id → its key figures (the ``nyckeltal`` of each file), in report order."""
    found = {}
    for chapter in CHAPTERS:
        path = folder / f"{chapter.id}.json"
        if path.is_file():
            found[chapter.id] = json.loads(path.read_text(encoding="utf-8")).get("nyckeltal", {})
    return found


def chapter_link(chapter_id: str) -> Markup:
    """``[Avvikelser och lex Sarah](#kap-avvikelser)``: an internal link in HTML, DOCX and PDF."""
    return markup("[{}](#kap-" + get(chapter_id).id + ")", get(chapter_id).title)


def collect_points(figures: dict[str, dict[str, Any]], params: Params) -> list[tuple[str, SummaryPoint]]:
    """Every chapter's points, with the chapter they belong to, in report order."""
    points = []
    for chapter_id, values in figures.items():
        if values.get("data_saknas"):
            continue
        points += [(chapter_id, point) for point in get(chapter_id).summary_points(values, params)]
    return points


def largest_changes(points: list[tuple[str, SummaryPoint]], limit: int = MAX_CHANGES,
                    per_chapter: int = MAX_PER_CHAPTER) -> list[tuple[str, SummaryPoint]]:
    """The heaviest changes, heaviest first (ties keep report order), at most ``per_chapter`` from one chapter."""
    chosen: list[tuple[str, SummaryPoint]] = []
    taken: dict[str, int] = {}
    for chapter, point in sorted((p for p in points if p[1].kind == "förändring"), key=lambda p: -p[1].weight):
        if len(chosen) < limit and taken.get(chapter, 0) < per_chapter:
            chosen.append((chapter, point))
            taken[chapter] = taken.get(chapter, 0) + 1
    return chosen


def _items(points: list[tuple[str, SummaryPoint]], lead: str = "") -> Markup:
    """A bulleted list of points, each sentence escaped and linked to its chapter; ``lead`` in bold above it."""
    head = markup("**{}**\n\n", lead) if lead else ""
    return Markup(head + "\n".join(f"- {escape(point.text)} ({chapter_link(chapter)})" for chapter, point in points) + "\n")


def summary_blocks(params: Params, figures: dict[str, dict[str, Any]]) -> list[Block]:
    """The summary as report blocks (headings one level below the summary's own)."""
    if not figures:
        return [blocks.notice_block(
            "Nyckeltal saknas",
            "Sammanfattningen byggs av kapitlens nyckeltal. Kör rapporten (kvb rapport) så att de finns, och öppna sedan sammanfattningen igen.",
        )]
    points = collect_points(figures, params)
    changes = largest_changes(points)
    missed = [p for p in points if p[1].kind == "mål" and p[1].met is False]
    met = [p for p in points if p[1].kind == "mål" and p[1].met]
    checks = [p for p in points if p[1].kind == "kontroll"]
    without = [c for c, v in figures.items() if v.get("data_saknas")]
    n_targets = len(missed) + len(met)
    out = [blocks.text_block(
        f"Sammanfattningen bygger på nyckeltalen i rapportens kapitel för {params.ar}. Varje punkt länkar till kapitlet där "
        "siffrorna redovisas och förklaras."
    )]
    out.append(blocks.heading_block("Största förändringarna", 2))
    if changes:
        out.append(blocks.markdown_block(_items(changes)))
    else:
        out.append(blocks.text_block(
            "Inga nyckeltal förändrades så mycket att de lyfts fram här (minst "
            f"{format_percent(100 * MIN_RELATIVE)} och {MIN_COUNT} i antal, eller {number_in_text(int(MIN_PP))} procentenheter)."
        ))
    out.append(blocks.heading_block("Mål", 2))
    if n_targets:
        whole, reached = counts_in_text([n_targets, len(met)], neuter=True)  # one comparison: written alike
        out.append(blocks.text_block(f"Av {whole} mål med målvärde i rapporten nåddes {reached if met else 'inget'}."))
        if missed:
            out.append(blocks.markdown_block(_items(missed, "Mål som inte nåddes:")))
        if met:
            out.append(blocks.markdown_block(_items(met, "Mål som nåddes:")))
    else:
        out.append(blocks.text_block("Kapitlen i rapporten redovisar inga mål med målvärden för året."))
    if checks:
        out.append(blocks.heading_block("Att kontrollera i underlaget", 2))
        out.append(blocks.markdown_block(_items(checks)))
    if without:
        out.append(blocks.heading_block("Kapitel utan underlag", 2))
        out.append(blocks.markdown_block(sentence_without(without)))
    return out


def sentence_without(chapter_ids: list[str]) -> Markup:
    """``För [Avvikelser och lex Sarah](#kap-avvikelser) saknas underlag för året; …``."""
    return Markup(f"För {join_list([chapter_link(c) for c in chapter_ids])} saknas underlag för året; kapitlet visar vad som fattas.")
