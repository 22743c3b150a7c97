"""Number rows whose labels a converter moved out of the table (issue 17, form 2).

PDF-to-markdown converters print a table's rows as markdown rows, and at times a row's label
as text lines outside the table — before its numbers, after them, or with several labels
before one number row.  The converter's order is not the table's, so such numbers are not
given the label before them: they stay unread with a ``row.label_detached`` finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gkparse import _findings as F
from gkparse._read.grid import VALUES, values_of
from gkparse.model import Finding

if TYPE_CHECKING:
    from gkparse._read.rows import LogicalRow, Resolved


def framed_lines(lines: Sequence[str]) -> frozenset[int]:
    """The (1-based) lines printed as a whole markdown table row: ``| … |``, more than a bare pipe."""
    return frozenset(n for n, ln in enumerate(lines, 1) if len(s := ln.strip()) > 1 and s[0] == s[-1] == "|")


def detached(lr: LogicalRow, framed: frozenset[int]) -> bool:
    """The numbers stand in a table row of their own with no label cell, their label only in text lines
    before them: a converter moved the labels out of the table, in its own order, not the table's — the
    label before a row of numbers may be the next row's (labels printed after their numbers) or one of
    several.  Which row they belong to is not decided by the text.

    That is a positioned row (``| 1 | 0 | 1 |``) whose label stands in no cell of it, or numbers on
    whole markdown rows (``| 1 |``, ``framed``) with no label cell on their lines, after a label on a
    plain text line (not a pipe fragment such as ``一、本年新收政府信息公开申请数量 |``).
    Pipe fragments (``0 |`` lines after their label, as crawlers save some pages) keep their label."""
    values = [t for t in lr.group if t.kind in VALUES]
    if not values or not lr.run:
        return False
    anchor = values[0].row
    if anchor is not None:
        return not any(t.row == anchor for t in lr.run)
    lines = {t.line for t in values}
    return lines <= framed and not any(t.line in lines for t in lr.run) and lr.run[-1].layout != "pipes"


def detached_finding(lr: LogicalRow, res: Resolved) -> Finding:
    """The ``row.label_detached`` finding of a detached row: its numbers and the text before them."""
    values = values_of(lr.group)
    raw = ", ".join(t.text for t in values)
    return F.DETACHED.make(line=values[0].line, values=raw, label=res.label)
