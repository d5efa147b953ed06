"""Kernels that hang, die or stop answering: the chapter fails fast in Swedish, the next notebook gets a fresh kernel."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time

import nbformat
import pytest
import typer
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from notebookrun import KernelThread, notebook, pid, process_exists, run, text
from typer.testing import CliRunner

from helpers import paths
from helpers.cli import app
from helpers.errors import ChapterFailed
from helpers.run.engine import CELL_TIMEOUT_SECONDS, KernelNotReady, failure_reason
from helpers.run.kernels import IPCKernelManager

TIMED_OUT = ("Kapitlet {name} kunde inte skapas: en cell tog längre än 3 sekunder och stoppades. Kontrollera att "
             "indatafilerna inte är ovanligt stora eller trasiga, eller kör igen med en längre tidsgräns (--tidsgrans 6).")
DIED = ("Kapitlet {name} kunde inte skapas: Python-kärnan avslutades oväntat (kanske slut på minne). Stäng andra "
        "program eller kör färre kommuner samtidigt (--jobb 1) och försök igen.")
SILENT = ("Kapitlet {name} kunde inte skapas: Python-kärnan svarade inte i tid. Försök igen; händer det igen är "
          "datorn troligen överbelastad: kör färre kommuner samtidigt (--jobb 1).")


@pytest.fixture(scope="module")
def kernel():
    thread = KernelThread()
    yield thread
    thread.close()


def failure(kernel: KernelThread, path, deadline: float, **options) -> tuple[str, float]:
    """Run a notebook that must fail; its Swedish message and how long it took."""
    started = time.perf_counter()
    with pytest.raises(ChapterFailed) as caught:
        kernel.call(lambda: run(path, **options), deadline)
    return str(caught.value), time.perf_counter() - started


def test_a_cell_over_the_time_limit_is_stopped_and_the_next_notebook_gets_a_fresh_kernel(kernel, tmp_path):
    before = pid(kernel.call(lambda: run(notebook(tmp_path, "före", "x = 1"))))
    sleeper = notebook(tmp_path, "sovande", "import time\ntime.sleep(20)\nprint('sov klart')")
    message, seconds = failure(kernel, sleeper, 30, cell_timeout=3)
    assert message == TIMED_OUT.format(name="sovande")
    assert seconds < 10, f"stopped after {seconds:.1f} s, not after about 3"
    assert not process_exists(before), "the kernel of the stopped cell is gone, so the cell runs no further"
    after = kernel.call(lambda: run(notebook(tmp_path, "efter", "import time\ntime.sleep(1)\nprint('klar')")))
    assert pid(after) != before and "klar" in text(after) and "sov klart" not in text(after)


@pytest.mark.parametrize("death", ["os._exit(1)", "os.kill(os.getpid(), 9)"], ids=["exit", "sigkill"])
def test_a_kernel_that_dies_mid_cell_fails_the_chapter_in_seconds(kernel, tmp_path, death):
    dying = notebook(tmp_path, "döende", f"import os, time\ntime.sleep(0.5)\n{death}\ntime.sleep(30)")
    message, seconds = failure(kernel, dying, 30)
    assert message == DIED.format(name="döende")
    assert seconds < 10, f"noticed after {seconds:.1f} s"
    after = kernel.call(lambda: run(notebook(tmp_path, "efter", "print('klar')")))
    assert "klar" in text(after)


def test_a_frozen_kernel_is_stopped_by_the_time_limit(kernel, tmp_path):
    frozen = notebook(tmp_path, "fryst", "import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)")
    message, seconds = failure(kernel, frozen, 30, cell_timeout=3)
    assert message == TIMED_OUT.format(name="fryst") and seconds < 10
    assert "klar" in text(kernel.call(lambda: run(notebook(tmp_path, "efter", "print('klar')"))))


def test_a_kernel_frozen_between_notebooks_is_replaced_not_reported(kernel, tmp_path):
    first = pid(kernel.call(lambda: run(notebook(tmp_path, "första", "x = 1"))))
    os.kill(first, signal.SIGSTOP)  # e.g. suspended by the system: alive, but it answers nothing
    after = kernel.call(lambda: run(notebook(tmp_path, "efter", "print('klar')"), start_timeout=3), 40)
    assert pid(after) != first and "klar" in text(after)
    assert not process_exists(first)


def test_a_kernel_that_never_answers_at_start_fails_the_chapter(kernel, tmp_path, monkeypatch):
    kernel.close()  # so that a kernel has to be started
    never = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(IPCKernelManager, "format_kernel_cmd", lambda self, extra_arguments=None: never)
    message, seconds = failure(kernel, notebook(tmp_path, "tyst", "x = 1"), 40, start_timeout=3)
    assert message == SILENT.format(name="tyst") and seconds < 15
    monkeypatch.undo()
    assert "klar" in text(kernel.call(lambda: run(notebook(tmp_path, "efter", "print('klar')"))))


def test_without_the_warm_kernel_a_plain_papermill_run_is_stopped_as_well(tmp_path):
    sleeper = notebook(tmp_path, "kall", "import time\ntime.sleep(20)")
    message, seconds = failure(KernelThread(), sleeper, 30, warm=False, cell_timeout=3)
    assert message == TIMED_OUT.format(name="kall") and seconds < 10


def test_a_failing_notebook_is_followed_by_a_good_one_in_a_fresh_kernel(kernel, tmp_path):
    broken = notebook(tmp_path, "trasig", "kvar = 'från den trasiga'\nraise ValueError('trasig cell')")
    message, _ = failure(kernel, broken, 30)
    assert message == ("Kapitlet trasig kunde inte skapas: ett oväntat fel i programmet (inte i indata) stoppade kapitlet. "
                       "Kör igen med 'kvb --felsok …' för tekniska detaljer och skicka dem till den som underhåller verktyget.")
    good = kernel.call(lambda: run(notebook(tmp_path, "hel", "print('kvar' in dir(), 'hel')")))
    assert "False hel" in text(good)
    assert pid(good) == pid(kernel.call(lambda: run(notebook(tmp_path, "hel2", "x = 1")))), "a good notebook keeps its kernel"


def test_the_kernel_restarts_when_the_environment_or_the_code_changes(kernel, tmp_path, monkeypatch):
    # A copy of the code, so that the test can edit it: the engine hashes helpers/ and notebooks/ there.
    copy = tmp_path / "kod"
    shutil.copytree(paths.PACKAGE_DIR, copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.notebooks_dir(), copy / "notebooks")
    monkeypatch.setattr(paths, "PACKAGE_DIR", copy / "helpers")
    monkeypatch.setattr(paths, "RESOURCES_DIR", copy / "helpers" / "resources")
    probe = notebook(tmp_path, "prov", "x = 1")
    first = pid(kernel.call(lambda: run(probe)))
    assert pid(kernel.call(lambda: run(probe))) == first, "nothing changed: the warm kernel is reused"
    monkeypatch.setenv("KVB_PROV_INSTALLNING", "ny")
    second = pid(kernel.call(lambda: run(probe)))
    assert second != first, "a changed KVB_ setting starts a fresh kernel"
    charts = copy / "helpers" / "charts.py"
    charts.write_text(charts.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    assert pid(kernel.call(lambda: run(probe))) != second, "edited code starts a fresh kernel"


def _cell() -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell("import time\ntime.sleep(99)")


@pytest.mark.parametrize(("error", "reason"), [
    (CellTimeoutError.error_from_timeout_and_cell("Cell execution timed out", 600, _cell()),
     "en cell tog längre än 600 sekunder och stoppades."),
    (CellTimeoutError.error_from_timeout_and_cell("Timeout waiting for IOPub output", 30, _cell()),
     "kärnans sista utskrifter kom inte fram inom 30 sekunder."),
    (DeadKernelError("Kernel died"), "Python-kärnan avslutades oväntat (kanske slut på minne)."),
    (RuntimeError("Kernel died before replying to kernel_info"), "Python-kärnan avslutades oväntat (kanske slut på minne)."),
    (RuntimeError("Kernel didn't respond in 60 seconds"), "Python-kärnan svarade inte i tid."),
    (TimeoutError("Timeout waiting for output"), "Python-kärnan svarade inte i tid."),
    (KernelNotReady("ModuleNotFoundError: No module named 'helpers'"), "Python-kärnan kunde inte förberedas för notebooken."),
])
def test_each_kernel_failure_has_a_plain_swedish_reason(error, reason):
    found = failure_reason(error, 600)
    assert found.startswith(reason)
    assert not any(word in found for word in ("Error", "Kernel", "Timeout", "IOPub", "helpers'")), found


def test_other_errors_are_not_taken_for_kernel_failures():
    assert failure_reason(ValueError("fel i data"), 600) is None
    assert failure_reason(RuntimeError("något annat"), 600) is None


def test_the_time_limit_is_an_option_of_rapport_and_batch_with_a_swedish_error():
    outcome = CliRunner().invoke(app, ["rapport", "ekdala", "--tidsgrans", "0"])
    assert outcome.exit_code == 2
    assert outcome.output.strip() == f"Tidsgränsen 0 går inte: ange antal sekunder, minst 1 (standard {CELL_TIMEOUT_SECONDS})."
    commands = typer.main.get_command(app).commands
    for command in ("rapport", "batch"):
        option = next(p for p in commands[command].params if "--tidsgrans" in p.opts)
        assert option.help.endswith(f"(standard: {CELL_TIMEOUT_SECONDS}).")
    assert CELL_TIMEOUT_SECONDS == 600
