"""Placement by arithmetic: where the fast path cannot place a row, the template's relations may.

A careful reader of a row whose cells ran together (``713000074``) or lost
their blanks reads it the one way under which the table adds up.  This step
does the same, and no more:

1. each row the placement step left undecided becomes a *unit* with its
   candidate readings (`readings`: arrangements, splits of digit runs; at
   most `readings.LIMIT` of them);
2. per unit, the readings that break an instance of the template's relations
   evaluable from that row and the cells already placed are dropped; a key on
   which every remaining reading agrees is read (`solve.filter_unit`);
3. per table, the units still undecided are read together: every combination
   of their readings under which every evaluable instance holds, and a key
   on which every such combination agrees is read (`solve.solve_jointly`).

A cell read so is marked ``placed="arithmetic"`` and is always the printed
digits of one cell.  When several readings fit, or none does (the report's
own arithmetic may be wrong), the cells stay unread with a finding naming
the candidates.  A report placed this way gets a ``placement.arithmetic``
finding: the relations that placed its cells hold by construction and vouch
for nothing about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from gkparse import _findings as F
from gkparse._read.arith.readings import ABSENT, Slot, TooMany, column_options, readings, value
from gkparse._read.arith.solve import Decision, Known, Unit, components, filter_unit, solve_jointly, tests_for
from gkparse._read.grid import GridCell, values_of
from gkparse._read.labels import Vocabulary
from gkparse._read.placement import Placing
from gkparse._read.rows import RowRead
from gkparse.model import Finding
from gkparse.templates import Check, Index


class Decided(NamedTuple):
    """What the arithmetic step read: rows with the slots it placed, and its findings."""

    rows: list[tuple[RowRead, Placing]]
    findings: list[Finding]


def place_by_arithmetic(
    left: Sequence[RowRead],
    placed: Sequence[tuple[RowRead, Placing]],
    template: str | None,
    index: Index,
    voc: Vocabulary,
) -> Decided:
    """Read what the relations decide of the rows the fast path ``left`` (see the module docstring)."""
    if not left:
        return Decided([], [])
    checks = [c for c in index.checks(template) if c.severity == "error" and not c.le]
    known = _known(placed, index)
    units: list[tuple[RowRead, Unit]] = []
    findings: list[Finding] = []
    for r in left:
        unit = _unit(r, checks, index)
        if isinstance(unit, str):
            findings.append(_unplaced(r, unit))
        else:
            units.append((r, unit))
    got: dict[str, Slot] = {}
    used: set[str] = set()
    pending = _per_row(units, checks, got, known, used, findings)
    why = _per_table(pending, checks, got, known, used)
    for i, (r, u) in enumerate(pending):
        left_keys = tuple(k for k in u.keys if k not in got)
        if left_keys:
            findings.append(_unplaced(r, why.get(i, "no relation decides"), u, left_keys))
    rows = _rows(units, got)
    if rows:
        findings.append(_note(rows, used))
    return Decided(rows, findings)


Pending = list[tuple[RowRead, Unit]]


def _per_row(
    units: Pending, checks: Sequence[Check], got: dict[str, Slot], known: Known, used: set[str], out: list[Finding]
) -> Pending:
    """Per row first: each unit's readings under its own relations (every term in the row); a key every
    remaining reading agrees on is read.  The units with keys left undecided are returned."""
    pending: Pending = []
    for r, unit in units:
        kept, decision = filter_unit(unit, checks, {})
        _take(decision, got, known, used)
        if not kept.readings:
            out.append(_unplaced(r, "no reading makes the row's own relations hold", unit, decision.undecided))
        elif decision.undecided:
            pending.append((r, _narrow(kept, decision.undecided)))
    return pending


def _per_table(
    pending: Pending, checks: Sequence[Check], got: dict[str, Slot], known: Known, used: set[str]
) -> dict[int, str]:
    """Then per table: the undecided units that share a relation instance (or have one with cells already
    read) are read together, round after round while a round reads something.  Returns why each unit that
    stays undecided does."""
    why: dict[int, str] = {}
    progress = True
    while progress:
        progress = False
        live = [i for i, (_, u) in enumerate(pending) if any(k not in got for k in u.keys)]
        units = [_narrow(pending[i][1], tuple(k for k in pending[i][1].keys if k not in got)) for i in live]
        for component in components(units, checks, known):
            joint = solve_jointly([units[c] for c in component], checks, known)
            for c in component:
                why[live[c]] = "too many combinations to decide" if joint is None else _why(joint.survivors)
            if joint is not None and joint.cells:
                progress = True
                _take(joint, got, known, used)
    return why


def _take(decision: Decision, got: dict[str, Slot], known: Known, used: set[str]) -> None:
    _accept(decision.cells, got, known)
    used |= decision.instances


def _known(placed: Sequence[tuple[RowRead, Placing]], index: Index) -> Known:
    """The numbers already placed (None: a printed blank), money left out (no relation holds money)."""
    known: Known = {}
    for r, (slots, _) in placed:
        for (_, _, key), tok in zip(r.targets, slots, strict=True):
            if key in index.money:
                continue
            v = None if tok is None else value(tok)
            if key in known and known[key] != v:
                v = None  # printed twice with two values: a conflict, read as neither
            known[key] = v
    return known


def _unit(r: RowRead, checks: Sequence[Check], index: Index) -> Unit | str:
    """The candidate readings of a row left undecided, under its own relations, or why it has none: a row
    of runs followed on its line by text that is no label (``3143,178``: where the row ends is not known,
    so its true reading may be none of the candidates), or more readings than the bound."""
    values = values_of(r.lr.group)
    if not r.lr.closed and any(v.kind == "run" for v in values):
        return "the text after its numbers on the same line is not a label: where the row ends is not known"
    keys = tuple(key for _, _, key in r.targets)
    signed = frozenset(i for i, k in enumerate(keys) if k in index.signed)
    strips = _strips(r, values)
    try:
        found = readings(values, len(keys), strips, tests_for(keys, checks, {}), signed)
    except TooMany:
        return "too many readings to decide (more than the bound)"
    return Unit(r.res.label, keys, found, _by_text(r, values, keys, signed))


def _by_text(r: RowRead, values: Sequence[GridCell], keys: tuple[str, ...], signed: frozenset[int]) -> frozenset[str]:
    """The keys the text alone decides, with no relation to confirm them: a row of runs closed by the next
    row's label or its line's end (nothing unread after it) whose digits cut only one way even if the row printed
    blanks — ``000`` in three columns, ``2293`` in one.  Anything else needs a relation that holds."""
    if not any(v.kind == "run" for v in values) or not r.lr.closed or _strips(r, values):
        return frozenset()
    options = column_options(values, len(keys), signed)
    return frozenset(k for k, o in zip(keys, options, strict=True) if len(o) == 1)


def _strips(r: RowRead, values: Sequence[GridCell]) -> dict[int, Sequence[str]]:
    """The tails the last run may lose: the next row's enumerator glued to it (``30000036.属于四类…``) —
    known when the next row's label names its row, else one or two digits, or none."""
    last = len(values) - 1
    after = r.lr.after
    if values[last].kind != "run" or after is None or after.text[:1] not in ".．、":
        return {}
    if r.glued:
        return {last: (r.glued,)}
    digits = values[last].text
    return {last: ("", digits[-1:], digits[-2:])}


def _narrow(unit: Unit, undecided: tuple[str, ...]) -> Unit:
    """The unit with the keys it already decided left out."""
    keep = [i for i, k in enumerate(unit.keys) if k in undecided]
    readings = list({tuple(rd[i] for i in keep): None for rd in unit.readings})
    return unit._replace(keys=tuple(unit.keys[i] for i in keep), readings=readings)


def _accept(cells: dict[str, Slot], got: dict[str, Slot], known: Known) -> None:
    """Take decided keys: their cells into ``got``, their numbers into what the next steps know."""
    for k, slot in cells.items():
        if slot is ABSENT:
            continue
        got[k] = slot
        known[k] = value(slot) if isinstance(slot, GridCell) and slot.kind != "ph" else None


def _rows(units: Sequence[tuple[RowRead, Unit]], got: dict[str, Slot]) -> list[tuple[RowRead, Placing]]:
    """The rows with a cell read by arithmetic, their slots aligned with their targets."""
    out: list[tuple[RowRead, Placing]] = []
    for r, _ in units:
        slots = [got.get(key) for _, _, key in r.targets]
        cells = [s if isinstance(s, GridCell) else None for s in slots]
        if any(c is not None for c in cells):
            out.append((r, (cells, "arithmetic")))
    return out


def _why(survivors: int) -> str:
    if survivors == 0:
        return "no combination of readings makes the template's relations hold"
    return f"{survivors} combinations of readings make the template's relations hold"


def _show(unit: Unit, keys: Sequence[str], most: int = 3) -> str:
    """Up to ``most`` distinct candidate readings of the keys, as printed (blank: _)."""
    idx = [unit.keys.index(k) for k in keys]
    shown: list[str] = []
    for rd in unit.readings:
        text = " ".join(c.text if isinstance(c, GridCell) else "_" for c in (rd[i] for i in idx))
        if text not in shown:
            shown.append(text)
        if len(shown) == most:
            break
    more = " …" if len({tuple(str(rd[i]) for i in idx) for rd in unit.readings}) > len(shown) else ""
    return " | ".join(shown) + more


def _unplaced(r: RowRead, why: str, unit: Unit | None = None, keys: Sequence[str] = ()) -> Finding:
    values = values_of(r.lr.group)
    candidates = _show(unit, keys) if unit is not None and unit.readings else "none"
    every = tuple(key for _, _, key in r.targets)
    whole = not keys or set(keys) == set(every)
    return F.AMBIGUOUS.make(
        tuple(dict.fromkeys(f"{r.table}.{row}.*" for row, _, _ in r.targets)) if whole else tuple(keys),
        values[0].line,
        label=r.res.label,
        values=", ".join(t.text for t in values),
        why=why,
        candidates=candidates,
    )


def _note(rows: Sequence[tuple[RowRead, Placing]], used: set[str]) -> Finding:
    keys = tuple(key for r, (slots, _) in rows for (_, _, key), t in zip(r.targets, slots, strict=True) if t)
    labels = ", ".join(dict.fromkeys(r.res.label for r, _ in rows))
    return F.PLACED_BY_ARITHMETIC.make(
        keys, rows[0][0].lr.group[0].line, n=len(keys), rows=labels, relations=", ".join(sorted(used)) or "none"
    )


__all__ = ["Check", "Decided", "place_by_arithmetic"]
