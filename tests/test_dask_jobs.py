"""What a Dask worker checks before it runs a kommun: the client's code, params, input files and folders.

The worker's side runs here in the test process, on a job the client prepared;
the file or folder is then changed as a worker on another machine would see it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from test_batch_faults import write_kommuner

from helpers import paths
from helpers.run.batch import Task
from helpers.run.dask_jobs import check_worker, client_place, prepare_job, run_job
from helpers.run.manifest import code_hash, versions

HOST = socket.gethostname()
ENDING = " Rapporten skapades inte, och en tidigare rapport ligger kvar. Se docs/drift.md."


@pytest.fixture()
def place(tmp_path, monkeypatch, output_root):
    """Small kommuner in tmp_path and the client's place with its marker in the output folder."""
    monkeypatch.setenv("KVB_PARAMS", str(write_kommuner(tmp_path, ("alfa", "beta"))))
    output_root.mkdir()
    (output_root / ".kvb-markering-abc").write_text("abc", encoding="utf-8")
    return client_place("tcp://schemalaggare:8786", ".kvb-markering-abc", "abc")


def job(kommun: str, place):
    return prepare_job(Task(kommun, None), place, code_hash())


def test_the_client_sends_its_folders_code_version_and_every_file_it_sees(place, tmp_path):
    sent = job("alfa", place)
    assert sent["place"] == {"root": str(paths.project_root()), "output": str(tmp_path / "output"),
                             "params": str(tmp_path / "params"), "demo_data": str(paths.demo_data_dir()),
                             "marker": ".kvb-markering-abc", "token": "abc", "scheduler": "tcp://schemalaggare:8786"}
    assert sent["task"]["kommun"] == "alfa" and sent["task"]["year"] == 2025  # the year from params, resolved on the client
    data = str(tmp_path / "data" / "alfa" / "2025" / "avvikelser.csv")
    assert {str(tmp_path / "params" / "alfa.yml"), str(tmp_path / "params" / "_defaults.yml"), data} <= set(sent["files"])
    assert sent["files"][data] != "saknas" and sent["code"] == code_hash()


def test_a_worker_without_the_data_file_refuses_instead_of_writing_data_saknas(place, tmp_path):
    sent = job("alfa", place)
    data = tmp_path / "data" / "alfa" / "2025" / "avvikelser.csv"
    data.unlink()  # the worker's machine has no such file
    result = run_job(sent)
    assert result.status == "misslyckad"
    assert result.error == (f"Arbetaren {HOST} ser inte samma params och indata som klienten: {data} finns inte på arbetaren "
                            f"{HOST}." + ENDING)
    assert not (tmp_path / "output" / "alfa" / "2025").exists()


def test_a_worker_whose_input_differs_names_the_file(place, tmp_path):
    sent = job("alfa", place)
    data = tmp_path / "data" / "alfa" / "2025" / "avvikelser.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("Fall", "Trycksår"), encoding="utf-8")
    extra = data.with_name("synpunkter.csv")
    extra.write_text("id\n", encoding="utf-8")
    error = run_job(sent).error
    assert error == (f"Arbetaren {HOST} ser inte samma params och indata som klienten: {data} på arbetaren {HOST} skiljer sig "
                     f"från klientens; {extra} finns på arbetaren {HOST} men inte hos klienten." + ENDING)


def test_a_worker_with_other_params_stops_before_reading_them(place, tmp_path):
    sent = job("beta", place)
    own = tmp_path / "params" / "beta.yml"
    own.write_text(own.read_text(encoding="utf-8").replace("utkast: true", "utkast: false"), encoding="utf-8")
    (tmp_path / "params" / "_defaults.yml").unlink()
    error = run_job(sent).error
    assert error == (f"Arbetaren {HOST} ser inte samma params och indata som klienten: {tmp_path / 'params' / '_defaults.yml'} "
                     f"finns inte på arbetaren {HOST}; {own} på arbetaren {HOST} skiljer sig från klientens." + ENDING)


def test_a_worker_with_another_program_version_refuses(place):
    sent = {**job("alfa", place), "code": "0" * 64}
    assert run_job(sent).error == (f"Arbetaren {HOST} har en annan version av programmet än klienten (koden i helpers/, "
                                   "resurserna eller notebookarna skiljer sig). Installera samma version (samma commit) på "
                                   "arbetaren och starta om den." + ENDING)


def test_a_worker_that_cannot_use_the_clients_folders_says_which(place, tmp_path):
    sent = job("alfa", place)
    elsewhere = tmp_path / "finns-inte"
    assert run_job({**sent, "place": {**place, "root": str(elsewhere)}}).error == (
        f"Arbetaren {HOST} ser inte projektmappen {elsewhere} (eller dess notebooks/). Projektet måste ligga på samma sökväg "
        "på alla datorer som på klienten." + ENDING)
    assert run_job({**sent, "place": {**place, "output": str(elsewhere)}}).error == (
        f"Arbetaren {HOST} ser inte utdatamappen {elsewhere}. Den ska vara en delad mapp som klienten och alla arbetare når "
        "på samma sökväg." + ENDING)
    # Same path, another folder: a local output/ on the worker's machine has no marker of the client's.
    (tmp_path / "output" / ".kvb-markering-abc").unlink()
    assert run_job(sent).error == (
        f"Arbetaren {HOST} ser en annan utdatamapp än klienten: klientens markeringsfil .kvb-markering-abc finns inte i "
        f"{tmp_path / 'output'} där. Utdatamappen ska vara en delad mapp, samma för klienten och alla arbetare." + ENDING)


def test_a_job_sets_the_clients_paths_only_while_it_runs(place, monkeypatch):
    monkeypatch.delenv("KVB_ROOT", raising=False)
    monkeypatch.setenv("KVB_OUTPUT", "/arbetarens/egen/utdata")
    sent = job("alfa", place)
    seen = {}
    monkeypatch.setattr("helpers.run.dask_jobs.job_problems",
                        lambda job, who: seen.update(root=os.environ.get("KVB_ROOT"), output=os.environ["KVB_OUTPUT"]) or ["x"])
    run_job(sent)
    assert seen == {"root": place["root"], "output": place["output"]}
    assert "KVB_ROOT" not in os.environ and os.environ["KVB_OUTPUT"] == "/arbetarens/egen/utdata"


def test_the_dry_run_on_a_worker_lists_every_difference(place, tmp_path):
    jobs = [job("alfa", place), job("beta", place)]
    host, problems = check_worker(jobs, versions())
    assert (host, problems) == (HOST, [])
    for kommun in ("alfa", "beta"):
        (tmp_path / "data" / kommun / "2025" / "avvikelser.csv").unlink()
    older = {**versions(), "pandas": "2.0.0", "python": "3.11.0"}
    host, problems = check_worker(jobs, older)
    assert problems == [
        f"Arbetaren {HOST} har andra versioner av Python eller paketen: pandas {versions()['pandas']} (klienten 2.0.0); "
        f"python {versions()['python']} (klienten 3.11.0).",
        f"Arbetaren {HOST} ser inte samma params och indata som klienten (2 filer): "
        f"{tmp_path / 'data' / 'alfa' / '2025' / 'avvikelser.csv'} finns inte på arbetaren {HOST}; "
        f"{tmp_path / 'data' / 'beta' / '2025' / 'avvikelser.csv'} finns inte på arbetaren {HOST}.",
    ]


def test_the_client_prepares_no_job_for_a_kommun_it_cannot_run_itself(place, tmp_path):
    import shutil

    from helpers.errors import ConfigError

    shutil.rmtree(tmp_path / "data" / "beta")
    with pytest.raises(ConfigError, match=f"Datamappen {tmp_path / 'data' / 'beta'} finns inte"):
        job("beta", place)
    assert Path(place["output"]).is_dir()
