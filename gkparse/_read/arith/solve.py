"""Which readings the template's relations leave: per unit first, then across the units of a table.

The relations are the template's equalities (``Index.checks``: a row's parts
sum to its total, new + carried over = total + carried forward per column,
the results sum to the total per column, the appeals rows' totals).  A
relation instance is *evaluated* for a combination of readings when each of
its terms is known there: a value printed in a cell already placed, or a cell
the readings give; a blank a reading gives counts as nothing (0), while a
blank printed in a row already placed, or a row not printed at all, leaves the
instance unevaluated (neither a pass nor a fail).  A combination survives when
every instance evaluated in it holds.

A key is *decided* when every surviving combination gives it the same cell —
the same printed number, or a blank — and *confirmed* when, in every one of
them, some evaluated instance has it as a term.  Nothing else is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from gkparse._read.arith.readings import UNKNOWN, Linear, Reading, Slot, feasible, value
from gkparse._read.grid import GridCell
from gkparse.templates import Check

NODES: Final = 200_000
"""The most partial combinations the search across a table's units visits; beyond it nothing is decided."""

Number = int | Decimal
Known = dict[str, Number | None]
"""The keys already placed: their number, or None for a printed blank (instances with it are not evaluated)."""


class Unit(NamedTuple):
    """A row, or a stretch of rows, still to read: its keys and its possible readings."""

    name: str
    keys: tuple[str, ...]
    readings: list[Reading]
    confirm: bool = False  # accept a key only when an evaluated relation instance has it as a term


class Decision(NamedTuple):
    """What the relations decide: for each decided key its cell (None: blank), the surviving number of
    readings (per unit) or combinations (joint), and the keys that stay undecided."""

    cells: dict[str, Slot]
    survivors: int
    undecided: tuple[str, ...]
    instances: frozenset[str]  # the codes of the relations evaluated on decided keys


def _term(slot: Slot) -> object:
    """A reading's slot as a term: its number; a blank (or a placeholder) is a count the report left out
    (`readings.UNKNOWN`); ABSENT (or no number) is None."""
    if slot is None:
        return UNKNOWN
    if not isinstance(slot, GridCell):
        return None
    if slot.kind == "ph":
        return UNKNOWN
    return value(slot)


def _evaluate(chk: Check, get: Callable[[str], object]) -> bool | None:
    """True when every term is known and the instance holds; False when no value of its blank terms can
    make it hold; None when a term is unknown (not printed, or printed blank in a row already placed) or it
    can hold only for some value of its blank terms (neither a pass nor a fail)."""
    terms = [[get(k) for k in side] for side in (chk.left, chk.right)]
    if any(v is None or isinstance(v, _Skip) for side in terms for v in side):
        return None
    if not feasible(terms[0], terms[1]):
        return False
    return None if any(isinstance(v, type(UNKNOWN)) for side in terms for v in side) else True


class _Skip:
    """A term that leaves its instance unevaluated."""


SKIP: Final = _Skip()


def relevant(checks: Sequence[Check], keys: set[str], known: Known) -> list[Check]:
    """The instances that may be evaluated once ``keys`` are read: each term is one of them or a known
    number, and at least one term is one of them."""
    out = []
    for chk in checks:
        terms = (*chk.left, *chk.right)
        if any(k in keys for k in terms) and all(k in keys or known.get(k) is not None for k in terms):
            out.append(chk)
    return out


def tests_for(keys: Sequence[str], checks: Sequence[Check], known: Known) -> dict[int, list[Linear]]:
    """For each column of a unit, its own instances that become evaluable once it is filled, as linear
    tests over the columns (the known terms folded in): a partial reading failing one is never completed."""
    index = {k: i for i, k in enumerate(keys)}
    out: dict[int, list[Linear]] = {}
    for chk in relevant(checks, set(keys), known):
        const: Number = 0
        for k in chk.left:
            if k not in index:
                const += known[k] or 0
        for k in chk.right:
            if k not in index:
                const -= known[k] or 0
        plus = tuple(index[k] for k in chk.left if k in index)
        minus = tuple(index[k] for k in chk.right if k in index)
        out.setdefault(max((*plus, *minus)), []).append(Linear(plus, minus, const))
    return out


def filter_unit(unit: Unit, checks: Sequence[Check], known: Known) -> tuple[Unit, Decision]:
    """The unit's readings under the instances that involve only it and known numbers, and what they decide."""
    index = {k: i for i, k in enumerate(unit.keys)}
    mine = relevant(checks, set(unit.keys), known)
    kept: list[Reading] = []
    touched: list[set[str]] = []
    for reading in unit.readings:
        ok = True
        used: set[str] = set()
        for chk in mine:
            got = _evaluate(chk, lambda k, r=reading: _term(r[index[k]]) if k in index else known.get(k, SKIP))  # type: ignore[misc]
            if got is False:
                ok = False
                break
            if got:
                used.update((*chk.left, *chk.right))
        if ok:
            kept.append(reading)
            touched.append(used)
    filtered = unit._replace(readings=kept)
    return filtered, _decide(unit.keys, kept, touched, set(unit.keys) if unit.confirm else set(), mine)


def _signature(slot: Slot) -> object:
    return slot.text if isinstance(slot, GridCell) else slot


def _decide(
    keys: Sequence[str],
    readings: Sequence[Reading],
    touched: Sequence[set[str]],
    confirm: set[str],
    used: Sequence[Check],
) -> Decision:
    """The keys every reading agrees on (and, for the keys in ``confirm``, that an evaluated instance has
    as a term in each)."""
    cells: dict[str, Slot] = {}
    undecided: list[str] = []
    if not readings:
        return Decision({}, 0, tuple(keys), frozenset())
    for i, k in enumerate(keys):
        sigs = {_signature(r[i]) for r in readings}
        if len(sigs) != 1 or (k in confirm and not all(k in t for t in touched)):
            undecided.append(k)
            continue
        cells[k] = readings[0][i]
    codes = frozenset(c.code for c in used if any(k in cells for k in (*c.left, *c.right)))
    return Decision(cells, len(readings), tuple(undecided), codes)


def components(units: Sequence[Unit], checks: Sequence[Check], known: Known) -> list[list[int]]:
    """The units in groups that share an evaluable instance (transitively); a unit in no evaluable
    instance at all is left out: nothing can narrow it."""
    owner = {k: u for u, unit in enumerate(units) for k in unit.keys}
    parent = list(range(len(units)))

    def root(u: int) -> int:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    linked: set[int] = set()
    for chk in relevant(checks, set(owner), known):
        mine = sorted({owner[k] for k in (*chk.left, *chk.right) if k in owner})
        for u in mine[1:]:
            parent[root(u)] = root(mine[0])
        linked.update(mine)
    groups: dict[int, list[int]] = {}
    for u in sorted(linked):
        groups.setdefault(root(u), []).append(u)
    return list(groups.values())


def solve_jointly(units: Sequence[Unit], checks: Sequence[Check], known: Known) -> Decision | None:
    """What every combination of the units' readings that satisfies the evaluable instances agrees on;
    None when the search would visit more than `NODES` combinations."""
    owner: dict[str, tuple[int, int]] = {}
    for u, unit in enumerate(units):
        for i, k in enumerate(unit.keys):
            owner[k] = (u, i)
    mine = relevant(checks, set(owner), known)
    due: list[list[Check]] = [[] for _ in units]  # each instance, evaluated once its last unit is read
    for chk in mine:
        last = max(owner[k][0] for k in (*chk.left, *chk.right) if k in owner)
        due[last].append(chk)
    chosen: list[Reading] = []
    solutions: list[tuple[Reading, ...]] = []
    touched: list[set[str]] = []
    nodes = 0

    def get(k: str) -> object:
        if k in owner:
            u, i = owner[k]
            return _term(chosen[u][i])
        return known.get(k, SKIP)

    def go(u: int, used: set[str]) -> bool:
        nonlocal nodes
        if u == len(units):
            solutions.append(tuple(chosen))
            touched.append(used)
            return True
        for reading in units[u].readings:
            nodes += 1
            if nodes > NODES:
                return False
            chosen.append(reading)
            now = set(used)
            ok = True
            for chk in due[u]:
                got = _evaluate(chk, get)
                if got is False:
                    ok = False
                    break
                if got:
                    now.update((*chk.left, *chk.right))
            if ok and not go(u + 1, now):
                return False
            chosen.pop()
        return True

    if not go(0, set()):
        return None
    keys = [k for unit in units for k in unit.keys]
    flat = [tuple(s for reading in sol for s in reading) for sol in solutions]
    confirm = {k for unit in units if unit.confirm for k in unit.keys}
    return _decide(keys, flat, touched, confirm, mine)
