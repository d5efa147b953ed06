"""Brukarundersökningar: the input contracts (the kommun's results, the reference of all kommuner) and their checks."""

from __future__ import annotations

import math

import pandas as pd

from ...config import Source
from ...contracts import Column, Contract, RowCheck
from ...errors import Problem
from ...formatting import format_number, is_missing
from ...inputs import excel_row
from .catalogue import Catalogue
from .kolada import RIKET

CONTRACT = Contract(
    name="Brukarundersökningar (en rad per undersökning, fråga, år och kommun)",
    columns=(
        Column("undersokning", "text", "Undersökningens id eller namn enligt frågekatalogen, t.ex. hemtjanst eller Hemtjänst."),
        Column("fraga", "text", "Frågans id eller text enligt frågekatalogen, t.ex. helhetssyn eller Helhetssyn."),
        Column("ar", "int", "Undersökningsår.", minimum=2000, maximum=2100),
        Column("kommunkod", "text", "Kommunkod med fyra siffror (0000 = riket). Tom: den egna kommunen.", required=False, nullable=True),
        Column("andel_positiva", "float", "Andel positiva svar i procent, 0–100. Tom om uppgift saknas.", nullable=True, minimum=0, maximum=100),
        Column("antal_svar", "int", "Antal som besvarat undersökningen (samma på alla frågor i undersökningen och året).", required=False, nullable=True, minimum=0),
        Column("antal_svar_fraga", "int", "Antal som besvarat just denna fråga, om det är färre än antal svar.", required=False, nullable=True, minimum=0),
        Column("svarsfrekvens", "float", "Svarsfrekvens i procent, 0–100 (samma på alla frågor i undersökningen och året).", required=False, nullable=True, minimum=0, maximum=100),
    ),
)


REFERENCE_CONTRACT = Contract(
    name="Jämförelsedata för brukarundersökningar (alla kommuner och riket)",
    columns=(
        Column("undersokning", "text", "Undersökningens id eller namn enligt frågekatalogen."),
        Column("fraga", "text", "Frågans id eller text enligt frågekatalogen."),
        Column("ar", "int", "Undersökningsår.", minimum=2000, maximum=2100),
        Column("kommunkod", "text", "Kommunkod med fyra siffror; 0000 = riket."),
        Column("andel_positiva", "float", "Andel positiva svar i procent, 0–100. Tom om uppgift saknas.", nullable=True, minimum=0, maximum=100),
        Column("kalla", "text", "Källa, t.ex. Kolada; 'syntetisk' markerar påhittade demodata.", required=False, nullable=True),
    ),
)


def normalise_code(value: object, own_code: str) -> str:
    """``684`` (Excel dropped the zero) → ``0684``; an empty cell means the kommun's own results."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return own_code
    text = str(value).strip()
    return text.zfill(4) if text.isdigit() else text


def _catalogue_problems(frame: pd.DataFrame, catalogue: Catalogue, catalogue_name: str) -> list[Problem]:
    known = "; ".join(f"{s.namn} ({s.id})" for s in catalogue.undersokningar)
    problems = []
    for idx, survey_id, question_id in zip(frame.index, frame["undersokning"], frame["fraga"]):
        if survey_id not in catalogue.survey_ids():
            problems.append(Problem(excel_row(idx), "undersokning", f"okänd undersökning '{survey_id}' (frågekatalogen har: {known})"))
        elif not catalogue.has_question(survey_id, question_id):
            name = catalogue.survey(survey_id).namn
            problems.append(Problem(excel_row(idx), "fraga", f"okänd fråga '{question_id}' för undersökningen {name}; frågan finns inte i frågekatalogen ({catalogue_name})"))
    return problems


def _code_problems(frame: pd.DataFrame, known_codes: set[str], own_code: str) -> list[Problem]:
    problems = []
    for idx, value in zip(frame.index, frame["kommunkod"]):
        code = normalise_code(value, own_code)
        if code not in known_codes and code not in {RIKET, own_code}:
            problems.append(Problem(
                excel_row(idx), "kommunkod",
                f"okänd kommunkod '{value}' (varken en av Sveriges kommuner, riket {RIKET} eller kommunens egen kod {own_code})",
            ))
    return problems


def _duplicate_problems(frame: pd.DataFrame, own_code: str) -> list[Problem]:
    codes = frame["kommunkod"].map(lambda v: normalise_code(v, own_code))
    first_row: dict[tuple, int] = {}
    problems = []
    for idx, key in zip(frame.index, zip(frame["undersokning"], frame["fraga"], frame["ar"], codes)):
        if key in first_row:
            problems.append(Problem(excel_row(idx), "fraga", f"samma undersökning, fråga, år och kommun står redan på rad {first_row[key]}"))
        else:
            first_row[key] = excel_row(idx)
    return problems


def _consistency_problems(frame: pd.DataFrame, own_code: str) -> list[Problem]:
    """Response rate and number of respondents belong to the survey: the same on every question's row."""
    codes = frame["kommunkod"].map(lambda v: normalise_code(v, own_code))
    problems = []
    for column, what in (("svarsfrekvens", "svarsfrekvensen"), ("antal_svar", "antalet svar")):
        first: dict[tuple, tuple[int, float]] = {}
        for idx, key, value in zip(frame.index, zip(frame["undersokning"], frame["ar"], codes), frame[column]):
            if is_missing(value):
                continue
            if key not in first:
                first[key] = (excel_row(idx), float(value))
            elif float(value) != first[key][1]:
                row, seen = first[key]
                problems.append(Problem(
                    excel_row(idx), column,
                    f"{what} {format_number(value, 1 if float(value) % 1 else 0)} skiljer sig från "
                    f"{format_number(seen, 1 if seen % 1 else 0)} på rad {row}; samma undersökning och år ska ha samma värde på alla rader",
                ))
    both = frame["antal_svar"].notna() & frame["antal_svar_fraga"].notna()
    for idx in frame.index[both]:
        if frame.at[idx, "antal_svar_fraga"] > frame.at[idx, "antal_svar"]:
            problems.append(Problem(
                excel_row(idx), "antal_svar_fraga",
                f"fler har besvarat frågan ({frame.at[idx, 'antal_svar_fraga']}) än undersökningen ({frame.at[idx, 'antal_svar']})",
            ))
    return problems


def contract_for(catalogue: Catalogue, known_codes: set[str], own_code: str, catalogue_name: str = "frågekatalogen") -> Contract:
    """The input contract with the checks that need the catalogue and the kommun list."""
    checks: tuple[RowCheck, ...] = (
        lambda f: _catalogue_problems(f, catalogue, catalogue_name),
        lambda f: _code_problems(f, known_codes, own_code),
        lambda f: _duplicate_problems(f, own_code),
        lambda f: _consistency_problems(f, own_code),
    )
    return Contract(CONTRACT.name, CONTRACT.columns, checks)


def with_catalogue_labels(source: Source, catalogue: Catalogue) -> Source:
    """The kommun's value mapping plus the catalogue's: survey names and question texts are read as ids."""
    varden = {"undersokning": catalogue.survey_labels(), "fraga": catalogue.question_labels()}
    for column, mapping in source.varden.items():
        base = varden.get(column, {})
        varden[column] = {**base, **{label: base.get(ours, ours) for label, ours in mapping.items()}}
    return source.model_copy(update={"varden": varden})
