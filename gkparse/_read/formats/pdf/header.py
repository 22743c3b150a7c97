"""Stage 3a, header words → columns: the value columns of a table without rules.

The words of a table's header lines that stand right of its labels are its column
headers.  A word standing over two words that do not overlap each other is a group
header (``法人或其他组织`` over five columns) and is left out; the other words stack
into columns by overlapping horizontally (a header wrapped over lines, a group header
over one column).  Each column must name a column of a template — its text, in the
normalised form labels are matched in, holds one (``自然人``, ``结果维持``,
``本年新制作数量`` …): adjacent columns that name none on their own but do together
(a spaced-out ``其 他``, ``社会 公益组织``) are joined first, and a header with a
column that names none gives no columns at all, so a stray word can never add a
column and shift the values after it.
"""

from __future__ import annotations

import functools
import itertools
from typing import NamedTuple

from gkparse._read.formats.pdf.lines import Word
from gkparse._read.text import norm_label


class Column(NamedTuple):
    """A value column: the horizontal extent of its header, and the header's text."""

    x0: float
    x1: float
    text: str


class Vocabulary(NamedTuple):
    """The column names of the templates and the sequences a header may name, left to right."""

    names: frozenset[str]
    sequences: frozenset[tuple[str, ...]]


def _name(label: str) -> str:
    """A column label's matching form: a grouped one's last part, its unit left out."""
    return norm_label(label.split("·")[-1].split("（")[0].split("(")[0])


@functools.cache
def _vocabulary(templates: tuple[object, ...]) -> Vocabulary:
    names: set[str] = set()
    sequences: set[tuple[str, ...]] = set()
    for t in templates:
        for table in t.tables:  # type: ignore[attr-defined]
            label = {c.key: _name(c.label) for c in table.columns}
            names.update(label.values())
            rows = {r.key: tuple(label[k] for k in r.columns) for r in table.rows}
            sequences.update(rows.values())
            if table.flat:
                sequences.add(tuple(name for key in table.flat for name in rows.get(key, ())))
    return Vocabulary(frozenset(n for n in names if n), frozenset(sequences))


def vocabulary() -> Vocabulary:
    """The column names and header sequences of the registered templates."""
    from gkparse import templates

    return _vocabulary(templates.get_templates())


def overlap(w: Word, x0: float, x1: float) -> float:
    """How far the word and the extent overlap horizontally (negative: the gap between them)."""
    return min(w.x1, x1) - max(w.x0, x0)


def _named(text: str, names: frozenset[str]) -> str | None:
    """The longest column name the text holds, or None."""
    norm = norm_label(text)
    return max((n for n in names if n in norm), key=len, default=None)


def _names_column(text: str, names: frozenset[str]) -> bool:
    return _named(text, names) is not None


def _spans_two(w: Word, words: list[Word]) -> bool:
    """True when ``w`` stands over two words that do not overlap each other."""
    below = sorted(
        (o for o in words if o is not w and o.top > w.top and overlap(w, o.x0, o.x1) > 0), key=lambda o: o.x0
    )
    return any(a.x1 <= b.x0 for a, b in itertools.pairwise(below))


def columns(words: list[Word], vocabulary: Vocabulary) -> list[Column] | None:
    """The header's columns, left to right; None when they do not name the columns of a template's row."""
    leaves = sorted((w for w in words if not _spans_two(w, words)), key=lambda w: w.x0)
    stacks: list[list[Word]] = []
    for w in leaves:  # words overlapping one another stack into one column
        hits = [s for s in stacks if any(overlap(w, o.x0, o.x1) > 0 for o in s)]
        if hits:
            first = hits[0]
            for other in hits[1:]:
                first += other
                stacks.remove(other)
            first.append(w)
        else:
            stacks.append([w])
    cols = sorted((Column(min(w.x0 for w in s), max(w.x1 for w in s), _text(s)) for s in stacks), key=lambda c: c.x0)
    if any(a.x1 > b.x0 for a, b in itertools.pairwise(cols)):
        return None
    joined = _join_fragments(cols, vocabulary.names)
    if tuple(_named(c.text, vocabulary.names) for c in joined) not in vocabulary.sequences:
        return None
    return joined


def _text(stack: list[Word]) -> str:
    return "".join(w.text for w in sorted(stack, key=lambda w: (w.top, w.x0)))


def _join_fragments(cols: list[Column], names: frozenset[str]) -> list[Column]:
    """Adjacent columns that name no column alone but do together joined; any left that names none (a
    table's title centred over its columns) dropped."""
    out: list[Column] = []
    k = 0
    while k < len(cols):
        col = cols[k]
        k += 1
        end = k
        while not _names_column(col.text, names) and end < len(cols) and not _names_column(cols[end].text, names):
            col = Column(col.x0, cols[end].x1, col.text + cols[end].text)
            end += 1
            if _names_column(col.text, names):
                k = end
                break
        if _names_column(col.text, names):
            out.append(col)
    return out
