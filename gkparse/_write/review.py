"""The review page: reports laid out as the national form, in one self-contained HTML file.

``gkparse review PATHS -o review.html`` and ``Report._repr_html_`` (Jupyter) write the same
view: a sortable list of reports, then each report's tables with their official rows and
columns.  A printed 0 shows as ``0``; a blank (nothing printed) as a light ``·``; a derived
value (``Report.derived``) in italics on a tinted cell; a cell placed by arithmetic with a
dotted border; a cell a finding is about in red, the findings listed under the table with the
cells they name.  Each cell's title gives its key, raw text and source line (and page).
The page loads nothing from elsewhere: its style and its small sorting script are inline.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Final

from gkparse.model import Cell, Finding, Report, Table
from gkparse.templates import TableSpec

_CSS: Final = """
.gkr{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-size:13px;color:#222}
.gkr table{border-collapse:collapse;margin:4px 0 10px}
.gkr th,.gkr td{border:1px solid #bbb;padding:2px 5px;vertical-align:top}
.gkr th{background:#f1f1f1;font-weight:600}
.gkr td.v{text-align:right;font-variant-numeric:tabular-nums;min-width:2.2em}
.gkr td.blank{color:#bbb;background:#fafafa}
.gkr td.derived{font-style:italic;background:#eef6ff;color:#124}
.gkr td.arithmetic{outline:2px dotted #a60;outline-offset:-3px}
.gkr td.flag{background:#fde2e2}
.gkr .label{max-width:26em}
.gkr .meta{color:#555}
.gkr .f-error{color:#b00}.gkr .f-warning{color:#a60}.gkr .f-info{color:#555}
.gkr .legend span{display:inline-block;padding:0 6px;margin-right:6px;border:1px solid #bbb}
.gkr th.sort{cursor:pointer}
"""
_SORT_JS: Final = """
document.querySelectorAll("table.sortable th.sort").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
    var asc = th.dataset.dir !== "asc"; th.dataset.dir = asc ? "asc" : "desc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[i].dataset.sort || a.cells[i].textContent, y = b.cells[i].dataset.sort || b.cells[i].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh");
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
document.body.dataset.review = "ready";
"""
_LEGEND: Final = (
    '<p class="legend"><span>0</span>printed 0 <span class="blank">·</span>blank (not printed) '
    '<span class="derived" style="font-style:italic;background:#eef6ff">5</span>derived, not printed '
    '<span style="outline:2px dotted #a60">7</span>placed by arithmetic '
    '<span style="background:#fde2e2">9</span>a finding names it</p>'
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _spec(report: Report, table: Table) -> TableSpec | None:
    for t in report.index.templates:
        if table.template in (None, t.name) or report.template == t.name:
            spec = t.table(table.name)
            if spec is not None and (table.template is None or t.name == table.template):
                return spec
    return None


def _flags(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        for k in f.keys:
            out.setdefault(k, []).append(f)
    return out


def _where(c: Cell) -> str:
    page = f", page {c.origin.page}" if c.origin is not None and c.origin.page is not None else ""
    return f"line {c.line}{page}"


def _cell(c: Cell | None, key: str, flags: dict[str, list[Finding]], row_key: str) -> str:
    named = flags.get(key, []) + flags.get(f"{row_key}.*", [])
    classes = ["v"]
    if named:
        classes.append("flag")
    if c is None:
        title = f"{key}: blank (nothing printed)" + "".join(f"; {f.code}" for f in named)
        return f'<td class="{" ".join([*classes, "blank"])}" data-key="{_e(key)}" title="{_e(title)}">·</td>'
    if c.derived:
        classes.append("derived")
        title = f"{key} = {c.value}: derived from {c.relation} (not printed)"
    else:
        if c.placed == "arithmetic":
            classes.append("arithmetic")
        title = f"{key}: printed {c.raw!r}, {_where(c)}" + (f", placed by {c.placed}" if c.placed else "")
    title += "".join(f"; {f.severity} {f.code}" for f in named)
    shown = "?" if c.value is None else str(c.value)
    value = "" if c.value is None else str(c.value)
    return (
        f'<td class="{" ".join(classes)}" data-key="{_e(key)}" data-value="{_e(value)}" '
        f'data-derived="{str(c.derived).lower()}" title="{_e(title)}">{_e(shown)}</td>'
    )


def table_html(report: Report, table: Table, flags: dict[str, list[Finding]]) -> str:
    """One table as the national form prints it: its rows and columns, every cell in place."""
    spec = _spec(report, table)
    cells = {c.key: c for c in table.cells}
    if spec is None:
        rows = "".join(f"<tr><td>{_e(c.key)}</td>{_cell(c, c.key, flags, '')}</tr>" for c in table.cells)
        return f"<table><tbody>{rows}</tbody></table>"
    cols = [c for c in spec.columns if any(c.key in r.columns for r in spec.rows)]
    head = "".join(f"<th>{_e(c.label)}</th>" for c in cols)
    body = []
    for r in spec.rows:
        row_key = f"{table.name}.{r.key}"
        tds = []
        for col in cols:
            if col.key not in r.columns:
                tds.append('<td class="na"></td>')
                continue
            key = f"{row_key}.{col.key}"
            tds.append(_cell(cells.get(key), key, flags, row_key))
        body.append(f'<tr><th class="label" title="{_e(row_key)}">{_e(r.label)}</th>{"".join(tds)}</tr>')
    title = f"{spec.title} <span class='meta'>({_e(table.name)}, {_e(table.layout)})</span>"
    return f"<h4>{title}</h4><table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _findings_html(findings: Sequence[Finding]) -> str:
    if not findings:
        return "<p class='meta'>no finding</p>"
    items = []
    for f in findings:
        where = f" (line {f.line})" if f.line else ""
        keys = f" <span class='meta'>[{_e(', '.join(f.keys))}]</span>" if f.keys else ""
        items.append(f"<li class='f-{f.severity}'>{f.severity} <b>{_e(f.code)}</b>{where}: {_e(f.message)}{keys}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _heading(report: Report) -> str:
    p = report.place
    place = " ".join(x for x in (p.province, p.city, p.county) if x) if p else ""
    parts = [
        f"organ {_e(report.organ or '—')}",
        f"place {_e(place or '—')}" + (f" ({_e(p.code)})" if p and p.code else ""),
        f"year {_e(report.year)}",
        f"template {_e(report.template)}",
        f"{_e(report.source_format)} / {_e(report.layout)}",
        f"{sum(1 for c in report.cells() if not c.derived)} cells printed",
    ]
    derived = sum(1 for c in report.cells() if c.derived)
    if derived:
        parts.append(f"{derived} derived")
    return " · ".join(parts)


def report_section(report: Report, anchor: str = "") -> str:
    """One report: its heading, its tables as the national form, and its findings."""
    flags = _flags([f for f in report.findings if f.severity != "info"])
    tables = "".join(table_html(report, t, flags) for t in report.tables) or "<p class='meta'>no table found</p>"
    ident = f' id="{_e(anchor)}"' if anchor else ""
    return (
        f"<section{ident} class='report'><h3>{_e(report.source or 'report')}</h3>"
        f"<p class='meta'>{_heading(report)}</p>{tables}<h4>Findings</h4>{_findings_html(report.findings)}</section>"
    )


def report_html(report: Report) -> str:
    """A report as Jupyter shows it (``Report._repr_html_``): styled, no script."""
    return f"<div class='gkr'><style>{_CSS}</style>{_LEGEND}{report_section(report)}</div>"


def _index_row(i: int, item: Report) -> str:
    p = item.place
    place = " ".join(x for x in (p.province, p.city, p.county) if x) if p else ""
    errors = sum(f.severity == "error" for f in item.findings)
    cells = sum(1 for c in item.cells() if not c.derived)
    return (
        f"<tr><td><a href='#r{i}'>{_e(item.source)}</a></td><td>{_e(item.organ or '')}</td><td>{_e(place)}</td>"
        f"<td>{_e(item.year or '')}</td><td>{_e(item.template or '')}</td><td>{_e(item.source_format)}</td>"
        f"<td data-sort='{cells}'>{cells}</td><td data-sort='{errors}'>{errors}</td></tr>"
    )


def review_html(
    reports: Iterable[Report], failures: Iterable[tuple[str, str]] = (), title: str = "gkparse review"
) -> str:
    """The whole review page: the sortable list of reports, each report, and the files that failed."""
    listed = list(reports)
    heads = ("file", "organ", "place", "year", "template", "format", "cells", "errors")
    index = "".join(_index_row(i, r) for i, r in enumerate(listed))
    failed = "".join(f"<li>{_e(s)}: {_e(reason)}</li>" for s, reason in failures)
    sections = "".join(report_section(r, f"r{i}") for i, r in enumerate(listed))
    return (
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body class='gkr'>"
        f"<h1>{_e(title)}</h1><p class='meta'>{len(listed)} report(s)</p>{_LEGEND}"
        "<table class='sortable' id='reports'><thead><tr>"
        + "".join(f"<th class='sort'>{h}</th>" for h in heads)
        + f"</tr></thead><tbody>{index}</tbody></table>"
        + (f"<h2>Files that failed</h2><ul>{failed}</ul>" if failed else "")
        + f"{sections}<script>{_SORT_JS}</script></body></html>"
    )
