"""What a text layout is: the `Layout` base class, line shapes, and the grammar each layout parses them with.

A line's layout, its row form and whether each cell is a number, a
placeholder or a label never depend on which digits it prints, so the
`LineSpec` of a line is computed once per *digit-masked* line (cached by the
package).  Each line is written as its *class shape* (one letter per cell,
segment or word, see ``grammars/common.lark``) and parsed with its layout's
Lark LALR grammar (``grammars/NAME.lark``, built once per process); the
layout's Transformer turns the tree into a *plan*: the row form and the role
of each part of the line.  Plans are cached per shape.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final, NamedTuple

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from gkparse._read.cells import classify
from gkparse._read.grid import GridCell, GridRow, grid_cell, grid_row
from gkparse._read.text import norm_label
from gkparse.errors import GkparseError

MAX_CELLS: Final = 256
"""A line of more cells than this is no table row: it is read as one text cell."""


class CellSpec(NamedTuple):
    """One cell of a line as far as the digits printed do not matter.

    ``kind`` is the cell's class ("num", "ph", "text", "empty", "filler", or
    "page" for page furniture that keeps a place but gives no cell); ``text``
    and ``norm`` are None where the cell holds digits (then they are read from
    the slice ``a:b`` of the line, its words joined by single spaces when ``join``).
    """

    kind: str
    text: str | None
    a: int
    b: int
    join: bool
    norm: str | None
    label_like: bool


class LineSpec(NamedTuple):
    """What a line is, independent of the digits it prints (cached per digit-masked line).

    ``layout`` is the name of the line's layout, "" for a line with no cell (blank,
    a markdown rule, a page number); ``form`` is its row form (see the grammars);
    ``label_first`` says that its first cell is a label (an opener-style row starts there).
    """

    layout: str
    form: str
    cells: tuple[CellSpec, ...]
    label_first: bool = False
    width: int = 0  # when positioned: the row's width, up to its last cell that is not a filler
    prose: bool = False  # a line of prose: no table cell, only a barrier between tables and text
    pads: int = 0  # pipes: the segments that hold nothing (bare pipes, blank cells); a lone or run line is all pads


NOTHING: Final = LineSpec("", "", ())
"""A line with no cell: blank, a markdown rule, page furniture (or a line the reader is told to skip)."""

_DIGITS: Final = frozenset("0123456789")

Plan = tuple[str, tuple[str, ...]]
"""A plan: the row form and, per part of the line (cell, segment or word), its role."""

Block = list[tuple[int, str, LineSpec]]
"""Lines read together: (line number, line, its spec)."""


def make_spec(
    layout: str,
    form: str,
    cells: tuple[CellSpec, ...],
    label_first: bool = False,
    pads: int = 0,
    *,
    may_be_prose: bool = False,
) -> LineSpec:
    """A line spec, its width (up to the last cell that is no filler) derived; with ``may_be_prose``
    (a layout whose one-cell lines can be prose), one text cell that is no label makes a prose line."""
    width = 1 + max((k for k, c in enumerate(cells) if c.kind != "filler"), default=-1)
    prose = may_be_prose and len(cells) == 1 and cells[0].kind == "text" and not cells[0].label_like
    return LineSpec(layout, form, cells, label_first, width, prose, pads)


def text_spec(line: str, a: int, b: int, join: bool = False) -> CellSpec:
    """The spec of the cell ``line[a:b]`` (words joined by single spaces when ``join``)."""
    text = " ".join(line[a:b].split()) if join else line[a:b]
    kind, norm, _, label_like = classify(text)
    if _DIGITS.isdisjoint(text):
        return CellSpec(kind, text, a, b, join, norm or "", label_like)
    return CellSpec(kind, None, a, b, join, None if label_like else "", label_like)


def blank_spec(kind: str, a: int) -> CellSpec:
    """An empty cell or a filler at offset ``a``."""
    return CellSpec(kind, "", a, a, False, "", False)


def spans(line: str, sep: str) -> list[tuple[int, int]]:
    """The stripped (start, end) of each part of the line split by ``sep`` (empty parts: start == end)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for part in line.split(sep):
        a = pos + len(part) - len(part.lstrip())
        b = pos + len(part.rstrip())
        out.append((a, max(a, b)))
        pos += len(part) + 1
    return out


def one_cell(layout: str, line: str) -> LineSpec:
    """The whole line as one text cell."""
    a, b = spans(line, "\n")[0]
    return make_spec(layout, "cells", (text_spec(line, a, b),))


def grid_cells(n: int, line: str, spec: LineSpec, rid: int | None, start: int = 0) -> tuple[GridCell, ...]:
    """The grid cells of a line (page furniture left out; it keeps its place)."""
    out: list[GridCell] = []
    layout = spec.layout
    pos = start if rid is not None else 0
    step = 1 if rid is not None else 0
    for kind, text, a, b, join, norm, label_like in spec.cells:
        if kind != "page":
            if text is None:
                text = " ".join(line[a:b].split()) if join else line[a:b]
            if norm is None:
                norm = norm_label(text)
            out.append(grid_cell(kind, text, n, layout, rid, pos, norm, None, label_like))  # type: ignore[arg-type]
        pos += step
    return tuple(out)


def grammar_dir() -> Path:
    """The folder of the .lark files: inside the installed package, else the source tree's."""
    try:
        packaged = importlib.resources.files("gkparse") / "grammars"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError):  # pragma: no cover - defensive
        pass
    here = Path(__file__).resolve().parents[3] / "grammars"
    if here.is_dir():
        return here
    raise GkparseError("the layout grammars are missing from this installation of gkparse")


class Layout:
    """A text layout: how its lines are recognised, shaped and parsed, how its rows are built, and its
    own placement conventions — one subclass in one module of this package, one line in its registry.

    Class attributes:
        name: the layout's name (``Cell`` layouts, ``Table.layout``, the JSON Schema).
        order: lines are offered to the layouts in this order; the first that `recognises` one reads it.
        exact: every cell stands in its column (a document's grid): a row is placed by position.
        lone_total: a lone number after all but two of a positioned row's cells were left empty is
            read as the row's total (a report that fills only the total column).
        spans_gaps: a block of this layout's lines goes on over lines with no cell (page numbers).
        transformer: the Transformer from the layout's grammar tree to a `Plan`.
    """

    name: str = ""
    order: int = 50
    exact: bool = False
    lone_total: bool = True
    spans_gaps: bool = False
    transformer: Transformer[Token, Plan] | None = None

    def grammar_path(self) -> Path:
        """The layout's grammar: ``grammars/NAME.lark`` in the package (a plug-in may point elsewhere)."""
        return grammar_dir() / f"{self.name}.lark"

    @functools.cached_property
    def parser(self) -> Lark:
        """The layout's LALR parser, built once per process."""
        return Lark.open(str(self.grammar_path()), parser="lalr")

    def plan(self, shape: str) -> Plan:
        """The plan of a class shape (cached: shapes are short and few)."""
        return self._plans(shape)

    @functools.cached_property
    def _plans(self) -> functools._lru_cache_wrapper[Plan]:
        @functools.lru_cache(maxsize=4096)
        def plan(shape: str) -> Plan:
            assert self.transformer is not None
            try:
                return self.transformer.transform(self.parser.parse(shape))
            except LarkError as e:  # the grammars accept every shape; this guards a bug
                raise GkparseError(f"the {self.name} grammar could not read the line shape {shape!r}: {e}") from None

        return plan

    def recognises(self, line: str) -> bool:
        """True when the line is written in this layout."""
        return False

    def spec(self, line: str) -> LineSpec:
        """What the (cleaned) line is in this layout."""
        return one_cell(self.name, line)

    def in_block(self, spec: LineSpec) -> bool:
        """True when the line is read with the lines around it (as a block), not on its own."""
        return False

    def row(self, n: int, line: str, spec: LineSpec, ids: Iterator[int]) -> GridRow:
        """The grid row of a line read on its own (default: its cells in reading order, not positioned)."""
        return grid_row(grid_cells(n, line, spec, None), False, self.name)

    def block_rows(self, block: Block, end: int | None, ids: Iterator[int]) -> Iterable[GridRow]:
        """The grid rows of a block of lines; ``end``: the line that ended the block (None: unknown)."""
        return [self.row(n, line, spec, ids) for n, line, spec in block]

    def place(self, group: Sequence[GridCell], run: Sequence[GridCell], ncols: int) -> list[GridCell | None] | None:
        """The layout's own convention for a table row that neither count nor position places: the
        value (or None, blank) of each of the ``ncols`` columns, or None when the text does not decide."""
        return None

    def widths(self, rows: Sequence[tuple[GridCell, str, int]], widths: dict[int, int]) -> dict[int, int]:
        """The row widths the layout vouches for, given every table row read in it as (its first value
        cell, its table, the table's width): a convention that holds only table-wide drops the others."""
        return widths


class SeparatorLayout(Layout):
    """One table row per line, cells split by a separator, every cell in its place (tabs)."""

    separator: str = "\t"

    def recognises(self, line: str) -> bool:
        """The line holds the separator."""
        return self.separator in line

    def spec(self, line: str) -> LineSpec:
        """Each part between separators is a cell; an empty part is an empty cell in place."""
        parts = spans(line, self.separator)
        if len(parts) > MAX_CELLS:
            return one_cell(self.name, line)
        _, roles = self.plan("".join(_letter(line[a:b]) for a, b in parts))
        cells = tuple(
            blank_spec("empty", a) if r == "empty" else text_spec(line, a, b)
            for (a, b), r in zip(parts, roles, strict=True)
        )
        return make_spec(self.name, "row", cells)

    def row(self, n: int, line: str, spec: LineSpec, ids: Iterator[int]) -> GridRow:
        """A positioned row: its cells numbered from the left."""
        return grid_row(grid_cells(n, line, spec, next(ids)), True, self.name, spec.width)


_LETTERS: Final = {"num": "n", "ph": "p", "page": "g"}


def _letter(text: str) -> str:
    """The class letter of a stripped cell text in a class shape (see ``grammars/common.lark``)."""
    if not text:
        return "e"
    kind, _, _, label_like = classify(text)
    return _LETTERS.get(kind) or ("t" if label_like else "x")


class RowPlan(Transformer[Token, Plan]):
    """A separator layout's plan: every cell keeps its place; empty cells are empty, the rest text to classify."""

    def start(self, items: list[Plan]) -> Plan:
        return items[0]

    def row(self, roles: list[str]) -> Plan:
        return "row", tuple(roles)

    def empty(self, _: list[Token]) -> str:
        return "empty"

    def _text(self, _: list[Token]) -> str:
        return "text"

    number = placeholder = label = prose = page = _text


class Exact(Layout):
    """A document's grid (HTML, PDF, Word): every cell in place, spans expanded, read by the formats."""

    exact = True

    def __init__(self, name: str) -> None:
        self.name = name
