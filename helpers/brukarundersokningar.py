"""Chapter Brukarundersökningar: survey results per question and year, riket and Kolada-style colours.

Inputs: the kommun's own results (a plain CSV/XLSX, one row per survey,
question, year and kommun, see ``CONTRACT``; or a saved Kolada answer), the
question catalogue (``survey_catalogue``) and reference values for all
kommuner and riket (``REFERENCE_CONTRACT``), which set the colours.
Metrics are pure functions; section functions turn them into numbered tables,
figures and sentences for ``notebooks/30-brukarundersokningar.ipynb``.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import blocks, charts, paths, ranking
from .blocks import Block
from .chapter import ReportYears, missing_file_notice, relative_to_data
from .chapter import notices as chapter_notices
from .config import Params, Source
from .contracts import Column, Contract, RowCheck
from .errors import Problem
from .formatting import (
    MISSING,
    NBSP,
    count_phrase,
    format_number,
    format_percent,
    is_missing,
    number_in_text,
)
from .inputs import excel_row, read_input, read_yearly_inputs
from .kolada import RIKET, kolada_path, read_kolada_file
from .sentences import describe_share_change, join_list, sentence
from .survey_catalogue import Catalogue, Question, Survey, load_catalogue, resolve

CHAPTER = "brukarundersokningar"
TITLE = "Brukarundersökningar"
KOMMUNER_FILE = "kommuner.csv"
IMPOSSIBLE_MARK = "(!)"
RESULT_COLUMNS = ["undersokning", "fraga", "ar", "andel_positiva", "antal_svar", "antal_svar_fraga", "svarsfrekvens", "dold"]
REFERENCE_COLUMNS = ["undersokning", "fraga", "ar", "kommunkod", "andel_positiva"]


# ------------------------------------------------------------------ inputs

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


def load_kommuner(path: Path | None = None) -> dict[str, str]:
    """Every kommun code (``0114``) and its name, from ``data/reference/kommuner.csv``."""
    path = path or paths.reference_dir() / KOMMUNER_FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(frame["kommunkod"].str.zfill(4), frame["kommun"]))


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


# ------------------------------------------------------------------ loading


@dataclass
class BrukarundersokningarData(ReportYears):
    """The kommun's results, the reference values and what was found."""

    params: Params
    catalogue: Catalogue
    surveys: list[Survey]
    results: pd.DataFrame  # own kommun: RESULT_COLUMNS
    reference: pd.DataFrame  # all kommuner and riket: REFERENCE_COLUMNS
    years: list[int]
    years_with_data: list[int]
    kommuner: dict[str, str]
    missing_notice: str | None = None
    notes: list[str] = field(default_factory=list)
    synthetic_reference: bool = False

    @property
    def own_code(self) -> str:
        return self.params.kommun.kod


def _empty_results() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in RESULT_COLUMNS}).astype({"undersokning": object, "fraga": object, "dold": bool})


def _empty_reference() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object if c in {"undersokning", "fraga", "kommunkod"} else "float64") for c in REFERENCE_COLUMNS})


def newest_file_wins(rows: pd.DataFrame, file_years: dict[str, int]) -> pd.DataFrame:
    """A row repeated in a later year's file replaces the earlier one (later files correct earlier ones)."""
    rows = rows.assign(_filar=rows["_fil"].map(file_years)).sort_values("_filar", kind="stable")
    rows = rows.drop_duplicates(["undersokning", "fraga", "ar", "kommunkod"], keep="last")
    return rows.drop(columns=["_fil", "_filar", "_ar_fil"], errors="ignore").reset_index(drop=True)


def mask_few_answers(results: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Shares resting on fewer than ``threshold`` answers are not shown (``dold``): single answers could be recognised."""
    results = results.copy()
    answers = effective_answers(results)
    hidden = answers.notna() & (answers < threshold)
    results["dold"] = hidden.to_numpy()
    results.loc[hidden, "andel_positiva"] = float("nan")
    return results


def effective_answers(results: pd.DataFrame) -> pd.Series:
    """The number of answers behind each share: the question's own count where given, else the survey's."""
    per_question = results["antal_svar_fraga"] if "antal_svar_fraga" in results else pd.Series(float("nan"), index=results.index)
    return pd.to_numeric(per_question, errors="coerce").astype("float64").fillna(pd.to_numeric(results["antal_svar"], errors="coerce").astype("float64"))


def read_file_results(params: Params, catalogue: Catalogue, kommuner: dict[str, str], years: list[int]) -> tuple[pd.DataFrame, list[int], str | None]:
    """The plain file(s): one per year where present; returns all rows (every kommun code), years found, a missing notice."""
    source = with_catalogue_labels(params.source(CHAPTER), catalogue)
    files = {y: params.source_path(CHAPTER, y) for y in years}
    contract = contract_for(catalogue, set(kommuner), params.kommun.kod, params.brukarundersokningar.fragekatalog)
    rows, found = read_yearly_inputs(files, contract, source)
    if params.ar not in found:
        return rows, found, missing_file_notice(params, files[params.ar], "Resultat från brukarundersökningarna")
    rows["kommunkod"] = rows["kommunkod"].map(lambda v: normalise_code(v, params.kommun.kod))
    rows = newest_file_wins(rows, {str(path): year for year, path in files.items()})
    return rows, found, None


def rows_from_kolada(values: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Kolada rows (kpi, kommunkod, ar, varde) as survey rows; response-rate KPIs become ``svarsfrekvens``."""
    mapping = catalogue.kpi_map()
    values = values[values["kpi"].isin(mapping)]
    keys = values["kpi"].map(mapping)
    frame = pd.DataFrame({
        "undersokning": keys.map(lambda k: k[0]), "fraga": keys.map(lambda k: k[1]),
        "ar": values["ar"], "kommunkod": values["kommunkod"], "varde": values["varde"],
    })
    shares = frame[frame["fraga"] != "svarsfrekvens"].rename(columns={"varde": "andel_positiva"})
    rates = frame[frame["fraga"] == "svarsfrekvens"].rename(columns={"varde": "svarsfrekvens"}).drop(columns="fraga")
    merged = shares.merge(rates, on=["undersokning", "ar", "kommunkod"], how="left")
    for column in ("antal_svar", "antal_svar_fraga"):
        merged[column] = float("nan")
    if "svarsfrekvens" not in merged:
        merged["svarsfrekvens"] = float("nan")
    return merged.reset_index(drop=True)


def read_kolada_results(params: Params, catalogue: Catalogue) -> tuple[pd.DataFrame, str | None]:
    """The saved Kolada answer as survey rows (every kommun), or a missing notice when nothing was fetched."""
    path = kolada_path(params)
    if not path.exists():
        return pd.DataFrame(), (
            f"Kolada-data för brukarundersökningarna {params.ar} saknas: filen {relative_to_data(path, params)} finns inte. "
            "Hämta dem från Kolada först; hämtningen sparar filen där."
        )
    return rows_from_kolada(read_kolada_file(path), catalogue), None


def read_reference(path: Path, catalogue: Catalogue) -> tuple[pd.DataFrame, bool]:
    """Reference values (all kommuner and riket); rows for questions outside the catalogue are left out."""
    source = with_catalogue_labels(Source(fil=str(path)), catalogue)
    frame = read_input(path, REFERENCE_CONTRACT, source)
    synthetic = bool(frame["kalla"].fillna("").str.contains("syntetisk", case=False).any())
    frame["kommunkod"] = frame["kommunkod"].map(lambda v: normalise_code(v, RIKET))
    pairs = {(s.id, q.id) for s in catalogue.undersokningar for q in s.fragor}
    known = [pair in pairs for pair in zip(frame["undersokning"], frame["fraga"])]
    return frame.loc[known, REFERENCE_COLUMNS].reset_index(drop=True), synthetic


def _own_results(rows: pd.DataFrame, own_code: str, years: list[int]) -> pd.DataFrame:
    own = rows[(rows["kommunkod"] == own_code) & rows["ar"].isin(years)].copy()
    for column in ("antal_svar", "antal_svar_fraga", "svarsfrekvens"):
        own[column] = pd.to_numeric(own[column], errors="coerce").astype("float64") if column in own else float("nan")
    own["andel_positiva"] = own["andel_positiva"].astype("float64")
    own["ar"] = own["ar"].astype("int64")
    own["dold"] = False
    return own[RESULT_COLUMNS].reset_index(drop=True)


def load(params: Params) -> BrukarundersokningarData:
    """Read the kommun's results, the catalogue and the reference; a missing report-year input is a visible notice."""
    settings = params.brukarundersokningar
    catalogue = load_catalogue(resolve(settings.fragekatalog))
    configured = catalogue.select(settings.undersokningar, f"params för {params.id}")
    kommuner = load_kommuner()
    years = settings.years(params.ar)
    empty = BrukarundersokningarData(params, catalogue, configured, _empty_results(), _empty_reference(), years, [], kommuner)
    if settings.kalla == "kolada":
        rows, missing = read_kolada_results(params, catalogue)
    else:
        rows, _, missing = read_file_results(params, catalogue, kommuner, years)
    if missing:
        empty.missing_notice = missing
        return empty
    results = mask_few_answers(_own_results(rows, params.kommun.kod, years), params.maskering.troskel)
    with_data = results[results["andel_positiva"].notna() | results["dold"]]
    years_with_data = sorted(int(y) for y in with_data["ar"].unique())
    if params.ar not in years_with_data:
        empty.missing_notice = (
            f"Underlaget innehåller inga resultat från brukarundersökningarna för {params.kommun.namn} "
            f"(kommunkod {params.kommun.kod}) år {params.ar}."
        )
        return empty
    notes: list[str] = []
    reference, synthetic = _load_reference(params, catalogue, rows, notes)
    surveys = configured if settings.undersokningar else [s for s in configured if s.id in set(with_data["undersokning"])]
    data = BrukarundersokningarData(params, catalogue, surveys, results, reference, years, years_with_data, kommuner,
                                    notes=notes, synthetic_reference=synthetic)
    return data


def _load_reference(params: Params, catalogue: Catalogue, rows: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, bool]:
    """The reference file, else the Kolada rows, else nothing (with a note); riket from the kommun's own file if missing."""
    settings = params.brukarundersokningar
    synthetic = False
    if settings.referens:
        path = resolve(settings.referens)
        if not path.exists():
            notes.append(f"Jämförelsedata saknas: filen {settings.referens} finns inte. Resultaten visas utan färger och utan jämförelse med riket.")
            return _empty_reference(), False
        reference, synthetic = read_reference(path, catalogue)
    elif settings.kalla == "kolada":
        reference = rows[REFERENCE_COLUMNS].copy()
    else:
        notes.append("Jämförelsedata för andra kommuner och riket är inte angivna (params 'brukarundersokningar.referens'). "
                     "Resultaten visas utan färger och utan jämförelse med riket.")
        reference = _empty_reference()
    own_riket = rows[rows["kommunkod"] == RIKET] if "kommunkod" in rows else rows.iloc[0:0]
    if not own_riket.empty and (reference["kommunkod"] == RIKET).sum() == 0:
        reference = pd.concat([reference, own_riket[REFERENCE_COLUMNS]], ignore_index=True)
    reference = reference.dropna(subset=["andel_positiva"]).copy()
    reference["ar"] = reference["ar"].astype("int64")
    reference["andel_positiva"] = reference["andel_positiva"].astype("float64")
    return reference.reset_index(drop=True), synthetic


# ------------------------------------------------------------------ metrics


def share_decimals(value: float) -> int:
    """Shares are shown as given: whole numbers without decimals, others with one (``84,6``)."""
    return 0 if is_missing(value) or float(value).is_integer() else 1


def format_share(value: float | None) -> str:
    return format_percent(value, share_decimals(value)) if not is_missing(value) else MISSING


def possible_shares(answers: int) -> list[float]:
    """Every share (in per cent) that ``answers`` answers can give: 0, 100/n, 200/n, … 100."""
    return [100.0 * k / answers for k in range(answers + 1)] if answers > 0 else []


def share_is_possible(share: float, answers: float | None) -> bool:
    """Can ``answers`` answers give ``share`` as reported? (5 answers cannot give 81 %.)

    The reported share is taken as rounded to its own precision: a whole
    number to ±0,5, one decimal to ±0,05. Unknown answers: nothing to check.
    """
    if is_missing(share) or is_missing(answers) or int(answers) <= 0:
        return True
    n = int(answers)
    tolerance = 0.5 if float(share).is_integer() else 0.05
    nearest = round(float(share) * n / 100)
    return any(abs(100.0 * k / n - float(share)) <= tolerance + 1e-9 for k in (nearest - 1, nearest, nearest + 1) if 0 <= k <= n)


def impossible_shares(results: pd.DataFrame) -> pd.DataFrame:
    """Rows whose share cannot come from their number of answers; columns as results plus ``svar``."""
    answers = effective_answers(results)
    bad = [not share_is_possible(s, n) for s, n in zip(results["andel_positiva"], answers)]
    out = results.loc[bad].copy()
    out["svar"] = answers[bad]
    return out


def survey_rows(results: pd.DataFrame, survey_id: str) -> pd.DataFrame:
    return results[results["undersokning"] == survey_id]


def response_per_year(results: pd.DataFrame, survey_id: str, years: list[int]) -> pd.DataFrame:
    """Response rate and number of respondents per year (index: years; missing where not given)."""
    rows = survey_rows(results, survey_id)
    grouped = rows.groupby("ar")[["svarsfrekvens", "antal_svar"]].max()
    return grouped.reindex(years).astype("float64")


def shares_per_year(results: pd.DataFrame, survey: Survey, years: list[int]) -> pd.DataFrame:
    """Share positive per question (rows, catalogue order) and year (columns); NaN where missing or not shown."""
    rows = survey_rows(results, survey.id)
    table = rows.pivot_table(index="fraga", columns="ar", values="andel_positiva", aggfunc="first", dropna=False)
    return table.reindex(index=survey.question_ids(), columns=years).astype("float64")


def hidden_per_year(results: pd.DataFrame, survey: Survey, years: list[int]) -> pd.DataFrame:
    """True where a share is not shown because too few answered (question × year)."""
    rows = survey_rows(results, survey.id)
    table = rows.pivot_table(index="fraga", columns="ar", values="dold", aggfunc="any")
    return table.reindex(index=survey.question_ids(), columns=years).fillna(False).astype(bool)


def impossible_per_year(results: pd.DataFrame, survey: Survey, years: list[int]) -> pd.DataFrame:
    """True where a share cannot come from its number of answers (question × year)."""
    bad = impossible_shares(survey_rows(results, survey.id))
    table = pd.DataFrame(False, index=survey.question_ids(), columns=years)
    for question_id, year in zip(bad["fraga"], bad["ar"]):
        if year in table.columns and question_id in table.index:
            table.loc[question_id, year] = True
    return table


def kommun_pool(reference: pd.DataFrame, survey_id: str, question_id: str, year: int,
                kommun_codes: set[str], own_code: str, own_value: float | None) -> pd.Series:
    """Every kommun's value for one question and year (index: kommun code), the kommun's own value included."""
    rows = reference[(reference["undersokning"] == survey_id) & (reference["fraga"] == question_id)
                     & (reference["ar"] == year) & reference["kommunkod"].isin(kommun_codes) & (reference["kommunkod"] != own_code)]
    pool = pd.Series(rows["andel_positiva"].to_numpy(dtype="float64"), index=rows["kommunkod"].to_numpy())
    pool[own_code] = float("nan") if is_missing(own_value) else float(own_value)
    return pool


@dataclass(frozen=True)
class Placement:
    """Where the kommun's value falls among all kommuner: its colour, its place (1 = best) and how many were ranked."""

    colour: str | None  # None: nothing to compare with
    place: int | None
    ranked: int


def place_kommun(pool: pd.Series, own_code: str, higher_is_better: bool) -> Placement:
    """The kommun's colour and place among all kommuner with a value (no colour when too few have one)."""
    ranked = rank_colours_or_none(pool, higher_is_better)
    if ranked is None:
        return Placement(None, None, int(pool.notna().sum()))
    row = ranked.loc[own_code]
    place = None if pd.isna(row["placering"]) else int(row["placering"])
    return Placement(str(row["farg"]), place, int(row["antal"]))


def rank_colours_or_none(pool: pd.Series, higher_is_better: bool) -> pd.DataFrame | None:
    """The ranking, or None when too few kommuner have a value for a ranking to mean anything."""
    if int(pool.notna().sum()) < ranking.MIN_RANKED:
        return None
    return ranking.rank_colours(pool, higher_is_better)


def placements(data: BrukarundersokningarData, survey: Survey, shares: pd.DataFrame) -> dict[tuple[str, int], Placement]:
    """(question id, year) → the kommun's placement among all kommuner."""
    codes = set(data.kommuner) | {data.own_code}
    # Split the reference once per survey (it holds every kommun, question and year), not once per cell.
    subset = data.reference[data.reference["undersokning"] == survey.id]
    by_cell = dict(tuple(subset.groupby(["fraga", "ar"])))
    empty = subset.iloc[0:0]
    out = {}
    for question in survey.fragor:
        for year in shares.columns:
            rows = by_cell.get((question.id, int(year)), empty)
            pool = kommun_pool(rows, survey.id, question.id, int(year), codes, data.own_code, shares.loc[question.id, year])
            out[(question.id, int(year))] = place_kommun(pool, data.own_code, question.higher_is_better)
    return out


def riket_values(reference: pd.DataFrame, survey: Survey, year: int) -> pd.Series:
    """Riket's share per question of the survey for one year (NaN where the reference has none)."""
    rows = reference[(reference["undersokning"] == survey.id) & (reference["ar"] == year) & (reference["kommunkod"] == RIKET)]
    return rows.set_index("fraga")["andel_positiva"].reindex(survey.question_ids()).astype("float64")


def favourable_difference(difference: float, higher_is_better: bool) -> float:
    """A difference turned so that positive always means better (a fall in loneliness is positive)."""
    return difference if higher_is_better else -difference


def judge(first: float | None, second: float | None, higher_is_better: bool) -> str | None:
    """``bättre``, ``sämre`` or ``lika`` for ``second`` against ``first`` at the shown precision; None if one is missing."""
    if is_missing(first) or is_missing(second):
        return None
    decimals = max(share_decimals(first), share_decimals(second))
    difference = float(second) - float(first)
    if format_number(abs(difference), decimals) == format_number(0, decimals):
        return "lika"
    return "bättre" if favourable_difference(difference, higher_is_better) > 0 else "sämre"


# ------------------------------------------------------------------ sentences


def in_text(name: str) -> str:
    """A survey's name inside a sentence: ``Hemtjänst`` → ``hemtjänst``; ``LSS …`` stays as it is."""
    return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]


def share_subject(question: Question) -> str:
    """``Andelen som ofta besväras av ensamhet`` (from the catalogue), else the question in quotes."""
    if question.andel:
        return f"Andelen {question.andel}"
    return f"Andelen som svarat ja på ”{question.text}”" if not question.higher_is_better else f"Andelen positiva svar på ”{question.text}”"


def quoted(question: Question, value: float | None = None) -> str:
    return f"”{question.text}”" + (f" ({format_share(value)})" if value is not None else "")


def _neuter_count(n: int) -> str:
    return "inget" if n == 0 else number_in_text(n, neuter=True)


def _count(n: int) -> str:
    return "ingen" if n == 0 else number_in_text(n)


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
    order = values.sort_values(ascending=False, kind="stable")
    top = list(order.index[:n])
    bottom = [q for q in values.sort_values(ascending=True, kind="stable").index[:n] if q not in top]
    high = join_list([quoted(survey.question(q), values[q]) for q in top])
    low = join_list([quoted(survey.question(q), values[q]) for q in bottom])
    return sentence(f"Högst andel positiva svar {year} gavs på {high}" + (f" och lägst på {low}" if low else ""))


def change_counts(survey: Survey, shares: pd.DataFrame, previous: int, year: int) -> dict[str, int]:
    """How many results got better, worse or stayed, following each question's polarity."""
    counts = {"bättre": 0, "sämre": 0, "lika": 0}
    if previous not in shares.columns:
        return counts
    for question in survey.fragor:
        verdict = judge(shares.loc[question.id, previous], shares.loc[question.id, year], question.higher_is_better)
        if verdict:
            counts[verdict] += 1
    return counts


def describe_changes(survey: Survey, shares: pd.DataFrame, previous: int, year: int) -> str:
    """How many results improved and worsened since last year, and the largest of each, in procentenheter."""
    counts = change_counts(survey, shares, previous, year)
    if sum(counts.values()) == 0:
        return ""
    same = counts["lika"]
    text = f"Jämfört med {previous} har {'inga' if counts['bättre'] == 0 else number_in_text(counts['bättre'], neuter=True)} resultat förbättrats"
    text += f", {_neuter_count(counts['sämre'])} försämrats" if same else f" och {_neuter_count(counts['sämre'])} försämrats"
    if same:
        text += f" och {_neuter_count(same)} {'är oförändrat' if same == 1 else 'är oförändrade'}"
    sentences = [sentence(text)]
    changes = {
        q.id: favourable_difference(shares.loc[q.id, year] - shares.loc[q.id, previous], q.higher_is_better)
        for q in survey.fragor if judge(shares.loc[q.id, previous], shares.loc[q.id, year], q.higher_is_better) in {"bättre", "sämre"}
    }
    ordered = pd.Series(changes, dtype="float64").sort_values(kind="stable")
    extremes = []
    if len(ordered) and ordered.iloc[-1] > 0:
        extremes.append(("Störst förbättring: ", ordered.index[-1]))
    if len(ordered) and ordered.iloc[0] < 0:
        extremes.append(("Störst försämring: ", ordered.index[0]))
    for lead, question_id in extremes:
        question = survey.question(question_id)
        before, now = shares.loc[question_id, previous], shares.loc[question_id, year]
        # The lead already says whether it is better or worse: no judgement repeated at the end.
        line = describe_share_change(share_subject(question), before, now, previous, year, None,
                                     max(share_decimals(before), share_decimals(now)))
        sentences.append(lead + line[0].lower() + line[1:])
    return " ".join(sentences)


def describe_colours(survey: Survey, shares: pd.Series, placed: dict[tuple[str, int], Placement], year: int) -> str:
    """Where the kommun's results of the year fall among all kommuner, and which are red."""
    colours = {q.id: placed[(q.id, year)].colour for q in survey.fragor if not is_missing(shares.get(q.id)) and placed[(q.id, year)].colour}
    if not colours:
        return ""
    total = len(colours)
    count = {c: sum(1 for v in colours.values() if v == c) for c in ("grön", "gul", "röd")}
    text = (
        f"Jämfört med andra kommuner låg {_neuter_count(count['grön'])} av {number_in_text(total, neuter=True)} resultat {year} "
        f"bland den mest fördelaktiga tredjedelen (grön), {_neuter_count(count['gul'])} i den mittersta (gul) "
        f"och {_neuter_count(count['röd'])} i den minst fördelaktiga tredjedelen (röd)."
    )
    red = [quoted(survey.question(q), shares[q]) for q, c in colours.items() if c == "röd"]
    if red:
        text += f" Röda resultat: {join_list(red)}."
    return text


def describe_riket(kommun: str, survey: Survey, own: pd.Series, riket: pd.Series, year: int) -> str:
    """How many results are better or worse than riket, following polarity, and the largest difference each way."""
    verdicts = {q.id: judge(riket.get(q.id), own.get(q.id), q.higher_is_better) for q in survey.fragor}
    verdicts = {k: v for k, v in verdicts.items() if v}
    if not verdicts:
        return ""
    n = len(verdicts)
    better = sum(v == "bättre" for v in verdicts.values())
    worse = sum(v == "sämre" for v in verdicts.values())
    same = n - better - worse
    text = (
        f"{kommun} hade {year} ett mer fördelaktigt resultat än riket på {_count(better)} av {number_in_text(n)} "
        f"{'fråga' if n == 1 else 'frågor'}, ett mindre fördelaktigt på {_count(worse)}"
        + (f" och samma på {_count(same)}." if same else ".")
    )
    diffs = pd.Series({q: favourable_difference(own[q] - riket[q], survey.question(q).higher_is_better)
                       for q, v in verdicts.items() if v != "lika"}, dtype="float64").sort_values(kind="stable")
    if len(diffs) and diffs.iloc[-1] > 0:
        q = diffs.index[-1]
        text += f" Störst skillnad till kommunens fördel: {quoted(survey.question(q))} ({format_share(own[q])} mot {format_share(riket[q])} i riket)."
    if len(diffs) and diffs.iloc[0] < 0:
        q = diffs.index[0]
        text += f" Störst skillnad till kommunens nackdel: {quoted(survey.question(q))} ({format_share(own[q])} mot {format_share(riket[q])} i riket)."
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


# ------------------------------------------------------------- presentation


def _label(survey: Survey) -> str:
    return "bu-" + survey.id.replace("_", "-")


def question_label(question: Question) -> str:
    return question.text + ("" if question.higher_is_better else " (lägre är bättre)")


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
    message = describe_riket(name, survey, own, riket, data.year)
    alt = (
        f"Liggande stapeldiagram som för {number_in_text(len(shown), neuter=True)} frågor om {in_text(survey.namn)} "
        f"jämför andelen positiva svar i {name} med riket {data.year}. {message}"
    ).strip()
    return blocks.figure_block(figure, f"{_label(survey)}-riket", f"{survey.namn}: {name} jämfört med riket {data.year}", alt)


def table_note(data: BrukarundersokningarData, survey: Survey) -> str:
    note = sentence(f"Källa: {survey.kalla}") + " " if survey.kalla else ""
    note += ranking.legend() + " " + ranking.method_explanation()
    if data.synthetic_reference:
        note += " Jämförelsedata i denna rapport är syntetiska (påhittade) demodata."
    return note


def notices(data: BrukarundersokningarData) -> list[Block]:
    """Data saknas; synthetic reference data; other notes about the inputs."""
    if data.missing_notice or not data.synthetic_reference:
        return chapter_notices(data)
    synthetic = blocks.notice_block(
        "Syntetiska jämförelsedata",
        "Jämförelsen med riket och med andra kommuner (färgerna) bygger på påhittade demodata, inte på verkliga resultat.",
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
    names = [in_text(s.namn) for s in data.surveys]
    text = (
        f"Kapitlet redovisar {number_in_text(len(names))} {'brukarundersökning' if len(names) == 1 else 'brukarundersökningar'}: "
        f"{join_list(names)}. Andelen positiva svar redovisas per fråga för {data.years[0]}–{data.years[-1]}."
    )
    without = [in_text(s.namn) for s in data.surveys if shares_per_year(data.results, s, [data.year])[data.year].isna().all()]
    if without:
        text += f" För {join_list(without)} finns inga resultat för {data.year}."
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
        out.append(blocks.text_block(describe_riket(data.params.kommun.namn, survey, current, riket, data.year)))
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


def _number(value: float | None) -> float | int | None:
    if is_missing(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 1)


def key_figures(data: BrukarundersokningarData) -> dict[str, object]:
    """The chapter's key figures for the summary and batch indexes (survey aggregates only)."""
    if data.missing_notice:
        return {"data_saknas": True}
    surveys = {}
    impossible = 0
    checks: list[str] = []
    for survey in data.surveys:
        shares = shares_per_year(data.results, survey, data.years)
        placed = placements(data, survey, shares)
        response = response_per_year(data.results, survey.id, data.years)
        riket = riket_values(data.reference, survey, data.year)
        current = shares[data.year]
        colours = {q.id: (placed[(q.id, data.year)].colour or "grå") if not is_missing(current[q.id]) else "grå" for q in survey.fragor}
        changes = change_counts(survey, shares, data.previous, data.year)
        bad = impossible_shares(survey_rows(data.results, survey.id))
        impossible += len(bad)
        if not bad.empty:
            checks.append(describe_impossible(survey, bad))
        surveys[survey.id] = {
            "namn": survey.namn,
            "svarsfrekvens": _number(response.loc[data.year, "svarsfrekvens"]),
            "antal_svar": _number(response.loc[data.year, "antal_svar"]),
            "andel_positiva": {q.id: _number(current[q.id]) for q in survey.fragor},
            "riket": {q.id: _number(riket[q.id]) for q in survey.fragor},
            "farg": colours,
            "antal_per_farg": {c: sum(1 for v in colours.values() if v == c) for c in ranking.COLOURS},
            "forbattrade": changes["bättre"],
            "forsamrade": changes["sämre"],
            "oforandrade": changes["lika"],
        }
    return {
        "ar": data.year,
        "undersokningar": surveys,
        "jamforelsedata_syntetiska": data.synthetic_reference,
        "kontroller": {"omojliga_andelar": impossible, "meddelanden": checks},
    }
