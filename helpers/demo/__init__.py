"""Deterministic synthetic demo data: fictional kommuner, no real persons.

``kvb demodata`` writes everything under ``data/demo/`` (``paths.demo_data_dir``:
the tests point ``KVB_DEMO_DATA`` at a temporary folder instead). The same code
always writes the same bytes (fixed seeds, no clock), so tests can rely on it.
"""

from __future__ import annotations

from pathlib import Path

from .. import paths
from . import (
    avvikelser,
    brukarundersokningar,
    egenkontroller,
    ej_verkstallda,
    genomforandeplaner,
    kvalitetsregister,
    riskanalys,
    synpunkter,
    texter,
)

GENERATORS = (avvikelser.generate, synpunkter.generate, brukarundersokningar.generate, genomforandeplaner.generate,
              kvalitetsregister.generate, ej_verkstallda.generate, riskanalys.generate, egenkontroller.generate,
              texter.generate)


def generate_all(root: Path | None = None) -> list[Path]:
    """Write every demo kommun's input files; returns the files written."""
    root = root or paths.demo_data_dir()
    written: list[Path] = []
    for generate in GENERATORS:
        written.extend(generate(root))
    return sorted(written)
