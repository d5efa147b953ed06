"""End to end: the demo kommun's report shows seed 004 §3.1–3.2 in HTML and DOCX, after the existing chapters."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from reportscan import docx_text, html_rows, html_text

from helpers.run.runner import run_report

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def report(demo_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("output")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_OUTPUT", str(root))
        yield run_report("ekdala", engine="inbyggd", report_date=date(2026, 1, 15))


def lines_of(report, kind: str) -> list[str]:
    path = next(p for p in report.files if p.suffix == f".{kind}")
    if kind == "docx":
        return docx_text(path).splitlines()
    return [" | ".join(r) + " |" for r in html_rows(path)] + html_text(path).splitlines()


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_seed_004_numbers_in_the_rendered_report(report, kind):
    lines = lines_of(report, kind)
    text = "\n".join(lines)
    for row in (
        "Riskbedömningar | 966 | 842 | −124 |",
        "Riskbedömningar med risk | 903 | 787 | −116 |",
        "Unika personer riskbedömda | 714 | 669 | −45 |",
        "Bakomliggande orsak angiven, andel av dem med risk | 77 % (695 av 903) | 84 % (661 av 787) | +7 procentenheter |",
        "Åtgärdsplan, andel av dem med risk | 90 % (813 av 903) | 94 % (740 av 787) | +4 procentenheter |",
        "Åtgärder uppföljda, andel av dem med åtgärdsplan | 67 % (545 av 813) | 79 % (585 av 740) | +12 procentenheter |",
        "Risk för undernäring | 272 | 211 | −61 |",
        "Ohälsa i munnen (ROAG grad 2–3) | 269 | 211 | −58 |",
        "Risk för fall | uppgift saknas | uppgift saknas | – |",
        "Personer med trycksår | 49 | 53 | +4 |",
        "Antal trycksår | 71 | 74 | +3 |",
        "Antal registrerade dödsfall | 116 | 160 | +44 dödsfall | – | – | – | – |",
        "Smärtskattning sista levnadsveckan | 42 % (49 av 116) | 44 % (70 av 160) | +2 (förbättring) | 100 % | ○ ej uppfyllt | 75 % | ○ ej uppfyllt |",
        "Dokumenterat brytpunktssamtal | 52 % (60 av 116) | 42 % (67 av 160) | −10 (försämring) | 98 % | ○ ej uppfyllt | 60 % | ○ ej uppfyllt |",
        "Närvarande i samma rum i dödsögonblicket | 77 % (89 av 116) | 81 % (130 av 160) | +4 (förbättring) | 90 % | ○ ej uppfyllt | – | – |",
        "Utan trycksår kategori 2–4 | 89 % (103 av 116) | 84 % (134 av 160) | −5 (försämring) | 90 % | ○ ej uppfyllt | – | – |",
        "Dokumenterad munhälsobedömning sista levnadsveckan | 34 % (39 av 116) | 45 % (72 av 160) | +11 (förbättring) | 90 % | ○ ej uppfyllt | 80 % | ○ ej uppfyllt |",
    ):
        assert row in lines, row
    assert "dokumenterat brytpunktssamtal, som minskade med 10 procentenheter (från 52 % till 42 %)" in text
    assert ("Smärtskattning sista levnadsveckan var 44 % år 2025, 31 procentenheter under det interna målet 75 % och 56 under "
            "det nationella målvärdet 100 %; inget av målen är uppfyllt.") in text
    assert "försämrats med 10 %" not in text


def test_tables_and_figures_are_numbered_after_the_existing_chapters(report):
    html = next(p for p in report.files if p.suffix == ".html")
    raw = html_text(html)
    captions = re.findall(r"<caption>Tabell (\d+): (.*?)</caption>", raw)
    ours = [(int(n), c) for n, c in captions if c.startswith(("Senior Alert", "Palliativregistret"))]
    assert [c for _, c in ours] == [
        "Senior Alert: riskbedömningar, risker och åtgärder 2024 och 2025",
        "Senior Alert: personer med risk per riskområde 2024 och 2025",
        "Senior Alert: riskbedömningar per boendeform 2024 och 2025",
        "Senior Alert: personer med risk per riskområde och boendeform 2024 och 2025",
        "Palliativregistret: kvalitetsindikatorer 2024–2025 mot nationella och interna mål",
    ]
    later = [c for _, c in captions if "verkställ" in c]  # the chapter Ej verkställda beslut follows in the savsjo outline
    assert len(later) == 5
    assert ours[0][0] == len(captions) - len(later) - len(ours) + 1  # the chapter's tables come after the earlier ones, whose numbers stay
    figures = re.findall(r"<figcaption>Figur (\d+): (Palliativregistret.*?)</figcaption>", raw)
    assert [c for _, c in figures] == ["Palliativregistret, samtal och närvaro: andel 2024 och 2025 mot målen",
                                       "Palliativregistret, bedömningar sista levnadsveckan: andel 2024 och 2025 mot målen"]
    alts = [a for a in re.findall(r'<img[^>]*alt="([^"]*)"', raw) if "dödsögonblicket" in a or "Smärtskattning" in a]
    assert len(alts) == 2 and all("nådde sitt nationella målvärde 2025" in a for a in alts)
    assert raw.index("Brukarundersökningar</h1>") < raw.index("Senior Alert och Palliativregistret</h1>")


def test_key_figures_file_and_no_person_ids(report):
    figures = json.loads((report.folder / "nyckeltal" / "kvalitetsregister.json").read_text(encoding="utf-8"))["nyckeltal"]
    indicator = figures["palliativregistret"]["indikatorer"]["brytpunktssamtal"]
    assert (indicator["andel"], indicator["andel_foregaende"], indicator["forandring_procentenheter"]) == (42, 52, -10)
    assert indicator["nationellt_uppfyllt"] is False and indicator["internt_uppfyllt"] is False
    assert figures["senior_alert"]["processmatt"]["uppfoljning"]["andel"] == 79


def test_bjorkvik_row_level_export_and_sjohamn_without_data(demo_data, output_root):
    bjorkvik = run_report("bjorkvik", engine="inbyggd", report_date=date(2026, 1, 15))
    html = next(p for p in bjorkvik.files if p.suffix == ".html")
    text = html_text(html)
    counts = {}
    for year in (2024, 2025):
        source = (demo_data / "bjorkvik" / str(year) / f"SeniorAlert_riskbedomningar_{year}.csv").read_bytes().decode("cp1252")
        counts[year] = len(source.strip().splitlines()) - 1  # one row per riskbedömning
    row = next(r for r in html_rows(html) if r and r[0] == "Riskbedömningar")
    assert row[1:3] == [str(counts[2024]), str(counts[2025])]
    assert "DEMO-FRITEXT" not in text and not re.search(r"\bB-1\d{3}\b", text)  # free text and person ids never reach the report
    assert "Hemtjänst Väst, som registrerade tidigare år" in text
    sjohamn = run_report("sjohamn", engine="inbyggd", report_date=date(2026, 1, 15))
    text = html_text(next(p for p in sjohamn.files if p.suffix == ".html"))
    assert "Senior Alert för 2025 saknas: filen 2025/senior_alert.csv finns inte i datamappen." in text
