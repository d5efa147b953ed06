"""Our own errors in a notebook: a Swedish notice without traceback; a near miss of a kommun gets a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers.config import ConfigError, load_params, resolve_kommun
from helpers.run.notebook_errors import HEADING, load_ipython_extension


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    load_ipython_extension(ip)
    yield ip
    ip.set_custom_exc((), None)
    InteractiveShell.clear_instance()


def test_a_wrong_kommun_in_the_parameters_cell_gives_a_swedish_notice_without_traceback(shell, capsys):
    result = shell.run_cell('from helpers.config import load_params\nparams = load_params("bjorkvk", 2025)')
    shown = capsys.readouterr().out
    assert isinstance(result.error_in_exec, ConfigError), "the cell still fails (papermill stops the chapter)"
    assert HEADING in shown and "Menade du bjorkvik?" in shown
    assert "Traceback" not in shown and "load_params(" not in shown and "ConfigError" not in shown


def test_other_errors_keep_their_traceback(shell, capsys):
    result = shell.run_cell("1 / 0")
    shown = capsys.readouterr().out
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert "ZeroDivisionError" in shown and HEADING not in shown


@pytest.mark.parametrize("name", ["bjorkvik", "Björkvik", "BJÖRKVIK", "Björkviks stadsdelsförvaltning"])
def test_display_name_and_any_capitalisation_are_accepted(name: str):
    assert resolve_kommun(name) == "bjorkvik"
    assert load_params(name, 2025).id == "bjorkvik"


@pytest.mark.parametrize("name, suggestion", [("bjorkvk", "bjorkvik"), ("Ekdal", "ekdala"), ("sjöhamm", "sjohamn")])
def test_a_near_miss_gets_a_suggestion(name: str, suggestion: str):
    with pytest.raises(ConfigError, match=f"Menade du {suggestion}\\?"):
        load_params(name)


def test_nothing_close_gets_no_suggestion_and_a_typed_path_is_never_used(tmp_path: Path):
    with pytest.raises(ConfigError) as excinfo:
        load_params("xyzzy")
    assert "Menade du" not in str(excinfo.value) and "Kända kommuner: bjorkvik, ekdala, sjohamn" in str(excinfo.value)
    with pytest.raises(ConfigError, match="Ogiltigt id"):
        load_params("../params/ekdala")


def test_in_a_real_kernel_the_chapter_fails_with_the_swedish_message_and_its_output_has_no_code_frames(tmp_path: Path):
    import json

    from helpers import paths
    from helpers.errors import ChapterFailed
    from helpers.run.runner import execute_notebook

    target = tmp_path / "avvikelser.ipynb"
    with pytest.raises(ChapterFailed, match="Menade du bjorkvik\\?"):
        execute_notebook(paths.notebooks_dir() / "10-avvikelser.ipynb", "avvikelser", {"kommun": "bjorkvk", "ar": 2025}, target)
    errors = [o for c in json.loads(target.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", [])
              if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["ConfigError"]
    shown = "\n".join(errors[0]["traceback"])
    assert HEADING in shown and "Traceback" not in shown and "load_params" not in shown
