"""Stage 1, page → characters and rules: what PDFium gives of a page, on the page as displayed.

A character is its text and its box (PDFium's *loose* box: the advance width
and the font's ascent and descent, so that the characters of a line share
their top and bottom); a rule is a horizontal or vertical segment drawn by a
path object — a stroked line, an edge of a stroked rectangle, or a filled
shape thinner than `PdfSettings.thin` (Word draws its borders so), inside
form XObjects too.  Coordinates are turned to the page as displayed: the
page's ``/Rotate`` applied, the crop box's corner at 0, ``top`` growing
downwards.

Only PDFium's C functions are called here (through pypdfium2's ``raw``
bindings), once per character and once per path object, so this stage costs
about what PDFium's own character extraction costs.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Callable
from typing import Any, NamedTuple

from gkparse._read.formats.pdf.settings import PdfSettings
from gkparse.errors import DocumentError

Char = tuple[float, float, float, float, str, int]
"""x0, top, x1, bottom, text, direction (0 upright; 1 turned to read downwards, -1 upwards, 2 upside down)."""
HRule = tuple[float, float, float]
"""A horizontal rule: y, x0, x1."""
VRule = tuple[float, float, float]
"""A vertical rule: x, top, bottom."""
Affine = tuple[float, float, float, float, float, float]
"""A PDF matrix a b c d e f: (x, y) → (a·x + c·y + e, b·x + d·y + f)."""

_PATH, _TEXT, _FORM = 2, 1, 5
_LINETO, _BEZIER, _MOVETO = 0, 1, 2
_SKIP = frozenset({10, 13, 0xFFFE, 0xFFFF})
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PageObjects(NamedTuple):
    """What stage 1 read of one page."""

    chars: list[Char]
    hrules: list[HRule]
    vrules: list[VRule]
    width: float
    height: float


def _compose(inner: Affine, outer: Affine) -> Affine:
    """The matrix applying ``inner`` then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _display(page: Any, raw: Any) -> tuple[Affine, float, float]:
    """The matrix from PDF user space to the displayed page (top-down), and the displayed width and height."""
    left, bottom, right, top = (
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
    )
    if not raw.FPDFPage_GetCropBox(page, left, bottom, right, top) and not raw.FPDFPage_GetMediaBox(
        page, left, bottom, right, top
    ):
        left.value, bottom.value = 0.0, 0.0
        right.value, top.value = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    x0, y0 = min(left.value, right.value), min(bottom.value, top.value)
    x1, y1 = max(left.value, right.value), max(bottom.value, top.value)
    turn = raw.FPDFPage_GetRotation(page) % 4
    if turn == 1:  # 90° clockwise: the left edge is the top
        return (0.0, 1.0, 1.0, 0.0, -y0, -x0), y1 - y0, x1 - x0
    if turn == 2:
        return (-1.0, 0.0, 0.0, 1.0, x1, -y0), x1 - x0, y1 - y0
    if turn == 3:
        return (0.0, -1.0, -1.0, 0.0, y1, x1), y1 - y0, x1 - x0
    return (1.0, 0.0, 0.0, -1.0, -x0, y1), x1 - x0, y1 - y0


def read_chars(textpage: Any, raw: Any, to_page: Affine, turned: bool, settings: PdfSettings) -> list[Char]:
    """Every character of the text page with its box on the displayed page (line ends PDFium adds left out).

    ``turned``: the page holds turned text, so each character's direction is read too (else all are upright).
    """
    n = raw.FPDFText_CountChars(textpage)
    if n > settings.max_chars:
        raise DocumentError(f"a page holds {n} characters, more than the {settings.max_chars} a report page can")
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    box = raw.FPDFText_GetLooseCharBox
    a, b, c, d, e, f = to_page
    out: list[Char] = []
    append = out.append
    upright = to_page[:4] == (1.0, 0.0, 0.0, -1.0)
    for i, u in enumerate(_codes(textpage, raw, max(n, 0))):
        if u in _SKIP:
            continue
        box(textpage, i, ref)
        text = chr(u) if 0 < u < 0x110000 else "\ufffd"
        if upright:  # no /Rotate: x as it is, y turned downwards
            top, bottom = f - rect.top, f - rect.bottom
            if top == bottom and u == 32 and out:  # a word break PDFium adds: on the line of the character before
                top, bottom = out[-1][1], out[-1][3]
            append((rect.left + e, top, rect.right + e, bottom, text, 0))
            continue
        if b == 0.0:  # 180°
            xa, xb = a * rect.left + e, a * rect.right + e
            ya, yb = d * rect.top + f, d * rect.bottom + f
        else:
            xa, xb = c * rect.top + e, c * rect.bottom + e
            ya, yb = b * rect.left + f, b * rect.right + f
        append((min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), text, 0))
    if not upright:
        _lift_generated(out)
    if turned:
        out = _with_directions(textpage, raw, out, n, to_page)
    return out


def _codes(textpage: Any, raw: Any, n: int) -> list[int]:
    """The code point of each character: the page's text read at once when it holds exactly one UTF-16
    unit per character and no surrogate (so unit i is character i), else character by character."""
    if n == 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(textpage, 0, n, buf)
    units = list(buf[: max(written - 1, 0)])
    if len(units) == n and not any(0xD800 <= u <= 0xDFFF for u in units):
        return units
    unicode = raw.FPDFText_GetUnicode
    return [unicode(textpage, i) for i in range(n)]


def _lift_generated(chars: list[Char]) -> None:
    """Give the word breaks PDFium adds (a space whose box is a point) the height of the character before,
    so they stay on its line."""
    for k in range(1, len(chars)):
        x0, top, x1, bottom, text, d = chars[k]
        if top == bottom and x0 == x1 and text == " ":
            before = chars[k - 1]
            chars[k] = (x0, before[1], x1, before[3], text, d)


def _with_directions(textpage: Any, raw: Any, chars: list[Char], n: int, to_page: Affine) -> list[Char]:
    """The characters with their reading direction on the displayed page (from each one's text matrix)."""
    m = raw.FS_MATRIX()
    ref = ctypes.byref(m)
    unicode = raw.FPDFText_GetUnicode
    a, b, c, d, _, _ = to_page
    out: list[Char] = []
    k = 0
    for i in range(n):
        if unicode(textpage, i) in _SKIP:
            continue
        raw.FPDFText_GetMatrix(textpage, i, ref)
        dx, dy = a * m.a + c * m.b, b * m.a + d * m.b  # the text's x axis on the displayed page
        direction = (0 if dx >= 0 else 2) if abs(dx) >= abs(dy) else 1 if dy > 0 else -1
        x0, top, x1, bottom, text, _ = chars[k]
        out.append((x0, top, x1, bottom, text, direction))
        k += 1
    return out


class _Rules:
    """Collects rules on the displayed page from path objects."""

    def __init__(self, raw: Any, settings: PdfSettings) -> None:
        self.raw = raw
        self.settings = settings
        self.h: list[HRule] = []
        self.v: list[VRule] = []
        self.turned = False
        self._f = ctypes.c_float
        self._box = [ctypes.c_float() for _ in range(4)]
        self._boxref = [ctypes.byref(v) for v in self._box]
        self._m = raw.FS_MATRIX()
        self._mref = ctypes.byref(self._m)
        self._fill = ctypes.c_int()
        self._stroke = ctypes.c_int()
        self._fillref = ctypes.byref(self._fill)
        self._strokeref = ctypes.byref(self._stroke)

    def add_box(self, x0: float, y0: float, x1: float, y1: float, stroked: bool) -> None:
        """A rectangle: one rule when thin, its four edges when stroked, nothing when it is shading."""
        thin = self.settings.thin
        if x1 - x0 <= thin and y1 - y0 > thin:
            self.v.append(((x0 + x1) / 2, y0, y1))
        elif y1 - y0 <= thin and x1 - x0 > thin:
            self.h.append(((y0 + y1) / 2, x0, x1))
        elif stroked and x1 - x0 > thin and y1 - y0 > thin:
            self.h += [(y0, x0, x1), (y1, x0, x1)]
            self.v += [(x0, y0, y1), (x1, y0, y1)]

    def walk(self, obj: Any, outer: Affine) -> None:
        """Read one page object (a form's objects in turn) whose container maps to the page by ``outer``."""
        raw = self.raw
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _PATH:
            self.path(obj, outer)
        elif kind in (_TEXT, _FORM):
            m = self._m
            raw.FPDFPageObj_GetMatrix(obj, self._mref)
            mine: Affine = (m.a, m.b, m.c, m.d, m.e, m.f)
            if kind == _TEXT:
                if not self.turned:
                    t = mine if outer is _IDENTITY else _compose(mine, outer)
                    self.turned = abs(t[1]) > 1e-6 or t[0] < 0
                return
            inner = _compose(mine, outer)
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                self.walk(raw.FPDFFormObj_GetObject(obj, k), inner)

    def path(self, obj: Any, outer: Affine) -> None:
        raw = self.raw
        raw.FPDFPath_GetDrawMode(obj, self._fillref, self._strokeref)
        stroked, filled = bool(self._stroke.value), bool(self._fill.value)
        if not stroked and not filled:
            return
        n = raw.FPDFPath_CountSegments(obj)
        if n <= 0:
            return
        if n == 2 and stroked and outer is _IDENTITY:  # a line: its bounds say where it runs
            b = self._box
            raw.FPDFPageObj_GetBounds(obj, *self._boxref)
            x0, y0, x1, y1 = b[0].value, b[1].value, b[2].value, b[3].value
            if x1 - x0 <= self.settings.thin or y1 - y0 <= self.settings.thin:
                self.add_box(x0, y0, x1, y1, False)
            return
        m = self._m
        raw.FPDFPageObj_GetMatrix(obj, self._mref)
        t = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        points = _segments(raw, obj, n)
        self._subpaths(points, t, stroked)

    def _subpaths(self, points: list[tuple[int, float, float, bool]], t: Affine, stroked: bool) -> None:
        """Rules of a path's subpaths: each thin subpath (or rectangle) as a box, each stroked straight segment."""
        a, b, c, d, e, f = t
        start: list[tuple[float, float]] = []
        for kind, x, y, close in points:
            p = (a * x + c * y + e, b * x + d * y + f)
            if kind == _MOVETO or not start:
                self._flush(start, stroked)
                start = [p]
                continue
            start.append(p)
            if close:
                start.append(start[0])
        self._flush(start, stroked)

    def _flush(self, poly: list[tuple[float, float]], stroked: bool) -> None:
        """One subpath: a box when it is a thin shape or an axis-aligned rectangle, else its straight segments."""
        if len(poly) < 2:
            return
        xs = [p[0] for p in poly]
        ys = [p[1] for p in poly]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        thin = self.settings.thin
        if x1 - x0 <= thin or y1 - y0 <= thin or _is_rectangle(poly):
            self.add_box(x0, y0, x1, y1, stroked)
            return
        if not stroked:
            return  # a filled shape: shading, a seal, a chart
        for (xa, ya), (xb, yb) in itertools.pairwise(poly):
            if abs(xa - xb) <= 0.01:
                self.v.append((xa, min(ya, yb), max(ya, yb)))
            elif abs(ya - yb) <= 0.01:
                self.h.append((ya, min(xa, xb), max(xa, xb)))


def _segments(raw: Any, obj: Any, n: int) -> list[tuple[int, float, float, bool]]:
    """The segments of a path object: (type, x, y, closes its subpath), in the path's own space."""
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    out = []
    for k in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        raw.FPDFPathSegment_GetPoint(seg, rx, ry)
        out.append((raw.FPDFPathSegment_GetType(seg), x.value, y.value, bool(raw.FPDFPathSegment_GetClose(seg))))
    return out


def _is_rectangle(poly: list[tuple[float, float]]) -> bool:
    """True for a closed four-sided axis-aligned polygon (``re``, or four ``l``)."""
    pts = poly[:-1] if len(poly) == 5 and poly[0] == poly[-1] else poly
    if len(pts) != 4:
        return False
    return all(
        abs(p[0] - q[0]) <= 0.01 or abs(p[1] - q[1]) <= 0.01 for p, q in zip(pts, [*pts[1:], pts[0]], strict=True)
    )


def read_page(page: Any, textpage: Callable[[], Any], raw: Any, settings: PdfSettings) -> PageObjects:
    """Characters and rules of one page, on the page as displayed."""
    to_page, width, height = _display(page, raw)
    rules = _Rules(raw, settings)
    get, kind_of, matrix = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetMatrix
    m, ref = rules._m, rules._mref
    for k in range(max(raw.FPDFPage_CountObjects(page), 0)):
        obj = get(page, k)
        kind = kind_of(obj)
        if kind == _TEXT:  # the common object: only its direction matters here
            if not rules.turned:
                matrix(obj, ref)
                rules.turned = abs(m.b) > 1e-6 or m.a < 0
        elif kind in (_PATH, _FORM):
            rules.walk(obj, _IDENTITY)
            if len(rules.h) + len(rules.v) > settings.max_rules:
                raise DocumentError(f"a page draws more than {settings.max_rules} rules, more than a report page can")
    a, b, c, d, e, f = to_page
    hrules: list[HRule] = []
    vrules: list[VRule] = []
    for y, xa, xb in rules.h:  # user space → displayed page
        _place(hrules, vrules, (a * xa + c * y + e, b * xa + d * y + f), (a * xb + c * y + e, b * xb + d * y + f))
    for x, ya, yb in rules.v:
        _place(hrules, vrules, (a * x + c * ya + e, b * x + d * ya + f), (a * x + c * yb + e, b * x + d * yb + f))
    chars = read_chars(textpage(), raw, to_page, rules.turned, settings)
    return PageObjects(chars, hrules, vrules, width, height)


def _place(h: list[HRule], v: list[VRule], p: tuple[float, float], q: tuple[float, float]) -> None:
    if abs(p[1] - q[1]) <= abs(p[0] - q[0]):
        h.append(((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    else:
        v.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))
