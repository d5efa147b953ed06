"""Analyst texts: an allowed Markdown subset, numbered tables and figures, images only with alternative text."""

from __future__ import annotations

import re
from pathlib import Path

import pypandoc
import pytest

from helpers.analyst_text import SAFE_MARKDOWN, AnalystTextError, prepare, read_text

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture()
def texts(tmp_path: Path) -> Path:
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "fall.png").write_bytes(PNG)
    return tmp_path


def run(texts: Path, markdown: str, level: int = 2) -> str:
    return prepare(markdown, texts / "samverkan.md", "samverkan", texts / "bilder", level).markdown


def html(markdown: str) -> str:
    return pypandoc.convert_text(markdown, "html", format=SAFE_MARKDOWN)


def test_prompt_comments_do_not_count_as_text(texts: Path) -> None:
    path = texts / "samverkan.md"
    path.write_text("<!--\nSkriv här: om samverkan\n-->\n\n", encoding="utf-8")
    assert read_text(path) is None
    path.write_text("\ufeff<!-- ledtext -->\nVi samverkar med regionen.\n", encoding="utf-8")
    assert read_text(path) == "Vi samverkar med regionen."
    assert read_text(texts / "saknas.md") is None


def test_headings_start_below_the_slot_and_get_ascii_anchors(texts: Path) -> None:
    out = run(texts, "# Med regionen\n\nText.\n\n## Äldreomsorg\n\nMer.\n", level=3)
    assert "### Med regionen {#text-samverkan-1}" in out and "#### Äldreomsorg {#text-samverkan-2}" in out


def test_tables_and_figures_get_numbering_ids(texts: Path) -> None:
    out = run(texts, "| A | B |\n|---|--:|\n| x | 1 |\n\n: Egen tabell\n\n![Fall per månad, flest i mars](bilder/fall.png)\n")
    assert "{#tbl-samverkan-1}" in out
    assert '![Fall per månad, flest i mars](bilder/fall.png){#fig-samverkan-1 fig-alt="Fall per månad, flest i mars"}' in out


@pytest.mark.parametrize("markdown, message", [
    ("![](bilder/fall.png)\n", "bilden 'bilder/fall.png' saknar alternativtext"),
    ("Se ![Fall](bilder/fall.png) här.\n", "bilden 'bilder/fall.png' står inne i ett stycke"),
    ("![Fall](../../../etc/fall.png)\n", "ska ligga i mappen texter/bilder/"),
    ("![Fall](https://example.invalid/fall.png)\n", "ska ligga i mappen texter/bilder/"),
    ("![Fall](bilder/saknas.png)\n", "bilden 'bilder/saknas.png' finns inte"),
    ("![Fall](bilder/fall.svg)\n", "filformat som inte stöds"),
    ("| Risk | Nivå |\n|---|---|\n| Fall | 3 |\n", "tabellen som börjar med ”Risk” saknar tabelltext"),
])
def test_refused_content_names_file_and_problem(texts: Path, markdown: str, message: str) -> None:
    with pytest.raises(AnalystTextError) as excinfo:
        run(texts, markdown)
    assert str(excinfo.value).startswith(f"Fel i texten {texts / 'samverkan.md'}: ")
    assert message in str(excinfo.value)


@pytest.mark.parametrize("markdown, forbidden", [
    ("<script>alert(1)</script>\n", "<script"),
    ("Text <img src=x onerror=alert(1)> text\n", "<img"),
    ("[klicka](javascript:alert(1))\n", "javascript:"),
    ("`<b>x</b>`{=html}\n", "<b>"),
    ("[x]{onclick=alert(1)}\n", "onclick"),
    ("::: {onmouseover=alert(1)}\nText\n:::\n", "onmouseover"),
])
def test_markup_in_analyst_text_stays_text(texts: Path, markdown: str, forbidden: str) -> None:
    assert forbidden not in html(run(texts, markdown))


def test_typst_and_math_stay_text(texts: Path) -> None:
    out = run(texts, "`#(40+2)`{=typst} och $#(1+1)$\n")
    typst = pypandoc.convert_text(out, "typst", format=SAFE_MARKDOWN)
    outside_raw = re.sub(r"`[^`]*`", "", typst)  # backtick raw text is shown, never run
    assert "#(" not in outside_raw.replace("\\#", ""), typst


def test_allowed_links_and_lists_survive(texts: Path) -> None:
    out = html(run(texts, "- [Rutin](https://example.se/rutin)\n- **Viktigt**\n"))
    assert '<a href="https://example.se/rutin">Rutin</a>' in out and "<strong>Viktigt</strong>" in out


def test_numbers_get_no_break_spaces_as_generated_ones_but_code_is_left_as_written(texts: Path) -> None:
    nb = "\u00a0"
    out = run(texts, "Från 1 940 till 2 026 (65,8 %), 1 234 567 kr; år 2024 123 svar och 3,5 000.\n\n"
                     "Se `1 940 %` och\n\n```\n12 500 %\n```\n\n| Antal | Andel |\n|---|---|\n| 12 500 | 40 % |\n\n: Svar 2025\n")
    assert f"Från 1{nb}940 till 2{nb}026 (65,8{nb}%), 1{nb}234{nb}567 kr" in out
    assert "år 2024 123 svar och 3,5 000." in out  # a year and a decimal are not the start of a thousands group
    assert "`1 940 %`" in out and "    12 500 %" in out  # code, inline and block, as written
    assert f"12{nb}500" in out and f"40{nb}%" in out  # table cells are text too
