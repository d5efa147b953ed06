"""docs/drift.md stays true: its dask commands use flags the installed Dask has, and the client's TLS settings are the code's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask är inte installerat (pip install .[dask]).")

from helpers.run.dask_batch import TLS_VARIABLES  # noqa: E402  (needs Dask)

DOC = Path(__file__).resolve().parents[1] / "docs" / "drift.md"


def commands(kind: str) -> list[str]:
    """Every ``dask <kind> …`` command in the guide's code blocks, continuation lines joined."""
    blocks = re.findall(r"```bash\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    lines = [line.strip() for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return [line for line in lines if line.startswith(f"dask {kind} ")]


@pytest.mark.parametrize("kind", ["scheduler", "worker"])
def test_every_flag_in_the_guide_exists_in_the_installed_dask(kind):
    found = commands(kind)
    assert len(found) >= 2, f"docs/drift.md har inga kommandon 'dask {kind}'"
    module = {"scheduler": "distributed.cli.dask_scheduler", "worker": "distributed.cli.dask_worker"}[kind]
    known = set(re.findall(r"--[a-z][a-z-]+", subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True,
                                                             text=True, timeout=120, check=True).stdout))
    used = {flag for command in found for flag in re.findall(r"--[a-z][a-z-]+", command)}
    assert used - known == set()
    assert {"--host", "--dashboard-address"} <= used  # what keeps it on the intended interface
    if kind == "worker":
        assert "--nthreads" in used and "--nworkers" in used
    for command in found:  # never a dashboard left to its default address (0.0.0.0)
        assert "--dashboard-address" in command, command


def test_the_guide_names_the_clients_tls_settings_the_code_reads():
    text = DOC.read_text(encoding="utf-8")
    for name in (*TLS_VARIABLES, "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION"):
        assert f"export {name}=" in text
