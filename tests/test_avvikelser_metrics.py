"""Avvikelser metrics against hand-computed expectations."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import helpers.chapters.avvikelser as avv
from helpers.chapters.common import rows_per_year
from helpers.config import Reorganisation
from helpers.organisation import apply_reorganisations, reorganisation_note
from helpers.workdays import bucket, workdays_between

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


def test_totals_per_year_marks_years_without_export_as_missing():
    frame = rows([{"registreringsdatum": "2024-03-01"}, {"registreringsdatum": "2025-03-01"}, {"registreringsdatum": "2025-04-01"}])
    totals = rows_per_year(frame, [2023, 2024, 2025], years_with_data=[2024, 2025])
    assert pd.isna(totals[2023])
    assert totals[2024] == 1 and totals[2025] == 2


def test_per_type_shows_every_configured_type_also_zero():
    frame = rows([{"registreringsdatum": "2024-03-01", "typ": "Fall"}, {"registreringsdatum": "2025-03-01", "typ": "Fall"},
                  {"registreringsdatum": "2025-03-02", "typ": "Stöld"}])
    table = avv.metrics.per_type(frame, ["Fall", "Stöld", "Övrigt"], 2024, 2025)
    assert table.loc["Fall"].tolist() == [1, 1]
    assert table.loc["Stöld"].tolist() == [0, 1]
    assert table.loc["Övrigt"].tolist() == [0, 0]


def test_workdays_skip_weekends_and_swedish_holidays():
    # Fri 2025-04-17 → Tue 2025-04-22: långfredag 18/4 and annandag påsk 21/4 are holidays.
    start = pd.Series([T("2025-04-17"), T("2025-03-03"), T("2025-03-07")])
    end = pd.Series([T("2025-04-22"), T("2025-03-03"), T("2025-03-10")])
    assert workdays_between(start, end).tolist() == [1.0, 0.0, 1.0]


def test_buckets_are_inclusive_upper_bounds():
    labels = bucket(pd.Series([0.0, 2.0, 3.0, 5.0, 6.0, 16.0]), [2, 5, 10, 15]).tolist()
    assert labels == ["0–2 arbetsdagar", "0–2 arbetsdagar", "3–5 arbetsdagar", "3–5 arbetsdagar", "6–10 arbetsdagar", "Mer än 15 arbetsdagar"]


def test_investigation_start_buckets_and_not_started():
    frame = rows([
        {"registreringsdatum": "2025-03-03", "utredning_start": "2025-03-04"},  # 1 day
        {"registreringsdatum": "2025-03-03", "utredning_start": "2025-03-10"},  # 5 days
        {"registreringsdatum": "2025-03-03"},
    ])
    assert avv.metrics.investigation_start_buckets(frame, [2, 5]).tolist() == ["0–2 arbetsdagar", "3–5 arbetsdagar", "Ej påbörjad"]


def test_handling_status_at_cutoff():
    frame = rows([
        {"registreringsdatum": "2025-11-03"},  # nothing happened
        {"registreringsdatum": "2025-11-03", "mottagen_datum": "2025-11-04"},
        {"registreringsdatum": "2025-11-03", "utredning_start": "2025-11-05"},
        {"registreringsdatum": "2025-06-02", "utredning_start": "2025-06-03"},  # open > 3 months on 31/12
        {"registreringsdatum": "2025-03-03", "utredning_start": "2025-03-04", "utredning_slut": "2025-03-20", "avslutad_med_atgard": True},
        {"registreringsdatum": "2025-03-03", "utredning_start": "2025-03-04", "utredning_slut": "2025-03-20", "avslutad_med_atgard": False},
        # Ended after the cutoff: still ongoing on the cutoff date.
        {"registreringsdatum": "2025-12-15", "utredning_start": "2025-12-16", "utredning_slut": "2026-01-10", "avslutad_med_atgard": True},
    ])
    status = avv.metrics.handling_status(frame, date(2025, 12, 31)).tolist()
    assert status == [
        "Ej mottagen", "Mottagen, utredning ej påbörjad", "Pågående utredning",
        "Pågående utredning längre än tre månader", "Avslutad med åtgärd", "Avslutad utan åtgärd", "Pågående utredning",
    ]


def test_lex_sarah_table_flagged_and_outcomes_with_total():
    frame = rows([
        {"registreringsdatum": "2025-01-10", "avdelning": "Myndighet", "lex_sarah_markerad": True, "lex_sarah_utfall": "anmäld till IVO"},
        {"registreringsdatum": "2025-01-11", "avdelning": "Myndighet", "lex_sarah_markerad": True, "lex_sarah_utfall": "ej lex Sarah"},
        {"registreringsdatum": "2025-01-12", "lex_sarah_markerad": True, "lex_sarah_utfall": "pågående"},
        # Classified as lex Sarah by SAS without the reporter's flag.
        {"registreringsdatum": "2025-01-13", "lex_sarah_markerad": False, "lex_sarah_utfall": "anmäld till IVO"},
    ])
    table = avv.metrics.lex_sarah_table(frame, frame["avdelning"], ["Myndighet", "Verkställighet"])
    assert table.columns.tolist() == ["Markerade av rapportör", "Markerade utan bedömning", "Bedömda utan markering", "Bedömda",
                                      "Ej lex Sarah", "Pågående", "Missförhållande", "Anmäld till IVO"]
    assert table.loc["Myndighet"].tolist() == [2, 0, 0, 2, 1, 0, 0, 1]
    assert table.loc["Verkställighet"].tolist() == [1, 0, 1, 2, 0, 1, 0, 1]
    assert table.loc["Totalt"].tolist() == [3, 0, 1, 4, 1, 1, 0, 2]


def test_largest_changes():
    table = pd.DataFrame({2024: [760, 159, 16], 2025: [848, 26, 67]}, index=["Fall", "Dokumentation", "Handläggning"])
    up, down = avv.metrics.largest_changes(table, 2024, 2025, n=1)
    assert up.to_dict() == {"Fall": 88}
    assert down.to_dict() == {"Dokumentation": -133}


def test_reorganisation_maps_old_names_and_follows_chains():
    changes = [Reorganisation(fran="Funktionshinderomsorgen", till="Funktionsstöd", ar=2025),
               Reorganisation(fran="Handikappomsorgen", till="Funktionshinderomsorgen", ar=2023),
               Reorganisation(fran="Framtida", till="Senare", ar=2027)]
    mapped = apply_reorganisations(pd.Series(["Handikappomsorgen", "Funktionshinderomsorgen", "Framtida"]), changes, 2025)
    assert mapped.tolist() == ["Funktionsstöd", "Funktionsstöd", "Framtida"]
    note = reorganisation_note(changes, [2022, 2023, 2024, 2025], {"Funktionshinderomsorgen"})
    assert note.startswith("Jämförelsen mellan åren omfattar organisationsförändringar: Funktionshinderomsorgen redovisas från 2025 som Funktionsstöd")


@pytest.fixture(scope="module")
def ekdala(demo_data):
    from helpers.config import load_params

    return avv.loading.load(load_params("ekdala"))


def test_ekdala_demo_equals_seed_001_tabell_1_and_5(ekdala):
    totals = rows_per_year(ekdala.rows, [2022, 2023, 2024, 2025], ekdala.years_with_data)
    assert totals.astype(int).tolist() == [1416, 1884, 1940, 2026]
    table = avv.metrics.per_type(ekdala.rows, ekdala.params.avvikelser.typer, 2024, 2025)
    assert table.loc["Fall"].tolist() == [760, 848]
    assert table.loc["Läkemedelshändelse"].tolist() == [375, 395]
    assert table.loc["Brist i/utebliven dokumentation"].tolist() == [159, 26]
    assert table.sum().tolist() == [1940, 2026]


def test_ekdala_sentences_and_lex_sarah(ekdala):
    text = " ".join(b.markdown for b in avv.sections.section_totals(ekdala)).replace("\u00a0", " ")
    assert "Antalet avvikelser ökade från 1 940 till 2 026 mellan 2024 och 2025, en ökning med 86 avvikelser (+4,4 %)." in text
    assert "Antalet har ökat varje år sedan 2022." in text
    lex = " ".join(b.markdown for b in avv.sections.section_lex_sarah(ekdala))
    assert "markerade rapportörerna 145 avvikelser som möjliga lex Sarah-ärenden. Till IVO anmäldes fem avvikelser (två inom myndighet och tre inom verkställighet)." in lex


@pytest.mark.parametrize("start, cutoff, long", [
    ("2025-09-30", "2025-12-31", True),   # + 3 months = 30 December, before the cut-off
    ("2025-10-01", "2025-12-31", False),  # + 3 months = 1 January
    ("2025-08-31", "2025-11-30", False),  # + 3 months = 30 November (no 31st): exactly three months, not more
    ("2025-08-31", "2025-12-01", True),
    ("2024-02-29", "2024-05-30", True),   # + 3 months = 29 May
    ("2024-02-29", "2024-05-29", False),
])
def test_longer_than_three_months_counts_forward_from_the_start(start, cutoff, long):
    frame = rows([{"registreringsdatum": start, "utredning_start": start}])
    status = avv.metrics.handling_status(frame, date.fromisoformat(cutoff)).iloc[0]
    assert (status == "Pågående utredning längre än tre månader") is long, status


def test_configured_limits_are_the_ones_the_text_names():
    assert avv.metrics.statuses(4)[3] == "Pågående utredning längre än fyra månader"
    table = pd.DataFrame({"Totalt": [0, 0, 0, 2, 1, 0]}, index=list(avv.metrics.statuses(4)))
    assert avv.wording.describe_status(table, date(2025, 12, 31), 2025, 4).endswith("Vid samma tidpunkt hade två utredningar pågått längre än fyra månader.")
    assert avv.wording.limit_phrase(4) == "fyra arbetsdagar" and avv.wording.limit_phrase(5) == "fem arbetsdagar (en vecka)"


def test_one_cut_off_for_timing_and_status():
    """A start after 31 December is 'not started' in the timing table, as in the status table."""
    frame = rows([
        {"registreringsdatum": "2025-12-20", "utredning_start": "2026-01-08", "utredning_slut": "2026-01-20"},
        {"registreringsdatum": "2025-12-01", "utredning_start": "2025-12-02", "utredning_slut": "2026-01-05"},
    ])
    on_cut = avv.metrics.on_cutoff(frame, date(2025, 12, 31))
    assert avv.metrics.investigation_start_buckets(on_cut, [2, 5]).tolist() == ["Ej påbörjad", "0–2 arbetsdagar"]
    assert avv.metrics.investigation_length_buckets(on_cut, [5, 10]).tolist()[1] == "Pågår"
    status = avv.metrics.handling_status(frame, date(2025, 12, 31)).tolist()
    assert status == ["Ej mottagen", "Pågående utredning"]
