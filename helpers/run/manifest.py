"""What a report was built from: input hashes, params, versions, engine.

The fingerprint (every file the report reads + the resolved params + code and
resources + package and engine versions + run options) decides whether a
report must be rebuilt: unchanged inputs are not re-executed. The check only
hashes files, so a no-op rebuild stays fast.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import shutil
import socket
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__, paths
from ..chapters.brukarundersokningar.catalogue import resolve as resolve_survey_path
from ..chapters.kvalitetsregister.catalogue import resolve as resolve_register_path
from ..config import Params
from ..content_cache import file_sha256
from ..errors import ConfigError

PACKAGES = ("pandas", "numpy", "seaborn", "matplotlib", "papermill", "nbformat", "pydantic", "pandera", "pypandoc-binary", "typst")


def sha256_file(path: Path) -> str:
    return file_sha256(path)  # one hashing of a file's bytes for the manifest and the shared-file cache


MISSING = "saknas"  # the hash of a named file that does not exist: creating it changes the fingerprint


def report_years(params: Params) -> list[int]:
    """Every year some chapter reads: the comparison years and the survey chapter's shown years."""
    return sorted(set(params.years()) | set(params.brukarundersokningar.years(params.ar)))


def named_files(params: Params) -> list[Path]:
    """The files params name, wherever they are: sources per year, catalogues, reference data, saved Kolada answers."""
    files: list[Path] = []
    for name in params.kallor:
        for year in report_years(params):
            try:
                files.append(params.source_path(name, year))
            except ConfigError:
                pass  # the chapter reports a source that points out of the data folder when it runs
    surveys, registers = params.brukarundersokningar, params.kvalitetsregister
    files += [resolve_survey_path(surveys.fragekatalog), resolve_register_path(registers.indikatorkatalog)]
    if surveys.referens:
        files.append(resolve_survey_path(surveys.referens))
    data = params.data_path()
    files += [data / surveys.kolada_fil.format(ar=params.ar), data / registers.kolada_fil.format(ar=params.ar)]
    return files


def input_files(params: Params) -> list[Path]:
    """Every file the report can read that exists: the kommun's year folders (data, texts, images), the shared
    reference data (kommun list, outline templates, catalogues) and every file params name elsewhere."""
    folders = [params.data_path() / str(y) for y in report_years(params)] + [paths.reference_dir()]
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*") if p.is_file())
    files.extend(p for p in named_files(params) if p.is_file())
    return sorted(set(files))


def _relative(path: Path) -> str:
    return paths.project_relative(path)


def input_hashes(params: Params) -> dict[str, str]:
    """``{path: sha256}`` of every input; a named file that does not exist is listed as ``saknas``."""
    hashes = {_relative(p): MISSING for p in named_files(params)}
    hashes.update({_relative(p): sha256_file(p) for p in input_files(params)})
    return hashes


def code_hash() -> str:
    """One hash of the helpers package, its resources (CSS, Lua filter, Typst template) and the chapter notebooks.

    A change to any of them forces a rebuild. Each file counts with its place (chapters have files of the same
    name) relative to its own folder, so a project folder elsewhere (``KVB_ROOT``) hashes the same.
    """
    digest = hashlib.sha256()
    groups = (("helpers", paths.PACKAGE_DIR, "**/*.py"), ("resurser", paths.RESOURCES_DIR, "*"),
              ("notebooks", paths.notebooks_dir(), "*.ipynb"))
    for label, folder, pattern in groups:
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            digest.update(f"{label}/{path.relative_to(folder).as_posix()}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache  # installed packages do not change under a running process
def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "kvalitetsberattelse": __version__}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "saknas"
    return found


@functools.cache
def quarto_version() -> str:
    """``quarto --version`` (once per process: it takes a moment), or ``saknas``."""
    if not shutil.which("quarto"):
        return MISSING
    try:
        return subprocess.run(["quarto", "--version"], capture_output=True, text=True, timeout=60).stdout.strip() or MISSING
    except (OSError, subprocess.SubprocessError):
        return MISSING


def engine_versions(engine: Any) -> dict[str, str]:
    """The versions that shape the output: the packages (Pandoc and Typst wheels among them), and Quarto when it renders."""
    found = dict(versions())
    if engine == "quarto":
        found["quarto"] = quarto_version()
    return found


def fingerprint(params: Params, hashes: dict[str, str], options: dict[str, Any]) -> str:
    """One hash of everything that shapes a report: params, input files, code, versions and run options (engine, date)."""
    payload = json.dumps({"params": params.model_dump(mode="json"), "inputs": hashes, "code": code_hash(), "options": options,
                          "versions": engine_versions(options.get("motor"))}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def made_where(mode: str = "lokal", scheduler: str | None = None, worker: str | None = None) -> dict[str, str | None]:
    """The manifest's ``korning``: locally or on Dask, on which host, through which scheduler and worker."""
    return {"satt": mode, "vard": socket.gethostname(), "schemalaggare": scheduler, "arbetare": worker}


def build_manifest(params: Params, hashes: dict[str, str], options: dict[str, Any], engine: str, chapters: dict[str, Any],
                   files: list[str], seconds: float, korning: dict[str, str | None] | None = None) -> dict[str, Any]:
    # ``korning`` is not part of the fingerprint: the same inputs give the same report wherever it is made.
    return {
        "kommun": params.id,
        "kommunkod": params.kommun.kod,
        "kommunnamn": params.kommun.namn,
        "ar": params.ar,
        "fingeravtryck": fingerprint(params, hashes, options),
        "motor": engine,
        "korning": korning or made_where(),
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
