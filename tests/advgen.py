"""Pathological documents of the reliability probe (issue 21), made small or large on demand.

Each generator returns the bytes of one file.  The tests use them small (a
batch guard or a cap must stop them); ``benchmarks/adversarial.py`` uses them
at the sizes the probe measured.

* PDF (hand-written objects, no library): self-references (``/MediaBox``,
  ``/Contents``, ``/Resources``, a font, a two-object cycle) that make
  pdfminer's ``resolve1`` loop for ever; a flate bomb; many pages of text; a
  ruled n×n grid.
* DOCX: a zip bomb of paragraphs, one huge text node, ``gridSpan`` bombs over
  many tables, many one-row tables, a huge ``word/styles.xml``.
* HTML: colspan bombs over many tables, cells escaped inside JavaScript strings,
  a span of thousands of digits, pages under a wrong charset label.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator

# ---------------------------------------------------------------- PDF


def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of numbered objects (object ``i + 1`` is ``objects[i]``) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES1 = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (12 34) Tj ET"
SELF_REFERENCES = ("mediabox", "contents", "resources", "font", "cycle")
"""The self-referencing PDFs of the probe: where the loop is."""


def pdf_self_reference(where: str) -> bytes:
    """A one-page PDF (about 350 bytes) whose ``where`` is an object that refers to itself.

    ``mediabox``: ``/MediaBox 4 0 R`` with object 4 ``4 0 R``; ``contents``,
    ``resources``: the same as the page's ``/Contents`` or ``/Resources``;
    ``font``: the font ``/F1`` is ``4 0 R``; ``cycle``: ``/MediaBox 4 0 R``,
    object 4 ``5 0 R``, object 5 ``4 0 R``.
    """
    box = b"/MediaBox [0 0 612 792]"
    res = b"/Resources << /Font << /F1 6 0 R >> >>"
    page = {
        "mediabox": b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R " + res + b" /Contents 5 0 R >>",
        "contents": b"<< /Type /Page /Parent 2 0 R " + box + b" " + res + b" /Contents 4 0 R >>",
        "resources": b"<< /Type /Page /Parent 2 0 R " + box + b" /Resources 4 0 R /Contents 5 0 R >>",
        "font": b"<< /Type /Page /Parent 2 0 R " + box + b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "cycle": b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R " + res + b" /Contents 6 0 R >>",
    }[where]
    if where == "cycle":
        return pdf_from_objects([_CATALOG, _PAGES1, page, b"5 0 R", b"4 0 R", _FONT])
    return pdf_from_objects([_CATALOG, _PAGES1, page, b"4 0 R", _stream(_TEXT), _FONT])


def pdf_flate_bomb(inflated: int = 1_000_000_000) -> bytes:
    """A one-page PDF whose content stream inflates about 1,000-fold: ``inflated`` bytes (1 GB: a 1 MB file)."""
    squeeze = zlib.compressobj(6)
    block = b"0" * (1 << 20)
    data = b"".join(squeeze.compress(block) for _ in range(max(1, inflated >> 20))) + squeeze.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
    page += b" /Contents 4 0 R >>"
    return pdf_from_objects([_CATALOG, _PAGES1, page, body, _FONT])


def pdf_pages(pages: int = 1000, lines: int = 50) -> bytes:
    """A PDF of ``pages`` pages of ``lines`` text lines each (prose with numbers)."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [_CATALOG, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages, _FONT]
    for p in range(pages):
        text = b"BT /F1 10 Tf 40 780 Td 12 TL " + b" ".join(
            b"(page %d line %d: 3 0 1 0 0 0 4) '" % (p + 1, n) for n in range(lines)
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 800] /Resources << /Font << /F1 3 0 R >> >>"
            + b" /Contents %d 0 R >>" % (5 + 2 * p)
        )
        objects.append(_stream(text + b" ET"))
    return pdf_from_objects(objects)


def pdf_ruled_grid(n: int = 100) -> bytes:
    """A one-page PDF of a ruled n×n table of one-digit cells (pdfplumber's cell finding is superlinear in n)."""
    size = 560.0
    step = size / n
    ops = [b"0.2 w"]
    for i in range(n + 1):
        x = 20 + i * step
        ops.append(b"%.2f 20 m %.2f %.2f l S" % (x, x, 20 + size))
        ops.append(b"20 %.2f m %.2f %.2f l S" % (x, 20 + size, x))
    ops.append(b"BT /F1 %.2f Tf" % max(step * 0.6, 1))
    for r in range(n):
        for c in range(n):
            ops.append(b"1 0 0 1 %.2f %.2f Tm (%d) Tj" % (22 + c * step, 22 + r * step, (r + c) % 10))
    ops.append(b"ET")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 600] /Resources << /Font << /F1 5 0 R >> >>"
    page += b" /Contents 4 0 R >>"
    return pdf_from_objects([_CATALOG, _PAGES1, page, _stream(b"\n".join(ops), flate=True), _FONT])


# ---------------------------------------------------------------- DOCX

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/></Relationships>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
DOC_TAIL = "</w:body></w:document>"
REPORT_TABLE = (
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc>"
    + "".join(f"<w:tc><w:p><w:r><w:t>{v}</w:t></w:r></w:p></w:tc>" for v in (1, 0, 0, 0, 1))
    + "</w:tr></w:tbl>"
)
"""A one-row table of the appeals table, for a report that must still be read."""


def docx_from_parts(body: Iterable[str], **parts: Iterable[str]) -> bytes:
    """A .docx whose ``word/document.xml`` is the body's chunks between the document's head and tail.

    The chunks are streamed into the zip, so a body of gigabytes needs no memory.
    ``parts`` adds other members (``word__styles__xml`` → ``word/styles.xml``), streamed the same way.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        _stream_member(zf, "word/document.xml", [DOC_HEAD, *body, DOC_TAIL])
        if "word__styles__xml" in parts:
            zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        for name, chunks in parts.items():
            _stream_member(zf, name.replace("__xml", ".xml").replace("__", "/"), chunks)
    return buf.getvalue()


def _stream_member(zf: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    with zf.open(name, "w", force_zip64=True) as fh:
        for chunk in chunks:
            fh.write(chunk.encode("utf-8"))


def _repeat(chunk: str, total: int) -> Iterator[str]:
    block = chunk * max(1, (1 << 20) // len(chunk))
    done = 0
    while done < total:
        yield block
        done += len(block.encode("utf-8"))


def docx_paragraph_bomb(inflated: int = 100_000_000) -> bytes:
    """A .docx whose ``word/document.xml`` holds ``inflated`` bytes of paragraphs (100 MB: a 392 KB file)."""
    return docx_from_parts(_repeat("<w:p><w:r><w:t>本机关认真贯彻落实条例。</w:t></w:r></w:p>", inflated))


def docx_text_node(size: int = 1_000_000_000) -> bytes:
    """A .docx with one text node of ``size`` spaces and digits (1 GB: about a 1 MB file)."""
    return docx_from_parts(["<w:p><w:r><w:t>", *_repeat("0 " * 512, size), "</w:t></w:r></w:p>"])


def docx_span_bomb(tables: int = 20, rows: int = 40, span: int = 1000) -> bytes:
    """``tables`` tables of ``rows`` rows, each row three cells of ``gridSpan`` ``span`` (20 tables: 38 KB)."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    table = "<w:tbl>" + ("<w:tr>" + cell * 3 + "</w:tr>") * rows + "</w:tbl><w:p/>"
    return docx_from_parts([table] * tables)


def docx_many_tables(tables: int = 100_000) -> bytes:
    """``tables`` one-row tables of one cell (10⁵ tables: 86 KB)."""
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    return docx_from_parts([table] * tables)


def docx_huge_styles(size: int = 1_000_000_000) -> bytes:
    """A valid report (one appeals row) with ``size`` bytes of white space in ``word/styles.xml``."""
    styles = [f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{_W}">', *_repeat(" " * 4096, size)]
    body = ["<w:p><w:r><w:t>四、行政复议、行政诉讼情况</w:t></w:r></w:p>", REPORT_TABLE]
    return docx_from_parts(body, word__styles__xml=[*styles, "</w:styles>"])


# ---------------------------------------------------------------- HTML


def html_colspan_bomb(tables: int = 100, rows: int = 20, span: int = 500) -> bytes:
    """``tables`` tables of ``rows`` rows of two cells, the first of colspan ``span`` (within the per-table caps)."""
    row = f"<tr><td colspan={span}>1</td><td>2</td></tr>"
    return ("<html><body>" + ("<table>" + row * rows + "</table>") * tables + "</body></html>").encode()


def html_cells_in_javascript(scripts: int = 60, cells: int = 3000) -> bytes:
    """Scripts that build a table from string literals whose cells are escaped (``\\x3ctd``).

    The raw page shows one ``<table`` per script and no ``<td``; unescaped, the
    scripts hold ``scripts × cells`` cells (60 × 3,000: 180,000).
    """
    body = "\\x3ctr>" + "\\x3ctd>1\\x3c/td>" * cells + "\\x3c/tr>"
    script = f'<script>var t = "<table>" + "{body}" + "</table>";</script>'
    return ("<html><body>" + script * scripts + "</body></html>").encode()


def html_long_span(digits: int = 5001) -> bytes:
    """A report row whose first cell has a colspan of ``digits`` digits."""
    return (
        "<table><tr><td>四、行政复议</td></tr><tr><td colspan=" + "9" * digits + ">行政复议</td>"
        "<td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>"
    ).encode()


def html_with_charset(label: str, text: str) -> bytes:
    """A UTF-8 page labelled ``<meta charset=LABEL>`` around ``text`` (markup)."""
    return f'<html><head><meta charset="{label}"></head><body>{text}</body></html>'.encode()
