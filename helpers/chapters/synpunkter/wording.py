"""Synpunkter och klagomål: the generated Swedish sentences."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ...formatting import capitalize_first, format_count, format_percent, number_in_text, share
from ...sentences import (
    duration_phrase,
    join_list,
    label_in_text,
    majority_word,
    pair_in_text,
    quantity,
    sentence,
)
from .metrics import ResponseSummary


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
        a, b = pair_in_text(before, after, neuter=words.neuter)
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


def describe_response(summary: ResponseSummary, year: int, owner: str = "Kommunens") -> str:
    """Share within target, median time and the not yet answered, as running text."""
    target = quantity(summary.target_days, "dag", "dagar")
    if summary.received == 0:
        return ""
    text = f"{owner} mål är att en synpunkt ska besvaras inom {target}. "
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


def totals_alt(per_kind: pd.DataFrame, kinds: pd.Index, years: list[int], period: str, change: str) -> str:
    """Alternative text of the chart per kind and year: every value shown, then the change since last year."""
    return (
        f"Liggande stapeldiagram över antal synpunkter per typ och år {period}. "
        + " ".join(
            f"{y}: " + ", ".join(f"{label_in_text(k)} {format_count(per_kind.loc[k, y])}" for k in kinds) + "."
            for y in years
        )
        + f" {change}"
    )


def describe_mentions(n_unique: int, n_mentions: int, year: int) -> str:
    """Why the table per verksamhetsområde can count more than the number of synpunkter."""
    if n_mentions > n_unique:
        return (
            f"Eftersom en synpunkt kan gälla flera verksamhetsområden räknas de {number_in_text(n_unique)} synpunkterna "
            f"från {year} sammanlagt {number_in_text(n_mentions)} gånger i tabellen, en gång per verksamhetsområde."
        )
    if n_unique == 1:
        return ""
    return f"Var och en av synpunkterna från {year} gällde ett verksamhetsområde."


def describe_unit_masking(threshold: int, shown_as: str, secondary: bool, year: int) -> str:
    """What the masked table per enhet shows, and why some values are hidden."""
    text = (
        f"Tabellen visar antalet synpunkter per enhet {year}. För att ingen enskild ska kunna pekas ut visas "
        f"antal under {number_in_text(threshold)} som {shown_as}"
    )
    return text + (", och några andra värden är dolda så att de små antalen inte kan räknas fram ur summorna."
                   if secondary else ".")


def unit_table_note(threshold: int, shown_as: str, secondary_mark: str) -> str:
    """The note under the table per verksamhetsområde and enhet: the marks, and why the sums are those of the area table."""
    return (f"{shown_as} = färre än {number_in_text(threshold)} (1–{threshold - 1}); antal under {number_in_text(threshold)} "
            f"visas inte. {secondary_mark} = värdet döljs så att de dolda små antalen inte kan räknas fram ur summorna. "
            "En synpunkt som gäller flera verksamhetsområden räknas under vart och ett, som i tabellen per "
            "verksamhetsområde; summorna per verksamhetsområde är desamma som där.")
