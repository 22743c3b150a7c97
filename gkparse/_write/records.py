"""Records for analysis: reports (and files that failed) as flat rows.

Two shapes:

* **tidy** — one row per cell: ``source, status, error, template, year, organ,
  key, table, row, col, value, raw, line``.  A report with no cell still gives
  one row (``status="no_cells"``) and a file that could not be read gives one
  row (``status="failed"``) with the reason, so no file ever disappears from
  an output.
* **wide** — one row per report: ``source, status, error, template, year,
  organ, layout, ok, findings, errors, warnings`` and one column per key of
  the data dictionary (both templates).

Values are JSON-safe: counts are ints, money is a decimal string, blanks None.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Final

import attrs

from gkparse import _schema
from gkparse.model import Report, Value


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

_HEAD: Final = ("source", "status", "error", "template", "year", "organ")
TIDY_COLUMNS: Final = (*_HEAD, "key", "table", "row", "col", "value", "raw", "line")
WIDE_META: Final = (*_HEAD, "layout", "ok", "findings", "errors", "warnings")
KEYS: Final = tuple(k.key for k in _schema.all_keys())
WIDE_COLUMNS: Final = WIDE_META + KEYS
SHAPES: Final = ("tidy", "wide")


def json_value(v: Value) -> int | str | None:
    """A cell value in JSON-safe form: int, decimal string, or None."""
    return str(v) if isinstance(v, Decimal) else v


def _no_cells_reason(report: Report) -> str:
    worst = [f for f in report.findings if f.severity != "info"] or list(report.findings)
    return "; ".join(f"{f.code}: {f.message}" for f in worst[:3]) or "no cell was read"


def tidy_rows(item: Outcome) -> list[dict[str, Any]]:
    """The tidy rows of one report or failure."""
    if isinstance(item, Failure):
        return [dict.fromkeys(TIDY_COLUMNS) | {"source": item.source, "status": "failed", "error": item.reason}]
    head = {
        "source": item.source,
        "template": item.template,
        "year": item.year,
        "organ": item.organ,
    }
    rows = [
        {
            **head,
            "status": "ok",
            "error": None,
            "key": c.key,
            "table": c.table,
            "row": c.row,
            "col": c.col,
            "value": json_value(c.value),
            "raw": c.raw,
            "line": c.line,
        }
        for c in item.cells()
    ]
    if not rows:
        rows = [dict.fromkeys(TIDY_COLUMNS) | head | {"status": "no_cells", "error": _no_cells_reason(item)}]
    return [{k: r[k] for k in TIDY_COLUMNS} for r in rows]


def wide_row(item: Outcome) -> dict[str, Any]:
    """The wide row of one report or failure."""
    row: dict[str, Any] = dict.fromkeys(WIDE_COLUMNS)
    if isinstance(item, Failure):
        row.update(source=item.source, status="failed", error=item.reason)
        return row
    cells = {c.key: json_value(c.value) for c in item.cells()}
    row.update(
        source=item.source,
        status="ok" if cells else "no_cells",
        error=None if cells else _no_cells_reason(item),
        template=item.template,
        year=item.year,
        organ=item.organ,
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


def rows(items: Iterable[Outcome], shape: str = "tidy") -> Iterator[dict[str, Any]]:
    """Rows of the given shape for reports and failures, in order."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    for item in items:
        if shape == "tidy":
            yield from tidy_rows(item)
        else:
            yield wide_row(item)


def columns(shape: str) -> tuple[str, ...]:
    """The column names of a shape, in order."""
    return TIDY_COLUMNS if shape == "tidy" else WIDE_COLUMNS
