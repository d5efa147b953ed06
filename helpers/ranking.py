"""Kolada-style colours: every kommun ranked per question and year, split into thirds.

The most favourable third is green, the middle third yellow, the least
favourable third red; a missing value is grey. Which end is favourable
follows the question's polarity (for "Besväras du ofta av ensamhet?" a low
share is favourable). Colour is never the only carrier of meaning: every
coloured value also carries a symbol and the colour's name (``90 % ▲ grön``),
and the method is explained under each table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .markdown_text import Markup, escape_inline
from .paths import RESOURCES_DIR

Colour = Literal["grön", "gul", "röd", "grå"]
COLOURS: tuple[Colour, ...] = ("grön", "gul", "röd", "grå")
MIN_RANKED = 3  # fewer kommuner with a value than this: no colour (a ranking of one or two says nothing)


@dataclass(frozen=True)
class ColourStyle:
    symbol: str
    css_class: str  # for the HTML report; the text is the same without it (DOCX, PDF)
    meaning: str


STYLES: dict[str, ColourStyle] = {
    "grön": ColourStyle("▲", "kvb-farg-gron", "bland den tredjedel av kommunerna som har mest fördelaktigt resultat"),
    "gul": ColourStyle("◆", "kvb-farg-gul", "bland den mittersta tredjedelen av kommunerna"),
    "röd": ColourStyle("▼", "kvb-farg-rod", "bland den tredjedel av kommunerna som har minst fördelaktigt resultat"),
    "grå": ColourStyle("○", "kvb-farg-gra", "uppgift saknas"),
}


@functools.lru_cache(maxsize=1)
def cell_backgrounds() -> dict[str, str]:
    """The background of every colour class (``kvb-farg-gul`` → ``#fbeaa8``), read from the report's stylesheet.

    One source for the report, the notebook view and the Excel export, so the three never differ.
    """
    css = (RESOURCES_DIR / "report.css").read_text(encoding="utf-8")
    return dict(re.findall(r"\.(kvb-farg-[a-z]+) \{ background: (#[0-9a-fA-F]{6}); \}", css))


def rank_places(values: pd.Series, higher_is_better: bool) -> pd.Series:
    """Place 1 = most favourable; equal values share the best place they reach; missing stays missing."""
    key = -values if higher_is_better else values
    return key.rank(method="min", na_option="keep")


def colour_of_place(place: float, count: int) -> Colour:
    """The third a place falls in: places are split as evenly as possible, the best third first."""
    if pd.isna(place) or count <= 0:
        return "grå"
    position = int(place) - 1  # 0-based
    if 3 * position < count:
        return "grön"
    if 3 * position < 2 * count:
        return "gul"
    return "röd"


def rank_colours(values: pd.Series, higher_is_better: bool) -> pd.DataFrame:
    """For each kommun (index): ``placering`` (1 = best), ``antal`` ranked and ``farg``; missing → grå."""
    places = rank_places(values.astype("float64"), higher_is_better)
    count = int(values.notna().sum())
    colours = [colour_of_place(p, count) for p in places]
    return pd.DataFrame(
        {"placering": places, "antal": count, "farg": pd.Series(colours, index=values.index, dtype=object)},
        index=values.index,
    )


def colour_label(colour: str) -> str:
    """``▲ grön``: symbol and name, so that the meaning never depends on seeing the colour."""
    return f"{STYLES[colour].symbol} {colour}"


def coloured_cell(text: str, colour: str | None) -> str:
    """A table cell with the colour's symbol and name, as a Pandoc span whose class colours it in HTML."""
    if colour is None:
        return text
    # The symbol is for the eye; a screen reader reads the colour's name ("grön"), not "black up-pointing triangle".
    style = STYLES[colour]
    return Markup(f'[{escape_inline(text)} [{escape_inline(style.symbol)}]{{aria-hidden="true"}} {escape_inline(colour)}]{{.{style.css_class}}}')


def legend() -> str:
    """One line explaining the symbols, for the note under a table (a missing value is shown as ``–``)."""
    parts = [f"{colour_label(c)} = {STYLES[c].meaning}" for c in COLOURS if c != "grå"]
    return "; ".join(parts) + "; – = uppgift saknas (grå). Värden utan symbol saknar jämförelsedata."


def method_explanation() -> str:
    """How the marks are set, in the words of the report (after Sävsjö 2025 and Kolada).

    Worded for every format: DOCX and PDF show the symbol and the colour's name,
    the HTML report shows the same and colours the cell as well.
    """
    return (
        "Markeringarna visar hur ett resultat ligger till jämfört med andra kommuner. För varje fråga och år "
        f"rangordnas alla kommuner som har ett resultat efter sina resultat: den tredjedel med mest fördelaktiga resultat "
        f"markeras {colour_label('grön')}, den tredjedel med minst fördelaktiga resultat {colour_label('röd')} och de i mitten "
        f"{colour_label('gul')}. Saknas uppgift visas –. För frågor där en lägre andel är bättre (markerade "
        "”lägre är bättre”) är den lägsta andelen mest fördelaktig. Kommuner med samma resultat får samma markering. "
        "Markeringen visar läget jämfört med andra kommuner, inte om nivån är tillräckligt bra: ett resultat kan "
        "vara markerat grön även om andelen är låg. I webbversionen har cellen dessutom markeringens färg."
    )
