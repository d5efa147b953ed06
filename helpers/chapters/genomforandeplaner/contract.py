"""Genomförandeplaner: the two input contracts (one row per brukare, or counts per enhet) and the checks on their rows.

Each year's file is that year's measurement (mätning): every mätdatum in it
must lie in the file's year. A brukare is counted once per measurement.
"""

from __future__ import annotations

import pandas as pd

from ...config import Params
from ...contracts import Column, Contract, RowCheck
from ...errors import Problem
from ...formatting import format_count, format_date
from ...inputs import excel_row

COUNT_NAMES = {
    "antal_brukare": "antal brukare",
    "antal_med_plan": "antal med plan",
    "antal_uppdaterade": "antal uppdaterade",
    "antal_avgivna": "antal avgivna",
    "antal_delaktiga": "antal delaktiga",
}

ROWS_CONTRACT = Contract(
    name="Genomförandeplaner, granskning per brukare (en rad per brukare och mätning; params: genomforandeplaner.indata: rader, standard)",
    columns=(
        Column("id", "text", "Brukarens löpnummer i granskningen (inte personnummer). Används bara för att hitta dubbletter inom en mätning; visas aldrig i rapporten."),
        Column("verksamhet", "category", "Verksamhet, t.ex. Äldreomsorg (tillåtna värden i params, genomforandeplaner.verksamheter)."),
        Column("enhet", "text", "Enhet inom verksamheten. Redovisas per enhet bara med maskering av små antal."),
        Column("matdatum", "date", "Dag då brukarens plan granskades. Ska ligga i det år som filen gäller."),
        Column("har_plan", "bool", "Brukaren har en genomförandeplan (ja/nej)."),
        Column("plan_uppdaterad", "date", "Dag då planen senast upprättades eller uppdaterades; tom om brukaren saknar plan. Får inte ligga efter mätdatum. "
               "Planen räknas som uppdaterad om datumet ligger från samma dag sex kalendermånader före mätdatum till och med mätdatum "
               "(antalet månader i params, genomforandeplaner.uppdaterad_manader).", nullable=True),
        Column("avgiven", "bool", "Planen är avgiven till myndighet i verksamhetssystemet (ja/nej; tom räknas som nej). Ja kräver en plan.", nullable=True),
        Column("delaktig", "bool", "Brukaren var delaktig i upprättandet av planen (ja/nej; tom räknas som nej). Ja kräver en plan.", nullable=True),
    ),
)

COUNTS_CONTRACT = Contract(
    name="Genomförandeplaner, antal per enhet (en rad per enhet och mätning; params: genomforandeplaner.indata: antal)",
    columns=(
        Column("verksamhet", "category", "Verksamhet, t.ex. Äldreomsorg (tillåtna värden i params, genomforandeplaner.verksamheter)."),
        Column("enhet", "text", "Enhet inom verksamheten; en rad per enhet och mätning. Redovisas per enhet bara med maskering av små antal."),
        Column("matdatum", "date", "Dag då enheten mättes (vid en mätperiod: periodens sista dag). Ska ligga i det år som filen gäller."),
        Column("period_fran", "date", "Första dagen i mätperioden, om enheten mättes under en period; annars tom.", required=False, nullable=True),
        Column("antal_brukare", "int", "Antal brukare på enheten vid mätningen.", minimum=0),
        Column("antal_med_plan", "int", "Antal brukare med genomförandeplan. Högst antal brukare.", minimum=0),
        Column("antal_uppdaterade", "int", "Antal med plan som uppdaterats de senaste sex månaderna vid mätningen. Högst antal med plan.", minimum=0),
        Column("antal_avgivna", "int", "Antal med plan som avgetts till myndighet i verksamhetssystemet. Högst antal med plan.", minimum=0),
        Column("antal_delaktiga", "int", "Antal med plan där brukaren varit delaktig i upprättandet. Högst antal med plan.", minimum=0),
    ),
)


def _in_year(year: int, columns: tuple[str, ...]) -> RowCheck:
    """Every measurement date of a file lies in the file's year."""

    def check(frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for column in columns:
            dates = frame[column]
            for i in frame.index[dates.notna() & (dates.dt.year != year)]:
                problems.append(Problem(excel_row(i), column, f"{format_date(dates[i])} ligger utanför {year}; filen för {year} ska bara innehålla mätningar gjorda {year}"))
        return problems

    return check


def _rows_of_the_same(frame: pd.DataFrame, keys: list[str]) -> dict[int, str]:
    """For every row that repeats another row's ``keys``: the Excel rows of all of them."""
    repeated = frame[frame.duplicated(keys, keep=False)]
    found = {}
    for _, group in repeated.groupby(keys, sort=False):
        rows = ", ".join(str(excel_row(i)) for i in group.index[:5])
        for i in group.index[1:]:
            found[i] = rows
    return found


def _one_row_per_brukare(year: int) -> RowCheck:
    def check(frame: pd.DataFrame) -> list[Problem]:
        return [
            Problem(excel_row(i), "id", f"samma id förekommer flera gånger i mätningen {year} (rad {rows}); varje brukare räknas bara en gång per mätning")
            for i, rows in _rows_of_the_same(frame, ["id"]).items()
        ]

    return check


def _plan_facts_agree(frame: pd.DataFrame) -> list[Problem]:
    """A date, avgiven or delaktig needs a plan; a plan needs its date; the date cannot lie after the measurement."""
    problems = []
    plan = frame["har_plan"].fillna(False).astype(bool)
    date = frame["plan_uppdaterad"]
    for i in frame.index[plan & date.isna()]:
        problems.append(Problem(excel_row(i), "plan_uppdaterad", "har_plan är ja men datum för senaste uppdatering saknas"))
    for i in frame.index[~plan & date.notna()]:
        problems.append(Problem(excel_row(i), "plan_uppdaterad", f"datum {format_date(date[i])} är ifyllt men har_plan är nej"))
    late = date.notna() & (date > frame["matdatum"])
    for i in frame.index[late]:
        problems.append(Problem(excel_row(i), "plan_uppdaterad", f"uppdaterad {format_date(date[i])}, efter mätdatum {format_date(frame.at[i, 'matdatum'])}; "
                                                                 "planen kan inte ha uppdaterats efter mätningen"))
    for column, what in (("avgiven", "avgiven till myndighet"), ("delaktig", "delaktig")):
        for i in frame.index[~plan & frame[column].fillna(False).astype(bool)]:
            problems.append(Problem(excel_row(i), column, f"{column} är ja men har_plan är nej; en plan som inte finns kan inte vara {what}"))
    return problems


def _counts_fit(frame: pd.DataFrame) -> list[Problem]:
    """With plan ≤ brukare, and uppdaterade, avgivna, delaktiga ≤ with plan (each of them needs a plan).

    One message per cell: a count above the number of brukare is reported as such, not again against the plans.
    """
    problems = []
    for column in ("antal_med_plan", "antal_uppdaterade", "antal_avgivna", "antal_delaktiga"):
        over_brukare = frame[column] > frame["antal_brukare"]
        over_plan = (frame[column] > frame["antal_med_plan"]) & ~over_brukare
        for limit, over in (("antal_brukare", over_brukare), ("antal_med_plan", over_plan)):
            for i in frame.index[over]:
                problems.append(Problem(excel_row(i), column, f"{COUNT_NAMES[column]} ({format_count(frame.at[i, column])}) är större än "
                                                              f"{COUNT_NAMES[limit]} ({format_count(frame.at[i, limit])})"))
    return problems


def _period_before_date(frame: pd.DataFrame) -> list[Problem]:
    bad = frame["period_fran"].notna() & (frame["period_fran"] > frame["matdatum"])
    return [Problem(excel_row(i), "period_fran", f"mätperioden börjar {format_date(frame.at[i, 'period_fran'])}, efter mätdatum "
                                                 f"{format_date(frame.at[i, 'matdatum'])}") for i in frame.index[bad]]


def _one_row_per_unit(year: int) -> RowCheck:
    def check(frame: pd.DataFrame) -> list[Problem]:
        return [
            Problem(excel_row(i), "enhet", f"enheten {frame.at[i, 'enhet']} inom {frame.at[i, 'verksamhet']} står på flera rader i mätningen {year} "
                                           f"(rad {rows}); en rad per enhet och mätning")
            for i, rows in _rows_of_the_same(frame, ["verksamhet", "enhet"]).items()
        ]

    return check


def contract_for(params: Params, year: int) -> Contract:
    """The contract of the chosen input shape for one year's file, with the kommun's verksamheter.

    Old names of reorganised verksamheter stay valid (earlier years' files use them).
    """
    settings = params.genomforandeplaner
    areas = None
    if settings.verksamheter is not None:
        old_names = [c.fran for c in params.organisationsforandringar if c.fran not in settings.verksamheter]
        areas = [*settings.verksamheter, *old_names]
    if settings.indata == "rader":
        base = ROWS_CONTRACT
        checks = (_in_year(year, ("matdatum",)), _one_row_per_brukare(year), _plan_facts_agree)
    else:
        base = COUNTS_CONTRACT
        checks = (_in_year(year, ("matdatum", "period_fran")), _period_before_date, _counts_fit, _one_row_per_unit(year))
    with_areas = base.with_categories(verksamhet=areas)
    return Contract(with_areas.name, with_areas.columns, checks)
