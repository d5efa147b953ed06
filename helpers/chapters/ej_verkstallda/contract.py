"""Ej verkställda beslut: the input contract (the rows of the quarterly reports to IVO) and the checks on its rows.

Each year's file holds that year's four quarterly reports: one row per
decision and quarter in which it was reported. A decision that is reported in
several quarters is one decision: it is identified by its ``id``, which must
therefore be the same in every quarter and may occur only once per quarter.
"""

from __future__ import annotations

import re

import pandas as pd

from ...config import Params
from ...contracts import Column, Contract, RowCheck
from ...errors import Problem
from ...formatting import format_date
from ...inputs import excel_row

# ``2``, ``Q2``, ``K2``, ``Kv 2``, ``Kvartal 2``, optionally with the year before or after (``2025-Q2``, ``Q2 2025``).
_QUARTER = re.compile(r"^(?:(?P<before>\d{4})\s*[-–/ ]?\s*)?(?:q|k|kv|kvartal)?\s*(?P<q>[1-4])(?:\s*[-–/ ]?\s*(?P<after>\d{4}))?$",
                      re.IGNORECASE)
# Must be the same in every quarter in which one decision is reported.
IDENTITY = {"insats": "insats", "lagrum": "lagrum", "beslutsdatum": "beslutsdatum", "avbrott_datum": "avbrottsdatum"}


def parse_quarter(text: str | None) -> tuple[int, int | None] | None:
    """``Q2 2025`` → (2, 2025), ``3`` → (3, None); None when the text is not a quarter."""
    match = _QUARTER.match((text or "").strip())
    if not match or (match["before"] and match["after"]):
        return None
    year = match["before"] or match["after"]
    return int(match["q"]), int(year) if year else None


CONTRACT = Contract(
    name="Ej verkställda beslut (kvartalsrapporterna till IVO: en rad per beslut och kvartal)",
    columns=(
        Column("id", "text", "Beslutets id (ärende- eller löpnummer, inte personnummer). Samma id i flera kvartal är samma beslut och "
               "räknas en gång per år; högst en rad per id och kvartal. Visas aldrig i rapporten."),
        Column("kvartal", "text", "Kvartalet som rapporten gäller: 1–4, Q1–Q4, K1–K4 eller Kvartal 1, gärna med året (2025-Q1). "
               "Ett angivet år ska vara filens år."),
        Column("insats", "category", "Insatsen som beslutet gäller, t.ex. Kontaktperson (tillåtna värden i params, ej_verkstallda.insatser)."),
        Column("lagrum", "category", "Lagrummet, med lagen sist, t.ex. 9 § 4 p LSS eller 11 kap. 1 § SoL (tillåtna värden i params, "
               "ej_verkstallda.lagrum)."),
        Column("beslutsdatum", "date", "Dag då beslutet fattades."),
        Column("avbrott_datum", "date", "Dag då verkställigheten avbröts, när en påbörjad insats har avbrutits; annars tom. "
               "Väntetiden räknas då från avbrottet. Får inte ligga före beslutsdatum.", required=False, nullable=True),
        Column("orsak", "category", "Orsak till att beslutet inte verkställts (tillåtna värden i params, ej_verkstallda.orsaker). "
               "Ändras orsaken mellan kvartalen gäller den senaste."),
        Column("under_18", "bool", "Den enskilde är under 18 år (ja/nej)."),
        Column("kon", "category", "Kön (kvinna/man). Läses för kontroll men redovisas inte i rapporten.", required=False, nullable=True,
               categories=("Kvinna", "Man")),
        Column("verkstallt_datum", "date", "Dag då beslutet verkställdes; tom om det inte verkställts. Får inte ligga före beslutsdatum "
               "eller avbrottet.", nullable=True),
        Column("avslutad_orsak", "category", "Varför beslutet avslutades utan att verkställas (t.ex. Tackat nej, Flyttat, Avliden; "
               "tillåtna värden i params, ej_verkstallda.avslut_orsaker); tom annars.", required=False, nullable=True),
        Column("avslutad_datum", "date", "Dag då beslutet avslutades utan att verkställas; tom annars. Saknas dagen räknas väntetiden "
               "till slutet av det sista kvartal då beslutet rapporterades.", required=False, nullable=True),
    ),
)


def _quarters_valid(year: int) -> RowCheck:
    def check(frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for i, text in frame["kvartal"].items():
            parsed = parse_quarter(text)
            if parsed is None:
                problems.append(Problem(excel_row(i), "kvartal", f"'{text or ''}' är inget kvartal (skriv 1–4, t.ex. 2, Q2 eller 2025-Q2)"))
            elif parsed[1] is not None and parsed[1] != year:
                problems.append(Problem(excel_row(i), "kvartal", f"'{text}' gäller {parsed[1]}; filen för {year} ska bara innehålla {year} års kvartal"))
        return problems

    return check


def _dates_in_order(frame: pd.DataFrame) -> list[Problem]:
    """Nothing happens before the decision; a decision carried out after an interruption is carried out after it."""
    problems = []
    decided = frame["beslutsdatum"]
    for column, what in (("avbrott_datum", "ett avbrott"), ("verkstallt_datum", "verkställandet"), ("avslutad_datum", "avslutet")):
        dates = frame[column]
        for i in frame.index[dates.notna() & decided.notna() & (dates < decided)]:
            problems.append(Problem(excel_row(i), column, f"{format_date(dates[i])} ligger före beslutsdatum {format_date(decided[i])}; "
                                                          f"{what} kan inte ligga före beslutet"))
    late = frame["verkstallt_datum"].notna() & frame["avbrott_datum"].notna() & (frame["verkstallt_datum"] < frame["avbrott_datum"])
    for i in frame.index[late & ~(frame["verkstallt_datum"] < decided)]:
        problems.append(Problem(excel_row(i), "verkstallt_datum", f"verkställt {format_date(frame.at[i, 'verkstallt_datum'])}, före avbrottet "
                                                                  f"{format_date(frame.at[i, 'avbrott_datum'])}; ett avbrutet beslut verkställs efter avbrottet"))
    return problems


def _carried_out_or_closed(frame: pd.DataFrame) -> list[Problem]:
    """A decision is carried out, or closed without being carried out, not both; a closing date needs its reason."""
    problems = []
    for i in frame.index[frame["verkstallt_datum"].notna() & frame["avslutad_orsak"].notna()]:
        problems.append(Problem(excel_row(i), "avslutad_orsak", "både verkställt datum och avslutsorsak är ifyllda; "
                                                                "ett beslut är antingen verkställt eller avslutat utan att verkställas"))
    for i in frame.index[frame["avslutad_datum"].notna() & frame["avslutad_orsak"].isna()]:
        problems.append(Problem(excel_row(i), "avslutad_orsak", "avslutsdatum är ifyllt men orsaken till avslutet saknas"))
    return problems


def _rows_text(index: pd.Index) -> str:
    return ", ".join(str(excel_row(i)) for i in index[:5])


def _one_row_per_decision_and_quarter(frame: pd.DataFrame) -> list[Problem]:
    quarter = frame["kvartal"].map(lambda t: parse_quarter(t)[0])  # type: ignore[index]
    keyed = frame.assign(_kvartal=quarter)
    repeated = keyed[keyed.duplicated(["id", "_kvartal"], keep=False)]
    problems = []
    for (_, q), group in repeated.groupby(["id", "_kvartal"], sort=False):
        for i in group.index[1:]:
            problems.append(Problem(excel_row(i), "id", f"samma id förekommer flera gånger i kvartal {q} (rad {_rows_text(group.index)}); "
                                                        "ett beslut rapporteras högst en gång per kvartal"))
    return problems


def _same_decision_same_facts(frame: pd.DataFrame) -> list[Problem]:
    """The rows of one id are one decision: its insats, lagrum and dates are the same in every quarter."""
    problems = []
    for _, group in frame[frame.duplicated("id", keep=False)].groupby("id", sort=False):
        first = group.index[0]
        for column, what in IDENTITY.items():
            values = group[column]
            for i in group.index[1:]:
                a, b = values[first], values[i]
                if (pd.isna(a) and pd.isna(b)) or a == b:
                    continue
                shown = (lambda v: "tom" if pd.isna(v) else (format_date(v) if isinstance(v, pd.Timestamp) else f"'{v}'"))
                problems.append(Problem(excel_row(i), column, f"samma beslut (samma id) har {what} {shown(a)} på rad {excel_row(first)} "
                                                              f"men {shown(b)} här; ett beslut ska ha samma {what} i alla kvartal"))
    return problems


def contract_for(params: Params, year: int) -> Contract:
    """The contract of one year's file, with the kommun's insatser, lagrum and reasons."""
    settings = params.ej_verkstallda
    base = CONTRACT.with_categories(insats=settings.insatser, lagrum=settings.lagrum, orsak=settings.orsaker,
                                    avslutad_orsak=settings.avslut_orsaker)
    quarters = _quarters_valid(year)

    def identity_checks(frame: pd.DataFrame) -> list[Problem]:
        # Duplicates per quarter can only be judged once every quarter is readable.
        found = quarters(frame)
        return found or _one_row_per_decision_and_quarter(frame) + _same_decision_same_facts(frame)

    return Contract(base.name, base.columns, (identity_checks, _dates_in_order, _carried_out_or_closed))
