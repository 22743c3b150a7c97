"""Hostile PDFs: reference cycles, decompression bombs, large ruled grids (small sizes here; their times and
memory at full size: benchmarks/adversarial_pdf.py)."""

from __future__ import annotations

import contextlib

import pytest

from gkparse._read.formats import read_document
from gkparse._read.formats.pdf import PdfSettings, read_pdf
from gkparse._read.formats.pdf.settings import MB
from gkparse.errors import DocumentError
from tests import docgen_hostile as h

pytest.importorskip("pypdfium2")


@pytest.mark.parametrize(("what", "data"), list(h.cycles().items()), ids=list(h.cycles()))
def test_reference_cycles_end(what: str, data: bytes) -> None:
    """An object that refers to itself (or two that refer to each other) ends in a result or a DocumentError."""
    with contextlib.suppress(DocumentError):
        read_document(data)


@pytest.mark.parametrize(("what", "layers"), [("blanks", 1), ("operators", 1), ("blanks", 2)])
def test_flate_bombs_are_refused(what: str, layers: int) -> None:
    """A content stream inflating past the cap (16 MB a stream) is refused before PDFium opens the file,
    also behind a second Flate filter."""
    data = h.flate_bomb(40, what, layers)
    assert len(data) < 200_000
    with pytest.raises(DocumentError, match="decompression bomb"):
        read_document(data)


def test_many_streams_together_are_capped() -> None:
    """Streams each within their cap but past the total cap together are refused."""
    bomb = h.flate_bomb(3)
    with pytest.raises(DocumentError, match="together"):
        read_pdf(bomb, PdfSettings(max_expanded=2 * MB))
    assert read_pdf(h.one_page()).lines == ("12 34",)


def test_ruled_grid_reads_every_cell_in_place() -> None:
    """An n×n ruled grid drawn line by line: one table, each number in its row and column."""
    n = 12
    content = read_document(h.grid(n))
    assert content is not None
    (table,) = content.tables
    assert h.numbers(table.texts()) == [[(r + c) % 100 for c in range(n)] for r in range(n)]


def test_long_report_reads_page_by_page() -> None:
    """A table continued over the pages of a long report is read whole, its running heading dropped where
    the table continues (pages are loaded and closed one at a time)."""
    content = read_document(h.long_report(6))
    assert content is not None
    (table,) = content.tables
    assert len(table.rows) == 6 * 20
    assert [table.rows[100][0].text, table.rows[100][0].page] == ["5000", 6]
    assert content.lines == ("Page 1 of the report",)
