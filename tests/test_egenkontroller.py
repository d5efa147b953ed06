"""Chapter Egenkontroller: periods, "x av N enheter", units that did not report, input errors, summary points, demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportscan import unescaped

import helpers.chapters.egenkontroller as ek
from helpers.config import Params, load_params
from helpers.demo import egenkontroller as demo
from helpers.errors import InputError
from helpers.inputs import read_input

NBSP = "\u00a0"
HEADER = "egenkontroll,enhet,period,planerad,genomford,uppfoljd,resultat,kommentar"


@pytest.fixture(scope="module")
def ekdala_params() -> Params:
    return load_params("ekdala", 2025)


@pytest.fixture
def params(ekdala_params: Params, tmp_path: Path) -> Params:
    settings = ekdala_params.egenkontroller.model_copy(update={"egenkontroller": None, "enhetsord": "enhet"})
    return ekdala_params.model_copy(update={"data_katalog": str(tmp_path), "egenkontroller": settings})


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    demo.generate(root)
    return root


@pytest.fixture(scope="module")
def ekdala(ekdala_params: Params, demo_root: Path) -> ek.loading.EgenkontrollerData:
    return ek.loading.load(ekdala_params.model_copy(update={"data_katalog": str(demo_root / "ekdala")}))


@pytest.fixture(scope="module")
def bjorkvik(demo_root: Path) -> ek.loading.EgenkontrollerData:
    return ek.loading.load(load_params("bjorkvik", 2025).model_copy(update={"data_katalog": str(demo_root / "bjorkvik")}))


def write(folder: Path, *lines: str, year: int = 2025) -> Path:
    path = folder / str(year) / "egenkontroller.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


SMALL = [
    "Journal,A,K2,ja,ja,ja,ja,DEMO-FRITEXT",
    "Journal,B,K2,ja,ja,nej,nej,DEMO-FRITEXT",
    "Journal,C,K2,ja,nej,,,DEMO-FRITEXT",
    "Journal,D,K2,ja,,,,DEMO-FRITEXT",  # did not report: in N, not done, listed
    "Journal,E,K2,nej,,,,DEMO-FRITEXT",  # not planned: not counted at all
    "Planer,A,2025-Q4,ja,ja,ja,,DEMO-FRITEXT",
    "Planer,D,Kvartal 4,ja,,,,DEMO-FRITEXT",
]


# ------------------------------------------------------------------ periods and counting


@pytest.mark.parametrize("text, label, end", [
    ("K2", "Kvartal 2", "2025-06-30"), ("Q4", "Kvartal 4", "2025-12-31"), ("Kvartal 1", "Kvartal 1", "2025-03-31"),
    ("2025-Q3", "Kvartal 3", "2025-09-30"), ("kv 2", "Kvartal 2", "2025-06-30"), ("2025-11-14", "2025-11-14", "2025-11-14"),
])
def test_periods_are_quarters_or_days(text: str, label: str, end: str) -> None:
    period = ek.metrics.parse_period(text, 2025)
    assert period is not None and period.label == label and period.end.strftime("%Y-%m-%d") == end


@pytest.mark.parametrize("text", ["2024-Q2", "K5", "2024-06-30", "2025-13-01", "våren", ""])
def test_other_periods_are_refused(text: str) -> None:
    assert ek.metrics.parse_period(text, 2025) is None


def test_x_of_n_counts_the_units_that_should_have_done_it(params: Params, tmp_path: Path) -> None:
    write(tmp_path, *SMALL)
    data = ek.loading.load(params)
    periods = ek.metrics.per_period(data.rows_of(2025))
    assert list(periods.index) == ["Kvartal 2", "Kvartal 4"]
    assert periods.loc["Kvartal 2"].to_dict() == {"enheter": 4, "genomford": 2, "uppfoljd": 1, "ej_rapporterat": 1}
    assert periods.loc["Kvartal 4"].to_dict() == {"enheter": 2, "genomford": 1, "uppfoljd": 1, "ej_rapporterat": 1}
    controls = ek.metrics.per_control(data.rows_of(2025), data.order)
    assert controls.loc[("Journal", "Kvartal 2")].to_dict() == {"planerade": 4, "genomforda": 2, "uppfoljda": 1, "ej_rapporterat": 1,
                                                                "resultat_ja": 1, "resultat_av": 2}
    silent = ek.metrics.not_reported(data.rows_of(2025), data.order)
    assert silent.values.tolist() == [["D", "Journal", "Kvartal 2"], ["D", "Planer", "Kvartal 4"]]
    text = unescaped("\n".join(b.markdown for b in ek.DEFINITION.section_blocks(data))).replace(NBSP, " ")
    assert "Under kvartal 2 hade två av fyra enheter (50 %) genomfört minst en av sina planerade egenkontroller" in text
    assert "| Journal | Kvartal 2 | 4 | 50 % (2 av 4) | 25 % (1 av 4) | 1 | 1 av 2 |" in text
    assert "| Planer | Kvartal 4 | 2 | 50 % (1 av 2) | 50 % (1 av 2) | 1 | – |" in text
    assert "Det saknas rapport för två planerade egenkontroller från en enhet." in text
    assert "| D | Journal | Kvartal 2 |" in text
    assert "DEMO-FRITEXT" not in text and "| E |" not in text
    assert "Egenkontroller för 2024 saknas, så ingen jämförelse med föregående år kan göras." in text


def test_every_unit_reporting_is_said(params: Params, tmp_path: Path) -> None:
    write(tmp_path, "Journal,A,K2,ja,ja,,,x", "Journal,B,K2,ja,nej,,,x")
    text = unescaped("\n".join(b.markdown for b in ek.DEFINITION.section_blocks(ek.loading.load(params))))
    assert "Alla enheter har rapporterat sina planerade egenkontroller." in text


# ------------------------------------------------------------------ seed 001 (Ekdala) and seed 002 (Björkvik)


def test_ekdala_reproduces_seed_001_shares(ekdala: ek.loading.EgenkontrollerData) -> None:
    figures = ek.key_figures.key_figures(ekdala)
    q2, q4 = figures["perioder"]["Kvartal 2"], figures["perioder"]["Kvartal 4"]
    assert (q2["genomford"], q2["enheter"], q2["andel_genomford"]) == (18, 29, 62.0)
    assert (q4["genomford"], q4["enheter"], q4["andel_genomford"]) == (19, 29, 66.0)  # 65,5 % rounded half up
    assert (q4["uppfoljd"], q4["andel_uppfoljd"]) == (11, 38.0)
    text = unescaped("\n".join(b.markdown for b in ek.DEFINITION.section_blocks(ekdala))).replace(NBSP, " ")
    assert "Under kvartal 4 hade 19 av 29 verksamheter (66 %) genomfört minst en av sina planerade egenkontroller, och 11 av 29 (38 %)" in text
    assert "| Kvartal 2 | 29 | 62 % (18 av 29) |" in text
    assert "Jämförelse med föregående år" in text and "| Alla egenkontroller | 30 % (52 av 174) | 37 % (64 av 174) | +7 |" in text
    assert "kommentar" not in ekdala.rows.columns


def test_bjorkvik_reproduces_seed_002_x_of_24(bjorkvik: ek.loading.EgenkontrollerData) -> None:
    controls = ek.metrics.per_control(bjorkvik.rows_of(2025), bjorkvik.order)
    results = {c: (int(r["resultat_ja"]), int(r["resultat_av"]), int(r["planerade"])) for (c, _), r in controls.iterrows()}
    assert results == {"Avvikelser hanterade vid kontrollen": (19, 24, 25), "Avvikelser återkopplade på APT": (20, 24, 25),
                       "Genomförandeplaner aktuella för alla": (10, 24, 25), "Social journal förd löpande": (24, 24, 25)}
    text = unescaped("\n".join(b.markdown for b in ek.DEFINITION.section_blocks(bjorkvik))).replace(NBSP, " ")
    assert "10 av 24 för genomförandeplaner aktuella för alla" in text  # the sentence has counts above twelve: all digits
    assert "stadsdelsförvaltningens mål är 100 %" in text and "kommunens" not in text
    assert "Vid egenkontrollen 2025-11-14 hade 24 av 25 enheter (96 %)" in text


def test_summary_points_target_exactly_on_target_is_met(ekdala: ek.loading.EgenkontrollerData) -> None:
    figures = {"egenkontroller": {
        "Journal": {"planerade": 24, "genomforda": 24, "andel": 100.0, "andel_foregaende": 90.0, "mal": 100.0, "uppfyllt": True},
        "Planer": {"planerade": 250, "genomforda": 249, "andel": 100.0, "andel_foregaende": None, "mal": 100.0, "uppfyllt": False},
    }}
    points = ek.key_figures.summary_points(figures, ekdala.params)
    change, met, missed = points
    assert change.kind == "förändring" and change.text == ("Andelen genomförda egenkontroller av journal ökade från 90\u00a0% år 2024 "
                                                          "till 100\u00a0% år 2025, med 10 procentenheter, en förbättring.")
    assert met.met is True and met.text.endswith("var 100\u00a0% (24 av 24) år 2025 och nådde kommunens mål på 100\u00a0%.")
    assert missed.met is False and "(249 av 250)" in missed.text and "nådde inte" in missed.text


def test_key_figures_decide_the_target_on_the_counts(ekdala: ek.loading.EgenkontrollerData) -> None:
    figures = ek.key_figures.key_figures(ekdala)["egenkontroller"]
    assert figures["Avvikelser hanterade i tid"] == {"planerade": 58, "genomforda": 22, "andel": 38.0, "andel_foregaende": 28.0,
                                                     "mal": 100.0, "uppfyllt": False}


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("line, expected", [
    ("Journal,A,K5,ja,ja,,,x", "rad 2, kolumn 'period': 'K5' är inget kvartal eller datum i 2025"),
    ("Journal,A,2024-Q2,ja,ja,,,x", "rad 2, kolumn 'period': '2024-Q2' är inget kvartal eller datum i 2025"),
    ("Journal,A,K2,ja,nej,ja,,x", "rad 2, kolumn 'uppfoljd': uppfoljd är ja men genomford är inte ja"),
    ("Journal,A,K2,ja,,,ja,x", "rad 2, kolumn 'resultat': resultat är ja men genomford är inte ja"),
    ("Journal,A,K2,nej,ja,,,x", "rad 2, kolumn 'genomford': egenkontrollen är inte planerad"),
    ("Journal,A,K2,kanske,ja,,,x", "rad 2, kolumn 'planerad': 'kanske' är inte ja eller nej"),
    ("Journal,19121212-1212,K2,ja,ja,,,x", "rad 2, kolumn 'enhet': värdet ser ut som ett personnummer"),
    ("Journal,,K2,ja,ja,,,x", "rad 2, kolumn 'enhet': värde saknas"),
])
def test_bad_rows_name_file_row_and_column(params: Params, tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path, line)
    with pytest.raises(InputError) as info:
        read_input(path, ek.contract.contract_for(params, 2025), params.source("egenkontroller"))
    assert info.value.path == str(path)
    found = [p.describe() for p in info.value.problems]
    assert any(m.startswith(expected) for m in found), found


def test_the_same_control_unit_and_period_twice_is_an_error(params: Params, tmp_path: Path) -> None:
    path = write(tmp_path, "Journal,A,K2,ja,ja,,,x", "Journal,A,K2,ja,nej,,,y")
    with pytest.raises(InputError, match=r"rad 3, kolumn 'enhet': samma egenkontroll, enhet och period står på flera rader \(rad 2, 3\)"):
        read_input(path, ek.contract.contract_for(params, 2025), params.source("egenkontroller"))


def test_unknown_egenkontroll_when_params_list_them(ekdala_params: Params, tmp_path: Path) -> None:
    params = ekdala_params.model_copy(update={"data_katalog": str(tmp_path)})
    path = write(tmp_path, "Journal,A,K2,ja,ja,,,x")
    with pytest.raises(InputError, match="kolumn 'egenkontroll': okänd kategori 'Journal'"):
        read_input(path, ek.contract.contract_for(params, 2025), params.source("egenkontroller"))


def test_missing_file_is_a_notice(params: Params) -> None:
    data = ek.loading.load(params)
    assert data.missing_notice == "Egenkontroller för 2025 saknas: filen 2025/egenkontroller.csv finns inte i datamappen."
    assert list(ek.DEFINITION.section_blocks(data)) == [] and ek.key_figures.key_figures(data) == {"data_saknas": True}
