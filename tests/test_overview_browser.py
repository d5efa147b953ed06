"""The index's overview in real headless Chromium: accessible, sortable by mouse and keyboard, filterable, offline.

The sort working at all proves that the page's Content-Security-Policy lets
the inline script run (by its hash) and nothing else is needed.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from browser import Page
from overview_fakes import fake_report, key_figures

from helpers.run.publish import write_index

NOW = datetime(2026, 2, 15, 9, 30)
ROW_NAMES = "Array.from(document.querySelectorAll('#oversikt tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].dataset.value + ' ' + r.cells[0].dataset.year)"
SORT_STATE = "Array.from(document.querySelectorAll('#oversikt thead th')).map(th => th.getAttribute('aria-sort'))"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Five reports of four organisations, with Swedish letters, a missing value and a masked one."""
    root = tmp_path_factory.mktemp("webb")
    fake_report(root, "zeta", "Zeta kommun", key_figures(avvikelser=(90, 100)), code="9904")
    fake_report(root, "aby", "Åby kommun", key_figures(avvikelser=(300, 250), waited=".."), code="9905")
    fake_report(root, "angby", "Ängby stadsdelsförvaltning", key_figures(avvikelser=(1900, 2026)), code="9906")
    fake_report(root, "angby", "Ängby stadsdelsförvaltning", key_figures(avvikelser=(1800, 1900), year=2024), year=2024,
                code="9906")
    figures = key_figures()
    del figures["avvikelser"]  # not in Östby's outline: its value is missing
    fake_report(root, "ostby", "Östby kommun", figures, code="9907", draft=True)
    return write_index(root, NOW)


def open_page(chromium, index, width: int = 1280) -> Page:
    return Page(chromium, index, width)


@pytest.mark.parametrize("width", (1280, 320))
def test_axe_core_finds_no_violation_and_nothing_is_fetched(chromium, index, width):
    page = open_page(chromium, index, width)
    try:
        assert page.js("document.getElementById('oversikt-filter').hidden") is False, "the script ran under the policy"
        assert page.axe_violations() == []
        assert page.external == []
    finally:
        page.close()


def test_the_page_never_scrolls_sideways_at_320_px(chromium, index):
    page = open_page(chromium, index, 320)
    try:
        assert page.horizontal_overflow() == 0
        wide = page.js("document.getElementById('oversikt').getBoundingClientRect().width > document.documentElement.clientWidth")
        assert wide, "the table is wider than a phone ..."
        region = page.js("document.getElementById('oversikt').closest('.table-scroll').getAttribute('role')")
        assert region == "region", "... and scrolls in its own region"
    finally:
        page.close()


def test_a_click_sorts_by_number_with_missing_last_and_sets_aria_sort(chromium, index):
    page = open_page(chromium, index)
    try:
        assert page.js(ROW_NAMES) == ["Zeta kommun 2025", "Åby kommun 2025", "Ängby stadsdelsförvaltning 2025",
                                      "Ängby stadsdelsförvaltning 2024", "Östby kommun 2025"]
        button = page.page.get_by_role("button", name="Avvikelser (antal)")
        button.click()
        assert page.js(ROW_NAMES) == ["Zeta kommun 2025", "Åby kommun 2025", "Ängby stadsdelsförvaltning 2024",
                                      "Ängby stadsdelsförvaltning 2025", "Östby kommun 2025"]
        assert page.js(SORT_STATE)[:3] == ["none", "ascending", "none"]
        button.click()
        assert page.js(ROW_NAMES) == ["Ängby stadsdelsförvaltning 2025", "Ängby stadsdelsförvaltning 2024", "Åby kommun 2025",
                                      "Zeta kommun 2025", "Östby kommun 2025"], "missing stays last"
        assert page.js(SORT_STATE)[:2] == ["none", "descending"]
        page.page.get_by_role("button", name="Avvikelser, förändring mot året före (antal)").click()
        assert page.js(ROW_NAMES)[:2] == ["Åby kommun 2025", "Zeta kommun 2025"], "−50 before +10: a real minus sorts"
    finally:
        page.close()


def test_enter_on_a_header_button_sorts_names_in_swedish_order(chromium, index):
    page = open_page(chromium, index)
    try:
        page.page.get_by_role("button", name="Avvikelser (antal)").click()
        button = page.page.get_by_role("button", name="Organisation och år")
        button.focus()
        page.page.keyboard.press("Enter")
        assert page.js(ROW_NAMES) == ["Zeta kommun 2025", "Åby kommun 2025", "Ängby stadsdelsförvaltning 2025",
                                      "Ängby stadsdelsförvaltning 2024", "Östby kommun 2025"]
        assert page.js(SORT_STATE)[:2] == ["ascending", "none"]
        page.page.keyboard.press("Enter")
        assert page.js(ROW_NAMES)[0] == "Östby kommun 2025" and page.js(SORT_STATE)[0] == "descending"
        assert page.js("document.querySelector('#oversikt thead th .sort-mark').textContent") == " ▼"
    finally:
        page.close()


def test_the_filter_hides_rows_and_says_how_many_are_shown(chromium, index):
    page = open_page(chromium, index)
    try:
        status = page.page.get_by_role("status")
        assert status.inner_text() == "Visar 4 av 4 organisationer"
        search = page.page.get_by_label("Filtrera på organisation")
        search.fill("ängby")
        assert page.js(ROW_NAMES) == ["Ängby stadsdelsförvaltning 2025", "Ängby stadsdelsförvaltning 2024"]
        assert status.inner_text() == "Visar 1 av 4 organisationer"
        search.fill("KOMMUN")
        assert page.js(ROW_NAMES) == ["Zeta kommun 2025", "Åby kommun 2025", "Östby kommun 2025"]
        assert status.inner_text() == "Visar 3 av 4 organisationer"
        search.fill("")
        assert len(page.js(ROW_NAMES)) == 5 and status.inner_text() == "Visar 4 av 4 organisationer"
    finally:
        page.close()


def test_without_javascript_the_table_is_complete_and_the_filter_hidden(chromium, index):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(index.resolve().as_uri())
        assert page.locator("#oversikt tbody tr").count() == 5
        assert page.locator("#oversikt-filter").is_hidden()
        assert page.locator("#oversikt tbody tr").first.locator("th, td").all_inner_texts()[:3] == ["Zeta kommun 2025", "100", "+10"]
    finally:
        context.close()
