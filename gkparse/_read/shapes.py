"""Line shapes: what a line is — its layout, row form and classified cells — independent of its digits.

A line's layout, its row form and whether each cell is a number, a
placeholder or a label never depend on which digits it prints, so the
`LineSpec` of a line is computed once per *digit-masked* line and
cached (bounded in entries and key length, so a batch's memory stays flat).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from gkparse._read.cells import classify, shape_letter
from gkparse._read.document import is_rule, line_type
from gkparse._read.grammars import plan
from gkparse._read.text import MONEY_UNITS, is_page_furniture, read_number

MAX_CELLS: Final = 256
"""A line of more cells than this is no table row: it is read as one text cell."""


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
    prose: bool = False  # a line of prose: no table cell, only a barrier between tables and text
    pads: int = 0  # pipes: the segments that hold nothing (bare pipes, blank cells); a lone or run line is all pads


def _spec(layout: str, form: str, cells: tuple[CellSpec, ...], label_first: bool = False, pads: int = 0) -> LineSpec:
    width = 1 + max((k for k, c in enumerate(cells) if c.kind != "filler"), default=-1)
    prose = layout == "lines" and len(cells) == 1 and cells[0].kind == "text" and not cells[0].label_like
    return LineSpec(layout, form, cells, label_first, width, prose, pads)


NOTHING: Final = LineSpec("", "", ())
"""A line with no cell: blank, a markdown rule, page furniture (or a line the reader is told to skip)."""
SPECS: dict[str, LineSpec] = {}
SPECS_SIZE: Final = 65536
SPECS_KEY: Final = 512
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
    """What a (cleaned) line is: its layout, row form and cells (see `LineSpec`)."""
    if not line or line.isspace() or ("---" in line and is_rule(line)):
        return NOTHING
    if len(line) <= 24 and is_page_furniture(line):
        return NOTHING
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
        lead = _vertical_lead(line, words) if 2 <= len(words) <= MAX_CELLS else 0
        if lead:  # "果 （一）": the last character of a vertical group label, then a row label
            head = _text_spec(line, words[0][0], words[lead - 1][1], join=True)
            return _spec("lines", "cells", (head, _text_spec(line, words[lead][0], words[-1][1])))
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
        # PDF text: a group label printed one character per line runs into the rows beside it
        # ("本 1.本机关不掌握相关政府信息 3 1 0 0 0 0 4"): those characters are a cell of their own
        lead = _vertical_lead(line, words[:end])
        label = _text_spec(line, words[lead][0], words[end - 1][1], join=True)
        if not label.label_like:
            return _one_cell("lines", line)  # the words before the numbers are prose
        cells.insert(0, label)
        if lead:
            cells.insert(0, _text_spec(line, words[0][0], words[lead - 1][1], join=True))
    return _spec("lines", "cells", tuple(cells))


_ENUM_START_RE: Final = re.compile(
    r"[一二三四五六七八九十]{1,3}\s*、|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|\d{1,2}\s*[.、．]"
)


def _vertical_lead(line: str, words: list[tuple[int, int]]) -> int:
    """How many leading words of a label are single CJK characters of a vertical label (at most two,
    and only before an enumerated row label: "本 1.本机关…", "办 （四）无法提供")."""
    k = 0
    while k < min(2, len(words) - 1) and words[k][1] - words[k][0] == 1 and "\u4e00" <= line[words[k][0]] <= "\u9fff":
        k += 1
    return k if k and _ENUM_START_RE.match(line, words[k][0]) else 0


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
    return _spec("pipes", form, tuple(cells), label_first, shape.count("b") + shape.count("e"))
