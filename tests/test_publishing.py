"""DOCX and PDF as documents: page, cover, contents, page numbers, bookmarks, alt text, columns, cross-references."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from reportscan import docx_text, html_text, html_words, pdf_text

from helpers.paths import RESOURCES_DIR
from helpers.run.document import reference_checks, unknown_references
from helpers.run.render import render_builtin
from helpers.run.report import CSP_NAME, CSS_NAME, SKIP_LINK_NAME

PNG = Path("ekdala") / "2025" / "texter" / "bilder" / "egenkontroller-per-kvartal.png"  # in the demo data

DOCUMENT = """---
title: Kvalitetsberättelse 2025 – Provkommun
lang: sv-SE
toc: true
toc-title: Innehåll
---

::: {.cover}
Kommun
:   Provkommun
:::

Inledande text.

# Avvikelser {#kap-avvikelser}

Antalet per område står i @tbl-omrade och utvecklingen i @fig-trend; @tbl-typo finns inte.

| Verksamhetsområde och enhet med ett långt namn som tar plats | Riket | 2025 | Missförhållande |
|:------------------------------------------------------------|------:|-----:|----------------:|
| Hemtjänst                                                    | 1\u00a0940 | 12 | 3 |

: Avvikelser per område {#tbl-omrade}

![Avvikelser per år](figur.png){#fig-trend fig-alt="Stapeldiagram: avvikelserna ökade från 30 till 42"}

## Lex Sarah

Text om lex Sarah med en bild i löptext ![Kvartalsdiagram över egenkontroller](figur.png).

# Synpunkter {#kap-synpunkter}

Se [@tbl-omrade; @fig-trend].

| Boendeform | Undernäring 2024 | Undernäring 2025 | Trycksår 2024 | Trycksår 2025 | Munhälsa 2024 | Munhälsa 2025 | Förändring |
|:--|--:|--:|--:|--:|--:|--:|--:|
| Särskilt boende | 44 | 40 | 22 | 21 | 37 | 40 | −3 |

: Personer med risk per boendeform {#tbl-bred}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, demo_data) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("publicering")
    doc = folder / "rapport.md"
    doc.write_text(DOCUMENT, encoding="utf-8")
    shutil.copyfile(demo_data / PNG, folder / "figur.png")
    for name in (CSS_NAME, SKIP_LINK_NAME, CSP_NAME):
        shutil.copyfile(RESOURCES_DIR / name, folder / name)
    files = render_builtin(doc, ["html", "docx", "pdf"])
    return {f.suffix: f for f in files} | {".typ": folder / "rapport.typ"}


def docx_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_docx_is_a4_with_margins_and_page_numbers_in_the_footer(rendered):
    document = docx_part(rendered[".docx"], "word/document.xml")
    section = re.search(r"<w:sectPr>.*?</w:sectPr>", document, flags=re.S).group(0)
    assert re.search(r'<w:pgSz w:h="16838" w:w="11906" />', section), "A4 portrait in twips"
    margins = dict(re.findall(r'w:(top|bottom|left|right)="(\d+)"', re.search(r"<w:pgMar[^>]*>", section).group(0)))
    assert margins == {"top": "1417", "bottom": "1417", "left": "1417", "right": "1417"}, "25 mm all round"
    assert "<w:titlePg />" in section, "no page number on the cover"
    footer_id = re.search(r'<w:footerReference r:id="([^"]+)" w:type="default" />', section).group(1)
    rels = docx_part(rendered[".docx"], "word/_rels/document.xml.rels")
    target = re.search(rf'Id="{footer_id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{footer_id}"', rels)
    footer = docx_part(rendered[".docx"], f"word/{target.group(1) or target.group(2)}")
    assert "> PAGE <" in footer and "> NUMPAGES <" in footer
    settings = docx_part(rendered[".docx"], "word/settings.xml")
    assert re.search(r'<w:autoHyphenation w:val="false" ?/>', settings)
    assert '<w:decimalSymbol w:val="," />' in settings and '<w:listSeparator w:val=";" />' in settings
    styles = docx_part(rendered[".docx"], "word/styles.xml")
    table_style = re.search(r'<w:style [^>]*w:styleId="Table"[^>]*>.*?</w:style>', styles, flags=re.S).group(0)
    assert re.search(r'<w:sz w:val="18" ?/>', table_style), "table text at 9 pt"


def test_docx_contents_are_filled_with_links_to_the_headings_after_the_cover(rendered):
    document = docx_part(rendered[".docx"], "word/document.xml")
    assert "updateFields" not in docx_part(rendered[".docx"], "word/settings.xml"), "no update prompt when opened"
    assert "docPartGallery" not in document, "not Pandoc's empty contents field"
    entries = re.findall(r'<w:pStyle w:val="TOC(\d)" />.*?<w:hyperlink w:anchor="([^"]+)">.*?<w:t[^>]*>([^<]+)</w:t>', document)
    assert [(level, text) for level, _, text in entries] == [("1", "Avvikelser"), ("2", "Lex Sarah"), ("1", "Synpunkter")]
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)" />', document))
    assert {anchor for _, anchor, _ in entries} <= bookmarks, "every entry links to its heading"
    assert "TOC \\o &quot;1-2&quot; \\h" in document or 'TOC \\o "1-2" \\h' in document, "Word can still update it with page numbers"
    text = docx_text(rendered[".docx"])
    cover, contents, body = text.index("Provkommun"), text.index("Innehåll"), text.index("Inledande text.")
    assert cover < contents < body
    breaks = [m.start() for m in re.finditer(r'<w:br w:type="page"/>', document)]
    assert len(breaks) == 2 and document.index("Provkommun") < breaks[0] < document.index("TOC1") < breaks[1]


def test_docx_columns_are_wide_enough_for_their_longest_word(rendered):
    document = docx_part(rendered[".docx"], "word/document.xml")
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)" />', re.search(r"<w:tblGrid>.*?</w:tblGrid>", document).group(0))]
    total = sum(grid)
    # The Markdown gives the numeric columns 7–17 % of the width: "Riket" and "Missförhållande" would break mid-word.
    for width, word in zip(grid[1:], ["Riket", "2025", "Missförhållande"], strict=True):
        assert width / total >= (len(word) + 2) / 80, f"{word} needs {len(word)} characters"
    assert grid[0] > max(grid[1:]), "the label column keeps the rest"


def test_pdf_is_a4_with_cover_contents_page_numbers_and_bookmarks(rendered):
    from pypdf import PdfReader

    reader = PdfReader(str(rendered[".pdf"]))
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages)
    pages = [plain.replace("\u00a0", " ") for plain in (p.extract_text() or "" for p in reader.pages)]
    assert "Provkommun" in pages[0] and "Innehåll" not in pages[0], "the cover is a page of its own"
    assert pages[1].startswith("Innehåll") and "Avvikelser" in pages[1]
    assert not re.search(r"\d+ \(\d+\)\s*$", pages[0]), "no page number on the cover"
    assert all(re.search(rf"{i + 1} \({len(pages)}\)\s*$", page) for i, page in enumerate(pages[1:], start=1))
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == ["Avvikelser", "Synpunkter"] and isinstance(outline[1], list) and outline[1][0].title == "Lex Sarah"
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_pdf_figures_carry_their_alternative_text(rendered):
    typ = rendered[".typ"].read_text(encoding="utf-8")
    images = re.findall(r"image\(\"", typ)
    alts = re.findall(r'#\[#set image\(alt: "([^"]*)"\);', typ)
    assert len(images) == len(alts) == 2
    assert alts == ["Stapeldiagram: avvikelserna ökade från 30 till 42", "Kvartalsdiagram över egenkontroller"]
    from pypdf import PdfReader

    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                    walk(kid)

    walk(PdfReader(str(rendered[".pdf"])).trailer["/Root"]["/StructTreeRoot"])
    assert sorted(found) == sorted(alts), "the tagged PDF's figures have the alt text"


def test_pdf_table_too_wide_for_its_words_gets_a_smaller_size(rendered):
    typ = rendered[".typ"].read_text(encoding="utf-8")
    sizes = re.findall(r"#\[#show table: set text\(size: ([\d.]+)pt\);\n#figure\(", typ)
    assert len(sizes) == 1 and 6.5 <= float(sizes[0]) < 9, "only the eight-column table is set smaller"
    assert typ.index("<tbl-omrade>") < typ.index("#show table: set text(size:") < typ.index("<tbl-bred>")


def test_pdf_is_ragged_and_unhyphenated_and_tables_may_break(rendered):
    template = (rendered[".typ"].parent / "sidmall.typ").read_text(encoding="utf-8")
    assert "set par(justify: false" in template and "hyphenate: false" in template
    assert "show figure.where(kind: table): set block(breakable: true)" in template
    assert "block(sticky: true" in template


def test_cross_references_in_every_format(rendered):
    html, docx, pdf = html_text(rendered[".html"]), docx_text(rendered[".docx"]), pdf_text(rendered[".pdf"])
    for text in (html_words(rendered[".html"]), docx, pdf):
        assert "står i Tabell 1 och utvecklingen i Figur 1; ?@tbl-typo finns inte." in text.replace("\u00a0", " ")
        assert "Se Tabell 1, Figur 1." in text.replace("\u00a0", " ")
        assert "Tabell 1: Avvikelser per område" in text.replace("\u00a0", " ")
    assert '<a href="#tbl-omrade">Tabell' in html and '<a href="#fig-trend">Figur' in html, "links in HTML"
    typ = rendered[".typ"].read_text(encoding="utf-8")
    assert "#cite(" not in typ and "#ref(<tbl-omrade>)" in typ and "#ref(<fig-trend>)" in typ


def test_unknown_references_are_checks():
    document = DOCUMENT + "\nEscaped \\@tbl-text, an address info@fig-x.se and @fig-trend.\n"
    assert unknown_references(document) == ["tbl-typo"]
    assert reference_checks(document) == [
        "hänvisning: @tbl-typo pekar inte på någon tabell eller figur i rapporten och visas som ”?@tbl-typo”; kontrollera stavningen."
    ]


@pytest.mark.e2e
def test_a_report_with_references_compiles_in_every_format_and_checks_unknown_labels(demo_data, tmp_path, monkeypatch):
    from helpers import paths
    from helpers.run.runner import run_report

    data = tmp_path / "data"
    shutil.copytree(demo_data / "sjohamn", data)
    (data / "2025" / "texter" / "samverkan.md").write_text(
        "Mötena står i @tbl-samverkan-1 (se också @tbl-samverkn-1).\n\n| Part | Möten |\n|---|--:|\n| Regionen | 4 |\n\n: Samverkansmöten 2025\n",
        encoding="utf-8")
    params = tmp_path / "params"
    shutil.copytree(paths.params_dir(), params)
    text = (params / "sjohamn.yml").read_text(encoding="utf-8").replace("data_katalog: data/demo/sjohamn", f"data_katalog: {data}")
    (params / "sjohamn.yml").write_text(text + "\nformat: [html, docx, pdf]\n", encoding="utf-8")
    monkeypatch.setenv("KVB_PARAMS", str(params))
    monkeypatch.setenv("KVB_OUTPUT", str(tmp_path / "output"))
    result = run_report("sjohamn", engine="inbyggd")
    files = {p.suffix: p for p in result.files}
    assert set(files) == {".html", ".docx", ".pdf", ".xlsx"}  # and tabeller.xlsx
    for text in (html_words(files[".html"]), docx_text(files[".docx"]), pdf_text(files[".pdf"])):
        found = re.search(r"Mötena står i (Tabell \d+) \(se också \?@tbl-samverkn-1\)\.", text.replace("\u00a0", " "))
        assert found, "the reference is resolved and the misspelt one is visible"
        assert f"{found.group(1)}: Samverkansmöten 2025" in text.replace("\u00a0", " ")
    assert ("hänvisning: @tbl-samverkn-1 pekar inte på någon tabell eller figur i rapporten och visas som ”?@tbl-samverkn-1”; "
            "kontrollera stavningen.") in result.warnings
    assert not any("tbl-samverkan-1" in w for w in result.warnings)


def test_generated_text_refers_only_through_markup():
    """Data that happens to start with @tbl- stays text; the tool's own sentence refers with Markup."""
    from helpers.markdown_text import Markup, escape, markup

    from_data = escape("@tbl-omrade")
    own = markup("Se @tbl-omrade för {}.", "@fig-x")
    assert from_data == "\\@tbl-omrade" and unknown_references(from_data) == []
    assert isinstance(own, Markup) and unknown_references(f"{own}\n\n: Text {{#tbl-omrade}}") == []
    assert unknown_references(own) == ["tbl-omrade"], "a reference in Markup is a reference"
