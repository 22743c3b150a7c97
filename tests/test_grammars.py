"""Layout grammars on small snippets, rule by rule, and the cells they yield."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Token, Tree

from gkparse import _layout


def _rows(layout: _layout.Layout, text: str) -> list[list[tuple[str, str]]]:
    tree = _layout.parser(layout).parse(text)
    out = []
    for r in tree.children:
        toks = r.children if isinstance(r, Tree) else [r]
        out.append([(t.type, str(t)) for t in toks if isinstance(t, Token)])
    return out


def test_lines_grammar_one_cell_per_line() -> None:
    """lines: each line is one LINE token, newline included."""
    assert _rows("lines", "规章\n  0 \n") == [[("LINE", "规章\n")], [("LINE", "  0 \n")]]


def test_tabs_grammar_keeps_empty_cells_in_place() -> None:
    """tabs: a row is cells closed by tabs and a last cell closed by the newline; empties keep their place."""
    assert _rows("tabs", "规章\t0\t\t0\n\t\t\n") == [
        [("CELL", "规章\t"), ("CELL", "0\t"), ("CELL", "\t"), ("LAST", "0\n")],
        [("CELL", "\t"), ("CELL", "\t"), ("LAST", "\n")],
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("0 |", [("SEG", "0 |"), ("TAIL", "\n")]),
        ("|", [("SEG", "|"), ("TAIL", "\n")]),
        ("|||", [("SEG", "|")] * 3 + [("TAIL", "\n")]),
        ("规章 | 0 | 0 |", [("SEG", "规章 |"), ("SEG", " 0 |"), ("SEG", " 0 |"), ("TAIL", "\n")]),
        ("| 行政许可 | 30 | ", [("SEG", "|"), ("SEG", " 行政许可 |"), ("SEG", " 30 |"), ("TAIL", " \n")]),
        ("三、收到和处理政府信息公开申请情况", [("TAIL", "三、收到和处理政府信息公开申请情况\n")]),
    ],
)
def test_pipes_grammar_segments(line: str, expected: list[tuple[str, str]]) -> None:
    """pipes: a line is segments closed by '|' (text, blank or bare) and the tail after the last pipe."""
    assert _rows("pipes", line + "\n") == [expected]


def test_parsers_are_built_once() -> None:
    """The LALR parser of a layout is cached: one per process, not one per report."""
    assert _layout.parser("tabs") is _layout.parser("tabs")


def test_line_typing_is_per_line() -> None:
    """A report can mix layouts: each line is typed on its own."""
    assert [_layout.line_type(x) for x in ("a\tb", "a | b", "ab", "a\t|")] == ["tabs", "pipes", "lines", "tabs"]


def _cells(text: str) -> list[tuple[str, str, int | None, int]]:
    return [(c.text, c.kind, c.prow, c.cidx) for c in _layout.cells(text)]


def test_tabs_cells_have_physical_rows() -> None:
    """Tab rows give every cell a physical row and an index, empties included."""
    got = _cells("规章\t0\t\t0\n")
    assert got == [("规章", "text", 1, 0), ("0", "text", 1, 1), ("", "empty", 1, 2), ("0", "text", 1, 3)]


def test_lines_label_with_trailing_numbers_is_split() -> None:
    """PDF-viewer text 'label 0 0 0' becomes a label cell and number cells (not in place)."""
    got = _cells("规章 0 12 3\n政府集中采购 2 4168558 元\n")
    assert got == [
        ("规章", "text", None, 0),
        ("0", "text", None, 0),
        ("12", "text", None, 0),
        ("3", "text", None, 0),
        ("政府集中采购", "text", None, 0),
        ("2", "text", None, 0),
        ("4168558 元", "text", None, 0),
    ]


def test_prose_with_trailing_number_is_not_split() -> None:
    """A prose line ending in a number stays one cell."""
    assert _cells("本年度共收到申请，合计 5\n") == [("本年度共收到申请，合计 5", "text", None, 0)]


def test_pipes_opener_style_keeps_empty_cells_in_place() -> None:
    """Pipe fragments that open each row with a bare '|': a lone '|' inside a row is an empty cell."""
    text = "|\n规章 |\n0 |\n0 |\n|\n|\n行政规范性文件 |\n5 |\n"
    got = _cells(text)
    assert ("", "empty", 1, 3) in got
    assert ("行政规范性文件", "text", 2, 0) in got


def test_pipes_trailer_style_collects_empties_as_fillers() -> None:
    """Pipe fragments that gather a row's empties in a run after it: fillers with no place."""
    text = "一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||||\n二、上年结转 |\n"
    got = _cells(text)
    assert ("", "filler", None, 0) in got
    assert all(c[2] is None for c in got)


def test_whole_row_pipes_mark_adjacent_pipes_as_fillers() -> None:
    """'| |' is an empty cell in place; '||' (colspan remnant) is a filler."""
    got = _cells("行政许可 | 5 | ||\n规章 | 0 | 0 | |\n")
    assert got[:3] == [("行政许可", "text", 1, 0), ("5", "text", 1, 1), ("", "empty", 1, 2)]
    assert ("", "filler", 1, 3) in got
    assert got[-1] == ("", "empty", 2, 3)


@given(
    layout=st.sampled_from(["lines", "tabs", "pipes"]),
    line=st.text(alphabet=st.sampled_from(list("|\t x0中 ")) | st.characters(blacklist_characters="\n\r"), max_size=40),
)
def test_shape_parse_equals_direct_parse(layout: _layout.Layout, line: str) -> None:
    """Parsing a line through its cached separator shape gives exactly Lark's tokens of the line itself."""
    tree = _layout.parser(layout).parse(line + "\n")
    direct = [(t.type, str(t)[:-1], t.column) for t in tree.scan_values(lambda v: isinstance(v, Token))]
    assert _layout.line_tokens(layout, line) == direct
