"""Scanned pages: deskew, find the ruled tables and their cells, and cut text lines to recognise (OpenCV).

Named stages, each converting one thing into the next, tuned by one
`GridSettings`:

1. `ink` — a grey page → a binary ink mask (median blur against speckle, adaptive threshold);
2. `deskew` — the page turned by the small angle its long ruling lines show (at most ``max_skew`` degrees);
3. `find_tables` — ruling lines (morphological opening along each axis, small gaps closed) →
   one `Grid` per frame of lines large enough to be a table;
4. the grid's cells — the regions the lines enclose, placed on the row and column boundaries their
   edges give, so a merged cell covers the positions it spans;
5. `text_bands` — inside a cell (or outside every table, for prose) the bands of rows holding ink:
   one band per printed line, cut to its ink and handed to the recogniser.

Nothing here recognises text; nothing here decides a number.
"""

from __future__ import annotations

from typing import Any

import attrs

Box = tuple[int, int, int, int]
"""x0, y0, x1, y1 in pixels of the deskewed page (x1, y1 exclusive)."""


@attrs.frozen
class GridSettings:
    """Tolerances of the grid finder, in pixels at 200 dpi (scaled with the page's resolution)."""

    max_skew: float = 2.0
    line_h: int = 60
    line_v: int = 30
    gap: int = 25
    min_table_w: int = 400
    min_table_h: int = 80
    min_cell: int = 12
    snap: int = 8
    band_gap: int = 2
    min_band: int = 7
    min_ink: int = 12
    pad: int = 4
    margins: tuple[tuple[int, int], ...] = ((2, 8), (2, 2))
    tiebreak: tuple[int, int] = (3, 12)


@attrs.frozen
class Cell:
    """One region enclosed by ruling lines: its box and the grid positions it covers."""

    box: Box
    row: int
    col: int
    rows: int
    cols: int


@attrs.frozen
class Grid:
    """A ruled table of a page: its frame, its cells, and the left (top) edges of its columns (rows)."""

    box: Box
    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    xs: tuple[int, ...] = ()
    ys: tuple[int, ...] = ()

    def position(self, ink: Box, cell: Cell) -> tuple[int, int]:
        """The grid position, inside a merged cell, of the print it holds: the column its centre lies in,
        and the top row unless the print lies wholly within one lower row (a ruling line lost in the scan)."""
        cx = (ink[0] + ink[2]) / 2
        col = max(cell.col, min(cell.col + cell.cols - 1, sum(1 for x in self.xs if x <= cx) - 1))
        row = cell.row
        for r in range(cell.row + 1, cell.row + cell.rows):
            top = self.ys[r]
            bottom = self.ys[r + 1] if r + 1 < len(self.ys) else cell.box[3]
            if ink[1] >= top and ink[3] <= bottom:
                row = r
        return row, col


def ink(gray: Any) -> Any:
    """The binary ink mask of a grey page (255 = ink)."""
    import cv2

    smooth = cv2.medianBlur(gray, 3)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def skew_angle(mask: Any, s: GridSettings) -> float:
    """The page's skew in degrees: the median slope of its long ruling lines (0 when it has none).

    Each long horizontal run of ink (a morphological opening, which keeps a
    line turned by up to ``max_skew`` in segments that still touch) is fitted
    with a straight line.
    """
    import cv2
    import numpy as np

    w = mask.shape[1]
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (s.line_h, 1)))
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (s.line_h // 2, 3)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    angles = []
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if bw < w // 4:
            continue
        ys, xs = np.nonzero(labels[y : y + bh, x : x + bw] == i)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        a = float(np.degrees(np.arctan(slope)))
        if abs(a) <= s.max_skew:
            angles.append(a)
    return float(np.median(angles)) if angles else 0.0


def deskew(gray: Any, angle: float) -> Any:
    """The page turned by ``-angle`` degrees about its centre, new corners white."""
    import cv2

    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def line_mask(mask: Any, s: GridSettings) -> Any:
    """The ruling lines of a page: long horizontal and vertical runs of ink, small gaps closed."""
    import cv2

    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (s.line_h, 1)))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (s.gap, 1)))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, s.line_v)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, s.gap)))
    lines = cv2.bitwise_or(horiz, vert)
    return cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def find_tables(lines: Any, s: GridSettings) -> list[Grid]:
    """The ruled tables of a page (top to bottom), each with its cells placed on a grid."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    grids = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if w < s.min_table_w or h < s.min_table_h:
            continue
        grid = _cells_of(lines[y : y + h, x : x + w], (x, y), s)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.box[1])
    return grids


def _cells_of(frame: Any, at: tuple[int, int], s: GridSettings) -> Grid | None:
    """The regions a frame of lines encloses (not touching its border), placed on row/column boundaries."""
    import cv2

    inside = cv2.bitwise_not(frame)
    n, _, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
    h, w = frame.shape
    boxes: list[Box] = []
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if bw < s.min_cell or bh < s.min_cell or x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue
        boxes.append((x + at[0], y + at[1], x + bw + at[0], y + bh + at[1]))
    if len(boxes) < 2:
        return None
    cells, xs, ys = place(boxes, s.snap)
    box = (at[0], at[1], at[0] + w, at[1] + h)
    return Grid(box, tuple(sorted(cells, key=lambda c: (c.row, c.col))), len(ys), len(xs), xs, ys)


def place(boxes: list[Box], snap: int) -> tuple[list[Cell], tuple[int, ...], tuple[int, ...]]:
    """Cells of enclosed regions (in the order given) on the row and column boundaries their edges give."""
    xs = _bounds([b[0] for b in boxes], snap)
    ys = _bounds([b[1] for b in boxes], snap)
    cells = []
    for b in boxes:
        c0, r0 = _at(xs, b[0], snap), _at(ys, b[1], snap)
        c1 = max(c0 + 1, _at(xs, b[2], snap))
        r1 = max(r0 + 1, _at(ys, b[3], snap))
        cells.append(Cell(b, r0, c0, r1 - r0, c1 - c0))
    return cells, tuple(xs), tuple(ys)


def _bounds(values: list[int], snap: int) -> list[int]:
    """Sorted distinct coordinates, values closer than ``snap`` merged (the first kept)."""
    out: list[int] = []
    for v in sorted(values):
        if not out or v - out[-1] > snap:
            out.append(v)
    return out


def _at(bounds: list[int], v: int, snap: int) -> int:
    """How many boundaries lie before ``v`` (within ``snap``): the index of the boundary at or after it."""
    return sum(1 for b in bounds if b < v - snap)


def text_bands(mask: Any, box: Box, s: GridSettings) -> list[Box]:
    """The printed lines inside a box (inset by ``pad``): bands of rows holding ink, each cut to its ink.

    ``mask`` is the ink with the ruling lines removed.  A band with fewer
    than ``min_ink`` ink pixels is speckle, not print.
    """
    import numpy as np

    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + s.pad, y0 + s.pad, x1 - s.pad, y1 - s.pad
    if x1 <= x0 or y1 <= y0:
        return []
    sub = mask[y0:y1, x0:x1]
    rows = np.count_nonzero(sub, axis=1)
    bands: list[Box] = []
    start = None
    gap = 0
    for i, count in enumerate([*rows.tolist(), 0]):
        if count:
            start = i if start is None else start
            gap = 0
            continue
        if start is None:
            continue
        gap += 1
        if gap > s.band_gap or i == len(rows):
            end = i - gap + 1
            band = _cut(sub[start:end], (x0, y0 + start), s)
            if band is not None:
                bands.append(band)
            start, gap = None, 0
    return bands


def _cut(band: Any, at: tuple[int, int], s: GridSettings) -> Box | None:
    """A band's box cut to its ink; None for speckle or a band too thin to be print."""
    import numpy as np

    if band.shape[0] < s.min_band or np.count_nonzero(band) < s.min_ink:
        return None
    cols = np.flatnonzero(np.count_nonzero(band, axis=0))
    return (at[0] + int(cols[0]), at[1], at[0] + int(cols[-1]) + 1, at[1] + band.shape[0])
