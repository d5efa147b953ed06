"""Avvikelser: pure computations on the canonical rows (counts per year, area, type, bucket, status)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ...formatting import number_in_text, swedish_sort_key
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
TOTAL = "Totalt"


def on_cutoff(rows: pd.DataFrame, cutoff: date, columns: tuple[str, ...] = ("mottagen_datum", "utredning_start", "utredning_slut")) -> pd.DataFrame:
    """The rows as they stood on ``cutoff``: a date after it has not happened yet (one cut-off for the whole chapter)."""
    rows = rows.copy()
    cut = pd.Timestamp(cutoff)
    for column in columns:
        if column in rows:
            rows[column] = rows[column].where(rows[column] <= cut)
    return rows


def per_area_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """avdelning × verksamhetsområde rows (areas in Swedish alphabetical order), one column per year."""
    table = rows.groupby(["avdelning", "verksamhetsomrade", "ar"]).size().unstack("ar", fill_value=0)
    table = table.reindex(columns=years, fill_value=0)
    return table.reindex(sorted(table.index, key=lambda key: (swedish_sort_key(key[0]), swedish_sort_key(key[1]))))


def area_labels(rows: pd.DataFrame) -> pd.Series:
    """``Myndighet – Barn och unga``: one area's label in the tables (the same area name can be in two avdelningar)."""
    return rows["avdelning"].astype(str) + " – " + rows["verksamhetsomrade"].astype(str)


def area_order(rows: pd.DataFrame, groups: list[str]) -> list[str]:
    """The area labels present, avdelningar in configured order and areas alphabetically within each."""
    present = rows[["avdelning", "verksamhetsomrade"]].drop_duplicates()
    order = []
    for group in groups:
        areas = sorted(present.loc[present["avdelning"] == group, "verksamhetsomrade"], key=swedish_sort_key)
        order += [f"{group} – {area}" for area in areas]
    return order


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
    """Counts per bucket (rows) and avdelning × year (columns), then ``Totalt`` × year: every avdelning, so the parts add up."""
    frame = pd.DataFrame({"bucket": labels, "avdelning": rows["avdelning"], "ar": rows["ar"]}).dropna(subset=["bucket"])
    frame = frame[frame["avdelning"].isin(groups) & frame["ar"].isin(years)]
    table = frame.groupby(["bucket", "avdelning", "ar"]).size().unstack(["avdelning", "ar"], fill_value=0)
    columns = pd.MultiIndex.from_product([groups, years], names=["avdelning", "ar"])
    table = table.reindex(index=order, columns=columns, fill_value=0)
    for year in years:
        table[(TOTAL, year)] = table.xs(year, axis=1, level="ar").sum(axis=1)
    return table


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
    table[TOTAL] = table.sum(axis=1)
    return table


LEX_SARAH_FLAGGED = "Markerade av rapportör"
LEX_SARAH_UNASSESSED = "Markerade utan bedömning"
LEX_SARAH_UNFLAGGED = "Bedömda utan markering"
LEX_SARAH_ASSESSED = "Bedömda"
LEX_SARAH_OUTCOME_COLUMNS = tuple(o[0].upper() + o[1:] for o in LEX_SARAH_OUTCOMES)


def lex_sarah_table(rows: pd.DataFrame, keys: pd.Series, order: list[str]) -> pd.DataFrame:
    """Per key (avdelning or area): flagged, flagged without assessment, assessed without flag, assessed, and outcomes.

    Two identities hold in every row, so the table adds up visibly:
    Bedömda = Markerade av rapportör − Markerade utan bedömning + Bedömda utan markering,
    Bedömda = the sum of the outcome columns.
    """
    flagged = rows["lex_sarah_markerad"].fillna(False).astype(bool)
    assessed = rows["lex_sarah_utfall"].notna()

    def count(mask: pd.Series) -> pd.Series:
        return keys[mask].value_counts().reindex(order, fill_value=0)

    table = pd.DataFrame(index=order)
    table[LEX_SARAH_FLAGGED] = count(flagged)
    table[LEX_SARAH_UNASSESSED] = count(flagged & ~assessed)
    table[LEX_SARAH_UNFLAGGED] = count(~flagged & assessed)
    table[LEX_SARAH_ASSESSED] = count(assessed)
    for outcome, column in zip(LEX_SARAH_OUTCOMES, LEX_SARAH_OUTCOME_COLUMNS):
        table[column] = count(rows["lex_sarah_utfall"] == outcome)
    table.loc[TOTAL] = table.sum()
    return table.astype(int)


def lex_sarah_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    flagged = rows[rows["lex_sarah_markerad"].fillna(False).astype(bool)].groupby("ar").size()
    ivo = rows[rows["lex_sarah_utfall"] == "anmäld till IVO"].groupby("ar").size()
    table = pd.DataFrame({"Markerade som lex Sarah av rapportör": flagged, "Anmälda till IVO": ivo}).reindex(years, fill_value=0)
    return table.fillna(0).astype(int).T


def with_ties(ranked: pd.Series, n: int) -> pd.Series:
    """The first ``n`` of a ranked series and every later one equal to the ``n``-th: a tie at the edge is not cut."""
    if len(ranked) <= n:
        return ranked
    edge = ranked.iloc[n - 1]
    return pd.concat([ranked.iloc[:n], ranked.iloc[n:][ranked.iloc[n:] == edge]])


def largest_changes(table: pd.DataFrame, previous: int, current: int, n: int = 2) -> tuple[pd.Series, pd.Series]:
    """The ``n`` largest increases and decreases (in units) between two year columns, with any tie at the ``n``-th."""
    diff = table[current] - table[previous]
    up = diff[diff > 0].sort_values(ascending=False, kind="stable")  # stable: a tie keeps the table's order
    return with_ties(up, n), with_ties(diff[diff < 0].sort_values(kind="stable"), n)
