"""Chapter Brukarundersökningar: colours, polarity, procentenheter, cautions, checks, bad input, demo data."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers.chapters.brukarundersokningar as chapter
from helpers import ranking
from helpers.chapters.brukarundersokningar.catalogue import Catalogue, load_catalogue, resolve
from helpers.config import Params, load_params
from helpers.demo import brukarundersokningar as demo
from helpers.errors import ConfigError, InputError

NAN = float("nan")
HEADER = "undersokning,fraga,ar,kommunkod,andel_positiva,antal_svar,antal_svar_fraga,svarsfrekvens"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    demo.generate(root)
    return root


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(resolve("data/reference/brukarundersokningar_fragor.yml"))


def demo_params(kommun: str, root: Path, **settings: object) -> Params:
    params = load_params(kommun)
    updated = params.brukarundersokningar.model_copy(update={"referens": str(root / demo.REFERENCE_FILE), **settings})
    return params.model_copy(update={"data_katalog": str(root / kommun), "brukarundersokningar": updated})


@pytest.fixture(scope="module")
def ekdala(demo_root: Path) -> chapter.loading.BrukarundersokningarData:
    return chapter.loading.load(demo_params("ekdala", demo_root))


def markdown(blocks: list) -> str:
    """The blocks' Markdown with escapes removed (what a reader sees), no-break spaces kept."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(b.markdown for b in blocks))


def nb(text: str) -> str:
    """Swedish per cent as the report writes it: a no-break space before %."""
    return text.replace(" %", "\u00a0%")


# ------------------------------------------------------------------ colours


def test_thirds_when_higher_is_better() -> None:
    values = pd.Series([90, 80, 70, 60, 50, 40, 30, 20, 10], index=[f"k{i}" for i in range(9)], dtype=float)
    ranked = ranking.rank_colours(values, higher_is_better=True)
    assert ranked["farg"].tolist() == ["grön"] * 3 + ["gul"] * 3 + ["röd"] * 3
    assert ranked["placering"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_ties_share_the_best_place_and_colour() -> None:
    values = pd.Series([90, 80, 80, 70, 60, 50], index=list("abcdef"), dtype=float)
    ranked = ranking.rank_colours(values, higher_is_better=True)
    # places 1, 2, 2, 4, 5, 6 of 6: thirds are places 1–2, 3–4, 5–6; the tie at 2 stays green.
    assert ranked["placering"].tolist() == [1, 2, 2, 4, 5, 6]
    assert ranked["farg"].tolist() == ["grön", "grön", "grön", "gul", "röd", "röd"]


def test_lower_is_better_and_missing_is_grey() -> None:
    values = pd.Series([10, 20, 20, 30, NAN], index=list("abcde"))
    ranked = ranking.rank_colours(values, higher_is_better=False)
    # four with a value: places 1, 2, 2, 4; 3·(place − 1) < 4 → green, < 8 → yellow, else red.
    assert ranked["farg"].tolist() == ["grön", "grön", "grön", "röd", "grå"]
    assert ranked["antal"].iloc[0] == 4 and math.isnan(ranked["placering"].iloc[4])


def test_same_values_reverse_with_polarity() -> None:
    values = pd.Series([5.0, 15.0, 25.0], index=["a", "b", "c"])
    assert ranking.rank_colours(values, True)["farg"].tolist() == ["röd", "gul", "grön"]
    assert ranking.rank_colours(values, False)["farg"].tolist() == ["grön", "gul", "röd"]


def test_all_kommuner_split_in_near_equal_thirds() -> None:
    values = pd.Series(np.arange(290, dtype=float), index=[f"{i:04d}" for i in range(290)])
    counts = ranking.rank_colours(values, True)["farg"].value_counts()
    assert (counts["grön"], counts["gul"], counts["röd"]) == (97, 97, 96)


def test_colour_is_never_the_only_carrier() -> None:
    cell = ranking.coloured_cell("90 %", "grön")
    assert cell == "[90 % [▲]{aria-hidden=\"true\"} grön]{.kvb-farg-gron}", "the symbol is hidden from screen readers, the word stays"
    assert ranking.coloured_cell("49 %", "röd") == "[49 % [▼]{aria-hidden=\"true\"} röd]{.kvb-farg-rod}"
    assert ranking.coloured_cell("63 %", None) == "63 %"
    legend = ranking.legend()
    assert all(word in legend for word in ("▲ grön", "◆ gul", "▼ röd", "grå"))
    assert "lägre är bättre" in ranking.method_explanation()


def test_too_few_kommuner_give_no_colour() -> None:
    pool = pd.Series({"0684": 90.0, "0114": 80.0})
    assert chapter.metrics.place_kommun(pool, "0684", True) == chapter.metrics.Placement(None, None, 2)
    pool["0115"] = 70.0
    assert chapter.metrics.place_kommun(pool, "0684", True) == chapter.metrics.Placement("grön", 1, 3)


def test_a_ranked_pool_is_shared_but_every_kommun_gets_its_own_place() -> None:
    # The ranking of a pool is kept for the next kommun of the batch (same pool, other own code, other polarity).
    pool = pd.Series({"0114": 80.0, "0115": 70.0, "0684": 90.0, "0117": 60.0, "0120": float("nan")})
    place = chapter.metrics.place_kommun
    Placement = chapter.metrics.Placement
    assert place(pool, "0684", True) == Placement("grön", 1, 4)
    assert place(pool, "0117", True) == Placement("röd", 4, 4)
    assert place(pool, "0117", False) == Placement("grön", 1, 4)
    assert place(pool, "0120", True) == Placement("grå", None, 4)
    changed = pool.copy()
    changed["0684"] = 65.0  # the kommun's own value differs from the reference: not the kept ranking
    assert place(changed, "0684", True) == Placement("gul", 3, 4)


def test_kommun_pool_replaces_own_value_and_skips_riket_and_regions() -> None:
    reference = pd.DataFrame({
        "undersokning": ["hemtjanst"] * 5, "fraga": ["helhetssyn"] * 5, "ar": [2025] * 5,
        "kommunkod": ["0000", "0001", "0114", "0684", "0115"], "andel_positiva": [85.0, 85.0, 80.0, 50.0, 70.0],
    })
    pool = chapter.metrics.kommun_pool(reference, "hemtjanst", "helhetssyn", 2025, {"0114", "0115", "0684"}, "0684", 90.0)
    assert pool.to_dict() == {"0114": 80.0, "0115": 70.0, "0684": 90.0}


# ------------------------------------------------------------------ polarity and procentenheter


def _survey(catalogue: Catalogue, survey_id: str):
    return catalogue.survey(survey_id)


def test_judge_follows_polarity() -> None:
    assert chapter.metrics.judge(26, 11, higher_is_better=False) == "bättre"
    assert chapter.metrics.judge(26, 11, higher_is_better=True) == "sämre"
    assert chapter.metrics.judge(84.6, 84.6, True) == "lika"
    assert chapter.metrics.judge(84.64, 84.6, True) == "lika"  # the same at the shown precision
    assert chapter.metrics.judge(None, 11, True) is None


def test_change_cell_in_procentenheter_with_verdict(catalogue: Catalogue) -> None:
    sabo = _survey(catalogue, "sarskilt_boende")
    assert chapter.sections.change_cell(sabo.question("ensamhet"), 26, 11) == "\u221215 (förbättring)"
    assert chapter.sections.change_cell(sabo.question("angslan"), 3, 18) == "+15 (försämring)"
    assert chapter.sections.change_cell(sabo.question("svenska"), 84.6, 83.8) == "\u22120,8 (försämring)"
    assert chapter.sections.change_cell(sabo.question("bemotande"), 92, 92) == "0"
    assert chapter.sections.change_cell(None, 59, 62) == "+3"
    assert chapter.sections.change_cell(sabo.question("helhetssyn"), None, 89) == "–"


def test_wording_follows_polarity(catalogue: Catalogue) -> None:
    sabo = _survey(catalogue, "sarskilt_boende")
    shares = pd.DataFrame(NAN, index=sabo.question_ids(), columns=[2024, 2025])
    shares.loc["ensamhet"] = [26, 11]   # lower is better: a fall of 15 is the largest improvement
    shares.loc["utomhus"] = [78, 67]    # higher is better: a fall of 11 is the largest deterioration
    shares.loc["angslan"] = [13, 13]
    text = chapter.wording.describe_changes(sabo, shares, 2024, 2025)
    assert text.startswith("Jämfört med 2024 har ett resultat förbättrats, ett försämrats och ett är oförändrat.")
    assert nb("Störst förbättring: andelen som ofta besväras av ensamhet minskade från 26 % år 2024 till 11 % år 2025, "
              "med 15 procentenheter.") in text
    assert nb("Störst försämring: andelen som upplever att de har möjlighet att komma utomhus minskade från 78 % år 2024 "
              "till 67 % år 2025, med 11 procentenheter.") in text


def test_only_improvements_give_no_deterioration_sentence(catalogue: Catalogue) -> None:
    hemtjanst = _survey(catalogue, "hemtjanst")
    shares = pd.DataFrame(NAN, index=hemtjanst.question_ids(), columns=[2024, 2025])
    shares.loc["synpunkter"] = [46, 63]
    shares.loc["paverka_tider"] = [64, 65]
    text = chapter.wording.describe_changes(hemtjanst, shares, 2024, 2025)
    assert text.startswith("Jämfört med 2024 har två resultat förbättrats och inget försämrats.")
    assert text.count("Störst förbättring") == 1 and "försämring" not in text.replace("försämrats", "")


def test_riket_comparison_follows_polarity(catalogue: Catalogue) -> None:
    sabo = _survey(catalogue, "sarskilt_boende")
    own = pd.Series(NAN, index=sabo.question_ids())
    riket = pd.Series(NAN, index=sabo.question_ids())
    own[["ensamhet", "helhetssyn", "tid"]] = [11, 80, 73]
    riket[["ensamhet", "helhetssyn", "tid"]] = [22, 82, 73]
    text = chapter.wording.describe_riket("Ekdala kommun", sabo, own, riket, 2025)
    assert text.startswith("Ekdala kommun hade 2025 ett mer fördelaktigt resultat än riket på en av tre frågor, "
                           "ett mindre fördelaktigt på en och samma på en.")
    assert nb("till kommunens fördel: ”Besväras du ofta av ensamhet?” (11 % mot 22 % i riket)") in text
    assert nb("till kommunens nackdel: ”Helhetssyn” (80 % mot 82 % i riket)") in text


def test_ties_for_the_largest_change_and_difference_are_named(catalogue: Catalogue) -> None:
    sabo = _survey(catalogue, "sarskilt_boende")
    shares = pd.DataFrame(NAN, index=sabo.question_ids(), columns=[2024, 2025])
    shares.loc["helhetssyn"] = [80, 90]
    shares.loc["bemotande"] = [82, 92]
    text = chapter.wording.describe_changes(sabo, shares, 2024, 2025)
    assert nb("Lika stor förbättring för två resultat: andelen") in text and text.count("med 10 procentenheter") == 2
    own = pd.Series(NAN, index=sabo.question_ids())
    riket = pd.Series(NAN, index=sabo.question_ids())
    own[["helhetssyn", "bemotande"]] = [85, 95]
    riket[["helhetssyn", "bemotande"]] = [80, 90]
    text = chapter.wording.describe_riket("Ekdala kommun", sabo, own, riket, 2025)
    assert nb("till kommunens fördel: ”Helhetssyn” (85 % mot 80 % i riket) och ”Har personalen alltid eller oftast ett bra "
              "bemötande?” (95 % mot 90 % i riket).") in text


def test_response_rate_change_in_procentenheter_with_decimals() -> None:
    response = pd.DataFrame({"svarsfrekvens": [57.5, 54.2], "antal_svar": [167.0, 168.0]}, index=[2024, 2025])
    assert chapter.wording.describe_response(response, 2024, 2025) == (
        "Svarsfrekvensen minskade från 57,5\u00a0% år 2024 till 54,2\u00a0% år 2025, med 3,3 procentenheter. "
        "År 2025 besvarades undersökningen av 168 personer."
    )


def test_strongest_and_weakest_skip_negative_questions(catalogue: Catalogue) -> None:
    sabo = _survey(catalogue, "sarskilt_boende")
    shares = pd.Series({"helhetssyn": 89, "ensamhet": 11, "angslan": 13, "bemotande": 92, "lakare": 50,
                        "synpunkter": 49, "kompetens": 94.4}, dtype=float)
    text = chapter.wording.describe_levels(sabo, shares, 2025)
    assert text == ("Högst andel positiva svar 2025 gavs på ”Personalen har tillräcklig kunskap och kompetens” (94,4\u00a0%) "
                    "och ”Har personalen alltid eller oftast ett bra bemötande?” (92\u00a0%) och lägst på "
                    "”Möjlighet att framföra synpunkter eller klagomål?” (49\u00a0%) och ”Läkare vid behov” (50\u00a0%).")


# ------------------------------------------------------------------ cautions


def test_caution_for_few_answers_and_low_response(catalogue: Catalogue) -> None:
    survey = _survey(catalogue, "sysselsattning_sol")
    response = pd.DataFrame({"svarsfrekvens": [42.0, NAN, 100.0], "antal_svar": [35.0, 8.0, 5.0]}, index=[2023, 2024, 2025])
    messages = chapter.wording.caution_messages(survey, response, few=10, low_rate=50, hidden_below=5)
    assert messages == [
        "Resultaten för sysselsättning SoL bygger på få svar, färre än tio: åtta svar 2024 och fem svar 2025. "
        "Ett enda svar motsvarar då 13–20 procentenheter, så resultaten ska tolkas med försiktighet.",
        "Svarsfrekvensen för sysselsättning SoL var låg 2023 (42\u00a0%), under 50\u00a0%; de som svarade behöver inte "
        "vara representativa, så resultaten ska tolkas med försiktighet.",
    ]


def test_caution_thresholds_come_from_params(catalogue: Catalogue) -> None:
    survey = _survey(catalogue, "hemtjanst")
    response = pd.DataFrame({"svarsfrekvens": [42.0], "antal_svar": [5.0]}, index=[2025])
    assert chapter.wording.caution_messages(survey, response, few=5, low_rate=40, hidden_below=5) == []


def test_too_few_answers_are_not_shown() -> None:
    results = pd.DataFrame({
        "undersokning": ["hemtjanst"] * 3, "fraga": ["helhetssyn", "trygghet", "kontakt"], "ar": [2025] * 3,
        "andel_positiva": [75.0, 50.0, 100.0], "antal_svar": [4.0, 12.0, 12.0], "antal_svar_fraga": [NAN, 3.0, NAN],
        "svarsfrekvens": [50.0] * 3, "dold": [False] * 3,
    })
    masked = chapter.loading.mask_few_answers(results, threshold=5)
    assert masked["dold"].tolist() == [True, True, False]
    assert masked["andel_positiva"].isna().tolist() == [True, True, False]


def test_hidden_years_are_explained(catalogue: Catalogue) -> None:
    survey = _survey(catalogue, "gruppbostad_lss")
    response = pd.DataFrame({"svarsfrekvens": [NAN], "antal_svar": [3.0]}, index=[2025])
    (message,) = chapter.wording.caution_messages(survey, response, few=10, low_rate=50, hidden_below=5)
    assert "färre än fem personer 2025" in message and "redovisas inte" in message


# ------------------------------------------------------------------ impossible shares


@pytest.mark.parametrize("share, answers, possible", [
    (81, 5, False), (80, 5, True), (17, 5, False), (100, 5, True),
    (89, 40, False), (89, 38, True), (83.8, 40, False), (83.8, 37, True),
    (36, 12, False), (36, 11, True), (84, 110, True),
    (81, None, True), (NAN, 5, True), (50, 0, True),
])
def test_share_is_possible(share: float, answers: float | None, possible: bool) -> None:
    assert chapter.metrics.share_is_possible(share, answers) is possible


def test_possible_shares() -> None:
    assert chapter.metrics.possible_shares(5) == [0, 20, 40, 60, 80, 100]
    assert chapter.metrics.possible_shares(0) == []


def test_impossible_shares_are_described(catalogue: Catalogue) -> None:
    survey = _survey(catalogue, "sysselsattning_sol")
    bad = pd.DataFrame({"fraga": ["bestamma", "arbete"], "ar": [2025, 2025], "andel_positiva": [81.0, 17.0], "svar": [5.0, 5.0]})
    text = chapter.wording.describe_impossible(survey, bad)
    assert text.startswith("För sysselsättning SoL 2025 anges två andelar som inte är möjliga med fem svar: "
                           "”Brukaren får bestämma om saker som är viktiga” (81\u00a0%) och ”Personalen pratar med brukaren "
                           "om att kunna få ett arbete med lön” (17\u00a0%).")
    assert "Med fem svar kan andelen bara vara 0, 20, 40, 60, 80 eller 100\u00a0%." in text
    assert "(!)" in text


def test_ekdala_flags_seed_tabell_21_visibly(ekdala: chapter.loading.BrukarundersokningarData) -> None:
    survey = ekdala.catalogue.survey("sysselsattning_sol")
    text = markdown(chapter.sections.section_survey(ekdala, survey))
    assert "**Kontrollera underlaget.**" in text and "elva andelar som inte är möjliga med fem svar" in text
    assert text.count("(!)") >= 11
    figures = chapter.key_figures.key_figures(ekdala)
    assert figures["kontroller"]["omojliga_andelar"] == 11
    # The other surveys' seed values are all possible with their answers: nothing flagged there.
    for other in ("hemtjanst", "sarskilt_boende", "gruppbostad_lss"):
        assert chapter.metrics.impossible_shares(chapter.metrics.survey_rows(ekdala.results, other)).empty


# ------------------------------------------------------------------ bad input


def _write(folder: Path, rows: list[str], header: str = HEADER, name: str = "brukarundersokningar.csv",
           encoding: str = "utf-8") -> Path:
    path = folder / "2025" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def _params_for(folder: Path, **kallor: object) -> Params:
    params = load_params("ekdala")
    settings = params.brukarundersokningar.model_copy(update={"referens": None})
    update: dict[str, object] = {"data_katalog": str(folder), "brukarundersokningar": settings}
    if kallor:
        source = params.kallor["brukarundersokningar"].model_copy(update=kallor)
        update["kallor"] = {**params.kallor, "brukarundersokningar": source}
    return params.model_copy(update=update)


GOOD = "hemtjanst,helhetssyn,2025,9901,90,110,,62"


@pytest.mark.parametrize("row, column, message", [
    ("hemtjanst,helhetssyn,2025,9901,101,110,,62", "andel_positiva", "101 är större än det största tillåtna (100)"),
    ("hemtjanst,helhetssyn,2025,9901,-0.5,110,,62", "andel_positiva", "\u22120,5 är mindre än det minsta tillåtna (0)"),
    ("hemtjanst,helhetssyn,2025,9901,90,-3,,62", "antal_svar", "\u22123 är mindre än det minsta tillåtna (0)"),
    ("hemtjanst,helhetssyn,2025,9901,90,110,,120.5", "svarsfrekvens", "120,5 är större än det största tillåtna (100)"),
    ("hemtjanst,helhetssyn,2O25,9901,90,110,,62", "ar", "'2O25' är inte ett heltal"),
    ("hemtjanst,helhetssyn,25,9901,90,110,,62", "ar", "25 är mindre än det minsta tillåtna (2\u00a0000)"),
    ("hemtjanst,helhetssyn,2025,9901,nittio,110,,62", "andel_positiva", "'nittio' är inte ett tal"),
    ("hemtjanst,trivsel,2025,9901,90,110,,62", "fraga", "okänd fråga 'trivsel' för undersökningen Hemtjänst"),
    ("hemtjanst,ensamhet,2025,9901,20,110,,62", "fraga", "okänd fråga 'ensamhet' för undersökningen Hemtjänst"),
    ("Hemtjänsten,helhetssyn,2025,9901,90,110,,62", "undersokning", "okänd undersökning 'Hemtjänsten' (frågekatalogen har: Hemtjänst (hemtjanst)"),
    ("hemtjanst,helhetssyn,2025,9999,90,110,,62", "kommunkod", "okänd kommunkod '9999'"),
    ("hemtjanst,helhetssyn,2025,9901,90,110,120,62", "antal_svar_fraga", "fler har besvarat frågan (120) än undersökningen (110)"),
])
def test_bad_input_names_file_row_and_column(tmp_path: Path, row: str, column: str, message: str) -> None:
    path = _write(tmp_path, ["hemtjanst,trygghet,2025,9901,92,110,,62", row])
    with pytest.raises(InputError) as caught:
        chapter.loading.load(_params_for(tmp_path))
    error = caught.value
    assert error.path == str(path)
    assert [(p.row, p.column) for p in error.problems] == [(3, column)]
    assert message in error.problems[0].message
    assert f"rad 3, kolumn '{column}'" in str(error) and str(path) in str(error)


def test_duplicate_and_inconsistent_rows(tmp_path: Path) -> None:
    _write(tmp_path, [GOOD, "hemtjanst,trygghet,2025,9901,92,110,,59", GOOD])
    with pytest.raises(InputError) as caught:
        chapter.loading.load(_params_for(tmp_path))
    problems = {(p.row, p.column): p.message for p in caught.value.problems}
    assert problems[(4, "fraga")] == "samma undersökning, fråga, år och kommun står redan på rad 2"
    assert problems[(3, "svarsfrekvens")].startswith("svarsfrekvensen 59 skiljer sig från 62 på rad 2")


def test_swedish_excel_export_with_names_texts_and_codes_without_zero(tmp_path: Path) -> None:
    header = "Undersökning;Fråga;År;Kommun;Andel (%);Svar;Svarsfrekvens"
    rows = ["Särskilt boende;Besväras du ofta av ensamhet?;2025;9901;11,0;40;52,5",
            "Särskilt boende;Helhetssyn;2025;9901;89;40;52,5",
            "Särskilt boende;Helhetssyn;2025;684;80;;"]  # another kommun (Sävsjö, Excel dropped the zero): ignored
    _write(tmp_path, rows, header=header, name="export.csv", encoding="cp1252")
    params = _params_for(tmp_path, fil="{ar}/export.csv", kolumner={
        "undersokning": "Undersökning", "fraga": "Fråga", "ar": "År", "kommunkod": "Kommun",
        "andel_positiva": "Andel (%)", "antal_svar": "Svar", "svarsfrekvens": "Svarsfrekvens"})
    data = chapter.loading.load(params)
    sabo = data.catalogue.survey("sarskilt_boende")
    shares = chapter.metrics.shares_per_year(data.results, sabo, data.years)
    assert shares.loc[["ensamhet", "helhetssyn"], 2025].tolist() == [11.0, 89.0]
    assert chapter.metrics.response_per_year(data.results, "sarskilt_boende", data.years).loc[2025].tolist() == [52.5, 40.0]
    assert data.surveys == [sabo]


def test_xlsx_input(tmp_path: Path) -> None:
    frame = pd.DataFrame({"undersokning": ["hemtjanst"], "fraga": ["Helhetssyn"], "ar": [2025], "kommunkod": [9901],
                          "andel_positiva": [90.0], "antal_svar": [110], "svarsfrekvens": [62.0]})
    path = tmp_path / "2025" / "bu.xlsx"
    path.parent.mkdir(parents=True)
    frame.to_excel(path, index=False)
    data = chapter.loading.load(_params_for(tmp_path, fil="{ar}/bu.xlsx"))
    assert data.results[["fraga", "andel_positiva"]].values.tolist() == [["helhetssyn", 90.0]]


def test_empty_kommunkod_means_the_own_kommun(tmp_path: Path) -> None:
    _write(tmp_path, ["hemtjanst,helhetssyn,2025,,90,110,,62"])
    data = chapter.loading.load(_params_for(tmp_path))
    assert len(data.results) == 1 and data.missing_notice is None


# ------------------------------------------------------------------ missing input


def test_missing_report_year_file_is_a_notice_not_a_crash(demo_root: Path) -> None:
    data = chapter.loading.load(demo_params("sjohamn", demo_root))
    assert data.missing_notice == (
        "Resultat från brukarundersökningarna för 2025 saknas: filen 2025/brukarundersokningar.csv finns inte i datamappen."
    )
    (notice,) = chapter.sections.notices(data)
    assert "**Data saknas.**" in notice.markdown
    assert chapter.sections.section_overview(data) == [] and chapter.sections.section_surveys(data) == []
    assert chapter.key_figures.key_figures(data) == {"data_saknas": True}


def test_file_without_the_kommun_is_a_notice(tmp_path: Path) -> None:
    _write(tmp_path, ["hemtjanst,helhetssyn,2025,0684,90,110,,62"])
    data = chapter.loading.load(_params_for(tmp_path))
    assert data.missing_notice and "Ekdala kommun (kommunkod 9901) år 2025" in data.missing_notice


def test_missing_reference_shows_values_without_colours(tmp_path: Path) -> None:
    _write(tmp_path, [GOOD])
    params = _params_for(tmp_path)
    params = params.model_copy(update={"brukarundersokningar": params.brukarundersokningar.model_copy(update={"referens": str(tmp_path / "nej.csv")})})
    data = chapter.loading.load(params)
    assert any("Jämförelsedata saknas" in n for n in data.notes)
    text = markdown(chapter.sections.section_surveys(data))
    assert "| Helhetssyn | – | – | 90\u00a0% |" in text and "▲" not in text.split("::: {.table-note}")[0]


# ------------------------------------------------------------------ the Ekdala demo equals seed 001


SEED_TABELL_16 = {  # seed 001 Tabell 16, hemtjänst: 2023, 2024, 2025 ("-" = missing)
    "helhetssyn": (84, 90, 90), "synpunkter": (54, 46, 63), "paverka_tider": (45, 64, 65), "bemotande": (93, 97, 98),
    "trygghet": (85, 84, 92), "kontakt": (70, 70, 82), "fast_omsorgskontakt": (NAN, 26, 26),
    "svenska": (NAN, 88, 90), "kompetens": (NAN, 88, 89),
}
SEED_TABELL_17 = {  # seed 001 Tabell 17, särskilt boende
    "helhetssyn": (87, 88, 89), "angslan": (3, 18, 13), "ensamhet": (19, 26, 11), "tid": (71, 76, 81),
    "bemotande": (97, 92, 92), "hansyn": (86, 80, 89), "svenska": (NAN, 84.6, 83.8), "kompetens": (NAN, 84.6, 94.4),
    "sjukskoterska": (50, 75, 71), "lakare": (35, 42, 50), "synpunkter": (63, 52, 49), "utomhus": (56, 78, 67),
}
SEED_TABELL_18 = {  # seed 001 Tabell 18, gruppbostad LSS (2025 only)
    "bestamma": 50, "hjalp": 58, "pratar": 36, "forstar": 58, "bryr_sig": 83, "trygg": 42, "inte_radd": 50,
    "trivs": 75, "vet_kontakt": 100,
}


@pytest.mark.parametrize("survey_id, expected", [("hemtjanst", SEED_TABELL_16), ("sarskilt_boende", SEED_TABELL_17)])
def test_ekdala_equals_seed_tables(ekdala: chapter.loading.BrukarundersokningarData, survey_id: str, expected: dict) -> None:
    survey = ekdala.catalogue.survey(survey_id)
    shares = chapter.metrics.shares_per_year(ekdala.results, survey, [2023, 2024, 2025])
    assert list(shares.index) == list(expected)  # the seed's question order
    pd.testing.assert_frame_equal(shares, pd.DataFrame.from_dict(expected, orient="index", columns=[2023, 2024, 2025]).astype(float),
                                  check_names=False)


def test_ekdala_response_rates_equal_seed(ekdala: chapter.loading.BrukarundersokningarData) -> None:
    def response(survey_id: str) -> list:
        table = chapter.metrics.response_per_year(ekdala.results, survey_id, [2023, 2024, 2025])
        return [tuple(None if pd.isna(v) else v for v in row) for row in table.itertuples(index=False)]

    assert response("hemtjanst") == [(59, 100), (59, 109), (62, 110)]
    assert response("sarskilt_boende") == [(42, 35), (None, None), (None, 40)]  # 2024 "-", 2025 "40 svar" without %
    assert response("gruppbostad_lss") == [(None, None), (None, None), (80, 12)]
    shares = chapter.metrics.shares_per_year(ekdala.results, ekdala.catalogue.survey("gruppbostad_lss"), [2023, 2024, 2025])
    assert shares[2025].to_dict() == SEED_TABELL_18 and shares[[2023, 2024]].isna().all().all()


def test_ekdala_tables_show_seed_values(ekdala: chapter.loading.BrukarundersokningarData) -> None:
    text = markdown(chapter.sections.section_surveys(ekdala))
    assert "| Svarsfrekvens (antal svar) | 59\u00a0% (100 svar) | 59\u00a0% (109 svar) | 62\u00a0% (110 svar) | +3 |" in text
    assert "| Svarsfrekvens (antal svar) | 42\u00a0% (35 svar) | – | 40 svar | – |" in text
    assert "Besväras du ofta av ensamhet? (lägre är bättre)" in text
    assert ": Brukarundersökning hemtjänst: andel positiva svar per fråga 2023–2025 {#tbl-bu-hemtjanst}" in text
    assert "{#fig-bu-sarskilt-boende-riket" in text
    # The particular colours depend on the synthetic reference; every shown 2025 value carries symbol and word.
    row = next(line for line in text.splitlines() if line.startswith("| Helhetssyn | [84"))
    assert row.count("]{.kvb-farg-") == 3 and all(sym in row for sym in ("%",))


def test_ekdala_riket_table_and_figure_alt(ekdala: chapter.loading.BrukarundersokningarData) -> None:
    survey = ekdala.catalogue.survey("sarskilt_boende")
    blocks = chapter.sections.section_survey(ekdala, survey)
    riket = chapter.metrics.riket_values(ekdala.reference, survey, 2025)
    own = chapter.metrics.shares_per_year(ekdala.results, survey, [2025])[2025]
    expected = chapter.wording.describe_riket("Ekdala kommun", survey, own, riket, 2025)
    figure = next(b for b in blocks if b.markdown.startswith("!["))
    assert 'fig-alt="Liggande stapeldiagram som för tolv frågor om särskilt boende jämför andelen positiva svar i Ekdala kommun med riket 2025.' in figure.markdown
    assert expected.replace('"', "'") in figure.markdown
    table = chapter.sections.riket_table(ekdala, survey, own, riket, chapter.metrics.placements(ekdala, survey, chapter.metrics.shares_per_year(ekdala.results, survey, ekdala.years)))
    difference = riket["ensamhet"] - 11
    assert table.loc["Besväras du ofta av ensamhet? (lägre är bättre)", "Skillnad mot riket, procentenheter"].endswith(
        "(bättre)" if difference > 0 else "(sämre)")


def test_synthetic_reference_covers_all_kommuner_and_is_marked(demo_root: Path, ekdala: chapter.loading.BrukarundersokningarData) -> None:
    reference = pd.read_csv(demo_root / demo.REFERENCE_FILE, dtype=str, keep_default_na=False)
    kommuner = set(chapter.loading.load_kommuner())
    assert len(kommuner) == 290
    codes = set(reference["kommunkod"])
    assert kommuner | {"9901", "9902", "9903", "0000"} == codes
    assert set(reference["kalla"]) == {demo.SYNTHETIC}
    assert ekdala.synthetic_reference
    assert "**Syntetiska jämförelsedata.**" in markdown(chapter.sections.notices(ekdala))


def test_demo_data_is_deterministic(demo_root: Path, tmp_path: Path) -> None:
    written = demo.generate(tmp_path)
    for path in written:
        assert path.read_bytes() == (demo_root / path.relative_to(tmp_path)).read_bytes(), path


def test_bjorkvik_export_reads_through_params_mapping(demo_root: Path) -> None:
    data = chapter.loading.load(demo_params("bjorkvik", demo_root))
    assert data.missing_notice is None and [s.id for s in data.surveys] == ["hemtjanst", "sarskilt_boende"]
    assert data.results["andel_positiva"].notna().sum() > 50


def test_key_figures_are_aggregates_and_json(ekdala: chapter.loading.BrukarundersokningarData) -> None:
    figures = chapter.key_figures.key_figures(ekdala)
    json.dumps(figures)
    hemtjanst = figures["undersokningar"]["hemtjanst"]
    assert (hemtjanst["svarsfrekvens"], hemtjanst["antal_svar"]) == (62, 110)
    assert hemtjanst["andel_positiva"]["helhetssyn"] == 90 and hemtjanst["forbattrade"] == 7 and hemtjanst["forsamrade"] == 0
    assert sum(hemtjanst["antal_per_farg"].values()) == 9
    assert figures["undersokningar"]["sarskilt_boende"]["andel_positiva"]["kompetens"] == 94.4


# ------------------------------------------------------------------ catalogue


def test_catalogue_polarity_and_kolada_ids(catalogue: Catalogue) -> None:
    sabo = catalogue.survey("sarskilt_boende")
    assert [q.id for q in sabo.fragor if not q.higher_is_better] == ["angslan", "ensamhet"]
    assert catalogue.kpi_map() == {"U21468": ("hemtjanst", "helhetssyn"), "U23471": ("sarskilt_boende", "helhetssyn")}
    assert catalogue.question_labels()["Besväras du ofta av ensamhet?"] == "ensamhet"
    assert catalogue.survey_labels()["Särskilt boende"] == "sarskilt_boende"


def test_catalogue_errors_name_file_and_key(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "fragor.yml"
    path.write_text("undersokningar:\n  - id: hemtjanst\n    namn: Hemtjänst\n    fragor:\n"
                    "      - id: helhetssyn\n        text: Helhetssyn\n        polarietet: negativ\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"undersokningar\[1\]\.fragor\[1\]\.polarietet': okänd nyckel"):
        load_catalogue(path)
    with pytest.raises(ConfigError, match="okända undersökningar \\(ivo\\)"):
        catalogue.select(["hemtjanst", "ivo"])


def test_ekdala_demo_has_analyst_text(demo_root: Path) -> None:
    from helpers.blocks import analyst_text

    params = demo_params("ekdala", demo_root)
    (block,) = analyst_text(params.text_path(chapter.loading.CHAPTER))
    assert "## Analys {#text-brukarundersokningar-1}" in block.markdown and "## Åtgärder" in block.markdown
    assert "(26\u00a0%)" in block.markdown  # the same numbers as the tables beside it, with a no-break space
