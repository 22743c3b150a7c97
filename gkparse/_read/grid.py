"""The grid: what every reader produces and the table step consumes.

A reader — of a text layout or of a document — yields `GridRow`\\ s of
classified `GridCell`\\ s.  A row is *positioned* when the input kept
every cell in place (tab rows, whole pipe rows, pipe fragments with in-place
blanks, every table of an HTML, PDF or Word document): then each cell's
``pos`` is its column in the row and the table step may place a number by
position.  An unpositioned row (one value per line, blanks dropped) gives its
cells in reading order only, and its numbers are placed only where their
count decides.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from gkparse._read.text import Number

CellKind = Literal["num", "ph", "text", "empty", "filler"]


class Origin(NamedTuple):
    """Where a cell of a document was read: page (PDF), table, row and column (0-based, spans expanded)."""

    page: int | None
    table: int
    row: int
    col: int


class GridCell(NamedTuple):
    """One classified cell of a grid row.

    Attributes:
        kind: ``"num"`` (a number), ``"ph"`` (a placeholder such as —),
            ``"text"`` (a label or prose), ``"empty"`` (an empty cell in place)
            or ``"filler"`` (a merged-cell remnant: it holds a place but is no cell).
        text: the cell's text, stripped (``""`` for empty cells and fillers).
        line: 1-based line of the input (documents: the line of the
            document's text form).
        layout: the layout or document format the cell was read in.
        row: the id of its positioned row (None when the row is not positioned).
        pos: the cell's column in its row when positioned, else 0.
        norm: the normal form of a text cell (``norm_label``).
        number: the number, when already read (None: read it from ``text``).
        label_like: a text cell that could be part of a label (not prose).
        origin: where in a document the cell stands (None for text input).
    """

    kind: CellKind
    text: str
    line: int
    layout: str
    row: int | None
    pos: int
    norm: str = ""
    number: Number | None = None
    label_like: bool = False
    origin: Origin | None = None


class GridRow(NamedTuple):
    """A physical row: its cells, whether they stand in place, its layout, and its width when positioned."""

    cells: tuple[GridCell, ...]
    positioned: bool
    layout: str
    width: int = 0
