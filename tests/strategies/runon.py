"""Text forms no layout foresaw, for the placement-by-arithmetic properties.

* :func:`run_together` — a crawler's ``get_text()`` with no separator: the
  whole report one paragraph, each row's label glued to its numbers and the
  numbers glued to each other (a blank leaves no trace); the appeals values
  space-separated or glued.
* :func:`broken_reports` — models whose arithmetic is wrong, as real reports'
  often is: some cells changed to another count after the relations were
  made to hold.  Only for never-wrong properties: nothing says what must be
  read from them, only that nothing read differs from what is printed.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import strategies as st

from tests.strategies.document import _Data, _Doc, _Flat, _Header, _Text
from tests.strategies.models import MONEY_KEYS, ReportModel, reports
from tests.strategies.noise import Noise


def run_together(model: ReportModel, noise: Noise, *, spaced_appeals: bool = True) -> str:
    """The report as a crawler with no separator saves it: one paragraph (a newline closes it)."""
    out: list[str] = []
    for e in _Doc(model, noise).build():
        if isinstance(e, _Text):
            out.append(e.text)
        elif isinstance(e, _Header):
            out.append("".join(c for c in e.cells if c is not None))
        elif isinstance(e, _Flat):
            out.append((" " if spaced_appeals else "").join(x for x in e.values if x is not None))
        else:
            assert isinstance(e, _Data)
            out.append("".join(c for c in e.labels if c is not None) + "".join(x for x in e.values if x is not None))
    return "".join(out) + "\n"


@st.composite
def broken_reports(draw: st.DrawFn, *, full: bool = False, scattered: bool = False) -> ReportModel:
    """A model of which one to eight counts were changed after its relations were made to hold."""
    model = draw(reports(full=full, scattered=scattered))
    counts = sorted(k for k in model.values if k not in MONEY_KEYS and not isinstance(model.values[k], Decimal))
    changed = draw(st.lists(st.sampled_from(counts), min_size=1, max_size=8, unique=True))
    values = dict(model.values)
    for k in changed:
        values[k] = draw(st.integers(0, 999).filter(lambda n, old=values[k]: n != old))  # type: ignore[misc]
    return dataclasses.replace(model, values=values, blank_kinds=(*model.blank_kinds, "broken"))


def _md(cells: tuple[str | None, ...]) -> str:
    return "| " + " | ".join(c or "" for c in cells) + " |\n|" + "---|" * len(cells)


@st.composite
def detached_markdown(draw: st.DrawFn, model: ReportModel, noise: Noise) -> str:
    """A PDF-to-markdown converter's text of the report that lost where the labels stand: some rows keep
    their label cells, the others print their numbers as a table row of their own, each label moved out of
    the table as text lines — before its numbers, after them, or past a neighbour's (the converter's order,
    not the table's)."""
    lines: list[str] = []
    pending: list[list[str]] = []  # a table's rows, each as the lines it prints

    def flush() -> None:
        order = list(range(len(pending)))
        for i in range(len(order) - 1):  # swap neighbours: a label can land past the next row's numbers
            if draw(st.booleans()):
                order[i], order[i + 1] = order[i + 1], order[i]
        lines.extend(ln for i in order for ln in pending[i])
        pending.clear()

    for e in _Doc(model, noise).build():
        if isinstance(e, _Data):
            labels = [c for c in e.labels if c]
            how = draw(st.sampled_from(("kept", "before", "after")))
            if how == "kept" or not labels:
                pending.append([_md((*labels, *e.values))])
                continue
            numbers = _md(e.values)
            if how == "before":
                pending.append(labels)
                pending.append([numbers])
            else:
                pending.append([numbers])
                pending.append(labels)
            continue
        flush()
        if isinstance(e, _Text):
            lines.append(e.text)
        elif isinstance(e, _Header):
            lines.append(_md(tuple(c for c in e.cells if c is not None)))
        else:
            assert isinstance(e, _Flat)
            lines.append(_md(e.values))
    flush()
    return "\n".join(lines) + "\n"


_APPEALS_PARTS = (("### 行政复议", 0), ("### 行政诉讼（未经复议直接起诉）", 5), ("### 行政诉讼（复议后起诉）", 10))
_APPEALS_HEADER = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@st.composite
def mini_tables(draw: st.DrawFn, model: ReportModel, noise: Noise) -> str:
    """An OCR/LLM converter's markdown: every table row as a markdown row, and the appeals table as three
    small tables, each under a heading naming its row, in any order."""
    lines: list[str] = []
    appeals = False  # the appeals table's own two-level header is not printed: each small table has one
    for e in _Doc(model, noise).build():
        if isinstance(e, _Text):
            appeals = appeals or "行政复议、行政诉讼" in e.text
            lines.append(e.text)
        elif isinstance(e, _Header):
            if not appeals:
                lines.append(_md(tuple(c for c in e.cells if c is not None)))
        elif isinstance(e, _Data):
            lines.append(_md((*(c for c in e.labels if c), *e.values)))
        else:
            assert isinstance(e, _Flat)
            for heading, start in draw(st.permutations(_APPEALS_PARTS)):
                lines += [heading, _md(_APPEALS_HEADER), _md(e.values[start : start + 5])]
    return "\n".join(lines) + "\n"
