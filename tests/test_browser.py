"""The reports and the index as a reader meets them, in real headless Chromium.

axe-core finds no WCAG 2.1 A/AA violation (nor of ``region``); the contents are
filled and every link lands; the page never scrolls sideways at 320 or 390 px;
the title names the organisation and year; nothing is fetched from the network;
figures stay legible on a phone and sharp on high-density screens; on a wide
screen the contents stay in view while the reader scrolls.
"""

from __future__ import annotations

from datetime import date

import pytest
from browser import Page

from helpers import paths
from helpers.blocks import FIGURE_DPI
from helpers.charts import MIN_FONT_PT
from helpers.run.manifest import read_manifest
from helpers.run.publish import write_index
from helpers.run.runner import run_report

pytestmark = pytest.mark.e2e

DEMO = ("ekdala", "bjorkvik", "sjohamn")
WIDTHS = (1280, 390, 320)


@pytest.fixture(scope="module")
def published(demo_data, tmp_path_factory):
    """The three demo reports and the index, rendered by the built-in engine into a private folder."""
    root = tmp_path_factory.mktemp("webb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_OUTPUT", str(root))
        reports = {k: run_report(k, engine="inbyggd", report_date=date(2026, 1, 15)) for k in DEMO}
        index = write_index(paths.output_dir())
    pages = {k: next(f for f in r.files if f.suffix == ".html") for k, r in reports.items()}
    return {"reports": reports, "pages": pages, "index": index}


def all_pages(published):
    return [*published["pages"].values(), published["index"]]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_core_finds_no_violation_and_nothing_is_fetched(chromium, published, width):
    for path in all_pages(published):
        page = Page(chromium, path, width)
        try:
            assert page.axe_violations() == [], f"{path.name} at {width} px"
            assert page.external == [], f"{path.name} fetched {page.external}"
        finally:
            page.close()


@pytest.mark.parametrize("width", (390, 320))
def test_no_page_scrolls_sideways_on_a_phone(chromium, published, width):
    for path in all_pages(published):
        page = Page(chromium, path, width)
        try:
            assert page.horizontal_overflow() == 0, f"{path.name} scrolls sideways at {width} px"
            # what is wider than the screen scrolls inside its own labelled, focusable region
            loose = page.js("""Array.from(document.querySelectorAll('table')).filter(t =>
                t.getBoundingClientRect().width > document.documentElement.clientWidth
                && !t.closest('.table-scroll[tabindex="0"][role="region"][aria-labelledby], .table-scroll[tabindex="0"][role="region"][aria-label]'))
                .map(t => t.querySelector('caption')?.textContent)""")
            assert loose == [], f"{path.name}: tables wider than the screen outside a scroll region"
        finally:
            page.close()


def test_the_contents_list_every_chapter_and_section_and_every_link_lands(chromium, published):
    for kommun, path in published["pages"].items():
        page = Page(chromium, path, 1280)
        try:
            links = page.js("Array.from(document.querySelectorAll('nav#TOC a')).map(a => a.getAttribute('href'))")
            assert len(links) >= 5, f"{kommun}: the contents are (nearly) empty"
            missing = page.js("""Array.from(document.querySelectorAll('nav#TOC a')).filter(a =>
                !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))).map(a => a.textContent)""")
            assert missing == []
            headings = page.js("Array.from(document.querySelectorAll('main h1[id], main h2[id]')).map(h => '#' + h.id)")
            assert headings and set(headings) <= set(links), f"{kommun}: headings missing from the contents"
            middle = links[len(links) // 2]  # (the last heading may sit too near the end to scroll to the top)
            page.page.click(f"nav#TOC a[href='{middle}']")
            landed = page.js(f"document.getElementById(decodeURIComponent('{middle[1:]}')).getBoundingClientRect().top")
            assert -2 <= landed < 200, "following an entry brings its heading into view"
        finally:
            page.close()


def test_the_title_names_the_organisation_and_the_year(chromium, published):
    for kommun, result in published["reports"].items():
        manifest = read_manifest(result.folder)
        page = Page(chromium, published["pages"][kommun], 1280)
        try:
            title = page.page.title()
            assert manifest["kommunnamn"] in title and str(manifest["ar"]) in title
            assert manifest["kommunnamn"] in page.js("document.querySelector('h1').textContent")
        finally:
            page.close()


def test_wide_screens_keep_the_contents_in_view_and_phones_show_them_first(chromium, published):
    path = published["pages"]["ekdala"]
    wide = Page(chromium, path, 1280)
    try:
        wide.js("window.scrollTo(0, document.body.scrollHeight / 2)")
        top, bottom = wide.js("(() => { const r = document.querySelector('nav#TOC').getBoundingClientRect(); return [r.top, r.bottom]; })()")
        assert 0 <= top < 100 and bottom > 300, "the contents stay beside the text"
    finally:
        wide.close()
    phone = Page(chromium, path, 390)
    try:
        order = phone.js("[document.querySelector('nav#TOC').getBoundingClientRect().top, document.querySelector('main').getBoundingClientRect().top]")
        assert order[0] < order[1], "on a phone the contents come before the text"
    finally:
        phone.close()


def test_figures_are_legible_on_a_phone_and_sharp_on_high_density_screens(chromium, published):
    for kommun in ("ekdala", "bjorkvik"):
        for width in (390, 1280):
            page = Page(chromium, published["pages"][kommun], width)
            try:
                # the chapters' charts (they carry their drawn width; analyst images are the analyst's own)
                images = page.js("Array.from(document.querySelectorAll('main figure img[width]')).map(i => [i.naturalWidth, i.getBoundingClientRect().width, i.alt])")
                assert len(images) >= 5, f"{kommun} has charts"
                for natural, shown, alt in images:
                    text_px = MIN_FONT_PT * FIGURE_DPI / 72 * shown / natural
                    assert text_px >= 11, f"{kommun} at {width} px: smallest text {text_px:.1f} CSS px ({alt[:40]})"
                    assert natural >= 1.95 * shown, "at least two image pixels per CSS pixel"
                    assert len(alt) > 20
            finally:
                page.close()
