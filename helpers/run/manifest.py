"""What a report was built from: input hashes, params, versions, engine.

The fingerprint (inputs + params + code + run options) decides whether a report must be
rebuilt: unchanged inputs are not re-executed.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__, paths
from ..config import Params

PACKAGES = ("pandas", "numpy", "seaborn", "matplotlib", "papermill", "nbformat", "pydantic", "pandera", "pypandoc-binary", "typst")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def input_files(params: Params) -> list[Path]:
    """Every file the report can read: the kommun's data for the compared years and the reference data."""
    folders = [params.data_path() / str(y) for y in params.years()] + [paths.reference_dir(), paths.demo_data_dir() / "referens"]
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*") if p.is_file())
    return sorted(set(files))


def _relative(path: Path) -> str:
    return paths.project_relative(path)


def input_hashes(params: Params) -> dict[str, str]:
    return {_relative(p): sha256_file(p) for p in input_files(params)}


def code_hash() -> str:
    """One hash of the helpers package and the chapter notebooks: a code change forces a rebuild."""
    digest = hashlib.sha256()
    files = sorted(paths.PACKAGE_DIR.rglob("*.py")) + sorted(paths.RESOURCES_DIR.glob("*")) + sorted(paths.notebooks_dir().glob("*.ipynb"))
    for path in files:
        # The path inside the project, not only the name: chapters have files of the same name.
        digest.update(path.relative_to(paths.PACKAGE_DIR.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "kvalitetsberattelse": __version__}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "saknas"
    return found


def fingerprint(params: Params, hashes: dict[str, str], options: dict[str, Any]) -> str:
    """One hash of everything that shapes a report: params, input files, code and run options (engine, date)."""
    payload = json.dumps({"params": params.model_dump(mode="json"), "inputs": hashes, "code": code_hash(), "options": options},
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def build_manifest(params: Params, hashes: dict[str, str], options: dict[str, Any], engine: str, chapters: dict[str, Any],
                   files: list[str], seconds: float) -> dict[str, Any]:
    return {
        "kommun": params.id,
        "kommunkod": params.kommun.kod,
        "kommunnamn": params.kommun.namn,
        "ar": params.ar,
        "fingeravtryck": fingerprint(params, hashes, options),
        "motor": engine,
        "kapitel": chapters,
        "filer": files,
        "indata": hashes,
        "params": params.model_dump(mode="json"),
        "versioner": versions(),
        "sekunder": round(seconds, 2),
    }


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / "manifest.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
