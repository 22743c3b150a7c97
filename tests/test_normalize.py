"""Normalisation of labels and reading of numbers, units and placeholders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkparse._read.text import (
    is_label_like,
    is_page_furniture,
    is_placeholder,
    norm_label,
    read_number,
    strip_parens,
    unit_in,
)


@pytest.mark.parametrize(
    ("printed", "normal"),
    [
        ("结 果 维 持", "结果维持"),  # spaced out
        ("（一）予以公开", "(一)予以公开"),  # full-width brackets
        ("(本列数据的钩稽关系为：第一项)", "(本列数据的勾稽关系为:第一项)"),  # 钩稽 → 勾稽, full-width colon
        ("合计", "总计"),
        ("5.要求行政机关确认或重新出具已取信息", "5.要求行政机关确认或重新出具已获取信息"),  # typo
        ("規範性檔案", "规范性文件"),  # traditional mirror
        ("規(guī)章", "规章"),  # pinyin gloss
        ("3.危及“三安全一稳定”", "3.危及三安全一稳定"),  # quotes
        ("本年增减", "本年增/减"),
        ("自然\u3000人", "自然人"),  # ideographic space
        ("１２", "12"),  # full-width digits
    ],
)
def test_norm_label(printed: str, normal: str) -> None:
    """Printed variants of a label normalise to the wording of the label tables."""
    assert norm_label(printed) == normal


@pytest.mark.parametrize(
    ("text", "value", "unit", "signed", "whole"),
    [
        ("0", Decimal(0), None, False, True),
        (" 0 ", Decimal(0), None, False, True),
        ("0\xa0", Decimal(0), None, False, True),
        ("134,691", Decimal(134691), None, False, True),
        ("4168558 元", Decimal(4168558), "元", False, True),
        ("6.02 万元", Decimal("6.02"), "万元", False, False),
        ("9.46万元", Decimal("9.46"), "万元", False, False),
        ("+2", Decimal(2), None, True, True),
        ("-1", Decimal(-1), None, True, True),
        ("－8", Decimal(-8), None, True, True),
        ("１２", Decimal(12), None, False, True),
        ("5件", Decimal(5), "件", False, True),
    ],
)
def test_read_number(text: str, value: Decimal, unit: str | None, signed: bool, whole: bool) -> None:
    """Numbers are read with their sign, unit and whether they are whole."""
    n = read_number(text)
    assert n is not None
    assert (n.value, n.unit, n.signed, n.whole) == (value, unit, signed, whole)


@pytest.mark.parametrize("text", ["2020年", "规章", "1.", "12 34", "", "- 3 -", "1,23", "五"])
def test_not_a_number(text: str) -> None:
    """Text, enumerators, page numbers and malformed groupings are not numbers."""
    assert read_number(text) is None


@pytest.mark.parametrize("text", ["—", "-", "--", "/", "／", "无", "——"])
def test_placeholders(text: str) -> None:
    """Dashes, slashes and 无 stand for an absent value."""
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["0", "规章", "-2", "无法提供"])
def test_not_placeholders(text: str) -> None:
    """Numbers and labels are not placeholders."""
    assert not is_placeholder(text)


@pytest.mark.parametrize("text", ["- 3 -", "—12—", "第3页", "第 3 页 共 8 页"])
def test_page_furniture(text: str) -> None:
    """Page numbers left by PDF viewers are recognised (and skipped by the parser)."""
    assert is_page_furniture(text)


def test_label_like_versus_prose() -> None:
    """Short labels (even with long parenthesised notes) are labels; sentences are prose."""
    assert is_label_like(norm_label("(二)部分公开(区分处理的,只计这一情形,不计其他情形)"))
    assert is_label_like(norm_label("(二)部分公开(区分处理的,只计这一情形,"))  # note cut by a line break
    assert not is_label_like(norm_label("2020年，我镇共收到政府信息公开申请2件。"))
    assert not is_label_like("很" * 60)


def test_strip_parens_nested() -> None:
    """Nested notes are removed whole."""
    assert strip_parens("其他(指(含a)b)事项") == "其他事项"


@pytest.mark.parametrize(
    ("header", "unit"),
    [("采购总金额(单位:万元)", "万元"), ("本年收费金额(单位:元)", "元"), ("采购总金额", None)],
)
def test_unit_in_header(header: str, unit: str | None) -> None:
    """A column header may declare the money unit."""
    assert unit_in(norm_label(header)) == unit
