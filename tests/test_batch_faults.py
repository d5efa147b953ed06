"""Batches that stop cleanly, leftovers of dead runs, exit codes, and failure paths that keep the good report."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from reportscan import html_rows
from typer.testing import CliRunner

from helpers import paths
from helpers.cli import app
from helpers.errors import KvbError, RenderError
from helpers.run import kernels, leftovers
from helpers.run import runner as runner_module
from helpers.run.batch import Task, run_local, run_task, summarize
from helpers.run.publish import write_index
from helpers.run.runner import run_report
from helpers.run.staging import swap_into_place
from helpers.run.workers import crash_reason

pytestmark = pytest.mark.e2e

SMALL = """id,registreringsdatum,avdelning,verksamhetsomrade,typ,lex_sarah_markerad,utredning_start,utredning_slut,beskrivning
L-1,2025-02-03,Verkställighet,Äldreomsorg,Fall,nej,2025-02-04,2025-02-10,FRITEXT-HEMLIG
L-2,2025-03-03,Verkställighet,Äldreomsorg,Läkemedelshändelse,ja,2025-03-04,,FRITEXT-HEMLIG
L-3,2025-04-01,Myndighet,Barn och unga,Brist i handläggning,nej,,,FRITEXT-HEMLIG
"""
NAMES = ("alfa", "beta", "gamma", "delta")


def write_kommuner(root: Path, names: tuple[str, ...] = NAMES) -> Path:
    """A params folder with small kommuner (one chapter, HTML only) and their data under ``root``."""
    folder = root / "params"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.project_root() / "params" / "_defaults.yml", folder / "_defaults.yml")
    for i, name in enumerate(names):
        (folder / f"{name}.yml").write_text(
            f'kommun: {{kod: "{i + 1:04d}", namn: {name.capitalize()} kommun, namnd: Socialnämnden, forvaltning: Socialförvaltningen}}\n'
            f"data_katalog: {root / 'data' / name}\nformat: [html]\nkapitel: [avvikelser]\nutkast: true\n",
            encoding="utf-8",
        )
        data = root / "data" / name / "2025"
        data.mkdir(parents=True, exist_ok=True)
        (data / "avvikelser.csv").write_text(SMALL, encoding="utf-8")
    return folder


@pytest.fixture()
def kommuner(tmp_path, monkeypatch, output_root):
    """Small kommuner in tmp_path, reports to tmp_path/output, kernel socket folders in tmp_path/tmp."""
    monkeypatch.setenv("KVB_PARAMS", str(write_kommuner(tmp_path)))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return tmp_path


def dot_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob(".*") if p.is_dir())


# ------------------------------------------------------------------ write, then swap


@pytest.fixture(scope="module")
def good_report(tmp_path_factory):
    """One good report shared by the tests below: each of them must leave it exactly as it was."""
    root = tmp_path_factory.mktemp("bra")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_PARAMS", str(write_kommuner(root, ("alfa",))))
        mp.setenv("KVB_OUTPUT", str(root / "output"))
        result = run_report("alfa", engine="inbyggd")
        html = next(p for p in result.files if p.suffix == ".html")
        yield html, html.read_bytes()


def test_failing_second_rename_keeps_the_good_report(good_report, monkeypatch):
    html, before = good_report
    rename = Path.rename

    def failing(self, target):
        if ".pågår-" in self.name:
            raise OSError(errno.EIO, "Input/output error", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError):
        run_report("alfa", engine="inbyggd", force=True)
    assert html.read_bytes() == before
    assert dot_folders(paths.output_dir()) == []


def test_second_rename_and_putting_back_both_fail(tmp_path):
    """The worst case: the message says where the untouched previous report is."""
    final, staging = tmp_path / "2025", tmp_path / ".2025.pågår-1"
    final.mkdir()
    (final / "rapport.html").write_text("gammal", encoding="utf-8")
    staging.mkdir()
    rename = Path.rename
    calls = []

    def failing(self, target):
        calls.append(self.name)
        if len(calls) > 1:
            raise OSError(errno.EIO, "Input/output error", str(self))
        return rename(self, target)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "rename", failing)
        with pytest.raises(KvbError) as excinfo:
            swap_into_place(staging, final)
    (old,) = [p for p in tmp_path.iterdir() if ".gammal-" in p.name]
    assert str(excinfo.value) == ("Den nya rapporten kunde inte läggas på plats, och den tidigare rapporten kunde inte heller flyttas "
                                  f"tillbaka. Den tidigare rapporten ligger orörd i {old}: byt namn på mappen till 2025.")
    assert (old / "rapport.html").read_text(encoding="utf-8") == "gammal"


def test_failing_render_after_the_notebooks_keeps_the_good_report(good_report, monkeypatch):
    html, before = good_report

    def broken(doc, formats, engine):
        assert (doc.parent / "notebooks").is_dir()  # the notebooks have run
        raise RenderError("HTML-rendering misslyckades: testfel")

    monkeypatch.setattr(runner_module, "render", broken)
    with pytest.raises(RenderError, match="testfel"):
        run_report("alfa", engine="inbyggd", force=True)
    assert html.read_bytes() == before
    assert dot_folders(paths.output_dir()) == []


@pytest.mark.parametrize("code, why, todo", [
    (errno.EROFS, "mappen ligger på en skrivskyddad disk", "Välj en mapp som går att skriva i"),
    (errno.ENOSPC, "disken är full", "Frigör utrymme på disken"),
    (errno.EACCES, "du har inte behörighet att skriva där", "Kontrollera behörigheten till mappen"),
], ids=["skrivskyddad", "full", "behorighet"])
def test_full_or_read_only_output_is_a_plain_error_and_keeps_the_report(good_report, monkeypatch, code, why, todo):
    """The disk fills (or turns read-only) while the manifest is written, after the notebooks ran."""
    html, before = good_report
    write_text = Path.write_text

    def failing(self, *args, **kwargs):
        if self.name == "manifest.json":
            raise OSError(code, os.strerror(code), str(self))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    outcome = CliRunner().invoke(app, ["rapport", "alfa", "--motor", "inbyggd", "--tvinga"])
    assert outcome.exit_code == 2
    folder = paths.output_dir() / "alfa"
    assert outcome.output.strip() == (f"Rapporten för alfa 2025 kunde inte skrivas i {folder}: {why}. {todo} (eller ange en annan "
                                      "utdatamapp med miljövariabeln KVB_OUTPUT) och kör igen. En tidigare rapport ligger kvar oförändrad.")
    assert html.read_bytes() == before
    assert dot_folders(paths.output_dir()) == []


def test_output_folder_that_cannot_be_created(kommuner, monkeypatch):
    mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self.is_relative_to(paths.output_dir()):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(KvbError, match=r"kunde inte skrivas i .*/output/alfa: mappen ligger på en skrivskyddad disk\."):
        run_report("alfa", engine="inbyggd")


# ------------------------------------------------------------------ exit codes


def test_unexpected_error_is_one_swedish_line_and_exit_1(kommuner, monkeypatch):
    def bug(*args, **kwargs):
        raise RuntimeError("internt testfel")

    monkeypatch.setattr(runner_module, "run_report", bug)
    outcome = CliRunner().invoke(app, ["rapport", "alfa"])
    assert outcome.exit_code == 1
    assert outcome.output.strip() == ("Ett oväntat fel inträffade i programmet (inte i dina indata). "
                                      "Kör igen som 'kvb --felsok rapport …' för detaljer.")
    detailed = CliRunner().invoke(app, ["--felsok", "rapport", "alfa"])
    assert detailed.exit_code == 1
    assert "Traceback" in detailed.output and "RuntimeError: internt testfel" in detailed.output


def test_unknown_kommun_in_a_batch_is_a_mistake_in_the_command(kommuner):
    outcome = CliRunner().invoke(app, ["batch", "alfa", "finnsinte", "--jobb", "1"])
    assert outcome.exit_code == 2
    assert outcome.output.startswith("Det finns ingen params-fil för 'finnsinte'")
    assert not (paths.output_dir() / "alfa").exists(), "nothing ran"


def test_bad_option_exits_2(kommuner):
    outcome = CliRunner().invoke(app, ["batch", "--motor", "latex"])
    assert outcome.exit_code == 2
    assert outcome.output.strip() == "Okänd motor 'latex'. Välj auto, inbyggd eller quarto."


def test_kvb_command_never_shows_a_traceback(kommuner):
    """The installed command (helpers.cli.main), run as a user runs it."""
    done = subprocess.run([sys.executable, "-m", "helpers.cli", "batch", "--datum", "igår"], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == "Datumet 'igår' ska skrivas ÅÅÅÅ-MM-DD." and done.stdout == ""


# ------------------------------------------------------------------ crashed workers


def crashing_runner(task: Task):
    """Runs in a worker process: some kommuner end it the ways a worker dies in real life."""
    if task.kommun == "exit":
        os._exit(3)
    if task.kommun == "minne":
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    if task.kommun == "segfault":
        ctypes.string_at(0)
    if task.kommun == "bugg":
        raise RuntimeError("fel i programmet")
    if task.kommun == "beta":  # dies while rendering, after its notebooks ran: leaves a staging folder and a kernel
        def die(*args, **kwargs):
            os._exit(4)

        runner_module.render = die
    return run_task(task)


def test_crashed_workers_fail_only_their_kommun(kommuner):
    tasks = [Task(k, None, "inbyggd") for k in ("alfa", "exit", "minne", "segfault", "bugg", "beta", "gamma")]
    results = {r.kommun: r for r in run_local(tasks, jobs=2, show_progress=False, runner=crashing_runner)}
    assert {k: r.status for k, r in results.items()} == {"alfa": "klar", "gamma": "klar", "exit": "misslyckad", "minne": "misslyckad",
                                                          "segfault": "misslyckad", "bugg": "misslyckad", "beta": "misslyckad"}
    assert results["exit"].error == crash_reason(3)
    assert results["exit"].error == ("Arbetsprocessen avslutades oväntat (slutkod 3). Rapporten skapades inte; en tidigare rapport "
                                     "ligger i så fall kvar orörd. Kör kommunen igen, och med färre parallella jobb (--jobb 1) om det händer igen.")
    assert "(den stoppades av systemet, troligen för att minnet tog slut)" in results["minne"].error
    assert "(den kraschade av ett minnesfel i ett programbibliotek)" in results["segfault"].error
    assert "(slutkod 4)" in results["beta"].error
    assert results["bugg"].error.startswith("Ett oväntat fel i programmet (inte i indata) stoppade rapporten")
    assert "RuntimeError: fel i programmet" in results["bugg"].detail and "RuntimeError" not in results["bugg"].error
    summary = summarize(results.values())
    assert summary.endswith("Klart: 2 av 7 rapporter finns; 5 misslyckades; 0 med kontroller att titta på.")
    index = write_index()
    assert [r[0] for r in html_rows(index, table=0)[1:]] == ["Alfa kommun (utkast)", "Gamma kommun (utkast)"]
    # beta's worker died mid-report: its staging folder stays until the next run, which removes it and says so.
    assert [p.name.split("-")[0] for p in (paths.output_dir() / "beta").iterdir()] == [".2025.pågår"]
    again = run_report("beta", engine="inbyggd")
    assert again.status == "klar"
    assert again.notes[0].startswith("Städade bort det en avbruten körning lämnat: 1 halvfärdig rapportmapp (beta)")
    assert sorted(p.name for p in (paths.output_dir() / "beta").iterdir()) == ["2025"]


def test_unexpected_error_in_a_task_does_not_stop_the_batch(kommuner, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("helpers.run.batch.run_report", bug)
    result = run_task(Task("alfa", None))
    assert result.status == "misslyckad"
    assert result.error == ("Ett oväntat fel i programmet (inte i indata) stoppade rapporten; en tidigare rapport ligger i så fall "
                            "kvar orörd. Kör igen med 'kvb --felsok batch …' för detaljer.")
    assert "ZeroDivisionError" in result.detail


# ------------------------------------------------------------------ leftovers of dead runs


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def marked(folder: Path, pid: int, host: str | None = None, start: str | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / leftovers.OWNER_FILE).write_text(json.dumps({"pid": pid, "vard": host or socket.gethostname(), "start": start}),
                                               encoding="utf-8")
    (folder / "rapport.html").write_text("x", encoding="utf-8")
    return folder


def test_dead_runs_staging_is_removed_and_a_live_runs_is_kept(tmp_path):
    kommun = tmp_path / "alfa"
    live = marked(kommun / ".2025.pågår-aaaa", os.getpid(), start=leftovers.process_start(os.getpid()))
    dead = marked(kommun / ".2025.pågår-bbbb", dead_pid())
    reused = marked(kommun / ".2024.pågår-cccc", os.getpid(), start="1")  # our pid, another process's start time
    elsewhere = marked(kommun / ".2025.pågår-dddd", 1, host="en-annan-dator")
    unmarked = kommun / ".2025.pågår-eeee"
    unmarked.mkdir()
    (kommun / "2025").mkdir()
    cleaned = leftovers.clean_kommun(kommun)
    assert sorted(cleaned.removed) == sorted([dead, reused])
    assert live.exists() and elsewhere.exists() and unmarked.exists() and (kommun / "2025").exists()
    assert leftovers.describe(cleaned) == "Städade bort det en avbruten körning lämnat: 2 halvfärdiga rapportmappar (alfa)."
    # A day later the unmarked folder and the other host's count as dead too; the live run's never does.
    later = leftovers.clean_kommun(kommun, now=time.time() + 25 * 3600)
    assert sorted(later.removed) == sorted([elsewhere, unmarked])
    assert live.exists()


def test_a_previous_report_a_dead_swap_left_aside_is_put_back(tmp_path):
    kommun = tmp_path / "alfa"
    old = marked(kommun / ".2025.gammal-aaaa", dead_pid())
    stale_old = marked(kommun / ".2024.gammal-bbbb", dead_pid())
    (kommun / "2024").mkdir()  # the swap of 2024 finished: its old copy is only rubbish
    cleaned = leftovers.clean_kommun(kommun)
    assert cleaned.restored == [kommun / "2025"] and cleaned.removed == [stale_old]
    assert sorted(p.name for p in (kommun / "2025").iterdir()) == ["rapport.html"]
    assert not old.exists() and not stale_old.exists()
    assert leftovers.describe(cleaned) == ("Städade bort det en avbruten körning lämnat: 1 halvfärdig rapportmapp (alfa). "
                                           f"Lade tillbaka den tidigare rapporten i {kommun / '2025'}.")


def connection_file(temp: Path, folder: Path) -> Path:
    """A kernel connection file as jupyter_client writes it (``tmp*.json``, with the kernel's key)."""
    handle, name = tempfile.mkstemp(".json", dir=temp)
    os.close(handle)
    Path(name).write_text(json.dumps({"transport": "ipc", "ip": str(folder / "kernel"), "key": "hemlig", "shell_port": 1}),
                          encoding="utf-8")
    return Path(name)


def test_kernel_socket_folders_of_dead_owners_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert leftovers.SOCKET_DIR_PREFIX == kernels.SOCKET_DIR_PREFIX
    ours = kernels.private_socket_dir()
    owner = json.loads((ours / leftovers.OWNER_FILE).read_text(encoding="utf-8"))
    assert owner["pid"] == os.getpid() and owner["vard"] == socket.gethostname()
    dead = marked(tmp_path / "kvb-kernel-dead1234", dead_pid())
    other = marked(tmp_path / "annat-program-1234", dead_pid())
    live_connection, dead_connection = connection_file(tmp_path, ours), connection_file(tmp_path, dead)
    unrelated = tmp_path / "tmpannat.json"
    unrelated.write_text('{"transport": "tcp", "ip": "127.0.0.1"}', encoding="utf-8")
    cleaned = leftovers.clean_socket_dirs()
    assert cleaned.removed == [dead, dead_connection]
    assert ours.exists() and other.exists() and live_connection.exists() and unrelated.exists()
    assert leftovers.describe(cleaned) == f"Städade bort det en avbruten körning lämnat: 1 kärnmapp och 1 anslutningsfil i {tmp_path}."


def test_a_process_removes_its_own_socket_folders_at_exit(tmp_path):
    """A kernel stopped while it started is never shut down; its folder goes when its process ends."""
    code = ("import tempfile; tempfile.tempdir = %r; from helpers.run import kernels; kernels.private_socket_dir(); "
            "print(len(list(__import__('pathlib').Path(%r).glob('kvb-kernel-*'))))") % (str(tmp_path), str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "1"
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ stopping a batch (kvb batch as a subprocess)


def marked_processes(marker: str) -> list[int]:
    """Every live process whose environment carries the test's marker (the batch, its workers, their kernels)."""
    needle = f"KVB_TEST_MARKER={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def wait_for(condition, seconds: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


class Batch:
    """``kvb <command>`` (default ``batch``) in its own session, with a marker in its environment."""

    def __init__(self, root: Path, *args: str, command: str = "batch"):
        self.root, self.marker = root, uuid.uuid4().hex
        self.output, self.temp = root / "output", root / "tmp"
        self.env = {**os.environ, "KVB_PARAMS": str(root / "params"), "KVB_OUTPUT": str(self.output), "TMPDIR": str(self.temp),
                    "KVB_TEST_MARKER": self.marker}
        self.proc = subprocess.Popen([sys.executable, "-m", "helpers.cli", command, "--motor", "inbyggd", *args], env=self.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def finished(self, kommun: str) -> bool:
        return (self.output / kommun / "2025" / "manifest.json").exists()

    def staging(self) -> list[Path]:
        return list(self.output.glob("*/.2025.pågår-*"))

    def sockets(self) -> list[Path]:
        return list(self.temp.glob("kvb-kernel-*"))

    def communicate(self) -> tuple[str, str]:
        return self.proc.communicate(timeout=30)

    def kill_what_is_left(self) -> None:
        for pid in marked_processes(self.marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@pytest.fixture()
def batches(tmp_path):
    """Start ``kvb batch`` runs in tmp_path; whatever a failing test leaves running is killed afterwards."""
    write_kommuner(tmp_path)
    (tmp_path / "tmp").mkdir()
    started: list[Batch] = []

    def start(*args: str, command: str = "batch") -> Batch:
        batch = Batch(tmp_path, *args, command=command)
        started.append(batch)
        return batch

    yield start
    for batch in started:
        batch.kill_what_is_left()


def started_and_first_done(start, *args: str) -> Batch:
    batch = start(*args)
    assert wait_for(lambda: batch.finished("alfa"), 180), "the first kommun never finished"
    return batch


def assert_stopped_cleanly(batch: Batch, stdout: str, stderr: str, code: int) -> None:
    assert batch.proc.returncode == code, stderr
    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert "KLAR        alfa 2025" in stdout
    line = stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"Avbrutet: (\d+) klara?, (\d+) ej körda?: ([a-z, ]+)\.", line)
    assert match, line
    done, not_run, names = int(match[1]), int(match[2]), match[3].split(", ")
    assert done + not_run == len(NAMES) and not_run == len(names) >= 1
    assert all(not batch.finished(k) for k in names)
    index = (batch.output / "index.html").read_text(encoding="utf-8")
    assert 'href="alfa/2025/kvalitetsberattelse-alfa-2025.html"' in index
    assert wait_for(lambda: not marked_processes(batch.marker), 10), "workers or kernels outlived the batch"
    assert (dot_folders(batch.output), batch.sockets(), list(batch.temp.glob("tmp*.json"))) == ([], [], [])


def test_sigterm_stops_workers_and_kernels_and_reports_what_was_done(batches):
    batch = started_and_first_done(batches, "--jobb", "1", *NAMES)
    os.kill(batch.proc.pid, signal.SIGTERM)
    stdout, stderr = batch.communicate()
    assert_stopped_cleanly(batch, stdout, stderr, 128 + signal.SIGTERM)


def test_ctrl_c_stops_the_batch_and_says_what_was_not_run(batches):
    batch = started_and_first_done(batches, "--jobb", "2", *NAMES)
    os.killpg(batch.proc.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole foreground group
    stdout, stderr = batch.communicate()
    assert_stopped_cleanly(batch, stdout, stderr, 128 + signal.SIGINT)


def test_sigkill_of_the_batch_takes_its_workers_and_kernels_along(batches):
    batch = started_and_first_done(batches, "--jobb", "1", *NAMES)
    os.kill(batch.proc.pid, signal.SIGKILL)
    batch.communicate()
    assert wait_for(lambda: not marked_processes(batch.marker), 10), "workers or kernels outlived the batch"
    # The worker got SIGTERM from the kernel (PR_SET_PDEATHSIG) and cleaned up after itself.
    assert dot_folders(batch.output) == [] and batch.sockets() == []


def test_next_run_cleans_what_a_killed_batch_left(batches):
    batch = batches("--jobb", "1", "alfa", "beta")
    assert wait_for(lambda: batch.staging() and batch.sockets() and list(batch.temp.glob("tmp*.json")), 180)
    os.killpg(batch.proc.pid, signal.SIGKILL)  # the batch and its worker at once: nothing of ours runs any clean-up
    batch.communicate()
    assert wait_for(lambda: not marked_processes(batch.marker), 10), "kernels outlived their worker"
    (staging,) = batch.staging()
    (folder,) = batch.sockets()
    (connection,) = batch.temp.glob("tmp*.json")  # the kernel's connection file, with its key
    again = subprocess.run([sys.executable, "-m", "helpers.cli", "batch", "--motor", "inbyggd", "--jobb", "1", "alfa", "beta"],
                           env=batch.env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (f"Städade bort det en avbruten körning lämnat: 1 halvfärdig rapportmapp "
                                            f"({staging.parent.name}), 1 kärnmapp och 1 anslutningsfil i {batch.temp}.")
    assert not staging.exists() and not folder.exists() and not connection.exists()
    assert dot_folders(batch.output) == [] and batch.sockets() == []


def test_sigterm_to_one_report_removes_its_staging_and_kernel(batches):
    """``kvb rapport`` runs in one process with its warm kernel: SIGTERM unwinds it like Ctrl-C."""
    report = batches("alfa", command="rapport")
    assert wait_for(lambda: report.staging() and report.sockets(), 180)
    os.kill(report.proc.pid, signal.SIGTERM)
    stdout, stderr = report.communicate()
    assert report.proc.returncode == 128 + signal.SIGTERM
    assert stderr.strip() == "Avbrutet. Inget ersattes: en tidigare rapport ligger i så fall kvar orörd." and stdout == ""
    assert wait_for(lambda: not marked_processes(report.marker), 10)
    assert dot_folders(report.output) == [] and report.sockets() == [] and not (report.output / "alfa" / "2025").exists()


def test_a_long_batch_shows_its_tally_and_lists_the_failures_together_at_the_end():
    from helpers.run.batch import default_jobs, progress_counts
    from helpers.run.runner import RunResult

    results = [RunResult("alfa", 2025, "klar", Path("a")), RunResult("gamma", 2025, "misslyckad", Path("g"), error="trasig fil"),
               RunResult("beta", 2025, "misslyckad", Path("b"), error="trasig fil"), RunResult("delta", 2025, "oförändrad", Path("d"))]
    assert progress_counts(results) == "klara 2, misslyckade 2"
    lines = summarize(results).splitlines()
    assert lines[-2:] == ["Misslyckades (2): beta, gamma",
                          "Klart: 2 av 4 rapporter finns; 2 misslyckades; 0 med kontroller att titta på."]
    assert default_jobs() == len(os.sched_getaffinity(0))
