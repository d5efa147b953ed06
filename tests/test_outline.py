"""Report outlines: templates as data, the kommun's changes, and clear errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.config import OutlineSettings
from helpers.errors import ConfigError
from helpers.outline import available_templates, load_template, outline_for


def headings(outline) -> list[tuple[int, str, str]]:
    return [(level, node.kind, node.heading or node.id) for node, level in outline.walk()]


def test_shipped_templates() -> None:
    assert set(available_templates()) >= {"sosfs", "savsjo", "ils"}
    savsjo = load_template("savsjo")
    assert [h for h in headings(savsjo) if h[0] == 1][:4] == [
        (1, "sammanfattning", "Sammanfattning"), (1, "text", "Bakgrund"),
        (1, "grupp", "Avvikelser, synpunkter och lex Sarah"), (1, "kapitel", "riskanalys")]
    assert "internkontrollplan" not in savsjo.ids(), "the text slot became the chapter"
    egenkontroll = headings(savsjo)[headings(savsjo).index((1, "grupp", "Egenkontroll")):][:4]
    assert egenkontroll == [(1, "grupp", "Egenkontroll"), (2, "text", "Egenkontroller under året"), (2, "kapitel", "egenkontroller"),
                            (2, "kapitel", "genomforandeplaner")]
    sosfs = headings(load_template("sosfs"))
    group = sosfs.index((1, "grupp", "Riskanalys och egenkontroll"))
    assert sosfs[group + 1:group + 3] == [(2, "kapitel", "riskanalys"), (2, "kapitel", "egenkontroller")]
    assert (1, "text", "Riskanalys och egenkontroll") not in sosfs
    assert headings(savsjo)[-1] == (1, "text", "Förbättringsområden inför kommande år")
    ils = load_template("ils")
    assert ils.keep_empty and not savsjo.keep_empty
    assert [h[2] for h in headings(ils) if h[0] == 1] == [
        "Inledning", "Sammanfattning", "Kvalitetsarbete under året", "Resultat och analys", "Förbättringsarbete"]
    assert (2, "text", "Årlig uppföljning processer") in headings(ils)
    results = [h[2] for h in headings(ils) if h[0] == 2]
    assert results[results.index("Egenkontroll") + 1] == "egenkontroller", "the ILS template keeps its text slots, the chapter follows"
    assert results[results.index("Riskanalys") + 1] == "riskanalys"
    for name in available_templates():
        template = load_template(name)
        assert all(node.prompt for node in template.text_slots()), f"{name}: every text slot has a prompt"


def test_kommun_renames_adds_and_removes_sections() -> None:
    settings = OutlineSettings(mall="sosfs", rubriker={"samverkan": "Samverkan med regionen"},
                               lagg_till=[{"efter": "samverkan", "text": "brukarrad", "rubrik": "Brukarråd"}],
                               ta_bort=["riskanalys"])
    outline = outline_for(settings, ["avvikelser", "synpunkter"], "params/x.yml")
    titles = [h[2] for h in headings(outline)]
    assert titles[titles.index("Samverkan med regionen") + 1] == "Brukarråd"
    assert "Riskanalys och egenkontroll" not in titles
    assert outline.chapters() == ["avvikelser", "synpunkter"], "chapters switched off are left out"


def test_group_without_chapters_is_left_out() -> None:
    outline = outline_for(OutlineSettings(mall="savsjo"), ["brukarundersokningar"], "params/x.yml")
    assert "avvikelser-synpunkter-och-lex-sarah" not in outline.ids()


def write_template(folder: Path, body: str) -> None:
    (folder / "dispositioner").mkdir(parents=True, exist_ok=True)
    (folder / "dispositioner" / "egen.yml").write_text(body, encoding="utf-8")


@pytest.fixture()
def reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("helpers.paths.reference_dir", lambda: tmp_path)
    return tmp_path


@pytest.mark.parametrize("body, message", [
    ("namn: x\navsnitt:\n  - kapitel: avvikelse\n", "nyckeln 'avsnitt[1]': okänt kapitel 'avvikelse' (kända: avvikelser, synpunkter, brukarundersokningar"),
    ("namn: x\navsnitt:\n  - text: a\n    rubrik: A\n  - text: a\n    rubrik: B\n", "texten 'a' står med två gånger"),
    ("namn: x\navsnitt:\n  - text: Samverkan\n    rubrik: S\n", "textens namn 'Samverkan' får bara ha små bokstäver"),
    ("namn: x\navsnitt:\n  - text: a\n", "texten 'a' saknar rubrik"),
    ("namn: x\navsnitt:\n  - text: a\n    kapitel: avvikelser\n    rubrik: A\n", "precis en av nycklarna kapitel, text, grupp eller sammanfattning"),
    ("namn: x\navsnitt:\n  - text: a\n    rubrik: A\n    rubrk: B\n", "nyckeln 'avsnitt[1].rubrk': okänd nyckel (felstavad?)"),
    ("namn: x\navsnitt: [\n", "är inte giltig YAML"),
])
def test_bad_template_names_file_and_key(reference: Path, body: str, message: str) -> None:
    write_template(reference, body)
    with pytest.raises(ConfigError) as excinfo:
        load_template("egen")
    assert message in str(excinfo.value)
    assert "egen.yml" in str(excinfo.value)


def test_missing_template_lists_the_available_ones() -> None:
    with pytest.raises(ConfigError, match=r"Dispositionen 'savsj' finns inte .*Tillgängliga mallar: ils, savsjo, sosfs"):
        load_template("savsj")


@pytest.mark.parametrize("settings, message", [
    ({"rubriker": {"samverkn": "X"}}, "nyckeln 'disposition.rubriker': avsnittet 'samverkn' finns inte i dispositionen 'sosfs'"),
    ({"ta_bort": ["x"]}, "nyckeln 'disposition.ta_bort': avsnittet 'x' finns inte"),
    ({"lagg_till": [{"efter": "inledning", "text": "samverkan", "rubrik": "Igen"}]}, "texten 'samverkan' står med två gånger"),
])
def test_bad_changes_name_the_key(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        outline_for(OutlineSettings(mall="sosfs", **settings), ["avvikelser"], "params/x.yml")
    assert message in str(excinfo.value) and "params/x.yml" in str(excinfo.value)


def test_chapter_switched_on_but_not_placed_is_an_error() -> None:
    with pytest.raises(ConfigError, match="kapitlet 'synpunkter' står under 'kapitel' men har ingen plats i dispositionen 'sosfs'"):
        outline_for(OutlineSettings(mall="sosfs", ta_bort=["synpunkter"]), ["avvikelser", "synpunkter"], "params/x.yml")
    placed = outline_for(OutlineSettings(mall="sosfs", ta_bort=["synpunkter"],
                                         lagg_till=[{"efter": "mal", "kapitel": "synpunkter"}]), ["avvikelser", "synpunkter"], "p")
    assert placed.chapters() == ["avvikelser", "synpunkter"] and placed.ids()[-1] == "synpunkter"
