"""The report project: only report blocks reach the document; figures become files."""

from __future__ import annotations

import base64

import nbformat

from helpers.blocks import KEY_FIGURES_MIME, REPORT_MIME
from helpers.run.report import extract_figures, notebook_key_figures, notebook_markdown

PNG = base64.b64encode(b"\x89PNG fake").decode()


def test_only_markdown_cells_and_report_blocks_reach_the_document():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={REPORT_MIME: "| a |\n|---|\n| 1 |", "text/html": "<table/>"}),
        nbformat.v4.new_output("execute_result", data={"text/plain": "   id  beskrivning\n0  A1  HEMLIG"}, execution_count=1),
        nbformat.v4.new_output("stream", name="stderr", text="Warning: something"),
        nbformat.v4.new_output("execute_result", data={KEY_FIGURES_MIME: {"kapitel": "x", "nyckeltal": {"antal": 3}}, "text/plain": ""}, execution_count=2),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Kapitel"), code]
    text = notebook_markdown(nb)
    assert text == "# Kapitel\n\n| a |\n|---|\n| 1 |\n"
    assert notebook_key_figures(nb) == {"kapitel": "x", "nyckeltal": {"antal": 3}}


def test_embedded_figures_are_written_as_files_named_by_label(tmp_path):
    document = f'Text\n\n![Antal per år](data:image/png;base64,{PNG}){{#fig-avv-totalt fig-alt="Stapeldiagram"}}\n'
    out = extract_figures(document, tmp_path)
    assert out == 'Text\n\n![Antal per år](figurer/fig-avv-totalt.png){#fig-avv-totalt fig-alt="Stapeldiagram"}\n'
    assert (tmp_path / "figurer" / "fig-avv-totalt.png").read_bytes() == b"\x89PNG fake"


def test_table_columns_are_sized_by_their_content():
    """Pandoc sizes wide tables by the dashes under the header: labels get room, numbers a floor."""
    import pandas as pd

    from helpers.blocks import table_block

    table = pd.DataFrame({"2024": ["1\u00a0940"], "2025": ["2\u00a0026"]}, index=pd.Index(["Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering"], name="Typ av händelse"))
    separator = table_block(table, "x", "Test").markdown.splitlines()[1]
    label, first, second = separator.strip("|").split("|")
    assert label == ":" + "-" * 40  # long labels capped
    assert first == second == "-" * 11 + ":"  # numbers right-aligned, never squeezed
