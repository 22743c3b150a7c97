"""Read scanned pages (image-only PDF pages, image files) into a `DocContent` by OCR (extra ``gkparse[ocr]``).

Pages come from `ocrpages` (grey, about 200 dpi, bounded in size and count);
`ocrgrid` deskews them and finds each ruled table's cells.  Each printed line
of a cell, and of the prose outside the tables, is recognised by RapidOCR on
onnxruntime (models shipped in the wheel), line by line: several times faster
than whole-page detection.

Every cell keeps what the engine saw: its page, its box in the deskewed page
and the confidence (`DocCell.confidence`, `DocCell.box`).  Nothing here
accepts a number: text that is neither a number, a placeholder nor a label
(``"1l"``) stays blank with an ``ocr.unread`` finding, and whether each number
is emitted is decided after the tables step by `gkparse._read.accept`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs

from gkparse._extras import need
from gkparse._read.formats import ocrgrid as og
from gkparse._read.formats import ocrpages
from gkparse._read.formats.content import DocCell, DocContent, DocTable, clean_cell_text, collapse_space

PROSE_CONFIDENCE = 0.9
"""A prose line (title, headings) is kept only when read at least this confidently."""
PROSE_DIGITS = 0.97
"""A prose line holding a digit (the year, a count the prose states) needs this confidence."""

_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")


@attrs.frozen
class Read:
    """What the engine saw in one box: text, confidence, box (x0, y0, x1, y1)."""

    text: str
    confidence: float
    box: og.Box


def _modules() -> tuple[Any, Any]:
    """cv2 and numpy, or the error naming the ``ocr`` extra."""
    cv2 = need("cv2", "ocr", purpose="reading scanned pages")
    np = need("numpy", "ocr", purpose="reading scanned pages")
    return cv2, np


@functools.cache
def engine() -> Any:
    """The recogniser (RapidOCR's text line model on onnxruntime), loaded once per process."""
    mod = need("rapidocr_onnxruntime", "ocr", purpose="reading scanned pages")
    return mod.RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1).text_rec


def available() -> bool:
    """True when the ``ocr`` extra's modules can be imported (checked without importing them)."""
    import importlib.util

    names = ("cv2", "numpy", "rapidocr_onnxruntime", "pypdfium2", "PIL")
    return all(importlib.util.find_spec(n) is not None for n in names)


def _recognise(gray: Any, boxes: list[og.Box], s: og.GridSettings) -> list[Read]:
    """The text of each box of a page, recognised as one printed line.

    A box read as a number or a placeholder is read again with the other
    margins of ``s.margins`` around its ink, and the reads must agree; when
    they do not, one more read (``s.tiebreak``) may side with the number,
    which then stands with the lowest confidence of the reads that gave it.
    A box still read differently gets confidence 0 (every text seen is
    shown).  When all reads agree, the confidence is the highest of them.
    """
    from gkparse._read.cells import classify

    first = _rec(gray, boxes, s.margins[0])
    again = [i for i, (t, _) in enumerate(first) if t and classify(t)[0] in ("num", "ph")]
    others = [_rec(gray, [boxes[i] for i in again], m) for m in s.margins[1:]]
    out = [Read(t, c, b) for (t, c), b in zip(first, boxes, strict=True)]
    split: dict[int, list[tuple[str, float]]] = {}
    for j, i in enumerate(again):
        reads = [first[i], *(o[j] for o in others)]
        if len({t for t, _ in reads}) == 1:
            out[i] = Read(reads[0][0], max(c for _, c in reads), boxes[i])
        else:
            split[i] = reads
    third = _rec(gray, [boxes[i] for i in split], s.tiebreak)
    for (i, reads), extra in zip(split.items(), third, strict=True):
        reads.append(extra)
        number = first[i][0]
        agree = [c for t, c in reads if t == number]
        if len(agree) > len(reads) // 2:
            out[i] = Read(number, min(agree), boxes[i])
        else:
            out[i] = Read(" / ".join(dict.fromkeys(t for t, _ in reads)), 0.0, boxes[i])
    return out


def _rec(gray: Any, boxes: list[og.Box], margin: tuple[int, int]) -> list[tuple[str, float]]:
    """(text, confidence) of each box, cut from the page with ``margin`` (vertical, horizontal) around it."""
    if not boxes:
        return []
    cv2, _ = _modules()
    h, w = gray.shape
    vm, hm = margin
    crops = [
        cv2.cvtColor(gray[max(0, y0 - vm) : min(h, y1 + vm), max(0, x0 - hm) : min(w, x1 + hm)], cv2.COLOR_GRAY2BGR)
        for x0, y0, x1, y1 in boxes
    ]
    results, _elapsed = engine()(crops)
    return [(str(t).strip(), float(c)) for t, c in results]


@attrs.define
class _Page:
    """What one page gave: its tables (grid, reads per cell) and prose lines, with findings."""

    number: int
    items: list[tuple[int, str | tuple[og.Grid, dict[int, list[Read]]]]] = attrs.field(factory=list)
    findings: list[tuple[str, str]] = attrs.field(factory=list)


def read_page(gray: Any, number: int, settings: og.GridSettings | None = None, *, prose: bool = True) -> _Page:
    """Deskew one grey page, find its tables and recognise their cells and the prose around them.

    With ``prose`` False the prose of a page without a table is not recognised (a long
    narrative report's pages cost no OCR time; the title and year come from its first page).
    """
    cv2, _ = _modules()
    s = settings or og.GridSettings()
    page = _Page(number)
    angle = og.skew_angle(og.ink(gray), s)
    gray = og.deskew(gray, angle)
    mask = og.ink(gray)
    lines = og.line_mask(mask, s)
    text_ink = cv2.bitwise_and(mask, cv2.bitwise_not(lines))
    grids = og.find_tables(lines, s)
    cell_bands: list[tuple[int, int, og.Box]] = []
    for g, grid in enumerate(grids):
        for k, cell in enumerate(grid.cells):
            cell_bands += [(g, k, b) for b in og.text_bands(text_ink, cell.box, s)]
    prose_ink = text_ink.copy()
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        prose_ink[max(0, y0 - s.pad) : y1 + s.pad, max(0, x0 - s.pad) : x1 + s.pad] = 0
    h, w = gray.shape
    prose_bands = og.text_bands(prose_ink, (0, 0, w, h), s) if prose or grids else []
    reads = _recognise(gray, [b for _, _, b in cell_bands] + prose_bands, s)
    per_grid: list[dict[int, list[Read]]] = [{} for _ in grids]
    for (g, k, _), r in zip(cell_bands, reads, strict=False):
        per_grid[g].setdefault(k, []).append(r)
    for grid, got in zip(grids, per_grid, strict=True):
        page.items.append((grid.box[1], (grid, got)))
    dropped = 0
    for r in reads[len(cell_bands) :]:
        if r.text and r.confidence >= (PROSE_DIGITS if _DIGIT.search(r.text) else PROSE_CONFIDENCE):
            page.items.append((r.box[1], collapse_space(r.text)))
        elif r.text:
            dropped += 1
    if dropped:
        page.findings.append(
            ("ocr.prose_unread", f"page {number}: {dropped} prose line(s) read with low confidence were left out")
        )
    page.items.sort(key=lambda it: it[0])
    return page


def _cell(
    grid: og.Grid, cell: og.Cell, reads: list[Read], page: int, findings: list[tuple[str, str]]
) -> tuple[str, float | None, tuple[int, int]]:
    """The text of a cell (its printed lines joined), its lowest confidence and the position it is read at.

    A number in a merged cell stands where its print lies (`og.Grid.position`);
    any other text at the merged cell's top-left position.  Text that is
    neither a number, a placeholder nor a label is not read ("" and a finding).
    """
    from gkparse._read.cells import classify

    at = (cell.row, cell.col)
    if not reads:
        return "", None, at
    text = clean_cell_text("\n".join(r.text for r in reads))
    confidence = min(r.confidence for r in reads)
    kind = classify(text)[0] if text else "empty"
    if kind not in ("num", "ph") and not _CJK.search(text):
        seen = f"page {page} box {cell.box}: the engine saw {text!r} (confidence {confidence:.2f})"
        findings.append(("ocr.unread", f"{seen}, neither a number nor a label: not read"))
        return "", confidence, at
    if kind in ("num", "ph") and (cell.rows > 1 or cell.cols > 1):
        boxes = [r.box for r in reads]
        ink = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        at = grid.position(ink, cell)
    return text, confidence, at


Part = tuple[og.Grid, dict[int, list[Read]], int]
"""One page's piece of a table: its grid, the reads of each of its cells, the page number."""
_PAGE = 100_000
"""Boxes of the pieces of a table continued over pages are stacked by this many pixels a page."""


def _table(index: int, parts: list[Part], findings: list[tuple[str, str]]) -> DocTable:
    """A `DocTable` of a table's pieces: each region's text at its position, the other positions it covers spanned.

    The pieces of a table continued over pages are placed on the column
    boundaries of them all, so a page whose rows have more label columns
    still lines up.
    """
    regions = [(cell, reads.get(k, []), page) for grid, reads, page in parts for k, cell in enumerate(grid.cells)]
    if len(parts) == 1:
        grid = parts[0][0]
    else:
        stacked = [_shift(c.box, p) for c, _, p in regions]
        placed, xs, ys = og.place(stacked, og.GridSettings().snap)
        box = (min(b[0] for b in stacked), stacked[0][1], max(b[2] for b in stacked), max(b[3] for b in stacked))
        grid = og.Grid(box, tuple(placed), len(ys), len(xs), xs, ys)
        regions = [
            (cell, [attrs.evolve(r, box=_shift(r.box, p)) for r in reads], p)
            for cell, (_, reads, p) in zip(placed, regions, strict=True)
        ]
    slots: dict[tuple[int, int], DocCell] = {}
    first: dict[int, int] = {}
    for cell, reads, page in regions:
        box = _shift(cell.box, -page) if len(parts) > 1 else cell.box
        first.setdefault(page, cell.row)
        first[page] = min(first[page], cell.row)
        for r in range(cell.row, cell.row + cell.rows):
            for c in range(cell.col, cell.col + cell.cols):
                slots.setdefault((r, c), DocCell("", r, c, True, page, None, box))
        text, conf, (row, col) = _cell(grid, cell, reads, page, findings)
        slots[(row, col)] = DocCell(text, row, col, False, page, conf, box)
    rows = [[slots.get((r, c), DocCell("", r, c)) for c in range(grid.n_cols)] for r in range(grid.n_rows)]
    for _page, row in sorted(first.items())[1:]:
        _rejoin(rows, row)
    rows = [r for r in rows if any(c.text or c.spanned for c in r)]
    cells = tuple(tuple(attrs.evolve(c, row=k) for c in row) for k, row in enumerate(rows))
    return DocTable(index=index, rows=cells, page=parts[0][2])


def _shift(box: og.Box, page: int) -> og.Box:
    return (box[0], box[1] + page * _PAGE, box[2], box[3] + page * _PAGE)


def _rejoin(rows: list[list[DocCell]], k: int) -> None:
    """Row ``k``, the first of a page, joined to the label above it when it only continues labels.

    A label cut by the page break leaves a row holding text only, each text
    below a label (or a merged label) of the row before: its texts are
    appended to those labels and the row is emptied.
    """
    from gkparse._read.cells import classify

    if k == 0 or k >= len(rows):
        return
    filled = [c for c in rows[k] if c.text]
    if not filled or any(classify(c.text)[0] in ("num", "ph") or not _CJK.search(c.text) for c in filled):
        return
    anchors = {}
    for c in filled:
        up = k - 1
        while up > 0 and rows[up][c.col].spanned:
            up -= 1
        if not _CJK.search(rows[up][c.col].text):
            return
        anchors[c.col] = up
    for c in filled:
        above = rows[anchors[c.col]][c.col]
        rows[anchors[c.col]][c.col] = attrs.evolve(above, text=above.text + c.text)
    rows[k] = [DocCell("", c.row, c.col, c.spanned, c.page, None, c.box) for c in rows[k]]


def _same_frame(a: og.Grid, b: og.Grid) -> bool:
    """Two tables of consecutive pages with the same left and right edges: one table continued."""
    return abs(a.box[0] - b.box[0]) < 24 and abs(a.box[2] - b.box[2]) < 24


def assemble(pages: list[_Page], fmt: str) -> DocContent:
    """Document items of read pages: a table continued at the top of the next page joined, tables numbered."""
    items: list[str | DocTable] = []
    findings: list[tuple[str, str]] = []
    parts: list[Part] = []

    def flush() -> None:
        if parts:
            items.append(_table(sum(isinstance(i, DocTable) for i in items) + 1, parts, findings))
            parts.clear()

    for page in pages:
        findings += page.findings
        for k, (_, item) in enumerate(page.items):
            if isinstance(item, str):
                flush()
                items.append(item)
                continue
            grid, reads = item
            if not (k == 0 and parts and parts[-1][2] == page.number - 1 and _same_frame(parts[-1][0], grid)):
                flush()
            parts.append((grid, reads, page.number))
    flush()
    return DocContent(fmt, tuple(items), tuple(findings), ocr_prose=True)


def read_pages(pages: Iterator[tuple[int, Any, list[tuple[str, str]]]], fmt: str) -> DocContent:
    """Read grey pages by OCR into a `DocContent` (see the module docstring)."""
    out: list[_Page] = []
    skipped = []
    for number, gray, findings in pages:
        page = read_page(gray, number, prose=not out)
        page.findings[:0] = findings
        if out and not page.items:
            skipped.append(number)
        out.append(page)
    if skipped:
        listed = ", ".join(map(str, skipped[:10])) + (f" … ({len(skipped)} pages)" if len(skipped) > 10 else "")
        out[-1].findings.append(("ocr.prose_unread", f"pages without a table were not read for prose: {listed}"))
    return assemble(out, fmt)


def ocr_pages(data: bytes, page_numbers: list[int]) -> DocContent:
    """Read the given pages of a PDF (those without a text layer) by OCR: the PDF reader's entry point.

    Args:
        data: the PDF file's bytes.
        page_numbers: 1-based numbers of the pages to read.

    Returns:
        The pages' tables and prose lines, with their findings (format ``"pdf"``).

    Raises:
        MissingExtraError: the ``ocr`` extra is not installed.
        DocumentError: the PDF cannot be rendered.
    """
    return read_pages(ocrpages.pdf_pages(data, page_numbers), "pdf")


def read_image(data: bytes) -> DocContent:
    """Read an image file (PNG, JPEG, TIFF — every page of a multi-page TIFF) by OCR.

    Raises:
        MissingExtraError: the ``ocr`` extra is not installed.
        DocumentError: the image cannot be decoded or is too large.
    """
    return read_pages(ocrpages.image_pages(data), "image")
