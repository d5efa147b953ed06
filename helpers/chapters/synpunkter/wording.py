"""Synpunkter och klagomål: the generated Swedish sentences."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ...formatting import (
    WORD_LIMIT,
    capitalize_first,
    format_count,
    format_percent,
    number_in_text,
    share,
)
from ...sentences import (
    counts_in_text,
    duration_phrase,
    join_list,
    label_in_text,
    leaders,
    majority_word,
    quantities,
    quantity,
    sentence,
    top_with_ties,
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
    """The words for a kind; a kommun's own kinds get ``synpunkt av typen …`` (a kind called Synpunkt: ``synpunkt``)."""
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    name = label_in_text(kind)
    if name.casefold().startswith("synpunkt"):  # never "tio synpunkter av typen synpunkt"
        return KindWords("synpunkt", "synpunkter", False, "synpunkterna")
    return KindWords(f"synpunkt av typen {name}", f"synpunkter av typen {name}", False, f"synpunkterna av typen {name}")


def kind_quantity(n: int, kind: str) -> str:
    """``18 beröm``, ``ett klagomål``, ``två övriga synpunkter``."""
    words = kind_words(kind)
    return quantity(n, words.singular, words.plural, neuter=words.neuter)


def total_and_kinds(total: int, kinds: list[tuple[str, int]]) -> list[str]:
    """A total and its kinds in one sentence, written alike: ``28 synpunkter``, ``18 beröm``, ``10 klagomål``."""
    return quantities([(total, "synpunkt", "synpunkter", False), *((n, *kind_words(k)[:3]) for k, n in kinds)])


def synpunkter_quantity(n: int) -> str:
    return quantity(n, "synpunkt", "synpunkter")


def describe_year_total(total: int, per_kind: pd.Series, year: int) -> str:
    """``Under 2025 inkom 28 synpunkter, varav 18 beröm och tio klagomål.``"""
    if total == 0:
        return f"Under {year} inkom inga synpunkter."
    present = per_kind[per_kind > 0]
    written = total_and_kinds(total, [(str(k), int(n)) for k, n in present.items()])
    text = f"Under {year} inkom {written[0]}"
    if len(present) == 1:
        kind = str(present.index[0])
        return f"{text}, {kind_quantity(1, kind)}." if total == 1 else f"{text}, samtliga {kind_words(kind).plural}."
    return f"{text}, varav {join_list(written[1:])}."


def describe_kind_changes(per_kind: pd.DataFrame, previous: int, current: int) -> str:
    """``Jämfört med 2024 ökade antalet beröm från 14 till 18 och antalet klagomål från åtta till tio.``

    Kinds with no synpunkter in either year are left out; a year without data gives no sentence.
    """
    up, down, same = [], [], []
    for kind in per_kind.index:
        before, after = per_kind.loc[kind, previous], per_kind.loc[kind, current]
        if pd.isna(before) or pd.isna(after) or (before == 0 and after == 0):
            continue
        group = up if after > before else down if after < before else same
        group.append((kind_words(str(kind)), int(before), int(after)))

    def phrases(group: list[tuple[KindWords, int, int]], change: bool) -> list[str]:
        # One sentence lists its kinds alike: all digits when any count in it is above twelve.
        digits = any(max(a, b) > WORD_LIMIT for _, a, b in group)
        found = []
        for words, a, b in group:
            x, y = (format_count(a), format_count(b)) if digits else (number_in_text(a, words.neuter), number_in_text(b, words.neuter))
            found.append(f"antalet {words.plural} från {x} till {y}" if change else f"antalet {words.plural} ({y})")
        return found

    up, down, same = phrases(up, True), phrases(down, True), phrases(same, False)
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
    whole = " av ".join(counts_in_text([top_n, total]))
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
    others = {str(c): int(n) for c, n in ranked.items() if c not in top}
    rest = [(c, others[c]) for c in top_with_ties(others, 2)]  # a tie for the last place is named, not cut
    if rest:
        written = counts_in_text([n for _, n in rest])
        text += " Därefter kom flest via " + join_list([f"{label_in_text(c)} ({w})" for (c, _), w in zip(rest, written)]) + "."
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
    top = leaders({str(a): int(n) for a, n in totals.items()})
    if len(top) > 1:  # a tie is named, not broken by the table's order
        text = (f"Lika många synpunkter, {number_in_text(int(totals.iloc[0]))} vardera, gällde "
                f"{join_list([label_in_text(a) for a in top])}.")
    else:
        kinds = [(str(k), int(n)) for k, n in table.loc[area].items() if n > 0]
        count = counts_in_text([int(totals.iloc[0]), *(n for _, n in kinds)])[0]
        detail = f"{count}: {join_list(total_and_kinds(int(totals.iloc[0]), kinds)[1:])}" if len(kinds) > 1 else count
        text = f"Flest synpunkter gällde {label_in_text(area)} ({detail})."
    if "Klagomål" in table.columns and table["Klagomål"].sum() > 0:
        most = leaders({str(a): int(n) for a, n in table["Klagomål"].items()})
        if most != top[:1] or len(top) > 1:
            n = number_in_text(int(table["Klagomål"].max()))
            text += (f" Flest klagomål gällde {label_in_text(most[0])} ({n})." if len(most) == 1 else
                     f" Lika många klagomål, {n} vardera, gällde {join_list([label_in_text(a) for a in most])}.")
    return text


def describe_themes(table: pd.DataFrame, n: int = 3) -> str:
    """Per kind, the most common themes: ``Klagomålen gällde oftast bemötande (fyra) och …``."""
    parts = []
    for kind in table.columns:
        present = {str(t): int(v) for t, v in table[kind].items() if v > 0}
        if not present:
            continue
        shown = top_with_ties(present, n)  # a tie for the last place is named, not cut
        written = counts_in_text([present[t] for t in shown])
        themes = join_list([f"{label_in_text(t)} ({w})" for t, w in zip(shown, written)])
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
    part = " av ".join(counts_in_text([summary.within_target, summary.received]))
    text += (
        f"Av synpunkterna från {year} besvarades {part} inom målet "
        f"({format_percent(summary.share_within_target, 1)}). "
        f"Mediantiden från att en synpunkt kom in till svar var {duration_phrase(summary.median_days)}."
    )
    if summary.not_answered:
        text += (f" Av synpunkterna var {number_in_text(summary.not_answered)} ännu inte besvarade." if summary.not_answered > 1
                 else " En synpunkt var ännu inte besvarad.")
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
            f"År {y}: " + ", ".join(f"{label_in_text(k)} {format_count(per_kind.loc[k, y])}" for k in kinds) + "."
            for y in years
        )
        + f" {change}"
    )


def describe_mentions(n_unique: int, n_mentions: int, year: int) -> str:
    """Why the table per verksamhetsområde can count more than the number of synpunkter."""
    if n_mentions > n_unique:
        unique, mentions = counts_in_text([n_unique, n_mentions])
        return (
            f"Eftersom en synpunkt kan gälla flera verksamhetsområden räknas de {unique} synpunkterna "
            f"från {year} sammanlagt {mentions} gånger i tabellen, en gång per verksamhetsområde."
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
