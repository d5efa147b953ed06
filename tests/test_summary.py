"""The Sammanfattning: explicit rules for what it lifts, against hand-built key-figure files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportscan import plain

from helpers.chapters import points, summary
from helpers.chapters.points import SummaryPoint, count_change_point, share_change_point, target_met
from helpers.config import load_params


@pytest.fixture()
def params():
    return load_params("ekdala", 2025)


def avvikelser(before: dict[str, int], now: dict[str, int], totals=(100, 120)) -> dict:
    return {"antal": {"2024": totals[0], "2025": totals[1]}, "antal_per_typ": now, "antal_per_typ_foregaende": before,
            "kontroller": {"meddelanden": []}}


def markdown(blocks) -> str:
    return plain("\n".join(b.markdown for b in blocks))


def test_count_rule_thresholds() -> None:
    assert count_change_point("Antalet x", 100, 120, 2024, 2025, "x", "x").weight == pytest.approx(0.2)
    assert count_change_point("Antalet x", 100, 109, 2024, 2025, "x", "x") is None, "below 10 %"
    assert count_change_point("Antalet x", 10, 19, 2024, 2025, "x", "x") is None, "below 20 in both years"
    assert count_change_point("Antalet x", 0, 25, 2024, 2025, "x", "x").weight == 1.0, "from zero"
    assert count_change_point("Antalet x", 30, 0, 2024, 2025, "x", "x").weight == 1.0
    assert count_change_point("Antalet x", None, 50, 2024, 2025, "x", "x") is None, "missing year"
    assert count_change_point("Antalet x", 40, 40, 2024, 2025, "x", "x") is None


def test_share_rule_in_procentenheter() -> None:
    point = share_change_point("Andelen besvarade i tid", 80.0, 70.0, 2024, 2025)
    assert plain(point.text) == "Andelen besvarade i tid minskade från 80,0 % år 2024 till 70,0 % år 2025, med 10,0 procentenheter, en försämring."
    assert point.weight == pytest.approx(0.10)
    assert share_change_point("Andelen", 80.0, 76.0, 2024, 2025) is None, "below five procentenheter"
    assert share_change_point("Andelen", None, 76.0, 2024, 2025) is None


def test_target_exactly_met_counts_as_met() -> None:
    assert target_met(90.0, 90.0) and not target_met(89.9, 90.0)
    assert target_met(5.0, 5.0, higher_is_better=False) and not target_met(5.1, 5.0, higher_is_better=False)


def test_largest_changes_first_at_most_two_per_chapter(params) -> None:
    figures = {"avvikelser": avvikelser(
        before={"Fall": 100, "Stöld": 0, "Övrigt": 30, "Bruten sekretess": 50, "Läkemedelshändelse": 10, "Övergrepp": 40},
        now={"Fall": 150, "Stöld": 25, "Övrigt": 0, "Bruten sekretess": 54, "Läkemedelshändelse": 19, "Övergrepp": 52},
    )}
    found = summary.collect_points(figures, params)
    subjects = [p.text.split(" ökade")[0].split(" minskade")[0] for _, p in found if p.kind == "förändring"]
    assert subjects == ["Antalet avvikelser", "Avvikelser av typen fall", "Avvikelser av typen stöld",
                        "Avvikelser av typen övrigt", "Avvikelser av typen övergrepp"], "sekretess (+8 %) and läkemedel (<20) left out"
    chosen = summary.largest_changes(found)
    assert [p.text.split(" ökade")[0].split(" minskade")[0] for _, p in chosen] == [
        "Avvikelser av typen stöld", "Avvikelser av typen övrigt"], "the two heaviest (0 → 25 and 30 → 0), then the chapter is full"
    others = [("synpunkter", SummaryPoint("förändring", f"S{i}.", weight=0.5 - i / 100)) for i in range(6)]
    mixed = summary.largest_changes(found + others)
    assert [c for c, _ in mixed] == ["avvikelser", "avvikelser", "synpunkter", "synpunkter"]
    assert len(summary.largest_changes(found + others, per_chapter=10)) == points.MAX_CHANGES


def test_summary_blocks_link_every_point_and_list_checks_and_missing(params) -> None:
    figures = {
        "avvikelser": avvikelser({"Fall": 100}, {"Fall": 150}, totals=(900, 1000)),
        "synpunkter": {"data_saknas": True},
        "brukarundersokningar": {"ar": 2025, "undersokningar": {}, "kontroller": {"meddelanden": ["Kontrollera andelarna."]}},
    }
    text = markdown(summary.summary_blocks(params, figures))
    assert "- Antalet avvikelser ökade från 900 till 1 000 mellan 2024 och 2025, en ökning med 100 avvikelser (+11,1 %). ([Avvikelser och lex Sarah](#kap-avvikelser))" in text
    assert "- Kontrollera andelarna. ([Brukarundersökningar](#kap-brukarundersokningar))" in text
    assert "För [Synpunkter och klagomål](#kap-synpunkter) saknas underlag för året" in text
    assert "Kapitlen i rapporten redovisar inga mål med målvärden för året." in text


def test_missed_and_met_targets(params, monkeypatch) -> None:
    found = [("avvikelser", SummaryPoint("mål", "Mål A nåddes inte.", met=False)),
             ("avvikelser", SummaryPoint("mål", "Mål B nåddes.", met=True)),
             ("avvikelser", SummaryPoint("mål", "Mål C nåddes inte.", met=False))]
    monkeypatch.setattr(summary, "collect_points", lambda figures, params: found)
    text = markdown(summary.summary_blocks(params, {"avvikelser": {}}))
    assert "Av tre mål med målvärde i rapporten nåddes ett." in text
    assert text.index("**Mål som inte nåddes:**") < text.index("- Mål A nåddes inte.") < text.index("- Mål C nåddes inte.") < text.index("**Mål som nåddes:**")
    monkeypatch.setattr(summary, "collect_points", lambda figures, params: found[:1])
    assert "Av ett mål med målvärde i rapporten nåddes inget." in markdown(summary.summary_blocks(params, {"avvikelser": {}}))


def test_no_key_figures_tells_the_analyst_what_to_do(params) -> None:
    (block,) = summary.summary_blocks(params, {})
    assert "Kör rapporten (kvb rapport)" in block.markdown


def test_reads_key_figure_files_in_report_order(tmp_path: Path) -> None:
    for chapter in ("synpunkter", "avvikelser"):
        (tmp_path / f"{chapter}.json").write_text(json.dumps({"kapitel": chapter, "nyckeltal": {"antal": {}}}), encoding="utf-8")
    assert list(summary.load_key_figures(tmp_path)) == ["avvikelser", "synpunkter"]
