"""Chart labels wrap at spaces and slashes only: a word is never split, in the notebook or the report."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest

from helpers.blocks import CSS_PX_PER_INCH, FIGURE_DPI, figure_block, figure_png
from helpers.charts import (
    FIGURE_WIDTH,
    LABEL_WIDTH,
    MIN_FONT_PT,
    grouped_bar_chart,
    mark_targets,
    wrap_label,
)


def figure_png_of(block) -> bytes:
    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", block.markdown).group(1))

LABELS = [
    "Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering",
    "Hälso- och sjukvårdsinsatser/vårdåtgärd/rehabilitering",
    "Brister i överlämning mellan enheter under natten och helger",
    "Kommunikation/information/dokumentation",
    "Fall",
    "Ett-mycket-långt-sammansatt-ord-utan-mellanslag och sedan kort",
]


@pytest.mark.parametrize("label", LABELS)
def test_a_word_or_a_slash_part_is_never_split(label: str):
    lines = wrap_label(label).split("\n")
    parts = [p for word in label.split() for p in re.findall(r"[^/]*/|[^/]+", word)]
    assert all(any(p in line for line in lines) for p in parts), lines
    assert all(len(line) <= LABEL_WIDTH or " " not in line and line.count("/") == 0 for line in lines), lines
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", label), "nothing lost or added"


def test_the_label_from_the_issue_breaks_after_slashes():
    assert wrap_label("Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering", 30) == (
        "Brist i utförd/utebliven\ninsats/vårdåtgärd/\nrehabilitering")
    assert wrap_label("Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering") == (
        "Brist i utförd/\nutebliven insats/\nvårdåtgärd/\nrehabilitering")
    assert wrap_label("Fall") == "Fall"


def test_the_chart_shows_the_wrapped_labels():
    import pandas as pd

    label = "Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering"
    figure = grouped_bar_chart(pd.DataFrame({"2025": [3, 5]}, index=[label, "Fall"]), "Antal")
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert wrap_label(label) in ticks and "Fall" in ticks


def _drawn_width_inches(png: bytes) -> float:
    return int.from_bytes(png[16:20], "big") / FIGURE_DPI


def test_figures_are_drawn_narrow_enough_for_a_phone_and_at_twice_the_css_size():
    """At 390 px a figure shrinks to about 366 CSS px; its smallest text must stay at 11 CSS px or more."""
    table = pd.DataFrame({"Har plan": [94.1, 97.8, 100.0, 95.4], "Uppdaterad": [79.1, 85.9, 78.6, 80.9],
                          "Avgiven": [83.7, 85.9, 100.0, 84.9], "Delaktig": [66.5, 62.0, 78.6, 65.8]},
                         index=["Hemtjänst", "Särskilt boende", "LSS-boenden", "Totalt"])
    figure = grouped_bar_chart(table, "Andel av brukarna", percent=True, legend_above=True, decimals=1)
    mark_targets(figure, [100, 85, 90, 75], label="Stadsdelsförvaltningens mål", columns=3, decimals=1)
    block = figure_block(figure, "test", "Genomförandeplaner", "Stapeldiagram")
    png = figure_png_of(block)
    width = _drawn_width_inches(png)
    shown = min(366, width * CSS_PX_PER_INCH)
    assert MIN_FONT_PT * CSS_PX_PER_INCH / 72 * shown / (width * CSS_PX_PER_INCH) >= 11
    assert f'width="{round(width * CSS_PX_PER_INCH)}px"' in block.markdown  # shown at its drawn size, 2× pixels


def test_a_legend_that_does_not_fit_gets_fewer_columns():
    table = pd.DataFrame({"Björkviks stadsdelsförvaltning 2025": [90.0, 59.0], "Riket, alla kommuner 2025": [87.0, 57.0]},
                         index=["Helhetssyn", "Trygghet"])
    figure = grouped_bar_chart(table, "Andel (%)", percent=True, legend_above=True)
    assert figure.axes[0].get_legend()._ncols == 1
    assert _drawn_width_inches(figure_png(figure)) <= FIGURE_WIDTH
