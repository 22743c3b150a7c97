"""Read PDF reports into a `DocContent` with PDFium (pypdfium2).

The reader runs named stages, tuned by one `PdfSettings` object:

1. page → characters and rules (`extract`): each character with its box, and the
   horizontal and vertical rules drawn by the page's path objects;
2. rules → frames → cells (`ruled`): the ruled tables, every cell's box and text,
   merged cells from the rules missing between elementary cells;
3. characters outside ruled tables → lines (`lines`) → tables without rules
   (`unruled`): values placed under the header cells they stand under, or prose;
4. cells → tables → document (`assemble`): merged cells expanded, tables continued
   over a page break joined, rows cut by the break joined, running headers and
   footers dropped.

Each page is loaded, read and closed in turn, so a long report holds one page
at a time.  Before PDFium sees the file, `guard.check_streams` refuses one whose
compressed streams expand past the caps (a decompression bomb); PDFium itself
stops at reference cycles.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from gkparse._extras import need
from gkparse._read.formats.content import DocContent, Format, collapse_space
from gkparse._read.formats.pdf import assemble, extract, ruled, unruled
from gkparse._read.formats.pdf.guard import check_streams
from gkparse._read.formats.pdf.lines import lines_of
from gkparse._read.formats.pdf.settings import SETTINGS, PdfSettings
from gkparse._read.text import is_page_furniture
from gkparse.errors import DocumentError

__all__ = ["FORMAT", "SETTINGS", "PdfSettings", "is_pdf", "read_pdf"]

_TAIL = 1024
PDFIUM_LOCK = threading.Lock()
"""PDFium is not thread-safe: one document is read (or a scanned page rendered) at a time in a process
(batches use processes)."""


def _pypdfium2() -> Any:
    """Import pypdfium2, or raise the error naming the extra to install."""
    module = need("pypdfium2", "pdf", purpose="reading this file")
    logging.getLogger("pypdfium2").addHandler(logging.NullHandler())
    return module


def _open(pdfium: Any, data: bytes) -> Any:
    """Open the document, turning PDFium's errors into `DocumentError`."""
    if b"%%EOF" not in data[-_TAIL:]:
        raise DocumentError("the PDF is damaged or truncated and cannot be read (no %%EOF at its end)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower() or "security" in text.lower():
            raise DocumentError("the PDF is encrypted and cannot be read without its password") from None
        raise DocumentError(f"the PDF is damaged or truncated and cannot be read ({text})") from None


def _prose(lines: list[tuple[float, str]]) -> list[assemble.Placed]:
    """Prose lines at their tops, page numbers left out: ``- 3 -``, ``第3页``, a bare number opening or
    closing the page."""
    lines = sorted(lines)
    out: list[assemble.Placed] = []
    last = len(lines) - 1
    for k, (top, line) in enumerate(lines):
        text = collapse_space(line)
        if not text or is_page_furniture(text):
            continue
        if (k == 0 or k == last) and text.isdigit() and len(text) <= 4:
            continue
        out.append((top, text))
    return out


def _read_page(
    raw: Any, doc: Any, k: int, settings: PdfSettings, carried: unruled.Columns
) -> tuple[list[assemble.Placed], bool, list[tuple[str, str]], unruled.Columns]:
    """Items of one page by top, whether it has text, the page's findings, and the columns of a table
    without rules that ends the page."""
    page = raw.FPDF_LoadPage(doc, k)
    if not page:
        raise DocumentError(f"the PDF is damaged and cannot be read (page {k + 1} does not load)")
    textpage = None

    def load_text() -> Any:
        nonlocal textpage
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise DocumentError(f"the PDF is damaged and cannot be read (page {k + 1} has no readable text)")
        return textpage

    try:
        objects = extract.read_page(page, load_text, raw, settings)
    finally:
        if textpage:
            raw.FPDFText_ClosePage(textpage)
        raw.FPDF_ClosePage(page)
    if not objects.chars:
        return [], False, [], None
    page_no = k + 1
    found = ruled.frames(objects.hrules, objects.vrules, settings)
    tables, rest = ruled.tables(found, objects.chars, page_no, settings)
    placed: list[assemble.Placed] = [(top, boxes) for top, boxes in tables]
    lines = lines_of(rest, settings)
    items, findings = unruled.read(lines, page_no, settings, carried)
    placed += _prose(items.prose)
    placed += items.tables
    placed.sort(key=lambda p: p[0])
    return placed, True, findings, items.columns


def read_pdf(data: bytes, settings: PdfSettings = SETTINGS) -> DocContent:
    """Read a PDF report into prose lines and expanded tables.

    Args:
        data: the PDF file's bytes.
        settings: the reader's tolerances and caps.

    Returns:
        The document's content.  A PDF without a text layer (scanned) is read by OCR
        when the ``ocr`` extra is installed, else gives no items and a ``document.no_text``
        finding; a table without ruling lines is
        read by the alignment of its values under its header cells, with a
        ``document.unruled_table`` finding (``document.unaligned_row`` for a row whose
        values stand under no single header), or as text lines when no header decides
        its columns.

    Raises:
        MissingExtraError: pypdfium2 is not installed.
        DocumentError: a truncated, damaged or encrypted PDF, or one whose streams
            expand past the caps of ``settings``.
    """
    pdfium = _pypdfium2()
    check_streams(data, settings)
    with PDFIUM_LOCK:
        content = _read(pdfium, data, settings)
    return content if isinstance(content, DocContent) else _scanned(data, content)


def _scanned(data: bytes, n_pages: int) -> DocContent:
    """A PDF without a text layer: its pages read by OCR when ``gkparse[ocr]`` is installed, else a finding."""
    from gkparse._read.formats import ocr

    if not ocr.available():
        message = 'the PDF has no text layer (a scan?); pip install "gkparse[ocr]" to read it by OCR'
        return DocContent("pdf", (), (("document.no_text", message),))
    return ocr.ocr_pages(data, list(range(1, n_pages + 1)))


def _read(pdfium: Any, data: bytes, settings: PdfSettings) -> DocContent | int:
    """Read the document page by page (under the PDFium lock); its number of pages if none has text."""
    document = _open(pdfium, data)
    raw = pdfium.raw
    pages: list[list[assemble.Placed]] = []
    findings: list[tuple[str, str]] = []
    any_text = False
    columns: unruled.Columns = None
    try:
        for k in range(len(document)):
            placed, has_text, page_findings, columns = _read_page(raw, document.raw, k, settings, columns)
            any_text = any_text or has_text
            findings += page_findings
            pages.append(placed)
    finally:
        document.close()
    if not any_text:
        return len(pages)
    return DocContent("pdf", tuple(assemble.assemble(pages, settings)), tuple(findings))


def is_pdf(head: bytes, data: bytes, name: str | None) -> bool:
    """``%PDF-`` at the start, or within the first kilobyte (some files have junk before it)."""
    return head.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") >= 0


FORMAT = Format(
    kind="pdf",
    title="PDF",
    suffixes=(".pdf",),
    extra="pdf",
    requires=("pypdfium2",),
    sniff=is_pdf,
    read=read_pdf,
    order=10,
)
