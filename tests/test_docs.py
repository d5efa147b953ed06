"""Documentation that is generated from code stays in step with it."""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers.chapters.indata_doc import input_contracts_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_input_contract_documentation_is_current():
    documented = (ROOT / "docs" / "indata.md").read_text(encoding="utf-8")
    assert documented == input_contracts_markdown(), "docs/indata.md is stale: run `./kvb kontrakt --skriv`"


def test_chapter_notebooks_are_committed_without_outputs_and_with_one_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path.name
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert "kommun = " in tagged[0].source and "ar = " in tagged[0].source
        assert not any("def " in c.source or "class " in c.source for c in code), f"{path.name}: logic belongs in helpers/"
