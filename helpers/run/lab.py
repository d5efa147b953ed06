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

So that an untouched notebook is not marked as changed when it opens, the
server hands shipped notebooks to JupyterLab with the kernel's own metadata
(``kernelspec`` and ``language_info`` as the kernel reports them); JupyterLab
then finds nothing to update, and the save hook puts the shipped metadata back.

Why a hook and not a git-ignored working copy: one set of notebooks (no stale
copies when the tool is updated, no second ``notebooks/`` in the file browser),
and the same notebook the batch runs is the one the analyst sees.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import paths

PRE_SAVE_HOOK = "helpers.run.lab.pre_save_hook"
CONTENTS_MANAGER = "helpers.run.lab.KvbContentsManager"
START_PAGE = "BORJA-HAR.md"  # opened when JupyterLab starts (as a rendered page: lab_config sets Markdown Preview)
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


def kernel_metadata() -> dict[str, Any]:
    """The notebook metadata JupyterLab writes once the kernel has started (same Python as the server)."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    return {"kernelspec": {"name": "python3", "display_name": spec.display_name, "language": spec.language},
            "language_info": copy.deepcopy(IPythonKernel.language_info)}


def _serve_shipped(model: dict[str, Any], os_path: Path) -> dict[str, Any]:
    if model.get("type") == "notebook" and model.get("content") is not None and is_shipped_notebook(os_path):
        model["content"]["metadata"].update(kernel_metadata())
    return model


def __getattr__(name: str) -> type:
    # Built lazily: jupyter_server is only needed when JupyterLab starts.
    if name == "KvbContentsManager":
        from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

        async def get(self: Any, path: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            model = await AsyncLargeFileManager.get(self, path, *args, **kwargs)
            return _serve_shipped(model, Path(self._get_os_path(path)))

        cls = type("KvbContentsManager", (AsyncLargeFileManager,), {"__module__": __name__, "get": get,
                   "__doc__": "Jupyter's file manager, serving shipped notebooks with the kernel's metadata."})
        globals()[name] = cls
        return cls
    raise AttributeError(name)


def lab_command(port: int, python: str) -> list[str]:
    """The command that starts JupyterLab for analysts: localhost only, IPC kernels, rooted at the project."""
    from .kernels import server_kernel_manager_class

    return [
        python, "-m", "jupyter", "lab",
        f"--ServerApp.root_dir={paths.project_root()}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--MappingKernelManager.kernel_manager_class={server_kernel_manager_class()}",
        f"--ServerApp.contents_manager_class={CONTENTS_MANAGER}",
        f"--ContentsManager.pre_save_hook={PRE_SAVE_HOOK}",
        str(paths.project_root() / START_PAGE),
    ]


def lab_environment(base: Mapping[str, str]) -> dict[str, str]:
    """The server's environment: the project root, and the JupyterLab settings of ``lab_config/`` (news popup off)."""
    config_path = os.pathsep.join(p for p in (str(LAB_CONFIG_DIR), base.get("JUPYTER_CONFIG_PATH", "")) if p)
    return {**base, "KVB_ROOT": str(paths.project_root()), "JUPYTER_CONFIG_PATH": config_path}
