"""The question catalogue of the Brukarundersökningar chapter: surveys, questions, polarity, Kolada ids.

The catalogue is configuration kept in the repository
(``data/reference/brukarundersokningar_fragor.yml`` by default, params key
``brukarundersokningar.fragekatalog``). It is validated on load like params:
a misspelt key or a wrong value names the file and the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ... import content_cache, paths
from ...config import _explain, read_yaml_file
from ...errors import ConfigError

Polarity = Literal["positiv", "negativ"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Strict):
    """One question of a survey; ``polaritet: negativ`` means a lower share is better."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str
    polaritet: Polarity = "positiv"
    andel: str | None = None  # running text after "Andelen …", e.g. "som ofta besväras av ensamhet"
    kolada: str | None = Field(default=None, pattern=r"^[A-Z]\d{5}$")

    @property
    def higher_is_better(self) -> bool:
        return self.polaritet == "positiv"


class Survey(_Strict):
    """One survey (e.g. hemtjänst in Socialstyrelsen's survey of the elderly) and its questions, in table order."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    namn: str
    kalla: str = ""
    kolada_svarsfrekvens: str | None = Field(default=None, pattern=r"^[A-Z]\d{5}$")
    fragor: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_questions(self) -> "Survey":
        ids = [q.id for q in self.fragor]
        if len(set(ids)) != len(ids):
            raise ValueError(f"undersökningen '{self.id}' har två frågor med samma id")
        return self

    def question(self, question_id: str) -> Question:
        for question in self.fragor:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def question_ids(self) -> list[str]:
        return [q.id for q in self.fragor]


class Catalogue(_Strict):
    undersokningar: list[Survey] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_surveys(self) -> "Catalogue":
        ids = [s.id for s in self.undersokningar]
        if len(set(ids)) != len(ids):
            raise ValueError("två undersökningar har samma id")
        return self

    def survey(self, survey_id: str) -> Survey:
        for survey in self.undersokningar:
            if survey.id == survey_id:
                return survey
        raise KeyError(survey_id)

    def survey_ids(self) -> list[str]:
        return [s.id for s in self.undersokningar]

    def has_question(self, survey_id: str, question_id: str) -> bool:
        return survey_id in self.survey_ids() and question_id in self.survey(survey_id).question_ids()

    def select(self, survey_ids: list[str] | None, source: str = "params") -> list[Survey]:
        """The surveys named in params, in that order (all when None); unknown ids are a ConfigError."""
        if survey_ids is None:
            return list(self.undersokningar)
        unknown = [s for s in survey_ids if s not in self.survey_ids()]
        if unknown:
            raise ConfigError(
                f"Fel i {source}: 'brukarundersokningar.undersokningar' nämner okända undersökningar "
                f"({', '.join(unknown)}); frågekatalogen har {', '.join(self.survey_ids())}."
            )
        return [self.survey(s) for s in survey_ids]

    def survey_labels(self) -> dict[str, str]:
        """Names (and ids) → survey id, for reading files that write ``Hemtjänst`` instead of ``hemtjanst``."""
        labels = {s.namn: s.id for s in self.undersokningar}
        labels.update({s.id: s.id for s in self.undersokningar})
        return labels

    def question_labels(self) -> dict[str, str]:
        """Question texts → question id; a text used with different ids in two surveys is left out (ambiguous)."""
        seen: dict[str, set[str]] = {}
        for survey in self.undersokningar:
            for question in survey.fragor:
                seen.setdefault(question.text, set()).add(question.id)
        return {text: next(iter(ids)) for text, ids in seen.items() if len(ids) == 1}

    def kpi_map(self) -> dict[str, tuple[str, str]]:
        """Kolada KPI id → (survey id, question id); ``svarsfrekvens`` as question id for response-rate KPIs."""
        mapping: dict[str, tuple[str, str]] = {}
        for survey in self.undersokningar:
            if survey.kolada_svarsfrekvens:
                mapping[survey.kolada_svarsfrekvens] = (survey.id, "svarsfrekvens")
            for question in survey.fragor:
                if question.kolada:
                    mapping[question.kolada] = (survey.id, question.id)
        return mapping


def resolve(path: str) -> Path:
    """A configured path: absolute as given, else relative to the project folder."""
    return paths.project_path(path)


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate the question catalogue; every problem is a ConfigError naming the file and key."""
    # Every kommun reads the same catalogue: read and checked once per process and file content.
    return content_cache.by_content(path, "frågekatalogen", lambda: _read_catalogue(path))


def _read_catalogue(path: Path) -> Catalogue:
    data = read_yaml_file(path, "Frågekatalogen", " (params: 'brukarundersokningar.fragekatalog')")
    try:
        return Catalogue.model_validate(data or {})
    except ValidationError as exc:
        raise _explain(exc, f"frågekatalogen {path}") from None
