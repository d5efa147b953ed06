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


def demo_data_dir() -> Path:
    return data_dir() / "demo"


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
