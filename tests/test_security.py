"""What is published: no markup from data, params or texts; no path out of the project; no personnummer anywhere."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from reportscan import html_text, pdf_text
from typer.testing import CliRunner

from helpers import paths
from helpers.cli import app
from helpers.config import load_params
from helpers.errors import ChapterFailed, ConfigError, KvbError
from helpers.markdown_text import escape, escape_inline
from helpers.personal_data import contains_personal_number, is_personal_number
from helpers.run.runner import run_report

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "**fet**",
    "[klicka](javascript:alert(1))",
    "[extern](https://example.invalid)",
    "`<b>rå</b>`{=html}",
    "`#(40+2)`{=typst}",
    "$#(6*7)$",
    "<script>alert(2)</script>",
    "@tbl-avv-totalt",
]
HEADER = "id,registreringsdatum,avdelning,verksamhetsomrade,typ,lex_sarah_markerad,utredning_start,utredning_slut\n"


def csv_row(i: int, area: str) -> str:
    quoted = '"' + area.replace('"', '""') + '"'
    return f"H-{i},2025-0{1 + i % 9}-03,Verkställighet,{quoted},Fall,nej,,\n"


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_root: Path) -> Path:
    folder = tmp_path / "params"
    folder.mkdir()
    shutil.copy(paths.project_root() / "params" / "_defaults.yml", folder / "_defaults.yml")
    (folder / "elak.yml").write_text(
        'kommun: {kod: "0001", namn: "Elak <script>alert(3)</script> **kommun** `#(1+1)`{=typst}", '
        'namnd: "[Nämnden](javascript:alert(4))", forvaltning: Socialförvaltningen}\n'
        f"data_katalog: {tmp_path / 'data'}\nformat: [html, docx, pdf]\nkapitel: [avvikelser]\nutkast: true\n"
        "disposition: {rubriker: {samverkan: '<b>Samverkan</b> [x](javascript:alert(5))'}}\n",
        encoding="utf-8",
    )
    data = tmp_path / "data" / "2025"
    (data / "texter").mkdir(parents=True)
    (data / "avvikelser.csv").write_text(HEADER + "".join(csv_row(i, a) for i, a in enumerate(HOSTILE * 3)), encoding="utf-8")
    (data / "texter" / "inledning.md").write_text(
        "# Rubrik {#tbl-avv-totalt}\n\n::: {#kap-avvikelser}\nText <script>alert(6)</script>\n:::\n\n"
        "[data](data:text/html;base64,PHNjcmlwdD4=) och [js](javascript:alert(7)) och `#(40+2)`{=typst}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KVB_PARAMS", str(folder))
    return tmp_path


def test_escape_makes_every_markup_literal() -> None:
    import pypandoc

    from helpers.analyst_text import SAFE_MARKDOWN

    for value in HOSTILE + ["1. lista", "- punkt", "# rubrik", "> citat", "a | b", "x--y"]:
        # escape: a paragraph of its own; escape_inline: inside a line (a cell, a caption, a heading)
        for escaped, before in ((escape(value), ""), (escape_inline(value), "Före ")):
            html = pypandoc.convert_text(before + escaped, "html", format=SAFE_MARKDOWN)
            text = re.sub(r"<[^>]+>", "", html).strip()
            import html as h

            assert h.unescape(text) == before + value, (value, html)
            assert not re.search(r"<(img|script|b|a|strong|em|ol|ul|h1|blockquote|code|span)[ >]", html), (value, html)


@pytest.mark.e2e
def test_hostile_labels_params_and_texts_reach_every_format_as_text(hostile: Path) -> None:
    result = run_report("elak", engine="inbyggd")
    html_file = next(f for f in result.files if f.suffix == ".html")
    raw = html_file.read_text(encoding="utf-8")
    body = raw[raw.index("<body"):]
    assert "<script" not in body and not re.search(r"<[^>]*\bon\w+=", body), "no live script or event handler from data"
    assert all(src.startswith("data:image/png;base64,") for src in re.findall(r'<img[^>]* src="([^"]*)"', body)), "only the report's charts"
    assert not re.search(r'href="(javascript|data):', raw) and 'href="https://example.invalid"' not in raw
    assert "<strong>fet</strong>" not in raw and "<b>rå</b>" not in raw and "<b>Samverkan</b>" not in raw
    text = html_text(html_file)
    for value in ("&lt;img src=x onerror=alert(1)&gt;", "**fet**", "[klicka](javascript:alert(1))", "@tbl-avv-totalt"):
        assert value in text, value
    assert "Elak &lt;script&gt;alert(3)&lt;/script&gt; **kommun**" in text
    ids = re.findall(r'\sid="([^"]+)"', raw)
    assert len(ids) == len(set(ids)), "no id collision from an analyst text"
    import html as h

    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:;' in h.unescape(raw)
    pdf = pdf_text(next(f for f in result.files if f.suffix == ".pdf"))
    assert "#(40+2)" in pdf and "#(6*7)" in pdf, "Typst code from data is shown as text"
    assert not re.search(r"(?<![\d,.-])42(?![\d,])", pdf), "… and never run (40+2 and 6*7 would print 42)"
    docx = next(f for f in result.files if f.suffix == ".docx")
    with zipfile.ZipFile(docx) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "javascript:" not in rels and "example.invalid" not in rels, "no hyperlink relationship from data"


@pytest.mark.parametrize("kommun", ["../../tmp/x", "Ekdal", "ek dala", "", "a/b", ".."])
def test_ids_that_are_not_ids_are_refused(kommun: str, output_root: Path) -> None:
    with pytest.raises(ConfigError, match="Ogiltigt id"):
        load_params(kommun)
    result = CliRunner().invoke(app, ["rapport", kommun]) if kommun else None
    if result is not None:
        assert result.exit_code == 2 and "Ogiltigt id" in result.output and "Traceback" not in result.output
    assert not (paths.project_root().parent / "tmp" / "x").exists()


def test_paths_in_params_stay_in_their_folders(tmp_path: Path) -> None:
    params = load_params("ekdala")
    with pytest.raises(ConfigError, match="'data_katalog' \\(../../x\\) pekar ut ur projektmappen"):
        params.model_copy(update={"data_katalog": "../../x"}).data_path()
    source = params.kallor["avvikelser"].model_copy(update={"fil": "{ar}/../../../etc/passwd"})
    moved = params.model_copy(update={"kallor": {**params.kallor, "avvikelser": source}})
    with pytest.raises(ConfigError, match="'kallor.avvikelser.fil' .* pekar ut ur datamappen"):
        moved.source_path("avvikelser", 2025)
    from helpers.config import Source

    with pytest.raises(Exception, match="bara innehålla platshållaren"):
        Source(fil="{ar.__class__}.csv")


@pytest.mark.parametrize("value, expected", [
    ("19811218-9876", True), ("811218-9876", True), ("198112189876", True), ("8112189876", True),
    ("811218+9876", True), ("123456-7890", False), ("2025-03-01", False), ("19811218-9875", False),
])
def test_personal_numbers_are_recognised(value: str, expected: bool) -> None:
    assert is_personal_number(value) is expected
    assert contains_personal_number(f"Familjehem Andersson {value}") is expected


def test_samordningsnummer_day_plus_sixty() -> None:
    from stdnum import luhn

    number = "811278-987" + luhn.calc_check_digit("811278987")
    assert is_personal_number(number) and is_personal_number("19" + number)


@pytest.mark.e2e
def test_personnummer_in_a_label_stops_the_chapter_without_printing_it(hostile: Path) -> None:
    data = hostile / "data" / "2025" / "avvikelser.csv"
    data.write_text(HEADER + csv_row(1, "Äldreomsorg") + csv_row(2, "Familjehem Andersson 19811218-9876"), encoding="utf-8")
    with pytest.raises(ChapterFailed) as excinfo:
        run_report("elak", engine="inbyggd")
    message = str(excinfo.value)
    assert "rad 3, kolumn 'verksamhetsomrade': värdet ser ut som ett personnummer eller samordningsnummer" in message
    assert "9876" not in message


@pytest.mark.e2e
def test_personnummer_in_an_analyst_text_never_reaches_a_published_report(hostile: Path) -> None:
    (hostile / "data" / "2025" / "texter" / "samverkan.md").write_text("Kontakt: 19811218-9876.\n", encoding="utf-8")
    with pytest.raises(KvbError) as excinfo:
        run_report("elak", engine="inbyggd")
    assert "innehåller något som ser ut som ett personnummer" in str(excinfo.value) and "9876" not in str(excinfo.value)
    assert not (paths.output_dir() / "elak" / "2025").exists()


def test_hashes_and_codes_are_not_personal_numbers() -> None:
    """Digits inside a hash (manifest.json) never count; a number set off by spaces or punctuation does."""
    import hashlib

    for i in range(3000):
        digest = hashlib.sha256(str(i).encode()).hexdigest()
        assert not contains_personal_number(f'"fingeravtryck": "{digest}"'), digest
    assert not contains_personal_number("a8112189876b") and contains_personal_number("(8112189876)")
    assert contains_personal_number("Kontakt:19811218-9876.")
