"""Text layouts: the registry, and the reader that turns a document's text into grid rows.

Each layout is one `Layout` object in one module of this package (``tabs``,
``pipes``, ``lines``), with its grammar in ``grammars/NAME.lark``; ``_MODULES``
lists them, and everything else — which layout a line is in, the JSON
Schema's layout names, the table step's conventions — asks the registry.
Adding a separator layout is one module, one ``.lark`` file and one line in
``_MODULES`` (or `register` from a program).

Every line is looked up by its digit-masked form for its `LineSpec` (cached:
a line's shape never depends on its digits); lines read on their own give
their grid row directly, blocks of lines (pipe fragments, one-cell lines) are
read by their layout as a whole.  Document grids (HTML, PDF, Word) are read
by the formats; `get` gives their cells an exact layout of the format's name.
"""

from __future__ import annotations

import functools
import importlib
import itertools
from collections.abc import Collection
from typing import Final, NamedTuple

from gkparse import _findings_doc as D
from gkparse._read.cache import BoundedCache
from gkparse._read.document import Document, is_rule, resolve_entities
from gkparse._read.grid import GridRow, grid_cell, grid_row
from gkparse._read.layouts.base import NOTHING, Block, Exact, Layout, LineSpec
from gkparse._read.text import is_page_furniture
from gkparse.model import Finding

__all__ = ["LAYOUTS", "MAX_LINE", "GridText", "Layout", "get", "line_spec", "line_type", "read", "register"]

_MODULES: Final = ("tabs", "pipes", "runon", "lines")
"""The layout modules of this package, each defining ``LAYOUT``."""

BUILTIN: Final = frozenset(_MODULES)
"""The names of the built-in layouts (each named as its module)."""
MAX_LINE: Final = 100_000
"""A line longer than this is no table row: it is skipped with a ``text.long_line`` finding."""

LAYOUTS: list[Layout] = sorted(
    (importlib.import_module(f"{__name__}.{m}").LAYOUT for m in _MODULES), key=lambda lay: lay.order
)
"""Every text layout, in the order lines are offered to them (the fallback, lines, last)."""
_BY_NAME: dict[str, Layout] = {lay.name: lay for lay in LAYOUTS}
SPECS: Final[BoundedCache[str, LineSpec]] = BoundedCache(65536, 512)
"""Line specs by digit-masked line (bounded in entries and key length: a batch's memory stays flat)."""


def register(layout: Layout) -> None:
    """Add a text layout (offered lines in its ``order``); the line-shape cache is cleared.

    Raises:
        ValueError: a layout of that name exists already.
    """
    if layout.name in _BY_NAME:
        raise ValueError(f"a layout named {layout.name!r} exists already")
    LAYOUTS.append(layout)
    LAYOUTS.sort(key=lambda lay: lay.order)
    _BY_NAME[layout.name] = layout
    SPECS.clear()


def unregister(name: str) -> None:
    """Remove a layout added with `register` (the built-in ones stay); the line-shape cache is cleared.

    Raises:
        ValueError: the layout is built in.
        KeyError: no layout has the name.
    """
    if name in BUILTIN:
        raise ValueError(f"layout {name!r} is built in and cannot be removed")
    LAYOUTS.remove(_BY_NAME.pop(name))
    SPECS.clear()


@functools.lru_cache(maxsize=64)
def _exact(name: str) -> Layout:
    return Exact(name)


def get(name: str) -> Layout:
    """The layout a grid cell was read in: a text layout, or the exact grid of a document format."""
    return _BY_NAME.get(name) or _exact(name)


def line_type(line: str) -> str:
    """The name of the layout a single line is written in (the first that recognises it)."""
    return next(lay.name for lay in LAYOUTS if lay.recognises(line))


def line_spec(line: str) -> LineSpec:
    """What a (cleaned) line is: its layout, row form and cells (see `LineSpec`)."""
    if not line or line.isspace() or ("---" in line and is_rule(line)):
        return NOTHING
    if len(line) <= 24 and is_page_furniture(line):
        return NOTHING
    return next(lay for lay in LAYOUTS if lay.recognises(line)).spec(line)


class GridText(NamedTuple):
    """The grid rows of a text, and what reading its lines noticed (lines too long to be rows)."""

    rows: list[GridRow]
    findings: list[Finding]


def read(doc: Document, skip: Collection[int] = ()) -> GridText:
    """Every grid row of the document's text: lines read on their own one by one, blocks as a whole.

    ``skip``: line numbers not to read (a document's table rows, read from its grid).
    """
    rows: list[GridRow] = []
    findings: list[Finding] = []
    block: Block = []
    owner: Layout = LAYOUTS[-1]  # the layout of the open block
    ids = itertools.count(1)
    barrier = False  # the last row given was prose: the next prose line adds nothing
    for n, (raw, key) in enumerate(zip(doc.lines, doc.masked_lines, strict=True), start=1):
        if not raw or raw.isspace():
            continue
        line = raw
        spec = NOTHING if skip and n in skip else SPECS.get(key)  # a skipped line reads as one with no cell
        if spec is None:
            if len(raw) > MAX_LINE:
                findings.append(D.LONG_LINE.make(line=n, length=len(raw), limit=MAX_LINE))
                continue
            if "&" in raw:
                line = resolve_entities(raw)
            spec = line_spec(line)
            if line is raw:
                SPECS.put(key, spec)
        lay = _BY_NAME.get(spec.layout)
        joins = lay is not None and lay.in_block(spec)
        if block and not (joins and lay is owner):
            if lay is None and owner.spans_gaps:
                continue  # a line with no cell inside a block that runs over such lines
            rows += owner.block_rows(block, n if lay is not None else None, ids)
            block = []
        if lay is None:
            continue
        if joins:
            owner = lay
            block.append((n, line, spec))
            barrier = False
        elif spec.prose:
            if not barrier:  # one prose line stands for the run of prose it opens
                barrier = True
                c = spec.cells[0]
                rows.append(grid_row((grid_cell("text", line[c.a : c.b], n, lay.name, None, 0),), False, lay.name))
        else:
            barrier = False
            rows.append(lay.row(n, line, spec, ids))
    if block:
        rows += owner.block_rows(block, None, ids)
    return GridText(rows, findings)


def clear_caches() -> None:
    """Forget every cached line shape and plan (benchmarks measure a cold start with it)."""
    SPECS.clear()
    for lay in LAYOUTS:
        lay._plans.cache_clear()
