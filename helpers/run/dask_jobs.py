"""What a Dask task carries, and the checks a worker makes before it runs a kommun.

A Dask worker may run on another machine, with its own checkout and its own
folders. So the client sends with each task everything that decides where the
report reads and writes (project root, params, demo data, output folder) and
what it is built from (the code version and the hash of every params and input
file it sees). The worker refuses, in Swedish and naming its host, when its
code, its files or its folders differ from the client's: a worker that sees no
data must never make a "Data saknas" report that counts as done. Then it runs
the kommun with the client's paths.

A job is plain data (dicts, strings, dates) so that a worker with another
version of the program can still read it and say so.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TypedDict

from .. import paths
from ..config import DEFAULTS_FILE, load_params
from ..errors import KvbError
from .batch import Task, run_task
from .manifest import MISSING, code_hash, input_hashes, made_where, sha256_file, versions
from .runner import RunResult

DRIFT_DOC = "docs/drift.md"
LISTED = 5  # differing files named in one message; the rest are counted
# The settings that decide every path (helpers.paths), sent from the client and set for the task.
PATH_VARIABLES = {"root": "KVB_ROOT", "output": "KVB_OUTPUT", "params": "KVB_PARAMS", "demo_data": "KVB_DEMO_DATA"}
# os.environ is one per process: a worker with several threads runs its kommuner one at a time.
_ONE_AT_A_TIME = threading.Lock()


class Place(TypedDict):
    """Where the client's project, params, demo data and output are, and the marker it wrote in the output folder."""

    root: str
    output: str
    params: str
    demo_data: str
    marker: str  # a file name in the output folder; its content is the token
    token: str
    scheduler: str


class Job(TypedDict):
    task: dict[str, Any]  # the fields of a batch Task, year resolved
    place: Place
    code: str  # manifest.code_hash() on the client
    files: dict[str, str]  # every params and input file the client sees: {name: sha256 or "saknas"}


def params_file_hashes(kommun: str) -> dict[str, str]:
    """The params files a kommun reads (its own and the defaults), as the manifest names files."""
    folder = paths.params_dir()
    return {paths.project_relative(p): sha256_file(p) if p.is_file() else MISSING
            for p in (folder / f"{kommun}.yml", folder / DEFAULTS_FILE)}


def client_place(scheduler: str, marker: str, token: str) -> Place:
    """This process's folders, as absolute paths a worker can use."""
    return Place(root=str(paths.project_root()), output=str(paths.output_dir()), params=str(paths.params_dir()),
                 demo_data=str(paths.demo_data_dir()), marker=marker, token=token, scheduler=scheduler)


def prepare_job(task: Task, place: Place, code: str) -> Job:
    """The job for one kommun as the client sees it; raises KvbError (bad params, no data folder) as a local run would."""
    params = load_params(task.kommun, task.year)
    params.existing_data_path()
    files = {**params_file_hashes(params.id), **input_hashes(params)}
    return Job(task=asdict(replace(task, kommun=params.id, year=params.ar, korning=None)), place=place, code=code, files=files)


@contextlib.contextmanager
def client_paths(place: Place) -> Iterator[None]:
    """The client's folders for ``helpers.paths`` (and the kernel, which inherits them) while a job runs here."""
    saved = {name: os.environ.get(name) for name in PATH_VARIABLES.values()}
    os.environ.update({name: place[key] for key, name in PATH_VARIABLES.items()})  # type: ignore[literal-required]
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def place_problems(place: Place, host: str) -> list[str]:
    """Whether this worker can use the client's folders, and sees the same output folder (the client's marker)."""
    root, params, output = Path(place["root"]), Path(place["params"]), Path(place["output"])
    if not (root / "notebooks").is_dir():
        return [f"Arbetaren {host} ser inte projektmappen {root} (eller dess notebooks/). Projektet måste ligga på samma "
                "sökväg på alla datorer som på klienten."]
    if not params.is_dir():
        return [f"Arbetaren {host} ser inte params-mappen {params}."]
    if not output.is_dir():
        return [f"Arbetaren {host} ser inte utdatamappen {output}. Den ska vara en delad mapp som klienten och alla "
                "arbetare når på samma sökväg."]
    marker = output / place["marker"]
    try:
        same = marker.read_text(encoding="utf-8") == place["token"]
    except OSError:
        same = False
    if not same:
        return [f"Arbetaren {host} ser en annan utdatamapp än klienten: klientens markeringsfil {marker.name} finns inte "
                f"i {output} där. Utdatamappen ska vara en delad mapp, samma för klienten och alla arbetare."]
    try:
        with tempfile.NamedTemporaryFile(dir=output, prefix=".kvb-skrivtest-"):
            pass
    except OSError:
        return [f"Arbetaren {host} kan inte skriva i utdatamappen {output}. Ge användaren som kör arbetaren skrivrätt."]
    return []


def code_problems(job: Job, host: str) -> list[str]:
    if code_hash() == job["code"]:
        return []
    return [f"Arbetaren {host} har en annan version av programmet än klienten (koden i helpers/, resurserna eller "
            "notebookarna skiljer sig). Installera samma version (samma commit) på arbetaren och starta om den."]


def differences(expected: dict[str, str], seen: dict[str, str], host: str, only: set[str] | None = None) -> list[str]:
    """One sentence per file that is missing, extra or different here; ``only``: compare just these names."""
    found = []
    for name in sorted(set(expected) | set(seen) if only is None else only):
        mine, theirs = seen.get(name, MISSING), expected.get(name, MISSING)
        if mine == theirs:
            continue
        if mine == MISSING:
            found.append(f"{name} finns inte på arbetaren {host}")
        elif theirs == MISSING:
            found.append(f"{name} finns på arbetaren {host} men inte hos klienten")
        else:
            found.append(f"{name} på arbetaren {host} skiljer sig från klientens")
    return found


def file_problems(job: Job, host: str) -> list[str]:
    """The params and input files of the job that this worker sees otherwise than the client (empty: the same)."""
    kommun = job["task"]["kommun"]
    own = params_file_hashes(kommun)
    found = differences(job["files"], own, host, only=set(own))
    if found:  # other params could name other files: compare those once the params are the same
        return found
    try:
        params = load_params(kommun, job["task"]["year"])
    except KvbError as exc:
        return [f"Arbetaren {host} kan inte läsa params för {kommun}: {exc}"]
    return differences(job["files"], {**own, **input_hashes(params)}, host)


def listed(items: list[str]) -> str:
    """The first few items joined, and how many more."""
    more = f" … och {len(items) - LISTED} till" if len(items) > LISTED else ""
    return "; ".join(items[:LISTED]) + more


def job_problems(job: Job, host: str) -> list[str]:
    """Why this worker must not run the job (empty: it may), the most basic reason first."""
    found = place_problems(job["place"], host) or code_problems(job, host)
    if found:
        return found
    files = file_problems(job, host)
    if files:
        return [f"Arbetaren {host} ser inte samma params och indata som klienten: {listed(files)}."]
    return []


def refused(job: Job, problems: list[str]) -> RunResult:
    """The failed result of a job this worker would not run; the earlier report stays."""
    task = job["task"]
    return RunResult(task["kommun"], task["year"], "misslyckad", Path(job["place"]["output"]) / task["kommun"],
                     error=" ".join(problems) + f" Rapporten skapades inte, och en tidigare rapport ligger kvar. Se {DRIFT_DOC}.")


def worker_address() -> str | None:
    """The Dask worker running this task (None outside one, e.g. in a test)."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return None


def run_job(job: Job) -> RunResult:
    """On a Dask worker: check that this worker sees what the client sees, then build the report with the client's paths."""
    with _ONE_AT_A_TIME, client_paths(job["place"]):
        address = worker_address()
        problems = job_problems(job, f"{socket.gethostname()} ({address})" if address else socket.gethostname())
        if problems:
            return refused(job, problems)
        korning = made_where("dask", job["place"]["scheduler"], address)
        return run_task(Task(**{**job["task"], "korning": korning}))


def worker_threads() -> int:
    try:
        from distributed import get_worker

        return get_worker().state.nthreads
    except (ImportError, ValueError):
        return 1


def version_problems(expected: dict[str, str], host: str) -> list[str]:
    mine = versions()
    differ = [f"{name} {mine.get(name, MISSING)} (klienten {value})" for name, value in sorted(expected.items())
              if mine.get(name, MISSING) != value]
    return [f"Arbetaren {host} har andra versioner av Python eller paketen: {listed(differ)}."] if differ else []


def check_worker(jobs: list[Job], client_versions: dict[str, str]) -> tuple[str, list[str]]:
    """The dry run on one worker: its host and every way it differs from the client (empty: it can run the batch)."""
    host = socket.gethostname()
    with _ONE_AT_A_TIME:
        threads = worker_threads()
        found = [] if threads == 1 else [f"Arbetaren {host} har {threads} trådar; starta den med --nthreads 1 (kommunerna "
                                         "körs annars ändå en i taget per arbetare)."]
        found += version_problems(client_versions, host)
        if not jobs:
            return host, found
        with client_paths(jobs[0]["place"]):
            basic = place_problems(jobs[0]["place"], host) or code_problems(jobs[0], host)
            if basic:
                return host, found + basic
            files = [problem for job in jobs for problem in file_problems(job, host)]
        if files:
            found.append(f"Arbetaren {host} ser inte samma params och indata som klienten ({len(files)} filer): {listed(files)}.")
    return host, found
