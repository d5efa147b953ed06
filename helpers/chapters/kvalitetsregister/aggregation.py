"""Senior Alert's two input shapes into one: counts per year, boendeform and enhet, with the kommun's total row.

Every table of the chapter is computed from this one shape (``COUNT_COLUMNS``
per row, ``boendeform`` = ``Totalt`` for the kommun's own total), so the
register's report export and a row-level export give the same tables.

From rows (one per riskbedömning), per group of year, boendeform and enhet
and for the kommun as a whole:

- ``riskbedomningar``: the rows; ``med_risk``: rows with at least one risk;
- ``unika_personer``: distinct person ids (the kommun total counts a person
  once, even when assessed in several units);
- ``orsak_angiven`` and ``atgardsplan``: rows with a risk and that answer ``ja``;
  ``uppfoljning``: rows with an åtgärdsplan followed up;
- ``risk_<område>``: distinct persons with a risk in that area (missing for
  an area the kommun does not work with);
- ``trycksar_personer``: distinct persons with at least one pressure ulcer;
  ``trycksar_antal``: per person the most ulcers at any assessment, summed.
"""

from __future__ import annotations

import pandas as pd

from ...formatting import round_half_up, swedish_sort_key
from .catalogue import PROCESS, RISK_AREAS, SHARE_MEASURES, RiskArea
from .contract import TOTAL

KEYS = ["ar", "boendeform", "enhet"]
COUNT_COLUMNS = [m.id for m in PROCESS] + [f"risk_{a.id}" for a in RISK_AREAS] + ["trycksar_personer", "trycksar_antal"]


def _group_counts(rows: pd.DataFrame, areas: list[RiskArea], sores_known: bool) -> dict[str, float]:
    risk = rows["risker"].map(len) > 0
    plan = rows["atgardsplan"] & risk
    counts: dict[str, float] = {
        "riskbedomningar": len(rows),
        "med_risk": int(risk.sum()),
        "unika_personer": rows["person_id"].nunique(),
        "orsak_angiven": int((rows["orsak_angiven"] & risk).sum()),
        "atgardsplan": int(plan.sum()),
        "uppfoljning": int((rows["uppfoljning"] & plan).sum()),
    }
    worked = {a.id for a in areas}
    for area in RISK_AREAS:
        at_risk = rows["risker"].map(lambda risks, label=area.label: label in risks)
        counts[f"risk_{area.id}"] = rows.loc[at_risk, "person_id"].nunique() if area.id in worked else float("nan")
    if sores_known:
        per_person = rows.groupby("person_id")["trycksar_antal"].max().fillna(0)
        counts["trycksar_personer"] = int((per_person > 0).sum())
        counts["trycksar_antal"] = int(per_person.sum())
    else:
        counts["trycksar_personer"] = counts["trycksar_antal"] = float("nan")
    return counts


def aggregate_assessments(rows: pd.DataFrame, areas: list[RiskArea]) -> pd.DataFrame:
    """Row-level riskbedömningar (with ``ar``) as the aggregated shape: one row per year, boendeform and enhet, plus Totalt."""
    rows = rows.copy()
    for flag in ("orsak_angiven", "atgardsplan", "uppfoljning"):
        rows[flag] = rows[flag].fillna(False).astype(bool)
    if "trycksar_antal" not in rows:
        rows["trycksar_antal"] = float("nan")
    rows["trycksar_antal"] = pd.to_numeric(rows["trycksar_antal"], errors="coerce").astype("float64")
    out = []
    for year, of_year in rows.groupby("ar", sort=True):
        sores_known = bool(of_year["trycksar_antal"].notna().any())
        for (form, unit), group in of_year.groupby(["boendeform", "enhet"], sort=True):
            out.append({"ar": int(year), "boendeform": form, "enhet": unit, **_group_counts(group, areas, sores_known)})
        out.append({"ar": int(year), "boendeform": TOTAL, "enhet": None, **_group_counts(of_year, areas, sores_known)})
    return as_counts(pd.DataFrame(out, columns=KEYS + COUNT_COLUMNS))


def as_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The canonical shape: the keys, then every count as float (NaN = not given), rows in a stable order."""
    frame = frame.copy()
    for column in COUNT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64") if column in frame else float("nan")
    frame["ar"] = frame["ar"].astype("int64")
    frame["enhet"] = frame["enhet"].where(frame["enhet"].notna(), None)
    frame = frame.sort_values(["ar", "boendeform", "enhet"], key=lambda s: s.fillna("").map(swedish_sort_key) if s.name == "enhet" else s, kind="stable")
    return frame[KEYS + COUNT_COLUMNS].reset_index(drop=True)


def counts_from_shares(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Counts for the process measures given as shares only (``andel_<mått>`` × its denominator, half up); how many."""
    frame = frame.copy()
    derived = 0
    for measure in SHARE_MEASURES:
        column = f"andel_{measure.id}"
        if column not in frame:
            continue
        only_share = frame[measure.id].isna() & frame[column].notna()
        for i in frame.index[only_share]:
            base = float(frame.at[i, measure.of or ""])
            frame.at[i, measure.id] = int(round_half_up(float(frame.at[i, column]) * base / 100.0, 0))
            derived += 1
    return frame.drop(columns=[c for c in frame.columns if c.startswith("andel_")]), derived


def year_totals(counts: pd.DataFrame, year: int) -> pd.Series:
    """The kommun's counts for one year: its Totalt row where given, else the sum of the other rows (NaN: no data)."""
    rows = counts[counts["ar"] == year]
    total = rows[rows["boendeform"] == TOTAL]
    parts = rows[rows["boendeform"] != TOTAL][COUNT_COLUMNS].sum(min_count=1)
    if total.empty:
        return parts
    return total.iloc[0][COUNT_COLUMNS].astype("float64").fillna(parts)


def per_form(counts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Counts per boendeform for one year (the sum of its units), in the order the data gives them."""
    rows = counts[(counts["ar"] == year) & (counts["boendeform"] != TOTAL)]
    return rows.groupby("boendeform", sort=False)[COUNT_COLUMNS].sum(min_count=1)


def units_of(counts: pd.DataFrame, year: int) -> dict[str, float]:
    """Every named unit of a year and its number of riskbedömningar."""
    rows = counts[(counts["ar"] == year) & counts["enhet"].notna()]
    return dict(zip(rows["enhet"], rows["riskbedomningar"]))
