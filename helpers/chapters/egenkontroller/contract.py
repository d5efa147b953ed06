"""Egenkontroller: the input contract (one row per planned egenkontroll, enhet and period) and the checks on its rows.

The file is the year's plan as the ledningssystem exports it: a row says that
an enhet should do an egenkontroll in a period, and the enhet's report fills
``genomford``, ``uppfoljd`` and ``resultat``. An empty ``genomford`` means the
enhet did not report: it is listed and not counted as done. Comments and
other free text in the export are never read.
"""

from __future__ import annotations

import pandas as pd

from ...config import Params
from ...contracts import Column, Contract, RowCheck
from ...errors import Problem
from ...inputs import excel_row
from ...personal_data import PERSONAL_NUMBER_SHAPE as PERSONNUMMER
from .metrics import parse_period

CONTRACT = Contract(
    name="Egenkontroller (en rad per planerad egenkontroll, enhet och period; kallor.egenkontroller)",
    columns=(
        Column("egenkontroll", "category", "Egenkontrollens område, det som kontrolleras (t.ex. Genomförandeplaner aktuella för alla); "
               "tillåtna värden i params, egenkontroller.egenkontroller."),
        Column("enhet", "text", "Enheten (eller verksamheten) som ska göra egenkontrollen. Enheter som inte rapporterat listas i rapporten."),
        Column("period", "text", "Kvartal (Kvartal 2, K2, Q2 eller 2025-Q2) eller datum (ÅÅÅÅ-MM-DD) för egenkontrollen, i filens år."),
        Column("planerad", "bool", "Egenkontrollen var planerad för enheten i perioden (ja/nej). Bara planerade räknas; nej kräver att resten är tomt."),
        Column("genomford", "bool", "Enheten har genomfört egenkontrollen (ja/nej). Tom: enheten har inte rapporterat; räknas som inte genomförd.", nullable=True),
        Column("uppfoljd", "bool", "Resultatet är uppföljt (ja/nej; tom räknas som nej). Ja kräver att egenkontrollen är genomförd.", nullable=True),
        Column("resultat", "bool", "Egenkontrollens krav uppfyllt hos enheten (ja/nej), t.ex. genomförandeplaner aktuella för alla; "
               "redovisas som x av N enheter som gjort kontrollen. Tom: kontrollen ger inget ja/nej-resultat. Kräver att den är genomförd.", nullable=True),
    ),
)


def _no_personnummer(frame: pd.DataFrame) -> list[Problem]:
    """Names of enheter and egenkontroller are printed: one that looks like a personnummer is an error, not a label."""
    return [
        Problem(excel_row(i), column, "värdet ser ut som ett personnummer eller samordningsnummer och skrivs aldrig ut; ange enhetens namn")
        for column in ("egenkontroll", "enhet")
        for i in frame.index[frame[column].fillna("").str.contains(PERSONNUMMER)]
    ]


def _periods(year: int) -> RowCheck:
    def check(frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for i, text in frame["period"].items():
            if text is None or parse_period(str(text), year) is None:
                problems.append(Problem(excel_row(i), "period", f"'{text or ''}' är inget kvartal eller datum i {year} "
                                                                "(skriv t.ex. Kvartal 2, K2, {year}-Q2 eller {year}-06-30)".replace("{year}", str(year))))
        return problems

    return check


def _facts_agree(frame: pd.DataFrame) -> list[Problem]:
    """Followed up or a result needs the control done; an unplanned row carries nothing else."""
    problems = []
    planned = frame["planerad"].astype(bool)
    done = frame["genomford"].fillna(False).astype(bool)
    for column in ("genomford", "uppfoljd", "resultat"):
        for i in frame.index[~planned & frame[column].notna()]:
            problems.append(Problem(excel_row(i), column, "egenkontrollen är inte planerad (planerad nej); lämna kolumnen tom eller ange planerad ja"))
    for column, what in (("uppfoljd", "följas upp"), ("resultat", "ha ett resultat")):
        for i in frame.index[planned & ~done & frame[column].notna() & frame[column].fillna(False).astype(bool)]:
            problems.append(Problem(excel_row(i), column, f"{column} är ja men genomford är inte ja; en egenkontroll som inte är gjord kan inte {what}"))
    return problems


def _one_row_each(frame: pd.DataFrame) -> list[Problem]:
    keys = ["egenkontroll", "enhet", "period"]
    repeated = frame[frame.duplicated(keys, keep=False)]
    problems = []
    for _, group in repeated.groupby(keys, sort=False):
        rows = ", ".join(str(excel_row(i)) for i in group.index[:5])
        problems += [Problem(excel_row(i), "enhet", f"samma egenkontroll, enhet och period står på flera rader (rad {rows}); en rad var")
                     for i in group.index[1:]]
    return problems


def contract_for(params: Params, year: int) -> Contract:
    """The contract for one year's file, with the kommun's egenkontroller where params list them."""
    base = CONTRACT.with_categories(egenkontroll=params.egenkontroller.egenkontroller)
    return Contract(base.name, base.columns, (_no_personnummer, _periods(year), _facts_agree, _one_row_each))
