"""Avvikelser: pure computations on the canonical rows (counts per year, area, type, bucket, status)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ...formatting import number_in_text
from ...workdays import bucket, workdays_between
from .contract import LEX_SARAH_OUTCOMES


def statuses(long_months: int = 3) -> tuple[str, ...]:
    """The handling statuses in table order; the fourth names the configured limit (``längre än tre månader``)."""
    months = "en månad" if long_months == 1 else f"{number_in_text(long_months)} månader"
    return (
        "Ej mottagen",
        "Mottagen, utredning ej påbörjad",
        "Pågående utredning",
        f"Pågående utredning längre än {months}",
        "Avslutad med åtgärd",
        "Avslutad utan åtgärd",
    )


STATUSES = statuses()


def on_cutoff(rows: pd.DataFrame, cutoff: date, columns: tuple[str, ...] = ("mottagen_datum", "utredning_start", "utredning_slut")) -> pd.DataFrame:
    """The rows as they stood on ``cutoff``: a date after it has not happened yet (one cut-off for the whole chapter)."""
    rows = rows.copy()
    cut = pd.Timestamp(cutoff)
    for column in columns:
        if column in rows:
            rows[column] = rows[column].where(rows[column] <= cut)
    return rows


def per_area_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """avdelning × verksamhetsområde rows, one column per year."""
    table = rows.groupby(["avdelning", "verksamhetsomrade", "ar"]).size().unstack("ar", fill_value=0)
    return table.reindex(columns=years, fill_value=0).sort_index()


def per_type(rows: pd.DataFrame, types: list[str], previous: int, current: int) -> pd.DataFrame:
    """Count per typ av händelse for two years, every configured type shown (also zero)."""
    table = rows[rows["ar"].isin([previous, current])].groupby(["typ", "ar"]).size().unstack("ar", fill_value=0)
    return table.reindex(index=types, columns=[previous, current], fill_value=0)


def investigation_start_buckets(rows: pd.DataFrame, edges: list[int]) -> pd.Series:
    """Working days from registration to start of investigation, bucketed; ``Ej påbörjad`` where not started."""
    days = workdays_between(rows["registreringsdatum"], rows["utredning_start"])
    return bucket(days, edges).fillna("Ej påbörjad")


def investigation_length_buckets(rows: pd.DataFrame, edges: list[int]) -> pd.Series:
    """Working days from start to end of investigation, bucketed; ``Pågår`` where started but not ended."""
    days = workdays_between(rows["utredning_start"], rows["utredning_slut"])
    labels = bucket(days, edges)
    labels = labels.where(~(rows["utredning_start"].notna() & rows["utredning_slut"].isna()), "Pågår")
    return labels.where(rows["utredning_start"].notna(), None)


def bucket_table(rows: pd.DataFrame, labels: pd.Series, order: list[str], groups: list[str], years: list[int]) -> pd.DataFrame:
    """Counts per bucket (rows) and avdelning × year (columns)."""
    frame = pd.DataFrame({"bucket": labels, "avdelning": rows["avdelning"], "ar": rows["ar"]}).dropna(subset=["bucket"])
    frame = frame[frame["avdelning"].isin(groups) & frame["ar"].isin(years)]
    table = frame.groupby(["bucket", "avdelning", "ar"]).size().unstack(["avdelning", "ar"], fill_value=0)
    columns = pd.MultiIndex.from_product([groups, years], names=["avdelning", "ar"])
    return table.reindex(index=order, columns=columns, fill_value=0)


def handling_status(rows: pd.DataFrame, cutoff: date, long_months: int = 3) -> pd.Series:
    """Each avvikelse's handling status on ``cutoff`` (dates after the cutoff count as not yet happened)."""
    cut = pd.Timestamp(cutoff)

    def known(column: str) -> pd.Series:
        return rows[column].notna() & (rows[column] <= cut) if column in rows else pd.Series(False, index=rows.index)

    received = known("mottagen_datum") | known("utredning_start")
    started = known("utredning_start")
    ended = known("utredning_slut") & started
    # Counted forward from the start: started 30 September, still open 31 December, is more than three months.
    long_running = started & ~ended & (rows["utredning_start"] + pd.DateOffset(months=long_months) < cut)
    with_action = rows.get("avslutad_med_atgard", pd.Series(pd.NA, index=rows.index)).fillna(False).astype(bool)
    labels = statuses(long_months)
    status = pd.Series(labels[0], index=rows.index, dtype=object)
    status[received & ~started] = labels[1]
    status[started & ~ended] = labels[2]
    status[long_running] = labels[3]
    status[ended & with_action] = labels[4]
    status[ended & ~with_action] = labels[5]
    return status


def status_table(rows: pd.DataFrame, status: pd.Series, groups: list[str], long_months: int = 3) -> pd.DataFrame:
    frame = pd.DataFrame({"status": status, "avdelning": rows["avdelning"]})
    table = frame.groupby(["status", "avdelning"]).size().unstack("avdelning", fill_value=0)
    table = table.reindex(index=list(statuses(long_months)), columns=groups, fill_value=0)
    table["Totalt"] = table.sum(axis=1)
    return table


def lex_sarah_table(rows: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Per avdelning: flagged by the reporter, and the outcome of the assessment."""
    flagged = rows[rows["lex_sarah_markerad"].fillna(False).astype(bool)]
    table = pd.DataFrame(index=groups)
    table["Markerade av rapportör"] = flagged.groupby("avdelning").size().reindex(groups, fill_value=0)
    outcomes = rows.dropna(subset=["lex_sarah_utfall"]).groupby(["avdelning", "lex_sarah_utfall"]).size()
    outcomes = outcomes.unstack("lex_sarah_utfall", fill_value=0).reindex(index=groups, columns=list(LEX_SARAH_OUTCOMES), fill_value=0)
    for outcome in LEX_SARAH_OUTCOMES:
        table[outcome[0].upper() + outcome[1:]] = outcomes[outcome]
    table.loc["Totalt"] = table.sum()
    return table.astype(int)


def lex_sarah_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    flagged = rows[rows["lex_sarah_markerad"].fillna(False).astype(bool)].groupby("ar").size()
    ivo = rows[rows["lex_sarah_utfall"] == "anmäld till IVO"].groupby("ar").size()
    table = pd.DataFrame({"Markerade som lex Sarah av rapportör": flagged, "Anmälda till IVO": ivo}).reindex(years, fill_value=0)
    return table.fillna(0).astype(int).T


def largest_changes(table: pd.DataFrame, previous: int, current: int, n: int = 2) -> tuple[pd.Series, pd.Series]:
    """The ``n`` largest increases and decreases (in units) between two year columns."""
    diff = (table[current] - table[previous]).sort_values(kind="stable")
    return diff[diff > 0].iloc[::-1].head(n), diff[diff < 0].head(n)
