"""Stage 3, cells → tables → document: pages joined into the document's items.

A ruled table's cells (boxes) become a grid: column boundaries are the distinct left
edges of its cells, row boundaries their distinct tops, and a cell covers the positions
whose boundaries lie inside it (merged cells expanded, ``spanned``).  A table that
opens a page with the same left and right edges as the last table of the page before
continues it; a row cut by the page break is joined back.  Running headers and
footers around such a break are dropped.
"""

from __future__ import annotations

import bisect
import re

import attrs

from gkparse._read.formats.content import DocTable, build_table
from gkparse._read.formats.pdf.ruled import Box
from gkparse._read.formats.pdf.settings import PdfSettings
from gkparse._read.text import read_number

Placed = tuple[float, "str | list[Box] | DocTable"]
"""An item of a page at its top: a prose line, a ruled table's cells, or a table read without rules."""

_NO_TABLE = float("inf")
_DIGITS = re.compile(r"\d+")
_ITEM = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}\s*[)）、.．]")


def _bounds(values: list[float], tol: float) -> list[float]:
    """Sorted distinct coordinates, values closer than ``tol`` merged."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


Grid = list[list[tuple[str, bool, int | None]]]


def _grid(boxes: list[Box], tol: float) -> tuple[Grid, dict[tuple[int, int], tuple[int, int]]]:
    """Expand cell boxes into rows of ``(text, spanned, page)``, and the cell that covers each spanned position."""
    xs = _bounds([b[0] for b in boxes], tol)
    ys = _bounds([b[1] for b in boxes], tol)
    grid: dict[tuple[int, int], tuple[str, bool, int | None]] = {}
    owners: dict[tuple[int, int], tuple[int, int]] = {}
    pages: dict[int, int] = {}
    left = bisect.bisect_left
    for x0, top, x1, bottom, text, page_no in boxes:
        c0, r0 = max(0, left(xs, x0 - tol)), max(0, left(ys, top - tol))
        c1, r1 = max(c0 + 1, left(xs, x1 - tol)), max(r0 + 1, left(ys, bottom - tol))
        for r in range(r0, r1):
            pages.setdefault(r, page_no)
            for c in range(c0, c1):
                if (r, c) not in grid:
                    grid[(r, c)] = ("", True, page_no)
                    owners[(r, c)] = (r0, c0)
        grid[(r0, c0)] = (text, False, page_no)
        owners.pop((r0, c0), None)
    rows = [[grid.get((r, c), ("", False, pages.get(r))) for c in range(len(xs))] for r in range(len(ys))]
    return rows, owners


def _is_number(text: str) -> bool:
    return read_number(text) is not None


def _join_split_row(rows: Grid, owners: dict[tuple[int, int], tuple[int, int]], k: int) -> bool:
    """Join row ``k`` into the rows above when it is the part of a row cut by a page break; True if joined.

    Joined: the label on page N with blank numbers and the numbers on page N+1
    with a blank label (the first row holds no number, the second only
    numbers, all right of the first row's texts), or a wrapped label (the
    second row holds only non-numeric text, not starting like a numbered item,
    each below non-numeric text of the first row — or of the merged cell whose
    column it is, as a group label spanning rows).
    """
    prev, nxt = rows[k - 1], rows[k]
    width = len(prev)
    targets = [owners.get((k - 1, i), (k - 1, i)) for i in range(width)]
    above = [rows[r][c][0] if c == i else "" for i, (r, c) in enumerate(targets)]  # a colspan is not above
    a = [c[0] for c in prev]
    b = [c[0] for c in nxt]
    filled_a = [i for i, t in enumerate(a) if t]
    filled_b = [i for i, t in enumerate(b) if t]
    if not filled_a or not filled_b:
        return False
    side_by_side = (
        max(filled_a) < min(filled_b)
        and not any(_is_number(a[i]) for i in filled_a)
        and all(_is_number(b[i]) for i in filled_b)
    )
    wrapped = all(
        above[i] and not _is_number(above[i]) and not _is_number(b[i]) and not _ITEM.match(b[i]) for i in filled_b
    )
    if not (side_by_side or wrapped):
        return False
    for i, ((ta, sa, pa), (tb, _, pb)) in enumerate(zip(prev, nxt, strict=True)):
        r, c = targets[i] if wrapped and tb else (k - 1, i)
        if (r, c) != (k - 1, i):  # text continuing a group label that spans rows
            text, spanned, page = rows[r][c]
            rows[r][c] = (text + tb, spanned, page)
            continue
        rows[k - 1][i] = (ta + tb, sa and not tb, pb if tb or not ta else pa)
    del rows[k]
    return True


def _table(index: int, boxes: list[Box], settings: PdfSettings) -> DocTable:
    """Build a table from the boxes of one or more pages, joining rows cut by a page break."""
    rows, owners = _grid(boxes, settings.cell_edges)
    k = 1
    while k < len(rows):
        if rows[k][0][2] != rows[k - 1][0][2] and _join_split_row(rows, owners, k):
            owners = {(r - (r > k), c): (r0 - (r0 > k), c0) for (r, c), (r0, c0) in owners.items() if r != k}
            continue
        k += 1
    return build_table(index, rows, boxes[0][5])


def _same_frame(a: list[Box], b: list[Box], settings: PdfSettings) -> bool:
    """True when two tables have the same left and right edges (a table continued)."""
    tol = settings.same_frame
    return (
        abs(min(x[0] for x in a) - min(x[0] for x in b)) < tol
        and abs(max(x[2] for x in a) - max(x[2] for x in b)) < tol
    )


def _key(line: str) -> str:
    """A line with its numbers blanked, so "… - 3 -" and "… - 4 -" compare equal."""
    return _DIGITS.sub("#", line)


def _tops(placed: list[Placed]) -> list[float]:
    return [top for top, item in placed if not isinstance(item, str)]


def _margin_keys(placed: list[Placed]) -> set[str]:
    """Keys of the lines above the first table and below the last one."""
    tops = _tops(placed)
    first, last = min(tops, default=_NO_TABLE), max(tops, default=_NO_TABLE)
    return {_key(item) for top, item in placed if isinstance(item, str) and (top < first or top > last)}


def _drop_running_lines(pages: list[list[Placed]]) -> None:
    """Remove running headers and footers around tables that continue over a page break.

    A line above the first table or below the last table of a page whose
    text (numbers blanked, so page numbers differ) is also in such a margin of
    the neighbouring page is page furniture (the organ's name, the title, the
    page number).  It is removed at the foot of page N and the head of page
    N+1 when both pages hold tables, so the table can be joined.
    """
    margins = [_margin_keys(placed) for placed in pages]
    for n in range(len(pages) - 1):
        before, after = pages[n], pages[n + 1]
        last, first = max(_tops(before), default=_NO_TABLE), min(_tops(after), default=_NO_TABLE)
        if last == _NO_TABLE or first == _NO_TABLE:
            continue
        common = margins[n] & margins[n + 1]
        before[:] = [p for p in before if not (isinstance(p[1], str) and p[0] > last and _key(p[1]) in common)]
        after[:] = [p for p in after if not (isinstance(p[1], str) and p[0] < first and _key(p[1]) in common)]


def assemble(pages: list[list[Placed]], settings: PdfSettings) -> list[str | DocTable]:
    """Document items: running lines dropped, a table continued at the top of the next page joined, tables numbered."""
    _drop_running_lines(pages)
    raw: list[str | list[Box] | DocTable] = []
    for placed in pages:
        for k, (_, item) in enumerate(placed):
            last = raw[-1] if raw else None
            if k == 0 and isinstance(item, list) and isinstance(last, list) and _same_frame(last, item, settings):
                last.extend(item)
            else:
                raw.append(item)
    items: list[str | DocTable] = []
    count = 0
    for item in raw:
        if isinstance(item, str):
            items.append(item)
            continue
        count += 1
        items.append(_table(count, item, settings) if isinstance(item, list) else attrs.evolve(item, index=count))
    return items
