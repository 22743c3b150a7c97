"""Tables step: logical rows → typed cells, placed only where the text decides it.

* as many values as the row has columns: in order;
* fewer, in a positioned row (a layout or document that kept empty cells in
  place): by position when the row is exactly as wide as the table and its
  label is one cell; or, for a lone number after at least all-but-two empty
  cells, under 总计 (a report that fills only the total column);
* otherwise the row's numbers are kept on a ``row.ambiguous`` finding and no
  cell is made.  A blank is never read as zero, and a number is never moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from gkparse import _findings as F
from gkparse._read.cells import OPEN
from gkparse._read.grid import GridCell as Tok
from gkparse._read.labels import Vocabulary
from gkparse._read.rows import FLAT, LogicalRow, Resolved, logical_rows, resolve, resolve_wrapped
from gkparse._read.text import MAX_DIGITS, MONEY_UNITS, read_number, to_yuan
from gkparse.model import Cell, Finding, Value
from gkparse.model import Origin as CellOrigin
from gkparse.templates import Index
from gkparse.templates._index import Slot


@attrs.frozen
class Assembled:
    """What the tables step read: cells per table, findings, the layouts cells came from, tables seen,
    and the layouts of the values of rows that could not be placed."""

    cells: dict[str, list[Cell]]
    findings: list[Finding]
    layouts: dict[str, Counter[str]]
    seen: set[str]
    unplaced: dict[str, Counter[str]]


DOCUMENT_FORMATS: Final = frozenset({"html", "pdf", "docx"})
"""Grids read from documents: every cell is in place, and a row's values are its last columns."""


def _positions(
    group: Sequence[Tok], run: Sequence[Tok], widths: dict[int, int], ncols: int, voc: Vocabulary
) -> int | None:
    """The column in the row where the table's first value column stands, or None when not in place.

    Text layouts: right after the row's label, when it is one cell at the row's start — or two
    cells there that are each a whole phrase (a group or section, then the row: ``（三）不予公开⇥1.属于
    国家秘密⇥6…``) — and the row is exactly as wide as the table from there (or the text ends
    inside the row).  Documents, whose grid is exact: right after the label cells and their spans.
    """
    values = [t for t in group if t.kind in ("num", "ph")]
    anchor = _row_of(group, values)
    if anchor is None:
        return None
    idx = [t.pos for t in values]
    if any(t.kind == "filler" and t.row == anchor and min(idx) < t.pos < max(idx) for t in group):
        return None
    labels_here, base = _labels_in(run, anchor)
    width = widths.get(anchor, 0)
    if values[0].layout in DOCUMENT_FORMATS:
        spans = {t.pos for t in group if t.kind == "filler" and t.row == anchor}
        while base in spans:  # the label's own colspan
            base += 1
        return base
    # the label must be one cell at the row's start: a label split over cells can shift the
    # values (seed 001 prints its lone 总计 one column early after a three-cell label)
    single = not labels_here or (len(labels_here) == 1 and labels_here[0].pos == 0)
    if not single and [t.pos for t in labels_here] == [0, 1]:
        single = all(voc.whole(t.norm) for t in labels_here)  # a group cell and the row's own cell
    if width == OPEN:
        # a row the text ends inside: only a label cell in it shows where the row starts (a whole pipe row
        # drops the empty cells before its first value, so " |  |  | 0 | 0" starts nowhere known)
        return base if single and labels_here else None
    return base if single and width - base == ncols else None


def _row_of(group: Sequence[Tok], values: Sequence[Tok]) -> int | None:
    """The positioned row the values stand in, when every cell of the group but fillers stands there too."""
    anchor = values[0].row
    if anchor is None or any(t.row != anchor for t in group if t.kind != "filler"):
        return None
    return anchor


def _labels_in(run: Sequence[Tok], row: int) -> tuple[list[Tok], int]:
    """The label cells of a run that stand in the row, and the column right after the last of them."""
    labels = [t for t in run if t.row == row]
    return labels, labels[-1].pos + 1 if labels else 0


def place(
    group: Sequence[Tok],
    run: Sequence[Tok],
    ncols: int,
    widths: dict[int, int],
    *,
    total_last: bool,
    one_row: bool,
    voc: Vocabulary,
) -> list[Tok | None] | None:
    """The value token of each column (None: blank), or None when the text does not decide.

    ``one_row``: the values are those of one table row (not the flat rows of the appeals table).
    ``voc``: the vocabulary that tells a label cell that is a whole phrase from a piece of one.
    """
    values = [t for t in group if t.kind in ("num", "ph")]
    n = len(values)
    if n > ncols:
        return None
    if n == ncols and (values[0].layout not in DOCUMENT_FORMATS or not _blank_between(group, values)):
        # every column printed: in order (in a document only when no blank cell sits among the
        # values, so a value standing beyond a blank is never pulled into its place)
        return values  # type: ignore[return-value]
    base = _positions(group, run, widths, ncols, voc)
    if base is None:
        if one_row and values[0].layout == "pipes" and values[0].row is None:
            return _bare_pipes_in_place(group, run, ncols)
        return _lone_total(group, run, values, ncols) if total_last and n == 1 else None
    pos = [t.pos - base for t in values]
    if all(0 <= p < ncols for p in pos):
        out: list[Tok | None] = [None] * ncols
        for p, t in zip(pos, values, strict=True):
            out[p] = t
        return out
    return None


def _bare_pipes_in_place(group: Sequence[Tok], run: Sequence[Tok], ncols: int) -> list[Tok | None] | None:
    """Pipe fragments whose empty cells are bare pipes in place: a lone "|" line one empty cell, a run
    "||" as many as its pipes — read so only when the row's label is a fragment closed by its pipe,
    every value line is one closed cell, and values plus the empties up to the last value make exactly
    the table's width (pipes after the last value are colspan fillers or empties collected after the
    row: they decide nothing)."""
    if not run or run[-1].layout != "pipes" or run[-1].row is not None:
        return None  # a label without its own pipe: the next bare pipe may close it
    slots: list[Tok | None] = []
    for t in group:
        if t.layout != "pipes" or t.row is not None:
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


def _blank_between(group: Sequence[Tok], values: Sequence[Tok]) -> bool:
    """True when an empty cell of the values' row stands between the first and the last value."""
    row, lo, hi = values[0].row, values[0].pos, values[-1].pos
    return any(t.kind == "empty" and t.row == row and lo < t.pos < hi for t in group)


def _lone_total(group: Sequence[Tok], run: Sequence[Tok], values: list[Tok], ncols: int) -> list[Tok | None] | None:
    """A lone number after at least all-but-two empty cells of a positioned row: under 总计 (seed 001)."""
    t = values[0]
    row = _row_of(group, values)
    if row is None or t.layout == "lines" or t.pos - _labels_in(run, row)[1] < ncols - 2:
        return None
    out: list[Tok | None] = [None] * ncols
    out[-1] = t
    return out


def value_of(t: Tok, key: str, index: Index, unit: str | None, findings: list[Finding]) -> tuple[bool, Value]:
    """(make a cell?, value) for one printed value, with findings for what is odd."""
    if t.kind == "ph":
        findings.append(F.PLACEHOLDER.make((key,), t.line, key=key, raw=t.text))
        return False, None
    raw = t.text
    if t.number is None and raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS:
        # the common case, a plain count: no sign, unit, separator or decimals
        value = int(raw)
        if key not in index.money:
            return True, value
        if value == 0:
            return True, Decimal(0)
        if unit is None:
            findings.append(F.UNIT_UNKNOWN.make((key,), t.line, key=key, raw=raw))
            return True, None
        return True, to_yuan(Decimal(value), unit)
    num = t.number or read_number(raw)
    assert num is not None
    if num.too_long:
        findings.append(F.TOO_LONG.make((key,), t.line, key=key, raw=t.text))
        return False, None
    if num.footnote:
        findings.append(F.FOOTNOTE.make((key,), t.line, key=key, raw=t.text, mark=num.footnote, value=num.value))
    if key in index.money:
        if num.value == 0:
            return True, Decimal(0)
        u = num.unit if num.unit in MONEY_UNITS else unit
        if u is None:
            findings.append(F.UNIT_UNKNOWN.make((key,), t.line, key=key, raw=t.text))
            return True, None
        v = to_yuan(num.value, u)
        if v < 0:
            findings.append(F.MONEY_NEGATIVE.make((key,), t.line, key=key, raw=t.text))
        return True, v
    if num.unit in MONEY_UNITS:
        findings.append(F.MONEY_UNIT.make((key,), t.line, key=key, raw=t.text))
        return False, None
    if not num.whole:
        findings.append(F.NOT_WHOLE.make((key,), t.line, key=key, raw=t.text))
        return False, None
    value = int(num.value)
    if value < 0 and key not in index.signed:
        findings.append(F.COUNT_NEGATIVE.make((key,), t.line, key=key, raw=t.text))
    return True, value


def _unread(lr: LogicalRow, res: Resolved, template: str | None) -> Finding | None:
    """The finding for the numbers of a row that names no row of the template (None: nothing printed)."""
    values = [t for t in lr.group if t.kind in ("num", "ph")]
    if not any(t.kind == "num" for t in values):
        return None  # "无" under a prose heading: nothing was printed as a number
    raw = ", ".join(t.text for t in values)
    if res.other_template_row is not None:
        return F.OTHER_TEMPLATE.make(line=values[0].line, label=res.label, template=template, values=raw)
    return F.UNLABELLED.make(line=values[0].line, values=raw, label=res.label)


class _Tables:
    """The cells read so far, table by table, with conflicts kept out."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.cells: dict[str, dict[str, Cell]] = {t: {} for t in index.tables}
        self.conflicts: set[str] = set()
        self.findings: list[Finding] = []
        self.layouts: dict[str, Counter[str]] = {t: Counter() for t in index.tables}
        self.unplaced: dict[str, Counter[str]] = {t: Counter() for t in index.tables}
        self.seen: set[str] = set()
        self.counts = index.order.keys() - index.money

    def targets(self, res: Resolved, template: str | None, lr: LogicalRow) -> tuple[Slot, ...] | None:
        """The (row, column, key) of each value slot of a resolved row, or None (with a finding) when unknown."""
        assert res.table is not None
        assert res.row is not None
        slots = self.index.slots(res.table, res.row, template)
        if slots is None:
            values = [t for t in lr.group if t.kind in ("num", "ph")]
            self.findings.append(
                F.UNKNOWN_ROW.make(
                    (f"{res.table}.{res.row}.*",),
                    values[0].line,
                    label=res.label,
                    values=", ".join(t.text for t in values),
                )
            )
        return slots

    def add(self, table: str, slot: Slot, tok: Tok, unit: str | None) -> None:
        """Read one value into its cell; the same cell printed twice with another value is a conflict."""
        row, col, key = slot
        raw = tok.text
        value: Value
        if tok.number is None and raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS and key in self.counts:
            value = int(raw)  # a plain count: the common case
        else:
            make, value = value_of(tok, key, self.index, unit, self.findings)
            if not make:
                return
        cells = self.cells[table]
        old = cells.get(key)
        if old is None:
            cells[key] = Cell(key, table, row, col, value, raw, tok.line, _origin(tok))
            self.layouts[table][tok.layout] += 1
        elif old.value != value:
            cell = Cell(key, table, row, col, value, raw, tok.line, _origin(tok))
            self.conflicts.add(key)
            self.findings.append(
                F.CONFLICT.make(
                    (key,), cell.line, key=key, old=old.raw, old_line=old.line, new=cell.raw, new_line=cell.line
                )
            )

    def result(self) -> Assembled:
        order = self.index.order
        out: dict[str, list[Cell]] = {}
        for table, cells in self.cells.items():
            keys = sorted(cells.keys() - self.conflicts if self.conflicts else cells, key=order.__getitem__)
            out[table] = [cells[k] for k in keys]
        return Assembled(out, self.findings, self.layouts, self.seen, self.unplaced)


def _origin(tok: Tok) -> CellOrigin | None:
    o = tok.origin
    return None if o is None else CellOrigin(o.page, o.table, o.row, o.col)


def _resolved(
    toks: Sequence[Tok], template: str | None, voc: Vocabulary, tables: _Tables
) -> list[tuple[LogicalRow, Resolved, tuple[Slot, ...]]]:
    """Each logical row that names a row of the template, with what it names and its value slots
    (the others get their finding here)."""
    out: list[tuple[LogicalRow, Resolved, tuple[Slot, ...]]] = []
    context: str | None = None
    taken: Tok | None = None  # a label cell that ended the label of the row before (wrapped below its values)
    for lr in logical_rows(toks):
        if taken is not None and lr.run and lr.run[0] is taken:
            lr = LogicalRow(lr.run[1:], lr.group, lr.after)
        taken = None
        res = resolve(voc, lr.run, template, context)
        if res.row is None and res.other_template_row is None:
            joined = resolve_wrapped(voc, lr, template, context)
            if joined is not None:
                res, taken = joined, lr.after
        if res.table is not None:
            context = res.table
            tables.seen.add(res.table)
        if res.row is None or res.table is None:
            unread = _unread(lr, res, template)
            if unread is not None:
                tables.findings.append(unread)
            continue
        targets = tables.targets(res, template, lr)
        if targets is not None:
            out.append((lr, res, targets))
    return out


def _blank_line_widths(
    rows: list[tuple[LogicalRow, Resolved, tuple[Slot, ...]]], widths: dict[int, int]
) -> dict[int, int]:
    """The row widths, less those of blank-line rows (one cell per line, empty cells as extra newlines) in a
    table that does not follow the convention as a whole: one such row does not add up to its label and
    the table's width, or none does (the rows cut by a page break or the end of the text are open)."""

    blank: list[tuple[int, str, int]] = []  # (row id, table, table width) of each blank-line row
    for lr, res, targets in rows:
        t = lr.group[0]  # a blank-line row's group holds its values only
        if t.layout == "lines" and t.row is not None and res.table is not None:
            blank.append((t.row, res.table, len(targets)))
    if not blank:
        return widths
    known = [(a, table, n) for a, table, n in blank if widths.get(a, 0) not in (0, OPEN)]
    adds_up = {table for a, table, n in known if widths[a] == n + 1}
    broken = {table for a, table, n in known if widths[a] != n + 1} | {t for _, t, _ in blank if t not in adds_up}
    drop = {a for a, table, _ in blank if table in broken}
    return {k: v for k, v in widths.items() if k not in drop} if drop else widths


def assemble(
    toks: Sequence[Tok], template: str | None, widths: dict[int, int], index: Index, voc: Vocabulary
) -> Assembled:
    """Read the tables from the token stream, in the given template."""
    tables = _Tables(index)
    rows = _resolved(toks, template, voc, tables)
    widths = _blank_line_widths(rows, widths)
    for lr, res, targets in rows:
        assert res.table is not None
        total_last = res.row != FLAT and targets[-1][1] == "total"
        slots = place(lr.group, lr.run, len(targets), widths, total_last=total_last, one_row=res.row != FLAT, voc=voc)
        if slots is None:
            values = [t for t in lr.group if t.kind in ("num", "ph")]
            code = F.TOO_MANY if len(values) > len(targets) else F.AMBIGUOUS
            tables.unplaced[res.table].update(t.layout for t in values)
            keys = sorted({r for r, _, _ in targets}, key=[r for r, _, _ in targets].index)
            tables.findings.append(
                code.make(
                    tuple(f"{res.table}.{r}.*" for r in keys),
                    values[0].line,
                    label=res.label,
                    n=len(values),
                    values=", ".join(t.text for t in values),
                    ncols=len(targets),
                )
            )
            continue
        for slot, tok in zip(targets, slots, strict=True):
            if tok is not None:
                tables.add(res.table, slot, tok, res.unit)
    return tables.result()
