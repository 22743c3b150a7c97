"""Cells step: what a cell's text is, and the grid rows flattened into the cell stream.

A cell's text is a number, a placeholder, page furniture, a label or prose;
an empty cell or a filler keeps its kind.  Classifying is a pure function of
the text, cached for the short texts that repeat across reports (bounded in
entries and key length, so a batch's memory stays flat).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from gkparse import _findings_doc as D
from gkparse._read.cache import BoundedCache
from gkparse._read.grid import GridCell, GridRow, grid_cell
from gkparse._read.text import (
    Number,
    is_label_like,
    is_page_furniture,
    is_placeholder,
    norm_label,
    read_number,
)
from gkparse.model import Finding, Origin

Class = tuple[str, str | None, Number | None, bool]  # kind ("num", "ph", "page", "text"), norm, number, label-like

_PROSE_RAW: Final = re.compile(r"[。，；！？]")
_PARENS_RAW: Final = re.compile(r"[(（][^()（）]*[)）]")
_CACHE: Final[BoundedCache[str, Class]] = BoundedCache(65536, 64)


def _classify(text: str) -> Class:
    if len(text) > 64 and _PROSE_RAW.search(_PARENS_RAW.sub("", text)):
        return "text", "", None, False  # a sentence: prose, never a label (its normal form is not needed)
    number = read_number(text)
    if number is not None:
        return "num", "", number, False
    if is_placeholder(text):
        return "ph", "", None, False
    if is_page_furniture(text):
        return "page", "", None, False
    norm = norm_label(text)
    return "text", norm, None, is_label_like(norm)


def classify(text: str) -> Class:
    """What a cell's text is (a pure function of the text; short texts are cached)."""
    got = _CACHE.get(text)
    return _CACHE.put(text, _classify(text)) if got is None else got


OPEN: Final = -1
"""The width of a positioned row the text ends inside: as wide as any table."""


def cell(text: str, line: int, layout: str, row: int | None, pos: int, origin: Origin | None = None) -> GridCell:
    """A classified grid cell of a printed text (documents build their cells with this)."""
    kind, norm, number, label_like = classify(text)
    return grid_cell(kind, text, line, layout, row, pos, norm or "", number, label_like, origin)  # type: ignore[arg-type]


def tokens(
    rows: Iterable[GridRow], *, cut_at_end: bool, open_end: bool = False
) -> tuple[list[GridCell], list[Finding], dict[int, int]]:
    """The cells of every grid row in reading order, the width of each positioned row, and a number
    cut off by the end of the text dropped (with a finding).

    With ``open_end`` (the text stops without a line end) a positioned last row
    is *open*: the text ended inside it, so it is as wide as any table (width -1) —
    provided an earlier row of the same layout is wider, the evidence that this text
    keeps every cell in place (a short row in a text whose rows are all short may
    just have dropped its blanks).
    """
    out: list[GridCell] = []
    widths: dict[int, int] = {}
    final: GridRow | None = None
    widest: dict[str, int] = {}
    for r in rows:
        if final is not None and final.positioned:
            widest[final.layout] = max(widest.get(final.layout, 0), final.width)
        if r.positioned and r.width and r.cells:
            rid = r.cells[0].row
            if rid is not None:
                widths[rid] = r.width
        out += r.cells
        final = r
    if (
        open_end
        and final is not None
        and final.positioned
        and final.cells
        and final.cells[0].row is not None
        and widest.get(final.layout, 0) > final.width
    ):
        widths[final.cells[0].row] = OPEN
    findings: list[Finding] = []
    if cut_at_end and out and out[-1].kind == "num":
        last = out.pop()
        findings.append(D.CUT_VALUE.make(line=last.line, raw=last.text))
    return out, findings, widths


def clear_caches() -> None:
    """Forget every classified text (benchmarks measure a cold start with it)."""
    _CACHE.clear()
