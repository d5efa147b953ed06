"""The index's overview of key figures and ``nyckeltal.xlsx``: the reports' own numbers, masked as they are masked."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from overview_fakes import fake_report, key_figures
from reportscan import html_rows, html_text, plain

from helpers.errors import KvbError
from helpers.run.overview import FIGURES
from helpers.run.publish import write_index
from helpers.run.runner import run_report
from helpers.run.site import publish_site

NOW = datetime(2026, 2, 15, 9, 30)
HEADERS = ["Avvikelser (antal)", "Avvikelser, förändring mot året före (antal)", "Lex Sarah, anmälda till IVO (antal)",
           "Synpunkter (antal)", "Synpunkter besvarade inom målet (%)", "Helhetssyn, hemtjänst (% positiva)",
           "Helhetssyn, särskilt boende (% positiva)", "Genomförandeplaner uppdaterade (%)",
           "Brytpunktssamtal (%) mot nationellt mål 98 %", "Smärtskattning sista veckan (%) mot nationellt mål 100 %",
           "Ej verkställda beslut (antal)", "Ej verkställda, väntat över 12 månader (antal)"]
MASKED = "<5 (dolt för att skydda personuppgifter)"  # the mark, then its visually hidden words
EKDALA = ["2 026", "+86", "5", "28", "82,1 %", "90 %", "89 %", "65,8 %", "42 % ○ ej uppfyllt", "44 % ○ ej uppfyllt", "15", MASKED]
MISSING = "–uppgift saknas"  # the dash, then its visually hidden words, as the cell's text


def overview_html(page: str) -> str:
    return page[page.index('<section aria-labelledby="oversikt-rubrik">'):page.index("</section>")]


def cells(page: str) -> dict[str, list[str]]:
    """Row header → the texts of its cells (tags removed, no-break spaces as spaces)."""
    rows = {}
    for row in re.findall(r"<tr data-kommun[^>]*>(.*?)</tr>", overview_html(page), flags=re.S):
        texts = [plain(html.unescape(re.sub(r"<[^>]+>", "", c))).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        rows[texts[0]] = texts[1:]
    return rows


def headers(page: str) -> list[str]:
    return [plain(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', overview_html(page))]


def sheet_rows(path: Path, sheet: str = "Nyckeltal") -> list[list[object]]:
    """The sheet's values, texts with no-break spaces as spaces."""
    rows = openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)
    return [[plain(v) if isinstance(v, str) else v for v in r] for r in rows]


@pytest.fixture(scope="module")
def ekdala(demo_data, tmp_path_factory):
    """The real Ekdala demo report, its index and its workbook."""
    root = tmp_path_factory.mktemp("output")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_OUTPUT", str(root))
        result = run_report("ekdala", engine="inbyggd", report_date=date(2026, 2, 15))
        index = write_index(root, NOW)
    return result, index.read_text(encoding="utf-8"), root


def test_the_overview_shows_ekdalas_own_numbers_as_the_report_prints_them(ekdala):
    result, page, _ = ekdala
    assert "<h2 id=\"oversikt-rubrik\">Översikt: nyckeltal per organisation och år</h2>" in page
    assert headers(page) == ["Organisation och år ▲", *HEADERS]
    assert cells(page) == {"Ekdala kommun 2025": EKDALA}
    report = html_text(next(f for f in result.files if f.suffix == ".html"))
    # Traceable: each figure stands in the report as it stands in the overview.
    assert ["Totalt", "1 940", "2 026", "+86", "100,0 %"] in html_rows(next(f for f in result.files if f.suffix == ".html"))
    for shown in ("82,1 %", "65,8 %", "42 % (67 av 160)", "44 % (70 av 160)", "○ ej uppfyllt", "Till IVO anmäldes fem avvikelser"):
        assert shown in report, shown
    assert 'data-value="2026">2\u00a0026</td>' in page and 'data-value="82.1">82,1\u00a0%</td>' in page


def test_ekdalas_workbook_has_the_same_numbers_as_numbers(ekdala):
    _, _, root = ekdala
    path = root / "nyckeltal.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Nyckeltal", "Om nyckeltalen"]
    rows = sheet_rows(path)
    assert rows[0] == ["Organisation", "Kommunkod", "År", "Utkast", *HEADERS]
    assert rows[1] == ["Ekdala kommun", "9901", 2025, "nej", 2026, 86, 5, 28, 0.821, 0.9, 0.89, 0.658, 0.42, 0.44, 15, "<5"]
    sheet = book["Nyckeltal"]
    assert [sheet.cell(2, c).data_type for c in range(5, 16)] == ["n"] * 11
    assert sheet["B2"].data_type == "s" and sheet["P2"].data_type == "s", "code and masked count stay text"
    assert sheet["E2"].number_format == "#,##0" and sheet["F2"].number_format == '+#,##0;"−"#,##0;#,##0'
    assert sheet["I2"].number_format == "0.0 %" and sheet["M2"].number_format == '0 %" ○ ej uppfyllt"'


def test_the_about_sheet_says_what_each_column_is_and_where_it_comes_from(ekdala):
    _, _, root = ekdala
    about = {r[0]: r[1:] for r in sheet_rows(root / "nyckeltal.xlsx", "Om nyckeltalen") if r[0]}
    assert about["Avvikelser (antal)"] == ["Totalt antal avvikelser per år, verksamhetsåret.",
                                           "Kapitlet Avvikelser och lex Sarah (nyckeltal/avvikelser.json)"]
    assert about["Genomförandeplaner uppdaterade (%)"][1] == "Kapitlet Genomförandeplaner (nyckeltal/genomforandeplaner.json)"
    assert about["<5"][0].startswith("Färre än fem: små antal visas inte")
    assert about["Tom cell"][0].startswith("Uppgiften saknas")
    assert set(HEADERS) <= set(about)


def test_a_missing_chapter_no_data_or_an_unreadable_file_shows_a_dash(output_root):
    figures = key_figures()
    del figures["kvalitetsregister"]  # not in this organisation's outline
    synpunkter = figures.pop("synpunkter")
    fake_report(output_root, "ekdala", "Ekdala kommun", figures, missing_data=("synpunkter",),
                raw_files={"genomforandeplaner": "{ inte json"})
    figures = key_figures(avvikelser=(None, 665))  # the previous year has no data: no change to show
    figures["synpunkter"] = synpunkter
    fake_report(output_root, "bjorkvik", "Björkviks stadsdelsförvaltning", figures, code="9902")
    page = write_index(output_root, NOW).read_text(encoding="utf-8")
    shown = cells(page)
    assert shown["Ekdala kommun 2025"] == ["2 026", "+86", "5", MISSING, MISSING, "90 %", "89 %", MISSING, MISSING, MISSING, "15", MASKED]
    assert shown["Björkviks stadsdelsförvaltning 2025"][:2] == ["665", MISSING]
    assert '<td class="num"><span aria-hidden="true">–</span><span class="visually-hidden">uppgift saknas</span></td>' in page
    row = sheet_rows(output_root / "nyckeltal.xlsx")[2]
    assert row[:4] == ["Ekdala kommun", "9901", 2025, "nej"]
    assert row[7:9] == [None, None] and row[11:14] == [None, None, None], "missing is an empty cell"


def test_masked_counts_stay_masked_in_the_overview_and_the_workbook(output_root):
    fake_report(output_root, "ekdala", "Ekdala kommun", key_figures(waited="<5"))
    fake_report(output_root, "bjorkvik", "Björkviks stadsdelsförvaltning", key_figures(waited=".."), code="9902")
    page = write_index(output_root, NOW).read_text(encoding="utf-8")
    shown = cells(page)
    assert shown["Ekdala kommun 2025"][-1] == MASKED
    assert shown["Björkviks stadsdelsförvaltning 2025"][-1] == ".. (dolt så att små antal inte kan räknas fram)"
    last = re.findall(r"<td[^>]*>(?:(?!</td>).)*</td></tr>", overview_html(page))
    assert last and all("data-value" not in cell for cell in last), "a masked count gives no number to sort by"
    assert overview_html(page).count("..") == 2, "the mark in the introduction and in Björkvik's cell, nowhere else"
    book = openpyxl.load_workbook(output_root / "nyckeltal.xlsx")
    column = [book["Nyckeltal"].cell(r, 4 + len(FIGURES)) for r in (2, 3)]
    assert [(c.value, c.data_type) for c in column] == [("..", "s"), ("<5", "s")]


def test_formula_looking_names_stay_text_and_markup_stays_text(output_root):
    fake_report(output_root, "elak", '=HYPERLINK("http://x","<b>Klicka</b>")', code="0114")
    page = write_index(output_root, NOW).read_text(encoding="utf-8")
    assert "<b>Klicka</b>" not in page and "&lt;b&gt;Klicka&lt;/b&gt;" in overview_html(page)
    sheet = openpyxl.load_workbook(output_root / "nyckeltal.xlsx")["Nyckeltal"]
    assert sheet["A2"].value == '=HYPERLINK("http://x","<b>Klicka</b>")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "0114" and sheet["B2"].data_type == "s"


def test_the_policy_allows_exactly_the_overviews_script_by_its_hash(output_root):
    fake_report(output_root, "ekdala", "Ekdala kommun")
    page = write_index(output_root, NOW).read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1 and "<script src" not in page
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert policy.startswith(f"default-src 'none'; script-src 'sha256-{digest}'; img-src data:;")
    assert policy.count("script-src") == 1 and "unsafe" not in policy.split("style-src")[0]
    assert not re.search(r"https?://", scripts[0]), "no external script or request"


def test_the_index_links_the_workbook_and_writes_the_same_bytes_again(output_root):
    fake_report(output_root, "ekdala", "Ekdala kommun")
    page = write_index(output_root, NOW).read_text(encoding="utf-8")
    assert '<a href="nyckeltal.xlsx">Alla nyckeltal i Excel</a>' in page
    first = (output_root / "nyckeltal.xlsx").read_bytes()
    write_index(output_root, datetime(2026, 2, 15, 17, 0))
    assert (output_root / "nyckeltal.xlsx").read_bytes() == first
    assert sorted(p.name for p in output_root.iterdir() if p.is_file()) == ["index.html", "nyckeltal.xlsx"], "no temporary files"


def test_without_reports_there_is_no_overview_but_an_empty_workbook(output_root):
    page = write_index(output_root, NOW).read_text(encoding="utf-8")
    assert "Inga rapporter ännu." in page and 'id="oversikt' not in page and "<script" not in page
    assert sheet_rows(output_root / "nyckeltal.xlsx") == [["Organisation", "Kommunkod", "År", "Utkast", *[
        h.replace(" mot nationellt mål 98 %", " mot nationellt mål").replace(" mot nationellt mål 100 %", " mot nationellt mål")
        for h in HEADERS]]]


def test_the_published_folder_has_the_workbook_of_the_published_reports_only(output_root, tmp_path):
    fake_report(output_root, "ekdala", "Ekdala kommun")
    fake_report(output_root, "sjohamn", "Sjöhamns kommun", code="9903", draft=True)
    site = publish_site(tmp_path / "intranat", now=NOW)
    names = [r[0] for r in sheet_rows(site.folder / "nyckeltal.xlsx")[1:]]
    assert names == ["Ekdala kommun"], "a draft left out of the site is left out of its figures"
    page = (site.folder / "index.html").read_text(encoding="utf-8")
    assert list(cells(page)) == ["Ekdala kommun 2025"] and 'href="nyckeltal.xlsx"' in page
    assert site.files == 3  # the report's page, the index and the workbook


def test_a_workbook_that_cannot_be_replaced_is_a_clear_error_and_the_index_is_still_written(output_root):
    fake_report(output_root, "ekdala", "Ekdala kommun")
    blocked = output_root / "nyckeltal.xlsx"
    (blocked / "upptagen").mkdir(parents=True)  # a folder where the file should be: the rename fails like an open file
    with pytest.raises(KvbError) as error:
        write_index(output_root, NOW)
    assert str(error.value) == (f"Kunde inte spara nyckeltalen i {blocked}. Är filen öppen i Excel? Stäng den och försök igen. "
                                f"Indexet {output_root / 'index.html'} är uppdaterat; kör 'kvb index' när Excelfilen är stängd.")
    assert "Ekdala kommun 2025" in cells((output_root / "index.html").read_text(encoding="utf-8"))
    assert not (output_root / ".nyckeltal.xlsx.tmp").exists(), "no temporary file left"
