"""Brukarundersökningar: the generated Swedish sentences, labels and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ... import ranking
from ...formatting import (
    MISSING,
    NBSP,
    count_phrase,
    format_number,
    format_percent,
    is_missing,
    number_in_text,
)
from ...sentences import (
    counts_in_text,
    describe_share_change,
    join_list,
    leaders,
    sentence,
    top_with_ties,
)
from .catalogue import Question, Survey
from .metrics import (
    Placement,
    change_counts,
    favourable_difference,
    judge,
    possible_shares,
    share_decimals,
)

if TYPE_CHECKING:
    from .loading import BrukarundersokningarData


IMPOSSIBLE_MARK = "(!)"


def format_share(value: float | None) -> str:
    return format_percent(value, share_decimals(value)) if not is_missing(value) else MISSING


def in_text(name: str) -> str:
    """A survey's name inside a sentence: ``Hemtjänst`` → ``hemtjänst``; ``LSS …`` stays as it is."""
    return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]


def question_label(question: Question) -> str:
    return question.text + ("" if question.higher_is_better else " (lägre är bättre)")


def share_subject(question: Question) -> str:
    """``Andelen som ofta besväras av ensamhet`` (from the catalogue), else the question in quotes."""
    if question.andel:
        return f"Andelen {question.andel}"
    return f"Andelen som svarat ja på ”{question.text}”" if not question.higher_is_better else f"Andelen positiva svar på ”{question.text}”"


def quoted(question: Question, value: float | None = None) -> str:
    return f"”{question.text}”" + (f" ({format_share(value)})" if value is not None else "")


def _counts(counts: list[int], neuter: bool = False) -> list[str]:
    """Counts of one sentence written alike (digits when any is above twelve); zero is ``inget``/``ingen``."""
    zero = "inget" if neuter else "ingen"
    return [zero if n == 0 else w for n, w in zip(counts, counts_in_text(counts, neuter=neuter))]


def describe_response(response: pd.DataFrame, previous: int, year: int) -> str:
    """Response rate in procentenheter, and how many answered."""
    rate_now = response.loc[year, "svarsfrekvens"] if year in response.index else None
    rate_before = response.loc[previous, "svarsfrekvens"] if previous in response.index else None
    answers = response.loc[year, "antal_svar"] if year in response.index else None
    decimals = max(share_decimals(rate_before), share_decimals(rate_now))
    text = describe_share_change("Svarsfrekvensen", rate_before, rate_now, previous, year, decimals=decimals) if not is_missing(rate_now) else ""
    if not is_missing(answers):
        text += f" År {year} besvarades undersökningen av {count_phrase(int(answers), 'person', 'personer')}."
    return text.strip()


def describe_levels(survey: Survey, shares: pd.Series, year: int) -> str:
    """The highest and lowest shares of the year, among questions where a high share is good."""
    values = pd.Series({q.id: shares.get(q.id) for q in survey.fragor if q.higher_is_better}, dtype="float64").dropna()
    if len(values) < 2:
        return ""
    n = 2 if len(values) >= 5 else 1
    # A tie at the edge is named with the others, not cut by the catalogue's order.
    top = top_with_ties(values.to_dict(), n)
    bottom = [q for q in top_with_ties((-values).to_dict(), n) if q not in top]
    high = join_list([quoted(survey.question(q), values[q]) for q in top])
    low = join_list([quoted(survey.question(q), values[q]) for q in bottom])
    return sentence(f"Högst andel positiva svar {year} gavs på {high}" + (f" och lägst på {low}" if low else ""))


def describe_changes(survey: Survey, shares: pd.DataFrame, previous: int, year: int) -> str:
    """How many results improved and worsened since last year, and the largest of each, in procentenheter."""
    counts = change_counts(survey, shares, previous, year)
    if sum(counts.values()) == 0:
        return ""
    same = counts["lika"]
    better, worse, unchanged = _counts([counts["bättre"], counts["sämre"], same], neuter=True)
    text = f"Jämfört med {previous} har {'inga' if counts['bättre'] == 0 else better} resultat förbättrats"
    text += f", {worse} försämrats" if same else f" och {worse} försämrats"
    if same:
        text += f" och {unchanged} {'är oförändrat' if same == 1 else 'är oförändrade'}"
    sentences = [sentence(text)]
    changes = {
        q.id: favourable_difference(shares.loc[q.id, year] - shares.loc[q.id, previous], q.higher_is_better)
        for q in survey.fragor if judge(shares.loc[q.id, previous], shares.loc[q.id, year], q.higher_is_better) in {"bättre", "sämre"}
    }
    extremes = []
    if changes and max(changes.values()) > 0:
        extremes.append(("förbättring", leaders(changes)))
    if changes and min(changes.values()) < 0:
        extremes.append(("försämring", leaders(changes, highest=False)))
    for kind, ids in extremes:
        lines = []
        for question_id in ids:
            before, now = shares.loc[question_id, previous], shares.loc[question_id, year]
            # The lead already says whether it is better or worse: no judgement repeated at the end.
            line = describe_share_change(share_subject(survey.question(question_id)), before, now, previous, year, None,
                                         max(share_decimals(before), share_decimals(now)))
            lines.append(line[0].lower() + line[1:].rstrip("."))
        lead = f"Störst {kind}: " if len(ids) == 1 else f"Lika stor {kind} för {number_in_text(len(ids), neuter=True)} resultat: "
        sentences.append(lead + "; ".join(lines) + ".")
    return " ".join(sentences)


def describe_colours(survey: Survey, shares: pd.Series, placed: dict[tuple[str, int], Placement], year: int) -> str:
    """Where the kommun's results of the year fall among all kommuner, and which are red."""
    colours = {q.id: placed[(q.id, year)].colour for q in survey.fragor if not is_missing(shares.get(q.id)) and placed[(q.id, year)].colour}
    if not colours:
        return ""
    total = len(colours)
    count = {c: sum(1 for v in colours.values() if v == c) for c in ("grön", "gul", "röd")}
    green, whole, yellow, red_n = _counts([count["grön"], total, count["gul"], count["röd"]], neuter=True)
    text = (
        f"Jämfört med andra kommuner låg {green} av {whole} resultat {year} "
        f"bland den mest fördelaktiga tredjedelen (grön), {yellow} i den mittersta (gul) "
        f"och {red_n} i den minst fördelaktiga tredjedelen (röd)."
    )
    red = [quoted(survey.question(q), shares[q]) for q, c in colours.items() if c == "röd"]
    if red:
        text += f" Röda resultat: {join_list(red)}."
    return text


def describe_riket(kommun: str, survey: Survey, own: pd.Series, riket: pd.Series, year: int, possessive: str = "kommunens") -> str:
    """How many results are better or worse than riket, following polarity, and the largest difference each way."""
    verdicts = {q.id: judge(riket.get(q.id), own.get(q.id), q.higher_is_better) for q in survey.fragor}
    verdicts = {k: v for k, v in verdicts.items() if v}
    if not verdicts:
        return ""
    n = len(verdicts)
    better = sum(v == "bättre" for v in verdicts.values())
    worse = sum(v == "sämre" for v in verdicts.values())
    same = n - better - worse
    better_n, whole, worse_n, same_n = _counts([better, n, worse, same])
    text = (
        f"{kommun} hade {year} ett mer fördelaktigt resultat än riket på {better_n} av {whole} "
        f"{'fråga' if n == 1 else 'frågor'}, ett mindre fördelaktigt på {worse_n}"
        + (f" och samma på {same_n}." if same else ".")
    )
    diffs = {q: favourable_difference(own[q] - riket[q], survey.question(q).higher_is_better) for q, v in verdicts.items() if v != "lika"}

    def largest(ids: list[str]) -> str:  # a tie names every question
        return join_list([f"{quoted(survey.question(q))} ({format_share(own[q])} mot {format_share(riket[q])} i riket)" for q in ids])

    if diffs and max(diffs.values()) > 0:
        text += f" Störst skillnad till {possessive} fördel: {largest(leaders(diffs))}."
    if diffs and min(diffs.values()) < 0:
        text += f" Störst skillnad till {possessive} nackdel: {largest(leaders(diffs, highest=False))}."
    return text


def caution_messages(survey: Survey, response: pd.DataFrame, few: int, low_rate: float, hidden_below: int) -> list[str]:
    """Notes for the years with few answers or a low response rate, and the years not shown at all."""
    name = in_text(survey.namn)
    answers = response["antal_svar"].dropna()
    rates = response["svarsfrekvens"].dropna()
    hidden = [int(y) for y, n in answers.items() if n < hidden_below]
    small = {int(y): int(n) for y, n in answers.items() if hidden_below <= n < few}
    low = {int(y): float(r) for y, r in rates.items() if r < low_rate}
    messages = []
    if hidden:
        messages.append(
            f"Undersökningen för {name} besvarades av färre än {number_in_text(hidden_below)} personer "
            f"{join_list([str(y) for y in hidden])}; resultaten för {'det året' if len(hidden) == 1 else 'de åren'} "
            "redovisas inte, så att ingen enskilds svar kan utläsas."
        )
    if small:
        listed = join_list([f"{count_phrase(n, 'svar', 'svar', neuter=True)} {y}" for y, n in small.items()])
        steps = sorted({format_number(100.0 / n, 0) for n in small.values()}, key=lambda t: int(t))
        step = steps[0] if len(steps) == 1 else f"{steps[0]}–{steps[-1]}"
        messages.append(
            f"Resultaten för {name} bygger på få svar, färre än {number_in_text(few, neuter=True)}: {listed}. "
            f"Ett enda svar motsvarar då {step} procentenheter, så resultaten ska tolkas med försiktighet."
        )
    if low:
        listed = join_list([f"{y} ({format_share(r)})" for y, r in low.items()])
        messages.append(
            f"Svarsfrekvensen för {name} var låg {listed}, under {format_share(low_rate)}; de som svarade behöver "
            "inte vara representativa, så resultaten ska tolkas med försiktighet."
        )
    return messages


def _either(items: list[str]) -> str:
    """``a, b eller c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def describe_impossible(survey: Survey, bad: pd.DataFrame, max_listed: int = 4) -> str:
    """``5 svar kan inte ge 81 %``: the shares that their number of answers cannot give, per year and count."""
    parts = []
    for (year, answers), group in bad.groupby(["ar", "svar"], sort=True):
        n = int(answers)
        listed = [quoted(survey.question(q), v) for q, v in zip(group["fraga"], group["andel_positiva"])]
        more = f" med flera ({number_in_text(len(listed), neuter=True)} i allt)" if len(listed) > max_listed else ""
        shown = join_list(listed[:max_listed]) + more
        possible = [format_number(v, 0) for v in possible_shares(n)]
        choices = f"bara vara {_either(possible)}{NBSP}%" if n <= 10 else f"bara ändras i steg om {format_number(100.0 / n, 1)} procentenheter"
        parts.append(
            f"För {in_text(survey.namn)} {year} anges {count_phrase(len(listed), 'andel', 'andelar')} som inte är möjliga med "
            f"{count_phrase(n, 'svar', 'svar', neuter=True)}: {shown}. Med {count_phrase(n, 'svar', 'svar', neuter=True)} kan andelen {choices}."
        )
    return " ".join(parts) + f" Värdena är markerade med {IMPOSSIBLE_MARK} i tabellen; kontrollera andelarna och antalet svar i underlaget."


def table_note(data: BrukarundersokningarData, survey: Survey) -> str:
    note = sentence(f"Källa: {survey.kalla}") + " " if survey.kalla else ""
    note += ranking.legend() + " " + ranking.method_explanation()
    if data.synthetic_reference:
        note += " Jämförelsedata i denna rapport är syntetiska (påhittade) demodata."
    return note


def describe_overview(surveys: list[Survey], without: list[Survey], years: list[int], year: int) -> str:
    """Which surveys the chapter covers, and those without results for the report year."""
    names = [in_text(s.namn) for s in surveys]
    text = (
        f"Kapitlet redovisar {number_in_text(len(names))} {'brukarundersökning' if len(names) == 1 else 'brukarundersökningar'}: "
        f"{join_list(names)}. Andelen positiva svar redovisas per fråga för {years[0]}–{years[-1]}."
    )
    if without:
        text += f" För {join_list([in_text(s.namn) for s in without])} finns inga resultat för {year}."
    return text


def riket_alt(kommun: str, survey: Survey, n_questions: int, message: str, year: int) -> str:
    """Alternative text of the figure kommun against riket: what it compares, then its main message."""
    return (
        f"Liggande stapeldiagram som för {number_in_text(n_questions, neuter=True)} frågor om {in_text(survey.namn)} "
        f"jämför andelen positiva svar i {kommun} med riket {year}. {message}"
    ).strip()
