"""Stage 3, lines → tables without rules: each value placed under the header cell it stands under.

Many PDFs made from Word or WPS keep only some rules of a table, or none.  Their
rows are lines of text: a label, then values (numbers or placeholders) at the
x-positions of their columns.  Among the lines of a page that no ruled table holds:

* a *run* is a sequence of value lines (label words, then only values) with the
  label-only lines among them and right around them (labels wrapped around their
  values); the left edge of its leftmost value divides labels from values;
* its *header* is the block of lines just above it; their words right of every label
  of the run, or reaching over its values, give the value columns (`header.columns`),
  or the columns of the table that ended the page before when the run opens a page
  without a header of its own;
* each value goes to the one column whose header it overlaps horizontally.  A row with
  a value under no column or under two, or two values under one column, keeps its label
  but none of its values, and a ``document.unaligned_row`` finding says so;
* the label pieces are put back into the rows' label cells (`labels.row_labels`).

A run becomes a table: per value line one row — its label cells, fillers up to the
value columns, the values in place and blanks as empty cells.  The header lines stay
prose.  A run whose header names no columns stays prose lines, as text readers read
them, with a ``document.unruled_table`` finding.
"""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

from gkparse._read.formats.content import DocTable, build_table
from gkparse._read.formats.pdf.header import Column, columns, overlap, vocabulary
from gkparse._read.formats.pdf.labels import Piece, pieces_of, row_labels
from gkparse._read.formats.pdf.lines import Line, Word
from gkparse._read.formats.pdf.settings import PdfSettings
from gkparse._read.text import is_placeholder, norm_label, read_number

__all__ = ["Columns", "Line", "Unruled", "read"]

Columns: TypeAlias = "list[Column] | None"
"""The columns of a table without rules, carried to its continuation on the next page."""
Finding = tuple[str, str]


class Unruled(NamedTuple):
    """What this stage read of a page: the prose lines and label cells no row took (by top), the tables at
    their tops, and the columns of a table that ends the page."""

    prose: list[tuple[float, str]]
    tables: list[tuple[float, DocTable]]
    columns: Columns = None


class _Run(NamedTuple):
    head: int
    """Index of the run's first line (label-only lines above its first value line included)."""
    tail: int
    """Index of its last line (label-only lines below its last value line included)."""
    header: list[Word]
    """The words of the lines above the run that stand right of its labels."""
    boundary: float
    """The left edge of the run's leftmost value: words wholly left of it are labels."""


def _is_value(word: Word) -> bool:
    return read_number(word.text) is not None or is_placeholder(word.text)


def _values_of(line: Line) -> int:
    """The index of the line's first value word when every word from it on is a value, else -1."""
    first = -1
    for k, w in enumerate(line.words):
        if _is_value(w):
            if first < 0:
                first = k
        elif first >= 0:
            return -1
    return first


def _labels(line: Line, start: int) -> tuple[Word, ...]:
    """The label words of a line: those before its first value (all of a line without values)."""
    return line.words[:start] if start >= 0 else line.words


def _height(line: Line) -> float:
    return max(line.bottom - line.top, 1.0)


def _near(lines: list[Line], k: int, settings: PdfSettings) -> bool:
    """True when line ``k - 1`` stands close enough above line ``k`` to belong with it."""
    return lines[k].top - lines[k - 1].bottom <= settings.header_gap * _height(lines[k - 1])


def _prose_like(line: Line, edge: float, boundary: float, settings: PdfSettings) -> bool:
    """A line with a word running from among the labels into the values: a heading or a paragraph (a
    header cell starts right of the labels).  With no label known, one that reaches well left of the values."""
    if edge <= 0:
        edge = boundary - settings.prose_reach * _height(line)
    return any(w.x0 < edge and w.x1 > boundary for w in line.words)


def _headerlike(line: Line, boundary: float, names: frozenset[str]) -> bool:
    """A line that ends a run: it reaches over the values, or a word of it is a column's name."""
    return line.x1 > boundary or any(norm_label(w.text) in names for w in line.words)


def _edge(lines: list[Line], starts: list[int], first: int, last: int) -> float:
    """The right edge of the labels of the value lines ``first``..``last`` (0 when none has a label)."""
    words = (w for i in range(first, last + 1) if starts[i] >= 0 for w in lines[i].words[: starts[i]])
    return max((w.x1 for w in words), default=0.0)


def _label_only(line: Line, edge: float, boundary: float, names: frozenset[str]) -> bool:
    """A line of labels only: every word starts left of the labels' right edge (or, with no label
    known, ends left of the values), and none names a column."""
    limit = edge if edge > 0 else boundary
    return all(w.x0 < limit and w.x1 <= boundary for w in line.words) and not _headerlike(line, boundary, names)


def _runs(lines: list[Line], starts: list[int], names: frozenset[str], settings: PdfSettings) -> list[_Run]:
    """The runs of value lines of a page, each with the header words above it."""
    runs: list[_Run] = []
    k, done = 0, -1
    while k < len(lines):
        if starts[k] < 0:
            k += 1
            continue
        boundary = min(w.x0 for w in lines[k].words[starts[k] :])
        last, j = k, k + 1
        while j < len(lines) and _near(lines, j, settings):
            if starts[j] >= 0:
                boundary = min(boundary, *(w.x0 for w in lines[j].words[starts[j] :]))
                last = j
            elif _headerlike(lines[j], boundary, names):
                break  # a header or prose line: the run ends
            j += 1
        edge = _edge(lines, starts, k, last)
        tail = last
        header_next = (
            j < len(lines) and _near(lines, j, settings) and not _prose_like(lines[j], edge, boundary, settings)
        )
        while not header_next and tail + 1 < j and _label_only(lines[tail + 1], edge, boundary, names):
            tail += 1  # labels wrapped below the last values (not the title of the block a header opens)
        head = k
        while (
            head - 1 > done
            and starts[head - 1] < 0
            and _near(lines, head, settings)
            and _label_only(lines[head - 1], edge, boundary, names)
        ):
            head -= 1
        edge = max((w.x1 for i in range(head, tail + 1) for w in _labels(lines[i], starts[i])), default=0.0)
        header: list[Word] = []
        h = head
        while h - 1 > done and starts[h - 1] < 0 and _near(lines, h, settings):
            if _prose_like(lines[h - 1], edge, boundary, settings):
                break
            header += [w for w in lines[h - 1].words if w.x1 > boundary or w.x0 >= edge]
            h -= 1
        if head < k and not header:
            head = k  # no header: the lines above are not the run's
        runs.append(_Run(head, tail, header, boundary))
        done = tail
        k = tail + 1
    return runs


def _place(values: tuple[Word, ...], cols: list[Column], settings: PdfSettings) -> list[int] | None:
    """The column of each value: the one whose header it overlaps; None when one overlaps none or two,
    or two values stand under one column."""
    out: list[int] = []
    for w in values:
        under = [k for k, c in enumerate(cols) if overlap(w, c.x0, c.x1) >= settings.overlap]
        if len(under) != 1 or under[0] in out:
            return None
        out.append(under[0])
    return out


def _table(
    lines: list[Line], starts: list[int], run: _Run, cols: list[Column], page_no: int, settings: PdfSettings
) -> tuple[DocTable, list[tuple[float, str]], list[Finding]]:
    """The run's value lines as table rows: label cells, fillers up to the value columns, values in place."""
    anchors = [k for k in range(run.head, run.tail + 1) if starts[k] >= 0]
    pieces: list[Piece] = []
    for k in range(run.head, run.tail + 1):
        words = _labels(lines[k], starts[k])
        pieces += pieces_of(words, k, starts[k] >= 0, settings)
    table_rows, left = row_labels(lines, pieces, anchors, settings)
    findings: list[Finding] = []
    rows: list[tuple[list[str], list[str]]] = []
    for _, labels, anchor in table_rows:
        cells = [""] * len(cols)
        if anchor is not None:
            values = lines[anchor].words[starts[anchor] :]
            where = _place(values, cols, settings)
            if where is None:
                shown = ", ".join(w.text for w in values)
                findings.append(
                    (
                        "document.unaligned_row",
                        f"page {page_no}: row '{' '.join(labels)}' of a table without ruling lines has value(s) "
                        f"{shown} that do not each stand under one header cell: not read",
                    )
                )
            else:
                for c, w in zip(where, values, strict=True):
                    cells[c] = w.text
        rows.append((labels, cells))
    width = max(len(label) for label, _ in rows)
    page: int | None = page_no
    grid = [
        [(t, False, page) for t in label]
        + [("", True, page)] * (width - len(label))
        + [(c, False, page) for c in cells]
        for label, cells in rows
    ]
    return build_table(0, grid, page_no), left, findings


def read(
    lines: list[Line], page_no: int, settings: PdfSettings, carried: Columns = None
) -> tuple[Unruled, list[Finding]]:
    """The tables without rules among a page's lines, and what stays prose.

    Args:
        lines: the page's lines outside its ruled tables, top to bottom.
        page_no: the page's number, for the cells and the findings.
        settings: the reader's tolerances.
        carried: the columns of the table without rules that ended the page before: the page's
            first run of values, if no header of its own stands above it, continues that table.

    Returns:
        The prose, the tables and the columns of a table that ends the page; ``(code, message)`` findings.
    """
    known = vocabulary()
    starts = [_values_of(ln) for ln in lines]
    tables: list[tuple[float, DocTable]] = []
    findings: list[Finding] = []
    prose: list[tuple[float, str]] = []
    used: set[int] = set()
    textual = 0
    cols: Columns = None
    runs = _runs(lines, starts, known.names, settings)
    for n, run in enumerate(runs):
        cols = columns(run.header, known) if run.header else (carried if n == 0 else None)
        if not cols:
            textual += sum(1 for k in range(run.head, run.tail + 1) if starts[k] >= 0)
            continue
        table, left, row_findings = _table(lines, starts, run, cols, page_no, settings)
        tables.append((lines[run.head].top, table))
        prose += left
        findings += row_findings
        used.update(range(run.head, run.tail + 1))
    if tables:
        message = f"page {page_no}: {len(tables)} table(s) without ruling lines read by the position of their values"
        findings.insert(0, ("document.unruled_table", message + " under their header cells"))
    if textual >= 2:
        message = f"page {page_no}: a table without ruling lines whose header does not name its columns"
        findings.append(("document.unruled_table", message + " was read as text lines"))
    prose += [(ln.top, ln.text) for k, ln in enumerate(lines) if k not in used]
    ends = bool(runs) and cols is not None and not any(s >= 0 for s in starts[runs[-1].tail + 1 :])
    return Unruled(prose, tables, cols if ends else None), findings
