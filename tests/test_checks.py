"""Arithmetic invariants (勾稽关系), plausibility, narrative and series checks."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import gkparse
from tests import schema as _schema
from tests.conftest import FIXTURES, STEMS

ACTIVE19 = "第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n"
REQ = "三、收到和处理政府信息公开申请情况\n申请人情况 | 自然人 | 法人或其他组织 | 总计 |\n"


def requests_text(values: dict[str, list[int | None]]) -> str:
    """Whole-row pipe lines of the requests table, template 2019; None is a blank cell."""
    lines = []
    for spec in _schema.rows_of("requests", "2019"):
        row = values.get(spec.key, [0] * 7)
        cells = " | ".join(" " if v is None else str(v) for v in row)
        lines.append(f"{spec.label.split()[-1]} | {cells} |")
    return ACTIVE19 + REQ + "\n".join(lines) + "\n五、存在的主要问题\n"


def consistent() -> dict[str, list[int | None]]:
    """new 3 (2 natural persons, 1 other org) + carried over 1 = granted 3 + carried forward 1."""
    return {
        "new": [2, 0, 0, 0, 0, 1, 3],
        "carried_over": [1, 0, 0, 0, 0, 0, 1],
        "granted": [2, 0, 0, 0, 0, 1, 3],
        "total": [2, 0, 0, 0, 0, 1, 3],
        "carried_forward": [1, 0, 0, 0, 0, 0, 1],
    }


def errors(report: gkparse.Report) -> list[gkparse.Finding]:
    return [f for f in report.findings if f.severity == "error"]


def test_consistent_table_has_no_error() -> None:
    """A table whose arithmetic holds raises no error and is ok."""
    report = gkparse.parse(requests_text(consistent()))
    assert report.value("requests.new.total") == 3
    assert errors(report) == []
    assert report.ok


def test_flow_break_names_relation_sides_keys_and_line() -> None:
    """new + carried_over ≠ total + carried_forward: an error with both sides, the difference and the line."""
    v = consistent()
    v["carried_forward"] = [2, 0, 0, 0, 0, 0, 2]
    report = gkparse.parse(requests_text(v))
    flow = [f for f in errors(report) if f.code == "requests.flow"]
    assert {f.keys[0] for f in flow} == {"requests.new.natural_person", "requests.new.total"}
    f = next(f for f in flow if f.keys[0] == "requests.new.total")
    assert f.relation == "new + carried_over = total + carried_forward"
    assert (f.left, f.right, f.difference) == (4, 5, -1)
    assert "requests.carried_forward.total" in f.keys
    assert f.line == 6  # the row 一、本年新收… is line 6
    assert "4 vs 5" in f.message
    assert not report.ok


def test_results_break() -> None:
    """total ≠ the sum of the outcomes: requests.results for that column."""
    v = consistent()
    v["granted"] = [1, 0, 0, 0, 0, 1, 2]
    v["granted"][0] = 1
    report = gkparse.parse(requests_text(v))
    codes = {(f.code, f.keys[0]) for f in errors(report)}
    assert ("requests.results", "requests.total.natural_person") in codes
    assert ("requests.results", "requests.total.total") in codes


def test_row_total_break() -> None:
    """A row whose 总计 is not the sum of the six applicant columns."""
    v = consistent()
    v["new"] = [2, 0, 0, 0, 0, 1, 4]
    report = gkparse.parse(requests_text(v))
    rows = [f for f in errors(report) if f.code == "requests.row_total"]
    assert [f.keys[0] for f in rows] == ["requests.new.total"]
    assert (rows[0].left, rows[0].right) == (4, 3)


def test_blank_term_is_not_assessable_never_pass_or_fail() -> None:
    """A relation with a blank term is reported as not assessable (info), not as a break."""
    v = consistent()
    v["carried_forward"] = [None] * 7
    report = gkparse.parse(requests_text(v))
    assert [f for f in errors(report) if f.code == "requests.flow"] == []
    (na,) = [f for f in report.findings if f.code == "requests.flow.not_assessable"]
    assert na.severity == "info"
    assert "7 instances" in na.message


def test_appeals_row_total() -> None:
    """appeals: total = upheld + corrected + other + pending, per row."""
    text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 1 | 0 | 0 | 0 | 2 |\n" + (
        "未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |\n复议后起诉 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    report = gkparse.parse(text)
    (f,) = errors(report)
    assert (f.code, f.keys[0], f.left, f.right) == ("appeals.row_total", "appeals.review.total", 2, 1)


def test_active_published_le_total_is_a_warning() -> None:
    """Template 2019: published > total_published is a soft finding (warning), not an error."""
    text = ACTIVE19.replace("规章 | 0 | 0 | 0 |", "规章 | 1 | 5 | 3 |")
    report = gkparse.parse(text)
    (f,) = [f for f in report.findings if f.code == "active.published_le_total"]
    assert f.severity == "warning"
    assert report.ok


def test_same_value_pasted_across_a_table() -> None:
    """Every cell the same non-zero number: a table.same_value warning."""
    v = {spec.key: [5] * 7 for spec in _schema.rows_of("requests", "2019")}
    report = gkparse.parse(requests_text(v))
    assert "table.same_value" in [f.code for f in report.findings]


def test_narrative_disagreement_is_found() -> None:
    """dev21_07: the prose says 2 applications, the table 3 — a narrative.requests_new warning."""
    report = gkparse.parse_file(FIXTURES / "dev21_07.txt")
    (f,) = [f for f in report.findings if f.code == "narrative.requests_new"]
    assert (f.left, f.right) == (2, 3)
    assert "共受理政府信息公开申请2件" in f.message


def test_narrative_agreement_is_silent() -> None:
    """Prose and table agree (dev21_02: 共收到8份…申请, table 8): no narrative finding."""
    report = gkparse.parse_file(FIXTURES / "dev21_02.txt")
    assert "narrative.requests_new" not in [f.code for f in report.findings]


@pytest.mark.parametrize("stem", STEMS)
def test_fixtures_raise_no_error(stem: str) -> None:
    """None of the real labelled reports breaks an arithmetic relation among its printed cells."""
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    assert errors(report) == []


def _with_year(report: gkparse.Report, year: int, source: str) -> gkparse.Report:
    return attrs.evolve(report, year=year, source=source)


def test_series_carry_over() -> None:
    """carried_forward of year N must equal carried_over of N+1, per column; a break names both reports."""
    a = _with_year(gkparse.parse(requests_text(consistent())), 2020, "a.txt")
    v = consistent()
    v["carried_over"] = [2, 0, 0, 0, 0, 0, 2]
    v["new"] = [1, 0, 0, 0, 0, 1, 2]
    b = _with_year(gkparse.parse(requests_text(v)), 2021, "b.txt")
    findings = gkparse.check_series([b, a])
    carry = [f for f in findings if f.code == "series.carry"]
    assert [f.keys for f in carry] == [
        ("requests.carried_forward.natural_person", "requests.carried_over.natural_person"),
        ("requests.carried_forward.total", "requests.carried_over.total"),
    ]
    assert carry[0].severity == "error"
    assert "a.txt" in carry[0].message
    assert carry[0].source == "b.txt"
    assert (carry[1].left, carry[1].right) == (1, 2)


def test_series_consistent_gap_and_duplicates() -> None:
    """Matching years give nothing; a missing year is a gap; two reports of a year are flagged."""
    a = _with_year(gkparse.parse(requests_text(consistent())), 2020, "a.txt")
    b = _with_year(gkparse.parse(requests_text(consistent())), 2021, "b.txt")
    assert gkparse.check_series([a, b]) == ()
    c = _with_year(b, 2023, "c.txt")
    assert [f.code for f in gkparse.check_series([a, c])] == ["series.gap"]
    codes = [f.code for f in gkparse.check_series([a, a, b])]
    assert codes == ["series.duplicate_year"]


def test_series_skips_reports_without_year_or_requests() -> None:
    """A narrative report (no requests table) is skipped with an info finding."""
    narrative = gkparse.parse_file(FIXTURES / "002_e0387e8ce51192b3.txt")
    (f,) = gkparse.check_series([narrative])
    assert (f.code, f.severity) == ("series.skipped", "info")


def test_money_is_decimal_in_findings() -> None:
    """Finding sides keep Decimal for money and int for counts."""
    f = gkparse.Finding("error", "x", "m", left=Decimal("1.5"), right=1)
    assert f.difference == Decimal("0.5")
