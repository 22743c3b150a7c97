"""Read PDF reports into a `DocContent` with pdfplumber.

Ruled tables (the usual case: reports are exported from Word with cell
borders) are found by pdfplumber from their lines; each cell's bounding box
gives its row/column and its rowspan/colspan, so merged cells are expanded
exactly and blank cells keep their place.  A table that continues on the next
page is joined to the previous one; a row cut by the page break (label on one
page, numbers on the next) is joined back into one row.

Pages without ruling lines are emitted as text lines (words separated by
spaces, as a PDF viewer copies them) with a ``document.unruled_table``
finding: clustering columns from word positions misplaces blank cells too
often to claim known positions, and the text readers of gkparse already read
such lines.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
from typing import Any

from gkparse._extras import need
from gkparse._read.formats.content import (
    DocCell,
    DocContent,
    DocTable,
    Format,
    build_table,
    clean_cell_text,
    collapse_space,
)
from gkparse.errors import DocumentError

_TOL = 2.0
_NO_TABLE = float("inf")
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")
_ITEM = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}\s*[)）、.．]")
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:万?元)?$")


def _pdfplumber() -> Any:
    """Import pdfplumber, or raise the error naming the extra to install.

    pdfminer warns through :mod:`logging` about every oddity of a damaged
    file; a `logging.NullHandler` keeps those off stderr unless the
    application configures logging itself.
    """
    pdfplumber = need("pdfplumber", "pdf", purpose="reading this file")
    miner = logging.getLogger("pdfminer")
    if not any(isinstance(h, logging.NullHandler) for h in miner.handlers):
        miner.addHandler(logging.NullHandler())
    return pdfplumber


def _bounds(values: list[float]) -> list[float]:
    """Sorted distinct coordinates, values closer than the tolerance merged."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    """Index of the boundary at ``v`` (within tolerance)."""
    return max(0, bisect.bisect_left(bounds, v - _TOL))


Box = tuple[float, float, float, float, str, int]
"""A table cell read from a page: x0, top, x1, bottom (top/bottom offset by page), text, page."""
_PAGE_OFFSET = 100_000.0


def _boxes_of(table: Any, page_no: int) -> list[Box]:
    """The cells of a pdfplumber table as boxes, with their text (merged positions are not cells)."""
    out: list[Box] = []
    dy = page_no * _PAGE_OFFSET
    rotated = [c for c in table.page.chars if not c.get("upright", True)]
    for row, row_texts in zip(table.rows, table.extract(), strict=True):
        for box, text in zip(row.cells, row_texts, strict=True):
            if box is not None:
                x0, top, x1, bottom = box
                turned = _rotated_text(rotated, box) if rotated else None
                out.append((x0, top + dy, x1, bottom + dy, clean_cell_text(turned or text or ""), page_no))
    return out


def _rotated_text(chars: list[dict[str, Any]], box: tuple[float, float, float, float]) -> str | None:
    """The text of a cell written with rotated characters (a vertical group label), in reading order.

    Text turned 90° clockwise reads top to bottom; turned counter-clockwise
    (the matrix's ``b`` > 0) it reads bottom to top, which pdfplumber's
    line order would reverse.  None when the cell holds no rotated character.
    """
    inside = [
        c
        for c in chars
        if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2] and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]
    ]
    if not inside:
        return None
    upward = sum(1 for c in inside if c.get("matrix", (1, 0))[1] > 0) > len(inside) / 2
    inside.sort(key=lambda c: (-(c["x0"] // 4), c["top"]) if not upward else (c["x0"] // 4, -c["top"]))
    return "".join(c["text"] for c in inside)


def _grid(boxes: list[Box]) -> list[list[tuple[str, bool, int | None]]]:
    """Expand cell boxes into rows of ``(text, spanned, page)``.

    Column boundaries are the distinct left edges of all cells (of every page
    of the table), row boundaries their distinct tops; a cell covers the
    columns and rows whose boundaries lie inside it.
    """
    xs = _bounds([b[0] for b in boxes])
    ys = _bounds([b[1] for b in boxes])
    grid: dict[tuple[int, int], tuple[str, bool, int | None]] = {}
    pages: dict[int, int] = {}
    for x0, top, x1, bottom, text, page_no in boxes:
        c0, r0 = _index(xs, x0), _index(ys, top)
        c1, r1 = max(c0 + 1, _index(xs, x1)), max(r0 + 1, _index(ys, bottom))
        for r in range(r0, r1):
            pages.setdefault(r, page_no)
            for c in range(c0, c1):
                grid.setdefault((r, c), ("", True, page_no))
        grid[(r0, c0)] = (text, False, page_no)
    return [[grid.get((r, c), ("", False, pages.get(r))) for c in range(len(xs))] for r in range(len(ys))]


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _join_split_row(prev: list[DocCell], nxt: list[DocCell]) -> list[DocCell] | None:
    """One row from a row cut by a page break, or None when the two rows are distinct.

    Joined: the label on page N with blank numbers and the numbers on page N+1
    with a blank label (the first row holds no number, the second only
    numbers, all right of the first row's texts), or a wrapped label (the
    second row holds only non-numeric text, not starting like a numbered item,
    each below non-numeric text of the first row).
    """
    a = [c.text for c in prev]
    b = [c.text for c in nxt]
    filled_a = [i for i, t in enumerate(a) if t]
    filled_b = [i for i, t in enumerate(b) if t]
    if not filled_a or not filled_b:
        return None
    side_by_side = (
        max(filled_a) < min(filled_b)
        and not any(_is_number(a[i]) for i in filled_a)
        and all(_is_number(b[i]) for i in filled_b)
    )
    wrapped = all(a[i] and not _is_number(a[i]) and not _is_number(b[i]) and not _ITEM.match(b[i]) for i in filled_b)
    if not (side_by_side or wrapped):
        return None
    row = prev[0].row
    return [
        DocCell(x.text + y.text, row, x.col, x.spanned and not y.text, y.page if y.text or not x.text else x.page)
        for x, y in zip(prev, nxt, strict=True)
    ]


def _table(index: int, boxes: list[Box]) -> DocTable:
    """Build a table from the boxes of one or more pages, joining rows cut by a page break."""
    grid = _grid(boxes)
    table = build_table(index, grid, boxes[0][5])
    rows = [list(r) for r in table.rows]
    k = 1
    while k < len(rows):
        if rows[k][0].page != rows[k - 1][0].page:
            joined = _join_split_row(rows[k - 1], rows[k])
            if joined is not None:
                rows[k - 1] = joined
                del rows[k]
                continue
        k += 1
    cells = tuple(tuple(DocCell(c.text, r, c.col, c.spanned, c.page) for c in row) for r, row in enumerate(rows))
    return DocTable(index=index, rows=cells, page=table.page)


def _outside(boxes: list[tuple[float, float, float, float]]) -> Any:
    """A pdfplumber filter keeping objects whose centre lies outside every box."""

    def keep(obj: dict[str, Any]) -> bool:
        if "x0" not in obj or "top" not in obj:
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    return keep


Placed = tuple[float, "str | list[Box]"]


def _read_page(page: Any, page_no: int) -> tuple[list[Placed], bool, bool]:
    """Prose lines and tables (as boxes) of one page, by top; whether it has text; whether it looked unruled."""
    if not page.chars:
        return [], False, False
    found = [t for t in page.find_tables() if t.cells]
    placed: list[Placed] = []
    boxes = []
    for t in found:
        cells = _boxes_of(t, page_no)
        if cells:
            boxes.append(t.bbox)
            placed.append((t.bbox[1], cells))
    prose = page.filter(_outside(boxes)) if boxes else page
    numeric_lines = 0
    for line in prose.extract_text_lines(return_chars=False):
        text = collapse_space(line["text"])
        if text and not _PAGE_NUMBER.match(text):
            placed.append((line["top"], text))
            numeric_lines += sum(1 for w in text.split() if _is_number(w)) >= 3
    placed.sort(key=lambda p: p[0])
    return placed, True, not found and numeric_lines >= 2


def _same_frame(a: list[Box], b: list[Box]) -> bool:
    """True when two tables have the same left and right edges (a table continued)."""
    return abs(min(x[0] for x in a) - min(x[0] for x in b)) < 5 and abs(max(x[2] for x in a) - max(x[2] for x in b)) < 5


def _drop_running_lines(pages: list[list[Placed]]) -> None:
    """Remove running headers and footers around tables that continue over a page break.

    A line above the first table or below the last table of a page whose
    text (numbers blanked, so page numbers differ) is also in such a margin of
    the neighbouring page is page furniture (the organ's name, the title, the
    page number).  It is removed at the foot of page N and the head of page
    N+1 when both pages hold tables, so the table can be joined.
    """
    margins = [_margin_keys(placed) for placed in pages]
    for n in range(len(pages) - 1):
        before, after = pages[n], pages[n + 1]
        last, first = _last_table_top(before), _first_table_top(after)
        if last == _NO_TABLE or first == _NO_TABLE:
            continue
        common = margins[n] & margins[n + 1]
        before[:] = [p for p in before if not (isinstance(p[1], str) and p[0] > last and _key(p[1]) in common)]
        after[:] = [p for p in after if not (isinstance(p[1], str) and p[0] < first and _key(p[1]) in common)]


def _key(line: str) -> str:
    """A line with its numbers blanked, so "… - 3 -" and "… - 4 -" compare equal."""
    return _DIGITS.sub("#", line)


def _margin_keys(placed: list[Placed]) -> set[str]:
    """Keys of the lines above the first table and below the last one."""
    first, last = _first_table_top(placed), _last_table_top(placed)
    return {_key(item) for top, item in placed if isinstance(item, str) and (top < first or top > last)}


def _first_table_top(placed: list[Placed]) -> float:
    return min((top for top, item in placed if not isinstance(item, str)), default=_NO_TABLE)


def _last_table_top(placed: list[Placed]) -> float:
    return max((top for top, item in placed if not isinstance(item, str)), default=_NO_TABLE)


def _assemble(pages: list[list[Placed]]) -> list[str | DocTable]:
    """Document items: running lines dropped, a table continued at the top of the next page joined, tables numbered."""
    _drop_running_lines(pages)
    raw: list[str | list[Box]] = []
    for placed in pages:
        for k, (_, item) in enumerate(placed):
            last = raw[-1] if raw else None
            if k == 0 and isinstance(item, list) and isinstance(last, list) and _same_frame(last, item):
                last.extend(item)
            else:
                raw.append(item)
    items: list[str | DocTable] = []
    for item in raw:
        if isinstance(item, str):
            items.append(item)
        else:
            items.append(_table(sum(isinstance(i, DocTable) for i in items) + 1, item))
    return items


def _open(pdfplumber: Any, data: bytes) -> Any:
    """Open the PDF, turning pdfminer's errors into `DocumentError`."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages
    except Exception as exc:
        raise _error(exc) from None
    return pdf


def _error(exc: BaseException) -> DocumentError:
    """A clear error for an exception raised while reading a PDF."""
    inner = [type(a).__name__ for a in exc.args if isinstance(a, BaseException)]
    names = " ".join([type(exc).__name__, *inner, type(exc.__context__).__name__])
    name = type(exc).__name__
    if "Password" in names or "Encrypt" in names or "password" in str(exc).lower():
        return DocumentError(f"the PDF is encrypted and cannot be read without its password ({name})")
    return DocumentError(f"the PDF is damaged or truncated and cannot be read ({name}: {exc})")


def read_pdf(data: bytes) -> DocContent:
    """Read a PDF report into prose lines and expanded tables.

    Args:
        data: the PDF file's bytes.

    Returns:
        The document's content.  A PDF without a text layer (scanned) gives no
        items and a ``document.no_text`` finding; a page whose table has no
        ruling lines gives its text as lines and a ``document.unruled_table`` finding.

    Raises:
        MissingExtraError: pdfplumber is not installed.
        DocumentError: a truncated, damaged or encrypted PDF.
    """
    pdfplumber = _pdfplumber()
    pdf = _open(pdfplumber, data)
    pages: list[list[Placed]] = []
    any_text = False
    unruled: list[int] = []
    try:
        with pdf:
            for page_no, page in enumerate(pdf.pages, start=1):
                placed, has_text, looks_unruled = _read_page(page, page_no)
                any_text = any_text or has_text
                if looks_unruled:
                    unruled.append(page_no)
                pages.append(placed)
    except DocumentError:
        raise
    except Exception as exc:
        raise _error(exc) from None
    if not any_text:
        return _scanned(data, len(pages))
    findings = tuple(
        ("document.unruled_table", f"page {p}: a table without ruling lines was read as text lines") for p in unruled
    )
    return DocContent("pdf", tuple(_assemble(pages)), findings)


def _scanned(data: bytes, n_pages: int) -> DocContent:
    """A PDF without a text layer: its pages read by OCR when ``gkparse[ocr]`` is installed, else a finding."""
    from gkparse._read.formats import ocr

    if not ocr.available():
        message = 'the PDF has no text layer (a scan?); pip install "gkparse[ocr]" to read it by OCR'
        return DocContent("pdf", (), (("document.no_text", message),))
    return ocr.ocr_pages(data, list(range(1, n_pages + 1)))


def is_pdf(head: bytes, data: bytes, name: str | None) -> bool:
    """``%PDF-`` at the start, or within the first kilobyte (some files have junk before it)."""
    return head.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") >= 0


FORMAT = Format(
    kind="pdf",
    title="PDF",
    suffixes=(".pdf",),
    extra="pdf",
    requires=("pdfplumber",),
    sniff=is_pdf,
    read=read_pdf,
    order=10,
)
