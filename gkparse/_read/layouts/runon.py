"""Layout "runon": a table whose cells ran together, as a crawler's text with no separator between cells.

A crawler that takes a page's text with no separator (``get_text()``) glues
every cell to the next: ``一、本年新收政府信息公开申请数量 913000094二、上年结转…``.  Each row's
numbers form one digit string, and the next row's enumerator may be glued to
its last value (``30000036.属于四类过程性信息``: the row is 3, 0, 0, 0, 0, 0, 3);
numbers separated by spaces (``500000 5``) may still hold several cells each.
A line is read in this layout when at least three digit strings stand glued
to the label text after them (a line of prose glues its numbers to units:
``2022年``, ``75件``).

The line is cut into label cells and value cells.  Every digit string is a
*run* (kind ``"run"``): it may hold one cell or several, so it is never read
as one number by count or position; the arithmetic placement step cuts it
into the row's cells — only where the template's relations leave exactly one
reading.  A digit string after prose (an address, a phone number) stays
prose.  The class shape — ``r`` a run, ``t`` a label, ``x`` prose — is parsed
with ``grammars/runon.lark`` like every layout's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from lark import Token, Transformer

from gkparse._read.grid import GridRow, grid_row
from gkparse._read.layouts.base import CellSpec, Layout, LineSpec, Plan, grid_cells, make_spec, text_spec
from gkparse._read.text import norm_label, strip_parens

_UNITS: Final = "年月日时号件个条项次人名家位户份期批宗册场篇部余多倍万亿元%‰秒分天周"
_VALUE_RE: Final = re.compile(
    r"(?<![\d.第〔\[（(])[+-]?\d+(?:\.\d+)?(?:[+-]\d+(?:\.\d+)?)*(?![\d.]?\d)(?:[ \u00a0]?(?:元|万元))?"
)  # a signed change stays with its run: "35-15" is 35 then -15; a money unit stays, after a space too
_GLUE_RE: Final = re.compile(r"\d(?:[\u4e00-\u9fff（(]|[.．、](?=[\u4e00-\u9fff]))")
_ENUMERATOR_TAIL: Final = re.compile(r"[.．、](?=[\u4e00-\u9fff])")
_SENTENCE_END: Final = re.compile(r"[。！？；]")
_PROSE_RE: Final = re.compile(r"[。，,；;！？!?]")
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")
_ROW_LINE: Final = re.compile(r"[\u4e00-\u9fff）)][+-]?\d+(?:\.\d+)?(?:[+-]\d+(?:\.\d+)?)*(?:元|万元)?\s*$")
MIN_GLUES: Final = 3
"""The digit strings glued to the label after them that make a line a run-together table."""


class _RunPlan(Transformer[Token, Plan]):
    """runon: every part keeps its role; the grammar only checks the line is cells (``r t x`` letters)."""

    def start(self, items: list[Plan]) -> Plan:
        return items[0]

    def cells(self, roles: list[str]) -> Plan:
        return "cells", tuple(roles)

    def run(self, _: list[Token]) -> str:
        return "run"

    def text(self, _: list[Token]) -> str:
        return "text"


def _is_value(line: str, m: re.Match[str]) -> bool:
    """A digit string is a value unless a unit or date word follows it (``2022年``, ``75件``, ``3个``), or it
    is an enumerator: one or two digits after white space or a bracket, right before ``.`` and a label."""
    end = m.end()
    if not m.group().endswith("元") and end < len(line) and line[end] in _UNITS:
        return False
    start = m.start()
    return not (
        end - start <= 2
        and (start == 0 or line[start - 1].isspace() or line[start - 1] in "）)")
        and _ENUMERATOR_TAIL.match(line, end) is not None
    )


def _parts(line: str) -> list[tuple[int, int, str]]:
    """The line cut into values ("v") and the text between them ("t"), as (start, end, kind)."""
    parts: list[tuple[int, int, str]] = []
    pos = 0
    for m in _VALUE_RE.finditer(line):
        if not _is_value(line, m):
            continue
        if m.start() > pos:
            parts.append((pos, m.start(), "t"))
        parts.append((m.start(), m.end(), "v"))
        pos = m.end()
    if pos < len(line):
        parts.append((pos, len(line), "t"))
    return parts


def _sentences(line: str, a: int, b: int) -> list[tuple[int, int]]:
    """The non-blank pieces of ``line[a:b]`` cut after each sentence end (。！？；), stripped."""
    out: list[tuple[int, int]] = []
    start = a
    for m in _SENTENCE_END.finditer(line, a, b):
        out.append((start, m.end()))
        start = m.end()
    out.append((start, b))
    stripped = []
    for x, y in out:
        piece = line[x:y]
        if piece.strip():
            x2 = x + len(piece) - len(piece.lstrip())
            stripped.append((x2, x2 + len(piece.strip())))
    return stripped


class RunOn(Layout):
    """Cells run together (see the module docstring)."""

    name = "runon"
    order = 900  # before the fallback, lines
    lone_total = False
    transformer = _RunPlan()

    def recognises(self, line: str) -> bool:
        """At least `MIN_GLUES` digit strings glued to a label (a CJK character or an enumerator) after them,
        or one row on a line of its own whose numbers are glued to its label (``规章000``)."""
        if len(line) <= 80 and _ROW_LINE.search(line) is not None and not _PROSE_RE.search(line):
            return True
        if len(line) < 24:
            return False
        glued = 0
        for m in _GLUE_RE.finditer(line):
            if line[m.end() - 1] not in _UNITS:
                glued += 1
                if glued >= MIN_GLUES:
                    return True
        return False

    def spec(self, line: str) -> LineSpec:
        """Label cells between the values; a value glued to text, or a lone digit string, is a run; a value
        after prose (an address, a phone number in a sentence) stays prose."""
        parts = _parts(line)
        cells: list[CellSpec] = []
        letters: list[str] = []
        in_prose = True  # the text before the next value is prose (or nothing)
        for a, b, kind in parts:
            if kind == "v":
                if in_prose:
                    cells.append(CellSpec("text", line[a:b], a, b, False, "", False))
                    letters.append("x")
                    continue
                cells.append(text_spec(line, a, b))
                letters.append("r")
                continue
            for x, y in _sentences(line, a, b):
                norm = norm_label(line[x:y])
                label = _CJK.search(norm) is not None and not _PROSE_RE.search(strip_parens(norm))
                cells.append(CellSpec("text", line[x:y], x, y, False, norm if label else "", label))
                letters.append("t" if label else "x")
                in_prose = not label
        _, roles = self.plan("".join(letters))
        out = tuple(c._replace(kind="run") if r == "run" else c for c, r in zip(cells, roles, strict=True))
        return make_spec(self.name, "cells", out)

    def row(self, n: int, line: str, spec: LineSpec, ids: Iterator[int]) -> GridRow:
        """The line's cells in reading order (not positioned: a run holds an unknown number of cells)."""
        return grid_row(grid_cells(n, line, spec, None), False, self.name)


LAYOUT = RunOn()
