"""How the report names the organisation that writes it: a kommun, a stadsdelsförvaltning, a förbund …

Every generated sentence that speaks of the organisation itself ("kommunens mål")
takes its words from here, so that a stadsdelsförvaltning's report says
"stadsdelsförvaltningens mål" and a private provider's "verksamhetens mål".
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Kommun


@dataclass(frozen=True)
class OrganisationWords:
    label: str  # on the cover: "Kommun", "Stadsdelsförvaltning"
    definite: str  # "kommunen", "stadsdelsförvaltningen"
    possessive: str  # "kommunens", "stadsdelsförvaltningens"

    @property
    def possessive_capitalised(self) -> str:
        return self.possessive[:1].upper() + self.possessive[1:]


WORDS = {
    "kommun": OrganisationWords("Kommun", "kommunen", "kommunens"),
    "stadsdelsforvaltning": OrganisationWords("Stadsdelsförvaltning", "stadsdelsförvaltningen", "stadsdelsförvaltningens"),
    "kommunalforbund": OrganisationWords("Kommunalförbund", "förbundet", "förbundets"),
    "region": OrganisationWords("Region", "regionen", "regionens"),
    "privat_utforare": OrganisationWords("Utförare", "verksamheten", "verksamhetens"),
}


def organisation_words(organisation: Kommun) -> OrganisationWords:
    return WORDS[organisation.typ]
