"""A failed cell's message: our own errors (every KvbError kind) as they are, anything else with its type."""

from __future__ import annotations

from papermill.exceptions import PapermillExecutionError

from helpers.run.runner import UNEXPECTED_IN_CHAPTER, _clean_error, _error_detail


def failed(ename: str, evalue: str) -> PapermillExecutionError:
    return PapermillExecutionError(cell_index=1, exec_count=1, source="x", ename=ename, evalue=evalue, traceback=[])


def test_every_kind_of_our_own_error_is_shown_without_its_class_name():
    for name in ("AnalystTextError", "KoladaError", "RenderError", "InputError", "ConfigError", "KvbError"):
        assert _clean_error(failed(name, "Fel i texten texter/analys.md, rad 3: rå HTML är inte tillåten.")) == (
            "Fel i texten texter/analys.md, rad 3: rå HTML är inte tillåten.")


def test_an_unexpected_error_is_plain_swedish_and_its_type_kept_for_felsok():
    error = failed("ZeroDivisionError", "division by zero")
    assert _clean_error(error) == UNEXPECTED_IN_CHAPTER and "Error" not in _clean_error(error)
    assert _error_detail(error).startswith("ZeroDivisionError: division by zero")
    assert _error_detail(failed("InputError", "Fel i filen x.csv")) is None


def test_the_detail_survives_the_trip_from_a_worker_and_shows_only_with_felsok(monkeypatch):
    import pickle

    from typer.testing import CliRunner

    from helpers import cli
    from helpers.errors import ChapterFailed

    error = pickle.loads(pickle.dumps(ChapterFailed("avvikelser", UNEXPECTED_IN_CHAPTER, "x.ipynb", "KeyError: 'typ'")))
    assert error.detail == "KeyError: 'typ'" and str(error).startswith("Kapitlet avvikelser kunde inte skapas: ett oväntat fel")

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("helpers.run.runner.run_report", broken)
    monkeypatch.setenv("KVB_FELSOK", "0")
    plain = CliRunner().invoke(cli.app, ["rapport", "ekdala"])
    assert plain.exit_code == 2 and "KeyError" not in plain.output and "oväntat fel" in plain.output
    monkeypatch.setenv("KVB_FELSOK", "0")  # restored after the test: --felsok sets it for the workers
    detailed = CliRunner().invoke(cli.app, ["--felsok", "rapport", "ekdala"])
    assert "KeyError: 'typ'" in detailed.output
