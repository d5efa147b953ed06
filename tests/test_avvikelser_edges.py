"""Avvikelser at the edges: every avdelning in the timing tables, lex Sarah tables that add up, working days, ties."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import helpers.chapters.avvikelser as avv
from helpers.config import load_params
from helpers.formatting import NBSP
from helpers.workdays import workdays_between

T = pd.Timestamp


def rows(records: list[dict]) -> pd.DataFrame:
    base = {"avdelning": "Verkställighet", "verksamhetsomrade": "Äldreomsorg", "typ": "Fall", "lex_sarah_markerad": False,
            "lex_sarah_utfall": None, "mottagen_datum": pd.NaT, "utredning_start": pd.NaT, "utredning_slut": pd.NaT,
            "avslutad_med_atgard": pd.NA}
    frame = pd.DataFrame([{**base, **r} for r in records])
    for col in ("registreringsdatum", "mottagen_datum", "utredning_start", "utredning_slut"):
        frame[col] = pd.to_datetime(frame[col])
    frame["ar"] = frame["registreringsdatum"].dt.year
    return frame


def text_of(blocks) -> str:
    return " ".join(b.markdown for b in blocks).replace(NBSP, " ").replace("\\", "")


def tables(blocks) -> list:
    return [b for b in blocks if b.label.startswith("Tabell")]


def table_rows(block) -> dict[str, list[str]]:
    """A table block's rows by their first cell (header row included)."""
    lines = [line for line in block.markdown.splitlines() if line.startswith("| ")]
    cells = [[c.strip().replace(NBSP, " ").replace("\\", "") for c in line.strip("|").split(" | ")] for line in lines]
    return {row[0]: row[1:] for row in cells}


@pytest.fixture(scope="module")
def ekdala(demo_data):
    return avv.loading.load(load_params("ekdala"))


@pytest.fixture(scope="module")
def bjorkvik(demo_data):
    return avv.loading.load(load_params("bjorkvik"))


# --- Timing tables: every avdelning, so the parts add up to the total shown -------------------------

def test_timing_tables_show_ovrigt_and_a_total_that_is_every_avvikelse(ekdala):
    start, length = tables(avv.sections.section_timing(ekdala))
    header = table_rows(start)["Tid till påbörjad utredning"]
    assert header == ["Myndighet 2024", "Myndighet 2025", "Verkställighet 2024", "Verkställighet 2025",
                      "Övrigt 2024", "Övrigt 2025", "Totalt 2024", "Totalt 2025"]
    totals = table_rows(start)["Totalt"]
    # 87 + 1 872 + 67 = 2 026 (seed 001 Tabell 1); before, Övrigt's 67 were silently left out.
    assert totals == ["44", "87", "1 855", "1 872", "41", "67", "1 940", "2 026"]
    # The length table counts the started investigations: 2 026 − 137 not started.
    assert table_rows(length)["Totalt"][-1] == "1 889" and table_rows(start)["Ej påbörjad"][-1] == "137 (7 %)"


def test_timing_notes_say_how_weekends_holidays_and_aftnar_count(ekdala):
    text = text_of(avv.sections.section_timing(ekdala))
    assert "Kolumnerna Totalt är summan av alla avdelningar" in text
    assert ("Arbetsdagar är måndag–fredag utom helgdagar; midsommarafton, julafton och nyårsafton räknas inte heller som "
            "arbetsdagar. Samma dag är 0 arbetsdagar och nästa arbetsdag 1. Ett datum på en lördag, söndag, helgdag eller "
            "afton räknas som nästa arbetsdag: en avvikelse som registreras en lördag och börjar utredas på måndagen har "
            "0 arbetsdagar.") in text
    assert "Tabellen omfattar avvikelser där utredningen hade påbörjats; de övriga står som Ej påbörjad" in text
    assert ("År 2025 påbörjades utredningen inom fem arbetsdagar (en vecka) för 64 % av alla avvikelser: "
            "47 % inom myndighet, 65 % inom verkställighet och 60 % inom övrigt.") in text


@pytest.mark.parametrize("start, end, days, why", [
    ("2025-03-08", "2025-03-10", 0, "registered Saturday, started Monday: Saturday counts as Monday"),
    ("2025-03-07", "2025-03-08", 1, "Friday → Saturday, as Friday → Monday"),
    ("2025-03-07", "2025-03-10", 1, "Friday → Monday"),
    ("2025-03-03", "2025-03-03", 0, "same day"),
    ("2025-06-19", "2025-06-23", 1, "midsommarafton 20/6 is not a working day"),
    ("2025-12-23", "2025-12-29", 1, "julafton, juldagen and annandag jul are not working days"),
    ("2025-12-30", "2026-01-02", 1, "nyårsafton and nyårsdagen are not working days, across the new year"),
    ("2025-12-24", "2025-12-29", 0, "registered on julafton: counts from the next working day"),
])
def test_workdays_at_weekends_holidays_and_aftnar(start, end, days, why):
    assert workdays_between(pd.Series([T(start)]), pd.Series([T(end)])).tolist() == [float(days)], why


def test_workdays_docstring_states_what_the_code_does():
    doc = workdays_between.__doc__ or ""
    for rule in ("Same day = 0, next working day = 1", "midsommar-, jul- or nyårsafton", "Saturday → Monday = 0",
                 "Friday → Saturday = 1"):
        assert rule in doc


# --- Lex Sarah: per avdelning and per verksamhetsområde, adding up visibly --------------------------

def test_lex_sarah_tables_add_up_with_reclassified_and_unassessed_cases(bjorkvik):
    blocks = avv.sections.section_lex_sarah(bjorkvik)
    text = text_of(blocks)
    assert text.startswith("## Lex Sarah\n Under 2025 markerade rapportörerna 49 avvikelser som möjliga lex Sarah-ärenden. "
                           "Av dem saknade två bedömning i underlaget. Dessutom bedömdes två avvikelser som rapportören "
                           "inte hade markerat. Till IVO anmäldes tre avvikelser (en inom myndighet och två inom verkställighet).")
    per_group, per_area = (table_rows(b) for b in tables(blocks)[:2])
    assert per_group["Avdelning"] == ["Markerade av rapportör", "Markerade utan bedömning", "Bedömda utan markering", "Bedömda",
                                      "Ej lex Sarah", "Pågående", "Missförhållande", "Anmäld till IVO"]
    assert per_group["Myndighet"] == ["8", "0", "2", "10", "7", "1", "1", "1"]
    assert per_group["Verkställighet"] == ["41", "2", "0", "39", "36", "0", "1", "2"]
    assert per_area["Myndighet – Barn och familj"] == ["4", "0", "2", "6", "3", "1", "1", "1"]
    assert per_area["Verkställighet – Hemtjänst"] == ["19", "2", "0", "17", "16", "0", "1", "0"]
    assert per_area["Totalt"] == per_group["Totalt"] == ["49", "2", "2", "49", "43", "1", "2", "3"]
    for table in (per_group, per_area):
        for label, values in table.items():
            if label in ("Avdelning", "Avdelning – verksamhetsområde"):
                continue
            flagged, unassessed, unflagged, assessed, *outcomes = map(int, values)
            assert assessed == flagged - unassessed + unflagged == sum(outcomes), label
    assert ("Bedömda = Markerade av rapportör − Markerade utan bedömning + Bedömda utan markering, och Bedömda = "
            "Ej lex Sarah, Pågående, Missförhållande och Anmäld till IVO tillsammans.") in text
    assert "Lex Sarah 2025: markerade av rapportör och bedömning per verksamhetsområde" in text


def test_lex_sarah_per_area_rows_in_swedish_order_within_each_avdelning(ekdala):
    labels = list(table_rows(tables(avv.sections.section_lex_sarah(ekdala))[1]))[1:]
    assert labels == ["Myndighet – Barn och unga", "Myndighet – Ekonomiskt bistånd", "Myndighet – Myndighet vuxen",
                      "Verkställighet – Barn och unga", "Verkställighet – Funktionsstöd", "Verkställighet – Hemsjukvård",
                      "Verkställighet – SIA/AME/Daglig verksamhet", "Verkställighet – Äldreomsorg", "Verkställighet – Öppenvård",
                      "Övrigt – Externa avvikelser", "Totalt"]


def test_lex_sarah_sentence_with_many_reports_starts_with_words():
    table = pd.DataFrame({"Markerade av rapportör": [20, 30, 50], "Markerade utan bedömning": [0, 0, 0], "Bedömda utan markering": [0, 0, 0],
                          "Anmäld till IVO": [3, 12, 15]}, index=["Myndighet", "Verkställighet", "Totalt"])
    text = avv.wording.describe_lex_sarah(table, ["Myndighet", "Verkställighet"], 2025)
    assert text.endswith("Till IVO anmäldes 15 avvikelser (3 inom myndighet och 12 inom verkställighet).")


# --- Status and the style of the sentences ----------------------------------------------------------

def test_many_long_investigations_do_not_start_a_sentence_with_digits():
    table = pd.DataFrame({"Totalt": [0, 0, 5, 21, 100, 50]}, index=list(avv.metrics.statuses()))
    text = avv.wording.describe_status(table, date(2025, 12, 31), 2025).replace(NBSP, " ")
    assert text == ("Den 2025-12-31 var 150 av 176 avvikelser från 2025 avslutade, 100 av dem med åtgärd. "
                    "Vid samma tidpunkt hade 21 utredningar pågått längre än tre månader.")
    small = pd.DataFrame({"Totalt": [0, 0, 0, 0, 3, 1]}, index=list(avv.metrics.statuses()))
    assert avv.wording.describe_status(small, date(2025, 12, 31), 2025) == (
        "Den 2025-12-31 var fyra av fyra avvikelser från 2025 avslutade, tre av dem med åtgärd. "
        "Ingen utredning hade då pågått längre än tre månader.")


def test_type_changes_say_the_years_once(ekdala):
    text = text_of(avv.sections.section_types(ekdala))
    assert text.count("mellan 2024 och 2025") == 1
    assert "Avvikelser av typen övrigt ökade från 84 till 135, en ökning med 51 avvikelser (+60,7 %)." in text


# --- Ties are named, not broken --------------------------------------------------------------------

def test_most_common_type_names_a_tie():
    counts = pd.Series({"Fall": 12, "Läkemedelshändelse": 12, "Stöld": 2})
    assert avv.wording.most_common_type(counts, 2025).replace(NBSP, " ") == (
        "De vanligaste typerna 2025 var fall och läkemedelshändelse, som var lika vanliga: tolv avvikelser vardera, 46,2 % av alla.")
    assert avv.wording.most_common_type(pd.Series({"Fall": 3, "Stöld": 1}), 2025).replace(NBSP, " ") == (
        "Den vanligaste typen 2025 var fall med tre avvikelser, 75,0 % av alla.")


def test_largest_changes_keep_a_tie_at_the_edge():
    table = pd.DataFrame({2024: [10, 10, 10, 10], 2025: [15, 15, 12, 5]}, index=["A", "B", "C", "D"])
    up, down = avv.metrics.largest_changes(table, 2024, 2025, n=1)
    assert up.to_dict() == {"A": 5, "B": 5} and down.to_dict() == {"D": -5}


def test_area_changes_name_a_tie_and_never_put_a_year_after_a_count():
    index = pd.MultiIndex.from_tuples([("Verkställighet", "Hemtjänst"), ("Verkställighet", "Särskilt boende"),
                                       ("Myndighet", "Barn och unga")], names=["avdelning", "verksamhetsomrade"])
    table = pd.DataFrame({2024: [20, 30, 9], 2025: [25, 35, 4]}, index=index)
    assert avv.wording.describe_area_changes(table, 2024, 2025) == (
        "Störst ökning mellan 2024 och 2025 ses inom hemtjänst (verkställighet) och särskilt boende (verkställighet), "
        "med fem avvikelser vardera. Störst minskning ses inom barn och unga (myndighet), från nio till fyra.")
