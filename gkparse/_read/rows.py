"""Rows step: tokens → logical rows, and which table row each one names.

A *logical row* is a run of label tokens followed by a group of value tokens.
The run names the row: the last row phrase in it, provided nothing unknown
follows it and nothing unknown precedes it within its own cell; column
headers after it mean the values belong to the headers (the appeals table
prints its 15 numbers after all its headers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from gkparse._read.grid import GridCell as Tok
from gkparse._read.labels import Vocabulary
from gkparse._read.text import unit_in

FLAT = "*flat"
"""The row key of a run whose values are the flat rows of a table (the appeals' 15 numbers)."""


class LogicalRow(NamedTuple):
    """A run of label tokens, the group of value tokens after it, and the label token right after
    the group (None: prose, or the end of the text) — where a label wrapped below its values ends."""

    run: tuple[Tok, ...]
    group: tuple[Tok, ...]
    after: Tok | None = None


def logical_rows(toks: Sequence[Tok]) -> list[LogicalRow]:
    """Pair every run of label tokens with the values that follow it."""
    rows: list[LogicalRow] = []
    run: list[Tok] = []
    group: list[Tok] = []
    anchor: int | None = None
    valued = False  # the group holds a number or a placeholder

    for t in toks:
        kind = t.kind
        if kind == "text":
            if group:
                if valued:
                    rows.append(LogicalRow(tuple(run), tuple(group), t if t.label_like else None))
                    run = []
                group, anchor, valued = [], None, False
            if not t.label_like:
                run = []  # prose: a barrier between tables and the text around them
                continue
            run.append(t)
        elif kind == "num" or kind == "ph":
            if not valued:
                # the cells before the first value stay when they stand in its row (a positioned row),
                # or, in an unpositioned row, when they are fillers (bare pipes that may be empties in place)
                anchor = t.row
                group = [g for g in group if g.row == anchor and (anchor is not None or g.kind == "filler")]
                valued = True
            group.append(t)
        elif kind == "empty":
            if t.row is None:
                continue
            if (
                (anchor is not None and t.row == anchor)
                or (not group and run and run[-1].row == t.row)
                or (group and not valued and group[-1].row == t.row)
            ):
                group.append(t)
        elif group or run:  # filler
            group.append(t)
    if valued:
        rows.append(LogicalRow(tuple(run), tuple(group)))
    return rows


class Resolved(NamedTuple):
    """What a run of label cells names: table, row (or ``FLAT``), the unit its header declares."""

    table: str | None
    row: str | None
    run: Sequence[Tok]
    unit: str | None
    other_template_row: str | None = None

    @property
    def label(self) -> str:
        """The run's printed text, for messages."""
        return " ".join(t.text for t in self.run)[-80:]


_Core = tuple[str | None, str | None, str | None, str | None]  # table, row, unit, other template's row
_RESOLVED: dict[tuple[object, ...], _Core] = {}


def resolve(voc: Vocabulary, run: Sequence[Tok], template: str | None, context: str | None) -> Resolved:
    """Which row a run of label cells names (see module docstring); cached, label runs repeat."""
    norms = tuple(t.norm for t in run)
    key = (voc, norms, template, context)
    core = _RESOLVED.get(key)
    if core is None:
        core = _resolve(voc, norms, template, context)
        if sum(map(len, norms)) <= 256:
            if len(_RESOLVED) >= 16384:
                _RESOLVED.clear()
            _RESOLVED[key] = core
    table, row, unit, other = core
    return Resolved(table, row, run, unit, other)


def resolve_wrapped(voc: Vocabulary, lr: LogicalRow, template: str | None, context: str | None) -> Resolved | None:
    """What a run names when its label wrapped below its values, or None.

    PDF text prints a long item label around its numbers (``5.要求行政机关确认或重新出`` /
    ``0 0 0 0 0 0 0`` / ``具已获取信息``), at times with a group label's characters on the
    numbers' line (``1.申请人无正当理由逾期不补正、行政机关不再`` / ``（六）其他 3 0 0 0 0 0 3`` /
    ``处理其政府信息公开申请``): the first label cell after the values ends one of the run's
    last cells when a row phrase, or the parenthesis after it, runs across the two, and that
    cell is no label of its own (it does not start with an enumerator).
    """
    tail = lr.after
    if not lr.run or tail is None:
        return None
    pieces = voc.scan(tail.norm)
    if not pieces or pieces[0].kind == "enum":
        return None
    run = lr.run
    for k in range(len(run) - 1, max(len(run) - 3, -1), -1):
        head = run[k]
        cut = len(head.norm)
        joined = head.norm + tail.norm
        # the phrase runs across the cut — or starts right after it, when the cell holds only its enumerator
        start = cut if all(p.kind in ("enum", "punct") for p in voc.scan(head.norm)) else cut - 1
        if any(p.kind in ("row", "paren") and p.start <= start and cut < p.end for p in voc.scan(joined)):
            whole = head._replace(text=head.text + tail.text, norm=joined)
            res = resolve(voc, (*run[:k], *run[k + 1 :], whole), template, context)
            if res.row is not None:
                return res
    return None


def _resolve(voc: Vocabulary, norms: tuple[str, ...], template: str | None, context: str | None) -> _Core:
    s = "".join(norms)
    pieces = voc.scan(s)
    unit = unit_in(s) if "单位" in s or "元)" in s else None
    table = context
    last = None
    for i, p in enumerate(pieces):
        if p.kind in ("row", "section") and p.table is not None:
            table = p.table
        if p.kind == "row":
            last = i
    if last is None:
        flat = table in voc.flat_tables and any(p.kind == "header" and p.table == table for p in pieces)
        return table, FLAT if flat else None, unit, None
    p = pieces[last]
    after = pieces[last + 1 :]
    flat_table = p.table in voc.flat_tables
    if flat_table and len({q.text for q in pieces if q.kind == "row" and q.table == p.table}) > 1:
        # several rows of a flat table named with no numbers between them: the
        # header of the usual one-line layout, whose values follow all the labels
        return p.table, FLAT, unit, None
    if any(a.kind in ("header", "group") for a in after):
        flat = flat_table and any(a.kind == "header" and a.table == p.table for a in after)
        return p.table, FLAT if flat else None, unit, None
    if any(a.kind == "junk" for a in after):
        return table, None, unit, None
    # within the cell where the phrase starts, nothing unknown may precede it
    cell_start = 0
    pos = 0
    for n in norms:
        if pos > p.start:
            break
        cell_start = pos
        pos += len(n)
    if any(q.kind == "junk" and q.start >= cell_start and q.end <= p.start for q in pieces[:last]):
        return table, None, unit, None
    key = p.row_for(template, voc.names)
    if key is None:
        other = next((r for _, r in p.rows if r), None)
        return p.table, None, unit, other
    return p.table, key, unit, None
