"""Layout readers: the document's text blocks → grid rows.

Each line is written as its *class shape* (one letter per cell, see
``grammars/common.lark``) and parsed with its layout's Lark LALR grammar
(``grammars/*.lark``, built once per process).  The grammar decides the row
form of the line; a Transformer turns the tree into a *plan* (which part of
the line becomes which cell), cached per shape, and the plan is applied to
the line itself.  A report may mix layouts: the layout is chosen per block of
lines (see ``Document.blocks``).

Which lone pipes of a block of pipe fragments open rows and which stand for
empty cells is a property of the block, not of a line: it is decided by
:func:`opener_style` over the block's row forms.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final, NamedTuple

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from gkparse import _findings as F
from gkparse._read.cells import classify, shape_letter
from gkparse._read.document import Document, Layout, clean_line, is_rule, line_type
from gkparse._read.grid import GridCell, GridRow
from gkparse._read.text import MONEY_UNITS, is_page_furniture, norm_label, read_number
from gkparse.errors import GkparseError

LAYOUTS: Final[tuple[Layout, ...]] = ("lines", "tabs", "pipes")
MAX_CELLS: Final = 256
"""A line of more cells than this is no table row: it is read as one text cell."""
MAX_LINE: Final = 100_000
"""A line longer than this is no table row: it is skipped with a ``text.long_line`` finding."""


def _grammar_dir() -> Path:
    """The folder of the .lark files: inside the installed package, else the source tree's."""
    try:
        packaged = importlib.resources.files("gkparse") / "grammars"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError):  # pragma: no cover - defensive
        pass
    here = Path(__file__).resolve().parent.parent.parent / "grammars"
    if here.is_dir():
        return here
    raise GkparseError("the layout grammars are missing from this installation of gkparse")


@functools.cache
def parser(layout: Layout) -> Lark:
    """The LALR parser of one layout, built once per process."""
    return Lark.open(str(_grammar_dir() / f"{layout}.lark"), parser="lalr")


# A plan: the row form and, per part of the line (cell, segment or word), its role.
Plan = tuple[str, tuple[str, ...]]


class _TabsPlan(Transformer[Token, Plan]):
    """tabs: every cell keeps its place; empty cells are empty cells, the rest text to classify."""

    def start(self, items: list[Plan]) -> Plan:
        return items[0]

    def row(self, roles: list[str]) -> Plan:
        return "row", tuple(roles)

    def empty(self, _: list[Token]) -> str:
        return "empty"

    def _text(self, _: list[Token]) -> str:
        return "text"

    number = placeholder = label = prose = page = _text


_Part = tuple[str, ...] | Token  # the roles of a run of pads, or one content segment


class _PipesPlan(Transformer[Token, Plan]):
    """pipes: one role per segment; "skip" segments give no cell."""

    def pads(self, items: list[Token]) -> tuple[str, ...]:
        return tuple("bare" if t.type == "BARE" else "blank" for t in items)

    def cells(self, items: list[_Part | list[_Part]]) -> list[_Part]:
        return [p for it in items for p in (it if isinstance(it, list) else [it])]

    def whole_row(self, items: list[_Part | list[_Part]]) -> Plan:
        roles: list[str] = []
        started = False
        for it in self.cells(items):
            if isinstance(it, Token):
                started = True
                roles.append("text")
            else:
                roles += [("filler" if r == "bare" else "empty") if started else "skip" for r in it]
        return "whole_row", tuple(roles)

    def fragment(self, items: list[_Part]) -> Plan:
        roles: list[str] = []
        for it in items:
            roles += ["text"] if isinstance(it, Token) else ["skip"] * len(it)
        return "fragment", tuple(roles)

    def lone(self, _: list[Token]) -> Plan:
        return "lone", ("skip",)

    def run(self, items: list[tuple[str, ...]]) -> Plan:
        return "run", ("skip",) * len(items[0])


class _LinesPlan(Transformer[Token, Plan]):
    """lines: the roles of the words from the right: "num" (one word), "num2" (number and unit), "label"."""

    def start(self, items: list[Plan]) -> Plan:
        return items[0]

    def label_numbers(self, items: list[Plan | Token]) -> Plan:
        return "label_numbers", tuple("num2" if isinstance(p, Token) else p[0] for p in items)

    def lead(self, items: list[Token]) -> Plan:
        return ("num2" if items[0].type == "UNIT_NUM" else "num"), ()

    number = lead

    def label(self, _: list[Token]) -> Plan:
        return "label", ()

    def cell(self, _: list[Token]) -> Plan:
        return "cell", ()


_TRANSFORMERS: Final[dict[str, Transformer[Token, Plan]]] = {
    "tabs": _TabsPlan(),
    "pipes": _PipesPlan(),
    "lines": _LinesPlan(),
}


@functools.lru_cache(maxsize=4096)
def plan(layout: Layout, shape: str) -> Plan:
    """The plan of a class shape, parsed once per process (shapes are short and few)."""
    try:
        return _TRANSFORMERS[layout].transform(parser(layout).parse(shape))
    except LarkError as e:  # the grammars accept every shape; this guards a bug
        raise GkparseError(f"the {layout} grammar could not read the line shape {shape!r}: {e}") from None


# ------------------------------------------------------------- line specs


class CellSpec(NamedTuple):
    """One cell of a line as far as the digits printed do not matter.

    ``kind`` is the cell's class ("num", "ph", "text", "empty", "filler", or
    "page" for page furniture that keeps a place but gives no cell); ``text``
    and ``norm`` are None where the cell holds digits (then they are read from
    the slice ``a:b`` of the line, its words joined by single spaces when ``join``).
    """

    kind: str
    text: str | None
    a: int
    b: int
    join: bool
    norm: str | None
    label_like: bool


class LineSpec(NamedTuple):
    """What a line is, independent of the digits it prints (cached per digit-masked line).

    ``layout`` is "" for a line with no cell (blank, a markdown rule, a page
    number); ``form`` is its row form (see the grammars); ``label_first``
    says that its first cell is a label (an opener-style row starts there).
    """

    layout: str
    form: str
    cells: tuple[CellSpec, ...]
    label_first: bool = False
    width: int = 0  # when positioned: the row's width, up to its last cell that is not a filler


def _spec(layout: str, form: str, cells: tuple[CellSpec, ...], label_first: bool = False) -> LineSpec:
    width = 1 + max((k for k, c in enumerate(cells) if c.kind != "filler"), default=-1)
    return LineSpec(layout, form, cells, label_first, width)


_NOTHING: Final = LineSpec("", "", ())
_SPECS: dict[str, LineSpec] = {}
_SPECS_SIZE: Final = 65536
_SPECS_KEY: Final = 512
_DIGITS: Final = frozenset("0123456789")
_WORD_RE: Final = re.compile(r"\S+")


def _text_spec(line: str, a: int, b: int, join: bool = False) -> CellSpec:
    text = " ".join(line[a:b].split()) if join else line[a:b]
    kind, norm, _, label_like = classify(text)
    if _DIGITS.isdisjoint(text):
        return CellSpec(kind, text, a, b, join, norm or "", label_like)
    return CellSpec(kind, None, a, b, join, None if label_like else "", label_like)


def _blank_spec(kind: str, a: int) -> CellSpec:
    return CellSpec(kind, "", a, a, False, "", False)


def _spans(line: str, sep: str) -> list[tuple[int, int]]:
    """The stripped (start, end) of each part of the line split by ``sep`` (empty parts: start == end)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for part in line.split(sep):
        a = pos + len(part) - len(part.lstrip())
        b = pos + len(part.rstrip())
        out.append((a, max(a, b)))
        pos += len(part) + 1
    return out


def line_spec(line: str) -> LineSpec:
    """What a (cleaned) line is: its layout, row form and cells (see :class:`LineSpec`)."""
    if not line or line.isspace() or ("---" in line and is_rule(line)):
        return _NOTHING
    if len(line) <= 24 and is_page_furniture(line):
        return _NOTHING
    layout = line_type(line)
    if layout == "tabs":
        return _tabs_spec(line)
    if layout == "pipes":
        return _pipes_spec(line)
    return _lines_spec(line)


def _one_cell(layout: str, line: str) -> LineSpec:
    a, b = _spans(line, "\n")[0]
    return _spec(layout, "cells", (_text_spec(line, a, b),))


def _word_letter(word: str) -> str:
    if word in MONEY_UNITS:
        return "u"
    return "n" if read_number(word) is not None else "t"


def _lines_spec(line: str) -> LineSpec:
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(line)]
    last = line[words[-1][0] : words[-1][1]]
    if len(words) < 2 or len(words) > MAX_CELLS or (last not in MONEY_UNITS and read_number(last) is None):
        return _one_cell("lines", line)
    form, roles = plan("lines", "".join(_word_letter(line[a:b]) for a, b in reversed(words)))
    if form != "label_numbers":
        return _one_cell("lines", line)
    values: list[CellSpec] = []
    end = len(words)
    for role in roles:
        if role == "label":
            break
        width = 2 if role == "num2" else 1
        values.append(_text_spec(line, words[end - width][0], words[end - 1][1], join=width == 2))
        end -= width
    cells = values[::-1]
    if end:
        label = _text_spec(line, words[0][0], words[end - 1][1], join=True)
        if not label.label_like:
            return _one_cell("lines", line)  # the words before the numbers are prose
        cells.insert(0, label)
    return _spec("lines", "cells", tuple(cells))


def _tabs_spec(line: str) -> LineSpec:
    spans = _spans(line, "\t")
    if len(spans) > MAX_CELLS:
        return _one_cell("tabs", line)
    _, roles = plan("tabs", "".join(shape_letter(line[a:b]) for a, b in spans))
    cells = tuple(
        _blank_spec("empty", a) if r == "empty" else _text_spec(line, a, b)
        for (a, b), r in zip(spans, roles, strict=True)
    )
    return _spec("tabs", "row", cells)


def _pipes_spec(line: str) -> LineSpec:
    spans = _spans(line, "|")
    raw_parts = line.split("|")
    tail = spans.pop()
    raw_parts.pop()
    if len(spans) > MAX_CELLS:
        return _one_cell("pipes", line)
    shape = "".join(("c" if b > a else "e") if part else "b" for (a, b), part in zip(spans, raw_parts, strict=True))
    if tail[1] > tail[0]:
        spans.append(tail)
        shape += "C"
    form, roles = plan("pipes", shape)
    cells: list[CellSpec] = []
    for (a, b), role in zip(spans, roles, strict=True):
        if role == "text":
            cells.append(_text_spec(line, a, b))
        elif role != "skip":
            cells.append(_blank_spec(role, a))
    label_first = bool(cells) and cells[0].kind not in ("num", "empty", "filler")
    return _spec("pipes", form, tuple(cells), label_first)


# ------------------------------------------------------------- reading


def read(doc: Document) -> Iterator[GridRow]:
    """Every grid row of the document's text: lines and tab rows one by one, pipe lines by block."""
    pipes: list[tuple[int, str, LineSpec]] = []
    ids = itertools.count(1)
    specs = _SPECS
    for n, (raw, key) in enumerate(zip(doc.lines, doc.masked_lines, strict=True), start=1):
        if not raw or raw.isspace():
            continue
        spec = specs.get(key)
        line = raw
        if spec is None:
            if len(raw) > MAX_LINE:
                doc.findings.append(F.LONG_LINE.make(line=n, length=len(raw), limit=MAX_LINE))
                continue
            if "&" in raw:
                line = clean_line(raw)
            spec = line_spec(line)
            if line is raw and len(key) <= _SPECS_KEY:
                if len(specs) >= _SPECS_SIZE:
                    specs.clear()
                specs[key] = spec
        layout = spec.layout
        if layout == "pipes":
            pipes.append((n, line, spec))
            continue
        if not layout:
            continue
        if pipes:
            yield from _pipes_rows(pipes, ids)
            pipes = []
        if layout == "tabs":
            yield _new(GridRow, (_cells(n, line, spec, next(ids)), True, "tabs", spec.width))
        else:
            yield _new(GridRow, (_cells(n, line, spec, None), False, "lines", 0))
    if pipes:
        yield from _pipes_rows(pipes, ids)


_new = tuple.__new__


def _cells(n: int, line: str, spec: LineSpec, rid: int | None, start: int = 0) -> tuple[GridCell, ...]:
    """The grid cells of a line (page furniture left out; it keeps its place)."""
    out: list[GridCell] = []
    layout = spec.layout
    pos = start if rid is not None else 0
    step = 1 if rid is not None else 0
    for kind, text, a, b, join, norm, label_like in spec.cells:
        if kind != "page":
            if text is None:
                text = " ".join(line[a:b].split()) if join else line[a:b]
            if norm is None:
                norm = norm_label(text)
            out.append(_new(GridCell, (kind, text, n, layout, rid, pos, norm, None, label_like, None)))
        pos += step
    return tuple(out)


def _pipes_rows(block: list[tuple[int, str, LineSpec]], ids: Iterator[int]) -> Iterator[GridRow]:
    opener = opener_style([(spec.form, spec.label_first) for _, _, spec in block])
    row: list[GridCell] | None = None  # the cells of a row opened by a bare pipe
    rid = 0
    for i, (n, line, spec) in enumerate(block):
        form = spec.form
        if form == "whole_row":
            if row:
                yield GridRow(tuple(row), True, "pipes", len(row))
            row = None
            yield GridRow(_cells(n, line, spec, next(ids)), True, "pipes", spec.width)
        elif not opener:  # values in order, the empties collected after them as fillers
            cells = _cells(n, line, spec, None) if form == "fragment" else (_filler(n),)
            yield GridRow(cells, False, "pipes")
        elif form == "lone":
            nxt = block[i + 1][2] if i + 1 < len(block) else None
            if (nxt is not None and nxt.form in ("fragment", "whole_row") and nxt.label_first) or row is None:
                if row:
                    yield GridRow(tuple(row), True, "pipes", len(row))
                row, rid = [], next(ids)
            else:
                row.append(_new(GridCell, ("empty", "", n, "pipes", rid, len(row), "", None, False, None)))
        elif form == "fragment":
            if row is None:
                row, rid = [], next(ids)
            row += _cells(n, line, spec, rid, len(row))
        else:  # pragma: no cover - opener style has no runs of pipes
            yield GridRow((_filler(n),), False, "pipes")
    if row:
        yield GridRow(tuple(row), True, "pipes", len(row))


def _filler(n: int) -> GridCell:
    return _new(GridCell, ("filler", "", n, "pipes", None, 0, "", None, False, None))


def opener_style(lines: list[tuple[str, bool]]) -> bool:
    """True when a block's one-cell lines form rows opened by a bare '|', empties kept in place.

    ``lines`` gives each line's row form and whether its first cell is a
    label.  Opener style: no line is a run of pipes, and lone '|' lines open
    the label lines — most lone pipes stand before a label, or (in tables full
    of empty cells, where most lone pipes are empties) most label lines follow one.
    """
    if any(form == "run" for form, _ in lines):
        return False
    lone = [i for i, (form, _) in enumerate(lines) if form == "lone"]
    labels = [i for i, (form, label) in enumerate(lines) if form == "fragment" and label]
    if len(lone) < 2 or len(labels) < 2:
        return False
    opened = sum(1 for i in labels if i > 0 and lines[i - 1][0] == "lone")
    return opened * 2 >= len(labels) or opened * 2 >= len(lone)


def clear_caches() -> None:
    """Forget every cached line shape (benchmarks measure a cold start with it)."""
    _SPECS.clear()
    plan.cache_clear()


__all__ = ["LAYOUTS", "line_spec", "opener_style", "parser", "plan", "read"]
