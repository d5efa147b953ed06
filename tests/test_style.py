"""Swedish style in every generated text: the checks of helpers.style, and every chapter's sentences for the demo kommuner."""

from __future__ import annotations

import html
import re

import pytest

from helpers.chapters.registry import CHAPTERS
from helpers.chapters.summary import summary_blocks
from helpers.config import load_params
from helpers.formatting import NBSP
from helpers.style import counts_in, split_sentences, style_problems

DEMO_KOMMUNER = ("ekdala", "bjorkvik", "sjohamn")


# --- The checks themselves can fail ----------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    ("21 utredningar hade pågått längre än tre månader.", "Meningen börjar med en siffra"),
    ("Klar. 2025 ökade antalet.", "Meningen börjar med en siffra"),
    ("Berömmet gällde oftast bemötande (24), delaktighet (13) och kompetens (tolv).", "Meningen blandar tal i ord (tolv)"),
    ("Under 2025 inkom 28 synpunkter, varav 18 beröm och tio klagomål.", "Meningen blandar tal i ord (tio)"),
    (f"Antalet ökade från 1{NBSP}940 till 2{NBSP}026, en ökning med fyra avvikelser.", "Meningen blandar tal i ord (fyra)"),
    ("Det kom in tio synpunkter av typen synpunkt.", "Meningen upprepar ordet: ”synpunkter av typen synpunkt”"),
    ("Antalet fall ökade mellan 2024 och 2025. Antalet stölder minskade mellan 2024 och 2025.",
     "Två meningar i rad säger ”mellan 2024 och 2025”"),
])
def test_each_rule_finds_what_it_names(text, problem):
    found = style_problems(text)
    assert len(found) == 1 and found[0].startswith(problem), found


@pytest.mark.parametrize("text", [
    "Under 2025 inkom 28 synpunkter, varav 18 beröm och 10 klagomål.",
    "Berömmet gällde oftast bemötande (tio), kompetens (åtta) och delaktighet (fyra).",
    "År 2025 var utredningen klar inom 15 arbetsdagar (tre veckor) för 62 % av avvikelserna.",  # durations are not counts
    "Med fem svar kan andelen bara vara 0, 20, 40, 60, 80 eller 100 %.",  # a list of shares
    "Flest beslut gällde kontaktperson enligt 11 kap. 1 § SoL (sex beslut).",  # a lagrum names, and is one sentence
    "Under kvartal 2 hade åtta av tio verksamheter (62 %) gjort det; riskvärde 16 har två risker.",
    "Den 2025-12-31 var tre av fyra avslutade; färre än fem hade väntat. <5 = färre än fem (1–4).",
    "Störst skillnad: ”Träffa fast omsorgskontakt 14 gånger” (26 % mot 39 %) för två frågor.",
    "Antalet fall ökade mellan 2024 och 2025. Den vanligaste typen var fall. Antalet stölder ökade mellan 2024 och 2025.",
    "Avvikelser av typen fall ökade.",
])
def test_good_swedish_passes(text):
    assert style_problems(text) == []


def test_sentences_and_counts_are_found_as_a_reader_sees_them():
    assert split_sentences("Ett. Två t.ex. tre. 3 st.\n\nFyra.") == ["Ett.", "Två t.ex. tre.", "3 st.", "Fyra."]
    assert counts_in(f"Av 1{NBSP}940 (65,8 %) år 2025 hade tolv, (en) och 3 beslut 2025-03-01.") == ([1940, 3], ["tolv", "(en)"])


# --- Every chapter's generated text for the demo kommuner -------------------------------------------

def generated_texts(block) -> list[str]:
    """The running text of a block: paragraphs and list items, a table's note, a figure's alternative text."""
    if block.label.startswith("Figur"):
        return [html.unescape(a) for a in re.findall(r'alt="([^"]*)"', block.html)]
    if block.label.startswith("Tabell"):
        return [html.unescape(n) for n in re.findall(r"<p><em>(.*?)</em></p>", block.html, re.S)]
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", block.html, re.S)]


@pytest.fixture(scope="module")
def reports(demo_data) -> dict[str, list[tuple[str, str]]]:
    """Per demo kommun: (chapter, text) for every generated text, the Sammanfattning included."""
    import matplotlib

    matplotlib.use("Agg")
    found: dict[str, list[tuple[str, str]]] = {}
    for kommun in DEMO_KOMMUNER:
        params = load_params(kommun)
        texts, figures = [], {}
        for chapter in CHAPTERS:
            if chapter.id not in params.kapitel:
                continue
            data = chapter.load(params)
            for block in [*chapter.notices(data), *chapter.section_blocks(data)]:
                texts += [(chapter.id, t) for t in generated_texts(block)]
            figures[chapter.id] = chapter.key_figures(data)
        texts += [("sammanfattning", t) for b in summary_blocks(params, figures) for t in generated_texts(b)]
        found[kommun] = texts
    return found


@pytest.mark.parametrize("kommun", DEMO_KOMMUNER)
def test_generated_text_follows_the_style_rules(reports, kommun):
    texts = reports[kommun]
    assert len(texts) >= 10 and {c for c, _ in texts} >= {"avvikelser", "sammanfattning"}
    problems = [f"{chapter}: {p}" for chapter, text in texts for p in style_problems(text)]
    assert problems == [], "\n".join(problems)


# --- Generators given counts above twelve: the cases the demo data does not reach -----------------

def test_many_controls_risks_and_units_never_start_a_sentence_with_digits():
    import pandas as pd

    from helpers.chapters.egenkontroller.wording import UNIT_WORDS, describe_not_reported
    from helpers.chapters.kvalitetsregister.metrics import SilentUnit
    from helpers.chapters.kvalitetsregister.wording import describe_silent_units
    from helpers.chapters.riskanalys.wording import describe_status

    status = describe_status(pd.Series({"genomförd": 3, "pågår": 12, "planerad": 0}), carried=14, year=2025)
    assert status == ("Vid årets slut var 3 av 15 kontroller genomförda med sina åtgärder; 12 pågick. "
                      "Till internkontrollplanen 2026 förs 14 av 15 risker över.")
    silent = pd.DataFrame({"enhet": [f"Enhet {i % 4}" for i in range(21)]})
    assert describe_not_reported(silent, UNIT_WORDS["verksamhet"]).startswith(
        "Det saknas rapport för 21 planerade egenkontroller från 4 verksamheter.")
    units = [SilentUnit(f"Enhet {i}", "planerad") for i in range(13)]
    assert describe_silent_units(units, 2025, fell=False).startswith("Under 2025 registrerade 13 enheter inga riskbedömningar")
    for text in (status, describe_not_reported(silent, UNIT_WORDS["verksamhet"]), describe_silent_units(units, 2025, fell=True)):
        assert style_problems(text) == [], text
