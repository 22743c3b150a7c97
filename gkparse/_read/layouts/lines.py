"""Layout "lines": one value per line, or a label and its numbers on one line separated by spaces.

Every cell of an HTML table became its own line, or a PDF viewer printed a
row's label and its numbers on one line (``规章 0 12 3``).  Class shape: the
line's words *read from the right* (``grammars/lines.lark``), so that the
numbers ending a row come first and the longest run of them is taken.

One-cell lines are read block by block: a block that prints every cell
followed by a blank line and each empty cell as one more newline
(``56⏎⏎2⏎⏎⏎⏎1⏎⏎⏎59``) gives positioned rows (`blank_line_plan`); any other
block gives each line as its own unpositioned row.  Placement convention: the
positions of such a block are used only when every blank-line row of the
table adds up to the table's width (`Lines.widths`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from lark import Token, Transformer

from gkparse._read.cells import OPEN
from gkparse._read.grid import GridCell, GridRow, grid_row
from gkparse._read.layouts.base import (
    MAX_CELLS,
    Block,
    Layout,
    LineSpec,
    Plan,
    grid_cells,
    make_spec,
    one_cell,
    text_spec,
)
from gkparse._read.text import MONEY_UNITS, read_number

_WORD_RE: Final = re.compile(r"\S+")
_ENUM_START_RE: Final = re.compile(
    r"[一二三四五六七八九十]{1,3}\s*、|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|\d{1,2}\s*[.、．]"
)


class _LinesPlan(Transformer[Token, Plan]):
    """lines: the roles of the words from the right: "num" (one word), "num2" (number and unit), "label"."""

    def start(self, items: list[Plan]) -> Plan:
        return items[0]

    def label_numbers(self, items: list[Plan | Token]) -> Plan:
        return "label_numbers", tuple("num2" if isinstance(p, Token) else p[0] for p in items)

    def lead(self, items: list[Token]) -> Plan:
        return ("num2" if items[0].type == "UNIT_NUM" else "num"), ()

    number = lead

    def label(self, _: list[Token]) -> Plan:
        return "label", ()

    def cell(self, _: list[Token]) -> Plan:
        return "cell", ()


def _word_letter(word: str) -> str:
    if word in MONEY_UNITS:
        return "u"
    return "n" if read_number(word) is not None else "t"


class Lines(Layout):
    """One value per line, or label and numbers separated by spaces (see the module docstring)."""

    name = "lines"
    order = 1000  # the fallback: a line with neither tab nor pipe
    lone_total = False
    transformer = _LinesPlan()

    def recognises(self, line: str) -> bool:
        """Any line: the layout every other one falls back to."""
        return True

    def spec(self, line: str) -> LineSpec:
        """One cell, or a label and the numbers that end the line (a vertical label's characters apart)."""
        words = [(m.start(), m.end()) for m in _WORD_RE.finditer(line)]
        last = line[words[-1][0] : words[-1][1]]
        if len(words) < 2 or len(words) > MAX_CELLS or (last not in MONEY_UNITS and read_number(last) is None):
            lead = _vertical_lead(line, words) if 2 <= len(words) <= MAX_CELLS else 0
            if lead:  # "果 （一）": the last character of a vertical group label, then a row label
                head = text_spec(line, words[0][0], words[lead - 1][1], join=True)
                return make_spec(self.name, "cells", (head, text_spec(line, words[lead][0], words[-1][1])))
            return self._one_cell(line)
        form, roles = self.plan("".join(_word_letter(line[a:b]) for a, b in reversed(words)))
        if form != "label_numbers":
            return self._one_cell(line)
        values = []
        end = len(words)
        for role in roles:
            if role == "label":
                break
            width = 2 if role == "num2" else 1
            values.append(text_spec(line, words[end - width][0], words[end - 1][1], join=width == 2))
            end -= width
        cells = values[::-1]
        if end:
            # PDF text: a group label printed one character per line runs into the rows beside it
            # ("本 1.本机关不掌握相关政府信息 3 1 0 0 0 0 4"): those characters are a cell of their own
            lead = _vertical_lead(line, words[:end])
            label = text_spec(line, words[lead][0], words[end - 1][1], join=True)
            if not label.label_like:
                return self._one_cell(line)  # the words before the numbers are prose
            cells.insert(0, label)
            if lead:
                cells.insert(0, text_spec(line, words[0][0], words[lead - 1][1], join=True))
        return make_spec(self.name, "cells", tuple(cells))

    def _one_cell(self, line: str) -> LineSpec:
        spec = one_cell(self.name, line)
        return make_spec(self.name, spec.form, spec.cells, may_be_prose=True)

    def in_block(self, spec: LineSpec) -> bool:
        """One-cell lines that are no prose are read as a block."""
        return len(spec.cells) == 1 and not spec.prose

    def block_rows(self, block: Block, end: int | None, ids: Iterator[int]) -> Iterable[GridRow]:
        """Each line its own unpositioned row — or, when the block keeps empty cells as extra newlines
        (`blank_line_plan`), a positioned row per label and its values."""
        plan = blank_line_plan(block, end)
        if plan is None:
            return [grid_row(grid_cells(n, line, spec, None), False, self.name) for n, line, spec in block]
        out: list[GridRow] = []
        for members, positions, width in plan:
            rid = next(ids)
            row: list[GridCell] = []
            for i, pos in zip(members, positions, strict=True):
                n, line, spec = block[i]
                row += grid_cells(n, line, spec, rid, pos)
            out.append(grid_row(tuple(row), True, self.name, width))
        return out

    def widths(self, rows: Sequence[tuple[GridCell, str, int]], widths: dict[int, int]) -> dict[int, int]:
        """The widths less those of blank-line rows in a table that does not follow the convention as a
        whole: one such row does not add up to its label and the table's width, or none does (the rows
        cut by a page break or the end of the text are open)."""
        blank = [(t.row, table, n) for t, table, n in rows if t.layout == self.name and t.row is not None]
        if not blank:
            return widths
        known = [(a, table, n) for a, table, n in blank if widths.get(a, 0) not in (0, OPEN)]
        adds_up = {table for a, table, n in known if widths[a] == n + 1}
        broken = {table for a, table, n in known if widths[a] != n + 1} | {t for _, t, _ in blank if t not in adds_up}
        drop = {a for a, table, _ in blank if table in broken}
        return {k: v for k, v in widths.items() if k not in drop} if drop else widths


def _vertical_lead(line: str, words: list[tuple[int, int]]) -> int:
    """How many leading words of a label are single CJK characters of a vertical label (at most two,
    and only before an enumerated row label: "本 1.本机关…", "办 （四）无法提供")."""
    k = 0
    while k < min(2, len(words) - 1) and words[k][1] - words[k][0] == 1 and "\u4e00" <= line[words[k][0]] <= "\u9fff":
        k += 1
    return k if k and _ENUM_START_RE.match(line, words[k][0]) else 0


def blank_line_plan(block: Block, end: int | None) -> list[tuple[list[int], list[int], int]] | None:
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


LAYOUT = Lines()
