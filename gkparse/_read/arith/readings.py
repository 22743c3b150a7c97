"""The candidate readings of what the fast placement left undecided, each bounded.

A *reading* gives each key of a unit (a row, or a stretch of rows) the cell
printed there, a blank (``None``: nothing printed), or `ABSENT` (the row was
not printed at all).  A blank stands for a count the report did not print —
any number ≥ 0 — so a relation with a blank term only bounds the others
(`feasible`); it never makes a blank 0.

Readings are found column by column, the row's own relations tested as soon
as their columns are filled, so a reading that breaks one is never completed.  Readings come from three places:

* **arrangements** — a row prints fewer values than it has columns and its
  layout kept no positions: every order-preserving choice of columns,
  ``C(ncols, n)`` of them (35 at most for seven columns);
* **splits** — a run of digits holds the row's cells (``713000074``): every
  cut into as many numbers as the row has columns, none with a leading zero
  (but ``0`` itself), a decimal fraction and a unit kept with their number, a
  sign only under 本年增/减.  A run-together row is read as a full row: text
  that glues cells together keeps no trace of a blank one, so gkparse reads
  a run only as a row that prints every cell (reports printed this way print
  0 for nothing); a run with fewer digits than columns is not read;
* **alignments** — number rows without a label between two rows that have
  one: every order-preserving assignment of those number rows to the
  template rows between (see ``align``).

The search stops at `LIMIT` readings (or fifty times as many partial ones)
and then gives up: the unit stays unread, with a finding.  A row has at most
seven columns (fifteen for the appeals table printed as one row) and a count
at most fifteen digits; the row's own relations cut the search at each row's
last column, so a run-together appeals row of 15 to 20 digits, or a requests
row of up to about 20, is read in a few thousand steps.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from gkparse._read.grid import GridCell
from gkparse._read.text import read_number

LIMIT: Final = 20_000
"""The most readings one unit may have; beyond it the unit is given up (unread, with a finding)."""


class _Absent:
    """The key's row was not printed at all (distinct from a blank cell, which was printed empty)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()
Slot = GridCell | None | _Absent
Reading = tuple[Slot, ...]
"""A reading of a unit: for each of its keys, the cell printed there, a blank (None) or ABSENT."""

_FRACTION: Final = re.compile(r"\.\d+(?:万元|亿元|元)?$|(?:万元|亿元|元)$")
_SIGNED: Final = re.compile(r"(?=[+-])")


class TooMany(Exception):
    """A unit's readings are more than `LIMIT`: it is not decided."""


def value(t: GridCell) -> int | Decimal | None:
    """The number a value cell prints (None: a placeholder, or no number)."""
    if t.kind == "ph":
        return None
    num = t.number or read_number(t.text)
    if num is None:
        return None
    return int(num.value) if num.whole else num.value


class _Run(NamedTuple):
    """A run of digits still to cut: its digits, the fraction or unit its last number keeps, its cell, and
    the sign printed before it (kept by its first number: ``35-15`` is 35 then -15)."""

    digits: str
    tail: str
    cell: GridCell
    sign: str = ""


class Linear(NamedTuple):
    """An equality a row's reading must satisfy: Σ its ``plus`` columns − Σ its ``minus`` columns + ``const``
    = 0 (``const``: the terms already known, from cells placed elsewhere).  A blank column stands for a count
    the report did not print: any number ≥ 0 (any number at all in a signed column)."""

    plus: tuple[int, ...]
    minus: tuple[int, ...]
    const: int | Decimal = 0


class _Unknown:
    """A term the report left blank: the equality must hold for some value of it."""

    def __init__(self, signed: bool) -> None:
        self.signed = signed


UNKNOWN: Final = _Unknown(False)
"""A blank count: some number ≥ 0."""
FREE: Final = _Unknown(True)
"""A blank signed change (本年增/减): any number."""


def feasible(plus: Sequence[object], minus: Sequence[object], const: int | Decimal = 0) -> bool:
    """Whether Σ plus − Σ minus + const = 0 can hold, each blank term (`UNKNOWN`, `FREE`) standing for a
    value it may take: exact when no term is blank, else a bound (blanks on one side only: the known sum
    must leave room for them)."""
    known = const
    up = down = False  # the blanks can raise / lower the left-hand sum
    for sign, terms in ((1, plus), (-1, minus)):
        for t in terms:
            if isinstance(t, _Unknown):
                if t.signed:
                    return True
                up, down = (up or sign > 0), (down or sign < 0)
            else:
                known += sign * t  # type: ignore[operator]
    if up and down:
        return True
    if up:
        return known <= 0
    if down:
        return known >= 0
    return known == 0


def readings(
    values: Sequence[GridCell],
    ncols: int,
    strips: Mapping[int, Sequence[str]] | None = None,
    tests: Mapping[int, Sequence[Linear]] | None = None,
    signed: frozenset[int] = frozenset(),
    *,
    blanks: bool = False,
) -> list[Reading]:
    """Every reading of a row's values in ``ncols`` columns: each plain value in one column, each run of
    digits cut into numbers, after one of the tails ``strips[i]`` allows it to lose (the next row's
    enumerator glued to it), every value and number in order, blanks elsewhere; a number cut with a sign
    only in a column of ``signed`` (本年增/减).  ``tests[s]`` are checked once column ``s`` is filled (the
    row's own relations), so a reading that breaks one is never completed.  A run fills every column it
    can (a full row) unless ``blanks``: then its numbers may leave columns blank too.

    Raises:
        TooMany: more than `LIMIT` readings, or the search visits more than 50 times as many partial ones.
    """
    strips = strips or {}
    options: list[list[list[GridCell | _Run]]] = []
    for i, t in enumerate(values):
        if t.kind != "run":
            options.append([[t]])
            continue
        alts: list[list[GridCell | _Run]] = []
        for tail in strips.get(i, ("",)):
            text = t.text[: len(t.text) - len(tail)] if tail else t.text
            atoms = _atoms(text, t)
            if atoms is not None:
                alts.append(atoms)
        options.append(alts)
    out: list[tuple[GridCell | tuple[_Run, str] | None, ...]] = []
    budget = [LIMIT * 50]
    for combo in itertools.product(*options):
        _fill([a for part in combo for a in part], ncols, tests or {}, signed, out, budget, blanks)
    made: dict[tuple[int, str], GridCell] = {}
    found: list[Reading] = []
    for row in dict.fromkeys(out):
        found.append(tuple(_cell(slot, made) for slot in row))
    return found


def column_options(
    values: Sequence[GridCell], ncols: int, signed: frozenset[int] = frozenset()
) -> list[set[str | None]]:
    """What each of ``ncols`` columns can hold over every reading of a row's values that may leave any
    column blank (the readings of `readings` with ``blanks=True``, no relation tested): the printed text
    of the number or value, or None for a blank.  A column with one option is decided by the text alone.

    Found by reachability over (column, atom, offset) states instead of listing the readings, whose
    number grows exponentially with the row's blanks and digits: polynomial in the row's size.
    """
    atoms: list[GridCell | _Run] = []
    for t in values:
        got = _atoms(t.text, t) if t.kind == "run" else [t]
        if got is None:
            return [set() for _ in range(ncols)]
        atoms.extend(got)
    n = len(atoms)
    State = tuple[int, int, int]
    edges: dict[State, list[tuple[str | None, State]]] = {}

    def moves(s: int, a: int, o: int) -> list[tuple[str | None, State]]:
        out: list[tuple[str | None, State]] = []
        if ncols - s - 1 >= n - a:
            out.append((None, (s + 1, a, o)))
        if a == n:
            return out
        atom = atoms[a]
        if isinstance(atom, _Run):
            digits = atom.digits
            if atom.sign and o == 0 and s not in signed:
                return out
            for j in [o + 1] if digits[o] == "0" else range(o + 1, min(len(digits), o + 15) + 1):
                text = (atom.sign if o == 0 else "") + digits[o:j] + (atom.tail if j == len(digits) else "")
                out.append((text, (s + 1, a + 1, 0) if j == len(digits) else (s + 1, a, j)))
        else:
            out.append((atom.text, (s + 1, a + 1, 0)))
        return out

    frontier: set[State] = {(0, 0, 0)}
    for _ in range(ncols):  # forward: every state reachable column by column
        following: set[State] = set()
        for st in frontier:
            edges[st] = moves(*st)
            following.update(nxt for _, nxt in edges[st])
        frontier = following
    alive: set[State] = {st for st in frontier if st[1] == n}  # backward: states that reach a full reading
    options: list[set[str | None]] = [set() for _ in range(ncols)]
    for s in range(ncols - 1, -1, -1):
        for st, out in edges.items():
            if st[0] != s:
                continue
            for text, nxt in out:
                if nxt in alive:
                    options[s].add(text)
                    alive.add(st)
    return options


def _atoms(text: str, t: GridCell) -> list[GridCell | _Run] | None:
    """A run's text as the digit strings to cut, one per sign printed in it (None: not digits)."""
    out: list[GridCell | _Run] = []
    for part in _SIGNED.split(text):
        if not part:
            continue
        sign = part[0] if part[0] in "+-" else ""
        body = part[len(sign) :]
        m = _FRACTION.search(body)
        digits = body[: m.start()].rstrip(" \u00a0") if m else body
        if not digits.isdigit():
            return None
        out.append(_Run(digits, m.group() if m else "", t, sign))
    return out


def _cell(slot: GridCell | tuple[_Run, str] | None, made: dict[tuple[int, str], GridCell]) -> Slot:
    """A reading's slot as a cell: a cut number becomes a number cell of its run's line and layout."""
    if slot is None or isinstance(slot, GridCell):
        return slot
    run, text = slot
    key = (id(run.cell), text)
    if key not in made:
        made[key] = run.cell._replace(kind="num", text=text, number=read_number(text), norm="")
    return made[key]


def _fill(
    atoms: Sequence[GridCell | _Run],
    ncols: int,
    tests: Mapping[int, Sequence[Linear]],
    signed: frozenset[int],
    out: list[tuple[GridCell | tuple[_Run, str] | None, ...]],
    budget: list[int],
    blanks: bool = False,
) -> None:
    """Depth-first: fill the columns left to right with a blank, the next plain value, or the next number
    cut from the current run (no leading zero but 0 itself, at most 15 digits, the run's tail on its last)."""
    row: list[GridCell | tuple[_Run, str] | None] = []
    vals: list[object] = []
    blank = [FREE if c in signed else UNKNOWN for c in range(ncols)]
    blanks_allowed = blanks or not any(isinstance(a, _Run) for a in atoms)
    pieces: dict[tuple[int, int, int], tuple[str, int | Decimal]] = {}

    def piece(a: int, o: int, j: int) -> tuple[str, int | Decimal]:
        got = pieces.get((a, o, j))
        if got is None:
            run = atoms[a]
            assert isinstance(run, _Run)
            text = (run.sign if o == 0 else "") + run.digits[o:j] + (run.tail if j == len(run.digits) else "")
            got = pieces[(a, o, j)] = (text, _number(text))
        return got

    def holds(s: int) -> bool:
        found = tests.get(s)
        return not found or all(feasible([vals[c] for c in t.plus], [vals[c] for c in t.minus], t.const) for t in found)

    def go(s: int, a: int, o: int) -> None:
        budget[0] -= 1
        if budget[0] < 0 or len(out) > LIMIT:
            raise TooMany
        if s == ncols:
            if a == len(atoms):
                out.append(tuple(row))
            return
        if blanks_allowed and ncols - s - 1 >= len(atoms) - a:  # room for a blank: every atom left needs a column
            row.append(None)
            vals.append(blank[s])
            if holds(s):
                go(s + 1, a, o)
            row.pop()
            vals.pop()
        if a == len(atoms):
            return
        atom = atoms[a]
        if isinstance(atom, _Run):
            digits = atom.digits
            if atom.sign and o == 0 and s not in signed:
                return  # a signed number only under 本年增/减
            for j in [o + 1] if digits[o] == "0" else range(o + 1, min(len(digits), o + 15) + 1):
                text, v = piece(a, o, j)
                row.append((atom, text))
                vals.append(v)
                if holds(s):
                    go(s + 1, a + 1, 0) if j == len(digits) else go(s + 1, a, j)
                row.pop()
                vals.pop()
        else:
            row.append(atom)
            vals.append(value(atom) or 0)
            if holds(s):
                go(s + 1, a + 1, 0)
            row.pop()
            vals.pop()

    go(0, 0, 0)


def _number(text: str) -> int | Decimal:
    """The number a piece cut from a run prints (a money unit or fraction kept)."""
    if text.isdigit():
        return int(text)
    num = read_number(text)
    return 0 if num is None else (int(num.value) if num.whole else num.value)
