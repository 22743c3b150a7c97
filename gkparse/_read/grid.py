"""The grid: what every reader produces and the table step consumes.

A reader — of a text layout or of a document — yields :class:`GridRow`\\ s.
A row is *positioned* when the input kept every cell in place (tab rows,
whole pipe rows, pipe fragments with in-place blanks, every table of an HTML,
PDF or Word document): then each cell's ``pos`` is its column in the row and
the table step may place a number by position.  An unpositioned row (one
value per line, blanks dropped) gives its cells in reading order only, and
its numbers are placed only where their count decides.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

CellKind = Literal["text", "empty", "filler"]


class Origin(NamedTuple):
    """Where a cell of a document was read: page (PDF), table, row and column (0-based, spans expanded)."""

    page: int | None
    table: int
    row: int
    col: int


class GridCell(NamedTuple):
    """One cell of a grid row.

    Attributes:
        text: the cell's text, stripped (``""`` for empty cells and fillers).
        kind: ``"text"`` (something printed), ``"empty"`` (an empty cell in
            place) or ``"filler"`` (a merged-cell remnant: it holds a place but
            is no cell of its own).
        line: 1-based line of the input (documents: the running line of the
            document's text form).
        pos: the cell's column in its row when the row is positioned, else 0.
        origin: where in a document the cell stands (None for text input).
    """

    text: str
    kind: CellKind
    line: int
    pos: int = 0
    origin: Origin | None = None


class GridRow(NamedTuple):
    """A physical row: its cells, whether they stand in place, and the layout it was read in."""

    cells: tuple[GridCell, ...]
    positioned: bool
    layout: str
