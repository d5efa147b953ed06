"""Incremental rebuild: a report is rebuilt when anything it reads changes, and only then.

One small report is built once in a project folder of its own (``KVB_ROOT``);
each test restores that folder, changes exactly one thing and runs again.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from reportscan import html_rows, html_text

from helpers import paths
from helpers.run import manifest
from helpers.run import runner as runner_module
from helpers.run.runner import run_report

pytestmark = pytest.mark.e2e
REPORT_DATE = date(2026, 2, 15)
SMALL = """id,registreringsdatum,avdelning,verksamhetsomrade,typ,lex_sarah_markerad,utredning_start,utredning_slut,beskrivning
L-1,2025-02-03,Verkställighet,Äldreomsorg,Fall,nej,2025-02-04,2025-02-10,FRITEXT-HEMLIG
L-2,2025-03-03,Verkställighet,Äldreomsorg,Läkemedelshändelse,ja,2025-03-04,,FRITEXT-HEMLIG
L-3,2025-04-01,Myndighet,Barn och unga,Brist i handläggning,nej,,,FRITEXT-HEMLIG
"""
# The kommun reads its deviations from an export outside the year folders, and its survey reference and
# question catalogue from a shared folder: every one of them must count.
PARAMS = """kommun: {kod: "9901", namn: Liten kommun, namnd: Socialnämnden, forvaltning: Socialförvaltningen}
data_katalog: data/liten
format: [html]
kapitel: [avvikelser, brukarundersokningar]
utkast: true
kallor:
  avvikelser: {fil: "export/avvikelser-{ar}.csv"}
brukarundersokningar:
  referens: delad/referens.csv
  fragekatalog: delad/fragor.yml
"""


def run() -> str:
    return run_report("liten", engine="inbyggd", report_date=REPORT_DATE).status


def html(root: Path) -> Path:
    return root / "output" / "liten" / "2025" / "kvalitetsberattelse-liten-2025.html"


def row(root: Path, first: str) -> list[str]:
    return next(r for r in html_rows(html(root)) if r and r[0] == first)


@pytest.fixture(scope="module")
def site(demo_data, tmp_path_factory):
    """A project folder with one kommun and its first report; yields (project folder, untouched copy)."""
    base = tmp_path_factory.mktemp("rebuild")
    root = base / "projekt"
    shutil.copytree(paths.project_root() / "notebooks", root / "notebooks")
    shutil.copytree(paths.reference_dir(), root / "data" / "reference")
    (root / "params").mkdir()
    shutil.copy(paths.params_dir() / "_defaults.yml", root / "params" / "_defaults.yml")
    (root / "params" / "liten.yml").write_text(PARAMS, encoding="utf-8")
    data = root / "data" / "liten"
    for year in (2023, 2024, 2025):
        (data / str(year)).mkdir(parents=True)
        shutil.copy(demo_data / "ekdala" / str(year) / "brukarundersokningar.csv", data / str(year))
    (data / "export").mkdir()
    (data / "export" / "avvikelser-2025.csv").write_text(SMALL, encoding="utf-8")
    (root / "delad").mkdir()
    shutil.copy(demo_data / "referens" / "brukarundersokningar.csv", root / "delad" / "referens.csv")
    shutil.copy(paths.reference_dir() / "brukarundersokningar_fragor.yml", root / "delad" / "fragor.yml")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KVB_ROOT", str(root))
        mp.setenv("KVB_OUTPUT", str(root / "output"))
        mp.delenv("KVB_PARAMS", raising=False)
        assert run() == "klar"
        shutil.copytree(root, base / "orört", symlinks=True)
        yield root, base / "orört"


@pytest.fixture()
def project(site):
    """The project folder as the first run left it (``notebooks/`` kept in place: it is the warm kernel's working folder)."""
    root, untouched = site
    for child in root.iterdir():
        if child.name != "notebooks":
            shutil.rmtree(child)
    for child in untouched.iterdir():
        if child.name != "notebooks":
            shutil.copytree(child, root / child.name, symlinks=True)
    for notebook in (untouched / "notebooks").glob("*.ipynb"):
        shutil.copy2(notebook, root / "notebooks" / notebook.name)
    extra = {p.name for p in (root / "notebooks").glob("*.ipynb")} - {p.name for p in (untouched / "notebooks").glob("*.ipynb")}
    assert not extra
    return root


def test_unchanged_rerun_executes_nothing(project, monkeypatch):
    def no_execution(*args, **kwargs):
        raise AssertionError("an unchanged report must not execute a notebook")

    monkeypatch.setattr(runner_module, "execute_notebook", no_execution)
    started = time.perf_counter()
    assert run() == "oförändrad"
    assert time.perf_counter() - started < 2.0, "the no-op check hashes files; it does not execute"


def test_new_reference_data_gives_new_colours(project):
    """The kommun's configured reference (outside the demo folder) is followed: no stale colours."""
    assert row(project, "Helhetssyn")[1:4] == ["84 % ◆ gul", "90 % ▲ grön", "90 % ▲ grön"]
    reference = project / "delad" / "referens.csv"
    lines = reference.read_text(encoding="utf-8").splitlines()
    # Every other kommun now answers 99 % on Helhetssyn in hemtjänsten 2025: 90 % is among the least favourable.
    changed = [",".join(li.split(",")[:4] + ["99"] + li.split(",")[5:]) if li.startswith("hemtjanst,helhetssyn,2025,") and ",9901," not in li else li
               for li in lines]
    reference.write_text("\n".join(changed) + "\n", encoding="utf-8")
    assert run() == "klar"
    assert row(project, "Helhetssyn")[1:4] == ["84 % ◆ gul", "90 % ▲ grön", "90 % ▼ röd"]


def test_changed_export_outside_the_year_folders(project):
    export = project / "data" / "liten" / "export" / "avvikelser-2025.csv"
    export.write_text(SMALL + "L-4,2025-05-05,Verkställighet,Äldreomsorg,Fall,nej,,,FRITEXT-HEMLIG\n", encoding="utf-8")
    assert run() == "klar"
    assert row(project, "Antal avvikelser")[-1] == "4"


def test_changed_question_catalogue(project):
    catalogue = project / "delad" / "fragor.yml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("text: Helhetssyn", "text: Helhetssyn i hemtjänsten", 1),
                         encoding="utf-8")
    assert run() == "klar"
    assert row(project, "Helhetssyn i hemtjänsten")[1] == "84 % ◆ gul"


def test_changed_outline_template(project):
    template = project / "data" / "reference" / "dispositioner" / "sosfs.yml"
    template.write_text(template.read_text(encoding="utf-8").replace("rubrik: Samverkan\n", "rubrik: Samverkan med regionen\n"),
                        encoding="utf-8")
    assert run() == "klar"
    assert "Samverkan med regionen" in html_text(html(project))


def test_changed_notebook(project):
    path = project / "notebooks" / "10-avvikelser.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "id": "ny-rad", "metadata": {}, "source": ["Ny rad i kapitlets notebook."]})
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    assert run() == "klar"
    assert "Ny rad i kapitlets notebook." in html_text(html(project))


def test_changed_stylesheet(project, monkeypatch, tmp_path):
    resources = tmp_path / "resources"
    shutil.copytree(paths.RESOURCES_DIR, resources)
    (resources / "report.css").write_text((resources / "report.css").read_text(encoding="utf-8") + "\n.ny-regel { color: #111; }\n",
                                          encoding="utf-8")
    monkeypatch.setattr(paths, "RESOURCES_DIR", resources)
    assert run() == "klar"
    assert ".ny-regel" in html(project).read_text(encoding="utf-8")


def test_changed_helpers_code(project, monkeypatch, tmp_path):
    package = tmp_path / "helpers"
    shutil.copytree(paths.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    with (package / "formatting.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a changed line of code\n")
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    assert run() == "klar"


@pytest.mark.parametrize("change", ["maskering", "analytikertext", "motorversion", "raderad_html", "ny_arsfil"])
def test_each_change_gives_a_rebuild(project, monkeypatch, change):
    data = project / "data" / "liten"
    if change == "maskering":
        (project / "params" / "liten.yml").write_text(PARAMS + "maskering: {troskel: 3}\n", encoding="utf-8")
    elif change == "analytikertext":
        (data / "2025" / "texter").mkdir()
        (data / "2025" / "texter" / "avvikelser.md").write_text("## Analys\n\nFler fall än förra året.\n", encoding="utf-8")
    elif change == "motorversion":
        newer = {**manifest.versions(), "pypandoc-binary": "99.0"}
        monkeypatch.setattr(manifest, "versions", lambda: newer)
    elif change == "raderad_html":
        html(project).unlink()
    elif change == "ny_arsfil":  # a named file that did not exist when the report was built
        (data / "export" / "avvikelser-2024.csv").write_text(SMALL.replace("2025-", "2024-").replace("L-", "K-"), encoding="utf-8")
    assert run() == "klar"
    assert run() == "oförändrad"


@pytest.mark.parametrize("where", ["delad/annat.csv", "data/annan/2025/avvikelser.csv", "data/liten/2019/avvikelser.csv"])
def test_files_the_report_does_not_read_change_nothing(project, where):
    path = project / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SMALL, encoding="utf-8")
    assert run() == "oförändrad"
