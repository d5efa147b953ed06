"""``kvb ny-text``: the analyst text files of a report outline, each with a short prompt, never overwriting."""

from __future__ import annotations

from pathlib import Path

from .config import Params
from .outline import SUMMARY_ID, Outline

GUIDE = (
    "Texten blir avsnittet ”{heading}” i kvalitetsberättelsen. Du kan använda rubriker (#), punktlistor, tabeller med "
    "tabelltext (en rad ': Tabelltext' under tabellen) och bilder från texter/bilder/ med en beskrivning av vad de visar: "
    "![Vad bilden visar](bilder/fil.png). Den här kommentaren syns inte i rapporten; så länge filen bara innehåller "
    "kommentaren räknas texten som saknad."
)


def prompt_text(heading: str, prompt: str | None) -> str:
    """The file's content: an HTML comment with what to write (left out of the report)."""
    lines = [f"{heading}", "", f"Skriv här: {prompt}" if prompt else "Skriv här avsnittets text.", "", GUIDE.format(heading=heading)]
    return "<!--\n" + "\n".join(lines) + "\n-->\n"


def write_prompts(params: Params, outline: Outline) -> tuple[list[Path], list[Path]]:
    """Write a prompt file for every text slot (and the summary's own text) that has no file yet.

    Returns (written, kept): existing files are never touched.
    """
    written, kept = [], []
    slots = [(n.id, n.heading or n.id, n.prompt) for n, _ in outline.walk() if n.kind in {"text", "sammanfattning"}]
    for slot, heading, prompt in slots:
        path = params.text_path(slot)
        if path.exists():
            kept.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(prompt_text(heading if slot != SUMMARY_ID else "Sammanfattning", prompt))
        written.append(path)
    return written, kept
