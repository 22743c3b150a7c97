"""Layout grammars on class shapes, rule by rule, and the grid rows the readers build from them."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkparse._read import layouts
from gkparse._read.document import Document
from gkparse._read.layouts import base, line_type


def _plan(layout: str, shape: str) -> tuple[str, tuple[str, ...]]:
    return layouts.get(layout).plan(shape)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("ccc", ("whole_row", ("text", "text", "text"))),  # 规章 | 0 | 0 |
        ("ccce", ("whole_row", ("text", "text", "text", "empty"))),  # 规章 | 0 | 0 | |
        ("bcc", ("whole_row", ("skip", "text", "text"))),  # | 行政许可 | 30 |  (markdown opener)
        ("ccbb", ("whole_row", ("text", "text", "filler", "filler"))),  # colspan remnant
        ("c", ("fragment", ("text",))),  # 0 |
        ("bcbb", ("fragment", ("skip", "text", "skip", "skip"))),
        ("b", ("lone", ("skip",))),  # |
        ("bbb", ("run", ("skip", "skip", "skip"))),  # |||
        ("e", ("run", ("skip",))),  # "  |"
        ("ccC", ("whole_row", ("text", "text", "text"))),  # | 行政许可 | 30 | 42   (unclosed)
    ],
)
def test_pipes_row_forms(shape: str, expected: tuple[str, tuple[str, ...]]) -> None:
    """pipes: the grammar names the row form of a line's class shape and the role of each segment."""
    assert _plan("pipes", shape) == expected


def _reference_pipes(shape: str) -> tuple[str, tuple[str, ...]]:
    """The row forms as the layouts doc states them, written out by hand."""
    content = sum(ch in "cC" for ch in shape)
    if content >= 2:
        roles, started = [], False
        for ch in shape:
            if ch in "cC":
                started = True
                roles.append("text")
            else:
                roles.append(("filler" if ch == "b" else "empty") if started else "skip")
        return "whole_row", tuple(roles)
    if content == 1:
        return "fragment", tuple("text" if ch in "cC" else "skip" for ch in shape)
    return ("lone", ("skip",)) if shape == "b" else ("run", ("skip",) * len(shape))


def test_pipes_grammar_accepts_every_shape_as_documented() -> None:
    """Every pipes class shape up to 7 segments (closed or not) parses to the documented row form."""
    for n in range(1, 8):
        for segs in itertools.product("bec", repeat=n):
            for tail in ("", "C"):
                shape = "".join(segs) + tail
                assert _plan("pipes", shape) == _reference_pipes(shape), shape


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("nnnt", ("label_numbers", ("num", "num", "num", "label"))),  # 规章 0 12 3
        ("unnt", ("label_numbers", ("num2", "num", "label"))),  # 政府集中采购 2 4168558 元
        ("un", ("label_numbers", ("num2",))),  # 6.02 万元
        ("n", ("cell", ())),  # 0
        ("tn", ("cell", ())),  # a number followed by words: one cell
        ("ut", ("cell", ())),  # 合计 元
        ("nut", ("label_numbers", ("num", "label"))),  # "x 元 5": the unit word is part of the label
    ],
)
def test_lines_row_forms(shape: str, expected: tuple[str, tuple[str, ...]]) -> None:
    """lines: words read from the right; the longest run of trailing numbers is split from the label."""
    assert _plan("lines", shape) == expected


def test_tabs_cells_keep_their_place() -> None:
    """tabs: every cell has a role; empty cells are empty cells in place."""
    assert _plan("tabs", "tnen") == ("row", ("text", "text", "empty", "text"))


def test_parsers_are_built_once() -> None:
    """The LALR parser of a layout is cached: one per process, not one per report."""
    assert layouts.get("tabs").parser is layouts.get("tabs").parser


def test_grammars_import_the_common_cell_classes() -> None:
    """The cell classes are defined once, in common.lark, and imported by the layouts that use them."""
    text = (base.grammar_dir() / "tabs.lark").read_text(encoding="utf-8")
    assert "%import .common" in text


def test_line_typing_is_per_line() -> None:
    """A report can mix layouts: each line is typed on its own."""
    assert [line_type(x) for x in ("a\tb", "a | b", "ab", "a\t|")] == ["tabs", "pipes", "lines", "tabs"]


def _cells(text: str) -> list[tuple[str, str, bool, int]]:
    return [(c.text, c.kind, r.positioned, c.pos) for r in layouts.read(Document(text)).rows for c in r.cells]


def test_tabs_rows_are_positioned() -> None:
    """Tab rows give every cell its place, empties included."""
    assert _cells("规章\t0\t\t0\n") == [
        ("规章", "text", True, 0),
        ("0", "num", True, 1),
        ("", "empty", True, 2),
        ("0", "num", True, 3),
    ]


def test_lines_label_with_trailing_numbers_is_split() -> None:
    """PDF-viewer text 'label 0 0 0' becomes a label cell and number cells (not positioned)."""
    got = [c[0] for c in _cells("规章 0 12 3\n政府集中采购 2 4168558 元\n")]
    assert got == ["规章", "0", "12", "3", "政府集中采购", "2", "4168558 元"]
    assert not any(c[2] for c in _cells("规章 0 12 3\n"))


def test_prose_with_trailing_number_is_not_split() -> None:
    """A prose line ending in a number stays one cell."""
    assert _cells("本年度共收到申请，合计 5\n") == [("本年度共收到申请，合计 5", "text", False, 0)]


def test_pipes_opener_style_keeps_empty_cells_in_place() -> None:
    """Pipe fragments that open each row with a bare '|': a lone '|' inside a row is an empty cell."""
    got = _cells("|\n规章 |\n0 |\n0 |\n|\n|\n行政规范性文件 |\n5 |\n")
    assert ("", "empty", True, 3) in got
    assert ("行政规范性文件", "text", True, 0) in got


def test_pipes_trailer_style_collects_empties_as_fillers() -> None:
    """Pipe fragments that gather a row's empties in a run after it: fillers with no place, each
    carrying its bare pipes (which the table step may read as empties in place, see test_placement)."""
    got = _cells("一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||||\n二、上年结转 |\n")
    assert ("|||||||", "filler", False, 0) in got
    assert not any(c[2] for c in got)


def test_pipes_fragment_with_pads_gives_a_filler_of_unknown_width() -> None:
    """'0 ||' holds a cell and pipes on an unknown side of it: a filler with no pipes counted."""
    got = _cells("规章 |\n0 ||\n|\n")
    assert got == [
        ("规章", "text", False, 0),
        ("0", "num", False, 0),
        ("", "filler", False, 0),
        ("|", "filler", False, 0),
    ]


def test_whole_row_pipes_mark_adjacent_pipes_as_fillers() -> None:
    """'| |' is an empty cell in place; '||' (colspan remnant) is a filler."""
    got = _cells("行政许可 | 5 | ||\n规章 | 0 | 0 | |\n")
    assert got[:3] == [("行政许可", "text", True, 0), ("5", "num", True, 1), ("", "empty", True, 2)]
    assert ("", "filler", True, 3) in got
    assert got[-1] == ("", "empty", True, 3)


@given(
    line=st.text(alphabet=st.sampled_from(list("|\t x0中 ")) | st.characters(blacklist_characters="\n\r"), max_size=40)
)
def test_every_line_is_read(line: str) -> None:
    """Any line of any layout is read into grid rows without error, each cell's text taken from the line."""
    for row in layouts.read(Document(line + "\n")).rows:
        for c in row.cells:
            assert c.text in line
