"""Params: shared defaults plus one YAML per kommun, merged and validated on load.

``params/_defaults.yml`` holds what every kommun shares; ``params/<kommun>.yml``
holds what is the kommun's own. Every key is checked: a misspelt key or a wrong
type is an error that names the file and the key.
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import paths
from .errors import ConfigError
from .yaml_reading import explain as _explain
from .yaml_reading import read_yaml_file

DEFAULTS_FILE = "_defaults.yml"
# The chapter ids params may name; helpers.chapters.registry holds the chapters themselves (a test keeps both equal).
ChapterId = Literal["avvikelser", "synpunkter", "brukarundersokningar", "genomforandeplaner", "kvalitetsregister",
                    "ej_verkstallda", "riskanalys", "egenkontroller"]
CHAPTERS = get_args(ChapterId)
OutputFormat = Literal["html", "docx", "pdf"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


OrganisationKind = Literal["kommun", "stadsdelsforvaltning", "kommunalforbund", "region", "privat_utforare"]


class Kommun(Strict):
    """The organisation that writes the report (a kommun, or a stadsdelsförvaltning, förbund, region, provider)."""

    kod: str = Field(pattern=r"^\d{4}$")  # kommunkod; for a stadsdelsförvaltning its kommun's code
    namn: str
    namnd: str
    forvaltning: str
    typ: OrganisationKind = "kommun"
    moderkommun: str | None = None  # the kommun a stadsdelsförvaltning or provider belongs to, e.g. "Stockholms stad"


class OutlineChange(Strict):
    """An extra section the kommun adds to its outline template, after an existing one: a text slot or a chapter."""

    efter: str  # id of the section it follows (a chapter id or a text slot)
    text: str | None = None  # a new analyst text slot (``texter/<text>.md``), with ``rubrik``
    kapitel: ChapterId | None = None  # or a generated chapter the template does not place
    rubrik: str | None = None
    ledtext: str | None = None

    @model_validator(mode="after")
    def _text_or_chapter(self) -> OutlineChange:
        if (self.text is None) == (self.kapitel is None):
            raise ValueError("ange antingen text eller kapitel")
        if self.text is not None and not self.rubrik:
            raise ValueError(f"texten '{self.text}' saknar rubrik")
        return self


class OutlineSettings(Strict):
    """Which outline template the report follows, and the kommun's changes to it."""

    mall: str = "sosfs"  # data/reference/dispositioner/<mall>.yml
    rubriker: dict[str, str] = Field(default_factory=dict)  # section id -> own heading
    lagg_till: list[OutlineChange] = Field(default_factory=list)
    ta_bort: list[str] = Field(default_factory=list)  # section ids left out


class Source(Strict):
    """Where a chapter's input file is and how its headers and values map to ours."""

    fil: str  # relative to the kommun's data folder; ``{ar}`` is replaced by the year
    kolumner: dict[str, str] = Field(default_factory=dict)  # canonical name -> header in the file
    varden: dict[str, dict[str, str]] = Field(default_factory=dict)  # canonical column -> {value in file: our value}
    blad: str | int | None = None  # XLSX sheet; first sheet if not given

    @field_validator("fil")
    @classmethod
    def _only_year_placeholder(cls, value: str) -> str:
        if "{" in value.replace("{ar}", "") or "}" in value.replace("{ar}", ""):
            raise ValueError("filnamnet får bara innehålla platshållaren {ar} (året), inga andra { }")
        return value


class Reorganisation(Strict):
    """A unit renamed or merged: from ``ar`` on, ``fran`` is reported as ``till``."""

    fran: str
    till: str
    ar: int


class Masking(Strict):
    troskel: int = Field(default=5, ge=1)


class AvvikelserSettings(Strict):
    typer: list[str]
    avdelningar: list[str]
    verksamhetsomraden: list[str] | None = None  # None: whatever the data holds
    utredning_start_dagar: list[int] = Field(default_factory=lambda: [2, 5, 10, 15])
    utredningstid_dagar: list[int] = Field(default_factory=lambda: [5, 10, 15, 40])
    pagaende_lang_manader: int = 3


class SynpunkterSettings(Strict):
    """Settings of the Synpunkter chapter: the kommun's categories and its target for answering.

    The defaults here are those of ``params/_defaults.yml`` (which documents them).
    """

    typer: list[str] = Field(default_factory=lambda: ["Beröm", "Klagomål", "Förslag", "Övrigt"], min_length=1)
    kanaler: list[str] = Field(
        default_factory=lambda: ["Synpunktsfolder", "E-post", "Telefon", "E-tjänst", "Brev", "Besök",
                                 "Patientnämnden", "IVO", "Övrigt"],
        min_length=1,
    )
    teman: list[str] = Field(
        default_factory=lambda: ["Bemötande", "Kommunikation och samordning", "Utförande av insats", "Rättssäkerhet",
                                 "Kompetens", "Delaktighet", "Trygghet och säkerhet", "Tillgänglighet", "Avgifter",
                                 "Övrigt"],
        min_length=1,
    )
    verksamhetsomraden: list[str] | None = None  # None: whatever the data holds
    svarstid_mal_dagar: int = Field(default=14, ge=1, le=365)  # target: answered within this many calendar days

    @field_validator("typer", "kanaler", "teman", "verksamhetsomraden")
    @classmethod
    def _no_repeats(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("ett värde står med två gånger")
        return value


class BrukarundersokningarSettings(Strict):
    """Settings of the Brukarundersökningar chapter.

    Paths in ``fragekatalog`` and ``referens`` are relative to the project
    folder; ``kolada_fil`` is relative to the kommun's data folder.
    """

    kalla: Literal["fil", "kolada"] = "fil"  # where the kommun's own results come from
    fragekatalog: str = "data/reference/brukarundersokningar_fragor.yml"  # surveys, questions, polarity, Kolada KPI ids
    undersokningar: list[str] | None = None  # survey ids from the catalogue, in order; None: every survey with data
    referens: str | None = None  # all kommuner and riket per question and year (CSV/XLSX); None: Kolada file or none
    kolada_fil: str = "{ar}/kolada_brukarundersokningar.json"  # saved Kolada answer; ``{ar}`` is the report year
    kolada_url: str = "https://api.kolada.se/v2"
    visade_ar: int = Field(default=3, ge=1, le=10)  # years shown per question, report year included
    fa_svar: int = Field(default=10, ge=1)  # fewer answers than this: a caution note
    lag_svarsfrekvens: float = Field(default=50.0, ge=0, le=100)  # response rate below this (%): a caution note

    def years(self, report_year: int) -> list[int]:
        """The years the chapter shows, oldest first, ending with the report year."""
        return list(range(report_year - self.visade_ar + 1, report_year + 1))


class GenomforandeplanerTargets(Strict):
    """The kommun's internal targets for the Genomförandeplaner chapter: least share (%) per measure; None: no target."""

    plan: float | None = Field(default=100.0, ge=0, le=100)  # brukare with a genomförandeplan
    uppdaterad: float | None = Field(default=90.0, ge=0, le=100)  # plan updated within the last months at the measurement
    avgiven: float | None = Field(default=90.0, ge=0, le=100)  # plan handed over (avgiven) to myndighet
    delaktig: float | None = Field(default=75.0, ge=0, le=100)  # brukaren took part in drawing up the plan


class GenomforandeplanerSettings(Strict):
    """Settings of the Genomförandeplaner chapter: input shape, verksamheter, the updating rule and the targets.

    ``indata`` says which of the two input shapes ``kallor.genomforandeplaner``
    holds: ``rader`` (one row per brukare and measurement) or ``antal`` (counts
    per enhet). The defaults here are those of ``params/_defaults.yml``.
    """

    indata: Literal["rader", "antal"] = "rader"
    verksamheter: list[str] | None = None  # None: whatever the data holds; a list gives order and allowed values
    uppdaterad_manader: int = Field(default=6, ge=1, le=24)  # "updated within the last N calendar months"
    mal: GenomforandeplanerTargets = Field(default_factory=GenomforandeplanerTargets)

    @field_validator("verksamheter")
    @classmethod
    def _no_repeats(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("ett värde står med två gånger")
        return value


class KvalitetsregisterSettings(Strict):
    """Settings of the Senior Alert och Palliativregistret chapter (defaults documented in ``params/_defaults.yml``).

    Targets are keyed by indicator id in the indicator catalogue
    (``indikatorkatalog``, relative to the project folder); unknown ids are
    an error when the chapter loads.
    """

    senior_alert_format: Literal["aggregerad", "rader"] = "aggregerad"  # register report export, or one row per riskbedömning
    riskomraden: list[str] = Field(  # risk areas the kommun works with (row-level export: the allowed values of 'risker')
        default_factory=lambda: ["Fall", "Trycksår", "Undernäring", "Munhälsa", "Blåsdysfunktion"], min_length=1)
    enheter: list[str] = Field(default_factory=list)  # units that should register in Senior Alert (listed when they did not)
    indikatorkatalog: str = "data/reference/palliativregistret_indikatorer.yml"
    palliativ_kalla: Literal["fil", "kolada"] = "fil"  # fil: kallor.palliativregistret; kolada: saved Kolada answer
    kolada_fil: str = "{ar}/kolada_palliativregistret.json"  # relative to the kommun's data folder
    kolada_url: str = "https://api.kolada.se/v2"
    interna_mal: dict[str, float] = Field(default_factory=dict)  # indicator id -> the kommun's internal target (delmål), %
    mal: dict[str, float] = Field(default_factory=dict)  # indicator id -> target used instead of the catalogue's, %
    fa_dodsfall: int = Field(default=20, ge=1)  # a denominator below this: a caution note

    @field_validator("interna_mal", "mal")
    @classmethod
    def _percent(cls, value: dict[str, float]) -> dict[str, float]:
        wrong = [key for key, target in value.items() if not 0 <= target <= 100]
        if wrong:
            raise ValueError(f"målvärden är andelar i procent, 0–100 ({', '.join(wrong)})")
        return value

    @field_validator("riskomraden", "enheter")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("ett värde står med två gånger")
        return value


LSS_LAGRUM = [f"9 § {p} p LSS" for p in range(1, 11)]


class EjVerkstalldaSettings(Strict):
    """Settings of the Ej verkställda beslut chapter: the allowed insatser, lagrum and reasons.

    Every lagrum ends with the law it belongs to (``SoL`` or ``LSS``), which
    the chapter groups by. The defaults here are those of ``params/_defaults.yml``.
    """

    insatser: list[str] = Field(default_factory=lambda: [
        "Personlig assistans", "Ledsagarservice", "Kontaktperson", "Avlösarservice", "Korttidsvistelse", "Korttidstillsyn",
        "Bostad för barn", "Bostad för vuxna", "Daglig verksamhet", "Kontaktfamilj", "Särskilt boende", "Hemtjänst",
        "Boendestöd", "Dagverksamhet", "Korttidsboende", "Stödboende", "Behandling", "Övrigt"], min_length=1)
    lagrum: list[str] = Field(default_factory=lambda: [*LSS_LAGRUM, "4 kap. 1 § SoL", "11 kap. 1 § SoL"], min_length=1)
    orsaker: list[str] = Field(default_factory=lambda: ["Personalbrist", "Platsbrist", "Den enskildes önskemål", "Övrigt"],
                               min_length=1)
    avslut_orsaker: list[str] = Field(default_factory=lambda: ["Tackat nej", "Flyttat", "Avliden", "Behovet har upphört",
                                                               "Övrigt"], min_length=1)

    @field_validator("insatser", "lagrum", "orsaker", "avslut_orsaker")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("ett värde står med två gånger")
        return value

    @field_validator("lagrum")
    @classmethod
    def _law_last(cls, value: list[str]) -> list[str]:
        wrong = [v for v in value if v.split()[-1:] not in (["SoL"], ["LSS"])]
        if wrong:
            raise ValueError(f"ett lagrum ska sluta med SoL eller LSS ({', '.join(wrong)})")
        return value


class RiskLevels(Strict):
    """The lowest riskvärde (sannolikhet × konsekvens, 1–25) of each level above Låg; below ``medium`` is Låg.

    The default (Låg 1–4, Medium 5–9, Hög 10–19, Kritisk 20–25) gives seed 001's
    riskvärden 16 and 12 the level Hög, as its Tabell 13 does.
    """

    medium: int = Field(default=5, ge=2, le=25)
    hog: int = Field(default=10, ge=2, le=25)
    kritisk: int = Field(default=20, ge=2, le=25)

    @model_validator(mode="after")
    def _increasing(self) -> RiskLevels:
        if not self.medium < self.hog < self.kritisk:
            raise ValueError("gränserna ska öka: medium < hog < kritisk")
        return self


class RiskanalysSettings(Strict):
    """Settings of the Riskanalys och internkontrollplan chapter (defaults documented in ``params/_defaults.yml``)."""

    nivaer: RiskLevels = Field(default_factory=RiskLevels)
    omraden: list[str] | None = None  # None: whatever the data holds; a list gives order and allowed values
    roller: list[str] | None = None  # allowed values of ansvarig_roll (roles, never names); None: any role


class EgenkontrollerSettings(Strict):
    """Settings of the Egenkontroller chapter (defaults documented in ``params/_defaults.yml``)."""

    egenkontroller: list[str] | None = None  # None: whatever the data holds; a list gives order and allowed values
    mal: float = Field(default=100.0, ge=0, le=100)  # target: share (%) of the planned egenkontroller that were done
    enhetsord: Literal["enhet", "verksamhet"] = "enhet"  # what the report calls the units ("10 av 24 verksamheter")

    @field_validator("egenkontroller")
    @classmethod
    def _no_repeats(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("ett värde står med två gånger")
        return value


class Params(Strict):
    """The full, validated configuration of one kommun's report."""

    id: str
    kommun: Kommun
    ar: int = Field(ge=2000, le=2100)
    jamforelsear: int = Field(default=3, ge=1, le=10)
    diarienummer: str | None = None
    data_katalog: str
    kapitel: list[ChapterId]
    format: list[OutputFormat] = Field(default_factory=lambda: ["html", "docx"])
    kallor: dict[str, Source] = Field(default_factory=dict)
    organisationsforandringar: list[Reorganisation] = Field(default_factory=list)
    maskering: Masking = Field(default_factory=Masking)
    avvikelser: AvvikelserSettings
    synpunkter: SynpunkterSettings = Field(default_factory=SynpunkterSettings)
    brukarundersokningar: BrukarundersokningarSettings = Field(default_factory=BrukarundersokningarSettings)
    genomforandeplaner: GenomforandeplanerSettings = Field(default_factory=GenomforandeplanerSettings)
    kvalitetsregister: KvalitetsregisterSettings = Field(default_factory=KvalitetsregisterSettings)
    ej_verkstallda: EjVerkstalldaSettings = Field(default_factory=EjVerkstalldaSettings)
    riskanalys: RiskanalysSettings = Field(default_factory=RiskanalysSettings)
    egenkontroller: EgenkontrollerSettings = Field(default_factory=EgenkontrollerSettings)
    disposition: OutlineSettings = Field(default_factory=OutlineSettings)
    utkast: bool = False  # draft: missing analyst texts are shown as placeholders
    demo: bool = False

    @field_validator("kapitel")
    @classmethod
    def _unique_chapters(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("ett kapitel står med två gånger")
        return value

    def years(self) -> list[int]:
        """The report year and the comparison years before it, oldest first."""
        return list(range(self.ar - self.jamforelsear, self.ar + 1))

    def data_path(self) -> Path:
        """The kommun's data folder: an absolute path as given (e.g. a file share), a relative one inside the project."""
        path = Path(self.data_katalog)
        if path.is_absolute():
            return path
        root = paths.project_root()
        if not (root / path).resolve().is_relative_to(root.resolve()):
            raise ConfigError(f"Params för {self.id}: 'data_katalog' ({self.data_katalog}) pekar ut ur projektmappen; "
                              "ange en mapp i projektet eller en absolut sökväg.")
        return paths.project_path(path)

    def existing_data_path(self) -> Path:
        """The data folder, which must exist: checked before a run, so that a wrong path never replaces a good report."""
        folder = self.data_path()
        where = f"params 'data_katalog' i {paths.params_dir() / f'{self.id}.yml'}"
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"Datamappen {folder} ({where}) är en fil, inte en mapp. Ange mappen där kommunens "
                              "årsmappar ligger (t.ex. 2025/). Ingen rapport har skapats eller ersatts.")
        if not folder.is_dir():
            hint = "Skapa demodata med ./kvb demodata" if self.demo else "Rätta sökvägen eller skapa mappen, med en mapp per år (t.ex. 2025/)"
            raise ConfigError(f"Datamappen {folder} finns inte ({where}). {hint}. Ingen rapport har skapats eller ersatts.")
        return folder

    def source_path(self, name: str, year: int) -> Path:
        """A source file inside the kommun's data folder (``kallor.<källa>.fil`` may not point out of it)."""
        source = self.source(name)
        folder = self.data_path()
        path = folder / source.fil.format(ar=year)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ConfigError(f"Params för {self.id}: 'kallor.{name}.fil' ({source.fil}) pekar ut ur datamappen.")
        return path

    def source(self, name: str) -> Source:
        """The input under ``kallor.<name>``: a chapter id, or an input's own name (``senior_alert``)."""
        if name not in self.kallor:
            raise ConfigError(f"Params för {self.id}: källan '{name}' saknas under 'kallor'.")
        return self.kallor[name]

    def texts_dir(self) -> Path:
        """The analyst's texts of the report year: ``<data>/<år>/texter/``."""
        return self.data_path() / str(self.ar) / "texter"

    def text_path(self, slot: str) -> Path:
        """An analyst text: ``<data>/<år>/texter/<slot>.md`` (a chapter's own text or an outline slot)."""
        return self.texts_dir() / f"{slot}.md"


def _read_yaml(path: Path) -> dict[str, Any]:
    data = read_yaml_file(path, "Params-filen") or {}
    if not isinstance(data, dict):
        raise ConfigError(f"Params-filen {path} ska innehålla nycklar och värden.")
    return data


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: nested dicts merge key by key, everything else is replaced."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def list_kommuner(params_dir: Path | None = None) -> list[str]:
    """Every kommun with a params file (file stems), sorted."""
    folder = params_dir or paths.params_dir()
    return sorted(p.stem for p in folder.glob("*.yml") if not p.name.startswith("_"))


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")


def check_id(kommun: str) -> str:
    """A kommun id names files and folders (``params/<id>.yml``, ``output/<id>/``): letters a–z, digits, - and _ only."""
    if not ID_PATTERN.fullmatch(kommun):
        raise ConfigError(
            f"Ogiltigt id '{kommun}': ett id får bara innehålla små bokstäver a–z, siffror, bindestreck och understreck "
            "(t.ex. ekdala eller hasselby-vallingby), och måste börja med en bokstav eller siffra."
        )
    return kommun


_FOLD = str.maketrans("åäöéü", "aaoeu")


def _folded(name: str) -> str:
    """A name as an id would spell it: lower case, å/ä/ö as a/o, spaces as hyphens (``Björkvik`` → ``bjorkvik``)."""
    return re.sub(r"\s+", "-", name.strip().casefold().translate(_FOLD))


def _display_names(folder: Path, ids: list[str]) -> dict[str, str]:
    """Each kommun's display name (``kommun.namn``), folded, mapped to its id; unreadable files are skipped."""
    names: dict[str, str] = {}
    for kommun_id in ids:
        try:
            namn = (read_yaml_file(folder / f"{kommun_id}.yml", "Params-filen") or {}).get("kommun", {}).get("namn")
        except (ConfigError, AttributeError):
            continue
        if isinstance(namn, str):
            names[_folded(namn)] = kommun_id
    return names


def resolve_kommun(name: str, params_dir: Path | None = None) -> str:
    """The id of the kommun ``name`` means: its id in any capitalisation, or its display name ("Björkvik", "Ekdala kommun").

    Only ids of existing params files are returned (never ``name`` itself unless it is one), so
    nothing typed becomes a path. Anything else is a ConfigError that suggests a near miss.
    """
    folder = params_dir or paths.params_dir()
    ids = list_kommuner(folder)
    if name in ids:
        return name
    folded = _folded(name)
    by_name = {**{_folded(i): i for i in ids}, **_display_names(folder, ids)}
    for candidate in (folded, re.sub(r"-(kommun|kommuns|stadsdelsforvaltning|stad)$", "", folded).rstrip("s")):
        if candidate in by_name:
            return by_name[candidate]
    close = difflib.get_close_matches(folded, list(by_name), n=1, cutoff=0.6)
    hint = f" Menade du {by_name[close[0]]}?" if close else ""
    try:
        check_id(name)
    except ConfigError as exc:
        raise ConfigError(f"{exc}{hint}") from None
    known = ", ".join(ids) or "inga"
    raise ConfigError(f"Det finns ingen params-fil för '{name}' ({folder / f'{name}.yml'}).{hint} Kända kommuner: {known}.")


def load_params(kommun: str, year: int | None = None, params_dir: Path | None = None) -> Params:
    """Load ``params/<kommun>.yml`` on top of the defaults; ``year`` overrides the report year.

    ``kommun`` is an id, or a display name or id in other capitalisation (see ``resolve_kommun``).
    """
    folder = params_dir or paths.params_dir()
    kommun = check_id(resolve_kommun(kommun, folder))
    path = folder / f"{kommun}.yml"
    defaults_path = folder / DEFAULTS_FILE
    defaults = _read_yaml(defaults_path) if defaults_path.exists() else {}
    merged = merge(defaults, _read_yaml(path))
    merged["id"] = kommun
    if year is not None:
        merged["ar"] = year
    try:
        return Params.model_validate(merged)
    except ValidationError as exc:
        raise _explain(exc, f"{path} ovanpå {defaults_path.name}") from None
