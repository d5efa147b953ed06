"""Ej verkställda beslut: the notices and sections of the chapter, as numbered tables and sentences.

Every count shown is a cell of ``data.masked``; the previous year is shown
beside the report year where its file exists, as ``–`` where it does not.
"""

from __future__ import annotations

import pandas as pd

from ... import blocks
from ...blocks import Block
from ...formatting import MISSING, number_in_text, round_half_up, share
from ...organisation_words import organisation_words
from ...privacy import SECONDARY_MARK
from ...sentences import describe_count_change, label_in_text
from ..common import notices
from .loading import EjVerkstalldaData
from .metrics import BUCKETS, OVER_12, QUARTERS, STATUSES, UNDER_3
from .published import pair_key
from .wording import (
    BUCKET_LABELS,
    STATUS_LABELS,
    describe_children,
    describe_laws,
    describe_left_out,
    describe_long_wait,
    describe_masking,
    describe_reason_top,
    describe_status,
    describe_top,
    describe_total,
    share_text,
)

__all__ = ["notices", "SECTIONS"]
TOTAL = "Totalt"


def _cell(data: EjVerkstalldaData, year: int, name: str) -> str:
    """A cell as the table shows it; ``–`` for a year without a file."""
    if year not in data.years_with_data:
        return MISSING
    return data.masked.display(f"{year}:{name}")  # type: ignore[union-attr]


def _years(data: EjVerkstalldaData) -> list[int]:
    return [data.previous, data.year]


def _masking_note(data: EjVerkstalldaData, names: list[str]) -> str | None:
    """The note under a table that shows ``<5`` or ``..``."""
    masked = data.masked
    full = [f"{y}:{n}" for y in data.years_with_data for n in names if f"{y}:{n}" in masked.values]  # type: ignore[union-attr]
    small, hidden = masked.any_small(full), any(masked.status[n] in ("dold", "utelämnad") for n in full)  # type: ignore[union-attr]
    if not small and not hidden:
        return None
    t = data.params.maskering.troskel
    text = f"<{t} = färre än {number_in_text(t)} (1–{t - 1})." if small else ""
    if hidden:
        text += f" {SECONDARY_MARK} = antalet visas inte, så att små antal inte kan räknas fram ur summorna."
    return text.strip()


def _published_years(data: EjVerkstalldaData, group: str) -> list[int]:
    """The years whose counts of ``group`` are published. Only these choose a table's rows: a row shown because a
    left-out year has decisions there would tell that it has (and, alone, how many)."""
    return [y for y in data.years_with_data if f"{y}:{group}" not in data.masked.dropped_groups]  # type: ignore[union-attr]


def _none_reported(data: EjVerkstalldaData) -> list[Block] | None:
    if data.masked.values[f"{data.year}:beslut"]:  # type: ignore[union-attr]
        return None
    return [blocks.text_block(f"Inga beslut rapporterades som ej verkställda under {data.year}.")]


@blocks.section("Antal ej verkställda beslut")
def section_overview(data: EjVerkstalldaData) -> list[Block]:
    masked = data.masked
    cur, prev = data.year, data.previous
    total = masked.values[f"{cur}:beslut"]  # type: ignore[union-attr]
    organisation = organisation_words(data.params.kommun).definite
    before = masked.values[f"{prev}:beslut"] if data.has_previous else None  # type: ignore[union-attr]
    change = describe_count_change("Antalet ej verkställda beslut", before, total, prev, cur, "beslut", "beslut", neuter=True)
    text = " ".join(s for s in (describe_total(total, cur, organisation), describe_children(masked, cur), change) if s)  # type: ignore[arg-type]
    rows = {"Rapporterade beslut": "beslut", "varav barn under 18 år": "barn", "varav vuxna": "vuxna",
            **{label: f"status:{s}" for s, label in STATUS_LABELS.items()}, "Väntat mer än 12 månader": f"vantetid:{OVER_12}"}
    table = pd.DataFrame({str(y): [_cell(data, y, n) for n in rows.values()] for y in _years(data)}, index=pd.Index(list(rows), name="Beslut"))
    note = ("Ett beslut som rapporteras i flera kvartal räknas en gång per år. Väntat mer än 12 månader: räknat från beslutsdatum, "
            "eller avbrottet, till verkställandet, avslutet eller årets slut.")
    extra = _masking_note(data, list(rows.values()))
    return [blocks.text_block(text),
            blocks.table_block(table, "evb-oversikt", f"Ej verkställda beslut {prev} och {cur}", note=f"{note} {extra}" if extra else note)]


@blocks.section("Per insats och lagrum")
def section_insats(data: EjVerkstalldaData) -> list[Block]:
    if (nothing := _none_reported(data)) is not None:
        return nothing
    masked, cur = data.masked, data.year
    pairs = [p for p in data.pairs if any(masked.values[f"{y}:insats:{pair_key(p)}"] for y in _published_years(data, "insats"))]  # type: ignore[union-attr]
    if not pairs:
        return [blocks.text_block(describe_left_out("Fördelningen per insats och lagrum", cur))]
    laws = [law for law in data.laws if any(lagrum.split()[-1] == law for lagrum, _ in pairs)]
    rows: list[tuple[str, str, str]] = []  # (label, lagrum, cell name)
    for law in laws:
        rows += [(insats, lagrum, f"insats:{pair_key((lagrum, insats))}") for lagrum, insats in pairs if lagrum.split()[-1] == law]
        if len(laws) > 1:
            rows.append((f"Summa {law}", "", f"lag:{law}"))
    rows.append((TOTAL, "", "beslut"))
    table = pd.DataFrame({"Lagrum": [r[1] for r in rows], **{str(y): [_cell(data, y, r[2]) for r in rows] for y in _years(data)}},
                         index=pd.Index([r[0] for r in rows], name="Insats"))
    names = {f"{label_in_text(i)} enligt {label_in_text(lagrum)}": f"{cur}:insats:{pair_key((lagrum, i))}" for lagrum, i in pairs}
    sentences = [describe_laws(masked, cur, laws), describe_top(masked, names, cur, "Flest beslut gällde", "Lika många beslut gällde")]  # type: ignore[arg-type]
    if masked.any_small([f"{cur}:{r[2]}" for r in rows]):  # type: ignore[union-attr]
        sentences.append(describe_masking(data.params.maskering.troskel, masked.any_hidden([f"{cur}:{r[2]}" for r in rows])))  # type: ignore[union-attr]
    return [blocks.text_block(" ".join(s for s in sentences if s) or f"Tabellen visar besluten {cur} per insats och lagrum."),
            blocks.table_block(table, "evb-insats", f"Antal ej verkställda beslut per insats och lagrum {data.previous} och {cur}",
                               note=_masking_note(data, [r[2] for r in rows]))]


@blocks.section("Per kvartal")
def section_quarters(data: EjVerkstalldaData) -> list[Block]:
    if (nothing := _none_reported(data)) is not None:
        return nothing
    cur, prev = data.year, data.previous
    labels = [f"Kvartal {q}" for q in QUARTERS] + ["Beslut under året"]
    table = pd.DataFrame({
        f"I rapporten {prev}": [_cell(data, prev, f"kvartal:{q}") for q in QUARTERS] + [_cell(data, prev, "beslut")],
        f"I rapporten {cur}": [_cell(data, cur, f"kvartal:{q}") for q in QUARTERS] + [_cell(data, cur, "beslut")],
        f"Varav nya {cur}": [_cell(data, cur, f"nya:{q}") for q in QUARTERS] + [_cell(data, cur, "beslut")],
    }, index=pd.Index(labels, name="Kvartal"))
    text = ("Ett beslut som inte har verkställts rapporteras till IVO varje kvartal tills det har verkställts eller avslutats. "
            "Tabellen visar hur många beslut som fanns med i varje kvartals rapport och hur många av dem som rapporterades för "
            f"första gången under {cur}. Ett beslut som rapporterats i flera kvartal räknas i vart och ett av dem, men bara en "
            "gång i årets antal, så kvartalen summerar inte till årets antal; de nya besluten gör det.")
    names = [f"kvartal:{q}" for q in QUARTERS] + [f"nya:{q}" for q in QUARTERS]
    return [blocks.text_block(text),
            blocks.table_block(table, "evb-kvartal", f"Ej verkställda beslut per kvartal {prev} och {cur}", note=_masking_note(data, names))]


@blocks.section("Orsaker")
def section_reasons(data: EjVerkstalldaData) -> list[Block]:
    if (nothing := _none_reported(data)) is not None:
        return nothing
    masked, cur, prev = data.masked, data.year, data.previous
    reasons = data.params.ej_verkstallda.orsaker
    total = masked.values[f"{cur}:beslut"]  # type: ignore[union-attr]
    shown = [r for r in reasons if any(masked.values.get(f"{y}:orsak:{r}", 0) for y in _published_years(data, "orsak"))]  # type: ignore[union-attr]
    if not shown:
        return [blocks.text_block(describe_left_out("Fördelningen per orsak", cur))]
    shares = {r: float(round_half_up(share(masked.values[f"{cur}:orsak:{r}"], total) or 0, 1)) for r in shown}  # type: ignore[union-attr]
    table = pd.DataFrame({
        str(prev): [_cell(data, prev, f"orsak:{r}") for r in shown] + [_cell(data, prev, "beslut")],
        str(cur): [_cell(data, cur, f"orsak:{r}") for r in shown] + [_cell(data, cur, "beslut")],
        f"Andel {cur}": [share_text(shares[r]) if masked.shown(f"{cur}:orsak:{r}") else SECONDARY_MARK for r in shown]  # type: ignore[union-attr]
        + [share_text(100.0)],
    }, index=pd.Index(shown + [TOTAL], name="Orsak"))
    note = ("Varje beslut räknas en gång, med orsaken i den senaste kvartalsrapporten, så antalen summerar till årets antal beslut. "
            "Andelen av ett dolt antal visas inte.")
    if all(masked.shown(f"{cur}:orsak:{r}") for r in shown) and round(sum(shares.values()), 1) != 100.0:  # type: ignore[union-attr]
        note += " Andelarna är avrundade var för sig och summerar därför inte exakt till 100 %."
    extra = _masking_note(data, [f"orsak:{r}" for r in shown])
    text = describe_reason_top(masked, reasons, cur)  # type: ignore[arg-type]
    out = [blocks.text_block(text)] if text else []
    return out + [blocks.table_block(table, "evb-orsak", f"Orsak till att besluten inte verkställts {prev} och {cur}",
                                     note=f"{note} {extra}" if extra else note)]


@blocks.section("Verkställighet och väntetid")
def section_waiting(data: EjVerkstalldaData) -> list[Block]:
    if (nothing := _none_reported(data)) is not None:
        return nothing
    masked, cur = data.masked, data.year
    buckets = [b for b in BUCKETS if b != UNDER_3 or (masked.values[f"{cur}:vantetid:{UNDER_3}"]  # type: ignore[union-attr]
                                                       and cur in _published_years(data, "vantetid"))]
    rows = {STATUS_LABELS[s]: (s, f"status:{s}") for s in STATUSES} | {TOTAL: (None, "beslut")}
    columns = {BUCKET_LABELS[b]: [_cell(data, cur, f"vantetid:{s}:{b}" if s else f"vantetid:{b}") for s, _ in rows.values()]
               for b in buckets}
    columns[TOTAL] = [_cell(data, cur, n) for _, n in rows.values()]
    table = pd.DataFrame(columns, index=pd.Index(list(rows), name=f"Läge vid slutet av {cur}"))
    text = " ".join(s for s in (describe_status(masked, cur), describe_long_wait(masked, cur)) if s)  # type: ignore[arg-type]
    note = (f"Väntetiden räknas från beslutsdatum, eller från avbrottet när en påbörjad insats har avbrutits, till den dag beslutet "
            f"verkställdes eller avslutades, och för beslut som ännu inte verkställts till {cur}-12-31. Ett avslutat beslut utan "
            "avslutsdatum räknas till slutet av det sista kvartal då det rapporterades. Månader räknas i kalendermånader: "
            "3–6 månader är minst tre men under sex, 6–12 månader från sex till och med tolv. Ett beslut som verkställts "
            "först efter årets slut räknas som ej verkställt vid årets slut.")
    names = [f"vantetid:{s}:{b}" for s in STATUSES for b in buckets] + [f"vantetid:{b}" for b in buckets] + [f"status:{s}" for s in STATUSES]
    extra = _masking_note(data, names)
    out = [blocks.text_block(text)] if text else []
    return out + [blocks.table_block(table, "evb-vantetid", f"Ej verkställda beslut {cur} efter läge vid årets slut och väntetid",
                                     note=f"{note} {extra}" if extra else note)]


SECTIONS = (section_overview, section_insats, section_quarters, section_reasons, section_waiting)
