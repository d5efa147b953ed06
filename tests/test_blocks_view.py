"""The JupyterLab view of report blocks: their Markdown rendered as the report renders it, data never markup."""

from __future__ import annotations

from pathlib import Path

from helpers.blocks import (
    analyst_text_block,
    heading_block,
    list_block,
    markdown_block,
    notice_block,
    text_block,
)
from helpers.markdown_text import markup


def test_analyst_text_view_renders_headings_and_lists_and_keeps_raw_html_as_text(tmp_path: Path):
    path = tmp_path / "avvikelser.md"
    path.write_text("# Analys\n\nVi ser **fler** avvikelser.\n\n# Åtgärder\n\n- Utbilda\n- Följa upp <script>alert(1)</script>\n",
                    encoding="utf-8")
    block = analyst_text_block(path)
    assert block is not None
    assert '<h2 id="text-avvikelser-1">Analys</h2>' in block.html
    assert "<strong>fler</strong>" in block.html
    assert "<ul>\n<li>Utbilda</li>" in block.html
    assert "<script>" not in block.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in block.html
    assert "###" not in block.html and "- Utbilda" not in block.html


def test_text_from_data_stays_text_in_every_view():
    label = "Enhet <script>alert(1)</script> **fet** [länk](https://x.se)"
    views = [text_block(label).html, list_block([label]).html, notice_block("Data saknas", label).html,
             heading_block(label).html, markdown_block(markup("- [{}](#kap-avvikelser)", label)).html]
    for view in views:
        assert "<script>" not in view and "&lt;script&gt;" in view
        assert "<strong>fet" not in view and "**fet**" in view
        assert 'href="https://x.se"' not in view


def test_views_are_html_not_markdown():
    assert heading_block("Avvikelser per typ", 2).html.startswith("<h2")
    assert list_block(["Första", "Andra"]).html.startswith("<ul>\n<li>Första</li>")
    assert "<p>Ett stycke.</p>\n<p>Ett till.</p>" in text_block("Ett stycke.\n\nEtt till.").html
    assert "<strong>Data saknas.</strong>" in notice_block("Data saknas", "Filen finns inte.").html
    assert '<a href="#kap-avvikelser">Avvikelser</a>' in markdown_block(markup("- [{}](#kap-avvikelser)", "Avvikelser")).html


def test_key_figures_are_labelled_with_the_chapters_swedish_title():
    from helpers.blocks import KEY_FIGURES_MIME, KeyFigures
    from helpers.chapters import get

    kapitel = get("brukarundersokningar")
    bundle = KeyFigures(kapitel.id, {"a": 1, "b": 2}, kapitel.title)._repr_mimebundle_()
    assert bundle["text/plain"] == f"Nyckeltal för {kapitel.title}: 2 värden" and kapitel.title != kapitel.id
    assert bundle[KEY_FIGURES_MIME]["kapitel"] == "brukarundersokningar", "the runner still reads the id"
    notebook = (Path(__file__).resolve().parents[1] / "notebooks" / kapitel.notebook).read_text(encoding="utf-8")
    assert "KeyFigures(kapitel.id, kapitel.key_figures(data), kapitel.title)" in notebook
