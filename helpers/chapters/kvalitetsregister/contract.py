"""Senior Alert och Palliativregistret: the input contracts and the checks on their rows.

Three inputs: Senior Alert's aggregated report export (counts per year and
boendeform/enhet), or its row-level export (one row per riskbedömning), and
Palliativregistret's indicators per year (täljare and nämnare, or a share).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...config import Params, Source
from ...contracts import Column, Contract, RowCheck
from ...errors import Problem
from ...formatting import format_number, format_percent, is_missing
from ...inputs import excel_row
from .catalogue import PROCESS, RISK_AREAS, SHARE_MEASURES, SORES, IndicatorCatalogue

TOTAL = "Totalt"  # boendeform of the kommun's total row in the aggregated export

_YEAR = Column("ar", "year", "År som uppgifterna gäller.", minimum=2000, maximum=2100)
_PROCESS_TEXT = {
    "riskbedomningar": "Antal riskbedömningar under året.",
    "med_risk": "Antal riskbedömningar där minst en risk fanns.",
    "unika_personer": "Antal unika personer som riskbedömts (en person med flera bedömningar räknas en gång).",
    "orsak_angiven": "Antal riskbedömningar med risk där bakomliggande orsak till risken angetts.",
    "atgardsplan": "Antal riskbedömningar med risk där en åtgärdsplan tagits fram.",
    "uppfoljning": "Antal med åtgärdsplan där de utförda åtgärderna följts upp.",
}

SENIOR_ALERT = Contract(
    name="Senior Alert, registrets rapportexport (kallor.senior_alert; en rad per år och boendeform eller enhet)",
    columns=(
        _YEAR,
        Column("boendeform", "text", f"Boendeform eller verksamhet, t.ex. Ordinärt boende, Särskilt boende, Korttid. {TOTAL} = kommunens summa (valfri rad, enhet tom)."),
        Column("enhet", "text", "Enhet inom boendeformen. Tom: hela boendeformen.", required=False, nullable=True),
        *(Column(m.id, "int", _PROCESS_TEXT[m.id], required=m.id in {"riskbedomningar", "med_risk"},
                 nullable=m.id != "riskbedomningar", minimum=0) for m in PROCESS),
        *(Column(f"andel_{m.id}", "float", f"Andel i procent (0–100) i stället för antal i {m.id}; antalet räknas då fram ur andelen.",
                 required=False, nullable=True, minimum=0, maximum=100) for m in SHARE_MEASURES),
        *(Column(f"risk_{a.id}", "int", f"Antal personer med {a.in_text}. Tom: uppgift saknas (visas som saknad, inte som 0).",
                 required=False, nullable=True, minimum=0) for a in RISK_AREAS),
        Column("trycksar_personer", "int", "Antal personer med trycksår.", required=False, nullable=True, minimum=0),
        Column("trycksar_antal", "int", "Antal trycksår hos dessa personer.", required=False, nullable=True, minimum=0),
    ),
)

SENIOR_ALERT_ROWS = Contract(
    name="Senior Alert, en rad per riskbedömning (kallor.senior_alert med kvalitetsregister.senior_alert_format: rader)",
    columns=(
        Column("datum", "date", "Dag för riskbedömningen; avgör vilket år den räknas till."),
        Column("boendeform", "text", "Boendeform eller verksamhet, t.ex. Ordinärt boende, Särskilt boende, Korttid."),
        Column("enhet", "text", "Enhet som gjort bedömningen."),
        Column("person_id", "text", "Personens id i registret. Används bara för att räkna unika personer; visas aldrig i rapporten."),
        Column("risker", "list", "Riskområden där risk fanns, åtskilda med ; (t.ex. Fall;Undernäring), enligt params kvalitetsregister.riskomraden. Tom: ingen risk.", nullable=True),
        Column("orsak_angiven", "bool", "Bakomliggande orsak till risken angiven (ja/nej; tom räknas som nej).", nullable=True),
        Column("atgardsplan", "bool", "Åtgärdsplan framtagen (ja/nej; tom räknas som nej).", nullable=True),
        Column("uppfoljning", "bool", "De planerade åtgärderna följda upp (ja/nej; tom räknas som nej).", nullable=True),
        Column("trycksar_antal", "int", "Antal trycksår personen hade vid bedömningen. Tom: ingen uppgift.", required=False, nullable=True, minimum=0),
    ),
)

PALLIATIVE = Contract(
    name="Svenska palliativregistret (kallor.palliativregistret; en rad per år, indikator och eventuellt enhet)",
    columns=(
        _YEAR,
        Column("enhet", "text", "Enhet. Tom: hela kommunen. Rader per enhet läggs ihop (täljare och nämnare krävs då).", required=False, nullable=True),
        Column("indikator", "text", "Indikatorns id eller text enligt indikatorkatalogen, t.ex. smartskattning eller Smärtskattning sista levnadsveckan."),
        Column("taljare", "int", "Antal avlidna som fick det indikatorn mäter.", required=False, nullable=True, minimum=0),
        Column("namnare", "int", "Antal avlidna som indikatorn räknas på.", required=False, nullable=True, minimum=0),
        Column("andel", "float", "Andel i procent, 0–100, om täljare och nämnare saknas.", required=False, nullable=True, minimum=0, maximum=100),
        Column("registreringar", "int", "Antal registrerade dödsfall under året (samma på alla rader för året och enheten).", required=False, nullable=True, minimum=0),
    ),
)


def _count(value: object) -> str:
    return format_number(value)


def larger_than(frame: pd.DataFrame, part: str, whole: str, what: str) -> list[Problem]:
    """Rows where the count ``part`` is above ``whole`` (both given): ``what`` says why that is impossible."""
    both = frame[part].notna() & frame[whole].notna()
    bad = frame.index[both & (frame[part] > frame[whole])]
    return [Problem(excel_row(i), part, f"{_count(frame.at[i, part])} är fler än {whole} ({_count(frame.at[i, whole])}); {what}") for i in bad]


def share_fits(share: float, numerator: float, denominator: float) -> bool:
    """A share as given (whole per cent ±0,5, one decimal ±0,05) agrees with numerator/denominator."""
    if denominator == 0:
        return False
    tolerance = 0.5 if float(share).is_integer() else 0.05
    return abs(100.0 * numerator / denominator - float(share)) <= tolerance + 1e-9


def duplicates(frame: pd.DataFrame, keys: list[str], column: str, what: str) -> list[Problem]:
    first: dict[tuple, int] = {}
    problems = []
    for idx, key in zip(frame.index, frame[keys].astype(object).where(frame[keys].notna(), "").itertuples(index=False, name=None)):
        if key in first:
            problems.append(Problem(excel_row(idx), column, f"samma {what} står redan på rad {first[key]}"))
        else:
            first[key] = excel_row(idx)
    return problems


def _aggregated_limits(frame: pd.DataFrame) -> list[Problem]:
    problems = larger_than(frame, "med_risk", "riskbedomningar", "riskbedömningar med risk kan inte vara fler än riskbedömningarna")
    problems += larger_than(frame, "unika_personer", "riskbedomningar", "varje riskbedömd person har minst en riskbedömning")
    for measure in SHARE_MEASURES:
        problems += larger_than(frame, measure.id, measure.of or "", "andelen kan inte bli över 100 %")
    for area in RISK_AREAS:
        problems += larger_than(frame, f"risk_{area.id}", "unika_personer", "personer med risk kan inte vara fler än de riskbedömda personerna")
    return problems + larger_than(frame, "trycksar_personer", "trycksar_antal", "varje person med trycksår har minst ett trycksår")


def _aggregated_shares(frame: pd.DataFrame) -> list[Problem]:
    """A share beside its count must agree with it; a share without a count needs its denominator."""
    problems = []
    for measure in SHARE_MEASURES:
        column, of = f"andel_{measure.id}", measure.of or ""
        for i in frame.index[frame[column].notna()]:
            share, count, base = frame.at[i, column], frame.at[i, measure.id], frame.at[i, of]
            if is_missing(base):
                problems.append(Problem(excel_row(i), column, f"andelen kan inte räknas om till antal: {of} saknas på raden"))
            elif not is_missing(count) and not share_fits(share, count, base):
                problems.append(Problem(excel_row(i), column, f"andelen {format_percent(share, 1)} stämmer inte med {measure.id} "
                                        f"{_count(count)} av {_count(base)} ({format_percent(100.0 * count / base if base else None, 1)})"))
    return problems


def _aggregated_rows(frame: pd.DataFrame) -> list[Problem]:
    problems = duplicates(frame, ["ar", "boendeform", "enhet"], "enhet", "år, boendeform och enhet")
    totals = frame.index[(frame["boendeform"] == TOTAL) & frame["enhet"].notna()]
    return problems + [Problem(excel_row(i), "enhet", f"raden {TOTAL} är kommunens summa och ska inte ha någon enhet") for i in totals]


def _total_rows(frame: pd.DataFrame) -> list[Problem]:
    """The kommun's total row must agree with the rows it sums up (counts exactly, persons within their bounds)."""
    problems = []
    columns = [c.name for c in SENIOR_ALERT.columns if c.kind == "int"]
    for year, rows in frame.groupby("ar"):
        total, parts = rows[rows["boendeform"] == TOTAL], rows[rows["boendeform"] != TOTAL]
        if total.empty or parts.empty:
            continue
        i = total.index[0]
        for column in columns:
            stated, given = total.at[i, column], parts[column].dropna()
            if is_missing(stated) or given.empty:
                continue
            people = column in {"unika_personer", "trycksar_personer"} or column.startswith("risk_")
            low, high = (int(given.max()), int(given.sum())) if people else (int(given.sum()), int(given.sum()))
            if not low <= int(stated) <= high:
                expected = f"mellan {_count(low)} och {_count(high)}" if people else _count(high)
                problems.append(Problem(excel_row(i), column, f"{TOTAL} {year} anger {_count(stated)}, men raderna för boendeformerna "
                                        f"och enheterna ger {expected}"))
    return problems


def _rows_risk_areas(frame: pd.DataFrame, allowed: list[str]) -> list[Problem]:
    problems = []
    for i, risks in zip(frame.index, frame["risker"]):
        unknown = [r for r in risks if r not in allowed]
        if unknown:
            problems.append(Problem(excel_row(i), "risker", f"okänt riskområde '{'; '.join(unknown)}' (kommunens riskområden: {'; '.join(allowed)})"))
    return problems


def _rows_consistency(frame: pd.DataFrame) -> list[Problem]:
    """A cause or an action plan needs a risk; a follow-up needs an action plan."""
    no_risk = frame["risker"].map(len) == 0
    problems = []
    for column, what in (("orsak_angiven", "bakomliggande orsak"), ("atgardsplan", "åtgärdsplan")):
        for i in frame.index[no_risk & frame[column].fillna(False).astype(bool)]:
            problems.append(Problem(excel_row(i), column, f"{what} angiven men ingen risk (kolumnen risker är tom)"))
    no_plan = ~frame["atgardsplan"].fillna(False).astype(bool)
    for i in frame.index[no_plan & frame["uppfoljning"].fillna(False).astype(bool)]:
        problems.append(Problem(excel_row(i), "uppfoljning", "uppföljning angiven men ingen åtgärdsplan"))
    return problems


def _palliative_indicators(frame: pd.DataFrame, catalogue: IndicatorCatalogue, name: str) -> list[Problem]:
    known = "; ".join(f"{i.text} ({i.id})" for i in catalogue.indikatorer)
    return [Problem(excel_row(i), "indikator", f"okänd indikator '{value}'; den finns inte i indikatorkatalogen ({name}), som har: {known}")
            for i, value in zip(frame.index, frame["indikator"]) if value not in catalogue.ids()]


def _palliative_values(frame: pd.DataFrame) -> list[Problem]:
    problems = larger_than(frame, "taljare", "namnare", "täljaren är en del av nämnaren")
    problems += larger_than(frame, "namnare", "registreringar", "en indikator räknas på de registrerade dödsfallen")
    for i in frame.index:
        t, n, share = frame.at[i, "taljare"], frame.at[i, "namnare"], frame.at[i, "andel"]
        if is_missing(t) != is_missing(n):
            problems.append(Problem(excel_row(i), "namnare" if is_missing(n) else "taljare", "täljare och nämnare ska anges tillsammans"))
        elif is_missing(t) and is_missing(share):
            problems.append(Problem(excel_row(i), "andel", "värde saknas: ange täljare och nämnare eller andel"))
        elif not is_missing(t) and not is_missing(share) and not share_fits(share, t, n):
            problems.append(Problem(excel_row(i), "andel", f"andelen {format_percent(share, 1)} stämmer inte med "
                                    f"{_count(t)} av {_count(n)} ({format_percent(100.0 * t / n if n else None, 1)})"))
        if not is_missing(frame.at[i, "enhet"]) and is_missing(t):
            problems.append(Problem(excel_row(i), "taljare", "rader per enhet behöver täljare och nämnare, så att enheterna kan läggas ihop"))
    return problems


def _same_registrations(frame: pd.DataFrame) -> list[Problem]:
    problems, first = [], {}
    for i, key, value in zip(frame.index, zip(frame["ar"], frame["enhet"].fillna("")), frame["registreringar"]):
        if is_missing(value):
            continue
        if key not in first:
            first[key] = (excel_row(i), value)
        elif value != first[key][1]:
            problems.append(Problem(excel_row(i), "registreringar", f"{_count(value)} skiljer sig från {_count(first[key][1])} på rad "
                                    f"{first[key][0]}; samma år och enhet ska ha samma antal registreringar"))
    return problems


def _checks(contract: Contract, checks: Iterable[RowCheck]) -> Contract:
    return Contract(contract.name, contract.columns, tuple(checks))


def senior_alert_contract() -> Contract:
    return _checks(SENIOR_ALERT, (_aggregated_limits, _aggregated_shares, _aggregated_rows, _total_rows))


def senior_alert_rows_contract(params: Params) -> Contract:
    allowed = list(params.kvalitetsregister.riskomraden)
    return _checks(SENIOR_ALERT_ROWS, (lambda f: _rows_risk_areas(f, allowed), _rows_consistency))


def palliative_contract(catalogue: IndicatorCatalogue, catalogue_name: str) -> Contract:
    checks: tuple[RowCheck, ...] = (
        lambda f: _palliative_indicators(f, catalogue, catalogue_name), _palliative_values, _same_registrations,
        lambda f: duplicates(f, ["ar", "enhet", "indikator"], "indikator", "år, enhet och indikator"),
    )
    return _checks(PALLIATIVE, checks)


def with_indicator_labels(source: Source, catalogue: IndicatorCatalogue) -> Source:
    """The kommun's value mapping plus the catalogue's: indicator texts are read as ids."""
    base = catalogue.labels()
    own = source.varden.get("indikator", {})
    varden = {**source.varden, "indikator": {**base, **{label: base.get(ours, ours) for label, ours in own.items()}}}
    return source.model_copy(update={"varden": varden})


SORE_COLUMNS = tuple(m.id for m in SORES)
