"""Brukarundersökningar: the notices and sections of the chapter, as numbered tables, figures and sentences."""

from __future__ import annotations

import textwrap

import pandas as pd

from ... import blocks, charts, ranking
from ...blocks import Block
from ...formatting import (
    MISSING,
    format_number,
    is_missing,
)
from ...organisation_words import organisation_words
from ..common import notices as chapter_notices
from .catalogue import Question, Survey
from .loading import BrukarundersokningarData
from .metrics import (
    Placement,
    hidden_per_year,
    impossible_per_year,
    impossible_shares,
    judge,
    placements,
    response_per_year,
    riket_values,
    share_decimals,
    shares_per_year,
    survey_rows,
)
from .wording import (
    IMPOSSIBLE_MARK,
    caution_messages,
    describe_changes,
    describe_colours,
    describe_impossible,
    describe_levels,
    describe_overview,
    describe_response,
    describe_riket,
    format_share,
    in_text,
    question_label,
    riket_alt,
    table_note,
)


def _label(survey: Survey) -> str:
    return "bu-" + survey.id.replace("_", "-")


def response_cell(rate: float | None, answers: float | None) -> str:
    """``62 % (110 svar)``, ``40 svar``, ``42 %`` or ``–``."""
    if is_missing(rate) and is_missing(answers):
        return MISSING
    if is_missing(rate):
        return f"{format_number(answers)} svar"
    if is_missing(answers):
        return format_share(rate)
    return f"{format_share(rate)} ({format_number(answers)} svar)"


def share_cell(value: float | None, placement: Placement | None, impossible: bool, hidden: bool) -> str:
    if hidden:
        return "ej redovisad"
    if is_missing(value):
        return MISSING
    text = format_share(value) + (f" {IMPOSSIBLE_MARK}" if impossible else "")
    return ranking.coloured_cell(text, placement.colour if placement else None)


def change_cell(question_or_none: Question | None, before: float | None, now: float | None) -> str:
    """The change in procentenheter, with its verdict for the question's polarity (``−15 (förbättring)``)."""
    if is_missing(before) or is_missing(now):
        return MISSING
    decimals = max(share_decimals(before), share_decimals(now))
    text = format_number(float(now) - float(before), decimals, signed=True)
    if question_or_none is None:
        return text
    verdict = judge(before, now, question_or_none.higher_is_better)
    return text + {"bättre": " (förbättring)", "sämre": " (försämring)"}.get(verdict or "", "")


def survey_table(data: BrukarundersokningarData, survey: Survey, shares: pd.DataFrame,
                 placed: dict[tuple[str, int], Placement]) -> pd.DataFrame:
    """Question × year, as seed 001 Tabell 16–18: a response row first, then the share per question."""
    years = data.years
    response = response_per_year(data.results, survey.id, years)
    hidden = hidden_per_year(data.results, survey, years)
    impossible = impossible_per_year(data.results, survey, years)
    change_header = f"Förändring {data.previous}–{data.year}, procentenheter"
    rows = {"Svarsfrekvens (antal svar)": [response_cell(response.loc[y, "svarsfrekvens"], response.loc[y, "antal_svar"]) for y in years]
            + [change_cell(None, response.loc[data.previous, "svarsfrekvens"] if data.previous in years else None, response.loc[data.year, "svarsfrekvens"])]}
    for question in survey.fragor:
        cells = [share_cell(shares.loc[question.id, y], placed.get((question.id, y)), bool(impossible.loc[question.id, y]), bool(hidden.loc[question.id, y])) for y in years]
        before = shares.loc[question.id, data.previous] if data.previous in years else None
        rows[question_label(question)] = cells + [change_cell(question, before, shares.loc[question.id, data.year])]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in years] + [change_header])
    table.index.name = "Fråga"
    return table


def riket_table(data: BrukarundersokningarData, survey: Survey, own: pd.Series, riket: pd.Series,
                placed: dict[tuple[str, int], Placement]) -> pd.DataFrame:
    """The report year: kommun beside riket, the difference with its verdict, and the place among all kommuner."""
    year = data.year
    rows = {}
    for question in survey.fragor:
        placement = placed[(question.id, year)]
        difference = MISSING
        if not is_missing(own[question.id]) and not is_missing(riket[question.id]):
            decimals = max(share_decimals(own[question.id]), share_decimals(riket[question.id]))
            verdict = judge(riket[question.id], own[question.id], question.higher_is_better)
            difference = format_number(own[question.id] - riket[question.id], decimals, signed=True)
            difference += {"bättre": " (bättre)", "sämre": " (sämre)"}.get(verdict or "", "")
        place = f"{placement.place} av {placement.ranked}" if placement.place and not is_missing(own[question.id]) else MISSING
        rows[question_label(question)] = [
            share_cell(own[question.id], placement, False, False), format_share(riket[question.id]), difference, place,
        ]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[
        f"{data.params.kommun.namn} {year}", f"Riket {year}", "Skillnad mot riket, procentenheter", "Placering bland kommunerna",
    ])
    table.index.name = "Fråga"
    return table


def riket_figure(data: BrukarundersokningarData, survey: Survey, own: pd.Series, riket: pd.Series) -> Block | None:
    """Horizontal bars: the kommun beside riket for every question with a value; alt text states the main message."""
    shown = [q for q in survey.fragor if not is_missing(own[q.id])]
    if not shown or riket[[q.id for q in shown]].isna().all():
        return None
    name = data.params.kommun.namn
    frame = pd.DataFrame(
        {name: [own[q.id] for q in shown], "Riket": [riket[q.id] for q in shown]},
        index=[textwrap.fill(question_label(q), 42) for q in shown],
    )
    figure = charts.grouped_bar_chart(frame, "Andel (%)", percent=True, legend_above=True)
    alt = riket_alt(name, survey, len(shown), describe_riket(name, survey, own, riket, data.year, organisation_words(data.params.kommun).possessive), data.year)
    return blocks.figure_block(figure, f"{_label(survey)}-riket", f"{survey.namn}: {name} jämfört med riket {data.year}", alt)


def notices(data: BrukarundersokningarData) -> list[Block]:
    """Data saknas; synthetic reference data; other notes about the inputs."""
    if data.missing_notice or not data.synthetic_reference:
        return chapter_notices(data)
    synthetic = blocks.notice_block(
        "Syntetiska jämförelsedata",
        "Jämförelsen med riket och med andra kommuner (markeringarna grön, gul och röd) bygger på påhittade demodata, inte på verkliga resultat.",
    )
    return [synthetic, *chapter_notices(data)]


@blocks.section("Svarsfrekvens och antal svar")
def section_overview(data: BrukarundersokningarData) -> list[Block]:
    """Which surveys the chapter covers, and their response per year."""
    rows = {}
    for survey in data.surveys:
        response = response_per_year(data.results, survey.id, data.years)
        rows[survey.namn] = [response_cell(response.loc[y, "svarsfrekvens"], response.loc[y, "antal_svar"]) for y in data.years]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in data.years])
    table.index.name = "Undersökning"
    without = [s for s in data.surveys if shares_per_year(data.results, s, [data.year])[data.year].isna().all()]
    text = describe_overview(data.surveys, without, data.years, data.year)
    return [
        blocks.text_block(text),
        blocks.table_block(table, "bu-svarsfrekvens", f"Svarsfrekvens och antal svar per undersökning {data.years[0]}–{data.years[-1]}",
                           note="Svarsfrekvens är andelen av dem som fick enkäten som besvarade den."),
    ]


def section_survey(data: BrukarundersokningarData, survey: Survey) -> list[Block]:
    """One survey: cautions, sentences, the question × year table, the comparison with riket as table and figure."""
    shares = shares_per_year(data.results, survey, data.years)
    placed = placements(data, survey, shares)
    response = response_per_year(data.results, survey.id, data.years)
    out: list[Block] = [blocks.heading_block(survey.namn, 2)]
    if shares.isna().all().all() and not hidden_per_year(data.results, survey, data.years).any().any():
        return out + [blocks.notice_block("Data saknas", f"Det finns inga resultat för {in_text(survey.namn)} {data.years[0]}–{data.years[-1]}.")]
    cautions = caution_messages(survey, response, data.params.brukarundersokningar.fa_svar,
                                data.params.brukarundersokningar.lag_svarsfrekvens, data.params.maskering.troskel)
    if cautions:
        out.append(blocks.notice_block("Tolka med försiktighet", " ".join(cautions)))
    bad = impossible_shares(survey_rows(data.results, survey.id))
    if not bad.empty:
        out.append(blocks.notice_block("Kontrollera underlaget", describe_impossible(survey, bad)))
    current = shares[data.year]
    text = " ".join(t for t in (
        describe_response(response, data.previous, data.year),
        describe_levels(survey, current, data.year),
        describe_changes(survey, shares, data.previous, data.year),
        describe_colours(survey, current, placed, data.year),
    ) if t)
    if text:
        out.append(blocks.text_block(text))
    caption = f"Brukarundersökning {in_text(survey.namn)}: andel positiva svar per fråga {data.years[0]}–{data.years[-1]}"
    out.append(blocks.table_block(survey_table(data, survey, shares, placed), _label(survey), caption, note=table_note(data, survey)))
    riket = riket_values(data.reference, survey, data.year)
    if current.notna().any() and riket.notna().any():
        out.append(blocks.text_block(describe_riket(data.params.kommun.namn, survey, current, riket, data.year, organisation_words(data.params.kommun).possessive)))
        out.append(blocks.table_block(
            riket_table(data, survey, current, riket, placed), f"{_label(survey)}-riket",
            f"Brukarundersökning {in_text(survey.namn)} {data.year}: {data.params.kommun.namn} jämfört med riket",
            note="Skillnaden räknas i procentenheter; ”bättre” och ”sämre” följer frågans riktning (för frågor där lägre är bättre är en lägre andel bättre). "
                 "Placering 1 är det mest fördelaktiga resultatet bland kommunerna.",
        ))
        figure = riket_figure(data, survey, current, riket)
        if figure:
            out.append(figure)
    return out


def section_surveys(data: BrukarundersokningarData) -> list[Block]:
    """Every configured survey with results, each under its own heading (nothing when data is missing)."""
    if data.missing_notice:
        return []
    return [block for survey in data.surveys for block in section_survey(data, survey)]


SECTIONS = (section_overview, section_surveys)
