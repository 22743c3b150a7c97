"""Records for analysis: reports (and files that failed) as flat rows.

Three shapes, each with one fixed type per column (see [`COLUMNS`][gkparse._write.records.COLUMNS]):

* **tidy** — one row per cell: ``source, status, error, template, year, organ, …,
  key, table, row, col, value, value_exact, raw, line, placed, derived, relation``.  A report with no
  cell still gives one row (``status="no_cells"``) and a file that could not
  be read gives one row (``status="failed"``) with the reason, so no file ever
  disappears from an output.
* **wide** — one row per report: ``source, status, error, template, year,
  organ, layout, ok, findings, errors, warnings`` and one column per key of
  the templates the reports were read in (by default the registered ones: both
  national templates), taken when the rows are made, never frozen at import.
* **findings** — one row per finding: ``source, severity, code, message,
  keys, line, relation, left, right``.

Every shape's rows of a report start with who and what it is: ``report_id``, ``content_id``
and the organ's place (``province, city, county, code, level``).

``value`` (and every key column of the wide shape) is a float — a JSON
number, a Parquet ``double`` — so that it sums and plots; ``value_exact`` is
the exact decimal text (``"94600"``, ``"125565.17"``).  Blanks are null.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import attrs

from gkparse import templates as templates_
from gkparse.model import Finding, Report, Value


@attrs.frozen
class Failure:
    """A file of a batch that could not be read or parsed, and why.

    Attributes:
        source: the file's path.
        reason: a one-line human-readable reason.
    """

    source: str
    reason: str


Outcome = Report | Failure
"""What a batch gives for one file: its [`Report`][gkparse.Report] or a [`Failure`][gkparse.Failure]."""


@attrs.frozen
class Column:
    """One column of the row formats: its name, its type and what it means.

    Attributes:
        name: the column name.
        kind: ``"string"``, ``"int"``, ``"float"`` or ``"bool"`` (every column may be null).
        meaning: one line for the data dictionary.
    """

    name: str
    kind: str
    meaning: str


_HEAD: Final = (
    Column("source", "string", "the file read (non-UTF-8 bytes of its name written as \\xNN)"),
    Column("status", "string", "ok, no_cells (read, no table) or failed (see error)"),
    Column("error", "string", "why the file failed or has no cells; null when ok"),
    Column("template", "string", "2019 or 2021: the national template the tables follow"),
    Column("year", "int", "the year the report covers"),
    Column("organ", "string", "the organ (机关) that published the report"),
    Column("source_format", "string", "what was read: text, html, pdf or docx"),
    Column("report_id", "string", "CODE/ORGAN/YEAR: the same organ's report for the same year (null when unknown)"),
    Column("content_id", "string", "fingerprint of the year and the printed cells: the same report in two files"),
    Column("province", "string", "the organ's province-level division (needs gkparse[places])"),
    Column("city", "string", "the organ's prefecture-level division"),
    Column("county", "string", "the organ's county-level division"),
    Column("code", "string", "GB/T 2260 code of the organ's most specific division found (six digits)"),
    Column("level", "string", "national, provincial, city, county, township or department"),
)
_TIDY: Final = (
    *_HEAD,
    Column("key", "string", "the cell key TABLE.ROW.COL (see the data dictionary)"),
    Column("table", "string", "active, requests or appeals"),
    Column("row", "string", "row key"),
    Column("col", "string", "column key"),
    Column("value", "float", "the number: a count, or money in yuan; null when not known"),
    Column("value_exact", "string", "the exact decimal text of value (money keeps its cents)"),
    Column("raw", "string", "the cell as printed"),
    Column("line", "int", "1-based line of the input"),
    Column("placed", "string", "how its column was decided: count, position, convention, total or arithmetic"),
    Column("derived", "bool", "true for a value computed from the relations (derived=True), never printed"),
    Column("relation", "string", "for a derived value, the relation that determined it"),
)
_WIDE_META: Final = (
    *_HEAD,
    Column("layout", "string", "lines, tabs, pipes, html, pdf, docx, mixed or none"),
    Column("ok", "bool", "no error finding"),
    Column("findings", "int", "number of findings"),
    Column("errors", "int", "number of error findings"),
    Column("warnings", "int", "number of warning findings"),
)
_FINDINGS: Final = (
    Column("source", "string", "the file the finding is about"),
    Column("severity", "string", "error, warning or info"),
    Column("code", "string", "the finding code (see the finding codes page)"),
    Column("message", "string", "what a careful reader would note"),
    Column("keys", "string", "the cell keys involved, separated by spaces"),
    Column("line", "int", "1-based line of the input, when the finding points at one"),
    Column("relation", "string", "for an arithmetic finding, the relation as text"),
    Column("left", "float", "for an arithmetic finding, the value of the relation's left side"),
    Column("right", "float", "for an arithmetic finding, the value of the relation's right side"),
)
TIDY_COLUMNS: Final = tuple(c.name for c in _TIDY)
WIDE_META: Final = tuple(c.name for c in _WIDE_META)
SHAPES: Final = ("tidy", "wide")
_SHAPES: Final = {"tidy": _TIDY, "wide": _WIDE_META, "findings": _FINDINGS}


def wide_keys(items: Iterable[Outcome] = (), templates: Iterable[templates_.Template] | None = None) -> tuple[str, ...]:
    """The key columns of the wide shape: every key of the given templates, else of the templates the
    reports were read in (each key once, in data-dictionary order), else of the registered ones."""
    if templates is not None:
        return templates_.index(tuple(templates)).keys_order
    indexes = list(dict.fromkeys(item.index for item in items if isinstance(item, Report)))
    if not indexes:
        return templates_.current().keys_order
    if len(indexes) == 1:
        return indexes[0].keys_order
    return templates_.index(tuple(dict.fromkeys(t for ix in indexes for t in ix.templates))).keys_order


def shape_columns(shape: str, keys: Sequence[str] | None = None) -> tuple[Column, ...]:
    """The columns of a shape, in order, with their types (wide: ``keys``, default `wide_keys`)."""
    check_shape(shape)
    if shape != "wide":
        return _SHAPES[shape]
    keys = wide_keys() if keys is None else keys
    return _WIDE_META + tuple(Column(k, "float", "the cell's value (see value)") for k in keys)


def check_shape(shape: str) -> None:
    """Raise ValueError unless ``shape`` is ``"tidy"``, ``"wide"`` or ``"findings"``."""
    if shape not in _SHAPES:
        raise ValueError(f"shape must be one of {', '.join(_SHAPES)}, not {shape!r}")


def printable(path: str) -> str:
    """A path as UTF-8 text: bytes of a non-UTF-8 file name (e.g. GBK) written as ``\\xNN``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogateescape") if _escaped_only(path) else path.encode("utf-8", "replace")
        return raw.decode("utf-8", "backslashreplace")


def _escaped_only(path: str) -> bool:
    return all(not 0xD800 <= ord(ch) <= 0xDFFF or 0xDC80 <= ord(ch) <= 0xDCFF for ch in path)


def _float(v: Value) -> float | None:
    """The value as a float; None when blank or beyond float range (value_exact keeps the digits)."""
    if v is None:
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _exact(v: Value) -> str | None:
    return None if v is None else str(v)


def _no_cells_reason(report: Report) -> str:
    worst = [f for f in report.findings if f.severity != "info"] or list(report.findings)
    return "; ".join(f"{f.code}: {f.message}" for f in worst[:3]) or "no cell was read"


def _source(item: Outcome) -> str | None:
    return None if item.source is None else printable(str(item.source))


def _head(report: Report) -> dict[str, Any]:
    """The columns every row of a report starts with: where it came from, what and whose it is."""
    place = report.place
    return {
        "source": _source(report),
        "template": report.template,
        "year": report.year,
        "organ": report.organ,
        "source_format": report.source_format,
        "report_id": report.report_id,
        "content_id": report.content_id,
        "province": place.province if place else None,
        "city": place.city if place else None,
        "county": place.county if place else None,
        "code": place.code if place else None,
        "level": place.level if place else None,
    }


def tidy_rows(item: Outcome) -> list[dict[str, Any]]:
    """The tidy rows of one report or failure."""
    if isinstance(item, Failure):
        return [dict.fromkeys(TIDY_COLUMNS) | {"source": _source(item), "status": "failed", "error": item.reason}]
    head = _head(item)
    rows = [
        {
            **head,
            "status": "ok",
            "error": None,
            "key": c.key,
            "table": c.table,
            "row": c.row,
            "col": c.col,
            "value": _float(c.value),
            "value_exact": _exact(c.value),
            "raw": c.raw,
            "line": c.line,
            "placed": c.placed,
            "derived": c.derived,
            "relation": c.relation,
        }
        for c in item.cells()
    ]
    if not rows:
        rows = [dict.fromkeys(TIDY_COLUMNS) | head | {"status": "no_cells", "error": _no_cells_reason(item)}]
    return [{k: r[k] for k in TIDY_COLUMNS} for r in rows]


def wide_row(item: Outcome, keys: Sequence[str] | None = None) -> dict[str, Any]:
    """The wide row of one report or failure, with a column per key (default: `wide_keys` of the item)."""
    row: dict[str, Any] = dict.fromkeys(WIDE_META + tuple(wide_keys([item]) if keys is None else keys))
    if isinstance(item, Failure):
        row.update(source=_source(item), status="failed", error=item.reason)
        return row
    cells = {c.key: _float(c.value) for c in item.cells()}
    row.update(
        _head(item),
        status="ok" if cells else "no_cells",
        error=None if cells else _no_cells_reason(item),
        layout=item.layout,
        ok=item.ok,
        findings=len(item.findings),
        errors=sum(f.severity == "error" for f in item.findings),
        warnings=sum(f.severity == "warning" for f in item.findings),
    )
    for k, v in cells.items():
        if k in row:
            row[k] = v
    return row


def finding_row(source: str | None, f: Finding) -> dict[str, Any]:
    """One finding as a row of the findings shape."""
    where = f.source if f.source is not None else source
    return {
        "source": None if where is None else printable(str(where)),
        "severity": f.severity,
        "code": f.code,
        "message": f.message,
        "keys": " ".join(f.keys),
        "line": f.line,
        "relation": f.relation,
        "left": _float(f.left),
        "right": _float(f.right),
    }


def finding_rows(item: Outcome) -> list[dict[str, Any]]:
    """The findings of one report as rows (a failure has none: it is a row of the cells output)."""
    if isinstance(item, Failure):
        return []
    return [finding_row(item.source, f) for f in item.findings]


def rows(
    items: Iterable[Outcome], shape: str = "tidy", *, keys: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of the given shape for reports and failures, in order.

    Args:
        items: reports and failures, e.g. the outcomes of [`parse_paths`][gkparse.parse_paths].
        shape: ``"tidy"`` (one row per cell), ``"wide"`` (one row per report)
            or ``"findings"`` (one row per finding).
        keys: the key columns of the wide shape (default: `wide_keys` of the items, which
            are then read into a list first).

    Raises:
        ValueError: the shape is not one of these.
    """
    check_shape(shape)
    if shape == "wide" and keys is None:
        items = list(items)
        keys = wide_keys(items)
    for item in items:
        if shape == "tidy":
            yield from tidy_rows(item)
        elif shape == "wide":
            yield wide_row(item, keys)
        else:
            yield from finding_rows(item)


def columns(shape: str, keys: Sequence[str] | None = None) -> tuple[str, ...]:
    """The column names of a shape, in order (wide: with ``keys``, default `wide_keys`)."""
    return tuple(c.name for c in shape_columns(shape, keys))


_JSON_TYPES: Final = {"string": "string", "int": "integer", "float": "number", "bool": "boolean"}


def row_schema(shape: str = "tidy", templates: Iterable[templates_.Template] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one row written by ``gkparse parse`` or [`rows`][gkparse.rows].

    Args:
        shape: ``"tidy"``, ``"wide"`` or ``"findings"``.
        templates: the templates whose keys the wide shape has (default: the registered ones).

    Returns:
        A schema every JSON line of that shape validates against: each column
        has one JSON type (or null), ``value`` is always a number.
    """
    cols = shape_columns(shape, wide_keys(templates=templates))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://gkparse.invalid/schema/row-{shape}-1.json",
        "title": f"gkparse {shape} row",
        "type": "object",
        "additionalProperties": False,
        "required": [c.name for c in cols],
        "properties": {c.name: {"type": [_JSON_TYPES[c.kind], "null"], "description": c.meaning} for c in cols},
    }
