"""Small notebooks run the way the runner runs them, in one long-lived thread, with a deadline.

The warm kernel belongs to a thread, so a sequence of notebooks that should
share (or replace) a kernel has to run in one thread. Every call has a
deadline: a kernel that hangs fails the test instead of hanging the suite.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

from helpers.run.engine import discard_warm_kernel
from helpers.run.runner import execute_notebook

PID_CELL = "import os as _os\nprint('PID', _os.getpid())\ndel _os"


def notebook(folder: Path, name: str, *cells: str) -> Path:
    """A notebook of code cells; the first cell prints the kernel's process id."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (PID_CELL, *cells)]
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def run(path: Path, **options: Any) -> nbformat.NotebookNode:
    """Execute through ``runner.execute_notebook`` (warm engine, IPC kernel), as a chapter is."""
    return execute_notebook(path, path.stem, {}, path.with_name(f"{path.stem}-ut.ipynb"), **options)


def text(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed."""
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def pid(nb: nbformat.NotebookNode) -> int:
    match = re.search(r"PID (\d+)", text(nb))
    assert match, "the notebook printed its kernel's pid"
    return int(match.group(1))


def process_exists(number: int) -> bool:
    return Path(f"/proc/{number}").exists()


class KernelThread:
    """One daemon thread that runs the calls given to it, one at a time."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        threading.Thread(target=self._loop, name="kernel-tests", daemon=True).start()

    def _loop(self) -> None:
        while True:
            job, box, done = self._jobs.get()
            try:
                box.append((True, job()))
            except BaseException as exc:  # handed back to the test
                box.append((False, exc))
            done.set()

    def call(self, job: Callable[[], Any], deadline: float = 60) -> Any:
        box: list[tuple[bool, Any]] = []
        done = threading.Event()
        self._jobs.put((job, box, done))
        if not done.wait(deadline):
            pytest.fail(f"the kernel did not finish within {deadline} s (it hangs)")
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def close(self) -> None:
        self.call(discard_warm_kernel)
