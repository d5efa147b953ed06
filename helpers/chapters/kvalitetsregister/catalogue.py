"""What the chapter measures: Senior Alert's measures and risk areas, and the Palliativregistret indicator catalogue.

Senior Alert's measures are fixed by the register and live here as code. The
Palliativregistret indicators (text, group, direction, target and its source,
Kolada id) are configuration kept in the repository
(``data/reference/palliativregistret_indikatorer.yml``, params key
``kvalitetsregister.indikatorkatalog``), validated on load like params.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ... import content_cache, paths
from ...config import _explain, read_yaml_file
from ...errors import ConfigError


@dataclass(frozen=True)
class Measure:
    """One Senior Alert count: its column, its table label and the count it is a share of (if any)."""

    id: str
    label: str
    of: str | None = None  # the denominator's id: a share of this count is shown


# Process measures in table order; shares are of the count named in ``of``.
PROCESS = (
    Measure("riskbedomningar", "Riskbedömningar"),
    Measure("med_risk", "Riskbedömningar med risk", "riskbedomningar"),
    Measure("unika_personer", "Unika personer riskbedömda"),
    Measure("orsak_angiven", "Bakomliggande orsak angiven", "med_risk"),
    Measure("atgardsplan", "Åtgärdsplan", "med_risk"),
    Measure("uppfoljning", "Åtgärder uppföljda", "atgardsplan"),
)
SHARE_MEASURES = tuple(m for m in PROCESS if m.id in {"orsak_angiven", "atgardsplan", "uppfoljning"})


@dataclass(frozen=True)
class RiskArea:
    """One of Senior Alert's risk areas: id (column ``risk_<id>``), label as in params and tables, wording in text."""

    id: str
    label: str
    table: str
    in_text: str  # after "Antalet personer med …"


RISK_AREAS = (
    RiskArea("fall", "Fall", "Risk för fall", "risk för fall"),
    RiskArea("trycksar", "Trycksår", "Risk för trycksår", "risk för trycksår"),
    RiskArea("undernaring", "Undernäring", "Risk för undernäring", "risk för undernäring"),
    RiskArea("munhalsa", "Munhälsa", "Ohälsa i munnen (ROAG grad 2–3)", "ohälsa i munnen (grad 2 eller 3 enligt ROAG)"),
    RiskArea("blasdysfunktion", "Blåsdysfunktion", "Risk för blåsdysfunktion", "risk för blåsdysfunktion"),
)
SORES = (Measure("trycksar_personer", "Personer med trycksår"), Measure("trycksar_antal", "Antal trycksår"))
PERSON_MEASURES = ("unika_personer", *(f"risk_{a.id}" for a in RISK_AREAS), "trycksar_personer")  # not additive over units


def risk_area(label_or_id: str) -> RiskArea:
    """The risk area named ``Undernäring`` or ``undernaring``; a ConfigError lists the known ones."""
    for area in RISK_AREAS:
        if label_or_id in {area.id, area.label}:
            return area
    known = ", ".join(a.label for a in RISK_AREAS)
    raise ConfigError(f"Fel i params: 'kvalitetsregister.riskomraden' nämner ett okänt riskområde '{label_or_id}'; kända är {known}.")


Direction = Literal["hogre", "lagre"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One Palliativregistret indicator; ``riktning: lagre`` means a lower share is better."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str
    andel: str | None = None
    grupp: str
    riktning: Direction = "hogre"
    mal: float | None = Field(default=None, ge=0, le=100)
    malkalla: str = "Socialstyrelsen"
    kolada: str | None = Field(default=None, pattern=r"^[A-Z]\d{5}$")

    @property
    def higher_is_better(self) -> bool:
        return self.riktning == "hogre"

    def subject(self) -> str:
        """``Andelen med smärtskattning sista levnadsveckan`` (else the indicator's text in quotes)."""
        return f"Andelen {self.andel}" if self.andel else f"Andelen för ”{self.text}”"


class IndicatorCatalogue(_Strict):
    indikatorer: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "IndicatorCatalogue":
        ids = [i.id for i in self.indikatorer]
        if len(set(ids)) != len(ids):
            raise ValueError("två indikatorer har samma id")
        return self

    def ids(self) -> list[str]:
        return [i.id for i in self.indikatorer]

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indikatorer:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def groups(self) -> list[str]:
        """The indicator groups in catalogue order."""
        return list(dict.fromkeys(i.grupp for i in self.indikatorer))

    def labels(self) -> dict[str, str]:
        """Texts (and ids) → indicator id, for reading files that write the text instead of the id."""
        labels = {i.text: i.id for i in self.indikatorer}
        labels.update({i.id: i.id for i in self.indikatorer})
        return labels

    def kpi_map(self) -> dict[str, str]:
        """Kolada KPI id → indicator id."""
        return {i.kolada: i.id for i in self.indikatorer if i.kolada}

    def check_targets(self, targets: dict[str, float], key: str) -> None:
        """Targets in params must name indicators of the catalogue."""
        unknown = [k for k in targets if k not in self.ids()]
        if unknown:
            raise ConfigError(
                f"Fel i params: 'kvalitetsregister.{key}' nämner okända indikatorer ({', '.join(unknown)}); "
                f"indikatorkatalogen har {', '.join(self.ids())}."
            )


def resolve(path: str) -> Path:
    """A configured path: absolute as given, else relative to the project folder."""
    return paths.project_path(path)


def load_catalogue(path: Path) -> IndicatorCatalogue:
    """Read and validate the indicator catalogue; every problem is a ConfigError naming the file and key."""
    # Every kommun reads the same catalogue: read and checked once per process and file content.
    return content_cache.by_content(path, "indikatorkatalogen", lambda: _read_catalogue(path))


def _read_catalogue(path: Path) -> IndicatorCatalogue:
    data = read_yaml_file(path, "Indikatorkatalogen", " (params: 'kvalitetsregister.indikatorkatalog')")
    try:
        return IndicatorCatalogue.model_validate(data or {})
    except ValidationError as exc:
        raise _explain(exc, f"indikatorkatalogen {path}") from None
