"""Derived values: the blank cells a report's relations determine uniquely (``Report.derived``).

Each equality relation of the report's template (``index.checks(template)``, one instance per
row or column) with exactly one blank term and every other term printed decides that term: a
blank total from its printed parts, a single blank part from the total and the other parts.
Blanks on one side of a relation whose printed terms already balance are each 0: counts are
never negative, so no other values could make it hold (signed columns, 本年增/减, excepted).
Derived values count as known for the next round, until nothing more is decided.

Nothing is derived from an inequality, from a relation with two blanks or more, into a cell a
finding is about (an ambiguous row's numbers were printed, just not placed), through a printed
cell whose value is unknown (money without a unit), or as a negative count.  When a relation
whose terms are then all known does not hold, the table's derived values are all dropped: the
printed cells contradict one another, and no value computed from them can be trusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gkparse.model import Cell, Report, Value
from gkparse.templates import Check


def _blocked(report: Report) -> tuple[set[str], tuple[str, ...]]:
    """Keys (and ``ROW.`` prefixes) that findings other than info are about: never derived."""
    exact: set[str] = set()
    prefixes: list[str] = []
    for f in report.findings:
        if f.severity == "info":
            continue
        for k in f.keys:
            if k.endswith(".*"):
                prefixes.append(k[:-1])
            else:
                exact.add(k)
    return exact, tuple(prefixes)


def _solve(chk: Check, values: Mapping[str, int | Decimal], signed: set[str]) -> list[tuple[str, int | Decimal]] | None:
    """The blank terms of an equality the relation decides, with their values; None when it decides none.

    One blank: its value is the difference.  Several blanks, all on one side, whose sum must
    be 0: each is 0, since none may be negative (a signed column, 本年增/减, decides nothing).
    """
    blanks = [k for k in (*chk.left, *chk.right) if k not in values]
    if not blanks:
        return None
    left = sum((values[k] for k in chk.left if k in values), start=0)
    right = sum((values[k] for k in chk.right if k in values), start=0)
    if len(blanks) == 1:
        value = right - left if blanks[0] in chk.left else left - right
        return [(blanks[0], value)] if value >= 0 or blanks[0] in signed else None
    one_side = all(k in chk.left for k in blanks) or all(k in chk.right for k in blanks)
    if one_side and left == right and not signed.intersection(blanks):
        return [(k, 0) for k in blanks]
    return None


def _holds(chk: Check, values: Mapping[str, int | Decimal]) -> bool | None:
    """Whether a fully known relation holds (None when a term is still blank)."""
    if any(k not in values for k in (*chk.left, *chk.right)):
        return None
    left = sum((values[k] for k in chk.left), start=0)
    right = sum((values[k] for k in chk.right), start=0)
    return left <= right if chk.le else left == right


def derived_values(report: Report) -> dict[str, tuple[int | Decimal, Check]]:
    """``{key: (value, relation instance)}`` of every cell the report's relations determine."""
    present = {t.name for t in report.tables}
    checks = [c for c in report.index.checks(report.template) if c.table in present]
    unknown = {c.key for c in report.cells() if c.value is None}
    values: dict[str, int | Decimal] = {c.key: c.value for c in report.cells() if c.value is not None}
    exact, prefixes = _blocked(report)
    usable = [c for c in checks if not c.le and not unknown.intersection((*c.left, *c.right))]
    found: dict[str, tuple[int | Decimal, Check]] = {}
    changed = True
    while changed:
        changed = False
        for chk in usable:
            solved = _solve(chk, values, report.index.signed)
            if solved is None or any(k in exact or k.startswith(prefixes) for k, _ in solved):
                continue
            for key, value in solved:
                values[key] = value
                found[key] = (value, chk)
            changed = True
    broken = {c.table for c in checks if _holds(c, values) is False and found.keys() & {*c.left, *c.right}}
    return {k: v for k, v in found.items() if v[1].table not in broken}


def _line(chk: Check, cells: Mapping[str, Cell]) -> int:
    lines = [cells[k].line for k in (*chk.left, *chk.right) if k in cells]
    return min(lines) if lines else 1


def derive(report: Report) -> Report:
    """The report with its derived cells added to their tables (see the module notes)."""
    found = derived_values(report)
    if not found:
        return report
    printed = {c.key: c for c in report.cells()}
    tables: dict[str, Any] = {}
    for table in report.tables:
        extra: list[Cell] = []
        for key in table.keys():  # noqa: SIM118 - the template's keys, not a mapping's
            full = f"{table.name}.{key}"
            if full not in found:
                continue
            value, chk = found[full]
            row, col = key.rsplit(".", 1)
            extra.append(
                Cell(
                    key=full,
                    table=table.name,
                    row=row,
                    col=col,
                    value=_typed(value, table.name, report),
                    raw="",
                    line=_line(chk, printed),
                    derived=True,
                    relation=chk.text,
                )
            )
        if extra:
            tables[table.name] = attrs.evolve(table, cells=(*table.cells, *extra))
    return attrs.evolve(report, **tables)


def _typed(value: int | Decimal, table: str, report: Report) -> Value:
    """A count stays an int; money stays a Decimal."""
    if isinstance(value, Decimal) and value == value.to_integral_value() and not _is_money(table, report):
        return int(value)
    return value


def _is_money(table: str, report: Report) -> bool:
    return any(k.startswith(f"{table}.") for k in report.index.money)


def derived_cells(report: Report) -> Sequence[Cell]:
    """The derived cells of a report (those ``report.derived()`` adds), in template order."""
    return [c for c in report.derived().cells() if c.derived]
