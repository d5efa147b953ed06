"""The demo data of the tests lives in a temporary folder; ``./kvb demodata`` still writes to data/demo/."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectguard import PROJECT, project_snapshot, snapshot_changes

from helpers import paths
from helpers.config import load_params
from helpers.demo import generate_all
from helpers.run.manifest import input_hashes


def test_the_session_demo_data_is_outside_the_project(demo_data: Path) -> None:
    assert not demo_data.is_relative_to(PROJECT)
    assert (demo_data / "ekdala" / "2025" / "avvikelser.csv").is_file()
    params = load_params("ekdala")
    assert params.data_katalog == "data/demo/ekdala"  # the shipped params are unchanged …
    assert params.data_path() == demo_data / "ekdala"  # … and read the session folder
    assert paths.project_path(params.brukarundersokningar.referens) == demo_data / "referens" / "brukarundersokningar.csv"
    # Reference data that ships with the project is still read from the project.
    assert paths.project_path("data/reference/x.yml") == PROJECT / "data" / "reference" / "x.yml"


def test_without_the_setting_demo_data_is_the_projects_data_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KVB_DEMO_DATA")
    assert paths.demo_data_dir() == PROJECT / "data" / "demo"
    assert paths.project_path("data/demo/ekdala") == PROJECT / "data" / "demo" / "ekdala"
    assert paths.project_path("data/demonstration") == PROJECT / "data" / "demonstration"  # a prefix of a name is not the folder


def test_generating_writes_only_into_the_chosen_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = project_snapshot()
    monkeypatch.setenv("KVB_DEMO_DATA", str(tmp_path / "demo"))
    written = generate_all()
    assert len(written) > 50
    assert all(p.is_relative_to(tmp_path / "demo") for p in written)
    assert snapshot_changes(before, project_snapshot()) == []


def test_manifest_names_demo_inputs_as_in_params(demo_data: Path) -> None:
    hashes = input_hashes(load_params("ekdala"))
    assert "data/demo/ekdala/2025/avvikelser.csv" in hashes
    assert "data/demo/referens/brukarundersokningar.csv" in hashes
    assert not any(str(demo_data) in name for name in hashes)


def test_snapshot_changes_name_created_changed_and_removed_files(tmp_path: Path) -> None:
    for name in ("data/a.csv", "data/b.csv", "params/c.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1", encoding="utf-8")
    before = project_snapshot(tmp_path)
    (tmp_path / "data" / "a.csv").write_text("12", encoding="utf-8")
    (tmp_path / "params" / "c.yml").unlink()
    (tmp_path / "data" / "ny").mkdir()
    (tmp_path / "data" / "ny" / "d.csv").write_text("1", encoding="utf-8")
    assert snapshot_changes(before, project_snapshot(tmp_path)) == ["data/a.csv", "data/ny/d.csv", "params/c.yml"]
