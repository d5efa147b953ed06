"""Brukarundersökningar: pure computations: shares per question and year, possible shares, placements, verdicts."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ... import ranking
from ...formatting import format_number, is_missing
from .catalogue import Survey
from .kolada import RIKET

if TYPE_CHECKING:
    from .loading import BrukarundersokningarData


def effective_answers(results: pd.DataFrame) -> pd.Series:
    """The number of answers behind each share: the question's own count where given, else the survey's."""
    per_question = results["antal_svar_fraga"] if "antal_svar_fraga" in results else pd.Series(float("nan"), index=results.index)
    return pd.to_numeric(per_question, errors="coerce").astype("float64").fillna(pd.to_numeric(results["antal_svar"], errors="coerce").astype("float64"))


def share_decimals(value: float) -> int:
    """Shares are shown as given: whole numbers without decimals, others with one (``84,6``)."""
    return 0 if is_missing(value) or float(value).is_integer() else 1


def possible_shares(answers: int) -> list[float]:
    """Every share (in per cent) that ``answers`` answers can give: 0, 100/n, 200/n, … 100."""
    return [100.0 * k / answers for k in range(answers + 1)] if answers > 0 else []


def share_is_possible(share: float, answers: float | None) -> bool:
    """Can ``answers`` answers give ``share`` as reported? (5 answers cannot give 81 %.)

    The reported share is taken as rounded to its own precision: a whole
    number to ±0,5, one decimal to ±0,05. Unknown answers: nothing to check.
    """
    if is_missing(share) or is_missing(answers) or int(answers) <= 0:
        return True
    n = int(answers)
    tolerance = 0.5 if float(share).is_integer() else 0.05
    nearest = round(float(share) * n / 100)
    return any(abs(100.0 * k / n - float(share)) <= tolerance + 1e-9 for k in (nearest - 1, nearest, nearest + 1) if 0 <= k <= n)


def impossible_shares(results: pd.DataFrame) -> pd.DataFrame:
    """Rows whose share cannot come from their number of answers; columns as results plus ``svar``."""
    answers = effective_answers(results)
    bad = [not share_is_possible(s, n) for s, n in zip(results["andel_positiva"], answers)]
    out = results.loc[bad].copy()
    out["svar"] = answers[bad]
    return out


def survey_rows(results: pd.DataFrame, survey_id: str) -> pd.DataFrame:
    return results[results["undersokning"] == survey_id]


def response_per_year(results: pd.DataFrame, survey_id: str, years: list[int]) -> pd.DataFrame:
    """Response rate and number of respondents per year (index: years; missing where not given)."""
    rows = survey_rows(results, survey_id)
    grouped = rows.groupby("ar")[["svarsfrekvens", "antal_svar"]].max()
    return grouped.reindex(years).astype("float64")


def shares_per_year(results: pd.DataFrame, survey: Survey, years: list[int]) -> pd.DataFrame:
    """Share positive per question (rows, catalogue order) and year (columns); NaN where missing or not shown."""
    rows = survey_rows(results, survey.id)
    table = rows.pivot_table(index="fraga", columns="ar", values="andel_positiva", aggfunc="first", dropna=False)
    return table.reindex(index=survey.question_ids(), columns=years).astype("float64")


def hidden_per_year(results: pd.DataFrame, survey: Survey, years: list[int]) -> pd.DataFrame:
    """True where a share is not shown because too few answered (question × year)."""
    rows = survey_rows(results, survey.id)
    table = rows.pivot_table(index="fraga", columns="ar", values="dold", aggfunc="any")
    return table.reindex(index=survey.question_ids(), columns=years).fillna(False).astype(bool)


def impossible_per_year(results: pd.DataFrame, survey: Survey, years: list[int]) -> pd.DataFrame:
    """True where a share cannot come from its number of answers (question × year)."""
    bad = impossible_shares(survey_rows(results, survey.id))
    table = pd.DataFrame(False, index=survey.question_ids(), columns=years)
    for question_id, year in zip(bad["fraga"], bad["ar"]):
        if year in table.columns and question_id in table.index:
            table.loc[question_id, year] = True
    return table


def kommun_pool(reference: pd.DataFrame, survey_id: str, question_id: str, year: int,
                kommun_codes: set[str], own_code: str, own_value: float | None) -> pd.Series:
    """Every kommun's value for one question and year (index: kommun code), the kommun's own value included."""
    rows = reference[(reference["undersokning"] == survey_id) & (reference["fraga"] == question_id)
                     & (reference["ar"] == year) & reference["kommunkod"].isin(kommun_codes) & (reference["kommunkod"] != own_code)]
    return _with_own(rows["kommunkod"].to_numpy(), rows["andel_positiva"].to_numpy(dtype="float64"), own_code, own_value)


def _with_own(codes: np.ndarray, values: np.ndarray, own_code: str, own_value: float | None) -> pd.Series:
    own = float("nan") if is_missing(own_value) else float(own_value)
    return pd.Series(np.append(values, own), index=np.append(codes.astype(object), own_code))


@dataclass(frozen=True)
class Placement:
    """Where the kommun's value falls among all kommuner: its colour, its place (1 = best) and how many were ranked."""

    colour: str | None  # None: nothing to compare with
    place: int | None
    ranked: int


def place_kommun(pool: pd.Series, own_code: str, higher_is_better: bool) -> Placement:
    """The kommun's colour and place among all kommuner with a value (no colour when too few have one)."""
    count = int(pool.notna().sum())
    if count < ranking.MIN_RANKED:
        return Placement(None, None, count)
    places, colours = _ranked(tuple(pool.index), pool.to_numpy(dtype="float64").tobytes(), higher_is_better)
    at = pool.index.get_loc(own_code)
    place = None if np.isnan(places[at]) else int(places[at])
    return Placement(colours[at], place, count)


# Every kommun of a batch ranks the same pools (all kommuner's values for a question and year), and the
# sections and the key figures rank them again: a pool is ranked once per process. About 5 kB an entry.
@functools.lru_cache(maxsize=1024)
def _ranked(codes: tuple[str, ...], values: bytes, higher_is_better: bool) -> tuple[np.ndarray, tuple[str, ...]]:
    ranked = ranking.rank_colours(pd.Series(np.frombuffer(values, dtype="float64"), index=list(codes)), higher_is_better)
    places = ranked["placering"].to_numpy(dtype="float64")
    places.setflags(write=False)  # shared by every caller
    return places, tuple(str(c) for c in ranked["farg"])


def placements(data: BrukarundersokningarData, survey: Survey, shares: pd.DataFrame) -> dict[tuple[str, int], Placement]:
    """(question id, year) → the kommun's placement among all kommuner."""
    codes = set(data.kommuner) | {data.own_code}
    reference = data.reference
    # Filter and split the reference once per survey (it holds every kommun, question and year), not once per cell.
    subset = reference[(reference["undersokning"] == survey.id) & reference["kommunkod"].isin(codes)
                       & (reference["kommunkod"] != data.own_code)]
    cells = {(q, int(y)): (rows["kommunkod"].to_numpy(), rows["andel_positiva"].to_numpy(dtype="float64"))
             for (q, y), rows in subset.groupby(["fraga", "ar"])}
    nothing = (np.array([], dtype=object), np.array([], dtype="float64"))
    out = {}
    for question in survey.fragor:
        for year in shares.columns:
            kommun_codes, values = cells.get((question.id, int(year)), nothing)
            pool = _with_own(kommun_codes, values, data.own_code, shares.loc[question.id, year])
            out[(question.id, int(year))] = place_kommun(pool, data.own_code, question.higher_is_better)
    return out


def riket_values(reference: pd.DataFrame, survey: Survey, year: int) -> pd.Series:
    """Riket's share per question of the survey for one year (NaN where the reference has none)."""
    rows = reference[(reference["undersokning"] == survey.id) & (reference["ar"] == year) & (reference["kommunkod"] == RIKET)]
    return rows.set_index("fraga")["andel_positiva"].reindex(survey.question_ids()).astype("float64")


def favourable_difference(difference: float, higher_is_better: bool) -> float:
    """A difference turned so that positive always means better (a fall in loneliness is positive)."""
    return difference if higher_is_better else -difference


def judge(first: float | None, second: float | None, higher_is_better: bool) -> str | None:
    """``bättre``, ``sämre`` or ``lika`` for ``second`` against ``first`` at the shown precision; None if one is missing."""
    if is_missing(first) or is_missing(second):
        return None
    decimals = max(share_decimals(first), share_decimals(second))
    difference = float(second) - float(first)
    if format_number(abs(difference), decimals) == format_number(0, decimals):
        return "lika"
    return "bättre" if favourable_difference(difference, higher_is_better) > 0 else "sämre"


def change_counts(survey: Survey, shares: pd.DataFrame, previous: int, year: int) -> dict[str, int]:
    """How many results got better, worse or stayed, following each question's polarity."""
    counts = {"bättre": 0, "sämre": 0, "lika": 0}
    if previous not in shares.columns:
        return counts
    for question in survey.fragor:
        verdict = judge(shares.loc[question.id, previous], shares.loc[question.id, year], question.higher_is_better)
        if verdict:
            counts[verdict] += 1
    return counts
