"""The national synthetic data set (kvb demodata --nationellt): ids, the size rule, files, params, one full report.

A few kommuner are written into a temporary folder (Stockholm, the smallest, Håbo and Habo and one of each
export shape); the full list of 290 is checked without writing files.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from reportscan import html_words, plain
from typer.testing import CliRunner

from helpers import paths
from helpers.chapters import CHAPTERS
from helpers.cli import app
from helpers.config import check_id, list_kommuner, load_params
from helpers.demo import national
from helpers.demo.national import generate_national, params_reference
from helpers.demo.national_profiles import LARGE, national_profiles
from helpers.errors import KvbError
from helpers.formatting import format_count
from helpers.run.runner import run_report

PROFILES = national_profiles()
BY_CODE = {p.kod: p for p in PROFILES}
SMALLEST = min(PROFILES, key=lambda p: (p.size, p.kod))
SMALL_COMPLETE = min((p for p in PROFILES if p.synpunkter and not p.gp_counts and not p.excel_export), key=lambda p: (p.size, p.kod))
SHAPES = [next(p for p in PROFILES if p.gp_counts), next(p for p in PROFILES if p.excel_export),
          next(p for p in PROFILES if not p.synpunkter)]
CODES = sorted({"0180", "0305", "0643", SMALLEST.kod, SMALL_COMPLETE.kod, *(p.kod for p in SHAPES)})


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nationellt")
    files, count = generate_national(root, CODES)
    assert count == len(CODES) and all(f.is_relative_to(root) for f in files)
    return root


def test_every_kommun_of_the_list_has_a_unique_valid_id_and_a_correct_name() -> None:
    assert len(PROFILES) == 290
    ids = [p.id for p in PROFILES]
    assert len(set(ids)) == 290 and all(check_id(i) == i for i in ids)
    names = {p.kod: (p.id, p.namn) for p in PROFILES}
    assert names["0114"] == ("upplands-vasby", "Upplands Väsby kommun")
    assert names["1280"] == ("malmo", "Malmö kommun")
    assert names["1281"] == ("lund", "Lunds kommun")
    assert names["1490"] == ("boras", "Borås kommun")
    assert names["0980"] == ("gotland", "Region Gotland")
    # Håbo and Habo fold to the same letters: the plain spelling keeps the plain id.
    assert names["0643"] == ("habo", "Habo kommun") and names["0305"] == ("habo-0305", "Håbo kommun")


def test_sizes_follow_the_documented_rule() -> None:
    by_size = sorted(PROFILES, key=lambda p: -p.size)
    assert [(p.kod, p.size) for p in by_size[:3]] == [("0180", 30_000), ("1480", 20_000), ("1280", 12_000)]
    assert all(4_000 <= BY_CODE[k].size <= 8_000 for k in LARGE)
    others = [p.size for p in PROFILES if p.kod not in LARGE and p.kod not in {"0180", "1480", "1280"}]
    assert min(others) == 300 and max(others) <= 4_000
    assert sorted(others)[len(others) // 2] < 1_500  # most kommuner are small
    stockholm = BY_CODE["0180"]
    assert 0 <= stockholm.growth < 0.1 and stockholm.size_in(2025) == 30_000
    assert stockholm.size_in(2022) == round(30_000 / (1 + stockholm.growth) ** 3)  # earlier years smaller by the growth
    # The other shapes are a minority, and never the three largest.
    for flag in ("gp_counts", "excel_export"):
        assert 5 <= sum(getattr(p, flag) for p in PROFILES) <= 45
    assert 3 <= sum(not p.synpunkter for p in PROFILES) <= 25
    assert all(p.synpunkter and not p.gp_counts and not p.excel_export for p in by_size[:3])


def test_the_files_are_sized_by_the_rule(folder: Path) -> None:
    stockholm = pd.read_csv(folder / "data" / "stockholm" / "2025" / "avvikelser.csv", dtype=str)
    assert len(stockholm) == 30_000
    smallest = folder / "data" / SMALLEST.id
    assert len(pd.read_csv(smallest / "2025" / "avvikelser.csv", dtype=str)) == SMALLEST.size
    assert len(pd.read_csv(smallest / "2022" / "avvikelser.csv", dtype=str)) == SMALLEST.size_in(2022)
    plans = pd.read_csv(folder / "data" / "stockholm" / "2025" / "genomforandeplaner.csv", dtype=str)
    assert len(plans) == 9_000 and plans["enhet"].nunique() > 200
    # Every chapter's years, as the demo kommun Ekdala has them.
    years = {p.parent.name for p in smallest.glob("*/avvikelser.csv")}
    assert years == {"2022", "2023", "2024", "2025"}
    expected = ["avvikelser.csv", "brukarundersokningar.csv", "egenkontroller.csv", "ej_verkstallda.csv", "genomforandeplaner.csv",
                "palliativregistret.csv", "riskanalys.csv", "senior_alert.csv", "synpunkter.csv"]
    assert sorted(p.name for p in (smallest / "2025").iterdir()) == [f for f in expected if SMALLEST.synpunkter or f != "synpunkter.csv"]


def test_the_shapes_differ_as_real_exports_do(folder: Path) -> None:
    counts, excel, silent = SHAPES
    header = (folder / "data" / counts.id / "2025" / "genomforandeplaner.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("verksamhet,enhet,period_fran,matdatum,antal_brukare")
    raw = (folder / "data" / excel.id / "2025" / "avvikelser.csv").read_bytes()
    assert raw.startswith(b"id;registreringsdatum;") and "Äldreomsorg".encode("cp1252") in raw
    assert not list((folder / "data" / silent.id).glob("*/synpunkter.csv"))
    assert list((folder / "data" / counts.id).glob("*/synpunkter.csv")) or not counts.synpunkter


def test_same_bytes_in_any_folder_and_with_two_processes(folder: Path, tmp_path: Path) -> None:
    codes = [c for c in CODES if c != "0180"]  # Stockholm alone takes seconds
    generate_national(tmp_path, codes, jobs=2)
    again, first = digests(tmp_path / "data"), digests(folder / "data")
    assert again == {k: v for k, v in first.items() if not k.startswith("stockholm/")}
    for p in (BY_CODE[c] for c in codes):
        text = (tmp_path / "params" / f"{p.id}.yml").read_text(encoding="utf-8")
        assert text == (folder / "params" / f"{p.id}.yml").read_text(encoding="utf-8").replace(str(folder), str(tmp_path))


def test_every_params_file_loads_and_points_at_its_data(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVB_PARAMS", str(folder / "params"))
    assert list_kommuner() == sorted(BY_CODE[c].id for c in CODES)
    for code in CODES:
        profile = BY_CODE[code]
        params = load_params(profile.id)
        assert (params.kommun.kod, params.kommun.namn, params.demo, params.ar) == (code, profile.namn, True, 2025)
        assert params.kapitel == [c.id for c in CHAPTERS]
        assert params.existing_data_path() == folder / "data" / profile.id
        assert paths.project_path(params.brukarundersokningar.referens) == folder / "data" / "referens" / "brukarundersokningar.csv"
        assert params.genomforandeplaner.indata == ("antal" if profile.gp_counts else "rader")
    text = (folder / "params" / "habo-0305.yml").read_text(encoding="utf-8")
    assert text.startswith("# Håbo kommun: syntetiska data (kvb demodata --nationellt), påhittade tal, inte kommunens verkliga.\n")
    assert (folder / "params" / "_defaults.yml").read_bytes() == (paths.project_root() / "params" / "_defaults.yml").read_bytes()


def test_params_name_the_folder_relative_to_the_project_when_it_is_inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVB_ROOT", str(tmp_path / "projekt"))
    assert params_reference(tmp_path / "projekt" / "data" / "nationellt" / "data" / "habo") == "data/nationellt/data/habo"
    assert params_reference(tmp_path / "annan" / "habo") == str((tmp_path / "annan" / "habo").resolve())


def test_the_reference_holds_every_kommun_as_in_its_own_files_and_riket_as_their_mean(folder: Path) -> None:
    reference = pd.read_csv(folder / "data" / "referens" / "brukarundersokningar.csv", dtype=str, keep_default_na=False)
    assert set(reference["kommunkod"]) == {p.kod for p in PROFILES} | {"0000"}
    assert set(reference["kalla"]) == {"syntetisk demodata"}
    keys = ["undersokning", "fraga", "ar", "kommunkod"]
    for code in CODES:
        own = pd.concat([pd.read_csv(f, dtype=str, sep=None, engine="python", keep_default_na=False)
                         for f in sorted((folder / "data" / BY_CODE[code].id).glob("*/brukarundersokningar.csv"))])
        merged = own.merge(reference, on=keys, suffixes=("", "_ref"))
        assert len(merged) == len(own) > 0 and (merged["andel_positiva"] == merged["andel_positiva_ref"]).all()
    values = reference.assign(v=pd.to_numeric(reference["andel_positiva"], errors="coerce"))
    cell = values[(values["undersokning"] == "hemtjanst") & (values["fraga"] == "helhetssyn") & (values["ar"] == "2025")]
    riket = float(cell.loc[cell["kommunkod"] == "0000", "v"].iloc[0])
    assert riket == round(cell.loc[cell["kommunkod"] != "0000", "v"].mean()) and cell["v"].notna().sum() == 291


def test_a_folder_with_other_files_is_refused_and_an_unknown_code_named(tmp_path: Path) -> None:
    (tmp_path / "egen.txt").write_text("min fil", encoding="utf-8")
    with pytest.raises(KvbError) as refused:
        generate_national(tmp_path, ["0643"])
    assert str(refused.value) == (f"Mappen {tmp_path} innehåller redan annat än nationella demodata. "
                                  "Ange en tom eller ny mapp med --mapp; inget skrevs.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["egen.txt"]
    with pytest.raises(KvbError, match=r"^Okända kommunkoder: 9999\. Koderna står i data/reference/kommuner\.csv\.$"):
        generate_national(tmp_path / "ny", ["0643", "9999"])


def test_the_command_writes_into_the_folder_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = national.generate_national
    monkeypatch.setattr(national, "generate_national", lambda folder, jobs: real(folder, ["0643", "0305"], jobs=1))
    outcome = CliRunner().invoke(app, ["demodata", "--nationellt", "--mapp", str(tmp_path / "nat")])
    assert outcome.exit_code == 0, outcome.output
    files = sum(1 for p in (tmp_path / "nat").rglob("*") if p.is_file())
    assert outcome.output.splitlines()[0] == f"Skrev {files} filer för 2 kommuner i {tmp_path / 'nat'}."
    again = CliRunner().invoke(app, ["demodata", "--nationellt", "--mapp", str(tmp_path / "nat")])  # its own folder: rewritten
    assert again.exit_code == 0, again.output
    wrong = CliRunner().invoke(app, ["demodata", "--mapp", str(tmp_path / "x")])
    assert wrong.exit_code == 2
    assert "--mapp gäller bara de nationella data: skriv kvb demodata --nationellt --mapp <mapp>." in wrong.output
    assert not (tmp_path / "x").exists()


def test_one_small_kommun_gets_a_full_report(folder: Path, output_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVB_PARAMS", str(folder / "params"))
    result = run_report(SMALL_COMPLETE.id, engine="inbyggd")
    assert result.status == "klar"
    text = " ".join(html_words(output_root / SMALL_COMPLETE.id / "2025" / f"kvalitetsberattelse-{SMALL_COMPLETE.id}-2025.html").split())
    assert f"Kvalitetsberättelse 2025 – {SMALL_COMPLETE.namn}" in text
    assert f"{SMALL_COMPLETE.namn} (kommunkod {SMALL_COMPLETE.kod})" in text
    for chapter in CHAPTERS:
        assert chapter.title in text
    assert "Data saknas" not in text
    sizes = " ".join(plain(format_count(SMALL_COMPLETE.size_in(y))) for y in (2022, 2023, 2024, 2025))
    assert f"Antal avvikelser {sizes}" in text  # Tabell 1: the yearly totals of the size rule
    assert [w for w in result.warnings if not w.startswith("text: Text saknas")] == []


# sha256 (first 16 hex digits) of every file ``kvb demodata`` wrote before the national data set existed:
# the generators were refactored for it without changing a byte of the three demo kommuner.
DEMO_DIGESTS = {
    "bjorkvik/2022/Avvikelserapport_2022.csv": "06e0a8ce0b995116",
    "bjorkvik/2022/Synpunkter_2022.csv": "6cfc2f3e559549a2",
    "bjorkvik/2023/Avvikelserapport_2023.csv": "aa7973e2f334ac05",
    "bjorkvik/2023/Brukarundersokning_2023.csv": "e30ed2aaceb28f63",
    "bjorkvik/2023/Synpunkter_2023.csv": "c394d6fee6cc6318",
    "bjorkvik/2024/Avvikelserapport_2024.csv": "7ca239955beeb684",
    "bjorkvik/2024/Brukarundersokning_2024.csv": "76ebd7f8c866c349",
    "bjorkvik/2024/Genomforandeplaner_2024.csv": "51d14c6f55211ce7",
    "bjorkvik/2024/IVO_ej_verkstallda_2024.csv": "27d9c3df5e1be6e6",
    "bjorkvik/2024/Palliativregistret_2024.csv": "847478a186777f4e",
    "bjorkvik/2024/SeniorAlert_riskbedomningar_2024.csv": "99b3f82c2df304ff",
    "bjorkvik/2024/Synpunkter_2024.csv": "b5e32a580f47f847",
    "bjorkvik/2025/Avvikelserapport_2025.csv": "4db0e756fa50cc45",
    "bjorkvik/2025/Brukarundersokning_2025.csv": "fb51590fe57589bf",
    "bjorkvik/2025/Egenkontroller_2025.csv": "863d758b66383dda",
    "bjorkvik/2025/Genomforandeplaner_2025.csv": "9041d491cdc79ce9",
    "bjorkvik/2025/IVO_ej_verkstallda_2025.csv": "0848cbba15a0aa76",
    "bjorkvik/2025/Palliativregistret_2025.csv": "3b6cb6eacd7be28d",
    "bjorkvik/2025/Riskanalys_2025.csv": "aaeea2df5c7c80e3",
    "bjorkvik/2025/SeniorAlert_riskbedomningar_2025.csv": "f9c2605e1b2d2386",
    "bjorkvik/2025/Synpunkter_2025.csv": "a0645ed191a99743",
    "bjorkvik/2025/texter/egenkontroll.md": "ec949eb10722019f",
    "bjorkvik/2025/texter/forbattringsomraden.md": "d4350daf4079debd",
    "bjorkvik/2025/texter/inledning.md": "8b767eae580a14ac",
    "bjorkvik/2025/texter/kvalitetsarbete.md": "19683ba75cb10f85",
    "bjorkvik/2025/texter/riskanalys-avdelningar.md": "e41db817e65ff846",
    "bjorkvik/2025/texter/sammanfattning.md": "0882309e216d7527",
    "ekdala/2022/avvikelser.csv": "0a0af164f6838369",
    "ekdala/2022/synpunkter.csv": "20feeb1675af9b20",
    "ekdala/2023/avvikelser.csv": "1104d0b6dff6b0ae",
    "ekdala/2023/brukarundersokningar.csv": "3d1afb264e06ea90",
    "ekdala/2023/synpunkter.csv": "4745a84127976871",
    "ekdala/2024/avvikelser.csv": "aa554a1098c77a14",
    "ekdala/2024/brukarundersokningar.csv": "015572efc1a37637",
    "ekdala/2024/egenkontroller.csv": "a70b38b47bfa3ea3",
    "ekdala/2024/ej_verkstallda.csv": "64840fa571685ead",
    "ekdala/2024/genomforandeplaner.csv": "33a088c73f58520a",
    "ekdala/2024/palliativregistret.csv": "32e9d568067163ed",
    "ekdala/2024/riskanalys.csv": "aa9d8e305ecaefa6",
    "ekdala/2024/senior_alert.csv": "9109fd445db42b19",
    "ekdala/2024/synpunkter.csv": "82ae322f15ee7293",
    "ekdala/2025/avvikelser.csv": "291265afa88fb4a0",
    "ekdala/2025/brukarundersokningar.csv": "3f0b09faaa237f77",
    "ekdala/2025/egenkontroller.csv": "d781c4ec532ff3a2",
    "ekdala/2025/ej_verkstallda.csv": "1e5668784c15a2e8",
    "ekdala/2025/genomforandeplaner.csv": "51b2eb75a6b710d6",
    "ekdala/2025/palliativregistret.csv": "152e98c9eac60ed4",
    "ekdala/2025/riskanalys.csv": "873f3bf7bab00f59",
    "ekdala/2025/senior_alert.csv": "c0c2df4673ca8084",
    "ekdala/2025/synpunkter.csv": "c582876b9ebde05a",
    "ekdala/2025/texter/avvikelser.md": "845d81e5c649f401",
    "ekdala/2025/texter/bakgrund.md": "1959fee89717a174",
    "ekdala/2025/texter/bilder/egenkontroller-per-kvartal.png": "43388e06b5fafb8b",
    "ekdala/2025/texter/brukarundersokningar.md": "92375a1b7c2a59bf",
    "ekdala/2025/texter/egenkontroller-under-aret.md": "5fecdc942ed79a36",
    "ekdala/2025/texter/ej_verkstallda.md": "b5a7f096206a6d0b",
    "ekdala/2025/texter/forbattringsarbete.md": "48e23109a0ed552f",
    "ekdala/2025/texter/forbattringsomraden.md": "7d88685cdb3366f6",
    "ekdala/2025/texter/genomforandeplaner.md": "20034d1a8561bf67",
    "ekdala/2025/texter/granskning.md": "6cd7d660ce4b42a9",
    "ekdala/2025/texter/kvalitetsregister.md": "3bb037b3b4aedac3",
    "ekdala/2025/texter/riskanalys.md": "1c6249eefd176338",
    "ekdala/2025/texter/sammanfattning.md": "ca84068e1b496642",
    "ekdala/2025/texter/synpunkter.md": "bf5a369c0dcd0686",
    "referens/brukarundersokningar.csv": "4e2f6b0e3c73a2bf",
    "sjohamn/2022/avvikelser.csv": "98d94b0617aa8ea7",
    "sjohamn/2023/avvikelser.csv": "cf128267fcbad8dc",
    "sjohamn/2023/brukarundersokningar.csv": "2852b045d38f67c4",
    "sjohamn/2024/avvikelser.csv": "2cc0ad8a6836a5e1",
    "sjohamn/2024/brukarundersokningar.csv": "a5d94d9e8e625b51",
    "sjohamn/2025/texter/inledning.md": "633027b40a3af34b",
}


def test_the_demo_kommuner_are_byte_for_byte_as_before(tmp_path: Path) -> None:
    # In a fresh process, as kvb demodata runs: the chart in Ekdala's text follows matplotlib's global
    # settings, which other tests in this process may have changed.
    code = f"from pathlib import Path; from helpers.demo import generate_all; generate_all(Path({str(tmp_path)!r}))"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=paths.project_root())
    assert digests(tmp_path) == DEMO_DIGESTS
