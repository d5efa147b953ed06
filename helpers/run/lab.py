"""JupyterLab for analysts (``kvb lab``): the server's command line and its save hook.

The chapter notebooks in ``notebooks/`` are tracked by git and run by papermill
in batches, so an analyst's session must never change them. The server gets a
pre-save hook (``strip_shipped_notebook``): when JupyterLab saves (or
autosaves) a notebook in ``notebooks/``, outputs and execution counts are
dropped, and the parameters cell, the notebook's metadata and the cells'
metadata are reset to the file on disk. Saving a notebook that was only run
therefore writes the same bytes that are already there; ``git status`` stays
clean and the tests that check the notebooks stay green. The analyst's kommun
and year live in the open tab only; their own texts live in ``texter/``.

Why a hook and not a git-ignored working copy: one set of notebooks (no stale
copies when the tool is updated, no second ``notebooks/`` in the file browser),
and the same notebook the batch runs is the one the analyst sees.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .. import paths

PRE_SAVE_HOOK = "helpers.run.lab.pre_save_hook"
PARAMETERS_TAG = "parameters"
LAB_CONFIG_DIR = Path(__file__).resolve().parent / "lab_config"  # labconfig/default_setting_overrides.json


def _is_parameters_cell(cell: dict[str, Any]) -> bool:
    return PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])


def strip_shipped_notebook(content: dict[str, Any], shipped: dict[str, Any] | None) -> dict[str, Any]:
    """``content`` as it may be saved over a shipped notebook (``shipped``: the file on disk, None when new).

    Outputs and execution counts are dropped; the parameters cell, the notebook
    metadata and each known cell's metadata are those of ``shipped``. Edits to
    other cells' source are kept (a developer may edit a notebook in JupyterLab).
    """
    content = copy.deepcopy(content)
    shipped_cells = {c.get("id"): c for c in (shipped or {}).get("cells", []) if c.get("id")}
    shipped_parameters = next((c for c in (shipped or {}).get("cells", []) if _is_parameters_cell(c)), None)
    for cell in content.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        original = shipped_cells.get(cell.get("id"))
        if original is not None:
            cell["metadata"] = copy.deepcopy(original.get("metadata", {}))
        if shipped_parameters is not None and (_is_parameters_cell(cell) or cell.get("id") == shipped_parameters.get("id")):
            cell["source"] = copy.deepcopy(shipped_parameters["source"])
            cell["metadata"] = copy.deepcopy(shipped_parameters.get("metadata", {}))
    if shipped is not None:
        content["metadata"] = copy.deepcopy(shipped.get("metadata", {}))
    return content


def is_shipped_notebook(os_path: Path) -> bool:
    """A notebook directly in the project's ``notebooks/`` folder (not a checkpoint, not elsewhere)."""
    return os_path.suffix == ".ipynb" and os_path.resolve().parent == paths.notebooks_dir().resolve()


def pre_save_hook(model: dict[str, Any], path: str, contents_manager: Any, **kwargs: Any) -> None:
    """Jupyter's ``ContentsManager.pre_save_hook``: shipped notebooks are saved without outputs or new parameters."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    os_path = Path(contents_manager._get_os_path(path))
    if not is_shipped_notebook(os_path):
        return
    shipped = json.loads(os_path.read_text(encoding="utf-8")) if os_path.is_file() else None
    model["content"] = strip_shipped_notebook(model["content"], shipped)


def lab_command(port: int, python: str) -> list[str]:
    """The command that starts JupyterLab for analysts: localhost only, IPC kernels, rooted at the project."""
    from .kernels import server_kernel_manager_class

    return [
        python, "-m", "jupyter", "lab",
        f"--ServerApp.root_dir={paths.project_root()}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--MappingKernelManager.kernel_manager_class={server_kernel_manager_class()}",
        f"--ContentsManager.pre_save_hook={PRE_SAVE_HOOK}",
    ]
