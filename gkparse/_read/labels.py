"""Label scanning: a run of label cells → pieces (rows, headers, groups, headings, enumerators, junk).

A run of label cells (the text between two groups of numbers) is joined in
its normalised form and scanned into *pieces*: known phrases — the wordings
of the templates' rows, column headers, group headings and section headings —
enumerators such as ``（三）`` or ``2.``, parenthesised notes, punctuation and
unknown text ("junk").  The phrases come from the templates (see
``gkparse.templates``); the row step decides from the pieces which row the
following numbers belong to.  Scanning is linear in the run's length.
"""

from __future__ import annotations

import functools
import re
from typing import Final, Literal

import attrs

from gkparse._read.text import paren_pairs
from gkparse.templates import Index, Template

PieceKind = Literal["row", "header", "group", "section", "enum", "paren", "punct", "junk"]


@attrs.frozen
class Piece:
    """A span of a normalised label run and what it is.

    ``rows`` maps a template name to the row key the phrase names there
    (``""``: a group heading in that template).
    """

    kind: PieceKind
    start: int
    end: int
    text: str
    table: str | None = None
    rows: tuple[tuple[str, str], ...] = ()

    def row_for(self, template: str | None, names: tuple[str, ...]) -> str | None:
        """The row key this phrase names in a template (template None: the key every template agrees on)."""
        found = dict(self.rows)
        if template is not None:
            return found.get(template) or None
        keys = {found.get(n) for n in names}
        return keys.pop() if len(keys) == 1 and None not in keys and "" not in keys else None


_Entry = tuple[PieceKind, str | None, tuple[tuple[str, str], ...]]


def _literal_len(rx: str) -> int:
    return len(re.sub(r"\(\?[:!][^)]*\)\??|[\\()\[\]?*+|]", "", rx))


class Vocabulary:
    """The phrases of a set of templates, compiled into one scanner (see module docstring)."""

    def __init__(self, templates: tuple[Template, ...]) -> None:
        rows: dict[str, tuple[str, dict[str, str]]] = {}
        other: dict[str, tuple[PieceKind, str | None]] = {}
        for t in templates:
            for spec in t.tables:
                for r in spec.rows:
                    for w in r.wordings:
                        rows.setdefault(w, (spec.name, {}))[1][t.name] = r.key
        for t in templates:
            for spec in t.tables:
                for g in spec.groups:
                    if g in rows:
                        rows[g][1].setdefault(t.name, "")
        entries: list[tuple[str, _Entry]] = [(w, ("row", tb, tuple(m.items()))) for w, (tb, m) in rows.items()]
        for t in templates:
            for spec in t.tables:
                for h in spec.headings:
                    other.setdefault(h, ("section", spec.name))
        for t in templates:
            for spec in t.tables:
                for g in spec.groups:
                    if g not in rows:
                        other.setdefault(g, ("group", spec.name))
        for t in templates:
            for spec in t.tables:
                for h in spec.headers:
                    other.setdefault(h, ("header", spec.name))
            for h in t.common_headers:
                other.setdefault(h, ("header", None))
        entries += [(rx, (kind, table, ())) for rx, (kind, table) in other.items()]
        # at one position the first alternative that matches wins: longer first
        entries.sort(key=lambda e: -_literal_len(e[0]))
        self.entries: Final = [e for _, e in entries]
        self.phrase_re: Final = re.compile("|".join(f"(?P<g{i}>{rx})" for i, (rx, _) in enumerate(entries)))
        self.names: Final = tuple(t.name for t in templates)
        self.flat_tables: Final = frozenset(spec.name for t in templates for spec in t.tables if spec.flat)

    def scan(self, s: str) -> tuple[Piece, ...]:
        """Split a normalised label run into pieces; cached for the short runs that repeat."""
        return _scan_cached(self, s) if len(s) <= 256 else _scan(self, s)

    def whole(self, norm: str) -> bool:
        """True when a label cell is a whole phrase of its own: a row, group or section (with its
        enumerator), nothing unknown and no column header — not a piece of a label cut over cells."""
        pieces = self.scan(norm)
        return any(p.kind in ("row", "group", "section") for p in pieces) and not any(
            p.kind in ("junk", "header") for p in pieces
        )


_ENUM_RE: Final = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、)]|\(\d{1,2}\)|\d{1,2}(?!\d)"
)
_PUNCT: Final = frozenset("、,.:;/-_·•*#>-—=+~")


def _scan(voc: Vocabulary, s: str) -> tuple[Piece, ...]:
    out: list[Piece] = []
    pairs = paren_pairs(s) if "(" in s else {}
    junk = -1  # start of the unknown text being collected
    i, n = 0, len(s)
    match = voc.phrase_re.match
    while i < n:
        piece: Piece | None = None
        m = match(s, i)
        if m is not None and m.end() > i:
            assert m.lastgroup is not None
            kind, table, rows = voc.entries[int(m.lastgroup[1:])]
            piece = Piece(kind, i, m.end(), m.group(), table, rows)
        elif (m := _ENUM_RE.match(s, i)) is not None:
            piece = Piece("enum", i, m.end(), m.group())
        elif s[i] == "(" and pairs.get(i, -1) > 0:
            piece = Piece("paren", i, pairs[i], s[i : pairs[i]])
        elif s[i] in _PUNCT:
            piece = Piece("punct", i, i + 1, s[i])
        if piece is None:
            if junk < 0:
                junk = i
            i += 1
            continue
        if junk >= 0:
            out.append(Piece("junk", junk, i, s[junk:i]))
            junk = -1
        out.append(piece)
        i = piece.end
    if junk >= 0:
        out.append(Piece("junk", junk, n, s[junk:]))
    return tuple(out)


_scan_cached = functools.lru_cache(maxsize=16384)(_scan)


@functools.lru_cache(maxsize=16)
def vocabulary(index: Index) -> Vocabulary:
    """The compiled vocabulary of an index's templates, built once per set."""
    return Vocabulary(index.templates)


def template_markers(index: Index, norm_text: str) -> dict[str, int]:
    """How many distinct markers of each template occur in the joined label text."""
    return {t: len(set(rx.findall(norm_text))) for t, rx in index.markers.items()}


def explain_label(label: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What gkparse reads in a printed label: its normal form and the pieces recognised in it.

        >>> import gkparse
        >>> gkparse.explain_label("（三）不予公开")
        ('(三)不予公开', (('enum', '(三)'), ('group', '不予公开')))

    Args:
        label: a row label, header or heading as printed.

    Returns:
        (normal form, ((kind, text), …)) with kinds ``row``, ``header``,
        ``group``, ``section``, ``enum``, ``paren``, ``punct`` and ``junk``
        (text no template knows).
    """
    from gkparse import templates
    from gkparse._read.text import norm_label

    normal = norm_label(label)
    return normal, tuple((p.kind, p.text) for p in vocabulary(templates.current()).scan(normal))
