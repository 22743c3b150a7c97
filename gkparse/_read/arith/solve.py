"""Which readings the template's relations leave: per unit first, then across the units of a table.

The relations are the template's equalities (``Index.checks``: a row's parts
sum to its total, new + carried over = total + carried forward per column,
the results sum to the total per column, the appeals rows' totals).  An
instance whose terms are all known — printed numbers already placed, or cells
and blanks the readings give — is judged (`_judge`): it *fails* when no value
of its blank terms (a count ≥ 0) makes it hold, and it *holds as printed* when
it has no blank term and holds.  A combination of readings survives
when no instance fails in it.

A key is *decided* when every surviving combination gives it the same cell.
A printed cell so decided is read only when the text alone decides it (its run
cuts one way) or, in every survivor, `CONFIRMING` distinct relations hold as
printed with it among their terms.  Nothing else is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from gkparse._read.arith.readings import UNKNOWN, Linear, Reading, Slot, feasible, value
from gkparse._read.grid import GridCell
from gkparse.templates import Check

NODES: Final = 5_000
"""The most partial combinations the search across a table's units visits; beyond it nothing is decided.
The real reports that need the joint search at all (a few rows run together or short of blanks) take
under a hundred; a table whose every row lost its positions has millions and decides nothing anyway."""

Number = int | Decimal
Known = dict[str, Number | None]
"""The keys already placed: their number, or None for a printed blank (instances with it are not evaluated)."""


class Unit(NamedTuple):
    """A row, or a stretch of rows, still to read: its keys and its possible readings."""

    name: str
    keys: tuple[str, ...]
    readings: list[Reading]
    text: frozenset[str] = frozenset()  # the keys the text alone decides (every reading, relations aside, agrees)


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


def _terms(reading: Reading) -> tuple[object, ...]:
    return tuple(_term(s) for s in reading)


def _judge(left: Sequence[object], right: Sequence[object]) -> bool | None:
    """False when no value of the blank terms makes the instance hold; True when it holds *as printed* —
    every term a printed number, none blank; None when it has a blank term and can hold (neither a pass
    nor a fail: such an instance narrows the readings but confirms none — counting a blank as 0 let a
    row of zeros confirm a 0 read where the report printed nothing)."""
    if not feasible(left, right):
        return False
    if any(isinstance(t, type(UNKNOWN)) for t in (*left, *right)):
        return None
    return sum(left) == sum(right)  # type: ignore[arg-type]


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
    decision, kept = _search([unit], checks, known)
    if decision is None:  # more readings than the search's bound: none dropped, nothing decided
        return unit, Decision({}, len(unit.readings), unit.keys, frozenset())
    return unit._replace(readings=[sol[0] for sol in kept]), decision


def _signature(slot: Slot) -> object:
    return slot.text if isinstance(slot, GridCell) else slot


CONFIRMING: Final = 2
"""The distinct relations (by code: a row's total, the results per column, the flow) that must hold as
printed, with a cell among their terms, for that cell to be read by arithmetic.  One is not enough: when a
report's own arithmetic is wrong (often), its true reading breaks the row's total, and among the hundreds
of ways to cut a long run one may satisfy that total by chance; it then breaks the column relations."""


def _confirmed(key: str, touched: set[tuple[str, str]]) -> bool:
    return len({code for k, code in touched if k == key}) >= CONFIRMING


def agreed(keys: Sequence[str], readings: Sequence[Reading]) -> frozenset[str]:
    """The keys every reading gives the same cell."""
    return frozenset(k for i, k in enumerate(keys) if len({_signature(r[i]) for r in readings}) == 1)


def _decide(
    keys: Sequence[str],
    readings: Sequence[Reading],
    touched: Sequence[set[tuple[str, str]]],
    used: Sequence[Check],
    text: set[str],
) -> Decision:
    """The keys every reading agrees on.  A key the relations decided (not the ``text`` alone: its
    candidate readings differed) and given a printed cell is read only when, in every surviving reading,
    an instance that holds as printed (`_judge`) has it as a term: a relation that merely leaves room for a
    reading confirms nothing, and a report whose true reading breaks its own arithmetic must not see
    another reading placed because it happens to fit."""
    cells: dict[str, Slot] = {}
    undecided: list[str] = []
    if not readings:
        return Decision({}, 0, tuple(keys), frozenset())
    for i, k in enumerate(keys):
        sigs = {_signature(r[i]) for r in readings}
        first = readings[0][i]
        unconfirmed = k not in text and isinstance(first, GridCell) and not all(_confirmed(k, t) for t in touched)
        if len(sigs) != 1 or unconfirmed:
            undecided.append(k)
            continue
        cells[k] = first
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


def _unpruned(units: Sequence[Unit], due: Sequence[Sequence[object]]) -> int:
    """The nodes the search must visit before any instance can cut it (the units before the first with an
    instance due): when they alone exceed `NODES`, the search is given up without being run."""
    total, width = 0, 1
    for unit, checks in zip(units, due, strict=True):
        width *= len(unit.readings)
        total += width
        if checks or total > NODES:
            break
    return total


def solve_jointly(units: Sequence[Unit], checks: Sequence[Check], known: Known) -> Decision | None:
    """What every combination of the units' readings that satisfies the evaluable instances agrees on;
    None when the search would visit more than `NODES` combinations."""
    return _search(units, checks, known)[0]


_Getter = tuple[int, int] | object
"""A term of a compiled instance: (unit, column) of the readings, or a known number."""


def _search(
    units: Sequence[Unit], checks: Sequence[Check], known: Known
) -> tuple[Decision | None, list[tuple[Reading, ...]]]:
    """Depth first over the units' readings, each instance tested as soon as its last unit is read; the
    terms of every reading computed once.  Returns the decision (None beyond `NODES`) and the survivors."""
    owner: dict[str, tuple[int, int]] = {}
    for u, unit in enumerate(units):
        for i, k in enumerate(unit.keys):
            owner[k] = (u, i)
    mine = relevant(checks, set(owner), known)
    due: list[list[tuple[Check, list[_Getter], list[_Getter]]]] = [[] for _ in units]
    for chk in mine:
        last = max(owner[k][0] for k in (*chk.left, *chk.right) if k in owner)
        sides: list[list[_Getter]] = [[owner.get(k) or known[k] for k in side] for side in (chk.left, chk.right)]
        due[last].append((chk, sides[0], sides[1]))
    if _unpruned(units, due) > NODES:
        return None, []
    terms = [[_terms(rd) for rd in unit.readings] for unit in units]
    chosen: list[tuple[object, ...]] = []
    picks: list[int] = []
    solutions: list[tuple[Reading, ...]] = []
    touched: list[set[tuple[str, str]]] = []
    nodes = 0

    def term(g: _Getter) -> object:
        return chosen[g[0]][g[1]] if isinstance(g, tuple) else g

    def go(u: int, used: set[tuple[str, str]]) -> bool:
        nonlocal nodes
        if u == len(units):
            solutions.append(tuple(units[v].readings[r] for v, r in enumerate(picks)))
            touched.append(used)
            return True
        for r, t in enumerate(terms[u]):
            nodes += 1
            if nodes > NODES:
                return False
            chosen.append(t)
            picks.append(r)
            now = used
            ok = True
            for chk, left, right in due[u]:
                lt = [term(g) for g in left]
                rt = [term(g) for g in right]
                if any(v is None for v in (*lt, *rt)):
                    continue
                got = _judge(lt, rt)
                if got is False:
                    ok = False
                    break
                if got:
                    now = now | {(k, chk.code) for k in (*chk.left, *chk.right)}
            if ok and not go(u + 1, now):
                return False
            chosen.pop()
            picks.pop()
        return True

    if not go(0, set()):
        return None, []
    keys = [k for unit in units for k in unit.keys]
    flat = [tuple(s for reading in sol for s in reading) for sol in solutions]
    text = {k for unit in units for k in unit.text}
    return _decide(keys, flat, touched, mine, text), solutions
