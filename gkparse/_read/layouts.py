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
from gkparse._read.document import Document, clean_line
from gkparse._read.grammars import LAYOUTS, plan
from gkparse._read.grid import GridCell, GridRow
from gkparse._read.shapes import SPECS, SPECS_KEY, SPECS_SIZE, LineSpec, line_spec
from gkparse._read.text import norm_label

MAX_LINE: Final = 100_000
"""A line longer than this is no table row: it is skipped with a ``text.long_line`` finding."""


def read(doc: Document, skip: Collection[int] = ()) -> Iterator[GridRow]:
    """Every grid row of the document's text: lines and tab rows one by one, pipe lines by block.

    ``skip``: line numbers not to read (a document's table rows, read from its grid).
    """
    pipes: list[tuple[int, str, LineSpec]] = []
    ids = itertools.count(1)
    specs = SPECS
    barrier = False  # the last row given was prose: the next prose line adds nothing
    for n, (raw, key) in enumerate(zip(doc.lines, doc.masked_lines, strict=True), start=1):
        if not raw or raw.isspace() or (skip and n in skip):
            continue
        spec = specs.get(key)
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
        else:
            yield _new(GridRow, (_cells(n, line, spec, None), False, "lines", 0))
    if pipes:
        yield from _pipes_rows(pipes, ids)


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
