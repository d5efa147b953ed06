"""Chapter Avvikelser (incl. lex Sarah): input contract, metrics and report sections.

Metrics are pure functions of the canonical rows (one row per avvikelse, see
``CONTRACT``); section functions turn them into numbered tables, figures and
sentences for the notebook ``notebooks/10-avvikelser.ipynb``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from . import blocks, charts
from .blocks import Block
from .chapter import (  # noqa: F401  (notices: used by the notebook)
    YearlyRows,
    check_messages,
    notices,
    read_yearly_rows,
    rows_per_year,
)
from .config import Params
from .contracts import Column, Contract
from .errors import Problem
from .formatting import MISSING, count_phrase, format_count, format_percent, number_in_text, share
from .inputs import excel_row
from .organisation import apply_reorganisations, reorganisation_note
from .sentences import (
    describe_count_change,
    describe_part_of_whole,
    join_list,
    label_in_text,
    sentence,
)
from .workdays import bucket, bucket_labels, workdays_between

CHAPTER = "avvikelser"
TITLE = "Avvikelser och lex Sarah"

LEX_SARAH_OUTCOMES = ("ej lex Sarah", "pågående", "missförhållande", "anmäld till IVO")
LAWS = ("SoL", "LSS", "HSL")
STATUSES = (
    "Ej mottagen",
    "Mottagen, utredning ej påbörjad",
    "Pågående utredning",
    "Pågående utredning längre än tre månader",
    "Avslutad med åtgärd",
    "Avslutad utan åtgärd",
)


def _dates_in_order(frame: pd.DataFrame) -> list[Problem]:
    """Cross-field checks: nothing ends before it starts, nothing happens after it was registered."""
    problems = []
    pairs = [
        ("handelsedatum", "registreringsdatum", "händelsedatum ligger efter registreringsdatum"),
        ("registreringsdatum", "utredning_start", "utredningen påbörjades före registreringsdatum"),
        ("utredning_start", "utredning_slut", "utredningens slutdatum ligger före startdatum"),
    ]
    for first, second, message in pairs:
        bad = frame[first].notna() & frame[second].notna() & (frame[second] < frame[first])
        problems += [Problem(excel_row(i), second, message) for i in frame.index[bad]]
    orphan = frame["utredning_slut"].notna() & frame["utredning_start"].isna()
    problems += [Problem(excel_row(i), "utredning_start", "utredningen har slutdatum men inget startdatum") for i in frame.index[orphan]]
    return problems


CONTRACT = Contract(
    name="Avvikelser (en rad per avvikelse)",
    columns=(
        Column("id", "text", "Avvikelsens id i avvikelsesystemet. Visas aldrig i rapporten.", unique=True),
        Column("registreringsdatum", "date", "Dag då avvikelsen registrerades; avgör vilket år den räknas till."),
        Column("handelsedatum", "date", "Dag då händelsen inträffade.", required=False, nullable=True),
        Column("avdelning", "category", "Myndighet, verkställighet eller övrigt (kategorier i params)."),
        Column("verksamhetsomrade", "text", "Verksamhetsområde, t.ex. Äldreomsorg."),
        Column("enhet", "text", "Enhet. Redovisas aldrig per enhet i detta kapitel.", required=False, nullable=True),
        Column("typ", "category", "Typ av händelse (standard: de tolv typerna i Sävsjös Tabell 5; kan ändras i params)."),
        Column("allvarlighetsgrad", "int", "Allvarlighetsgrad 1–4.", required=False, nullable=True, minimum=1, maximum=4),
        Column("lagrum", "category", "SoL, LSS eller HSL.", required=False, nullable=True, categories=LAWS),
        Column("intern_extern", "category", "intern eller extern.", required=False, nullable=True, categories=("intern", "extern")),
        Column("lex_sarah_markerad", "bool", "Rapportören markerade avvikelsen som möjlig lex Sarah (ja/nej)."),
        Column("lex_sarah_utfall", "category", "Bedömning: ej lex Sarah, pågående, missförhållande, anmäld till IVO.", required=False, nullable=True, categories=LEX_SARAH_OUTCOMES),
        Column("mottagen_datum", "date", "Dag då ansvarig chef tog emot avvikelsen.", required=False, nullable=True),
        Column("utredning_start", "date", "Dag då utredningen påbörjades.", nullable=True),
        Column("utredning_slut", "date", "Dag då utredningen avslutades.", nullable=True),
        Column("avslutad_med_atgard", "bool", "Avslutad med åtgärd (ja) eller utan (nej); tom om ej avslutad.", required=False, nullable=True),
    ),
    row_checks=(_dates_in_order,),
)


class AvvikelserData(YearlyRows):
    """The canonical rows (one per avvikelse) of all years read, and what was found."""


def contract_for(params: Params) -> Contract:
    settings = params.avvikelser
    return CONTRACT.with_categories(typ=settings.typer, avdelning=settings.avdelningar)


def load(params: Params) -> AvvikelserData:
    """Read every year's export in the comparison window; a missing report-year file is a visible notice."""
    years = params.years()
    read = read_yearly_rows(params, CHAPTER, contract_for(params), "registreringsdatum", "Avvikelser", "avvikelse", "avvikelser")
    if read.missing_notice:
        return AvvikelserData(params, read.rows, read.years_with_data, missing_notice=read.missing_notice)
    rows, found, checks = read.rows, read.years_with_data, read.checks
    present = set(rows["verksamhetsomrade"].dropna())
    rows["verksamhetsomrade"] = apply_reorganisations(rows["verksamhetsomrade"], params.organisationsforandringar, params.ar)
    notes = []
    note = reorganisation_note(params.organisationsforandringar, years, present)
    if note:
        notes.append(note)
    return AvvikelserData(params, rows, found, notes=notes, checks=checks)


# ---------------------------------------------------------------- metrics


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
    long_running = started & ~ended & (rows["utredning_start"] < cut - pd.DateOffset(months=long_months))
    with_action = rows.get("avslutad_med_atgard", pd.Series(pd.NA, index=rows.index)).fillna(False).astype(bool)
    status = pd.Series(STATUSES[0], index=rows.index, dtype=object)
    status[received & ~started] = STATUSES[1]
    status[started & ~ended] = STATUSES[2]
    status[long_running] = STATUSES[3]
    status[ended & with_action] = STATUSES[4]
    status[ended & ~with_action] = STATUSES[5]
    return status


def status_table(rows: pd.DataFrame, status: pd.Series, groups: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({"status": status, "avdelning": rows["avdelning"]})
    table = frame.groupby(["status", "avdelning"]).size().unstack("avdelning", fill_value=0)
    table = table.reindex(index=list(STATUSES), columns=groups, fill_value=0)
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


# ------------------------------------------------------------- presentation


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    return table.map(format_count)


@blocks.section("Antal avvikelser per år")
def section_totals(data: AvvikelserData) -> list[Block]:
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    table = pd.DataFrame({"Antal avvikelser": totals.map(format_count)}).T
    table.index.name = "År"
    table = blocks.text_columns(table)
    text = describe_count_change("Antalet avvikelser", totals.get(data.previous), totals[data.year], data.previous, data.year, "avvikelse", "avvikelser")
    known = totals.dropna()
    if len(known) >= 3 and known.is_monotonic_increasing and known.is_unique:
        text += f" Antalet har ökat varje år sedan {int(known.index[0])}."
    elif len(known) >= 3 and known.is_monotonic_decreasing and known.is_unique:
        text += f" Antalet har minskat varje år sedan {int(known.index[0])}."
    missing_years = [str(y) for y in years if y not in data.years_with_data]
    if missing_years:
        text += f" Underlag saknas för {join_list(missing_years)} (visas som {MISSING})."
    fig = charts.bar_chart_by_year(known, "Antal avvikelser")
    first, last = int(known.index[0]), int(known.index[-1])
    alt = (
        f"Stapeldiagram över antal avvikelser per år {first}–{last}: "
        + ", ".join(f"{int(y)}: {format_count(v)}" for y, v in known.items())
        + f". {text.split('.')[0]}."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(table, "avv-totalt", "Totalt antal avvikelser per år"),
        blocks.figure_block(fig, "avv-totalt", f"Antal avvikelser per år {first}–{last}", alt),
    ]


@blocks.section("Avvikelser per verksamhetsområde")
def section_areas(data: AvvikelserData) -> list[Block]:
    years = [y for y in data.params.years() if y in data.years_with_data]
    table = per_area_per_year(data.rows, years)
    out: list[Block] = []
    increases, decreases = largest_changes(table, data.previous, data.year, n=1) if data.previous in years else (pd.Series(dtype=int), pd.Series(dtype=int))
    parts = []
    for (group, area), diff in increases.items():
        parts.append(f"Störst ökning ses inom {label_in_text(area)} ({label_in_text(group)}), från {format_count(table.loc[(group, area), data.previous])} år {data.previous} till {format_count(table.loc[(group, area), data.year])} år {data.year}")
    for (group, area), diff in decreases.items():
        parts.append(f"störst minskning inom {label_in_text(area)} ({label_in_text(group)}), från {format_count(table.loc[(group, area), data.previous])} till {format_count(table.loc[(group, area), data.year])}")
    if parts:
        out.append(blocks.text_block(sentence("; ".join(parts))))
    shown = table.copy()
    subtotal = shown.groupby(level="avdelning").sum()
    display_rows = []
    for group in data.params.avvikelser.avdelningar:
        if group not in subtotal.index:
            continue
        for (g, area), values in shown.loc[[group]].iterrows():
            display_rows.append((f"{g} – {area}", values))
        display_rows.append((f"Summa {label_in_text(group)}", subtotal.loc[group]))
    display = pd.DataFrame({name: vals for name, vals in display_rows}).T
    display.loc["Totalt"] = table.sum()
    display.index.name = "Avdelning – verksamhetsområde"
    out.append(blocks.table_block(blocks.text_columns(_counts(display)), "avv-omrade", "Antal avvikelser per verksamhetsområde och år"))
    return out


@blocks.section("Typ av händelse")
def section_types(data: AvvikelserData) -> list[Block]:
    prev, cur = data.previous, data.year
    types = data.params.avvikelser.typer
    table = per_type(data.rows, types, prev, cur)
    has_prev = prev in data.years_with_data
    display = pd.DataFrame(index=table.index)
    display[f"Antal {prev}"] = table[prev].map(format_count) if has_prev else MISSING
    display[f"Antal {cur}"] = table[cur].map(format_count)
    diff = table[cur] - table[prev]
    display["Förändring"] = diff.map(lambda v: format_count(v, signed=True)) if has_prev else MISSING
    display[f"Andel {cur}"] = (100 * table[cur] / max(1, table[cur].sum())).map(lambda v: format_percent(v, 1))
    display.loc["Totalt"] = [
        format_count(table[prev].sum()) if has_prev else MISSING,
        format_count(table[cur].sum()),
        format_count(diff.sum(), signed=True) if has_prev else MISSING,
        format_percent(100.0, 1),
    ]
    display.index.name = "Typ av händelse"
    out: list[Block] = []
    if has_prev:
        up, down = largest_changes(table, prev, cur, n=2)
        sentences = []
        for kind, _ in up.items():
            sentences.append(describe_count_change(f"Avvikelser av typen {label_in_text(kind)}", table.loc[kind, prev], table.loc[kind, cur], prev, cur, "avvikelse", "avvikelser"))
        for kind, _ in down.items():
            sentences.append(describe_count_change(f"Avvikelser av typen {label_in_text(kind)}", table.loc[kind, prev], table.loc[kind, cur], prev, cur, "avvikelse", "avvikelser"))
        largest = table[cur].idxmax()
        sentences.append(
            f"Den vanligaste typen {cur} var {label_in_text(largest)} med {format_count(table.loc[largest, cur])} avvikelser, "
            f"{format_percent(share(table.loc[largest, cur], table[cur].sum()), 1)} av alla."
        )
        out.append(blocks.text_block(" ".join(sentences)))
    out.append(blocks.table_block(display, "avv-typ", f"Antal avvikelser per typ av händelse {prev} och {cur}"))
    if has_prev:
        fig = charts.grouped_bar_chart(table.rename(columns=str), "Antal avvikelser")
        top = table[cur].sort_values(ascending=False).head(3)
        alt = (
            f"Liggande stapeldiagram med antal avvikelser per typ av händelse, {prev} jämfört med {cur}. "
            f"Flest {cur}: " + ", ".join(f"{label_in_text(k)} {format_count(v)}" for k, v in top.items()) + "."
        )
        out.append(blocks.figure_block(fig, "avv-typ", f"Avvikelser per typ av händelse {prev} och {cur}", alt))
    return out


def _bucket_display(table: pd.DataFrame) -> pd.DataFrame:
    """Cells ``antal (andel)`` with shares of each column's total."""
    display = pd.DataFrame(index=table.index)
    for column in table.columns:
        total = table[column].sum()
        display[f"{column[0]} {column[1]}"] = [
            f"{format_count(v)} ({format_percent(share(v, total))})" if total else MISSING for v in table[column]
        ]
    totals = [format_count(table[c].sum()) for c in table.columns]
    display.loc["Totalt"] = totals
    return display


def _within_sentence(table: pd.DataFrame, groups: list[str], year: int, within: list[str], what: str) -> str:
    """``År 2025 påbörjades utredningen inom … för 56 % av avvikelserna inom myndighet och 69 % inom verkställighet.``"""
    parts = []
    for group in groups:
        column = (group, year)
        if column not in table.columns or table[column].sum() == 0:
            continue
        value = share(table.loc[within, column].sum(), table[column].sum())
        suffix = " av avvikelserna" if not parts else ""
        parts.append(f"{format_percent(value)}{suffix} inom {label_in_text(group)}")
    if not parts:
        return ""
    return sentence(f"År {year} {what} för {join_list(parts)}")


@blocks.section("Tid till utredning och utredningstid")
def section_timing(data: AvvikelserData) -> list[Block]:
    settings = data.params.avvikelser
    groups = [g for g in settings.avdelningar if g in set(data.rows["avdelning"])][:2]
    years = [y for y in (data.previous, data.year) if y in data.years_with_data]
    rows = data.rows[data.rows["ar"].isin(years)]
    start_order = bucket_labels(settings.utredning_start_dagar) + ["Ej påbörjad"]
    start = bucket_table(rows, investigation_start_buckets(rows, settings.utredning_start_dagar), start_order, groups, years)
    length_order = bucket_labels(settings.utredningstid_dagar) + ["Pågår"]
    length = bucket_table(rows, investigation_length_buckets(rows, settings.utredningstid_dagar), length_order, groups, years)
    week = [label for label, high in zip(start_order, settings.utredning_start_dagar) if high <= 5]
    three_weeks = [label for label, high in zip(length_order, settings.utredningstid_dagar) if high <= 15]
    text = " ".join(
        s for s in (
            _within_sentence(start, groups, data.year, week, "påbörjades utredningen inom fem arbetsdagar (en vecka)"),
            _within_sentence(length, groups, data.year, three_weeks, "var utredningen klar inom 15 arbetsdagar (tre veckor)"),
        ) if s
    )
    note = "Arbetsdagar räknas måndag–fredag utom helgdagar. Andelarna avser avvikelser registrerade respektive år."
    return [
        blocks.text_block(text),
        blocks.table_block(_bucket_display(start).rename_axis("Tid till påbörjad utredning"), "avv-start", "Tid från registrering till påbörjad utredning, antal (andel)", note=note),
        blocks.table_block(_bucket_display(length).rename_axis("Utredningstid"), "avv-utredningstid", "Utredningstid från påbörjad till avslutad utredning, antal (andel)", note=note),
    ]


@blocks.section("Handläggningsstatus")
def section_status(data: AvvikelserData, cutoff: date | None = None) -> list[Block]:
    cutoff = cutoff or date(data.year, 12, 31)
    rows = data.rows_of(data.year)
    groups = [g for g in data.params.avvikelser.avdelningar if g in set(rows["avdelning"])]
    status = handling_status(rows, cutoff, data.params.avvikelser.pagaende_lang_manader)
    table = status_table(rows, status, groups)
    total = int(table["Totalt"].sum())
    closed = int(table.loc[[STATUSES[4], STATUSES[5]], "Totalt"].sum())
    open_long = int(table.loc[STATUSES[3], "Totalt"])
    text = (
        f"Den {cutoff.isoformat()} var {describe_part_of_whole(closed, total, 'avvikelse', 'avvikelser')} från {data.year} avslutade, "
        f"{format_count(table.loc[STATUSES[4], 'Totalt'])} av dem med åtgärd. "
    )
    if open_long:
        text += f"{count_phrase(open_long, 'utredning', 'utredningar').capitalize()} hade pågått längre än tre månader."
    else:
        text += "Ingen utredning hade pågått längre än tre månader."
    table = table.rename(columns=str)
    table.loc["Totalt"] = table.sum()
    table.index.name = f"Status {cutoff.isoformat()}"
    return [blocks.text_block(text), blocks.table_block(_counts(table), "avv-status", f"Handläggningsstatus för avvikelser registrerade {data.year}")]


@blocks.section("Lex Sarah")
def section_lex_sarah(data: AvvikelserData) -> list[Block]:
    rows = data.rows_of(data.year)
    groups = data.params.avvikelser.avdelningar
    table = lex_sarah_table(rows, groups)
    flagged = int(table.loc["Totalt", "Markerade av rapportör"])
    ivo = int(table.loc["Totalt", "Anmäld till IVO"])
    per_group = [f"{number_in_text(int(table.loc[g, 'Anmäld till IVO']))} inom {label_in_text(g)}" for g in groups if table.loc[g, "Anmäld till IVO"] > 0]
    text = f"Under {data.year} markerade rapportörerna {count_phrase(flagged, 'avvikelse', 'avvikelser')} som möjliga lex Sarah-ärenden. "
    if ivo:
        text += f"{count_phrase(ivo, 'avvikelse', 'avvikelser').capitalize()} anmäldes till IVO"
        text += f" ({join_list(per_group)})." if per_group else "."
    else:
        text += "Ingen avvikelse anmäldes till IVO."
    per_year = lex_sarah_per_year(data.rows, [y for y in data.params.years() if y in data.years_with_data])
    per_year.index.name = "Lex Sarah"
    return [
        blocks.text_block(text),
        blocks.table_block(_counts(table.rename_axis("Avdelning")), "avv-lexsarah", f"Lex Sarah {data.year}: markerade av rapportör och bedömning per avdelning",
                           note="Bedömningen görs av SAS/MAS; en avvikelse kan bedömas som lex Sarah även om rapportören inte markerat den."),
        blocks.table_block(blocks.text_columns(_counts(per_year)), "avv-lexsarah-ar", "Lex Sarah per år"),
    ]


def key_figures(data: AvvikelserData) -> dict[str, object]:
    """The chapter's key figures for the summary and batch indexes (aggregates only)."""
    if data.missing_notice:
        return {"data_saknas": True}
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    rows = data.rows_of(data.year)
    types = per_type(data.rows, data.params.avvikelser.typer, data.previous, data.year)
    return {
        "antal": {str(y): (None if pd.isna(v) else int(v)) for y, v in totals.items()},
        "antal_per_typ": {t: int(v) for t, v in types[data.year].items()},
        "lex_sarah_markerade": int(rows["lex_sarah_markerad"].fillna(False).astype(bool).sum()),
        "lex_sarah_anmalda_ivo": int((rows["lex_sarah_utfall"] == "anmäld till IVO").sum()),
        "kontroller": check_messages(data),
    }
