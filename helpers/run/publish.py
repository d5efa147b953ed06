"""The intranet index: ``output/index.html`` lists every kommun and year with links to its reports.

Below the list, an overview of every report's headline key figures
(``overview``, ``overview_page``), and beside the index the same figures in
Excel (``nyckeltal.xlsx``, ``overview_workbook``). The page is self-contained
(no external files; one inline script, allowed by its hash) and accessible:
real tables with caption and header cells, Swedish language, AA contrast.
Copy the whole ``output/`` folder to a web server as it is.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from .. import paths
from ..errors import KvbError
from ..formatting import swedish_sort_key
from .manifest import read_manifest
from .overview import overview_rows
from .overview_page import WORKBOOK_NAME, index_policy, overview_section
from .overview_workbook import write_overview_workbook

LABELS = {".html": "Webbsida (HTML)", ".docx": "Word (DOCX)", ".pdf": "PDF", ".xlsx": "Tabeller (Excel)"}

PAGE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{policy}
<title>Kvalitetsberättelser – alla organisationer och år</title>
<style>
body {{ font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5; }}
h1 {{ color: #0b5394; overflow-wrap: break-word; hyphens: auto; }}
table {{ border-collapse: collapse; width: 100%; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .4rem; }}
th, td {{ text-align: left; border-bottom: 1px solid #8c8c8c; padding: .4rem .6rem; vertical-align: top; }}
thead th {{ border-bottom: 2px solid #1a1a1a; background: #eef1f5; }}
a {{ color: #0b5394; }}
a:focus, a:hover {{ outline: 2px solid #0b5394; outline-offset: 2px; }}
.missing {{ color: #8a4b00; }}
.draft {{ color: #8a4b00; font-weight: 600; }}
.table-scroll {{ overflow-x: auto; max-width: 100%; position: relative; }}
.table-scroll > table {{ min-width: 44rem; }}  /* on a phone the table scrolls in its region instead of squeezing its columns */
td a {{ white-space: nowrap; }}
.table-scroll:focus {{ outline: 2px solid #0b5394; outline-offset: 2px; }}
h2 {{ color: #0b5394; margin-top: 2.5rem; }}
th.num, td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
th.num {{ white-space: normal; }}
#oversikt th button {{ font: inherit; color: inherit; background: none; border: 0; padding: 0; margin: 0; text-align: inherit; cursor: pointer; }}
#oversikt th button:focus, #oversikt th button:hover {{ outline: 2px solid #0b5394; outline-offset: 2px; text-decoration: underline; }}
.filter {{ margin: 1rem 0; }}
.filter input {{ font: inherit; padding: .3rem .4rem; border: 1px solid #5c5c5c; max-width: 100%; box-sizing: border-box; }}
.filter input:focus {{ outline: 2px solid #0b5394; outline-offset: 2px; }}
@media (max-width: 30rem) {{ body {{ padding: .75rem; }} h1 {{ font-size: 1.6rem; }} }}
</style>
</head>
<body>
<main>
<h1>Kvalitetsberättelser</h1>
<p>Rapporter för {count} kommuner och andra organisationer. Senast uppdaterad {updated}.</p>
<div class="table-scroll" role="region" aria-labelledby="rapporter-rubrik" tabindex="0">
<table>
<caption id="rapporter-rubrik">Kvalitetsberättelser per organisation och år (utkast är markerade)</caption>
<thead><tr><th scope="col">Organisation</th><th scope="col">Kommunkod</th><th scope="col">År</th><th scope="col">Rapporter</th><th scope="col">Kapitel utan data</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>
{overview}
</main>
</body>
</html>
"""


def collect_reports(root: Path) -> list[dict]:
    """Every finished report under ``root`` (one per ``<kommun>/<år>/manifest.json``)."""
    reports = []
    for manifest_path in sorted(root.glob("*/*/manifest.json")):
        manifest = read_manifest(manifest_path.parent)
        if manifest:
            manifest["_folder"] = manifest_path.parent
            reports.append(manifest)
    # Swedish order (Åby before Ängby before Östby), the latest year first: the order the overview calls ascending.
    return sorted(reports, key=lambda m: (swedish_sort_key(m.get("kommunnamn", "")), -int(m.get("ar", 0))))


def _row(report: dict, root: Path) -> str:
    folder: Path = report["_folder"]
    links = []
    for name in report.get("filer", []):
        path = folder / name
        if path.exists():
            href = html.escape(str(path.relative_to(root)).replace("\\", "/"))
            label = LABELS.get(path.suffix, path.suffix)
            links.append(f'<a href="{href}">{label}<span class="visually-hidden"> – {html.escape(report["kommunnamn"])} {report["ar"]}</span></a>')
    missing = [info.get("titel", c) for c, info in report.get("kapitel", {}).items() if info.get("data_saknas")]
    missing_text = f'<span class="missing">{html.escape(", ".join(missing))}</span>' if missing else "–"
    draft = ' <span class="draft">(utkast)</span>' if report.get("utkast") else ""
    return (
        f'<tr><th scope="row">{html.escape(report["kommunnamn"])}{draft}</th><td>{html.escape(report["kommunkod"])}</td>'
        f'<td>{report["ar"]}</td><td>{" · ".join(links)}</td><td>{missing_text}</td></tr>'
    )


def write_index(root: Path | None = None, now: datetime | None = None) -> Path:
    """Write ``index.html`` and ``nyckeltal.xlsx`` beside it, each atomically (temporary file, then rename)."""
    root = root or paths.output_dir()
    root.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now()
    reports = collect_reports(root)
    page = index_page(reports, root, now)
    target = root / "index.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    try:
        write_overview_workbook(root / WORKBOOK_NAME, overview_rows(reports), now.date())
    except KvbError as exc:
        raise KvbError(f"{exc} Indexet {target} är uppdaterat; kör 'kvb index' när Excelfilen är stängd.") from None
    return target


def index_page(reports: list[dict], root: Path, now: datetime | None = None) -> str:
    """The index as HTML: one row per report, links relative to ``root`` (the folder the index lies in)."""
    page = PAGE.format(
        policy=index_policy((paths.RESOURCES_DIR / "innehallspolicy.html").read_text(encoding="utf-8").strip()),
        count=len({r["kommun"] for r in reports}),
        updated=(now or datetime.now()).strftime("%Y-%m-%d %H:%M"),
        rows="\n".join(_row(r, root) for r in reports) or '<tr><td colspan="5">Inga rapporter ännu.</td></tr>',
        overview=overview_section(overview_rows(reports)),
    )
    return page.replace("</style>", ".visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }\n</style>")
