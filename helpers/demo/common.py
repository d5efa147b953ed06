"""Shared pieces of the demo generators: seeded randomness, exact counts, file writing."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

FIRST_NAMES = ["Demo", "Test", "Exempel", "Fiktiv"]
K = TypeVar("K")


def rng_for(*keys: object) -> np.random.Generator:
    """A random generator seeded from the keys, so each kommun/year/chapter has its own stable stream."""
    digest = hashlib.sha256("|".join(map(str, keys)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def apportion(total: int, weights: dict[K, float]) -> dict[K, int]:
    """Split ``total`` over the keys in proportion to ``weights`` (largest remainder: sums exactly)."""
    keys = list(weights)
    raw = np.array([weights[k] for k in keys], dtype=float)
    raw = raw / raw.sum() * total
    floor = np.floor(raw).astype(int)
    rest = total - floor.sum()
    order = np.argsort(-(raw - floor), kind="stable")
    floor[order[:rest]] += 1
    return dict(zip(keys, floor.tolist()))


def expand(counts: dict[str, int], rng: np.random.Generator) -> list[str]:
    """A shuffled list with each key repeated its count times."""
    items = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(items)
    return items


def pick_some(rng: np.random.Generator, weights: dict[str, float], n: int, two_share: float) -> list[tuple[str, ...]]:
    """``n`` draws at once of one name, or of two different names (a share ``two_share``), by weight."""
    names = list(weights)
    p = np.array([weights[k] for k in names], dtype=float)
    p = p / p.sum()
    first, second = rng.choice(len(names), size=n, p=p), rng.choice(len(names), size=n, p=p)
    two = (rng.random(n) < two_share) & (np.count_nonzero(p) > 1)
    clash = two & (first == second)
    while clash.any():
        second[clash] = rng.choice(len(names), size=int(clash.sum()), p=p)
        clash = two & (first == second)
    return [(names[a], names[b]) if t else (names[a],) for a, b, t in zip(first.tolist(), second.tolist(), two.tolist())]


def random_dates(n: int, year: int, rng: np.random.Generator) -> pd.Series:
    """``n`` dates spread over the year, sorted."""
    start = pd.Timestamp(date(year, 1, 1))
    days = 366 if calendar.isleap(year) else 365
    offsets = np.sort(rng.integers(0, days, size=n))
    return pd.Series(start + pd.to_timedelta(offsets, unit="D"))


def fake_free_text(rng: np.random.Generator, tag: str) -> str:
    """Free text of the kind an export carries; marked so tests can prove it never reaches a report."""
    words = ["brukaren", "personalen", "larm", "medicin", "kväll", "samtal", "rummet", "hjälpmedel"]
    return f"DEMO-FRITEXT {tag}: " + " ".join(rng.choice(words, size=6))


def fake_name(rng: np.random.Generator) -> str:
    return f"{rng.choice(FIRST_NAMES)} Person{int(rng.integers(100, 999))}"


def fake_free_texts(rng: np.random.Generator, tags: list[str]) -> list[str]:
    """``fake_free_text`` for many rows at once (one draw for all: the national data's thousands of rows)."""
    words = np.array(["brukaren", "personalen", "larm", "medicin", "kväll", "samtal", "rummet", "hjälpmedel"])
    picked = words[rng.integers(0, len(words), size=(len(tags), 6))]
    return [f"DEMO-FRITEXT {tag}: " + " ".join(row) for tag, row in zip(tags, picked.tolist())]


def fake_names(rng: np.random.Generator, n: int) -> list[str]:
    """``fake_name`` for many rows at once."""
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), size=n)]
    return [f"{name} Person{number}" for name, number in zip(first.tolist(), rng.integers(100, 999, size=n).tolist())]


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ",", encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=sep, index=False, encoding=encoding, lineterminator="\n")
    return path


def write_text(path: Path, text: str) -> Path:
    """An analyst text (``texter/<kapitel>.md``), as an analyst would write it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
