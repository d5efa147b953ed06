"""Our own errors in a notebook: a short Swedish notice, no traceback (an IPython extension).

``KvbError`` and its kinds carry a Swedish message written for the analyst
("Det finns ingen params-fil för 'bjorkvk' … Menade du bjorkvik?"). In a
notebook IPython would show it at the bottom of an English traceback with code
frames; this handler shows only the message. The kernel launcher loads it in
every kernel (JupyterLab and papermill): the cell still fails, and the error
output keeps the exception's name and message, so a batch run still stops the
chapter with the Swedish message (``runner._clean_error``). Any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from ..errors import KvbError

EXTENSION = "helpers.run.notebook_errors"
HEADING = "Stopp – åtgärda och kör igen:"


def notice_lines(error: BaseException) -> list[str]:
    """The notice for one of our errors: a Swedish heading and the message, nothing else."""
    return [f"\x1b[1m{HEADING}\x1b[0m", str(error)]


def show_kvb_error(shell: Any, etype: type[BaseException], value: BaseException, tb: TracebackType | None,
                   tb_offset: int | None = None) -> list[str]:
    """IPython's custom exception handler: shows the notice instead of a traceback (and returns it as the traceback)."""
    lines = notice_lines(value)
    shell._showtraceback(etype, value, lines)
    return lines


def load_ipython_extension(ipython: Any) -> None:
    ipython.set_custom_exc((KvbError,), show_kvb_error)
