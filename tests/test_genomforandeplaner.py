"""Chapter Genomförandeplaner: metrics, the six-month rule, both input shapes, input errors, sentences and demo data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from reportscan import unescaped

import helpers.chapters.genomforandeplaner as gp
from helpers.blocks import text_block
from helpers.config import GenomforandeplanerSettings, Params, Source, load_params
from helpers.demo import genomforandeplaner as demo
from helpers.errors import InputError, Problem
from helpers.inputs import PERSONAL_NUMBER_PROBLEM, read_input

NBSP = "\u00a0"
ROWS_HEADER = "id,verksamhet,enhet,matdatum,har_plan,plan_uppdaterad,avgiven,delaktig,kommentar"
COUNTS_HEADER = "verksamhet;enhet;matdatum;antal_brukare;antal_med_plan;antal_uppdaterade;antal_avgivna;antal_delaktiga"
VERKSAMHETER = ["Äldreomsorg", "Funktionsstöd", "Socialpsykiatri/SIA"]
TABELL_15 = {  # seed 001 Tabell 15: brukare, uppdaterade, avgivna, delaktiga
    "Äldreomsorg": (293, 150, 186, 125),
    "Funktionsstöd": (89, 64, 71, 40),
    "Socialpsykiatri/SIA": (255, 205, 198, 198),
    "Totalt": (637, 419, 455, 363),
}


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def ekdala_params() -> Params:
    return load_params("ekdala", 2025)


@pytest.fixture
def params(ekdala_params: Params, tmp_path: Path) -> Params:
    """Ekdala's params (rows per brukare) with the data folder in a temporary directory."""
    return ekdala_params.model_copy(update={"data_katalog": str(tmp_path)})


@pytest.fixture
def counts_params(params: Params) -> Params:
    settings = params.genomforandeplaner.model_copy(update={"indata": "antal"})
    return params.model_copy(update={"genomforandeplaner": settings})


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    demo.generate(root)
    return root


@pytest.fixture(scope="module")
def ekdala(ekdala_params: Params, demo_root: Path) -> gp.loading.GenomforandeplanerData:
    return gp.loading.load(ekdala_params.model_copy(update={"data_katalog": str(demo_root / "ekdala")}))


@pytest.fixture(scope="module")
def bjorkvik(demo_root: Path) -> gp.loading.GenomforandeplanerData:
    return gp.loading.load(load_params("bjorkvik", 2025).model_copy(update={"data_katalog": str(demo_root / "bjorkvik")}))


def write(folder: Path, header: str, *lines: str, year: int = 2025, encoding: str = "utf-8") -> Path:
    path = folder / str(year) / "genomforandeplaner.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *lines]) + "\n", encoding=encoding)
    return path


def problems_of(params: Params, path: Path, year: int = 2025) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as info:
        read_input(path, gp.contract.contract_for(params, year), params.source("genomforandeplaner"))
    assert info.value.path == str(path)
    return info.value.problems


# ------------------------------------------------------------------ shares and rounding


@pytest.mark.parametrize(("part", "whole", "value", "cell"), [
    (419, 637, 65.8, "65,8 % (419 av 637)"),  # seed 001 truncates to 65,7 %; we round half up
    (150, 293, 51.2, "51,2 % (150 av 293)"),
    (363, 637, 57.0, "57,0 % (363 av 637)"),  # seed 001 writes "57 %"
    (186, 293, 63.5, "63,5 % (186 av 293)"),  # seed 001: 63,4 % (63,48 truncated)
    (1, 8, 12.5, "12,5 % (1 av 8)"),
    (1, 16, 6.3, "6,3 % (1 av 16)"),  # 6,25: half up, not to even
    (571, 2000, 28.6, "28,6 % (571 av 2 000)"),  # 28,55
])
def test_shares_round_half_up_with_numerator_and_denominator(part, whole, value, cell):
    assert gp.metrics.rounded_share(part, whole) == value
    assert gp.wording.share_cell(part, whole, value) == cell.replace(" %", NBSP + "%").replace("2 000", "2" + NBSP + "000")


def test_no_brukare_gives_no_share():
    assert gp.metrics.rounded_share(0, 0) is None
    assert gp.wording.share_cell(0, 0, None) == "–"


@pytest.mark.parametrize(("value", "target", "met"), [(90.0, 90, True), (89.9, 90, False), (100.0, 100, True), (None, 90, None), (65.8, None, None)])
def test_target_is_met_by_the_rounded_share(value, target, met):
    assert gp.metrics.meets_target(value, target) is met


# ------------------------------------------------------------------ the six-month rule


@pytest.mark.parametrize(("measured", "updated", "inside"), [
    ("2025-10-15", "2025-04-15", True),   # exactly six calendar months before: counts
    ("2025-10-15", "2025-04-14", False),  # one day more: does not
    ("2025-10-15", "2025-10-15", True),   # on the measurement day
    ("2025-08-31", "2025-02-28", True),   # 31 February does not exist: the month's last day
    ("2025-08-31", "2025-02-27", False),
    ("2024-08-31", "2024-02-29", True),   # leap year
    ("2025-03-31", "2024-09-30", True),
    ("2025-03-31", "2024-09-29", False),
])
def test_updated_within_six_calendar_months_both_days_included(measured, updated, inside):
    result = gp.metrics.updated_within(pd.Series([pd.Timestamp(measured)]), pd.Series([pd.Timestamp(updated)]), 6)
    assert bool(result.iloc[0]) is inside


def test_rule_follows_the_configured_months():
    measured, updated = pd.Series([pd.Timestamp("2025-10-15")]), pd.Series([pd.Timestamp("2025-01-15")])
    assert not gp.metrics.updated_within(measured, updated, 6).iloc[0]
    assert gp.metrics.updated_within(measured, updated, 9).iloc[0]


def test_rows_become_counts_per_enhet_with_the_boundary(params, tmp_path):
    path = write(tmp_path, ROWS_HEADER,
                 "1,Äldreomsorg,Hemtjänst Norr,2025-10-15,ja,2025-04-15,ja,ja,DEMO-FRITEXT",
                 "2,Äldreomsorg,Hemtjänst Norr,2025-10-15,ja,2025-04-14,ja,,",
                 "3,Äldreomsorg,Hemtjänst Norr,2025-10-15,nej,,,,",
                 "4,Äldreomsorg,Ekbacken,2025-10-20,ja,2025-10-20,nej,ja,",
                 "5,Funktionsstöd,Lärkan,2025-11-03,ja,2025-06-01,nej,nej,")
    rows = read_input(path, gp.contract.contract_for(params, 2025), params.source("genomforandeplaner"))
    assert "kommentar" not in rows.columns
    units = gp.metrics.units_from_rows(rows, 6).set_index(["verksamhet", "enhet"])
    assert units.loc[("Äldreomsorg", "Hemtjänst Norr")].tolist() == [2025, 3, 2, 1, 2, 1]
    assert units.loc[("Äldreomsorg", "Ekbacken")].tolist() == [2025, 1, 1, 1, 0, 1]
    table = gp.metrics.verksamhet_counts(units.reset_index(), 2025, VERKSAMHETER)
    assert table.loc["Totalt"].tolist() == [5, 4, 3, 2, 2]
    assert table.index.tolist() == ["Äldreomsorg", "Funktionsstöd", "Totalt"]  # no Socialpsykiatri/SIA rows in this file
    period = gp.metrics.measurement_period(rows)
    assert (period.first, period.last) == (pd.Timestamp("2025-10-15"), pd.Timestamp("2025-11-03"))


# ------------------------------------------------------------------ input errors (rows)


GOOD_ROW = "1,Äldreomsorg,Hemtjänst Norr,2025-10-15,ja,2025-09-01,ja,ja,"


@pytest.mark.parametrize(("line", "expected"), [
    ("2,Äldreomsorg,Hemtjänst Norr,2025-10-15,ja,2025-10-16,nej,nej,",
     Problem(3, "plan_uppdaterad", "uppdaterad 2025-10-16, efter mätdatum 2025-10-15; planen kan inte ha uppdaterats efter mätningen")),
    ("2,Äldreomsorg,Hemtjänst Norr,2025-10-15,nej,,ja,nej,",
     Problem(3, "avgiven", "avgiven är ja men har_plan är nej; en plan som inte finns kan inte vara avgiven till myndighet")),
    ("2,Äldreomsorg,Hemtjänst Norr,2025-10-15,nej,,,ja,",
     Problem(3, "delaktig", "delaktig är ja men har_plan är nej; en plan som inte finns kan inte vara delaktig")),
    ("2,Äldreomsorg,Hemtjänst Norr,2024-12-31,ja,2024-10-01,nej,nej,",
     Problem(3, "matdatum", "2024-12-31 ligger utanför 2025; filen för 2025 ska bara innehålla mätningar gjorda 2025")),
    ("2,Skolan,Hemtjänst Norr,2025-10-15,ja,2025-09-01,nej,nej,",
     Problem(3, "verksamhet", "okänd kategori 'Skolan' (tillåtna: Äldreomsorg; Funktionsstöd; Socialpsykiatri/SIA; Funktionshinderomsorgen; Biståndshandläggning)")),
    ("1,Äldreomsorg,Hemtjänst Söder,2025-10-20,nej,,,,",
     Problem(3, "id", "samma id förekommer flera gånger i mätningen 2025 (rad 2, 3); varje brukare räknas bara en gång per mätning")),
    ("2,Äldreomsorg,Hemtjänst Norr,2025-10-15,ja,,nej,nej,",
     Problem(3, "plan_uppdaterad", "har_plan är ja men datum för senaste uppdatering saknas")),
    ("2,Äldreomsorg,Hemtjänst Norr,2025-10-15,nej,2025-09-01,nej,nej,",
     Problem(3, "plan_uppdaterad", "datum 2025-09-01 är ifyllt men har_plan är nej")),
    ("2,Äldreomsorg,19121212-1212,2025-10-15,nej,,,,",
     Problem(3, "enhet", PERSONAL_NUMBER_PROBLEM)),
    ("2,Äldreomsorg,Hemtjänst Norr,2025-10-15,kanske,,,,",
     Problem(3, "har_plan", "'kanske' är inte ja eller nej")),
])
def test_bad_rows_name_file_row_and_column(params, tmp_path, line, expected):
    path = write(tmp_path, ROWS_HEADER, GOOD_ROW, line)
    assert problems_of(params, path) == (expected,)
    assert str(InputError(str(path), [expected])).startswith(f"Fel i filen {path} (1 problem):\n  - rad 3, kolumn '{expected.column}': ")


def test_same_brukare_in_two_measurements_is_fine(params, tmp_path):
    write(tmp_path, ROWS_HEADER, GOOD_ROW)
    write(tmp_path, ROWS_HEADER, GOOD_ROW.replace("2025", "2024"), year=2024)
    data = gp.loading.load(params)
    assert data.years_with_data == [2024, 2025] and data.has_previous


def test_an_earlier_file_with_another_years_dates_is_an_error(params, tmp_path):
    write(tmp_path, ROWS_HEADER, GOOD_ROW)
    old = write(tmp_path, ROWS_HEADER, GOOD_ROW, year=2024)
    with pytest.raises(InputError) as info:
        gp.loading.load(params)
    assert info.value.path == str(old)
    assert info.value.problems[0].message.startswith("2025-10-15 ligger utanför 2024")


def test_counts_file_under_the_rows_setting_names_the_missing_columns(params, tmp_path):
    path = write(tmp_path, COUNTS_HEADER.replace(";", ","), "Äldreomsorg,Norr,2025-10-15,10,9,8,7,6")
    assert [p.column for p in problems_of(params, path)] == ["id", "har_plan", "plan_uppdaterad", "avgiven", "delaktig"]


# ------------------------------------------------------------------ counts per enhet


GOOD_COUNTS = "Äldreomsorg;Hemtjänst Norr;2025-10-15;40;38;30;31;20"


@pytest.mark.parametrize(("line", "expected"), [
    ("Äldreomsorg;Ekbacken;2025-10-15;20;20;21;10;10", [Problem(3, "antal_uppdaterade", "antal uppdaterade (21) är större än antal brukare (20)")]),
    ("Äldreomsorg;Ekbacken;2025-10-15;20;15;16;10;10", [Problem(3, "antal_uppdaterade", "antal uppdaterade (16) är större än antal med plan (15)")]),
    ("Äldreomsorg;Ekbacken;2025-10-15;20;21;10;10;10", [Problem(3, "antal_med_plan", "antal med plan (21) är större än antal brukare (20)")]),
    ("Äldreomsorg;Ekbacken;2025-10-15;20;15;10;10;-3", [Problem(3, "antal_delaktiga", "\u22123 är mindre än det minsta tillåtna (0)")]),
    ("Äldreomsorg;Ekbacken;2026-01-10;20;15;10;10;10", [Problem(3, "matdatum", "2026-01-10 ligger utanför 2025; filen för 2025 ska bara innehålla mätningar gjorda 2025")]),
    ("Äldreomsorg;Hemtjänst Norr;2025-11-02;20;15;10;10;10",
     [Problem(3, "enhet", "enheten Hemtjänst Norr inom Äldreomsorg står på flera rader i mätningen 2025 (rad 2, 3); en rad per enhet och mätning")]),
    ("Omsorg;Ekbacken;2025-10-15;20;15;10;10;10", [Problem(3, "verksamhet", "okänd kategori 'Omsorg' (tillåtna: Äldreomsorg; Funktionsstöd; "
                                                                             "Socialpsykiatri/SIA; Funktionshinderomsorgen; Biståndshandläggning)")]),
    ("Äldreomsorg;Ekbacken;2025-10-15;20;15,5;10;10;10", [Problem(3, "antal_med_plan", "'15,5' är inte ett heltal")]),
])
def test_bad_counts_name_file_row_and_column(counts_params, tmp_path, line, expected):
    path = write(tmp_path, COUNTS_HEADER, GOOD_COUNTS, line, encoding="cp1252")
    assert list(problems_of(counts_params, path)) == expected


def test_counts_from_excel_with_own_headers_and_codes(counts_params, tmp_path):
    """XLSX with the kommun's own headers and verksamhet codes, and a measuring period."""
    path = tmp_path / "2025" / "gp.xlsx"
    path.parent.mkdir(parents=True)
    pd.DataFrame({
        "Verks.": ["ÄO", "ÄO", "FS"], "Enhet": ["Norr", "Söder", "Lärkan"],
        "Från": [pd.Timestamp("2025-10-01"), None, pd.Timestamp("2025-10-06")],
        "Datum": [pd.Timestamp("2025-10-31"), pd.Timestamp("2025-10-20"), pd.Timestamp("2025-10-10")],
        "Brukare": [40, 30, 9], "Med plan": [38, 30, 9], "Uppdaterade": [30, 20, 9], "Avgivna": [31, 25, 8],
        "Delaktiga": [20, 12, 6], "Anteckning": ["DEMO-FRITEXT", "", ""],
    }).to_excel(path, index=False)
    source = Source(fil="{ar}/gp.xlsx", kolumner={
        "verksamhet": "Verks.", "enhet": "Enhet", "period_fran": "Från", "matdatum": "Datum", "antal_brukare": "Brukare", "antal_med_plan": "Med plan",
        "antal_uppdaterade": "Uppdaterade", "antal_avgivna": "Avgivna", "antal_delaktiga": "Delaktiga"},
        varden={"verksamhet": {"ÄO": "Äldreomsorg", "FS": "Funktionsstöd"}})
    params = counts_params.model_copy(update={"kallor": {**counts_params.kallor, "genomforandeplaner": source}})
    data = gp.loading.load(params)
    table = gp.metrics.verksamhet_counts(data.units, 2025, data.verksamheter)
    assert table.loc["Äldreomsorg"].tolist() == [70, 68, 50, 56, 32]
    assert table.loc["Totalt"].tolist() == [79, 77, 59, 64, 38]
    assert (data.periods[2025].first, data.periods[2025].last) == (pd.Timestamp("2025-10-01"), pd.Timestamp("2025-10-31"))
    assert not data.from_rows


def test_missing_and_empty_report_year_give_a_notice(params, tmp_path):
    data = gp.loading.load(params)
    assert data.missing_notice == "Genomförandeplaner för 2025 saknas: filen 2025/genomforandeplaner.csv finns inte i datamappen."
    assert gp.sections.section_verksamheter(data) == [] and gp.key_figures.key_figures(data) == {"data_saknas": True}
    assert "**Data saknas.**" in gp.sections.notices(data)[0].markdown
    write(tmp_path, ROWS_HEADER)
    assert gp.loading.load(params).missing_notice == "Genomförandeplaner för 2025 saknas: filen 2025/genomforandeplaner.csv innehåller inga mätningar."


# ------------------------------------------------------------------ sentences


WORDS = gp.wording.measure_words(6)


def test_period_sentence_from_the_data():
    one = gp.metrics.Period(pd.Timestamp("2025-10-15"), pd.Timestamp("2025-10-15"))
    # Counts in one list are written alike: 23 is above twelve, so all are digits.
    assert gp.wording.describe_period(one, 2025, 23, 1, 1) == "Granskningen 2025 gjordes 2025-10-15 och omfattade 23 brukare i 1 verksamhet och 1 enhet."
    assert gp.wording.describe_period(one, 2025, 9, 1, 2) == "Granskningen 2025 gjordes 2025-10-15 och omfattade nio brukare i en verksamhet och två enheter."
    span = gp.metrics.Period(pd.Timestamp("2025-10-06"), pd.Timestamp("2025-11-14"))
    assert gp.wording.describe_period(span, 2025, 637, 3, 13) == (
        "Granskningen 2025 gjordes mellan 2025-10-06 och 2025-11-14 och omfattade 637 brukare i 3 verksamheter och 13 enheter.")


def test_extremes_name_lowest_and_highest_and_ties():
    values = pd.DataFrame({"plan": [90.0, 95.0, 95.0, 93.0], "uppdaterad": [51.2, 71.9, 80.4, 65.8],
                           "avgiven": [70.0, 70.0, 70.0, 70.0], "delaktig": [None, 44.9, 77.6, 57.0]},
                          index=["Äldreomsorg", "Funktionsstöd", "Socialpsykiatri/SIA", "Totalt"])
    text = gp.wording.describe_extremes(values, WORDS).replace(NBSP, " ")
    assert text == (
        "Andelen brukare med genomförandeplan var lägst inom äldreomsorg (90,0 %) och högst inom funktionsstöd och socialpsykiatri/SIA (95,0 %). "
        "Andelen brukare med uppdaterad plan var lägst inom äldreomsorg (51,2 %) och högst inom socialpsykiatri/SIA (80,4 %). "
        "Andelen brukare med plan avgiven till myndighet var lika stor i alla verksamheter (70,0 %). "
        "Andelen brukare som varit delaktiga i sin plan var lägst inom funktionsstöd (44,9 %) och högst inom socialpsykiatri/SIA (77,6 %).")


def test_targets_sentence():
    values = pd.Series({"plan": 100.0, "uppdaterad": 65.8, "avgiven": 71.4, "delaktig": 57.0})
    targets = {"plan": 100.0, "uppdaterad": 90.0, "avgiven": None, "delaktig": 57.0}
    assert gp.wording.describe_targets(values, targets, WORDS).replace(NBSP, " ") == (
        "Kommunens interna mål nåddes för genomförandeplaner (100,0 % mot målet 100 %) och delaktighet (57,0 % mot målet 57 %) "
        "men inte för uppdaterade planer (65,8 % mot målet 90 %).")


@pytest.mark.parametrize(("complete", "assessed", "total", "expected"), [
    # Seed 002 writes "10 of 24"; a sentence never starts with digits.
    (10, 24, 24, "Av de 24 enheterna hade 10 aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare."),
    (1, 1, 1, "En av en enhet hade aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare."),
    (0, 3, 3, "Ingen av de tre enheterna hade aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare."),
    (2, 9, 13, "Två av nio enheter hade aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare. "
               "För fyra enheter visas inte andelen och de ingår inte i jämförelsen."),
    (1, 2, 3, "En av två enheter hade aktuella planer, uppdaterade de senaste sex månaderna, för alla brukare. "
              "För en enhet visas inte andelen och de ingår inte i jämförelsen."),
])
def test_all_current_the_way_seed_002_says_it(complete, assessed, total, expected):
    assert gp.wording.describe_all_current(complete, assessed, total, 6) == expected


def test_below_target_singular_plural_and_none():
    below = gp.wording.describe_below_target([("Hemtjänst Norr", 42.7)], "uppdaterad", 90.0, 5, WORDS)
    assert below.replace(NBSP, " ") == "Under målet för uppdaterade planer (90 %) låg en enhet: Hemtjänst Norr (42,7 %)."
    two = gp.wording.describe_below_target([("A", 42.7), ("B <b>", 88.0)], "avgiven", 92.5, 5, WORDS)
    assert two.replace(NBSP, " ") == "Under målet för avgivna planer (92,5 %) låg två enheter: A (42,7 %) och B <b> (88,0 %)."
    assert r"B \<b\>" in text_block(two).markdown, "the text block makes the label literal Markdown"
    assert gp.wording.describe_below_target([], "plan", 100.0, 4, WORDS).replace(NBSP, " ") == (
        "Alla fyra enheter vars andel visas nådde målet för genomförandeplaner (100 %).")


def test_largest_changes_also_when_nothing_changed():
    diff = pd.DataFrame({"plan": [2.0, -1.5, 0.5], "uppdaterad": [10.7, 0.0, 6.4], "avgiven": [None, -3.1, 4.9], "delaktig": [1.0, 1.0, 2.4]},
                        index=["Äldreomsorg", "Funktionsstöd", "Totalt"])
    assert gp.wording.describe_largest_changes(diff, WORDS, 2024, 2025).replace(NBSP, " ") == (
        "Störst ökning mellan 2024 och 2025 hade äldreomsorg för uppdaterade planer (+10,7 procentenheter). "
        "Störst minskning hade funktionsstöd för avgivna planer (\u22123,1 procentenheter).")
    assert gp.wording.describe_largest_changes(diff * 0, WORDS, 2024, 2025) == "Andelarna var oförändrade i alla verksamheter mellan 2024 och 2025."
    tie = pd.DataFrame({"plan": [8.0, 1.0], "uppdaterad": [2.0, 8.0], "avgiven": [1.0, 0.0], "delaktig": [0.0, 0.0]},
                       index=["Hemtjänst", "LSS"])
    assert gp.wording.describe_largest_changes(tie, WORDS, 2024, 2025) == (  # a tie is named, and the years are said once
        "Störst ökning mellan 2024 och 2025 hade hemtjänst för genomförandeplaner och LSS för uppdaterade planer "
        "(+8,0 procentenheter vardera). Ingen andel minskade i någon verksamhet.")


# ------------------------------------------------------------------ demo data and sections


def test_ekdala_reproduces_seed_001_tabell_15(ekdala):
    table = gp.metrics.verksamhet_counts(ekdala.units, 2025, ekdala.verksamheter)
    for verksamhet, (brukare, updated, avgiven, delaktig) in TABELL_15.items():
        assert table.loc[verksamhet, ["brukare", "uppdaterad", "avgiven", "delaktig"]].tolist() == [brukare, updated, avgiven, delaktig]
    assert table.loc["Totalt", "plan"] == 587
    values = gp.metrics.shares(table)
    assert values.loc["Totalt"].tolist() == [92.2, 65.8, 71.4, 57.0]
    assert values.loc["Äldreomsorg", "uppdaterad"] == 51.2 and values.loc["Funktionsstöd", "uppdaterad"] == 71.9
    assert (ekdala.periods[2025].first, ekdala.periods[2025].last) == (pd.Timestamp("2025-10-06"), pd.Timestamp("2025-11-14"))
    assert ekdala.years_with_data == [2024, 2025]


def test_ekdala_rows_hold_the_six_month_boundary(demo_root):
    rows = pd.read_csv(demo_root / "ekdala" / "2025" / "genomforandeplaner.csv", dtype=str, keep_default_na=False)
    plans = rows[rows["har_plan"] == "ja"]
    measured, updated = pd.to_datetime(plans["matdatum"]), pd.to_datetime(plans["plan_uppdaterad"])
    cutoff = measured - pd.DateOffset(months=6)
    # Every enhet has a plan updated exactly on the boundary; the eleven with stale plans also one the day before it.
    assert (updated == cutoff).groupby(plans["enhet"]).any().all()
    assert (updated == cutoff - pd.Timedelta(days=1)).groupby(plans["enhet"]).any().sum() == 11
    assert "DEMO-FRITEXT" in rows["kommentar"].iloc[0]


def test_ekdala_sections_show_tabell_15_and_never_ids_or_free_text(ekdala):
    blocks = gp.sections.notices(ekdala) + [b for s in gp.sections.SECTIONS for b in s(ekdala)]
    markdown = unescaped("\n".join(b.markdown for b in blocks)).replace(NBSP, " ")
    assert "DEMO-FRITEXT" not in markdown and not re.search(r"GP-\d{4}-\d{4}", markdown)
    assert "| Äldreomsorg | 293 | 89,4 % (262 av 293) | 51,2 % (150 av 293) | 63,5 % (186 av 293) | 42,7 % (125 av 293) |" in markdown
    assert "| Totalt | 637 | 92,2 % (587 av 637) | 65,8 % (419 av 637) | 71,4 % (455 av 637) | 57,0 % (363 av 637) |" in markdown
    assert ("Av de 637 brukarna hade 587 (92,2 %) en genomförandeplan, 419 (65,8 %) en plan som uppdaterats de senaste sex månaderna, "
            "455 (71,4 %) en plan som avgetts till myndighet och 363 (57,0 %) en plan som de varit delaktiga i att upprätta.") in markdown
    assert "Andelen brukare med uppdaterad plan var lägst inom äldreomsorg (51,2 %) och högst inom socialpsykiatri/SIA (80,4 %)." in markdown
    assert "Granskningen 2025 gjordes mellan 2025-10-06 och 2025-11-14 och omfattade 637 brukare i 3 verksamheter och 13 enheter." in markdown
    assert ("Andelen brukare med uppdaterad plan ökade från 59,4 % år 2024 till 65,8 % år 2025, med 6,4 procentenheter, "
            "en förbättring.") in markdown
    assert "| Förändring 2024–2025 |  | +14 | +4,1 | +6,4 | +4,9 | +2,4 |" in markdown.replace("\u2212", "-")
    assert "| Funktionsstöd | +3,8 | +10,7 | +6,9 | +1,4 |" in markdown
    assert "Funktionshinderomsorgen redovisas från 2025 som Funktionsstöd" in markdown
    for label in ("gp-verksamhet", "gp-enhet", "gp-trend", "gp-forandring"):
        assert f"{{#tbl-{label}}}" in markdown
    assert "{#fig-gp-verksamhet" in markdown
    alt = re.search(r'fig-alt="([^"]*)"', markdown).group(1)
    assert alt.startswith("Liggande stapeldiagram över andelen brukare per verksamhet") and "Äldreomsorg: har plan 89,4 %, uppdaterad 51,2 %" in alt
    assert "Strecken visar kommunens mål: har plan 100 %, uppdaterad 90 %, avgiven 90 %, delaktig 75 %." in alt


def test_key_figures_have_the_documented_shape(ekdala):
    figures = gp.key_figures.key_figures(ekdala)
    assert figures["andelar"]["uppdaterad"] == {
        "andel": 65.8, "taljare": 419, "namnare": 637, "andel_foregaende": 59.4, "mal": 90.0, "uppfyllt": False,
        "enheter_under_mal": figures["andelar"]["uppdaterad"]["enheter_under_mal"], "enheter_bedomda": 9}
    assert [figures["andelar"][m]["andel"] for m in gp.metrics.MEASURES] == [92.2, 65.8, 71.4, 57.0]
    assert figures["antal_brukare"] == 637 and figures["matperiod"] == {"fran": "2025-10-06", "till": "2025-11-14"}
    assert figures["kontroller"] == {"meddelanden": []}
    assert not any("enhet" in k and k != "enheter_under_mal" for k in figures)


def test_bjorkvik_counts_semicolon_windows_1252_own_headers(bjorkvik, demo_root):
    raw = (demo_root / "bjorkvik" / "2025" / "Genomforandeplaner_2025.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("cp1252").startswith("Verksamhet;Enhet;Mätperiod från;Mätdatum;Antal brukare;")
    table = gp.metrics.verksamhet_counts(bjorkvik.units, 2025, bjorkvik.verksamheter)
    assert table.index.tolist() == ["Hemtjänst", "Särskilt boende", "LSS-boenden", "Totalt"]
    assert table.loc["Totalt"].tolist() == [345, 329, 279, 293, 227]
    assert bjorkvik.params.genomforandeplaner.mal.uppdaterad == 85
    text = unescaped("\n".join(b.markdown for b in gp.sections.section_verksamheter(bjorkvik))).replace(NBSP, " ")
    assert "gjordes mellan 2025-09-01 och 2025-09-30" in text and "Antalen är rapporterade per enhet." in text
    assert "Uppdaterad senaste 6 mån. (mål 85 %)" in text


def test_sjohamn_has_no_audit(demo_root):
    assert not (demo_root / "sjohamn").exists()
    params = load_params("sjohamn", 2025).model_copy(update={"data_katalog": str(demo_root / "sjohamn")})
    assert gp.loading.load(params).missing_notice.startswith("Genomförandeplaner för 2025 saknas")


def test_demo_is_deterministic(tmp_path, demo_root):
    for path in demo.generate(tmp_path):
        assert path.read_bytes() == (demo_root / path.relative_to(tmp_path)).read_bytes()


def test_model_defaults_are_the_documented_defaults():
    import yaml

    from helpers import paths

    documented = yaml.safe_load((paths.params_dir() / "_defaults.yml").read_text(encoding="utf-8"))["genomforandeplaner"]
    assert GenomforandeplanerSettings().model_dump() == documented
