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

import inspect
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

from gkparse._read.text import Number
from gkparse.errors import GkparseError
from gkparse.model import Origin

CellKind = Literal["num", "run", "ph", "text", "empty", "filler"]


class GridCell(NamedTuple):
    """One classified cell of a grid row.

    Attributes:
        kind: ``"num"`` (a number), ``"run"`` (a digit string that may hold several cells run
            together, split only by the arithmetic placement step), ``"ph"`` (a placeholder such as —),
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


VALUES: Final = frozenset({"num", "run", "ph"})
"""The kinds of cell that print a value (a placeholder prints one that stands for nothing)."""


def values_of(cells: Iterable[GridCell]) -> list[GridCell]:
    """The cells that print a value, in order."""
    return [t for t in cells if t.kind in VALUES]


_new = tuple.__new__


def grid_cell(
    kind: CellKind,
    text: str,
    line: int,
    layout: str,
    row: int | None,
    pos: int,
    norm: str = "",
    number: Number | None = None,
    label_like: bool = False,
    origin: Origin | None = None,
) -> GridCell:
    """The one constructor of grid cells (see `GridCell`; its parameters are the fields, in order).

    Cheaper than ``GridCell(...)``, which matters on the hot path: every cell of every report.
    """
    return _new(GridCell, (kind, text, line, layout, row, pos, norm, number, label_like, origin))


def grid_row(cells: tuple[GridCell, ...], positioned: bool, layout: str, width: int = 0) -> GridRow:
    """The one constructor of grid rows (see `GridRow`; its parameters are the fields, in order)."""
    return _new(GridRow, (cells, positioned, layout, width))


for _made, _cls in ((grid_cell, GridCell), (grid_row, GridRow)):
    if tuple(inspect.signature(_made).parameters) != _cls._fields:  # pragma: no cover - a bug caught at import
        raise GkparseError(f"{_made.__name__}() does not name the fields of {_cls.__name__} in order: update both")
