"""How much the masking keeps: over generated small-count tables, the share that can be published and the cells shown.

Run: .venv/bin/python benchmarks/masking_information.py
"""

from __future__ import annotations

import itertools
import random

import pandas as pd

from helpers.privacy import PRIMARY, SECONDARY, suppress


def measure(shape: tuple[int, int], n: int, seed: int = 20261201, threshold: int = 5) -> dict[str, float]:
    rng = random.Random(seed)
    safe = with_small = shown = cells = 0
    for _ in range(n):
        values = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20]) for _ in range(shape[1])] for _ in range(shape[0])]
        if not any(0 < v < threshold for v in itertools.chain(*values)):
            continue
        with_small += 1
        table = suppress(pd.DataFrame(values, columns=[f"k{j}" for j in range(shape[1])]), threshold)
        if table.safe:
            safe += 1
            inner = table.status.iloc[:-1, : shape[1]]
            cells += inner.size
            shown += int(((inner != PRIMARY) & (inner != SECONDARY)).to_numpy().sum())
    return {"tabeller_med_sma_tal": with_small, "publicerbara": safe, "andel_publicerbara": safe / max(1, with_small),
            "andel_visade_celler_i_publicerbara": shown / max(1, cells)}


if __name__ == "__main__":
    for shape in ((2, 2), (3, 2), (4, 3), (6, 1)):
        result = measure(shape, 600)
        print(f"{shape[0]}×{shape[1]}: {result['publicerbara']} av {result['tabeller_med_sma_tal']} tabeller med små tal kan publiceras "
              f"({100 * result['andel_publicerbara']:.0f} %); i dem visas {100 * result['andel_visade_celler_i_publicerbara']:.0f} % av cellerna.")
