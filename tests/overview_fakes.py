"""Fake report folders for the overview tests: a manifest and key-figure files, written in a test's own folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CHAPTER_TITLES = {"avvikelser": "Avvikelser och lex Sarah", "synpunkter": "Synpunkter och klagomål",
                  "brukarundersokningar": "Brukarundersökningar", "genomforandeplaner": "Genomförandeplaner",
                  "kvalitetsregister": "Senior Alert och Palliativregistret", "ej_verkstallda": "Ej verkställda beslut"}


def indicator(share: float, met: bool, target: int) -> dict[str, Any]:
    return {"andel": share, "nationellt_uppfyllt": met, "nationellt_mal": target}


def key_figures(avvikelser: tuple[int | None, int | None] = (1940, 2026), ivo: int = 5, synpunkter: int = 28,
                in_time: float = 82.1, helhetssyn: tuple[float, float] = (90, 89), updated: float = 65.8,
                breakpoint_talk: float = 42, pain: float = 44, decisions: int = 15, waited: int | str = "<5",
                year: int = 2025) -> dict[str, dict[str, Any]]:
    """Key figures shaped as the chapters write them (only the keys the overview reads, and a few it must not)."""
    palliative = {"brytpunktssamtal": indicator(breakpoint_talk, breakpoint_talk >= 98, 98),
                  "smartskattning": indicator(pain, pain >= 100, 100)}
    return {
        "avvikelser": {"antal": {str(year - 1): avvikelser[0], str(year): avvikelser[1]}, "lex_sarah_anmalda_ivo": ivo},
        "synpunkter": {"antal": {str(year): synpunkter}, "andel_besvarade_inom_mal": in_time},
        "brukarundersokningar": {"undersokningar": {
            "hemtjanst": {"andel_positiva": {"helhetssyn": helhetssyn[0]}},
            "sarskilt_boende": {"andel_positiva": {"helhetssyn": helhetssyn[1]}}}},
        "genomforandeplaner": {"andelar": {"uppdaterad": {"andel": updated}}},
        "kvalitetsregister": {"palliativregistret": {"indikatorer": palliative}},
        "ej_verkstallda": {"antal": {str(year): decisions}, "vantat_mer_an_12_manader": waited, "avslutade": ".."},
    }


def fake_report(root: Path, kommun: str, name: str, figures: dict[str, dict[str, Any]] | None = None, *,
                year: int = 2025, code: str = "9901", draft: bool = False,
                missing_data: tuple[str, ...] = (), raw_files: dict[str, str] | None = None) -> Path:
    """A finished report: its manifest lists the chapters of ``figures`` (and ``missing_data`` as data saknas)."""
    figures = key_figures(year=year) if figures is None else figures
    folder = root / kommun / str(year)
    (folder / "nyckeltal").mkdir(parents=True, exist_ok=True)
    html = f"kvalitetsberattelse-{kommun}-{year}.html"
    (folder / html).write_text(f"<p>{name}</p>", encoding="utf-8")
    chapters = {}
    for chapter, values in figures.items():
        chapters[chapter] = {"titel": CHAPTER_TITLES.get(chapter, chapter), "data_saknas": False}
        content = {"kapitel": chapter, "nyckeltal": values}
        (folder / "nyckeltal" / f"{chapter}.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    for chapter in missing_data:
        chapters[chapter] = {"titel": CHAPTER_TITLES.get(chapter, chapter), "data_saknas": True}
        content = {"kapitel": chapter, "nyckeltal": {"data_saknas": True}}
        (folder / "nyckeltal" / f"{chapter}.json").write_text(json.dumps(content), encoding="utf-8")
    for chapter, text in (raw_files or {}).items():
        chapters.setdefault(chapter, {"titel": chapter, "data_saknas": False})
        (folder / "nyckeltal" / f"{chapter}.json").write_text(text, encoding="utf-8")
    manifest = {"kommun": kommun, "kommunnamn": name, "kommunkod": code, "ar": year, "utkast": draft,
                "kapitel": chapters, "filer": [html]}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder
