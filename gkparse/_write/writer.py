"""Streaming rows of a fixed set of columns to JSON lines, one JSON array, CSV or Parquet.

CSV is spreadsheet-safe: a text cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (a formula to Excel or LibreOffice) is
written with a leading ``'``, as OWASP recommends; plain numbers are left
alone.  ``csv-excel`` is CSV in UTF-8 with a byte-order mark, so that a
double-click in Excel shows Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any, Final

from gkparse._extras import need
from gkparse._write.frames import arrow_schema, to_arrow_rows
from gkparse._write.output import COLLECTED, FORMATS
from gkparse._write.records import columns
from gkparse.errors import GkparseError

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_JSON: Final = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps builds one per call
_NUMBER: Final = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(v: Any) -> Any:
    """A CSV cell that no spreadsheet will run as a formula."""
    if isinstance(v, str) and v.startswith(_FORMULA_START) and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


Encoded = Any
"""Rows ready to write: JSON lines or CSV text (str), or an Arrow table for Parquet."""


def encode(rows: list[dict[str, Any]], fmt: str, shape: str, keys: Sequence[str] | None = None) -> Encoded:
    """Rows of a shape as the text of a format (Parquet: an Arrow table, built where the rows are);
    ``keys``: the wide shape's key columns (default: the registered templates' keys)."""
    if fmt == "parquet":
        return to_arrow_rows(rows, shape, keys)
    if fmt in ("jsonl", "json"):  # JSON: lines here, joined into one array by the Writer
        return "".join([_JSON(r) + "\n" for r in rows])
    buf = io.StringIO()
    cols = columns(shape, keys)
    writer = csv.writer(buf, lineterminator="\r\n" if fmt == "csv-excel" else "\n")
    writer.writerows([spreadsheet_safe(r[c]) for c in cols] for r in rows)
    return buf.getvalue()


class Writer:
    """Streams rows of a shape to an open file in one format."""

    def __init__(
        self, fh: IO[Any], fmt: str, shape: str, batch: int = 65536, keys: Sequence[str] | None = None
    ) -> None:
        """Start the output (CSV header, byte-order mark) on ``fh``; ``keys``: the wide shape's key columns.

        Raises:
            GkparseError: unknown format, or pyarrow missing for Parquet.
        """
        if fmt not in FORMATS or fmt in COLLECTED:
            streamed = ", ".join(f for f in FORMATS if f not in COLLECTED)
            raise GkparseError(f"format {fmt!r} is not streamed row by row: use one of {streamed}")
        self.fh, self.fmt, self.shape, self.batch = fh, fmt, shape, batch
        self.keys = tuple(keys) if keys is not None else None
        self.cols = columns(shape, keys)
        self._pending: list[Any] = []  # Arrow tables not yet written
        self._rows = 0
        self._pq: Any = None
        self._opened = False  # JSON: the array's first element is written
        if fmt == "parquet":
            need("pyarrow", "arrow", purpose="Parquet output")
        elif fmt == "json":
            fh.write("[")
        elif fmt != "jsonl":
            if fmt == "csv-excel":
                fh.write("\ufeff")
            fh.write(encode([dict(zip(self.cols, self.cols, strict=True))], fmt, shape, keys))

    def write(self, rows: Iterable[dict[str, Any]] | Encoded) -> None:
        """Write rows: dicts with the shape's columns, or what [`encode`][gkparse._write.writer.encode] made."""
        if self.fmt == "json":
            text = rows if isinstance(rows, str) else encode(list(rows), "jsonl", self.shape, self.keys)
            if text:
                self.fh.write(("\n" if not self._opened else ",\n") + text.rstrip("\n").replace("\n", ",\n"))
                self._opened = True
        elif isinstance(rows, str):
            self.fh.write(rows)
        elif self.fmt == "parquet":
            table = rows if hasattr(rows, "num_rows") else to_arrow_rows(list(rows), self.shape, self.keys)
            self._pending.append(table)
            self._rows += table.num_rows
            if self._rows >= self.batch:
                self._flush()
        else:
            self.fh.write(encode(list(rows), self.fmt, self.shape, self.keys))

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if self._pq is None:
            self._pq = pq.ParquetWriter(self.fh, arrow_schema(self.shape, self.keys))
        if self._pending:
            import pyarrow as pa

            self._pq.write_table(pa.concat_tables(self._pending))
        self._pending, self._rows = [], 0

    def close(self) -> None:
        """Finish the output (Parquet: the last row group and the footer; JSON: the array's end)."""
        if self.fmt == "json":
            self.fh.write("\n]\n")
        if self.fmt == "parquet":
            self._flush()
            self._pq.close()
