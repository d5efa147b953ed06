"""``kvb demodata --nationellt``: synthetic inputs for all 290 kommuner, for the benchmark at national scale.

Layout of the folder (default ``data/nationellt/``, never mixed with ``data/demo/``)::

    <mapp>/README.md                         what the folder is (and the mark that it is ours to rewrite)
    <mapp>/params/_defaults.yml              a copy of the project's, so that KVB_PARAMS=<mapp>/params works
    <mapp>/params/<id>.yml                   one per kommun (``national_profiles``: id, code, name, size)
    <mapp>/data/<id>/<år>/*.csv              the kommun's inputs (``national_chapters``)
    <mapp>/data/referens/brukarundersokningar.csv   every kommun's survey values and riket, as in their own files

Params point at the data with a path relative to the project when the folder is inside it (the
project can move), else with an absolute path (``Params.data_path`` accepts both).
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import pandas as pd

from .. import paths
from ..chapters.brukarundersokningar.catalogue import Catalogue, load_catalogue
from ..errors import KvbError
from ..formatting import format_count
from . import brukarundersokningar as surveys
from .common import rng_for, write_csv, write_text
from .national_chapters import CHAPTER_FILES
from .national_profiles import REPORT_YEAR, KommunProfile, national_profiles

DEFAULT_FOLDER = Path("data") / "nationellt"
REFERENCE = Path("referens") / "brukarundersokningar.csv"
MARK = "# Nationella syntetiska data"
README = f"""{MARK}

Skapade av `kvb demodata --nationellt`: påhittade tal för alla 290 kommuner, för att mäta hur
verktyget klarar nationell skala. Det är inte kommunernas verkliga tal. Mappen skrivs om av
kommandot; lägg inget eget här. Kör en rapport med params härifrån:

    KVB_PARAMS=<den här mappen>/params kvb batch --jobb 2

Storleksregeln och mätningen beskrivs i docs/prestanda.md.
"""


def default_folder() -> Path:
    return paths.project_root() / DEFAULT_FOLDER


def check_folder(folder: Path) -> None:
    """Only an empty folder or one this command made is written to: 290 params files must not land among someone's own."""
    if folder.exists() and not folder.is_dir():
        raise KvbError(f"{folder} är en fil, inte en mapp. Ange en mapp för de nationella demodata med --mapp.")
    readme = folder / "README.md"
    ours = readme.is_file() and readme.read_text(encoding="utf-8").startswith(MARK)
    if folder.is_dir() and any(folder.iterdir()) and not ours:
        raise KvbError(f"Mappen {folder} innehåller redan annat än nationella demodata. Ange en tom eller ny mapp med --mapp; "
                       "inget skrevs.")


def params_reference(target: Path) -> str:
    """How params name ``target``: relative to the project when it is inside it, else absolute."""
    root = paths.project_root().resolve()
    target = target.resolve()
    return target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)


def params_text(profile: KommunProfile, data_dir: Path, reference: Path) -> str:
    """The kommun's params: code, name, data folder, the shared reference, and the shape of its exports."""
    quoted = json.dumps  # YAML reads a JSON string as the same string: codes stay "0114", paths stay text
    lines = [
        f"# {profile.namn}: syntetiska data (kvb demodata --nationellt), påhittade tal, inte kommunens verkliga.",
        f"# Storlek: {format_count(profile.size)} avvikelser {REPORT_YEAR} enligt regeln i docs/prestanda.md.",
        "kommun:",
        f"  kod: {quoted(profile.kod)}",
        f"  namn: {quoted(profile.namn, ensure_ascii=False)}",
        "  namnd: Socialnämnden",
        "  forvaltning: Socialförvaltningen",
        "demo: true",
        f"data_katalog: {quoted(params_reference(data_dir / profile.id), ensure_ascii=False)}",
        "brukarundersokningar:",
        f"  referens: {quoted(params_reference(reference), ensure_ascii=False)}",
        "kvalitetsregister:",
        "  riskomraden: [Fall, Trycksår, Undernäring, Munhälsa]   # blåsdysfunktion pausad, som i Vänersborgs kvalitetsberättelse 2024",
    ]
    if profile.gp_counts:
        lines += ["genomforandeplaner:", "  indata: antal            # enheterna rapporterar antal, inte en rad per brukare"]
    return "\n".join(lines) + "\n"


# Respondents per survey for every avvikelse (bounds), and the survey's usual response rate (bounds, %).
SURVEYS = {"hemtjanst": (0.05, 30, 1500, (45.0, 70.0)), "sarskilt_boende": (0.02, 20, 600, (35.0, 60.0)),
           "gruppbostad_lss": (0.005, 15, 150, (50.0, 90.0))}
LSS_FROM_SIZE = 1000  # kommuner this large also run the LSS survey (in the report year only, as the seed)


def survey_frames(profile: KommunProfile, catalogue: Catalogue) -> dict[int, pd.DataFrame]:
    """The kommun's own results per year (hemtjänst and särskilt boende; gruppbostad LSS in the larger ones)."""
    rng = rng_for("nationellt-brukarundersokningar", profile.seed)
    offset = float(rng.normal(0, 3.0))
    plan = {}
    for survey, (per, low, high, (rate_low, rate_high)) in SURVEYS.items():
        plan[survey] = (max(low, min(high, round(profile.size * per))), round(float(rng.uniform(rate_low, rate_high)), 1))
    frames = {}
    for year in surveys.YEARS:
        chosen = {s: v for s, v in plan.items() if s != "gruppbostad_lss" or (year == 2025 and profile.size >= LSS_FROM_SIZE)}
        frames[year] = surveys.simulated_rows(profile.seed, year, chosen, catalogue, offset, code=profile.kod)
    return frames


def reference_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Every kommun's own shares, and riket (0000) as their mean: the chapter ranks a kommun among exactly these."""
    rows = pd.concat(frames, ignore_index=True)[["undersokning", "fraga", "ar", "kommunkod", "andel_positiva"]]
    values = pd.to_numeric(rows["andel_positiva"].replace("", None), errors="coerce")
    riket = values.groupby([rows["undersokning"], rows["fraga"], rows["ar"]], sort=False).mean().round(0).reset_index()
    riket["kommunkod"] = surveys.RIKET
    riket["andel_positiva"] = riket["andel_positiva"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    frame = pd.concat([rows, riket[rows.columns]], ignore_index=True).assign(kalla=surveys.SYNTHETIC)
    return frame.sort_values(["undersokning", "fraga", "ar", "kommunkod"], kind="stable").reset_index(drop=True)


def write_kommun(profile: KommunProfile, data_dir: Path, frames: dict[int, pd.DataFrame]) -> list[Path]:
    """Every chapter's files of one kommun."""
    written = [write_csv(frame, data_dir / profile.id / str(year) / "brukarundersokningar.csv") for year, frame in frames.items()]
    for chapter_files in CHAPTER_FILES:
        written.extend(chapter_files(profile, data_dir))
    return written


def _write_all(chosen: list[KommunProfile], data_dir: Path, frames: dict[str, dict[int, pd.DataFrame]], jobs: int) -> list[Path]:
    """Every chosen kommun's files, in ``jobs`` processes (each kommun is independent of the others)."""
    if jobs <= 1 or len(chosen) <= 1:
        return [f for p in chosen for f in write_kommun(p, data_dir, frames[p.kod])]
    context = multiprocessing.get_context("spawn")  # not fork: a forked copy of a process with threads can hang
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        done = pool.map(write_kommun, chosen, repeat(data_dir), [frames[p.kod] for p in chosen], chunksize=4)
        return [f for files in done for f in files]


_CANNOT_WRITE = {errno.ENOSPC: "disken är full", errno.EDQUOT: "diskkvoten är slut", errno.EROFS: "disken är skrivskyddad",
                 errno.EACCES: "du har inte behörighet att skriva där", errno.EPERM: "du har inte behörighet att skriva där"}


def generate_national(folder: Path | None = None, codes: list[str] | None = None, jobs: int = 1) -> tuple[list[Path], int]:
    """Write the national data set into ``folder``; ``codes`` limits the kommuner written (the tests write a few).

    The reference always holds all 290 kommuner, so a kommun's files and report are the same whichever
    others were written. Returns the files written and the number of kommuner.
    """
    folder = (folder or default_folder()).resolve()
    check_folder(folder)
    profiles = national_profiles()
    if codes is not None:
        unknown = sorted(set(codes) - {p.kod for p in profiles})
        if unknown:
            raise KvbError(f"Okända kommunkoder: {', '.join(unknown)}. Koderna står i data/reference/kommuner.csv.")
    catalogue = load_catalogue(paths.reference_dir() / "brukarundersokningar_fragor.yml")
    frames = {p.kod: survey_frames(p, catalogue) for p in profiles}
    data_dir, params_dir = folder / "data", folder / "params"
    chosen = [p for p in profiles if codes is None or p.kod in codes]
    try:
        written = [write_text(folder / "README.md", README)]
        reference = data_dir / REFERENCE
        written.append(write_csv(reference_frame([f for by_year in frames.values() for f in by_year.values()]), reference))
        params_dir.mkdir(parents=True, exist_ok=True)
        written.append(Path(shutil.copyfile(paths.project_root() / "params" / "_defaults.yml", params_dir / "_defaults.yml")))
        written += [write_text(params_dir / f"{p.id}.yml", params_text(p, data_dir, reference)) for p in chosen]
        written += _write_all(chosen, data_dir, frames, jobs)
    except OSError as exc:
        why = _CANNOT_WRITE.get(exc.errno or 0, "filen gick inte att skriva")
        raise KvbError(f"De nationella demodata kunde inte skrivas i {folder}: {why}. Välj en annan mapp med --mapp "
                       "eller frigör utrymme och kör igen.") from None
    return sorted(written), len(chosen)
