"""Layout "pipes": HTML-to-text remnants where every cell is closed by "|".

Class shape: one letter per segment closed by a pipe — ``c`` content, ``e``
white space, ``b`` a bare pipe — then ``C`` for content after the last pipe
(``grammars/pipes.lark``).  A line is a whole row (``规章 | 0 | 0 |``,
positioned), a fragment (one cell: ``0 |``), a lone ``|`` or a run of bare
pipes.  Fragment lines are read block by block: which of a block's lone pipes
open rows and which stand for empty cells is a property of the block,
decided by `opener_style` over the block's row forms.

Placement convention: in a block whose rows are not opened by a bare pipe,
bare pipes inside a row are empty cells in place when the row's label is a
fragment closed by its own pipe and the values and empties up to the last
value make exactly the table's width (`Pipes.place`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from lark import Token, Transformer

from gkparse._read.grid import GridCell, GridRow, grid_cell, grid_row
from gkparse._read.layouts.base import (
    MAX_CELLS,
    Block,
    Layout,
    LineSpec,
    Plan,
    blank_spec,
    grid_cells,
    make_spec,
    one_cell,
    spans,
    text_spec,
)

_Part = tuple[str, ...] | Token  # the roles of a run of pads, or one content segment


class _PipesPlan(Transformer[Token, Plan]):
    """pipes: one role per segment; "skip" segments give no cell."""

    def pads(self, items: list[Token]) -> tuple[str, ...]:
        return tuple("bare" if t.type == "BARE" else "blank" for t in items)

    def cells(self, items: list[_Part | list[_Part]]) -> list[_Part]:
        return [p for it in items for p in (it if isinstance(it, list) else [it])]

    def whole_row(self, items: list[_Part | list[_Part]]) -> Plan:
        roles: list[str] = []
        started = False
        for it in self.cells(items):
            if isinstance(it, Token):
                started = True
                roles.append("text")
            else:
                roles += [("filler" if r == "bare" else "empty") if started else "skip" for r in it]
        return "whole_row", tuple(roles)

    def fragment(self, items: list[_Part]) -> Plan:
        roles: list[str] = []
        for it in items:
            roles += ["text"] if isinstance(it, Token) else ["skip"] * len(it)
        return "fragment", tuple(roles)

    def lone(self, _: list[Token]) -> Plan:
        return "lone", ("skip",)

    def run(self, items: list[tuple[str, ...]]) -> Plan:
        return "run", ("skip",) * len(items[0])


class Pipes(Layout):
    """Pipe-closed cells (see the module docstring)."""

    name = "pipes"
    order = 20
    spans_gaps = True
    transformer = _PipesPlan()

    def recognises(self, line: str) -> bool:
        """The line holds a pipe."""
        return "|" in line

    def spec(self, line: str) -> LineSpec:
        """The segments' roles from the grammar: text cells, empty cells in place, fillers, skipped pads."""
        parts = spans(line, "|")
        raw_parts = line.split("|")
        tail = parts.pop()
        raw_parts.pop()
        if len(parts) > MAX_CELLS:
            return one_cell(self.name, line)
        shape = "".join(("c" if b > a else "e") if part else "b" for (a, b), part in zip(parts, raw_parts, strict=True))
        if tail[1] > tail[0]:
            parts.append(tail)
            shape += "C"
        form, roles = self.plan(shape)
        cells = []
        for (a, b), role in zip(parts, roles, strict=True):
            if role == "text":
                cells.append(text_spec(line, a, b))
            elif role != "skip":
                cells.append(blank_spec(role, a))
        label_first = bool(cells) and cells[0].kind not in ("num", "empty", "filler")
        return make_spec(self.name, form, tuple(cells), label_first, shape.count("b") + shape.count("e"))

    def in_block(self, spec: LineSpec) -> bool:
        """Every pipe line is read with its block."""
        return True

    def block_rows(self, block: Block, end: int | None, ids: Iterator[int]) -> Iterable[GridRow]:
        """Whole rows positioned; fragments as rows opened by a bare pipe, or in order with fillers."""
        opener = opener_style([(spec.form, spec.label_first) for _, _, spec in block])
        row: list[GridCell] | None = None  # the cells of a row opened by a bare pipe
        rid = 0
        for i, (n, line, spec) in enumerate(block):
            form = spec.form
            if form == "whole_row":
                if row:
                    yield grid_row(tuple(row), True, self.name, len(row))
                row = None
                yield grid_row(grid_cells(n, line, spec, next(ids)), True, self.name, spec.width)
            elif not opener:  # values in order; bare pipes are fillers the table step may read as empties in place
                if form == "fragment":
                    cells = grid_cells(n, line, spec, None)
                    if spec.pads:  # "0 ||": pipes beside the cell, on which side unknown
                        cells += (_filler(n),)
                else:
                    cells = (_filler(n, "|" * spec.pads),)
                yield grid_row(cells, False, self.name)
            elif form == "lone":
                nxt = block[i + 1][2] if i + 1 < len(block) else None
                if (nxt is not None and nxt.form in ("fragment", "whole_row") and nxt.label_first) or row is None:
                    if row:
                        yield grid_row(tuple(row), True, self.name, len(row))
                    row, rid = [], next(ids)
                else:
                    row.append(grid_cell("empty", "", n, self.name, rid, len(row)))
            elif form == "fragment":
                if row is None:
                    row, rid = [], next(ids)
                row += grid_cells(n, line, spec, rid, len(row))
            else:  # pragma: no cover - opener style has no runs of pipes
                yield grid_row((_filler(n),), False, self.name)
        if row:
            yield grid_row(tuple(row), True, self.name, len(row))

    def place(self, group: Sequence[GridCell], run: Sequence[GridCell], ncols: int) -> list[GridCell | None] | None:
        """Bare pipes in place: a lone "|" line one empty cell, a run "||" as many as its pipes — read so
        only when the row's label is a fragment closed by its pipe, every value line is one closed cell,
        and values plus the empties up to the last value make exactly the table's width (pipes after the
        last value are colspan fillers or empties collected after the row: they decide nothing)."""
        if not run or run[-1].layout != self.name or run[-1].row is not None:
            return None  # a label without its own pipe: the next bare pipe may close it
        slots: list[GridCell | None] = []
        for t in group:
            if t.layout != self.name or t.row is not None:
                return None
            if t.kind == "filler":
                if not t.text:
                    return None  # pipes beside a value on its line: their side is unknown
                slots += [None] * len(t.text)
            elif t.kind in ("num", "ph"):
                slots.append(t)
        while slots and slots[-1] is None:
            slots.pop()
        return slots if len(slots) == ncols and None in slots else None


def _filler(n: int, pipes: str = "") -> GridCell:
    """A filler of a fragment block: ``pipes`` are the bare pipes of a lone or run line ("" when unknown)."""
    return grid_cell("filler", pipes, n, "pipes", None, 0)


def opener_style(lines: list[tuple[str, bool]]) -> bool:
    """True when a block's one-cell lines form rows opened by a bare '|', empties kept in place.

    ``lines`` gives each line's row form and whether its first cell is a
    label.  Opener style: no line is a run of pipes, and lone '|' lines open
    the label lines — most lone pipes stand before a label, or (in tables full
    of empty cells, where most lone pipes are empties) most label lines follow one.
    """
    if any(form == "run" for form, _ in lines):
        return False
    lone = [i for i, (form, _) in enumerate(lines) if form == "lone"]
    labels = [i for i, (form, label) in enumerate(lines) if form == "fragment" and label]
    if len(lone) < 2 or len(labels) < 2:
        return False
    opened = sum(1 for i in labels if i > 0 and lines[i - 1][0] == "lone")
    return opened * 2 >= len(labels) or opened * 2 >= len(lone)


LAYOUT = Pipes()
