"""A reader attacking a published chapter, written independently of ``helpers``.

The reader has what is published: the display strings of every table
block (``read_tables``), the key-figure JSON and the sentences; and knows
the rules (``<5`` is 1 … t−1, ``..`` at least t unless said otherwise) and
the sums between the published numbers (which rows add up to which total,
and which number in one table is the same count as one in another). From
that the reader enumerates every whole-number assignment of the hidden
counts that fits, and collects each count's possible values. A count is
disclosed when only one value is left.

The search narrows each hidden count's range by every sum, then tries the
values of the narrowest count one by one, and so on, abandoning an
assignment as soon as some sum can no longer be met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportscan import unescaped

NBSP = "\u00a0"


def read_tables(blocks) -> dict[str, list[list[str]]]:
    """Every table block (a ``Block`` or its Markdown) by its label (``syn-enhet`` …): header and rows as displayed."""
    tables = {}
    for block in blocks:
        markdown = getattr(block, "markdown", block)
        label = re.search(r"\{#tbl-([\w-]+)\}", markdown)
        if not label:
            continue
        rows = []
        for line in markdown.splitlines():
            if not line.startswith("|") or set(line) <= set("|:- "):
                continue
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            rows.append([unescaped(c).strip().replace(NBSP, " ") for c in cells])
        tables[label.group(1)] = rows
    return tables


def number(text: str) -> int | None:
    """``1 940`` → 1940; None for a mark (``<5``, ``..``, ``–``) or text."""
    digits = text.replace(" ", "")
    return int(digits) if digits.isdigit() else None


@dataclass
class Reader:
    """What a reader knows: each named count as it is shown, the domain of each mark, and the sums."""

    threshold: int
    shown: dict[str, str] = field(default_factory=dict)
    domains: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # for a name shown as a mark
    sums: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def see(self, name: str, text: str, low: int | None = None, high: int | None = None) -> None:
        """A count shown as ``text`` (``low``/``high``: what ``..`` means here, if not "at least t").

        Shown twice, the reader keeps the most telling: a number over a mark, two marks narrow each other.
        """
        text = text.strip()
        if number(text) is None and not (text.startswith("<") or text == ".."):
            raise AssertionError(f"{name}: {text!r} is neither a count nor a mark")
        before = self.shown.get(name)
        if before is not None and number(before) is not None:
            assert number(text) in (None, number(before)), f"{name} is shown as both {before} and {text}"
            return
        if number(text) is not None:
            if before is not None:
                lo, hi = self.domains.pop(name)
                assert lo <= number(text) and (hi is None or number(text) <= hi), f"{name}: {before} and {text}"
            self.shown[name] = text
            return
        lo, hi = (1, self.threshold - 1) if text.startswith("<") else (self.threshold if low is None else low, high)
        if before is not None:
            lo0, hi0 = self.domains[name]
            lo, hi = max(lo, lo0), hi0 if hi is None else hi if hi0 is None else min(hi, hi0)
            assert hi is None or lo <= hi, f"{name} is shown as both {before} and {text}"
        self.shown[name] = text if before is None or text.startswith("<") else before
        self.domains[name] = (lo, hi)

    def unseen(self, name: str, low: int = 0, high: int | None = None) -> None:
        """A count the reader knows exists but that is shown nowhere (e.g. those without a plan: brukare − ja)."""
        self.see(name, "..", low=low, high=high)

    def add_sum(self, total: str, parts: list[str]) -> None:
        self.sums.append((total, tuple(parts)))

    def hidden(self) -> list[str]:
        return [n for n, text in self.shown.items() if number(text) is None]

    def possible_values(self, names: list[str]) -> dict[str, set[int]]:
        """Every value each hidden count of ``names`` can take in some assignment that fits everything."""
        unknown = self.hidden()
        for total, parts in self.sums:
            for n in (total, *parts):
                assert n in self.shown, f"the sum {total} = {' + '.join(parts)} names {n}, which is not published"
        cap = max([number(t) for t in self.shown.values() if number(t) is not None] + [0])
        domain = {n: (self.domains[n][0], cap if self.domains[n][1] is None else self.domains[n][1]) for n in unknown}
        known = {n: number(t) for n, t in self.shown.items() if n not in domain}
        sums = [[(1, total)] + [(-1, p) for p in parts] for total, parts in self.sums]
        found: dict[str, set[int]] = {n: set() for n in names}
        order = list(domain)
        position = {n: i for i, n in enumerate(order)}
        # each sum as (constant, [(sign, unknown)]): constant + Σ sign·unknown = 0
        equations = []
        for terms in sums:
            constant = sum(sign * known[n] for sign, n in terms if n in known)
            assert constant == 0 or any(n in domain for _, n in terms), f"published numbers do not add up: {terms}"
            equations.append((constant, [(sign, position[n]) for sign, n in terms if n in domain]))

        def narrow(low: list[int], high: list[int]) -> bool:
            """Tighten every unknown's range by every sum until nothing changes; False if a sum cannot be met."""
            changed = True
            while changed:
                changed = False
                for constant, terms in equations:
                    if not terms:
                        continue
                    for sign, i in terms:
                        rest_low = constant + sum(low[j] if s > 0 else -high[j] for s, j in terms if j != i)
                        rest_high = constant + sum(high[j] if s > 0 else -low[j] for s, j in terms if j != i)
                        # sign·x = −rest
                        lo, hi = (-rest_high, -rest_low) if sign > 0 else (rest_low, rest_high)
                        if lo > low[i] or hi < high[i]:
                            low[i], high[i], changed = max(low[i], lo), min(high[i], hi), True
                            if low[i] > high[i]:
                                return False
            return True

        def solve(low: list[int], high: list[int]) -> list[int] | None:
            """One assignment that fits, trying each unknown's values in turn (the narrowest unknown first)."""
            if not narrow(low, high):
                return None
            open_ = [i for i in range(len(low)) if low[i] < high[i]]
            if not open_:
                return low
            i = min(open_, key=lambda j: high[j] - low[j])
            for v in range(low[i], high[i] + 1):
                lo, hi = low.copy(), high.copy()
                lo[i] = hi[i] = v
                solution = solve(lo, hi)
                if solution is not None:
                    return solution
            return None

        start_low = [domain[n][0] for n in order]
        start_high = [domain[n][1] for n in order]
        assert narrow(start_low, start_high), "the published numbers contradict each other"
        for n in found:
            assert n in domain, f"{n} is published as {self.shown.get(n)}"
            for v in range(start_low[position[n]], start_high[position[n]] + 1):
                if v in found[n]:
                    continue
                low, high = start_low.copy(), start_high.copy()
                low[position[n]] = high[position[n]] = v
                solution = solve(low, high)
                if solution is not None:
                    for m in found:
                        found[m].add(solution[position[m]])
        return found
