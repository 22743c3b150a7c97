"""A document format added from outside gkparse: one reader module and one table entry (CSV exports)."""

from __future__ import annotations

import csv
import io

from gkparse._read.formats.content import DocContent, Format, build_table


def read_csv(data: bytes) -> DocContent:
    """A CSV export of a report's tables: one table, every cell in place; a blank line ends a table."""
    items: list[str | object] = []
    rows: list[list[tuple[str, bool, int | None]]] = []
    for rec in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        if not any(x.strip() for x in rec):
            if rows:
                items.append(build_table(sum(1 for i in items if not isinstance(i, str)) + 1, rows))
                rows = []
            continue
        if len(rec) == 1:
            items.append(rec[0].strip())
            continue
        rows.append([(x.strip(), False, None) for x in rec])
    if rows:
        items.append(build_table(sum(1 for i in items if not isinstance(i, str)) + 1, rows))
    return DocContent("csv", tuple(items))  # type: ignore[arg-type]


FORMAT = Format(
    kind="csv",
    title="CSV export",
    suffixes=(".csv",),
    extra="csv",
    requires=(),
    sniff=lambda head, data, name: (name or "").lower().endswith(".csv"),
    read=read_csv,
    order=80,
)
