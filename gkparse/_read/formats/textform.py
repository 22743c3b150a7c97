"""A document's content as the pipeline reads it: a text form, and grid rows whose every cell is in place.

The text form holds the document's prose lines and one line per table row
(its cells joined by tabs), so a cell's ``line`` points at the line that
prints it; the metadata and the narrative check read the text form.  The
table rows become positioned grid rows straight from the document's grid:
merged positions are fillers, empty cells are empty cells, and every cell
keeps its origin (page, table, row, column).  Prose lines are read as text
lines are (they carry the section headings between tables).
"""

from __future__ import annotations

import heapq

from gkparse._read import layouts
from gkparse._read.cells import cell
from gkparse._read.document import Document
from gkparse._read.formats.content import DocContent, DocTable
from gkparse._read.grid import GridCell, GridRow, grid_cell, grid_row
from gkparse.model import Finding, Origin


def text_form(content: DocContent) -> tuple[str, dict[int, tuple[DocTable, int]]]:
    """The document as text, and for each line that prints a table row: (table, row index)."""
    lines: list[str] = []
    rows: dict[int, tuple[DocTable, int]] = {}
    for item in content.items:
        if isinstance(item, str):
            lines.append(item.replace("\n", " "))
            continue
        for k, row in enumerate(item.rows):
            texts = [c.text for c in row]
            line = "\t".join(texts)
            if line.count("\t") != len(texts) - 1 or "\n" in line:  # a cell's own tab or line break: a space
                line = "\t".join(t.replace("\t", " ").replace("\n", " ") for t in texts)
            lines.append(line)
            rows[len(lines)] = (item, k)
    return "\n".join(lines) + "\n", rows


def _table_row(n: int, table: DocTable, k: int, fmt: str, rid: int) -> GridRow:
    cells: list[GridCell] = []
    width = 0
    index = table.index
    for c in table.rows[k]:
        origin = Origin(c.page, index, c.row, c.col)
        if c.spanned:
            cells.append(grid_cell("filler", "", n, fmt, rid, c.col, origin=origin))
            continue
        width = c.col + 1
        if not c.text:
            cells.append(grid_cell("empty", "", n, fmt, rid, c.col, origin=origin))
            continue
        g = cell(c.text, n, fmt, rid, c.col, origin)
        if g.kind != "page":  # type: ignore[comparison-overlap]  # classify() also knows page furniture
            cells.append(g)
    return grid_row(tuple(cells), True, fmt, width)


def rows_of(
    doc: Document, content: DocContent, table_lines: dict[int, tuple[DocTable, int]]
) -> tuple[list[GridRow], list[Finding]]:
    """The grid rows of a document — its table rows in place, its prose read as text lines, in line
    order — and what reading the prose lines noticed."""
    fmt = content.layout or content.format
    # table rows get ids far above those the text reader gives its own positioned rows
    table_rows = [
        _table_row(n, table, k, fmt, 10**9 + i) for i, (n, (table, k)) in enumerate(sorted(table_lines.items()))
    ]
    text = layouts.read(doc, skip=table_lines.keys())
    prose = (r for r in text.rows if r.cells)
    merged = heapq.merge(prose, (r for r in table_rows if r.cells), key=lambda r: r.cells[0].line)
    return list(merged), text.findings
