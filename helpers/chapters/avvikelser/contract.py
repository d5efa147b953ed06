"""Avvikelser: the input contract (one row per avvikelse) and the checks on its rows."""

from __future__ import annotations

import pandas as pd

from ...config import Params
from ...contracts import Column, Contract
from ...errors import Problem
from ...inputs import excel_row

LEX_SARAH_OUTCOMES = ("ej lex Sarah", "pågående", "missförhållande", "anmäld till IVO")
LAWS = ("SoL", "LSS", "HSL")


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


def contract_for(params: Params) -> Contract:
    """The contract with the kommun's categories (typ av händelse, avdelningar)."""
    settings = params.avvikelser
    return CONTRACT.with_categories(typ=settings.typer, avdelning=settings.avdelningar)
