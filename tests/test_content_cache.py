"""The shared-file cache: the same bytes give the kept result, other bytes a fresh one, and callers cannot change it."""

from __future__ import annotations

import pandas as pd

from helpers import content_cache


def test_a_result_is_kept_per_file_content_and_handed_out_as_a_copy(tmp_path):
    content_cache.clear()
    path = tmp_path / "referens.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    calls = []

    def read() -> pd.DataFrame:
        calls.append(1)
        return pd.read_csv(path)

    first = content_cache.by_content(path, "nyckel", read)
    first.loc[0, "a"] = 99  # a chapter changing what it got must not change the next kommun's
    second = content_cache.by_content(path, "nyckel", read)
    assert len(calls) == 1 and second.loc[0, "a"] == 1
    assert content_cache.by_content(path, "annan nyckel", read).loc[0, "a"] == 1 and len(calls) == 2
    path.write_text("a\n2\n", encoding="utf-8")  # same name, new content: read again
    assert content_cache.by_content(path, "nyckel", read).loc[0, "a"] == 2 and len(calls) == 3


def test_the_cache_is_bounded(tmp_path):
    content_cache.clear()
    for n in range(content_cache.MAX_ENTRIES + 5):
        path = tmp_path / f"f{n}.txt"
        path.write_text(str(n), encoding="utf-8")
        content_cache.by_content(path, None, lambda: n)
    assert len(content_cache._entries) == content_cache.MAX_ENTRIES
