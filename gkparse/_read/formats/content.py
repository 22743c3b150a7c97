"""The contract of a document reader: its `Format` entry, and the grid model it returns.

A reader turns a file into `DocContent`: prose lines and tables in
document order.  A `DocTable` is a full rectangular grid after
rowspan/colspan expansion, so every cell's position is known; positions
covered by a merged cell are present with ``spanned=True`` and empty text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

SNIFF_BYTES = 4096
"""How many leading bytes a format's ``sniff`` is shown (``head``); it also gets the whole data."""


@attrs.frozen
class Format:
    """One document format gkparse reads: the entry of the format table (see ``gkparse._read.formats``).

    Attributes:
        kind: the format's name, e.g. ``"pdf"``: ``Report.source_format`` and the layout of its cells.
        title: how messages and docs name it, e.g. ``"PDF"``.
        suffixes: file-name suffixes read in folders by default (lower case, with the dot).
        extra: the extra of gkparse that brings the reader's dependencies, e.g. ``"pdf"``.
        requires: what the extra brings, for the docs, e.g. ``("pypdfium2",)``.
        sniff: ``sniff(head, data, name)`` — True when the bytes are of this format; ``head`` is the start
            of the data without a byte-order mark and leading white space.  It must be cheap and must not
            import the reader's dependencies; it may raise `DocumentError` for a file it recognises but
            refuses (a zip that is no .docx).
        read: the reader: the file's bytes → `DocContent`.
        order: formats are sniffed in increasing order (strict magic numbers first, content guesses last).
        available: ``available()`` — False when the reader's extra is missing; a batch then leaves the
            format's suffixes out of its default pattern (default: always available).
    """

    kind: str
    title: str
    suffixes: tuple[str, ...]
    extra: str
    requires: tuple[str, ...]
    sniff: Callable[[bytes, bytes, str | None], bool]
    read: Callable[[bytes], DocContent]
    order: int = 50
    available: Callable[[], bool] = lambda: True


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
        confidence: for a cell read by OCR, the engine's confidence (0–1) in its text
            (the lowest of its printed lines); None for a cell read from a text layer.
        box: for a cell read by OCR, its box in pixels of the deskewed page at 200 dpi
            (x0, y0, x1, y1); None otherwise.
    """

    text: str
    row: int
    col: int
    spanned: bool = False
    page: int | None = None
    confidence: float | None = None
    box: tuple[int, int, int, int] | None = None


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
        format: the document format (a `Format`'s kind): ``Report.source_format``.
        items: prose lines (str) and tables in document order.
        findings: ``(code, message)`` pairs the reader wants reported.
        layout: the layout of the table cells when not the format's own (a .doc read as the
            .docx LibreOffice makes of it has ``docx`` cells); "" for the format's.
        ocr_prose: the prose lines were read by OCR (a scan): a number the text
            layouts would read from them has no cell to check it against, and is withheld.
    """

    format: str
    items: tuple[str | DocTable, ...] = ()
    findings: tuple[tuple[str, str], ...] = ()
    layout: str = ""
    ocr_prose: bool = False

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


def collapse_space(raw: str) -> str:
    """A prose line with its white space collapsed to single spaces and stripped."""
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
