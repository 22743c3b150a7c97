"""Stage 2, rules → frames → cells: the ruled tables of a page, each cell's box and text.

Rules closer than `PdfSettings.snap` are snapped to one position and collinear
pieces joined; horizontal and vertical rules that meet form a *frame* (one table's
ruling).  A frame's distinct rule positions cut it into elementary cells; two
neighbouring elementary cells with no rule between them belong to one merged cell.
A merged cell must be a rectangle closed by rules on all four sides: a frame with
any other shape of region is no ruled table (its text is read as if unruled), and a
region open on a side (a table without its outer border there) is no cell.  A frame
of one cell (a box around a paragraph) is no table either, nor is a frame whose
rules leave values unseparated — two side by side in a cell, or numbers on several
lines of its cells (columns or rows without rules between them): the reader of
tables without rules places those by alignment instead.

Every step is linear in the number of rules and elementary cells, up to sorting.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import NamedTuple

from gkparse._read.formats.pdf.extract import Char, HRule, VRule
from gkparse._read.formats.pdf.lines import cell_text, cluster, words_of
from gkparse._read.formats.pdf.settings import PdfSettings
from gkparse._read.text import read_number

Box = tuple[float, float, float, float, str, int]
"""A table cell read from a page: x0, top, x1, bottom (top and bottom offset by the page), text, page."""
PAGE_OFFSET = 100_000.0
"""How far each page's ``top`` is moved down, so the rows of a table over several pages stay in order."""


class Frame(NamedTuple):
    """One table's ruling: its rule positions and the cell each elementary cell belongs to."""

    xs: list[float]
    ys: list[float]
    owner: list[int]
    """For each elementary cell (row-major), the index of its cell in ``cells``, or -1 outside every cell."""
    cells: list[tuple[int, int, int, int]]
    """Each cell as first row, first column, last row + 1, last column + 1 of elementary cells."""
    group: list[int]
    """For each cell, the table it belongs to: cells sharing a corner are one table (two tables drawn
    touching each other share a rule but no corner)."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def merge(rules: Iterable[tuple[float, float, float]], settings: PdfSettings) -> list[tuple[float, float, float]]:
    """Rules (position, start, end) snapped to shared positions, collinear pieces joined, short ones dropped."""
    order = sorted(rules)
    if not order:
        return []
    snapped: list[list[tuple[float, float, float]]] = [[order[0]]]
    for r in order[1:]:
        if r[0] - snapped[-1][-1][0] <= settings.snap:
            snapped[-1].append(r)
        else:
            snapped.append([r])
    out: list[tuple[float, float, float]] = []
    for group in snapped:
        pos = sum(r[0] for r in group) / len(group)
        pieces = sorted((r[1], r[2]) for r in group)
        a, b = pieces[0]
        for lo, hi in pieces[1:]:
            if lo <= b + settings.join:
                b = max(b, hi)
            else:
                if b - a >= settings.min_rule:
                    out.append((pos, a, b))
                a, b = lo, hi
        if b - a >= settings.min_rule:
            out.append((pos, a, b))
    return out


def _components(hs: list[HRule], vs: list[VRule], tol: float) -> list[tuple[list[HRule], list[VRule]]]:
    """Groups of rules that meet (union-find), with at least two rules each way."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ys = [h[0] for h in hs]  # hs is sorted by position
    for j, (x, top, bottom) in enumerate(vs):
        for i in range(bisect.bisect_left(ys, top - tol), bisect.bisect_right(ys, bottom + tol)):
            _, x0, x1 = hs[i]
            if x0 - tol <= x <= x1 + tol:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[HRule], list[VRule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _walls(
    rules: list[tuple[float, float, float]], positions: list[float], bands: list[float], tol: float
) -> set[tuple[int, int]]:
    """(position index, band index) of every band between two of ``bands`` that a rule covers."""
    at = {p: k for k, p in enumerate(positions)}
    out: set[tuple[int, int]] = set()
    last = len(bands) - 1
    for pos, lo, hi in rules:
        k = at[pos]
        b = bisect.bisect_left(bands, lo - tol)
        while b < last and bands[b + 1] <= hi + tol:
            out.add((k, b))
            b += 1
    return out


def _frame(hs: list[HRule], vs: list[VRule], tol: float) -> Frame | None:
    """The cells of one group of rules; None when a region between its rules is not a closed rectangle."""
    ys = sorted({h[0] for h in hs})
    xs = sorted({v[0] for v in vs})
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    vwall = _walls(vs, xs, ys, tol)  # (column line, row band)
    hwall = _walls(hs, ys, xs, tol)  # (row line, column band)
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and (c + 1, r) not in vwall:
                parent[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and (r + 1, c) not in hwall:
                parent[find(r * cols + c)] = find((r + 1) * cols + c)
    extent: dict[int, list[int]] = {}
    for i in range(rows * cols):
        r, c = divmod(i, cols)
        e = extent.setdefault(find(i), [r, c, r + 1, c + 1, 0])
        e[0], e[1], e[2], e[3] = min(e[0], r), min(e[1], c), max(e[2], r + 1), max(e[3], c + 1)
        e[4] += 1
    owner = [-1] * (rows * cols)
    cells: list[tuple[int, int, int, int]] = []
    index: dict[int, int] = {}
    for root, (r0, c0, r1, c1, n) in extent.items():
        if n != (r1 - r0) * (c1 - c0):
            return None  # a region that is no rectangle: the ruling does not say where its cells are
        if _closed(r0, c0, r1, c1, vwall, hwall):
            index[root] = len(cells)
            cells.append((r0, c0, r1, c1))
    for i in range(rows * cols):
        owner[i] = index.get(find(i), -1)
    return Frame(xs, ys, owner, cells, _groups(cells))


def _groups(cells: list[tuple[int, int, int, int]]) -> list[int]:
    """For each cell, the index of its group of cells linked by shared corners."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[int, int], int] = {}
    for k, (r0, c0, r1, c1) in enumerate(cells):
        for corner in ((r0, c0), (r0, c1), (r1, c0), (r1, c1)):
            other = seen.setdefault(corner, k)
            a, b = find(other), find(k)
            if a != b:
                parent[a] = b
    roots: dict[int, int] = {}
    return [roots.setdefault(find(k), len(roots)) for k in range(len(cells))]


def _closed(r0: int, c0: int, r1: int, c1: int, vwall: set[tuple[int, int]], hwall: set[tuple[int, int]]) -> bool:
    """True when rules close the cell on all four sides."""
    return all((c0, r) in vwall and (c1, r) in vwall for r in range(r0, r1)) and all(
        (r0, c) in hwall and (r1, c) in hwall for c in range(c0, c1)
    )


def frames(hrules: list[HRule], vrules: list[VRule], settings: PdfSettings) -> list[Frame]:
    """The ruled frames of a page with at least two cells, top to bottom."""
    hs = merge(hrules, settings)
    vs = merge(vrules, settings)
    out = []
    for h, v in _components(hs, vs, settings.touch):
        frame = _frame(h, v, settings.touch)
        if frame is not None and len(frame.cells) >= 2:
            out.append(frame)
    out.sort(key=lambda f: f.ys[0])
    return out


def _locate(frame: Frame, ch: Char) -> int:
    """The cell of ``frame`` whose box holds the character's centre, or -1."""
    cx, cy = (ch[0] + ch[2]) / 2, (ch[1] + ch[3]) / 2
    xs, ys = frame.xs, frame.ys
    if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
        return -1
    c = min(bisect.bisect_right(xs, cx) - 1, len(xs) - 2)
    r = min(bisect.bisect_right(ys, cy) - 1, len(ys) - 2)
    return frame.owner[r * (len(xs) - 1) + c]


def tables(
    found: list[Frame], chars: list[Char], page_no: int, settings: PdfSettings
) -> tuple[list[tuple[float, list[Box]]], list[Char]]:
    """The cells of each frame with their text (as boxes), and the characters in no cell of a table.

    A frame none of whose cells hold several lines of numbers is a table; the characters of
    any other frame are given back with the rest.
    """
    held: list[list[list[Char]]] = [[[] for _ in f.cells] for f in found]
    rest: list[Char] = []
    for ch in chars:
        for k, frame in enumerate(found):
            cell = _locate(frame, ch)
            if cell >= 0:
                held[k][cell].append(ch)
                break
        else:
            rest.append(ch)
    out: list[tuple[float, list[Box]]] = []
    dy = page_no * PAGE_OFFSET
    for frame, texts in zip(found, held, strict=True):
        xs, ys = frame.xs, frame.ys
        groups: dict[int, list[int]] = {}
        for k, g in enumerate(frame.group):
            groups.setdefault(g, []).append(k)
        for members in groups.values():
            if len(members) < 2 or _unseparated([texts[k] for k in members], settings):
                rest.extend(ch for k in members for ch in texts[k])
                continue
            boxes = []
            for k in members:
                r0, c0, r1, c1 = frame.cells[k]
                boxes.append((xs[c0], ys[r0] + dy, xs[c1], ys[r1] + dy, cell_text(texts[k], settings), page_no))
            out.append((min(b[1] for b in boxes) - dy, boxes))
    return out, rest


def _unseparated(cells: list[list[Char]], settings: PdfSettings) -> bool:
    """True when the ruling leaves values unseparated: a line of a cell holds two values side by side
    (columns without rules between them), a cell holds numbers on three or more of its lines, or two
    cells on two or more (rows without rules between them; one number wrapped in a narrow cell is no such
    row)."""
    several = 0
    for chars in cells:
        if len(chars) < 2:
            continue
        numbered = 0
        for line in cluster(chars, settings):
            values = sum(1 for w in words_of(line, settings) if read_number(w.text) is not None)
            if values >= 2:
                return True
            numbered += values > 0
        if numbered >= 3:
            return True
        several += numbered >= 2
        if several >= 2:
            return True
    return False
