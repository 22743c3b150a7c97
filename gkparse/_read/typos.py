"""Row labels printed with a typo: ``2.其他法律行政止公开`` for ``2.其他法律行政法规禁止公开``.

A careful reader identifies such a row by three things at once, and so does gkparse —
only when all three agree on one row:

* its **enumerator** (``2.``) is that of the template row;
* its **place among its siblings**: the row printed just before it is the template row
  just before it (``1.属于国家秘密``);
* its **wording** is close to the template's: at most `MAX_EDITS` characters lost, added
  or changed, on a wording of at least `MIN_CHARS` characters — and no other row of the
  table with that enumerator is as close.

The row is then read as usual (its numbers placed by count or position), with a
``label.typo`` finding naming the printed label and the template's wording.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from gkparse._read.text import norm_label
from gkparse.templates import Index

MAX_EDITS: Final = 3
"""Characters lost, added or changed between the printed words and the template's."""
MIN_CHARS: Final = 6
"""The template's words must be at least this long, so that three edits leave most of them."""

_ENUMERATED: Final = re.compile(r"(\d{1,2})[.、](\D+)$")


class Typo(NamedTuple):
    """The row a label with a typo names, and the template's wording of it."""

    row: str
    wording: str


def typo_row(printed: str, table: str, template: str | None, index: Index, previous: str | None) -> Typo | None:
    """The row whose label ``printed`` (normalised, see `norm_label`) misspells, or None.

    Args:
        printed: the last label cell before the row's numbers, normalised.
        table: the table the text is in.
        template: the report's template (None: the rows every template shares).
        index: the templates.
        previous: the key of the row read just before, in the same table (None: none).
    """
    m = _ENUMERATED.search(printed)
    if m is None or previous is None:
        return None
    number, words = m.groups()
    rows = index.rows_of(table, template)
    close: list[tuple[int, int]] = []  # (edits, position) of each row with that enumerator within reach
    for i, row in enumerate(rows):
        wording = _ENUMERATED.search(norm_label(row.label.split(" ")[-1]))
        if wording is None or wording.group(1) != number or len(wording.group(2)) < MIN_CHARS:
            continue
        edits = _distance(words, wording.group(2), MAX_EDITS)
        if 0 < edits <= MAX_EDITS:
            close.append((edits, i))
    if len(close) != 1:
        return None
    i = close[0][1]
    if i == 0 or rows[i - 1].key != previous:
        return None
    return Typo(rows[i].key, rows[i].label.split(" ")[-1])


def _distance(a: str, b: str, bound: int) -> int:
    """Edit distance (insertions, deletions, substitutions) of ``a`` and ``b``; ``bound + 1`` once over it."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    before = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        now = [i]
        for j, cb in enumerate(b, 1):
            now.append(min(before[j] + 1, now[j - 1] + 1, before[j - 1] + (ca != cb)))
        if min(now) > bound:
            return bound + 1
        before = now
    return before[-1]
