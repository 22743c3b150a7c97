"""Hostile and large PDFs written byte by byte: reference cycles, decompression bombs, n×n ruled grids,
long reports.  The tests use small sizes; benchmarks/adversarial_pdf.py the large ones."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def build(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF of numbered objects (bodies without ``N 0 obj``), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object's body: its dictionary (``/Length`` and ``entries``) and data."""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def one_page(
    content: bytes = b"BT /F1 12 Tf 100 700 Td (12 34) Tj ET",
    *,
    mediabox: bytes = b"[0 0 612 792]",
    resources: bytes = b"<< /Font << /F1 5 0 R >> >>",
    contents: bytes = b"4 0 R",
    extra: dict[int, bytes] | None = None,
    content_object: bytes | None = None,
) -> bytes:
    """A one-page PDF (objects 1–5: catalog, pages, page, content, font); ``extra`` adds or replaces objects."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Resources " + resources
        + b" /Contents " + contents + b" >>",
        4: content_object if content_object is not None else stream(content),
        5: FONT,
    }  # fmt: skip
    objects.update(extra or {})
    return build(objects)


def cycles() -> dict[str, bytes]:
    """PDFs whose objects refer to themselves: as the media box, the contents, the resources, a font, a
    form drawing itself, a two-object cycle, a page tree that is its own kid."""
    self_ref = {6: b"6 0 R"}
    form = stream(
        b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X1 6 0 R >> >> "
    )
    return {
        "media box": one_page(mediabox=b"6 0 R", extra=self_ref),
        "contents": one_page(contents=b"6 0 R", extra=self_ref),
        "resources": one_page(resources=b"6 0 R", extra=self_ref),
        "font": one_page(resources=b"<< /Font << /F1 6 0 R >> >>", extra=self_ref),
        "two objects": one_page(resources=b"6 0 R", extra={6: b"7 0 R", 7: b"6 0 R"}),
        "form draws itself": one_page(
            b"/X1 Do", resources=b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>", extra={6: form}
        ),
        "page tree": build({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}),
        "length": one_page(content_object=b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream"),
    }


def flate_bomb(megabytes: int, what: str = "blanks", layers: int = 1) -> bytes:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of blanks or of drawing operators
    (``layers`` Flate filters, one inside the other)."""
    unit = b" " if what == "blanks" else b"0 0 m 1 1 l S\n"
    data = unit * ((megabytes << 20) // len(unit))
    for _ in range(layers):
        data = zlib.compress(data, 9)
    filters = b"[" + b" ".join([b"/FlateDecode"] * layers) + b"]"
    return one_page(content_object=stream(data, b"/Filter " + filters + b" "))


def grid(n: int, cell: float = 30.0) -> bytes:
    """A one-page PDF with an n×n ruled grid, the number ``(row + col) % 100`` in each cell (Helvetica 8)."""
    size = n * cell + 72
    top = size - 36
    ops: list[bytes] = [b"0.5 w"]
    for k in range(n + 1):
        ops.append(b"36 %.1f m %.1f %.1f l S" % (top - k * cell, 36 + n * cell, top - k * cell))
        ops.append(b"%.1f %.1f m %.1f %.1f l S" % (36 + k * cell, top, 36 + k * cell, top - n * cell))
    ops.append(b"BT /F1 8 Tf")
    for r in range(n):
        for c in range(n):
            ops.append(b"1 0 0 1 %.1f %.1f Tm (%d) Tj" % (40 + c * cell, top - r * cell - cell / 2 - 3, (r + c) % 100))
    ops.append(b"ET")
    content = zlib.compress(b"\n".join(ops))
    return one_page(
        content_object=stream(content, b"/Filter /FlateDecode "), mediabox=b"[0 0 %.1f %.1f]" % (size, size)
    )


def long_report(pages: int, rows: int = 20, cols: int = 8) -> bytes:
    """A report of ``pages`` pages, each with a heading line and a ruled table of numbers."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids: list[bytes] = []
    for p in range(pages):
        page, content = 10 + 2 * p, 11 + 2 * p
        kids.append(b"%d 0 R" % page)
        ops = [b"BT /F1 12 Tf 72 760 Td (Page %d of the report) Tj ET" % (p + 1), b"0.5 w"]
        for k in range(rows + 1):
            ops.append(b"72 %d m %d %d l S" % (720 - 30 * k, 72 + 60 * cols, 720 - 30 * k))
        for k in range(cols + 1):
            ops.append(b"%d 720 m %d %d l S" % (72 + 60 * k, 72 + 60 * k, 720 - 30 * rows))
        ops.append(b"BT /F1 9 Tf")
        for r in range(rows):
            for c in range(cols):
                ops.append(b"1 0 0 1 %d %d Tm (%d) Tj" % (78 + 60 * c, 700 - 30 * r, p * 1000 + r * cols + c))
        ops.append(b"ET")
        data = zlib.compress(b"\n".join(ops))
        objects[content] = stream(data, b"/Filter /FlateDecode ")
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content
        )
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return build(objects)


def numbers(rows: Sequence[Sequence[str]]) -> list[list[int]]:
    """A grid of texts as integers."""
    return [[int(t) for t in row] for row in rows]
