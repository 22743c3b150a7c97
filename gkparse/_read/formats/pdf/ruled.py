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

from gkparse._read.formats.content import clean_cell_text
from gkparse._read.formats.pdf.extract import Char, HRule, VRule
from gkparse._read.formats.pdf.lines import cell_lines
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


def _walls(rules: list[tuple[float, float, float]], positions: list[float], bands: list[float], tol: float) -> set[int]:
    """``position index * len(bands) + band index`` of every band between two of ``bands`` a rule covers."""
    at = {p: k for k, p in enumerate(positions)}
    out: set[int] = set()
    last = len(bands) - 1
    width = len(bands)
    for pos, lo, hi in rules:
        base = at[pos] * width
        b = bisect.bisect_left(bands, lo - tol)
        while b < last and bands[b + 1] <= hi + tol:
            out.add(base + b)
            b += 1
    return out


class _Labels:
    """Connected components by relabelling the smaller of two groups joined: each item's label is its
    group's at once (no finds), and the work over all joins is n·log n."""

    __slots__ = ("label", "members")

    def __init__(self, n: int) -> None:
        self.label = list(range(n))
        self.members: dict[int, list[int]] = {}

    def join(self, i: int, j: int) -> None:
        label = self.label
        a, b = label[i], label[j]
        if a == b:
            return
        ma = self.members.get(a) or [a]
        mb = self.members.get(b) or [b]
        if len(ma) < len(mb):
            a, b, ma, mb = b, a, mb, ma
        for k in mb:
            label[k] = a
        ma.extend(mb)
        self.members[a] = ma
        self.members.pop(b, None)


def _frame(hs: list[HRule], vs: list[VRule], tol: float) -> Frame | None:
    """The cells of one group of rules; None when a region between its rules is not a rectangle."""
    ys = sorted({h[0] for h in hs})
    xs = sorted({v[0] for v in vs})
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    vwall = _walls(vs, xs, ys, tol)  # column line * (rows + 1) + row band
    hwall = _walls(hs, ys, xs, tol)  # row line * (cols + 1) + column band
    h, w = rows + 1, cols + 1
    regions = _Labels(rows * cols)
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c
            if c + 1 < cols and (c + 1) * h + r not in vwall:
                regions.join(i, i + 1)
            if r + 1 < rows and (r + 1) * w + c not in hwall:
                regions.join(i, i + cols)
    roots = regions.label
    extent: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        e = extent.get(root)
        if e is None:
            r, c = divmod(i, cols)
            extent[root] = [r, c, r + 1, c + 1, 1]
        else:
            r, c = divmod(i, cols)
            e[1], e[2], e[3], e[4] = min(e[1], c), r + 1, max(e[3], c + 1), e[4] + 1
    cells: list[tuple[int, int, int, int]] = []
    index: dict[int, int] = {}
    for root, (r0, c0, r1, c1, n) in extent.items():
        if n != (r1 - r0) * (c1 - c0):
            return None  # a region that is no rectangle: the ruling does not say where its cells are
        if _closed(r0, c0, r1, c1, vwall, hwall, h, w):
            index[root] = len(cells)
            cells.append((r0, c0, r1, c1))
    owner = [index.get(root, -1) for root in roots]
    return Frame(xs, ys, owner, cells, _groups(cells, w))


def _groups(cells: list[tuple[int, int, int, int]], w: int) -> list[int]:
    """For each cell, the index of its group of cells linked by shared corners."""
    groups = _Labels(len(cells))
    seen: dict[int, int] = {}
    for k, (r0, c0, r1, c1) in enumerate(cells):
        for corner in (r0 * w + c0, r0 * w + c1, r1 * w + c0, r1 * w + c1):
            other = seen.setdefault(corner, k)
            if other != k:
                groups.join(other, k)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(g, len(numbers)) for g in groups.label]


def _closed(r0: int, c0: int, r1: int, c1: int, vwall: set[int], hwall: set[int], h: int, w: int) -> bool:
    """True when rules close the cell on all four sides."""
    if r1 == r0 + 1 and c1 == c0 + 1:  # an elementary cell: four rules to look up
        return c0 * h + r0 in vwall and c1 * h + r0 in vwall and r0 * w + c0 in hwall and r1 * w + c0 in hwall
    return all(c0 * h + r in vwall and c1 * h + r in vwall for r in range(r0, r1)) and all(
        r0 * w + c in hwall and r1 * w + c in hwall for c in range(c0, c1)
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


def _hold(found: list[Frame], chars: list[Char]) -> tuple[list[list[list[Char]]], list[Char]]:
    """The characters of each cell of each frame (by the cell its centre falls in), and the others."""
    held: list[list[list[Char]]] = [[[] for _ in f.cells] for f in found]
    rest: list[Char] = []
    frames = [
        (f.xs[0], f.xs[-1], f.ys[0], f.ys[-1], f.xs, f.ys, f.owner, len(f.xs) - 2, len(f.ys) - 2, h)
        for f, h in zip(found, held, strict=True)
    ]
    right = bisect.bisect_right
    for ch in chars:
        cx, cy = (ch[0] + ch[2]) * 0.5, (ch[1] + ch[3]) * 0.5
        for x0, x1, y0, y1, xs, ys, owner, last_col, last_row, cells in frames:
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                c = right(xs, cx) - 1
                r = right(ys, cy) - 1
                k = owner[(r if r < last_row else last_row) * (last_col + 1) + (c if c < last_col else last_col)]
                if k >= 0:
                    cells[k].append(ch)
                    break
        else:
            rest.append(ch)
    return held, rest


def tables(
    found: list[Frame], chars: list[Char], page_no: int, settings: PdfSettings
) -> tuple[list[tuple[float, list[Box]]], list[Char]]:
    """The cells of each table with their text (as boxes), and the characters in no cell of a table.

    A group of cells that share corners is a table when it has two cells or more and its rules
    separate its values (`_unseparated`); the characters of any other are given back with the rest.
    """
    if not found:
        return [], chars
    held, rest = _hold(found, chars)
    out: list[tuple[float, list[Box]]] = []
    dy = page_no * PAGE_OFFSET
    for frame, texts in zip(found, held, strict=True):
        xs, ys = frame.xs, frame.ys
        groups: dict[int, list[int]] = {}
        for k, g in enumerate(frame.group):
            groups.setdefault(g, []).append(k)
        for members in groups.values():
            lines = [cell_lines(texts[k], settings) for k in members]
            if len(members) < 2 or _unseparated(lines):
                rest.extend(ch for k in members for ch in texts[k])
                continue
            boxes = []
            for k, cell in zip(members, lines, strict=True):
                r0, c0, r1, c1 = frame.cells[k]
                if not cell:
                    text = ""
                elif len(cell) == 1 and " " not in cell[0] and cell[0].isprintable():
                    text = cell[0]  # one line without white space: clean already
                else:
                    text = clean_cell_text("\n".join(cell))
                boxes.append((xs[c0], ys[r0] + dy, xs[c1], ys[r1] + dy, text, page_no))
            out.append((min(b[1] for b in boxes) - dy, boxes))
    return out, rest


def _is_number(word: str) -> bool:
    return (word.isascii() and word.isdigit()) or (any(c.isdigit() for c in word) and read_number(word) is not None)


def _values(line: str) -> int:
    """How many words of a line are numbers."""
    return sum(1 for w in line.split() if _is_number(w))


def _unseparated(cells: list[list[str]]) -> bool:
    """True when the ruling leaves values unseparated: a line of a cell holds two values side by side
    (columns without rules between them), a cell holds numbers on three or more of its lines, or two
    cells on two or more (rows without rules between them; one number wrapped in a narrow cell is no such
    row)."""
    several = 0
    for lines in cells:
        numbered = 0
        for line in lines:
            if " " not in line:
                numbered += _is_number(line)
                continue
            values = _values(line)
            if values >= 2:
                return True
            numbered += values > 0
        if numbered >= 3:
            return True
        several += numbered >= 2
        if several >= 2:
            return True
    return False
