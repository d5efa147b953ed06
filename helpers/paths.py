"""Where things are: every path of the project is defined here, once."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def project_root() -> Path:
    """The project folder: ``KVB_ROOT`` if set, else the folder above ``helpers/``."""
    env = os.environ.get("KVB_ROOT")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def params_dir() -> Path:
    """``params/``, or ``KVB_PARAMS`` (a folder of params files kept elsewhere)."""
    env = os.environ.get("KVB_PARAMS")
    return Path(env).resolve() if env else project_root() / "params"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def data_dir() -> Path:
    return project_root() / "data"


DEMO_DATA = Path("data") / "demo"  # where params of the demo kommuner point (``data_katalog: data/demo/ekdala``)


def demo_data_dir() -> Path:
    """``data/demo/``, or ``KVB_DEMO_DATA`` (the tests generate the demo data in a temporary folder)."""
    env = os.environ.get("KVB_DEMO_DATA")
    return Path(env).resolve() if env else project_root() / DEMO_DATA


def project_path(configured: str | Path) -> Path:
    """A path from params: absolute as given, else inside the project; ``data/demo/…`` follows ``demo_data_dir()``."""
    path = Path(configured)
    if path.is_absolute():
        return path
    if path.parts[: len(DEMO_DATA.parts)] == DEMO_DATA.parts:
        return demo_data_dir().joinpath(*path.parts[len(DEMO_DATA.parts):])
    return project_root() / path


def project_relative(path: Path) -> str:
    """The inverse of ``project_path`` for a manifest: ``data/demo/ekdala/2025/avvikelser.csv`` wherever the demo data is."""
    for base, prefix in ((demo_data_dir(), DEMO_DATA), (project_root(), Path())):
        try:
            return (prefix / path.relative_to(base)).as_posix()
        except ValueError:
            continue
    return str(path)


def reference_dir() -> Path:
    return data_dir() / "reference"


def output_dir() -> Path:
    env = os.environ.get("KVB_OUTPUT")
    return Path(env).resolve() if env else project_root() / "output"


def work_dir() -> Path:
    """``output/arbetsfiler/``: files an analyst makes from a notebook (a chapter's tables in Excel), not a report."""
    return output_dir() / "arbetsfiler"


def report_dir(kommun: str, year: int) -> Path:
    """``output/<kommun>/<år>/``: one finished report and everything it was built from."""
    return output_dir() / kommun / str(year)
