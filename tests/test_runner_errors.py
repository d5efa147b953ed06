"""A failed cell's message: our own errors (every KvbError kind) as they are, anything else with its type."""

from __future__ import annotations

from papermill.exceptions import PapermillExecutionError

from helpers.run.runner import _clean_error


def failed(ename: str, evalue: str) -> PapermillExecutionError:
    return PapermillExecutionError(cell_index=1, exec_count=1, source="x", ename=ename, evalue=evalue, traceback=[])


def test_every_kind_of_our_own_error_is_shown_without_its_class_name():
    for name in ("AnalystTextError", "KoladaError", "RenderError", "InputError", "ConfigError", "KvbError"):
        assert _clean_error(failed(name, "Fel i texten texter/analys.md, rad 3: rå HTML är inte tillåten.")) == (
            "Fel i texten texter/analys.md, rad 3: rå HTML är inte tillåten.")


def test_an_unexpected_error_keeps_its_type_so_that_it_can_be_reported():
    assert _clean_error(failed("ZeroDivisionError", "division by zero")) == "ZeroDivisionError: division by zero"
