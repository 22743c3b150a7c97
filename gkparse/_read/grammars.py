"""The layout grammars: Lark LALR parsers of a line's class shape, and the plans their trees give.

Each line is written as its *class shape* (one letter per cell, segment or
word, see ``grammars/common.lark``) and parsed with its layout's grammar
(``grammars/*.lark``, built once per process).  The grammar decides the row
form of the line; a Transformer per layout turns the tree into a *plan*: the
row form and the role of each part of the line.  Plans are cached per shape.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import Final

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from gkparse._read.document import Layout
from gkparse.errors import GkparseError

LAYOUTS: Final[tuple[Layout, ...]] = ("lines", "tabs", "pipes")


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
