"""``kvb lab``: an analyst's session never changes the shipped chapter notebooks."""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat

from helpers import paths
from helpers.run.lab import (
    LAB_CONFIG_DIR,
    PRE_SAVE_HOOK,
    START_PAGE,
    _serve_shipped,
    kernel_metadata,
    lab_command,
    lab_environment,
    pre_save_hook,
    strip_shipped_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "notebooks" / "10-avvikelser.ipynb"


def _as_run_by_an_analyst(shipped: dict) -> dict:
    """What JupyterLab sends when saving: outputs, counts, another kommun, kernel metadata, view metadata."""
    content = copy.deepcopy(shipped)
    content["metadata"]["language_info"] = {"name": "python", "version": "3.12.3", "mimetype": "text/x-python"}
    content["metadata"]["kernelspec"]["display_name"] = "Python 3 (ipykernel)"
    for n, cell in enumerate(content["cells"]):
        cell["metadata"]["scrolled"] = True
        if cell["cell_type"] == "code":
            cell["execution_count"] = n
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/markdown": "Bj\u00f6rkvik hade 12 avvikelser.", "text/plain": "[rapportblock]"}}]
            if "parameters" in cell["metadata"].get("tags", []):
                cell["source"] = 'kommun = "bjorkvik"\nar = 2024\n'
    return content


def test_hook_strips_outputs_and_restores_the_parameters_cell():
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    saved = strip_shipped_notebook(_as_run_by_an_analyst(shipped), shipped)
    assert saved == shipped
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert 'kommun = "ekdala"' in "".join(code[0]["source"])


def test_saving_an_analysts_run_writes_the_same_bytes_as_the_shipped_file():
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    model = {"type": "notebook", "content": _as_run_by_an_analyst(shipped)}
    manager = SimpleNamespace(_get_os_path=lambda path: str(ROOT / path))
    pre_save_hook(model=model, path="notebooks/10-avvikelser.ipynb", contents_manager=manager)
    written = nbformat.writes(nbformat.from_dict(model["content"])) + "\n"  # as jupyter_server writes it
    assert written == SHIPPED.read_text(encoding="utf-8")


def test_hook_keeps_a_developers_edit_of_another_cell_and_leaves_other_notebooks_alone(tmp_path: Path):
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    content = _as_run_by_an_analyst(shipped)
    content["cells"][-1]["source"] = "KeyFigures(kapitel.id, kapitel.key_figures(data))  # ändrad\n"
    saved = strip_shipped_notebook(content, shipped)
    assert saved["cells"][-1]["source"].endswith("# ändrad\n") and saved["cells"][-1]["outputs"] == []

    elsewhere = {"type": "notebook", "content": _as_run_by_an_analyst(shipped)}
    manager = SimpleNamespace(_get_os_path=lambda path: str(tmp_path / path))
    pre_save_hook(model=elsewhere, path="egen.ipynb", contents_manager=manager)
    assert elsewhere["content"]["cells"][1]["outputs"], "a notebook outside notebooks/ is the analyst's own"


def test_a_new_notebook_in_notebooks_is_saved_without_outputs():
    content = _as_run_by_an_analyst(json.loads(SHIPPED.read_text(encoding="utf-8")))
    saved = strip_shipped_notebook(content, None)
    assert all(c.get("outputs", []) == [] for c in saved["cells"])
    assert 'kommun = "bjorkvik"' in saved["cells"][1]["source"]


def test_lab_command_roots_the_file_browser_at_the_project_and_passes_the_hook():
    command = lab_command(8899, "python")
    assert f"--ServerApp.root_dir={paths.project_root()}" in command
    assert f"--ContentsManager.pre_save_hook={PRE_SAVE_HOOK}" in command
    assert "--ServerApp.ip=127.0.0.1" in command and "--ServerApp.port=8899" in command


def test_shipped_notebooks_open_with_the_kernels_metadata_so_that_jupyterlab_finds_nothing_to_change():
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    served = _serve_shipped({"type": "notebook", "content": copy.deepcopy(shipped)}, SHIPPED)
    assert served["content"]["metadata"] == {**shipped["metadata"], **kernel_metadata()}
    assert served["content"]["metadata"]["language_info"]["version"] == ".".join(map(str, sys.version_info[:3]))
    assert strip_shipped_notebook(served["content"], shipped) == shipped


def test_lab_settings_switch_the_news_popup_off_and_open_the_start_page_rendered():
    env = lab_environment({"JUPYTER_CONFIG_PATH": "/annan"})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(LAB_CONFIG_DIR), "/annan"]
    overrides = json.loads((LAB_CONFIG_DIR / "labconfig" / "default_setting_overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"] == "Markdown Preview"
    assert lab_command(8888, "python")[-1] == str(paths.project_root() / START_PAGE)


def test_start_page_links_to_what_exists_and_says_where_texts_and_reports_go():
    page = (ROOT / START_PAGE).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", page):
        if not target.startswith(("output/", "data/demo/")):  # created by kvb demo and kvb lab
            assert (ROOT / target).exists(), target
    for step in ("Run All", "texter/", "./kvb rapport <kommun>", "output/<kommun>/<år>/"):
        assert step in page
