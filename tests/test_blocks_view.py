"""The JupyterLab view of report blocks: their Markdown rendered as the report renders it, data never markup."""

from __future__ import annotations

import json
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


def _survey_block():
    import pandas as pd

    from helpers import ranking
    from helpers.blocks import table_block

    frame = pd.DataFrame(
        {"2024": ["12", "<5", "1\u00a0940"], "2025": [ranking.coloured_cell("84,6\u00a0%", "gul"), "42\u00a0% (35 svar)", "2\u00a0026"]},
        index=pd.Index(["Hemtjänst <script>alert(1)</script>", "Särskilt boende", "Totalt"], name="Verksamhet"),
    )
    return table_block(frame, "bu-x", "Helhetssyn per verksamhet", note="▲ grön = bästa tredjedelen.")


def test_table_view_is_aligned_and_coloured_as_the_report_with_inline_styles():
    """JupyterLab right-aligns every cell and keeps only inline styles in untrusted notebooks: the view sets its own."""
    view = _survey_block().html
    assert view.startswith('<table style="border-collapse:collapse;table-layout:auto;margin-left:0;margin-right:auto">')
    assert '<caption style="text-align:left;font-weight:600;padding-bottom:0.35em">Tabell: Helhetssyn per verksamhet</caption>' in view
    assert '<th scope="col" style="text-align:left">Verksamhet</th><th scope="col" style="text-align:right;white-space:nowrap">2024</th>' in view
    assert ('<th scope="row" style="text-align:left;font-weight:normal">Särskilt boende</th>'
            '<td style="text-align:right;white-space:nowrap">&lt;5</td>'
            '<td style="text-align:left;white-space:nowrap">42\u00a0% (35 svar)</td>') in view
    # The colour travels with the cell, and so do the symbol and the colour's name (colour is never the only carrier).
    assert ('<span class="kvb-farg-gul" style="background-color:#fbeaa8;color:#1a1a1a;padding:0 0.25em;border-radius:2px;'
            'white-space:nowrap">84,6\u00a0% <span aria-hidden="true">◆</span> gul</span>') in view
    assert '<th scope="row" style="text-align:left;font-weight:bold">Totalt</th><td style="text-align:right;white-space:nowrap;font-weight:bold">1\u00a0940</td>' in view
    assert "<script>" not in view and "Hemtjänst &lt;script&gt;alert(1)&lt;/script&gt;" in view
    assert view.endswith('<p style="font-size:0.88em"><em>▲ grön = bästa tredjedelen.</em></p>')


def test_long_texts_wrap_and_short_values_do_not():
    import pandas as pd

    from helpers.blocks import table_block

    action = "Uppdatera rutinen för loggkontroll och följ upp den på verksamhetsträffarna"
    view = table_block(pd.DataFrame({"Åtgärd": [action], "Status": ["Pågår"]}, index=pd.Index(["Risk 1"], name="Risk")), "ra-x", "Åtgärder").html
    assert f'<td style="text-align:left">{action}</td><td style="text-align:left;white-space:nowrap">Pågår</td>' in view


def test_colour_backgrounds_are_the_report_stylesheets():
    from helpers import paths, ranking

    css = (paths.RESOURCES_DIR / "report.css").read_text(encoding="utf-8")
    backgrounds = ranking.cell_backgrounds()
    assert {s.css_class for s in ranking.STYLES.values()} | {"kvb-farg-orange"} == set(backgrounds)
    assert all(f".{c} {{ background: {b}; }}" in css for c, b in backgrounds.items())
    assert backgrounds["kvb-farg-gron"] == "#cfe8d5"


def test_table_block_carries_its_table_as_json_for_the_run():
    from helpers.table_data import TABLE_MIME, TableCell, TableData

    block = _survey_block()
    bundle = block._repr_mimebundle_()
    assert set(bundle) == {"text/markdown", "text/html", "text/plain", TABLE_MIME}
    data = json.loads(json.dumps(bundle[TABLE_MIME]))  # as the executed notebook stores it
    assert data["etikett"] == "bu-x" and data["kolumner"] == ["Verksamhet", "2024", "2025"] and data["siffror"] == [False, True, False]
    assert data["rader"][0][2] == {"text": "84,6\u00a0% ◆ gul", "klass": "kvb-farg-gul", "symbol": "◆"}
    assert TableData.from_json(data) == block.table and block.table.rows[1][1] == TableCell("<5")
    assert "[84,6" in block.markdown and "{.kvb-farg-gul}" in block.markdown, "the report's Markdown is as before"
    assert "style=" not in block.markdown
