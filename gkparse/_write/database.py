"""Database and workbook outputs: SQLite, DuckDB (``gkparse[duckdb]``) and Excel (``gkparse[excel]``).

A database has three tables joined by ``report_key``:

* ``reports`` — one row per file read (the wide shape's report columns, no key columns),
  ``report_key`` its primary key: the ``content_id``, else the ``report_id``, else
  ``source:PATH`` (a failure, a report without cells);
* ``cells`` — one row per cell (the tidy shape's cell columns), ``report_key`` referencing
  ``reports``;
* ``findings`` — one row per finding, ``report_key`` referencing ``reports``.

Writing to an existing database appends: a report whose ``content_id`` or ``report_id`` is
already there (from an earlier run, or earlier in this one) is not added again. The file is
written to a copy renamed into place when complete, so a run that fails leaves the old one.

A workbook has the sheets ``reports`` (the wide shape), ``cells`` (tidy) and ``findings``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from gkparse._extras import need
from gkparse._write.records import (
    WIDE_META,
    Column,
    Failure,
    Outcome,
    finding_rows,
    shape_columns,
    tidy_rows,
    wide_row,
)
from gkparse.errors import OutputError

_SQL_TYPES: Final = {"string": "TEXT", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN"}
_CELL_ONLY: Final = (
    "key",
    "table",
    "row",
    "col",
    "value",
    "value_exact",
    "raw",
    "line",
    "placed",
    "derived",
    "relation",
)
_FINDING_ONLY: Final = ("severity", "code", "message", "keys", "line", "relation", "left", "right", "source")
EXCEL_MAX_ROWS: Final = 1_048_575


def _columns(shape: str, names: Sequence[str]) -> list[Column]:
    by_name = {c.name: c for c in shape_columns(shape, ())}
    return [by_name[n] for n in names]


def table_columns() -> dict[str, list[Column]]:
    """The columns of the three tables, ``report_key`` first."""
    key = Column("report_key", "string", "the report's key: content_id, else report_id, else source:PATH")
    return {
        "reports": [key, *_columns("wide", WIDE_META)],
        "cells": [key, *_columns("tidy", _CELL_ONLY)],
        "findings": [key, *_columns("findings", _FINDING_ONLY)],
    }


def schema_sql() -> list[str]:
    """``CREATE TABLE IF NOT EXISTS`` statements of the three tables, with their keys."""
    out = []
    for name, cols in table_columns().items():
        defs = [f'"{c.name}" {_SQL_TYPES[c.kind]}' for c in cols]
        if name == "reports":
            defs[0] += " PRIMARY KEY"
        else:
            defs.append('FOREIGN KEY ("report_key") REFERENCES reports ("report_key")')
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(defs)})")
    return out


def report_key(item: Outcome) -> str:
    """The key of a report in a database (see the module notes)."""
    if isinstance(item, Failure):
        return f"source:{item.source}"
    return item.content_id or item.report_id or f"source:{item.source}"


def _records(item: Outcome) -> dict[str, list[dict[str, Any]]]:
    key = report_key(item)
    cols = table_columns()
    wide = wide_row(item, ())
    cells = [r for r in tidy_rows(item) if r["key"] is not None]
    return {
        "reports": [{"report_key": key, **{c.name: wide[c.name] for c in cols["reports"][1:]}}],
        "cells": [{"report_key": key, **{c: r[c] for c in _CELL_ONLY}} for r in cells],
        "findings": [{"report_key": key, **{c: r[c] for c in _FINDING_ONLY}} for r in _finding_rows(item)],
    }


def _finding_rows(item: Outcome) -> list[dict[str, Any]]:
    rows = finding_rows(item)
    for r, f in zip(rows, [] if isinstance(item, Failure) else item.findings, strict=True):
        r["source"] = f.source
    return rows


@contextlib.contextmanager
def _staged(path: str) -> Iterator[str]:
    """A copy of ``path`` (when it exists) to write, renamed over it when the block ends without error."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.part")
    try:
        if os.path.exists(path):
            shutil.copyfile(path, tmp)
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_database(path: str, items: Iterable[Outcome], fmt: str) -> tuple[int, int]:
    """Append reports to a SQLite or DuckDB database; return (reports added, reports already there).

    Raises:
        MissingExtraError: DuckDB asked for and not installed.
        OutputError: the file cannot be written or is not a database of these tables.
    """
    with _staged(path) as tmp:
        if fmt == "duckdb":
            duckdb = need("duckdb", "duckdb", purpose="DuckDB output")
            con: Any = duckdb.connect(tmp)
        else:
            con = sqlite3.connect(tmp)
        try:
            return _append(con, items, fmt)
        except (sqlite3.Error, RuntimeError) as e:
            raise OutputError(f"{path} is not a gkparse database gkparse can append to: {e}") from None
        finally:
            con.close()


def _append(con: Any, items: Iterable[Outcome], fmt: str) -> tuple[int, int]:
    for stmt in schema_sql():
        con.execute(stmt)
    seen_keys = {r[0] for r in con.execute("SELECT report_key FROM reports").fetchall()}
    seen_ids = {r[0] for r in con.execute("SELECT report_id FROM reports WHERE report_id IS NOT NULL").fetchall()}
    batch: dict[str, list[dict[str, Any]]] = {"reports": [], "cells": [], "findings": []}
    added = skipped = 0
    for item in items:
        key = report_key(item)
        rid = None if isinstance(item, Failure) else item.report_id
        if key in seen_keys or (rid is not None and rid in seen_ids):
            skipped += 1
            continue
        seen_keys.add(key)
        if rid is not None:
            seen_ids.add(rid)
        for name, rows in _records(item).items():
            batch[name].extend(rows)
        added += 1
    cols = table_columns()
    for name, rows in batch.items():
        if not rows:
            continue
        names = [c.name for c in cols[name]]
        marks = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{n}"' for n in names)
        con.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", [[r[n] for n in names] for r in rows])
    con.commit()
    return added, skipped


def write_excel(path: str, items: Iterable[Outcome]) -> None:
    """A workbook with the sheets reports (wide), cells (tidy) and findings.

    Raises:
        MissingExtraError: openpyxl is not installed (``gkparse[excel]``).
        OutputError: a sheet would pass Excel's 1,048,576 rows.
    """
    openpyxl = need("openpyxl", "excel", purpose="Excel output")
    listed = list(items)
    from gkparse._write.records import columns, rows, wide_keys

    keys = wide_keys(listed)
    book = openpyxl.Workbook(write_only=True)
    for name, shape in (("reports", "wide"), ("cells", "tidy"), ("findings", "findings")):
        sheet = book.create_sheet(name)
        names = columns(shape, keys if shape == "wide" else None)
        sheet.append(list(names))
        for n, r in enumerate(rows(listed, shape, keys=keys if shape == "wide" else None), 1):
            if n > EXCEL_MAX_ROWS:
                raise OutputError(f"the {name} sheet would pass Excel's row limit: write .parquet or .duckdb")
            sheet.append([r[c] for c in names])
    with _staged(path) as tmp:
        if os.path.exists(tmp):
            os.unlink(tmp)
        book.save(tmp)
