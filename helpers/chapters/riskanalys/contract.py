"""Riskanalys och internkontrollplan: the input contract (one row per risk) and the checks on its rows.

The register is read as CSV or XLSX through the shared reader, so the
contract's columns are the only ones read: comments and other free text in
the export never enter. ``ansvarig_roll`` names a role (Enhetschef, SAS, MAS),
never a person: a value that looks like a personnummer is refused, and with
``riskanalys.roller`` in params only the listed roles are allowed.
"""

from __future__ import annotations

import pandas as pd

from ...config import Params
from ...contracts import Column, Contract
from ...errors import Problem
from ...inputs import excel_row
from ...personal_data import PERSONAL_NUMBER_SHAPE

# Looks like a personnummer or samordningsnummer (ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN …): never printed.
PERSONNUMMER = PERSONAL_NUMBER_SHAPE
STATUSES = ("planerad", "pågår", "genomförd")
SCALE = (1, 5)
PRINTED = ("risk", "omrade", "kontroll", "ansvarig_roll")

CONTRACT = Contract(
    name="Riskanalys och internkontrollplan (en rad per risk; kallor.riskanalys)",
    columns=(
        Column("risk", "text", "Risken, som den står i riskanalysen (t.ex. Risk för bristande vårdhygien). Visas i rapporten; varje risk en gång per fil."),
        Column("omrade", "category", "Område eller process som risken gäller (t.ex. Äldreomsorg, Gemensamt); tillåtna värden i params, riskanalys.omraden."),
        Column("sannolikhet", "int", "Sannolikhet 1–5: 1 Ej trolig, 2 Ovanlig, 3 Möjlig, 4 Trolig, 5 Högst trolig.", minimum=SCALE[0], maximum=SCALE[1]),
        Column("konsekvens", "int", "Konsekvens 1–5: 1 Låg, 2 Måttlig, 3 Markant, 4 Allvarlig, 5 Katastrofal.", minimum=SCALE[0], maximum=SCALE[1]),
        Column("kontroll", "text", "Hur risken kontrolleras i internkontrollplanen. Varje risk ska ha en kontroll."),
        Column("atgarder", "list", "Planerade åtgärder, åtskilda med ; (tom: inga åtgärder utöver kontrollen).", nullable=True),
        Column("ansvarig_roll", "category", "Ansvarig för kontrollen som roll (t.ex. Enhetschef, SAS, MAS), aldrig en persons namn. "
               "Ett värde som ser ut som ett personnummer avvisas; med params riskanalys.roller är bara de rollerna tillåtna."),
        Column("status", "category", "Kontrollens och åtgärdernas status vid årets slut.", categories=STATUSES),
        Column("overfors", "bool", "Risken förs över till nästa års internkontrollplan (ja/nej)."),
    ),
)


def _no_personnummer(frame: pd.DataFrame) -> list[Problem]:
    """Printed values that look like a personnummer are errors, not labels; for a role the message says why."""
    problems = []
    for column in PRINTED:
        what = ("ser ut som ett personnummer; ange ansvarig som roll (t.ex. Enhetschef), aldrig som person" if column == "ansvarig_roll"
                else "värdet ser ut som ett personnummer eller samordningsnummer och skrivs aldrig ut")
        problems += [Problem(excel_row(i), column, what) for i in frame.index[frame[column].fillna("").str.contains(PERSONNUMMER)]]
    for i in frame.index:
        if any(PERSONNUMMER.search(a) for a in frame.at[i, "atgarder"] or ()):
            problems.append(Problem(excel_row(i), "atgarder", "en åtgärd ser ut som ett personnummer eller samordningsnummer och skrivs aldrig ut"))
    return problems


def _one_row_per_risk(frame: pd.DataFrame) -> list[Problem]:
    """The same risk twice would be counted twice in the matrix."""
    repeated = frame[frame.duplicated("risk", keep=False)]
    problems = []
    for _, group in repeated.groupby("risk", sort=False):
        rows = ", ".join(str(excel_row(i)) for i in group.index[:5])
        problems += [Problem(excel_row(i), "risk", f"samma risk står på flera rader (rad {rows}); varje risk en gång") for i in group.index[1:]]
    return problems


def contract_for(params: Params) -> Contract:
    """The contract with the kommun's områden and roles (where params list them)."""
    settings = params.riskanalys
    base = CONTRACT.with_categories(omrade=settings.omraden, ansvarig_roll=settings.roller)
    return Contract(base.name, base.columns, (_no_personnummer, _one_row_per_risk))
