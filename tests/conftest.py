"""Shared fixtures: demo data, a private output folder, text extraction from reports.

The tests never write into the project: the demo data is generated in a session
folder that ``KVB_DEMO_DATA`` points to (params' ``data/demo/…`` follow it, see
``helpers.paths.project_path``), and reports go to ``output_root``. At the end
of the session the project's ``data/`` and ``params/`` are compared with how
they were at its start; a change fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from projectguard import GUARDED, project_snapshot, snapshot_changes

from helpers import paths
from helpers.demo import generate_all

_SNAPSHOT = pytest.StashKey[dict[str, tuple[int, int]]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SNAPSHOT] = project_snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    changed = snapshot_changes(session.config.stash[_SNAPSHOT], project_snapshot())
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"Testerna skrev i projektets mappar ({', '.join(GUARDED)}): " + ", ".join(changed[:10])
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def demo_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test (and every kernel it starts) reads the demo kommuner from a session folder, never from data/demo."""
    folder = tmp_path_factory.mktemp("demodata")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_DEMO_DATA", str(folder))
        yield folder


@pytest.fixture(scope="session")
def demo_data(demo_data_folder: Path) -> Path:
    """The demo data, generated once per test session (deterministic) into the session folder."""
    generate_all()
    return paths.demo_data_dir()


@pytest.fixture()
def output_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reports of this test go to a private folder, never to the project's output/."""
    root = tmp_path / "output"
    monkeypatch.setenv("KVB_OUTPUT", str(root))
    return root


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for a test module (skipped with the reason where it is missing)."""
    from browser import browser, require_browser

    require_browser()
    with browser() as instance:
        yield instance
