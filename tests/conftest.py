"""Shared fixtures: demo data, a private output folder, text extraction from reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths
from helpers.demo import generate_all


@pytest.fixture(scope="session")
def demo_data() -> Path:
    """The demo data, generated once per test session (deterministic)."""
    generate_all()
    return paths.demo_data_dir()


@pytest.fixture()
def output_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reports of this test go to a private folder, never to the project's output/."""
    root = tmp_path / "output"
    monkeypatch.setenv("KVB_OUTPUT", str(root))
    return root
