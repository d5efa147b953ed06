"""Params: shared defaults plus one YAML per kommun, merged and validated on load.

``params/_defaults.yml`` holds what every kommun shares; ``params/<kommun>.yml``
holds what is the kommun's own. Every key is checked: a misspelt key or a wrong
type is an error that names the file and the key.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import paths
from .errors import ConfigError

DEFAULTS_FILE = "_defaults.yml"
# The chapter ids params may name; helpers.chapters.registry holds the chapters themselves (a test keeps both equal).
ChapterId = Literal["avvikelser", "synpunkter", "brukarundersokningar", "genomforandeplaner"]
CHAPTERS = get_args(ChapterId)
OutputFormat = Literal["html", "docx", "pdf"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kommun(Strict):
    kod: str = Field(pattern=r"^\d{4}$")
    namn: str
    namnd: str
    forvaltning: str


class Source(Strict):
    """Where a chapter's input file is and how its headers and values map to ours."""

    fil: str  # relative to the kommun's data folder; ``{ar}`` is replaced by the year
    kolumner: dict[str, str] = Field(default_factory=dict)  # canonical name -> header in the file
    varden: dict[str, dict[str, str]] = Field(default_factory=dict)  # canonical column -> {value in file: our value}
    blad: str | int | None = None  # XLSX sheet; first sheet if not given


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
    malvarden: dict[str, float] = Field(default_factory=dict)
    avvikelser: AvvikelserSettings
    synpunkter: SynpunkterSettings = Field(default_factory=SynpunkterSettings)
    brukarundersokningar: BrukarundersokningarSettings = Field(default_factory=BrukarundersokningarSettings)
    genomforandeplaner: GenomforandeplanerSettings = Field(default_factory=GenomforandeplanerSettings)
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
        path = Path(self.data_katalog)
        return path if path.is_absolute() else paths.project_root() / path

    def source_path(self, chapter: str, year: int) -> Path:
        source = self.source(chapter)
        return self.data_path() / source.fil.format(ar=year)

    def source(self, chapter: str) -> Source:
        if chapter not in self.kallor:
            raise ConfigError(f"Params för {self.id}: källa för kapitlet '{chapter}' saknas under 'kallor'.")
        return self.kallor[chapter]

    def text_path(self, chapter: str) -> Path:
        """Optional analyst text: ``<data>/<år>/texter/<kapitel>.md``."""
        return self.data_path() / str(self.ar) / "texter" / f"{chapter}.md"


_PYDANTIC_MESSAGES = {
    "extra_forbidden": "okänd nyckel (felstavad?)",
    "missing": "nyckeln saknas",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "string_type": "ska vara text",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en uppsättning nycklar och värden",
    "bool_parsing": "ska vara ja/nej (true/false)",
    "literal_error": "ogiltigt värde",
    "string_pattern_mismatch": "har fel form",
    "greater_than_equal": "är för litet",
    "less_than_equal": "är för stort",
}


def _explain(error: ValidationError, source: str) -> ConfigError:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(hela filen)"
        message = _PYDANTIC_MESSAGES.get(item["type"], item["msg"])
        if item["type"] == "literal_error":
            message = f"ogiltigt värde, tillåtna: {item['ctx'].get('expected', '')}"
        elif item["type"] == "value_error":
            message = str(item["ctx"].get("error", item["msg"]))
        lines.append(f"  - nyckeln '{key}': {message}")
    return ConfigError(f"Fel i params ({source}):\n" + "\n".join(lines))


def read_yaml_file(path: Path, what: str, missing_hint: str = "") -> Any:
    """A YAML file's content; a missing or broken file is a ConfigError naming it (``what``: ``Params-filen``)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{what} {path} finns inte{missing_hint}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" på rad {mark.line + 1}" if mark else ""
        raise ConfigError(f"{what} {path} är inte giltig YAML{where}.") from None


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


def load_params(kommun: str, year: int | None = None, params_dir: Path | None = None) -> Params:
    """Load ``params/<kommun>.yml`` on top of the defaults; ``year`` overrides the report year."""
    folder = params_dir or paths.params_dir()
    path = folder / f"{kommun}.yml"
    if not path.exists():
        known = ", ".join(list_kommuner(folder)) or "inga"
        raise ConfigError(f"Det finns ingen params-fil för '{kommun}' ({path}). Kända kommuner: {known}.")
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
