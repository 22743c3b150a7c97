"""A separator layout added from outside gkparse: one module, its .lark file, one registry line."""

from __future__ import annotations

from pathlib import Path

from gkparse._read.layouts.base import RowPlan, SeparatorLayout


class Carets(SeparatorLayout):
    """Cells separated by "^", one table row per line (as a converter that joined cells with carets)."""

    name = "carets"
    order = 15
    separator = "^"
    transformer = RowPlan()

    def grammar_path(self) -> Path:
        return Path(__file__).with_name("carets.lark")


LAYOUT = Carets()
