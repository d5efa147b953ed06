"""Ej verkställda beslut: from report rows to decisions, and the counts the chapter publishes.

**One decision, many rows.** A decision that is not carried out is reported
to IVO every quarter until it is carried out or closed. The rows of one id in
one year's file are one decision: it counts once in the year, in each quarter
it was reported in, and with the latest report's reason, date carried out and
closing (its insats, lagrum and dates are checked to be the same in every
quarter, ``contract``).

**Waiting time** runs from beslutsdatum, or from the interruption when a
started insats was interrupted, to the day the decision was carried out or
closed; for a decision still waiting, to the last day of the year. A closed
decision without a closing date waited at least to the end of the last quarter
it was reported in. Months are calendar months: three months after
2025-01-31 is 2025-04-30 (``pandas.DateOffset``).
"""

from __future__ import annotations

import pandas as pd

from .contract import parse_quarter

QUARTERS = (1, 2, 3, 4)
CARRIED_OUT, CLOSED, WAITING = "verkstallt", "avslutat", "vantar"
STATUSES = (CARRIED_OUT, CLOSED, WAITING)
UNDER_3, FROM_3, FROM_6, OVER_12 = "under_3", "3_6", "6_12", "over_12"
BUCKETS = (UNDER_3, FROM_3, FROM_6, OVER_12)


def law_of(lagrum: str) -> str:
    """``9 § 4 p LSS`` → ``LSS`` (the law is the lagrum's last word)."""
    return lagrum.split()[-1]


def quarter_end(year: int, quarter: int) -> pd.Timestamp:
    return pd.Timestamp(year, 3 * quarter, 1) + pd.offsets.MonthEnd(0)


def decisions(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per decision of one year's file (the ids are left behind), with its status and waiting time at the year's end."""
    if rows.empty:
        return pd.DataFrame(columns=["insats", "lagrum", "lag", "under_18", "orsak", "forsta_kvartal", "kvartal", "status", "vantetid"])
    rows = rows.assign(_kvartal=rows["kvartal"].map(lambda t: parse_quarter(t)[0]))  # type: ignore[index]
    rows = rows.sort_values(["id", "_kvartal"], kind="stable")
    grouped = rows.groupby("id", sort=True)
    latest = grouped.last()  # the last non-empty value of each column, in quarter order
    last_row = grouped.tail(1).set_index("id")  # the latest report as it stands (its reason, even if empty before)
    frame = pd.DataFrame({
        "insats": last_row["insats"], "lagrum": last_row["lagrum"], "lag": last_row["lagrum"].map(law_of),
        "under_18": last_row["under_18"].astype(bool), "orsak": last_row["orsak"],
        "forsta_kvartal": grouped["_kvartal"].min(), "kvartal": grouped["_kvartal"].agg(lambda q: tuple(sorted(q))),
        "start": last_row["avbrott_datum"].fillna(last_row["beslutsdatum"]),
        "verkstallt": latest["verkstallt_datum"], "avslutad_orsak": latest["avslutad_orsak"], "avslutad": latest["avslutad_datum"],
        "sista_kvartal": grouped["_kvartal"].max(),
    })
    year_end = pd.Timestamp(year, 12, 31)
    carried = frame["verkstallt"].notna() & (frame["verkstallt"] <= year_end)
    closed = ~carried & frame["avslutad_orsak"].notna() & ~(frame["avslutad"] > year_end)
    frame["status"] = WAITING
    frame.loc[closed, "status"] = CLOSED
    frame.loc[carried, "status"] = CARRIED_OUT
    ends = pd.Series(year_end, index=frame.index)
    ends[carried] = frame.loc[carried, "verkstallt"]
    closed_end = frame["avslutad"].fillna(frame["sista_kvartal"].map(lambda q: quarter_end(year, int(q))))
    ends[closed] = closed_end[closed]
    frame["vantetid"] = [waiting_bucket(s, e) for s, e in zip(frame["start"], ends)]
    return frame.reset_index(drop=True).drop(columns=["start", "verkstallt", "avslutad", "sista_kvartal"])


def waiting_bucket(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Under 3 months; 3–6 (at least three, under six); 6–12 (six up to and including twelve); more than 12."""
    if end < start + pd.DateOffset(months=3):
        return UNDER_3
    if end < start + pd.DateOffset(months=6):
        return FROM_3
    if end <= start + pd.DateOffset(months=12):
        return FROM_6
    return OVER_12


def reported_per_quarter(frame: pd.DataFrame) -> dict[int, int]:
    """Decisions in each quarter's report (a decision reported in three quarters counts in each)."""
    return {q: int(frame["kvartal"].map(lambda qs, q=q: q in qs).sum()) for q in QUARTERS}


def new_per_quarter(frame: pd.DataFrame) -> dict[int, int]:
    """Decisions first reported in each quarter of the year: these add up to the year's decisions."""
    return {q: int((frame["forsta_kvartal"] == q).sum()) for q in QUARTERS}


def per_insats(frame: pd.DataFrame, lagrum_order: list[str], insats_order: list[str]) -> dict[tuple[str, str], int]:
    """Decisions per (lagrum, insats), LSS before SoL, then in the configured orders; only pairs with decisions."""
    counts = frame.groupby(["lagrum", "insats"]).size()
    return {key: int(counts[key]) for key in sorted(counts.index, key=lambda k: pair_order(k, lagrum_order, insats_order))}


def pair_order(key: tuple[str, str], lagrum_order: list[str], insats_order: list[str]) -> tuple[int, int, int]:
    lagrum, insats = key
    return (0 if law_of(lagrum) == "LSS" else 1, lagrum_order.index(lagrum), insats_order.index(insats))


def per_law(frame: pd.DataFrame) -> dict[str, int]:
    return {law: int((frame["lag"] == law).sum()) for law in ("LSS", "SoL")}


def per_reason(frame: pd.DataFrame, reasons: list[str]) -> dict[str, int]:
    """Decisions per reason: every decision counted once, so the counts add up to the number of decisions.

    (Seed 001's Tabell 23 shows Word's placeholder chart values as reasons; counts of real decisions cannot do that.)
    """
    counts = {r: int((frame["orsak"] == r).sum()) for r in reasons}
    if sum(counts.values()) != len(frame):
        raise ValueError("reasons do not add up to the decisions")  # cannot happen: every reason is a configured category
    return counts


def per_status_and_wait(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(s, b): int(((frame["status"] == s) & (frame["vantetid"] == b)).sum()) for s in STATUSES for b in BUCKETS}


def per_status(frame: pd.DataFrame) -> dict[str, int]:
    return {s: int((frame["status"] == s).sum()) for s in STATUSES}


def per_wait(frame: pd.DataFrame) -> dict[str, int]:
    return {b: int((frame["vantetid"] == b).sum()) for b in BUCKETS}


def children(frame: pd.DataFrame) -> int:
    return int(frame["under_18"].sum())
