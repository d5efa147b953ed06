"""``kvb publicera``: a folder for the intranet with the index and the published formats only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.errors import KvbError
from helpers.run.site import MARKER, publish_site

PUBLISHED = ["kvalitetsberattelse-{k}-2025.html", "kvalitetsberattelse-{k}-2025.docx", "kvalitetsberattelse-{k}-2025.pdf",
             "tabeller.xlsx"]
WORKING = ["arbetsfiler/kvalitetsberattelse-{k}-2025.md", "arbetsfiler/notebooks/10-avvikelser-{k}-2025.ipynb",
           "arbetsfiler/_quarto.yml", "arbetsfiler/figurer/fig-avv-totalt.png", "nyckeltal/avvikelser.json"]


def fake_report(root: Path, kommun: str, name: str, draft: bool = False) -> Path:
    folder = root / kommun / "2025"
    for pattern in PUBLISHED + WORKING:
        path = folder / pattern.format(k=kommun)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{kommun} {pattern}", encoding="utf-8")
    manifest = {"kommun": kommun, "kommunnamn": name, "kommunkod": "9901", "ar": 2025, "utkast": draft, "kapitel": {},
                "filer": [p.format(k=kommun) for p in PUBLISHED]}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture()
def reports(output_root: Path) -> Path:
    fake_report(output_root, "ekdala", "Ekdala kommun")
    fake_report(output_root, "bjorkvik", "Björkviks stadsdelsförvaltning")
    fake_report(output_root, "sjohamn", "Sjöhamns kommun", draft=True)
    return output_root


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_only_the_index_and_the_published_formats_are_copied(reports, tmp_path):
    site = publish_site(tmp_path / "intranat")
    assert tree(site.folder) == sorted([MARKER, "index.html", "nyckeltal.xlsx"] + [f"{k}/2025/{p.format(k=k)}" for k in ("ekdala", "bjorkvik")
                                                                 for p in PUBLISHED])
    assert site.drafts_left_out == ["Sjöhamns kommun 2025"]
    index = (site.folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert links and all(not link.startswith(("/", "http", "file:")) for link in links), "relative links only"
    assert all((site.folder / link).is_file() for link in links), "every link of the index lands in the folder"
    assert "Sjöhamn" not in index


def test_drafts_and_manifests_only_when_asked(reports, tmp_path):
    site = publish_site(tmp_path / "intranat", with_manifest=True, with_drafts=True)
    files = tree(site.folder)
    assert "sjohamn/2025/kvalitetsberattelse-sjohamn-2025.html" in files
    assert "ekdala/2025/manifest.json" in files
    assert not [f for f in files if f.endswith((".md", ".ipynb", ".yml", ".png", ".json")) and not f.endswith("manifest.json")]


def test_a_new_publication_replaces_the_old_one_as_a_whole(reports, tmp_path):
    target = tmp_path / "intranat"
    publish_site(target)
    (target / "ekdala" / "2025" / "gammal-rapport.html").write_text("gammal", encoding="utf-8")
    (reports / "bjorkvik" / "2025" / "manifest.json").unlink()  # bjorkvik's report is gone from output/
    publish_site(target)
    assert not (target / "ekdala" / "2025" / "gammal-rapport.html").exists()
    assert not (target / "bjorkvik").exists()
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == [], "no staging folders left"


def test_a_folder_of_other_files_or_inside_the_output_is_refused_and_left_alone(reports, tmp_path):
    foreign = tmp_path / "annat"
    foreign.mkdir()
    (foreign / "viktigt.docx").write_text("annat", encoding="utf-8")
    with pytest.raises(KvbError, match="innehåller redan annat än en tidigare publicering"):
        publish_site(foreign)
    assert tree(foreign) == ["viktigt.docx"]
    with pytest.raises(KvbError, match="får inte ligga i eller innehålla rapportmappen"):
        publish_site(reports / "webb")
    with pytest.raises(KvbError, match="får inte ligga i eller innehålla rapportmappen"):
        publish_site(reports.parent)


def test_no_reports_is_a_clear_message(output_root, tmp_path):
    fake_report(output_root, "sjohamn", "Sjöhamns kommun", draft=True)
    with pytest.raises(KvbError, match=r"inga färdiga rapporter .* Utkast \(Sjöhamns kommun 2025\) publiceras bara med --med-utkast"):
        publish_site(tmp_path / "intranat")


def test_the_command_says_what_it_did_and_exits_2_on_a_user_error(reports, tmp_path):
    outcome = CliRunner().invoke(app, ["publicera", str(tmp_path / "intranat")])
    assert outcome.exit_code == 0, outcome.output
    assert "Publicerat: 2 rapporter, 10 filer" in outcome.output
    assert "Utkast som inte publicerades: Sjöhamns kommun 2025" in outcome.output
    refused = CliRunner().invoke(app, ["publicera", str(reports)])
    assert refused.exit_code == 2 and "Traceback" not in refused.output
