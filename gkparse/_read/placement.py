"""Placement step: which printed value of a table row goes under which column — only where the text decides.

Strategies, tried in this order for each row the rows step resolved:

* **count** — as many values as the row has columns: in order (in a
  document only when no blank cell sits among them, so a value beyond a
  blank is never pulled into its place);
* **position** — a positioned row (a layout or document that kept empty
  cells in place): by position when the row is exactly as wide as the table
  and its label is one cell (or two whole phrases); a document's exact grid
  by the columns after its label cells and their spans;
* **the layout's convention** — a row neither places, read by its layout's
  own rule (pipe fragments: bare pipes in place, see `Layout.place`);
* **lone total** — a lone number after all but two of a positioned row's
  cells were left empty, under the table's total column (a report that fills
  only 总计).

Otherwise the row's numbers are kept on a ``row.ambiguous`` finding and no
cell is made.  A blank is never read as zero, and a number is never moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from gkparse import _findings as F
from gkparse._read import layouts
from gkparse._read.cells import OPEN
from gkparse._read.grid import GridCell, values_of
from gkparse._read.labels import Vocabulary
from gkparse._read.rows import FLAT, RowRead
from gkparse.model import Finding
from gkparse.templates import Index

Slots = list[GridCell | None]
"""The value cell of each column of a row, in order (None: blank)."""
Placing = tuple[Slots, str]
"""A row's slots and how they were decided (one of `gkparse.model.PLACEMENTS`)."""


class Placed(NamedTuple):
    """What the placement step decided: each placed row with its slots, the rows it left undecided (for the
    arithmetic step), the layouts of the values of the rows left unplaced (per table), and a finding per row
    that prints more values than it has columns."""

    rows: list[tuple[RowRead, Placing]]
    left: list[RowRead]
    unplaced: dict[str, Counter[str]]
    findings: list[Finding]


def place_rows(rows: Sequence[RowRead], widths: dict[int, int], index: Index, voc: Vocabulary) -> Placed:
    """Place every resolved row's values (see the module docstring)."""
    for lay in layouts.LAYOUTS:
        widths = lay.widths([(r.lr.group[0], r.table, len(r.targets)) for r in rows], widths)
    placed: list[tuple[RowRead, Placing]] = []
    left: list[RowRead] = []
    unplaced: dict[str, Counter[str]] = {t: Counter() for t in index.tables}
    findings: list[Finding] = []
    for r in rows:
        total = index.totals.get(r.table)
        total_last = r.res.row != FLAT and total is not None and r.targets[-1][1] == total
        one_row = r.res.row != FLAT
        slots = place(r.lr.group, r.lr.run, len(r.targets), widths, total_last=total_last, one_row=one_row, voc=voc)
        if slots is not None:
            placed.append((r, slots))
            continue
        values = values_of(r.lr.group)
        unplaced[r.table].update(t.layout for t in values)
        if any(t.kind == "run" for t in values) or (values[0].row is None and len(values) < len(r.targets)):
            left.append(r)  # digits run together, or blanks dropped: the arithmetic step may read it
        elif len(values) > len(r.targets):
            findings.append(_too_many(r, values))
        else:  # a positioned row whose positions do not fit the table: its cells stay where they stood
            why = "its cells do not stand where the table's columns are"
            findings.append(unplaced_finding(r, values, why))
    return Placed(placed, left, unplaced, findings)


def unplaced_finding(r: RowRead, values: Sequence[GridCell], why: str, candidates: str = "none tried") -> Finding:
    """The ``row.ambiguous`` finding of a row whose numbers no strategy places."""
    return F.AMBIGUOUS.make(
        tuple(dict.fromkeys(f"{r.table}.{row}.*" for row, _, _ in r.targets)),
        values[0].line,
        label=r.res.label,
        values=", ".join(t.text for t in values),
        why=why,
        candidates=candidates,
    )


def _too_many(r: RowRead, values: Sequence[GridCell]) -> Finding:
    """The finding for a row that prints more values than it has columns."""
    keys = list(dict.fromkeys(row for row, _, _ in r.targets))
    return F.TOO_MANY.make(
        tuple(f"{r.table}.{k}.*" for k in keys),
        values[0].line,
        label=r.res.label,
        n=len(values),
        values=", ".join(t.text for t in values),
        ncols=len(r.targets),
    )


def place(
    group: Sequence[GridCell],
    run: Sequence[GridCell],
    ncols: int,
    widths: dict[int, int],
    *,
    total_last: bool,
    one_row: bool,
    voc: Vocabulary | None = None,
) -> Placing | None:
    """The value cell of each column (None: blank) and how it was decided, or None when the text does not decide.

    ``total_last``: the last column is the table's total column.  ``one_row``: the values are those of
    one table row (not the flat rows of the appeals table).
    """
    values = values_of(group)
    n = len(values)
    if n > ncols or any(t.kind == "run" for t in values):
        return None  # a run of digits holds an unknown number of cells: the arithmetic step reads it
    layout = layouts.get(values[0].layout)
    if n == ncols and (not layout.exact or not _blank_between(group, values)):
        return values, "count"  # type: ignore[return-value]
    base = _positions(group, run, widths, ncols, layout.exact, voc)
    if base is None:
        if one_row and values[0].row is None:
            by_convention = layout.place(group, run, ncols)
            if by_convention is not None:
                return by_convention, "convention"
        if total_last and n == 1 and layout.lone_total:
            lone = _lone_total(group, run, values, ncols)
            return None if lone is None else (lone, "total")
        return None
    pos = [t.pos - base for t in values]
    if all(0 <= p < ncols for p in pos):
        out: Slots = [None] * ncols
        for p, t in zip(pos, values, strict=True):
            out[p] = t
        return out, "position"
    return None


def _positions(
    group: Sequence[GridCell],
    run: Sequence[GridCell],
    widths: dict[int, int],
    ncols: int,
    exact: bool,
    voc: Vocabulary | None,
) -> int | None:
    """The column in the row where the table's first value column stands, or None when not in place.

    Text layouts: right after the row's label, when it is one cell at the row's start — or two
    cells there that are each a whole phrase (a group or section, then the row: ``（三）不予公开⇥1.属于
    国家秘密⇥6…``) — and the row is exactly as wide as the table from there (or the text ends
    inside the row).  Documents, whose grid is exact: right after the label cells and their spans.
    """
    values = values_of(group)
    anchor = _row_of(group, values)
    if anchor is None:
        return None
    idx = [t.pos for t in values]
    if any(t.kind == "filler" and t.row == anchor and min(idx) < t.pos < max(idx) for t in group):
        return None
    labels_here, base = _labels_in(run, anchor)
    width = widths.get(anchor, 0)
    if exact:
        spans = {t.pos for t in group if t.kind == "filler" and t.row == anchor}
        while base in spans:  # the label's own colspan
            base += 1
        return base
    # the label must be one cell at the row's start: a label split over cells can shift the
    # values (seed 001 prints its lone 总计 one column early after a three-cell label)
    single = not labels_here or (len(labels_here) == 1 and labels_here[0].pos == 0)
    if not single and voc is not None and [t.pos for t in labels_here] == [0, 1]:
        single = all(voc.whole(t.norm) for t in labels_here)  # a group cell and the row's own cell
    if width == OPEN:
        # a row the text ends inside: only a label cell in it shows where the row starts (a whole pipe row
        # drops the empty cells before its first value, so " |  |  | 0 | 0" starts nowhere known)
        return base if single and labels_here else None
    return base if single and width - base == ncols else None


def _row_of(group: Sequence[GridCell], values: Sequence[GridCell]) -> int | None:
    """The positioned row the values stand in, when every cell of the group but fillers stands there too."""
    anchor = values[0].row
    if anchor is None or any(t.row != anchor for t in group if t.kind != "filler"):
        return None
    return anchor


def _labels_in(run: Sequence[GridCell], row: int) -> tuple[list[GridCell], int]:
    """The label cells of a run that stand in the row, and the column right after the last of them."""
    labels = [t for t in run if t.row == row]
    return labels, labels[-1].pos + 1 if labels else 0


def _blank_between(group: Sequence[GridCell], values: Sequence[GridCell]) -> bool:
    """True when an empty cell of the values' row stands between the first and the last value."""
    row, lo, hi = values[0].row, values[0].pos, values[-1].pos
    return any(t.kind == "empty" and t.row == row and lo < t.pos < hi for t in group)


def _lone_total(group: Sequence[GridCell], run: Sequence[GridCell], values: list[GridCell], ncols: int) -> Slots | None:
    """A lone number after at least all-but-two empty cells of a positioned row: under 总计 (seed 001)."""
    t = values[0]
    row = _row_of(group, values)
    if row is None or t.pos - _labels_in(run, row)[1] < ncols - 2:
        return None
    out: Slots = [None] * ncols
    out[-1] = t
    return out
