"""Synpunkter och klagomål: the input contract (one row per synpunkt) and the checks on its rows."""

from __future__ import annotations

import pandas as pd

from ...config import Params
from ...contracts import Column, Contract
from ...errors import Problem
from ...formatting import format_date
from ...inputs import excel_row


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


def contract_for(params: Params) -> Contract:
    """The contract with the kommun's categories; old unit names stay valid for earlier years."""
    settings = params.synpunkter
    areas = None
    if settings.verksamhetsomraden is not None:
        old_names = [c.fran for c in params.organisationsforandringar if c.fran not in settings.verksamhetsomraden]
        areas = [*settings.verksamhetsomraden, *old_names]
    return CONTRACT.with_categories(typ=settings.typer, kanal=settings.kanaler, tema=settings.teman, verksamhetsomrade=areas)
