"""Report outlines: the ordered sections of a kvalitetsberättelse, as data.

A template (``data/reference/dispositioner/<mall>.yml``) lists the sections in
order; each is a generated chapter (``kapitel: avvikelser``), an analyst text
slot (``text: samverkan`` → ``texter/samverkan.md``), the generated summary
(``sammanfattning: Sammanfattning``) or a group with children (``grupp: …``).
Headings and levels follow the outline. Params choose the template and may
rename, add and remove sections (``disposition`` in params).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import paths
from .config import CHAPTERS, OutlineSettings, _explain, read_yaml_file
from .errors import ConfigError

TEMPLATE_DIR = "dispositioner"
SUMMARY_ID = "sammanfattning"
NodeKind = Literal["kapitel", "text", "grupp", "sammanfattning"]
_SLOT = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class _Entry(BaseModel):
    """One entry of a template file, exactly one of the four kinds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kapitel: str | None = None
    text: str | None = None
    grupp: str | None = None
    sammanfattning: str | None = None  # the heading of the summary
    rubrik: str | None = None
    ledtext: str | None = None  # what the analyst should write (``kvb ny-text``)
    texten: Literal["fore", "efter"] = "fore"  # summary: the analyst's text before or after the generated points
    avsnitt: list[_Entry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> _Entry:
        kinds = [k for k in ("kapitel", "text", "grupp", "sammanfattning") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("varje avsnitt ska ha precis en av nycklarna kapitel, text, grupp eller sammanfattning")
        if self.kapitel is not None and self.kapitel not in CHAPTERS:
            raise ValueError(f"okänt kapitel '{self.kapitel}' (kända: {', '.join(CHAPTERS)})")
        if self.text is not None and not _SLOT.match(self.text):
            raise ValueError(f"textens namn '{self.text}' får bara ha små bokstäver a–z, siffror, - och _ (det blir filnamnet texter/{self.text}.md)")
        if self.text is not None and not self.rubrik:
            raise ValueError(f"texten '{self.text}' saknar rubrik")
        if self.grupp is not None and not self.avsnitt:
            raise ValueError(f"gruppen '{self.grupp}' har inga avsnitt")
        if self.avsnitt and self.grupp is None:
            raise ValueError("bara en grupp kan ha avsnitt")
        return self


class _Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    namn: str
    beskrivning: str = ""
    tomma_avsnitt: Literal["utelamna", "inget_att_redovisa"] = "utelamna"
    avsnitt: list[_Entry] = Field(min_length=1)


@dataclass(frozen=True)
class Node:
    """One section of the outline."""

    kind: NodeKind
    id: str  # chapter id, text slot, group id or ``sammanfattning``
    heading: str | None  # None: a chapter keeps its own title
    prompt: str | None = None
    text_after: bool = False  # summary only
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Outline:
    """A whole outline: its name, what empty text slots show in a final report, and the sections."""

    name: str
    keep_empty: bool  # True: an empty slot keeps its heading with "Inget att redovisa"
    nodes: tuple[Node, ...]
    source: str = ""
    description: str = ""
    _index: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def walk(self) -> Iterator[tuple[Node, int]]:
        """Every node with its heading level (1 at the top), in report order."""
        def visit(nodes: tuple[Node, ...], level: int) -> Iterator[tuple[Node, int]]:
            for node in nodes:
                yield node, level
                yield from visit(node.children, level + 1)

        return visit(self.nodes, 1)

    def chapters(self) -> list[str]:
        return [n.id for n, _ in self.walk() if n.kind == "kapitel"]

    def text_slots(self) -> list[Node]:
        return [n for n, _ in self.walk() if n.kind == "text"]

    def ids(self) -> list[str]:
        return [n.id for n, _ in self.walk()]


def _slug(text: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-") or "grupp"


def _node(entry: _Entry) -> Node:
    if entry.kapitel is not None:
        return Node("kapitel", entry.kapitel, entry.rubrik)
    if entry.text is not None:
        return Node("text", entry.text, entry.rubrik, entry.ledtext)
    if entry.sammanfattning is not None:
        return Node("sammanfattning", SUMMARY_ID, entry.sammanfattning, entry.ledtext, entry.texten == "efter")
    assert entry.grupp is not None
    return Node("grupp", _slug(entry.grupp), entry.rubrik or entry.grupp, entry.ledtext,
                children=tuple(_node(child) for child in entry.avsnitt))


def _check_unique(outline: Outline, where: str) -> None:
    seen: set[str] = set()
    for node, _ in outline.walk():
        if node.id in seen:
            what = {"kapitel": "kapitlet", "text": "texten", "grupp": "gruppen", "sammanfattning": "sammanfattningen"}[node.kind]
            raise ConfigError(f"Fel i dispositionen ({where}): {what} '{node.id}' står med två gånger; varje avsnitt får bara finnas en gång.")
        seen.add(node.id)


def template_dir() -> Path:
    return paths.reference_dir() / TEMPLATE_DIR


def available_templates() -> list[str]:
    return sorted(p.stem for p in template_dir().glob("*.yml"))


def load_template(name: str) -> Outline:
    """A template by name (``sosfs``); a missing or invalid file is a ConfigError naming file and key."""
    path = template_dir() / f"{name}.yml"
    if not path.exists():
        raise ConfigError(
            f"Dispositionen '{name}' finns inte ({path}). Tillgängliga mallar: {', '.join(available_templates()) or 'inga'}."
        )
    data = read_yaml_file(path, "Dispositionsfilen")
    try:
        template = _Template.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, str(path), "dispositionen") from None
    outline = Outline(template.namn, template.tomma_avsnitt == "inget_att_redovisa",
                      tuple(_node(e) for e in template.avsnitt), str(path), template.beskrivning)
    _check_unique(outline, str(path))
    return outline


def _map(nodes: tuple[Node, ...], fn: Callable[[Node], list[Node]]) -> tuple[Node, ...]:
    """Apply ``fn`` to every node, children first; ``fn`` returns the node's replacement(s) (none: removed)."""
    out: list[Node] = []
    for node in nodes:
        out.extend(fn(replace(node, children=_map(node.children, fn))))
    return tuple(out)


def apply_changes(outline: Outline, changes: OutlineSettings, where: str) -> Outline:
    """The template with the kommun's own headings, added and removed sections."""
    known = set(outline.ids())
    for key, ids in (("rubriker", list(changes.rubriker)), ("ta_bort", changes.ta_bort),
                     ("lagg_till.efter", [c.efter for c in changes.lagg_till])):
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ConfigError(
                f"Fel i params ({where}): nyckeln 'disposition.{key}': avsnittet '{unknown[0]}' finns inte i dispositionen "
                f"'{changes.mall}' (avsnitt: {', '.join(outline.ids())})."
            )
    for change in changes.lagg_till:
        if change.text is not None and not _SLOT.match(change.text):
            raise ConfigError(f"Fel i params ({where}): nyckeln 'disposition.lagg_till': textens namn '{change.text}' får bara ha små bokstäver a–z, siffror, - och _.")

    def edit(node: Node) -> list[Node]:
        if node.id in changes.ta_bort:
            return []
        if node.id in changes.rubriker:
            node = replace(node, heading=changes.rubriker[node.id])
        added = [Node("text", c.text, c.rubrik, c.ledtext) if c.text else Node("kapitel", str(c.kapitel), c.rubrik)
                 for c in changes.lagg_till if c.efter == node.id]
        return [node, *added]

    changed = replace(outline, nodes=_map(outline.nodes, edit))
    _check_unique(changed, f"{where}, disposition")
    return changed


def outline_for(settings: OutlineSettings, chapters: list[str], where: str) -> Outline:
    """The report's outline: the template with the kommun's changes, and only the chapters params switch on.

    A chapter switched on in params must have a place in the outline (else it would silently vanish).
    """
    outline = apply_changes(load_template(settings.mall), settings, where)
    placed = set(outline.chapters())
    missing = [c for c in chapters if c not in placed]
    if missing:
        raise ConfigError(
            f"Fel i params ({where}): kapitlet '{missing[0]}' står under 'kapitel' men har ingen plats i dispositionen "
            f"'{settings.mall}'. Lägg till det med 'disposition.lagg_till' eller välj en annan mall."
        )

    def keep(node: Node) -> list[Node]:
        # A group whose chapters are all switched off has nothing left to say.
        if (node.kind == "kapitel" and node.id not in chapters) or (node.kind == "grupp" and not node.children):
            return []
        return [node]

    return replace(outline, nodes=_map(outline.nodes, keep))
