"""Stage 3c, label pieces → row labels: the label cells of each row of a table without rules.

In a table without rules a row's label may wrap over several lines, with the
row's values on one of them (the first, the middle or the last, as the cell is
aligned), and a group label may stand in a column of its own, one character
per line.  The label words of a run of lines are cut into *pieces* (a gap of
`PdfSettings.label_gap` line heights separates two), and the pieces are put
back into cells:

* single characters stacked on consecutive lines at one position are a vertical
  label, one cell;
* any other piece continues the cell whose last piece stands right above it (lines of
  other columns may stand between), overlapping it — unless it opens a numbered item
  (``1.``, ``（三）``, ``一、``), or both are a row's own label on its value line (the
  last label piece there: two rows);
* a cell with a row's own label piece belongs to that row; any other cell (a
  group label, a label wrapped above or below its values) to the row whose band (its
  value line and own label) it touches vertically, the clearly nearest of two.  A
  cell that touches no row is a row of its own without values (a row left blank);
  one that opens a numbered item below the last row (a heading after the table) is
  given back as prose.

A wrong join leaves a label that names no row, and its values unread: no number
goes to another row.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from gkparse._read.formats.pdf.lines import Line, Word
from gkparse._read.formats.pdf.settings import PdfSettings

_ITEM: Final = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}\s*[)）、.．]")


class Piece(NamedTuple):
    """Label words of one line that stand together."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: int
    anchored: bool = False
    """The piece is a row's own label on the row's value line: the last label piece there."""


class _Cell:
    __slots__ = ("anchor", "pieces")

    def __init__(self, piece: Piece) -> None:
        self.pieces = [piece]
        self.anchor: int | None = None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def top(self) -> float:
        return self.pieces[0].top

    @property
    def bottom(self) -> float:
        return self.pieces[-1].bottom


def pieces_of(words: tuple[Word, ...], line: int, valued: bool, settings: PdfSettings) -> list[Piece]:
    """A line's label words joined into pieces: a gap wider than `PdfSettings.label_gap` character heights
    cuts.  On a value line (``valued``) the last piece is the row's own label (``anchored``)."""
    out: list[Piece] = []
    for w in words:
        if out and w.x0 - out[-1].x1 <= settings.label_gap * (w.bottom - w.top):
            p = out[-1]
            out[-1] = Piece(p.text + " " + w.text, p.x0, w.x1, min(p.top, w.top), max(p.bottom, w.bottom), line)
        else:
            out.append(Piece(w.text, w.x0, w.x1, w.top, w.bottom, line))
    if valued and out:
        out[-1] = out[-1]._replace(anchored=True)
    return out


def _single(p: Piece) -> bool:
    return len(p.text.strip()) == 1


def _below(last: Piece, p: Piece, settings: PdfSettings) -> bool:
    """True when ``p`` stands right below ``last`` (the next line of a cell): overlapping horizontally, and
    no further below it than line spacing (lines of other columns may stand between them)."""
    return (
        min(last.x1, p.x1) - max(last.x0, p.x0) > 0
        and last.top < p.top
        and p.top - last.bottom <= settings.line_gap + 0.5 * (last.bottom - last.top)
    )


def _cells(pieces: list[Piece], settings: PdfSettings) -> list[_Cell]:
    """Pieces stacked into cells, top to bottom (see the module docstring)."""
    cells: list[_Cell] = []
    for p in sorted(pieces, key=lambda q: (q.top, q.x0)):
        owner = None
        for c in reversed(cells):
            last = c.pieces[-1]
            if not _below(last, p, settings):
                continue
            if _single(p) and _single(last) and abs((p.x0 + p.x1) - (last.x0 + last.x1)) / 2 <= settings.stack:
                owner = c  # a vertical label, one character per line
            elif not (_single(last) and len(c.pieces) > 1) and not _ITEM.match(p.text):
                owner = c if not (p.anchored and c.anchor is not None) else None
            break
        if owner is None:
            owner = _Cell(p)
            cells.append(owner)
        else:
            owner.pieces.append(p)
        if p.anchored and owner.anchor is None:
            owner.anchor = p.line
    return cells


def row_labels(
    lines: list[Line], pieces: list[Piece], anchors: list[int], settings: PdfSettings
) -> tuple[list[tuple[float, list[str], int | None]], list[tuple[float, str]]]:
    """The rows of a run: (top, label cells left to right, value line or None for a row without values),
    top to bottom; and the cells no row takes (top, text).

    Args:
        lines: the page's lines.
        pieces: the label pieces of the run's lines.
        anchors: the run's value lines, top to bottom.
        settings: the reader's tolerances.
    """
    cells = _cells(pieces, settings)
    bands = {a: [lines[a].top, lines[a].bottom] for a in anchors}
    for c in cells:
        if c.anchor is not None:
            band = bands[c.anchor]
            band[0], band[1] = min(band[0], c.top), max(band[1], c.bottom)
    rows: dict[int, list[_Cell]] = {a: [] for a in anchors}
    alone: list[_Cell] = []
    left: list[tuple[float, str]] = []
    for cell in cells:
        owner = cell.anchor if cell.anchor is not None else _owner(cell, bands, settings)
        if owner is not None:
            rows[owner].append(cell)
        elif cell.top > bands[anchors[-1]][1] and _ITEM.match(cell.text):
            left.append((cell.top, cell.text))  # a heading after the table
        else:
            alone.append(cell)  # a row without values, or a group label beside no row
    out: list[tuple[float, list[str], int | None]] = [(bands[a][0], _texts(cs), a) for a, cs in rows.items()]
    out += [(c.top, [c.text], None) for c in alone]
    out.sort(key=lambda r: r[0])
    return out, left


def _texts(cells: list[_Cell]) -> list[str]:
    return [c.text for c in sorted(cells, key=lambda c: (c.pieces[0].x0, c.top))]


def _owner(cell: _Cell, bands: dict[int, list[float]], settings: PdfSettings) -> int | None:
    """The row a cell without values of its own belongs to: the one whose band (value line and own label)
    it touches vertically, the clearly nearest of two; None when it touches none (a row without values)
    or two about as near."""
    height = cell.pieces[0].bottom - cell.pieces[0].top
    gap = settings.line_gap + 0.5 * height
    near = [a for a, (top, bottom) in bands.items() if cell.bottom >= top - gap and cell.top <= bottom + gap]
    if not near:
        return None
    middle = (cell.top + cell.bottom) / 2
    ranked = sorted(near, key=lambda a: abs(sum(bands[a]) / 2 - middle))
    if len(ranked) > 1:
        first, second = (abs(sum(bands[a]) / 2 - middle) for a in ranked[:2])
        if second - first < settings.nearer * height:
            return None
    return ranked[0]
