"""Adversarial inputs: nothing but a GkparseError escapes, nothing quadratic, caches bounded, no digit invented.

The inputs are sized so that the quadratic behaviour of 0.1 would take minutes
(the reliability probe measured 8 s to 290 s on them) while a linear reader
takes a fraction of a second; the worst time per MB is measured in
``benchmarks/adversarial.py``, not asserted here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import gkparse
from gkparse._read import layouts
from gkparse._read.labels import _scan_cached
from gkparse._read.text import read_number, strip_parens

H19 = "第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
REQ = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
PROC = "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 1 | {} |\n"


def codes(report: gkparse.Report) -> list[str]:
    return [f.code for f in report.findings]


def test_a_narrative_number_of_thousands_of_digits_is_no_error() -> None:
    """共收到…申请 + 4,301 digits + 件 is prose, not a stated count: no ValueError from int()."""
    report = gkparse.parse("本年度共收到政府信息公开申请" + "7" * 4301 + "件。\n" + REQ)
    assert report.value("requests.new.total") == 3
    assert "narrative.requests_new" not in codes(report)


@pytest.mark.parametrize("amount", ["1" + "0" * 28 + "元", "9" * 40 + "元", "1e30元"])
def test_huge_money_is_a_finding_not_an_exception(amount: str) -> None:
    """Money of 1e28 yuan or more never raises decimal.InvalidOperation: it is read or refused with a finding."""
    report = gkparse.parse(PROC.format(amount))
    assert report.value("active.procurement.items") == 1
    assert report.value("active.procurement.amount") is None


def test_money_keeps_every_digit() -> None:
    """1.23456789012345678901234567891 万元 is converted to yuan exactly, no digit lost to rounding."""
    report = gkparse.parse(PROC.format("1.23456789012345678901234567891 万元"))
    assert report.value("active.procurement.amount") == Decimal("12345.6789012345678901234567891")


def test_a_count_longer_than_fifteen_digits_is_not_a_count() -> None:
    """A 19-digit 'count' gives a cell.too_long finding and no cell; the row's other cells are read."""
    report = gkparse.parse(H19 + "规章 | 1 | 2 | 1234567890123456789 |\n")
    assert report.value("active.rules.made") == 1
    assert report.value("active.rules.total_published") is None
    assert "cell.too_long" in codes(report)


@pytest.mark.parametrize("mark", ["²", "¹", "③", "⑩", "⑴", "₅"])
def test_a_footnote_mark_is_never_a_digit(mark: str) -> None:
    """规章⇥5²⇥0⇥7 reads 5 (not 52) with a cell.footnote finding."""
    text = (
        "第二十条第(一)项\t\t\t\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t5" + mark + "\t0\t7\n"
    )
    report = gkparse.parse(text)
    assert report.value("active.rules.made") == 5
    assert report.value("active.rules.total_published") == 7
    assert "cell.footnote" in codes(report)


@pytest.mark.parametrize("text", ["①", "⑩", "5²3", "²5"])
def test_compatibility_digits_alone_or_inside_are_no_number(text: str) -> None:
    """A circled number alone, or a mark inside digits, is not a number at all."""
    assert read_number(text) is None


@pytest.mark.parametrize(
    "text",
    [
        ("复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n" * 4000) + "1\n",  # unclosed parenthesis
        ("一" * 40 + "\n") * 4000 + "1\n",  # an enumerator run on every line
        "---" + " " * 40000 + "x\n" + H19,  # a markdown rule that is not one
        "&nbsp;" * 6000 + "-\n" + H19,
        "(" * 16000 + "x" + ")" * 16000 + "\n" + H19,  # nested parentheses
        "|" * 90000 + "\n" + H19 + "规章 | 1 | 2 | 3 |\n",  # one absurd line of pipes
        ("规章\t" * 30000) + "\n" + H19,  # one absurd tab row
    ],
    ids=["unclosed", "enumerators", "rule", "nbsp-rule", "nested", "pipes-line", "tabs-line"],
)
def test_adversarial_texts_are_read_in_linear_time(text: str) -> None:
    """Inputs that were quadratic in 0.1 (seconds to minutes) give a report, each in a fraction of a second."""
    report = gkparse.parse(text)
    assert isinstance(report, gkparse.Report)


def test_a_line_longer_than_any_row_is_skipped_with_a_finding() -> None:
    """A line over 100,000 characters is prose or junk: skipped with text.long_line, the tables still read."""
    report = gkparse.parse("x" * 100_001 + "\n" + H19 + "规章 | 1 | 2 | 3 |\n")
    assert "text.long_line" in codes(report)
    assert report.value("active.rules.made") == 1


def test_caches_do_not_keep_long_keys() -> None:
    """Line shapes and label scans are cached for short keys only, and the caches are bounded."""
    long_row = "规章 | " + " | ".join(["0"] * 5000) + " |\n"
    for _ in range(5):
        gkparse.parse(H19 + long_row)
    assert all(len(k) <= layouts.SPECS.key_length for k in layouts.SPECS)
    assert len(layouts.SPECS) <= layouts.SPECS.entries
    assert _scan_cached.cache_info().maxsize is not None


def test_strip_parens_is_linear_and_exact() -> None:
    """Nested, unclosed and split parentheses are dropped as before, in one pass."""
    assert strip_parens("a(b(c)d)e") == "ae"
    assert strip_parens("a(b") == "a"
    assert strip_parens("b)a") == "a"
    assert strip_parens("(" * 16000 + "x" + ")" * 16000) == ""


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["a"], object()])
def test_junk_arguments_raise_gkparse_errors(bad: object) -> None:
    """parse() on a non-string raises InputError, never a TypeError or AttributeError."""
    with pytest.raises(gkparse.InputError):
        gkparse.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "\ufeff", "\r\n\r\n", "\x00", "\u2028" * 10, "|\t|\t|", "\ud800"])
def test_odd_texts_give_a_report(text: str) -> None:
    """Empty text, BOMs, CRLF, NUL, line separators and lone surrogates give a report, not an exception."""
    assert isinstance(gkparse.parse(text), gkparse.Report)


def _rss_mb() -> float:
    from pathlib import Path

    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="RSS is read from /proc")
def test_memory_stays_flat_over_a_batch_of_long_distinct_texts() -> None:
    """100 distinct 80 KB texts with long pipe rows: resident memory grows by far less than 0.1's 235 MB."""
    import random

    rnd = random.Random(3)
    gkparse.parse(H19)  # the parsers are built before measuring
    before = _rss_mb()
    for i in range(100):
        row = "规章 | " + " | ".join(str(rnd.randrange(10**6)) for _ in range(8000)) + " |\n"
        gkparse.parse(H19 + row + f"第{i}行\n")
    assert _rss_mb() - before < 60
