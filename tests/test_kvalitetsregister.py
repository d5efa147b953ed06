"""Senior Alert och Palliativregistret: seed 004's figures, the wording of targets and changes, both Senior Alert shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from reportscan import unescaped

from helpers.chapters import get
from helpers.chapters.kvalitetsregister import key_figures as kf
from helpers.chapters.kvalitetsregister import sections, wording
from helpers.chapters.kvalitetsregister.catalogue import load_catalogue, resolve
from helpers.chapters.kvalitetsregister.kolada import indicators_from_kolada
from helpers.chapters.kvalitetsregister.loading import load
from helpers.chapters.kvalitetsregister.metrics import (
    Targets,
    given_share,
    indicator_shares,
    meets,
    process_shares,
    shown_share,
    silent_units,
    totals_per_year,
    verdict,
)
from helpers.config import Params, load_params
from helpers.errors import ConfigError
from helpers.kolada import parse_kolada

CATALOGUE = load_catalogue(resolve("data/reference/palliativregistret_indikatorer.yml"))


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def md(blocks_list) -> str:
    return plain(unescaped("\n".join(b.markdown for b in blocks_list)))


@pytest.fixture(scope="module")
def ekdala(demo_data):
    return load(load_params("ekdala"))


# ------------------------------------------------------------------ seed 004 §3.1 and §3.2 in the demo kommun


def test_senior_alert_process_measures_are_seed_004(ekdala):
    totals = totals_per_year(ekdala.senior_alert, [2024, 2025])
    assert totals.loc[["riskbedomningar", "med_risk", "unika_personer"], 2025].tolist() == [842, 787, 669]
    assert totals.loc[["riskbedomningar", "med_risk", "unika_personer"], 2024].tolist() == [966, 903, 714]
    # 661/787 = 83,99 → 84; 740/787 = 94,03 → 94; 585/740 = 79,05 → 79 (and 695/903, 813/903, 545/813 for 2024).
    assert {k: v for k, v in process_shares(totals[2025]).items() if k != "med_risk"} == {"orsak_angiven": 84, "atgardsplan": 94, "uppfoljning": 79}
    assert {k: v for k, v in process_shares(totals[2024]).items() if k != "med_risk"} == {"orsak_angiven": 77, "atgardsplan": 90, "uppfoljning": 67}
    assert process_shares(totals[2025])["med_risk"] == 93  # 787 of 842 = 93,47


def test_risk_areas_say_missing_instead_of_zero(ekdala):
    totals = totals_per_year(ekdala.senior_alert, [2024, 2025])
    assert totals.loc[["risk_undernaring", "risk_munhalsa", "trycksar_personer", "trycksar_antal"], 2025].tolist() == [211, 211, 53, 74]
    assert totals.loc[["risk_undernaring", "risk_munhalsa", "trycksar_personer", "trycksar_antal"], 2024].tolist() == [272, 269, 49, 71]
    assert pd.isna(totals.at["risk_fall", 2025])
    text = md(sections.section_risk_areas(ekdala))
    assert "| Risk för fall | uppgift saknas | uppgift saknas | – |" in text
    assert "| Risk för undernäring | 272 | 211 | −61 |" in text
    assert "| Personer med trycksår | 49 | 53 | +4 |" in text and "| Antal trycksår | 71 | 74 | +3 |" in text
    assert "Underlaget för 2025 har inga uppgifter om risk för fall och risk för trycksår; de redovisas som saknade (–), inte som noll." in text
    assert "blåsdysfunktion" not in text  # not among Ekdala's risk areas (paused, as in seed 004)


def test_process_table_and_sentences(ekdala):
    text = md(sections.section_process(ekdala))
    assert "| Riskbedömningar | 966 | 842 | −124 |" in text
    assert "| Bakomliggande orsak angiven, andel av dem med risk | 77 % (695 av 903) | 84 % (661 av 787) | +7 procentenheter |" in text
    assert "| Åtgärder uppföljda, andel av dem med åtgärdsplan | 67 % (545 av 813) | 79 % (585 av 740) | +12 procentenheter |" in text
    # The years are said in the first count sentence only, not again in the ones that follow it.
    assert "Antalet riskbedömningar i Senior Alert minskade från 966 till 842 mellan 2024 och 2025, en minskning" in text
    assert "Antalet unika personer som riskbedömdes minskade från 714 till 669, en minskning med 45 personer (−6,3 %)." in text
    assert text.count("mellan 2024 och 2025") == 1
    assert ("Andelen riskbedömningar med risk där en åtgärdsplan togs fram ökade från 90 % år 2024 till 94 % år 2025, "
            "med 4 procentenheter, en förbättring.") in text


def test_units_without_registrations_are_listed(ekdala):
    units = silent_units(ekdala.senior_alert, 2025, [2024], ekdala.params.kvalitetsregister.enheter)
    assert [(u.name, u.reason) for u in units] == [("Korttidsenheten Ekbacken", "tidigare"), ("Gruppbostad Aspen", "planerad"),
                                                   ("Gruppbostad Granen", "planerad"), ("Servicebostad Eken", "planerad")]
    text = md(sections.section_forms(ekdala))
    assert ("Under 2025 registrerade fyra enheter inga riskbedömningar i Senior Alert: Korttidsenheten Ekbacken, som registrerade "
            "tidigare år, samt Gruppbostad Aspen, Gruppbostad Granen och Servicebostad Eken, som enligt planen skulle registrera. "
            "Att antalet riskbedömningar minskade kan alltså bero på att färre enheter registrerar, inte på att färre personer har risk.") in text


def test_boendeform_tables_mask_small_counts(ekdala):
    text = md(sections.section_forms(ekdala))
    # PSO: 9 riskbedömningar, 7 with risk, 7 plans (100 %), 3 followed up (< 5: the share is hidden, and one more to protect it).
    assert "| PSO boendeenheter | 0 | 9 | 7 | 100 % | .. |" in text
    assert "| Särskilt boende äldre | 420 | 363 | 340 | 95 % | .. |" in text
    assert "| Totalt | 966 | 842 | 787 | 94 % | 79 % |" in text
    assert "| PSO boendeenheter | 0 | <5 | 0 | <5 | 0 | <5 |" in text  # undernäring 3, munhälsa 2, trycksår 1 in 2025
    assert "| Totalt | 272 | 211 | 269 | 211 | 49 | 53 |" in text
    for hidden in ("| 3 |", "| 2 |", "| 1 |"):
        assert hidden not in text


def test_palliative_indicators_are_seed_004(ekdala):
    shares = indicator_shares(ekdala.indicators, [2024, 2025])
    assert shares.loc[["smartskattning", "brytpunktssamtal", "narvarande", "trycksar", "munhalsa"], 2025].tolist() == [44, 42, 81, 84, 45]
    assert shares.loc[["smartskattning", "brytpunktssamtal", "narvarande", "trycksar", "munhalsa"], 2024].tolist() == [42, 52, 77, 89, 34]
    assert ekdala.registrations.to_dict() == {2024: 116, 2025: 160}
    text = md(sections.section_palliative(ekdala))
    assert "| Antal registrerade dödsfall | 116 | 160 | +44 dödsfall | – | – | – | – |" in text
    assert ("| Smärtskattning sista levnadsveckan | 42 % (49 av 116) | 44 % (70 av 160) | +2 (förbättring) | 100 % | ○ ej uppfyllt "
            "| 75 % | ○ ej uppfyllt |") in text
    assert "| Dokumenterat brytpunktssamtal | 52 % (60 av 116) | 42 % (67 av 160) | −10 (försämring) | 98 % | ○ ej uppfyllt | 60 % | ○ ej uppfyllt |" in text
    assert "| Närvarande i samma rum i dödsögonblicket | 77 % (89 av 116) | 81 % (130 av 160) | +4 (förbättring) | 90 % | ○ ej uppfyllt | – | – |" in text
    assert ("Smärtskattning sista levnadsveckan var 44 % år 2025, 31 procentenheter under det interna målet 75 % och 56 under "
            "det nationella målvärdet 100 %; inget av målen är uppfyllt.") in text
    assert "Antalet registrerade dödsfall i Svenska palliativregistret ökade från 116 till 160 mellan 2024 och 2025" in text
    assert "Under 2025 nådde ingen av fem indikatorer med nationellt målvärde målet, och ingen av tre med internt mål." in text
    assert "Underlaget har inga värden för vid behovsordination av opioid mot smärta och vid behovsordination av ångestdämpande läkemedel." in text


def test_brytpunktssamtal_decreased_by_10_procentenheter(ekdala):
    """Seed 004 writes 'försämrats med 10 %' for 52 % → 42 %; it is 10 procentenheter."""
    text = md(sections.section_palliative(ekdala))
    assert "dokumenterat brytpunktssamtal, som minskade med 10 procentenheter (från 52 % till 42 %)" in text
    assert "med 10 %" not in text
    shares = pd.DataFrame({2024: [52.0], 2025: [42.0]}, index=["brytpunktssamtal"])
    sentence = plain(wording.describe_indicator_changes([CATALOGUE.indicator("brytpunktssamtal")], shares, 2024, 2025))
    assert sentence == ("Jämfört med 2024 förbättrades ingen indikator och en försämrades. Försämrades: dokumenterat brytpunktssamtal, "
                        "som minskade med 10 procentenheter (från 52 % till 42 %).")


def test_figures_have_target_lines_numbered_captions_and_real_alt_text(ekdala):
    figures = [b for b in sections.section_palliative(ekdala) if b.markdown.startswith("![")]
    assert len(figures) == 2  # two groups have data; Läkemedel vid behov has none in Ekdala
    first = figures[0].markdown.replace("\u00a0", " ")
    assert "{#fig-kr-samtal-och-narvaro" in first
    assert ("Dokumenterat brytpunktssamtal: 42 % år 2025 (internt mål 60 % och nationellt mål 98 %). "
            "Närvarande i samma rum i dödsögonblicket: 81 % år 2025 (nationellt mål 90 %). Ingen av två indikatorer nådde") in first
    assert "streckad linje" in first and "prickad linje" in first


# ------------------------------------------------------------------ hand-computed metrics and wording


@pytest.mark.parametrize(("value", "target", "higher", "met"), [
    (90, 90, True, True), (89.9, 90, True, False), (90.1, 90, True, True),
    (10, 10, False, True), (10.1, 10, False, False), (None, 90, True, None), (90, None, True, None),
])
def test_exactly_on_target_counts_as_met(value, target, higher, met):
    assert meets(value, target, higher) is met


def test_sentence_on_the_target_boundary():
    indicator = CATALOGUE.indicator("trycksar")
    assert plain(wording.describe_indicator(indicator, 90.0, Targets(90.0, "Socialstyrelsen", None), 2025)) == (
        "Utan trycksår kategori 2–4 var 90 % år 2025, exakt på det nationella målvärdet 90 %; målet är uppfyllt.")
    assert plain(wording.describe_indicator(indicator, 89.5, Targets(90.0, "Socialstyrelsen", 85.0), 2025)) == (
        "Utan trycksår kategori 2–4 var 89,5 % år 2025, 4,5 procentenheter över det interna målet 85 % och 0,5 under "
        "det nationella målvärdet 90 %; det interna målet är uppfyllt, men inte det nationella.")
    narvarande = CATALOGUE.indicator("narvarande")
    assert plain(wording.describe_indicator(narvarande, 92.0, Targets(90.0, "Svenska palliativregistret", None), 2025)) == (
        "Närvarande i samma rum i dödsögonblicket var 92 % år 2025, 2 procentenheter över Svenska palliativregistrets målnivå 90 %; målet är uppfyllt.")
    assert wording.met_cell(True) == "● uppfyllt" and wording.met_cell(False) == "○ ej uppfyllt" and wording.met_cell(None) == "–"


def test_shares_round_half_up_and_given_shares_are_not_rounded_twice():
    assert shown_share(70, 160) == 44  # 43,75
    assert shown_share(1, 8) == 13  # 12,5 half up, not banker's 12
    assert shown_share(3, 0) is None and shown_share(None, 10) is None
    assert given_share(89.47) == 89.5 and given_share(89.5) == 89.5  # shown as 89,5 %, never as 90 %
    assert verdict(52, 42, True) == "sämre" and verdict(42, 42, True) == "oförändrad" and verdict(None, 42, True) is None
    assert verdict(20, 10, False) == "bättre"


def test_caution_for_few_deaths(demo_data):
    data = load(load_params("bjorkvik"))
    notice = md(sections.section_palliative(data))
    assert ("Andelarna för vid behovsordination av opioid mot smärta (14 dödsfall) och vid behovsordination av ångestdämpande läkemedel "
            "(14 dödsfall) bygger på färre än 20 dödsfall. Ett enda dödsfall ändrar då andelen med upp till 7 procentenheter") in notice
    assert "| Vid behovsordination av opioid mot smärta | 92 % (12 av 13) | 100 % (14 av 14) | +8 (förbättring) | 98 % | ● uppfyllt |" in notice
    assert "| Närvarande i samma rum i dödsögonblicket | 85,3 % | 89,5 % | +4,2 (förbättring) | 90 % | ○ ej uppfyllt |" in notice


def test_key_figures_shape(ekdala):
    figures = json.loads(json.dumps(kf.key_figures(ekdala)))
    assert figures["senior_alert"]["processmatt"]["riskbedomningar"] == {"ar": 842, "foregaende": 966}
    assert figures["senior_alert"]["processmatt"]["atgardsplan"] == {"ar": 740, "foregaende": 813, "andel": 94, "andel_foregaende": 90}
    assert figures["senior_alert"]["riskomraden"]["fall"] == {"ar": None, "foregaende": None}
    assert figures["senior_alert"]["trycksar"] == {"personer": {"ar": 53, "foregaende": 49}, "antal": {"ar": 74, "foregaende": 71}}
    assert figures["palliativregistret"]["registreringar"] == {"ar": 160, "foregaende": 116}
    assert figures["palliativregistret"]["indikatorer"]["smartskattning"] == {
        "text": "Smärtskattning sista levnadsveckan", "andel": 44, "andel_foregaende": 42, "forandring_procentenheter": 2,
        "taljare": 70, "namnare": 160, "nationellt_mal": 100, "nationellt_mal_kalla": "Socialstyrelsen", "nationellt_uppfyllt": False,
        "internt_mal": 75, "internt_uppfyllt": False, "fa_dodsfall": False,
    }
    assert figures["kontroller"] == {"meddelanden": []}
    assert "Gruppbostad Aspen" in figures["senior_alert"]["enheter_utan_registrering"]


# ------------------------------------------------------------------ the two Senior Alert shapes give the same tables

ROWS = """datum,boendeform,enhet,person_id,risker,orsak_angiven,atgardsplan,uppfoljning,trycksar_antal,kommentar
2025-01-10,Ordinärt boende,Hemtjänst A,P1,Fall;Undernäring,ja,ja,ja,0,FRITEXT
2025-03-02,Ordinärt boende,Hemtjänst A,P1,Fall,ja,ja,nej,0,FRITEXT
2025-04-05,Ordinärt boende,Hemtjänst A,P2,,nej,nej,nej,0,FRITEXT
2025-05-06,Ordinärt boende,Hemtjänst B,P3,Trycksår,ja,ja,ja,2,FRITEXT
2025-06-07,Ordinärt boende,Hemtjänst B,P4,Munhälsa,nej,ja,nej,0,FRITEXT
2025-07-08,Särskilt boende,Ekgården,P5,Fall;Trycksår;Munhälsa,ja,ja,ja,1,FRITEXT
2025-08-09,Särskilt boende,Ekgården,P5,Trycksår,ja,ja,ja,3,FRITEXT
2025-09-10,Särskilt boende,Ekgården,P6,Undernäring,nej,nej,nej,0,FRITEXT
2025-10-11,Särskilt boende,Ekgården,P3,,nej,nej,nej,0,FRITEXT
"""
ROWS_2024 = """datum,boendeform,enhet,person_id,risker,orsak_angiven,atgardsplan,uppfoljning,trycksar_antal
2024-02-01,Ordinärt boende,Hemtjänst A,P1,Fall,ja,ja,ja,0
2024-03-01,Ordinärt boende,Hemtjänst C,P7,Undernäring,nej,ja,nej,0
2024-04-01,Särskilt boende,Ekgården,P5,Trycksår,ja,ja,ja,1
"""
# The same riskbedömningar counted by hand: per unit, and the kommun (P3 was assessed in two units: 6 unique persons, not 7).
HEADER = ("ar,boendeform,enhet,riskbedomningar,med_risk,unika_personer,orsak_angiven,atgardsplan,uppfoljning,"
          "risk_fall,risk_trycksar,risk_undernaring,risk_munhalsa,risk_blasdysfunktion,trycksar_personer,trycksar_antal\n")
BY_HAND_2025 = HEADER + """2025,Ordinärt boende,Hemtjänst A,3,2,2,2,2,1,1,0,1,0,,0,0
2025,Ordinärt boende,Hemtjänst B,2,2,2,1,2,1,0,1,0,1,,1,2
2025,Särskilt boende,Ekgården,4,3,3,2,2,2,1,1,1,1,,1,3
2025,Totalt,,9,7,6,5,6,4,2,2,2,2,,2,5
"""
BY_HAND_2024 = HEADER + """2024,Ordinärt boende,Hemtjänst A,1,1,1,1,1,1,1,0,0,0,,0,0
2024,Ordinärt boende,Hemtjänst C,1,1,1,0,1,0,0,0,1,0,,0,0
2024,Särskilt boende,Ekgården,1,1,1,1,1,1,0,1,0,0,,1,1
2024,Totalt,,3,3,3,2,3,2,1,1,1,0,,1,1
"""
AREAS = ["Fall", "Trycksår", "Undernäring", "Munhälsa"]


def params_for(folder: Path, files: dict[str, str], **settings: object) -> Params:
    """Ekdala's params on a private data folder holding ``files`` (path → text)."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    base = load_params("ekdala")
    kr = base.kvalitetsregister.model_copy(update={"riskomraden": AREAS, "enheter": [], **settings})
    return base.model_copy(update={"data_katalog": str(folder), "kvalitetsregister": kr})


def test_row_level_and_aggregated_exports_give_the_same_tables(tmp_path):
    rows = params_for(tmp_path / "rader", {"2025/senior_alert.csv": ROWS, "2024/senior_alert.csv": ROWS_2024}, senior_alert_format="rader")
    agg = params_for(tmp_path / "agg", {"2025/senior_alert.csv": BY_HAND_2025, "2024/senior_alert.csv": BY_HAND_2024})
    from_rows, from_agg = load(rows), load(agg)
    pd.testing.assert_frame_equal(from_rows.senior_alert, from_agg.senior_alert)
    chapter = get("kvalitetsregister")
    assert md(chapter.section_blocks(from_rows)) == md(chapter.section_blocks(from_agg))
    text = md(sections.section_process(from_rows))
    assert "| Unika personer riskbedömda | 3 | 6 | +3 |" in text  # the kommun counts P3 once
    assert "| Åtgärder uppföljda, andel av dem med åtgärdsplan | 67 % (2 av 3) | 67 % (4 av 6) | 0 procentenheter |" in text
    assert "Hemtjänst C, som registrerade tidigare år" in md(sections.section_forms(from_rows))
    assert "FRITEXT" not in md(chapter.section_blocks(from_rows)) and "P3" not in md(chapter.section_blocks(from_rows))


def test_shares_instead_of_counts_are_turned_into_counts(tmp_path):
    text = ("ar,boendeform,enhet,riskbedomningar,med_risk,unika_personer,orsak_angiven,atgardsplan,andel_atgardsplan\n"
            "2025,Ordinärt boende,,40,30,25,20,,50\n")
    params = params_for(tmp_path, {"2025/senior_alert.csv": text})
    data = load(params)
    assert totals_per_year(data.senior_alert, [2025]).at["atgardsplan", 2025] == 15  # 50 % of 30
    assert "anger andelar i stället för antal på ett ställe" in " ".join(data.notes)


def test_one_missing_register_keeps_the_other(tmp_path):
    params = params_for(tmp_path, {"2025/senior_alert.csv": BY_HAND_2025})
    data = load(params)
    assert data.missing_notice is None and data.senior_alert_notice is None
    text = md(get("kvalitetsregister").section_blocks(data))
    assert "**Data saknas.** Palliativregistret för 2025 saknas: filen 2025/palliativregistret.csv finns inte i datamappen." in text
    assert kf.key_figures(data)["palliativregistret"] is None


# ------------------------------------------------------------------ params and Kolada


def test_unknown_targets_and_risk_areas_in_params_are_clear_errors(tmp_path):
    params = params_for(tmp_path, {"2025/senior_alert.csv": BY_HAND_2025}, interna_mal={"smartskatning": 75})
    with pytest.raises(ConfigError, match="'kvalitetsregister.interna_mal' nämner okända indikatorer \\(smartskatning\\)"):
        load(params)
    params = params_for(tmp_path, {"2025/senior_alert.csv": BY_HAND_2025}, riskomraden=["Fall", "Inkontinens"])
    with pytest.raises(ConfigError, match="okänt riskområde 'Inkontinens'; kända är Fall, Trycksår"):
        load(params)


def test_indicators_from_a_saved_kolada_answer(tmp_path):
    catalogue_file = tmp_path / "katalog.yml"
    catalogue_file.write_text(resolve("data/reference/palliativregistret_indikatorer.yml").read_text(encoding="utf-8")
                              .replace("    grupp: Bedömningar sista levnadsveckan\n    mal: 100\n",
                                       "    grupp: Bedömningar sista levnadsveckan\n    mal: 100\n    kolada: U99901\n"), encoding="utf-8")
    document = {"values": [
        {"kpi": "U99901", "municipality": "9901", "period": 2025, "values": [{"gender": "T", "value": 44.0}]},
        {"kpi": "U99901", "municipality": "9901", "period": 2024, "values": [{"gender": "T", "value": 42.0}]},
        {"kpi": "U99901", "municipality": "0000", "period": 2025, "values": [{"gender": "T", "value": 60.0}]},
    ]}
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "kolada_palliativregistret.json").write_text(json.dumps(document), encoding="utf-8")
    catalogue = load_catalogue(catalogue_file)
    rows = indicators_from_kolada(parse_kolada(document), catalogue, "9901", [2024, 2025])
    assert rows.to_dict("records") == [{"ar": 2024, "indikator": "smartskattning", "andel": 42.0},
                                       {"ar": 2025, "indikator": "smartskattning", "andel": 44.0}]
    params = params_for(tmp_path, {}, palliativ_kalla="kolada", indikatorkatalog=str(catalogue_file))
    text = md(sections.section_palliative(load(params)))
    assert "| Smärtskattning sista levnadsveckan | 42 % | 44 % | +2 (förbättring) | 100 % | ○ ej uppfyllt | 75 % | ○ ej uppfyllt |" in text
