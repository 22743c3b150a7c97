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
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from gkparse._read.cells import classify, shape_letter
from gkparse._read.document import Document, Layout
from gkparse._read.grid import GridCell, GridRow
from gkparse._read.text import MONEY_UNITS, is_label_like, norm_label, read_number
from gkparse.errors import GkparseError

LAYOUTS: Final[tuple[Layout, ...]] = ("lines", "tabs", "pipes")
MAX_CELLS: Final = 256
"""A line of more cells than this is no table row: it is read as one text cell."""


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


def read(doc: Document) -> Iterator[GridRow]:
    """Every grid row of the document's text, block by block."""
    for layout, nums, lines in doc.blocks():
        if layout == "lines":
            yield from _lines_rows(nums, lines)
        elif layout == "tabs":
            yield from _tabs_rows(nums, lines)
        else:
            yield from _pipes_rows(nums, lines)


# ------------------------------------------------------------- lines


def _word_letter(word: str) -> str:
    if word in MONEY_UNITS:
        return "u"
    return "n" if read_number(word) is not None else "t"


def _lines_rows(nums: list[int], lines: list[str]) -> Iterator[GridRow]:
    for line, raw in zip(nums, lines, strict=True):
        text = raw.strip()
        if not text:
            continue
        words = text.split()
        if (
            len(words) < 2
            or len(words) > MAX_CELLS
            or (read_number(words[-1]) is None and words[-1] not in MONEY_UNITS)
        ):
            yield GridRow((GridCell(text, "text", line),), False, "lines")
            continue
        form, roles = plan("lines", "".join(_word_letter(w) for w in reversed(words)))
        if form != "label_numbers":
            yield GridRow((GridCell(text, "text", line),), False, "lines")
            continue
        values: list[str] = []
        end = len(words)
        for role in roles:
            if role == "label":
                break
            width = 2 if role == "num2" else 1
            values.append(" ".join(words[end - width : end]))
            end -= width
        label = " ".join(words[:end])
        if label and not is_label_like(norm_label(label)):
            yield GridRow((GridCell(text, "text", line),), False, "lines")
            continue
        cells = [GridCell(label, "text", line)] if label else []
        cells += [GridCell(v, "text", line) for v in reversed(values)]
        yield GridRow(tuple(cells), False, "lines")


# ------------------------------------------------------------- tabs


def _tabs_rows(nums: list[int], lines: list[str]) -> Iterator[GridRow]:
    for line, raw in zip(nums, lines, strict=True):
        parts = raw.split("\t")
        if len(parts) > MAX_CELLS:
            yield GridRow((GridCell(raw.strip(), "text", line),), False, "tabs")
            continue
        stripped = [p.strip() for p in parts]
        _, roles = plan("tabs", "".join(shape_letter(s) for s in stripped))
        cells = tuple(
            GridCell(s, "empty", line, i) if r == "empty" else GridCell(s, "text", line, i)
            for i, (s, r) in enumerate(zip(stripped, roles, strict=True))
        )
        yield GridRow(cells, True, "tabs")


# ------------------------------------------------------------- pipes


def _pipe_line(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """(row form, [(role, text)]) of one pipes line, from its class shape."""
    parts = raw.split("|")
    tail = parts.pop().strip()
    if len(parts) > MAX_CELLS:
        return "fragment", [("text", raw.strip())]
    segs = [p.strip() for p in parts]
    shape = "".join(("c" if s else "e") if p else "b" for p, s in zip(parts, segs, strict=True))
    if tail:
        segs.append(tail)
        shape += "C"
    form, roles = plan("pipes", shape)
    return form, list(zip(roles, segs, strict=True))


def _pipes_rows(nums: list[int], lines: list[str]) -> Iterator[GridRow]:
    parsed = [(line, *_pipe_line(raw)) for line, raw in zip(nums, lines, strict=True)]
    opener = opener_style([(form, _first_text(items)) for _, form, items in parsed])
    row: list[GridCell] | None = None  # the cells of a row opened by a bare pipe
    for i, (line, form, items) in enumerate(parsed):
        if form == "whole_row":
            if row:
                yield GridRow(tuple(row), True, "pipes")
            row = None
            cells = [(r, t) for r, t in items if r != "skip"]
            yield GridRow(
                tuple(GridCell(t, r, line, k) for k, (r, t) in enumerate(cells)),  # type: ignore[arg-type]
                True,
                "pipes",
            )
        elif not opener:  # values in order, the empties collected after them as fillers
            text = _first_text(items)
            cell = GridCell("", "filler", line) if text is None else GridCell(text, "text", line)
            yield GridRow((cell,), False, "pipes")
        elif form == "lone":
            nxt = parsed[i + 1] if i + 1 < len(parsed) else None
            opens = nxt is not None and nxt[1] in ("fragment", "whole_row") and _is_label(_first_text(nxt[2]))
            if opens or row is None:
                if row:
                    yield GridRow(tuple(row), True, "pipes")
                row = []
            else:
                row.append(GridCell("", "empty", line, len(row)))
        elif form == "fragment":
            if row is None:
                row = []
            row.append(GridCell(_first_text(items) or "", "text", line, len(row)))
        else:  # pragma: no cover - opener style has no runs of pipes
            yield GridRow((GridCell("", "filler", line),), False, "pipes")
    if row:
        yield GridRow(tuple(row), True, "pipes")


def _first_text(items: list[tuple[str, str]]) -> str | None:
    return next((t for r, t in items if r == "text"), None)


def _is_label(text: str | None) -> bool:
    return text is not None and read_number(text) is None


def opener_style(lines: list[tuple[str, str | None]]) -> bool:
    """True when a block's one-cell lines form rows opened by a bare '|', empties kept in place.

    ``lines`` gives each line's row form and first text.  Opener style: no
    line is a run of pipes, and lone '|' lines open the label lines — most
    lone pipes stand before a label, or (in tables full of empty cells, where
    most lone pipes are empties) most label lines follow one.
    """
    if any(form == "run" for form, _ in lines):
        return False
    lone = [i for i, (form, _) in enumerate(lines) if form == "lone"]
    labels = [i for i, (form, text) in enumerate(lines) if form == "fragment" and _is_label(text)]
    if len(lone) < 2 or len(labels) < 2:
        return False
    opened = sum(1 for i in labels if i > 0 and lines[i - 1][0] == "lone")
    return opened * 2 >= len(labels) or opened * 2 >= len(lone)


__all__ = ["LAYOUTS", "classify", "opener_style", "parser", "plan", "read"]
