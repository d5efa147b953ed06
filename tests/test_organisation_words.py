"""Organisations that are not a kommun: the cover, the title and the generated sentences name them right."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.chapters.brukarundersokningar.wording import describe_riket
from helpers.chapters.synpunkter.metrics import ResponseSummary
from helpers.chapters.synpunkter.wording import describe_response
from helpers.config import load_params
from helpers.organisation_words import WORDS, organisation_words
from helpers.run.document import front_matter, report_title

EXPECTED = {
    "kommun": ("Kommun", "kommunens"),
    "stadsdelsforvaltning": ("Stadsdelsförvaltning", "stadsdelsförvaltningens"),
    "kommunalforbund": ("Kommunalförbund", "förbundets"),
    "region": ("Region", "regionens"),
    "privat_utforare": ("Utförare", "verksamhetens"),
}


def params_as(kind: str, name: str, parent: str | None = None):
    params = load_params("ekdala", 2025)
    org = params.kommun.model_copy(update={"typ": kind, "namn": name, "moderkommun": parent})
    return params.model_copy(update={"kommun": org})


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_words_for_every_kind(kind: str) -> None:
    params = params_as(kind, "Testorganisationen")
    words = organisation_words(params.kommun)
    assert (words.label, words.possessive) == EXPECTED[kind]
    summary = ResponseSummary(received=10, answered=10, within_target=9, median_days=3.0, target_days=14)
    assert describe_response(summary, 2025, words.possessive_capitalised).startswith(f"{EXPECTED[kind][1].capitalize()} mål är att")
    assert set(WORDS) == set(EXPECTED)


def test_stadsdelsforvaltning_cover_shows_its_kommun_and_code() -> None:
    params = params_as("stadsdelsforvaltning", "Hässelby-Vällingby stadsdelsförvaltning", "Stockholms stad")
    text = front_matter(params, date(2026, 2, 1), draft=False)
    assert "Stadsdelsförvaltning\n:   Hässelby-Vällingby stadsdelsförvaltning" in text
    assert "Kommun\n:   Stockholms stad (kommunkod 9901)" in text
    assert "title: Kvalitetsberättelse 2025 – Hässelby-Vällingby stadsdelsförvaltning" in text
    assert "author: Hässelby-Vällingby stadsdelsförvaltning" in text
    assert report_title(params) == "Kvalitetsberättelse 2025 – Hässelby-Vällingby stadsdelsförvaltning"


def test_kommun_cover_and_draft_title() -> None:
    params = load_params("ekdala", 2025)
    text = front_matter(params, date(2026, 2, 1), draft=True)
    assert "Kommun\n:   Ekdala kommun (kommunkod 9901)" in text
    assert "title: UTKAST – Kvalitetsberättelse 2025 – Ekdala kommun" in text and "**Utkast.**" in text


def test_riket_sentence_uses_the_organisation() -> None:
    import pandas as pd

    from helpers.chapters.brukarundersokningar.catalogue import load_catalogue, resolve

    survey = load_catalogue(resolve("data/reference/brukarundersokningar_fragor.yml")).survey("hemtjanst")
    ids = survey.question_ids()
    own = pd.Series({q: 90.0 for q in ids}).astype("float64")
    riket = pd.Series({q: 80.0 for q in ids}).astype("float64")
    own[ids[1]] = 60.0
    text = describe_riket("Björkviks stadsdelsförvaltning", survey, own, riket, 2025, "stadsdelsförvaltningens")
    assert "Störst skillnad till stadsdelsförvaltningens fördel" in text and "kommunens" not in text
