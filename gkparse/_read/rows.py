"""Rows step: tokens → logical rows, which table row each one names, and its value slots.

A *logical row* is a run of label tokens followed by a group of value tokens.
The run names the row: the last row phrase in it, provided nothing unknown
follows it and nothing unknown precedes it within its own cell; column
headers after it mean the values belong to the headers (the appeals table
prints its 15 numbers after all its headers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, NamedTuple

from gkparse import _findings as F
from gkparse._read.cache import BoundedCache
from gkparse._read.detached import detached, detached_finding
from gkparse._read.flatparts import flat_part
from gkparse._read.grid import VALUES, GridCell, values_of
from gkparse._read.labels import Vocabulary
from gkparse._read.text import unit_in
from gkparse._read.typos import typo_row
from gkparse.model import Finding
from gkparse.templates import Index
from gkparse.templates._index import Slot

FLAT = "*flat"
"""The row key of a run whose values are the flat rows of a table (the appeals' 15 numbers)."""


class LogicalRow(NamedTuple):
    """A run of label tokens, the group of value tokens after it, and the label token right after
    the group (None: prose, or the end of the text) — where a label wrapped below its values ends."""

    run: tuple[GridCell, ...]
    group: tuple[GridCell, ...]
    after: GridCell | None = None
    closed: bool = True  # nothing unread follows the group on its line: a label, the line's end, the text's end


def logical_rows(toks: Sequence[GridCell]) -> list[LogicalRow]:
    """Pair every run of label tokens with the values that follow it."""
    rows: list[LogicalRow] = []
    run: list[GridCell] = []
    group: list[GridCell] = []
    anchor: int | None = None
    valued = False  # the group holds a number or a placeholder

    for t in toks:
        kind = t.kind
        if kind == "text":
            if group:
                if valued:
                    closed = t.label_like or t.line != group[-1].line
                    rows.append(LogicalRow(tuple(run), tuple(group), t if t.label_like else None, closed))
                    run = []
                group, anchor, valued = [], None, False
            if not t.label_like:
                run = []  # prose: a barrier between tables and the text around them
                continue
            run.append(t)
        elif kind in VALUES:
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
    run: Sequence[GridCell]
    unit: str | None
    other_template_row: str | None = None

    @property
    def label(self) -> str:
        """The run's printed text, for messages."""
        return " ".join(t.text for t in self.run)[-80:]


_Core = tuple[str | None, str | None, str | None, str | None]  # table, row, unit, other template's row
_RESOLVED: Final[BoundedCache[tuple[object, ...], _Core]] = BoundedCache(16384, 256)


def resolve(voc: Vocabulary, run: Sequence[GridCell], template: str | None, context: str | None) -> Resolved:
    """Which row a run of label cells names (see module docstring); cached, label runs repeat."""
    norms = tuple(t.norm for t in run)
    key = (voc, norms, template, context)
    core = _RESOLVED.get(key)
    if core is None:
        core = _RESOLVED.put(key, _resolve(voc, norms, template, context), sum(map(len, norms)))
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


class RowRead(NamedTuple):
    """A logical row that names a row of the template: what it names, and the (row, column, key) of each
    of its value slots in printed order."""

    lr: LogicalRow
    res: Resolved
    targets: tuple[Slot, ...]
    table: str
    glued: str = ""  # the digits of the next row's enumerator glued to this row's last run (``…0016.属于``)


class Resolution(NamedTuple):
    """What the rows step read: the rows naming a template row, the tables seen, and a finding for
    each group of numbers that names no row of the template."""

    rows: list[RowRead]
    seen: set[str]
    findings: list[Finding]


def resolve_rows(
    lrows: Sequence[LogicalRow],
    template: str | None,
    voc: Vocabulary,
    index: Index,
    framed: frozenset[int] = frozenset(),
) -> Resolution:
    """Which template row each logical row names, and its value slots (the others get their finding).

    ``framed``: the lines printed as a whole markdown table row (``| 1 | 0 |``, see `framed_lines`).
    """
    out: list[RowRead] = []
    seen: set[str] = set()
    findings: list[Finding] = []
    context: str | None = None
    taken: GridCell | None = None  # a label cell that ended the label of the row before (wrapped below its values)
    before: LogicalRow | None = None
    for lr in lrows:
        if taken is not None and lr.run and lr.run[0] is taken:
            lr = LogicalRow(lr.run[1:], lr.group, lr.after, lr.closed)
        taken = None
        res = resolve(voc, lr.run, template, context)
        glue = _glue(before, lr)
        if glue and res.row is None:
            res = _with_enumerator(voc, lr, glue, template, context, index) or res
        enum = _enumerator(index, res.table, res.row, template) if res.row and res.table else None
        if glue and enum and glue.endswith(enum) and out and out[-1].lr is before:
            out[-1] = out[-1]._replace(glued=enum)
        before = lr
        if res.row is None and res.other_template_row is None:
            joined = resolve_wrapped(voc, lr, template, context)
            if joined is not None:
                res, taken = joined, lr.after
        if res.table is not None:
            context = res.table
            seen.add(res.table)
        part = None
        if res.row == FLAT and res.table is not None:
            part = flat_part(voc, lr.run, len(values_of(lr.group)), res.table, template, index)
            res = res if part is None else res._replace(row=part)
        if res.row not in (None, FLAT) and part is None and detached(lr, framed):
            findings.append(detached_finding(lr, res))
            continue
        if res.row is None and res.table is not None and lr.run and res.other_template_row is None:
            previous = out[-1].res.row if out and out[-1].table == res.table else None
            typo = typo_row(lr.run[-1].norm, res.table, template, index, previous)
            if typo is not None:
                res = res._replace(row=typo.row)
                findings.append(F.LABEL_TYPO.make(line=lr.run[-1].line, label=lr.run[-1].text, wording=typo.wording))
        if res.row is None or res.table is None:
            unread = _unread(lr, res, template)
            if unread is not None:
                findings.append(unread)
            continue
        slots = index.slots(res.table, res.row, template)
        if slots is None:
            values = values_of(lr.group)
            keys = (f"{res.table}.{res.row}.*",)
            raw = ", ".join(t.text for t in values)
            findings.append(F.UNKNOWN_ROW.make(keys, values[0].line, label=res.label, values=raw))
            continue
        out.append(RowRead(lr, res, slots, res.table))
    return Resolution(out, seen, findings)


_ENUM_DIGITS: Final = re.compile(r"(\d{1,2})[.、]\S*$")


def _enumerator(index: Index, table: str, row: str, template: str | None) -> str | None:
    """The digits of the enumerator the template prints before a row (``6`` for ``6.属于四类过程性信息``)."""
    spec = index.row(table, row, template)
    m = _ENUM_DIGITS.search(spec.label.split(" ")[-1]) if spec is not None else None
    return m.group(1) if m else None


def _glue(before: LogicalRow | None, lr: LogicalRow) -> str:
    """The last two digits of the run ending the row before, when this row's label starts with the
    punctuation of an enumerator whose digits may have been glued to that run (``…0016.属于四类…``)."""
    if before is None or not lr.run or lr.run[0].text[:1] not in ".．、":
        return ""
    values = values_of(before.group)
    if not values or values[-1].kind != "run" or before.after is not lr.run[0]:
        return ""
    return values[-1].text[-2:] if values[-1].text[-2:].isdigit() else ""


def _with_enumerator(
    voc: Vocabulary, lr: LogicalRow, glue: str, template: str | None, context: str | None, index: Index
) -> Resolved | None:
    """What the label names with the enumerator glued to the run before it given back (``.其他`` → ``3.其他``)."""
    for width in (1, 2):
        digits = glue[-width:]
        head = lr.run[0]
        first = head._replace(text=digits + head.text, norm=digits + head.norm)
        res = resolve(voc, (first, *lr.run[1:]), template, context)
        if res.row is not None and res.table is not None and _enumerator(index, res.table, res.row, template) == digits:
            return res
    return None


def _unread(lr: LogicalRow, res: Resolved, template: str | None) -> Finding | None:
    """The finding for the numbers of a row that names no row of the template (None: nothing printed)."""
    values = values_of(lr.group)
    if not any(t.kind == "num" for t in values):
        return None  # "无" under a prose heading: nothing was printed as a number
    raw = ", ".join(t.text for t in values)
    if res.other_template_row is not None:
        return F.OTHER_TEMPLATE.make(line=values[0].line, label=res.label, template=template, values=raw)
    return F.UNLABELLED.make(line=values[0].line, values=raw, label=res.label)
