"""The reference DOCX of the built-in engine: Pandoc's own, with the page of a Swedish municipal document.

Pandoc takes page size, margins, headers and footers and styles from
``--reference-doc``. The reference is built at render time from the
``reference.docx`` that the Pandoc binary carries (``--print-default-data-file``),
so nothing is committed as a binary and it follows the Pandoc version. The
changes, made with ``zipfile`` on the XML: A4 (210 × 297 mm) with 25 mm margins,
a footer with the page number as "3 (42)" (fields PAGE and NUMPAGES; none on
the cover, a title page of its own), table text at 9 pt, the styles of the
table of contents (``toc 1``, ``toc 2``), no automatic hyphenation and the
Swedish decimal comma.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

TWIPS_PER_MM = 1440 / 25.4
A4_TWIPS = (11906, 16838)  # width, height: 210 × 297 mm
MARGIN_MM = 25
FOOTER_NAME = "footer1.xml"
FOOTER_ID = "rIdKvbFooter"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _field(instruction: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def footer_xml() -> str:
    """The footer: the page number and the number of pages, centred ("3 (42)")."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{_W}" xmlns:r="{_R}">'
            '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
            f'{_field("PAGE")}<w:r><w:t xml:space="preserve"> (</w:t></w:r>{_field("NUMPAGES")}<w:r><w:t>)</w:t></w:r></w:p></w:ftr>')


def section_xml() -> str:
    """The section: A4 portrait, margins, the footer on every page but the first (the cover)."""
    margin = round(MARGIN_MM * TWIPS_PER_MM)
    width, height = A4_TWIPS
    return (f'<w:sectPr><w:footerReference w:type="default" r:id="{FOOTER_ID}"/>'
            '<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>'
            f'<w:pgSz w:w="{width}" w:h="{height}"/>'
            f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" w:header="709" w:footer="709" w:gutter="0"/>'
            '<w:titlePg/></w:sectPr>')


_TOC_STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/>'
    f'<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
    f'<w:pPr><w:spacing w:before="{120 if level == 1 else 0}" w:after="60"/><w:ind w:left="{(level - 1) * 284}"/></w:pPr></w:style>'
    for level in (1, 2)
)
# Table text at 9 pt, as in the PDF: more columns fit without breaking a word.
TABLE_POINTS = 9
_TABLE_TEXT = f'<w:rPr><w:sz w:val="{TABLE_POINTS * 2}"/><w:szCs w:val="{TABLE_POINTS * 2}"/></w:rPr>'
# No automatic hyphenation: Word's default, written out so that every reader does the same.
_NO_HYPHENATION = '<w:autoHyphenation w:val="false"/>'


def customise(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The XML parts of Pandoc's reference.docx with this project's page, footer and styles."""
    out = dict(parts)
    document = parts["word/document.xml"].decode("utf-8")
    start, end = document.rindex("<w:sectPr"), document.rindex("</w:sectPr>") + len("</w:sectPr>")
    out["word/document.xml"] = (document[:start] + section_xml() + document[end:]).encode("utf-8")
    out[f"word/{FOOTER_NAME}"] = footer_xml().encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    footer_rel = (f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
                  f'Id="{FOOTER_ID}" Target="{FOOTER_NAME}" />')
    out["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", footer_rel + "</Relationships>").encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    footer_type = (f'<Override PartName="/word/{FOOTER_NAME}" '
                   'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />')
    out["[Content_Types].xml"] = types.replace("</Types>", footer_type + "</Types>").encode("utf-8")
    styles = parts["word/styles.xml"].decode("utf-8")
    styles = re.sub(r'(<w:style w:type="table" w:default="1" w:styleId="Table">.*?)(<w:tblPr>)', r"\1" + _TABLE_TEXT + r"\2", styles, count=1, flags=re.S)
    out["word/styles.xml"] = styles.replace("</w:styles>", _TOC_STYLES + "</w:styles>").encode("utf-8")
    settings = parts["word/settings.xml"].decode("utf-8")
    settings = re.sub(r"(<w:defaultTabStop[^>]*/>)", r"\1" + _NO_HYPHENATION, settings, count=1)
    # Swedish: decimal comma, and semicolon between list items in Word's field formulas.
    settings = re.sub(r'<w:decimalSymbol w:val="[^"]*"', '<w:decimalSymbol w:val=","', settings)
    settings = re.sub(r'<w:listSeparator w:val="[^"]*"', '<w:listSeparator w:val=";"', settings)
    out["word/settings.xml"] = settings.encode("utf-8")
    return out


@lru_cache(maxsize=1)
def _reference_bytes(pandoc: str) -> bytes:
    default = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], capture_output=True, check=True).stdout
    with zipfile.ZipFile(io.BytesIO(default)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in customise(parts).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_reference_docx(target: Path, pandoc: str) -> Path:
    """Write the reference DOCX for ``--reference-doc`` to ``target``."""
    target.write_bytes(_reference_bytes(pandoc))
    return target
