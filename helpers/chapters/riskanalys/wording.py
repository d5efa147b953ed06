"""Riskanalys och internkontrollplan: the generated Swedish sentences.

Level names are ours (Låg … Kritisk) and written in lower case in running
text; risks and other values from the register reach a sentence only through
``label_in_text``.
"""

from __future__ import annotations

import pandas as pd

from ...formatting import capitalize_first, count_phrase, number_in_text
from ...sentences import counts_in_text, describe_part_of_whole, join_list, label_in_text
from .metrics import HIGH_LEVELS, LEVELS

STATUS_TEXT = {"planerad": "var planerade men inte påbörjade", "pågår": "pågick", "genomförd": "var genomförda"}
STATUS_ONE = {"planerad": "var planerad men inte påbörjad", "pågår": "pågick", "genomförd": "var genomförd"}


def risks(n: int) -> str:
    """``en risk``, ``fyra risker``."""
    return count_phrase(n, "risk", "risker")


def value_range(values: pd.Series) -> str:
    """``riskvärde 16``, ``riskvärde 12–16``."""
    low, high = int(values.min()), int(values.max())
    return f"riskvärde {low}" if low == high else f"riskvärde {low}–{high}"


def describe_scale(ranges: dict[str, tuple[int, int]]) -> str:
    """How riskvärde and level are set, with the level limits in use."""
    parts = [f"{name.lower()} {low}–{high}" if low < high else f"{name.lower()} {low}" for name, (low, high) in ranges.items() if low <= high]
    return ("Varje risk bedöms efter sannolikhet och konsekvens på en skala från 1 till 5. Riskvärdet är sannolikhet × konsekvens "
            f"(1–25), och nivån följer riskvärdet: {join_list(parts)}.")


def describe_levels(rows: pd.DataFrame, counts: pd.Series, year: int) -> str:
    """``Riskanalysen 2025 omfattar fyra risker, alla på nivå hög (riskvärde 12–16).``"""
    n = len(rows)
    if n == 0:
        return f"Riskanalysen {year} omfattar inga risker."
    present = [level for level in reversed(LEVELS) if counts[level] > 0]
    if len(present) == 1:
        every = "risken" if n == 1 else ("båda" if n == 2 else f"alla {number_in_text(n)}")
        return f"Riskanalysen {year} omfattar {risks(n)}, {every} på nivå {present[0].lower()} ({value_range(rows['riskvarde'])})."
    parts = [f"{number_in_text(int(counts[level]))} på nivå {level.lower()}" for level in present]
    return f"Riskanalysen {year} omfattar {risks(n)}: {join_list(parts)}."


def describe_highest(rows: pd.DataFrame) -> str:
    """``Högst riskvärde (16) har risk för … och risk för ….``"""
    if rows.empty:
        return ""
    top = int(rows["riskvarde"].max())
    names = [label_in_text(str(r)) for r in rows.loc[rows["riskvarde"] == top, "risk"]]
    if len(names) == 1:
        return f"Högst riskvärde, {top}, har {names[0]}."
    return f"Högst riskvärde, {top}, har {risks(len(names))}: {join_list(names)}."


def describe_matrix(rows: pd.DataFrame) -> str:
    n = len(rows)
    return (f"Riskmatrisen visar hur riskerna fördelar sig på sannolikhet och konsekvens. Varje ruta anger antalet risker och "
            f"rutans nivå; summorna i kanterna är lika med antalet risker, {number_in_text(n)}." if n != 1 else
            "Riskmatrisen visar var risken ligger på sannolikhet och konsekvens. Varje ruta anger antalet risker och rutans nivå.")


def describe_plan(rows: pd.DataFrame, year: int) -> str:
    """``Internkontrollplanen 2025 har fyra risker med en kontroll var och sammanlagt tolv åtgärder.``"""
    actions = int(sum(len(a or ()) for a in rows["atgarder"]))
    what = "ingen åtgärd" if actions == 0 else count_phrase(actions, "åtgärd", "åtgärder")
    each = "en kontroll" if len(rows) == 1 else "en kontroll var"
    return f"Internkontrollplanen {year} har {risks(len(rows))} med {each} och sammanlagt {what}."


def describe_status(counts: pd.Series, carried: int, year: int) -> str:
    """Status of the controls at year end, and how many risks go on to next year's plan."""
    n = int(counts.sum())
    done = int(counts["genomförd"])
    shown = [s for s in ("pågår", "planerad") if counts[s]]
    written = counts_in_text([n, done, *(int(counts[s]) for s in shown)])  # one sentence, its counts written alike
    rest = [f"{w} {(STATUS_ONE if counts[s] == 1 else STATUS_TEXT)[s]}" for s, w in zip(shown, written[2:])]
    if done == 0:
        head = f"Vid årets slut var ingen av kontrollerna genomförd; {join_list(rest)}."
    elif done == n:
        head = "Alla kontroller och åtgärder var genomförda vid årets slut." if n > 1 else "Kontrollen och dess åtgärder var genomförda vid årets slut."
    else:
        head = (f"Vid årets slut var {describe_part_of_whole(done, n, 'kontroll', 'kontroller')} genomförda med sina åtgärder; "
                f"{join_list(rest)}.")
    if carried == n:
        tail = f"{'Risken förs' if n == 1 else ('Båda riskerna förs' if n == 2 else f'Alla {number_in_text(n)} risker förs')} över till internkontrollplanen {year + 1}."
    elif carried == 0:
        tail = f"Ingen av riskerna förs över till internkontrollplanen {year + 1}."
    else:
        part = describe_part_of_whole(carried, n, "risk", "risker")
        tail = (f"Till internkontrollplanen {year + 1} förs {part} över." if part[:1].isdigit()  # never a sentence that starts with digits
                else f"{capitalize_first(part)} förs över till internkontrollplanen {year + 1}.")
    return f"{head} {tail}"


def describe_trend(per_year: pd.DataFrame, previous: int, year: int, has_previous: bool) -> str:
    """The number of risks on the two highest levels this year and the year before."""
    def high(y: int) -> int:
        return int(sum(per_year.at[y, level] for level in HIGH_LEVELS))

    if not has_previous:
        return f"Riskanalys för {previous} saknas, så ingen jämförelse med föregående år kan göras."
    before, now = high(previous), high(year)
    total_before, total_now = int(per_year.at[previous, "Totalt"]), int(per_year.at[year, "Totalt"])
    return (f"Riskanalysen {year} omfattar {risks(total_now)} och riskanalysen {previous} {number_in_text(total_before)}. "
            f"Antalet risker på nivå hög eller kritisk var {number_in_text(now)} år {year} och {number_in_text(before)} år {previous}.")
