"""Generated PDF documents for the document readers: report tables drawn by reportlab.

Tables are :class:`tests.docgen.Spec` lists, drawn as a reportlab ``Table``
with ``GRID`` ruling and ``SPAN`` styles in the built-in CJK font
``STSong-Light`` (no font file needed); long labels are broken into lines
that fit their cell, as Word does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from tests.docgen import Spec, size

FONT = "STSong-Light"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, chars: int) -> str:
    """Break a long label into lines of at most ``chars`` characters (never between two digits)."""
    if text.isascii():
        return text
    lines = []
    for line in text.split("\n"):
        while len(line) > chars:
            cut = chars
            while cut > 1 and line[cut - 1].isdigit() and line[cut].isdigit():
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


RULINGS = ("grid", "none", "box", "rows", "columns")
"""How a table is ruled: every line, none, the outer border only, the lines between rows (and the border),
the lines between columns (and the border)."""


def pdf_table(
    specs: Sequence[Spec],
    col_width: float,
    font_size: float = 7,
    repeat: int = 0,
    ruling: str = "grid",
    align: str = "LEFT",
    value_align: str | None = None,
    shifts: dict[tuple[int, int], float] | None = None,
) -> object:
    """A reportlab ``Table`` with SPAN styles, ruled as ``ruling`` says (one of `RULINGS`), cells aligned so.

    ``value_align`` aligns the cells that hold a number otherwise; ``shifts`` moves the text of a cell
    (row, column) right by so many points (left when negative).
    """
    from reportlab.platypus import Table, TableStyle

    height, width = size(specs)
    data: list[list[str]] = [[""] * width for _ in range(height)]
    lines = {
        "grid": [("GRID", (0, 0), (-1, -1), 0.5, "black")],
        "none": [],
        "box": [("BOX", (0, 0), (-1, -1), 0.5, "black")],
        "rows": [("BOX", (0, 0), (-1, -1), 0.5, "black")]
        + [("LINEBELOW", (0, r), (-1, r), 0.5, "black") for r in range(height)],
        "columns": [("BOX", (0, 0), (-1, -1), 0.5, "black")]
        + [("LINEAFTER", (c, 0), (c, -1), 0.5, "black") for c in range(width)],
    }[ruling]
    style = [
        *lines,
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size + 2),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), align),
    ]
    per_line = max(1, int(col_width / (font_size + 0.5)) - 1)
    for s in specs:
        data[s.row][s.col] = _wrap(s.text, per_line * s.cs)
        if s.rs > 1 or s.cs > 1:
            style.append(("SPAN", (s.col, s.row), (s.col + s.cs - 1, s.row + s.rs - 1)))
        if value_align and s.text[:1].isdigit():
            style.append(("ALIGN", (s.col, s.row), (s.col, s.row), value_align))
    for (r, c), dx in (shifts or {}).items():
        style.append(("LEFTPADDING", (c, r), (c, r), 6 + dx))
        style.append(("RIGHTPADDING", (c, r), (c, r), 6 - dx))
    return Table(data, colWidths=[col_width] * width, style=TableStyle(style), repeatRows=repeat)


def pdf_bytes(flowables: Sequence[object], landscape: bool = False, header: str = "", **doc: object) -> bytes:
    """A PDF with the flowables (tables, paragraphs, page breaks); ``doc`` goes to SimpleDocTemplate.

    ``header`` is drawn at the top and the foot of every page (running lines), with the page number.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.platypus import SimpleDocTemplate

    _register_font()
    buf = io.BytesIO()
    pagesize = turn(A4) if landscape else A4
    kwargs: dict[str, object] = {"leftMargin": 30, "rightMargin": 30, "topMargin": 30, "bottomMargin": 30}
    kwargs.update(doc)

    def furniture(canvas: object, document: object) -> None:
        if header:
            canvas.setFont(FONT, 8)  # type: ignore[attr-defined]
            canvas.drawString(30, pagesize[1] - 20, header)  # type: ignore[attr-defined]
            canvas.drawString(30, 12, header)  # type: ignore[attr-defined]
            canvas.drawString(pagesize[0] / 2, 12, f"- {document.page} -")  # type: ignore[attr-defined]

    template = SimpleDocTemplate(buf, pagesize=pagesize, **kwargs)  # type: ignore[arg-type]
    template.build(list(flowables), onFirstPage=furniture, onLaterPages=furniture)
    return buf.getvalue()


def pdf_paragraph(text: str) -> object:
    """A prose paragraph in the CJK font."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    _register_font()
    return Paragraph(text, ParagraphStyle("cjk", fontName=FONT, fontSize=10, leading=14))


def pdf_rotated_label(label: str, angle: int, items: Sequence[str]) -> bytes:
    """A ruled two-column table drawn by hand: ``label`` rotated by ``angle`` (±90) in a cell
    spanning every row, and one item per row beside it."""
    from reportlab.pdfgen import canvas

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(FONT, 10)
    x0, x1, x2, height = 100, 130, 300, 12 * len(label) // len(items) + 12
    ys = [720 - k * height for k in range(len(items) + 1)]
    c.line(x0, ys[0], x2, ys[0])
    c.line(x0, ys[-1], x2, ys[-1])
    for y in ys[1:-1]:
        c.line(x1, y, x2, y)
    for x in (x0, x1, x2):
        c.line(x, ys[0], x, ys[-1])
    for item, y in zip(items, ys[1:], strict=True):
        c.drawString(x1 + 8, y + 4, item)
    c.saveState()
    if angle < 0:
        c.translate(x0 + 12, ys[0] - 6)
    else:
        c.translate(x0 + 18, ys[-1] + 6)
    c.rotate(angle)
    c.drawString(0, 0, label)
    c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()
