"""Command line: ``kvb`` (Swedish commands for analysts). Thin: parses options, calls the API once.

Exit codes: 0 done; 1 a kommun failed, or an unexpected fault (one Swedish
line; ``kvb --felsok`` shows the traceback); 2 an error the user can fix
(KvbError: bad input, params, options, a full or read-only output folder),
printed as plain Swedish text; 128 + the signal when stopped (130 Ctrl-C,
143 SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import paths
from .errors import KvbError

if TYPE_CHECKING:
    from .run.batch import BatchOutcome

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


UNEXPECTED = "Ett oväntat fel inträffade i programmet (inte i dina indata). Kör igen som 'kvb --felsok {command}' för detaljer."


def debugging() -> bool:
    """``kvb --felsok`` (or KVB_FELSOK=1): show tracebacks of unexpected errors."""
    return os.environ.get("KVB_FELSOK", "") not in {"", "0"}


@app.callback()
def options(felsok: Annotated[bool, typer.Option("--felsok", help="Visa tekniska detaljer (traceback) vid oväntade fel.")] = False) -> None:
    """Kvalitetsberättelse: kör kapitelnotebooks per kommun och år och skapar rapporten (HTML, DOCX, PDF)."""
    if felsok:
        os.environ["KVB_FELSOK"] = "1"  # inherited by batch workers, so that their details are kept too


@contextlib.contextmanager
def user_errors(command: str = "") -> Iterator[None]:
    """Our own errors as plain text, exit 2; Ctrl-C and SIGTERM exit 128 + signal; any other error one Swedish line, exit 1."""
    from .run.stopping import Stopped, stop_on_sigterm, stop_own_kernels

    try:
        with stop_on_sigterm():
            yield
    except KvbError as exc:
        if debugging() and getattr(exc, "detail", None):
            typer.echo(exc.detail, err=True)  # type: ignore[attr-defined]
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    except (KeyboardInterrupt, Stopped) as stop:
        stop_own_kernels()
        typer.secho("Avbrutet. Inget ersattes: en tidigare rapport ligger i så fall kvar orörd.", fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)) from None
    except typer.Exit:  # a command's own exit code (a RuntimeError to Python), not a fault
        raise
    except Exception:
        if debugging():
            traceback.print_exc()
        typer.secho(UNEXPECTED.format(command=f"{command} …".strip()), fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


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
def demodata(
    nationellt: Annotated[bool, typer.Option("--nationellt", help="Skapa i stället syntetiska data för alla 290 kommuner i kommunlistan, "
                                             "för att mäta prestanda (se docs/prestanda.md).")] = False,
    mapp: Annotated[Optional[Path], typer.Option("--mapp", help="Mappen för de nationella data, med --nationellt (standard: data/nationellt/).",
                                                 show_default=False)] = None,
) -> None:
    """Skapa (eller återskapa) demodata för de påhittade demokommunerna i data/demo/, eller med --nationellt för alla kommuner."""
    with user_errors("demodata"):
        if not nationellt:
            if mapp is not None:
                raise KvbError("--mapp gäller bara de nationella data: skriv kvb demodata --nationellt --mapp <mapp>.")
            from .demo import generate_all

            files = generate_all()
            typer.echo(f"Skrev {len(files)} demofiler i {paths.demo_data_dir()}.")
            return
        from .demo.national import default_folder, generate_national
        from .run.batch import default_jobs

        folder = (mapp or default_folder()).resolve()
        files, count = generate_national(folder, jobs=default_jobs())
    typer.echo(f"Skrev {len(files)} filer för {count} kommuner i {folder}.")
    typer.echo(f"Kör dem med: KVB_PARAMS={folder / 'params'} kvb batch")


@app.command("rapport")
def rapport(kommun: KommunArg, ar: YearOpt = None, motor: EngineOpt = "auto", tvinga: ForceOpt = False, datum: DateOpt = None,
            utkast: DraftOpt = None, tidsgrans: TimeoutOpt = None) -> None:
    """Skapa en kommuns kvalitetsberättelse för ett år."""
    from .run.publish import write_index
    from .run.runner import run_report
    from .run.stopping import child_output_hidden

    with user_errors("rapport"):
        with child_output_hidden():  # the kernel starts here and inherits stderr
            result = run_report(kommun, ar, engine=_engine(motor), force=tvinga, report_date=_date(datum), draft=utkast,
                                cell_timeout=_timeout(tidsgrans))
        write_index()
    for note in result.notes:
        typer.echo(note)
    if result.status == "oförändrad":
        typer.echo(f"Oförändrad: indata, params och kod är desamma som förra körningen ({result.folder}). Använd --tvinga för att köra om.")
    else:
        typer.echo(f"Klar på {result.seconds:.1f} s.")
    for path in result.files:
        typer.echo(f"  {path}")
    for warning in result.warnings:
        typer.secho(f"Kontroll: {warning}", fg=typer.colors.YELLOW)


def _finish_batch(outcome: BatchOutcome, after: list[str]) -> None:
    """The batch's summary, the ``after`` lines, and what a stop left undone; exits with the batch's code."""
    from .run.batch import stopped_line, summarize

    typer.echo(summarize(outcome.results))
    if debugging():
        for result in outcome.results:
            if result.detail:
                typer.echo(f"--- {result.kommun} ---\n{result.detail}", err=True)
    for line in after:
        typer.echo(line)
    if outcome.signum is not None:
        typer.secho(stopped_line(outcome), fg=typer.colors.YELLOW)
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _check_cluster(tasks: list, scheduler: str | None) -> None:
    """``kvb batch --dask … --kontrollera``: one line per worker; exits 0 when all can run the batch, else 2."""
    from .run.dask_batch import check_cluster

    if not scheduler:
        raise KvbError("--kontrollera kontrollerar ett Dask-kluster: ange också --dask <adress>, t.ex. --dask tcp://server:8786.")
    lines, ok = check_cluster(tasks, scheduler)
    typer.echo("\n".join(lines))
    raise typer.Exit(0 if ok else 2)


@app.command("batch")
def batch(
    kommuner: Annotated[Optional[list[str]], typer.Argument(help="Kommuner att köra (standard: alla i params/).")] = None,
    ar: YearOpt = None,
    jobb: Annotated[int, typer.Option("--jobb", "-j", help="Antal parallella processer (standard: antal kärnor).")] = 0,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Kör på ett Dask-kluster, t.ex. tcp://server:8786.")] = None,
    tidsgrans_dask: Annotated[Optional[float], typer.Option("--tidsgrans-dask", help="Längsta tid i sekunder för hela körningen på Dask-klustret; kommuner som inte är klara då räknas som misslyckade.")] = None,
    vanta_pa_arbetare: Annotated[Optional[float], typer.Option("--vanta-pa-arbetare", help="Sekunder utan någon arbetare på Dask-klustret innan batchen ger upp (standard: 60); kommunerna som inte kördes räknas som misslyckade.", show_default=False)] = None,
    kontrollera: Annotated[bool, typer.Option("--kontrollera", help="Med --dask: kontrollera bara att varje arbetare har samma version, params, indata och utdatamapp som klienten; inget körs.")] = False,
    motor: EngineOpt = "auto",
    tvinga: ForceOpt = False,
    datum: DateOpt = None,
    utkast: DraftOpt = None,
    tidsgrans: TimeoutOpt = None,
) -> None:
    """Skapa rapporter för många kommuner parallellt; fortsätter förbi kommuner som misslyckas."""
    from .config import list_kommuner, resolve_kommun
    from .run.batch import Task, default_jobs, run_batch
    from .run.publish import write_index

    with user_errors("batch"):
        # An unknown name is a mistake in the command (exit 2), not a kommun that failed.
        names = [resolve_kommun(k) for k in kommuner] if kommuner else list_kommuner()
        tasks = [Task(k, ar, _engine(motor), tvinga, _date(datum), utkast, _timeout(tidsgrans)) for k in names]
        if kontrollera:
            _check_cluster(tasks, dask)
        outcome = run_batch(tasks, jobb or default_jobs(), dask, tidsgrans_dask, wait_for_workers=vanta_pa_arbetare)
        if outcome.cleaned:
            typer.echo(outcome.cleaned)
        index = write_index()
    _finish_batch(outcome, [f"Index över alla rapporter: {index}"])


@app.command("demo")
def demo(jobb: Annotated[int, typer.Option("--jobb", "-j", help="Antal parallella processer.")] = 0) -> None:
    """Skapa demodata och rendera demorapporterna för alla demokommuner."""
    from .config import list_kommuner, load_params
    from .demo import generate_all
    from .run.batch import Task, default_jobs, run_batch
    from .run.publish import write_index

    with user_errors("demo"):
        generate_all()
        names = [k for k in list_kommuner() if load_params(k).demo]
        outcome = run_batch([Task(k, None) for k in names], jobb or default_jobs())
        if outcome.cleaned:
            typer.echo(outcome.cleaned)
        index = write_index()
    html = [(r.kommun, p) for r in outcome.results for p in r.files if p.suffix == ".html"]
    _finish_batch(outcome, [f"HTML-rapport för {k}: {p}" for k, p in html] + [f"Öppna indexet i en webbläsare: {index}"])


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

    with user_errors("kolada"):
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

    with user_errors("ny-text"):
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
    """The ``kvb`` command: no traceback reaches the terminal, whatever fails outside a command."""
    try:
        app()
    except KeyboardInterrupt:
        typer.secho("Avbrutet.", fg=typer.colors.YELLOW, err=True)
        sys.exit(128 + signal.SIGINT)
    except Exception:
        if debugging():
            traceback.print_exc()
        typer.secho(UNEXPECTED.format(command="…"), fg=typer.colors.RED, err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
