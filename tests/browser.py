"""Real headless Chromium for the browser tests: Debian's ``chromium`` driven by Playwright from PyPI.

Playwright never downloads a browser here (``executable_path``); axe-core comes
bundled with ``axe-playwright-python``. Where Chromium or Playwright is missing
the tests are skipped with the reason and the command that installs it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
INSTALL_HINT = "installera med scripts/installera-chromium.sh (Debian: apt-get install chromium)"


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_browser() -> str:
    """The Chromium executable, or skip the test with a reason that says what to install."""
    path = chromium_path()
    if path is None:
        pytest.skip(f"Chromium saknas på maskinen: {INSTALL_HINT}")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright eller axe-playwright-python saknas: kör ./kvb test (installerar dev-beroendena)")
    return path


@contextmanager
def browser() -> Iterator[object]:
    """One Chromium for a group of tests."""
    from playwright.sync_api import sync_playwright

    executable = require_browser()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


class Page:
    """A page opened at one viewport width, with every request that left the file system recorded."""

    def __init__(self, chromium, path: Path | str, width: int, height: int = 900):
        self.page = chromium.new_page(viewport={"width": width, "height": height})
        self.external: list[str] = []
        self.page.on("request", self._record)
        self.page.goto(path if isinstance(path, str) else path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def _record(self, request) -> None:
        if not request.url.startswith(("file:", "data:", "about:")):
            self.external.append(request.url)

    def js(self, script: str):
        return self.page.evaluate(script)

    def horizontal_overflow(self) -> int:
        """How many CSS px the page itself scrolls sideways (0: it reflows)."""
        return int(self.js("document.documentElement.scrollWidth - document.documentElement.clientWidth"))

    def axe_violations(self) -> list[str]:
        """axe-core's WCAG 2.1 A/AA violations and the best-practice rule ``region``, one line each."""
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
        tags = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        found = []
        for options in (tags, {"runOnly": {"type": "rule", "values": ["region"]}}):
            response = axe.run(self.page, options=options).response
            assert response["passes"] or response["violations"], "axe-core ran no rule on the page"
            for violation in response["violations"]:
                nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                found.append(f"{violation['id']} ({len(violation['nodes'])}): {nodes}")
        return found

    def close(self) -> None:
        self.page.close()
