"""The process state a notebook may change in the warm kernel, put back before the next notebook.

This module runs inside the kernel (``helpers.run.engine`` calls it). IPython's
reset clears the namespace; the state around it would still carry over from
one notebook to the next, so a chapter's result could depend on which chapter
ran before it. ``take_snapshot`` records that state once, when the kernel has
started; ``restore`` puts it back after every notebook. A thread a notebook
left running cannot be undone: ``restore`` reports it, and the engine starts a
fresh kernel rather than let its output land in the next notebook.
"""

from __future__ import annotations

import copy
import gc
import importlib
import locale
import logging
import os
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

# Imported before the snapshot: importing helpers.charts selects matplotlib's Agg backend.
# A module is imported once per kernel, so without this the first notebook would run its
# charts on Agg and every later one on the backend restored from before that import.
PRELOAD = ("helpers.charts", "helpers.chapters", "helpers.table_export")
INLINE_TRAITS = ("figure_formats", "print_figure_kwargs", "close_figures", "rc")
# The kernel starts some threads of its own later (pyzmq's garbage collector, on the first large
# output such as a chart): threads of these packages' classes are the kernel's, not a notebook's.
KERNEL_PACKAGES = frozenset({"zmq", "ipykernel", "IPython", "jupyter_client"})


class ThreadsLeftRunning(RuntimeError):
    """A notebook left threads running; their output could land in the next notebook."""


@dataclass
class Snapshot:
    cwd: str
    path: list[str]
    environ: dict[str, str]
    warnings: tuple[list[Any], Any, Any]  # filters, showwarning, formatwarning
    locale: str
    logging: tuple[int, list[logging.Handler]]  # the root logger's level and handlers
    threads: frozenset[threading.Thread]
    ipython: dict[str, Any] = field(default_factory=dict)
    matplotlib: dict[str, Any] = field(default_factory=dict)
    numpy: dict[str, Any] = field(default_factory=dict)


_snapshot: Snapshot | None = None


def take_snapshot() -> None:
    """Import the preloaded modules, then record the state every notebook of this kernel starts from."""
    global _snapshot
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - the notebook imports it too and reports the error where the analyst sees it
            continue
    # The modules live as long as the kernel: out of the collector's sight, the collection IPython's reset
    # runs between notebooks looks only at what a notebook made (about 60 ms less per notebook).
    gc.collect()
    gc.freeze()
    root = logging.getLogger()
    _snapshot = Snapshot(
        cwd=os.getcwd(), path=list(sys.path), environ=dict(os.environ),
        warnings=(list(warnings.filters), warnings.showwarning, warnings.formatwarning),
        locale=locale.setlocale(locale.LC_ALL), logging=(root.level, list(root.handlers)),
        threads=frozenset(threading.enumerate()),
        ipython=_ipython_state(), matplotlib=_matplotlib_state(), numpy=_numpy_state(),
    )


def restore() -> None:
    """Put the snapshot's state back; raises ThreadsLeftRunning when threads started since are still alive."""
    if _snapshot is None:
        raise RuntimeError("take_snapshot() was never called in this kernel")
    saved = _snapshot
    os.chdir(saved.cwd)
    sys.path[:] = saved.path
    _restore_environ(saved.environ)
    locale.setlocale(locale.LC_ALL, saved.locale)
    root = logging.getLogger()
    root.setLevel(saved.logging[0])
    root.handlers[:] = saved.logging[1]
    _restore_matplotlib(saved.matplotlib)
    _reset_pandas()
    _restore_numpy(saved.numpy)
    _restore_ipython(saved.ipython)  # after pandas and matplotlib: both register display formatters
    _restore_warnings(saved.warnings)
    left = sorted(t.name for t in threading.enumerate() if t not in saved.threads and t.is_alive() and not _kernel_own(t))
    if left:
        raise ThreadsLeftRunning(", ".join(left))


def _kernel_own(thread: threading.Thread) -> bool:
    return type(thread).__module__.partition(".")[0] in KERNEL_PACKAGES


def _restore_environ(saved: dict[str, str]) -> None:
    timezone = os.environ.get("TZ")
    for key in set(os.environ) - set(saved):
        del os.environ[key]
    for key, value in saved.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    if os.environ.get("TZ") != timezone:
        time.tzset()


def _restore_warnings(saved: tuple[list[Any], Any, Any]) -> None:
    # resetwarnings also tells the interpreter the filters changed, so "once" warnings show again.
    warnings.resetwarnings()
    warnings.filters[:] = saved[0]
    warnings.showwarning, warnings.formatwarning = saved[1], saved[2]


def _matplotlib_state() -> dict[str, Any]:
    mpl = sys.modules.get("matplotlib")
    return {"backend": mpl.get_backend(), "rc": mpl.rcParams.copy()} if mpl else {}


def _restore_matplotlib(saved: dict[str, Any]) -> None:
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    if not saved:
        return
    mpl = sys.modules["matplotlib"]
    if plt is not None and mpl.get_backend() != saved["backend"]:
        plt.switch_backend(saved["backend"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the snapshot holds deprecated keys too; setting them warns
        mpl.rcParams.update({k: v for k, v in saved["rc"].items() if k != "backend"})


def _reset_pandas() -> None:
    pd = sys.modules.get("pandas")
    if pd is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # each deprecated option warns when reset
            pd.reset_option("all")


def _numpy_state() -> dict[str, Any]:
    np = sys.modules.get("numpy")
    return {"print": np.get_printoptions(), "err": np.geterr()} if np else {}


def _restore_numpy(saved: dict[str, Any]) -> None:
    np = sys.modules.get("numpy")
    if np is not None and saved:
        np.set_printoptions(**saved["print"])
        np.seterr(**saved["err"])


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()


def _ipython_state() -> dict[str, Any]:
    """Event callbacks (``%matplotlib``, extensions), display formatters and the inline backend's settings."""
    shell = _shell()
    if shell is None:
        return {}
    from matplotlib_inline.config import InlineBackend

    inline = InlineBackend.instance() if InlineBackend.initialized() else None
    return {
        "callbacks": {event: list(found) for event, found in shell.events.callbacks.items()},
        "formatters": {mime: (f, f.enabled, dict(f.type_printers), dict(f.deferred_printers))
                       for mime, f in shell.display_formatter.formatters.items()},
        "inline_config": copy.deepcopy(dict.get(shell.config, "InlineBackend")),
        "inline": {name: getattr(inline, name) if inline else InlineBackend.class_traits()[name].default()
                   for name in INLINE_TRAITS},
    }


def _restore_ipython(saved: dict[str, Any]) -> None:
    shell = _shell()
    if shell is None or not saved:
        return
    from matplotlib_inline.config import InlineBackend

    for event, found in saved["callbacks"].items():
        shell.events.callbacks[event][:] = found
    if saved["inline_config"] is None:
        dict.pop(shell.config, "InlineBackend", None)
    else:
        dict.__setitem__(shell.config, "InlineBackend", copy.deepcopy(saved["inline_config"]))
    if InlineBackend.initialized():
        # Setting figure_formats re-registers the figure formatters; the formatters are restored next.
        for name, value in saved["inline"].items():
            setattr(InlineBackend.instance(), name, copy.copy(value))
    formatters = shell.display_formatter.formatters
    formatters.clear()
    for mime, (formatter, enabled, printers, deferred) in saved["formatters"].items():
        formatter.enabled = enabled
        formatter.type_printers.clear()
        formatter.type_printers.update(printers)
        formatter.deferred_printers.clear()
        formatter.deferred_printers.update(deferred)
        formatters[mime] = formatter
