"""Keys across templates: unknown keys fail loudly, the other template's keys are None, comparable values line up."""

from __future__ import annotations

import pytest

import gkparse
from gkparse import templates
from gkparse.templates.crosswalk import crosswalk
from tests.conftest import FIXTURES

REQ = "三、收到和处理政府信息公开申请情况\n"
ROW = " | 0 | 0 | 0 | 0 | 0 | 0 | {n} |\n"
R2021 = (
    "某县2022年政府信息公开工作年度报告\n第二十条第(一)项 | |||\n"
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "规章 | 0 | 0 | 0 |\n" + REQ + "(六)其他处理 | | | | | | | |\n"
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    + ROW.format(n=1)
    + "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    + ROW.format(n=2)
    + "3.其他"
    + ROW.format(n=3)
)


def test_unknown_key_raises_naming_close_matches() -> None:
    """report.value / report[...] / table[...] with a key no template has: KeyError naming close matches."""
    report = gkparse.parse_file(FIXTURES / "dev21_17.txt")
    with pytest.raises(KeyError, match=r"requests\.new\.total"):
        report.value("requests.new.totl")
    with pytest.raises(KeyError, match="all_keys"):
        report["nothing.like.this.at.all"]
    assert report.requests is not None
    with pytest.raises(KeyError, match="did you mean"):
        report.requests["new.totl"]


def test_other_templates_key_is_none_not_an_error() -> None:
    """A 2021 report asked for 2019's procurement amount gives None (documented), not a KeyError."""
    report = gkparse.parse(R2021)
    assert report.template == "2021"
    assert report.active is not None
    assert report.active["procurement.amount"] is None
    assert report.value("requests.other.total") is None


def test_absent_table_value_is_none() -> None:
    """report.value / report[...] on a table the report does not have is None (report.requests itself is None)."""
    report = gkparse.parse("某镇2020年政府信息公开工作年度报告\n本年度无依申请公开。\n")
    assert report.requests is None
    assert report["requests.new.total"] is None


def test_comparable_sums_2021_other_rows_into_2019_key() -> None:
    """comparable(): 2021's three 其他处理 rows add up under requests.other.COL; all-blank parts stay None."""
    got = gkparse.comparable(gkparse.parse(R2021))
    assert got["requests.other.total"] == 6
    assert got["requests.other.natural_person"] == 0
    assert "requests.other.other.total" not in got
    assert "active.rules.issued" not in got  # no counterpart in 2019
    assert set(got) == set(gkparse.comparable_keys())


def test_comparable_rows_are_a_series_across_templates() -> None:
    """comparable_rows over 2019 and 2021 reports gives rows with the same keys, year and template."""
    reports = [gkparse.parse_file(FIXTURES / n) for n in ("004_f6278f3ab9b7decc.txt", "dev21_17.txt")]
    rows = gkparse.comparable_rows(reports)
    assert [r["template"] for r in rows] == ["2019", "2021"]
    assert rows[0].keys() == rows[1].keys()


def test_crosswalk_covers_every_key_once() -> None:
    """Every key of both templates is linked: same, part of a sum, or no counterpart."""
    links = crosswalk(templates.current())
    linked = {k for link in links for k in (link.key, *link.keys)}
    assert {k.key for k in gkparse.all_keys()} <= linked
    assert len({link.key for link in links}) == len(links)
