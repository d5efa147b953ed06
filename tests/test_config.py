"""Params: defaults + kommun file, validated with errors that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.config import list_kommuner, load_params, merge
from helpers.errors import ConfigError

ROOT_PARAMS = Path(__file__).resolve().parents[1] / "params"


def make_params(tmp_path: Path, body: str) -> Path:
    (tmp_path / "_defaults.yml").write_text((ROOT_PARAMS / "_defaults.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "testkommun.yml").write_text(body, encoding="utf-8")
    return tmp_path


GOOD = """kommun: {kod: "0684", namn: Testkommun, namnd: Socialnämnden, forvaltning: Socialförvaltningen}
data_katalog: data/testkommun
"""


def test_demo_params_load_and_merge_defaults():
    params = load_params("ekdala")
    assert params.kommun.namn == "Ekdala kommun"
    assert params.ar == 2025 and params.years() == [2022, 2023, 2024, 2025]
    assert "Fall" in params.avvikelser.typer  # from _defaults.yml
    assert set(list_kommuner()) >= {"ekdala", "bjorkvik", "sjohamn"}


def test_year_override():
    assert load_params("ekdala", 2024).years() == [2021, 2022, 2023, 2024]


def test_misspelt_key_names_file_and_key(tmp_path):
    folder = make_params(tmp_path, GOOD + "jamforelsar: 3\n")
    with pytest.raises(ConfigError) as excinfo:
        load_params("testkommun", params_dir=folder)
    message = str(excinfo.value)
    assert "testkommun.yml" in message
    assert "nyckeln 'jamforelsear" not in message
    assert "nyckeln 'jamforelsar': okänd nyckel (felstavad?)" in message


def test_wrong_type_and_bad_code(tmp_path):
    folder = make_params(tmp_path, GOOD.replace('"0684"', '"684"') + "maskering: {troskel: fem}\n")
    with pytest.raises(ConfigError) as excinfo:
        load_params("testkommun", params_dir=folder)
    message = str(excinfo.value)
    assert "nyckeln 'kommun.kod': har fel form" in message
    assert "nyckeln 'maskering.troskel': ska vara ett heltal" in message


def test_unknown_kommun_and_invalid_yaml(tmp_path):
    folder = make_params(tmp_path, GOOD)
    with pytest.raises(ConfigError, match="Det finns ingen params-fil för 'okand'.*Kända kommuner: testkommun"):
        load_params("okand", params_dir=folder)
    (folder / "trasig.yml").write_text("kommun: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="inte giltig YAML på rad"):
        load_params("trasig", params_dir=folder)


def test_unknown_chapter_is_rejected(tmp_path):
    folder = make_params(tmp_path, GOOD + "kapitel: [avvikelser, ekonomi]\n")
    with pytest.raises(ConfigError, match=r"nyckeln 'kapitel\[2\]': ogiltigt värde 'ekonomi'"):
        load_params("testkommun", params_dir=folder)


def test_merge_is_deep():
    assert merge({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"b": 3}, "d": [2]}) == {"a": {"b": 3, "c": 2}, "d": [2]}


def test_a_setting_that_nothing_uses_is_refused(tmp_path):
    """``malvarden`` was accepted and never used: now an unknown key, named in the error."""
    import shutil

    from helpers import paths

    shutil.copy(paths.params_dir() / "_defaults.yml", tmp_path / "_defaults.yml")
    text = (paths.params_dir() / "ekdala.yml").read_text(encoding="utf-8") + "malvarden: {avvikelser: 10}\n"
    (tmp_path / "ekdala.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="nyckeln 'malvarden': okänd nyckel"):
        load_params("ekdala", params_dir=tmp_path)
