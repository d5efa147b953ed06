"""Chapter Synpunkter och klagomål: input contract, metrics and report sections.

Metrics are pure functions of the canonical rows (one row per synpunkt, see
``CONTRACT``); section functions turn them into numbered tables, figures and
sentences for the notebook ``notebooks/20-synpunkter.ipynb``.

One synpunkt can concern several verksamhetsområden and have several themes
(list columns). Tables per verksamhetsområde or theme therefore count
*mentions*, and always state the number of unique synpunkter beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

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
from .formatting import (
    MISSING,
    capitalize_first,
    format_count,
    format_date,
    format_number,
    format_percent,
    number_in_text,
    round_half_up,
    share,
)
from .inputs import excel_row
from .organisation import apply_reorganisations, apply_reorganisations_to_lists, reorganisation_note
from .privacy import primary_label, suppress
from .sentences import (
    describe_count_change,
    describe_share_change,
    duration_phrase,
    join_list,
    label_in_text,
    majority_word,
    quantity,
    sentence,
)

CHAPTER = "synpunkter"
TITLE = "Synpunkter och klagomål"
UNIT_MISSING = "Enhet ej angiven"


def _answered_after_received(frame: pd.DataFrame) -> list[Problem]:
    """A synpunkt cannot be answered before it came in."""
    bad = frame["inkommen_datum"].notna() & frame["besvarad_datum"].notna() & (frame["besvarad_datum"] < frame["inkommen_datum"])
    return [
        Problem(
            excel_row(i),
            "besvarad_datum",
            f"besvarad {format_date(frame.at[i, 'besvarad_datum'])}, före datum då synpunkten kom in "
            f"({format_date(frame.at[i, 'inkommen_datum'])}); ett svar kan inte ligga före inkommen_datum",
        )
        for i in frame.index[bad]
    ]


CONTRACT = Contract(
    name="Synpunkter och klagomål (en rad per synpunkt)",
    columns=(
        Column("id", "text", "Synpunktens id eller diarienummer. Används bara för att hitta dubbletter; visas aldrig i rapporten.", unique=True),
        Column("inkommen_datum", "date", "Dag då synpunkten kom in; avgör vilket år den räknas till."),
        Column("kanal", "category", "Hur synpunkten kom in, t.ex. synpunktsfolder, e-post, telefon, e-tjänst, brev eller besök (kategorier i params)."),
        Column("typ", "category", "Typ av synpunkt: beröm, klagomål, förslag eller övrigt (kategorier i params)."),
        Column("verksamhetsomrade", "list", "Verksamhetsområde som synpunkten gäller. En synpunkt kan gälla flera, åtskilda med ; (t.ex. Äldreomsorg;Hemsjukvård); den räknas då under vart och ett."),
        Column("tema", "list", "Tema, t.ex. bemötande, kommunikation och samordning, utförande av insats, rättssäkerhet (kategorier i params). Flera åtskilda med ;.", required=False, nullable=True),
        Column("besvarad_datum", "date", "Dag då synpunkten besvarades; tom om den inte är besvarad. Får inte ligga före inkommen_datum.", nullable=True),
        Column("ledde_till_avvikelse", "bool", "Synpunkten ledde till en avvikelse (ja/nej; tom räknas som nej).", nullable=True),
        Column("ledde_till_lex_sarah", "bool", "Synpunkten ledde till en rapport enligt lex Sarah (ja/nej; tom räknas som nej).", nullable=True),
        Column("enhet", "text", "Enhet som synpunkten gäller. Redovisas per enhet bara med maskering av små antal.", required=False, nullable=True),
    ),
    row_checks=(_answered_after_received,),
)


class KindWords(NamedTuple):
    """How a kind of synpunkt is written in running text."""

    singular: str  # ett klagomål
    plural: str  # tre klagomål
    neuter: bool
    definite: str  # Klagomålen gällde oftast …


KIND_WORDS = {
    "Beröm": KindWords("beröm", "beröm", True, "berömmet"),
    "Klagomål": KindWords("klagomål", "klagomål", True, "klagomålen"),
    "Förslag": KindWords("förslag", "förslag", True, "förslagen"),
    "Övrigt": KindWords("övrig synpunkt", "övriga synpunkter", False, "de övriga synpunkterna"),
}


def kind_words(kind: str) -> KindWords:
    """The words for a kind; a kommun's own kinds get ``synpunkt av typen …``."""
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    name = label_in_text(kind)
    return KindWords(f"synpunkt av typen {name}", f"synpunkter av typen {name}", False, f"synpunkterna av typen {name}")


def kind_quantity(n: int, kind: str) -> str:
    """``18 beröm``, ``ett klagomål``, ``två övriga synpunkter``."""
    words = kind_words(kind)
    return quantity(n, words.singular, words.plural, neuter=words.neuter)


def synpunkter_quantity(n: int) -> str:
    return quantity(n, "synpunkt", "synpunkter")


class SynpunkterData(YearlyRows):
    """The canonical rows (one per synpunkt) of all years read, and what was found."""


def contract_for(params: Params) -> Contract:
    """The contract with the kommun's categories; old unit names stay valid for earlier years."""
    settings = params.synpunkter
    areas = None
    if settings.verksamhetsomraden is not None:
        old_names = [c.fran for c in params.organisationsforandringar if c.fran not in settings.verksamhetsomraden]
        areas = [*settings.verksamhetsomraden, *old_names]
    return CONTRACT.with_categories(typ=settings.typer, kanal=settings.kanaler, tema=settings.teman, verksamhetsomrade=areas)


def load(params: Params) -> SynpunkterData:
    """Read every year's file in the comparison window; a missing report-year file is a visible notice."""
    years = params.years()
    read = read_yearly_rows(params, CHAPTER, contract_for(params), "inkommen_datum", "Synpunkter och klagomål", "synpunkt", "synpunkter")
    if read.missing_notice:
        return SynpunkterData(params, read.rows, read.years_with_data, missing_notice=read.missing_notice)
    rows, found, checks = read.rows, read.years_with_data, read.checks
    present = {name for names in rows["verksamhetsomrade"] for name in names} | set(rows["enhet"].dropna())
    changes = params.organisationsforandringar
    rows["verksamhetsomrade"] = apply_reorganisations_to_lists(rows["verksamhetsomrade"], changes, params.ar)
    rows["enhet"] = apply_reorganisations(rows["enhet"], changes, params.ar)
    for flag in ("ledde_till_avvikelse", "ledde_till_lex_sarah"):
        rows[flag] = rows[flag].fillna(False).astype(bool)
    note = reorganisation_note(changes, years, present)
    return SynpunkterData(params, rows, found, notes=[note] if note else [], checks=checks)


# ---------------------------------------------------------------- metrics


def kinds_per_year(rows: pd.DataFrame, kinds: list[str], years: list[int], years_with_data: list[int]) -> pd.DataFrame:
    """Kind (rows, every configured kind) × year (columns); NaN columns for years without a file."""
    table = rows.groupby(["typ", "ar"]).size().unstack("ar", fill_value=0)
    table = table.reindex(index=kinds, columns=years, fill_value=0).astype("float64")
    table[[y for y in years if y not in years_with_data]] = float("nan")
    return table


def channels_per_year(rows: pd.DataFrame, channels: list[str], years: list[int]) -> pd.DataFrame:
    """Channel (rows, every configured channel) × year (columns)."""
    table = rows.groupby(["kanal", "ar"]).size().unstack("ar", fill_value=0)
    return table.reindex(index=channels, columns=years, fill_value=0).astype(int)


def mentions(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per synpunkt and value of a list column (a synpunkt about two areas gives two rows)."""
    exploded = rows[["id", "typ", column]].explode(column)
    return exploded.dropna(subset=[column])


def value_order(configured: list[str] | None, counts: pd.Series) -> list[str]:
    """Configured values in their order (also those with no synpunkter), else the data's values, most first."""
    if configured is not None:
        return list(configured) + sorted(v for v in counts.index if v not in configured)
    return sorted(counts.index, key=lambda v: (-counts[v], v))


def kind_by_list(rows: pd.DataFrame, column: str, kinds: list[str], order: list[str] | None = None) -> pd.DataFrame:
    """Value of a list column (rows) × kind (columns): each synpunkt counted once per value it has."""
    found = mentions(rows, column)
    table = found.groupby([column, "typ"]).size().unstack("typ", fill_value=0)
    index = value_order(order, table.sum(axis=1) if not table.empty else pd.Series(dtype=int))
    return table.reindex(index=index, columns=kinds, fill_value=0).astype(int)


def unique_per_kind(rows: pd.DataFrame, kinds: list[str]) -> pd.Series:
    """Number of unique synpunkter per kind."""
    return rows.groupby("typ").size().reindex(kinds, fill_value=0).astype(int)


def response_days(rows: pd.DataFrame) -> pd.Series:
    """Calendar days from received to answered (same day = 0); NaN where not answered."""
    return (rows["besvarad_datum"] - rows["inkommen_datum"]).dt.days.astype("float64")


@dataclass(frozen=True)
class ResponseSummary:
    """Time to answer for one year's synpunkter."""

    received: int
    answered: int
    within_target: int  # answered within the target, same day included
    median_days: float | None  # over the answered ones
    target_days: int

    @property
    def not_answered(self) -> int:
        return self.received - self.answered

    @property
    def share_within_target(self) -> float | None:
        """Per cent of all received synpunkter (unanswered ones count as not within the target)."""
        return share(self.within_target, self.received)


def response_summary(rows: pd.DataFrame, target_days: int) -> ResponseSummary:
    days = response_days(rows).dropna()
    return ResponseSummary(
        received=len(rows),
        answered=len(days),
        within_target=int((days <= target_days).sum()),
        median_days=float(days.median()) if len(days) else None,
        target_days=target_days,
    )


def consequences_per_year(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Synpunkter that led to an avvikelse or a lex Sarah report, per year (columns)."""
    table = pd.DataFrame({
        "Ledde till avvikelse": rows[rows["ledde_till_avvikelse"]].groupby("ar").size(),
        "Ledde till lex Sarah-rapport": rows[rows["ledde_till_lex_sarah"]].groupby("ar").size(),
    })
    return table.reindex(years, fill_value=0).fillna(0).astype(int).T


def counts_per_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """Number of synpunkter per enhet: alphabetical, synpunkter without enhet last.

    The order never depends on the counts, so it tells nothing about masked values.
    """
    counts = rows["enhet"].fillna(UNIT_MISSING).value_counts()
    order = sorted(u for u in counts.index if u != UNIT_MISSING) + ([UNIT_MISSING] if UNIT_MISSING in counts.index else [])
    return pd.DataFrame({"Antal synpunkter": counts.reindex(order).astype(int)})


# ------------------------------------------------------------- presentation


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    return table.map(format_count)


def _period(years: list[int]) -> str:
    """``2022–2025``, or ``2025`` for a single year."""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _nothing_received(data: SynpunkterData) -> list[Block] | None:
    """For sections about the report year's synpunkter: a sentence instead of empty tables."""
    if len(data.rows_of(data.year)):
        return None
    return [blocks.text_block(f"Inga synpunkter kom in under {data.year}.")]


def _days(value: float | None) -> str:
    """A number of days for a table: ``6`` or ``6,5``."""
    if value is None or pd.isna(value):
        return MISSING
    return format_number(value, 0 if float(value).is_integer() else 1)


def _rounded(value: float | None, decimals: int = 1) -> float | None:
    """A share rounded as the table shows it, so that sentences agree with the table."""
    return None if value is None else float(round_half_up(value, decimals))


def describe_year_total(total: int, per_kind: pd.Series, year: int) -> str:
    """``Under 2025 inkom 28 synpunkter, varav 18 beröm och tio klagomål.``"""
    if total == 0:
        return f"Under {year} inkom inga synpunkter."
    text = f"Under {year} inkom {synpunkter_quantity(total)}"
    present = per_kind[per_kind > 0]
    if len(present) == 1:
        kind = str(present.index[0])
        return f"{text}, {kind_quantity(1, kind)}." if total == 1 else f"{text}, samtliga {kind_words(kind).plural}."
    return f"{text}, varav {join_list([kind_quantity(int(n), str(k)) for k, n in present.items()])}."


def describe_kind_changes(per_kind: pd.DataFrame, previous: int, current: int) -> str:
    """``Jämfört med 2024 ökade antalet beröm från 14 till 18 och antalet klagomål från åtta till tio.``

    Kinds with no synpunkter in either year are left out; a year without data gives no sentence.
    """
    up, down, same = [], [], []
    for kind in per_kind.index:
        before, after = per_kind.loc[kind, previous], per_kind.loc[kind, current]
        if pd.isna(before) or pd.isna(after) or (before == 0 and after == 0):
            continue
        words = kind_words(str(kind))
        a, b = (number_in_text(int(v), neuter=words.neuter) for v in (before, after))
        if after > before:
            up.append(f"antalet {words.plural} från {a} till {b}")
        elif after < before:
            down.append(f"antalet {words.plural} från {a} till {b}")
        else:
            same.append(f"antalet {words.plural} ({b})")
    sentences = []
    if up:
        sentences.append(f"Jämfört med {previous} ökade {join_list(up)}.")
    if down:
        sentences.append(f"{'Samtidigt' if up else f'Jämfört med {previous}'} minskade {join_list(down)}.")
    if same:
        verb = "var oförändrat" if len(same) == 1 else "var oförändrade"
        sentences.append(sentence(f"{join_list(same)} {verb}"))
    return " ".join(sentences)


@blocks.section("Antal synpunkter per år och typ")
def section_totals(data: SynpunkterData) -> list[Block]:
    years = data.params.years()
    kinds = data.params.synpunkter.typer
    totals = rows_per_year(data.rows, years, data.years_with_data)
    per_kind = kinds_per_year(data.rows, kinds, years, data.years_with_data)
    cur, prev = data.year, data.previous
    sentences = [describe_year_total(int(totals[cur]), per_kind[cur], cur)]
    if data.has_previous:
        sentences.append(describe_count_change("Antalet synpunkter", totals[prev], totals[cur], prev, cur, "synpunkt", "synpunkter"))
        sentences.append(describe_kind_changes(per_kind, prev, cur))
    else:
        sentences.append(f"Uppgift för {prev} saknas, så ingen jämförelse med föregående år kan göras.")
    missing_years = [str(y) for y in years if y not in data.years_with_data]
    if missing_years:
        sentences.append(f"Underlag saknas för {join_list(missing_years)} (visas som {MISSING}).")
    table = per_kind.copy()
    table.loc["Totalt"] = totals
    table.index.name = "Typ av synpunkt"
    out = [
        blocks.text_block(" ".join(s for s in sentences if s)),
        blocks.table_block(blocks.text_columns(_counts(table)), "syn-totalt", "Antal synpunkter per typ och år"),
    ]
    shown_years = [y for y in years if y in data.years_with_data]
    chart_data = per_kind.loc[per_kind[shown_years].sum(axis=1) > 0, shown_years]
    if chart_data.empty:
        return out
    period = _period(shown_years)
    fig = charts.grouped_bar_chart(chart_data.rename(columns=str), "Antal synpunkter")
    alt = (
        f"Liggande stapeldiagram över antal synpunkter per typ och år {period}. "
        + " ".join(
            f"{y}: " + ", ".join(f"{label_in_text(k)} {format_count(per_kind.loc[k, y])}" for k in chart_data.index) + "."
            for y in shown_years
        )
        + f" {sentences[1]}"
    )
    return [*out, blocks.figure_block(fig, "syn-totalt", f"Synpunkter per typ och år {period}", alt)]


def describe_channels(counts: pd.Series, year: int) -> str:
    """Which channel most synpunkter came through, and the next ones (``Majoriteten … (15 av 28) …``)."""
    total = int(counts.sum())
    if total == 0:
        return ""
    ranked = counts[counts > 0].sort_values(ascending=False, kind="stable")
    top_n = int(ranked.iloc[0])
    top = [str(c) for c, n in ranked.items() if n == top_n]
    whole = f"{number_in_text(top_n)} av {number_in_text(total)}"
    if top_n == total:
        channel = label_in_text(top[0])
        if total == 1:
            return f"Den enda synpunkten {year} kom in via {channel}."
        if total == 2:
            return f"Båda synpunkterna {year} kom in via {channel}."
        return f"Samtliga {number_in_text(total)} synpunkter {year} kom in via {channel}."
    if len(top) > 1:
        text = (
            f"Lika många synpunkter {year}, {number_in_text(top_n)} vardera, kom in via "
            f"{join_list([label_in_text(c) for c in top])}."
        )
    else:
        word = majority_word(top_n, total)
        channel = label_in_text(top[0])
        if word:
            text = f"{word} av synpunkterna {year}, {whole}, kom in via {channel}."
        else:
            text = f"Flest synpunkter {year} kom in via {channel}: {whole} ({format_percent(share(top_n, total), 1)})."
    rest = [(c, int(n)) for c, n in ranked.items() if c not in top][:2]
    if rest:
        text += " Därefter kom flest via " + join_list([f"{label_in_text(c)} ({number_in_text(n)})" for c, n in rest]) + "."
    return text


@blocks.section("Hur synpunkterna kom in")
def section_channels(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    cur, prev = data.year, data.previous
    shown_years = [y for y in (prev, cur) if y in data.years_with_data]
    table = channels_per_year(data.rows, data.params.synpunkter.kanaler, shown_years)
    text = describe_channels(table[cur], cur)
    display = pd.DataFrame(index=table.index)
    for y in shown_years:
        display[f"Antal {y}"] = table[y].map(format_count)
    total = int(table[cur].sum())
    display[f"Andel {cur}"] = table[cur].map(lambda v: format_percent(share(v, total), 1))
    display.loc["Totalt"] = [format_count(table[y].sum()) for y in shown_years] + [format_percent(100.0 if total else None, 1)]
    display.index.name = "Kanal"
    out: list[Block] = [blocks.text_block(text)] if text else []
    out.append(blocks.table_block(display, "syn-kanal", f"Hur synpunkterna kom in, {join_list([str(y) for y in shown_years])}"))
    chart_data = table[table.sum(axis=1) > 0].sort_values(cur, ascending=False, kind="stable")
    if not chart_data.empty:
        fig = charts.grouped_bar_chart(chart_data.rename(columns=str), "Antal synpunkter")
        top = chart_data[cur].head(3)
        alt = (
            f"Liggande stapeldiagram över hur synpunkterna kom in {join_list([str(y) for y in shown_years])}. "
            f"Flest {cur}: " + ", ".join(f"{label_in_text(str(k))} {format_count(v)}" for k, v in top.items()) + f". {text}"
        )
        out.append(blocks.figure_block(fig, "syn-kanal", f"Synpunkter per kanal, {join_list([str(y) for y in shown_years])}", alt))
    return out


def _with_unique_total(table: pd.DataFrame, unique: pd.Series, mention_label: str) -> pd.DataFrame:
    """The table with a mention total row and, beneath it, the number of unique synpunkter."""
    shown = table.copy()
    shown["Totalt"] = shown.sum(axis=1)
    shown.loc[mention_label] = shown.sum(axis=0)
    unique_row = unique.reindex(table.columns).tolist()
    shown.loc["Antal unika synpunkter"] = unique_row + [int(unique.sum())]
    return shown.astype(int)


def describe_area_top(table: pd.DataFrame) -> str:
    """``Flest synpunkter gällde hemsjukvård (20: tolv beröm och åtta klagomål).``"""
    totals = table.sum(axis=1)
    totals = totals[totals > 0].sort_values(ascending=False, kind="stable")
    if totals.empty:
        return ""
    area = str(totals.index[0])
    if len(totals) == 1:
        return f"{'Synpunkten' if totals.iloc[0] == 1 else 'Samtliga'} gällde {label_in_text(area)}."
    parts = [kind_quantity(int(n), k) for k, n in table.loc[area].items() if n > 0]
    count = number_in_text(int(totals.iloc[0]))
    detail = f"{count}: {join_list(parts)}" if len(parts) > 1 else count
    text = f"Flest synpunkter gällde {label_in_text(area)} ({detail})."
    if "Klagomål" in table.columns and table["Klagomål"].sum() > 0:
        complaints = table["Klagomål"].sort_values(ascending=False, kind="stable")
        if complaints.index[0] != area:
            text += f" Flest klagomål gällde {label_in_text(str(complaints.index[0]))} ({number_in_text(int(complaints.iloc[0]))})."
    return text


@blocks.section("Typ av synpunkt per verksamhetsområde")
def section_areas(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    rows = data.rows_of(data.year)
    kinds = [k for k in data.params.synpunkter.typer if (rows["typ"] == k).any()]
    table = kind_by_list(rows, "verksamhetsomrade", kinds, data.params.synpunkter.verksamhetsomraden)
    unique = unique_per_kind(rows, kinds)
    n_unique, n_mentions = int(unique.sum()), int(table.to_numpy().sum())
    if n_mentions > n_unique:
        first = (
            f"Eftersom en synpunkt kan gälla flera verksamhetsområden räknas de {number_in_text(n_unique)} synpunkterna "
            f"från {data.year} sammanlagt {number_in_text(n_mentions)} gånger i tabellen, en gång per verksamhetsområde."
        )
    elif n_unique == 1:
        first = ""
    else:
        first = f"Var och en av synpunkterna från {data.year} gällde ett verksamhetsområde."
    text = " ".join(s for s in (first, describe_area_top(table)) if s)
    shown = _with_unique_total(table, unique, "Summa per verksamhetsområde")
    shown.index.name = "Verksamhetsområde"
    note = (
        "En synpunkt kan gälla flera verksamhetsområden och räknas då under vart och ett av dem. "
        f"Summan per verksamhetsområde ({format_count(n_mentions)}) kan därför vara större än "
        f"antalet unika synpunkter ({format_count(n_unique)})."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(_counts(shown), "syn-verksamhet", f"Synpunkter per verksamhetsområde och typ {data.year}", note=note),
    ]


def describe_themes(table: pd.DataFrame, n: int = 3) -> str:
    """Per kind, the most common themes: ``Klagomålen gällde oftast bemötande (fyra) och …``."""
    parts = []
    for kind in table.columns:
        counts = table[kind][table[kind] > 0].sort_values(ascending=False, kind="stable").head(n)
        if counts.empty:
            continue
        themes = join_list([f"{label_in_text(str(t))} ({number_in_text(int(v))})" for t, v in counts.items()])
        parts.append(f"{capitalize_first(kind_words(kind).definite)} gällde oftast {themes}.")
    return " ".join(parts)


@blocks.section("Teman")
def section_themes(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    rows = data.rows_of(data.year)
    kinds = [k for k in data.params.synpunkter.typer if (rows["typ"] == k).any()]
    without = int((rows["tema"].map(len) == 0).sum())
    if without == len(rows):
        return [blocks.text_block(f"Underlaget för {data.year} anger inga teman för synpunkterna.")]
    table = kind_by_list(rows, "tema", kinds, data.params.synpunkter.teman)
    table = table[table.sum(axis=1) > 0]
    text = describe_themes(table)
    if without:
        text += f" För {synpunkter_quantity(without)} är inget tema angivet."
    shown = _with_unique_total(table, unique_per_kind(rows, kinds), "Summa per tema")
    shown.loc["Varav utan angivet tema"] = unique_per_kind(rows[rows["tema"].map(len) == 0], kinds).tolist() + [without]
    shown.index.name = "Tema"
    note = (
        "En synpunkt kan ha flera teman och räknas då under vart och ett av dem, så summan per tema kan vara "
        "större än antalet unika synpunkter. Samma tema kan gälla beröm (t.ex. gott bemötande) och klagomål "
        "(brister i bemötande)."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(_counts(shown), "syn-tema", f"Synpunkter per tema och typ {data.year}", note=note),
    ]


def describe_response(summary: ResponseSummary, year: int) -> str:
    """Share within target, median time and the not yet answered, as running text."""
    target = quantity(summary.target_days, "dag", "dagar")
    if summary.received == 0:
        return ""
    text = f"Kommunens mål är att en synpunkt ska besvaras inom {target}. "
    if summary.answered == 0:
        return text + f"Ingen av synpunkterna från {year} var besvarad enligt underlaget."
    part = f"{number_in_text(summary.within_target)} av {number_in_text(summary.received)}"
    text += (
        f"Av synpunkterna från {year} besvarades {part} inom målet "
        f"({format_percent(summary.share_within_target, 1)}). "
        f"Mediantiden från att en synpunkt kom in till svar var {duration_phrase(summary.median_days)}."
    )
    if summary.not_answered:
        text += f" {capitalize_first(synpunkter_quantity(summary.not_answered))} var ännu inte besvarade." if summary.not_answered > 1 else " En synpunkt var ännu inte besvarad."
    else:
        text += " Samtliga synpunkter var besvarade."
    return text


@blocks.section("Tid till svar")
def section_response(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    target = data.params.synpunkter.svarstid_mal_dagar
    years = [y for y in data.params.years() if y in data.years_with_data]
    summaries = {y: response_summary(data.rows_of(y), target) for y in years}
    current = summaries[data.year]
    text = describe_response(current, data.year)
    if data.has_previous and current.received and summaries[data.previous].received:
        text += " " + describe_share_change(
            f"Andelen besvarade inom {quantity(target, 'dag', 'dagar')}",
            _rounded(summaries[data.previous].share_within_target), _rounded(current.share_within_target),
            data.previous, data.year, higher_is_better=True, decimals=1,
        )
    table = pd.DataFrame({
        str(y): [
            format_count(s.received), format_count(s.answered), format_count(s.within_target),
            format_percent(s.share_within_target, 1), _days(s.median_days), format_count(s.not_answered),
        ]
        for y, s in summaries.items()
    }, index=[
        "Inkomna synpunkter", "Besvarade", f"Besvarade inom {target} dagar", f"Andel besvarade inom {target} dagar",
        "Mediantid till svar, dagar", "Ej besvarade",
    ])
    table.index.name = "Svarstid"
    note = (
        "Tiden räknas i kalenderdagar från den dag synpunkten kom in till den dag den besvarades; svar samma dag är 0 dagar. "
        "Andelen räknas på alla inkomna synpunkter, även de som ännu inte är besvarade; mediantiden på de besvarade."
    )
    return [
        blocks.text_block(text),
        blocks.table_block(table, "syn-svarstid", f"Tid från inkommen synpunkt till svar {_period(years)}", note=note),
    ]


def describe_consequences(avvikelse: int, lex_sarah: int, year: int) -> str:
    """``Av synpunkterna från 2025 ledde en till en avvikelse och en till en lex Sarah-rapport.``"""
    if avvikelse == 0 and lex_sarah == 0:
        return f"Ingen synpunkt från {year} ledde till en avvikelse eller till en lex Sarah-rapport."

    def led(n: int, singular: str, plural: str) -> str:
        if n == 0:
            return f"ingen till {singular}"
        return f"{number_in_text(n)} till {singular if n == 1 else plural}"

    return (
        f"Av synpunkterna från {year} ledde {led(avvikelse, 'en avvikelse', 'avvikelser')} "
        f"och {led(lex_sarah, 'en lex Sarah-rapport', 'lex Sarah-rapporter')}."
    )


@blocks.section("Synpunkter som ledde till avvikelse eller lex Sarah")
def section_consequences(data: SynpunkterData) -> list[Block]:
    years = [y for y in data.params.years() if y in data.years_with_data]
    table = consequences_per_year(data.rows, years)
    text = describe_consequences(int(table.loc["Ledde till avvikelse", data.year]), int(table.loc["Ledde till lex Sarah-rapport", data.year]), data.year)
    table.index.name = "Följd av synpunkten"
    return [
        blocks.text_block(text),
        blocks.table_block(blocks.text_columns(_counts(table)), "syn-foljder", "Synpunkter som ledde till avvikelse eller lex Sarah-rapport per år",
                           note="En synpunkt kan leda till både en avvikelse och en lex Sarah-rapport och räknas då på båda raderna."),
    ]


@blocks.section("Synpunkter per enhet")
def section_units(data: SynpunkterData) -> list[Block]:
    if (nothing := _nothing_received(data)) is not None:
        return nothing
    rows = data.rows_of(data.year)
    if rows["enhet"].isna().all():
        return [blocks.text_block(f"Underlaget för {data.year} anger inte vilken enhet synpunkterna gäller.")]
    threshold = data.params.maskering.troskel
    masked = suppress(counts_per_unit(rows), threshold)
    if not masked.safe:
        return [blocks.text_block(
            f"Antalet synpunkter per enhet {data.year} visas inte: antalen är så små att enskilda värden "
            "skulle kunna räknas fram ur summorna."
        )]
    text = (
        f"Tabellen visar antalet synpunkter per enhet {data.year}. För att ingen enskild ska kunna pekas ut visas "
        f"antal under {number_in_text(threshold)} som {primary_label(threshold)}"
    )
    text += (", och några andra värden är dolda så att de små antalen inte kan räknas fram ur summorna."
             if masked.n_secondary else ".")
    shown = masked.display()
    shown.index.name = "Enhet"
    return [
        blocks.text_block(text),
        blocks.table_block(shown, "syn-enhet", f"Antal synpunkter per enhet {data.year}", note=masked.note()),
    ]


def key_figures(data: SynpunkterData) -> dict[str, object]:
    """The chapter's key figures for the summary and batch indexes (aggregates only, nothing per enhet)."""
    if data.missing_notice:
        return {"data_saknas": True}
    settings = data.params.synpunkter
    years = data.params.years()
    totals = rows_per_year(data.rows, years, data.years_with_data)
    rows = data.rows_of(data.year)
    response = response_summary(rows, settings.svarstid_mal_dagar)
    channels = channels_per_year(rows, settings.kanaler, [data.year])[data.year]
    return {
        "antal": {str(y): (None if pd.isna(v) else int(v)) for y, v in totals.items()},
        "kontroller": check_messages(data),
        "antal_per_typ": {k: int(v) for k, v in unique_per_kind(rows, settings.typer).items()},
        "antal_per_kanal": {k: int(v) for k, v in channels.items() if v > 0},
        "svarstid_mal_dagar": settings.svarstid_mal_dagar,
        "besvarade_inom_mal": response.within_target,
        "andel_besvarade_inom_mal": None if response.share_within_target is None else round(response.share_within_target, 1),
        "median_svarstid_dagar": response.median_days,
        "ej_besvarade": response.not_answered,
        "ledde_till_avvikelse": int(rows["ledde_till_avvikelse"].sum()),
        "ledde_till_lex_sarah": int(rows["ledde_till_lex_sarah"].sum()),
    }
