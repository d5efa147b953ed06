"""Batches on a Dask cluster: the same reports as locally, faults that end in a summary, the dry run, TLS.

The clusters are LocalClusters in this process (``processes=False``) where a
worker thread suffices, real worker processes where a worker must die or be
another installation.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from test_batch_faults import write_kommuner
from typer.testing import CliRunner

from helpers import paths
from helpers.cli import app
from helpers.run.batch import Task, run_local
from helpers.run.runner import RunResult

distributed = pytest.importorskip("dask.distributed", reason="Dask är inte installerat (pip install .[dask]).")
dask = pytest.importorskip("dask")

from helpers.run.dask_batch import check_cluster, run_dask  # noqa: E402  (needs Dask)

pytestmark = pytest.mark.e2e
HOST = socket.gethostname()


@pytest.fixture()
def kommuner(tmp_path, monkeypatch, output_root):
    """Small kommuner (one chapter, HTML) in tmp_path; reports to tmp_path/output, kernel sockets in tmp_path/tmp."""
    monkeypatch.setenv("KVB_PARAMS", str(write_kommuner(tmp_path, ("alfa", "beta", "gamma", "krasch", "bugg", "seg"))))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    return tmp_path


def in_process_cluster(**options):
    return distributed.LocalCluster(processes=False, dashboard_address=None, host="127.0.0.1",
                                    **{"n_workers": 1, "threads_per_worker": 1, "protocol": "tcp://", **options})


def dask_runner(job) -> RunResult:
    """On a Dask worker: a fake report, a crash that kills the worker, a bug, a task that never ends."""
    kommun = job["task"]["kommun"]
    if kommun == "krasch":
        os._exit(1)
    if kommun == "bugg":
        raise RuntimeError("fel i programmet")
    if kommun in {"seg", "beta", "gamma"} and job["task"]["force"]:
        time.sleep(8)
    return RunResult(kommun, 2025, "klar", Path("/tmp") / kommun)


# ------------------------------------------------------------------ faults


def test_killed_worker_bug_and_timeout_fail_only_their_kommun(kommuner):
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster.scheduler_address) as client:
            client.run(lambda: __import__(__name__))  # imports done before the clock below starts
        # First, while both workers are up: one kommun never ends (it keeps its worker busy after it is cancelled).
        late = run_dask([Task("seg", None, force=True), Task("alfa", None)], cluster.scheduler_address, show_progress=False,
                        timeout=3, runner=dask_runner)
        results = run_dask([Task(k, None) for k in ("alfa", "krasch", "bugg")], cluster.scheduler_address, show_progress=False,
                           runner=dask_runner)
    status = {r.kommun: (r.status, r.error) for r in results}
    assert status["alfa"] == ("klar", None)
    assert status["krasch"][0] == "misslyckad"
    assert status["krasch"][1].startswith("Arbetsprocessen på Dask-klustret avslutades oväntat varje gång den körde kommunen "
                                          "(troligen slut på minne). Rapporten skapades inte, och en tidigare rapport ligger kvar. "
                                          "Senast på arbetaren tcp://127.0.0.1:")
    assert status["bugg"][1].startswith("Ett oväntat fel i programmet (inte i indata)")
    assert {r.kommun: (r.status, r.error) for r in late} == {
        "alfa": ("klar", None),
        "seg": ("misslyckad", "Dask-klustret blev inte klart med kommunen inom 3 sekunder (--tidsgrans-dask); körningen avbröts."),
    }


def not_run(address: str, seconds: str) -> str:
    return (f"Kördes inte: Dask-klustret {address} hade inga arbetare i {seconds} (--vanta-pa-arbetare). Starta "
            "arbetare (se docs/drift.md) och kör kommunen igen; en tidigare rapport ligger kvar.")


def test_a_cluster_without_workers_ends_with_a_summary_and_the_index(kommuner):
    with in_process_cluster(n_workers=0) as cluster:
        started = time.monotonic()
        outcome = CliRunner().invoke(app, ["batch", "--dask", cluster.scheduler_address, "--vanta-pa-arbetare", "1",
                                           "--motor", "inbyggd", "alfa", "beta"])
        seconds = time.monotonic() - started
    assert outcome.exit_code == 1, outcome.output
    lines = outcome.stdout.splitlines()
    assert lines[:2] == [f"MISSLYCKAD  alfa: {not_run(cluster.scheduler_address, '1 sekund')}",
                         f"MISSLYCKAD  beta: {not_run(cluster.scheduler_address, '1 sekund')}"]
    assert lines[2:4] == ["Misslyckades (2): alfa, beta",
                          "Klart: 0 av 2 rapporter finns; 2 misslyckades; 0 med kontroller att titta på."]
    assert "Traceback" not in outcome.output and seconds < 30
    assert (paths.output_dir() / "index.html").is_file()
    assert not list(paths.output_dir().glob(".kvb-markering-*"))  # the client's marker is gone with the batch


def test_workers_closed_mid_run_fail_the_kommuner_not_run(kommuner):
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster.scheduler_address) as client:
            client.run(lambda: __import__(__name__))

        def close_workers(result: RunResult) -> None:
            if result.kommun == "alfa":  # beta is running now, gamma waits: the last worker goes away
                cluster.scale(0)

        tasks = [Task("alfa", None), Task("beta", None, force=True), Task("gamma", None, force=True)]
        results = run_dask(tasks, cluster.scheduler_address, show_progress=False, wait_for_workers=2, runner=dask_runner,
                           on_result=close_workers)
    assert [(r.kommun, r.status, r.error) for r in results] == [
        ("alfa", "klar", None),
        ("beta", "misslyckad", not_run(cluster.scheduler_address, '2 sekunder')),
        ("gamma", "misslyckad", not_run(cluster.scheduler_address, '2 sekunder')),
    ]


# ------------------------------------------------------------------ the same reports as locally


def demo_kommuner(root: Path, demo_data: Path) -> Path:
    """Ekdala and Sjöhamn on their demo data with two chapters, HTML only (a test-sized batch)."""
    folder = root / "params"
    folder.mkdir()
    shutil.copy(paths.project_root() / "params" / "_defaults.yml", folder)
    for kommun in ("ekdala", "sjohamn"):
        params = yaml.safe_load((paths.project_root() / "params" / f"{kommun}.yml").read_text(encoding="utf-8"))
        params.update(kapitel=["avvikelser", "synpunkter"], format=["html"])
        (folder / f"{kommun}.yml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    return folder


def tables_and_key_figures(folder: Path) -> dict[str, bytes]:
    """Every sheet and part of tabeller.xlsx, and every key-figure file, by name."""
    with zipfile.ZipFile(folder / "tabeller.xlsx") as book:
        found = {f"tabeller.xlsx/{name}": book.read(name) for name in sorted(book.namelist())}
    found.update({f"nyckeltal/{p.name}": p.read_bytes() for p in sorted((folder / "nyckeltal").glob("*.json"))})
    return found


def test_dask_gives_byte_identical_tables_and_key_figures_to_the_local_batch(demo_data, tmp_path, monkeypatch):
    monkeypatch.setenv("KVB_PARAMS", str(demo_kommuner(tmp_path, demo_data)))
    tasks = [Task(k, None, "inbyggd", report_date=date(2026, 3, 1)) for k in ("ekdala", "sjohamn")]
    monkeypatch.setenv("KVB_OUTPUT", str(tmp_path / "lokalt"))
    local = run_local(tasks, jobs=1, show_progress=False)
    monkeypatch.setenv("KVB_OUTPUT", str(tmp_path / "dask"))
    with in_process_cluster() as cluster, distributed.Client(cluster.scheduler_address) as client:
        on_dask = run_dask(tasks, cluster.scheduler_address, show_progress=False)
        (worker,) = client.nthreads()
        from helpers.run.engine import discard_warm_kernel

        client.submit(discard_warm_kernel, pure=False).result()  # the worker thread's kernel goes with the cluster
    assert [(r.kommun, r.status) for r in local] == [(r.kommun, r.status) for r in on_dask] == [("ekdala", "klar"),
                                                                                               ("sjohamn", "klar")]
    for kommun in ("ekdala", "sjohamn"):
        here, there = tmp_path / "lokalt" / kommun / "2025", tmp_path / "dask" / kommun / "2025"
        mine, theirs = tables_and_key_figures(here), tables_and_key_figures(there)
        assert len(mine) > 10 and list(mine) == list(theirs)
        assert [name for name in mine if mine[name] != theirs[name]] == []
        manifests = [json.loads((folder / "manifest.json").read_text(encoding="utf-8")) for folder in (here, there)]
        assert manifests[0]["fingeravtryck"] == manifests[1]["fingeravtryck"]  # the same report, wherever it was made
        assert manifests[0]["korning"] == {"satt": "lokal", "vard": HOST, "schemalaggare": None, "arbetare": None}
        assert manifests[1]["korning"] == {"satt": "dask", "vard": HOST, "schemalaggare": cluster.scheduler_address,
                                           "arbetare": worker}
    sjohamn = json.loads((tmp_path / "dask" / "sjohamn" / "2025" / "nyckeltal" / "avvikelser.json").read_text(encoding="utf-8"))
    assert sjohamn["nyckeltal"]["data_saknas"] is True  # the client's data, not the worker's, decides Data saknas


# ------------------------------------------------------------------ the dry run


def test_the_dry_run_says_ok_per_worker_and_nothing_is_rendered(kommuner):
    with in_process_cluster(n_workers=2) as cluster:
        outcome = CliRunner().invoke(app, ["batch", "--dask", cluster.scheduler_address, "--kontrollera", "alfa", "beta"])
        workers = sorted(cluster.scheduler_info["workers"])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.splitlines() == [f"{w} ({HOST}): OK" for w in workers] + [
        "Kontrollerade 2 arbetare för 2 kommuner: alla kan köra batchen."]
    assert sorted(p.name for p in paths.output_dir().iterdir()) == []  # no report, no index, no marker left


def test_the_dry_run_names_what_differs_and_exits_2(kommuner):
    shutil.rmtree(kommuner / "data" / "beta")
    with in_process_cluster(threads_per_worker=2) as cluster:
        outcome = CliRunner().invoke(app, ["batch", "--dask", cluster.scheduler_address, "--kontrollera", "alfa", "beta"])
        (worker,) = cluster.scheduler_info["workers"]
    assert outcome.exit_code == 2
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith(f"Klienten: beta: Datamappen {kommuner / 'data' / 'beta'} finns inte")
    assert lines[1:] == [
        f"{worker} ({HOST}): Arbetaren {HOST} har 2 trådar; starta den med --nthreads 1 (kommunerna körs annars ändå en i "
        "taget per arbetare).",
        "Kontrollerade 1 arbetare för 1 kommun: rätta det som står ovan innan batchen körs."]


def test_the_dry_run_needs_a_cluster(kommuner):
    outcome = CliRunner().invoke(app, ["batch", "--kontrollera"])
    assert outcome.exit_code == 2
    assert outcome.output.strip() == ("--kontrollera kontrollerar ett Dask-kluster: ange också --dask <adress>, t.ex. "
                                      "--dask tcp://server:8786.")


# ------------------------------------------------------------------ another installation on the worker


def start_worker(scheduler: str, folder: Path, env: dict[str, str]) -> subprocess.Popen:
    """``dask worker`` as an operator starts it, in an empty folder of its own."""
    folder.mkdir()
    command = [sys.executable, "-m", "distributed.cli.dask_worker", scheduler, "--host", "127.0.0.1", "--nthreads", "1",
               "--no-nanny", "--dashboard-address", "127.0.0.1:0"]
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def checkout(folder: Path, change) -> Path:
    """A copy of the program as another machine could have it, changed by ``change(helpers folder)``."""
    shutil.copytree(paths.PACKAGE_DIR, folder / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    change(folder / "helpers")
    return folder


def test_workers_with_another_checkout_or_none_are_named_by_the_dry_run_and_refuse(kommuner):
    def edited(helpers: Path) -> None:
        with (helpers / "formatting.py").open("a", encoding="utf-8") as handle:
            handle.write("# en annan version\n")

    other = checkout(kommuner / "annan", edited)
    older = checkout(kommuner / "gammal", lambda helpers: (helpers / "run" / "dask_jobs.py").unlink())  # before Dask jobs
    with in_process_cluster(n_workers=0) as cluster:
        started = [start_worker(cluster.scheduler_address, kommuner / f"arbetare-{folder.name}",
                                {**os.environ, "PYTHONPATH": str(folder)}) for folder in (other, older)]
        try:
            with distributed.Client(cluster.scheduler_address) as client:
                client.wait_for_workers(2, timeout=60)
                by_folder = {client.run(lambda: __import__("helpers").__file__, workers=[w])[w].split("/helpers/")[0]: w
                             for w in client.nthreads()}
            lines, ok = check_cluster([Task("alfa", None)], cluster.scheduler_address)
            results = run_dask([Task("alfa", None)], cluster.scheduler_address, show_progress=False)  # one worker is left
        finally:
            for worker in started:
                worker.terminate()
                worker.wait(30)
    refusal = (f"Arbetaren {HOST} har en annan version av programmet än klienten (koden i helpers/, resurserna eller "
               "notebookarna skiljer sig). Installera samma version (samma commit) på arbetaren och starta om den.")
    edited_worker, old_worker = by_folder[str(other)], by_folder[str(older)]
    assert not ok and lines == sorted([
        f"{edited_worker} ({HOST}): {refusal}",
        f"{old_worker}: Arbetaren lämnade klustret under kontrollen. Oftast saknar den programmet eller har en helt annan "
        "version (se arbetarens logg); installera samma commit på den."]) + [
        "Kontrollerade 2 arbetare för 1 kommun: rätta det som står ovan innan batchen körs."]
    assert [(r.kommun, r.status, r.error) for r in results] == [
        ("alfa", "misslyckad", refusal.replace(f"Arbetaren {HOST}", f"Arbetaren {HOST} ({edited_worker})")
         + " Rapporten skapades inte, och en tidigare rapport ligger kvar. Se docs/drift.md.")]


# ------------------------------------------------------------------ TLS


def certificates(folder: Path) -> dict[str, Path]:
    """A self-signed CA and certificates for scheduler, worker and client, made with openssl."""
    if not shutil.which("openssl"):
        pytest.skip("openssl finns inte på datorn: TLS-testet behöver det för att skapa certifikat.")
    folder.mkdir()

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=kvb-test-ca", "-keyout", "ca.key",
        "-out", "ca.pem")
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n", encoding="utf-8")
    for name in ("scheduler", "worker", "client"):
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.csr")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
            "-extfile", "san.ext", "-out", f"{name}.pem")
    return {p.name: p for p in folder.iterdir()}


def test_a_tls_cluster_is_reached_with_the_certificates_of_dask_configuration(kommuner):
    cert = certificates(kommuner / "certifikat")
    security = distributed.Security(tls_ca_file=str(cert["ca.pem"]), tls_scheduler_cert=str(cert["scheduler.pem"]),
                                    tls_scheduler_key=str(cert["scheduler.key"]), tls_worker_cert=str(cert["worker.pem"]),
                                    tls_worker_key=str(cert["worker.key"]), tls_client_cert=str(cert["client.pem"]),
                                    tls_client_key=str(cert["client.key"]), require_encryption=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    with in_process_cluster(protocol="tls://", security=security) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        tls = subprocess.run([sys.executable, "-m", "helpers.cli", "batch", "--dask", address, "--kontrollera", "alfa"],
                             env={**env, "DASK_DISTRIBUTED__COMM__TLS__CA_FILE": str(cert["ca.pem"]),
                                  "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT": str(cert["client.pem"]),
                                  "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY": str(cert["client.key"]),
                                  "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION": "True"},
                             capture_output=True, text=True, timeout=120)
        (worker,) = cluster.scheduler_info["workers"]
        with dask.config.set({"distributed.comm.tls.ca-file": None, "distributed.comm.tls.client.cert": None}):
            plain = CliRunner().invoke(app, ["batch", "--dask", address, "--kontrollera", "alfa"])
    assert plain.exit_code == 2 and plain.stdout == ""
    assert plain.stderr.strip() == (
        f"Adressen {address} använder TLS, men klienten har inga certifikat. Ange dem med DASK_DISTRIBUTED__COMM__TLS__CA_FILE, "
        "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT, DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY (eller i Dasks inställningsfil); "
        "se docs/drift.md.")
    assert tls.returncode == 0, tls.stderr
    assert tls.stdout.splitlines() == [f"{worker} ({HOST}): OK", "Kontrollerade 1 arbetare för 1 kommun: alla kan köra batchen."]
    assert "Traceback" not in tls.stderr


def test_a_worker_with_two_threads_runs_one_kommun_at_a_time_with_its_clients_paths(kommuner, monkeypatch):
    """os.environ is one per process: two threads of one worker must not run kommuner, with their paths, at once."""
    from helpers.run import dask_jobs
    from helpers.run.manifest import code_hash

    running, seen = [], []

    def problems(job, who):
        running.append(job["task"]["kommun"])
        seen.append((len(running), job["place"]["output"], os.environ["KVB_OUTPUT"]))
        time.sleep(0.3)
        running.pop()
        return ["stopp"]

    monkeypatch.setattr(dask_jobs, "job_problems", problems)
    place = dask_jobs.client_place("tcp://x:1", "m", "t")
    jobs = [dask_jobs.prepare_job(Task(k, None), {**place, "output": f"/delad/{k}"}, code_hash()) for k in ("alfa", "beta")]
    with in_process_cluster(threads_per_worker=2) as cluster, distributed.Client(cluster.scheduler_address) as client:
        results = client.gather(client.map(dask_jobs.run_job, jobs, pure=False))
    assert sorted(seen) == [(1, "/delad/alfa", "/delad/alfa"), (1, "/delad/beta", "/delad/beta")]
    assert [r.status for r in results] == ["misslyckad", "misslyckad"]
