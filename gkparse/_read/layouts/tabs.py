"""Layout "tabs": tab-separated rows, as a Word table copied to text.

Each table row is a line with cells separated by tab characters; every cell
keeps its place, empty cells included, so a row is *positioned*.  The class
shape has one letter per cell (``grammars/tabs.lark``).
"""

from __future__ import annotations

from gkparse._read.layouts.base import RowPlan, SeparatorLayout


class Tabs(SeparatorLayout):
    """Tab-separated rows (see the module docstring)."""

    name = "tabs"
    order = 10
    separator = "\t"
    transformer = RowPlan()


LAYOUT = Tabs()
