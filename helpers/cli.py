"""Command line: ``kvb`` (Swedish commands for analysts). Thin: parses options, calls the API once.

Errors that the user can fix (KvbError) are printed as plain Swedish text
without a traceback, and the command exits with status 2.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import paths
from .errors import KvbError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Kvalitetsberättelse: kör kapitelnotebooks per kommun och år och skapar rapporten (HTML, DOCX, PDF).",
)

KommunArg = Annotated[str, typer.Argument(help="Kommunens id, dvs. namnet på filen i params/ utan .yml, t.ex. ekdala.")]
YearOpt = Annotated[Optional[int], typer.Option("--ar", help="Rapportår (standard: året i params).")]
EngineOpt = Annotated[str, typer.Option("--motor", help="auto (Quarto om det finns, annars inbyggd), inbyggd eller quarto.")]
ForceOpt = Annotated[bool, typer.Option("--tvinga", help="Kör om även om indata, params och kod är oförändrade.")]
DateOpt = Annotated[Optional[str], typer.Option("--datum", help="Rapportdatum på försättsbladet (ÅÅÅÅ-MM-DD), standard: i dag.")]
TimeoutOpt = Annotated[Optional[int], typer.Option("--tidsgrans", help="Sekunder en cell i en kapitelnotebook får ta innan den stoppas (standard: 600).", show_default=False)]
DraftOpt = Annotated[Optional[bool], typer.Option("--utkast/--slutlig", help="Utkast visar saknade texter som platshållare; slutlig listar dem som kontroller (standard: utkast i params).", show_default=False)]


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Print our own errors as plain text and exit 2; everything else is a bug and keeps its traceback."""
    try:
        yield
    except KvbError as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None


def _engine(value: str) -> str:
    if value not in {"auto", "inbyggd", "quarto"}:
        raise KvbError(f"Okänd motor '{value}'. Välj auto, inbyggd eller quarto.")
    return value


def _timeout(value: int | None) -> int:
    # Imported here, not at the top: the engine imports papermill, a second of every kvb command.
    from .run.engine import CELL_TIMEOUT_SECONDS

    if value is None:
        return CELL_TIMEOUT_SECONDS
    if value < 1:
        raise KvbError(f"Tidsgränsen {value} går inte: ange antal sekunder, minst 1 (standard {CELL_TIMEOUT_SECONDS}).")
    return value


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KvbError(f"Datumet '{value}' ska skrivas ÅÅÅÅ-MM-DD.") from None


@app.command("demodata")
def demodata() -> None:
    """Skapa (eller återskapa) demodata för de påhittade demokommunerna i data/demo/."""
    from .demo import generate_all

    with user_errors():
        files = generate_all()
    typer.echo(f"Skrev {len(files)} demofiler i {paths.demo_data_dir()}.")


@app.command("rapport")
def rapport(kommun: KommunArg, ar: YearOpt = None, motor: EngineOpt = "auto", tvinga: ForceOpt = False, datum: DateOpt = None,
            utkast: DraftOpt = None, tidsgrans: TimeoutOpt = None) -> None:
    """Skapa en kommuns kvalitetsberättelse för ett år."""
    from .run.publish import write_index
    from .run.runner import run_report

    with user_errors():
        result = run_report(kommun, ar, engine=_engine(motor), force=tvinga, report_date=_date(datum), draft=utkast,
                            cell_timeout=_timeout(tidsgrans))
        write_index()
    if result.status == "oförändrad":
        typer.echo(f"Oförändrad: indata, params och kod är desamma som förra körningen ({result.folder}). Använd --tvinga för att köra om.")
    else:
        typer.echo(f"Klar på {result.seconds:.1f} s.")
    for path in result.files:
        typer.echo(f"  {path}")
    for warning in result.warnings:
        typer.secho(f"Kontroll: {warning}", fg=typer.colors.YELLOW)


@app.command("batch")
def batch(
    kommuner: Annotated[Optional[list[str]], typer.Argument(help="Kommuner att köra (standard: alla i params/).")] = None,
    ar: YearOpt = None,
    jobb: Annotated[int, typer.Option("--jobb", "-j", help="Antal parallella processer (standard: antal kärnor).")] = 0,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Kör på ett Dask-kluster, t.ex. tcp://server:8786.")] = None,
    motor: EngineOpt = "auto",
    tvinga: ForceOpt = False,
    datum: DateOpt = None,
    utkast: DraftOpt = None,
    tidsgrans: TimeoutOpt = None,
) -> None:
    """Skapa rapporter för många kommuner parallellt; fortsätter förbi kommuner som misslyckas."""
    from .config import list_kommuner
    from .run.batch import Task, default_jobs, run_dask, run_local, summarize
    from .run.publish import write_index

    with user_errors():
        names = kommuner or list_kommuner()
        tasks = [Task(k, ar, _engine(motor), tvinga, _date(datum), utkast, _timeout(tidsgrans)) for k in names]
        results = run_dask(tasks, dask) if dask else run_local(tasks, jobb or default_jobs())
        index = write_index()
    typer.echo(summarize(results))
    typer.echo(f"Index över alla rapporter: {index}")
    if any(r.status == "misslyckad" for r in results):
        raise typer.Exit(1)


@app.command("demo")
def demo(jobb: Annotated[int, typer.Option("--jobb", "-j", help="Antal parallella processer.")] = 0) -> None:
    """Skapa demodata och rendera demorapporterna för alla demokommuner."""
    from .config import list_kommuner, load_params
    from .demo import generate_all
    from .run.batch import Task, default_jobs, run_local, summarize
    from .run.publish import write_index

    with user_errors():
        generate_all()
        names = [k for k in list_kommuner() if load_params(k).demo]
        results = run_local([Task(k, None) for k in names], jobb or default_jobs())
        index = write_index()
    typer.echo(summarize(results))
    for result in results:
        html = [p for p in result.files if p.suffix == ".html"]
        if html:
            typer.echo(f"HTML-rapport för {result.kommun}: {html[0]}")
    typer.echo(f"Öppna indexet i en webbläsare: {index}")
    if any(r.status == "misslyckad" for r in results):
        raise typer.Exit(1)


@app.command("kolada")
def kolada(
    kommun: KommunArg,
    ar: YearOpt = None,
    url: Annotated[Optional[str], typer.Option("--url", help="Kolada-API:ts adress (standard: från params).")] = None,
    kommuner: Annotated[Optional[str], typer.Option("--kommuner", help="Kommunkoder att hämta, kommaseparerade (standard: alla kommuner och riket).")] = None,
) -> None:
    """Hämta brukarundersökningarnas nyckeltal från Kolada och spara dem bredvid kommunens data (för körning utan nät)."""
    from .chapters.brukarundersokningar.kolada import fetch_kolada
    from .config import load_params

    with user_errors():
        params = load_params(kommun, ar)
        codes = [c.strip() for c in kommuner.split(",")] if kommuner else None
        target = fetch_kolada(params, base_url=url, municipalities=codes)
    typer.echo(f"Sparade Kolada-data i {target}")


@app.command("ny-text")
def ny_text(kommun: KommunArg, ar: YearOpt = None) -> None:
    """Skapa textfilerna i texter/ för rapportens disposition, med en ledtext i varje (skriver aldrig över en fil)."""
    from .config import load_params
    from .run.runner import report_outline
    from .text_prompts import write_prompts

    with user_errors():
        params = load_params(kommun, ar)
        written, kept = write_prompts(params, report_outline(params))
    for path in written:
        typer.echo(f"Skapade {path}")
    if kept:
        typer.echo(f"{len(kept)} textfiler fanns redan och lämnades orörda.")
    if not written and not kept:
        typer.echo("Dispositionen har inga textavsnitt.")


@app.command("index")
def index() -> None:
    """Skriv om output/index.html från rapporterna som finns."""
    from .run.publish import write_index

    typer.echo(f"Skrev {write_index()}")


@app.command("publicera")
def publicera(
    mapp: Annotated[Path, typer.Argument(help="Mappen som ska läggas ut på intranätet (skapas eller ersätts).")],
    med_manifest: Annotated[bool, typer.Option("--med-manifest", help="Ta också med varje rapports manifest.json.")] = False,
    med_utkast: Annotated[bool, typer.Option("--med-utkast", help="Ta också med rapporter som är utkast.")] = False,
) -> None:
    """Kopiera indexet och rapporterna (HTML, DOCX, PDF, Excel) till en mapp för intranätet, utan arbetsfiler."""
    from .run.site import publish_site

    with user_errors():
        site = publish_site(mapp, with_manifest=med_manifest, with_drafts=med_utkast)
    typer.echo(f"Publicerat: {site.reports} rapporter, {site.files} filer i {site.folder}")
    typer.echo(f"Öppna {site.folder / 'index.html'} eller lägg ut hela mappen på webbservern.")
    if site.drafts_left_out:
        typer.echo(f"Utkast som inte publicerades: {', '.join(site.drafts_left_out)} (ta med dem med --med-utkast).")


@app.command("kontrakt")
def kontrakt(skriv: Annotated[bool, typer.Option("--skriv", help="Skriv till docs/indata.md i stället för att visa.")] = False) -> None:
    """Visa indatakontrakten: vilka kolumner varje kapitel läser och vilka värden som är tillåtna."""
    from .chapters.indata_doc import input_contracts_markdown

    text = input_contracts_markdown()
    if skriv:
        target = paths.project_root() / "docs" / "indata.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        typer.echo(f"Skrev {target}")
    else:
        typer.echo(text)


@app.command("lab")
def lab(port: Annotated[int, typer.Option(help="Port för JupyterLab (bara localhost).")] = 8888) -> None:
    """Starta JupyterLab i projektmappen (kärnor över IPC, servern bara på localhost); kapitelnotebookarna sparas utan utdata."""
    from .demo import generate_all
    from .run.lab import lab_command, lab_environment

    if not any(paths.demo_data_dir().glob("*/*/*.csv")):
        generate_all()  # Run All must work out of the box on the demo kommun

    command = lab_command(port, sys.executable)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    raise typer.Exit(subprocess.call(command, env=lab_environment(os.environ)))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
