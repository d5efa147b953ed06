"""Chart labels wrap at spaces and slashes only: a word is never split, in the notebook or the report."""

from __future__ import annotations

import re

import pytest

from helpers.charts import LABEL_WIDTH, grouped_bar_chart, wrap_label

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
    assert wrap_label("Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering") == (
        "Brist i utförd/utebliven\ninsats/vårdåtgärd/\nrehabilitering")
    assert wrap_label("Fall") == "Fall"


def test_the_chart_shows_the_wrapped_labels():
    import pandas as pd

    label = "Brist i utförd/utebliven insats/vårdåtgärd/rehabilitering"
    figure = grouped_bar_chart(pd.DataFrame({"2025": [3, 5]}, index=[label, "Fall"]), "Antal")
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert wrap_label(label) in ticks and "Fall" in ticks
