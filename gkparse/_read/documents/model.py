"""The document grid model: what the HTML, PDF and Word readers return.

A reader turns a file into `DocContent`: prose lines and tables in
document order.  A `DocTable` is a full rectangular grid after
rowspan/colspan expansion, so every cell's position is known; positions
covered by a merged cell are present with ``spanned=True`` and empty text.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

DocFormat = Literal["html", "pdf", "docx"]

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_DIGIT_BREAK = re.compile(r"(?<=\d)\n+(?=\d)")


@attrs.frozen
class DocCell:
    """One grid position of a document table.

    Attributes:
        text: cell text, white space collapsed and line breaks joined.
        row: 0-based row index after rowspan/colspan expansion.
        col: 0-based column index after expansion.
        spanned: True where a merged cell of another position covers this one.
        page: 1-based PDF page where the cell was read; None for HTML/DOCX.
    """

    text: str
    row: int
    col: int
    spanned: bool = False
    page: int | None = None


@attrs.frozen
class DocTable:
    """A table of a document, padded to a rectangle.

    Attributes:
        index: 1-based order of the table in the document.
        rows: every row padded to the table's full width, columns in order.
        page: first page of the table (PDF), else None.
    """

    index: int
    rows: tuple[tuple[DocCell, ...], ...]
    page: int | None = None

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self.rows[0]) if self.rows else 0

    def texts(self) -> list[list[str]]:
        """The grid as lists of cell texts (spanned positions give "")."""
        return [[c.text for c in row] for row in self.rows]


@attrs.frozen
class DocContent:
    """A document read into prose lines and tables.

    Attributes:
        format: the document format.
        items: prose lines (str) and tables in document order.
        findings: ``(code, message)`` pairs the reader wants reported.
    """

    format: DocFormat
    items: tuple[str | DocTable, ...] = ()
    findings: tuple[tuple[str, str], ...] = ()

    @property
    def tables(self) -> tuple[DocTable, ...]:
        """The tables, in document order."""
        return tuple(i for i in self.items if isinstance(i, DocTable))

    @property
    def lines(self) -> tuple[str, ...]:
        """The prose lines, in document order."""
        return tuple(i for i in self.items if isinstance(i, str))


def clean_cell_text(raw: str) -> str:
    """Collapse white space in a cell's text and join its line breaks.

    Line breaks are joined without a separator (CJK text broken over lines,
    vertical labels written one character per line), except between two runs
    of ASCII digits, which keep one space so ``"12\\n3"`` never becomes 123.

    Args:
        raw: the text as read, with ``\\n`` for line breaks.

    Returns:
        The cleaned text.
    """
    text = _SPACE.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    text = _DIGIT_BREAK.sub(" ", text)
    return text.replace("\n", "").strip()


def clean_line(raw: str) -> str:
    """Collapse the white space of a prose line."""
    return _SPACE.sub(" ", raw).strip()


def build_table(index: int, grid: list[list[tuple[str, bool, int | None]]], page: int | None = None) -> DocTable:
    """Make a `DocTable` from ``(text, spanned, page)`` triples, padding rows.

    Args:
        index: 1-based table order in the document.
        grid: rows of ``(text, spanned, page)``; short rows are padded with blanks.
        page: first page of the table, if known.

    Returns:
        The table, every row as wide as the widest.
    """
    width = max((len(r) for r in grid), default=0)
    rows = []
    for r, row in enumerate(grid):
        cells = [DocCell(text, r, c, spanned, pg) for c, (text, spanned, pg) in enumerate(row)]
        cells += [DocCell("", r, c, False, page) for c in range(len(row), width)]
        rows.append(tuple(cells))
    return DocTable(index=index, rows=tuple(rows), page=page)
