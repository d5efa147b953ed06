"""Chapter Synpunkter och klagomål: metrics, input errors, sentences, masking and demo data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import helpers.chapters.synpunkter as syn
from helpers.chapters.common import rows_per_year
from helpers.config import Params, Source, SynpunkterSettings, load_params
from helpers.demo import synpunkter as demo
from helpers.errors import InputError, Problem
from helpers.inputs import read_input
from helpers.sentences import duration_phrase, label_in_text, majority_word, quantity

HEADER = "id;inkommen_datum;kanal;typ;verksamhetsomrade;tema;besvarad_datum;ledde_till_avvikelse;ledde_till_lex_sarah;enhet;beskrivning"
GOOD = "S1;2025-03-10;E-post;Klagomål;Äldreomsorg;Bemötande;2025-03-12;nej;nej;Hemtjänst Norr;DEMO-FRITEXT hemligt"


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def ekdala_params() -> Params:
    return load_params("ekdala", 2025)


@pytest.fixture
def params(ekdala_params: Params, tmp_path: Path) -> Params:
    """Ekdala's params with the data folder in a temporary directory and known categories."""
    settings = SynpunkterSettings(
        verksamhetsomraden=["Äldreomsorg", "Hemsjukvård", "Funktionsstöd", "Individ- och familjeomsorg"],
        svarstid_mal_dagar=14,
    )
    return ekdala_params.model_copy(update={"data_katalog": str(tmp_path), "synpunkter": settings})


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    demo.generate(root)
    return root


@pytest.fixture(scope="module")
def ekdala(ekdala_params: Params, demo_root: Path) -> syn.loading.SynpunkterData:
    return syn.loading.load(ekdala_params.model_copy(update={"data_katalog": str(demo_root / "ekdala")}))


@pytest.fixture(scope="module")
def bjorkvik(demo_root: Path) -> syn.loading.SynpunkterData:
    params = load_params("bjorkvik", 2025)
    return syn.loading.load(params.model_copy(update={"data_katalog": str(demo_root / "bjorkvik")}))


def row(id: str, received: str, kind: str = "Beröm", channel: str = "Synpunktsfolder", areas: tuple = ("Äldreomsorg",),
        themes: tuple = ("Bemötande",), answered: str | None = None, avvikelse: bool = False, lex_sarah: bool = False,
        unit: str | None = None) -> dict:
    return {
        "id": id, "inkommen_datum": pd.Timestamp(received), "kanal": channel, "typ": kind,
        "verksamhetsomrade": areas, "tema": themes,
        "besvarad_datum": pd.Timestamp(answered) if answered else pd.NaT,
        "ledde_till_avvikelse": avvikelse, "ledde_till_lex_sarah": lex_sarah, "enhet": unit,
    }


def frame(*records: dict) -> pd.DataFrame:
    rows = pd.DataFrame(list(records))
    rows["ar"] = rows["inkommen_datum"].dt.year
    return rows


@pytest.fixture
def rows() -> pd.DataFrame:
    """Six synpunkter 2025 and two 2024, counted by hand in the tests below."""
    return frame(
        row("a", "2025-01-10", "Beröm", "Synpunktsfolder", ("Äldreomsorg", "Hemsjukvård"), ("Bemötande", "Kompetens"), "2025-01-10"),
        row("b", "2025-02-01", "Beröm", "Synpunktsfolder", ("Äldreomsorg",), ("Bemötande",), "2025-02-04", unit="Hemtjänst Norr"),
        row("c", "2025-03-01", "Klagomål", "E-post", ("Hemsjukvård",), ("Kommunikation och samordning",), "2025-03-15", unit="Hemsjukvården"),
        row("d", "2025-04-01", "Klagomål", "Telefon", ("Äldreomsorg", "Hemsjukvård"), ("Bemötande", "Utförande av insats"), "2025-04-16",
            avvikelse=True, lex_sarah=True, unit="Hemtjänst Norr"),
        row("e", "2025-05-01", "Förslag", "Synpunktsfolder", ("Individ- och familjeomsorg",), (), None, unit="Hemtjänst Norr"),
        row("f", "2025-12-20", "Klagomål", "Synpunktsfolder", ("Äldreomsorg",), ("Bemötande",), "2025-12-20", avvikelse=True),
        row("g", "2024-06-01", "Klagomål", "E-post", ("Äldreomsorg",), ("Bemötande",), "2024-06-30"),
        row("h", "2024-07-01", "Beröm", "Telefon", ("Hemsjukvård",), ("Kompetens",), "2024-07-02"),
    )


KINDS = ["Beröm", "Klagomål", "Förslag", "Övrigt"]


# ------------------------------------------------------------------ metrics


def test_counts_per_year_and_kind(rows):
    years = [2022, 2023, 2024, 2025]
    totals = rows_per_year(rows, years, [2024, 2025])
    assert pd.isna(totals[2022]) and pd.isna(totals[2023])
    assert totals[2024] == 2 and totals[2025] == 6
    kinds = syn.metrics.kinds_per_year(rows, KINDS, years, [2024, 2025])
    assert kinds[2025].tolist() == [2, 3, 1, 0]
    assert kinds[2024].tolist() == [1, 1, 0, 0]
    assert kinds[2022].isna().all()


def test_counts_per_channel_every_configured_channel_shown(rows):
    table = syn.metrics.channels_per_year(rows, ["Synpunktsfolder", "E-post", "Telefon", "Brev"], [2024, 2025])
    assert table[2025].tolist() == [4, 1, 1, 0]
    assert table[2024].tolist() == [0, 1, 1, 0]


def test_kind_by_area_counts_every_concerned_area_and_unique_total_stays(rows):
    current = rows[rows["ar"] == 2025]
    areas = ["Äldreomsorg", "Hemsjukvård", "Funktionsstöd", "Individ- och familjeomsorg"]
    table = syn.metrics.kind_by_list(current, "verksamhetsomrade", KINDS, areas)
    assert table.index.tolist() == areas  # configured order, Funktionsstöd shown with zeros
    assert table.loc["Äldreomsorg"].tolist() == [2, 2, 0, 0]
    assert table.loc["Hemsjukvård"].tolist() == [1, 2, 0, 0]
    assert table.loc["Funktionsstöd"].tolist() == [0, 0, 0, 0]
    assert table.loc["Individ- och familjeomsorg"].tolist() == [0, 0, 1, 0]
    assert int(table.to_numpy().sum()) == 8  # mentions
    assert syn.metrics.unique_per_kind(current, KINDS).tolist() == [2, 3, 1, 0]  # six unique synpunkter


def test_kind_by_area_without_configured_areas_orders_by_count(rows):
    table = syn.metrics.kind_by_list(rows[rows["ar"] == 2025], "verksamhetsomrade", ["Beröm", "Klagomål"])
    assert table.index.tolist() == ["Äldreomsorg", "Hemsjukvård", "Individ- och familjeomsorg"]


def test_themes_count_several_per_synpunkt_and_skip_empty(rows):
    current = rows[rows["ar"] == 2025]
    table = syn.metrics.kind_by_list(current, "tema", ["Beröm", "Klagomål"], ["Bemötande", "Kompetens", "Kommunikation och samordning", "Utförande av insats"])
    assert table.loc["Bemötande"].tolist() == [2, 2]
    assert table.loc["Kompetens"].tolist() == [1, 0]
    assert table.loc["Kommunikation och samordning"].tolist() == [0, 1]
    assert table.loc["Utförande av insats"].tolist() == [0, 1]
    assert int((current["tema"].map(len) == 0).sum()) == 1


def test_response_time_median_target_same_day_and_not_answered(rows):
    current = rows[rows["ar"] == 2025]
    days = syn.metrics.response_days(current).tolist()
    assert days[:4] == [0.0, 3.0, 14.0, 15.0] and pd.isna(days[4]) and days[5] == 0.0
    summary = syn.metrics.response_summary(current, 14)
    assert summary.received == 6
    assert summary.answered == 5
    assert summary.not_answered == 1
    assert summary.within_target == 4  # 0 (same day), 3, 14 (on the target day) and 0; 15 is late
    assert summary.median_days == 3.0  # median of 0, 0, 3, 14, 15
    assert summary.share_within_target == pytest.approx(100 * 4 / 6)  # of all six received, unanswered included


def test_response_time_within_target_counts_same_day_and_boundary():
    rows = frame(row("a", "2025-01-01", answered="2025-01-01"), row("b", "2025-01-01", answered="2025-01-15"),
                 row("c", "2025-01-01", answered="2025-01-16"), row("d", "2025-01-01"))
    summary = syn.metrics.response_summary(rows, 14)
    assert (summary.answered, summary.within_target, summary.not_answered) == (3, 2, 1)
    assert summary.median_days == 14.0
    assert summary.share_within_target == pytest.approx(50.0)
    assert syn.metrics.response_summary(rows.iloc[:0], 14).median_days is None


def test_consequences_per_year(rows):
    table = syn.metrics.consequences_per_year(rows, [2023, 2024, 2025])
    assert table.loc["Ledde till avvikelse"].tolist() == [0, 0, 2]
    assert table.loc["Ledde till lex Sarah-rapport"].tolist() == [0, 0, 1]


def test_counts_per_unit_alphabetical_with_missing_unit_last(rows):
    table = syn.metrics.counts_per_unit(rows[rows["ar"] == 2025])
    assert table.index.tolist() == ["Hemsjukvården", "Hemtjänst Norr", syn.metrics.UNIT_MISSING]
    assert table["Antal synpunkter"].tolist() == [1, 3, 2]


# ------------------------------------------------------------------ input errors


def write(tmp_path: Path, *lines: str, encoding: str = "cp1252") -> Path:
    path = tmp_path / "2025" / "synpunkter.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def read(params: Params, path: Path, source: Source | None = None) -> pd.DataFrame:
    return read_input(path, syn.contract.contract_for(params), source or params.source("synpunkter"))


def problems_of(params: Params, path: Path) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as info:
        read(params, path)
    assert info.value.path == str(path)
    return info.value.problems


def test_good_file_reads_lists_dates_flags_and_never_the_free_text(params, tmp_path):
    path = write(tmp_path, GOOD, "S2;2025-03-11;Telefon;Beröm;Äldreomsorg|Hemsjukvård;Bemötande|Kompetens;;ja;;;")
    rows = read(params, path)
    assert "beskrivning" not in rows.columns
    assert rows.loc[1, "verksamhetsomrade"] == ("Äldreomsorg", "Hemsjukvård")
    assert rows.loc[1, "tema"] == ("Bemötande", "Kompetens")
    assert pd.isna(rows.loc[1, "besvarad_datum"])
    assert bool(rows.loc[1, "ledde_till_avvikelse"]) is True
    assert pd.isna(rows.loc[1, "ledde_till_lex_sarah"])  # empty: counted as nej when loaded
    assert rows.loc[0, "besvarad_datum"] == pd.Timestamp("2025-03-12")


def test_answered_before_received_names_row_and_column(params, tmp_path):
    path = write(tmp_path, GOOD, "S2;2025-03-10;E-post;Klagomål;Äldreomsorg;Bemötande;2025-03-01;nej;nej;;")
    assert problems_of(params, path) == (
        Problem(3, "besvarad_datum", "besvarad 2025-03-01, före datum då synpunkten kom in (2025-03-10); "
                                     "ett svar kan inte ligga före inkommen_datum"),
    )


def test_unknown_kind_names_row_column_and_allowed_values(params, tmp_path):
    path = write(tmp_path, GOOD, "S2;2025-03-10;E-post;Kritik;Äldreomsorg;Bemötande;;nej;nej;;")
    (problem,) = problems_of(params, path)
    assert problem == Problem(3, "typ", "okänd kategori 'Kritik' (tillåtna: Beröm; Klagomål; Förslag; Övrigt)")
    assert problem.describe() == "rad 3, kolumn 'typ': okänd kategori 'Kritik' (tillåtna: Beröm; Klagomål; Förslag; Övrigt)"


def test_unknown_area_in_a_list_is_named(params, tmp_path):
    path = write(tmp_path, "S1;2025-03-10;E-post;Klagomål;Äldreomsorg|Skolan;Bemötande;;nej;nej;;")
    (problem,) = problems_of(params, path)
    assert problem.row == 2 and problem.column == "verksamhetsomrade"
    assert problem.message.startswith("okänd kategori 'Skolan' (tillåtna: Äldreomsorg; Hemsjukvård; Funktionsstöd; Individ- och familjeomsorg")


def test_bad_date_names_row_column_and_value(params, tmp_path):
    path = write(tmp_path, GOOD, "S2;2025-13-01;E-post;Klagomål;Äldreomsorg;Bemötande;;nej;nej;;")
    assert problems_of(params, path) == (Problem(3, "inkommen_datum", "'2025-13-01' är inget datum (skriv ÅÅÅÅ-MM-DD)"),)


def test_duplicate_id_names_both_rows(params, tmp_path):
    path = write(tmp_path, GOOD, GOOD.replace("2025-03-10", "2025-04-10"))
    (problem,) = problems_of(params, path)
    assert problem.column == "id"
    assert problem.message == "samma värde förekommer på flera rader (rad 2, 3); varje rad ska ha ett eget id"


def test_missing_required_column_is_named(params, tmp_path):
    path = tmp_path / "2025" / "synpunkter.csv"
    path.parent.mkdir(parents=True)
    header = HEADER.replace("kanal;", "")
    path.write_text(header + "\nS1;2025-03-10;Klagomål;Äldreomsorg;Bemötande;;nej;nej;;\n", encoding="utf-8-sig")
    assert problems_of(params, path) == (Problem(None, "kanal", "kolumnen saknas i filen"),)


def test_own_headers_and_codes_are_mapped_also_inside_lists(params, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Diarienr;Inkom;Inkom via;Ärendetyp;Verksamhet;Kategori;Besvarad;Avvikelse;Lex Sarah;Namn\n"
        "X1;2025-05-02;Mejl;Förbättringsförslag;ÄO|HSV;Kompetens;2025-05-03;Ja;;DEMO-FRITEXT Namn\n",
        encoding="utf-8-sig",
    )
    source = Source(
        fil="export.csv",
        kolumner={"id": "Diarienr", "inkommen_datum": "Inkom", "kanal": "Inkom via", "typ": "Ärendetyp",
                  "verksamhetsomrade": "Verksamhet", "tema": "Kategori", "besvarad_datum": "Besvarad",
                  "ledde_till_avvikelse": "Avvikelse", "ledde_till_lex_sarah": "Lex Sarah"},
        varden={"kanal": {"Mejl": "E-post"}, "typ": {"Förbättringsförslag": "Förslag"},
                "verksamhetsomrade": {"ÄO": "Äldreomsorg", "HSV": "Hemsjukvård"}},
    )
    rows = read(params, path, source)
    assert rows.loc[0, "verksamhetsomrade"] == ("Äldreomsorg", "Hemsjukvård")
    assert rows.loc[0, "kanal"] == "E-post" and rows.loc[0, "typ"] == "Förslag"
    assert pd.isna(rows.loc[0, "enhet"])


def test_same_id_in_two_yearly_files_is_an_error(params, tmp_path):
    write(tmp_path, GOOD)
    earlier = tmp_path / "2024" / "synpunkter.csv"
    earlier.parent.mkdir()
    earlier.write_text(HEADER + "\n" + GOOD.replace("2025-03-10", "2024-03-10").replace("2025-03-12", "2024-03-12") + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        syn.loading.load(params)
    (problem,) = info.value.problems
    assert problem.column == "id"
    assert problem.message.startswith("2 rader har ett id som också finns i en annan årsfil")
    assert problem.message.endswith("varje synpunkt får bara finnas i en fil")


def test_missing_report_year_gives_a_notice_and_no_sections(params, tmp_path):
    data = syn.loading.load(params)
    assert data.missing_notice == "Synpunkter och klagomål för 2025 saknas: filen 2025/synpunkter.csv finns inte i datamappen."
    (notice,) = syn.sections.notices(data)
    assert "**Data saknas.**" in notice.markdown
    assert syn.sections.section_totals(data) == [] and syn.sections.section_units(data) == []
    assert syn.key_figures.key_figures(data) == {"data_saknas": True}


# ------------------------------------------------------------------ sentences


@pytest.mark.parametrize(("n", "neuter", "expected"), [
    (0, False, "inga synpunkter"), (1, False, "en synpunkt"), (2, False, "två synpunkter"), (28, False, "28 synpunkter"),
    (0, True, "inga klagomål"), (1, True, "ett klagomål"), (3, True, "tre klagomål"), (13, True, "13 klagomål"),
])
def test_quantity_singular_plural_zero(n, neuter, expected):
    singular, plural = ("klagomål", "klagomål") if neuter else ("synpunkt", "synpunkter")
    assert quantity(n, singular, plural, neuter=neuter) == expected


@pytest.mark.parametrize(("kind", "n", "expected"), [
    ("Beröm", 18, "18 beröm"), ("Klagomål", 1, "ett klagomål"), ("Klagomål", 10, "tio klagomål"),
    ("Förslag", 1, "ett förslag"), ("Övrigt", 1, "en övrig synpunkt"), ("Övrigt", 2, "två övriga synpunkter"),
    ("Tack", 2, "två synpunkter av typen tack"), ("Synpunkt", 10, "tio synpunkter"),  # never "synpunkter av typen synpunkt"
])
def test_kind_quantity(kind, n, expected):
    assert syn.wording.kind_quantity(n, kind) == expected


def test_year_total_sentences():
    per_kind = pd.Series({"Beröm": 18, "Klagomål": 10, "Förslag": 0, "Övrigt": 0})
    assert syn.wording.describe_year_total(28, per_kind, 2025) == "Under 2025 inkom 28 synpunkter, varav 18 beröm och 10 klagomål."
    assert syn.wording.describe_year_total(0, per_kind * 0, 2025) == "Under 2025 inkom inga synpunkter."
    one = pd.Series({"Beröm": 0, "Klagomål": 1})
    assert syn.wording.describe_year_total(1, one, 2025) == "Under 2025 inkom en synpunkt, ett klagomål."
    assert syn.wording.describe_year_total(3, pd.Series({"Beröm": 0, "Klagomål": 3}), 2025) == "Under 2025 inkom tre synpunkter, samtliga klagomål."


def test_kind_change_sentences():
    table = pd.DataFrame({2024: [14, 8, 1, 1, 0], 2025: [18, 10, 0, 1, 0]}, index=["Beröm", "Klagomål", "Förslag", "Övrigt", "Tack"])
    assert syn.wording.describe_kind_changes(table, 2024, 2025) == (
        # One sentence, one way of writing its counts: 18 is above twelve, so all are digits.
        "Jämfört med 2024 ökade antalet beröm från 14 till 18 och antalet klagomål från 8 till 10. "
        "Samtidigt minskade antalet förslag från ett till noll. Antalet övriga synpunkter (en) var oförändrat."
    )
    down = pd.DataFrame({2024: [3], 2025: [1]}, index=["Klagomål"])
    assert syn.wording.describe_kind_changes(down, 2024, 2025) == "Jämfört med 2024 minskade antalet klagomål från tre till ett."


def test_channel_sentences_majority_half_plurality_and_tie():
    majority = pd.Series({"Synpunktsfolder": 15, "E-post": 5, "Telefon": 4, "E-tjänst": 2, "Brev": 1, "Patientnämnden": 1, "IVO": 0})
    assert syn.wording.describe_channels(majority, 2025) == (
        "Majoriteten av synpunkterna 2025, 15 av 28, kom in via synpunktsfolder. "
        "Därefter kom flest via e-post (fem) och telefon (fyra)."
    )
    half = pd.Series({"Synpunktsfolder": 4, "E-post": 4})
    assert syn.wording.describe_channels(half, 2025) == "Lika många synpunkter 2025, fyra vardera, kom in via synpunktsfolder och e-post."
    assert syn.wording.describe_channels(pd.Series({"Synpunktsfolder": 5, "IVO": 3, "Telefon": 2}), 2025).startswith(
        "Hälften av synpunkterna 2025, fem av tio, kom in via synpunktsfolder. Därefter kom flest via IVO (tre)")
    assert syn.wording.describe_channels(pd.Series({"Telefon": 4, "E-post": 3, "Brev": 3}), 2025).startswith(
        "Flest synpunkter 2025 kom in via telefon: fyra av tio (40,0\u00a0%).")
    assert syn.wording.describe_channels(pd.Series({"Telefon": 0}), 2025) == ""


def test_area_sentences():
    table = pd.DataFrame({"Beröm": [12, 14, 0], "Klagomål": [8, 3, 0]}, index=["Hemsjukvård", "Äldreomsorg", "Funktionsstöd"])
    assert syn.wording.describe_area_top(table) == "Flest synpunkter gällde hemsjukvård (20: 12 beröm och 8 klagomål)."
    other = pd.DataFrame({"Beröm": [10, 1], "Klagomål": [1, 5]}, index=["Hemtjänst", "Särskilt boende"])
    assert syn.wording.describe_area_top(other) == (
        "Flest synpunkter gällde hemtjänst (elva: tio beröm och ett klagomål). Flest klagomål gällde särskilt boende (fem).")
    assert syn.wording.describe_area_top(pd.DataFrame({"Klagomål": [1, 0]}, index=["Äldreomsorg", "SIA"])) == "Synpunkten gällde äldreomsorg."


def test_ties_are_named_not_broken():
    tie = pd.DataFrame({"Beröm": [6, 4, 1], "Klagomål": [2, 4, 1]}, index=["Hemtjänst", "Särskilt boende", "SIA"])
    assert syn.wording.describe_area_top(tie) == (
        "Lika många synpunkter, åtta vardera, gällde hemtjänst och särskilt boende. Flest klagomål gällde särskilt boende (fyra).")
    themes = pd.DataFrame({"Beröm": [24, 13, 5, 5, 1]}, index=["Bemötande", "Delaktighet", "Kompetens", "Information", "Mat"])
    # Counts in one list: 24 is above twelve, so all are digits; the tie for third place keeps both themes.
    assert syn.wording.describe_themes(themes) == "Berömmet gällde oftast bemötande (24), delaktighet (13), kompetens (5) och information (5)."
    channels = pd.Series({"Telefon": 6, "E-post": 3, "Brev": 2, "Besök": 2})
    assert syn.wording.describe_channels(channels, 2025).endswith("Därefter kom flest via e-post (tre), brev (två) och besök (två).")


def test_channel_sentences_when_all_came_the_same_way():
    assert syn.wording.describe_channels(pd.Series({"E-post": 1, "Brev": 0}), 2025) == "Den enda synpunkten 2025 kom in via e-post."
    assert syn.wording.describe_channels(pd.Series({"E-post": 2}), 2025) == "Båda synpunkterna 2025 kom in via e-post."
    assert syn.wording.describe_channels(pd.Series({"E-post": 3}), 2025) == "Samtliga tre synpunkter 2025 kom in via e-post."


def test_report_year_without_synpunkter_gives_sentences_not_empty_tables(params, tmp_path):
    write(tmp_path)  # header only
    data = syn.loading.load(params)
    (text, table) = syn.sections.section_totals(data)[1:]
    assert text.markdown.startswith("Under 2025 inkom inga synpunkter. Uppgift för 2024 saknas, så ingen jämförelse med föregående år kan göras.")
    assert "| Totalt | – | – | – | 0 |" in table.markdown
    for section in (syn.sections.section_channels, syn.sections.section_areas, syn.sections.section_themes, syn.sections.section_response, syn.sections.section_units):
        assert section(data)[1].markdown == "Inga synpunkter kom in under 2025.\n"
    assert syn.key_figures.key_figures(data)["antal"] == {"2022": None, "2023": None, "2024": None, "2025": 0}


def test_response_sentences():
    summary = syn.metrics.ResponseSummary(received=28, answered=27, within_target=23, median_days=7.0, target_days=14)
    assert syn.wording.describe_response(summary, 2025) == (
        "Kommunens mål är att en synpunkt ska besvaras inom 14 dagar. Av synpunkterna från 2025 besvarades 23 av 28 "
        "inom målet (82,1\u00a0%). Mediantiden från att en synpunkt kom in till svar var sju dagar. "
        "En synpunkt var ännu inte besvarad."
    )
    all_done = syn.metrics.ResponseSummary(received=3, answered=3, within_target=3, median_days=0.5, target_days=10)
    assert syn.wording.describe_response(all_done, 2025).endswith(
        "besvarades tre av tre inom målet (100,0\u00a0%). Mediantiden från att en synpunkt kom in till svar var 0,5 dagar. "
        "Samtliga synpunkter var besvarade.")
    none = syn.metrics.ResponseSummary(received=2, answered=0, within_target=0, median_days=None, target_days=14)
    assert syn.wording.describe_response(none, 2025).endswith("Ingen av synpunkterna från 2025 var besvarad enligt underlaget.")
    two_open = syn.metrics.ResponseSummary(received=5, answered=3, within_target=3, median_days=2.0, target_days=14)
    assert syn.wording.describe_response(two_open, 2025).endswith("Av synpunkterna var två ännu inte besvarade.")


def test_consequence_sentences():
    assert syn.wording.describe_consequences(1, 1, 2025) == "Av synpunkterna från 2025 ledde en till en avvikelse och en till en lex Sarah-rapport."
    assert syn.wording.describe_consequences(2, 0, 2025) == "Av synpunkterna från 2025 ledde två till avvikelser och ingen till en lex Sarah-rapport."
    assert syn.wording.describe_consequences(0, 0, 2025) == "Ingen synpunkt från 2025 ledde till en avvikelse eller till en lex Sarah-rapport."


def test_small_sentence_helpers():
    assert majority_word(15, 28) == "Majoriteten" and majority_word(14, 28) == "Hälften" and majority_word(13, 28) is None
    assert duration_phrase(1) == "en dag" and duration_phrase(6) == "sex dagar" and duration_phrase(6.5) == "6,5 dagar"
    assert duration_phrase(20) == "20 dagar"
    assert label_in_text("Äldreomsorg") == "äldreomsorg" and label_in_text("SIA/AME/Daglig verksamhet") == "SIA/AME/Daglig verksamhet"
    assert label_in_text("IVO") == "IVO" and label_in_text("E-post") == "e-post"


# ------------------------------------------------------------------ demo data and sections


def test_ekdala_demo_2025_is_calibrated_to_seed_001(ekdala):
    current = ekdala.rows_of(2025)
    assert len(current) == 28
    kinds = syn.metrics.unique_per_kind(current, KINDS)
    assert (kinds["Beröm"], kinds["Klagomål"]) == (18, 10)
    channels = current["kanal"].value_counts()
    assert channels.index[:3].tolist() == ["Synpunktsfolder", "E-post", "Telefon"]
    assert channels["Synpunktsfolder"] == 15
    table = syn.metrics.kind_by_list(current, "verksamhetsomrade", ["Beröm", "Klagomål"])
    assert table.sum().tolist() == [31, 18]  # the mentions of seed 001 Tabell 11
    assert (int(current["ledde_till_avvikelse"].sum()), int(current["ledde_till_lex_sarah"].sum())) == (1, 1)
    assert ekdala.years_with_data == [2022, 2023, 2024, 2025]


def test_ekdala_sections_agree_with_tables_and_never_show_free_text_or_ids(ekdala, demo_root):
    assert "DEMO-FRITEXT" in (demo_root / "ekdala" / "2025" / "synpunkter.csv").read_text(encoding="utf-8")
    out = syn.sections.notices(ekdala)
    for section in (syn.sections.section_totals, syn.sections.section_channels, syn.sections.section_areas, syn.sections.section_themes,
                    syn.sections.section_response, syn.sections.section_consequences, syn.sections.section_units):
        out += section(ekdala)
    markdown = "\n".join(b.markdown for b in out)
    assert "DEMO-FRITEXT" not in markdown and "example.invalid" not in markdown
    assert not re.search(r"SYN-\d{4}-\d{4}", markdown)
    assert "Under 2025 inkom 28 synpunkter, varav 18 beröm och 10 klagomål." in markdown
    assert "Majoriteten av synpunkterna 2025, 15 av 28, kom in via synpunktsfolder." in markdown
    assert ("Eftersom en synpunkt kan gälla flera verksamhetsområden räknas de 28 synpunkterna från 2025 "
            "sammanlagt 49 gånger i tabellen, en gång per verksamhetsområde.") in markdown
    assert "| Antal unika synpunkter | 18 | 10 | 28 |" in markdown
    assert "| Summa per verksamhetsområde | 31 | 18 | 49 |" in markdown
    assert "Av synpunkterna från 2025 ledde en till en avvikelse och en till en lex Sarah-rapport." in markdown
    for label in ("syn-totalt", "syn-kanal", "syn-verksamhet", "syn-tema", "syn-svarstid", "syn-foljder", "syn-enhet"):
        assert f"{{#tbl-{label}}}" in markdown
    assert "{#fig-syn-totalt" in markdown and "{#fig-syn-kanal" in markdown
    assert "Funktionshinderomsorgen redovisas från 2025 som Funktionsstöd" in markdown


def area_blocks(table) -> dict[str, tuple[list[str], int]]:
    """The unit table as a reader has it: per verksamhetsområde the shown cells and the published sum."""
    blocks_: dict[str, tuple[list[str], int]] = {}
    for area, row in table.iterrows():
        if area == "Totalt":
            continue
        cells, total = blocks_.get(area, ([], 0))
        if str(row["Enhet"]).startswith("Summa"):
            blocks_[area] = (cells, int(str(row["Antal synpunkter"]).replace("\u00a0", "").replace(" ", "")))
        else:
            blocks_[area] = (cells + [str(row["Antal synpunkter"])], total)
    return blocks_


def feasible_values(cells: list[str], total: int, threshold: int) -> list[set[int]]:
    """For every masked cell, each value it can take given the shown cells and the area's sum (``<t`` 1…t−1, ``..`` ≥ 0)."""
    ranges = [(int(c), int(c)) if c.isdigit() else ((1, threshold - 1) if c.startswith("<") else (0, total)) for c in cells]
    out = []
    for i, (low, high) in enumerate(ranges):
        rest_low = sum(r[0] for j, r in enumerate(ranges) if j != i)
        rest_high = sum(r[1] for j, r in enumerate(ranges) if j != i)
        out.append({v for v in range(low, high + 1) if rest_low <= total - v <= rest_high})
    return out


def assert_no_small_count_recoverable(table, threshold: int) -> None:
    for area, (cells, total) in area_blocks(table).items():
        for cell, values in zip(cells, feasible_values(cells, total, threshold)):
            if cell.startswith("<"):
                assert len(values) >= 2, (area, cells, total)


def test_unit_table_per_area_uses_the_area_tables_sums_and_hides_small_counts(ekdala, bjorkvik):
    for data in (ekdala, bjorkvik):
        (_, text, table_block_) = syn.sections.section_units(data)
        rows = data.rows_of(2025)
        per_area = syn.metrics.units_per_area(rows, data.params.synpunkter.verksamhetsomraden)
        table, _, _ = syn.sections.unit_table(per_area, data.params.maskering.troskel)
        kinds = [k for k in data.params.synpunkter.typer if (rows["typ"] == k).any()]
        area_totals = syn.metrics.kind_by_list(rows, "verksamhetsomrade", kinds, data.params.synpunkter.verksamhetsomraden).sum(axis=1)
        for area, (cells, total) in area_blocks(table).items():
            assert total == area_totals[area], "the same sum as the table per verksamhetsområde"
        assert_no_small_count_recoverable(table, data.params.maskering.troskel)
        for area, counts in per_area.items():
            for unit, n in counts["Antal synpunkter"].items():
                if 0 < n < 5:
                    assert f"| {area} | {unit} | {n} |" not in table_block_.markdown
    assert "| Äldreomsorg | Hemtjänst Söder | \\<5 |" in syn.sections.section_units(ekdala)[2].markdown


def test_only_enhet_of_its_area_is_never_shown_beside_the_area_sum():
    """Issue: an enhet shown as <5 was the only one of its area, whose sum (4) the next table printed."""
    per_area = {"Hemtjänst": pd.DataFrame({"Antal synpunkter": [9, 8, 6, 2]}, index=["A", "B", "C", "D"]),
                "IFO": pd.DataFrame({"Antal synpunkter": [4]}, index=["Familjehemmet"])}
    table, collapsed, secondary = syn.sections.unit_table(per_area, 5)
    assert collapsed == ["IFO"], "a lone small enhet: only the area's sum"
    assert secondary, "9 + 8 + 6 + <5 = 25 would pin the <5 at 2: another cell is hidden"
    assert_no_small_count_recoverable(table, 5)
    assert "Familjehemmet" not in table["Enhet"].tolist()


def test_generated_small_tables_never_disclose(rng=None):
    import random

    generator = random.Random(20261201)
    for _ in range(300):
        per_area = {}
        for a in range(generator.randint(1, 3)):
            n = generator.randint(1, 5)
            counts = [generator.choice([0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(n)]
            if sum(counts):
                per_area[f"Område {a}"] = pd.DataFrame({"Antal synpunkter": counts}, index=[f"E{i}" for i in range(n)])
        if not per_area:
            continue
        table, _, _ = syn.sections.unit_table(per_area, 5)
        assert_no_small_count_recoverable(table, 5)


def test_key_figures_are_aggregates(ekdala):
    figures = syn.key_figures.key_figures(ekdala)
    assert figures["antal"]["2025"] == 28
    assert figures["antal_per_typ"] == {"Beröm": 18, "Klagomål": 10, "Förslag": 0, "Övrigt": 0}
    assert figures["antal_per_kanal"]["Synpunktsfolder"] == 15
    assert figures["ledde_till_avvikelse"] == 1 and figures["ledde_till_lex_sarah"] == 1
    assert figures["svarstid_mal_dagar"] == 14
    assert not any("enhet" in key for key in figures)


def test_bjorkvik_own_headers_codes_and_target(bjorkvik):
    current = bjorkvik.rows_of(2025)
    assert len(current) == 92
    assert set(current["kanal"]) <= set(SynpunkterSettings().kanaler)
    assert {a for areas in current["verksamhetsomrade"] for a in areas} == {
        "Hemtjänst", "Särskilt boende", "LSS-boenden", "Myndighet vuxen", "Barn och familj"}
    assert bjorkvik.params.synpunkter.svarstid_mal_dagar == 10
    (_, text, _) = syn.sections.section_response(bjorkvik)
    assert "besvaras inom tio dagar" in text.markdown


def test_sjohamn_has_no_synpunkter(demo_root):
    assert not list((demo_root / "sjohamn").glob("*/synpunkter*"))


def test_demo_is_deterministic(tmp_path, demo_root):
    again = demo.generate(tmp_path)
    for path in again:
        assert path.read_bytes() == (demo_root / path.relative_to(tmp_path)).read_bytes()


# ------------------------------------------------------------------ params


def test_settings_reject_repeated_categories_and_impossible_target():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="ett värde står med två gånger"):
        SynpunkterSettings(typer=["Beröm", "Beröm"])
    with pytest.raises(ValidationError):
        SynpunkterSettings(svarstid_mal_dagar=0)


def test_model_defaults_are_the_documented_defaults():
    import yaml

    from helpers import paths

    documented = yaml.safe_load((paths.params_dir() / "_defaults.yml").read_text(encoding="utf-8"))["synpunkter"]
    assert SynpunkterSettings().model_dump() == documented
