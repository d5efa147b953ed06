"""End to end: the demo reports follow their outlines in HTML, DOCX and PDF; drafts, final checks, summary links."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from reportscan import docx_text, html_text, html_words, pdf_metadata, pdf_text
from typer.testing import CliRunner

from helpers import paths
from helpers.analyst_text import AnalystTextError
from helpers.cli import app
from helpers.run.runner import report_outline, run_report

pytestmark = pytest.mark.e2e
REPORT_DATE = date(2026, 2, 15)


@pytest.fixture(scope="module")
def reports(demo_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("output")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_OUTPUT", str(root))
        yield {k: run_report(k, engine="inbyggd", report_date=REPORT_DATE) for k in ("ekdala", "bjorkvik", "sjohamn")}


def file(result, suffix):
    return next(p for p in result.files if p.suffix == suffix)


def outline_headings(kommun: str) -> list[str]:
    from helpers.chapters import chapter_title
    from helpers.config import load_params

    return [n.heading or chapter_title(n.id) for n, level in report_outline(load_params(kommun)).walk() if level == 1]


def in_order(text: str, items: list[str]) -> bool:
    positions = [text.find(item) for item in items]
    return -1 not in positions and positions == sorted(positions)


def test_ekdala_follows_the_savsjo_outline_in_html_and_docx(reports):
    expected = ["Sammanfattning", "Bakgrund", "Avvikelser, synpunkter och lex Sarah", "Riskanalys och internkontrollplan",
                "Egenkontroll", "Brukarundersökningar", "Senior Alert och Palliativregistret", "Ej verkställda beslut", "Intern och extern granskning",
                "Förbättringsarbete", "Förbättringsområden inför kommande år"]
    assert outline_headings("ekdala") == expected
    html = html_text(file(reports["ekdala"], ".html"))
    h1 = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)]
    assert h1[h1.index("Sammanfattning"):] == expected
    assert re.search(r'<h2 id="kap-avvikelser"[^>]*>Avvikelser och lex Sarah</h2>', html)
    assert re.search(r'<h1 id="kap-ej_verkstallda"[^>]*>Ej verkställda beslut</h1>', html), "the chapter took the text slot's place"
    docx = docx_text(file(reports["ekdala"], ".docx"))
    assert in_order(docx, [f"\n{h}\n" for h in expected])
    assert "Text saknas" not in html and "Text saknas" not in docx, "a final report has no placeholders"
    assert reports["ekdala"].warnings == [w for w in reports["ekdala"].warnings if not w.startswith("text:")]


def test_summary_first_with_links_that_resolve(reports):
    html = html_text(file(reports["ekdala"], ".html"))
    main = html[html.index('id="innehall"'):]
    assert main.index(">Sammanfattning</h1>") < main.index(">Bakgrund</h1>")
    summary = main[main.index(">Sammanfattning</h1>"):main.index(">Bakgrund</h1>")]
    assert "Under 2025 har förvaltningen fortsatt" in summary, "the analyst's own summary text comes first"
    links = re.findall(r'href="#([^"]+)"', summary)
    assert "kap-avvikelser" in links
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert set(links) <= ids
    assert re.search(r"Avvikelser av typen [^<]+ (ökade|minskade) från", summary)
    docx = file(reports["ekdala"], ".docx")
    import zipfile

    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    anchors = set(re.findall(r'w:anchor="([^"]+)"', xml))
    bookmarks = set(re.findall(r'w:bookmarkStart[^>]*w:name="([^"]+)"', xml))
    assert "kap-avvikelser" in anchors and anchors <= bookmarks


def test_analyst_table_and_image_are_numbered_with_the_rest(reports):
    html = html_text(file(reports["ekdala"], ".html"))
    tables = re.findall(r"<caption>Tabell (\d+): ", html)
    assert [int(n) for n in tables] == list(range(1, len(tables) + 1))
    assert re.search(r"Tabell \d+: Resultat av kontrollerna i internkontrollplanen 2025", html)  # the riskanalys chapter's own text
    assert re.search(r"Tabell \d+: Riskmatris: antal risker per sannolikhet och konsekvens, 2025", html)
    figure = re.search(r'<img [^>]*alt="(Antal genomförda egenkontroller per kvartal 2025[^"]*)"', html)
    assert figure and "21 fjärde" in figure.group(1)
    assert re.search(r"Figur \d+: Antal genomförda egenkontroller per kvartal 2025", html)


def test_stadsdelsforvaltning_on_the_ils_template_in_all_formats(reports):
    result = reports["bjorkvik"]
    expected = ["Inledning", "Sammanfattning", "Kvalitetsarbete under året", "Resultat och analys", "Förbättringsarbete"]
    assert outline_headings("bjorkvik") == expected
    html, docx, pdf = (html_text(file(result, ".html")), docx_text(file(result, ".docx")), pdf_text(file(result, ".pdf")))
    for text in (html, docx, pdf):
        body = text[text.index("Kvalitetsberättelsen beskriver"):] if "Kvalitetsberättelsen beskriver" in text else text
        assert in_order(body, expected + ["Uppföljning av åtgärder", "Förbättringsområden för kommande år"])
        assert "Inget att redovisa." in text, "the ILS template keeps empty slots"
        assert "Text saknas" not in text
        assert "Storstads stad (kommunkod 9902)" in text
        assert "Stadsdelsförvaltningens mål är att en synpunkt ska besvaras inom tio dagar." in text
        assert "Under 2025 rapporterade stadsdelsförvaltningen 24 beslut till IVO" in text
        assert "kommunens mål" not in text.lower()
        results = body[body.index("Resultat och analys"):]
        assert in_order(results, ["Egenkontroll", "Egenkontroller", "Genomförda egenkontroller per period", "Genomförandeplaner",
                                  "Riskanalys", "Riskanalys och internkontrollplan", "Riskmatris", "Årlig uppföljning processer"])
    # A figure refers to the table with its numbers, resolved in every format (Typst included).
    for text in (html_words(file(result, ".html")), docx, pdf):
        assert re.search(r"Siffrorna i figuren finns också i Tabell \d+\.", text), "resolved in every format"
        assert "@tbl-" not in text
    assert "<title>Kvalitetsberättelse 2025 – Björkviks stadsdelsförvaltning</title>" in html
    assert pdf_metadata(file(result, ".pdf"))["Title"] == "Kvalitetsberättelse 2025 – Björkviks stadsdelsförvaltning"
    assert "text: Text saknas: Revisioner och uppföljningar (texter/revisioner.md)" in result.warnings
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["utkast"] is False and "texter/revisioner.md" in manifest["saknade_texter"]
    assert "text: Text saknas: Årlig uppföljning processer (texter/processer.md)" in manifest["kontroller"]


def test_draft_shows_placeholders_and_is_marked(reports):
    result = reports["sjohamn"]
    html = html_text(file(result, ".html"))
    assert "Text saknas: Samverkan</strong> – skriv i texter/samverkan.md." in html
    assert "Utkast." in html and "<title>UTKAST – Kvalitetsberättelse 2025 – Sjöhamns kommun</title>" in html
    assert not any(w.startswith("text:") for w in result.warnings), "a draft shows missing texts, it does not list them"
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["utkast"] is True and "texter/samverkan.md" in manifest["saknade_texter"]
    assert "Omsorgsförvaltningens verksamheter" in html or "omsorgsförvaltningens verksamheter" in html


def test_final_run_of_a_draft_kommun(reports, tmp_path, monkeypatch):
    monkeypatch.setenv("KVB_OUTPUT", str(tmp_path))
    result = run_report("sjohamn", engine="inbyggd", report_date=REPORT_DATE, draft=False)
    assert "Text saknas" not in html_text(file(result, ".html"))
    assert "text: Text saknas: Samverkan (texter/samverkan.md)" in result.warnings


def test_image_without_alt_text_stops_the_report(demo_data, tmp_path, monkeypatch):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(demo_data / "sjohamn", data)
    (data / "2025" / "texter" / "bilder").mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_data / "ekdala" / "2025" / "texter" / "bilder" / "egenkontroller-per-kvartal.png", data / "2025" / "texter" / "bilder" / "a.png")
    (data / "2025" / "texter" / "samverkan.md").write_text("Text.\n\n![](bilder/a.png)\n", encoding="utf-8")
    params = tmp_path / "params"
    shutil.copytree(paths.params_dir(), params)
    text = (params / "sjohamn.yml").read_text(encoding="utf-8").replace("data_katalog: data/demo/sjohamn", f"data_katalog: {data}")
    (params / "sjohamn.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("KVB_PARAMS", str(params))
    monkeypatch.setenv("KVB_OUTPUT", str(tmp_path / "output"))
    with pytest.raises(AnalystTextError) as excinfo:
        run_report("sjohamn", engine="inbyggd")
    assert str(excinfo.value) == (f"Fel i texten {data / '2025' / 'texter' / 'samverkan.md'}: bilden 'bilder/a.png' saknar alternativtext. "
                                  "Skriv en beskrivning av vad bilden visar inom hakparenteserna: ![Beskrivning](bilder/a.png).")
    assert not (tmp_path / "output" / "sjohamn" / "2025").exists()


def test_ny_text_writes_prompts_and_never_overwrites(demo_data, tmp_path, monkeypatch):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(demo_data / "sjohamn", data)
    params = tmp_path / "params"
    shutil.copytree(paths.params_dir(), params)
    text = (params / "sjohamn.yml").read_text(encoding="utf-8").replace("data_katalog: data/demo/sjohamn", f"data_katalog: {data}")
    (params / "sjohamn.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("KVB_PARAMS", str(params))
    own = (data / "2025" / "texter" / "inledning.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["ny-text", "sjohamn"])
    assert result.exit_code == 0, result.output
    samverkan = (data / "2025" / "texter" / "samverkan.md").read_text(encoding="utf-8")
    assert samverkan.startswith("<!--\nSamverkan\n\nSkriv här: Hur verksamheten har samverkat")
    assert "SOSFS 2011:9, 4 kap. 5–6 §§" in samverkan
    assert (data / "2025" / "texter" / "inledning.md").read_text(encoding="utf-8") == own
    assert "1 textfiler fanns redan och lämnades orörda." in result.output
    again = CliRunner().invoke(app, ["ny-text", "sjohamn"])
    assert "Skapade" not in again.output
