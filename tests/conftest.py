"""Shared fixtures: demo data, a private output folder, text extraction from reports."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from helpers import paths
from helpers.demo import generate_all

NBSP = "\u00a0"


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


def plain(text: str) -> str:
    """Text with no-break spaces as ordinary spaces, so '1 940' can be searched for."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def html_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", raw)
    return plain(raw)


def docx_text(path: Path) -> str:
    """All text of a DOCX (paragraph runs joined), for asserting numbers and captions."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>", "\n", xml)
    xml = re.sub(r"</w:tc>", " | ", xml)
    return plain(re.sub(r"<[^>]+>", "", xml))
