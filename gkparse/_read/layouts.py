"""Layout readers: the document's text → grid rows.

Every line is looked up by its digit-masked form for its `LineSpec`
(see ``gkparse._read.shapes``); lines and tab rows then give their grid row
directly, and pipe lines are read block by block: which of a block of pipe
fragments' lone pipes open rows and which stand for empty cells is a property
of the block, decided by `opener_style` over the block's row forms.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from typing import Final

from gkparse import _findings as F
from gkparse._read.cells import OPEN
from gkparse._read.document import Document, clean_line
from gkparse._read.grammars import LAYOUTS, plan
from gkparse._read.grid import GridCell, GridRow
from gkparse._read.shapes import NOTHING, SPECS, SPECS_KEY, SPECS_SIZE, LineSpec, line_spec
from gkparse._read.text import norm_label

MAX_LINE: Final = 100_000
"""A line longer than this is no table row: it is skipped with a ``text.long_line`` finding."""


def read(doc: Document, skip: Collection[int] = ()) -> Iterator[GridRow]:
    """Every grid row of the document's text: tab rows one by one, pipe lines and one-cell lines by block.

    ``skip``: line numbers not to read (a document's table rows, read from its grid).
    """
    pipes: list[tuple[int, str, LineSpec]] = []
    cells: list[tuple[int, str, LineSpec]] = []  # one-cell lines (lines layout) since the last other line
    ids = itertools.count(1)
    specs = SPECS
    barrier = False  # the last row given was prose: the next prose line adds nothing
    for n, (raw, key) in enumerate(zip(doc.lines, doc.masked_lines, strict=True), start=1):
        if not raw or raw.isspace():
            continue
        spec = NOTHING if skip and n in skip else specs.get(key)  # a skipped line reads as one with no cell
        line = raw
        if spec is None:
            if len(raw) > MAX_LINE:
                doc.findings.append(F.LONG_LINE.make(line=n, length=len(raw), limit=MAX_LINE))
                continue
            if "&" in raw:
                line = clean_line(raw)
            spec = line_spec(line)
            if line is raw and len(key) <= SPECS_KEY:
                if len(specs) >= SPECS_SIZE:
                    specs.clear()
                specs[key] = spec
        layout = spec.layout
        if cells and not (layout == "lines" and len(spec.cells) == 1 and not spec.prose):
            # a line that is no one-cell line ends the block (a skipped or furniture line leaves its end open)
            yield from _lines_rows(cells, n if layout else None, ids)
            cells = []
        if layout == "pipes":
            pipes.append((n, line, spec))
            continue
        if not layout:
            continue
        if pipes:
            yield from _pipes_rows(pipes, ids)
            pipes = []
        elif spec.prose:
            if not barrier:  # one prose line stands for the run of prose it opens
                barrier = True
                c = spec.cells[0]
                prose = _new(GridCell, ("text", line[c.a : c.b], n, "lines", None, 0, "", None, False, None))
                yield _new(GridRow, ((prose,), False, "lines", 0))
            continue
        barrier = False
        if layout == "tabs":
            yield _new(GridRow, (_cells(n, line, spec, next(ids)), True, "tabs", spec.width))
        elif len(spec.cells) == 1:
            cells.append((n, line, spec))
        else:
            yield _new(GridRow, (_cells(n, line, spec, None), False, "lines", 0))
    if cells:
        yield from _lines_rows(cells, None, ids)
    if pipes:
        yield from _pipes_rows(pipes, ids)


def _lines_rows(block: list[tuple[int, str, LineSpec]], end: int | None, ids: Iterator[int]) -> list[GridRow]:
    """The rows of a block of one-cell lines: each line its own unpositioned row — or, when the block
    keeps empty cells as extra newlines (`blank_line_plan`), a positioned row per label and its values."""
    plan = blank_line_plan(block, end)
    if plan is None:
        return [_new(GridRow, (_cells(n, line, spec, None), False, "lines", 0)) for n, line, spec in block]
    out: list[GridRow] = []
    for members, positions, width in plan:
        rid = next(ids)
        row: list[GridCell] = []
        for i, pos in zip(members, positions, strict=True):
            n, line, spec = block[i]
            row += _cells(n, line, spec, rid, pos)
        out.append(_new(GridRow, (tuple(row), True, "lines", width)))
    return out


def blank_line_plan(
    block: list[tuple[int, str, LineSpec]], end: int | None
) -> list[tuple[list[int], list[int], int]] | None:
    """The rows of a block of one-cell lines (line number, line, spec) when the block prints every cell
    followed by a blank line and each empty cell as one more newline (``56⏎⏎2⏎⏎⏎⏎1⏎⏎⏎59``): a row is a
    label line and the value lines after it, as (their indices in the block, each one's column — the
    label is column 0 and each value stands where its newlines count — and the row's width up to the
    next line, ``end`` being the line after the block; ``OPEN`` where that is unknown, 0 for a label
    with no value).  None when the block does not follow the convention: a cell not followed by a blank
    line, values before any label, prose, or no empty cell at all.
    """
    lines = [n for n, _, _ in block]
    if len(block) < 3 or any(b - a < 2 for a, b in itertools.pairwise(lines)):
        return None
    rows: list[list[int]] = []
    for i, (_, _, spec) in enumerate(block):
        cell = spec.cells[0]
        if cell.kind == "text" and cell.label_like:
            rows.append([i])
        elif rows and cell.kind in ("num", "ph"):
            rows[-1].append(i)
        else:
            return None
    plan: list[tuple[list[int], list[int], int]] = []
    empties = False
    for members in rows:
        positions = [0]
        for prev, i in itertools.pairwise(members):
            positions.append(positions[-1] + lines[i] - lines[prev] - 1)
        after = lines[members[-1] + 1] if members[-1] + 1 < len(block) else end
        if len(members) == 1:
            width = 0
        elif after is None:
            width = OPEN  # the block ends at a page break or the end of the text: its empties after are unknown
        else:
            width = positions[-1] + after - lines[members[-1]] - 1
        empties = empties or positions[-1] != len(members) - 1 or width not in (0, OPEN, len(members))
        plan.append((members, positions, width))
    return plan if empties else None


_new = tuple.__new__


def _cells(n: int, line: str, spec: LineSpec, rid: int | None, start: int = 0) -> tuple[GridCell, ...]:
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
            out.append(_new(GridCell, (kind, text, n, layout, rid, pos, norm, None, label_like, None)))
        pos += step
    return tuple(out)


def _pipes_rows(block: list[tuple[int, str, LineSpec]], ids: Iterator[int]) -> Iterator[GridRow]:
    opener = opener_style([(spec.form, spec.label_first) for _, _, spec in block])
    row: list[GridCell] | None = None  # the cells of a row opened by a bare pipe
    rid = 0
    for i, (n, line, spec) in enumerate(block):
        form = spec.form
        if form == "whole_row":
            if row:
                yield GridRow(tuple(row), True, "pipes", len(row))
            row = None
            yield GridRow(_cells(n, line, spec, next(ids)), True, "pipes", spec.width)
        elif not opener:  # values in order; bare pipes are fillers the table step may read as empties in place
            if form == "fragment":
                cells = _cells(n, line, spec, None)
                if spec.pads:  # "0 ||": pipes beside the cell, on which side unknown
                    cells += (_filler(n),)
            else:
                cells = (_filler(n, "|" * spec.pads),)
            yield GridRow(cells, False, "pipes")
        elif form == "lone":
            nxt = block[i + 1][2] if i + 1 < len(block) else None
            if (nxt is not None and nxt.form in ("fragment", "whole_row") and nxt.label_first) or row is None:
                if row:
                    yield GridRow(tuple(row), True, "pipes", len(row))
                row, rid = [], next(ids)
            else:
                row.append(_new(GridCell, ("empty", "", n, "pipes", rid, len(row), "", None, False, None)))
        elif form == "fragment":
            if row is None:
                row, rid = [], next(ids)
            row += _cells(n, line, spec, rid, len(row))
        else:  # pragma: no cover - opener style has no runs of pipes
            yield GridRow((_filler(n),), False, "pipes")
    if row:
        yield GridRow(tuple(row), True, "pipes", len(row))


def _filler(n: int, pipes: str = "") -> GridCell:
    """A filler of a fragment block: ``pipes`` are the bare pipes of a lone or run line ("" when unknown)."""
    return _new(GridCell, ("filler", pipes, n, "pipes", None, 0, "", None, False, None))


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


def clear_caches() -> None:
    """Forget every cached line shape (benchmarks measure a cold start with it)."""
    SPECS.clear()
    plan.cache_clear()


__all__ = ["LAYOUTS", "opener_style", "read"]
