"""Tables step: placed values → typed cells, table by table.

Each placed value is read as the number its key holds (a count, a signed
change, money in yuan); what is odd about it is a finding (a placeholder, a
unit missing, a fraction where a count belongs).  The same cell printed twice
with two different values is a conflict: neither is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import attrs

from gkparse import _findings as F
from gkparse._read.grid import GridCell
from gkparse._read.placement import Placing
from gkparse._read.rows import RowRead
from gkparse._read.text import MAX_DIGITS, MONEY_UNITS, read_number, to_yuan
from gkparse.model import Cell, Finding, Value
from gkparse.templates import Index
from gkparse.templates._index import Slot


@attrs.frozen
class Tabulated:
    """What the tables step read: cells per table (in key order), findings, and the layouts cells came from."""

    cells: dict[str, list[Cell]]
    findings: list[Finding]
    layouts: dict[str, Counter[str]]


def tabulate(placed: Sequence[tuple[RowRead, Placing]], index: Index) -> Tabulated:
    """Read every placed value into its cell."""
    tables = _Tables(index)
    for r, (slots, how) in placed:
        table, unit = r.table, r.res.unit
        for slot, tok in zip(r.targets, slots, strict=True):
            if tok is not None:
                tables.add(table, slot, tok, unit, how)
    return tables.result()


def value_of(t: GridCell, key: str, index: Index, unit: str | None, findings: list[Finding]) -> tuple[bool, Value]:
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


class _Tables:
    """The cells read so far, table by table, with conflicts kept out."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.cells: dict[str, dict[str, Cell]] = {t: {} for t in index.tables}
        self.conflicts: set[str] = set()
        self.findings: list[Finding] = []
        self.layouts: dict[str, Counter[str]] = {t: Counter() for t in index.tables}
        self.counts = index.order.keys() - index.money

    def add(self, table: str, slot: Slot, tok: GridCell, unit: str | None, how: str) -> None:
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
            cells[key] = Cell(key, table, row, col, value, raw, tok.line, tok.origin, how)
            self.layouts[table][tok.layout] += 1
        elif old.value != value:
            cell = Cell(key, table, row, col, value, raw, tok.line, tok.origin, how)
            self.conflicts.add(key)
            self.findings.append(
                F.CONFLICT.make(
                    (key,), cell.line, key=key, old=old.raw, old_line=old.line, new=cell.raw, new_line=cell.line
                )
            )

    def result(self) -> Tabulated:
        order = self.index.order
        out: dict[str, list[Cell]] = {}
        for table, cells in self.cells.items():
            keys = sorted(cells.keys() - self.conflicts if self.conflicts else cells, key=order.__getitem__)
            out[table] = [cells[k] for k in keys]
        return Tabulated(out, self.findings, self.layouts)
