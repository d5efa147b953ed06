"""The overview on the index page: an accessible table of key figures, sortable and filterable with a small inline script.

Without JavaScript the table is complete (the filter stays hidden). The
script is allowed by the page's Content-Security-Policy through its SHA-256
hash, and by nothing else: ``default-src 'none'`` stays.
"""

from __future__ import annotations

import base64
import hashlib
import html

from ..errors import KvbError
from .overview import FIGURES, Cell, OverviewRow, header_of

WORKBOOK_NAME = "nyckeltal.xlsx"
HEADING = "Översikt: nyckeltal per organisation och år"

SCRIPT = """
(function () {
  var table = document.getElementById('oversikt');
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  rows.forEach(function (row, i) { row.setAttribute('data-order', String(i)); });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var input = document.getElementById('oversikt-sok');
  var status = document.getElementById('oversikt-status');
  var kept = function (row, i) {
    var cell = row.cells[i];
    return cell && cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : null;
  };
  var sortBy = function (i, direction) {
    var sign = direction === 'ascending' ? 1 : -1;
    rows.sort(function (a, b) {
      var x = kept(a, i), y = kept(b, i), order = Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
      if (x === null || y === null) { return x === y ? order : (x === null ? 1 : -1); }
      var d = i === 0 ? x.localeCompare(y, 'sv', { sensitivity: 'base' }) ||
        Number(b.cells[0].getAttribute('data-year')) - Number(a.cells[0].getAttribute('data-year')) : Number(x) - Number(y);
      return d !== 0 ? sign * d : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    heads.forEach(function (th, j) {
      th.setAttribute('aria-sort', j === i ? direction : 'none');
      var mark = th.querySelector('.sort-mark');
      if (mark) { mark.textContent = j === i ? (direction === 'ascending' ? ' \\u25b2' : ' \\u25bc') : ''; }
    });
  };
  heads.forEach(function (th, i) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      sortBy(i, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    });
  });
  var count = function (list) {
    var seen = {};
    list.forEach(function (row) { seen[row.getAttribute('data-kommun')] = true; });
    return Object.keys(seen).length;
  };
  var filter = function () {
    var query = input.value.trim().toLocaleLowerCase('sv');
    rows.forEach(function (row) {
      row.hidden = query !== '' && row.cells[0].getAttribute('data-value').toLocaleLowerCase('sv').indexOf(query) === -1;
    });
    var all = count(rows), shown = count(rows.filter(function (row) { return !row.hidden; }));
    status.textContent = 'Visar ' + shown + ' av ' + all + (all === 1 ? ' organisation' : ' organisationer');
  };
  if (input && status) {
    input.addEventListener('input', filter);
    document.getElementById('oversikt-filter').hidden = false;
  }
})();
"""


def script_hash(script: str = SCRIPT) -> str:
    """The CSP source that allows exactly this script: ``'sha256-…'`` of its text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def index_policy(policy: str, script: str = SCRIPT) -> str:
    """The reports' policy with one addition: the overview's script, by its hash."""
    anchor = "default-src 'none';"
    if anchor not in policy:
        raise KvbError("Innehållspolicyn (helpers/resources/innehallspolicy.html) saknar \"default-src 'none';\". "
                       "Återställ filen; indexet skrevs inte.")
    return policy.replace(anchor, f"{anchor} script-src {script_hash(script)};", 1)


def _number_attr(cell: Cell) -> str:
    return f' data-value="{cell.number!r}"' if cell.number is not None else ""


def _cell(cell: Cell) -> str:
    if cell.state == "saknas":
        return '<td class="num"><span aria-hidden="true">–</span><span class="visually-hidden">uppgift saknas</span></td>'
    if cell.state == "maskerat":
        hidden = "dolt för att skydda personuppgifter" if cell.text.startswith("<") else \
            "dolt så att små antal inte kan räknas fram"
        return f'<td class="num">{html.escape(cell.text)}<span class="visually-hidden"> ({hidden})</span></td>'
    return f'<td class="num"{_number_attr(cell)}>{html.escape(cell.text)}</td>'


def _row(row: OverviewRow) -> str:
    draft = ' <span class="draft">(utkast)</span>' if row.draft else ""
    name = html.escape(row.name)
    head = (f'<th scope="row" data-value="{name}" data-year="{row.year}">{name} {row.year}{draft}</th>')
    return f'<tr data-kommun="{html.escape(row.kommun)}">{head}{"".join(_cell(c) for c in row.cells)}</tr>'


def _header(text: str, numeric: bool, sort: str | None = None) -> str:
    state = f' aria-sort="{sort}"' if sort else ""
    mark = " \u25b2" if sort == "ascending" else ""
    css = ' class="num"' if numeric else ""
    return (f'<th scope="col"{css}{state}><button type="button">{html.escape(text)}'
            f'<span class="sort-mark" aria-hidden="true">{mark}</span></button></th>')


def overview_section(rows: list[OverviewRow]) -> str:
    """The section below the list of reports; empty when there are no reports."""
    if not rows:
        return ""
    organisations = len({r.kommun for r in rows})
    noun = "organisation" if organisations == 1 else "organisationer"
    heads = [_header("Organisation och år", False, "ascending")]
    heads += [_header(header_of(f, i, rows), True) for i, f in enumerate(FIGURES)]
    return f"""<section aria-labelledby="oversikt-rubrik">
<h2 id="oversikt-rubrik">{HEADING}</h2>
<p>Rapporternas viktigaste nyckeltal sida vid sida, med samma tal som i rapporterna. – betyder att uppgiften saknas
(kapitlet finns inte i rapporten eller saknar data); &lt;5 och .. är små antal som döljs som i rapporten.
Sortera med knapparna i kolumnrubrikerna. <a href="{WORKBOOK_NAME}">Alla nyckeltal i Excel</a> (en rad per organisation och år).</p>
<div id="oversikt-filter" class="filter" hidden>
<label for="oversikt-sok">Filtrera på organisation</label>
<input type="search" id="oversikt-sok" autocomplete="off">
<p id="oversikt-status" role="status">Visar {organisations} av {organisations} {noun}</p>
</div>
<div class="table-scroll" role="region" aria-labelledby="oversikt-tabelltext" tabindex="0">
<table id="oversikt">
<caption id="oversikt-tabelltext">Nyckeltal per organisation och år</caption>
<thead><tr>{"".join(heads)}</tr></thead>
<tbody>
{chr(10).join(_row(r) for r in rows)}
</tbody>
</table>
</div>
</section>
<script>{SCRIPT}</script>"""
